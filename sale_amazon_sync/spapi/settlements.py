"""GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2: Amazon's settlement flat file, parsed and
classified.

Pure functions, no Odoo and no I/O: the caller downloads the text with
``SpApiClient.get_report_document``. The file is tab-separated with a header line; the
first data line is the settlement summary (id, period, deposit, total, currency), every
later line one amount. Amazon localizes it per marketplace (``95,00`` in the EU, dates as
``15.11.2026 08:00:00 UTC``...), so columns are found by name, numbers by their format in
the file, and dates among the formats Amazon is known to write.
"""
import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from .. import const
from .reports import ReportFormatError, parse_report_date, read_table


class SettlementReportError(ReportFormatError):
    """The text is not a settlement file we can trust; says which line and column."""


@dataclass(frozen=True)
class Classification:
    """What a settlement amount is: ``kind`` among ``const.SETTLEMENT_KINDS``, ``fee_type``
    among ``const.SETTLEMENT_FEE_TYPES`` for fees; ``known`` is False when no mapping
    matched, so that the line is listed for a user to map rather than silently booked."""
    kind: str
    fee_type: str = None
    known: bool = True


@dataclass(frozen=True)
class SettlementLine:
    """One amount of a settlement; text columns are "" when Amazon leaves them empty."""
    line: int
    transaction_type: str
    order_id: str
    merchant_order_id: str
    adjustment_id: str
    shipment_id: str
    marketplace_name: str
    amount_type: str
    amount_description: str
    amount: Decimal
    fulfillment_id: str
    posted_date: datetime
    order_item_code: str
    merchant_order_item_id: str
    merchant_adjustment_item_id: str
    sku: str
    quantity: int
    promotion_id: str

    @property
    def classification(self):
        return classify(self.transaction_type, self.amount_type, self.amount_description)


@dataclass(frozen=True)
class Settlement:
    """A settlement: naive UTC datetimes, ``total`` = the sum of the lines' amounts."""
    settlement_id: str
    start: datetime
    end: datetime
    deposit_date: datetime
    total: Decimal
    currency: str
    lines: tuple


# SettlementLine field -> header of its column (text columns; the others are typed below).
_TEXT_COLUMNS = {
    "transaction_type": "transaction-type", "order_id": "order-id",
    "merchant_order_id": "merchant-order-id", "adjustment_id": "adjustment-id",
    "shipment_id": "shipment-id", "marketplace_name": "marketplace-name",
    "amount_type": "amount-type", "amount_description": "amount-description",
    "fulfillment_id": "fulfillment-id", "order_item_code": "order-item-code",
    "merchant_order_item_id": "merchant-order-item-id",
    "merchant_adjustment_item_id": "merchant-adjustment-item-id", "sku": "sku",
    "promotion_id": "promotion-id",
}
_REQUIRED = ("settlement-id", "settlement-start-date", "settlement-end-date", "total-amount",
             "currency", "transaction-type", "amount-type", "amount-description", "amount")
_SPACES = re.compile(r"[\s\u00a0\u202f']")
_TRAILING_GROUP = re.compile(r"([.,])(\d+)$")


def parse_settlement_report(text, check_total=True):
    """The Settlement of a V2 flat file; SettlementReportError when anything is off,
    including lines that do not add up to the summary's total-amount to the cent (unless
    ``check_total`` is False: then ``settlement_gap`` tells, for a caller that keeps the
    rejected settlement visible)."""
    rows = read_table(text, _REQUIRED, SettlementReportError)
    if not rows:
        raise SettlementReportError("The settlement report has no summary line.")
    for row in rows:
        if row.overflow:
            raise SettlementReportError("has more fields than the header", row.line)
    summary, details = rows[0], rows[1:]
    decimal = _decimal_separator([summary] + details)
    settlement_id = _text(summary, "settlement-id", required=True)
    lines = tuple(_line(row, settlement_id, decimal) for row in details)
    settlement = Settlement(
        settlement_id=settlement_id,
        start=_date(summary, "settlement-start-date", required=True),
        end=_date(summary, "settlement-end-date", required=True),
        deposit_date=_date(summary, "deposit-date"),
        total=_amount(summary, "total-amount", decimal),
        currency=_text(summary, "currency", required=True),
        lines=lines)
    if check_total:
        _check_total(settlement)
    return settlement


def _text(row, column, required=False):
    """A stripped cell ("" when the column is absent); an empty required one is an error."""
    value = row.cells.get(column, "").strip()
    if required and not value:
        raise SettlementReportError("is empty", row.line, column)
    return value


def _line(row, settlement_id, decimal):
    """The SettlementLine of one detail row."""
    if _text(row, "settlement-id") not in ("", settlement_id):
        raise SettlementReportError("belongs to another settlement than the summary line",
                                    row.line, "settlement-id")
    quantity = _text(row, "quantity-purchased")
    if quantity and not quantity.isdigit():
        raise SettlementReportError("is not a whole number", row.line, "quantity-purchased")
    return SettlementLine(
        line=row.line, amount=_amount(row, "amount", decimal),
        posted_date=(_date(row, "posted-date-time") or _date(row, "posted-date")),
        quantity=int(quantity) if quantity else None,
        **{field: _text(row, column) for field, column in _TEXT_COLUMNS.items()})


