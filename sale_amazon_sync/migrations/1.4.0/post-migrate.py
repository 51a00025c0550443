"""1.3.0 -> 1.4.0: every account gets the states (dashboard rows and jobs) of the two FBA
streams: the read back of its FBA inventory, and its FBA customer returns."""
from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for account in env["amazon.account"].with_context(active_test=False).search([]):
        for stream in ("fba_inventory", "fba_returns"):
            env["amazon.sync.state"]._amazon_get(account, stream)
