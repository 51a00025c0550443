import logging
from datetime import timedelta

from odoo import api, fields, models

from .. import const
from ..spapi import BadRequestError
from ..spapi.orders import parse_order
from ..spapi.timestamps import parse_timestamp
from ..utils import error_text

_logger = logging.getLogger(__name__)


class AmazonOrderImporter(models.AbstractModel):
    """Amazon orders into Odoo for one account, exactly once.

    Reads the orders updated since the account's watermark, page by page, and fetches
    again the orders that failed before. Each order is imported in its own savepoint and
    committed with the watermark that covers it: a crash loses nothing and repeats
    nothing, bad data is recorded against its order and the others go on. What one
    order becomes is ``sale.order``'s business.
    """

    _name = "amazon.order.importer"
    _description = "Amazon Order Importer"

    @api.model
    def _amazon_sync_orders(self, account):
        """The orders stream: retry the failed orders, then read the updated ones.
        Returns how many orders were read."""
        with account._get_client() as client:
            count = self._retry_failed(account, client)
            return count + self._import_updated(account, client)

    @api.model
    def _import_updated(self, account, client):
        """searchOrders from the watermark to two minutes ago (Amazon's floor)."""
        until = fields.Datetime.now() - timedelta(seconds=const.ORDERS_MIN_AGE)
        since = self._runner()._state(account, "orders").watermark \
            or until - timedelta(days=const.ORDERS_FIRST_SYNC_DAYS)
        # One second of overlap: re-reading an order is harmless, missing one is not.
        pages = client.search_order_pages(account.active_marketplace_ids.mapped("api_ref"),
                                          since - timedelta(seconds=1), until)
        count = 0
        for page in pages:
            for data in page:
                self._import_one(account, data)
                # searchOrders returns orders by ascending update time: once this one is in
                # the database (or recorded as failed), the watermark may move past it.
                if isinstance(data, dict):
                    self._advance_watermark(account, data.get("lastUpdatedTime"))
                self._runner()._commit()
                count += 1
        self._advance_watermark(account, until)
        self._runner()._commit()
        return count

    @api.model
    def _retry_failed(self, account, client):
        """getOrder each failed order (a few) and import it again; the watermark stays."""
        errors = self.env["amazon.order.error"].search([
            ("account_id", "=", account.id), ("state", "=", "retry")])
        for ref in errors.mapped("order_ref"):
            try:
                data = client.get_order(ref)
            except BadRequestError as exc:
                self.env["amazon.order.error"]._amazon_record(account, ref, error_text(exc))
            else:
                self._import_one(account, data)
            self._runner()._commit()
        return len(errors)

    @api.model
    def _recover(self, account, order_refs):
        """Fetch and import given orders now (Recover Order, Retry): their sale orders.
        An order Amazon does not know is an error for the user, not a record to retry."""
        runner = self._runner()
        with runner._locked(account, "orders"), runner._user_errors(account), \
                account._get_client() as client:
            for ref in order_refs:
                self._import_one(account, client.get_order(ref))
                runner._commit()
        return self.env["sale.order"].search([("amazon_account_id", "=", account.id),
                                              ("amazon_order_ref", "in", order_refs)])

    @api.model
    def _import_one(self, account, data):
        """Import one order in its own savepoint: bad data is recorded against the order
        (to be retried) and the others go on."""
        ref = data.get("orderId") if isinstance(data, dict) else None
        try:
            with self.env.cr.savepoint():
                self.env["sale.order"]._amazon_sync(parse_order(data), account)
                self.env["amazon.order.error"].search([
                    ("account_id", "=", account.id), ("order_ref", "=", ref)]).unlink()
        except Exception as exc:  # noqa: BLE001 - any failure of one order is recorded
            self._record_error(account, ref, exc)

    @api.model
    def _record_error(self, account, ref, exc):
        # Only the reference and the error's kind go to the log: the message may quote
        # buyer data. The full message is kept on the error record.
        _logger.warning("Amazon order %s of account %s not imported (%s); it will be retried.",
                        ref, account.id, type(exc).__name__)
        if isinstance(ref, str) and ref:
            self.env["amazon.order.error"]._amazon_record(account, ref, error_text(exc))

    @api.model
    def _advance_watermark(self, account, moment):
        """Move the orders watermark up to ``moment`` (a datetime or Amazon's text)."""
        if isinstance(moment, str):
            try:
                moment = parse_timestamp(moment)
            except ValueError:
                return
            moment = moment.replace(microsecond=0)  # Odoo keeps whole seconds
        state = self._runner()._state(account, "orders")
        if moment and (not state.watermark or moment > state.watermark):
            state.watermark = moment

    @api.model
    def _runner(self):
        return self.env["amazon.sync.runner"]
