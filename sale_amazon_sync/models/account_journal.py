from odoo import fields, models


class AccountJournal(models.Model):
    _inherit = "account.journal"

    amazon_account_id = fields.Many2one(
        "amazon.account", string="Amazon Account", readonly=True, ondelete="set null",
        index="btree_not_null", help="The Amazon account whose settlements this journal books.")
