"""Proof: 10,000 orders over 3 accounts under 10 % faults, each imported once, as it should.

Run it with an Odoo runtime, on a throwaway database where sale_amazon_sync is installed
(it commits), passing Odoo's own options after ``--``:

    python-odoo18 scripts/soak.py --orders 10000 -- -d soak \\
        --addons-path=<odoo>/addons,. --db_host=127.0.0.1 --db_user=odoo --db_password=odoo

The sandbox plays Amazon for three sellers (two in Europe on DE, FR, GB and IT; one in
North America on US and CA) with Amazon's rate limits sped up 200 times, and faults one
SP-API request in ten at random (429, 500, 503 with an empty body, slow, truncated JSON).
The accounts synchronize round after round, as their scheduled jobs would, until every
order is read. Then: exactly one sale order per eligible order, Odoo's total plus the tax
Amazon collected equal to Amazon's grand total, no error the sandbox did not cause, and the
sync log's counts equal to what the database holds. Prints a summary line; asserts nothing.
"""
import os
import random
import sys
import time
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import odoo
from odoo.modules.registry import Registry

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "benchmarks"))
from common import parse_args  # noqa: E402

SELLERS = [("A1SOAKSELLEREU1", "DE", ("DE", "FR", "GB", "IT")),
           ("A1SOAKSELLEREU2", "FR", ("FR", "DE")),
           ("A1SOAKSELLERNA1", "US", ("US", "CA"))]
SKUS = [f"SOAK-{n:02d}" for n in range(30)]
SPEED = 200
FAULT_RATE = 0.1


def build_orders(count, build_order):
    """(seller, order) pairs over the last week: 1 in 8 not eligible (pending, cancelled)."""
    now = datetime.now(timezone.utc)
    base = time.time_ns() % 900 + 100
    rng = random.Random(5)
    orders = []
    for n in range(count):
        seller, _home, countries = SELLERS[n % len(SELLERS)]
        fba = rng.random() < 0.3
        status = rng.choice(["PENDING", "CANCELLED"]) if rng.random() < 0.125 else "SHIPPED" \
            if fba else rng.choice(["UNSHIPPED", "SHIPPED"])
        created = now - timedelta(days=7) + timedelta(seconds=n * 50)
        orders.append((seller, build_order(
            order_id=f"{base}-{n:07d}-{rng.randrange(10 ** 7):07d}",
            marketplace=rng.choice(countries), fulfilled_by="AMAZON" if fba else "MERCHANT",
            status=status, created=created, updated=created + timedelta(minutes=5),
            buyer={"name": f"Soak Buyer {n % 2000}", "email": f"soak{base}-{n % 2000}@example.com"},
            items=[{"sku": rng.choice(SKUS), "qty": rng.randint(1, 3),
                    "unit_price": f"{rng.randint(300, 9000) / 100:.2f}",
                    "shipping": rng.choice(["0", "4.99"])}
                   for _ in range(rng.randint(1, 3))])))
    return orders


def setup(env, sandbox, compat, tokens):
    """The app pointed at the sandbox, one account per seller, products with a 19 % tax."""
    from odoo.addons.sale_amazon_sync.sandbox import APP_CLIENT_ID, APP_CLIENT_SECRET
    from odoo.addons.sale_amazon_sync.utils import set_params
    set_params(env, {"lwa_client_id": APP_CLIENT_ID, "lwa_client_secret": APP_CLIENT_SECRET,
                     "sp_api_endpoint": sandbox.url, "lwa_endpoint": sandbox.lwa_url,
                     "retry_backoff": "0.05"})
    env["amazon.account"].search([]).active = False
    tax = env["account.tax"].search([("name", "=", "Soak 19%")], limit=1) or env[
        "account.tax"].create({"name": "Soak 19%", "amount": 19, "type_tax_use": "sale"})
    for sku in SKUS:
        if not env["product.product"].search_count([("default_code", "=", sku)]):
            env["product.product"].create(dict(compat.storable_product_values(), name=sku,
                                               default_code=sku, taxes_id=[(6, 0, tax.ids)]))
    accounts = env["amazon.account"]
    marketplaces = env["amazon.marketplace"]
    for seller, home, countries in SELLERS:
        token = tokens[seller]
        env["amazon.account"].with_context(active_test=False).search(
            [("seller_key", "=", seller)]).unlink()  # an earlier soak of this database
        mine = marketplaces.search([("country_id.code", "in", countries)])
        account = env["amazon.account"].create({
            "name": f"Soak {seller}", "base_marketplace_id": mine.filtered(
                lambda m, home=home: m.country_id.code == home).id,
            "available_marketplace_ids": [(6, 0, mine.ids)],
            "active_marketplace_ids": [(6, 0, mine.ids)]})
        account.sudo().write({"refresh_token": token, "seller_key": seller})
        account.last_orders_sync = datetime.now() - timedelta(days=8)
        accounts |= account
    return accounts


