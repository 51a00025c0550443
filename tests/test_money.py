"""Money through the client and the sandbox: listTransactions, the Reports API and
settlements, from the wire (parameters, pages, limits, faults) to the parsed file."""
import gzip
from decimal import Decimal

import httpx
import pytest
from common import DE, FR, GB, moment, naive, recent, statuses

from sale_amazon_sync import const
from sale_amazon_sync.sandbox import DEMO_SELLER_ID
from sale_amazon_sync.spapi import BadRequestError, ServerError, ThrottledError
from sale_amazon_sync.spapi.settlements import parse_settlement_report

SETTLEMENT = const.SETTLEMENT_REPORT_TYPE
TRANSACTIONS, REPORTS = "/finances/2024-06-19/transactions", "/reports/2021-06-30/reports"


@pytest.fixture(autouse=True)
def fresh(sandbox):
    """Every test starts from the seeded sandbox, with no cached token nor bucket."""


def transactions(api, days=20, **kwargs):
    return list(api.list_transactions(naive(days=days),
                                      naive(minutes=5), **kwargs))


def raw(http, path, **params):
    return http.get(path, params=params)


def settlement_text(api, settlement):
    report = api.get_report(settlement["reportId"])
    return api.get_report_document(report["reportDocumentId"])


# -- listTransactions ---------------------------------------------------------------------------

def test_list_transactions_sends_only_the_documented_parameters(srv, client):
    transactions(client())
    transactions(client(), marketplace_id=FR)
    first, second = (call["query"] for call in srv.calls("listTransactions"))
    assert set(first) == {"postedAfter", "postedBefore"}
    assert set(second) == {"postedAfter", "postedBefore", "marketplaceId"}
    assert second["marketplaceId"] == [FR] and first["postedAfter"][0].endswith("Z")


def test_list_transactions_pages_repeat_the_arguments_with_the_token(srv, client):
    srv.set_page_size("listTransactions", 4)
    found = transactions(client())
    calls = srv.calls("listTransactions")
    assert len(found) == len({t["transactionId"] for t in found}) == 15
    assert len(calls) == 4 and "nextToken" not in calls[0]["query"]
    for call in calls[1:]:
        assert {k: v for k, v in call["query"].items() if k != "nextToken"} == calls[0]["query"]


def test_list_transactions_goes_on_through_empty_pages(srv, client):
    srv.return_empty_pages(2)
    assert len(transactions(client())) == 15
    assert len(srv.calls("listTransactions")) == 3


def test_list_transactions_refuses_a_window_amazon_would_answer_empty(srv, client):
    with pytest.raises(ValueError):
        client().list_transactions(naive(days=181), naive())
    assert not srv.calls("listTransactions")


def test_list_transactions_filters_by_marketplace(client):
    found = transactions(client(), marketplace_id=GB)
    assert found and {t["marketplaceDetails"]["marketplaceId"] for t in found} == {GB}


def test_transactions_carry_the_money_of_the_settlement(srv, client):
    de = next(s for s in srv.state.settlements.values() if s["marketplace_id"] == DE)
    found = [t for t in transactions(client(), marketplace_id=DE)
             if {"relatedIdentifierName": "SETTLEMENT_ID",
                 "relatedIdentifierValue": de["settlementId"]} in t["relatedIdentifiers"]]
    total = sum(Decimal(str(t["totalAmount"]["currencyAmount"])) for t in found)
    assert total == de["total"] and len(found) == len(de["events"])
    kinds = {t["transactionType"] for t in found}
    assert kinds == {"Shipment", "Refund", "ServiceFee", "ProductAdsPayment", "Adjustment"}


def test_refund_transaction_names_its_order_and_refund(srv, client):
    refund_id = srv.refund("302-1000012-2000012", {"BOTTLE-STEEL-750": 1},
                           when=moment(minutes=10))
    (refund,) = [t for t in transactions(client()) if {"relatedIdentifierName": "REFUND_ID",
                 "relatedIdentifierValue": refund_id} in t["relatedIdentifiers"]]
    names = {i["relatedIdentifierName"]: i["relatedIdentifierValue"]
             for i in refund["relatedIdentifiers"]}
    assert names["ORDER_ID"] == "302-1000012-2000012" and "SETTLEMENT_ID" not in names
    (item,) = refund["items"]
    leaves = {leaf["breakdownType"]: leaf["breakdownAmount"]["currencyAmount"]
              for group in item["breakdowns"] for leaf in group["breakdowns"]}
    assert leaves["Principal"] < 0 < leaves["Commission"] and leaves["RefundCommission"] < 0
    assert item["contexts"][0]["quantityShipped"] == 1


