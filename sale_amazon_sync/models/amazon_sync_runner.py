import logging
import threading
import time
import zlib
from contextlib import contextmanager
from datetime import timedelta

from psycopg2.extensions import TRANSACTION_STATUS_INERROR

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import plaintext2html

from .. import compat, const
from ..spapi import AuthError, SpApiError, ThrottledError
from ..utils import error_text, notification, safe_error_text
from .amazon_sync_log import SUCCESSES
from .amazon_sync_state import STREAMS, UNLINKED_STREAMS

_logger = logging.getLogger(__name__)

# The pass of this thread's cron worker over the jobs due (see IrCron below).
_cron_pass = threading.local()


class IrCron(models.Model):
    # Apart from compat.py's ir.cron, which goes when 17.0 support does.
    _inherit = "ir.cron"  # pylint: disable=consider-merging-classes-inherited

    @classmethod
    def _process_job(cls, db, cron_cr, job):
        """Note when the cron worker's pass over the jobs due began: a worker runs every
        job due in one pass (18.0 runs a job again while it reports work left), and Odoo
        kills it (threads: reloads the server) once the pass outlasts limit_time_real.
        Each job of a pass gets the same cursor: a new one is a new pass."""
        if getattr(_cron_pass, "cursor", None) is not cron_cr:
            _cron_pass.cursor, _cron_pass.start = cron_cr, time.monotonic()
        return super()._process_job(db, cron_cr, job)


class SyncRun:
    """One run of one stream for one account, as the stream's code sees it: the account's
    client (made on first use), the counts, the failed records, the time box."""

    def __init__(self, env, account, stream, trigger, records=None):
        self.account, self.stream = account, stream
        self.records = records  # what a user asked to run on; None: whatever is due
        self.log = env["amazon.sync.log"].sudo().create({
            "account_id": account.id, "stream": stream, "trigger": trigger})
        self.counts = dict.fromkeys(("created", "updated", "skipped", "failed"), 0)
        self.more = False  # work is left for the next run
        self.resume_at = None  # with more: when the next run should start (None: soon)
        self._deadline = run_deadline()
        self._started = self._checked = time.monotonic()
        self._client = None

    @property
    def client(self):
        if self._client is None:
            self._client = self.account._get_client()
        return self._client

    def count(self, kind, number=1):
        self.counts[kind] += number

    def fail(self, ref, error, record=None):
        """A record this run could not process: counted, and a line of the log. ``error``
        is an exception, or a text that quotes no buyer data (Amazon's feed issues)."""
        self.counts["failed"] += 1
        self.note([(ref, error if isinstance(error, str) else safe_error_text(error), record)])

    def note(self, lines):
        """Lines of the log, each ``(ref, text, record or None)``: the failures, and what a
        run did that users review (the stock adjustments it made). Texts quote no buyer
        data."""
        self.log.env["amazon.sync.log.line"].create([{
            "log_id": self.log.id, "ref": ref, "error": text,
            "res_model": record._name if record else False,
            "res_id": record.id if record else False} for ref, text, record in lines])

    def out_of_time(self):
        """Whether the run should hand over to the next one now: when one more piece of
        work as long as the last one (since the last call) would end past its time box."""
        now = time.monotonic()
        last, self._checked = now - self._checked, now
        return now + last > self._deadline

    def close(self, outcome=None, message=None):
        """Complete the log; returns it."""
        stats = self._client.stats if self._client else {"calls": 0, "throttled": 0}
        if self._client:
            self._client.close()
        outcome = outcome or ("handed_over" if self.more
                              else "partial" if self.counts["failed"] else "done")
        self.log.write(dict(self.counts, outcome=outcome, message=message,
                            end=fields.Datetime.now(), api_calls=stats["calls"],
                            throttled=stats["throttled"],
                            duration=round(time.monotonic() - self._started, 3)))
        return self.log


def run_deadline():
    """When a run must hand over: RUN_TIME_BOX after it starts or, in a cron worker, after
    the worker's pass over the jobs due started (the time box is Odoo's limit's)."""
    now = time.monotonic()
    return min(now, getattr(_cron_pass, "start", now)) + const.RUN_TIME_BOX


def cron_pass_spent():
    """Whether this thread is a cron worker whose pass over the jobs due has used up the
    time box (on other jobs, or on this one: 18.0 runs a job again while it reports work
    left)."""
    start = getattr(_cron_pass, "start", None)
    return start is not None and time.monotonic() >= start + const.RUN_TIME_BOX


