"""JSON_LISTINGS_FEED documents for FBM quantities and their processing reports."""
import json

import pytest
from common import DE

from sale_amazon_sync import const
from sale_amazon_sync.sandbox import DEMO_SELLER_ID
from sale_amazon_sync.spapi.feeds import (
    FeedReportError,
    build_quantity_feeds,
    parse_processing_report,
)

SELLER = "A2SELLER0001"


def messages(document):
    return json.loads(document.content.decode("utf-8"))["messages"]


def report(issues, **summary):
    return json.dumps({"header": {"sellerId": SELLER, "version": "2.0", "feedId": "1"},
                       "issues": issues, "summary": summary})


def issue(message, message_id=None, severity="ERROR"):
    data = {"code": "90220", "severity": severity, "message": message}
    if message_id is not None:
        data["messageId"] = message_id
    return data


# Building ---------------------------------------------------------------------------------

def test_document_is_a_json_listings_feed_patching_the_default_channel():
    (document,) = build_quantity_feeds(SELLER, [("SKU-1", 4)])
    assert json.loads(document.content) == {
        "header": {"sellerId": SELLER, "version": "2.0", "issueLocale": "en_US"},
        "messages": [{"messageId": 1, "sku": "SKU-1", "operationType": "PATCH",
                      "productType": "PRODUCT", "patches": [{
                          "op": "merge", "path": "/attributes/fulfillment_availability",
                          "value": [{"fulfillment_channel_code": "DEFAULT", "quantity": 4}]}]}],
    }


def test_documents_split_at_the_message_limit():
    documents = build_quantity_feeds(SELLER, [(f"S{i}", i) for i in range(5)], max_messages=2)
    assert [len(messages(d)) for d in documents] == [2, 2, 1]


def test_message_ids_restart_at_one_in_each_document():
    documents = build_quantity_feeds(SELLER, [(f"S{i}", i) for i in range(5)], max_messages=2)
    assert [[m["messageId"] for m in messages(d)] for d in documents] == [[1, 2], [1, 2], [1]]


def test_skus_map_message_ids_of_their_own_document():
    documents = build_quantity_feeds(SELLER, [(f"S{i}", i) for i in range(3)], max_messages=2)
    assert [d.skus for d in documents] == [{1: "S0", 2: "S1"}, {1: "S2"}]


def test_non_ascii_sku_is_sent_as_utf8_bytes():
    (document,) = build_quantity_feeds(SELLER, [("MÜG-ÄÖ-ß", 1)])
    assert "MÜG-ÄÖ-ß".encode() in document.content
    assert messages(document)[0]["sku"] == "MÜG-ÄÖ-ß"


def test_negative_quantity_is_sent_as_zero():
    (document,) = build_quantity_feeds(SELLER, [("SKU-1", -3)])
    assert messages(document)[0]["patches"][0]["value"][0]["quantity"] == 0


def test_fractional_quantity_is_sent_as_whole_units():
    (document,) = build_quantity_feeds(SELLER, [("SKU-1", 2.9)])
    assert messages(document)[0]["patches"][0]["value"][0]["quantity"] == 2


def test_sku_given_twice_is_sent_once_with_its_last_quantity():
    (document,) = build_quantity_feeds(SELLER, [("SKU-1", 1), ("SKU-2", 5), ("SKU-1", 7)])
    assert [(m["sku"], m["patches"][0]["value"][0]["quantity"])
            for m in messages(document)] == [("SKU-1", 7), ("SKU-2", 5)]


