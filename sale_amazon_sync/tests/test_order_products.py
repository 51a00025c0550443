from odoo.tests import tagged

from .common import AmazonOrderCase


@tagged("post_install", "-at_install")
class TestOrderProducts(AmazonOrderCase):

    def offer(self, sku):
        return self.env["amazon.offer"].search([("account_id", "=", self.account.id),
                                                ("sku", "=", sku)])

    def test_sku_matching_an_internal_reference_gets_an_offer_on_that_product(self):
        self.put_order()
        self.sync()
        offer = self.offer("MUG-1")
        self.assertEqual((offer.product_id, offer.marketplace_ids), (self.mug, self.marketplace_de))

    def test_existing_offer_decides_the_product(self):
        self.env["amazon.offer"].create({"account_id": self.account.id, "sku": "MUG-1",
                                         "product_id": self.tea.id})
        data = self.put_order()
        self.sync()
        self.assertEqual(self.sale(data).order_line.filtered("amazon_item_ref").product_id,
                         self.tea)

    def test_unknown_sku_sells_the_default_product(self):
        data = self.put_order(items=[{"sku": "NOPE-1", "title": "Mystery", "unit_price": "5"}])
        self.sync()
        line = self.sale(data).order_line.filtered("amazon_item_ref")
        self.assertEqual(line.product_id, self.env.ref("sale_amazon_sync.product_amazon_sale"))
        self.assertFalse(line.product_id.active, "the default product is archived")
        self.assertEqual(line.name, "[NOPE-1] Mystery")

    def test_offer_on_the_default_product_is_rematched_when_the_product_appears(self):
        self.put_order(items=[{"sku": "LATER-1", "unit_price": "5"}])
        self.sync()
        product = self.product("LATER-1", "Now in Odoo")
        data = self.put_order(items=[{"sku": "LATER-1", "unit_price": "5"}])
        self.account.last_orders_sync = False
        self.sync()
        self.assertEqual(self.offer("LATER-1").product_id, product)
        self.assertEqual(self.sale(data).order_line.filtered("amazon_item_ref").product_id,
                         product)

    def test_deleted_default_product_is_restored(self):
        default = self.env.ref("sale_amazon_sync.product_amazon_sale")
        default.product_tmpl_id.unlink()
        data = self.put_order(items=[{"sku": "NOPE-2", "unit_price": "5"}])
        self.sync()
        restored = self.env.ref("sale_amazon_sync.product_amazon_sale")
        self.assertEqual(restored.name, "Amazon Sale")
        self.assertEqual(self.sale(data).order_line.filtered("amazon_item_ref").product_id,
                         restored)

    def test_default_products_chosen_in_settings_are_used(self):
        own = self.product("OWN-DEFAULT", "Our catch-all")
        shipping = self.product("OWN-SHIP", "Our shipping")
        self.env["res.config.settings"].create({
            "amazon_default_product_id": own.id,
            "amazon_shipping_product_id": shipping.id}).execute()
        data = self.put_order(items=[{"sku": "NOPE-3", "unit_price": "5", "shipping": "2"}])
        self.sync()
        products = self.sale(data).order_line.product_id
        self.assertIn(own, products)
        self.assertIn(shipping, products)

    def test_shipping_product_is_matched_by_service_level(self):
        express = self.product("Expedited", "Express shipping")
        data = self.put_order(service_level="Expedited", items=[
            {"sku": "MUG-1", "unit_price": "12.90", "shipping": "6.99"}])
        self.sync()
        self.assertIn(express, self.sale(data).order_line.product_id)

    def test_gift_wrap_product_is_matched_by_its_level(self):
        wrap = self.product("Deluxe", "Deluxe gift wrap")
        data = self.put_order(items=[{"sku": "MUG-1", "unit_price": "12.90", "gift_wrap": "4",
                                      "gift_wrap_level": "Deluxe"}])
        self.sync()
        self.assertIn(wrap, self.sale(data).order_line.product_id)
