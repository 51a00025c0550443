from odoo import _, api, fields, models
from odoo.exceptions import UserError


class AmazonAccount(models.Model):
    """The account's FBA stock: which marketplaces its FBA inventory is read from, whether
    Amazon's counts are applied or proposed, who looks after the FBA stock, the FBA
    buttons and scheduled actions."""

    _inherit = "amazon.account"  # pylint: disable=consider-merging-classes-inherited

    fba_marketplace_ids = fields.Many2many(
        "amazon.marketplace", "amazon_account_fba_marketplace_rel",
        string="FBA Stock Read From", domain="[('id', 'in', active_marketplace_ids)]",
        help="The marketplaces whose FBA inventory is read back and added up; empty: all "
             "synchronized marketplaces. Amazon reports a shared stock pool in each of its "
             "marketplaces (Pan-European FBA: the whole European pool in every European "
             "marketplace but the UK): keep one marketplace per pool.")
    fba_inventory_mode = fields.Selection(
        [("propose", "Propose Counts"), ("apply", "Apply Automatically")],
        string="Amazon's FBA Counts", default="propose", required=True,
        help="Propose: each difference with Amazon's FBA stock becomes a count to review "
             "and apply in Inventory > Physical Inventory. Apply Automatically: the "
             "inventory adjustments are made at once.")
    fba_user_id = fields.Many2one(
        "res.users", string="FBA Stock Responsible", domain="[('share', '=', False)]",
        help="Gets Amazon's proposed counts and the to-dos of FBA deliveries waiting for "
             "lots or serial numbers; the salesperson when empty.")
    fba_stock_count = fields.Integer(compute="_compute_fba_counts")
    fba_unmatched_count = fields.Integer(compute="_compute_fba_counts")
    fba_return_count = fields.Integer(compute="_compute_fba_counts")

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------

    def _compute_fba_counts(self):
        stock = self.env["amazon.fba.stock"]
        skus = dict(stock._read_group([("account_id", "in", self.ids)], ["account_id"],
                                      ["__count"]))
        unmatched = dict(stock._read_group(
            [("account_id", "in", self.ids), ("offer_id", "=", False)], ["account_id"],
            ["__count"]))
        returns = dict(self.env["amazon.fba.return"]._read_group(
            [("account_id", "in", self.ids)], ["account_id"], ["__count"]))
        for account in self:
            account.fba_stock_count = skus.get(account, 0)
            account.fba_unmatched_count = unmatched.get(account, 0)
            account.fba_return_count = returns.get(account, 0)

    # ------------------------------------------------------------------
    # Business helpers
    # ------------------------------------------------------------------

    def _amazon_fba_marketplaces(self):
        """The marketplaces whose FBA inventory is read, among the synchronized ones."""
        self.ensure_one()
        return (self.fba_marketplace_ids or self.active_marketplace_ids) \
            & self.active_marketplace_ids

    def _amazon_fba_user(self):
        self.ensure_one()
        return self.fba_user_id or self.user_id or self.env.user

    def _amazon_unfulfillable_location(self):
        """The child of the FBA location holding what Amazon cannot sell (customer
        damaged, defective, expired...), created on first need."""
        self.ensure_one()
        if not self.location_id:
            raise UserError(_("%s has no FBA stock location: set one on the account.",
                              self.display_name))
        return self._amazon_location({
            "name": "Unfulfillable", "usage": "internal",
            "company_id": self.location_id.company_id.id, "location_id": self.location_id.id,
        })

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_sync_fba_inventory(self):
        """Read Amazon's FBA stock now and reconcile the FBA location with it."""
        self.ensure_one()
        return self._amazon_runner()._run_now(self, "fba_inventory")

    def action_sync_fba_returns(self):
        """Record the FBA customer returns of Amazon's latest returns report now."""
        self.ensure_one()
        return self._amazon_runner()._run_now(self, "fba_returns")

    def action_view_fba_stock(self):
        return self._amazon_records_action("sale_amazon_sync.amazon_fba_stock_action")

    def action_view_fba_returns(self):
        return self._amazon_records_action("sale_amazon_sync.amazon_fba_return_action")

    def _amazon_records_action(self, xml_id):
        """The window action ``xml_id`` on this account's records only."""
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(xml_id)
        action["domain"] = [("account_id", "=", self.id)]
        return action

    def action_view_fba_counts(self):
        """Odoo's Physical Inventory on the FBA location, where Amazon's counts wait."""
        self.ensure_one()
        action = self.env["stock.quant"].action_view_inventory()
        action["domain"] = [("location_id", "child_of", self.location_id.id)]
        action["context"] = dict(action.get("context") or {}, search_default_to_apply=True)
        return action

    # ------------------------------------------------------------------
    # Scheduled actions
    # ------------------------------------------------------------------

    @api.model
    def _cron_sync_fba_inventory(self):
        self._amazon_runner()._run_for_each_account("fba_inventory")

    @api.model
    def _cron_sync_fba_returns(self):
        self._amazon_runner()._run_for_each_account("fba_returns")
