"""The settlement flat file (V2) parser and its classifier, on hand-written files."""
from datetime import datetime
from decimal import Decimal

import pytest

from sale_amazon_sync.spapi.reports import parse_report_date
from sale_amazon_sync.spapi.settlements import (
    Classification,
    SettlementReportError,
    classify,
    parse_amount,
    parse_settlement_report,
)

COLUMNS = tuple("""settlement-id settlement-start-date settlement-end-date deposit-date
    total-amount currency transaction-type order-id merchant-order-id adjustment-id
    shipment-id marketplace-name amount-type amount-description amount fulfillment-id
    posted-date posted-date-time order-item-code merchant-order-item-id
    merchant-adjustment-item-id sku quantity-purchased promotion-id""".split())
SUMMARY = {"settlement-id": "40871236651", "settlement-start-date": "02.11.2026 00:00:00 UTC",
           "settlement-end-date": "16.11.2026 00:00:00 UTC",
           "deposit-date": "18.11.2026 00:00:00 UTC", "total-amount": "1.025,10",
           "currency": "EUR"}
SALE = {"transaction-type": "Order", "order-id": "305-7714420-9901186", "shipment-id": "Sx41",
        "marketplace-name": "Amazon.de", "amount-type": "ItemPrice",
        "amount-description": "Principal", "amount": "1.107,00", "fulfillment-id": "AFN",
        "posted-date": "05.11.2026", "posted-date-time": "05.11.2026 13:20:05 UTC",
        "order-item-code": "40012345678901", "sku": "KETTLE-INOX", "quantity-purchased": "3",
        "promotion-id": ""}
FEE = dict(SALE, **{"amount-type": "ItemFees", "amount-description": "Commission",
                    "amount": "-81,90"})


def tsv(rows, columns=COLUMNS):
    """A settlement file: the header, then one line per dict (missing cells empty)."""
    lines = ["\t".join(columns)]
    lines += ["\t".join(row.get(column, "") for column in columns) for row in rows]
    return "\n".join(lines) + "\n"


def detail(**cells):
    return {"settlement-id": SUMMARY["settlement-id"], **SALE,
            **{key.replace("_", "-"): value for key, value in cells.items()}}


def german_file():
    return tsv([SUMMARY, detail(), {**FEE, "settlement-id": SUMMARY["settlement-id"]}])


def test_german_file_gives_the_summary_and_typed_lines():
    settlement = parse_settlement_report(german_file())
    assert (settlement.settlement_id, settlement.currency) == ("40871236651", "EUR")
    assert (settlement.start, settlement.end, settlement.deposit_date) == (
        datetime(2026, 11, 2), datetime(2026, 11, 16), datetime(2026, 11, 18))
    assert settlement.total == Decimal("1025.10")
    sale, fee = settlement.lines
    assert (sale.line, sale.amount, sale.quantity, sale.sku) == (3, Decimal("1107.00"), 3,
                                                                 "KETTLE-INOX")
    assert sale.posted_date == datetime(2026, 11, 5, 13, 20, 5)
    assert (sale.order_item_code, sale.fulfillment_id, sale.promotion_id) == (
        "40012345678901", "AFN", "")
    assert fee.amount == Decimal("-81.90")


def test_us_file_with_dot_decimals_and_iso_offsets():
    summary = dict(SUMMARY, **{"settlement-start-date": "2026-11-01T00:00:00-08:00",
                               "settlement-end-date": "2026-11-15 08:00:00 UTC",
                               "total-amount": "1,234.56", "currency": "USD"})
    line = detail(amount="1,234.56", posted_date="11/03/26", posted_date_time="")
    settlement = parse_settlement_report(tsv([summary, line]))
    assert settlement.start == datetime(2026, 11, 1, 8)
    assert settlement.total == settlement.lines[0].amount == Decimal("1234.56")
    assert settlement.lines[0].posted_date == datetime(2026, 11, 3)


