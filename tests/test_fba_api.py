"""FBA stock through the client and the sandbox: getInventorySummaries (parameters, pages,
limits, faults, validation) and the customer returns report, down to the parsed data."""
import httpx
import pytest
from common import DE, FR, GB, moment, naive, recent, statuses

from sale_amazon_sync import const
from sale_amazon_sync.sandbox import DEMO_SELLER_ID
from sale_amazon_sync.spapi.fba import parse_inventory_summary, parse_returns_report

SUMMARIES = "/fba/inventory/v1/summaries"
RETURNS = const.RETURNS_REPORT_TYPE


@pytest.fixture(autouse=True)
def fresh(sandbox):
    """Every test starts from the seeded sandbox, with no cached token nor bucket."""


def summaries(http, marketplace=DE, **params):
    query = {"details": "true", "granularityType": "Marketplace", "granularityId": marketplace,
             "marketplaceIds": marketplace, **params}
    return http.get(SUMMARIES, params={k: v for k, v in query.items() if v is not None})


def stock(client, marketplace=DE, skus=None):
    return {s.sku: s for s in map(parse_inventory_summary,
                                  client().get_inventory_summaries(marketplace, skus))}


# -- getInventorySummaries ------------------------------------------------------------------------

def test_inventory_request_names_the_marketplace_and_asks_for_details(srv, client):
    stock(client)
    (call,) = srv.calls("getInventorySummaries")
    assert call["query"] == {"details": ["true"], "granularityType": ["Marketplace"],
                             "granularityId": [DE], "marketplaceIds": [DE]}


def test_seeded_stock_follows_products_orders_and_returns(srv, client):
    srv.rate_limits = False  # three calls: beyond the burst, the client's sleeps are fake
    de, fr, gb = stock(client, DE), stock(client, FR), stock(client, GB)
    assert set(de) == {"BOTTLE-STEEL-750", "HEADPHONES-BT-200", "POWERBANK-10K", "LAMP-DESK-LED"}
    power = de["POWERBANK-10K"]
    assert (power.fulfillable, power.inbound, power.total) == (121, 30, 151)  # +1 returned
    assert fr["HEADPHONES-BT-200"].reserved == 1  # a pending FBA order
    assert gb["LAMP-DESK-LED"].unfulfillable == 1  # returned customer-damaged
    assert power.asin and power.fnsku.startswith("X00") and power.last_updated


def test_inventory_pages_repeat_the_arguments_at_two_per_second(srv, client, sleeps):
    srv.rate_limits = False  # the client's sleeps are recorded, not slept
    srv.set_page_size("getInventorySummaries", 1)
    assert len(stock(client)) == 4
    calls = srv.calls("getInventorySummaries")
    assert len(calls) == 4 and "nextToken" not in calls[0]["query"]
    for call in calls[1:]:
        assert {k: v for k, v in call["query"].items() if k != "nextToken"} == calls[0]["query"]
    # burst 2, then 2 per second: the third and fourth calls wait (the recorded sleeps do
    # not refill the bucket, so the waits add up, less the real time between the calls)
    assert len(sleeps) == 2 and 0 < sleeps[0] <= 0.5 < sleeps[1] <= 1.0


def test_seller_skus_go_fifty_at_a_time_and_a_comma_sku_alone(srv, client):
    srv.rate_limits = False
    skus = srv.add_fba_skus(120)
    srv.set_inventory("BOX,LARGE", fulfillable=3)
    found = stock(client, skus=skus + ["BOX,LARGE"])
    assert len(found) == 121 and found["BOX,LARGE"].fulfillable == 3
    queries = [call["query"] for call in srv.calls("getInventorySummaries")]
    assert [len(q["sellerSkus"][0].split(",")) for q in queries[:3]] == [50, 50, 20]
    assert queries[3]["sellerSku"] == ["BOX,LARGE"] and "sellerSkus" not in queries[3]


def test_set_inventory_shows_in_every_quantity(srv, client):
    srv.set_inventory("LAMP-DESK-LED", fulfillable=7, inbound_working=1, inbound_shipped=2,
                      inbound_receiving=3, reserved={"fcProcessing": 4}, researching=5,
                      unfulfillable={"defective": 2, "expired": 1})
    lamp = stock(client, skus=["LAMP-DESK-LED"])["LAMP-DESK-LED"]
    assert (lamp.fulfillable, lamp.inbound, lamp.reserved, lamp.researching,
            lamp.unfulfillable, lamp.total) == (7, 6, 4, 5, 3, 25)


