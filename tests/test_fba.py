"""FBA inventory summaries and the customer returns report, parsed from hand-written data."""
from datetime import datetime

import pytest

from sale_amazon_sync.spapi.fba import (
    InventorySummaryError,
    parse_inventory_summary,
    parse_returns_report,
)
from sale_amazon_sync.spapi.reports import ReportFormatError

DETAILED = {
    "asin": "B0KETTLE01", "fnSku": "X00KETTLE1", "sellerSku": "KETTLE-INOX",
    "condition": "NewItem", "productName": "Wasserkocher 1,7 l", "totalQuantity": 61,
    "lastUpdatedTime": "2026-11-14T09:30:00Z",
    "inventoryDetails": {
        "fulfillableQuantity": 40, "inboundWorkingQuantity": 5, "inboundShippedQuantity": 6,
        "inboundReceivingQuantity": 2,
        "reservedQuantity": {"totalReservedQuantity": 3, "pendingCustomerOrderQuantity": 2},
        "researchingQuantity": {"totalResearchingQuantity": 1,
                                "researchingQuantityBreakdown": []},
        "unfulfillableQuantity": {"totalUnfulfillableQuantity": 4, "defectiveQuantity": 4},
    },
}


def test_detailed_summary_sums_inbound_and_takes_the_totals():
    summary = parse_inventory_summary(DETAILED)
    assert (summary.sku, summary.asin, summary.fnsku, summary.condition) == (
        "KETTLE-INOX", "B0KETTLE01", "X00KETTLE1", "NewItem")
    assert (summary.fulfillable, summary.inbound, summary.reserved, summary.unfulfillable,
            summary.researching, summary.total) == (40, 13, 3, 4, 1, 61)
    assert summary.last_updated == datetime(2026, 11, 14, 9, 30)


def test_summary_without_details_has_unknown_quantities_not_zero():
    summary = parse_inventory_summary({"sellerSku": "KETTLE-INOX", "totalQuantity": 61})
    assert summary.fulfillable is summary.inbound is summary.reserved is None
    assert summary.total == 61 and summary.asin == ""


def test_partial_details_and_empty_strings_count_zero():
    summary = parse_inventory_summary({
        "sellerSku": "KETTLE-INOX", "lastUpdatedTime": "", "fnSku": None,
        "inventoryDetails": {"fulfillableQuantity": "7", "inboundShippedQuantity": "",
                             "reservedQuantity": None}})
    assert (summary.fulfillable, summary.inbound, summary.reserved, summary.researching) == (
        7, 0, 0, 0)
    assert summary.last_updated is None and summary.fnsku == ""


@pytest.mark.parametrize("summary", [
    {"asin": "B0KETTLE01"}, {"sellerSku": " "},
    {"sellerSku": "K", "inventoryDetails": {"fulfillableQuantity": -1}},
    {"sellerSku": "K", "inventoryDetails": {"fulfillableQuantity": "many"}},
    {"sellerSku": "K", "totalQuantity": True},
])
def test_summary_without_sku_or_with_a_bad_count_is_refused(summary):
    with pytest.raises(InventorySummaryError):
        parse_inventory_summary(summary)


# -- returns report ---------------------------------------------------------------------------

HEADER = ("return-date\torder-id\tsku\tasin\tfnsku\tproduct-name\tquantity\t"
          "fulfillment-center-id\tdetailed-disposition\treason\tstatus\tlicense-plate-number\t"
          "customer-comments")


def report(*lines, header=HEADER):
    return "\n".join((header,) + lines) + "\n"


GOOD = ("2026-11-10T07:45:12+00:00\t305-7714420-9901186\tKETTLE-INOX\tB0KETTLE01\tX00KETTLE1\t"
        "Wasserkocher\t1\tLEJ1\tSELLABLE\tUNWANTED_ITEM\tUnit returned to inventory\t"
        "LPNKT00000001\t")


def test_returns_report_gives_typed_returns():
    parsed = parse_returns_report(report(GOOD))
    assert parsed.errors == ()
    (line,) = parsed.returns
    assert (line.line, line.order_ref, line.sku, line.quantity, line.fulfillment_center) == (
        2, "305-7714420-9901186", "KETTLE-INOX", 1, "LEJ1")
    assert line.return_date == datetime(2026, 11, 10, 7, 45, 12)
    assert (line.disposition, line.reason, line.license_plate, line.comments) == (
        "SELLABLE", "UNWANTED_ITEM", "LPNKT00000001", "")
    assert line.sellable and not line.needs_review


@pytest.mark.parametrize("disposition, sellable, review", [
    ("SELLABLE", True, False), ("CUSTOMER_DAMAGED", False, False), ("DEFECTIVE", False, False),
    ("DISTRIBUTOR_DAMAGED", False, False), ("EXPIRED", False, False),
    ("CARRIER_DAMAGED", False, False), ("DAMAGED", False, False),
    ("Customer Damaged", False, False), ("WAREHOUSE_DAMAGED", False, True), ("", False, True),
])
def test_disposition_decides_sellable_and_unknown_ones_go_to_review(disposition, sellable,
                                                                    review):
    (line,) = parse_returns_report(report(GOOD.replace("SELLABLE", disposition))).returns
    assert (line.sellable, line.needs_review) == (sellable, review)


def test_amazon_order_id_header_and_any_column_order_are_read():
    columns = HEADER.replace("order-id", "amazon-order-id").split("\t")
    cells = dict(zip(columns, GOOD.split("\t"), strict=True))
    order = list(reversed(columns)) + ["brand-new-column"]
    text = report("\t".join([cells.get(c, "x") for c in order]), header="\t".join(order))
    (line,) = parse_returns_report(text).returns
    assert (line.order_ref, line.sku, line.disposition) == (
        "305-7714420-9901186", "KETTLE-INOX", "SELLABLE")


def test_short_lines_without_trailing_columns_are_read():
    (line,) = parse_returns_report(report("\t".join(GOOD.split("\t")[:10]))).returns
    assert line.status == line.license_plate == line.comments == ""


@pytest.mark.parametrize("date, expected", [("10-11-2026", datetime(2026, 11, 10)),
                                            ("10-Nov-2026", datetime(2026, 11, 10))])
def test_seller_central_dates_are_read(date, expected):
    (line,) = parse_returns_report(report(date + GOOD[GOOD.index("\t"):])).returns
    assert line.return_date == expected


@pytest.mark.parametrize("cell, value, column", [
    (0, "yesterday", "return-date"), (6, "0", "quantity"), (6, "one", "quantity"),
    (2, "", "sku"), (1, "", "order-id"),
])
def test_bad_line_is_reported_without_hiding_the_good_ones(cell, value, column):
    cells = GOOD.split("\t")
    cells[cell] = value
    parsed = parse_returns_report(report(GOOD, "\t".join(cells), GOOD))
    assert [line.line for line in parsed.returns] == [2, 4]
    (error,) = parsed.errors
    assert (error.line, error.column) == (3, column)


def test_line_longer_than_the_header_is_an_error_of_that_line():
    parsed = parse_returns_report(report(GOOD + "\tstray", GOOD))
    assert [e.line for e in parsed.errors] == [2] and len(parsed.returns) == 1


def test_header_without_needed_columns_is_refused():
    with pytest.raises(ReportFormatError, match="order-id or amazon-order-id"):
        parse_returns_report(report(GOOD, header=HEADER.replace("order-id", "order")))


def test_empty_report_has_no_returns():
    assert parse_returns_report(report()) == parse_returns_report(HEADER)
    assert parse_returns_report(HEADER).returns == ()
