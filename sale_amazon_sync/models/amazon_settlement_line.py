from odoo import fields, models

from .amazon_fee_mapping import FEE_TYPES

KINDS = [("order", "Order"), ("refund", "Refund"), ("fee", "Fee"),
         ("reimbursement", "Reimbursement"), ("tax_withheld", "Tax Withheld"),
         ("transfer", "Transfer"), ("reserve", "Reserve"), ("other", "Other")]


class AmazonSettlementLine(models.Model):
    """One amount of a settlement, as Amazon wrote it, and what it was matched with: the
    order and its invoice, the refund and its credit note, or the account it was booked
    to. An open line says why it could not be matched."""

    _name = "amazon.settlement.line"
    _description = "Amazon Settlement Line"
    _order = "settlement_id, sequence"

    settlement_id = fields.Many2one("amazon.settlement", required=True, ondelete="cascade",
                                    index=True)
    company_id = fields.Many2one(related="settlement_id.company_id", store=True)
    currency_id = fields.Many2one(related="settlement_id.currency_id")
    sequence = fields.Integer(string="Line", help="The line of the settlement file.")
    kind = fields.Selection(KINDS, required=True, index=True)
    fee_type = fields.Selection(FEE_TYPES)
    transaction_type = fields.Char()
    amount_type = fields.Char()
    amount_description = fields.Char(string="Description")
    order_ref = fields.Char(string="Amazon Order", index="btree_not_null")
    adjustment_ref = fields.Char(string="Adjustment ID")
    sku = fields.Char(string="SKU")
    quantity = fields.Integer()
    posted_date = fields.Datetime(string="Posted")
    amount = fields.Monetary()
    state = fields.Selection([("matched", "Matched"), ("open", "Open")], default="open",
                             required=True, index=True)
    reason = fields.Char(help="Why the line is open.")
    sale_order_id = fields.Many2one("sale.order", string="Sale Order", index="btree_not_null")
    move_id = fields.Many2one("account.move", string="Invoice / Credit Note",
                              index="btree_not_null")
    move_line_id = fields.Many2one("account.move.line", string="Journal Item",
                                   index="btree_not_null", ondelete="set null")
    fee_mapping_id = fields.Many2one("amazon.fee.mapping", string="Fee Account Row",
                                     ondelete="set null")