def test_list_transactions_throttled_waits_its_two_seconds_and_retries(srv, client, sleeps):
    srv.inject("429", "listTransactions")
    assert len(transactions(client())) == 15
    assert statuses(srv, "listTransactions") == [429, 200]
    assert sleeps == [pytest.approx(2.0, abs=0.05)]


@pytest.mark.parametrize("operation", ["listTransactions", "getReports", "getReport",
                                       "getReportDocument", "downloadDocument"])
def test_server_faults_of_money_operations_are_retried(srv, client, operation):
    srv.inject("500", operation)
    api = client()
    assert len(transactions(api)) == 15
    report = next(api.get_reports([SETTLEMENT]))
    text = api.get_report_document(api.get_report(report["reportId"])["reportDocumentId"])
    assert parse_settlement_report(text).settlement_id
    assert statuses(srv, operation)[:2] == [500, 200]


@pytest.mark.parametrize("params, message", [
    ({"postedBefore": recent(days=1)}, "Start date cannot be null"),
    ({"postedAfter": recent(days=1), "MarketplaceIds": DE}, "Unknown parameters"),
    ({"postedAfter": recent(days=1), "postedBefore": recent(seconds=30)}, "two minutes"),
    ({"postedAfter": recent(days=1), "postedBefore": recent(days=2)}, "later than"),
    ({"relatedIdentifierName": "SHIPMENT_ID", "relatedIdentifierValue": "x"}, "one of"),
    ({"postedAfter": recent(days=1), "transactionStatus": "PENDING"}, "transactionStatus"),
])
def test_sandbox_validates_list_transactions_like_the_model(srv, seller_http, params, message):
    response = raw(seller_http, TRANSACTIONS, **params)
    assert response.status_code == 400 and message in response.json()["errors"][0]["message"]


def test_sandbox_filters_transactions_by_order_without_dates(srv, seller_http):
    body = raw(seller_http, TRANSACTIONS, relatedIdentifierName="ORDER_ID",
               relatedIdentifierValue="302-1000006-2000006").json()["payload"]
    assert [t["transactionType"] for t in body["transactions"]] == ["Shipment", "Refund"]


@pytest.mark.parametrize("params", [
    {"postedAfter": recent(days=200)},
    {"postedAfter": recent(days=20), "transactionStatus": "DEFERRED"}])
def test_sandbox_answers_nothing_over_180_days_or_for_deferred(srv, seller_http, params):
    body = raw(seller_http, TRANSACTIONS, **params).json()["payload"]
    assert body == {"transactions": []}


def test_sandbox_refuses_a_next_token_with_other_arguments(srv, seller_http):
    srv.set_page_size("listTransactions", 2)
    first = raw(seller_http, TRANSACTIONS, postedAfter=recent(days=20)).json()
    token = first["payload"]["nextToken"]
    other = raw(seller_http, TRANSACTIONS, postedAfter=recent(days=19),
                nextToken=token)
    assert other.status_code == 400


def test_sandbox_limits_list_transactions_to_its_burst(srv, seller_http):
    answers = [raw(seller_http, TRANSACTIONS, postedAfter=recent(days=1))
               for _ in range(11)]
    assert [a.status_code for a in answers] == [200] * 10 + [429]
    assert answers[0].headers["x-amzn-RateLimit-Limit"] == "0.5"


# -- Reports API ----------------------------------------------------------------------------------

def test_get_reports_sends_no_marketplace_and_the_token_alone(srv, client, monkeypatch):
    monkeypatch.setattr(const, "REPORTS_PAGE_SIZE", 2)
    found = list(client().get_reports([SETTLEMENT]))
    assert len(found) == 3 and {r["reportType"] for r in found} == {SETTLEMENT}
    first, second = (call["query"] for call in srv.calls("getReports"))
    assert set(first) == {"reportTypes", "processingStatuses", "pageSize"}
    assert set(second) == {"nextToken"}


