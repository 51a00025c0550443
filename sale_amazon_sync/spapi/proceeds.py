"""The money of an Orders API v2026-01-01 order: proceeds breakdowns into charges.

Amazon's model (``ItemProceedsBreakdown``) lists the types ITEM, SHIPPING, GIFT_WRAP,
COD_FEE, OTHER, TAX and DISCOUNT per item, plus DELIVERY_TIP at order level only. Each
breakdown's ``subtotal`` is authoritative; ``detailedBreakdowns`` (TAX and DISCOUNT only,
optional) say which charge a tax or a discount belongs to, and tax that no detail places is
shared among the charges in proportion. Amounts are net of TAX, which is added on top, as
in every example of the model. The model gives no sign for DISCOUNT: its magnitude is taken
off. No Odoo import.
"""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from ..const import MAX_AMOUNT

CENT = Decimal("0.01")
ZERO = Decimal("0")
CHARGES = ("ITEM", "SHIPPING", "GIFT_WRAP", "COD_FEE", "OTHER")
# Subtypes of a DISCOUNT detail that reduce the shipping charge; any other reduces the item.
_SHIPPING_DISCOUNTS = ("SHIPPING",)


class OrderDataError(ValueError):
    """The order's payload is not what the Orders API promises."""


@dataclass
class Charge:
    """An amount the buyer pays, split in Amazon's net amount and Amazon's tax on it."""

    net: Decimal = ZERO
    tax: Decimal = ZERO

    @property
    def gross(self):
        return self.net + self.tax

    def __bool__(self):
        return bool(self.net or self.tax)


def amount(money, where):
    """The Decimal of an Amazon Money object (``{"amount": "12.90", ...}``)."""
    try:
        value = Decimal(str(money["amount"]))
    except (KeyError, TypeError, InvalidOperation):
        raise OrderDataError(f"{where} is not an amount") from None
    if not value.is_finite():
        raise OrderDataError(f"{where} is not an amount")
    if abs(value) > MAX_AMOUNT:
        raise OrderDataError(f"{where} is out of range")
    return value


def item_charges(proceeds, where):
    """{ITEM, SHIPPING, GIFT_WRAP, COD_FEE, OTHER, PROMOTION, SHIPPING_DISCOUNT: Charge}
    of an item's proceeds; discounts as positive magnitudes."""
    subtotals, details = _read_breakdowns(proceeds.get("breakdowns") or [], where)
    charges = {kind: Charge(subtotals.get(kind, ZERO)) for kind in CHARGES}
    promotion, shipping_discount = _discounts(subtotals, details["DISCOUNT"])
    discount_tax = abs(details["TAX"].pop("DISCOUNT", ZERO))
    placed = ZERO
    for kind, tax in details["TAX"].items():
        charges[kind if kind in charges else "OTHER"].tax += tax
        placed += tax
    _spread(subtotals.get("TAX", ZERO) - placed + discount_tax, charges)
    promotion_tax = _share(discount_tax, promotion, promotion + shipping_discount)
    charges["PROMOTION"] = Charge(promotion, promotion_tax)
    charges["SHIPPING_DISCOUNT"] = Charge(shipping_discount, discount_tax - promotion_tax)
    return charges


def order_tip(proceeds, items_total, where="proceeds"):
    """The order's delivery tip: the DELIVERY_TIP breakdowns the grand total includes (a
    tip still PENDING may not be in it yet)."""
    tips = {"PENDING": ZERO, "FINALIZED": ZERO}
    breakdowns = proceeds.get("breakdowns") or []
    if not isinstance(breakdowns, list):
        raise OrderDataError(f"{where}.breakdowns is not a list")
    for index, entry in enumerate(breakdowns):
        if isinstance(entry, dict) and entry.get("type") == "DELIVERY_TIP":
            status = "PENDING" if entry.get("status") == "PENDING" else "FINALIZED"
            tips[status] += amount(entry.get("subtotal"), f"{where}.breakdowns[{index}]")
    grand_total = proceeds.get("grandTotal")
    if grand_total and tips["PENDING"]:
        if items_total + tips["FINALIZED"] == amount(grand_total, f"{where}.grandTotal"):
            return tips["FINALIZED"]
    return tips["PENDING"] + tips["FINALIZED"]


def _read_breakdowns(breakdowns, where):
    """(signed subtotal per type, {TAX/DISCOUNT: {subtype: value}}) of an item. Types
    the model does not list count as OTHER charges: the money stays visible."""
    if not isinstance(breakdowns, list):
        raise OrderDataError(f"{where}proceeds.breakdowns is not a list")
    subtotals, details = {}, {"TAX": {}, "DISCOUNT": {}}
    for index, entry in enumerate(breakdowns):
        here = f"{where}proceeds.breakdowns[{index}]"
        if not isinstance(entry, dict):
            raise OrderDataError(f"{here} is not an object")
        kind = entry.get("type")
        kind = kind if kind in CHARGES or kind in details else "OTHER"
        value = amount(entry.get("subtotal"), here)
        if value < 0 and kind in CHARGES:
            raise OrderDataError(f"{here} is a negative charge")
        subtotals[kind] = subtotals.get(kind, ZERO) + value
        if kind not in details:
            continue
        for detail in entry.get("detailedBreakdowns") or []:
            if not isinstance(detail, dict):
                raise OrderDataError(f"{here}.detailedBreakdowns is not a list of objects")
            sub = detail.get("subtype") or "ITEM"
            details[kind][sub] = details[kind].get(sub, ZERO) \
                + amount(detail.get("value"), f"{here}.detailedBreakdowns")
    return subtotals, details


def _discounts(subtotals, details):
    """(promotion, shipping discount) magnitudes: the DISCOUNT subtotal, placed by its
    details; what no detail places is a promotion on the item."""
    total = abs(subtotals.get("DISCOUNT", ZERO))
    shipping = min(total, sum((abs(v) for k, v in details.items() if k in _SHIPPING_DISCOUNTS),
                              ZERO))
    return total - shipping, shipping


def _spread(tax, charges):
    """Add ``tax`` to the charges in proportion to their net amounts, to the cent, the
    remainder on the largest; on the item when nothing is charged."""
    if not tax:
        return
    kinds = [kind for kind in CHARGES if charges[kind].net]
    whole = sum((charges[kind].net for kind in kinds), ZERO)
    if not whole:
        charges["ITEM"].tax += tax
        return
    shares = {kind: _share(tax, charges[kind].net, whole) for kind in kinds}
    largest = max(kinds, key=lambda kind: charges[kind].net)
    shares[largest] += tax - sum(shares.values())
    for kind, share in shares.items():
        charges[kind].tax += share


def _share(value, part, whole):
    if not whole:
        return ZERO
    return (value * part / whole).quantize(CENT, ROUND_HALF_UP)
