from datetime import datetime, timedelta

from odoo.tests import tagged

from .. import compat
from .common import AmazonOrderCase


@tagged("post_install", "-at_install")
class TestFbaLots(AmazonOrderCase):
    """FBA orders of products tracked by lots or serial numbers: the lots the FBA location
    holds go first in, first out; without them the order imports and its delivery waits."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        lots = cls.env.ref("stock.group_production_lot")
        (cls.env.user | cls.manager).write({"groups_id": [(4, lots.id)]})
        cls.fba = cls.account.location_id
        cls.tin = cls.tracked("TIN-1", "Tea tin", "lot")
        cls.camera = cls.tracked("CAM-1", "Camera", "serial")

    @classmethod
    def tracked(cls, sku, name, tracking):
        return cls.env["product.product"].create(dict(
            compat.storable_product_values(), name=name, default_code=sku, tracking=tracking))

    def put_lot(self, product, name, quantity, days_ago, location=None):
        lot = self.env["stock.lot"].create({"name": name, "product_id": product.id,
                                            "company_id": self.env.company.id})
        self.env["stock.quant"]._update_available_quantity(
            product, location or self.fba, quantity, lot_id=lot,
            in_date=datetime.now() - timedelta(days=days_ago))
        return lot

    def fba_order(self, sku, quantity):
        return self.put_order(fulfilled_by="AMAZON", status="SHIPPED", items=[
            {"sku": sku, "title": sku, "unit_price": "19.90", "qty": quantity}])

    def delivered(self, data):
        """{lot name: quantity} the order's done moves took to the customer."""
        lines = self.sale(data).order_line.move_ids.filtered(
            lambda m: m.state == "done").move_line_ids
        return {line.lot_id.name: line.quantity for line in lines}

    def test_lots_are_taken_first_in_first_out(self):
        self.put_lot(self.tin, "LOT-NEW", 5, days_ago=1)
        self.put_lot(self.tin, "LOT-OLD", 3, days_ago=10)
        data = self.fba_order("TIN-1", 4)
        self.sync()
        self.assertEqual(self.delivered(data), {"LOT-OLD": 3, "LOT-NEW": 1})
        self.assertEqual(self.sale(data).order_line.qty_delivered, 4)
        self.assertFalse(self.sale(data).picking_ids, "nothing for anyone to process")

    def test_serial_numbers_are_taken_first_in_first_out(self):
        for days, name in ((3, "SN-2"), (5, "SN-1"), (1, "SN-3")):
            self.put_lot(self.camera, name, 1, days_ago=days)
        data = self.fba_order("CAM-1", 2)
        self.sync()
        self.assertEqual(self.delivered(data), {"SN-1": 1, "SN-2": 1})

    def test_an_order_short_of_lots_imports_and_its_delivery_waits_with_a_todo(self):
        self.put_lot(self.tin, "LOT-1", 1, days_ago=2)
        self.account.fba_user_id = self.manager
        data = self.fba_order("TIN-1", 3)
        log = self.sync()
        self.assertEqual((log.created, log.failed), (1, 0))
        picking = self.sale(data).picking_ids
        self.assertEqual((picking.state, picking.location_id), ("assigned", self.fba))
        self.assertEqual(picking.move_ids.move_line_ids.lot_id.name, "LOT-1")
        self.assertEqual(picking.activity_ids.user_id, self.manager)
        self.assertIn(data["orderId"], picking.activity_ids.note)
        self.assertEqual(self.sale(data).order_line.qty_delivered, 0)

    def test_lots_set_aside_as_unfulfillable_are_not_taken(self):
        self.put_lot(self.tin, "LOT-BROKEN", 2, days_ago=2,
                     location=self.account._amazon_unfulfillable_location())
        data = self.fba_order("TIN-1", 1)
        self.sync()
        picking = self.sale(data).picking_ids
        self.assertEqual(picking.state, "confirmed")
        self.assertFalse(picking.move_line_ids)

    def test_the_rest_of_the_sync_goes_on(self):
        waiting = self.fba_order("CAM-1", 1)
        shipped = self.put_order(fulfilled_by="AMAZON", status="SHIPPED")
        log = self.sync()
        self.assertEqual((log.created, log.failed), (2, 0))
        self.assertTrue(self.sale(waiting).picking_ids)
        self.assertEqual(self.sale(shipped).order_line.qty_delivered, 1)

    def test_a_waiting_delivery_is_invoiced_once_it_goes_out(self):
        self.account.invoicing = "automatic"
        data = self.fba_order("CAM-1", 1)
        self.sync()
        sale = self.sale(data)
        self.assertFalse(sale.invoice_ids.invoice_line_ids.filtered(
            lambda line: line.product_id == self.camera), "nothing delivered yet")
        self.put_lot(self.camera, "SN-9", 1, days_ago=0)
        picking = sale.picking_ids
        picking.action_assign()
        picking.move_ids.picked = True
        picking.button_validate()
        invoiced = sale.invoice_ids.filtered(lambda move: move.state == "posted")
        self.assertEqual(sum(invoiced.invoice_line_ids.filtered(
            lambda line: line.product_id == self.camera).mapped("quantity")), 1)

    def test_the_waiting_delivery_goes_out_once_the_lots_are_there(self):
        data = self.fba_order("CAM-1", 1)
        self.sync()
        self.put_lot(self.camera, "SN-9", 1, days_ago=0)
        picking = self.sale(data).picking_ids
        picking.action_assign()
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        self.assertEqual(self.delivered(data), {"SN-9": 1})
        self.assertEqual(self.sale(data).order_line.qty_delivered, 1)