@pytest.mark.parametrize("quantities", [{"fulfillable": -1}, {"fulfillable": "3"},
                                        {"reserved": {"lost": 1}}, {"future_supply": 2}])
def test_set_inventory_refuses_what_is_not_a_quantity(srv, quantities):
    with pytest.raises(ValueError):
        srv.set_inventory("LAMP-DESK-LED", **quantities)


def test_throttled_inventory_call_waits_half_a_second(srv, client, sleeps):
    srv.inject("429", "getInventorySummaries")
    assert len(stock(client)) == 4
    assert statuses(srv, "getInventorySummaries") == [429, 200]
    assert sleeps == [pytest.approx(0.5, abs=0.01)]


@pytest.mark.parametrize("fault", ["500", "503", "truncated"])
def test_inventory_faults_are_retried(srv, client, fault):
    srv.inject(fault, "getInventorySummaries")
    assert len(stock(client)) == 4
    assert len(srv.calls("getInventorySummaries")) == 2


def test_sandbox_limits_inventory_to_its_burst_of_two(seller_http):
    assert [summaries(seller_http).status_code for _ in range(3)] == [200, 200, 429]


def test_summaries_without_details_have_no_inventory_details(seller_http):
    answer = summaries(seller_http, details=None).json()
    assert "pagination" not in answer and answer["payload"]["granularity"] == {
        "granularityType": "Marketplace", "granularityId": DE}
    first = answer["payload"]["inventorySummaries"][0]
    assert "inventoryDetails" not in first and parse_inventory_summary(first).fulfillable is None


def test_a_sku_can_come_without_details_even_when_asked(srv, client):
    srv.set_inventory("LAMP-DESK-LED", fulfillable=7, details=False)
    lamp, headphones = (stock(client)[sku] for sku in ("LAMP-DESK-LED", "HEADPHONES-BT-200"))
    assert (lamp.fulfillable, lamp.total, headphones.fulfillable) == (None, 7, 80)


@pytest.mark.parametrize("params", [
    {"granularityType": None}, {"granularityType": "Country"}, {"granularityId": FR},
    {"marketplaceIds": f"{DE},{FR}"}, {"marketplaceIds": None}, {"details": "yes"},
    {"sellerSkus": ",".join(f"S{n}" for n in range(51))},
    {"startDateTime": recent(days=600)}, {"MarketplaceId": DE}, {"nextToken": "forged"},
])
def test_sandbox_validates_inventory_requests(seller_http, params):
    assert summaries(seller_http, **params).status_code == 400


def test_start_date_time_selects_changes_and_must_come_with_the_token(srv, seller_http):
    srv.rate_limits = False
    srv.set_page_size("getInventorySummaries", 1)
    since = recent(seconds=-2)  # after the seeding
    srv.clock = lambda: moment(seconds=-5)
    for sku in ("LAMP-DESK-LED", "BOTTLE-STEEL-750"):
        srv.set_inventory(sku, fulfillable=1)
    first = summaries(seller_http, startDateTime=since, sellerSkus="POWERBANK-10K").json()
    assert [s["sellerSku"] for s in first["payload"]["inventorySummaries"]] == \
        ["BOTTLE-STEEL-750"]
    token = first["pagination"]["nextToken"]
    assert summaries(seller_http, nextToken=token).status_code == 400
    again = summaries(seller_http, nextToken=token, startDateTime=since).json()
    assert [s["sellerSku"] for s in again["payload"]["inventorySummaries"]] == ["LAMP-DESK-LED"]


def test_inventory_next_token_expires_after_thirty_seconds(srv, seller_http):
    srv.set_page_size("getInventorySummaries", 1)
    token = summaries(seller_http).json()["pagination"]["nextToken"]
    srv.clock = lambda: moment(seconds=-31)
    assert summaries(seller_http, nextToken=token).status_code == 400


def test_five_thousand_fba_skus_are_listed(srv, client):
    srv.rate_limits = False
    srv.set_page_size("getInventorySummaries", 1000)
    srv.add_fba_skus(5000, prefix="B-")
    assert len(stock(client)) == 5004
    assert srv.listing(DEMO_SELLER_ID, "B-05000")["channels"] == {"AMAZON_EU": 10}


# -- customer returns ---------------------------------------------------------------------------

