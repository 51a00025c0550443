"""Orders API: searchOrders and getOrder (v2026-01-01), confirmShipment (v0).

Validation follows the model's parameter notes: exactly one of createdAfter and
lastUpdatedAfter, an upper bound at least two minutes old, 1..100 orders a page, and a
pagination token that carries the original filters (only maxResultsPerPage and
includedData may change between pages).
"""
import copy
import re
import secrets
from datetime import timedelta

from ..const import ORDERS_MIN_AGE
from . import marketplaces
from .orders import STATUSES, iso, parse_time
from .wire import Response, internal_failure, invalid, json_response, not_found

INCLUDED_DATA = ("BUYER", "RECIPIENT", "PROCEEDS", "EXPENSE", "PROMOTION", "CANCELLATION",
                 "FULFILLMENT", "PACKAGES", "TAX", "PAYMENT", "FULFILLMENT_ORDERS")
FULFILLED_BY = ("MERCHANT", "AMAZON")
# includedData value -> the order-level and item-level keys it brings.
_BLOCKS = {
    "BUYER": (("buyer",), ()), "RECIPIENT": (("recipient",), ()),
    "PROCEEDS": (("proceeds",), ("proceeds",)), "EXPENSE": ((), ("expense",)),
    "PROMOTION": ((), ("promotion",)), "CANCELLATION": ((), ("cancellation",)),
    "FULFILLMENT": (("fulfillment",), ("fulfillment",)), "PACKAGES": (("packages",), ()),
    "TAX": (("tax",), ("tax",)), "PAYMENT": (("payment",), ()),
    "FULFILLMENT_ORDERS": (("fulfillmentOrders",), ()),
}
ORDER_ID = re.compile(r"^\d{3}-\d{7}-\d{7}$")
PAGE_TOKEN_TTL = timedelta(hours=24)


def render_order(order, included):
    """The order as Amazon answers it: base fields plus the requested blocks only."""
    order = copy.deepcopy(order)
    for name, (order_keys, item_keys) in _BLOCKS.items():
        if name in included:
            continue
        for key in order_keys:
            order.pop(key, None)
        for item in order.get("orderItems", ()):
            for key in item_keys:
                item.pop(key, None)
    return order


def _enum_values(req, name, allowed):
    """An array parameter restricted to the model's enum; anything else is InvalidInput."""
    values = req.values(name)
    unknown = [value for value in values if value not in allowed]
    if unknown:
        raise invalid(f"Invalid {name}: {', '.join(unknown)}.")
    return values


def _window(req, now):
    """(date field, after, before) of a new search, validated like Amazon does."""
    created = (req.date("createdAfter"), req.date("createdBefore"))
    updated = (req.date("lastUpdatedAfter"), req.date("lastUpdatedBefore"))
    if (created[0] is None) == (updated[0] is None):
        raise invalid("Exactly one of createdAfter and lastUpdatedAfter is required.")
    if (created[0] and updated[1]) or (updated[0] and created[1]):
        raise invalid("createdAfter/createdBefore cannot be combined with "
                      "lastUpdatedAfter/lastUpdatedBefore.")
    field, (after, before) = (("createdTime", created) if created[0]
                              else ("lastUpdatedTime", updated))
    latest = now - timedelta(seconds=ORDERS_MIN_AGE)
    if before and before > latest:
        raise invalid("The Before date must be at least 2 minutes before the time of the request.")
    before = before or latest
    if after > before:
        raise invalid("The After date must be earlier than the Before date "
                      "(which defaults to 2 minutes before the request).")
    return field, after, before


