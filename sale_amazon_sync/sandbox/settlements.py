"""Settlements: a marketplace's unsettled money events of a period, closed into a
GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2 report.

The file is written the way Amazon localizes it: amounts and dates in the marketplace's
format (``1.234,56`` and ``15.11.2026 08:00:00 UTC`` in Germany, ``1,234.56`` and
``15/11/2026`` in the UK, ``2026-11-15 08:00:00 UTC`` in the US), the 24 columns in the
documented order, the summary line first, then one line per amount; total-amount is the
sum of the lines. The events get the settlement's id and financial event group, which
listTransactions then shows.
"""
from datetime import timedelta

from .. import const
from . import marketplaces
from .money import KINDS, event_total, post_shipments, reference
from .orders import ZERO
from .reports_api import add_report

COLUMNS = (
    "settlement-id", "settlement-start-date", "settlement-end-date", "deposit-date",
    "total-amount", "currency", "transaction-type", "order-id", "merchant-order-id",
    "adjustment-id", "shipment-id", "marketplace-name", "amount-type", "amount-description",
    "amount", "fulfillment-id", "posted-date", "posted-date-time", "order-item-code",
    "merchant-order-item-id", "merchant-adjustment-item-id", "sku", "quantity-purchased",
    "promotion-id",
)
# country -> (thousands separator, decimal separator, date-time format, posted-date format)
_EU = (".", ",", "%d.%m.%Y %H:%M:%S UTC", "%d.%m.%Y")
_LOCALES = {"DE": _EU, "IT": _EU, "ES": _EU, "NL": _EU, "BE": _EU, "PL": _EU,
            "FR": ("", ",", "%d.%m.%Y %H:%M:%S UTC", "%d.%m.%Y"),
            "GB": (",", ".", "%d/%m/%Y %H:%M:%S UTC", "%d/%m/%Y")}
_DEFAULT_LOCALE = (",", ".", "%Y-%m-%d %H:%M:%S UTC", "%m/%d/%y")
PERIOD = timedelta(days=14)
DEPOSIT_DELAY = timedelta(days=2)


def settle(state, seller_id, marketplace, start, end, now):
    """Close the seller's unsettled events of ``marketplace`` posted in [start, end).

    ``start`` defaults to the end of the marketplace's previous settlement (or 14 days
    before ``end``), ``end`` to now; both are cut to whole seconds, as the file shows them.
    Returns the settlement: its id, period, deposit date, total, currency, events and the
    id of its report (DONE, with its document).
    """
    market = marketplaces.resolve(marketplace)
    post_shipments(state, seller_id)
    end = end or now + timedelta(seconds=1)  # everything posted until now, in whole seconds
    previous = [s["end"] for s in state.settlements.values()
                if (s["seller_id"], s["marketplace_id"]) == (seller_id, market.id)]
    start = start or (max(previous) if previous else end - PERIOD)
    start, end = start.replace(microsecond=0), end.replace(microsecond=0)  # as in the file
    if start >= end:
        raise ValueError("A settlement period must end after it starts.")
    events = sorted((e for e in state.money.get(seller_id, ()) if e["marketplace_id"] == market.id
                     and e["settlement_id"] is None and start <= e["posted"] < end),
                    key=lambda e: e["posted"])
    settlement_id = str(12_000_000_000 + state.next_id())
    group_id = reference("group", seller_id, settlement_id, length=43)
    for event in events:
        event.update(settlement_id=settlement_id, group_id=group_id)
    settlement = {
        "settlementId": settlement_id, "seller_id": seller_id, "marketplace_id": market.id,
        "currency": market.currency, "start": start, "end": end, "deposit": end + DEPOSIT_DELAY,
        "total": sum((event_total(e) for e in events), ZERO), "groupId": group_id,
        "events": [e["id"] for e in events]}
    content = render_flat_file(settlement, events).encode("utf-8")
    settlement["reportId"] = add_report(state, seller_id, const.SETTLEMENT_REPORT_TYPE,
                                        [market.id], content, now, start, end)
    state.settlements[settlement_id] = settlement
    return settlement


def render_flat_file(settlement, events):
    """The settlement's tab-separated V2 flat file, localized for its marketplace."""
    market = marketplaces.resolve(settlement["marketplace_id"])
    locale = _LOCALES.get(market.code, _DEFAULT_LOCALE)
    stamp = locale[2]
    summary = {"settlement-id": settlement["settlementId"],
               "settlement-start-date": settlement["start"].strftime(stamp),
               "settlement-end-date": settlement["end"].strftime(stamp),
               "deposit-date": settlement["deposit"].strftime(stamp),
               "total-amount": _amount(settlement["total"], locale),
               "currency": settlement["currency"]}
    rows = [summary] + [row for event in events for row in _rows(event, market, locale)]
    lines = ["\t".join(COLUMNS)] + ["\t".join(row.get(c, "") for c in COLUMNS) for row in rows]
    return "\n".join(lines) + "\n"


def _rows(event, market, locale):
    """One row per amount of an event."""
    common = {"settlement-id": event["settlement_id"],
              "transaction-type": KINDS[event["kind"]][0], "order-id": event["order_id"],
              "adjustment-id": event["refund_id"], "shipment-id": event["shipment_id"],
              "marketplace-name": market.name, "fulfillment-id": event["network"],
              "posted-date": event["posted"].strftime(locale[3]),
              "posted-date-time": event["posted"].strftime(locale[2])}
    for item in event["items"]:
        quantity = str(item["quantity"]) if item["quantity"] else ""
        for amount_type, description, amount in item["lines"]:
            yield {**common, "amount-type": amount_type, "amount-description": description,
                   "amount": _amount(amount, locale), "order-item-code": item["code"],
                   "sku": item["sku"], "quantity-purchased": quantity,
                   "promotion-id": item["promotion_id"] if amount_type == "Promotion" else ""}


def _amount(value, locale):
    """``value`` with two decimals in the locale's separators (``-1.234,56``)."""
    thousands, decimal = locale[:2]
    text = f"{value:,.2f}"
    return text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)
