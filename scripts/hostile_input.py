"""Proof: hostile and broken Amazon payloads end as readable errors, good orders import.

Run it with an Odoo runtime, on a throwaway database where sale_amazon_sync is installed
(it commits), passing Odoo's own options after ``--``:

    python-odoo18 scripts/hostile_input.py -- -d hostile \\
        --addons-path=<odoo>/addons,. --db_host=127.0.0.1 --db_user=odoo --db_password=odoo

The sandbox serves good orders with, between them, each kind of malformed or hostile
payload below (missing fields, wrong types, unknown marketplace or currency, negative or
huge quantities and amounts, 10 MB strings, HTML and script in names and addresses,
invalid Unicode escapes, duplicate item ids, an order id reused with other contents, a
page whose nextToken Amazon refuses...). The import runs as the scheduled action would;
then the script checks every good order is in once, every refused payload left a readable
error, nothing failed a run or reached the log but references and error kinds, and no
buyer HTML is stored as markup. Prints a summary line; asserts nothing.
"""
import copy
import itertools
import logging
import os
import re
import sys
import time
from datetime import datetime, timedelta, timezone

import odoo
from odoo.modules.registry import Registry

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "benchmarks"))
from common import parse_args, sandbox_account  # noqa: E402

MARKERS = ("Hostile Buyer", "hostile@example.com", "<script", "<img", "DROP TABLE", "AAAA")
GOOD_ORDERS = 60


def hostile_kinds(good, us_marketplace):
    """{kind: (payload, expectation)}: "refused" payloads must end as an error on their
    order (or the page), "imported" ones must import with their data kept as text."""
    def changed(edit):
        payload = copy.deepcopy(good())
        edit(payload)
        return payload

    def item(payload):
        return payload["orderItems"][0]

    def first_amount(payload):
        return item(payload)["proceeds"]["breakdowns"][0]["subtotal"]

    refused = {
        "not an object": ["orderId", "302-1234567-1234567"],
        "missing orderId": changed(lambda p: p.pop("orderId")),
        "malformed orderId": changed(lambda p: p.update(orderId="12-34")),
        "orderId of the wrong type": changed(lambda p: p.update(orderId=302)),
        "missing createdTime": changed(lambda p: p.pop("createdTime")),
        "createdTime not a date": changed(lambda p: p.update(createdTime="yesterday")),
        "createdTime in year 10000": changed(lambda p: p.update(createdTime="10000-01-01")),
        "missing salesChannel": changed(lambda p: p.pop("salesChannel")),
        "unknown marketplace": changed(
            lambda p: p["salesChannel"].update(marketplaceId="A1UNKNOWNMKT1")),
        "marketplace of another region": changed(
            lambda p: p["salesChannel"].update(marketplaceId=us_marketplace)),
        "unknown currency": changed(lambda p: _set_currency(p, "XXX")),
        "amounts in two currencies": changed(
            lambda p: first_amount(p).update(currencyCode="USD")),
        "missing fulfillment": changed(lambda p: p.pop("fulfillment")),
        "unknown fulfilledBy": changed(lambda p: p["fulfillment"].update(fulfilledBy="DRONE")),
        "unknown fulfillmentStatus": changed(
            lambda p: p["fulfillment"].update(fulfillmentStatus="EXPLODED")),
        "missing orderItems": changed(lambda p: p.pop("orderItems")),
        "empty orderItems": changed(lambda p: p.update(orderItems=[])),
        "orderItems not a list": changed(lambda p: p.update(orderItems="items")),
        "order item not an object": changed(lambda p: p.update(orderItems=["item"])),
        "missing sellerSku": changed(lambda p: item(p)["product"].pop("sellerSku")),
        "negative quantity": changed(lambda p: item(p).update(quantityOrdered=-3)),
        "huge quantity": changed(lambda p: item(p).update(quantityOrdered=10 ** 12)),
        "fractional quantity": changed(lambda p: item(p).update(quantityOrdered=1.5)),
        "quantity as text": changed(lambda p: item(p).update(quantityOrdered="2")),
        "amount not a number": changed(lambda p: first_amount(p).update(amount="lots")),
        "amount NaN": changed(lambda p: first_amount(p).update(amount="NaN")),
        "huge amount": changed(lambda p: first_amount(p).update(amount="1e15")),
        "negative charge": changed(lambda p: first_amount(p).update(amount="-10.00")),
        "totals that do not add up": changed(
            lambda p: p["proceeds"]["grandTotal"].update(amount="999.99")),
        "10 MB title": changed(lambda p: item(p)["product"].update(title="A" * 10 ** 7)),
        "invalid Unicode escape": changed(
            lambda p: p["buyer"].update(buyerName="Hostile Buyer \ud800")),
        "NUL character": changed(lambda p: p["buyer"].update(buyerName="Hostile\x00Buyer")),
        "duplicate item ids": changed(lambda p: p["orderItems"].append(
            copy.deepcopy(item(p)))),
        "buyer not an object": changed(lambda p: p.update(buyer="Hostile Buyer")),
        "address not an object": changed(
            lambda p: p["recipient"].update(deliveryAddress="Hostile Road")),
        "breakdowns not a list": changed(lambda p: item(p)["proceeds"].update(breakdowns={})),
        "detailed breakdown garbled": changed(
            lambda p: item(p)["proceeds"]["breakdowns"][-1].update(detailedBreakdowns=[1])),
    }
    imported = {
        "HTML and script in names and addresses": changed(lambda p: (
            p["buyer"].update(buyerName="Hostile Buyer <script>alert(1)</script>",
                              buyerEmail="hostile@example.com"),
            p["recipient"]["deliveryAddress"].update(
                name="Hostile Buyer <img src=x onerror=alert(1)>",
                addressLine1="<b>Hostile</b> Road 1"),
            item(p).setdefault("fulfillment", {}).update(packing={"giftOption": {
                "giftMessage": "<script>document.cookie</script> Happy birthday"}}))),
        "SQL in a SKU": changed(
            lambda p: item(p)["product"].update(sellerSku="X'; DROP TABLE sale_order;--")),
    }
    return {**{k: (v, "refused") for k, v in refused.items()},
            **{k: (v, "imported") for k, v in imported.items()}}


