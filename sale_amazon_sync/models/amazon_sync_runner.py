import logging
import threading
import zlib
from contextlib import contextmanager

from psycopg2.extensions import TRANSACTION_STATUS_INERROR

from odoo import _, api, models
from odoo.exceptions import UserError

from ..spapi import AuthError, SpApiError, ThrottledError
from ..utils import error_text, notification

_logger = logging.getLogger(__name__)


class AmazonSyncRunner(models.AbstractModel):
    """How every synchronization with Amazon runs, whatever it moves.

    A stream (orders, shipments, inventory) is one method of one model, run for one
    account under an advisory lock of that account and stream. Here live the lock, the
    deliberate commits that make each unit of work durable, the cron fan-out over the
    accounts, and the translation of Amazon's failures into what users read.
    """

    _name = "amazon.sync.runner"
    _description = "Amazon Synchronization Runner"

    # stream -> (model, method) synchronizing one account; the method returns a count.
    _STREAMS = {
        "orders": ("amazon.order.importer", "_amazon_sync_orders"),
        "shipments": ("stock.picking", "_amazon_sync_shipments"),
        "inventory": ("amazon.offer", "_amazon_sync_inventory"),
    }

    # ------------------------------------------------------------------
    # Running a stream
    # ------------------------------------------------------------------

    @api.model
    def _run(self, account, stream):
        """Synchronize one stream of one account; None when another run holds it.

        A run that does not get the lock writes nothing at all: the run holding it would
        otherwise meet its writes and fail to serialize."""
        model, method = self._STREAMS[stream]
        with self._lock(account, stream) as free:
            if not free:
                return None
            count = getattr(self.env[model], method)(account)
            state = self._state(account, stream)
            if state.error:
                state.error = False
            return count

    @api.model
    def _run_now(self, account, stream, title, message):
        """Behind a button: run the stream and say how it went (``message`` % count)."""
        with self._user_errors(account):
            count = self._run(account, stream)
        if count is None:
            raise self._busy_error(account)
        return notification(title, message % count)

    @api.model
    def _run_for_each_account(self, stream):
        """The cron: every linked account in turn; one account's failure never stops the
        others."""
        accounts = self.env["amazon.account"].search([("active_marketplace_ids", "!=", False)])
        for account in accounts.filtered("is_linked"):
            try:
                self._run(account, stream)
            except SpApiError as exc:
                self._note_failure(account, stream, exc)
            except Exception as exc:  # noqa: BLE001 - the next accounts must still run
                # The kind only: the message of an unexpected error may quote buyer data.
                _logger.error("Amazon %s of account %s failed (%s).", stream, account.id,
                              type(exc).__name__)
                self._rollback()
                self._note_failure(account, stream, exc)

    @api.model
    def _note_failure(self, account, stream, exc):
        """A cron run stopped: show why, once, and for a revoked authorization ask the
        salesperson to link again."""
        message = error_text(exc)
        state = self._state(account, stream)
        if state.error != message:
            state.error = message
            if isinstance(exc, AuthError):
                account.activity_schedule(
                    "mail.mail_activity_data_todo", user_id=account.user_id.id or self.env.uid,
                    summary=_("Link the Amazon account again"),
                    note=_("Amazon refused the authorization: %s", message))
            elif not isinstance(exc, ThrottledError):
                account.message_post(body=_("Synchronization stopped: %s", message))
        self._commit()

    @api.model
    def _state(self, account, stream):
        """The stream's state record: written only by the run holding the stream's lock."""
        return self.env["amazon.sync.state"]._amazon_get(account, stream)

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
