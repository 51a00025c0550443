"""The seller's money as Amazon posts it: one event per shipment, refund or account charge.

Both money APIs show the same events: a settlement (settlements.py) lists their lines in
its flat file, listTransactions (finances_api.py) renders each as a transaction. An order
is posted once SHIPPED, from its proceeds (Principal, Tax, Shipping, ShippingTax, GiftWrap,
GiftWrapTax, COD and other charges, Promotion), with a referral fee (Commission) and, for
FBA, a fulfilment fee per unit; where Amazon collects an item's tax (its taxCollections say
MARKETPLACE_FACILITATOR) the tax is withheld again. Amounts are signed as the seller sees
them: money to the seller positive, fees negative.
"""
import base64
import hashlib
from decimal import ROUND_HALF_UP, Decimal

from .. import const
from ..spapi.proceeds import item_charges
from . import marketplaces
from .orders import CENT, ZERO, asin_for, parse_time

# The sandbox's fee schedule (Amazon's depends on category and size; these are typical).
REFERRAL_RATE = Decimal("0.15")
REFUND_ADMIN_RATE, REFUND_ADMIN_MAX = Decimal("0.20"), Decimal("5.00")
FBA_UNIT_FEES = {"EUR": Decimal("3.25"), "GBP": Decimal("2.90"), "USD": Decimal("3.22")}
FBA_UNIT_FEE = Decimal("3.50")
# kind -> (settlement transaction-type, listTransactions transactionType, description)
KINDS = {
    "order": ("Order", "Shipment", "Order Payment"),
    "refund": ("Refund", "Refund", "Refund Order"),
    "subscription": ("other-transaction", "ServiceFee", "Subscription"),
    "storage": ("other-transaction", "ServiceFee", "FBAStorageBilling"),
    "advertising": ("ServiceFee", "ProductAdsPayment", "ProductAdsPayment"),
    "reimbursement": ("other-transaction", "Adjustment", "FBAInventoryReimbursement"),
}
# account-level charge -> (sign, amount-type, amount-description)
CHARGES = {
    "subscription": (-1, "other-transaction", "Subscription Fee"),
    "storage": (-1, "other-transaction", "Storage Fee"),
    "advertising": (-1, "Cost of Advertising", "TransactionTotalAmount"),
    "reimbursement": (1, "FBA Inventory Reimbursement", "WAREHOUSE_DAMAGE"),
}
_BUYER_MONEY = ("ItemPrice", "Promotion", "ItemWithheldTax")
_SHIPPING = ("Shipping", "ShippingTax", "MarketplaceFacilitatorTax-Shipping")


def _collected_by_amazon(item):
    """Whether Amazon collects this item's tax itself (and so withholds it again)."""
    return any(collection.get("model") == const.FACILITATOR_TAX_MODEL
               for collection in (item.get("tax") or {}).get("taxCollections") or ())


def money(value):
    """A Decimal rounded to the cent, half up as Amazon rounds fees."""
    return Decimal(str(value)).quantize(CENT, ROUND_HALF_UP)


def reference(*parts, length=22):
    """A stable opaque id derived from ``parts`` (Amazon's ids are opaque tokens)."""
    digest = hashlib.sha256("/".join(map(str, parts)).encode()).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")[:length]


def event_total(event):
    """The signed sum of an event's lines."""
    return sum((amount for item in event["items"] for _, _, amount in item["lines"]), ZERO)


def _event(state, seller_id, kind, marketplace, posted, **fields):
    """A new event of the seller, stored, with everything its renderings need."""
    events = state.money.setdefault(seller_id, [])
    market = marketplaces.resolve(marketplace)
    event = {"id": reference(seller_id, kind, len(events), length=43), "kind": kind,
             "seller_id": seller_id, "marketplace_id": market.id, "currency": market.currency,
             "posted": posted.replace(microsecond=0),  # Amazon posts in whole seconds
             "order_id": "", "shipment_id": "", "refund_id": "", "invoice_id": "", "network": "",
             "group_id": None, "settlement_id": None, **fields}
    events.append(event)
    return event


