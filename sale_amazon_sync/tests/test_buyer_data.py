from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .. import compat
from .common import AmazonOrderCase

BUYER = {"name": "Erika Mustermann", "email": "erika@example.com"}
ADDRESS = {"name": "Erika Mustermann", "addressLine1": "Musterstraße 12", "city": "Berlin",
           "postalCode": "10115", "phone": "+49 30 1234567"}


def later(days):
    return freeze_time(datetime.now() + timedelta(days=days))


@tagged("post_install", "-at_install")
class TestBuyerData(AmazonOrderCase):
    """Amazon's Data Protection Policy: buyer data goes 30 days after delivery, the rest
    of the order stays; contacts with other business stay, for review."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["stock.quant"]._update_available_quantity(
            cls.mug, cls.account.warehouse_id.lot_stock_id, 100)

    def delivered(self, buyer=None, **kwargs):
        """An FBM order imported and shipped now."""
        buyer = buyer or BUYER
        data = self.put_order(buyer=buyer, address=dict(ADDRESS, name=buyer["name"]),
                              **kwargs)
        self.account.last_orders_sync = False
        self.sync()
        sale = self.sale(data)
        self.ship(sale.picking_ids)
        return sale

    def anonymize(self, days):
        with later(days):
            return self.run_stream("buyer_data")

    def test_buyer_data_goes_after_the_retention_and_the_rest_stays(self):
        sale = self.delivered(items=[{"sku": "MUG-1", "unit_price": "12.90",
                                      "gift_message": "Alles Gute, Erika!"}])
        contact, total = sale.partner_id, sale.amount_total
        self.assertTrue(contact.amazon_created)
        self.assertIn("Alles Gute", sale.picking_ids.note)
        log = self.anonymize(31)
        self.assertEqual((log.stream, log.updated), ("buyer_data", 1))
        self.assertEqual(contact.name, "Anonymized Amazon buyer")
        self.assertFalse(contact.email or contact.phone or contact.street)
        self.assertEqual((contact.city, contact.zip, contact.country_id.code),
                         ("Berlin", "10115", "DE"))
        self.assertTrue(sale.amazon_anonymized)
        self.assertEqual(sale.amount_total, total)
        self.assertEqual(sale.order_line.filtered("amazon_item_ref").product_id, self.mug)
        self.assertNotIn("Erika", "".join(sale.order_line.mapped("name")))
        self.assertFalse(sale.picking_ids.note)

    def test_nothing_goes_before_the_retention(self):
        sale = self.delivered()
        self.anonymize(29)
        self.assertEqual(sale.partner_id.name, "Erika Mustermann")
        self.assertFalse(sale.amazon_anonymized)

    def test_an_undelivered_order_keeps_its_buyer(self):
        data = self.put_order(buyer=BUYER, address=ADDRESS)
        self.sync()
        self.anonymize(60)
        self.assertEqual(self.sale(data).partner_id.name, "Erika Mustermann")

    def test_a_return_left_in_draft_does_not_keep_the_buyer(self):
        sale = self.delivered()
        done = sale.picking_ids.filtered(lambda picking: picking.state == "done")
        compat.create_return(done, {self.mug: 1})
        self.assertTrue(sale.picking_ids.filtered(lambda picking: picking.state != "done"))
        self.anonymize(31)
        self.assertTrue(sale.amazon_anonymized)

    def test_the_retention_is_set_per_account(self):
        self.account.buyer_data_retention_days = 10
        sale = self.delivered()
        self.anonymize(11)
        self.assertTrue(sale.amazon_anonymized)

    def test_a_buyer_who_ordered_again_stays_until_the_last_order_is_due(self):
        first = self.delivered()
        with later(20):
            second = self.delivered()
        self.assertEqual(first.partner_id, second.partner_id, "same e-mail, same contact")
        self.anonymize(31)
        self.assertTrue(first.amazon_anonymized)
        self.assertEqual(first.partner_id.name, "Erika Mustermann", "the second order needs it")
        self.anonymize(52)
        self.assertEqual(first.partner_id.name, "Anonymized Amazon buyer")

    def test_a_contact_with_other_business_is_kept_for_review(self):
        sale = self.delivered()
        self.env["sale.order"].create({"partner_id": sale.partner_id.id})  # a shop order
        log = self.anonymize(31)
        self.assertEqual(sale.partner_id.name, "Erika Mustermann")
        self.assertTrue(sale.partner_id.amazon_review)
        self.assertEqual(log.failed, 1)
        self.assertEqual(log.line_ids.res_id, sale.partner_id.id)
        self.assertNotIn("Erika", log.line_ids.ref or "", "the log names no buyer")

    def test_a_contact_a_user_edited_is_kept_for_review(self):
        sale = self.delivered()
        sale.partner_id.with_user(self.manager).phone = "+49 170 0000000"
        self.assertTrue(sale.partner_id.amazon_edited)
        self.anonymize(31)
        self.assertEqual(sale.partner_id.phone, "+49 170 0000000")
        self.assertTrue(sale.partner_id.amazon_review)

    def test_fba_orders_are_delivered_when_imported(self):
        data = self.put_order(fulfilled_by="AMAZON", status="SHIPPED", buyer=BUYER,
                              address=dict(ADDRESS, phone=None))
        self.sync()
        self.anonymize(31)
        self.assertTrue(self.sale(data).amazon_anonymized)

    def test_anonymize_now_removes_one_order_s_buyer_data(self):
        sale = self.delivered()
        other = self.delivered(buyer={"name": "Max Muster", "email": "max@example.com"})
        sale.with_user(self.manager).action_amazon_anonymize()
        self.assertEqual(sale.partner_id.name, "Anonymized Amazon buyer")
        self.assertEqual(other.partner_id.name, "Max Muster")

    def test_the_anonymous_marketplace_contact_is_never_touched(self):
        data = self.put_order(fulfilled_by="AMAZON", status="SHIPPED", buyer=None)
        self.sync()
        contact = self.sale(data).partner_id
        self.anonymize(31)
        self.assertFalse(contact.amazon_created)
        self.assertIn("anonymous", contact.name)
