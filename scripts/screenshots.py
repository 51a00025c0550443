"""The README's screenshots, made again from scratch against the local SP-API sandbox.

It starts the sandbox, installs sale_amazon_sync in the database of the Odoo options
(with the demo account linked to the sandbox), runs every stream of that account a few
times for real (one order arrives malformed, Amazon's servers fail a finances run), then
serves Odoo and photographs it with headless Chromium over the DevTools protocol:

    docs/dashboard.png      the account: smart buttons and the dashboard of its streams
    docs/sync-log.png       the synchronization log of those runs
    docs/sync-log-run.png   the run that failed to import an order, with its line

Run it with the Odoo runtime's python (it has websocket-client), on a new database: a copy
of one where Odoo's dependencies are installed, or a name that does not exist yet. The
script's options come first, Odoo's after ``--``:

    createdb -T TEMPLATE shots
    ODOO_PYTHON scripts/screenshots.py [--chromium chromium] [--out docs] \\
        -- -d shots --addons-path=ODOO/addons,REPO [--db_host=... --db_user=... ...]

It logs in as admin/admin (--login, --password), and stops what it started.
"""
import argparse
import base64
import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timedelta, timezone

import websocket

import odoo
from odoo.modules.registry import Registry

WIDTH, HEIGHT = 1400, 900
ACCOUNT = "sale_amazon_sync.amazon_account_demo"


def main():
    args = parse_args()
    from odoo.addons.sale_amazon_sync.sandbox import SandboxServer
    with SandboxServer(rate_limits=False) as sandbox, tempfile.TemporaryDirectory() as tmp:
        print(f"--- SP-API sandbox on {sandbox.url}", flush=True)
        os.environ["SALE_AMAZON_SYNC_SANDBOX_URL"] = sandbox.url  # read by the demo set-up
        print("--- installing sale_amazon_sync (if it is not)", flush=True)
        subprocess.run(odoo_command(args, "-i", "sale_amazon_sync", "--stop-after-init"),
                       check=True)
        print("--- running the streams of the demo account against the sandbox", flush=True)
        account_id, log_id = synchronize(sandbox)
        port = free_port()
        print(f"--- serving Odoo on port {port}", flush=True)
        with process(odoo_command(args, f"--http-port={port}", "--max-cron-threads=0")):
            base = f"http://127.0.0.1:{port}"
            wait_for(lambda: answers(f"{base}/web/login"), 120)
            with process([args.chromium, "--headless=new", "--no-sandbox", "--disable-gpu",
                          "--hide-scrollbars", "--no-first-run", "--lang=en-US",
                          f"--window-size={WIDTH},{HEIGHT}", "--remote-debugging-port=0",
                          f"--user-data-dir={tmp}", "about:blank"], stderr=subprocess.DEVNULL):
                browser = Browser(tmp)
                browser.login(base, args.login, args.password)
                action = f"{base}/web#action=sale_amazon_sync"  # 17's URLs, 18 takes them
                browser.shoot(f"{action}.amazon_account_action&id={account_id}&view_type=form",
                              ".o_amazon_sync_dashboard .o_data_row",
                              os.path.join(args.out, "dashboard.png"))
                browser.shoot(f"{action}.amazon_sync_log_action", ".o_list_view .o_data_row",
                              os.path.join(args.out, "sync-log.png"))
                browser.shoot(f"{action}.amazon_sync_log_action&id={log_id}&view_type=form",
                              ".o_form_view .o_field_one2many .o_data_row",
                              os.path.join(args.out, "sync-log-run.png"))


def parse_args():
    """The script's options before ``--``; Odoo's after it (kept as ``odoo_args``)."""
    argv = sys.argv[1:]
    split = argv.index("--") if "--" in argv else len(argv)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    parser.add_argument("--out", default=os.path.normpath(
        os.path.join(os.path.dirname(__file__), os.pardir, "docs")))
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    args = parser.parse_args(argv[:split])
    args.odoo_args = argv[split + 1:]
    odoo.tools.config.parse_config(args.odoo_args)
    return args


def odoo_command(args, *options):
    return [sys.executable, "-m", "odoo", "--log-level=warn", *args.odoo_args, *options]


