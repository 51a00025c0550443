import os
import unittest
from datetime import datetime, timedelta, timezone

from odoo.tests import HttpCase, tagged

from .. import compat
from ..sandbox import DEMO_SELLER_ID, build_order
from .common import AmazonSandboxMixin

# Set by .ci/run where Chromium is installed: a tour that cannot run fails instead of skipping.
REQUIRE_TOUR = "SALE_AMAZON_SYNC_REQUIRE_TOUR"
ORDERS = {"302-7000001-0000001": ("Anna Schröder", "TOUR-MUG", "Ceramic mug"),
          "302-7000002-0000002": ("Jürgen Müller", "TOUR-TEA", "Earl Grey tea")}


@tagged("post_install", "-at_install")
class TestTour(AmazonSandboxMixin, HttpCase):
    """static/tests/tours/amazon_main_flow.js: create, link, sync, ship, confirm."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sandbox.auto_consent = True
        stock = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1).lot_stock_id
        for _buyer, sku, title in ORDERS.values():
            product = cls.env["product.product"].create(
                dict(compat.storable_product_values(), name=title, default_code=sku))
            cls.env["stock.quant"]._update_available_quantity(product, stock, 10)
        fee = cls.env["product.product"].create({"name": "DHL fee", "type": "service"})
        cls.env["delivery.carrier"].create({"name": "DHL Paket", "product_id": fee.id})

    def test_main_flow(self):
        # The consent page authorizes the demo seller, which every reset of the sandbox has.
        for order_id, (buyer, sku, title) in ORDERS.items():
            self.sandbox.add_order(build_order(
                order_id=order_id, buyer={"name": buyer},
                created=datetime.now(timezone.utc) - timedelta(hours=2),
                items=[{"sku": sku, "title": title, "unit_price": "12.90"}]),
                seller_id=DEMO_SELLER_ID)
        sales = self.env.ref("sale.sale_menu_root")
        try:
            self.start_tour(f"/web#menu_id={sales.id}", "sale_amazon_sync_main_flow",
                            login="amazon_manager", timeout=120)
        except unittest.SkipTest as exc:
            if os.environ.get(REQUIRE_TOUR) == "1":
                self.fail(f"{REQUIRE_TOUR}=1 but the tour cannot run: {exc}")
            raise

        account = self.env["amazon.account"].search([("name", "=", "Tour seller")])
        self.assertEqual(account.seller_key, DEMO_SELLER_ID)
        self.assertEqual(account.order_count, 2)
        [confirmation] = self.sandbox.calls("confirmShipment")
        self.assertEqual(confirmation["body"]["packageDetail"]["trackingNumber"], "JJD000TOUR1")
        picking = self.env["sale.order"].search(
            [("amazon_order_ref", "=", "302-7000001-0000001")]).picking_ids
        self.assertEqual((picking.state, picking.amazon_sync_status), ("done", "done"))
