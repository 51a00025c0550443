"""FBA Inventory API v1: getInventorySummaries, over the seller's FBA stock per marketplace.

Validation follows the model: granularityType Marketplace and granularityId required,
exactly one marketplaceIds (the sandbox also wants it to be the granularityId), up to 50
sellerSkus, a startDateTime no older than 18 months. With startDateTime, sellerSkus and
sellerSku are ignored, and the next pages must repeat it (Amazon's change of 2022); a
nextToken lives 30 seconds. inventoryDetails comes only with details=true; the pagination
token sits at the top level, beside the payload.
"""
import hashlib
import secrets
from datetime import timedelta

from ..const import INVENTORY_MAX_SKUS
from .orders import asin_for, iso
from .wire import invalid, json_response, marketplace_ids

PARAMETERS = ("details", "granularityType", "granularityId", "startDateTime", "sellerSkus",
              "sellerSku", "nextToken", "marketplaceIds")
TOKEN_TTL = timedelta(seconds=30)
OLDEST_START = timedelta(days=548)  # 18 months
RESERVED = ("pendingCustomerOrder", "pendingTransshipment", "fcProcessing")
UNFULFILLABLE = ("customerDamaged", "warehouseDamaged", "distributorDamaged", "carrierDamaged",
                 "defective", "expired")
# set_quantities keyword -> record key of a plain count
_COUNTS = {"fulfillable": "fulfillable", "inbound_working": "inboundWorking",
           "inbound_shipped": "inboundShipped", "inbound_receiving": "inboundReceiving",
           "researching": "researching"}


def fnsku_for(sku):
    """A stable FNSKU per SKU (Amazon-labelled units: X00...)."""
    return "X00" + hashlib.sha1(sku.encode()).hexdigest()[:7].upper()


def stock(state, seller_id, marketplace_id, sku, now, title=None):
    """The SKU's FBA stock record in a marketplace, created empty when new."""
    records = state.inventory.setdefault((seller_id, marketplace_id), {})
    if sku not in records:
        records[sku] = {"sku": sku, "asin": asin_for(sku), "fnsku": fnsku_for(sku),
                        "name": title or sku, "condition": "NewItem", "fulfillable": 0,
                        "inboundWorking": 0, "inboundShipped": 0, "inboundReceiving": 0,
                        "reserved": dict.fromkeys(RESERVED, 0),
                        "unfulfillable": dict.fromkeys(UNFULFILLABLE, 0), "researching": 0,
                        "updated": now}
    return records[sku]


def set_quantities(record, now, **quantities):
    """Set counts of a record: fulfillable, inbound_working, inbound_shipped,
    inbound_receiving, researching, and reserved / unfulfillable as a count (pending
    customer orders / customer damaged) or a dict of their buckets."""
    for name, value in quantities.items():
        buckets = {"reserved": RESERVED, "unfulfillable": UNFULFILLABLE}.get(name)
        if buckets:
            value = value if isinstance(value, dict) else {buckets[0]: value}
            if set(value) - set(buckets):
                raise ValueError(f"{name} buckets are {', '.join(buckets)}.")
            record[name].update({key: _count(name, count) for key, count in value.items()})
        elif name in _COUNTS:
            record[_COUNTS[name]] = _count(name, value)
        else:
            raise ValueError(f"Unknown quantity {name!r}.")
    record["updated"] = now


def _count(name, value):
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a whole number, not negative.")
    return value


def get_inventory_summaries(srv, req):
    """GET /fba/inventory/v1/summaries."""
    req.only(*PARAMETERS)
    now = srv.clock()
    marketplace = _marketplace(req)
    details = req.value("details") or "false"
    if details not in ("true", "false"):
        raise invalid("details must be true or false.")
    start = req.date("startDateTime")
    if start and start < now - OLDEST_START:
        raise invalid("startDateTime must be no earlier than 18 months before now.")
    token = req.value("nextToken")
    search = _saved(srv, req, token, marketplace, start) if token else _new_search(
        srv, req, marketplace, start)
    offset, size = search["offset"], srv.state.page_sizes["getInventorySummaries"]
    records = srv.state.inventory.get((req.seller_id, marketplace), {})
    page = [records[sku] for sku in search["skus"][offset:offset + size] if sku in records]
    body = {"payload": {"granularity": {"granularityType": "Marketplace",
                                        "granularityId": marketplace},
                        "inventorySummaries": [_summary(r, details == "true") for r in page]}}
    if offset + size < len(search["skus"]):
        next_token = secrets.token_urlsafe(24)
        srv.state.searches[next_token] = {**search, "offset": offset + size,
                                          "expiry": now + TOKEN_TTL}
        body["pagination"] = {"nextToken": next_token}
    return json_response(200, body)


