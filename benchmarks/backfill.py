"""Benchmark: "Re-sync From" a year back, N orders spread over the year, at Amazon's rate limits.

Run it with an Odoo runtime, on a throwaway database where sale_amazon_sync is installed
(it commits), passing Odoo's own options after ``--``:

    python-odoo18 benchmarks/backfill.py --orders 10000 --speed 100 -- -d bench \\
        --addons-path=<odoo>/addons,. --db_host=127.0.0.1 --db_user=odoo --db_password=odoo

The sandbox applies Amazon's real rate limits (searchOrders: a request per 180 s, burst
20), refilled ``--speed`` times faster. The account's Orders Synchronized Until is set a
year back; runs follow one another as the cron makes them (time-boxed, handed over,
resumed at Amazon's retry time when throttled) until the orders are in. Reports the
orders per minute sustained and the SP-API calls (LWA tokens included) per 100 orders.
Prints figures; asserts nothing.
"""
import time
from collections import Counter
from datetime import datetime, timedelta, timezone

from common import build_orders, odoo_env, parse_args, run_as_cron, sandbox_account


def main():
    args = parse_args(__doc__, orders=10000, speed=100.0)
    from odoo.addons.sale_amazon_sync.sandbox import SandboxServer

    sandbox = SandboxServer(port=0, seed=False, speed=args.speed).start()
    now = datetime.now(timezone.utc)
    for order in build_orders(args.orders, span=timedelta(days=364), end=now - timedelta(hours=1)):
        sandbox.add_order(order)
    with odoo_env() as env:
        account = sandbox_account(env, sandbox)
        account.last_orders_sync = now.replace(tzinfo=None) - timedelta(days=365)
        env.cr.commit()
        started = time.perf_counter()
        logs = run_as_cron(env, account, patience=24 * 3600)
        wall = time.perf_counter() - started
        created = sum(log.created for log in logs)
        calls, throttled = sum(log.api_calls for log in logs), sum(log.throttled for log in logs)
        outcomes = Counter(log.outcome for log in logs)
    journal = Counter(call["operation"] for call in sandbox.journal)
    sandbox.stop()

    print(f"orders: {args.orders} over a year, imported: {created}, "
          f"Amazon's rate limits sped up x{args.speed:g}")
    print(f"runs: {len(logs)} ({', '.join(f'{n} {o}' for o, n in sorted(outcomes.items()))}), "
          f"{wall:.0f} s: {created / wall * 60:.0f} orders per minute sustained")
    print(f"SP-API calls: {calls} ({throttled} throttled; "
          + ", ".join(f"{op} {n}" for op, n in sorted(journal.items()))
          + f"): {calls / max(created, 1) * 100:.2f} per 100 orders")


if __name__ == "__main__":
    main()
