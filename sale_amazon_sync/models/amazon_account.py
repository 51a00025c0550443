
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .. import const
from ..spapi import SpApiClient
from ..utils import get_float, get_param
from .amazon_sync_state import STREAMS


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
    sync_state_ids = fields.One2many("amazon.sync.state", "account_id", string="Streams")
    last_orders_sync = fields.Datetime(
        string="Orders Synchronized Until", compute="_compute_last_orders_sync",
        inverse="_inverse_last_orders_sync",
        help="Orders updated on Amazon after this time are read at the next synchronization.")
    synchronize_inventory = fields.Boolean(
        default=True, help="Push the free quantity of FBM offers to Amazon.")
    offer_ids = fields.One2many("amazon.offer", "account_id", string="Offers")
    offer_count = fields.Integer(compute="_compute_offer_count")
    order_count = fields.Integer(compute="_compute_order_count")
    order_error_count = fields.Integer(compute="_compute_order_count")
    log_count = fields.Integer(compute="_compute_order_count")
    sync_error = fields.Text(
        string="Last Synchronization Error", compute="_compute_sync_error",
        help="Why the last synchronization of a stream stopped; empty when it went through.")
    inventory_buffer = fields.Integer(
        string="Safety Buffer", default=0,
        help="Units kept back from Amazon: the quantity pushed is the free quantity of the "
             "FBM warehouse minus this buffer, never below zero.")
    feed_ids = fields.One2many("amazon.feed", "account_id", string="Feeds")
    buyer_data_retention_days = fields.Integer(
        string="Keep Buyer Data (days)", default=const.BUYER_DATA_RETENTION_DAYS,
        help="Buyers' names, e-mails, phones and street lines are removed this many days "
             "after their Amazon order is delivered (Amazon's Data Protection Policy allows "
             "at most 30).")

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

    @api.depends("sync_state_ids.watermark")
    def _compute_last_orders_sync(self):
        for account in self:
            account.last_orders_sync = account.sync_state_ids.filtered(
                lambda s: s.stream == "orders").watermark

    def _inverse_last_orders_sync(self):
        """Re-sync From (developer mode): not while the orders are being read."""
        runner = self._amazon_runner()
        for account in self:
            with runner._locked(account, "orders"):
                self.env["amazon.sync.state"]._amazon_get(account, "orders").watermark = \
                    account.last_orders_sync

    @api.depends("sync_state_ids.error")
    def _compute_sync_error(self):
        for account in self:
            account.sync_error = "\n".join(filter(None, account.sync_state_ids.mapped("error")))

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
        logs = dict(self.env["amazon.sync.log"]._read_group(
            [("account_id", "in", self.ids)], ["account_id"], ["__count"]))
        for account in self:
            account.order_count = orders.get(account, 0)
            account.order_error_count = errors.get(account, 0)
            account.log_count = logs.get(account, 0)

    @api.constrains("base_marketplace_id", "available_marketplace_ids", "active_marketplace_ids")
    def _check_marketplace_region(self):
        """An authorization serves one region: every call, feed and confirmation of the
        account goes to its home marketplace's region."""
        for account in self:
            foreign = (account.available_marketplace_ids | account.active_marketplace_ids) \
                .filtered(lambda m, region=account.region: m.region != region)
            if foreign:
                raise ValidationError(_(
                    "%(account)s is an account of %(region)s: %(marketplaces)s belong to "
                    "another region, whose orders and stock need an account of their own.",
                    account=account.display_name,
                    region=dict(const.REGION_SELECTION)[account.region],
                    marketplaces=", ".join(foreign.mapped("name"))))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("location_id"):
                company = self.env["res.company"].browse(vals.get("company_id")) \
                    or self.env.company
                vals["location_id"] = self._get_fba_location(company).id
            vals.setdefault("sync_state_ids", [(0, 0, {"stream": stream})
                                               for stream, _label in STREAMS])
        return super().create(vals_list)

    @api.model
    def _get_fba_location(self, company):
        """The company's "Amazon" stock location, created on first need."""
        return self._amazon_location({
            "name": "Amazon", "usage": "internal", "company_id": company.id,
            "location_id": self.env.ref("stock.stock_location_locations").id,
        })

    @api.model
    def _amazon_location(self, values):
        """The internal location with these values, created on first need."""
        location = self.env["stock.location"].search(
            [(name, "=", value) for name, value in values.items()], limit=1)
        return location or self.env["stock.location"].sudo().create(values)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_sync_orders(self):
        """Import the orders updated on Amazon since the last synchronization, now."""
        self.ensure_one()
        return self._amazon_runner()._run_now(self, "orders")

    def action_sync_shipments(self):
        """Confirm the validated FBM deliveries to Amazon now."""
        self.ensure_one()
        return self._amazon_runner()._run_now(self, "shipments")

    def action_sync_inventory(self):
        """Push the free quantities of the FBM offers now (and read earlier feeds' results)."""
        self.ensure_one()
        return self._amazon_runner()._run_now(self, "inventory")

    def action_view_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id("sale.action_orders")
        action.update(domain=[("amazon_account_id", "=", self.id)], context={})
        return action

    def action_view_order_errors(self):
        return self._amazon_list_action("amazon_order_error_action")

    def action_view_logs(self):
        return self._amazon_list_action("amazon_sync_log_action")

    def action_view_offers(self):
        action = self._amazon_list_action("amazon_offer_action")
        action["context"] = {"default_account_id": self.id}
        return action

    def _amazon_list_action(self, action_xmlid):
        """One of our list actions, showing this account's records only."""
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(f"sale_amazon_sync.{action_xmlid}")
        action["domain"] = [("account_id", "=", self.id)]
        return action

    # ------------------------------------------------------------------
    # Scheduled actions
    # ------------------------------------------------------------------

    @api.model
    def _cron_sync_orders(self):
        self._amazon_runner()._run_for_each_account("orders")

    @api.model
    def _cron_sync_shipments(self):
        self._amazon_runner()._run_for_each_account("shipments")

    @api.model
    def _cron_sync_inventory(self):
        self._amazon_runner()._run_for_each_account("inventory")

    @api.model
    def _cron_remove_buyer_data(self):
        self._amazon_runner()._run_for_each_account("buyer_data")

    # ------------------------------------------------------------------
    # Business helpers
    # ------------------------------------------------------------------

    def _get_client(self):
        """The SP-API client of this account; every call to Amazon goes through it."""
        self.ensure_one()
        return SpApiClient(
            client_id=get_param(self.env, "lwa_client_id"),
            client_secret=get_param(self.env, "lwa_client_secret"),
            refresh_token=self.sudo().refresh_token,
            region=self.region,
            marketplace_id=self.base_marketplace_id.api_ref,
            endpoint=get_param(self.env, "sp_api_endpoint"),
            lwa_endpoint=get_param(self.env, "lwa_endpoint"),
            backoff_base=get_float(self.env, "retry_backoff", const.RETRY_BACKOFF_BASE),
        )

    def _amazon_runner(self):
        return self.env["amazon.sync.runner"]