class AmazonSyncRunner(models.AbstractModel):
    """How every synchronization with Amazon runs, whatever it moves.

    A stream (orders, shipments, inventory) is one method of one model, run for one
    account under an advisory lock of that account and stream, given a ``SyncRun``. Here
    live the lock, the deliberate commits that make each unit of work durable, the log
    and health of every run, the fan-out of scheduled runs to each stream's own job, and
    the translation of Amazon's failures into what users read.
    """

    _name = "amazon.sync.runner"
    _description = "Amazon Synchronization Runner"

    # stream -> (model, method) synchronizing one account in a SyncRun.
    _STREAMS = {
        "orders": ("amazon.order.importer", "_amazon_sync_orders"),
        "shipments": ("stock.picking", "_amazon_sync_shipments"),
        "inventory": ("amazon.offer", "_amazon_sync_inventory"),
        "buyer_data": ("amazon.buyer.data", "_amazon_sync_buyer_data"),
        "fba_inventory": ("amazon.fba.stock", "_amazon_sync_fba_inventory"),
        "fba_returns": ("amazon.fba.return", "_amazon_sync_fba_returns"),
        "finances": ("amazon.settlement", "_amazon_sync_finances"),
    }

    # ------------------------------------------------------------------
    # Running a stream
    # ------------------------------------------------------------------

    @api.model
    def _run(self, account, stream, trigger="cron", records=None):
        """Synchronize one stream of one account; its log, or None when another run
        holds it. A run that does not get the lock writes nothing at all: the run
        holding it would otherwise meet its writes and fail to serialize."""
        with self._lock(account, stream) as free:
            if not free:
                return None
            state = self._state(account, stream)
            self._interrupted(state)
            run = SyncRun(self.env, account, stream, trigger, records)
            self._commit()  # the run shows as running, and survives its own failure
            model, method = self._STREAMS[stream]
            try:
                getattr(self.env[model], method)(run)
            except ThrottledError as exc:
                self._ended(state, run.close("throttled", error_text(exc)))
                self._commit()
                state._amazon_schedule(fields.Datetime.now()
                                       + timedelta(seconds=exc.retry_after))
                return run.log
            except Exception as exc:
                if not isinstance(exc, SpApiError):
                    # The kind only: the message of an unexpected error may quote buyer data.
                    _logger.error("Amazon %s of account %s failed (%s).", stream, account.id,
                                  type(exc).__name__)
                    self._rollback()
                self._ended(state, run.close("failed", safe_error_text(exc)), exc)
                self._commit()
                raise
            log = run.close()
            self._ended(state, log)
            if run.more:
                self._hand_over(state, sum(run.counts.values()), run.resume_at)
            return log

    @api.model
    def _run_now(self, account, stream, records=None):
        """Behind a button: run the stream (on ``records`` only, when given) and say what
        it did."""
        with self._user_errors(account):
            log = self._run(account, stream, trigger="user", records=records)
        if log is None:
            raise self._busy_error(account)
        return notification(
            _("%(stream)s of %(account)s", stream=dict(STREAMS)[stream],
              account=account.display_name),
            _("%(created)s created, %(updated)s updated, %(skipped)s skipped, "
              "%(failed)s failed, %(calls)s SP-API calls%(more)s.",
              created=log.created, updated=log.updated, skipped=log.skipped,
              failed=log.failed, calls=log.api_calls, more={
                  "handed_over": _("; the rest follows in the background"),
                  "throttled": _("; Amazon is limiting the requests, the rest follows later"),
              }.get(log.outcome, "")),
            kind="warning" if log.failed or log.outcome == "throttled" else "success")

    @api.model
    def _run_scheduled(self, account, stream):
        """One scheduled run (a stream's own job): failures are noted on the stream, and
        never stop the other accounts' jobs. A cron pass that spent its time box on other
        jobs leaves the run to the next pass, which it starts. Its trigger is a second
        ahead: once a job ends, Odoo deletes the triggers older than the job's start."""
        if cron_pass_spent():
            self._state(account, stream)._amazon_schedule(
                fields.Datetime.now() + timedelta(seconds=1))
            return
        try:
            self._run(account, stream)
        except Exception:  # noqa: BLE001 - noted by _run; the job itself must end well
            return

    @api.model
    def _run_for_each_account(self, stream):
        """A stream's scheduled action: every linked account's job of that stream is
        triggered; free cron workers run them side by side."""
        if stream in UNLINKED_STREAMS:
            accounts = self.env["amazon.account"].with_context(active_test=False).search([])
        else:
            accounts = self.env["amazon.account"].search(
                [("active_marketplace_ids", "!=", False)]).filtered("is_linked")
        for account in accounts:
            self._state(account, stream)._amazon_schedule()

    # ------------------------------------------------------------------
    # Health: the log of each run, failure streaks
    # ------------------------------------------------------------------

    @api.model
    def _state(self, account, stream):
        """The stream's state record: written only by the run holding the stream's lock."""
        return self.env["amazon.sync.state"]._amazon_get(account, stream)

    @api.model
    def _interrupted(self, state):
        """Runs of this stream still "running" died with their process (we hold the lock)."""
        self.env["amazon.sync.log"].sudo().search([
            ("account_id", "=", state.account_id.id), ("stream", "=", state.stream),
            ("outcome", "=", "running")]).write({"outcome": "interrupted"})

    @api.model
    def _ended(self, state, log, exc=None):
        """Record how a run ended on its stream: health, and one note per failure streak."""
        values = {"last_log_id": log.id}
        if log.outcome in SUCCESSES:
            values["last_success_id"] = log.id
            if state.failure_streak:
                self._recovered(state)
            values.update(error=False, failure_streak=0, activity_id=False)
        else:
            values.update(error=log.message, failure_streak=state.failure_streak + 1)
            if not state.failure_streak:
                values["activity_id"] = self._streak_started(state, log, exc).id
        state.sudo().write(values)

    @api.model
    def _streak_started(self, state, log, exc):
        """The first failure of a streak: one message, one to-do for the salesperson."""
        account = state.account_id
        stream = dict(STREAMS)[state.stream]
        account.message_post(body=_("%(stream)s synchronization stopped: %(error)s",
                                    stream=stream, error=log.message))
        summary = _("Link the Amazon account again") if isinstance(exc, AuthError) \
            else _("Amazon %s synchronization failing", stream)
        return account.sudo().activity_schedule(
            "mail.mail_activity_data_todo", user_id=account.user_id.id or self.env.uid,
            summary=summary, note=plaintext2html(log.message or ""))

    @api.model
    def _recovered(self, state):
        state.activity_id.sudo().action_feedback(feedback=_("The synchronization recovered."))
        state.account_id.message_post(body=_("%s synchronization recovered.",
                                             dict(STREAMS)[state.stream]))

    @api.model
    def _hand_over(self, state, done, at=None):
        """Work is left: the stream's job continues soon, or at ``at`` (and 18.0 shows the
        cron job's progress)."""
        compat.notify_cron_progress(self.env, done=done, remaining=1)
        state._amazon_schedule(at)

    # ------------------------------------------------------------------
    # Locks and transactions
    # ------------------------------------------------------------------

    @api.model
    def _lock_key(self, account, stream):
        """The two integers of the advisory lock of one account and stream."""
        return zlib.crc32(f"sale_amazon_sync.{stream}".encode()) & 0x7FFFFFFF, account.id

    @api.model
    @contextmanager
    def _lock(self, account, stream):
        """A PostgreSQL advisory lock per account and stream: a second run started while
        one is going (cron and button, two workers) skips instead of working twice.
        Yields whether this run got it."""
        key = self._lock_key(account, stream)
        self.env.cr.execute("SELECT pg_try_advisory_lock(%s, %s)", key)
        free = self.env.cr.fetchone()[0]
        try:
            yield free
        finally:
            if free:
                if self.env.cr._cnx.get_transaction_status() == TRANSACTION_STATUS_INERROR:
                    self._rollback()  # else the unlock fails and the lock outlives us
                self.env.cr.execute("SELECT pg_advisory_unlock(%s, %s)", key)

    @api.model
    @contextmanager
    def _locked(self, account, stream):
        """The lock, for work started by a user: busy is an error they read."""
        with self._lock(account, stream) as free:
            if not free:
                raise self._busy_error(account)
            yield

    @api.model
    def _busy_error(self, account):
        return UserError(_("%s is being synchronized already: try again in a moment.",
                           account.display_name))

    @api.model
    def _commit(self):
        # Deliberate: each unit of work (an order with the watermark covering it, a
        # shipment, a feed) is committed, so that a crash loses nothing and repeats
        # nothing. Tests run in one transaction instead.
        if not getattr(threading.current_thread(), "testing", False):
            self.env.cr.commit()  # pylint: disable=invalid-commit

    @api.model
    def _rollback(self):
        # After an unexpected error the transaction may be unusable; what each unit
        # committed stays. Tests run in one transaction and keep it.
        if not getattr(threading.current_thread(), "testing", False):
            self.env.cr.rollback()

    # ------------------------------------------------------------------
    # Failures as users read them
    # ------------------------------------------------------------------

    @api.model
    @contextmanager
    def _user_errors(self, account):
        """Behind a button: turn Amazon's failures into messages a user can act on."""
        try:
            yield
        except AuthError as exc:
            raise UserError(_("Amazon refused the authorization of %(account)s: %(error)s\n"
                              "Link the account with Amazon again.",
                              account=account.display_name, error=exc.message)) from exc
        except ThrottledError as exc:
            raise UserError(_("Amazon is limiting the requests of %(account)s; try again in "
                              "%(seconds)d seconds.", account=account.display_name,
                              seconds=max(1, round(exc.retry_after)))) from exc
        except SpApiError as exc:
            raise UserError(_("Amazon could not process the request of %(account)s: %(error)s",
                              account=account.display_name, error=error_text(exc))) from exc