def test_columns_are_found_by_header_name_in_any_order():
    shuffled = tuple(reversed(COLUMNS))
    rows = [SUMMARY, detail(), {**FEE, "settlement-id": "40871236651"}]
    parsed = parse_settlement_report(tsv(rows, shuffled))
    assert parsed == parse_settlement_report(german_file())


def test_unknown_extra_columns_and_a_missing_promotion_column_are_tolerated():
    columns = COLUMNS[:-1] + ("x-new-column",)
    rows = [SUMMARY, dict(detail(), **{"x-new-column": "whatever"}),
            {**FEE, "settlement-id": "40871236651"}]
    settlement = parse_settlement_report(tsv(rows, columns))
    assert settlement.lines[0].promotion_id == "" and len(settlement.lines) == 2


def test_byte_order_mark_windows_line_ends_and_blank_lines_are_tolerated():
    text = "\ufeff" + german_file().replace("\n", "\r\n") + "\r\n\r\n"
    assert parse_settlement_report(text).total == Decimal("1025.10")


@pytest.mark.parametrize("text, decimal, expected", [
    ("95,00", None, "95.00"), ("1.234,56", None, "1234.56"), ("1,234.56", None, "1234.56"),
    ("-3,50", None, "-3.50"), ("12.5", None, "12.5"), ("0", None, "0"), ("1,234", None, "1234"),
    ("1.234", ",", "1234"), ("1 234,56", None, "1234.56"), ("+7.10", ".", "7.10"),
    ("-1.234.567,89", ",", "-1234567.89"),
])
def test_local_number_formats(text, decimal, expected):
    assert parse_amount(text, decimal) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "12,3x", "1.23,45", "--5", "1,2,3.4.5", "EUR 5"])
def test_malformed_numbers_are_refused(text):
    with pytest.raises(ValueError):
        parse_amount(text)


@pytest.mark.parametrize("text, expected", [
    ("2026-11-15 08:00:00 UTC", datetime(2026, 11, 15, 8)),
    ("15.11.2026 08:00:00 UTC", datetime(2026, 11, 15, 8)),
    ("15/11/2026 08:00:00 GMT", datetime(2026, 11, 15, 8)),
    ("2026-11-15T08:00:00+01:00", datetime(2026, 11, 15, 7)),
    ("2026-11-15T08:00:00Z", datetime(2026, 11, 15, 8)),
    ("15.11.2026", datetime(2026, 11, 15)), ("11/15/26", datetime(2026, 11, 15)),
    ("2026-11-15", datetime(2026, 11, 15)),
])
def test_report_date_formats_become_naive_utc(text, expected):
    assert parse_report_date(text) == expected


def test_malformed_amount_names_line_and_column_but_not_the_value():
    text = tsv([SUMMARY, detail(amount="12,3x€")])
    with pytest.raises(SettlementReportError) as error:
        parse_settlement_report(text)
    assert (error.value.line, error.value.column) == (3, "amount")
    assert "12,3x" not in str(error.value) and "Line 3" in str(error.value)


@pytest.mark.parametrize("column, value", [("posted-date-time", "soon"),
                                           ("quantity-purchased", "two"),
                                           ("settlement-id", "99999999999")])
def test_malformed_detail_cell_names_line_and_column(column, value):
    with pytest.raises(SettlementReportError) as error:
        parse_settlement_report(tsv([SUMMARY, detail(**{column.replace("-", "_"): value})]))
    assert (error.value.line, error.value.column) == (3, column)


@pytest.mark.parametrize("change", [{"currency": ""}, {"settlement-end-date": "16-Nov"}])
def test_malformed_summary_is_refused(change):
    with pytest.raises(SettlementReportError) as error:
        parse_settlement_report(tsv([dict(SUMMARY, **change), detail()]))
    assert error.value.line == 2


def test_missing_required_column_is_named():
    columns = tuple(c for c in COLUMNS if c != "amount-description")
    with pytest.raises(SettlementReportError, match="amount-description"):
        parse_settlement_report(tsv([SUMMARY, detail()], columns))


