"""The SP-API sandbox, through HTTP, as a connector would see it."""
import json
import socket
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from common import DE, FR, GB, IT, US

from sale_amazon_sync.sandbox import (
    APP_CLIENT_ID,
    APP_CLIENT_SECRET,
    APP_ID,
    DEMO_REFRESH_TOKEN,
    DEMO_SELLER_ID,
    SandboxServer,
    build_order,
)

AVAILABILITY = "/attributes/fulfillment_availability"


@pytest.fixture(autouse=True)
def fresh(sandbox):
    """Every test starts from the seeded state, on the real clock, with limits on."""


def lwa(srv, **form):
    return httpx.post(srv.lwa_url, data={"client_id": APP_CLIENT_ID,
                                         "client_secret": APP_CLIENT_SECRET, **form})


def token(srv, refresh_token=DEMO_REFRESH_TOKEN):
    return lwa(srv, grant_type="refresh_token", refresh_token=refresh_token).json()["access_token"]


@pytest.fixture
def api(srv):
    with httpx.Client(base_url=srv.url, headers={"x-amz-access-token": token(srv)},
                      timeout=5) as client:
        yield client


def ago(**delta):
    return (datetime.now(timezone.utc) - timedelta(**delta)).strftime("%Y-%m-%dT%H:%M:%SZ")


def search(api, **params):
    params = {"marketplaceIds": DE, "lastUpdatedAfter": ago(days=30), **params}
    return api.get("/orders/2026-01-01/orders",
                   params={k: v for k, v in params.items() if v is not None})


def error_code(response):
    return response.json()["errors"][0]["code"]


def seeded_ids(srv, prefix):
    return {order_id for order_id in srv.orders() if order_id.startswith(prefix)}


# -- Login with Amazon --------------------------------------------------------------------

def test_refresh_grant_returns_access_token(srv):
    body = lwa(srv, grant_type="refresh_token", refresh_token=DEMO_REFRESH_TOKEN).json()
    assert body["access_token"].startswith("Atza|")
    assert body["refresh_token"] == DEMO_REFRESH_TOKEN
    assert (body["token_type"], body["expires_in"]) == ("bearer", 3600)


def test_auth_code_grant_returns_refresh_token_once(srv):
    code = srv.issue_auth_code(DEMO_SELLER_ID)
    first = lwa(srv, grant_type="authorization_code", code=code)
    assert first.status_code == 200
    assert token(srv, first.json()["refresh_token"])
    second = lwa(srv, grant_type="authorization_code", code=code)
    assert (second.status_code, second.json()["error"]) == (400, "invalid_grant")


def test_auth_code_expires_after_five_minutes(srv):
    code = srv.issue_auth_code(DEMO_SELLER_ID)
    later = datetime.now(timezone.utc) + timedelta(minutes=5, seconds=1)
    srv.clock = lambda: later
    assert lwa(srv, grant_type="authorization_code", code=code).json()["error"] == "invalid_grant"


def test_auth_code_of_unknown_partner_creates_seller(srv):
    code = srv.issue_auth_code("A3NEWSELLER")
    refresh_token = lwa(srv, grant_type="authorization_code", code=code).json()["refresh_token"]
    response = httpx.get(srv.url + "/sellers/v1/marketplaceParticipations",
                         headers={"x-amz-access-token": token(srv, refresh_token)})
    assert response.status_code == 200 and response.json()["payload"]


def test_bad_client_is_invalid_client(srv):
    response = httpx.post(srv.lwa_url, data={"grant_type": "refresh_token",
                                             "refresh_token": DEMO_REFRESH_TOKEN,
                                             "client_id": APP_CLIENT_ID, "client_secret": "x"})
    assert (response.status_code, response.json()["error"]) == (401, "invalid_client")


@pytest.mark.parametrize("refresh_token", [DEMO_REFRESH_TOKEN, "Atzr|unknown"])
def test_revoked_or_unknown_refresh_token_is_invalid_grant(srv, refresh_token):
    srv.revoke(DEMO_REFRESH_TOKEN)
    response = lwa(srv, grant_type="refresh_token", refresh_token=refresh_token)
    assert (response.status_code, response.json()["error"]) == (400, "invalid_grant")


@pytest.mark.parametrize("headers", [{}, {"x-amz-access-token": "Atza|forged"}])
def test_missing_or_bad_access_token_is_403(srv, headers):
    response = httpx.get(srv.url + "/sellers/v1/marketplaceParticipations", headers=headers)
    assert response.status_code == 403
    assert response.json() == {"errors": [{"code": "Unauthorized", "details": "",
                                           "message": "Access to requested resource is denied."}]}


def test_access_token_expires_after_an_hour(srv, api):
    later = datetime.now(timezone.utc) + timedelta(hours=1, seconds=1)
    srv.clock = lambda: later
    assert api.get("/sellers/v1/marketplaceParticipations").status_code == 403


