from datetime import datetime, timedelta, timezone
from unittest.mock import patch

from odoo.tests import tagged

from .. import compat, const
from ..sandbox.orders import parse_time
from .common import AmazonOrderCase


@tagged("post_install", "-at_install")
class TestFbaReturns(AmazonOrderCase):
    """FBA customer returns from Amazon's returns report: recorded once, against their
    order, back into the FBA location or its Unfulfillable child."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fba = cls.account.location_id
        cls.unfulfillable = cls.account._amazon_unfulfillable_location()
        cls.env["stock.quant"]._update_available_quantity(cls.mug, cls.fba, 10)

    def fba_order(self, quantity=2, sku="MUG-1"):
        """A shipped FBA order, imported."""
        data = self.put_order(fulfilled_by="AMAZON", status="SHIPPED", items=[
            {"sku": sku, "title": sku, "unit_price": "12.90", "qty": quantity}])
        self.sync()
        return data

    def give_back(self, data, quantity=1, disposition="SELLABLE", plate="LPN0000000001"):
        return self.sandbox.add_return(data["orderId"], quantity=quantity,
                                       disposition=disposition, reason="UNWANTED_ITEM",
                                       license_plate=plate)

    def import_returns(self):
        return self.run_stream("fba_returns")

    def on_hand(self, location):
        return self.env["stock.quant"]._amazon_quantity(self.mug, location)

    def recorded(self, data):
        return self.env["amazon.fba.return"].search([("order_ref", "=", data["orderId"])])

    def test_a_sellable_return_comes_back_and_the_delivered_quantity_goes_down(self):
        data = self.fba_order(2)
        self.give_back(data)
        log = self.import_returns()
        self.assertEqual((log.outcome, log.created), ("done", 1))
        self.assertEqual(self.sale(data).order_line.qty_delivered, 1)
        self.assertEqual(self.on_hand(self.fba), 9)
        back = self.recorded(data)
        self.assertEqual((back.state, back.sale_order_id, back.product_id),
                         ("done", self.sale(data), self.mug))
        self.assertEqual((back.move_ids.state, back.move_ids.location_id.usage,
                          back.move_ids.to_refund), ("done", "customer", True))
        self.assertEqual(back.move_ids.origin_returned_move_id.location_dest_id.usage, "customer")

    def test_a_damaged_return_goes_to_unfulfillable(self):
        data = self.fba_order(2)
        self.give_back(data, disposition="CUSTOMER_DAMAGED")
        self.import_returns()
        self.assertEqual((self.on_hand(self.fba), self.on_hand(self.unfulfillable)), (8, 1))
        self.assertFalse(self.recorded(data).sellable)

    def test_the_order_says_why_and_which_license_plate(self):
        data = self.fba_order(2)
        self.give_back(data, plate="LPN4242424242")
        self.import_returns()
        note = self.sale(data).message_ids[:1].body
        for text in ("UNWANTED_ITEM", "LPN4242424242", "SELLABLE", "MUG-1"):
            self.assertIn(text, note)

    def test_each_return_is_recorded_once(self):
        data = self.fba_order(2)
        self.give_back(data)
        self.import_returns()
        log = self.import_returns()
        self.assertEqual((log.created, log.skipped), (0, 1))
        self.assertEqual(len(self.recorded(data).move_ids), 1)
        self.assertEqual(self.sale(data).order_line.qty_delivered, 1)

    def test_returns_of_orders_not_in_odoo_are_listed_until_the_order_comes(self):
        data = self.put_order(fulfilled_by="AMAZON", status="SHIPPED")
        self.give_back(data)
        self.import_returns()
        self.assertEqual(self.recorded(data).state, "no_order")
        self.assertEqual(self.account.fba_return_count, 1)
        self.sync()
        log = self.import_returns()
        self.assertEqual((self.recorded(data).state, log.updated), ("done", 1))
        self.assertEqual(self.sale(data).order_line.qty_delivered, 0)

    def test_the_report_covers_the_last_weeks_of_every_marketplace(self):
        self.import_returns()
        [request] = self.sandbox.calls("createReport")
        self.assertEqual(request["body"]["reportType"], const.RETURNS_REPORT_TYPE)
        self.assertEqual(sorted(request["body"]["marketplaceIds"]),
                         sorted(self.account.active_marketplace_ids.mapped("api_ref")))
        start = parse_time(request["body"]["dataStartTime"])
        self.assertAlmostEqual(start, datetime.now(timezone.utc) - timedelta(days=35),
                               delta=timedelta(minutes=5))

    def test_no_return_in_the_window_is_no_failure(self):
        log = self.import_returns()
        self.assertEqual((log.outcome, log.created, log.failed), ("done", 0, 0))

    def test_a_report_amazon_is_still_making_is_awaited_by_later_runs(self):
        data = self.fba_order(2)
        self.give_back(data)
        with patch.object(const, "REPORT_POLL_PAUSES", (0,)):
            first = self.import_returns()
        self.assertEqual(first.outcome, "handed_over")
        self.assertTrue(self.state("fba_returns").resume_token)
        self.run_jobs()
        self.assertEqual(self.recorded(data).state, "done")
        self.assertEqual(len(self.sandbox.calls("createReport")), 1, "asked once")
        self.assertFalse(self.state("fba_returns").resume_token)

    def test_an_unknown_disposition_is_set_aside_for_review(self):
        data = self.fba_order(2)
        self.give_back(data, disposition="SIDELINED")
        self.import_returns()
        back = self.recorded(data)
        self.assertEqual((back.needs_review, self.on_hand(self.unfulfillable)), (True, 1))
        self.assertIn("unknown", self.sale(data).message_ids[:1].body)

    def test_a_returned_serial_number_comes_back(self):
        self.env.user.groups_id += self.env.ref("stock.group_production_lot")
        camera = self.env["product.product"].create(dict(
            compat.storable_product_values(), name="Camera", default_code="CAM-1",
            tracking="serial"))
        serial = self.env["stock.lot"].create({"name": "SN-1", "product_id": camera.id,
                                               "company_id": self.env.company.id})
        self.env["stock.quant"]._update_available_quantity(camera, self.fba, 1, lot_id=serial)
        data = self.fba_order(1, sku="CAM-1")
        self.give_back(data)
        self.import_returns()
        self.assertEqual(self.recorded(data).move_ids.move_line_ids.lot_id, serial)
        self.assertEqual(self.env["stock.quant"].search([
            ("lot_id", "=", serial.id), ("location_id", "=", self.fba.id)]).quantity, 1)

    def test_button_and_scheduled_action_import_returns(self):
        data = self.fba_order(2)
        self.give_back(data)
        action = self.account.with_user(self.manager).action_sync_fba_returns()
        self.assertTrue(action["params"]["message"].startswith("1 created"))
        self.give_back(data, plate="LPN0000000002")
        self.env["amazon.account"]._cron_sync_fba_returns()
        self.run_jobs()
        self.assertEqual(len(self.recorded(data)), 2)
        self.assertEqual(self.sale(data).order_line.qty_delivered, 0)
