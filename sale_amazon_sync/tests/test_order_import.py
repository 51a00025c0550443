from datetime import datetime, timedelta, timezone
from decimal import Decimal

from odoo.tests import tagged

from .common import AmazonOrderCase

GIFT = {"sku": "MUG-1", "title": "Ceramic mug", "qty": 2, "unit_price": "12.90",
        "shipping": "4.99", "shipping_discount": "1.00", "promotion_discount": "2.50",
        "gift_wrap": "3.00", "gift_wrap_level": "Classic", "gift_message": "Alles Gute!"}


def total(data):
    return float(Decimal(data["proceeds"]["grandTotal"]["amount"]))


@tagged("post_install", "-at_install")
class TestOrderImport(AmazonOrderCase):

    def test_fbm_order_becomes_a_confirmed_sale_order(self):
        created = (datetime.now(timezone.utc) - timedelta(days=2)).replace(microsecond=0)
        data = self.put_order(created=created)
        self.sync()
        sale = self.sale(data)
        self.assertEqual(sale.state, "sale")
        self.assertEqual(sale.date_order, created.replace(tzinfo=None))
        self.assertEqual(sale.origin, f"Amazon Order {data['orderId']}")
        self.assertEqual((sale.amazon_channel, sale.amazon_account_id, sale.amazon_marketplace_id),
                         ("fbm", self.account, self.marketplace_de))
        self.assertEqual((sale.user_id, sale.team_id, sale.company_id),
                         (self.account.user_id, self.account.team_id, self.account.company_id))
        self.assertFalse(sale.require_signature or sale.require_payment)
        self.assertEqual(sale.currency_id.name, "EUR")

    def test_fbm_order_is_delivered_from_the_account_warehouse(self):
        warehouse = self.env["stock.warehouse"].create({"name": "Amazon FBM", "code": "AFBM"})
        self.account.warehouse_id = warehouse
        data = self.put_order()
        self.sync()
        picking = self.sale(data).picking_ids
        self.assertEqual(picking.picking_type_id.warehouse_id, warehouse)
        self.assertEqual(picking.picking_type_code, "outgoing")

    def test_fba_order_is_delivered_from_the_amazon_location_at_once(self):
        data = self.put_order(fulfilled_by="AMAZON", status="SHIPPED")
        self.sync()
        sale = self.sale(data)
        self.assertEqual(sale.amazon_channel, "fba")
        self.assertFalse(sale.picking_ids, "nothing for anyone to process")
        move = sale.order_line.move_ids
        self.assertEqual(move.state, "done")
        self.assertEqual(move.location_id, self.account.location_id)
        self.assertEqual(move.location_dest_id, self.env.ref("stock.stock_location_customers"))
        self.assertEqual(sale.order_line.filtered("amazon_item_ref").qty_delivered, 1)

    def test_unshipped_fba_and_pending_orders_are_not_created(self):
        pending = self.put_order(status="PENDING")
        unshipped_fba = self.put_order(fulfilled_by="AMAZON", status="UNSHIPPED")
        self.sync()
        self.assertFalse(self.sale(pending) | self.sale(unshipped_fba))

    def test_pending_order_is_imported_once_it_moves_on(self):
        data = self.put_order(status="PENDING")
        self.sync()
        self.update_order(data, status="UNSHIPPED")
        self.sync()
        self.assertEqual(self.sale(data).state, "sale")

    def test_fbm_order_first_seen_shipped_is_imported_and_marked_synchronized(self):
        data = self.put_order(status="SHIPPED")
        partial = self.put_order(status="PARTIALLY_SHIPPED", items=[
            {"sku": "MUG-1", "qty": 2, "unit_price": "12.90"}])
        self.sync()
        self.assertEqual(self.sale(data).picking_ids.amazon_sync_status, "done")
        self.assertEqual(self.sale(partial).state, "sale")
        self.assertFalse(self.sale(partial).picking_ids.amazon_sync_status)

    def test_fbm_order_shipped_on_amazon_later_marks_its_deliveries_synchronized(self):
        data = self.put_order()
        self.sync()
        self.assertFalse(self.sale(data).picking_ids.amazon_sync_status)
        self.update_order(data, status="SHIPPED")
        self.sync()
        self.assertEqual(self.sale(data).picking_ids.amazon_sync_status, "done")

    def test_cancelled_order_is_never_created(self):
        data = self.put_order(status="CANCELLED")
        self.sync()
        self.assertFalse(self.sale(data))

    def test_cancellation_cancels_the_existing_order(self):
        data = self.put_order()
        self.sync()
        self.update_order(data, status="CANCELLED")
        self.sync()
        self.assertEqual(self.sale(data).state, "cancel")

    def test_cancellation_of_a_delivered_order_asks_for_a_return(self):
        data = self.put_order()
        self.sync()
        self.ship(self.sale(data).picking_ids)
        self.update_order(data, status="CANCELLED")
        self.sync()
        sale = self.sale(data)
        self.assertEqual(sale.state, "sale")
        self.assertIn("create a return", " ".join(sale.message_ids.mapped("body")))

    def test_currency_without_pricelist_gets_an_archived_amazon_pricelist(self):
        gbp = self.env.ref("base.GBP")
        data = self.put_order(marketplace="GB")
        self.sync()
        pricelist = self.sale(data).pricelist_id
        self.assertEqual((pricelist.currency_id, pricelist.active, pricelist.name),
                         (gbp, False, "Amazon Pricelist GBP"))
        second = self.put_order(marketplace="GB")
        self.account.last_orders_sync = False
        self.sync()
        self.assertEqual(self.sale(second).pricelist_id, pricelist)

    def test_every_line_kind_and_exact_total_on_a_tax_included_marketplace(self):
        self.product("STANDARD", "Standard shipping", taxes=self.vat19).type = "service"
        data = self.put_order(items=[GIFT])
        self.sync()
        sale = self.sale(data)
        product_line = sale.order_line.filtered("amazon_item_ref")
        self.assertEqual(product_line.name, "[MUG-1] Ceramic mug")
        self.assertEqual(product_line.product_id, self.mug)
        self.assertEqual(product_line.product_uom_qty, 2)
        self.assertTrue(product_line.discount, "promotion as a line discount")
        self.assertTrue(product_line.tax_id.price_include, "tax taken out of Amazon's price")
        shipping = sale.order_line.filtered(lambda line: line.product_id.default_code == "STANDARD")
        self.assertTrue(shipping.discount, "shipping discount as a line discount")
        wrap = sale.order_line.filtered(lambda line: line.name.startswith("Gift wrap"))
        self.assertEqual(wrap.product_id.name, "Amazon Sale")
        note = sale.order_line.filtered(lambda line: line.display_type == "line_note")
        self.assertIn("Alles Gute!", note.name)
        self.assertIn("Alles Gute!", sale.picking_ids.note)
        self.assertAlmostEqual(sale.amount_total, total(data), places=2)

    def test_exact_totals_on_a_tax_excluded_marketplace(self):
        us = self.env.ref("sale_amazon_sync.marketplace_us")
        seller = "A1USSELLER00001"
        token = self.sandbox.add_seller(seller, [us.api_ref])
        account = self.env["amazon.account"].create({
            "name": "US", "base_marketplace_id": us.id,
            "available_marketplace_ids": [(6, 0, us.ids)],
            "active_marketplace_ids": [(6, 0, us.ids)]})
        account.sudo().write({"refresh_token": token, "seller_key": seller})
        sales_tax = self.env["account.tax"].create({
            "name": "Sales tax 8.25% (test)", "amount": 8.25, "type_tax_use": "sale"})
        self.product("US-LAMP", "Desk lamp", taxes=sales_tax)
        self.env["product.product"]._amazon_default_product("shipping").taxes_id = sales_tax
        orders = [self.put_order(seller_id=seller, marketplace="US", facilitator=False, items=[
            {"sku": "US-LAMP", "qty": qty, "unit_price": price, "tax_rate": "0.0825",
             "shipping": shipping}]) for qty, price, shipping in (
            (1, "39.99", "5.99"), (3, "19.95", "0"), (2, "7.33", "3.49"))]
        self.sync(account)
        for data in orders:
            sale = self.sale(data)
            self.assertFalse(sale.order_line.tax_id.filtered("price_include"))
            self.assertAlmostEqual(sale.amount_total, total(data), places=2, msg=data["orderId"])

    def test_multi_quantity_multi_item_orders_have_exact_totals(self):
        orders = [self.put_order(items=items) for items in (
            [{"sku": "MUG-1", "qty": 3, "unit_price": "12.93"},
             {"sku": "TEA-1", "qty": 7, "unit_price": "8.47", "promotion_discount": "3.33"}],
            [{"sku": "MUG-1", "qty": 11, "unit_price": "0.99", "shipping": "2.01"}],
            [{"sku": "TEA-1", "qty": 1, "unit_price": "12.93"},
             {"sku": "NEW-SKU", "qty": 2, "unit_price": "99.99", "shipping_discount": "0.50",
              "shipping": "0.50"}],
        )]
        self.sync()
        for data in orders:
            sale = self.sale(data)
            self.assertEqual(len(sale.order_line.filtered("amazon_item_ref")),
                             len(data["orderItems"]))
            self.assertAlmostEqual(sale.amount_total, total(data), places=2, msg=data["orderId"])

    def test_condition_is_shown_when_not_new(self):
        data = self.put_order(items=[{"sku": "MUG-1", "title": "Ceramic mug",
                                      "condition": "USED_GOOD", "condition_note": "Small chip"}])
        self.sync()
        line = self.sale(data).order_line.filtered("amazon_item_ref")
        self.assertIn("Condition: Used - Good", line.name)
        self.assertIn("Small chip", line.name)

    def test_replacement_order_without_money_is_imported_at_zero(self):
        data = self.put_order(replacement=True)
        data.pop("proceeds", None)
        for item in data["orderItems"]:
            item.pop("proceeds", None)
            item["product"].pop("price", None)
        self.sandbox.add_order(data)
        self.sync()
        sale = self.sale(data)
        self.assertEqual(sale.state, "sale")
        self.assertEqual(sale.amount_total, 0)
        self.assertEqual(sale.currency_id, self.account.company_id.currency_id)

    def test_seeded_demo_orders_all_import_with_amazon_totals(self):
        self.sandbox.seed = True
        self.sandbox.reset()
        self.account.active_marketplace_ids |= self.env.ref("sale_amazon_sync.marketplace_it")
        self.sync()
        self.assertFalse(self.env["amazon.order.error"].search([]).mapped("error"))
        for ref, data in self.sandbox.orders().items():
            sale = self.env["sale.order"].search([("amazon_order_ref", "=", ref)])
            if not sale:
                continue
            if data.get("proceeds"):
                self.assertAlmostEqual(sale.amount_total, total(data), places=2, msg=ref)
        self.assertGreater(self.account.order_count, 20)
        self.sandbox.seed = False