def _new_search(srv, req):
    """Validate the filters of a first page and snapshot the matching order ids."""
    field, after, before = _window(req, srv.clock())
    marketplace_ids = req.values("marketplaceIds")
    if not marketplace_ids or len(marketplace_ids) > 50:
        raise invalid("marketplaceIds is required (1 to 50 marketplace ids).")
    unknown = [m for m in marketplace_ids if not marketplaces.is_marketplace_id(m)]
    if unknown:
        raise invalid(f"Invalid marketplaceIds: {', '.join(unknown)}.")
    statuses = set(_enum_values(req, "fulfillmentStatuses", STATUSES))
    fulfilled_by = set(_enum_values(req, "fulfilledBy", FULFILLED_BY))

    def matches(order):
        """Whether an order passes every filter of the search."""
        stamp = parse_time(order[field])
        fulfillment = order.get("fulfillment", {})
        return (after <= stamp <= before
                and order["salesChannel"]["marketplaceId"] in marketplace_ids
                and (not statuses or fulfillment.get("fulfillmentStatus") in statuses)
                and (not fulfilled_by or fulfillment.get("fulfilledBy") in fulfilled_by))

    found = [o for o in srv.state.orders[req.seller_id].values() if matches(o)]
    found = [(parse_time(o[field]), o["orderId"]) for o in found]
    found += [(moment, key) for key, (moment, _payload)
              in srv.state.garbled.get(req.seller_id, {}).items() if after <= moment <= before]
    found.sort()
    echo = "createdBefore" if field == "createdTime" else "lastUpdatedBefore"
    return {"seller_id": req.seller_id, "ids": [key for _moment, key in found], "offset": 0,
            "echo": {echo: iso(before)}, "expiry": srv.clock() + PAGE_TOKEN_TTL}


def _saved_search(srv, req, token):
    """The search a pagination token continues; tokens are the seller's own and last 24 h."""
    search = srv.state.searches.get(token)
    if not search or search["seller_id"] != req.seller_id or srv.clock() >= search["expiry"]:
        raise invalid("Invalid or expired paginationToken.")
    return search


def search_orders(srv, req):
    """GET /orders/2026-01-01/orders."""
    size = req.integer("maxResultsPerPage", 100, 1, 100)
    included = set(_enum_values(req, "includedData", INCLUDED_DATA))
    token = req.value("paginationToken")
    search = _saved_search(srv, req, token) if token else _new_search(srv, req)
    orders = srv.state.orders[req.seller_id]
    garbled = srv.state.garbled.get(req.seller_id, {})
    start = search["offset"]
    keys = search["ids"][start:start + size]
    page = [orders[i] for i in keys if i in orders]
    if any(order["orderId"] in srv.state.broken_orders for order in page):
        raise internal_failure()  # as Amazon does when one order of a page is corrupt
    body = {"orders": [render_order(orders[i], included) if i in orders else garbled[i][1]
                       for i in keys if i in orders or i in garbled]}
    if start + size < len(search["ids"]):
        next_token = secrets.token_urlsafe(24)
        if srv.state.broken_tokens:  # a token Amazon itself will refuse
            srv.state.broken_tokens -= 1
        else:
            srv.state.searches[next_token] = {**search, "offset": start + size}
        body["pagination"] = {"nextToken": next_token}
    body.update(search["echo"])
    return json_response(200, body)


def _seller_order(srv, req, order_id):
    """An order of the token's seller: 400 for a malformed id, 404 for anyone else's."""
    if not ORDER_ID.match(order_id):
        raise invalid(f"Invalid orderId: {order_id}. Expected the 3-7-7 format.")
    order = srv.state.orders[req.seller_id].get(order_id)
    if order is None:
        raise not_found(f"Order {order_id} not found.")
    return order


def get_order(srv, req):
    """GET /orders/2026-01-01/orders/{orderId}."""
    included = set(_enum_values(req, "includedData", INCLUDED_DATA))
    order = _seller_order(srv, req, req.params["orderId"])
    return json_response(200, {"order": render_order(order, included)})


def confirm_shipment(srv, req):
    """POST /orders/v0/orders/{orderId}/shipmentConfirmation: one package, 204."""
    order = _seller_order(srv, req, req.params["orderId"])
    body = req.json()
    _check_shippable(order, body)
    detail = body.get("packageDetail")
    if not isinstance(detail, dict):
        raise invalid("packageDetail is required.")
    package = _package(srv, order, detail)
    others = [p for p in order.get("packages", ())
              if p["packageReferenceId"] != package["packageReferenceId"]]
    _check_quantities(order, others + [package])
    order["packages"] = others + [package]
    _update_fulfillment(order, srv.clock())
    return Response(204)


