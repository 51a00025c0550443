from datetime import datetime, timedelta, timezone

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import AmazonMoneyCase


@tagged("post_install", "-at_install")
class TestInvoicing(AmazonMoneyCase):

    def test_fba_order_is_invoiced_and_posted_at_import_on_its_purchase_date(self):
        created = datetime.now(timezone.utc) - timedelta(days=3)
        data = self.put_shipped(created=created, items=[
            {"sku": "MUG-1", "qty": 2, "unit_price": "12.90", "shipping": "4.99"}])
        sale, invoice = self.sale(data), self.invoice(data)
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.invoice_date, created.date())
        self.assertAlmostEqual(invoice.amount_total, sale.amount_total)
        self.assertAlmostEqual(invoice.amount_total, float(data["proceeds"]["grandTotal"]
                                                           ["amount"]))

    def test_fbm_order_is_invoiced_for_what_its_delivery_shipped(self):
        data = self.put_order(items=[{"sku": "MUG-1", "qty": 3, "unit_price": "10.00"}])
        self.sync()
        sale = self.sale(data)
        self.assertFalse(sale.invoice_ids, "nothing is invoiced before it ships")
        self.ship(sale.picking_ids, {self.mug: 2})
        self.assertEqual(self.invoice(data).invoice_line_ids.filtered(
            lambda line: line.product_id == self.mug).quantity, 2)
        self.assertEqual(self.invoice(data).invoice_date, sale.picking_ids.filtered(
            lambda p: p.state == "done").date_done.date())

    def test_order_whose_invoice_cannot_post_shows_why_and_the_sync_goes_on(self):
        income = self.env["account.account"].create({
            "name": "Closed income", "code": "799999", "account_type": "income",
            **({"deprecated": True} if "deprecated" in self.env["account.account"]._fields
               else {})})
        self.mug.property_account_income_id = income
        failing = self.put_order(fulfilled_by="AMAZON", status="SHIPPED")
        fine = self.put_order(fulfilled_by="AMAZON", status="SHIPPED", items=[
            {"sku": "TEA-1", "unit_price": "5.00"}])
        log = self.sync()
        self.assertEqual((log.created, log.failed), (2, 0))
        self.assertTrue(self.sale(failing).amazon_invoice_error)
        self.assertFalse(self.invoice(failing).filtered(lambda m: m.state == "posted"))
        self.assertEqual(self.invoice(fine).state, "posted")

    def test_facilitator_tax_stays_out_of_the_invoice_as_out_of_the_order(self):
        data = self.put_shipped(items=[{"sku": "MUG-1", "unit_price": "11.90",
                                        "facilitator": True}])
        sale = self.sale(data)
        self.assertTrue(sale.amazon_facilitator_tax)
        self.assertAlmostEqual(self.invoice(data).amount_total, sale.amount_total)

    def test_accounts_that_do_not_invoice_get_no_invoice(self):
        self.account.invoicing = "none"
        data = self.put_shipped()
        self.assertFalse(self.sale(data).invoice_ids)

    def test_only_billing_users_invoice_an_order_again(self):
        data = self.put_shipped()
        sale = self.sale(data)
        sale.amazon_invoice_error = "Test"
        with self.assertRaises(AccessError):
            sale.with_user(self.salesman).action_amazon_invoice()
        self.assertEqual(sale.amazon_invoice_error, "Test")
