"""Finances API v2024-06-19: listTransactions, over the money events of money.py.

Validation follows the model: postedAfter is required unless a related identifier is
given (answered "Start date cannot be null", as Amazon's own sandbox does), and only
FINANCIAL_EVENT_GROUP_ID and ORDER_ID filter; both bounds must be more than two minutes
old; a window over 180 days answers nothing; a nextToken continues only with the same
arguments. Pages hold up to 500 transactions (the use-case guide) and, as Amazon warns,
may come back empty with a nextToken: ``SandboxServer.return_empty_pages`` makes them so.
Each event is one transaction, with one item per order item, breakdowns grouped by kind
and leaves named like the settlement's amount descriptions.
"""
import secrets
from datetime import timedelta

from . import marketplaces
from .money import KINDS, event_total, post_shipments
from .orders import ZERO, iso
from .wire import invalid, json_response

PARAMETERS = ("postedAfter", "postedBefore", "marketplaceId", "transactionStatus",
              "relatedIdentifierName", "relatedIdentifierValue", "nextToken")
FILTERS = {"ORDER_ID": "order_id", "FINANCIAL_EVENT_GROUP_ID": "group_id"}
TRANSACTION_STATUSES = ("DEFERRED", "RELEASED", "DEFERRED_RELEASED")
MAX_WINDOW = timedelta(days=180)
MIN_AGE = timedelta(minutes=2)
# Settlement amount-type -> the breakdownType grouping those amounts in a transaction.
_GROUPS = {"ItemPrice": "ProductCharges", "Promotion": "Promotion", "ItemFees": "AmazonFees"}
_IDENTIFIERS = (("ORDER_ID", "order_id"), ("SHIPMENT_ID", "shipment_id"),
                ("REFUND_ID", "refund_id"), ("INVOICE_ID", "invoice_id"),
                ("FINANCIAL_EVENT_GROUP_ID", "group_id"), ("SETTLEMENT_ID", "settlement_id"))


def list_transactions(srv, req):
    """GET /finances/2024-06-19/transactions."""
    req.only(*PARAMETERS)
    args = {name: values for name, values in req.query.items() if name != "nextToken"}
    token = req.value("nextToken")
    search = srv.state.searches.get(token) if token else _new_search(srv, req, args)
    if token and (not search or search.get("seller_id") != req.seller_id
                  or search.get("args") != args):
        raise invalid("Invalid nextToken: send the arguments of the call that produced it.")
    start, found = search["offset"], search["transactions"]
    empty = srv.state.empty_pages > 0
    if empty:
        srv.state.empty_pages -= 1
    page = [] if empty else found[start:start + srv.state.page_sizes["listTransactions"]]
    following = start + len(page)
    payload = {"transactions": [render_transaction(event) for event in page]}
    if empty or following < len(found):
        payload["nextToken"] = secrets.token_urlsafe(24)
        srv.state.searches[payload["nextToken"]] = {**search, "offset": following}
    return json_response(200, {"payload": payload})