def _check_shippable(order, body):
    """Only merchant orders that are (partly) unshipped can take a package, in their marketplace."""
    fulfillment = order.get("fulfillment", {})
    if fulfillment.get("fulfilledBy") != "MERCHANT":
        raise invalid("Shipments can only be confirmed for merchant-fulfilled orders.")
    if fulfillment.get("fulfillmentStatus") not in ("UNSHIPPED", "PARTIALLY_SHIPPED", "SHIPPED"):
        raise invalid(f"The order is {fulfillment.get('fulfillmentStatus')}: it cannot be shipped.")
    if body.get("marketplaceId") != order["salesChannel"]["marketplaceId"]:
        raise invalid("marketplaceId does not match the order's marketplace.")


def _package(srv, order, detail):
    """The OrderPackage a valid packageDetail becomes."""
    reference = detail.get("packageReferenceId")
    if not isinstance(reference, str) or not reference.isdigit() or int(reference) < 1:
        raise invalid("packageReferenceId must be a positive integer, as a string.")
    carrier = detail.get("carrierCode")
    if not carrier:
        raise invalid("carrierCode is required.")
    if carrier == "Other":
        carrier = detail.get("carrierName")
        if not carrier:
            raise invalid("carrierName is required when carrierCode is Other.")
    if not detail.get("trackingNumber"):
        raise invalid("trackingNumber is required.")
    try:
        ship_time = parse_time(detail.get("shipDate") or "")
    except (TypeError, ValueError):
        raise invalid("shipDate must be an ISO 8601 date-time.") from None
    package = {"packageReferenceId": reference, "createdTime": iso(srv.clock()),
               "packageStatus": {"status": "SHIPPED"}, "carrier": carrier,
               "shipTime": iso(ship_time), "trackingNumber": detail["trackingNumber"],
               "packageItems": _package_items(order, detail.get("orderItems"))}
    if detail.get("shippingMethod"):
        package["shippingService"] = detail["shippingMethod"]
    return package


def _package_items(order, lines):
    """PackageItems of a package: known items, positive quantities, one line per item."""
    if not isinstance(lines, list) or not lines:
        raise invalid("orderItems is required (at least one item).")
    known = {item["orderItemId"] for item in order["orderItems"]}
    quantities = {}
    for line in lines:
        line = line if isinstance(line, dict) else {}
        item_id, qty = line.get("orderItemId"), line.get("quantity")
        if item_id not in known:
            raise invalid(f"orderItemId {item_id} is not an item of this order.")
        if not isinstance(qty, int) or isinstance(qty, bool) or qty < 1:
            raise invalid(f"The quantity of item {item_id} must be a positive integer.")
        quantities[item_id] = quantities.get(item_id, 0) + qty
    return [{"orderItemId": item_id, "quantity": qty} for item_id, qty in quantities.items()]


def _shipped_per_item(packages):
    """Units per order item over all packages."""
    shipped = {}
    for package in packages:
        for line in package["packageItems"]:
            shipped[line["orderItemId"]] = shipped.get(line["orderItemId"], 0) + line["quantity"]
    return shipped


def _check_quantities(order, packages):
    """No item may ship more units than were ordered, counting every package."""
    shipped = _shipped_per_item(packages)
    for item in order["orderItems"]:
        if shipped.get(item["orderItemId"], 0) > item["quantityOrdered"]:
            raise invalid(f"The quantity shipped of item {item['orderItemId']} exceeds "
                          "the quantity not yet shipped.")


def _update_fulfillment(order, now):
    """Quantities and status follow the packages; the order counts as updated."""
    shipped = _shipped_per_item(order["packages"])
    for item in order["orderItems"]:
        done = shipped.get(item["orderItemId"], 0)
        item.setdefault("fulfillment", {}).update(
            quantityFulfilled=done, quantityUnfulfilled=item["quantityOrdered"] - done)
    complete = all(item["fulfillment"]["quantityUnfulfilled"] == 0 for item in order["orderItems"])
    order["fulfillment"]["fulfillmentStatus"] = "SHIPPED" if complete else "PARTIALLY_SHIPPED"
    order["lastUpdatedTime"] = iso(now)
