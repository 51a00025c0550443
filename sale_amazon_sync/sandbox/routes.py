"""The route table: which handler answers which method and path, under which operation
name (the name journals, faults and rate limits use), and with which kind of checks.

Kinds: ``spapi`` needs an access token and is rate limited; ``lwa`` is Login with Amazon;
``document`` is a presigned URL (no token, like S3); ``page`` is the consent page;
``control`` drives the sandbox itself and is never journaled, faulted or limited.
"""
import re
from collections import namedtuple

from . import (
    auth,
    documents,
    feeds_api,
    finances_api,
    inventory_api,
    listings_api,
    orders_api,
    reports_api,
)
from .state import DEMO_SELLER_ID
from .wire import invalid, json_response

Route = namedtuple("Route", "method pattern operation handler kind")


def _route(method, template, operation, handler, kind="spapi"):
    """A route from a path template whose {names} become path parameters."""
    regex = "^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", template) + "$"
    return Route(method, re.compile(regex), operation, handler, kind)


def _journal(srv, req):
    """GET /_sandbox/journal: every journaled request, oldest first."""
    return json_response(200, srv.journal)


def _reset(srv, req):
    """POST /_sandbox/reset: back to the seeded state."""
    srv.reset()
    return json_response(200, {"status": "reset"})


def _faults(srv, req):
    """POST /_sandbox/faults: queue {kind, operation, times, delay, after}."""
    body = req.json()
    try:
        srv.inject(body.get("kind"), body.get("operation", "*"), body.get("times", 1),
                   body.get("delay", 0.0), body.get("after", 0))
    except (TypeError, ValueError) as exc:
        raise invalid(str(exc)) from None
    return json_response(201, {"queued": body})


def _orders(srv, req):
    """The body is one order (build_order's shape); ``?seller_id=`` picks the seller."""
    order = req.json()
    try:
        srv.add_order(order, req.value("seller_id") or DEMO_SELLER_ID)
    except ValueError as exc:
        raise invalid(str(exc)) from None
    return json_response(201, {"orderId": order["orderId"]})


def _auth_codes(srv, req):
    """POST /_sandbox/auth-codes: an spapi_oauth_code for {seller_id}."""
    seller_id = req.json().get("seller_id")
    if not seller_id:
        raise invalid("seller_id is required.")
    return json_response(201, {"code": srv.issue_auth_code(seller_id)})


def _control(method):
    """A control route calling ``srv.<method>(**body)``; bad arguments answer 400."""
    def handler(srv, req):
        try:
            result = getattr(srv, method)(**req.json())
        except (TypeError, ValueError, KeyError) as exc:
            raise invalid(str(exc)) from None
        return json_response(201, result if isinstance(result, dict) else {"result": result})
    return handler


# POST /_sandbox/<path> -> the SandboxServer control method it calls with the JSON body.
CONTROL_METHODS = {
    "settlements": "settle", "refunds": "refund", "charges": "charge", "reports": "add_report",
    "orders/generate": "generate_orders", "page-sizes": "set_page_size",
    "empty-pages": "return_empty_pages", "inventory": "set_inventory",
    "fba-skus": "add_fba_skus", "fba-returns": "add_return",
}

ROUTES = [
    _route("POST", "/auth/o2/token", "lwaToken", auth.lwa_token, "lwa"),
    _route("GET", "/apps/authorize/consent", "authorizeConsent", auth.consent_page, "page"),
    _route("GET", "/apps/authorize/confirm", "authorizeConfirm", auth.consent_confirm, "page"),
    _route("GET", "/sellers/v1/marketplaceParticipations", "getMarketplaceParticipations",
           listings_api.marketplace_participations),
    _route("GET", "/orders/2026-01-01/orders", "searchOrders", orders_api.search_orders),
    _route("GET", "/orders/2026-01-01/orders/{orderId}", "getOrder", orders_api.get_order),
    _route("POST", "/orders/v0/orders/{orderId}/shipmentConfirmation", "confirmShipment",
           orders_api.confirm_shipment),
    _route("POST", "/feeds/2021-06-30/documents", "createFeedDocument",
           feeds_api.create_feed_document),
    _route("GET", "/feeds/2021-06-30/documents/{documentId}", "getFeedDocument",
           feeds_api.get_feed_document),
    _route("POST", "/feeds/2021-06-30/feeds", "createFeed", feeds_api.create_feed),
    _route("GET", "/feeds/2021-06-30/feeds/{feedId}", "getFeed", feeds_api.get_feed),
    _route("PUT", "/_sandbox/documents/{documentId}", "uploadDocument",
           documents.upload_document, "document"),
    _route("GET", "/_sandbox/documents/{documentId}", "downloadDocument",
           documents.download_document, "document"),
    _route("GET", "/listings/2021-08-01/items/{sellerId}/{sku}", "getListingsItem",
           listings_api.get_listings_item),
    _route("PATCH", "/listings/2021-08-01/items/{sellerId}/{sku}", "patchListingsItem",
           listings_api.patch_listings_item),
    _route("GET", "/finances/2024-06-19/transactions", "listTransactions",
           finances_api.list_transactions),
    _route("GET", "/reports/2021-06-30/reports", "getReports", reports_api.get_reports),
    _route("POST", "/reports/2021-06-30/reports", "createReport", reports_api.create_report),
    _route("GET", "/reports/2021-06-30/reports/{reportId}", "getReport", reports_api.get_report),
    _route("GET", "/reports/2021-06-30/documents/{documentId}", "getReportDocument",
           reports_api.get_report_document),
    _route("GET", "/fba/inventory/v1/summaries", "getInventorySummaries",
           inventory_api.get_inventory_summaries),
    _route("GET", "/_sandbox/journal", None, _journal, "control"),
    _route("POST", "/_sandbox/reset", None, _reset, "control"),
    _route("POST", "/_sandbox/faults", None, _faults, "control"),
    _route("POST", "/_sandbox/orders", None, _orders, "control"),
    _route("POST", "/_sandbox/auth-codes", None, _auth_codes, "control"),
] + [_route("POST", f"/_sandbox/{path}", None, _control(method), "control")
     for path, method in CONTROL_METHODS.items()]

# Operations a fault may target by name; "*" reaches the SP-API ones only.
OPERATIONS = {r.operation for r in ROUTES if r.kind in ("spapi", "lwa", "document")}
SPAPI_OPERATIONS = {r.operation for r in ROUTES if r.kind == "spapi"}


def match(method, path):
    """(route, path parameters) for a request, or (None, {})."""
    for route in ROUTES:
        found = route.pattern.match(path)
        if found and route.method == method:
            return route, found.groupdict()
    return None, {}
