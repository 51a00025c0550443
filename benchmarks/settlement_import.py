"""Benchmark: a sandbox settlement of N orders with refunds and fees, imported and booked.

Run it with an Odoo runtime, on a throwaway database where sale_amazon_sync is installed
(it commits), passing Odoo's own options after ``--``:

    python-odoo18 benchmarks/settlement_import.py --orders 550 -- -d bench \\
        --addons-path=<odoo>/addons,. --db_host=127.0.0.1 --db_user=odoo --db_password=odoo

The account invoices automatically: FBA orders are invoiced at import. Amazon then refunds
one order in twelve (every other one partly), charges its subscription, storage and
advertising, reimburses lost stock, and settles everything, including a few orders Odoo
never imported. Prints how the settlement's lines were matched, whether it sums to
Amazon's total to the cent, and the time each step took; asserts nothing.
"""
import time
from collections import Counter
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from common import BENCH_SPEED, parse_args, sandbox_account

import odoo
from odoo.modules.registry import Registry

NOT_IMPORTED = 5  # orders Amazon settles that Odoo never imported


def main():
    count = parse_args(__doc__, orders=550).orders
    from odoo.addons.sale_amazon_sync.sandbox import SandboxServer

    sandbox = SandboxServer(port=0, seed=False, rate_limits=False, speed=BENCH_SPEED).start()
    registry = Registry(odoo.tools.config["db_name"])
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        if not env.company.chart_template:
            env["account.chart.template"].try_loading("generic_coa", env.company,
                                                      install_demo=False)
        account = sandbox_account(env, sandbox)
        account.invoicing = "automatic"
        cr.commit()
        order_ids = sandbox.generate_orders(count, "DE", "AMAZON")
        started = time.perf_counter()
        while env["amazon.sync.runner"]._run(account, "orders").outcome == "handed_over":
            continue  # a run hands over after its time box, as the stream's job does
        import_time = time.perf_counter() - started
        sandbox.generate_orders(NOT_IMPORTED, "DE", "AMAZON")
        refunds = amazon_refunds_and_charges(sandbox, order_ids)
        info = sandbox.settle("DE")

        started = time.perf_counter()
        log = env["amazon.sync.runner"]._run(account, "finances")
        finance_time = time.perf_counter() - started
        settlement = env["amazon.settlement"].search([("name", "=", info["settlementId"])])
        report(env, account, settlement, info, refunds, log, import_time, finance_time)
    sandbox.stop()


def amazon_refunds_and_charges(sandbox, order_ids):
    """What Amazon does between two settlements: refunds (half of them partial) and
    account-level charges. Returns how many refunds it made."""
    when = datetime.now(timezone.utc) - timedelta(minutes=10)
    refunded = order_ids[::12]
    orders = sandbox.orders()
    for n, order_id in enumerate(refunded):
        items = None
        if n % 2:
            item = orders[order_id]["orderItems"][0]
            items = {item["product"]["sellerSku"]: 1}
        sandbox.refund(order_id, items, shipping=False, when=when)
    for kind, amount in (("subscription", "39.00"), ("storage", "48.12"),
                         ("advertising", "120.40")):
        sandbox.charge(kind, amount, when=when)
    sandbox.charge("reimbursement", "19.50", sku="POWERBANK-10K", quantity=1, when=when)
    return len(refunded)


def report(env, account, settlement, info, refunds, log, import_time, finance_time):
    lines = settlement.line_ids
    opened = lines.filtered(lambda line: line.state == "open")
    lines_sum = sum((Decimal(str(amount)) for amount in lines.mapped("amount")), Decimal(0))
    payout = settlement.move_id.line_ids.filtered(
        lambda line: line.account_id == account._amazon_deposit_account())
    orders = len(set(lines.filtered("order_ref").mapped("order_ref")))
    print(f"settlement {settlement.name}: {len(lines)} lines, {orders} orders, {refunds} refunds,"
          f" {len(settlement.move_id.line_ids)} journal items, state {settlement.state}")
    print(f"lines matched automatically: {len(lines) - len(opened)}, left open: {len(opened)}")
    for reason, number in Counter(opened.mapped("reason")).most_common():
        print(f"  open: {number} x {reason}")
    print(f"Amazon's total-amount: {info['total']} {info['currency']}; lines sum to "
          f"{lines_sum:.2f}; payout booked {payout.amount_currency:.2f}; difference to the "
          f"cent: {Decimal(info['total']) - lines_sum:.2f}")
    invoices = env["account.move"].search([("move_type", "=", "out_invoice"),
                                           ("ref", "in", lines.mapped("order_ref"))])
    print(f"invoices fully reconciled: "
          f"{len(invoices.filtered(lambda m: m.currency_id.is_zero(m.amount_residual)))}"
          f" of {len(invoices)}")
    print(f"orders import with invoicing: {import_time:.1f} s "
          f"({len(invoices) / import_time:.1f} orders/s)")
    print(f"finances run (refunds, settlement, booking, reconciliation): {finance_time:.1f} s,"
          f" {log.created} created, {log.failed} failed, {log.api_calls} SP-API calls")


if __name__ == "__main__":
    main()
