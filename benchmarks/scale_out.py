"""Benchmark: accounts synchronized side by side by Odoo's cron threads, 1 vs N threads.

Run it with an Odoo runtime, on a throwaway database where sale_amazon_sync is installed
(it commits), passing Odoo's own options after ``--``:

    python-odoo18 benchmarks/scale_out.py --accounts 3 --orders 1000 --threads 3 -- \\
        -d bench --addons-path=<odoo>/addons,. --db_host=127.0.0.1 --db_user=odoo \\
        --db_password=odoo

For 1 cron thread, then for ``--threads``: new accounts, each linked to a seller of its
own on the sandbox (which runs in this process) with ``--orders`` orders; an Odoo server
(``odoo-bin``, threaded: ``--workers=0 --max-cron-threads=N``) is started, the
orders' scheduled action is triggered, and the database is polled until every order is
in; then the server is stopped. Reports each wall time, how many runs of the accounts'
jobs were at most going on at once (from their sync logs), and how often a cron thread
outlasted limit_time_real (the server reloads, or kills the worker). Prints figures;
asserts nothing. With ``--workers 2`` the server preforks: the cron threads are processes,
which Python's GIL does not hold back.
"""
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

from common import build_orders, eligible, imported, odoo_env, parse_args, sandbox_account


def main():
    args = parse_args(__doc__, accounts=3, orders=1000, threads=3, workers=0)
    from odoo.addons.sale_amazon_sync.sandbox import SandboxServer

    sandbox = SandboxServer(port=0, seed=False).start()  # Amazon's rate limits, as they are
    results = [(threads, *measure(sandbox, args, threads)) for threads in (1, args.threads)]
    sandbox.stop()
    print(f"accounts: {args.accounts} of {args.orders} orders each")
    for threads, wall, found, duplicates, missing, overlap, log in results:
        with open(log) as lines:  # threads reload the server, workers are killed
            text = lines.read()
            reloads = text.count("Initiating server reload") + text.count(") timeout after")
        print(f"{threads} cron thread(s): {wall:.0f} s, imported {found} (duplicates "
              f"{duplicates}, missing {missing}), at most {overlap} runs at once, "
              f"time limits hit: {reloads}" + (f" [server log: {log}]" if missing else ""))
    print(f"{args.threads} threads / 1 thread wall time: {results[1][1] / results[0][1]:.2f}")


def measure(sandbox, args, threads):
    """(wall time, imported, duplicates, missing, most runs at once, server log)."""
    expected, account_ids = set(), []
    with odoo_env() as env:
        env["amazon.account"].search([]).active = False  # earlier runs' sandboxes are gone
        for number in range(args.accounts):
            seller = f"A{time.time_ns() % 10**9}{number}"
            account_ids.append(sandbox_account(env, sandbox, seller=seller).id)
            orders = build_orders(args.orders)
            for order in orders:
                sandbox.add_order(order, seller_id=seller)
            expected |= eligible(orders)
        env.cr.commit()
        log = tempfile.mktemp(prefix=f"scale_out_{threads}_", suffix=".log")
        server = start_server(args.odoo_args, threads, args.workers, log)
        try:
            env.ref("sale_amazon_sync.ir_cron_sync_orders")._trigger()
            env.cr.commit()  # Odoo notifies the cron threads after the commit
            started = time.perf_counter()
            while time.perf_counter() - started < 3600:
                found, duplicates, missing, _unexpected = imported(env.cr, account_ids, expected)
                env.cr.commit()
                if not missing:
                    break
                time.sleep(1)
            wall = time.perf_counter() - started
        finally:
            stop(server)
        return wall, found, duplicates, missing, most_at_once(env, account_ids), log


def start_server(odoo_args, threads, workers, log):
    """An Odoo server with ``threads`` cron threads (or, with ``workers``, cron worker
    processes), once it answers HTTP and its cron threads listen."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    import odoo
    odoo_bin = os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)), "odoo-bin")
    command = [odoo_bin] if os.path.exists(odoo_bin) else ["-m", "odoo"]  # odoo-bin restarts
    server = subprocess.Popen(
        [sys.executable, *command, "server", *odoo_args, f"--workers={workers}",
         f"--max-cron-threads={threads}", f"--http-port={port}", "--http-interface=127.0.0.1",
         "--log-level=info", f"--logfile={log}"], cwd=os.path.dirname(os.path.abspath(__file__)),
        # A server that reloads (a job past limit_time_real) execs "python" from PATH:
        # the virtualenv's, not the system's, which lacks Odoo's requirements.
        env=dict(os.environ, PATH=os.pathsep.join(
            [os.path.dirname(sys.executable), os.environ.get("PATH", "")])))
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/web/health", timeout=5)
            break
        except urllib.error.HTTPError:  # answering, if not happily
            break
        except OSError:
            time.sleep(1)
    time.sleep(3)  # the cron threads start after the registry is loaded, then LISTEN
    return server


def stop(server):
    server.terminate()  # Odoo shuts down gracefully
    try:
        server.wait(60)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def most_at_once(env, account_ids):
    """The most runs of these accounts' orders jobs going on at the same moment."""
    logs = env["amazon.sync.log"].search([("account_id", "in", account_ids),
                                          ("stream", "=", "orders")])
    events = sorted([(log.start, 1) for log in logs] + [(log.end or log.start, -1)
                                                        for log in logs])
    running = most = 0
    for _moment, step in events:
        running += step
        most = max(most, running)
    return most


if __name__ == "__main__":
    main()