def test_get_reports_are_newest_first_and_filtered(srv, client):
    report_id = srv.add_report("GET_FBA_MYI_UNSUPPRESSED_INVENTORY_DATA", "sku\n")
    found = list(client().get_reports(["GET_FBA_MYI_UNSUPPRESSED_INVENTORY_DATA", SETTLEMENT],
                                      created_since=naive(hours=1)))
    assert found[0]["reportId"] == report_id and len(found) == 4


@pytest.mark.parametrize("params", [
    {}, {"reportTypes": ",".join(["T"] * 11)}, {"reportTypes": SETTLEMENT, "pageSize": "101"},
    {"reportTypes": SETTLEMENT, "processingStatuses": "READY"},
    {"reportTypes": SETTLEMENT, "marketplaceIds": "XX"},
    {"reportTypes": SETTLEMENT, "MarketplaceId": DE},
])
def test_sandbox_validates_get_reports(srv, seller_http, params):
    assert raw(seller_http, REPORTS, **params).status_code == 400


def test_sandbox_refuses_a_get_reports_token_with_other_parameters(srv, seller_http):
    first = raw(seller_http, REPORTS, reportTypes=SETTLEMENT, pageSize="1").json()
    again = raw(seller_http, REPORTS, nextToken=first["nextToken"],
                reportTypes=SETTLEMENT)
    assert again.status_code == 400


def test_settlement_reports_cannot_be_requested(srv, client):
    with pytest.raises(BadRequestError, match="cannot be requested"):
        client().create_report(SETTLEMENT, [DE])


def test_created_report_advances_per_poll(srv, client):
    api = client()
    report_id = api.create_report("GET_SANDBOX_UNKNOWN_REPORT", [DE],
                                  naive(days=7), naive())
    body = srv.calls("createReport")[0]["body"]
    assert set(body) == {"reportType", "marketplaceIds", "dataStartTime", "dataEndTime"}
    seen = [api.get_report(report_id)["processingStatus"] for _ in range(3)]
    assert seen == ["IN_PROGRESS", "FATAL", "FATAL"]
    assert not srv.calls("getReport")[0]["query"]


@pytest.mark.parametrize("body", [
    {"marketplaceIds": [DE]}, {"reportType": "X", "marketplaceIds": []},
    {"reportType": "X", "marketplaceIds": ["DE"]},
    {"reportType": "X", "marketplaceIds": [DE], "dataStartTime": "2999-01-01T00:00:00Z"},
    {"reportType": "X", "marketplaceIds": [DE], "dataStartTime": recent(days=1),
     "dataEndTime": recent(days=2)},
])
def test_sandbox_validates_create_report(srv, seller_http, body):
    assert seller_http.post(REPORTS, json=body).status_code == 400


def test_report_of_another_seller_is_not_found(srv, client):
    srv.add_seller("A3OTHERSELLER01", [DE])
    other = srv.add_report(SETTLEMENT, "x", seller_id="A3OTHERSELLER01")
    with pytest.raises(BadRequestError) as error:
        client().get_report(other)
    assert error.value.status == 404


def test_gzipped_report_document_is_uncompressed(srv, client):
    report_id = srv.add_report(SETTLEMENT, "Grüße\tß\n", compression="GZIP")
    api = client()
    document_id = api.get_report(report_id)["reportDocumentId"]
    assert api.get_report_document(document_id) == "Grüße\tß\n"
    stored = srv.state.documents[document_id]["content"]
    assert gzip.decompress(stored) == "Grüße\tß\n".encode()


def test_report_document_not_in_utf8_is_read_as_cp1252(srv, client):
    report_id = srv.add_report(SETTLEMENT, "Müller – 12,50 €\n", encoding="cp1252")
    api = client()
    document_id = api.get_report(report_id)["reportDocumentId"]
    assert api.get_report_document(document_id) == "Müller – 12,50 €\n"


def test_report_document_in_no_known_encoding_is_a_server_error(srv, client):
    report_id = srv.add_report(SETTLEMENT, b"\xff\x81\x8d")
    api = client()
    with pytest.raises(ServerError, match="encoding"):
        api.get_report_document(api.get_report(report_id)["reportDocumentId"])


