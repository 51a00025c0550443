"""The SP-API client layer against the sandbox: tokens, buckets, retries, error mapping."""
import json
import time

import pytest
from common import DE, recent, statuses

from sale_amazon_sync.sandbox import (
    APP_CLIENT_ID,
    APP_CLIENT_SECRET,
    DEMO_REFRESH_TOKEN,
    DEMO_SELLER_ID,
    SandboxServer,
)
from sale_amazon_sync.spapi import (
    AuthError,
    BadRequestError,
    ServerError,
    ThrottledError,
    exchange_auth_code,
    reset_buckets,
)


@pytest.fixture(autouse=True)
def fresh(sandbox):
    """Every test starts from the seeded sandbox, with no cached token nor bucket."""


# Tokens ------------------------------------------------------------------------------------

def test_access_token_is_fetched_once_and_reused(srv, client):
    client().get_marketplace_participations()
    client().get_marketplace_participations()
    assert len(srv.calls("lwaToken")) == 1


def test_access_token_cache_is_per_refresh_token(srv, client):
    other = srv.add_seller("A3OTHERSELLER01", [DE])
    client().get_marketplace_participations()
    client(refresh_token=other).get_marketplace_participations()
    assert len(srv.calls("lwaToken")) == 2


def test_access_token_is_renewed_when_it_nears_expiry(srv, client, monkeypatch):
    client().get_marketplace_participations()
    import time as real_time
    later = real_time.time() + 3600 - 30  # inside the renewal margin
    monkeypatch.setattr("sale_amazon_sync.spapi.client.time.time", lambda: later)
    client().get_marketplace_participations()
    assert len(srv.calls("lwaToken")) == 2


def test_token_grant_sends_the_app_credentials_and_refresh_token(srv, client):
    client().get_marketplace_participations()
    grant = srv.calls("lwaToken")[0]["body"]
    assert (grant["grant_type"], grant["refresh_token"]) == ("refresh_token", DEMO_REFRESH_TOKEN)
    assert (grant["client_id"], grant["client_secret"]) == (APP_CLIENT_ID, APP_CLIENT_SECRET)


def test_revoked_refresh_token_is_an_auth_error(srv, client):
    srv.revoke(DEMO_REFRESH_TOKEN)
    with pytest.raises(AuthError) as error:
        client().get_marketplace_participations()
    assert error.value.code == "invalid_grant"


def test_wrong_app_secret_is_an_auth_error(client):
    with pytest.raises(AuthError) as error:
        client(client_secret="wrong").get_marketplace_participations()
    assert error.value.code == "invalid_client"


def test_missing_refresh_token_is_refused_before_any_call(srv, client):
    with pytest.raises(AuthError):
        client(refresh_token="")
    assert not srv.journal


def test_auth_code_exchange_returns_a_working_refresh_token(srv, client):
    code = srv.issue_auth_code("A3NEWSELLER0001")
    refresh = exchange_auth_code(code, client_id=APP_CLIENT_ID, client_secret=APP_CLIENT_SECRET,
                                 lwa_endpoint=srv.lwa_url)
    assert client(refresh_token=refresh).get_marketplace_participations() is not None
    with pytest.raises(AuthError):  # single use
        exchange_auth_code(code, client_id=APP_CLIENT_ID, client_secret=APP_CLIENT_SECRET,
                           lwa_endpoint=srv.lwa_url)


# Retries and error mapping -------------------------------------------------------------------

@pytest.mark.parametrize("fault", ["500", "503", "truncated"])
def test_transient_failures_are_retried(srv, client, fault):
    srv.inject(fault, "getMarketplaceParticipations", times=2)
    assert len(client().get_marketplace_participations()) == 6
    assert len(srv.calls("getMarketplaceParticipations")) == 3


