"""FBA stock as Amazon reports it: inventory summaries and the customer returns report.

Pure functions, no Odoo and no I/O: the caller reads summaries with
``SpApiClient.get_inventory_summaries`` and the report text with ``get_report_document``.
Amazon omits quantities it has nothing to say about, and its sandbox once sent empty
strings for dates, so missing values are tolerated; what cannot be trusted is refused.
"""
from dataclasses import dataclass
from datetime import datetime

from .. import const
from .reports import ReportFormatError, parse_report_date, read_table
from .timestamps import parse_timestamp


class InventorySummaryError(ValueError):
    """An inventory summary without a SKU, or with a quantity that is not a count."""


@dataclass(frozen=True)
class InventorySummary:
    """One SKU's FBA stock in one marketplace. ``inbound`` adds working, shipped and
    receiving units. The five quantities are None when Amazon sent no inventoryDetails
    (unknown is not zero: do not empty a stock from it)."""
    sku: str
    asin: str
    fnsku: str
    condition: str
    product_name: str
    total: int
    fulfillable: int
    inbound: int
    reserved: int
    unfulfillable: int
    researching: int
    last_updated: datetime


@dataclass(frozen=True)
class CustomerReturn:
    """One line of the returns report. ``sellable`` follows the disposition (what the
    warehouse graded), not the customer's reason; ``needs_review`` marks a disposition
    that ``const.RETURN_DISPOSITIONS`` does not know (counted unfulfillable)."""
    line: int
    return_date: datetime
    order_ref: str
    sku: str
    asin: str
    fnsku: str
    product_name: str
    quantity: int
    fulfillment_center: str
    disposition: str
    reason: str
    status: str
    license_plate: str
    comments: str
    sellable: bool
    needs_review: bool


@dataclass(frozen=True)
class ReturnsReport:
    """The returns that could be read, and one ReportFormatError per line that could not:
    a bad line never hides the good ones."""
    returns: tuple
    errors: tuple


def parse_inventory_summary(summary):
    """The InventorySummary of one getInventorySummaries entry (a dict)."""
    sku = (summary.get("sellerSku") or "").strip()
    if not sku:
        raise InventorySummaryError("An inventory summary has no sellerSku.")
    details = summary.get("inventoryDetails")
    quantities = dict.fromkeys(("fulfillable", "inbound", "reserved", "unfulfillable",
                                "researching"))
    if isinstance(details, dict):
        quantities = _quantities(sku, details)
    return InventorySummary(
        sku=sku, asin=summary.get("asin") or "", fnsku=summary.get("fnSku") or "",
        condition=summary.get("condition") or "", product_name=summary.get("productName") or "",
        total=_count(sku, "totalQuantity", summary.get("totalQuantity")),
        last_updated=_last_updated(summary.get("lastUpdatedTime")), **quantities)


def _quantities(sku, details):
    """The five quantities of an inventoryDetails object, missing parts counting 0."""
    def nested(name, total):
        part = details.get(name)
        return _count(sku, total, part.get(total)) if isinstance(part, dict) else 0

    return {
        "fulfillable": _count(sku, "fulfillableQuantity", details.get("fulfillableQuantity")),
        "inbound": sum(_count(sku, name, details.get(name)) for name in (
            "inboundWorkingQuantity", "inboundShippedQuantity", "inboundReceivingQuantity")),
        "reserved": nested("reservedQuantity", "totalReservedQuantity"),
        "unfulfillable": nested("unfulfillableQuantity", "totalUnfulfillableQuantity"),
        "researching": nested("researchingQuantity", "totalResearchingQuantity"),
    }


def _count(sku, field, value):
    """A quantity: absent or "" is 0; a number or digit string is whole and not negative."""
    if value is None or value == "":
        return 0
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    raise InventorySummaryError(f"SKU {sku!r}: {field} is not a quantity.")


def _last_updated(value):
    """The summary's lastUpdatedTime as naive UTC, None when absent, empty or unreadable
    (a display hint, not worth losing the quantities over)."""
    try:
        return parse_timestamp(value) if value else None
    except ValueError:
        return None


# -- GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA ----------------------------------------------

_ORDER_COLUMNS = ("order-id", "amazon-order-id")
_REQUIRED = ("return-date", _ORDER_COLUMNS, "sku", "quantity", "detailed-disposition")
_TEXT_COLUMNS = {
    "sku": "sku", "asin": "asin", "fnsku": "fnsku", "product_name": "product-name",
    "fulfillment_center": "fulfillment-center-id", "reason": "reason", "status": "status",
    "license_plate": "license-plate-number", "comments": "customer-comments",
}


def parse_returns_report(text):
    """The ReturnsReport of a returns report (tab-separated, columns by header name).

    A header without the needed columns raises ReportFormatError: no line can be read.
    """
    returns, errors = [], []
    for row in read_table(text, _REQUIRED):
        try:
            returns.append(_return(row))
        except ReportFormatError as exc:
            errors.append(exc)
    return ReturnsReport(tuple(returns), tuple(errors))


def _return(row):
    """The CustomerReturn of one row, or ReportFormatError naming its line and column."""
    if row.overflow:
        raise ReportFormatError("has more fields than the header", row.line)
    cells = {field: row.cells.get(column, "").strip() for field, column in _TEXT_COLUMNS.items()}
    order_column = next(column for column in _ORDER_COLUMNS if column in row.cells)
    order_ref = row.cells[order_column].strip()
    for column, value in (("sku", cells["sku"]), (order_column, order_ref)):
        if not value:
            raise ReportFormatError("is empty", row.line, column)
    quantity = row.cells.get("quantity", "").strip()
    if not quantity.isdigit() or int(quantity) < 1:
        raise ReportFormatError("is not a positive whole number", row.line, "quantity")
    try:
        return_date = parse_report_date(row.cells.get("return-date", ""))
    except ValueError:
        raise ReportFormatError("is not a date", row.line, "return-date") from None
    disposition = row.cells.get("detailed-disposition", "").strip().upper().replace(" ", "_")
    known = disposition in const.RETURN_DISPOSITIONS
    return CustomerReturn(
        line=row.line, return_date=return_date, order_ref=order_ref, quantity=int(quantity),
        disposition=disposition, sellable=const.RETURN_DISPOSITIONS.get(disposition, False),
        needs_review=not known, **cells)
