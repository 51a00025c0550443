"""Read one Orders API v2026-01-01 order into plain Python values.

Everything the sale order builder needs, checked once here: a malformed payload raises
``OrderDataError`` naming the field (never its value: it may be personal data), so that the
order is recorded as failed and retried, and the others go on. The money is read by
``proceeds.py``. No Odoo import.
"""
import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from ..const import (
    FACILITATOR_TAX_MODEL,
    FULFILLED_BY,
    FULFILLMENT_STATUSES,
    MAX_ITEM_QUANTITY,
    MAX_TEXT_LENGTH,
    ORDER_REF_PATTERN,
)
from .proceeds import ZERO, Charge, OrderDataError, amount, item_charges, order_tip
from .timestamps import parse_timestamp

__all__ = ["Address", "Charge", "Item", "Order", "OrderDataError", "parse_order"]


@dataclass
class Address:
    name: str
    street: str = ""
    street2: str = ""
    zip: str = ""
    city: str = ""
    state: str = ""
    country_code: str = ""
    phone: str = ""


@dataclass
class Item:
    ref: str
    sku: str
    title: str
    quantity: int
    condition: str = ""
    condition_note: str = ""
    product: Charge = field(default_factory=Charge)
    shipping: Charge = field(default_factory=Charge)
    gift_wrap: Charge = field(default_factory=Charge)
    cod_fee: Charge = field(default_factory=Charge)
    other: Charge = field(default_factory=Charge)
    promotion: Charge = field(default_factory=Charge)  # positive: what is taken off
    shipping_discount: Charge = field(default_factory=Charge)
    gift_message: str = ""
    gift_wrap_level: str = ""
    facilitator: bool = False  # Amazon collects and remits this item's tax itself

    @property
    def charges(self):
        return (self.product, self.shipping, self.gift_wrap, self.cod_fee, self.other)

    @property
    def total(self):
        return (sum((charge.gross for charge in self.charges), ZERO)
                - self.promotion.gross - self.shipping_discount.gross)

    @property
    def tax(self):
        """Amazon's tax on the item, discounts' tax deducted."""
        return (sum((charge.tax for charge in self.charges), ZERO)
                - self.promotion.tax - self.shipping_discount.tax)


@dataclass
class Order:
    ref: str
    marketplace_ref: str
    status: str
    channel: str  # "fba" or "fbm"
    purchase_date: datetime  # naive UTC, as Odoo stores datetimes
    last_update: datetime
    currency: str  # empty for the zero-total replacement orders that carry no money
    total: Decimal
    service_level: str
    buyer_name: str = ""
    buyer_email: str = ""
    recipient: Address = None
    items: list = field(default_factory=list)
    is_replacement: bool = False
    delivery_tip: Decimal = ZERO  # charged at order level, belongs to no item

    @property
    def gift_messages(self):
        return [item.gift_message for item in self.items if item.gift_message]

    @property
    def facilitator_tax(self):
        """The tax Amazon collects and remits itself: part of Amazon's total, not of the
        seller's sale."""
        return sum((item.tax for item in self.items if item.facilitator), ZERO)


