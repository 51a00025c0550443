import time
from datetime import datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo import sql_db
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.base.models import ir_cron

from .. import const
from ..models import amazon_sync_runner
from ..sandbox import DEMO_REFRESH_TOKEN
from ..spapi import clear_token_cache
from .common import AmazonOrderCase


@tagged("post_install", "-at_install")
class TestSyncRunner(AmazonOrderCase):
    """How every stream runs: Amazon's failures as users read them, and one lock per
    account and stream on every path."""

    def hold_lock(self, stream):
        """Another worker holding the stream's lock; returns its cursor (to close)."""
        other = sql_db.db_connect(self.env.cr.dbname).cursor()
        other.execute("SELECT pg_advisory_lock(%s, %s)",
                      self.env["amazon.sync.runner"]._lock_key(self.account, stream))
        self.addCleanup(other.close)
        self.addCleanup(other.execute, "SELECT pg_advisory_unlock_all()")
        return other

    def test_revoked_authorization_asks_to_link_again(self):
        self.sandbox.revoke(DEMO_REFRESH_TOKEN)
        with self.assertRaisesRegex(UserError, "Link the account with Amazon again"):
            self.account.action_update_marketplaces()

    def test_persistent_server_errors_give_up_after_the_retry_budget(self):
        self.sandbox.inject("500", "getMarketplaceParticipations", times=10)
        with self.assertRaisesRegex(UserError, "could not process"):
            self.account.action_update_marketplaces()
        self.assertEqual(len(self.sandbox.calls("getMarketplaceParticipations")), 5)

    def test_a_stream_held_by_another_worker_is_skipped(self):
        self.hold_lock("shipments")
        self.assertIsNone(self.run_stream("shipments"))
        self.assertIsNotNone(self.run_stream("inventory"), "other streams are free")

    def test_delivery_retry_waits_for_the_shipments_lock(self):
        data = self.put_order()
        self.sync()
        picking = self.sale(data).picking_ids
        self.ship(picking)
        picking.amazon_sync_status = "error"
        self.hold_lock("shipments")
        with self.assertRaisesRegex(UserError, "being synchronized already"):
            picking.action_amazon_retry()
        self.assertEqual(picking.amazon_sync_status, "error")
        self.assertFalse(self.sandbox.calls("confirmShipment"))

    def test_sync_button_answers_with_the_count(self):
        self.put_order()
        action = self.account.action_sync_orders()
        self.assertEqual(action["params"]["message"],
                         "1 created, 0 updated, 0 skipped, 0 failed, 2 SP-API calls.")

    def test_a_run_that_does_not_get_the_lock_writes_nothing(self):
        self.run_stream("orders")
        self.env.flush_all()
        rows = "SELECT write_date FROM amazon_account WHERE id = %s UNION ALL " \
               "SELECT write_date FROM amazon_sync_state WHERE account_id = %s"
        self.env.cr.execute(rows, (self.account.id, self.account.id))
        before = self.env.cr.fetchall()
        self.hold_lock("orders")
        self.env["amazon.account"]._cron_sync_orders()
        self.run_jobs()
        self.env.flush_all()
        self.env.cr.execute(rows, (self.account.id, self.account.id))
        self.assertEqual(self.env.cr.fetchall(), before)

    def test_synchronizing_never_writes_the_account_row(self):
        self.put_order()
        self.env.flush_all()
        self.env.cr.execute("SELECT write_date FROM amazon_account WHERE id = %s",
                            [self.account.id])
        before = self.env.cr.fetchone()
        self.run_stream("orders")
        self.sandbox.revoke(self.account.sudo().refresh_token)
        clear_token_cache()
        self.env["amazon.account"]._cron_sync_orders()
        self.run_jobs()  # a failure is noted, elsewhere
        self.env.flush_all()
        self.env.cr.execute("SELECT write_date FROM amazon_account WHERE id = %s",
                            [self.account.id])
        self.assertEqual(self.env.cr.fetchone(), before)
        self.assertIn("invalid_grant", self.account.sync_error)

    def test_resync_from_waits_for_the_running_import(self):
        self.hold_lock("orders")
        with self.assertRaisesRegex(UserError, "being synchronized already"):
            self.account.last_orders_sync = False

    def test_a_cron_pass_out_of_time_leaves_the_run_to_the_next_pass(self):
        """A cron worker runs every job due in one pass, and Odoo stops it once the pass
        outlasts limit_time_real: a job reached after the time box runs in the next pass."""
        self.put_order()
        with patch.object(amazon_sync_runner._cron_pass, "start",
                          time.monotonic() - const.RUN_TIME_BOX, create=True):
            self.state("orders").cron_id.method_direct_trigger()
        orders = self.env["sale.order"].search([("amazon_account_id", "=", self.account.id)])
        self.assertFalse(orders)
        self.assertFalse(self.state("orders").last_log_id, "nothing ran")
        self.assertTrue(self.run_jobs(), "the job is due again")
        self.assertEqual(orders.search_count([("amazon_account_id", "=", self.account.id)]), 1)

    def test_a_job_left_to_the_next_pass_keeps_a_trigger_odoo_does_not_delete(self):
        """Odoo deletes, once a job ends, its triggers older than the job's start: the one
        left for the next pass must be later than that."""
        job = self.state("orders").cron_id
        self.env["ir.cron.trigger"].search([("cron_id", "=", job.id)]).unlink()
        with freeze_time("2026-12-02 10:00:00.600"), patch.object(
                amazon_sync_runner._cron_pass, "start",
                time.monotonic() - const.RUN_TIME_BOX, create=True):
            job.method_direct_trigger()
            started = datetime.now()
            [trigger] = self.env["ir.cron.trigger"].search([("cron_id", "=", job.id)])
            self.assertGreater(trigger.call_at, started)

    def test_a_cron_pass_starts_with_its_first_job(self):
        self.addCleanup(amazon_sync_runner._cron_pass.__dict__.clear)  # not in a pass after
        passes = {}
        with patch.object(ir_cron.ir_cron, "_process_job", classmethod(
                lambda cls, db, cron_cr, job: passes.setdefault(
                    cron_cr, amazon_sync_runner._cron_pass.start))):
            for cursor in ("first pass", "first pass", "second pass"):
                self.env["ir.cron"]._process_job(None, cursor, {})
                time.sleep(0.01)
        self.assertEqual(len(passes), 2)
        self.assertLess(passes["first pass"], passes["second pass"])

    def test_a_run_hands_over_before_a_piece_of_work_would_end_past_its_time_box(self):
        run = amazon_sync_runner.SyncRun(self.env, self.account, "orders", "cron")
        run._deadline = time.monotonic() + 0.5
        time.sleep(0.1)
        self.assertFalse(run.out_of_time(), "0.1 s of work, 0.4 s left")
        time.sleep(0.3)
        self.assertTrue(run.out_of_time(), "0.3 s of work would end 0.2 s past the box")
