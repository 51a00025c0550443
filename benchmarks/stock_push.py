"""Benchmark: pushing the stock of N FBM offers to the sandbox, as the scheduled action does.

Run it with an Odoo runtime, on a throwaway database where sale_amazon_sync is installed
(it commits), passing Odoo's own options after ``--``:

    python-odoo18 benchmarks/stock_push.py --offers 50000 --marketplaces 2 -- -d bench \\
        --addons-path=<odoo>/addons,. --db_host=127.0.0.1 --db_user=odoo --db_password=odoo

Each offer is sold on the account's first ``--marketplaces`` marketplaces, with stock in
the FBM warehouse. Times the computation of the quantities alone (cold cache), the push
(quantities computed, feeds built, uploaded and created) and the reading of Amazon's
processing reports, and counts the SP-API calls. Prints figures; asserts nothing.
"""
import time
from collections import Counter

from common import odoo_env, parse_args, sandbox_account


def main():
    args = parse_args(__doc__, offers=30000, marketplaces=2)
    from odoo.addons.sale_amazon_sync.sandbox import SandboxServer

    sandbox = SandboxServer(port=0, seed=False).start()  # Amazon's rate limits, as they are
    with odoo_env() as env:
        started = time.perf_counter()
        account = sandbox_account(env, sandbox)
        marketplaces = account.active_marketplace_ids.sorted("id")[:args.marketplaces]
        create_offers(env, sandbox, account, marketplaces, args.offers)
        env.cr.commit()
        print(f"setup ({args.offers} products and quants, offers, listings on "
              f"{', '.join(marketplaces.mapped('name'))}): {time.perf_counter() - started:.0f} s")

        env.invalidate_all()
        started = time.perf_counter()
        offers = env["amazon.offer"].search([("account_id", "=", account.id)])
        offers._amazon_quantities(account)
        quantities = time.perf_counter() - started
        env.invalidate_all()

        started = time.perf_counter()
        sent = env["amazon.sync.runner"]._run(account, "inventory").updated
        push = time.perf_counter() - started
        push_calls = len(sandbox.journal)
        started, runs = time.perf_counter(), 0
        while account.feed_ids.filtered(lambda f: f.state == "submitted") and runs < 10:
            env["amazon.sync.runner"]._run(account, "inventory")  # the next runs read reports
            runs += 1
        reports = time.perf_counter() - started
        done = env["amazon.offer"].search_count([("account_id", "=", account.id),
                                                 ("inventory_state", "=", "done")])
        feeds = len(account.feed_ids)
    calls = Counter(call["operation"] for call in sandbox.journal)
    sandbox.stop()

    print(f"quantities of {len(offers)} offers computed in {quantities:.1f} s")
    print(f"offers sent: {sent} in {feeds} feeds; accepted: {done}")
    print(f"push: {push:.1f} s, {push_calls} SP-API calls")
    print(f"reading the reports ({runs} more runs): {reports:.1f} s")
    print("SP-API calls in all: " + ", ".join(f"{op} {n}" for op, n in sorted(calls.items()))
          + f" = {sum(calls.values())}")


def create_offers(env, sandbox, account, marketplaces, count):
    """Products with stock in the FBM warehouse (those of earlier runs are reused: they take
    minutes to create), their FBM offers on this account, and Amazon's listings."""
    from odoo.addons.sale_amazon_sync import compat
    skus = [f"STOCK-{n:05d}" for n in range(count)]
    products = {p.default_code: p for p in env["product.product"].search(
        [("default_code", "in", skus)])}
    new = [sku for sku in skus if sku not in products]
    created = env["product.product"].create([
        dict(compat.storable_product_values(), name=sku, default_code=sku) for sku in new])
    location = account.warehouse_id.lot_stock_id
    env["stock.quant"].create([{"product_id": p.id, "location_id": location.id,
                                "quantity": n % 50} for n, p in enumerate(created)])
    products.update(zip(new, created, strict=True))
    env["amazon.offer"].create([{"account_id": account.id, "product_id": products[sku].id,
                                 "sku": sku, "marketplace_ids": [(6, 0, marketplaces.ids)],
                                 "fulfillment_channels": "DEFAULT"} for sku in skus])
    for sku in skus:
        for marketplace in marketplaces:
            sandbox.add_listing(account.seller_key, sku, marketplace.api_ref,
                                channels={"DEFAULT": 0})

if __name__ == "__main__":
    main()
