"""Refunds out of Finances API v2024-06-19 transactions, pure.

A refund is a transaction of type ``Refund`` (observed, the model documents only
``Shipment``) whose related identifiers give the order (ORDER_ID) and the refund
(REFUND_ID, the settlement file's adjustment-id). Each item names its SKU and units in a
ProductContext; its breakdowns are the buyer's money given back (principal, tax,
shipping, withheld tax...) and Amazon's fees (commission back, refund commission), told
apart as the settlement lines are. Amazon sends ``null`` for empty lists.
"""
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from .proceeds import OrderDataError, amount
from .settlements import _key, classify
from .timestamps import parse_timestamp

ZERO = Decimal(0)
REFUND_TYPE = "refund"  # transactionType, compared as settlements compare names
_FEE_GROUPS = {"amazonfees", "itemfees"}


@dataclass
class RefundItem:
    sku: str
    quantity: int
    amount: Decimal = ZERO  # the buyer's money back, shipping included (positive)
    shipping: Decimal = ZERO  # of which shipping


@dataclass
class Refund:
    refund_id: str
    order_id: str
    posted: datetime  # naive UTC
    currency: str
    description: str
    items: list = field(default_factory=list)

    @property
    def amount(self):
        return sum((item.amount for item in self.items), ZERO)


def is_refund(transaction):
    return isinstance(transaction, dict) \
        and _key(transaction.get("transactionType")) == REFUND_TYPE


def parse_refund(transaction):
    """The Refund of a listTransactions ``Refund`` transaction; OrderDataError when its
    identifiers are missing."""
    identifiers = {i.get("relatedIdentifierName"): i.get("relatedIdentifierValue")
                   for i in transaction.get("relatedIdentifiers") or () if isinstance(i, dict)}
    if not identifiers.get("REFUND_ID") or not identifiers.get("ORDER_ID"):
        raise OrderDataError("the refund transaction has no REFUND_ID or ORDER_ID")
    total = transaction.get("totalAmount") or {}
    try:
        posted = parse_timestamp(transaction.get("postedDate"))
    except ValueError:
        raise OrderDataError("the refund transaction's postedDate is not a date") from None
    return Refund(
        refund_id=identifiers["REFUND_ID"], order_id=identifiers["ORDER_ID"], posted=posted,
        currency=total.get("currencyCode") or "",
        description=transaction.get("description") or "",
        items=[_item(item) for item in transaction.get("items") or () if isinstance(item, dict)])


def _item(data):
    """One refunded item: its SKU and units, the buyer's money back and its shipping."""
    product = next((c for c in data.get("contexts") or ()
                    if isinstance(c, dict) and c.get("contextType") == "ProductContext"), {})
    item = RefundItem(sku=product.get("sku") or "", quantity=product.get("quantityShipped") or 0)
    for group, leaf, value in _leaves(data.get("breakdowns") or ()):
        if _key(group) in _FEE_GROUPS or classify("Refund", group, leaf).kind == "fee":
            continue
        item.amount -= value  # the seller pays it back: negative in the transaction
        if "shipping" in _key(leaf):
            item.shipping -= value
    return item


def _leaves(breakdowns, group=None):
    """(top-level breakdown type, leaf type, amount) of every leaf."""
    for entry in breakdowns:
        if not isinstance(entry, dict):
            continue
        children = entry.get("breakdowns") or ()
        name = entry.get("breakdownType") or ""
        if children:
            yield from _leaves(children, group or name)
        else:
            money = entry.get("breakdownAmount") or {}
            yield group or name, name, amount({"amount": money.get("currencyAmount")},
                                              "breakdownAmount")
