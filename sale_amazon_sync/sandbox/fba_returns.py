"""FBA customer returns: units of the seller's FBA orders coming back to a fulfilment
centre, and the GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA report that lists them.

A return moves stock as the warehouse graded it: SELLABLE units become fulfillable again,
the others join the matching unfulfillable bucket (DAMAGED is the warehouse's, so Amazon's
to reimburse). The report is tab-separated with Amazon's 13 columns, dates in ISO 8601
with an offset, as SP-API documents carry them.
"""
from .inventory_api import stock
from .orders import iso

COLUMNS = ("return-date", "order-id", "sku", "asin", "fnsku", "product-name", "quantity",
           "fulfillment-center-id", "detailed-disposition", "reason", "status",
           "license-plate-number", "customer-comments")
# disposition -> the inventory bucket its units join (None: back to fulfillable stock);
# unknown dispositions leave the stock as it is.
BUCKETS = {"SELLABLE": None, "CUSTOMER_DAMAGED": "customerDamaged", "DEFECTIVE": "defective",
           "DISTRIBUTOR_DAMAGED": "distributorDamaged", "EXPIRED": "expired",
           "CARRIER_DAMAGED": "carrierDamaged", "DAMAGED": "warehouseDamaged"}
_REIMBURSED = ("DAMAGED", "CARRIER_DAMAGED")
_CENTERS = {"A1PA6795UKMFR9": "LEJ1", "A13V1IB3VIYZZH": "ORY1", "A1F83G8C2ARO7P": "LTN1"}


def add_return(state, seller_id, order_id, sku, quantity, disposition, reason, license_plate,
               comments, now):
    """Record units of a shipped FBA order returned, update the stock; returns the
    license plate. ValueError for an order, SKU or quantity Amazon could not return."""
    order = state.orders.get(seller_id, {}).get(order_id)
    fulfillment = (order or {}).get("fulfillment", {})
    if fulfillment.get("fulfilledBy") != "AMAZON" or fulfillment.get("fulfillmentStatus") \
            != "SHIPPED":
        raise ValueError(f"{order_id} is not a shipped FBA order of {seller_id}.")
    items = [i for i in order["orderItems"] if sku in (None, i["product"]["sellerSku"])]
    if not items:
        raise ValueError(f"Order {order_id} has no SKU {sku}.")
    item, sku = items[0], items[0]["product"]["sellerSku"]
    returned = sum(r["quantity"] for r in state.returns.get(seller_id, ())
                   if (r["order_id"], r["sku"]) == (order_id, sku))
    if not 1 <= quantity <= item["quantityOrdered"] - returned:
        raise ValueError(f"Cannot return {quantity} more units of {sku} in {order_id}.")
    marketplace = order["salesChannel"]["marketplaceId"]
    record = stock(state, seller_id, marketplace, sku, now, item["product"].get("title"))
    disposition = disposition.upper()
    if disposition == "SELLABLE":
        record["fulfillable"] += quantity
    elif disposition in BUCKETS:
        record["unfulfillable"][BUCKETS[disposition]] += quantity
    record["updated"] = max(record["updated"], now)
    plate = license_plate or f"LPN{state.next_id():010d}"
    state.returns.setdefault(seller_id, []).append({
        "date": now.replace(microsecond=0), "order_id": order_id, "sku": sku,
        "asin": record["asin"], "fnsku": record["fnsku"], "name": record["name"],
        "quantity": quantity,
        "center": _CENTERS.get(marketplace, "XFC1"), "disposition": disposition,
        "reason": reason, "license_plate": plate, "comments": " ".join(comments.split()),
        "marketplace_id": marketplace,
        "status": "Reimbursed" if disposition in _REIMBURSED else "Unit returned to inventory"})
    return plate


def returns_report(state, report):
    """The report's document (UTF-8 bytes) for its marketplaces and data window, or None
    when no return falls in it (Amazon then cancels the report)."""
    start, end = report["dataStartTime"], report["dataEndTime"]
    rows = [r for r in state.returns.get(report["seller_id"], ())
            if r["marketplace_id"] in report["marketplaceIds"] and start <= r["date"] <= end]
    if not rows:
        return None
    lines = ["\t".join(COLUMNS)] + ["\t".join((
        iso(r["date"]).replace("Z", "+00:00"), r["order_id"], r["sku"], r["asin"], r["fnsku"],
        r["name"], str(r["quantity"]), r["center"], r["disposition"], r["reason"], r["status"],
        r["license_plate"], r["comments"])) for r in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")