def synchronize(sandbox):
    """Real runs of every stream, as the jobs and the buttons make them; returns the
    account's id and the id of the orders run that failed on one order."""
    from odoo.addons.sale_amazon_sync.hooks import setup_sandbox_demo
    from odoo.addons.sale_amazon_sync.sandbox import build_order
    from odoo.addons.sale_amazon_sync.spapi.ratelimit import reset_buckets
    from odoo.addons.sale_amazon_sync.utils import set_params

    db = odoo.tools.config["db_name"]
    with Registry(db).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        account = env.ref(ACCOUNT, raise_if_not_found=False) or setup_sandbox_demo(env)
        set_params(env, {"sp_api_endpoint": sandbox.url, "lwa_endpoint": sandbox.lwa_url})
        cr.commit()

        def run(stream, trigger="cron"):
            env.invalidate_all()  # what other transactions did since (a job's fresh start)
            with contextlib.suppress(Exception):  # a failed run is logged, as it should be
                env["amazon.sync.runner"]._run(account, stream, trigger=trigger)
            cr.commit()
            log = env["amazon.sync.log"].search([("account_id", "=", account.id),
                                                 ("stream", "=", stream)], limit=1)
            print(f"    {stream:14} {log.outcome:12} created {log.created}, updated "
                  f"{log.updated}, failed {log.failed}, {log.api_calls} calls", flush=True)
            return log

        # An order whose amount Amazon garbled: it fails alone, the others import.
        bad = build_order(items=[{"sku": "MUG-CERAMIC-350", "unit_price": "12.90"}],
                          created=datetime.now(timezone.utc) - timedelta(hours=4))
        bad["orderItems"][0]["proceeds"]["breakdowns"][0]["subtotal"] = {"amount": "lots"}
        sandbox.add_order(bad)
        failed_log = run("orders")
        for stream in ("inventory", "fba_inventory", "inventory", "fba_returns", "finances",
                       "buyer_data"):
            run(stream)
        ship(env, account, 3)
        run("shipments")
        run("inventory")  # Amazon is done with the first feed: its offers may change again
        # Later: a new order (just inside the window of the next run: Amazon lists orders
        # two minutes old at the most recent), Amazon throttling, a button pressed, and
        # Amazon's servers failing on the finances.
        now = datetime.now(timezone.utc)
        sandbox.add_order(build_order(
            items=[{"sku": "TEA-EARLGREY-100G", "qty": 2, "unit_price": "8.50"}],
            created=now - timedelta(minutes=30), updated=now - timedelta(seconds=121)))
        sandbox.inject("429", "searchOrders")
        run("orders")
        reset_buckets()  # the next run comes once Amazon's bucket has refilled
        run("orders", "user")
        run("inventory", "user")  # the units the new order took
        sandbox.inject("503", times=10)
        run("finances")
        ids = account.id, failed_log.id
    Registry.delete(db)  # one Odoo at a time: the server is the next
    odoo.sql_db.close_all()
    return ids


def ship(env, account, count):
    """Validate a few FBM deliveries with their carrier and tracking number, as a warehouse
    does: the shipments stream confirms them to Amazon."""
    carrier = env["delivery.carrier"].search([("name", "=", "DHL Paket")], limit=1)
    if not carrier:
        fee = env["product.product"].create({"name": "DHL Paket", "type": "service"})
        carrier = env["delivery.carrier"].create({"name": "DHL Paket", "product_id": fee.id})
    pickings = env["stock.picking"].search([
        ("sale_id.amazon_account_id", "=", account.id), ("sale_id.amazon_channel", "=", "fbm"),
        ("picking_type_code", "=", "outgoing"), ("state", "=", "assigned")], limit=count)
    for n, picking in enumerate(pickings):
        picking.write({"carrier_id": carrier.id, "carrier_tracking_ref": f"JJD0099{n:05d}"})
        for move in picking.move_ids:
            move.quantity, move.picked = move.product_uom_qty, True
        picking.with_context(skip_sms=True).button_validate()
    env.cr.commit()


class Browser:
    """The page of a headless Chromium, driven over the DevTools protocol."""

    def __init__(self, profile):
        port_file = os.path.join(profile, "DevToolsActivePort")
        wait_for(lambda: os.path.getsize(port_file), 30)
        with open(port_file) as lines:
            port = lines.readline().strip()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list") as answer:
            page = next(t for t in json.load(answer) if t["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"],
                                              suppress_origin=True)
        self.calls = 0
        self("Emulation.setDeviceMetricsOverride", width=WIDTH, height=HEIGHT,
             deviceScaleFactor=1, mobile=False)

    def __call__(self, method, **params):
        self.calls += 1
        self.ws.send(json.dumps({"id": self.calls, "method": method, "params": params}))
        while True:  # events come in between; the answer has our id
            message = json.loads(self.ws.recv())
            if message.get("id") == self.calls:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message["result"]

    def js(self, expression):
        return self("Runtime.evaluate", expression=expression,
                    returnByValue=True)["result"].get("value")

    def open(self, url, selector):
        self("Page.navigate", url="about:blank")  # a new page, not a change of its #hash
        self("Page.navigate", url=url)
        time.sleep(1)
        wait_for(lambda: self.js(f"!!document.querySelector({json.dumps(selector)})"), 60)
        time.sleep(2)  # the last requests and animations

    def login(self, base, login, password):
        print(f"--- logging in as {login}", flush=True)
        self.open(f"{base}/web/login", "form.oe_login_form")
        self.js(f"document.querySelector('#login').value = {json.dumps(login)};"
                f"document.querySelector('#password').value = {json.dumps(password)};"
                "document.querySelector('form.oe_login_form').submit()")
        time.sleep(1)
        wait_for(lambda: self.js("!!document.querySelector('.o_main_navbar')"), 60)

    def shoot(self, url, selector, path):
        self.open(url, selector)
        png = self("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as out:
            out.write(base64.b64decode(png))
        print(f"--- {path}: {url}", flush=True)


@contextlib.contextmanager
def process(command, **popen):
    """A child process for the duration of the block, stopped after it."""
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, **popen)
    try:
        yield child
    finally:
        child.terminate()
        try:
            child.wait(15)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def wait_for(check, timeout):
    """Until ``check()`` is true and raises nothing, for at most ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        with contextlib.suppress(Exception):
            if check():
                return
        if time.monotonic() > deadline:
            raise TimeoutError(f"still waiting after {timeout} s")
        time.sleep(0.5)


def answers(url):
    with urllib.request.urlopen(url, timeout=5) as answer:
        return answer.status == 200


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


if __name__ == "__main__":
    main()
