"""1.0.0 -> 1.1.0: the orders watermark leaves the account's row for the stream's state
(synchronizations no longer write a row users edit), and an offer is sold on a list of
marketplaces instead of one."""


def _has_column(cr, table, column):
    cr.execute("SELECT 1 FROM information_schema.columns WHERE table_name = %s "
               "AND column_name = %s", (table, column))
    return bool(cr.fetchone())


def migrate(cr, version):
    if _has_column(cr, "amazon_account", "last_orders_sync"):
        cr.execute("""
            INSERT INTO amazon_sync_state (account_id, company_id, stream, watermark,
                                           create_uid, write_uid, create_date, write_date)
            SELECT id, company_id, 'orders', last_orders_sync, 1, 1, now() AT TIME ZONE 'UTC',
                   now() AT TIME ZONE 'UTC'
              FROM amazon_account
             WHERE last_orders_sync IS NOT NULL
            ON CONFLICT (account_id, stream) DO UPDATE SET watermark = EXCLUDED.watermark
        """)
        cr.execute("ALTER TABLE amazon_account DROP COLUMN last_orders_sync")
    if _has_column(cr, "amazon_account", "sync_error"):
        cr.execute("ALTER TABLE amazon_account DROP COLUMN sync_error")
    if _has_column(cr, "amazon_offer", "marketplace_id"):
        cr.execute("""
            INSERT INTO amazon_marketplace_amazon_offer_rel (amazon_offer_id, amazon_marketplace_id)
            SELECT id, marketplace_id FROM amazon_offer WHERE marketplace_id IS NOT NULL
            ON CONFLICT DO NOTHING
        """)
        cr.execute("ALTER TABLE amazon_offer DROP COLUMN marketplace_id")
