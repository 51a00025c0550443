"""Check: every example order of Amazon's own Orders API model imports with Amazon's total.

Amazon publishes its Orders API v2026-01-01 model with example orders (response examples
and sandbox responses). This script reads them from a copy of that file, serves them on the
local sandbox, imports them with the connector into a throwaway database where
sale_amazon_sync is installed (it commits), and prints, per order, Amazon's grandTotal
against Odoo's total plus the tax Amazon collected itself:

    python-odoo18 scripts/check_amazon_examples.py \\
        --model selling-partner-api-models/models/orders-api-model/orders_2026-01-01.json \\
        -- -d check --addons-path=<odoo>/addons,. --db_host=127.0.0.1 --db_user=odoo

The seller's taxes are set up as Amazon's: each product gets the rate its example shows.
"""
import argparse
import json
import sys
from datetime import timedelta
from decimal import Decimal

import odoo
from odoo.modules.registry import Registry


def example_orders(node):
    """Every order (a dict with orderId and orderItems) anywhere in the model's examples."""
    if isinstance(node, dict):
        if "orderId" in node and "orderItems" in node:
            yield node
            return
        for value in node.values():
            yield from example_orders(value)
    elif isinstance(node, list):
        for value in node:
            yield from example_orders(value)


def item_rate(item):
    """The tax rate (percent) an example item shows: its TAX over its taxable charges."""
    amounts = {}
    for entry in (item.get("proceeds") or {}).get("breakdowns") or []:
        amounts[entry["type"]] = amounts.get(entry["type"], 0) + Decimal(
            entry["subtotal"]["amount"])
    base = sum(v for k, v in amounts.items() if k not in ("TAX", "DISCOUNT"))
    return float(round(amounts.get("TAX", 0) / base * 100, 4)) if base else 0.0


def main():
    argv = sys.argv[1:]
    split = argv.index("--") if "--" in argv else len(argv)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, help="path to orders_2026-01-01.json")
    args = parser.parse_args(argv[:split])
    odoo.tools.config.parse_config(argv[split + 1:])
    with open(args.model, encoding="utf-8") as file:
        orders = {o["orderId"]: o for o in example_orders(json.load(file)["paths"])}
    from odoo.addons.sale_amazon_sync import compat
    from odoo.addons.sale_amazon_sync.sandbox import SandboxServer
    from odoo.addons.sale_amazon_sync.spapi.timestamps import parse_timestamp

    sandbox = SandboxServer(port=0, seed=False, rate_limits=False).start()
    registry = Registry(odoo.tools.config["db_name"])
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        accounts = region_accounts(env, sandbox, orders.values())
        for data in orders.values():
            for item in data["orderItems"]:
                tax_product(env, compat, item["product"]["sellerSku"], item_rate(item))
            sandbox.add_order(data, seller_id=accounts[marketplace_region(env, data)].seller_key)
        since = min(parse_timestamp(o["lastUpdatedTime"]) for o in orders.values())
        for account in accounts.values():
            account.last_orders_sync = since - timedelta(days=1)
            env["amazon.sync.runner"]._run(account, "orders")
        cr.commit()
        report(env, orders)
    sandbox.stop()


def marketplace_region(env, data):
    return env["amazon.marketplace"].search(
        [("api_ref", "=", data["salesChannel"]["marketplaceId"])]).region


def region_accounts(env, sandbox, orders):
    """One account (and sandbox seller) per region the examples sell in."""
    by_region = {}
    for data in orders:
        marketplace = env["amazon.marketplace"].search(
            [("api_ref", "=", data["salesChannel"]["marketplaceId"])])
        by_region.setdefault(marketplace.region, env["amazon.marketplace"])
        by_region[marketplace.region] |= marketplace
    accounts = {}
    for region, marketplaces in by_region.items():
        seller = f"A1EXAMPLES{region.upper()}01"
        token = sandbox.add_seller(seller, marketplaces.mapped("api_ref"))
        from odoo.addons.sale_amazon_sync.utils import set_params
        set_params(env, {"sp_api_endpoint": sandbox.url, "lwa_endpoint": sandbox.lwa_url,
                         "lwa_client_id": "amzn1.application-oa2-client.sandbox",
                         "lwa_client_secret": "sandbox-client-secret", "retry_backoff": "0.01"})
        account = env["amazon.account"].create({
            "name": f"Amazon examples ({region})", "base_marketplace_id": marketplaces[0].id,
            "available_marketplace_ids": [(6, 0, marketplaces.ids)],
            "active_marketplace_ids": [(6, 0, marketplaces.ids)]})
        account.sudo().write({"refresh_token": token, "seller_key": seller})
        accounts[region] = account
    return accounts


def tax_product(env, compat, sku, rate):
    if env["product.product"].search_count([("default_code", "=", sku)]):
        return
    tax = env["account.tax"].create({"name": f"Example {rate}% ({sku})", "amount": rate,
                                     "type_tax_use": "sale"})
    env["product.product"].create(dict(compat.storable_product_values(), name=sku,
                                       default_code=sku, taxes_id=[(6, 0, tax.ids)]))


def report(env, orders):
    matched = 0
    for ref, data in orders.items():
        grand = Decimal(data["proceeds"]["grandTotal"]["amount"])
        currency = data["proceeds"]["grandTotal"]["currencyCode"]
        sale = env["sale.order"].search([("amazon_order_ref", "=", ref)])
        error = env["amazon.order.error"].search([("order_ref", "=", ref)]).error
        if not sale:
            print(f"{ref} {currency} grandTotal {grand}: NOT IMPORTED ({error})")
            continue
        odoo_total = Decimal(str(sale.amount_total)) + Decimal(str(sale.amazon_facilitator_tax))
        ok = abs(odoo_total - grand) < Decimal("0.005")
        matched += ok
        print(f"{ref} {currency} grandTotal {grand}: Odoo {sale.amount_total:.2f} + "
              f"collected by Amazon {sale.amazon_facilitator_tax:.2f} -> "
              f"{'equal' if ok else 'DIFFERENT'}")
    print(f"example orders: {len(orders)}, imported with Amazon's total: {matched}")


if __name__ == "__main__":
    main()
