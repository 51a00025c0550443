import logging
import secrets
import threading
import time
import zlib
from contextlib import contextmanager
from datetime import timedelta
from urllib.parse import urlencode

from psycopg2.extensions import TRANSACTION_STATUS_INERROR

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import consteq
from odoo.tools.misc import hmac

from .. import const
from ..spapi import (
    AuthError, BadRequestError, SpApiClient, SpApiError, ThrottledError, clear_token_cache,
    exchange_auth_code,
)
from ..spapi.orders import OrderDataError, parse_order

_logger = logging.getLogger(__name__)

PARAM = "sale_amazon_sync.%s"
RETURN_ROUTE = "/amazon_sync/return"


class AmazonAccount(models.Model):
    _name = "amazon.account"
    _description = "Amazon Seller Account"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "name"

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, tracking=True)
    seller_key = fields.Char(
        string="Seller ID", copy=False, tracking=True,
        help="The selling partner id of the seller, set when the account is linked.")
    refresh_token = fields.Char(
        copy=False, groups="base.group_system",
        help="The LWA refresh token authorizing our app for this seller. Paste it here for a "
             "self-authorized private app; 'Link with Amazon' fills it otherwise.")
    oauth_nonce = fields.Char(copy=False, groups="base.group_system")
    is_linked = fields.Boolean(string="Linked", compute="_compute_is_linked", compute_sudo=True)
    base_marketplace_id = fields.Many2one(
        "amazon.marketplace", string="Home Marketplace", required=True, tracking=True,
        help="The marketplace where the seller registered; its Seller Central hosts the "
             "authorization and its region serves the API calls.")
    region = fields.Selection(related="base_marketplace_id.region")
    available_marketplace_ids = fields.Many2many(
        "amazon.marketplace", "amazon_account_available_marketplace_rel",
        string="Available Marketplaces",
        help="The marketplaces where the seller participates, as Amazon reported them.")
    active_marketplace_ids = fields.Many2many(
        "amazon.marketplace", "amazon_account_active_marketplace_rel",
        string="Synchronized Marketplaces",
        domain="[('id', 'in', available_marketplace_ids)]",
        help="The marketplaces whose orders and stock are synchronized; remove one to stop.")
    user_id = fields.Many2one(
        "res.users", string="Salesperson", default=lambda self: self.env.user,
        domain="[('share', '=', False)]", tracking=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", tracking=True)
    location_id = fields.Many2one(
        "stock.location", string="FBA Stock Location", check_company=True, tracking=True,
        domain="[('usage', '=', 'internal')]",
        help="Where the stock kept by Amazon (FBA) lives; FBA orders are delivered from it.")
    warehouse_id = fields.Many2one(
        "stock.warehouse", string="FBM Warehouse", check_company=True, tracking=True,
        compute="_compute_warehouse_id", store=True, readonly=False,
        help="The warehouse shipping the orders you fulfil yourself (FBM).")
    last_orders_sync = fields.Datetime(
        string="Orders Synchronized Until", copy=False,
        help="Orders updated on Amazon after this time are read at the next synchronization.")
    synchronize_inventory = fields.Boolean(
        default=True, help="Push the free quantity of FBM offers to Amazon.")
    offer_ids = fields.One2many("amazon.offer", "account_id", string="Offers")
    offer_count = fields.Integer(compute="_compute_offer_count")
    order_count = fields.Integer(compute="_compute_order_count")
    order_error_count = fields.Integer(compute="_compute_order_count")
    sync_error = fields.Text(
        string="Last Synchronization Error", copy=False, readonly=True,
        help="Why the last synchronization stopped; empty when it went through.")
    inventory_buffer = fields.Integer(
        string="Safety Buffer", default=0,
        help="Units kept back from Amazon: the quantity pushed is the free quantity of the "
             "FBM warehouse minus this buffer, never below zero.")
    feed_ids = fields.One2many("amazon.feed", "account_id", string="Feeds")

    _check_company_auto = True

    # ------------------------------------------------------------------
    # Compute / CRUD
    # ------------------------------------------------------------------

    @api.depends("refresh_token")
    def _compute_is_linked(self):
        for account in self:
            account.is_linked = bool(account.refresh_token)

    @api.depends("company_id")
    def _compute_warehouse_id(self):
        for account in self:
            if account.warehouse_id.company_id != account.company_id:
                account.warehouse_id = self.env["stock.warehouse"].search(
                    [("company_id", "=", account.company_id.id)], limit=1)

    def _compute_offer_count(self):
        counts = dict(self.env["amazon.offer"]._read_group(
            [("account_id", "in", self.ids)], ["account_id"], ["__count"]))
        for account in self:
            account.offer_count = counts.get(account, 0)

    def _compute_order_count(self):
        orders = dict(self.env["sale.order"]._read_group(
            [("amazon_account_id", "in", self.ids)], ["amazon_account_id"], ["__count"]))
        errors = dict(self.env["amazon.order.error"]._read_group(
            [("account_id", "in", self.ids), ("state", "=", "retry")], ["account_id"],
            ["__count"]))
        for account in self:
            account.order_count = orders.get(account, 0)
            account.order_error_count = errors.get(account, 0)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("location_id"):
                company = self.env["res.company"].browse(vals.get("company_id")) \
                    or self.env.company
                vals["location_id"] = self._get_fba_location(company).id
        return super().create(vals_list)

    @api.model
    def _get_fba_location(self, company):
        """The company's "Amazon" stock location, created on first need."""
        values = {
            "name": "Amazon", "usage": "internal", "company_id": company.id,
            "location_id": self.env.ref("stock.stock_location_locations").id,
        }
        location = self.env["stock.location"].search(
            [(name, "=", value) for name, value in values.items()], limit=1)
        return location or self.env["stock.location"].sudo().create(values)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_link(self):
        """Send the user to Amazon's consent page, with a signed single-use state."""
        self.ensure_one()
        app_id = self._get_param("app_id")
        if not (app_id and self._get_param("lwa_client_id")):
            raise UserError(_("Set the Amazon app's credentials in Settings > Sales > "
                              "Amazon Sync first."))
        params = {
            "application_id": app_id,
            "state": self._make_oauth_state(),
            "redirect_uri": self.get_base_url() + RETURN_ROUTE,
        }
        if self._get_param("app_draft"):
            params["version"] = "beta"
        base = self._get_param("seller_central_url") or self.base_marketplace_id.seller_central_url
        return {
            "type": "ir.actions.act_url",
            "url": f"{base.rstrip('/')}{const.CONSENT_PATH}?{urlencode(params)}",
            "target": "self",
        }

    def action_unlink(self):
        """Forget the authorization; Amazon-side it is revoked in Seller Central."""
        self.ensure_one()
        self.sudo().write({"refresh_token": False, "oauth_nonce": False})
        clear_token_cache()
        self.message_post(body=_("Unlinked from Amazon."))

    def action_update_marketplaces(self):
        """Read where the seller participates; newly found marketplaces are synchronized,
        marketplaces the seller left stop being so."""
        self.ensure_one()
        with self._amazon_errors(), self._get_client() as client:
            participations = client.get_marketplace_participations()
        found = self._marketplaces_from_participations(participations)
        added = found - self.available_marketplace_ids
        removed = self.available_marketplace_ids - found
        self.write({
            "available_marketplace_ids": [fields.Command.set(found.ids)],
            "active_marketplace_ids": [fields.Command.set(
                ((self.active_marketplace_ids & found) | added).ids)],
        })
        self.message_post(body=_(
            "Marketplaces updated: %(added)s added, %(removed)s removed.",
            added=", ".join(added.mapped("name")) or _("none"),
            removed=", ".join(removed.mapped("name")) or _("none")))
        return _notification(_("Marketplaces updated"), _("%s marketplaces available.",
                                                          len(found)))

    def action_sync_orders(self):
        """Import the orders updated on Amazon since the last synchronization, now."""
        return self._amazon_run_now("_sync_orders", _("Orders synchronized"),
                                    _("%s Amazon orders read."))

    def action_sync_shipments(self):
        """Confirm the validated FBM deliveries to Amazon now."""
        return self._amazon_run_now("_sync_shipments", _("Shipments synchronized"),
                                    _("%s shipments confirmed to Amazon."))

    def action_sync_inventory(self):
        """Push the free quantities of the FBM offers now (and read earlier feeds' results)."""
        return self._amazon_run_now("_sync_inventory", _("Inventory synchronized"),
                                    _("%s offer quantities sent to Amazon."))

    def _amazon_run_now(self, method, title, message):
        """Behind a button: run one synchronization and say how it went."""
        self.ensure_one()
        with self._amazon_errors():
            count = getattr(self, method)()
        self.sync_error = False
        if count is None:
            raise UserError(_("%s is being synchronized already: try again in a moment.",
                              self.display_name))
        return _notification(title, message % count)

    def action_view_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id("sale.action_orders")
        action.update(domain=[("amazon_account_id", "=", self.id)], context={})
        return action

    def action_view_order_errors(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "sale_amazon_sync.amazon_order_error_action")
        action["domain"] = [("account_id", "=", self.id)]
        return action

    def action_view_offers(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id("sale_amazon_sync.amazon_offer_action")
        action["domain"] = [("account_id", "=", self.id)]
        action["context"] = {"default_account_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Synchronization: orders in; shipments and stock out
    # ------------------------------------------------------------------

    @api.model
    def _cron_sync_orders(self):
        self._amazon_run_for_each_account("_sync_orders")

    @api.model
    def _cron_sync_shipments(self):
        self._amazon_run_for_each_account("_sync_shipments")

    @api.model
    def _cron_sync_inventory(self):
        self._amazon_run_for_each_account("_sync_inventory")

    @api.model
    def _amazon_run_for_each_account(self, method):
        """Every linked account in turn; one account's failure never stops the others."""
        for account in self.search([("active_marketplace_ids", "!=", False)]):
            if not account.is_linked:
                continue
            try:
                getattr(account, method)()
            except SpApiError as exc:
                account._amazon_note_sync_failure(exc)
            except Exception as exc:  # noqa: BLE001 - the next accounts must still run
                # The kind only: the message of an unexpected error may quote buyer data.
                _logger.error("Amazon %s of account %s failed (%s).", method, account.id,
                              type(exc).__name__)
                account._amazon_rollback()
                account._amazon_note_sync_failure(exc)
            else:
                account.sync_error = False

    def _sync_orders(self):
        """Retry the failed orders, then read the orders updated since the watermark.

        Returns how many orders were read, or None when another run holds the account.
        """
        self.ensure_one()
        with self._amazon_lock("orders") as free:
            if not free:
                return None
            with self._get_client() as client:
                count = self._amazon_retry_failed_orders(client)
                return count + self._amazon_import_updated_orders(client)

    def _amazon_import_updated_orders(self, client):
        """searchOrders page by page: every order arrives complete (items, buyer, address,
        proceeds...), so reading costs no call per order."""
        until = fields.Datetime.now() - timedelta(seconds=const.ORDERS_MIN_AGE)
        since = self.last_orders_sync or until - timedelta(days=const.ORDERS_FIRST_SYNC_DAYS)
        params = {
            "marketplaceIds": ",".join(self.active_marketplace_ids.mapped("api_ref")),
            # One second of overlap: re-reading an order is harmless, missing one is not.
            "lastUpdatedAfter": _iso(since - timedelta(seconds=1)),
            "lastUpdatedBefore": _iso(until),
            "maxResultsPerPage": const.ORDERS_PAGE_SIZE,
            "includedData": ",".join(const.ORDER_INCLUDED_DATA),
        }
        count, token = 0, None
        while True:
            page = client.search_orders(**dict(params, **({"paginationToken": token}
                                                          if token else {})))
            for data in page["orders"]:
                self._amazon_import_order(data)
                # searchOrders returns orders by ascending update time: once this one is in
                # the database (or recorded as failed), the watermark may move past it.
                if isinstance(data, dict):
                    self._amazon_advance_watermark(_parse_iso(data.get("lastUpdatedTime")))
                self._amazon_commit()
                count += 1
            token = page["nextToken"]
            if not token:
                break
        self._amazon_advance_watermark(until)
        self._amazon_commit()
        return count

    def _amazon_retry_failed_orders(self, client):
        """getOrder each failed order (a few) and import it again; the watermark stays."""
        errors = self.env["amazon.order.error"].search([
            ("account_id", "=", self.id), ("state", "=", "retry")])
        for ref in errors.mapped("order_ref"):
            try:
                data = client.get_order(ref)
            except BadRequestError as exc:
                self.env["amazon.order.error"]._amazon_record(self, ref, str(exc))
            else:
                self._amazon_import_order(data)
            self._amazon_commit()
        return len(errors)

    def _amazon_recover_orders(self, order_refs):
        """Fetch and import given orders now (Recover Order, Retry): their sale orders.
        An order Amazon does not know is an error for the user, not a record to retry."""
        self.ensure_one()
        with self._amazon_lock("orders") as free:
            if not free:
                raise UserError(_("%s is being synchronized already: try again in a moment.",
                                  self.display_name))
            with self._amazon_errors(), self._get_client() as client:
                for ref in order_refs:
                    self._amazon_import_order(client.get_order(ref))
                    self._amazon_commit()
        return self.env["sale.order"].search([("amazon_account_id", "=", self.id),
                                              ("amazon_order_ref", "in", order_refs)])

    def _amazon_import_order(self, data):
        """Import one order in its own savepoint: bad data is recorded against the order
        (to be retried) and the others go on."""
        ref = data.get("orderId") if isinstance(data, dict) else None
        try:
            with self.env.cr.savepoint():
                self.env["sale.order"]._amazon_sync(parse_order(data), self)
                self.env["amazon.order.error"].search([
                    ("account_id", "=", self.id), ("order_ref", "=", ref)]).unlink()
        except Exception as exc:  # noqa: BLE001 - any failure of one order is recorded
            self._amazon_record_order_error(ref, exc)

    def _amazon_record_order_error(self, ref, exc):
        # Only the reference and the error's kind go to the log: the message may quote
        # buyer data. The full message is kept on the error record.
        _logger.warning("Amazon order %s of account %s not imported (%s); it will be retried.",
                        ref, self.id, type(exc).__name__)
        if not isinstance(ref, str) or not ref:
            return
        message = str(exc) if isinstance(exc, (OrderDataError, UserError)) else repr(exc)
        self.env["amazon.order.error"]._amazon_record(self, ref, message)

    def _amazon_advance_watermark(self, moment):
        if moment and (not self.last_orders_sync or moment > self.last_orders_sync):
            self.last_orders_sync = moment

    def _sync_shipments(self):
        """Confirm the pending FBM deliveries; None when another run holds the account."""
        self.ensure_one()
        with self._amazon_lock("shipments") as free:
            if not free:
                return None
            return self.env["stock.picking"]._amazon_pending(self)._amazon_confirm_shipments(
                self)

    def _sync_inventory(self):
        """Push changed FBM quantities and read finished feeds; None when another run holds
        the account."""
        self.ensure_one()
        if not self.synchronize_inventory:
            return 0
        with self._amazon_lock("inventory") as free:
            if not free:
                return None
            with self._get_client() as client:
                # Push first, then read the feeds Amazon has finished: an offer Amazon
                # rejected now is sent again at the next run, not in a loop within this one.
                submitted = self.feed_ids.filtered(lambda f: f.state == "submitted")
                count = self.env["amazon.offer"]._amazon_push_quantities(self, client)
                submitted._amazon_poll(client)
                return count

    def _amazon_note_sync_failure(self, exc):
        """A cron run stopped on Amazon's side: show why, once, and for a revoked
        authorization ask the salesperson to link again."""
        message = str(exc)
        if self.sync_error != message:
            self.sync_error = message
            if isinstance(exc, AuthError):
                self.activity_schedule(
                    "mail.mail_activity_data_todo", user_id=self.user_id.id or self.env.uid,
                    summary=_("Link the Amazon account again"),
                    note=_("Amazon refused the authorization: %s", message))
            elif not isinstance(exc, ThrottledError):
                self.message_post(body=_("Synchronization stopped: %s", message))
        self._amazon_commit()

    @contextmanager
    def _amazon_lock(self, stream):
        """A PostgreSQL advisory lock per account and stream: a second run started while
        one is going (cron and button, two workers) skips instead of importing twice."""
        key = (zlib.crc32(f"sale_amazon_sync.{stream}".encode()) & 0x7FFFFFFF, self.id)
        self.env.cr.execute("SELECT pg_try_advisory_lock(%s, %s)", key)
        free = self.env.cr.fetchone()[0]
        try:
            yield free
        finally:
            if free:
                if self.env.cr._cnx.get_transaction_status() == TRANSACTION_STATUS_INERROR:
                    self._amazon_rollback()  # else the unlock fails and the lock outlives us
                self.env.cr.execute("SELECT pg_advisory_unlock(%s, %s)", key)

    def _amazon_rollback(self):
        # After an unexpected error the transaction may be unusable; what each order
        # committed stays. Tests run in one transaction and keep it.
        if not getattr(threading.current_thread(), "testing", False):
            self.env.cr.rollback()

    def _amazon_commit(self):
        # Deliberate: each order is committed with the watermark that covers it, so that a
        # crash loses nothing and repeats nothing. Tests run in one transaction instead.
        if not getattr(threading.current_thread(), "testing", False):
            self.env.cr.commit()

    def _amazon_marketplace(self, api_ref):
        marketplace = self.env["amazon.marketplace"].search([("api_ref", "=", api_ref)],
                                                            limit=1)
        if not marketplace:
            raise OrderDataError(f"marketplace {api_ref} is unknown: add it in developer mode")
        return marketplace

    # ------------------------------------------------------------------
    # Linking (website authorization)
    # ------------------------------------------------------------------

    def _make_oauth_state(self):
        """``<account>.<user>.<expiry>.<nonce>.<signature>``; the nonce is kept to make the
        state single-use, the signature to make it unforgeable."""
        nonce = secrets.token_urlsafe(16)
        self.sudo().oauth_nonce = nonce
        payload = f"{self.id}.{self.env.uid}.{int(time.time()) + const.OAUTH_STATE_TTL}.{nonce}"
        return f"{payload}.{hmac(self.env(su=True), 'amazon_oauth_state', payload)}"

    @api.model
    def _consume_oauth_state(self, state):
        """The account a state was issued for, or None if forged, reused, expired or issued
        to another user. Consuming it makes it unusable."""
        payload, _sep, signature = (state or "").rpartition(".")
        expected = hmac(self.env(su=True), "amazon_oauth_state", payload)
        parts = payload.split(".")
        if len(parts) != 4 or not consteq(signature, expected):
            return None
        account_id, uid, expiry, nonce = parts
        account = self.sudo().browse(int(account_id)).exists()
        if (not account or int(uid) != self.env.uid or int(expiry) < time.time()
                or not account.oauth_nonce or not consteq(account.oauth_nonce, nonce)):
            return None
        account.oauth_nonce = False
        return account

    def _finish_link(self, seller_id, code):
        """Exchange Amazon's authorization code for the refresh token and store it."""
        self.ensure_one()
        with self._amazon_errors():
            refresh_token = exchange_auth_code(
                code, client_id=self._get_param("lwa_client_id"),
                client_secret=self._get_param("lwa_client_secret"),
                lwa_endpoint=self._get_param("lwa_endpoint") or None)
        self.sudo().write({"refresh_token": refresh_token, "seller_key": seller_id})
        self.message_post(body=_("Linked with Amazon (seller %s).", seller_id))

    # ------------------------------------------------------------------
    # Business helpers
    # ------------------------------------------------------------------

    def _get_client(self):
        """The SP-API client of this account; every call to Amazon goes through it."""
        self.ensure_one()
        return SpApiClient(
            client_id=self._get_param("lwa_client_id"),
            client_secret=self._get_param("lwa_client_secret"),
            refresh_token=self.sudo().refresh_token,
            region=self.region,
            marketplace_id=self.base_marketplace_id.api_ref,
            endpoint=self._get_param("sp_api_endpoint") or None,
            lwa_endpoint=self._get_param("lwa_endpoint") or None,
            backoff_base=float(self._get_param("retry_backoff") or const.RETRY_BACKOFF_BASE),
        )

    @api.model
    def _get_param(self, name):
        return self.env["ir.config_parameter"].sudo().get_param(PARAM % name)

    def _marketplaces_from_participations(self, participations):
        ids = [p["marketplace"]["id"] for p in participations
               if p.get("participation", {}).get("isParticipating")]
        return self.env["amazon.marketplace"].search([("api_ref", "in", ids)])

    @contextmanager
    def _amazon_errors(self):
        """Behind a button: turn Amazon failures into messages a user can act on."""
        try:
            yield
        except AuthError as exc:
            raise UserError(_("Amazon refused the authorization of %(account)s: %(error)s\n"
                              "Link the account with Amazon again.",
                              account=self.display_name, error=exc.message)) from exc
        except ThrottledError as exc:
            raise UserError(_("Amazon is limiting the requests of %(account)s; try again in "
                              "%(seconds)d seconds.", account=self.display_name,
                              seconds=max(1, round(exc.retry_after)))) from exc
        except SpApiError as exc:
            raise UserError(_("Amazon could not process the request of %(account)s: %(error)s",
                              account=self.display_name, error=str(exc))) from exc


def _iso(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_iso(value):
    """A naive UTC datetime from Amazon's ISO 8601, or None when it is not one."""
    try:
        return fields.Datetime.to_datetime(value.replace("T", " ").replace("Z", "")[:19])
    except (AttributeError, ValueError):
        return None


def _notification(title, message):
    return {"type": "ir.actions.client", "tag": "display_notification",
            "params": {"title": title, "message": message, "type": "success",
                       "next": {"type": "ir.actions.client", "tag": "soft_reload"}}}