def test_consent_page_redirects_with_code(srv):
    query = {"application_id": APP_ID, "state": "s1", "redirect_uri": "https://odoo.test/cb"}
    page = httpx.get(srv.url + "/apps/authorize/consent", params=query)
    assert page.status_code == 200 and DEMO_SELLER_ID in page.text and APP_ID in page.text
    answer = httpx.get(srv.url + "/apps/authorize/confirm", params=query)
    assert answer.status_code == 302
    location = urlsplit(answer.headers["Location"])
    back = parse_qs(location.query)
    assert location.netloc == "odoo.test" and back["state"] == ["s1"]
    assert back["selling_partner_id"] == [DEMO_SELLER_ID]
    grant = lwa(srv, grant_type="authorization_code", code=back["spapi_oauth_code"][0])
    assert grant.status_code == 200


def test_consent_page_confirms_itself_for_browser_tests(srv):
    query = {"application_id": APP_ID, "state": "s1", "redirect_uri": "https://odoo.test/cb"}
    click = 'document.querySelector("form button").click()'
    assert click not in httpx.get(srv.url + "/apps/authorize/consent", params=query).text
    srv.auto_consent = True
    assert click in httpx.get(srv.url + "/apps/authorize/consent", params=query).text


def test_consent_page_requires_redirect_uri(srv):
    page = httpx.get(srv.url + "/apps/authorize/consent", params={"application_id": APP_ID})
    assert page.status_code == 400


# -- Sellers ------------------------------------------------------------------------------

def test_marketplace_participations_of_demo_seller(api):
    payload = api.get("/sellers/v1/marketplaceParticipations").json()["payload"]
    countries = [p["marketplace"]["countryCode"] for p in payload]
    assert countries == ["DE", "FR", "IT", "ES", "GB", "NL"]
    assert payload[0]["marketplace"] == {
        "id": DE, "name": "Amazon.de", "countryCode": "DE", "defaultCurrencyCode": "EUR",
        "defaultLanguageCode": "de_DE", "domainName": "www.amazon.de"}
    assert payload[0]["participation"] == {"isParticipating": True, "hasSuspendedListings": False}


def test_added_seller_sees_its_participations(srv):
    refresh_token = srv.add_seller("A3OTHER", ["US"])
    srv.set_participations("A3OTHER", ["US", "CA"])
    response = httpx.get(srv.url + "/sellers/v1/marketplaceParticipations",
                         headers={"x-amz-access-token": token(srv, refresh_token)})
    assert [p["marketplace"]["countryCode"] for p in response.json()["payload"]] == ["US", "CA"]


# -- searchOrders / getOrder ------------------------------------------------------------------

@pytest.mark.parametrize("dates", [
    {"lastUpdatedAfter": None},
    {"createdAfter": ago(days=3)},
    {"lastUpdatedAfter": ago(days=3), "createdBefore": ago(days=1)},
])
def test_search_orders_requires_exactly_one_after_date(api, dates):
    response = search(api, **dates)
    assert (response.status_code, error_code(response)) == (400, "InvalidInput")


def test_search_orders_rejects_before_less_than_two_minutes_old(api):
    assert search(api, lastUpdatedBefore=ago(seconds=60)).status_code == 400


@pytest.mark.parametrize("size", ["0", "101", "ten"])
def test_search_orders_rejects_page_size_out_of_range(api, size):
    assert search(api, maxResultsPerPage=size).status_code == 400


@pytest.mark.parametrize("ids", [None, "XXNOTAMARKET", ""])
def test_search_orders_requires_known_marketplace_ids(api, ids):
    assert search(api, marketplaceIds=ids).status_code == 400


def test_search_orders_returns_only_requested_marketplaces_sorted(srv, api):
    orders = search(api, marketplaceIds=f"{DE},{FR}").json()["orders"]
    assert {o["orderId"] for o in orders} == seeded_ids(srv, "302-") | seeded_ids(srv, "171-")
    stamps = [o["lastUpdatedTime"] for o in orders]
    assert stamps == sorted(stamps)


def test_search_orders_accepts_repeated_array_params(api):
    comma = search(api, marketplaceIds=f"{DE},{GB}").json()["orders"]
    repeated = search(api, marketplaceIds=[DE, GB]).json()["orders"]
    assert comma == repeated and len(comma) > 14


def test_search_orders_filters_fulfillment(srv, api):
    orders = search(api, fulfilledBy="AMAZON", fulfillmentStatuses="SHIPPED,CANCELLED",
                    includedData="FULFILLMENT").json()["orders"]
    assert orders and all(o["fulfillment"]["fulfilledBy"] == "AMAZON" for o in orders)
    created = search(api, lastUpdatedAfter=None, createdAfter=ago(hours=10),
                     fulfilledBy="MERCHANT", includedData="FULFILLMENT").json()
    assert {o["fulfillment"]["fulfilledBy"] for o in created["orders"]} == {"MERCHANT"}
    assert all(o["createdTime"] >= ago(hours=10) for o in created["orders"])