def post_shipments(state, seller_id):
    """Post every SHIPPED, priced order of the seller that is not posted yet (idempotent:
    called before money is read, so that orders added or shipped since are seen)."""
    for order in state.orders.get(seller_id, {}).values():
        key = (seller_id, order["orderId"])
        fulfillment = order.get("fulfillment", {})
        if (key in state.shipments or fulfillment.get("fulfillmentStatus") != "SHIPPED"
                or not Decimal(order.get("proceeds", {}).get("grandTotal", {})
                               .get("amount", "0"))):
            continue
        fba = fulfillment.get("fulfilledBy") == "AMAZON"
        market = marketplaces.resolve(order["salesChannel"]["marketplaceId"])
        items = [_shipped_item(item, market, fba) for item in order["orderItems"]]
        state.shipments[key] = _event(
            state, seller_id, "order", market.id, parse_time(order["lastUpdatedTime"]),
            order_id=order["orderId"], shipment_id=reference("shipment", *key, length=9),
            network="AFN" if fba else "MFN", items=items)


def _shipped_item(item, market, fba):
    """The posted item of a shipment: buyer money, withheld tax and Amazon's fees.

    The money is read as the connector reads an order (``spapi.proceeds.item_charges``), so
    that a TAX without details or a DISCOUNT of either sign settles what the order showed;
    the tax is withheld where the item says Amazon collects it (``tax.taxCollections``).
    """
    charges = item_charges(item["proceeds"], "")
    ship, promo, ship_off = charges["SHIPPING"], charges["PROMOTION"], charges["SHIPPING_DISCOUNT"]
    other_tax = charges["COD_FEE"].tax + charges["OTHER"].tax
    lines = [("ItemPrice", "Principal", charges["ITEM"].net),
             ("ItemPrice", "Tax", charges["ITEM"].tax - promo.tax),
             ("ItemPrice", "Shipping", ship.net),
             ("ItemPrice", "ShippingTax", ship.tax - ship_off.tax),
             ("ItemPrice", "GiftWrap", charges["GIFT_WRAP"].net),
             ("ItemPrice", "GiftWrapTax", charges["GIFT_WRAP"].tax),
             ("ItemPrice", "CODItemCharge", charges["COD_FEE"].net),
             ("ItemPrice", "CODItemTaxCharge", charges["COD_FEE"].tax),
             ("ItemPrice", "OtherCharge", charges["OTHER"].net),
             ("ItemPrice", "OtherChargeTax", charges["OTHER"].tax),
             ("Promotion", "Principal", -promo.net),
             ("Promotion", "Shipping", -ship_off.net)]
    if _collected_by_amazon(item):
        lines += [("ItemWithheldTax", "MarketplaceFacilitatorTax-Principal",
                   promo.tax - charges["ITEM"].tax),
                  ("ItemWithheldTax", "MarketplaceFacilitatorTax-Shipping",
                   ship_off.tax - ship.tax),
                  ("ItemWithheldTax", "MarketplaceFacilitatorTax-Giftwrap",
                   -charges["GIFT_WRAP"].tax),
                  ("ItemWithheldTax", "MarketplaceFacilitatorTax-Other", -other_tax)]
    total = Decimal(item["proceeds"]["proceedsTotal"]["amount"])
    lines.append(("ItemFees", "Commission", -money(total * REFERRAL_RATE)))
    quantity = item["quantityOrdered"]
    if fba:
        fee = FBA_UNIT_FEES.get(market.currency, FBA_UNIT_FEE)
        lines.append(("ItemFees", "FBAPerUnitFulfillmentFee", -fee * quantity))
    promotions = item.get("promotion", {}).get("breakdowns") or [{}]
    product = item["product"]
    return {"code": item["orderItemId"], "sku": product["sellerSku"], "asin": product["asin"],
            "title": product.get("title", ""), "quantity": quantity,
            "promotion_id": promotions[0].get("promotionId", ""),
            "lines": [line for line in lines if line[2]]}