def _new_search(srv, req, args):
    """Validate the filters of a first page and snapshot the matching events."""
    now = srv.clock()
    after, before = req.date("postedAfter"), req.date("postedBefore")
    name, value = req.value("relatedIdentifierName"), req.value("relatedIdentifierValue")
    if after is None and name is None:
        raise invalid("Start date cannot be null", "Start date cannot be null")
    if name is not None and name not in FILTERS:
        raise invalid(f"relatedIdentifierName must be one of {', '.join(FILTERS)}.")
    if (name is None) != (value is None):
        raise invalid("relatedIdentifierName and relatedIdentifierValue go together.")
    latest = now - MIN_AGE
    if any(bound and bound > latest for bound in (after, before)):
        raise invalid("postedAfter and postedBefore must be more than two minutes before "
                      "the time of the request.")
    before = before or latest
    if after and before <= after:
        raise invalid("postedBefore must be later than postedAfter.")
    status, market = req.value("transactionStatus"), req.value("marketplaceId")
    if status and status not in TRANSACTION_STATUSES:
        raise invalid(f"transactionStatus must be one of {', '.join(TRANSACTION_STATUSES)}.")
    if market and not marketplaces.is_marketplace_id(market):
        raise invalid(f"Invalid marketplaceId: {market}.")
    post_shipments(srv.state, req.seller_id)

    def matches(event):
        """Every sandbox transaction is released: a DEFERRED filter finds none."""
        return ((after is None or after <= event["posted"]) and event["posted"] < before
                and market in (None, event["marketplace_id"]) and status in (None, "RELEASED")
                and (name is None or event[FILTERS[name]] == value))

    events = srv.state.money.get(req.seller_id, [])
    found = [] if after and before - after > MAX_WINDOW else [e for e in events if matches(e)]
    found.sort(key=lambda event: (event["posted"], event["id"]))
    return {"seller_id": req.seller_id, "args": args, "transactions": found, "offset": 0}


def _currency(amount, currency):
    """Amazon's Currency: the amount is a JSON number here, not a string."""
    return {"currencyCode": currency, "currencyAmount": float(amount)}


def _breakdowns(lines, currency):
    """Breakdowns grouped by kind (ProductCharges, AmazonFees...), leaves by description."""
    groups = {}
    for amount_type, description, amount in lines:
        leaves = groups.setdefault(_GROUPS.get(amount_type, amount_type), {})
        leaves[description] = leaves.get(description, ZERO) + amount
    return [{"breakdownType": group, "breakdownAmount": _currency(sum(leaves.values()), currency),
             "breakdowns": [{"breakdownType": name, "breakdownAmount": _currency(amount, currency),
                             "breakdowns": []} for name, amount in leaves.items()]}
            for group, leaves in groups.items()]


def _product(item, network):
    return {"contextType": "ProductContext", "asin": item["asin"], "sku": item["sku"],
            "quantityShipped": item["quantity"] or 0, "fulfillmentNetwork": network or None}


def _item(event, item):
    """One item of an order's transaction: its amounts and product."""
    identifiers = []
    if event["refund_id"]:
        identifiers.append({"itemRelatedIdentifierName": "ORDER_ADJUSTMENT_ITEM_ID",
                            "itemRelatedIdentifierValue": f"{event['refund_id']}-{item['code']}"})
    total = sum((amount for _, _, amount in item["lines"]), ZERO)
    return {"description": item["title"], "relatedIdentifiers": identifiers,
            "totalAmount": _currency(total, event["currency"]),
            "breakdowns": _breakdowns(item["lines"], event["currency"]),
            "contexts": [_product(item, event["network"])]}


def render_transaction(event):
    """A money event as a listTransactions Transaction."""
    market = marketplaces.resolve(event["marketplace_id"])
    _, transaction_type, description = KINDS[event["kind"]]
    items = [item for item in event["items"] if item["code"]]
    account_skus = [item for item in event["items"] if not item["code"] and item["sku"]]
    return {
        "sellingPartnerMetadata": {"sellingPartnerId": event["seller_id"],
                                   "accountType": "Standard Orders", "marketplaceId": market.id},
        "relatedIdentifiers": [{"relatedIdentifierName": name,
                                "relatedIdentifierValue": event[key]}
                               for name, key in _IDENTIFIERS if event[key]],
        "transactionType": transaction_type, "transactionId": event["id"],
        "transactionStatus": "Released", "description": description,
        "postedDate": iso(event["posted"]),
        "totalAmount": _currency(event_total(event), event["currency"]),
        "marketplaceDetails": {"marketplaceId": market.id, "marketplaceName": market.name},
        "items": [_item(event, item) for item in items],
        "breakdowns": _breakdowns([line for item in event["items"] for line in item["lines"]],
                                  event["currency"]),
        "contexts": [_product(item, event["network"]) for item in account_skus],
    }