def test_retries_back_off_with_jitter_under_a_growing_ceiling(srv, client, sleeps):
    srv.inject("500", "getMarketplaceParticipations", times=4)
    client(backoff_base=1.0).get_marketplace_participations()
    assert len(sleeps) == 4
    assert all(0 <= s <= 2 ** i for i, s in enumerate(sleeps))


def test_retry_budget_is_bounded(srv, client):
    srv.inject("503", "getMarketplaceParticipations", times=10)
    with pytest.raises(ServerError):
        client(retries=3).get_marketplace_participations()
    assert statuses(srv, "getMarketplaceParticipations") == [503, 503, 503]


def test_timeout_is_a_retryable_server_error(srv, client):
    srv.inject("slow", "getMarketplaceParticipations", delay=0.5)
    assert client(timeout=0.2).get_marketplace_participations()
    time.sleep(0.5)  # the slow answer is journaled once the sandbox has sent it
    assert len(srv.calls("getMarketplaceParticipations")) == 2


def test_bad_request_is_not_retried(srv, client):
    with pytest.raises(BadRequestError) as error:
        client().search_orders(marketplaceIds=DE)  # neither createdAfter nor lastUpdatedAfter
    assert error.value.status == 400 and error.value.operation == "searchOrders"
    assert len(srv.calls("searchOrders")) == 1


def test_unknown_order_is_a_bad_request(client):
    with pytest.raises(BadRequestError) as error:
        client().get_order("999-0000000-0000000")
    assert error.value.status == 404


def test_error_messages_never_carry_secrets(srv, client):
    srv.revoke(DEMO_REFRESH_TOKEN)
    with pytest.raises(AuthError) as error:
        client().get_marketplace_participations()
    assert DEMO_REFRESH_TOKEN not in str(error.value)
    assert APP_CLIENT_SECRET not in str(error.value)


# Rate limits ---------------------------------------------------------------------------------

def test_throttled_fast_operation_waits_for_its_bucket_and_retries(srv, client, sleeps):
    srv.add_listing(DEMO_SELLER_ID, "SKU-1", DE)
    srv.inject("429", "getListingsItem")
    item = client().get_listings_item(DEMO_SELLER_ID, "SKU-1", [DE], ["summaries"])
    assert item["sku"] == "SKU-1"
    assert statuses(srv, "getListingsItem") == [429, 200]
    assert sleeps == [pytest.approx(0.2, abs=0.01)]  # one token at 5/s


def test_throttled_slow_operation_stops_and_says_when_to_resume(srv, client, sleeps):
    srv.inject("429", "searchOrders")
    with pytest.raises(ThrottledError) as error:
        client().search_orders(marketplaceIds=DE, lastUpdatedAfter=recent(days=3))
    assert error.value.retry_after == pytest.approx(1 / 0.0056, rel=0.01)
    assert statuses(srv, "searchOrders") == [429]
    assert not sleeps, "a three-minute wait is handed back, not slept"


def test_client_stops_before_exceeding_the_burst(srv, client):
    api = client()
    for _ in range(15):
        api.get_marketplace_participations()
    with pytest.raises(ThrottledError):
        api.get_marketplace_participations()
    assert statuses(srv, "getMarketplaceParticipations") == [200] * 15


def test_announced_rate_limit_replaces_the_default(client):
    from sale_amazon_sync.spapi.client import bucket_for
    api = client()
    api.get_marketplace_participations()
    bucket = bucket_for(api._account_key, "getMarketplaceParticipations")
    assert bucket.rate == pytest.approx(0.016)
    faster = SandboxServer(port=0, speed=100).start()
    try:
        reset_buckets()
        api = client(endpoint=faster.url, lwa_endpoint=faster.lwa_url)
        api.get_marketplace_participations()
        bucket = bucket_for(api._account_key, "getMarketplaceParticipations")
        assert bucket.rate == pytest.approx(1.6)
    finally:
        faster.stop()


# Business operations ---------------------------------------------------------------------------