def _date(row, column, required=False):
    """A cell's naive UTC datetime, None when empty and not required."""
    value = _text(row, column, required)
    if not value:
        return None
    try:
        return parse_report_date(value)
    except ValueError:
        raise SettlementReportError("is not a date Amazon writes", row.line, column) from None


def _amount(row, column, decimal):
    """A cell's Decimal, in the file's number format."""
    try:
        return parse_amount(_text(row, column, required=True), decimal)
    except ValueError:
        raise SettlementReportError("is not a number", row.line, column) from None


def settlement_gap(settlement):
    """total-amount less the sum of the lines, to the cent (zero for a sound file)."""
    total = sum((line.amount for line in settlement.lines), Decimal(0))
    return (settlement.total - total).quantize(Decimal("0.01"))


def _check_total(settlement):
    """Amazon's total-amount is the sum of the lines: any gap means a line was lost."""
    if settlement_gap(settlement):
        raise SettlementReportError(gap_message(settlement))


def gap_message(settlement):
    """Why a settlement whose lines do not add up is rejected, with both figures."""
    total = settlement.total - settlement_gap(settlement)
    return (f"Settlement {settlement.settlement_id}: the lines sum to {total} "
            f"{settlement.currency} but total-amount is {settlement.total}.")


# -- numbers ---------------------------------------------------------------------------

def _decimal_separator(rows):
    """The file's decimal separator, "," or "." (None when no amount shows one).

    An amount ending in a separator followed by other than three digits (``95,00``,
    ``12.5``) reveals it; thousands groups always have three. A file is written in one
    locale, so two different answers mean the file cannot be read safely.
    """
    found = set()
    for row in rows:
        for column in ("total-amount", "amount"):
            match = _TRAILING_GROUP.search(_SPACES.sub("", row.cells.get(column, "")))
            if match and len(match.group(2)) != 3:
                found.add(match.group(1))
    if len(found) > 1:
        raise SettlementReportError("The settlement report mixes '.' and ',' as decimal "
                                    "separators.")
    return found.pop() if found else None


def parse_amount(text, decimal=None):
    """The Decimal of a localized amount: ``95,00``, ``1.234,56``, ``1,234.56``, ``-3,50``.

    ``decimal`` is the separator of the file; without it, the rightmost separator is the
    decimal one unless it is a lone separator before exactly three digits (``1,234``).
    Spaces and apostrophes (thousands separators of some locales) are ignored; ValueError
    for anything else than a number.
    """
    raw = _SPACES.sub("", text)
    decimal = decimal or _guess_decimal(raw)
    thousands = "," if decimal == "." else "."
    t, d = re.escape(thousands), re.escape(decimal)
    if not re.fullmatch(rf"[+-]?(\d{{1,3}}({t}\d{{3}})+|\d+)({d}\d+)?", raw):
        raise ValueError("not a number")
    return Decimal(raw.replace(thousands, "").replace(decimal, "."))


def _guess_decimal(raw):
    """The decimal separator of one amount alone (see parse_amount)."""
    last = max(raw.rfind(","), raw.rfind("."))
    if last < 0:
        return "."
    separator = raw[last]
    alone = raw.count(separator) == 1 and ("," if separator == "." else ".") not in raw
    if alone and len(raw) - last - 1 == 3:
        return "," if separator == "." else "."
    return separator


# -- classification --------------------------------------------------------------------

def _key(text):
    """Case, space and punctuation do not tell Amazon's names apart."""
    return re.sub(r"[^a-z0-9]", "", (text or "").lower())


def _index(table):
    return {_key(name): value for name, value in table.items()}


_AMOUNT_TYPES = _index(const.SETTLEMENT_AMOUNT_TYPES)
_DESCRIPTIONS = _index(const.SETTLEMENT_DESCRIPTIONS)
_WITHHELD_PREFIXES = tuple(_key(prefix) for prefix in const.SETTLEMENT_WITHHELD_TAX_PREFIXES)
_CHARGE_TYPES = {_key(name) for name in const.SETTLEMENT_CHARGE_AMOUNT_TYPES}
_BUYER_CHARGES = {_key(name) for name in const.SETTLEMENT_BUYER_CHARGES}
_REFUNDS = {_key(name) for name in const.SETTLEMENT_REFUND_TRANSACTIONS}
_FEE_TYPES = {_key(name) for name in const.SETTLEMENT_FEE_AMOUNT_TYPES}


def classify(transaction_type, amount_type, amount_description):
    """The Classification of one settlement amount (order of checks: see const)."""
    kind_of_type = _AMOUNT_TYPES.get(_key(amount_type))
    if kind_of_type:
        return Classification(*kind_of_type)
    description = _key(amount_description)
    if description.startswith(_WITHHELD_PREFIXES):
        return Classification("tax_withheld")
    if description in _DESCRIPTIONS:
        return Classification(*_DESCRIPTIONS[description])
    if _key(amount_type) in _CHARGE_TYPES and description in _BUYER_CHARGES:
        return Classification("refund" if _key(transaction_type) in _REFUNDS else "order")
    if _key(amount_type) in _FEE_TYPES:
        return Classification("fee", "other_fee", known=False)
    return Classification("other", known=False)