def test_line_with_more_fields_than_the_header_is_refused():
    text = german_file().rstrip("\n") + "\tstray\n"
    with pytest.raises(SettlementReportError) as error:
        parse_settlement_report(text)
    assert error.value.line == 4


@pytest.mark.parametrize("text", ["", "settlement-id\tamount\n", tsv([])])
def test_empty_or_headless_file_is_refused(text):
    with pytest.raises(SettlementReportError):
        parse_settlement_report(text)


def test_lines_not_adding_up_to_the_total_are_refused_with_both_figures():
    text = tsv([dict(SUMMARY, **{"total-amount": "1.025,11"}), detail(),
                {**FEE, "settlement-id": "40871236651"}])
    with pytest.raises(SettlementReportError, match=r"sum to 1025\.10 EUR .* is 1025\.11"):
        parse_settlement_report(text)


def test_mixed_decimal_separators_are_refused():
    with pytest.raises(SettlementReportError, match="decimal"):
        parse_settlement_report(tsv([SUMMARY, detail(amount="1107.00"),
                                     {**FEE, "settlement-id": "40871236651"}]))


# -- classification ------------------------------------------------------------------------

@pytest.mark.parametrize("transaction_type, amount_type, description, kind, fee_type", [
    ("Order", "ItemPrice", "Principal", "order", None),
    ("Order", "ItemPrice", "Shipping", "order", None),
    ("Order", "ItemPrice", "GiftWrap", "order", None),
    ("Order", "ItemPrice", "Tax", "order", None),
    ("Order", "Promotion", "Shipping", "order", None),
    ("Refund", "ItemPrice", "Principal", "refund", None),
    ("Chargeback Refund", "ItemPrice", "ShippingTax", "refund", None),
    ("Order", "ItemFees", "Commission", "fee", "referral"),
    ("Refund", "ItemFees", "RefundCommission", "fee", "referral"),
    ("Order", "ItemFees", "FBAPerUnitFulfillmentFee", "fee", "fba_fulfilment"),
    ("Order", "ItemFees", "FBAWeightBasedFee", "fee", "fba_fulfilment"),
    ("other-transaction", "other-transaction", "Storage Fee", "fee", "storage"),
    ("other-transaction", "other-transaction", "Subscription Fee", "fee", "subscription"),
    ("ServiceFee", "Cost of Advertising", "TransactionTotalAmount", "fee", "advertising"),
    ("other-transaction", "FBA Inventory Reimbursement", "WAREHOUSE_DAMAGE",
     "reimbursement", None),
    ("Order", "ItemWithheldTax", "MarketplaceFacilitatorTax-Principal", "tax_withheld", None),
    ("Order", "ItemPrice", "MarketplaceFacilitatorVAT-Shipping", "tax_withheld", None),
    ("other-transaction", "other-transaction", "Current Reserve Amount", "reserve", None),
    ("other-transaction", "other-transaction", "Payable to Amazon", "transfer", None),
])
def test_each_known_amount_has_its_kind(transaction_type, amount_type, description, kind,
                                        fee_type):
    assert classify(transaction_type, amount_type, description) == Classification(kind, fee_type)


def test_matching_ignores_case_spaces_and_punctuation():
    assert classify("order", "item fees", "commission") == Classification("fee", "referral")
    assert classify("other-transaction", "x", "StorageFee") == Classification("fee", "storage")


@pytest.mark.parametrize("amount_type, description, expected", [
    ("ItemFees", "BrandNewFee2027", Classification("fee", "other_fee", known=False)),
    ("ShipmentFees", "", Classification("fee", "other_fee", known=False)),
    ("ItemPrice", "Goodwill", Classification("other", known=False)),
    ("Mystery", "Thing", Classification("other", known=False)),
])
def test_unknown_amounts_are_flagged_for_mapping(amount_type, description, expected):
    assert classify("Order", amount_type, description) == expected


def test_lines_carry_their_classification():
    sale, fee = parse_settlement_report(german_file()).lines
    assert sale.classification.kind == "order" and fee.classification.fee_type == "referral"
