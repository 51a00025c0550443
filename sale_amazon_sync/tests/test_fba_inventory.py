import os
from unittest.mock import patch

from odoo import fields
from odoo.tests import tagged

from .. import const
from ..hooks import setup_sandbox_demo
from ..spapi import clear_token_cache
from .common import AmazonOrderCase, AmazonTestCase


@tagged("post_install", "-at_install")
class TestFbaInventory(AmazonOrderCase):
    """The FBA inventory read back: Amazon's quantities on the offers, and Odoo's FBA
    location reconciled with them through Odoo's own inventory counts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fba = cls.account.location_id
        cls.unfulfillable = cls.account._amazon_unfulfillable_location()
        cls.offers = {product: cls.env["amazon.offer"].create({
            "account_id": cls.account.id, "product_id": product.id,
            "sku": product.default_code, "fulfillment_channels": "AMAZON_EU",
            "marketplace_ids": [(6, 0, cls.marketplace_de.ids)]}) for product in (cls.mug, cls.tea)}
        cls.env["stock.quant"]._update_available_quantity(cls.mug, cls.fba, 10)
        cls.reason = f"Amazon inventory {fields.Date.today()}"

    def quant(self, product, location=None):
        return self.env["stock.quant"].search([("product_id", "=", product.id),
                                               ("location_id", "=", (location or self.fba).id)])

    def read_back(self):
        return self.run_stream("fba_inventory")

    def pages(self):
        """The getInventorySummaries pages Amazon answered (not those it throttled)."""
        return [c for c in self.sandbox.calls("getInventorySummaries") if c["status"] == 200]

    def test_differences_become_counts_to_review_named_after_amazons_inventory(self):
        self.sandbox.set_inventory("MUG-1", "DE", fulfillable=12, reserved=1, unfulfillable=2)
        self.read_back()
        mug = self.quant(self.mug)
        self.assertEqual((mug.quantity, mug.inventory_quantity, mug.inventory_quantity_set),
                         (10, 13, True), "fulfillable and reserved, not applied yet")
        self.assertEqual(mug.amazon_inventory_reason, self.reason)
        self.assertEqual(self.quant(self.mug, self.unfulfillable).inventory_quantity, 2)
        self.assertEqual(self.unfulfillable.complete_name,
                         f"{self.fba.complete_name}/Unfulfillable")

    def test_an_applied_count_moves_stock_with_amazons_reason(self):
        self.sandbox.set_inventory("MUG-1", "DE", fulfillable=7)
        self.read_back()
        self.quant(self.mug).action_apply_inventory()
        self.assertEqual(self.quant(self.mug).quantity, 7)
        move = self.env["stock.move"].search([("product_id", "=", self.mug.id),
                                              ("is_inventory", "=", True)])
        self.assertEqual((move.name, move.product_uom_qty), (self.reason, 3))

    def test_apply_automatically_adjusts_at_once(self):
        self.account.fba_inventory_mode = "apply"
        self.sandbox.set_inventory("MUG-1", "DE", fulfillable=12, unfulfillable=2)
        self.read_back()
        self.assertEqual(self.quant(self.mug).quantity, 12)
        self.assertEqual(self.quant(self.mug, self.unfulfillable).quantity, 2)
        self.assertFalse(self.quant(self.mug).inventory_quantity_set)
        self.assertEqual(set(self.env["stock.move"].search(
            [("product_id", "=", self.mug.id), ("is_inventory", "=", True)]).mapped("name")),
            {self.reason})

    def test_each_adjustment_is_a_line_of_the_sync_log(self):
        self.sandbox.set_inventory("MUG-1", "DE", fulfillable=12)
        self.sandbox.set_inventory("TEA-1", "DE", fulfillable=4)
        log = self.read_back()
        self.assertEqual((log.outcome, log.created, log.failed), ("done", 2, 0))
        self.assertEqual(sorted(log.line_ids.mapped("ref")), ["MUG-1", "TEA-1"])
        mug = log.line_ids.filtered(lambda line: line.ref == "MUG-1")
        self.assertEqual(mug.error, f"{self.fba.complete_name}: 10 → 12 (+2), proposed")
        self.assertEqual((mug.res_model, mug.res_id), ("product.product", self.mug.id))

    def test_stock_as_amazon_holds_it_gives_no_count(self):
        self.sandbox.set_inventory("MUG-1", "DE", fulfillable=10)
        log = self.read_back()
        self.assertFalse(self.quant(self.mug).inventory_quantity_set)
        self.assertEqual(log.created, 0)

    def test_marketplaces_read_add_up_and_may_be_narrowed(self):
        self.sandbox.set_inventory("MUG-1", "DE", fulfillable=5)
        self.sandbox.set_inventory("MUG-1", "FR", fulfillable=3)
        self.read_back()
        self.assertEqual(self.quant(self.mug).inventory_quantity, 8)
        self.assertEqual(self.offers[self.mug].fba_fulfillable, 8)
        self.account.fba_marketplace_ids = self.marketplace_de
        self.read_back()
        self.assertEqual(self.quant(self.mug).inventory_quantity, 5)
        self.assertEqual(self.offers[self.mug].fba_stock_ids.marketplace_id, self.marketplace_de)

    def test_offers_show_amazons_fba_quantities(self):
        self.sandbox.set_inventory("MUG-1", "DE", fulfillable=12, inbound_shipped=6,
                                   inbound_working=2, reserved=3, unfulfillable=1)
        self.read_back()
        offer = self.offers[self.mug]
        self.assertEqual((offer.fba_fulfillable, offer.fba_inbound, offer.fba_reserved,
                          offer.fba_unfulfillable), (12, 8, 3, 1))

    def test_unknown_quantities_adjust_nothing(self):
        self.sandbox.set_inventory("MUG-1", "DE", fulfillable=0, details=False)
        log = self.read_back()
        self.assertFalse(self.quant(self.mug).inventory_quantity_set)
        self.assertEqual((log.created, log.skipped), (0, 1))
        self.assertEqual(self.offers[self.mug].fba_fulfillable, 0)

    def test_skus_without_offer_are_listed_not_created(self):
        self.sandbox.set_inventory("STRANGER-1", "DE", fulfillable=3)
        log = self.read_back()
        stock = self.env["amazon.fba.stock"].search([("sku", "=", "STRANGER-1")])
        self.assertEqual((stock.fulfillable, stock.offer_id.id), (3, False))
        self.assertFalse(self.env["amazon.offer"].search([("sku", "=", "STRANGER-1")]))
        self.assertEqual(self.account.fba_unmatched_count, 1)
        self.assertIn("no offer", log.line_ids.filtered(lambda line: not line.res_model).error)

    def test_tracked_products_are_noted_not_counted(self):
        self.mug.tracking = "lot"
        self.sandbox.set_inventory("MUG-1", "DE", fulfillable=12)
        log = self.read_back()
        self.assertFalse(self.quant(self.mug).inventory_quantity_set)
        self.assertIn("Tracked by lots or serial numbers: Amazon holds 12 sellable",
                      log.line_ids.error)

    def test_the_latest_read_replaces_earlier_counts(self):
        self.sandbox.set_inventory("MUG-1", "DE", fulfillable=12)
        self.read_back()
        self.sandbox.set_inventory("MUG-1", "DE", fulfillable=11)
        self.read_back()
        self.assertEqual(self.quant(self.mug).inventory_quantity, 11)
        self.sandbox.set_inventory("MUG-1", "DE", fulfillable=10)
        self.read_back()
        self.assertFalse(self.quant(self.mug).inventory_quantity_set, "in line again")

    def test_a_count_typed_in_by_someone_drops_amazons_reason(self):
        self.sandbox.set_inventory("MUG-1", "DE", fulfillable=12)
        self.read_back()
        self.quant(self.mug).inventory_quantity = 9
        self.assertFalse(self.quant(self.mug).amazon_inventory_reason)

    def test_a_sku_amazon_no_longer_reports_is_forgotten(self):
        self.sandbox.set_inventory("TEA-1", "DE", fulfillable=4)
        self.read_back()
        self.sandbox.reset()
        clear_token_cache()  # a new sandbox world: earlier access tokens are unknown
        self.read_back()
        self.assertFalse(self.offers[self.tea].fba_stock_ids)
        self.assertFalse(self.quant(self.tea).inventory_quantity_set, "unknown is not zero")

    def test_pages_are_followed(self):
        self.account.fba_marketplace_ids = self.marketplace_de
        self.sandbox.add_fba_skus(120, "DE")
        log = self.read_back()
        self.assertEqual(len(self.pages()), 3)
        self.assertEqual(self.account.fba_stock_count, 120)
        self.assertEqual(log.created, 0, "no offer, no count")

    def test_a_run_out_of_time_hands_over_between_marketplaces(self):
        self.sandbox.set_inventory("MUG-1", "GB", fulfillable=12)
        with patch.object(const, "RUN_TIME_BOX", 0):
            first = self.read_back()
        self.assertEqual(first.outcome, "handed_over")
        self.assertEqual(len(self.pages()), 1)
        self.assertFalse(self.quant(self.mug).inventory_quantity_set, "counted once all read")
        self.run_jobs()
        self.assertEqual(len(self.pages()), 3)
        self.assertEqual(self.quant(self.mug).inventory_quantity, 12)
        self.assertFalse(self.state("fba_inventory").resume_token)

    def test_button_reads_and_says_what_it_did(self):
        self.sandbox.set_inventory("MUG-1", "DE", fulfillable=12)
        action = self.account.with_user(self.manager).action_sync_fba_inventory()
        self.assertRegex(action["params"]["message"],
                         r"^1 created, 1 updated, 0 skipped, 0 failed, \d+ SP-API calls\.$")
        self.assertEqual(self.quant(self.mug).user_id, self.account.user_id,
                         "counted for the FBA stock responsible")

    def test_scheduled_action_reads_every_linked_account(self):
        self.sandbox.set_inventory("MUG-1", "DE", fulfillable=12)
        self.env["amazon.account"]._cron_sync_fba_inventory()
        self.run_jobs()
        self.assertEqual(self.state("fba_inventory").last_log_id.outcome, "done")
        self.assertEqual(self.quant(self.mug).inventory_quantity, 12)


@tagged("post_install", "-at_install")
class TestFbaDemo(AmazonTestCase):
    sandbox_seed = True

    def test_a_demo_database_shows_a_proposed_reconciliation(self):
        with patch.dict(os.environ, {"SALE_AMAZON_SYNC_SANDBOX_URL": self.sandbox.url}):
            demo = setup_sandbox_demo(self.env)
        self.run_jobs()  # the read back the demo set-up made due
        proposed = self.env["stock.quant"].search([
            ("location_id", "child_of", demo.location_id.id),
            ("amazon_inventory_reason", "!=", False)])
        self.assertEqual(set(proposed.mapped("product_id.default_code")),
                         {"HEADPHONES-BT-200", "POWERBANK-10K", "LAMP-DESK-LED"},
                         "a reservation, a sellable return, a damaged return")
