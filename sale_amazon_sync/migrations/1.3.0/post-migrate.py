"""1.2.0 -> 1.3.0: every account gets the finances stream's state (its dashboard row and
job) and a fee mapping row per fee type, as new accounts do."""
from odoo import SUPERUSER_ID, api

from odoo.addons.sale_amazon_sync import const


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for account in env["amazon.account"].with_context(active_test=False).search([]):
        env["amazon.sync.state"]._amazon_get(account, "finances")
        missing = set(const.SETTLEMENT_FEE_TYPES) - set(account.fee_mapping_ids.filtered(
            lambda row: not row.description).mapped("fee_type"))
        account.fee_mapping_ids = [(0, 0, {"fee_type": fee_type}) for fee_type in sorted(missing)]