def _ref(payload):
    """The order reference a payload carries, if it carries one Odoo can record."""
    ref = payload.get("orderId") if isinstance(payload, dict) else None
    return ref if isinstance(ref, str) and ref else None


def _set_currency(payload, code):
    """Every Money of the order in ``code``."""
    def walk(node):
        if isinstance(node, dict):
            if "currencyCode" in node:
                node["currencyCode"] = code
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(payload)


class Captured(logging.Handler):
    """Every log record of the run, to check what reached the log."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.records = []

    def emit(self, record):
        self.records.append(record)


def main():
    page_size = parse_args(__doc__, page_size=10).page_size
    from odoo.addons.sale_amazon_sync import const
    from odoo.addons.sale_amazon_sync.sandbox import SandboxServer, build_order

    sandbox = SandboxServer(port=0, seed=False, rate_limits=False).start()
    now = datetime.now(timezone.utc)
    base = time.time_ns() % 900 + 100

    serial = itertools.count(1)

    def good():
        return build_order(order_id=f"{base}-{next(serial):07d}-0000001",
                           created=now - timedelta(hours=5), items=[
                               {"sku": "HOSTILE-GOOD", "unit_price": "9.90",
                                "gift_message": "Happy birthday"}])

    kinds = hostile_kinds(good, "ATVPDKIKX0DER")
    goods = [good() for _ in range(GOOD_ORDERS)]
    for index, order in enumerate(goods):
        order["lastUpdatedTime"] = (now - timedelta(hours=4, minutes=-index)).strftime(
            "%Y-%m-%dT%H:%M:%SZ")
        sandbox.add_order(order)
    for index, (payload, _expect) in enumerate(kinds.values()):
        sandbox.add_garbled(payload, now - timedelta(hours=4, minutes=-index, seconds=-30))
    reused = copy.deepcopy(goods[-1])  # an order id reused with other contents
    reused["orderItems"][0]["orderItemId"] = "99999999999999"
    sandbox.add_garbled(reused, now - timedelta(minutes=30))
    kinds["order id reused with other contents"] = (reused, "refused")
    sandbox.break_next_tokens(1)  # and one page whose nextToken Amazon refuses

    captured = Captured()
    logging.getLogger().addHandler(captured)
    registry = Registry(odoo.tools.config["db_name"])
    started = time.perf_counter()
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        account = sandbox_account(env, sandbox)
        env["amazon.account"].search([("id", "!=", account.id)]).active = False
        account.last_orders_sync = now.replace(tzinfo=None) - timedelta(hours=6)
        cr.commit()
        const.ORDERS_PAGE_SIZE = page_size
        logs = env["amazon.sync.log"]
        for _ in range(20):  # the scheduled runs, each handing over to the next
            logs |= env["amazon.sync.runner"]._run(account, "orders")
            if logs[-1].outcome != "handed_over":
                break
        cr.commit()
        report(env, account, goods, kinds, logs, captured, time.perf_counter() - started)
    logging.getLogger().removeHandler(captured)
    sandbox.stop()


def report(env, account, goods, kinds, logs, captured, wall):
    sales = env["sale.order"].search([("amazon_account_id", "=", account.id)])
    refs = sales.mapped("amazon_order_ref")
    good_refs = {o["orderId"] for o in goods}
    duplicates = len(refs) - len(set(refs))
    errors = env["amazon.order.error"].search([("account_id", "=", account.id)])
    unreadable = [e for e in errors if not e.error or re.match(r"^\w+(Error|Exception):",
                                                              e.error)]
    refused = {k: p for k, (p, expect) in kinds.items() if expect == "refused"}
    error_refs = set(errors.mapped("order_ref"))
    nameless = [p for p in refused.values() if not _ref(p)]
    lines = logs.line_ids.filtered(lambda line: line.ref == "(no order reference)")
    recorded = sum(1 for p in refused.values() if _ref(p) in error_refs) \
        + min(len(nameless), len(lines))
    imported_kinds = [k for k, (p, expect) in kinds.items() if expect == "imported"
                      and p.get("orderId") in refs]
    texts = [r.getMessage() for r in captured.records]
    leaks = sum(1 for text in texts for marker in MARKERS if marker in text)
    error_lines = sum(1 for r in captured.records if r.levelno >= logging.ERROR)
    html = env["mail.message"].search_count([("model", "in", ("sale.order", "stock.picking",
                                                              "amazon.account")),
                                             "|", ("body", "ilike", "<script"),
                                             ("body", "ilike", "<img")])
    html += env["stock.picking"].search_count([("sale_id", "in", sales.ids), "|",
                                               ("note", "ilike", "<script"),
                                               ("note", "ilike", "<img")])
    page_errors = len(logs.line_ids.filtered(lambda line: line.ref.startswith("Orders page")))
    print(f"hostile kinds: {len(kinds)} ({len(refused)} to refuse, "
          f"{len(kinds) - len(refused)} to import safely, 1 refused page token: "
          f"{page_errors} page error), "
          f"good orders: {len(good_refs & set(refs))}/{len(good_refs)} imported, "
          f"duplicates: {duplicates}, refused kinds with an error recorded: "
          f"{recorded}/{len(refused)}, unreadable errors: "
          f"{len(unreadable)}, safe kinds imported: {len(imported_kinds)}, runs: {len(logs)} "
          f"({', '.join(sorted(set(logs.mapped('outcome'))))}), ERROR lines: {error_lines}, "
          f"buyer data or payload in the log: {leaks}, HTML stored as markup: {html}, "
          f"wall: {wall:.0f} s")


if __name__ == "__main__":
    main()
