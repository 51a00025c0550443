"""Install and uninstall hooks, and the demo set-up they run."""
import os

from odoo import fields

from . import compat
from .utils import PARAM_PREFIX, set_params


def post_init_hook(env):
    """Databases with demo data get the sandbox as their Amazon."""
    if env["ir.module.module"].search([("name", "=", "sale_amazon_sync")]).demo:
        setup_sandbox_demo(env)


def uninstall_hook(env):
    """Remove the app's credentials and endpoint overrides: secrets must not outlive the
    addon. Odoo only removes the records it created from XML, and these come from Settings."""
    env["ir.config_parameter"].sudo().search([("key", "=like", f"{PARAM_PREFIX}%")]).unlink()


def setup_sandbox_demo(env):
    """The local SP-API sandbox plays Amazon: app credentials, an account linked to the
    demo seller, the demo seller's products in stock with their offers, and a read back of
    the FBA stock due at once, which proposes counts (Odoo's FBA stock is a little off
    Amazon's). Returns the account.

    The sandbox's URL as Odoo reaches it comes from ``SALE_AMAZON_SYNC_SANDBOX_URL``
    (docker compose sets it), and as the browser reaches it (consent page) from
    ``SALE_AMAZON_SYNC_SANDBOX_PUBLIC_URL``.
    """
    from . import sandbox  # only here: production workers never load the sandbox

    url = os.environ.get("SALE_AMAZON_SYNC_SANDBOX_URL", "http://127.0.0.1:8765")
    set_params(env, {
        "lwa_client_id": sandbox.APP_CLIENT_ID, "lwa_client_secret": sandbox.APP_CLIENT_SECRET,
        "app_id": sandbox.APP_ID, "sp_api_endpoint": url, "lwa_endpoint": f"{url}/auth/o2/token",
        "seller_central_url": os.environ.get("SALE_AMAZON_SYNC_SANDBOX_PUBLIC_URL", url),
        "lwa_client_secret_date": fields.Date.today().isoformat(),
    })
    marketplaces = env["amazon.marketplace"].search(
        [("country_id.code", "in", sandbox.DEMO_MARKETPLACES)])
    account = env["amazon.account"].create({
        "name": "Amazon Sandbox (EU)",
        "base_marketplace_id": env.ref("sale_amazon_sync.marketplace_de").id,
        "available_marketplace_ids": [fields.Command.set(marketplaces.ids)],
        "active_marketplace_ids": [fields.Command.set(marketplaces.ids)],
        "user_id": env.ref("base.user_admin").id,
    })
    account.sudo().write({"refresh_token": sandbox.DEMO_REFRESH_TOKEN,
                          "seller_key": sandbox.DEMO_SELLER_ID})
    env["ir.model.data"]._update_xmlids([{
        "xml_id": "sale_amazon_sync.amazon_account_demo", "record": account, "noupdate": True}])
    _demo_products(env, account)
    env["amazon.sync.runner"]._state(account, "fba_inventory")._amazon_schedule()
    return account


def _demo_products(env, account):
    """The demo seller's SKUs as products with some stock and their offers, so that orders
    match and stock syncs. FBA ones are in the FBA location as the seller sent them in,
    before Amazon's returns and reservations: a reconciliation has counts to propose."""
    from .sandbox.seed import PRODUCTS

    # Where the sandbox's seed lists every demo SKU, and keeps the FBA ones' stock.
    marketplaces = env["amazon.marketplace"].search([("country_id.code", "in", ("DE", "FR", "GB"))])
    for sku, (title, price, channels) in PRODUCTS.items():
        if env["product.product"].search_count([("default_code", "=", sku)]):
            continue
        product = env["product.product"].create(dict(
            compat.storable_product_values(), name=title, default_code=sku,
            list_price=float(price)))
        env["stock.quant"]._update_available_quantity(product, account.warehouse_id.lot_stock_id,
                                                      20)
        env["amazon.offer"].create({
            "account_id": account.id, "sku": sku, "product_id": product.id,
            "marketplace_ids": [fields.Command.set(marketplaces.ids)],
            "fulfillment_channels": ",".join(sorted(channels))})
        if "AMAZON_EU" in channels:
            env["stock.quant"]._update_available_quantity(
                product, account.location_id, channels["AMAZON_EU"] * len(marketplaces))