def test_report_document_url_can_announce_its_gzip_encoding(srv, seller_http, client):
    report_id = srv.add_report(SETTLEMENT, "a\tb\n", compression="GZIP")
    document_id = client().get_report(report_id)["reportDocumentId"]
    answer = raw(seller_http, f"/reports/2021-06-30/documents/{document_id}",
                 enableContentEncodingUrlHeader="true").json()
    assert answer["compressionAlgorithm"] == "GZIP"
    assert httpx.get(answer["url"]).text == "a\tb\n"  # httpx decodes Content-Encoding


def test_get_reports_beyond_its_burst_stops_before_calling(srv, client):
    api = client()
    for _ in range(10):
        list(api.get_reports([SETTLEMENT]))
    with pytest.raises(ThrottledError) as error:
        list(api.get_reports([SETTLEMENT]))
    assert error.value.retry_after == pytest.approx(1 / 0.0222, rel=0.05)
    assert statuses(srv, "getReports") == [200] * 10


def test_throttled_create_report_hands_back_its_minute(srv, client, sleeps):
    srv.inject("429", "createReport")
    with pytest.raises(ThrottledError) as error:
        client().create_report("GET_SANDBOX_UNKNOWN_REPORT", [DE])
    assert error.value.retry_after == pytest.approx(1 / 0.0167, rel=0.01) and not sleeps


def test_throttled_get_report_waits_half_a_second(srv, client, sleeps):
    report_id = next(iter(srv.state.reports))
    srv.inject("429", "getReport")
    assert client().get_report(report_id)["processingStatus"] == "DONE"
    assert sleeps == [pytest.approx(0.5, abs=0.01)]


# -- settlements ----------------------------------------------------------------------------------

def test_seeded_settlements_are_local_and_add_up(srv, client):
    api = client()
    texts = {s["marketplace_id"]: settlement_text(api, s) for s in srv.state.settlements.values()}
    assert "-39,00" in texts[DE] and "-39.00" not in texts[DE]
    assert ".2026 " in texts[FR] and "/2026 " in texts[GB]
    for marketplace, text in texts.items():
        parsed = parse_settlement_report(text)
        expected = next(s for s in srv.state.settlements.values()
                        if s["marketplace_id"] == marketplace)
        assert parsed.total == expected["total"] and parsed.settlement_id == \
            expected["settlementId"]


def test_seeded_german_settlement_has_every_kind_of_money(srv, client):
    de = next(s for s in srv.state.settlements.values() if s["marketplace_id"] == DE)
    lines = parse_settlement_report(settlement_text(client(), de)).lines
    kinds = {(line.classification.kind, line.classification.fee_type) for line in lines}
    assert kinds == {("order", None), ("refund", None), ("reimbursement", None),
                     ("fee", "referral"), ("fee", "fba_fulfilment"), ("fee", "subscription"),
                     ("fee", "storage"), ("fee", "advertising")}
    assert all(line.classification.known for line in lines)
    fba = [line for line in lines if line.amount_description == "FBAPerUnitFulfillmentFee"]
    assert fba and {line.fulfillment_id for line in fba} == {"AFN"}


def test_refund_with_shipping_lands_in_the_next_settlement(srv, client):
    refund_id = srv.refund("302-1000004-2000004", shipping=True)
    settlement = srv.settle("DE", end=moment(seconds=-1))
    lines = parse_settlement_report(settlement_text(client(), settlement)).lines
    assert {line.adjustment_id for line in lines} == {refund_id}
    amounts = {line.amount_description: line.amount for line in lines}
    assert amounts["Principal"] == Decimal("-14.71") and amounts["Shipping"] == Decimal("-4.19")
    assert amounts["Commission"] == Decimal("3.37") and amounts["RefundCommission"] == \
        Decimal("-0.67")
    assert sum(amounts.values()) == Decimal(settlement["total"])


@pytest.mark.parametrize("order_id, items", [
    ("302-1000001-2000001", None), ("302-1000006-2000006", {"POWERBANK-10K": 2}),
    ("302-1000006-2000006", {"MUG-CERAMIC-350": 1}), ("999-0000000-0000000", None)])
def test_refund_refuses_what_amazon_would_not_refund(srv, order_id, items):
    with pytest.raises(ValueError):
        srv.refund(order_id, items)


