{
    "name": "Amazon Sync: Odoo's own tests",
    "summary": "Test-only: runs Odoo's sale_stock and stock_delivery tests with "
               "sale_amazon_sync installed",
    "version": "1.0.0",
    "category": "Hidden/Tests",
    "website": "https://github.com/sale-amazon-sync/sale_amazon_sync",
    "author": "sale_amazon_sync contributors",
    "license": "LGPL-3",
    "depends": ["sale_amazon_sync", "sale_stock", "stock_delivery"],
    "development_status": "Beta",
    "maintainers": ["sale-amazon-sync"],
    "installable": True,
}
