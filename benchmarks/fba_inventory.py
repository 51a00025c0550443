"""Benchmark: a full read back of N FBA SKUs' stock, then an import of FBA customer returns,
against the sandbox and its (Amazon's) rate limits.

Run it with an Odoo runtime, on a throwaway database where sale_amazon_sync is installed
(it commits), passing Odoo's own options after ``--``:

    python-odoo18 benchmarks/fba_inventory.py --skus 5000 -- -d bench \\
        --addons-path=<odoo>/addons,. --db_host=127.0.0.1 --db_user=odoo --db_password=odoo

The sandbox holds the SKUs' FBA stock in DE (10 units each, one in 25 with a damaged unit
more), plus 50 SKUs Odoo has no offer for; Odoo has a product and an offer for each SKU,
8 units in the FBA location for one in five and 10 for the others. The read back runs as
the scheduled job does, again until nothing is handed over; its counts are proposed. Then
200 FBA orders are imported, a unit of each comes back (sellable, customer damaged or
defective, in turn) and 20 returns are of orders Odoo does not have; the returns stream
runs until done. Prints figures; asserts nothing.
"""
import time
from datetime import datetime, timezone

from common import parse_args, sandbox_account

import odoo
from odoo.modules.registry import Registry

ORDERS, FOREIGN_ORDERS, UNMATCHED = 200, 20, 50
DISPOSITIONS = ("SELLABLE", "CUSTOMER_DAMAGED", "DEFECTIVE")


def main():
    count = parse_args(__doc__, skus=5000).skus
    from odoo.addons.sale_amazon_sync import compat
    from odoo.addons.sale_amazon_sync.sandbox import SandboxServer

    sandbox = SandboxServer(port=0, seed=False).start()
    with Registry(odoo.tools.config["db_name"]).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        account = setup(env, sandbox, compat, count)
        read_back(env, sandbox, account)
        returns(env, sandbox, account)
    sandbox.stop()


def setup(env, sandbox, compat, count):
    """The account, the SKUs' FBA stock on the sandbox, their products, offers and quants."""
    started = time.perf_counter()
    account = sandbox_account(env, sandbox)
    stamp = f"{datetime.now():%H%M%S}"
    skus = sandbox.add_fba_skus(count, "DE", prefix=f"FBA-{stamp}-", fulfillable=10)
    sandbox.add_fba_skus(UNMATCHED, "DE", prefix=f"NO-OFFER-{stamp}-", fulfillable=3)
    for sku in skus[::25]:
        sandbox.set_inventory(sku, "DE", unfulfillable=1)
    products = env["product.product"].create([
        dict(compat.storable_product_values(), name=sku, default_code=sku) for sku in skus])
    env["amazon.offer"].create([{
        "account_id": account.id, "product_id": product.id, "sku": sku,
        "fulfillment_channels": "AMAZON_EU",
        "marketplace_ids": [(6, 0, account.base_marketplace_id.ids)]}
        for product, sku in zip(products, skus, strict=True)])
    env["stock.quant"].create([{"product_id": product.id, "location_id": account.location_id.id,
                                "quantity": 8 if n % 5 == 0 else 10}
                               for n, product in enumerate(products)])
    env.cr.commit()
    print(f"setup ({count} products, offers, quants and FBA SKUs): "
          f"{time.perf_counter() - started:.0f} s")
    return account


def read_back(env, sandbox, account):
    """The FBA inventory stream, run after run until it hands nothing over."""
    before = len(sandbox.journal)
    started, logs = time.perf_counter(), []
    while not logs or logs[-1].outcome == "handed_over":
        logs.append(env["amazon.sync.runner"]._run(account, "fba_inventory"))
    wall = time.perf_counter() - started
    calls = calls_by_operation(sandbox, before)
    print(f"FBA inventory read back: {len(logs)} run(s), {wall:.1f} s, outcome "
          f"{logs[-1].outcome}; SP-API calls: {format_calls(calls)} "
          f"(the client's count, token included: {sum(log.api_calls for log in logs)})")
    print(f"  SKUs read: {account.fba_stock_count} ({account.fba_unmatched_count} without "
          f"offer, listed); counts proposed: {sum(log.created for log in logs)} "
          f"(in the sync log: {len(logs[-1].line_ids)} lines); failed: "
          f"{sum(log.failed for log in logs)}")


def returns(env, sandbox, account):
    """Import FBA orders, return a unit of each (and of orders Odoo lacks), read the returns."""
    from odoo.addons.sale_amazon_sync.sandbox.seed import bulk_orders

    now = datetime.now(timezone.utc)
    orders = bulk_orders(ORDERS, "DE", "AMAZON", now)
    for order in orders:
        sandbox.add_order(order)
    env.cr.commit()
    started = time.perf_counter()
    while env["amazon.sync.runner"]._run(account, "orders").outcome == "handed_over":
        pass
    print(f"{ORDERS} FBA orders imported for the returns: {time.perf_counter() - started:.1f} s")
    for order in bulk_orders(FOREIGN_ORDERS, "DE", "AMAZON", now):
        sandbox.add_order(order)
        orders.append(order)
    for n, order in enumerate(orders):
        sandbox.add_return(order["orderId"], disposition=DISPOSITIONS[n % len(DISPOSITIONS)])
    before = len(sandbox.journal)
    started, logs = time.perf_counter(), []
    while not logs or logs[-1].outcome == "handed_over":
        logs.append(env["amazon.sync.runner"]._run(account, "fba_returns"))
    wall = time.perf_counter() - started
    recorded = env["amazon.fba.return"].search([("account_id", "=", account.id)])
    print(f"FBA returns: {len(logs)} run(s), {wall:.1f} s, outcome {logs[-1].outcome}; "
          f"SP-API calls: {format_calls(calls_by_operation(sandbox, before))}")
    print(f"  returns in the report: {len(orders)}; recorded with their move: "
          f"{len(recorded.filtered(lambda r: r.state == 'done'))} "
          f"({len(recorded.filtered(lambda r: r.state == 'done' and r.sellable))} sellable); "
          f"listed, order not in Odoo: {len(recorded.filtered(lambda r: r.state == 'no_order'))}"
          f"; failed: {sum(log.failed for log in logs)}")


def calls_by_operation(sandbox, since):
    calls = {}
    for call in sandbox.journal[since:]:
        key = call["operation"] if call["status"] != 429 else f"{call['operation']} (429)"
        calls[key] = calls.get(key, 0) + 1
    return calls


def format_calls(calls):
    return ", ".join(f"{op} {n}" for op, n in sorted(calls.items())) + f" = {sum(calls.values())}"


if __name__ == "__main__":
    main()