def test_search_orders_echoes_the_upper_bound(api):
    body = search(api).json()
    assert ago(minutes=3) <= body["lastUpdatedBefore"] <= ago(minutes=2)
    bound = ago(hours=1)
    assert search(api, lastUpdatedAfter=None, createdAfter=ago(days=9),
                  createdBefore=bound).json()["createdBefore"] == bound


def test_search_orders_pages_keep_the_original_filters(srv, api):
    first = search(api, maxResultsPerPage="5").json()
    seen = [o["orderId"] for o in first["orders"]]
    token_ = first["pagination"]["nextToken"]
    while token_:
        page = api.get("/orders/2026-01-01/orders",
                       params={"paginationToken": token_, "marketplaceIds": GB,
                               "maxResultsPerPage": "5"}).json()
        seen += [o["orderId"] for o in page["orders"]]
        token_ = page.get("pagination", {}).get("nextToken")
    assert len(seen) == len(set(seen)) and set(seen) == seeded_ids(srv, "302-")


def test_included_data_controls_the_blocks(api):
    bare = search(api, maxResultsPerPage="1").json()["orders"][0]
    assert set(bare) == {"orderId", "createdTime", "lastUpdatedTime", "salesChannel", "orderItems"}
    assert set(bare["orderItems"][0]) == {"orderItemId", "quantityOrdered", "product"}
    full = api.get("/orders/2026-01-01/orders/302-1000003-2000003",
                   params={"includedData": "BUYER,RECIPIENT,PROCEEDS,FULFILLMENT,PACKAGES"}).json()
    order = full["order"]
    assert {"buyer", "recipient", "proceeds", "fulfillment", "packages"} <= set(order)
    assert {"proceeds", "fulfillment"} <= set(order["orderItems"][0])


def test_get_order_of_another_seller_is_not_found(srv, api):
    srv.add_seller("A3OTHER", ["DE"])
    srv.add_order(build_order(order_id="302-7777777-7777777"), seller_id="A3OTHER")
    assert api.get("/orders/2026-01-01/orders/302-7777777-7777777").status_code == 404
    assert api.get("/orders/2026-01-01/orders/302-1000001-2000001").status_code == 200
    assert api.get("/orders/2026-01-01/orders/not-an-order").status_code == 400


def test_pending_order_carries_no_prices(api):
    order = api.get("/orders/2026-01-01/orders/302-1000007-2000007",
                    params={"includedData": "PROCEEDS,FULFILLMENT"}).json()["order"]
    assert order["fulfillment"]["fulfillmentStatus"] == "PENDING"
    assert "proceeds" not in order and "price" not in order["orderItems"][0]["product"]


# -- build_order ------------------------------------------------------------------------------

def _amount(money):
    return Decimal(money["amount"])


def _sum(entries, key):
    return sum(_amount(entry[key]) for entry in entries)


def test_build_order_totals_add_up_to_the_cent(srv):
    for order in srv.orders().values():
        if "proceeds" not in order:
            continue
        items_total = Decimal(0)
        for item in order["orderItems"]:
            entries = item["proceeds"]["breakdowns"]
            assert _amount(item["proceeds"]["proceedsTotal"]) == _sum(entries, "subtotal")
            for entry in entries:
                if "detailedBreakdowns" in entry:
                    details = entry["detailedBreakdowns"]
                    assert _amount(entry["subtotal"]) == _sum(details, "value")
            items_total += _amount(item["proceeds"]["proceedsTotal"])
        proceeds = order["proceeds"]
        assert _amount(proceeds["grandTotal"]) == items_total
        assert items_total == _sum(proceeds["breakdowns"], "subtotal")


def test_build_order_grand_total_is_what_the_buyer_paid():
    order = build_order(marketplace="DE", items=[{
        "sku": "X", "qty": 2, "unit_price": "29.99", "shipping": "4.99",
        "shipping_discount": "4.99", "promotion_discount": "5.00", "gift_wrap": "3.00",
        "gift_message": "Für dich"}])
    assert order["proceeds"]["grandTotal"] == {"amount": "57.98", "currencyCode": "EUR"}
    gift = order["orderItems"][0]["fulfillment"]["packing"]["giftOption"]
    assert gift["giftMessage"] == "Für dich"
    us = build_order(marketplace="US", items=[{"sku": "X", "unit_price": "10.00", "tax": "0.80"}])
    assert us["proceeds"]["grandTotal"]["amount"] == "10.80"


