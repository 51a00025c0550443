import logging
from datetime import timedelta

from psycopg2.extensions import TransactionRollbackError

from odoo import _, api, fields, models

from .. import const
from ..spapi import BadRequestError, ServerError
from ..spapi.orders import parse_order
from ..spapi.timestamps import parse_timestamp
from ..utils import error_text

_logger = logging.getLogger(__name__)


class AmazonOrderImporter(models.AbstractModel):
    """Amazon orders into Odoo for one account, exactly once.

    Reads the orders updated since the stream's watermark, page by page, and fetches
    again the orders that failed before. Each order is imported in its own savepoint and
    committed with the watermark that covers it: a crash loses nothing and repeats
    nothing, bad data is recorded against its order and the others go on. A run hands
    over between two pages when its time is up, the next one resuming with Amazon's page
    token; a time window Amazon keeps failing on is narrowed until it can be skipped and
    recorded. What one order becomes is ``sale.order``'s business.
    """

    _name = "amazon.order.importer"
    _description = "Amazon Order Importer"

    @api.model
    def _amazon_sync_orders(self, run):
        """The orders stream: retry what failed before, then read the updated orders."""
        self._retry_failed(run)
        self._import_updated(run)

    # ------------------------------------------------------------------
    # searchOrders, from the watermark
    # ------------------------------------------------------------------

    @api.model
    def _import_updated(self, run):
        """Read windows of updated orders up to two minutes ago (Amazon's floor), until
        done or out of time."""
        state = self._runner()._state(run.account, "orders")
        until = fields.Datetime.now() - timedelta(seconds=const.ORDERS_MIN_AGE)
        refusals = 0
        while not run.more:
            since = state.watermark or until - timedelta(days=const.ORDERS_FIRST_SYNC_DAYS)
            if state.resume_until:
                end = state.resume_until
            elif state.split_span:
                end = min(until, since + timedelta(seconds=state.split_span))
            else:
                end = until
            try:
                if not self._read_window(run, state, since, end):
                    refusals += 1
                    run.more = refusals > 1  # Amazon keeps refusing its tokens: later
                    continue
            except ServerError:
                if not self._window_failed(run, state, since, end):
                    raise
            if end >= until and not state.resume_token:
                return
            if run.out_of_time():
                run.more = True

    @api.model
    def _read_window(self, run, state, since, end):
        """Every page of one window (resuming a token the last run left); the watermark
        moves with each committed order, and to the window's end once it is read. False
        when Amazon refused one of its own page tokens."""
        account = run.account
        token = state.resume_token or None
        # One second of overlap: re-reading an order is harmless, missing one is not.
        pages = run.client.search_order_pages(account.active_marketplace_ids.mapped("api_ref"),
                                              since - timedelta(seconds=1), end,
                                              token=token)
        try:
            for orders, token in pages:
                counted = dict(run.counts)
                try:
                    self._import_page(run, orders)
                except TransactionRollbackError:
                    # Another worker changed rows this page touches (the stock of the same
                    # products): this transaction can no longer write them, a savepoint
                    # does not help. The page is read again at once, in a new transaction.
                    self._runner()._rollback()
                    run.counts = counted
                    run.more = True
                    return True
                # searchOrders returns orders by ascending update time: once a page is in
                # the database (or recorded as failed), the watermark may pass its orders,
                # never the window's end (an order can claim any date).
                for data in orders:
                    if isinstance(data, dict):
                        self._advance_watermark(state, data.get("lastUpdatedTime"), end)
                if token:  # a run that stops before the next page (out of time, throttled,
                    # killed) leaves the next run the page after this one, not this one again
                    state.write({"resume_token": token, "resume_until": end})
                self._runner()._commit()
                self.env.invalidate_all()  # memory stays flat, page after page
                if token and run.out_of_time():
                    run.more = True
                    return True
        except BadRequestError as exc:
            if not token:
                raise
            # Amazon refused a page token (expired, or broken): the page is an error the
            # operator sees, and the search starts again from the watermark, which covers
            # everything committed.
            run.fail(_("Orders page after %s", state.watermark), exc)
            state.write({"resume_token": False, "resume_until": False})
            self._runner()._commit()
            return False
        self._advance_watermark(state, end)
        values = {"resume_token": False, "resume_until": False, "page_failures": 0}
        if state.split_span:  # past a narrowed window: widen again, still splitting
            span = state.split_span * 2
            done = since + timedelta(seconds=span) >= fields.Datetime.now()
            values.update(split_span=0 if done else span,
                          page_failures=0 if done else state.page_failures)
        state.write(values)
        self._runner()._commit()
        return True

    @api.model
    def _window_failed(self, run, state, since, end):
        """Amazon kept failing on a page of this window. After a few failed runs the
        window is halved, down to a narrow one that is recorded as failed (retried later)
        and skipped. True when the run may go on."""
        state.write({"page_failures": state.page_failures + 1, "resume_token": False,
                     "resume_until": False})
        self._runner()._commit()
        if state.page_failures < const.PAGE_FAILURES_BEFORE_SPLIT or run.out_of_time():
            return False
        width = (end - since).total_seconds()
        if width > const.MIN_SPLIT_WINDOW:
            state.split_span = max(1, int(width / 2))
        else:
            error = self.env["amazon.order.error"]._amazon_record_window(run.account, since, end)
            run.fail(error.order_ref, ServerError(_("Amazon fails on every page of this time "
                                                    "window; it is skipped and retried later.")),
                     error)
            self._advance_watermark(state, end)
            state.page_failures = 0
        self._runner()._commit()
        return True

    # ------------------------------------------------------------------
    # Orders and windows that failed before; recovering given orders
    # ------------------------------------------------------------------

    @api.model
    def _retry_failed(self, run):
        """getOrder each failed order (a few) and search each failed window again; the
        watermark stays."""
        errors = self.env["amazon.order.error"].search([
            ("account_id", "=", run.account.id), ("state", "=", "retry")])
        for error in errors:
            if error.kind == "window":
                self._retry_window(run, error)
                continue
            try:
                data = run.client.get_order(error.order_ref)
            except BadRequestError as exc:
                self.env["amazon.order.error"]._amazon_record(run.account, error.order_ref,
                                                             error_text(exc))
                run.fail(error.order_ref, exc, error)
            else:
                self._import_one(run, data)
            self._runner()._commit()

    @api.model
    def _retry_window(self, run, error):
        """A failed window, searched again; once Amazon answers, its orders import."""
        try:
            for orders, _token in run.client.search_order_pages(
                    run.account.active_marketplace_ids.mapped("api_ref"), error.window_start,
                    error.window_end):
                for data in orders:
                    self._import_one(run, data)
        except ServerError as exc:
            error._amazon_attempt_failed(error_text(exc))
        else:
            error.unlink()
        self._runner()._commit()

    @api.model
    def _recover(self, account, order_refs):
        """Fetch and import given orders now (Recover Order, Retry): their sale orders.
        An order Amazon does not know is an error for the user, not a record to retry."""
        runner = self._runner()
        with runner._locked(account, "orders"), runner._user_errors(account), \
                account._get_client() as client:
            for ref in order_refs:
                self._import_one(None, client.get_order(ref), account)
                runner._commit()
        return self.env["sale.order"].search([("amazon_account_id", "=", account.id),
                                              ("amazon_order_ref", "in", order_refs)])

    # ------------------------------------------------------------------
    # One order
    # ------------------------------------------------------------------

    @api.model
    def _import_page(self, run, page):
        """Import a page of orders together; if one spoils the batch, each order alone,
        so that the others still import and the culprit is recorded."""
        parsed = []
        for data in page:
            try:
                parsed.append((data, parse_order(data)))
            except Exception as exc:  # noqa: BLE001 - recorded, the page goes on
                self._failed(run, run.account, data, exc)
        try:
            with self.env.cr.savepoint():
                outcomes = self._sync(run.account, [order for _data, order in parsed])
        except TransactionRollbackError:
            raise  # no order's fault: the whole transaction is spoiled (see _read_window)
        except Exception:  # noqa: BLE001 - retried one by one just below
            for data, _order in parsed:
                self._import_one(run, data)
            return
        for _data, order in parsed:
            run.count(outcomes[order.ref][1])

    @api.model
    def _import_one(self, run, data, account=None):
        """Import one order in its own savepoint: bad data is recorded against the order
        (to be retried) and the others go on. ``run`` counts the outcome, when there is
        one."""
        account = run.account if run else account
        try:
            with self.env.cr.savepoint():
                order = parse_order(data)
                outcome = self._sync(account, [order])[order.ref][1]
        except TransactionRollbackError:
            raise  # not the order's fault: the run ends, the order is read again
        except Exception as exc:  # noqa: BLE001 - any failure of one order is recorded
            self._failed(run, account, data, exc)
        else:
            if run:
                run.count(outcome)

    @api.model
    def _sync(self, account, orders):
        """The sale orders of parsed orders (sale.order's business); errors recorded for
        them earlier are resolved."""
        outcomes = self.env["sale.order"].with_context(amazon_sync=True)._amazon_sync_page(
            orders, account)
        self.env["amazon.order.error"].search([
            ("account_id", "=", account.id), ("kind", "=", "order"),
            ("order_ref", "in", [order.ref for order in orders])]).unlink()
        return outcomes

    @api.model
    def _failed(self, run, account, data, exc):
        """An order that could not be imported: its error record, and a line of the run."""
        ref = data.get("orderId") if isinstance(data, dict) else None
        error = self._record_error(account, ref, exc)
        if run:
            run.fail(ref if isinstance(ref, str) else _("(no order reference)"), exc, error)

    @api.model
    def _record_error(self, account, ref, exc):
        """The error record of an order that failed; nothing for a payload without a
        usable reference. Only the reference and the error's kind go to the log: the
        message may quote buyer data; the full message is kept on the error record."""
        _logger.warning("Amazon order %s of account %s not imported (%s); it will be retried.",
                        ref if isinstance(ref, str) else None, account.id, type(exc).__name__)
        if isinstance(ref, str) and ref:
            return self.env["amazon.order.error"]._amazon_record(account, ref, error_text(exc))
        return self.env["amazon.order.error"]

    @api.model
    def _advance_watermark(self, state, moment, limit=None):
        """Move the orders watermark up to ``moment`` (a datetime or Amazon's text), at
        most to ``limit``."""
        if isinstance(moment, str):
            try:
                moment = parse_timestamp(moment)
            except ValueError:
                return
            moment = moment.replace(microsecond=0)  # Odoo keeps whole seconds
        if moment and limit:
            moment = min(moment, limit)
        if moment and (not state.watermark or moment > state.watermark):
            state.watermark = moment

    @api.model
    def _runner(self):
        return self.env["amazon.sync.runner"]
