from odoo import sql_db
from odoo.exceptions import UserError
from odoo.tests import tagged

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