def test_build_order_hides_buyer_of_north_american_fba_orders():
    order = build_order(marketplace="US", fulfilled_by="AMAZON", status="SHIPPED")
    assert "buyer" not in order and "phone" not in order["recipient"]["deliveryAddress"]
    assert "packages" not in order


def test_build_order_replacement_is_free():
    order = build_order(replacement=True, replaced_order_id="302-1111111-1111111",
                        items=[{"sku": "X", "unit_price": "50"}])
    assert order["proceeds"]["grandTotal"]["amount"] == "0.00"
    assert order["associatedOrders"][0]["associationType"] == "REPLACEMENT_ORIGINAL_ID"


# -- confirmShipment -----------------------------------------------------------------------

def shipment(api, order_id, reference="1", lines=None, **detail):
    order = api.get(f"/orders/2026-01-01/orders/{order_id}").json()["order"]
    everything = [{"orderItemId": item["orderItemId"], "quantity": item["quantityOrdered"]}
                  for item in order["orderItems"]]
    package = {"packageReferenceId": reference, "carrierCode": "DHL", "trackingNumber": "JD0001",
               "shipDate": ago(minutes=10), "orderItems": lines or everything}
    package.update(detail)
    body = {"marketplaceId": order["salesChannel"]["marketplaceId"], "packageDetail": package}
    return api.post(f"/orders/v0/orders/{order_id}/shipmentConfirmation", json=body)


def test_confirm_shipment_ships_the_order(srv, api):
    response = shipment(api, "302-1000001-2000001")
    assert (response.status_code, response.content) == (204, b"")
    order = srv.orders()["302-1000001-2000001"]
    assert order["fulfillment"]["fulfillmentStatus"] == "SHIPPED"
    assert order["orderItems"][0]["fulfillment"]["quantityUnfulfilled"] == 0
    assert order["packages"][0]["carrier"] == "DHL" and order["lastUpdatedTime"] >= ago(minutes=1)


def test_confirm_shipment_of_part_leaves_order_partially_shipped(srv, api):
    order = srv.orders()["302-1000003-2000003"]
    notebook = order["orderItems"][1]["orderItemId"]
    shipment(api, "302-1000003-2000003", "2", [{"orderItemId": notebook, "quantity": 1}])
    status = srv.orders()["302-1000003-2000003"]["fulfillment"]["fulfillmentStatus"]
    assert status == "PARTIALLY_SHIPPED"
    shipment(api, "302-1000003-2000003", "3", [{"orderItemId": notebook, "quantity": 1}])
    packages = api.get("/orders/2026-01-01/orders/302-1000003-2000003",
                       params={"includedData": "PACKAGES,FULFILLMENT"}).json()["order"]
    assert [p["packageReferenceId"] for p in packages["packages"]] == ["1", "2", "3"]
    assert packages["fulfillment"]["fulfillmentStatus"] == "SHIPPED"


def test_confirm_shipment_resend_replaces_the_package(srv, api):
    item_id = srv.orders()["302-1000002-2000002"]["orderItems"][0]["orderItemId"]
    shipment(api, "302-1000002-2000002", "1", [{"orderItemId": item_id, "quantity": 1}])
    again = shipment(api, "302-1000002-2000002", "1", [{"orderItemId": item_id, "quantity": 3}],
                     trackingNumber="JD0002")
    assert again.status_code == 204
    order = srv.orders()["302-1000002-2000002"]
    assert len(order["packages"]) == 1 and order["packages"][0]["trackingNumber"] == "JD0002"
    assert order["fulfillment"]["fulfillmentStatus"] == "SHIPPED"


@pytest.mark.parametrize("change", [
    {"packageReferenceId": "0"}, {"packageReferenceId": "A1"}, {"packageReferenceId": 1},
    {"carrierCode": ""}, {"carrierCode": "Other"}, {"trackingNumber": ""}, {"shipDate": "soon"},
    {"orderItems": [{"orderItemId": "99999999999999", "quantity": 1}]}, {"orderItems": []},
])
def test_confirm_shipment_rejects_invalid_package(api, change):
    response = shipment(api, "302-1000001-2000001", **change)
    assert (response.status_code, error_code(response)) == (400, "InvalidInput")


def test_confirm_shipment_rejects_quantities_above_unshipped(srv, api):
    item_id = srv.orders()["302-1000001-2000001"]["orderItems"][0]["orderItemId"]
    for qty in (0, 2):
        lines = [{"orderItemId": item_id, "quantity": qty}]
        assert shipment(api, "302-1000001-2000001", lines=lines).status_code == 400


def test_confirm_shipment_accepts_other_carrier_with_name(srv, api):
    assert shipment(api, "302-1000001-2000001", carrierCode="Other",
                    carrierName="Hermes").status_code == 204
    assert srv.orders()["302-1000001-2000001"]["packages"][0]["carrier"] == "Hermes"