def parse_order(data):
    """The ``Order`` of an Orders API v2026-01-01 order dict, or ``OrderDataError``."""
    if not isinstance(data, dict):
        raise OrderDataError("the order is not a JSON object")
    ref = _required(data, "orderId")
    if not re.match(ORDER_REF_PATTERN, ref):
        raise OrderDataError("orderId is not an Amazon order reference (3-7-7 digits)")
    fulfillment = _dict(data, "fulfillment")
    fulfilled_by = _required(fulfillment, "fulfilledBy", "fulfillment.")
    if fulfilled_by not in FULFILLED_BY:
        raise OrderDataError(f"fulfillment.fulfilledBy {fulfilled_by!r} is unknown")
    status = _required(fulfillment, "fulfillmentStatus", "fulfillment.")
    if status not in FULFILLMENT_STATUSES:
        raise OrderDataError("fulfillment.fulfillmentStatus is unknown")
    grand_total = _dict(_dict(data, "proceeds"), "grandTotal", "proceeds.")
    currency = _text(grand_total, "currencyCode", "proceeds.grandTotal.")
    _check_currency(data, currency)
    buyer = _dict(data, "buyer")
    recipient = _dict(data, "recipient").get("deliveryAddress")
    order = Order(
        ref=ref,
        marketplace_ref=_required(_dict(data, "salesChannel"), "marketplaceId", "salesChannel."),
        status=status,
        channel=FULFILLED_BY[fulfilled_by],
        purchase_date=_datetime(data, "createdTime"),
        last_update=_datetime(data, "lastUpdatedTime"),
        currency=currency,
        total=amount(grand_total, "proceeds.grandTotal") if grand_total else ZERO,
        service_level=_text(fulfillment, "fulfillmentServiceLevel", "fulfillment."),
        buyer_name=_text(buyer, "buyerName", "buyer."),
        buyer_email=_text(buyer, "buyerEmail", "buyer.").lower(),
        recipient=_address(recipient) if recipient else None,
        is_replacement=any(a.get("associationType") == "REPLACEMENT_ORIGINAL_ID"
                           for a in _list(data, "associatedOrders") if isinstance(a, dict)),
    )
    if order.total < 0:
        raise OrderDataError("proceeds.grandTotal is negative")
    items = data.get("orderItems")
    if not isinstance(items, list) or not items:
        raise OrderDataError("orderItems is missing or empty")
    order.items = [_item(item, index) for index, item in enumerate(items)]
    items_total = sum((item.total for item in order.items), ZERO)
    order.delivery_tip = order_tip(_dict(data, "proceeds"), items_total)
    if grand_total and items_total + order.delivery_tip != order.total:
        raise OrderDataError("the items' proceeds do not add up to proceeds.grandTotal")
    return order


def _item(data, index):
    where = f"orderItems[{index}]."
    if not isinstance(data, dict):
        raise OrderDataError(f"{where[:-1]} is not an object")
    product = _dict(data, "product", where)
    quantity = data.get("quantityOrdered")
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 0:
        raise OrderDataError(f"{where}quantityOrdered is not a whole number")
    if quantity > MAX_ITEM_QUANTITY:
        raise OrderDataError(f"{where}quantityOrdered is out of range")
    condition = _dict(product, "condition", where + "product.")
    gift = _dict(_dict(_dict(data, "fulfillment", where), "packing", where + "fulfillment."),
                 "giftOption", where + "fulfillment.packing.")
    item = Item(
        ref=_required(data, "orderItemId", where),
        sku=_required(product, "sellerSku", where + "product."),
        title=_text(product, "title", where + "product."),
        quantity=quantity,
        condition=_condition_label(condition),
        condition_note=_text(condition, "conditionNote", where + "product.condition."),
        gift_message=_text(gift, "giftMessage", where + "fulfillment.packing.giftOption."),
        gift_wrap_level=_text(gift, "giftWrapLevel", where + "fulfillment.packing.giftOption."),
    )
    _read_proceeds(item, data, where)
    item.facilitator = _is_facilitator(data, where)
    return item


def _read_proceeds(item, data, where):
    """Fill the item's charges from its proceeds, checked against ``proceedsTotal``; an
    item without proceeds is charged its unit price (the order's total still checks it)."""
    proceeds = _dict(data, "proceeds", where)
    if not proceeds:
        price = ((data.get("product") or {}).get("price") or {}).get("unitPrice")
        if price:
            item.product = Charge(amount(price, where + "product.price.unitPrice")
                                  * item.quantity)
        return
    charges = item_charges(proceeds, where)
    item.product, item.shipping, item.gift_wrap = (charges["ITEM"], charges["SHIPPING"],
                                                   charges["GIFT_WRAP"])
    item.cod_fee, item.other = charges["COD_FEE"], charges["OTHER"]
    item.promotion, item.shipping_discount = charges["PROMOTION"], charges["SHIPPING_DISCOUNT"]
    total = proceeds.get("proceedsTotal")
    if total and amount(total, where + "proceedsTotal") != item.total:
        raise OrderDataError(f"{where}proceeds breakdowns do not add up to proceedsTotal")