def test_documents_split_to_stay_under_the_size_limit():
    quantities = [(f"SKU-{i:03d}-" + "X" * 30, i) for i in range(40)]
    single = len(build_quantity_feeds(SELLER, quantities)[0].content)
    documents = build_quantity_feeds(SELLER, quantities, max_bytes=single // 3)
    assert len(documents) >= 3
    assert all(len(d.content) <= single // 3 for d in documents)
    assert [m["sku"] for d in documents for m in messages(d)] == [s for s, _q in quantities]


def test_size_split_fills_each_document_up_to_the_limit():
    quantities = [(f"SKU-{i:03d}", 1) for i in range(50)]
    limit = 1000
    documents = build_quantity_feeds(SELLER, quantities, max_bytes=limit)
    for document, following in zip(documents, documents[1:], strict=False):
        with_next = [(sku, 1) for sku in document.skus.values()] + [(following.skus[1], 1)]
        assert len(build_quantity_feeds(SELLER, with_next)[0].content) > limit


def test_message_too_big_for_any_document_is_refused():
    with pytest.raises(ValueError):
        build_quantity_feeds(SELLER, [("X" * 500, 1)], max_bytes=300)


def test_no_quantities_make_no_documents():
    assert build_quantity_feeds(SELLER, []) == []


def test_default_limits_are_amazons():
    assert (const.MAX_FEED_MESSAGES, const.MAX_FEED_BYTES) == (25000, 10 * 1024 * 1024)


# Reading the report -----------------------------------------------------------------------

SKUS = {1: "SKU-A", 2: "SKU-B", 3: "SKU-C"}


def test_errors_are_reported_per_sku_and_the_others_are_accepted():
    result = parse_processing_report(report([issue("Bad quantity.", 2),
                                             issue("Also bad.", 2)]), SKUS)
    assert result.errors == {"SKU-B": ["Bad quantity.", "Also bad."]}
    assert result.accepted == ("SKU-A", "SKU-C")
    assert not result.rejected


def test_warnings_and_infos_are_ignored():
    result = parse_processing_report(report([issue("Heads up.", 1, "WARNING"),
                                             issue("FYI.", 3, "INFO")]), SKUS)
    assert result.errors == {}
    assert result.accepted == ("SKU-A", "SKU-B", "SKU-C")


def test_error_without_message_id_rejects_every_sku():
    result = parse_processing_report(report([issue("Feed rejected."), issue("Bad.", 1)]), SKUS)
    assert result.rejected
    assert result.accepted == ()
    assert result.errors == {"SKU-A": ["Bad.", "Feed rejected."],
                             "SKU-B": ["Feed rejected."], "SKU-C": ["Feed rejected."]}


def test_error_for_a_message_id_not_in_the_document_rejects_every_sku():
    result = parse_processing_report(report([issue("Who?", 9)]), SKUS)
    assert result.feed_errors == ("Message 9: Who?",)
    assert set(result.errors) == {"SKU-A", "SKU-B", "SKU-C"}


def test_report_that_is_not_json_is_an_error():
    with pytest.raises(FeedReportError, match="not JSON"):
        parse_processing_report("<html>Service Unavailable</html>", SKUS)


def test_report_without_issues_is_an_error():
    with pytest.raises(FeedReportError, match="issues"):
        parse_processing_report(json.dumps({"header": {}, "summary": {}}), SKUS)


def test_report_with_a_malformed_issue_is_an_error():
    with pytest.raises(FeedReportError, match="malformed issue"):
        parse_processing_report(report([{"severity": "ERROR"}]), SKUS)


def test_report_with_a_malformed_message_id_is_an_error():
    with pytest.raises(FeedReportError, match="messageId"):
        parse_processing_report(report([issue("Bad.", "1")]), SKUS)


# Against the sandbox ----------------------------------------------------------------------

def test_quantities_round_trip_through_the_sandbox(sandbox, client):
    sandbox.add_listing(DEMO_SELLER_ID, "MÜG-ÄÖ", DE, channels={"DEFAULT": 1})
    (document,) = build_quantity_feeds(DEMO_SELLER_ID, [("MÜG-ÄÖ", 7), ("NO-SUCH-SKU", 2)])
    with client() as api:
        feed_id = api.submit_feed(const.LISTINGS_FEED_TYPE, [DE], document.content)
        feed = api.get_feed(feed_id)
        while feed["processingStatus"] not in const.FEED_DONE_STATUSES:
            feed = api.get_feed(feed_id)
        text = api.get_feed_document(feed["resultFeedDocumentId"])
    result = parse_processing_report(text, document.skus)
    assert feed["processingStatus"] == "DONE"
    assert result.accepted == ("MÜG-ÄÖ",)
    assert list(result.errors) == ["NO-SUCH-SKU"]
    assert sandbox.listing(DEMO_SELLER_ID, "MÜG-ÄÖ")["channels"]["DEFAULT"] == 7