@pytest.mark.parametrize("order_id, status", [
    ("302-1000005-2000005", 400), ("302-1000008-2000008", 400), ("302-1000007-2000007", 400),
    ("302-9999999-9999999", 404)])
def test_confirm_shipment_refuses_fba_cancelled_pending_unknown(api, order_id, status):
    body = {"marketplaceId": DE, "packageDetail": {"packageReferenceId": "1"}}
    response = api.post(f"/orders/v0/orders/{order_id}/shipmentConfirmation", json=body)
    assert response.status_code == status


def test_confirm_shipment_rejects_wrong_marketplace(api):
    response = shipment(api, "302-1000001-2000001")
    assert response.status_code == 204
    body = {"marketplaceId": FR, "packageDetail": {}}
    assert api.post("/orders/v0/orders/302-1000002-2000002/shipmentConfirmation",
                    json=body).status_code == 400


# -- Feeds --------------------------------------------------------------------------------

def message(message_id, sku, value):
    return {"messageId": message_id, "sku": sku, "operationType": "PATCH", "productType": "PRODUCT",
            "patches": [{"op": "merge", "path": AVAILABILITY, "value": value}]}


def run_feed(api, content, feed_type="JSON_LISTINGS_FEED", polls=2, marketplace_ids=(DE,)):
    """Create, upload, submit and poll a feed; returns the last getFeed answer."""
    document = api.post("/feeds/2021-06-30/documents",
                        json={"contentType": "application/json; charset=UTF-8"})
    assert document.status_code == 201
    assert httpx.put(document.json()["url"], content=content).status_code == 200
    created = api.post("/feeds/2021-06-30/feeds", json={
        "feedType": feed_type, "marketplaceIds": list(marketplace_ids),
        "inputFeedDocumentId": document.json()["feedDocumentId"]})
    assert created.status_code == 202, created.text
    for _ in range(polls):
        feed = api.get(f"/feeds/2021-06-30/feeds/{created.json()['feedId']}").json()
    return feed


def report(api, feed):
    document = api.get(f"/feeds/2021-06-30/documents/{feed['resultFeedDocumentId']}").json()
    return httpx.get(document["url"]).json()


def feed_bytes(*messages):
    return json.dumps({"header": {"sellerId": DEMO_SELLER_ID, "version": "2.0"},
                       "messages": list(messages)}).encode("utf-8")


def test_listings_feed_applies_quantities_and_reports_issues(srv, api):
    content = feed_bytes(
        message(1, "MUG-CERAMIC-350", [{"fulfillment_channel_code": "DEFAULT", "quantity": 7}]),
        message(2, "NO-SUCH-SKU", [{"fulfillment_channel_code": "DEFAULT", "quantity": 1}]),
        message(3, "TEA-EARLGREY-100G", [{"quantity": 1}]),
        message(4, "CANDLE-SOY-LAV", [{"fulfillment_channel_code": "DEFAULT", "quantity": -1}]))
    feed = run_feed(api, content, polls=1)
    assert feed["processingStatus"] == "IN_PROGRESS" and "resultFeedDocumentId" not in feed
    feed = api.get(f"/feeds/2021-06-30/feeds/{feed['feedId']}").json()
    assert feed["processingStatus"] == "DONE" and feed["processingEndTime"]
    result = report(api, feed)
    assert result["header"] == {"sellerId": DEMO_SELLER_ID, "version": "2.0",
                                "feedId": feed["feedId"]}
    assert [(i["messageId"], i["severity"]) for i in result["issues"]] == [
        (2, "ERROR"), (3, "ERROR"), (4, "ERROR")]
    assert result["summary"] == {"errors": 3, "warnings": 0, "messagesProcessed": 4,
                                 "messagesAccepted": 1, "messagesInvalid": 3}
    assert srv.listing(DEMO_SELLER_ID, "MUG-CERAMIC-350")["channels"] == {"DEFAULT": 7}
    assert srv.listing(DEMO_SELLER_ID, "CANDLE-SOY-LAV")["channels"] == {"DEFAULT": 15}


def test_sku_not_listed_on_one_feed_marketplace_is_rejected(srv, api):
    srv.add_listing(DEMO_SELLER_ID, "DE-ONLY-1", DE, channels={"DEFAULT": 3})
    value = [{"fulfillment_channel_code": "DEFAULT", "quantity": 5}]
    feed = run_feed(api, feed_bytes(message(1, "DE-ONLY-1", value)), marketplace_ids=(DE, FR))
    [issue] = report(api, feed)["issues"]
    assert (issue["messageId"], issue["code"]) == (1, "SKU_NOT_FOUND") and FR in issue["message"]
    assert srv.listing(DEMO_SELLER_ID, "DE-ONLY-1")["channels"] == {"DEFAULT": 3}


