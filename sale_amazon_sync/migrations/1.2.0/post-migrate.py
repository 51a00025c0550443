"""1.1.0 -> 1.2.0: every account gets a state per stream (its dashboard row and job), and
the buyer contacts the connector created are marked for the buyer-data retention: the
contacts first seen on an Amazon order, created within a minute before it."""
from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    cr.execute("""
        INSERT INTO amazon_sync_state (account_id, company_id, stream, create_uid, write_uid,
                                       create_date, write_date)
        SELECT account.id, account.company_id, stream, 1, 1, now() AT TIME ZONE 'UTC',
               now() AT TIME ZONE 'UTC'
          FROM amazon_account account
         CROSS JOIN (VALUES ('orders'), ('shipments'), ('inventory'), ('buyer_data'))
               AS streams(stream)
        ON CONFLICT (account_id, stream) DO NOTHING
    """)
    cr.execute("""
        UPDATE res_partner partner SET amazon_created = TRUE
          FROM (SELECT partner.id, min(so.create_date) AS first_order
                  FROM res_partner partner
                  JOIN sale_order so ON so.amazon_order_ref IS NOT NULL
                   AND partner.id IN (so.partner_id, so.partner_shipping_id)
                 GROUP BY partner.id) used
         WHERE partner.id = used.id
           AND partner.create_date BETWEEN used.first_order - interval '1 minute'
                                       AND used.first_order
           AND partner.name NOT LIKE 'Amazon Customer (anonymous)%%'
    """)
    env = api.Environment(cr, SUPERUSER_ID, {})
    for state in env["amazon.sync.state"].search([("cron_id", "=", False)]):
        state._amazon_cron()
