"""Proof: several processes synchronizing the same account at once import each order once.

Run it with an Odoo runtime, on a throwaway database where sale_amazon_sync is installed
(it commits), passing Odoo's own options after ``--``:

    python-odoo18 benchmarks/concurrent_sync.py --processes 3 --orders 300 -- -d bench \\
        --addons-path=<odoo>/addons,. --db_host=127.0.0.1 --db_user=odoo --db_password=odoo

It puts the orders on a sandbox, then starts the processes together: the scheduled
action, a user pressing Sync Orders, another cron worker... in turn, each syncing again
and again until the orders are in; plus one process playing a user who edits the account
form all along. Afterwards it counts each eligible order's sale orders and the ERROR lines
the processes logged, and prints one summary line. Asserts nothing.
"""
import random
import subprocess
import time
from datetime import datetime, timedelta, timezone

from common import BENCH_SPEED, imported, odoo_env, parse_args, sandbox_account, spawn

ROLES = ("cron", "button", "cron")  # what each syncing process plays, in turn


def main():
    args = parse_args(__doc__, processes=3, orders=300, worker=None, seconds=600.0)
    if args.worker:
        return work(args.worker, args.seconds)
    orchestrate(args.processes, args.orders, args.odoo_args)


def orchestrate(processes, count, odoo_args):
    from odoo.addons.sale_amazon_sync.sandbox import SandboxServer, build_order

    sandbox = SandboxServer(port=0, seed=False, rate_limits=False, speed=BENCH_SPEED).start()
    now = datetime.now(timezone.utc)
    statuses = ["UNSHIPPED", "SHIPPED", "PENDING", "CANCELLED"]  # 1 in 2 not eligible
    base = random.randrange(100, 999)  # new order (and item) ids at each run of the script
    orders = [build_order(order_id=f"{base}-{n:07d}-{random.randrange(10**7):07d}",
                          created=now - timedelta(hours=3), marketplace="DE",
                          updated=now - timedelta(hours=2, seconds=-n),
                          status=statuses[n % 2 if n % 4 < 2 else 2 + n % 2],
                          buyer={"name": f"Buyer {n}", "email": f"buyer{n}@example.com"},
                          items=[{"sku": f"CONC-{n % 7}", "unit_price": "9.90"}])
              for n in range(count)]
    for order in orders:
        sandbox.add_order(order)
    eligible = {o["orderId"] for o in orders
                if o["fulfillment"]["fulfillmentStatus"] in ("UNSHIPPED", "SHIPPED")}
    with odoo_env() as env:
        account = sandbox_account(env, sandbox)
        env["amazon.account"].search([("id", "!=", account.id)]).active = False
        account.last_orders_sync = now.replace(tzinfo=None) - timedelta(hours=4)
        account_id = account.id
    started = time.perf_counter()
    workers = [spawn(__file__, "--worker", f"{ROLES[n % len(ROLES)]}:{account_id}",
                     odoo_args=odoo_args, stderr=subprocess.PIPE, text=True)
               for n in range(processes)]
    editor = spawn(__file__, "--worker", f"editor:{account_id}", odoo_args=odoo_args,
                   stderr=subprocess.PIPE, text=True)
    logs = [worker.communicate()[1] for worker in workers]
    editor.terminate()
    logs.append(editor.communicate()[1])
    wall = time.perf_counter() - started
    sandbox.stop()
    report(account_id, eligible, logs, processes, count, wall)


def work(role, seconds):
    """Sync (or edit the account) again and again, each time in a new transaction, until
    the account's orders are all read or time is up."""
    kind, account_id = role.split(":")
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with odoo_env() as env:
            account = env["amazon.account"].browse(int(account_id))
            if kind == "editor":
                account.write({"name": f"Amazon Sandbox (EU) {time.time():.0f}",
                               "inventory_buffer": int(time.time()) % 5})
            elif syncing_done(env, kind, account):
                return
        time.sleep(0.2)


def syncing_done(env, kind, account):
    """One synchronization as ``kind`` plays it; True once nothing is left to read."""
    from odoo.exceptions import UserError

    state = account.sync_state_ids.filtered(lambda s: s.stream == "orders")
    if kind == "cron":  # a cron worker running the stream's job
        env["amazon.sync.state"]._amazon_cron_run(state.id)
    else:
        try:
            account.action_sync_orders()
        except UserError:  # "being synchronized already", as a user would read it
            return False
    env.cr.commit()
    return bool(state.watermark and state.watermark > datetime.now() - timedelta(minutes=5))


def report(account_id, eligible, logs, processes, count, wall):
    with odoo_env() as env:
        found, duplicates, missing, unexpected = imported(env.cr, [account_id], eligible)
    errors = sum(1 for log in logs for line in log.splitlines()
                 if " ERROR " in line or " CRITICAL " in line)
    serialization = sum(log.count("could not serialize") for log in logs)
    print(f"processes: {processes} syncing + 1 editing the account, orders: {count} "
          f"({len(eligible)} eligible), imported: {found}, duplicates: {duplicates}, "
          f"missing: {missing}, not eligible but imported: {unexpected}, "
          f"ERROR lines: {errors}, serialization failures: {serialization}, "
          f"wall: {wall:.0f} s")


if __name__ == "__main__":
    main()
