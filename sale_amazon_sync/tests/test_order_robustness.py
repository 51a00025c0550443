import contextlib
import logging
from datetime import datetime, timedelta, timezone
from unittest.mock import patch

import psycopg2.errors

from odoo import fields, sql_db
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .. import const
from ..sandbox import build_order
from ..spapi import ServerError, reset_buckets
from .common import AmazonOrderCase


@tagged("post_install", "-at_install")
class TestOrderRobustness(AmazonOrderCase):
    """Exactly once, never lost: pages, re-runs, crashes, throttling, bad data, locks."""

    def amazon_orders(self):
        return self.env["sale.order"].search([("amazon_account_id", "=", self.account.id)])

    def test_search_reads_every_active_marketplace_since_the_watermark(self):
        self.account.last_orders_sync = fields.Datetime.now() - timedelta(hours=5)
        self.sync()
        query = self.sandbox.calls("searchOrders")[0]["query"]
        self.assertEqual(sorted(query["marketplaceIds"][0].split(",")),
                         sorted(self.account.active_marketplace_ids.mapped("api_ref")))
        after = datetime.strptime(query["lastUpdatedAfter"][0], "%Y-%m-%dT%H:%M:%SZ")
        before = datetime.strptime(query["lastUpdatedBefore"][0], "%Y-%m-%dT%H:%M:%SZ")
        expected_after = fields.Datetime.now() - timedelta(hours=5)
        self.assertLess(abs(after - expected_after).total_seconds(), 5)
        self.assertGreaterEqual((fields.Datetime.now() - before).total_seconds(), 119)
        self.assertEqual(query["maxResultsPerPage"], ["100"])
        self.assertIn("RECIPIENT", query["includedData"][0])
        self.assertEqual(self.account.last_orders_sync, before, "the watermark moves up")

    def test_no_call_per_order(self):
        for _ in range(5):
            self.put_order()
        self.sync()
        self.assertEqual(len(self.amazon_orders()), 5)
        self.assertEqual(len(self.sandbox.calls("searchOrders")), 1)
        self.assertFalse(self.sandbox.calls("getOrder"))

    def test_pagination_reads_every_page(self):
        orders = [self.put_order() for _ in range(5)]
        with patch.object(const, "ORDERS_PAGE_SIZE", 2):
            self.sync()
        self.assertEqual(len(self.sandbox.calls("searchOrders")), 3)
        self.assertEqual(sorted(self.amazon_orders().mapped("amazon_order_ref")),
                         sorted(o["orderId"] for o in orders))

    def test_a_rerun_of_the_same_period_changes_nothing(self):
        for _ in range(3):
            self.put_order()
        self.sync()
        sales = self.amazon_orders()
        stamps = sales.mapped("write_date")
        self.account.last_orders_sync = False
        self.sync()
        self.assertEqual(self.amazon_orders(), sales)
        self.assertEqual(sales.mapped("write_date"), stamps)

    def test_a_crash_between_two_pages_resumes_without_loss_or_duplicate(self):
        now = datetime.now(timezone.utc)
        orders = [self.put_order(created=now - timedelta(hours=3),
                                 updated=now - timedelta(minutes=50 - n)) for n in range(4)]
        commits = []

        def commit(runner):
            """Each commit point becomes a savepoint (the first one when the run starts);
            the worker dies after its first page."""
            if len(commits) == 2:
                raise SystemExit("worker killed")
            runner.env.flush_all()
            runner.env.cr.execute(f"SAVEPOINT amazon_commit_{len(commits)}")
            commits.append(self.account.last_orders_sync)

        with patch.object(type(self.env["amazon.sync.runner"]), "_commit", commit), \
                patch.object(const, "ORDERS_PAGE_SIZE", 2):
            # not assertRaises: it would roll back what the run committed
            with contextlib.suppress(SystemExit):
                self.sync()
        self.env.cr.execute("ROLLBACK TO SAVEPOINT amazon_commit_1")  # the crash
        self.env.clear()  # and what the dead worker had not written is gone
        imported = self.amazon_orders()
        self.assertEqual(len(imported), 2, "what was committed survives")
        self.assertEqual(self.account.last_orders_sync, commits[1],
                         "the watermark covers exactly the committed orders")
        self.assertEqual(commits[1], datetime.strptime(
            orders[1]["lastUpdatedTime"], "%Y-%m-%dT%H:%M:%SZ"))
        dead = self.env["amazon.sync.log"].search([("account_id", "=", self.account.id)])
        self.assertEqual(dead.outcome, "running", "the killed run left its log open")
        self.sync()
        self.assertEqual(sorted(self.amazon_orders().mapped("amazon_order_ref")),
                         sorted(o["orderId"] for o in orders), "resumed without loss")
        self.assertEqual(dead.outcome, "interrupted", "the next run closes it")

    @mute_logger("odoo.addons.sale_amazon_sync.models.amazon_order_importer")
    def test_an_order_that_fails_in_a_batch_is_retried_alone(self):
        orders = [self.put_order() for _ in range(5)]
        self.env["product.product"].create({"name": "Clash", "default_code": "CLASH-1"})
        clash = orders[2]
        clash["orderItems"][0]["orderItemId"] = orders[0]["orderItems"][0]["orderItemId"]
        self.sandbox.add_order(clash)  # two orders claim the same item: one must fail
        log = self.sync()
        self.assertEqual(len(self.amazon_orders()), 4, "the others of the page imported")
        self.assertEqual((log.created, log.failed), (4, 1))
        self.assertEqual(log.line_ids.ref, clash["orderId"])
        self.assertTrue(self.env["amazon.order.error"].search(
            [("order_ref", "=", clash["orderId"])]))

    def test_a_page_is_created_and_confirmed_together(self):
        for _ in range(6):
            self.put_order()
        with self.assertQueryCount(__system__=2000):  # bounded, whatever the page size
            self.sync()
        self.assertEqual(set(self.amazon_orders().mapped("state")), {"sale"})

    def test_a_server_failure_between_two_pages_resumes_at_the_next_run(self):
        orders = [self.put_order() for _ in range(4)]
        self.sandbox.inject("500", "searchOrders", times=10, after=1)  # Amazon dies on page 2
        with patch.object(const, "ORDERS_PAGE_SIZE", 2):
            # not assertRaises: it would roll back what the run committed
            with contextlib.suppress(ServerError):
                self.sync()
                self.fail("the run should have died on page 2")
            self.assertEqual(len(self.amazon_orders()), 2)
            self.sandbox.faults.clear()
            self.sync()
        self.assertEqual(sorted(self.amazon_orders().mapped("amazon_order_ref")),
                         sorted(o["orderId"] for o in orders))

    @mute_logger("odoo.addons.sale_amazon_sync.models.amazon_order_importer")
    def test_retrying_a_failed_order_does_not_move_the_watermark(self):
        bad = self.put_order()
        self.sandbox.add_order(dict(bad, orderItems=[]))
        self.sync()
        watermark = self.account.last_orders_sync - timedelta(hours=2)
        self.account.last_orders_sync = watermark
        fixed = self.put_order(order_id=bad["orderId"], created=bad["createdTime"],
                               updated=datetime.now(timezone.utc) - timedelta(minutes=3))
        self.sandbox.inject("500", "searchOrders", times=10)  # stop right after the retry
        with contextlib.suppress(ServerError):
            self.sync()
        self.assertTrue(self.sale(fixed), "retried with getOrder")
        self.assertEqual(self.account.last_orders_sync, watermark)

    def test_throttling_in_the_middle_of_pages_stops_and_resumes_at_the_next_run(self):
        orders = [self.put_order() for _ in range(3)]
        self.sandbox.inject("429", "searchOrders", after=1)
        with patch.object(const, "ORDERS_PAGE_SIZE", 1):
            log = self.sync()
            self.assertEqual(log.outcome, "throttled")
            [trigger] = self.env["ir.cron.trigger"].search(
                [("cron_id", "=", self.state("orders").cron_id.id)])
            self.assertGreater(trigger.call_at, datetime.now() + timedelta(seconds=60),
                               "resume later, not now")
            self.assertEqual(len(self.amazon_orders()), 1)
            self.assertEqual([c["status"] for c in self.sandbox.calls("searchOrders")],
                             [200, 429])
            reset_buckets()  # the next run, once Amazon's bucket has refilled
            self.sync()
        self.assertEqual(len(self.amazon_orders()), 3)
        self.assertEqual(sorted(self.amazon_orders().mapped("amazon_order_ref")),
                         sorted(o["orderId"] for o in orders))

    def test_a_run_resumed_from_a_page_token_and_throttled_leaves_the_next_page(self):
        """With Amazon's real pace (one page every few minutes past a burst), a run that
        re-read the page it resumed from would never get further."""
        orders = [self.put_order() for _ in range(3)]
        with patch.object(const, "ORDERS_PAGE_SIZE", 1):
            with patch.object(const, "RUN_TIME_BOX", 0):
                self.assertEqual(self.sync().outcome, "handed_over")
            self.sandbox.inject("429", "searchOrders", after=1)
            self.assertEqual(self.sync().outcome, "throttled")
            reset_buckets()
            log = self.sync()
        self.assertEqual((log.created, log.skipped), (1, 0), "the third page only")
        self.assertEqual(sorted(self.amazon_orders().mapped("amazon_order_ref")),
                         sorted(o["orderId"] for o in orders))

    def test_a_page_another_worker_spoiled_is_read_again_not_recorded_as_failed(self):
        """Two workers reserving the same stock: PostgreSQL refuses the later one's
        writes for the rest of its transaction; the page is imported in a new one."""
        data = self.put_order()
        sale_order = type(self.env["sale.order"])
        real = sale_order._amazon_sync_page
        failures = iter([psycopg2.errors.SerializationFailure("concurrent update")])

        def sync_page(self, orders, account):
            failure = next(failures, None)
            if failure:
                raise failure
            return real(self, orders, account)

        with patch.object(sale_order, "_amazon_sync_page", sync_page):
            log = self.sync()
            self.assertEqual((log.outcome, log.created, log.failed), ("handed_over", 0, 0))
            self.assertFalse(self.env["amazon.order.error"].search(
                [("account_id", "=", self.account.id)]))
            self.assertEqual(self.sync().created, 1)
        self.assertTrue(self.sale(data))

    def test_throttled_button_says_the_rest_follows(self):
        self.sandbox.inject("429", "searchOrders")
        action = self.account.action_sync_orders()
        self.assertEqual(action["params"]["type"], "warning")
        self.assertIn("limiting the requests", action["params"]["message"])

    @mute_logger("odoo.addons.sale_amazon_sync.models.amazon_order_importer")
    def test_malformed_order_is_recorded_and_the_others_go_on(self):
        good = self.put_order()
        bad = self.put_order()
        bad["orderItems"][0]["proceeds"]["breakdowns"][0]["subtotal"] = {"amount": "lots"}
        self.sandbox.add_order(bad)
        also_good = self.put_order()
        self.sync()
        self.assertTrue(self.sale(good) and self.sale(also_good))
        self.assertFalse(self.sale(bad))
        error = self.env["amazon.order.error"].search([("order_ref", "=", bad["orderId"])])
        self.assertIn("is not an amount", error.error)
        self.assertEqual(self.account.order_error_count, 1)
        self.assertGreaterEqual(self.account.last_orders_sync,
                                fields.Datetime.now() - timedelta(minutes=3))

    @mute_logger("odoo.addons.sale_amazon_sync.models.amazon_order_importer")
    def test_failed_order_is_retried_until_it_imports(self):
        bad = self.put_order()
        good_items = bad["orderItems"]
        self.sandbox.add_order(dict(bad, orderItems=[]))
        self.sync()
        error = self.env["amazon.order.error"].search([("order_ref", "=", bad["orderId"])])
        self.sync()
        self.assertEqual(error.attempts, 2, "retried by the next run, with getOrder")
        self.sandbox.add_order(dict(bad, orderItems=good_items))  # Amazon fixed its data
        self.sync()
        self.assertTrue(self.sale(bad))
        self.assertFalse(error.exists())
        self.assertEqual(len(self.sandbox.calls("getOrder")), 2)

    @mute_logger("odoo.addons.sale_amazon_sync.models.amazon_order_importer")
    def test_dismissed_order_is_not_retried(self):
        bad = self.put_order()
        self.sandbox.add_order(dict(bad, orderItems=[]))
        self.sync()
        self.env["amazon.order.error"].search([]).action_dismiss()
        self.sync()
        self.assertFalse(self.sandbox.calls("getOrder"))

    @mute_logger("odoo.addons.sale_amazon_sync.models.amazon_order_importer")
    def test_order_of_an_unknown_marketplace_is_recorded(self):
        bad = self.put_order()
        bad["salesChannel"]["marketplaceId"] = "A1UNKNOWNMKT"
        self.sandbox.add_order(bad)
        self.env["amazon.order.importer"]._recover(self.account, [bad["orderId"]])
        error = self.env["amazon.order.error"].search([("order_ref", "=", bad["orderId"])])
        self.assertIn("add it in developer mode", error.error)

    def test_buyer_data_never_reaches_the_log(self):
        bad = self.put_order(buyer={"name": "Secret Buyer", "email": "secret@example.com"},
                             address={"name": "Secret Buyer", "addressLine1": "Hidden Road 1",
                                      "city": "Nowhere", "postalCode": "1", "countryCode": "DE"})
        bad["orderItems"] = []
        self.sandbox.add_order(bad)
        self.put_order(buyer={"name": "Secret Buyer", "email": "secret@example.com"})
        with self.assertLogs(level=logging.INFO) as logs:  # every logger, httpx's included
            self.sync()
        text = "\n".join(logs.output)
        self.assertIn(bad["orderId"], text, "the failure is logged, by reference")
        for secret in ("Secret", "secret@example.com", "Hidden Road"):
            self.assertNotIn(secret, text)

    def test_overlapping_run_on_the_same_account_is_skipped(self):
        self.put_order()
        other = sql_db.db_connect(self.env.cr.dbname).cursor()  # another worker
        try:
            other.execute("SELECT pg_advisory_lock(%s, %s)",
                          self.env["amazon.sync.runner"]._lock_key(self.account, "orders"))
            self.assertIsNone(self.sync())
            self.assertFalse(self.sandbox.calls("searchOrders"))
            with self.assertRaisesRegex(UserError, "being synchronized already"):
                self.account.action_sync_orders()
        finally:
            other.execute("SELECT pg_advisory_unlock_all()")
            other.close()
        self.assertEqual(self.sync().created, 1, "free again once the other run ended")

    def test_one_broken_account_does_not_stop_the_others(self):
        broken = self.env["amazon.account"].create({
            "name": "Broken", "base_marketplace_id": self.marketplace_fr.id,
            "active_marketplace_ids": [(6, 0, self.marketplace_fr.ids)],
            "available_marketplace_ids": [(6, 0, self.marketplace_fr.ids)]})
        broken.sudo().refresh_token = "Atzr|revoked"
        self.sandbox.revoke("Atzr|revoked")
        data = self.put_order()
        self.env["amazon.account"]._cron_sync_orders()
        self.run_jobs()
        self.assertTrue(self.sale(data))
        self.assertIn("invalid_grant", broken.sync_error)
        self.assertEqual(broken.activity_ids.summary, "Link the Amazon account again")
        self.assertFalse(self.account.sync_error)

    def test_recover_order_validates_the_reference_and_opens_the_order(self):
        data = self.put_order(created=datetime.now() - timedelta(days=60))
        wizard = self.env["amazon.recover.order"].create({
            "account_id": self.account.id, "order_ref": "not-a-ref"})
        with self.assertRaisesRegex(UserError, "3-7-7"):
            wizard.action_recover()
        wizard.order_ref = data["orderId"]
        action = wizard.action_recover()
        self.assertEqual(action["res_id"], self.sale(data).id)
        self.assertEqual(len(self.sandbox.calls("getOrder")), 1)

    def test_cron_synchronizes_every_linked_account(self):
        data = self.put_order()
        cron = self.env.ref("sale_amazon_sync.ir_cron_sync_orders")
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "hours"))
        cron.method_direct_trigger()
        self.run_jobs()
        self.assertTrue(self.sale(data))

    @mute_logger("odoo.addons.sale_amazon_sync.models.amazon_order_importer")
    def test_an_order_of_a_marketplace_not_the_account_s_is_refused(self):
        bad = build_order(marketplace="US", items=[{"sku": "MUG-1", "unit_price": "12.90"}])
        # Amazon answers with it although it was not asked for that marketplace.
        self.sandbox.add_garbled(bad, datetime.now(timezone.utc) - timedelta(minutes=30))
        self.sync()
        self.assertFalse(self.sale(bad))
        error = self.env["amazon.order.error"].search([("order_ref", "=", bad["orderId"])])
        self.assertIn("not one of this account's", error.error)

    @mute_logger("odoo.addons.sale_amazon_sync.models.amazon_order_importer")
    def test_an_order_id_reused_with_other_items_leaves_the_order_alone(self):
        data = self.put_order()
        self.sync()
        sale = self.sale(data)
        other = self.update_order(data, items=[{"sku": "TEA-1", "unit_price": "3.00"}])
        other["orderItems"][0]["orderItemId"] = "55555555555555"
        self.sandbox.add_order(other)
        self.sync()
        self.assertEqual(sale.order_line.filtered("amazon_item_ref").product_id, self.mug)
        error = self.env["amazon.order.error"].search([("order_ref", "=", data["orderId"])])
        self.assertIn("again with other items", error.error)

    def test_a_page_token_amazon_refuses_is_an_error_and_the_import_goes_on(self):
        orders = [self.put_order() for _ in range(5)]
        self.sandbox.break_next_tokens(1)
        with patch.object(const, "ORDERS_PAGE_SIZE", 2):
            log = self.sync()
        self.assertEqual(sorted(self.amazon_orders().mapped("amazon_order_ref")),
                         sorted(o["orderId"] for o in orders))
        self.assertTrue(log.line_ids.filtered(lambda line: line.ref.startswith("Orders page")))

    @mute_logger("odoo.addons.sale_amazon_sync.models.amazon_order_importer")
    def test_an_order_dated_in_the_future_never_moves_the_watermark_past_now(self):
        future = self.put_order(updated=datetime.now(timezone.utc) - timedelta(minutes=20))
        future["lastUpdatedTime"] = "2099-01-01T00:00:00Z"
        self.sandbox.add_garbled(future, datetime.now(timezone.utc) - timedelta(minutes=20))
        self.sync()
        self.assertLess(self.account.last_orders_sync, fields.Datetime.now())

    def test_html_in_a_gift_message_is_text_on_the_delivery(self):
        data = self.put_order(items=[{"sku": "MUG-1", "unit_price": "12.90",
                                      "gift_message": "<script>alert(1)</script>"}])
        self.sync()
        note = self.sale(data).picking_ids.note
        self.assertNotIn("<script", note)
        self.assertIn("&lt;script&gt;", note)
