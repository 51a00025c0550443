# Odoo loads this package as `odoo.addons.sale_amazon_sync`. The SP-API client (spapi/) and
# the sandbox (sandbox/) import no Odoo, so they also run as plain `sale_amazon_sync.*`
# (pure-Python tests, `python -m sale_amazon_sync.sandbox`): only Odoo gets the models.
if __name__.startswith("odoo.addons."):
    from . import compat, controllers, models, wizards
    from .hooks import post_init_hook, uninstall_hook
