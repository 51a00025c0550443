"""Check: an import killed (SIGKILL) at random moments, then finished, has every order once.

Run it with an Odoo runtime, on a throwaway database where sale_amazon_sync is installed
(it commits), passing Odoo's own options after ``--``:

    python-odoo18 benchmarks/crash_check.py --orders 1000 --kills 5 -- -d bench \\
        --addons-path=<odoo>/addons,. --db_host=127.0.0.1 --db_user=odoo --db_password=odoo

The sandbox runs in this process with the orders (unshipped, shipped, pending and
cancelled, FBM and FBA: some are not to be imported). A worker process synchronizes the
account as the cron does and is killed with SIGKILL at a random moment of a run,
``--kills`` times; then a last worker finishes the import. Prints the orders imported, duplicates,
missing and the kills done; asserts nothing.
"""
import os
import random
import signal
import time

import common


def main():
    args = common.parse_args(__doc__, orders=1000, kills=5)
    from odoo.addons.sale_amazon_sync.sandbox import SandboxServer

    sandbox = SandboxServer(port=0, seed=False, rate_limits=False, speed=common.BENCH_SPEED).start()
    orders = common.build_orders(args.orders,
                                 statuses=("UNSHIPPED", "SHIPPED", "PENDING", "CANCELLED"))
    for order in orders:
        sandbox.add_order(order)
    expected = common.eligible(orders)
    with common.odoo_env() as env:
        account_id = common.sandbox_account(env, sandbox).id
        env.cr.commit()
        started, kills = time.perf_counter(), []
        for _ in range(args.kills):
            worker = common.spawn_sync(account_id, args.odoo_args)
            if not running(env, account_id, worker):
                break  # all imported before this kill
            time.sleep(random.uniform(0, 10))  # anywhere in a run: a page is 5 to 10 s
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait()
            kills.append(common.sale_count(env.cr, [account_id]))
            env.cr.commit()
        common.spawn_sync(account_id, args.odoo_args).wait()
        found, duplicates, missing, unexpected = common.imported(env.cr, [account_id], expected)
        errors = env["amazon.order.error"].search_count([("account_id", "=", account_id)])
    sandbox.stop()

    print(f"orders: {args.orders} ({len(expected)} to import), kills: {len(kills)} "
          f"(with {', '.join(map(str, kills)) or 'no'} orders in), "
          f"{time.perf_counter() - started:.0f} s in all")
    print(f"imported: {found}, duplicates: {duplicates}, missing: {missing}, "
          f"imported though not to be: {unexpected}, order errors recorded: {errors}")


def running(env, account_id, worker):
    """Wait until the worker runs a synchronization; False if it ended first."""
    logs = env["amazon.sync.log"]
    seen = logs.search([("account_id", "=", account_id)], order="id desc", limit=1).id or 0
    while worker.poll() is None:
        env.cr.commit()  # a new snapshot
        if logs.search_count([("account_id", "=", account_id), ("id", ">", seen),
                              ("outcome", "=", "running")]):
            return True
        time.sleep(0.2)
    return False


if __name__ == "__main__":
    main()
