import logging
import secrets
import time
from contextlib import contextmanager
from urllib.parse import urlencode

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import consteq
from odoo.tools.misc import hmac

from .. import const
from ..spapi import (
    AuthError, SpApiClient, SpApiError, ThrottledError, clear_token_cache, exchange_auth_code,
)

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

    def action_view_offers(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id("sale_amazon_sync.amazon_offer_action")
        action["domain"] = [("account_id", "=", self.id)]
        action["context"] = {"default_account_id": self.id}
        return action

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

    def _get_client(self, marketplace=None):
        """The SP-API client of this account; every call to Amazon goes through it."""
        self.ensure_one()
        return SpApiClient(
            client_id=self._get_param("lwa_client_id"),
            client_secret=self._get_param("lwa_client_secret"),
            refresh_token=self.sudo().refresh_token,
            region=self.region,
            marketplace_id=(marketplace or self.base_marketplace_id).api_ref,
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


def _notification(title, message):
    return {"type": "ir.actions.client", "tag": "display_notification",
            "params": {"title": title, "message": message, "type": "success",
                       "next": {"type": "ir.actions.client", "tag": "soft_reload"}}}

