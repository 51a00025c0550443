"""Benchmark: importing N sandbox orders vs creating and confirming them with bare ORM calls.

Run it with an Odoo runtime, on a throwaway database where sale_amazon_sync is installed
(it commits), passing Odoo's own options after ``--``:

    python-odoo18 benchmarks/order_import.py --orders 2000 -- -d bench \\
        --addons-path=<odoo>/addons,. --db_host=127.0.0.1 --db_user=odoo --db_password=odoo

Both sides start from the same parsed orders, with a new customer per order: the connector
imports them as its scheduled job does (a page at a time, runs handed over until done);
the bare side creates each customer, order and lines and confirms it, committing after
every order. Then it checks both did the same work (orders confirmed, customers, lines,
stock moves). Prints figures; asserts nothing.
"""
import time

from common import (
    BENCH_SPEED,
    SKUS,
    build_orders,
    odoo_env,
    parse_args,
    run_as_cron,
    sandbox_account,
)


def main():
    count = parse_args(__doc__, orders=500).orders
    from odoo.addons.sale_amazon_sync.sandbox import SandboxServer
    from odoo.addons.sale_amazon_sync.spapi.orders import parse_order

    sandbox = SandboxServer(port=0, seed=False, rate_limits=False, speed=BENCH_SPEED).start()
    orders = build_orders(count)
    for order in orders:
        sandbox.add_order(order)
    with odoo_env() as env:
        account = sandbox_account(env, sandbox)
        env.cr.commit()
        mark = marks(env)
        started = time.perf_counter()
        run_as_cron(env, account)
        connector = time.perf_counter() - started
        done = work(env, mark, [("amazon_account_id", "=", account.id)])

        mark = marks(env)
        started = time.perf_counter()
        bare_orm(env, [parse_order(o) for o in orders])
        bare = time.perf_counter() - started
        bare_done = work(env, mark, [("amazon_account_id", "=", False)])
    calls = len(sandbox.journal)
    sandbox.stop()

    print(f"orders: {count}, SP-API calls: {calls}")
    print(f"connector import: {connector:.1f} s, {count / connector:.1f} orders/s")
    print(f"bare ORM create+confirm: {bare:.1f} s, {count / bare:.1f} orders/s")
    print(f"connector / bare ORM: {connector / bare:.2f}x")
    print("same work (connector / bare): " + ", ".join(
        f"{name} {done[name]}/{bare_done[name]}" for name in done))


def marks(env):
    """The last id of each kind of record the import creates."""
    return {model: env[model].search([], order="id desc", limit=1).id or 0
            for model in ("res.partner", "sale.order", "stock.move")}


def work(env, mark, domain):
    """What was created since ``mark``: orders confirmed, customers, lines, stock moves."""
    sales = env["sale.order"].search(domain + [("id", ">", mark["sale.order"])])
    return {"orders confirmed": len(sales.filtered(lambda s: s.state == "sale")),
            "customers": env["res.partner"].search_count([("id", ">", mark["res.partner"])]),
            "lines": len(sales.order_line),
            "stock moves": env["stock.move"].search_count([("id", ">", mark["stock.move"])])}


def bare_orm(env, parsed_orders):
    """The same orders, typed in by code: customer with address, lines at Amazon's
    prices, confirm, commit."""
    products = {p.default_code: p for p in env["product.product"].search(
        [("default_code", "in", SKUS)])}
    shipping = env.ref("sale_amazon_sync.product_amazon_shipping")
    eur = env.ref("base.EUR")
    pricelist = env["product.pricelist"].search([("currency_id", "=", eur.id)], limit=1) \
        or env["product.pricelist"].create({"name": "Bench EUR", "currency_id": eur.id})
    countries = {c.code: c.id for c in env["res.country"].search([])}
    for order in parsed_orders:
        address = order.recipient
        partner = env["res.partner"].create({
            "name": order.buyer_name, "email": order.buyer_email, "street": address.street,
            "zip": address.zip, "city": address.city, "phone": address.phone,
            "country_id": countries.get(address.country_code)})
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
