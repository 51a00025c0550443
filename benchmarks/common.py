"""What the benchmarks share: options, sandbox accounts and orders, runs as the cron makes
them, worker processes, and counting what was imported."""
import argparse
import os
import random
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone

import odoo
from odoo.modules.registry import Registry

SKUS = [f"BENCH-{n:03d}" for n in range(20)]
# Amazon's rate limits sped up this much where a benchmark times Odoo's work, not Amazon's
# pace: without it the client waits out searchOrders' real rate (one page every 3 minutes
# past a burst of 20), as it must with Amazon, and 10,000 orders take hours.
BENCH_SPEED = 1000


def parse_args(doc, **options):
    """The script's options (name=default) before ``--``; Odoo's own options after it
    configure Odoo and are kept as ``odoo_args`` (for worker processes)."""
    argv = sys.argv[1:]
    split = argv.index("--") if "--" in argv else len(argv)
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    for name, default in options.items():
        flag = "--" + name.replace("_", "-")
        if isinstance(default, bool):
            parser.add_argument(flag, action="store_true")
        else:
            parser.add_argument(flag, type=str if default is None else type(default),
                                default=default,
                                help=argparse.SUPPRESS if default is None else None)
    args = parser.parse_args(argv[:split])
    args.odoo_args = argv[split + 1:]
    odoo.tools.config.parse_config(args.odoo_args)
    return args


@contextmanager
def odoo_env():
    """A superuser environment on the database of Odoo's options; the caller commits."""
    with Registry(odoo.tools.config["db_name"]).cursor() as cr:
        yield odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})


def sandbox_account(env, sandbox, seller=None, alone=False):
    """An account linked to ``sandbox`` exactly as in demo databases; for ``seller`` (a
    new sandbox seller with its own refresh token) when given. ``alone``: the accounts of
    earlier runs are archived, as their sandboxes are gone."""
    from odoo.addons.sale_amazon_sync.hooks import setup_sandbox_demo
    from odoo.addons.sale_amazon_sync.sandbox import DEMO_MARKETPLACES
    os.environ["SALE_AMAZON_SYNC_SANDBOX_URL"] = sandbox.url
    if alone:
        env["amazon.account"].search([]).active = False
    account = setup_sandbox_demo(env)
    if seller:
        token = sandbox.add_seller(seller, DEMO_MARKETPLACES)
        account.write({"name": f"Bench {seller}", "seller_key": seller, "refresh_token": token})
    create_products(env)
    return account


def create_products(env):
    from odoo.addons.sale_amazon_sync import compat
    for sku in SKUS:
        if not env["product.product"].search_count([("default_code", "=", sku)]):
            env["product.product"].create(dict(compat.storable_product_values(),
                                               name=sku, default_code=sku))


def build_orders(count, span=timedelta(hours=1), statuses=("SHIPPED",), end=None):
    """``count`` sandbox orders of 1 to 3 items, updated over ``span`` up to ``end`` (2
    hours ago by default), 1 in 3 fulfilled by Amazon, each with its own buyer, their ids
    new at each call (the first 3 digits and the last 7 are random)."""
    from odoo.addons.sale_amazon_sync.sandbox import build_order
    rng = random.Random(time.time_ns())
    end = end or datetime.now(timezone.utc) - timedelta(hours=2)
    base = rng.randrange(100, 1000)
    orders = []
    for n in range(count):
        ref = f"{base}-{n:07d}-{rng.randrange(10**7):07d}"
        updated = end - span * (count - n) / count
        orders.append(build_order(
            order_id=ref, created=updated - timedelta(minutes=5), updated=updated,
            marketplace="DE", status=statuses[n % len(statuses)],
            fulfilled_by=rng.choice(["MERCHANT", "MERCHANT", "AMAZON"]),
            buyer={"name": f"Bench Buyer {n}", "email": f"buyer-{ref}@example.com"},
            items=[{"sku": rng.choice(SKUS), "qty": rng.randint(1, 3),
                    "unit_price": f"{rng.randint(500, 9000) / 100:.2f}",
                    "shipping": rng.choice(["0", "3.99"])}
                   for _ in range(rng.randint(1, 3))]))
    return orders


def eligible(orders):
    """The ids of the orders the connector imports (FBA once shipped, FBM once paid)."""
    from odoo.addons.sale_amazon_sync.const import IMPORTED_STATUSES
    return {o["orderId"] for o in orders if o["fulfillment"]["fulfillmentStatus"]
            in IMPORTED_STATUSES["fba" if o["fulfillment"]["fulfilledBy"] == "AMAZON" else "fbm"]}


def run_as_cron(env, account, stream="orders", patience=3600):
    """Run the stream again and again as its job would be run: at once after a run handed
    over, at Amazon's retry time after a throttled one, later when another process holds
    the stream; until a run ends (done or partial). Each run's triggers are consumed, as
    the cron does. Returns the logs."""
    state = env["amazon.sync.runner"]._state(account, stream)
    triggers = env["ir.cron.trigger"].sudo()
    deadline, logs = time.monotonic() + patience, []
    while time.monotonic() < deadline:
        log = env["amazon.sync.runner"]._run(account, stream)
        env.cr.commit()
        due = triggers.search([("cron_id", "=", state.cron_id.id)])
        now = odoo.fields.Datetime.now()
        wait = max([(t.call_at - now).total_seconds() for t in due] or [0])
        due.unlink()
        env.cr.commit()
        if log is None:
            time.sleep(1)  # another process holds the stream (a killed one, soon gone)
            continue
        logs.append(log)
        if log.outcome not in ("handed_over", "throttled"):
            break
        time.sleep(max(0, wait))
    return logs


def spawn(script, *args, odoo_args=(), **popen):
    """Another process of ``script`` with these options (and Odoo's), output discarded
    unless ``popen`` says otherwise."""
    popen = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, **popen}
    return subprocess.Popen([sys.executable, os.path.abspath(script), *args, "--", *odoo_args],
                            cwd=os.path.dirname(os.path.abspath(__file__)), **popen)


def spawn_sync(account_id, odoo_args, **popen):
    """A process synchronizing the account's orders as the cron would, until done (this
    file run as a script); it prints its peak memory in MB and its number of runs."""
    return spawn(__file__, "--account", str(account_id), odoo_args=odoo_args, **popen)


def imported(cr, account_ids, expected):
    """What became of the ``expected`` order ids on these accounts: (orders imported,
    duplicate sale orders, missing, imported though not expected)."""
    cr.execute("""SELECT amazon_order_ref, count(*) FROM sale_order
                   WHERE amazon_account_id = ANY(%s) GROUP BY amazon_order_ref""",
               (list(account_ids),))
    found = dict(cr.fetchall())
    return (len(found), sum(n - 1 for n in found.values()),
            len(set(expected) - set(found)), len(set(found) - set(expected)))


def sale_count(cr, account_ids):
    cr.execute("SELECT count(*) FROM sale_order WHERE amazon_account_id = ANY(%s)",
               (list(account_ids),))
    return cr.fetchone()[0]


def high_water_mark(pid="self"):
    """The process's peak resident memory (VmHWM), in MB."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


if __name__ == "__main__":
    account_id = parse_args(__doc__, account=0).account
    with odoo_env() as env:
        runs = run_as_cron(env, env["amazon.account"].browse(account_id))
    print(f"{high_water_mark():.1f} {len(runs)}", flush=True)