def main():
    count = parse_args(__doc__, orders=10000).orders
    from odoo.addons.sale_amazon_sync import compat
    from odoo.addons.sale_amazon_sync.sandbox import SandboxServer, build_order

    sandbox = SandboxServer(port=0, seed=False, speed=SPEED).start()
    tokens = {seller: sandbox.add_seller(seller, countries) for seller, _h, countries in SELLERS}
    orders = build_orders(count, build_order)
    for seller, order in orders:
        sandbox.add_order(order, seller_id=seller)
    registry = Registry(odoo.tools.config["db_name"])
    started = time.perf_counter()
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        accounts = setup(env, sandbox, compat, tokens)
        cr.commit()
        sandbox.set_fault_rate(FAULT_RATE, seed=11)
        rounds = synchronize(env, accounts)
        sandbox.set_fault_rate(0)
        cr.commit()
        report(env, accounts, orders, rounds, sandbox, time.perf_counter() - started)
    sandbox.stop()


def synchronize(env, accounts, max_rounds=500):
    """Rounds of runs of every account until none has anything left to read: a run that
    failed (faults beyond the retries), was throttled or handed over is run again."""
    runner = env["amazon.sync.runner"]
    for rounds in range(1, max_rounds + 1):
        pending = False
        for account in accounts:
            try:
                log = runner._run(account, "orders")
            except Exception:  # noqa: BLE001 - logged as failed by the runner; next round
                pending = True
                continue
            pending |= log.outcome in ("handed_over", "throttled", "failed")
            if log.outcome == "throttled":
                time.sleep(1)  # Amazon's bucket refills (sped up)
        env.cr.commit()
        errors = env["amazon.order.error"].search_count([("account_id", "in", accounts.ids)])
        if not pending and not errors:
            return rounds
    return max_rounds


def report(env, accounts, orders, rounds, sandbox, wall):
    from odoo.addons.sale_amazon_sync import const
    eligible = {o["orderId"]: o for _seller, o in orders
                if o["fulfillment"]["fulfillmentStatus"]
                in const.IMPORTED_STATUSES[const.FULFILLED_BY[o["fulfillment"]["fulfilledBy"]]]}
    sales = env["sale.order"].search([("amazon_account_id", "in", accounts.ids)])
    refs = sales.mapped("amazon_order_ref")
    wrong_totals = sum(
        1 for sale in sales if abs(Decimal(str(sale.amount_total))
                                   + Decimal(str(sale.amazon_facilitator_tax))
                                   - Decimal(eligible[sale.amazon_order_ref]["proceeds"]
                                             ["grandTotal"]["amount"])) >= Decimal("0.005"))
    errors = env["amazon.order.error"].search_count([("account_id", "in", accounts.ids)])
    logs = env["amazon.sync.log"].search([("account_id", "in", accounts.ids),
                                          ("stream", "=", "orders")])
    faults = sum(1 for call in sandbox.journal if call["status"] in (429, 500, 503)
                 or call.get("fault"))
    print(f"orders: {len(orders)} over {len(accounts)} accounts ({len(eligible)} eligible), "
          f"sale orders: {len(sales)}, missing: {len(set(eligible) - set(refs))}, "
          f"duplicates: {len(refs) - len(set(refs))}, totals not Amazon's: {wrong_totals}, "
          f"left in error: {errors}, log says created: {sum(logs.mapped('created'))} "
          f"(database: {len(sales)}), runs: {len(logs)} in {rounds} rounds "
          f"({sum(logs.mapped('api_calls'))} SP-API calls, ~{faults} faulted), "
          f"wall: {wall:.0f} s")


if __name__ == "__main__":
    main()
