from odoo import _, api, fields, models

FEE_TYPES = [("referral", "Referral Fee"), ("fba_fulfilment", "FBA Fulfilment Fee"),
             ("storage", "Storage Fee"), ("subscription", "Subscription"),
             ("advertising", "Advertising"), ("other_fee", "Other Fees")]


class AmazonFeeMapping(models.Model):
    """Which expense account Amazon's fees of one type (or of one exact description) go
    to, per Amazon account.

    Every account starts with a row per fee type, without an account: the company's
    "Amazon Fees" account then. A fee description never seen before gets its own row,
    flagged "To Map", booked to the default account until an accountant chooses one.
    """

    _name = "amazon.fee.mapping"
    _description = "Amazon Fee Account"
    _order = "account_id, to_map desc, fee_type, description"

    account_id = fields.Many2one("amazon.account", required=True, ondelete="cascade",
                                 index=True)
    company_id = fields.Many2one(related="account_id.company_id", store=True)
    fee_type = fields.Selection(FEE_TYPES, required=True, default="other_fee")
    description = fields.Char(
        help="Amazon's amount description (e.g. FBAWeightBasedFee) this row is for; empty "
             "for every fee of the type without a row of its own.")
    expense_account_id = fields.Many2one(
        "account.account", string="Expense Account", check_company=True,
        help="Empty: the company's \"Amazon Fees\" account.")
    to_map = fields.Boolean(
        readonly=True,
        help="A fee Amazon charged that no row described yet: choose its account.")
    seen_count = fields.Integer(string="Lines", readonly=True,
                                help="Settlement lines booked through this row.")

    _sql_constraints = [("fee_unique", "UNIQUE(account_id, fee_type, description)",
                         "An Amazon account maps each fee once.")]

    def write(self, vals):
        """Choosing an account is mapping the fee."""
        if vals.get("expense_account_id"):
            vals = dict(vals, to_map=False)
        return super().write(vals)

    @api.depends("fee_type", "description")
    def _compute_display_name(self):
        types = dict(FEE_TYPES)
        for mapping in self:
            mapping.display_name = mapping.description or types.get(mapping.fee_type) \
                or _("Fee")

    @api.model
    def _amazon_for(self, account, classification, description):
        """The mapping row of one fee line: its exact description, else its type; a fee
        the classifier did not know gets a row of its own, listed for mapping."""
        rows = account.fee_mapping_ids
        row = rows.filtered(lambda r: r.description == description)[:1]
        if row:
            return row
        if not classification.known:
            return self.sudo().create({
                "account_id": account.id, "fee_type": classification.fee_type,
                "description": description, "to_map": True})
        return rows.filtered(lambda r: r.fee_type == classification.fee_type
                             and not r.description)[:1] or self.sudo().create({
                                 "account_id": account.id, "fee_type": classification.fee_type})

    def _amazon_expense_account(self):
        self.ensure_one()
        return self.expense_account_id or self.account_id._amazon_finance_account("fees")