def test_search_orders_pages_through_all_orders(srv, client):
    api, seen, token = client(), [], None
    while True:
        params = dict(marketplaceIds=DE, lastUpdatedAfter=recent(days=30), maxResultsPerPage=5)
        page = api.search_orders(**(dict(params, paginationToken=token) if token else params))
        seen += [order["orderId"] for order in page["orders"]]
        token = page["nextToken"]
        if not token:
            break
    assert len(seen) == len(set(seen)) > 5
    assert len(srv.calls("searchOrders")) == -(-len(seen) // 5)


def test_get_order_returns_the_order_with_its_blocks(srv, client):
    order_id = next(iter(srv.orders()))
    order = client().get_order(order_id)
    assert order["orderId"] == order_id
    assert "orderItems" in order


def test_confirm_shipment_sends_the_package(srv, client):
    order = next(o for o in srv.orders().values()
                 if o["fulfillment"]["fulfilledBy"] == "MERCHANT"
                 and o["fulfillment"]["fulfillmentStatus"] == "UNSHIPPED")
    item = order["orderItems"][0]
    client().confirm_shipment(order["orderId"], order["salesChannel"]["marketplaceId"], {
        "packageReferenceId": "1", "carrierCode": "DHL", "trackingNumber": "JJD000123",
        "shipDate": recent(minutes=5),
        "orderItems": [{"orderItemId": item["orderItemId"],
                        "quantity": item["quantityOrdered"]}]})
    body = srv.calls("confirmShipment")[0]["body"]
    assert body["packageDetail"]["trackingNumber"] == "JJD000123"
    assert body["marketplaceId"] == order["salesChannel"]["marketplaceId"]


def test_feed_round_trip_uploads_utf8_and_reads_the_report(srv, client):
    srv.add_listing(DEMO_SELLER_ID, "MÜG-ÄÖ", DE, channels={"DEFAULT": 1})
    feed = {"header": {"sellerId": DEMO_SELLER_ID, "version": "2.0"}, "messages": [
        {"messageId": 1, "sku": "MÜG-ÄÖ", "operationType": "PATCH", "productType": "PRODUCT",
         "patches": [{"op": "merge", "path": "/attributes/fulfillment_availability",
                      "value": [{"fulfillment_channel_code": "DEFAULT", "quantity": 7}]}]},
        {"messageId": 2, "sku": "NO-SUCH-SKU", "operationType": "PATCH",
         "productType": "PRODUCT",
         "patches": [{"op": "merge", "path": "/attributes/fulfillment_availability",
                      "value": [{"fulfillment_channel_code": "DEFAULT", "quantity": 1}]}]},
    ]}
    api = client()
    feed_id = api.submit_feed("JSON_LISTINGS_FEED", [DE], json.dumps(feed).encode("utf-8"))
    status = api.get_feed(feed_id)
    while status["processingStatus"] not in ("DONE", "FATAL", "CANCELLED"):
        status = api.get_feed(feed_id)
    assert status["processingStatus"] == "DONE"
    report = json.loads(api.get_feed_document(status["resultFeedDocumentId"]))
    assert [issue["messageId"] for issue in report["issues"]] == [2]
    assert srv.listing(DEMO_SELLER_ID, "MÜG-ÄÖ")["channels"]["DEFAULT"] == 7


def test_patch_listings_item_applies_the_patch(srv, client):
    srv.add_listing(DEMO_SELLER_ID, "SKU-2", DE, channels={"DEFAULT": 1})
    result = client().patch_listings_item(DEMO_SELLER_ID, "SKU-2", [DE], {
        "productType": "PRODUCT", "patches": [{
            "op": "merge", "path": "/attributes/fulfillment_availability",
            "value": [{"fulfillment_channel_code": "DEFAULT", "quantity": 3}]}]})
    assert result["status"] == "ACCEPTED"
    assert srv.listing(DEMO_SELLER_ID, "SKU-2")["channels"]["DEFAULT"] == 3