def test_feed_for_marketplaces_of_two_regions_is_refused(api):
    document = api.post("/feeds/2021-06-30/documents",
                        json={"contentType": "application/json; charset=UTF-8"}).json()
    created = api.post("/feeds/2021-06-30/feeds", json={
        "feedType": "JSON_LISTINGS_FEED", "marketplaceIds": [DE, US],
        "inputFeedDocumentId": document["feedDocumentId"]})
    assert created.status_code == 400 and "region" in created.text


@pytest.mark.parametrize("content", [b"{not json", "{}".encode("utf-16"), feed_bytes()])
def test_unreadable_feed_is_fatal(api, content):
    assert run_feed(api, content)["processingStatus"] == "FATAL"


def test_feed_of_more_than_25000_messages_is_fatal(srv, api):
    value = [{"fulfillment_channel_code": "DEFAULT", "quantity": 1}]
    content = feed_bytes(*(message(i, "MUG-CERAMIC-350", value) for i in range(1, 25002)))
    feed = run_feed(api, content)
    assert feed["processingStatus"] == "FATAL"
    assert report(api, feed)["issues"][0]["severity"] == "ERROR"
    assert srv.listing(DEMO_SELLER_ID, "MUG-CERAMIC-350")["channels"] == {"DEFAULT": 25}


def test_legacy_feed_type_is_fatal(api):
    feed = run_feed(api, b"<xml/>", "POST_INVENTORY_AVAILABILITY_DATA")
    assert feed["processingStatus"] == "FATAL"


@pytest.mark.parametrize("outcome, polls", [("FATAL", 2), ("CANCELLED", 1)])
def test_feed_outcome_can_be_forced(srv, api, outcome, polls):
    srv.set_feed_outcome(outcome)
    content = feed_bytes(message(1, "MUG-CERAMIC-350",
                                 [{"fulfillment_channel_code": "DEFAULT", "quantity": 1}]))
    assert run_feed(api, content, polls=polls)["processingStatus"] == outcome
    assert srv.listing(DEMO_SELLER_ID, "MUG-CERAMIC-350")["channels"] == {"DEFAULT": 25}


def test_presigned_url_checks_its_signature(api):
    url = api.post("/feeds/2021-06-30/documents", json={"contentType": "text/plain"}).json()["url"]
    assert httpx.put(url.replace("sig=", "sig=0"), content=b"x").status_code == 403


# -- Listings Items ---------------------------------------------------------------------------

def listing_url(sku, seller_id=DEMO_SELLER_ID):
    return f"/listings/2021-08-01/items/{seller_id}/{sku}"


def test_get_listings_item_returns_included_blocks(api):
    default = api.get(listing_url("HEADPHONES-BT-200"), params={"marketplaceIds": DE}).json()
    assert set(default) == {"sku", "summaries"}
    summary = default["summaries"][0]
    assert summary["marketplaceId"] == DE and summary["itemName"] == "Bluetooth headphones BT-200"
    both = api.get(listing_url("BOTTLE-STEEL-750"), params={
        "marketplaceIds": DE, "includedData": "summaries,fulfillmentAvailability"}).json()
    assert both["fulfillmentAvailability"] == [
        {"fulfillmentChannelCode": "DEFAULT", "quantity": 12},
        {"fulfillmentChannelCode": "AMAZON_EU", "quantity": 40}]


@pytest.mark.parametrize("sku, marketplace", [("NO-SUCH-SKU", DE), ("MUG-CERAMIC-350", IT)])
def test_get_listings_item_unknown_is_not_found(api, sku, marketplace):
    response = api.get(listing_url(sku), params={"marketplaceIds": marketplace})
    assert (response.status_code, error_code(response)) == (404, "NotFound")


def test_get_listings_item_of_another_seller_is_forbidden(api):
    response = api.get(listing_url("MUG-CERAMIC-350", "A3OTHER"), params={"marketplaceIds": DE})
    assert response.status_code == 403


def test_patch_listings_item_sets_quantity(srv, api):
    body = {"productType": "PRODUCT", "patches": [
        {"op": "replace", "path": AVAILABILITY,
         "value": [{"fulfillment_channel_code": "DEFAULT", "quantity": 3}]}]}
    answer = api.patch(listing_url("BOTTLE-STEEL-750"), params={"marketplaceIds": DE},
                       json=body).json()
    assert answer["status"] == "ACCEPTED" and answer["issues"] == [] and answer["submissionId"]
    channels = srv.listing(DEMO_SELLER_ID, "BOTTLE-STEEL-750")["channels"]
    assert channels == {"DEFAULT": 3, "AMAZON_EU": 40}


@pytest.mark.parametrize("sku, value", [
    ("MUG-CERAMIC-350", [{"fulfillment_channel_code": "DEFAULT", "quantity": -2}]),
    ("MUG-CERAMIC-350", [{"quantity": 2}]),
    ("NO-SUCH-SKU", [{"fulfillment_channel_code": "DEFAULT", "quantity": 2}])])
