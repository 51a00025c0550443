"""Benchmark: pushing the stock of N FBM offers to the sandbox, as the scheduled action does.

Run it with an Odoo runtime, on a throwaway database where sale_amazon_sync is installed
(it commits), passing Odoo's own options after ``--``:

    python-odoo18 benchmarks/stock_push.py --offers 30000 -- -d bench \\
        --addons-path=<odoo>/addons,. --db_host=127.0.0.1 --db_user=odoo --db_password=odoo

Counts the SP-API calls and times the push (quantities computed, feeds built, uploaded and
created) and the reading of Amazon's processing reports. Prints figures; asserts nothing.
"""
import time
from datetime import datetime

import odoo
from odoo.modules.registry import Registry

from common import parse_args, sandbox_account


def main():
    count = parse_args(__doc__, "offers", 30000)
    from odoo.addons.sale_amazon_sync import compat
    from odoo.addons.sale_amazon_sync.sandbox import SandboxServer

    sandbox = SandboxServer(port=0, seed=False).start()  # Amazon's rate limits, as they are
    registry = Registry(odoo.tools.config["db_name"])
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        started = time.perf_counter()
        account = sandbox_account(env, sandbox)
        create_offers(env, sandbox, compat, account, count)
        cr.commit()
        print(f"setup ({count} products, quants, offers, listings): "
              f"{time.perf_counter() - started:.0f} s")

        started = time.perf_counter()
        sent = env["amazon.sync.runner"]._run(account, "inventory").updated
        push = time.perf_counter() - started
        push_calls = len(sandbox.journal)
        started, runs = time.perf_counter(), 0
        while account.feed_ids.filtered(lambda f: f.state == "submitted") and runs < 10:
            env["amazon.sync.runner"]._run(account, "inventory")  # the next scheduled runs read the reports
            runs += 1
        reports = time.perf_counter() - started
        done = env["amazon.offer"].search_count([("account_id", "=", account.id),
                                                 ("inventory_state", "=", "done")])
        feeds = len(account.feed_ids)
    calls = {}
    for call in sandbox.journal:
        calls[call["operation"]] = calls.get(call["operation"], 0) + 1
    sandbox.stop()

    print(f"offers sent: {sent} in {feeds} feeds; accepted: {done}")
    print(f"push: {push:.1f} s, {push_calls} SP-API calls")
    print(f"reading the reports ({runs} more runs): {reports:.1f} s")
    print("SP-API calls in all: " + ", ".join(f"{op} {n}" for op, n in sorted(calls.items()))
          + f" = {sum(calls.values())}")


def create_offers(env, sandbox, compat, account, count):
    """Products with stock in the FBM warehouse, their FBM offers, and Amazon's listings."""
    de = account.base_marketplace_id
    stamp = f"{datetime.now():%H%M%S}"
    skus = [f"STOCK-{stamp}-{n:05d}" for n in range(count)]
    products = env["product.product"].create([
        dict(compat.storable_product_values(), name=sku, default_code=sku) for sku in skus])
    location = account.warehouse_id.lot_stock_id
    env["stock.quant"].create([{"product_id": p.id, "location_id": location.id,
                                "quantity": n % 50} for n, p in enumerate(products)])
    env["amazon.offer"].create([{"account_id": account.id, "product_id": p.id, "sku": sku,
                                 "marketplace_id": de.id, "fulfillment_channels": "DEFAULT"}
                                for p, sku in zip(products, skus)])
    for sku in skus:
        sandbox.add_listing(account.seller_key, sku, de.api_ref, channels={"DEFAULT": 0})


if __name__ == "__main__":
    main()