def refund(state, seller_id, order_id, items, shipping, now):
    """Refund part of a posted order: ``items`` maps SKUs to units (None: every unit not
    refunded yet); ``shipping`` refunds the shipping of those items too. Amazon gives back
    the referral fee less its refund administration fee; the FBA fee stays. Returns the
    refund id; ValueError for what Amazon would not allow."""
    post_shipments(state, seller_id)
    shipment = state.shipments.get((seller_id, order_id))
    if shipment is None:
        raise ValueError(f"Order {order_id} has no posted shipment to refund.")
    done, shipping_done = _refunded(state, seller_id, order_id)
    wanted = dict(items) if items else {
        item["sku"]: item["quantity"] - done.get(item["code"], 0) for item in shipment["items"]}
    refunded = []
    for item in shipment["items"]:
        quantity = wanted.pop(item["sku"], 0)
        if quantity > item["quantity"] - done.get(item["code"], 0) or quantity < 0:
            raise ValueError(f"Cannot refund {quantity} units of {item['sku']}.")
        part = _refunded_item(item, quantity, shipping and item["code"] not in shipping_done)
        if quantity or part["lines"]:
            refunded.append(part)
    if wanted:
        raise ValueError(f"Order {order_id} has no SKU {', '.join(sorted(wanted))}.")
    if not refunded:
        raise ValueError(f"Nothing is left to refund in order {order_id}.")
    refund_id = "amzn1:crow:" + reference(seller_id, order_id, len(state.money[seller_id]))
    _event(state, seller_id, "refund", shipment["marketplace_id"], now, order_id=order_id,
           refund_id=refund_id, network=shipment["network"], items=refunded)
    return refund_id


def _refunded(state, seller_id, order_id):
    """({order item code: units refunded}, {codes whose shipping was refunded})."""
    units, shipping = {}, set()
    for event in state.money.get(seller_id, ()):
        if event["kind"] == "refund" and event["order_id"] == order_id:
            for item in event["items"]:
                units[item["code"]] = units.get(item["code"], 0) + item["quantity"]
                if any(description in _SHIPPING for _, description, _ in item["lines"]):
                    shipping.add(item["code"])
    return units, shipping


def _refunded_item(item, quantity, shipping):
    """The refund of ``quantity`` units of a posted item (and its shipping): the price the
    buyer paid for those units, to the cent, its parts rounded and the last one taking the
    rounding (two 10.00 units refund 10.00, not 8.41 + 1.60)."""
    ratio = Decimal(quantity) / item["quantity"]
    bought = [(kind, description, amount) for kind, description, amount in item["lines"]
              if kind in _BUYER_MONEY and description not in _SHIPPING]
    lines = [(kind, description, -money(amount * ratio)) for kind, description, amount in bought]
    if lines:
        paid = -money(sum((amount for _, _, amount in bought), ZERO) * ratio)
        kind, description, amount = lines[-1]
        lines[-1] = (kind, description, amount + paid - sum(a for _, _, a in lines))
    if shipping:
        lines += [(kind, description, -amount) for kind, description, amount in item["lines"]
                  if kind in _BUYER_MONEY and description in _SHIPPING]
    commission = sum((a for _, d, a in item["lines"] if d == "Commission"), ZERO)
    back = money(-commission * ratio)
    lines += [("ItemFees", "Commission", back),
              ("ItemFees", "RefundCommission", -min(money(back * REFUND_ADMIN_RATE),
                                                     REFUND_ADMIN_MAX))]
    return dict(item, quantity=quantity, lines=[line for line in lines if line[2]])


def charge(state, seller_id, kind, amount, marketplace, now, sku=None, quantity=None):
    """An account-level event (subscription, storage, advertising, reimbursement) of
    ``amount``, a positive magnitude signed by its kind; returns its transaction id."""
    if kind not in CHARGES:
        raise ValueError(f"Unknown charge {kind!r}; expected one of {sorted(CHARGES)}.")
    if money(amount) <= 0:
        raise ValueError("A charge amount is a positive magnitude.")
    sign, amount_type, description = CHARGES[kind]
    item = {"code": "", "sku": sku or "", "asin": asin_for(sku) if sku else "", "title": "",
            "quantity": quantity, "promotion_id": "",
            "lines": [(amount_type, description, sign * money(amount))]}
    invoice = "AD" + reference(seller_id, now, length=10).upper() if kind == "advertising" else ""
    event = _event(state, seller_id, kind, marketplace, now, invoice_id=invoice,
                   network="AFN" if kind == "reimbursement" else "", items=[item])
    return event["id"]
