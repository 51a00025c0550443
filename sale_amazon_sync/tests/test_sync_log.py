from datetime import datetime, timedelta, timezone
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import mute_logger

from .. import const
from ..sandbox import DEMO_REFRESH_TOKEN
from ..spapi import clear_token_cache, reset_buckets
from .common import AmazonOrderCase


@tagged("post_install", "-at_install")
class TestSyncLog(AmazonOrderCase):
    """What operators see: a log per run, each stream's health on the account, one note
    per failure streak, long runs handed over, windows Amazon keeps failing on skipped."""

    def orders(self):
        return self.env["sale.order"].search([("amazon_account_id", "=", self.account.id)])

    # -- the log ---------------------------------------------------------------------

    @mute_logger("odoo.addons.sale_amazon_sync.models.amazon_order_importer")
    def test_a_run_logs_its_outcome_counts_calls_and_failed_records(self):
        good = self.put_order(buyer={"name": "Secret Buyer", "email": "secret@example.com"})
        bad = self.put_order()
        bad["orderItems"] = []
        self.sandbox.add_order(bad)
        pending = self.put_order(status="PENDING")
        log = self.sync()
        self.assertEqual((log.stream, log.trigger, log.outcome), ("orders", "cron", "partial"))
        self.assertEqual((log.created, log.updated, log.skipped, log.failed), (1, 0, 1, 1))
        self.assertEqual(log.api_calls, 2, "a token and one page")
        self.assertTrue(log.start <= log.end and log.duration >= 0)
        [line] = log.line_ids
        self.assertEqual(line.ref, bad["orderId"])
        self.assertEqual(line.res_model, "amazon.order.error")
        self.assertIn("orderItems", line.error)
        self.assertTrue(self.sale(good) and not self.sale(pending))

    def test_a_run_is_named_by_its_stream_as_users_read_it(self):
        log = self.sync()
        self.assertEqual(log.display_name, "Orders")
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(["sale_amazon_sync"], ["de_DE"])
        self.assertNotIn(log.with_context(lang="de_DE").display_name, ("orders", "Orders"))

    def test_the_log_holds_no_personal_data_nor_secret(self):
        self.put_order(buyer={"name": "Secret Buyer", "email": "secret@example.com"},
                       address={"name": "Secret Buyer", "addressLine1": "Hidden Road 1",
                                "city": "Berlin", "postalCode": "10115"})
        self.sync()
        self.sandbox.revoke(DEMO_REFRESH_TOKEN)
        clear_token_cache()
        self.env["amazon.account"]._cron_sync_orders()
        self.run_jobs()
        logs = self.env["amazon.sync.log"].search([("account_id", "=", self.account.id)])
        text = str(logs.read()) + str(logs.line_ids.read())
        for secret in ("Secret", "secret@", "Hidden Road", DEMO_REFRESH_TOKEN,
                       "sandbox-client-secret"):
            self.assertNotIn(secret, text)

    def test_throttled_responses_are_counted(self):
        self.sandbox.inject("429", "searchOrders")
        log = self.sync()
        self.assertEqual((log.outcome, log.throttled), ("throttled", 1))

    def test_old_runs_are_purged_in_batches(self):
        with freeze_time(datetime.now() - timedelta(days=100)):
            for _ in range(3):
                self.run_stream("shipments")
        recent = self.run_stream("shipments")
        with patch.object(const, "PURGE_BATCH", 2):
            self.assertEqual(self.env["amazon.sync.log"]._cron_purge(), 2)
            self.assertEqual(self.env["amazon.sync.log"]._cron_purge(), 1)
        logs = self.env["amazon.sync.log"].search([("account_id", "=", self.account.id)])
        self.assertEqual(logs, recent)

    def test_retention_is_a_setting(self):
        self.env["res.config.settings"].create({"amazon_log_retention_days": 5}).execute()
        with freeze_time(datetime.now() - timedelta(days=6)):
            self.run_stream("shipments")
        self.env["amazon.sync.log"]._cron_purge()
        self.assertFalse(self.env["amazon.sync.log"].search([("account_id", "=",
                                                              self.account.id)]))

    # -- the dashboard -----------------------------------------------------------------

    def test_each_stream_has_a_row_with_its_health(self):
        self.assertEqual(self.account.sync_state_ids.mapped("stream"),
                         ["buyer_data", "fba_inventory", "fba_returns", "finances", "inventory",
                          "orders", "shipments"])
        self.assertEqual(set(self.account.sync_state_ids.mapped("health")), {"never"})
        self.put_order()
        self.sync()
        orders = self.state("orders")
        self.assertEqual((orders.health, orders.last_created), ("ok", 1))
        self.assertEqual(orders.last_success, orders.last_log_id.end)
        self.sandbox.inject("429", "searchOrders")
        self.sync()
        self.assertEqual(orders.health, "warning")
        reset_buckets()  # Amazon's bucket refilled
        self.sandbox.inject("500", "searchOrders", times=10)
        with mute_logger("odoo.addons.sale_amazon_sync.models.amazon_sync_runner"):
            self.env["amazon.sync.runner"]._run_scheduled(self.account, "orders")
        self.assertEqual(orders.health, "failing")

    def test_run_button_of_a_stream_answers_with_its_counts(self):
        self.put_order()
        action = self.state("orders").action_run()
        self.assertIn("1 created", action["params"]["message"])
        self.assertEqual(self.state("orders").last_log_id.trigger, "user")

    def test_test_connection_says_what_works(self):
        action = self.account.action_test_connection()
        self.assertEqual(action["params"]["type"], "success")
        self.assertIn("Sellers API: OK", action["params"]["message"])
        self.sandbox.revoke(DEMO_REFRESH_TOKEN)
        clear_token_cache()
        action = self.account.action_test_connection()
        self.assertEqual(action["params"]["type"], "danger")
        self.assertIn("Login with Amazon failed", action["params"]["message"])

    def test_a_failure_streak_posts_once_and_schedules_one_activity(self):
        self.sandbox.revoke(DEMO_REFRESH_TOKEN)
        clear_token_cache()
        messages = len(self.account.message_ids)
        for _ in range(3):
            self.env["amazon.sync.runner"]._run_scheduled(self.account, "orders")
        self.assertEqual(self.state("orders").failure_streak, 3)
        self.assertEqual(len(self.account.message_ids), messages + 1)
        self.assertEqual(len(self.account.activity_ids), 1)
        self.assertEqual(self.account.activity_ids.summary, "Link the Amazon account again")

    def test_recovery_closes_the_activity(self):
        self.sandbox.inject("500", "searchOrders", times=5)
        with mute_logger("odoo.addons.sale_amazon_sync.models.amazon_sync_runner"):
            self.env["amazon.sync.runner"]._run_scheduled(self.account, "orders")
        activity = self.account.activity_ids
        self.assertEqual(len(activity), 1)
        self.sync()
        self.assertFalse(activity.exists(), "done, no longer pending")
        self.assertFalse(self.account.activity_ids)
        state = self.state("orders")
        self.assertEqual((state.failure_streak, state.error), (0, False))
        self.assertIn("recovered", self.account.message_ids[0].body)

    # -- long runs and per-account jobs ----------------------------------------------------

    def test_a_long_run_hands_over_between_pages_and_the_next_resumes(self):
        orders = [self.put_order() for _ in range(3)]
        with patch.object(const, "ORDERS_PAGE_SIZE", 1), patch.object(const, "RUN_TIME_BOX", 0):
            log = self.sync()
            self.assertEqual((log.outcome, log.created), ("handed_over", 1))
            self.assertTrue(self.state("orders").resume_token)
            self.assertTrue(self.run_jobs(), "the stream's job was triggered")
            for _ in range(5):  # each next run hands over again, until all is read
                self.run_jobs()
        self.assertEqual(sorted(self.orders().mapped("amazon_order_ref")),
                         sorted(o["orderId"] for o in orders))
        searches = self.sandbox.calls("searchOrders")
        tokens = [("paginationToken" in c["query"]) for c in searches]
        self.assertEqual(tokens[:3], [False, True, True], "each page read once")
        self.assertFalse(any(tokens[3:]), "then at most the seconds since the first run")
        self.assertFalse(self.state("orders").resume_token)

    def test_scheduled_action_triggers_one_job_per_linked_account(self):
        other = self.env["amazon.account"].create({
            "name": "Second", "base_marketplace_id": self.marketplace_fr.id,
            "available_marketplace_ids": [(6, 0, self.marketplace_fr.ids)],
            "active_marketplace_ids": [(6, 0, self.marketplace_fr.ids)]})
        other.sudo().refresh_token = DEMO_REFRESH_TOKEN
        unlinked = self.env["amazon.account"].create({
            "name": "Unlinked", "base_marketplace_id": self.marketplace_fr.id,
            "available_marketplace_ids": [(6, 0, self.marketplace_fr.ids)],
            "active_marketplace_ids": [(6, 0, self.marketplace_fr.ids)]})
        self.env["amazon.account"]._cron_sync_orders()
        triggered = self.env["ir.cron.trigger"].search([]).cron_id
        jobs = (self.account | other).sync_state_ids.filtered(
            lambda s: s.stream == "orders").cron_id
        self.assertEqual(triggered & (jobs | unlinked.sync_state_ids.cron_id), jobs)

    def test_a_job_runs_its_own_stream_of_its_own_account(self):
        self.put_order()
        self.state("orders").cron_id.method_direct_trigger()
        self.assertEqual(len(self.orders()), 1)
        self.assertFalse(self.state("shipments").last_log_id)

    def test_the_job_of_an_archived_account_no_longer_syncs(self):
        self.put_order()
        self.account.active = False  # while a hand-over (or a retry) was due
        self.state("orders").cron_id.method_direct_trigger()
        self.assertFalse(self.orders())
        self.assertFalse(self.state("orders").last_log_id)

    def test_a_run_killed_earlier_is_marked_interrupted(self):
        dead = self.env["amazon.sync.log"].create({"account_id": self.account.id,
                                                   "stream": "orders"})
        self.sync()
        self.assertEqual(dead.outcome, "interrupted")

    # -- a window Amazon keeps failing on ----------------------------------------------------

    def test_a_window_amazon_keeps_failing_on_is_narrowed_skipped_and_retried(self):
        now = datetime.now(timezone.utc)
        before = self.put_order(updated=now - timedelta(hours=5))
        corrupt = self.put_order(updated=now - timedelta(hours=3))
        after = self.put_order(updated=now - timedelta(hours=1))
        self.sandbox.break_order(corrupt["orderId"])
        self.sandbox.rate_limits = False  # a run an hour: Amazon's searchOrders bucket is full
        self.addCleanup(setattr, self.sandbox, "rate_limits", True)
        self.account.last_orders_sync = now.replace(tzinfo=None) - timedelta(hours=6)
        window = self.env["amazon.order.error"]
        runs = 0
        with mute_logger("odoo.addons.sale_amazon_sync.models.amazon_sync_runner"):
            while not window and runs < 30:  # the scheduled runs, hour after hour
                reset_buckets()
                self.env["amazon.sync.runner"]._run_scheduled(self.account, "orders")
                runs += 1
                if runs < const.PAGE_FAILURES_BEFORE_SPLIT:
                    self.assertFalse(self.orders(), "a few failures before splitting")
                window = self.env["amazon.order.error"].search([
                    ("account_id", "=", self.account.id), ("kind", "=", "window")])
            for _ in range(2):  # the next runs go on past the window
                reset_buckets()
                self.env["amazon.sync.runner"]._run_scheduled(self.account, "orders")
        refs = self.orders().mapped("amazon_order_ref")
        self.assertEqual(sorted(refs), sorted([before["orderId"], after["orderId"]]))
        self.assertEqual(len(window), 1)
        self.assertLessEqual((window.window_end - window.window_start).total_seconds(),
                             const.MIN_SPLIT_WINDOW)
        self.sandbox.break_order(corrupt["orderId"], broken=False)
        reset_buckets()
        self.sync()
        self.assertTrue(self.sale(corrupt), "the window is read again once Amazon answers")
        self.assertFalse(window.exists())
