"""Benchmark: importing N sandbox orders vs creating and confirming them with bare ORM calls.

Run it with an Odoo runtime, on a throwaway database where sale_amazon_sync is installed
(it commits), passing Odoo's own options after ``--``:

    python-odoo18 benchmarks/order_import.py --orders 500 -- -d bench \\
        --addons-path=<odoo>/addons,. --db_host=127.0.0.1 --db_user=odoo --db_password=odoo

Both runs commit after every order, as the connector does; both start from the same
parsed orders, with a new customer per order. Prints figures; asserts nothing.
"""
import argparse
import random
import sys
import time
from datetime import datetime, timedelta, timezone

import odoo
from odoo.modules.registry import Registry

SKUS = [f"BENCH-{n:03d}" for n in range(20)]


def main():
    args, odoo_args = parse_args()
    odoo.tools.config.parse_config(odoo_args)
    from odoo.addons.sale_amazon_sync import compat
    from odoo.addons.sale_amazon_sync.sandbox import (
        APP_CLIENT_ID, APP_CLIENT_SECRET, DEMO_REFRESH_TOKEN, DEMO_SELLER_ID, SandboxServer,
        build_order)
    from odoo.addons.sale_amazon_sync.spapi.orders import parse_order

    sandbox = SandboxServer(port=0, seed=False, rate_limits=False).start()
    random.seed(7)
    now = datetime.now(timezone.utc)
    orders = [build_order(
        created=now - timedelta(hours=3, seconds=n), marketplace="DE",
        fulfilled_by=random.choice(["MERCHANT", "MERCHANT", "AMAZON"]), status="SHIPPED",
        buyer={"name": f"Bench Buyer {n}", "email": f"buyer{n}@example.com"},
        items=[{"sku": random.choice(SKUS), "qty": random.randint(1, 3),
                "unit_price": f"{random.randint(500, 9000) / 100:.2f}",
                "shipping": random.choice(["0", "3.99"])}
               for _ in range(random.randint(1, 3))])
        for n in range(args.orders)]
    for order in orders:
        sandbox.add_order(order)

    registry = Registry(odoo.tools.config["db_name"])
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        account = setup(env, sandbox, compat, APP_CLIENT_ID, APP_CLIENT_SECRET,
                        DEMO_REFRESH_TOKEN, DEMO_SELLER_ID)
        cr.commit()
        started = time.perf_counter()
        account._sync_orders()
        connector = time.perf_counter() - started
        imported = env["sale.order"].search_count([("amazon_account_id", "=", account.id)])
        calls = len(sandbox.journal)

        started = time.perf_counter()
        bare_orm(env, [parse_order(o) for o in orders])
        bare = time.perf_counter() - started
    sandbox.stop()

    print(f"orders: {args.orders} ({imported} imported), SP-API calls: {calls}")
    print(f"connector import: {connector:.1f} s, {args.orders / connector:.1f} orders/s")
    print(f"bare ORM create+confirm: {bare:.1f} s, {args.orders / bare:.1f} orders/s")
    print(f"connector / bare ORM: {connector / bare:.2f}x")


def parse_args():
    argv = sys.argv[1:]
    split = argv.index("--") if "--" in argv else len(argv)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=500)
    return parser.parse_args(argv[:split]), argv[split + 1:]


def setup(env, sandbox, compat, client_id, secret, refresh_token, seller_id):
    """Point the addon at the sandbox, create the products and a linked account."""
    params = env["ir.config_parameter"]
    for key, value in {"lwa_client_id": client_id, "lwa_client_secret": secret,
                       "sp_api_endpoint": sandbox.url, "lwa_endpoint": sandbox.lwa_url}.items():
        params.set_param(f"sale_amazon_sync.{key}", value)
    for sku in SKUS:
        if not env["product.product"].search_count([("default_code", "=", sku)]):
            env["product.product"].create(dict(compat.storable_product_values(),
                                               name=sku, default_code=sku))
    de = env.ref("sale_amazon_sync.marketplace_de")
    account = env["amazon.account"].create({
        "name": f"Benchmark {datetime.now():%H%M%S}", "base_marketplace_id": de.id,
        "available_marketplace_ids": [(6, 0, de.ids)], "active_marketplace_ids": [(6, 0, de.ids)],
        "last_orders_sync": datetime.now() - timedelta(days=1)})
    account.write({"refresh_token": refresh_token, "seller_key": seller_id})
    return account


def bare_orm(env, parsed_orders):
    """The same orders, typed in by code: partner, lines at Amazon's prices, confirm."""
    products = {p.default_code: p for p in env["product.product"].search(
        [("default_code", "in", SKUS)])}
    shipping = env.ref("sale_amazon_sync.product_amazon_shipping")
    eur = env.ref("base.EUR")
    pricelist = env["product.pricelist"].search([("currency_id", "=", eur.id)], limit=1) \
        or env["product.pricelist"].create({"name": "Bench EUR", "currency_id": eur.id})
    for order in parsed_orders:
        partner = env["res.partner"].create({"name": order.buyer_name,
                                             "email": order.buyer_email})
        lines = []
        for item in order.items:
            lines.append((0, 0, {"product_id": products[item.sku].id,
                                 "product_uom_qty": item.quantity,
                                 "price_unit": float(item.product.gross) / item.quantity}))
            if item.shipping:
                lines.append((0, 0, {"product_id": shipping.id,
                                     "price_unit": float(item.shipping.gross)}))
        sale = env["sale.order"].create({"partner_id": partner.id, "order_line": lines,
                                         "pricelist_id": pricelist.id})
        sale.action_confirm()
        env.cr.commit()


if __name__ == "__main__":
    main()
