from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from ..spapi import clear_token_cache
from .common import AmazonOrderCase

TWO_ITEMS = [{"sku": "MUG-1", "title": "Ceramic mug", "qty": 3, "unit_price": "12.90"},
             {"sku": "TEA-1", "title": "Earl Grey", "qty": 1, "unit_price": "8.50"}]


class AmazonShipmentCase(AmazonOrderCase):
    """Imported FBM orders with stock to ship, and what Amazon was told."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        location = cls.account.warehouse_id.lot_stock_id
        for product in (cls.mug, cls.tea):
            cls.env["stock.quant"]._update_available_quantity(product, location, 50)

    def imported(self, **kwargs):
        data = self.put_order(**kwargs)
        self.account.last_orders_sync = False
        self.sync()
        return data, self.sale(data)

    def confirmations(self):
        return [call["body"] for call in self.sandbox.calls("confirmShipment")]

    def items(self, data):
        return {item["product"]["sellerSku"]: item["orderItemId"] for item in data["orderItems"]}


@tagged("post_install", "-at_install")
class TestShipments(AmazonShipmentCase):

    def test_validated_delivery_waits_to_be_confirmed(self):
        _data, sale = self.imported()
        self.ship(sale.picking_ids)
        self.assertEqual(sale.picking_ids.amazon_sync_status, "pending")
        self.assertFalse(self.confirmations(), "sent by the scheduled action or the button")

    def test_delivery_without_carrier_or_tracking_cannot_be_validated(self):
        _data, sale = self.imported()
        picking = sale.picking_ids
        picking.move_ids.quantity = 1
        picking.move_ids.picked = True
        with self.assertRaisesRegex(UserError, "carrier and tracking number"):
            picking.button_validate()
        picking.carrier_id = self.dhl
        with self.assertRaisesRegex(UserError, "carrier and tracking number"):
            picking.button_validate()

    def test_intermediate_steps_need_no_carrier(self):
        self.account.warehouse_id.delivery_steps = "pick_ship"
        _data, sale = self.imported()
        pick = sale.picking_ids.filtered(lambda p: p.location_dest_id.usage != "customer")
        pick.move_ids.quantity = 1
        pick.move_ids.picked = True
        pick.button_validate()
        self.assertEqual(pick.state, "done")
        self.assertFalse(pick.amazon_sync_status)

    def test_single_package_is_confirmed_with_carrier_tracking_and_shipped_quantities(self):
        data, sale = self.imported(items=TWO_ITEMS)
        self.ship(sale.picking_ids, tracking="JJD0099")
        self.assertEqual(self.run_stream("shipments").updated, 1)
        [body] = self.confirmations()
        package = body["packageDetail"]
        self.assertEqual(body["marketplaceId"], self.marketplace_de.api_ref)
        self.assertEqual((package["carrierCode"], package["trackingNumber"]),
                         ("DHL-Paket", "JJD0099"))
        self.assertTrue(package["packageReferenceId"].isdigit())
        items = self.items(data)
        self.assertEqual(sorted((i["orderItemId"], i["quantity"]) for i in package["orderItems"]),
                         sorted([(items["MUG-1"], 3), (items["TEA-1"], 1)]))
        self.assertEqual(sale.picking_ids.amazon_sync_status, "done")
        order = self.sandbox.orders()[data["orderId"]]
        self.assertEqual(order["fulfillment"]["fulfillmentStatus"], "SHIPPED")

    def test_backorder_and_packages_send_what_each_package_holds(self):
        data, sale = self.imported(items=TWO_ITEMS)
        first = sale.picking_ids
        backorder = self.ship(first, quantities={self.mug: 1, self.tea: 0})
        self.run_stream("shipments")
        self.ship(backorder, tracking="T-A,T-B", packages=[self.mug, self.tea])
        self.run_stream("shipments")
        first_package, *packages = [b["packageDetail"] for b in self.confirmations()]
        items = self.items(data)
        self.assertEqual(first_package["orderItems"], [{"orderItemId": items["MUG-1"],
                                                        "quantity": 1}])
        self.assertEqual(len(packages), 2)
        self.assertEqual(sorted(p["trackingNumber"] for p in packages), ["T-A", "T-B"])
        shipped = sorted((i["orderItemId"], i["quantity"])
                         for p in packages for i in p["orderItems"])
        self.assertEqual(shipped, sorted([(items["MUG-1"], 2), (items["TEA-1"], 1)]))
        references = [p["packageReferenceId"] for p in [first_package] + packages]
        self.assertEqual(len(set(references)), 3, "one reference per package")
        order = self.sandbox.orders()[data["orderId"]]
        self.assertEqual(order["fulfillment"]["fulfillmentStatus"], "SHIPPED")

    def test_resending_a_delivery_keeps_its_package_reference(self):
        _data, sale = self.imported()
        self.ship(sale.picking_ids)
        self.run_stream("shipments")
        sale.picking_ids.action_amazon_retry()
        first, again = [b["packageDetail"]["packageReferenceId"] for b in self.confirmations()]
        self.assertEqual(first, again)

    def test_explicit_amazon_code_wins_and_unknown_carriers_go_as_other(self):
        for carrier, code, name in (
                (self.carrier("Our UPS contract", "UPS"), "UPS", None),
                (self.carrier("Kurier Kowalski"), "Other", "Kurier Kowalski"),
                (self.carrier("Colissimo Expert"), "Colissimo", None)):
            _data, sale = self.imported()
            self.ship(sale.picking_ids, carrier=carrier)
            self.run_stream("shipments")
            package = self.confirmations()[-1]["packageDetail"]
            self.assertEqual(package["carrierCode"], code)
            self.assertEqual(package.get("carrierName"), name)

    @mute_logger("odoo.addons.sale_amazon_sync.models.stock_picking")
    def test_rejected_confirmation_is_an_error_until_retried(self):
        data, sale = self.imported()
        picking = sale.picking_ids
        self.ship(picking)
        self.sandbox.state.orders[self.account.seller_key].pop(data["orderId"])
        self.run_stream("shipments")
        self.assertEqual(picking.amazon_sync_status, "error")
        self.assertTrue(picking.amazon_sync_error)
        self.assertIn("refused the shipment confirmation", picking.message_ids[0].body)
        self.assertEqual(picking.activity_ids.user_id, sale.user_id)
        self.assertIn(picking.name, self.account.message_ids[0].body)
        self.sandbox.add_order(data)  # Amazon knows the order again
        picking.action_amazon_retry()
        self.assertEqual(picking.amazon_sync_status, "done")

    def test_revoked_authorization_leaves_deliveries_pending(self):
        _data, sale = self.imported()
        self.ship(sale.picking_ids)
        self.sandbox.revoke(self.account.sudo().refresh_token)
        clear_token_cache()  # the access token in hand expires within the hour
        self.env["amazon.account"]._cron_sync_shipments()
        self.run_jobs()
        self.assertEqual(sale.picking_ids.amazon_sync_status, "pending")
        self.assertIn("invalid_grant", self.account.sync_error)

    def test_delivery_of_an_order_shipped_on_amazon_needs_no_tracking(self):
        _data, sale = self.imported(status="SHIPPED")
        picking = sale.picking_ids
        picking.move_ids.quantity = 1
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual((picking.state, picking.amazon_sync_status), ("done", "done"))

    def test_throttled_confirmation_stays_pending_for_the_next_run(self):
        _data, sale = self.imported()
        self.ship(sale.picking_ids)
        self.sandbox.inject("429", "confirmShipment", times=5)
        self.run_stream("shipments")
        self.assertEqual(sale.picking_ids.amazon_sync_status, "pending")
        self.run_stream("shipments")
        self.assertEqual(sale.picking_ids.amazon_sync_status, "done")

    def test_scheduled_action_confirms_every_account(self):
        _data, sale = self.imported()
        self.ship(sale.picking_ids)
        self.env.ref("sale_amazon_sync.ir_cron_sync_shipments").method_direct_trigger()
        self.run_jobs()
        self.assertEqual(sale.picking_ids.amazon_sync_status, "done")


@tagged("post_install", "-at_install")
class TestShipmentsByWarehouseUsers(AmazonShipmentCase):
    """Deliveries validated and retried by a warehouse user who sells too, with Sales
    "own documents only": the orders of others are out of their reach."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse = new_test_user(
            cls.env, login="amazon_stock", name="Stock and own sales",
            groups="stock.group_stock_user,sales_team.group_sale_salesman")
        cls.account.user_id = cls.env.ref("base.user_admin")

    def as_warehouse(self, picking):
        """The delivery as the warehouse user sees it, nothing read beforehand cached."""
        self.env.invalidate_all()
        return picking.with_user(self.warehouse)

    def test_warehouse_user_validates_a_non_amazon_delivery(self):
        order = self.env["sale.order"].create({
            "partner_id": self.env["res.partner"].create({"name": "Shop customer"}).id,
            "user_id": self.env.ref("base.user_admin").id,
            "order_line": [(0, 0, {"product_id": self.mug.id, "product_uom_qty": 1})]})
        order.action_confirm()
        picking = self.as_warehouse(order.picking_ids)
        picking.move_ids.quantity = 1
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        self.assertFalse(picking.amazon_sync_status)

    def test_warehouse_user_needs_carrier_and_tracking_for_an_amazon_delivery(self):
        _data, sale = self.imported()
        picking = self.as_warehouse(sale.picking_ids)
        picking.move_ids.quantity = 1
        picking.move_ids.picked = True
        with self.assertRaisesRegex(UserError, "carrier and tracking number"):
            picking.button_validate()
        picking.write({"carrier_id": self.dhl.id, "carrier_tracking_ref": "TRACK-W"})
        picking.button_validate()
        self.assertEqual((picking.state, picking.amazon_sync_status), ("done", "pending"))

    @mute_logger("odoo.addons.sale_amazon_sync.models.stock_picking")
    def test_warehouse_user_retries_a_refused_confirmation(self):
        _data, sale = self.imported()
        self.ship(sale.picking_ids)
        picking = sale.picking_ids
        picking.amazon_sync_status = "error"
        self.as_warehouse(picking).action_amazon_retry()
        self.assertEqual(picking.amazon_sync_status, "done")
        self.assertEqual(len(self.confirmations()), 1)
