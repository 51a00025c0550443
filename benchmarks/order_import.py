"""Benchmark: importing N sandbox orders vs creating and confirming them with bare ORM calls.

Run it with an Odoo runtime, on a throwaway database where sale_amazon_sync is installed
(it commits), passing Odoo's own options after ``--``:

    python-odoo18 benchmarks/order_import.py --orders 500 -- -d bench \\
        --addons-path=<odoo>/addons,. --db_host=127.0.0.1 --db_user=odoo --db_password=odoo

Both runs commit after every order, as the connector does; both start from the same
parsed orders, with a new customer per order. Prints figures; asserts nothing.
"""
import random
import time
from datetime import datetime, timedelta, timezone

import odoo
from odoo.modules.registry import Registry

from common import parse_args, sandbox_account

SKUS = [f"BENCH-{n:03d}" for n in range(20)]


def main():
    count = parse_args(__doc__, "orders", 500)
    from odoo.addons.sale_amazon_sync import compat
    from odoo.addons.sale_amazon_sync.sandbox import SandboxServer, build_order
    from odoo.addons.sale_amazon_sync.spapi.orders import parse_order

    sandbox = SandboxServer(port=0, seed=False, rate_limits=False).start()
    random.seed(7)
    now = datetime.now(timezone.utc)
    base = time.time_ns() % 900 + 100  # new order (and item) ids at each run
    orders = [build_order(order_id=f"{base}-{n:07d}-{random.randrange(10**7):07d}",
        created=now - timedelta(hours=3, seconds=n), marketplace="DE",
        fulfilled_by=random.choice(["MERCHANT", "MERCHANT", "AMAZON"]), status="SHIPPED",
        buyer={"name": f"Bench Buyer {n}", "email": f"buyer{base}-{n}@example.com"},
        items=[{"sku": random.choice(SKUS), "qty": random.randint(1, 3),
                "unit_price": f"{random.randint(500, 9000) / 100:.2f}",
                "shipping": random.choice(["0", "3.99"])}
               for _ in range(random.randint(1, 3))])
        for n in range(count)]
    for order in orders:
        sandbox.add_order(order)

    registry = Registry(odoo.tools.config["db_name"])
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        account = sandbox_account(env, sandbox)
        create_products(env, compat)
        cr.commit()
        started = time.perf_counter()
        env["amazon.sync.runner"]._run(account, "orders")
        connector = time.perf_counter() - started
        imported = env["sale.order"].search_count([("amazon_account_id", "=", account.id)])
        calls = len(sandbox.journal)

        started = time.perf_counter()
        bare_orm(env, [parse_order(o) for o in orders])
        bare = time.perf_counter() - started
    sandbox.stop()

    print(f"orders: {count} ({imported} imported), SP-API calls: {calls}")
    print(f"connector import: {connector:.1f} s, {count / connector:.1f} orders/s")
    print(f"bare ORM create+confirm: {bare:.1f} s, {count / bare:.1f} orders/s")
    print(f"connector / bare ORM: {connector / bare:.2f}x")


def create_products(env, compat):
    for sku in SKUS:
        if not env["product.product"].search_count([("default_code", "=", sku)]):
            env["product.product"].create(dict(compat.storable_product_values(),
                                               name=sku, default_code=sku))


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
