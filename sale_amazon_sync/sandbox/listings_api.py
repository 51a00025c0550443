"""Sellers (getMarketplaceParticipations) and Listings Items 2021-08-01.

Only the ``fulfillment_availability`` attribute is modelled: it is what the connector
reads (FBM or FBA per SKU) and writes (FBM quantities). The same patch logic serves
``patchListingsItem`` and the JSON_LISTINGS_FEED.
"""
import secrets
from urllib.parse import unquote

from . import marketplaces
from .orders import iso
from .wire import invalid, json_response, not_found, unauthorized

AVAILABILITY_PATH = "/attributes/fulfillment_availability"
LISTING_DATA = ("summaries", "attributes", "issues", "offers", "fulfillmentAvailability",
                "procurement", "relationships", "productTypes")


def marketplace_participations(srv, req):
    """GET /sellers/v1/marketplaceParticipations."""
    payload = []
    for marketplace_id in srv.state.participations[req.seller_id]:
        market = marketplaces.resolve(marketplace_id)
        payload.append({
            "marketplace": {"id": market.id, "name": market.name, "countryCode": market.code,
                            "defaultCurrencyCode": market.currency,
                            "defaultLanguageCode": market.language,
                            "domainName": market.domain},
            "participation": {"isParticipating": True, "hasSuspendedListings": False},
            "storeName": "Sandbox Store",
        })
    return json_response(200, {"payload": payload})


def availability_issues(patches):
    """Problems of fulfillment_availability patches, as (code, message) pairs."""
    problems = []
    for patch in patches:
        if not isinstance(patch, dict):
            problems.append(("INVALID_PATCH", "Each patch must be a JSON object."))
            continue
        if patch.get("path") != AVAILABILITY_PATH:
            continue
        values = patch.get("value")
        if patch.get("op") != "delete" and not isinstance(values, list):
            problems.append(("INVALID_VALUE", "fulfillment_availability expects an array value."))
            continue
        for value in values or ():
            if not isinstance(value, dict) or not value.get("fulfillment_channel_code"):
                problems.append(("MISSING_FULFILLMENT_CHANNEL_CODE",
                                 "'fulfillment_channel_code' is required but not supplied."))
            elif "quantity" in value and (not isinstance(value["quantity"], int)
                                          or isinstance(value["quantity"], bool)
                                          or value["quantity"] < 0):
                problems.append(("INVALID_QUANTITY",
                                 "'quantity' must be an integer greater than or equal to 0."))
    return problems


def apply_availability(listing, patches, now):
    """Apply valid fulfillment_availability patches to a listing's channel quantities."""
    for patch in patches:
        if patch.get("path") != AVAILABILITY_PATH:
            continue
        for value in patch.get("value") or ():
            code = value["fulfillment_channel_code"]
            if patch.get("op") == "delete":
                listing["channels"].pop(code, None)
            else:
                listing["channels"][code] = value.get("quantity", listing["channels"].get(code, 0))
    listing["lastUpdatedDate"] = iso(now)


def _listing(srv, req):
    """The listing of the path, for the token's own seller only."""
    if req.params["sellerId"] != req.seller_id:
        raise unauthorized()
    marketplace_ids = req.values("marketplaceIds")
    if not marketplace_ids:
        raise invalid("marketplaceIds is required.")
    sku = unquote(req.params["sku"])
    return srv.state.listings.get((req.seller_id, sku)), sku, marketplace_ids


def get_listings_item(srv, req):
    """GET /listings/2021-08-01/items/{sellerId}/{sku}."""
    listing, sku, marketplace_ids = _listing(srv, req)
    included = req.values("includedData") or ["summaries"]
    unknown = [name for name in included if name not in LISTING_DATA]
    if unknown:
        raise invalid(f"Invalid includedData: {', '.join(unknown)}.")
    listed = [m for m in marketplace_ids if listing and m in listing["marketplaceIds"]]
    if not listed:
        raise not_found(f"SKU '{sku}' not found in marketplace {','.join(marketplace_ids)}.")
    item = {"sku": sku}
    if "summaries" in included:
        item["summaries"] = [_summary(listing, m) for m in listed]
    if "fulfillmentAvailability" in included:
        item["fulfillmentAvailability"] = [
            {"fulfillmentChannelCode": code, "quantity": qty}
            for code, qty in listing["channels"].items()]
    return json_response(200, item)


def _summary(listing, marketplace_id):
    """A summaries entry; BUYABLE while some channel has stock."""
    buyable = any(listing["channels"].values())
    return {"marketplaceId": marketplace_id, "asin": listing["asin"],
            "productType": listing["productType"], "conditionType": listing["conditionType"],
            "status": ["BUYABLE", "DISCOVERABLE"] if buyable else ["DISCOVERABLE"],
            "itemName": listing["itemName"], "createdDate": listing["createdDate"],
            "lastUpdatedDate": listing["lastUpdatedDate"]}


def patch_listings_item(srv, req):
    """PATCH /listings/2021-08-01/items/{sellerId}/{sku}: semantic problems come back as
    an INVALID submission (200), as the model has no 404 for this operation."""
    listing, sku, _marketplace_ids = _listing(srv, req)
    body = req.json()
    patches = body.get("patches")
    if not body.get("productType") or not isinstance(patches, list) or not patches:
        raise invalid("productType and patches (at least one) are required.")
    problems = availability_issues(patches)
    if listing is None:
        problems.append(("SKU_NOT_FOUND", f"SKU '{sku}' does not exist for this seller."))
    if not problems:
        apply_availability(listing, patches, srv.clock())
    issues = [{"code": code, "message": message, "severity": "ERROR",
               "attributeNames": ["fulfillment_availability"], "categories": ["INVALID_ATTRIBUTE"]}
              for code, message in problems]
    return json_response(200, {"sku": sku, "status": "INVALID" if problems else "ACCEPTED",
                               "submissionId": secrets.token_hex(16), "issues": issues})