def test_us_settlement_withholds_facilitator_tax_in_us_formats(srv, client):
    from sale_amazon_sync.sandbox import build_order
    srv.set_participations(DEMO_SELLER_ID, ["DE", "US"])
    srv.add_order(build_order(marketplace="US", status="SHIPPED", items=[
        {"sku": "MUG-CERAMIC-350", "qty": 100, "unit_price": "12.90", "tax": "103.20"}]))
    settlement = srv.settle("US", end=moment(seconds=-1))
    text = settlement_text(client(), settlement)
    assert "\t1,290.00\t" in text and " UTC\t" in text and "/26\t" in text  # MM/DD/YY
    lines = parse_settlement_report(text).lines
    withheld = [line.amount for line in lines if line.classification.kind == "tax_withheld"]
    assert withheld == [Decimal("-103.20")]


def test_a_settlement_of_600_orders_parses_and_adds_up(srv, client):
    srv.generate_orders(600, "DE", "AMAZON")
    settlement = srv.settle("DE")
    parsed = parse_settlement_report(settlement_text(client(), settlement))
    assert len({line.order_id for line in parsed.lines}) == 600
    assert parsed.total == Decimal(settlement["total"]) > 10000


def test_money_control_routes_drive_the_sandbox(srv):
    def post(path, **body):
        return httpx.post(f"{srv.url}/_sandbox/{path}", json=body)
    assert post("charges", kind="storage", amount="1.50").status_code == 201
    assert post("charges", kind="lottery", amount="1").status_code == 400
    assert post("refunds", order_id="302-1000012-2000012").status_code == 201
    created = post("settlements", marketplace="DE").json()
    assert Decimal(created["total"]) < 0 and srv.settlement(created["settlementId"])
    report = post("reports", report_type=SETTLEMENT, content="x\n", compression="GZIP").json()
    assert srv.state.reports[report["result"]]["processingStatus"] == "DONE"
    assert len(post("orders/generate", count=3).json()["result"]) == 3
    assert post("page-sizes", operation="listTransactions", size=0).status_code == 400
    assert post("empty-pages", count=1).status_code == 201


def _settled_lines(srv, client, marketplace="DE", **item):
    from sale_amazon_sync.sandbox import build_order
    srv.add_order(build_order(marketplace=marketplace, status="SHIPPED",
                              items=[dict({"sku": "MUG-CERAMIC-350"}, **item)]))
    settlement = srv.settle(marketplace, end=moment(seconds=-1))
    parsed = parse_settlement_report(settlement_text(client(), settlement))
    return {(line.amount_type, line.amount_description): line.amount for line in parsed.lines
            if line.classification.kind != "fee"}


def test_settlement_withholds_the_tax_of_items_amazon_collects_outside_the_us(srv, client):
    lines = _settled_lines(srv, client, unit_price="11.90", facilitator=True)
    withheld = lines["ItemWithheldTax", "MarketplaceFacilitatorTax-Principal"]
    assert withheld == -lines["ItemPrice", "Tax"] == Decimal("-1.90")


def test_settlement_withholds_nothing_for_a_us_item_the_seller_collects(srv, client):
    srv.set_participations(DEMO_SELLER_ID, ["DE", "US"])
    lines = _settled_lines(srv, client, "US", unit_price="10.00", facilitator=False)
    assert lines and not any(kind == "ItemWithheldTax" for kind, _ in lines)


def test_settlement_carries_cod_and_other_charges(srv, client):
    lines = _settled_lines(srv, client, unit_price="11.90", cod_fee="2.38",
                           other_charge="1.19")
    charged = {description: amount for (_, description), amount in lines.items()}
    assert charged["CODItemCharge"] + charged["CODItemTaxCharge"] == Decimal("2.38")
    assert charged["OtherCharge"] + charged["OtherChargeTax"] == Decimal("1.19")


@pytest.mark.parametrize("shape", [{"tax_detail": False}, {"positive_discounts": True}])
def test_settlement_reads_every_shape_of_proceeds_as_the_order_shows_them(srv, client, shape):
    lines = _settled_lines(srv, client, unit_price="23.80", promotion_discount="2.38", **shape)
    assert sum(lines.values()) == Decimal("21.42")
    assert lines["ItemPrice", "Principal"] == Decimal("20.00")
    assert lines["Promotion", "Principal"] == Decimal("-2.00")
