from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from .. import compat, const

# kind -> (name, code, type) of the accounts created on first need (reconcilable when
# assets: what waits there is matched later, by hand or with the bank statement).
FINANCE_ACCOUNTS = {
    "fees": ("Amazon Fees", "AMZFEE", "expense"),
    "reimbursements": ("Amazon Reimbursements", "AMZREIMB", "income_other"),
    "clearing": ("Amazon Clearing", "AMZCLR", "asset_current"),
    "payouts": ("Amazon Payouts in Transit", "AMZPAY", "asset_current"),
}
VENDOR_REF = "AMAZON"  # the vendor partner of Amazon's fees, shared by the companies


class AmazonAccount(models.Model):
    """The account's money: how its orders are invoiced, where its fees, reimbursements
    and payouts are booked, and the finances stream (refunds and settlements)."""

    _inherit = "amazon.account"  # pylint: disable=consider-merging-classes-inherited

    invoicing = fields.Selection(
        [("none", "None"), ("automatic", "Automatic")], default="none",
        required=True, tracking=True,
        help="Automatic: FBA orders are invoiced and posted when imported, FBM orders when "
             "their delivery is validated (the quantities delivered); Amazon's refunds then "
             "become credit notes.")
    invoice_journal_id = fields.Many2one(
        "account.journal", string="Invoice Journal", check_company=True,
        domain="[('type', '=', 'sale')]",
        help="The sales journal of the Amazon invoices; the company's first one if empty.")
    fee_mapping_ids = fields.One2many("amazon.fee.mapping", "account_id", string="Fee Accounts")
    reimbursement_account_id = fields.Many2one(
        "account.account", string="Reimbursements Account", check_company=True,
        help="Income of Amazon's reimbursements (lost or damaged FBA stock); an \"Amazon "
             "Reimbursements\" account if empty.")
    deposit_account_id = fields.Many2one(
        "account.account", string="Payouts Account", check_company=True,
        help="Where each payout waits for the bank statement line it is reconciled with; "
             "an \"Amazon Payouts in Transit\" account if empty.")
    settlement_journal_ids = fields.One2many(
        "account.journal", "amazon_account_id", string="Settlement Journals",
        help="One per currency, \"Amazon <account> <currency>\", created on first need.")
    settlement_count = fields.Integer(compute="_compute_settlement_count")
    refund_count = fields.Integer(compute="_compute_settlement_count")

    def _compute_settlement_count(self):
        counts = {model: dict(self.env[model]._read_group(
            [("account_id", "in", self.ids)], ["account_id"], ["__count"]))
            for model in ("amazon.settlement", "amazon.refund")}
        for account in self:
            account.settlement_count = counts["amazon.settlement"].get(account, 0)
            account.refund_count = counts["amazon.refund"].get(account, 0)

    @api.model_create_multi
    def create(self, vals_list):
        """Every account starts with a mapping row per fee type (the default account),
        whoever creates it: the rows are the accountants' to change."""
        accounts = super().create(vals_list)
        self.env["amazon.fee.mapping"].sudo().create([
            {"account_id": account.id, "fee_type": fee_type}
            for account in accounts for fee_type in const.SETTLEMENT_FEE_TYPES
            if fee_type not in account.sudo().fee_mapping_ids.mapped("fee_type")])
        return accounts

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_sync_finances(self):
        """Read Amazon's refunds and settlements now, and book them."""
        self.ensure_one()
        self._amazon_check_finances_rights()
        return self._amazon_runner()._run_now(self, "finances")

    def action_view_settlements(self):
        return self._amazon_list_action("amazon_settlement_action")

    def action_view_refunds(self):
        return self._amazon_list_action("amazon_refund_action")

    def _amazon_check_finances_rights(self):
        """The finances stream books journal entries (as superuser): only accounting
        administrators start it."""
        if not self.env.su and not self.env.user.has_group("account.group_account_manager"):
            raise AccessError(_("Only accounting administrators can synchronize the finances "
                                "of an Amazon account."))

    @api.model
    def _cron_sync_finances(self):
        self._amazon_runner()._run_for_each_account("finances")

    # ------------------------------------------------------------------
    # Accounting set-up, created on first need
    # ------------------------------------------------------------------

    def _amazon_finance_account(self, kind):
        """The company's Amazon account of ``kind`` (see FINANCE_ACCOUNTS): found by code,
        created on first need, so that a company without a chart still gets one."""
        self.ensure_one()
        name, code, account_type = FINANCE_ACCOUNTS[kind]
        company = self.company_id
        accounts = self.env["account.account"].sudo().with_company(company)
        found = accounts.search([*accounts._check_company_domain(company), ("code", "=", code)],
                                limit=1)
        return found or accounts.create(dict(
            compat.account_company_values(company), name=name, code=code,
            account_type=account_type, reconcile=account_type == "asset_current"))

    def _amazon_deposit_account(self):
        return self.deposit_account_id or self._amazon_finance_account("payouts")

    def _amazon_reimbursement_account(self):
        return self.reimbursement_account_id or self._amazon_finance_account("reimbursements")

    def _amazon_settlement_journal(self, currency):
        """The journal "Amazon <account> <currency>" of this account's settlements in
        ``currency`` (no second "Amazon" for an account named so), created on first
        need."""
        self.ensure_one()
        journal = self.settlement_journal_ids.filtered(
            lambda j: (j.currency_id or j.company_id.currency_id) == currency)[:1]
        if journal:
            return journal
        journals = self.env["account.journal"].sudo()
        taken = set(journals.with_context(active_test=False).search(
            [("company_id", "=", self.company_id.id)]).mapped("code"))
        code = next(f"AMZ{n}" for n in range(1, 100) if f"AMZ{n}" not in taken)
        name = self.name if self.name.lower().startswith("amazon") else f"Amazon {self.name}"
        return journals.create({
            "name": f"{name} {currency.name}", "code": code, "type": "general",
            "company_id": self.company_id.id, "amazon_account_id": self.id,
            "currency_id": currency.id if currency != self.company_id.currency_id else False,
        })

    def _amazon_vendor(self):
        """Amazon as the vendor of its fees: one partner, shared by the companies."""
        partners = self.env["res.partner"].sudo()
        return partners.search([("ref", "=", VENDOR_REF),
                                ("is_company", "=", True)], limit=1) or partners.create({
            "name": "Amazon", "ref": VENDOR_REF, "is_company": True,
            "supplier_rank": 1})