def _is_facilitator(data, where):
    """Whether Amazon collects this item's tax (ItemTax.taxCollections[].model)."""
    collections = _list(_dict(data, "tax", where), "taxCollections", where + "tax.")
    return any(isinstance(c, dict) and c.get("model") == FACILITATOR_TAX_MODEL
               for c in collections)


def _condition_label(condition):
    """"" for new items, else e.g. "Used - Very Good": shown on the order line."""
    kind = _label(_text(condition, "conditionType"))
    if not kind or kind == "New":
        return ""
    subtype = _label(_text(condition, "conditionSubtype"))
    return f"{kind} - {subtype}" if subtype and subtype != kind else kind


def _label(code):
    """Amazon's condition codes as words: "VERY_GOOD" -> "Very Good"."""
    return code.replace("_", " ").title()


def _address(data):
    if not isinstance(data, dict):
        raise OrderDataError("recipient.deliveryAddress is not an object")
    where = "recipient.deliveryAddress."
    lines = [_text(data, key, where) for key in ("addressLine1", "addressLine2",
                                                  "addressLine3")]
    return Address(
        name=_text(data, "name", where),
        street=lines[0], street2=", ".join(line for line in lines[1:] if line),
        zip=_text(data, "postalCode", where), city=_text(data, "city", where),
        state=_text(data, "stateOrRegion", where),
        country_code=_text(data, "countryCode", where).upper(),
        phone=_text(data, "phone", where),
    )


def _text(data, key, where=""):
    """An optional text of the payload, stripped; refused when it is no text, is longer
    than any real one, or cannot be stored (a NUL byte, a lone surrogate: broken
    escapes)."""
    value = data.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise OrderDataError(f"{where}{key} is not a text")
    if len(value) > MAX_TEXT_LENGTH:
        raise OrderDataError(f"{where}{key} is longer than {MAX_TEXT_LENGTH} characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise OrderDataError(f"{where}{key} is not valid Unicode") from None
    if "\x00" in value:
        raise OrderDataError(f"{where}{key} holds a NUL character")
    return value.strip()


def _required(data, key, where=""):
    value = _text(data, key, where)
    if not value:
        raise OrderDataError(f"{where}{key} is missing")
    return value


def _check_currency(data, currency):
    """Every amount of the order is in its currency (grandTotal's)."""
    found = set(_currency_codes(data.get("proceeds")))
    for item in data.get("orderItems") or []:
        if isinstance(item, dict):
            found.update(_currency_codes(item.get("proceeds")))
    if found - {currency}:
        raise OrderDataError("the order's amounts are not all in proceeds.grandTotal's currency")


def _currency_codes(node):
    """The currencyCode values anywhere in a proceeds block."""
    if isinstance(node, dict):
        if "currencyCode" in node:
            yield node["currencyCode"]
        for value in node.values():
            yield from _currency_codes(value)
    elif isinstance(node, list):
        for value in node:
            yield from _currency_codes(value)


def _list(data, key, where=""):
    value = data.get(key) or []
    if not isinstance(value, list):
        raise OrderDataError(f"{where}{key} is not a list")
    return value


def _dict(data, key, where=""):
    value = data.get(key) or {}
    if not isinstance(value, dict):
        raise OrderDataError(f"{where}{key} is not an object")
    return value


def _datetime(data, key):
    value = _required(data, key)
    try:
        return parse_timestamp(value)
    except ValueError:
        raise OrderDataError(f"{key} is not an ISO 8601 date") from None
