"""1.1.0 -> 1.2.0: every account gets a state per stream (its dashboard row and job)."""
from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    cr.execute("""
        INSERT INTO amazon_sync_state (account_id, company_id, stream, create_uid, write_uid,
                                       create_date, write_date)
        SELECT account.id, account.company_id, stream, 1, 1, now() AT TIME ZONE 'UTC',
               now() AT TIME ZONE 'UTC'
          FROM amazon_account account
         CROSS JOIN (VALUES ('orders'), ('shipments'), ('inventory')) AS streams(stream)
        ON CONFLICT (account_id, stream) DO NOTHING
    """)
    env = api.Environment(cr, SUPERUSER_ID, {})
    for state in env["amazon.sync.state"].search([("cron_id", "=", False)]):
        state._amazon_cron()
