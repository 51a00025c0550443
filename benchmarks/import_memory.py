"""Benchmark: the resident memory of an Odoo process importing N sandbox orders stays flat.

Run it with an Odoo runtime, on a throwaway database where sale_amazon_sync is installed
(it commits), passing Odoo's own options after ``--``:

    python-odoo18 benchmarks/import_memory.py --orders 10000 --mark 1000 -- -d bench \\
        --addons-path=<odoo>/addons,. --db_host=127.0.0.1 --db_user=odoo --db_password=odoo

The sandbox runs in this process; another process imports the orders as the cron does
(runs time-boxed, each handing over to the next, until done). Its peak resident memory
(VmHWM, what ``ru_maxrss`` reports) is read once ``--mark`` orders are in, and at the end.
Prints figures; asserts nothing.
"""
import subprocess
import time

import common


def main():
    args = common.parse_args(__doc__, orders=10000, mark=1000)
    from odoo.addons.sale_amazon_sync.sandbox import SandboxServer

    sandbox = SandboxServer(port=0, seed=False, rate_limits=False, speed=common.BENCH_SPEED).start()
    for order in common.build_orders(args.orders):
        sandbox.add_order(order)
    with common.odoo_env() as env:
        account_id = common.sandbox_account(env, sandbox).id
        env.cr.commit()
        started = time.perf_counter()
        worker = common.spawn_sync(account_id, args.odoo_args, stdout=subprocess.PIPE, text=True)
        at_mark = None
        while worker.poll() is None:
            done = common.sale_count(env.cr, [account_id])
            env.cr.commit()  # the next count sees the worker's latest commits
            if at_mark is None and done >= args.mark:
                at_mark = (done, common.high_water_mark(worker.pid))
            time.sleep(0.5)
        peak, runs = worker.stdout.read().split()
        done, wall = common.sale_count(env.cr, [account_id]), time.perf_counter() - started
    sandbox.stop()

    print(f"orders: {args.orders}, imported: {done} in {runs} runs, {wall:.0f} s")
    if at_mark:
        print(f"peak resident memory after {at_mark[0]} orders: {at_mark[1]:.0f} MB")
    print(f"peak resident memory after {done} orders: {float(peak):.0f} MB")
    if at_mark:
        print(f"growth: {float(peak) - at_mark[1]:.0f} MB")


if __name__ == "__main__":
    main()