def returns_report(client, marketplaces=(DE,), days=2):
    """Request, poll and read a returns report; None when Amazon cancels it."""
    api = client()
    report_id = api.create_report(RETURNS, list(marketplaces), naive(days=days), naive())
    report = api.get_report(report_id)
    while report["processingStatus"] not in const.REPORT_DONE_STATUSES:
        report = api.get_report(report_id)
    if report["processingStatus"] != "DONE":
        return report["processingStatus"]
    return parse_returns_report(api.get_report_document(report["reportDocumentId"]))


def test_returns_report_lists_the_returns_of_its_marketplaces(client):
    parsed = returns_report(client, (DE,))
    assert parsed.errors == ()
    (line,) = parsed.returns
    assert (line.order_ref, line.sku, line.quantity, line.disposition) == (
        "302-1000006-2000006", "POWERBANK-10K", 1, "SELLABLE")
    assert line.sellable and line.license_plate.startswith("LPN")
    assert line.fulfillment_center == "LEJ1" and line.status == "Unit returned to inventory"
    assert len(returns_report(client, (DE, GB)).returns) == 2


def test_returns_report_without_returns_is_cancelled(srv, client):
    srv.state.returns.clear()
    assert returns_report(client) == "CANCELLED"


@pytest.mark.parametrize("disposition, bucket", [
    ("SELLABLE", None), ("CUSTOMER_DAMAGED", "customerDamaged"), ("DEFECTIVE", "defective"),
    ("DISTRIBUTOR_DAMAGED", "distributorDamaged"), ("EXPIRED", "expired"),
    ("CARRIER_DAMAGED", "carrierDamaged"), ("DAMAGED", "warehouseDamaged"),
])
def test_a_return_moves_the_stock_by_disposition(srv, disposition, bucket):
    before = srv.inventory("BOTTLE-STEEL-750")
    srv.add_return("302-1000012-2000012", quantity=2, disposition=disposition)
    after = srv.inventory("BOTTLE-STEEL-750")
    if bucket is None:
        assert after["fulfillable"] == before["fulfillable"] + 2
    else:
        assert after["unfulfillable"][bucket] == before["unfulfillable"][bucket] + 2
        assert after["fulfillable"] == before["fulfillable"]


def test_unknown_disposition_is_reported_for_review_and_moves_no_stock(srv, client):
    before = srv.inventory("BOTTLE-STEEL-750")
    srv.add_return("302-1000012-2000012", disposition="WAREHOUSE_DAMAGED",
                   comments="Dented\tlid\nsadly")
    assert srv.inventory("BOTTLE-STEEL-750")["unfulfillable"] == before["unfulfillable"]
    line = next(r for r in returns_report(client).returns if r.order_ref.endswith("12"))
    assert (line.sellable, line.needs_review, line.comments) == (False, True, "Dented lid sadly")


def test_damaged_returns_are_reimbursed(srv, client):
    srv.add_return("302-1000005-2000005", disposition="CARRIER_DAMAGED",
                   reason="DAMAGED_BY_CARRIER", license_plate="LPNTEST0001")
    line = next(r for r in returns_report(client).returns if r.license_plate == "LPNTEST0001")
    assert (line.status, line.reason, line.sellable) == ("Reimbursed", "DAMAGED_BY_CARRIER",
                                                        False)


@pytest.mark.parametrize("order_id, kwargs", [
    ("302-1000004-2000004", {}),                         # merchant-fulfilled
    ("171-1000019-2000019", {}),                         # FBA, still pending
    ("302-1000006-2000006", {"quantity": 2}),           # one of two units already back
    ("302-1000012-2000012", {"sku": "MUG-CERAMIC-350"}),
    ("302-9999999-9999999", {}),
])
def test_returns_refuse_what_amazon_could_not_receive(srv, order_id, kwargs):
    with pytest.raises(ValueError):
        srv.add_return(order_id, **kwargs)


def test_fba_control_routes_drive_the_sandbox(srv):
    def post(path, **body):
        return httpx.post(f"{srv.url}/_sandbox/{path}", json=body)
    assert post("inventory", sku="LAMP-DESK-LED", fulfillable=2).status_code == 201
    assert srv.inventory("LAMP-DESK-LED")["fulfillable"] == 2
    assert post("inventory", sku="LAMP-DESK-LED", fulfillable=-2).status_code == 400
    assert post("fba-skus", count=3, marketplace="FR").json()["result"][-1] == "FBA-BULK-00003"
    plate = post("fba-returns", order_id="302-1000012-2000012", disposition="DEFECTIVE").json()
    assert plate["result"].startswith("LPN")
    assert post("fba-returns", order_id="302-1000004-2000004").status_code == 400