def _marketplace(req):
    """The one marketplace of the request, named alike by granularity and marketplaceIds."""
    if req.value("granularityType") != "Marketplace":
        raise invalid("granularityType is required and must be Marketplace.")
    (marketplace,) = marketplace_ids(req.values("marketplaceIds"), 1, 1)
    if req.value("granularityId") != marketplace:
        raise invalid("granularityId must be the marketplace of marketplaceIds.")
    return marketplace


def _new_search(srv, req, marketplace, start):
    """The SKUs a first page selects, sorted: changed since start, listed, or all."""
    skus, single = req.values("sellerSkus"), req.value("sellerSku")
    if len(skus) > INVENTORY_MAX_SKUS:
        raise invalid(f"sellerSkus accepts at most {INVENTORY_MAX_SKUS} SKUs.")
    records = srv.state.inventory.get((req.seller_id, marketplace), {})
    if start:
        chosen = [sku for sku, record in records.items() if record["updated"] > start]
    else:
        wanted = set(skus or ([single] if single else records))
        chosen = [sku for sku in records if sku in wanted]
    return {"seller_id": req.seller_id, "marketplace": marketplace, "skus": sorted(chosen),
            "offset": 0, "start": start, "expiry": srv.clock() + TOKEN_TTL}


def _saved(srv, req, token, marketplace, start):
    """The search a nextToken continues: the seller's, the marketplace's, 30 s old at most,
    and with the startDateTime it was made with."""
    search = srv.state.searches.get(token)
    if (not search or search.get("seller_id") != req.seller_id or "skus" not in search
            or search["marketplace"] != marketplace or srv.clock() >= search["expiry"]):
        raise invalid("Invalid or expired nextToken.")
    if search["start"] and not start:
        raise invalid("Send startDateTime with the nextToken of a startDateTime request.")
    return search


def _summary(record, details):
    """An InventorySummary; inventoryDetails only when asked for."""
    reserved, unfulfillable = record["reserved"], record["unfulfillable"]
    inbound = record["inboundWorking"] + record["inboundShipped"] + record["inboundReceiving"]
    total = (record["fulfillable"] + inbound + sum(reserved.values())
             + sum(unfulfillable.values()) + record["researching"])
    summary = {"asin": record["asin"], "fnSku": record["fnsku"], "sellerSku": record["sku"],
               "condition": record["condition"], "lastUpdatedTime": iso(record["updated"]),
               "productName": record["name"], "totalQuantity": total}
    if details and record.get("details", True):
        summary["inventoryDetails"] = {
            "fulfillableQuantity": record["fulfillable"],
            "inboundWorkingQuantity": record["inboundWorking"],
            "inboundShippedQuantity": record["inboundShipped"],
            "inboundReceivingQuantity": record["inboundReceiving"],
            "reservedQuantity": {"totalReservedQuantity": sum(reserved.values()),
                                 **{f"{key}Quantity": n for key, n in reserved.items()}},
            "researchingQuantity": {
                "totalResearchingQuantity": record["researching"],
                "researchingQuantityBreakdown": [
                    {"name": "researchingQuantityInShortTerm", "quantity": record["researching"]},
                    {"name": "researchingQuantityInMidTerm", "quantity": 0},
                    {"name": "researchingQuantityInLongTerm", "quantity": 0}]},
            "unfulfillableQuantity": {
                "totalUnfulfillableQuantity": sum(unfulfillable.values()),
                **{f"{key}Quantity": n for key, n in unfulfillable.items()}},
        }
    return summary