def test_patch_listings_item_invalid_changes_nothing(srv, api, sku, value):
    body = {"productType": "PRODUCT", "patches": [{"op": "replace", "path": AVAILABILITY,
                                                   "value": value}]}
    answer = api.patch(listing_url(sku), params={"marketplaceIds": DE}, json=body).json()
    assert answer["status"] == "INVALID" and answer["issues"][0]["severity"] == "ERROR"
    assert srv.listing(DEMO_SELLER_ID, "MUG-CERAMIC-350")["channels"] == {"DEFAULT": 25}


# -- Rate limits and faults ---------------------------------------------------------------------

def test_rate_limit_answers_429_after_the_burst(api):
    answers = [api.get("/sellers/v1/marketplaceParticipations") for _ in range(16)]
    assert [a.status_code for a in answers] == [200] * 15 + [429]
    assert error_code(answers[-1]) == "QuotaExceeded"
    assert all(a.headers["x-amzn-RateLimit-Limit"] == "0.016" for a in answers)


def test_rate_limit_bucket_refills_at_the_rate(srv, api):
    now = datetime.now(timezone.utc)
    srv.clock = lambda: now
    url, body = listing_url("MUG-CERAMIC-350"), {"productType": "PRODUCT", "patches": [
        {"op": "merge", "path": "/attributes/item_name", "value": [{"value": "Mug"}]}]}
    statuses = [api.patch(url, params={"marketplaceIds": DE}, json=body).status_code
                for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    srv.clock = lambda: now + timedelta(seconds=0.3)
    assert api.patch(url, params={"marketplaceIds": DE}, json=body).status_code == 200


def test_speed_multiplies_the_rate():
    with SandboxServer(speed=10, seed=False) as fast:
        headers = {"x-amz-access-token": token(fast)}
        response = httpx.get(fast.url + "/orders/2026-01-01/orders/302-1000001-2000001",
                             headers=headers)
    assert response.headers["x-amzn-RateLimit-Limit"] == "5"


def test_rate_limits_can_be_disabled(srv, api):
    srv.rate_limits = False
    statuses = {api.get("/sellers/v1/marketplaceParticipations").status_code for _ in range(20)}
    assert statuses == {200}


@pytest.mark.parametrize("kind, status, code", [("429", 429, "QuotaExceeded"),
                                                ("500", 500, "InternalFailure")])
def test_error_fault_answers_amazon_error_once(srv, api, kind, status, code):
    srv.inject(kind)
    faulted = api.get("/sellers/v1/marketplaceParticipations")
    assert (faulted.status_code, error_code(faulted)) == (status, code)
    assert api.get("/sellers/v1/marketplaceParticipations").status_code == 200


def test_503_fault_has_an_empty_body(srv, api):
    srv.inject("503", "getOrder", times=2)
    for _ in range(2):
        response = api.get("/orders/2026-01-01/orders/302-1000001-2000001")
        assert (response.status_code, response.content) == (503, b"")


def test_slow_fault_delays_a_normal_answer(srv, api):
    srv.inject("slow", "getOrder", delay=0.3)
    start = time.monotonic()
    response = api.get("/orders/2026-01-01/orders/302-1000001-2000001")
    assert response.status_code == 200 and time.monotonic() - start >= 0.3


def test_truncated_fault_cuts_the_json_in_half(srv, api):
    full = api.get("/orders/2026-01-01/orders/302-1000001-2000001").content
    srv.inject("truncated", "getOrder")
    cut = api.get("/orders/2026-01-01/orders/302-1000001-2000001")
    assert cut.status_code == 200 and cut.content == full[:len(full) // 2]
    with pytest.raises(ValueError):
        cut.json()


def test_fault_targets_only_its_operation(srv, api):
    srv.inject("500", "getOrder")
    srv.inject("500")
    assert lwa(srv, grant_type="refresh_token", refresh_token=DEMO_REFRESH_TOKEN).status_code == 200
    assert search(api).status_code == 500
    assert api.get("/orders/2026-01-01/orders/302-1000001-2000001").status_code == 500
    assert srv.calls("getOrder")[0]["status"] == 500


def test_unknown_fault_kind_is_refused(srv):
    with pytest.raises(ValueError):
        srv.inject("404")


# -- Journal and control routes -----------------------------------------------------------------

def test_journal_records_each_call(srv, api):
    api.get("/orders/2026-01-01/orders/302-1000001-2000001", params={"includedData": "BUYER"})
    shipment(api, "302-1000001-2000001")
    lwa_call, get_call = srv.calls("lwaToken")[0], srv.calls("getOrder")[0]
    assert lwa_call["body"]["grant_type"] == "refresh_token" and lwa_call["method"] == "POST"
    assert get_call == {"operation": "getOrder", "method": "GET",
                        "path": "/orders/2026-01-01/orders/302-1000001-2000001",
                        "query": {"includedData": ["BUYER"]}, "body": None, "status": 200,
                        "seller_id": DEMO_SELLER_ID}
    confirm = srv.calls("confirmShipment")[0]
    assert confirm["status"] == 204 and confirm["body"]["packageDetail"]["carrierCode"] == "DHL"


def test_control_routes_drive_the_sandbox(srv, api):
    order = build_order(order_id="302-5555555-5555555", created=ago(hours=2))
    assert httpx.post(srv.url + "/_sandbox/orders", json=order).status_code == 201
    assert api.get("/orders/2026-01-01/orders/302-5555555-5555555").status_code == 200
    fault = {"kind": "500", "operation": "getOrder", "times": 1, "delay": 0}
    assert httpx.post(srv.url + "/_sandbox/faults", json=fault).status_code == 201
    assert api.get("/orders/2026-01-01/orders/302-5555555-5555555").status_code == 500
    code = httpx.post(srv.url + "/_sandbox/auth-codes",
                      json={"seller_id": DEMO_SELLER_ID}).json()["code"]
    assert lwa(srv, grant_type="authorization_code", code=code).status_code == 200
    journal = httpx.get(srv.url + "/_sandbox/journal").json()
    assert [entry["operation"] for entry in journal][-3:] == ["getOrder", "getOrder", "lwaToken"]
    assert httpx.post(srv.url + "/_sandbox/reset").status_code == 200
    assert httpx.get(srv.url + "/_sandbox/journal").json() == []
    assert "302-5555555-5555555" not in srv.orders()


def test_reset_restores_the_seed(srv, api):
    shipment(api, "302-1000001-2000001")
    srv.reset()
    assert srv.orders()["302-1000001-2000001"]["fulfillment"]["fulfillmentStatus"] == "UNSHIPPED"
    assert len(srv.orders()) == 31 and srv.journal == []


def test_python_amazon_sp_api_reads_orders(srv):
    """The client library (wrong Host over http, its own parameter encoding) is served."""
    sp_api = pytest.importorskip("sp_api")
    from collections import namedtuple

    from sp_api.api import OrdersV20260101
    from sp_api.auth import AccessTokenClient

    lwa_client = type("SandboxLwa", (AccessTokenClient,),
                      {"scheme": "http://", "host": f"127.0.0.1:{srv.port}"})
    marketplace = namedtuple("Marketplace", "endpoint marketplace_id region")(
        srv.url, DE, "eu-west-1")
    sp_api.auth.access_token_client.cache.clear()
    orders = OrdersV20260101(
        marketplace=marketplace, refresh_token=DEMO_REFRESH_TOKEN,
        credentials={"lwa_app_id": APP_CLIENT_ID, "lwa_client_secret": APP_CLIENT_SECRET},
        auth_token_client_class=lwa_client)
    try:
        page = orders.search_orders(lastUpdatedAfter=ago(days=30), marketplaceIds=[DE, FR])
    finally:
        sp_api.auth.access_token_client.cache.clear()
    assert len(page.payload["orders"]) == 23


# -- Command line ---------------------------------------------------------------------------------

def test_cli_serves_until_terminated():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "sale_amazon_sync.sandbox", "--port", str(port), "--no-seed"],
        cwd=Path(__file__).resolve().parents[1], stdout=subprocess.PIPE, text=True)
    try:
        banner = process.stdout.readline().strip()
        assert banner == f"SP-API sandbox listening on http://127.0.0.1:{port}"
        response = httpx.post(f"http://127.0.0.1:{port}/auth/o2/token", data={
            "grant_type": "refresh_token", "refresh_token": DEMO_REFRESH_TOKEN,
            "client_id": APP_CLIENT_ID, "client_secret": APP_CLIENT_SECRET})
        assert response.status_code == 200
    finally:
        process.terminate()
        process.wait(timeout=5)


def test_fault_after_lets_the_first_requests_through(srv, api):
    srv.inject("500", "getMarketplaceParticipations", after=1)
    first = api.get("/sellers/v1/marketplaceParticipations")
    second = api.get("/sellers/v1/marketplaceParticipations")
    assert (first.status_code, second.status_code) == (200, 500)


def test_random_faults_hit_the_share_asked_for(srv, api):
    srv.rate_limits = False
    srv.set_fault_rate(0.5, kinds=["500"], seed=3)
    answers = [api.get("/sellers/v1/marketplaceParticipations").status_code for _ in range(60)]
    assert 15 < answers.count(500) < 45
    srv.set_fault_rate(0)
    assert api.get("/sellers/v1/marketplaceParticipations").status_code == 200
