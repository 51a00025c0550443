{
    "name": "Amazon Sync (SP-API)",
    "summary": "Import Amazon orders, confirm FBM shipments and push stock "
               "through your own Selling Partner API app",
    # Series-less on purpose: one source serves 17.0 and 18.0, Odoo prefixes its series.
    "version": "1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/sale-amazon-sync/sale_amazon_sync",
    "author": "sale_amazon_sync contributors",
    "license": "LGPL-3",
    "depends": ["sale_management", "stock_delivery"],
    "external_dependencies": {"python": ["python-amazon-sp-api"]},
    "data": [
        "security/sale_amazon_sync_security.xml",
        "security/ir.model.access.csv",
        "data/amazon_marketplace_data.xml",
        "views/amazon_marketplace_views.xml",
        "views/amazon_offer_views.xml",
        "views/amazon_account_views.xml",
        "views/product_template_views.xml",
        "views/res_config_settings_views.xml",
        "views/sale_amazon_sync_menus.xml",
    ],
    "uninstall_hook": "uninstall_hook",
    "development_status": "Beta",
    "maintainers": ["sale-amazon-sync"],
    "installable": True,
    "application": False,
}
