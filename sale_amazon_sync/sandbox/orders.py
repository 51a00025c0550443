"""Order factory: realistic orders in the Orders API v2026-01-01 shape.

Money follows one rule so that every order adds up to the cent: each proceeds breakdown
is additive (``proceedsTotal`` = sum of the item's breakdown subtotals, ``grandTotal`` =
sum of the items' ``proceedsTotal``). ITEM, SHIPPING and GIFT_WRAP are net of tax, TAX
holds the taxes (detailed per ITEM, SHIPPING, GIFT_WRAP and DISCOUNT), DISCOUNT is
negative (detailed per ITEM for promotions and SHIPPING for shipping discounts). Prices
given to :func:`build_order` are shelf prices: tax included where the marketplace
displays prices with tax (``const.MARKETPLACES``), so ``grandTotal`` is what the buyer paid.
"""
import hashlib
import itertools
from datetime import datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal

from . import marketplaces

CENT = Decimal("0.01")
ZERO = Decimal("0")
STATUSES = ("PENDING_AVAILABILITY", "PENDING", "UNSHIPPED", "PARTIALLY_SHIPPED", "SHIPPED",
            "CANCELLED", "UNFULFILLABLE")
# Amazon sends no prices before payment, and none on a cancelled order.
UNPRICED = {"PENDING_AVAILABILITY", "PENDING", "CANCELLED"}
_DEFAULT = object()
_WHOLE_CURRENCIES = {"JPY"}  # written without decimals, as in Amazon's JP example
# Who withholds and remits the tax Amazon collects itself, per region (free text in the model).
_FACILITATOR_PARTIES = {"na": "Amazon.com Services LLC", "eu": "Amazon Services Europe S.a.r.L.",
                        "fe": "Amazon Japan G.K."}
_serial = itertools.count(1)

# Default buyer name, address and carrier per country, for orders built without them.
_PEOPLE = {
    "DE": ("Erika Mustermann", {"addressLine1": "Musterstraße 12", "city": "Berlin",
                                "postalCode": "10115", "phone": "+49 30 1234567"}, "DHL"),
    "FR": ("Camille Martin", {"addressLine1": "12 rue de la Paix", "city": "Paris",
                              "postalCode": "75002", "phone": "+33 1 23 45 67 89"}, "Colissimo"),
    "GB": ("Oliver Smith", {"addressLine1": "221B Baker Street", "city": "London",
                            "postalCode": "NW1 6XE", "phone": "+44 20 7946 0018"}, "Royal Mail"),
    "US": ("John Doe", {"addressLine1": "410 Terry Ave N", "city": "Seattle",
                        "stateOrRegion": "WA", "postalCode": "98109",
                        "phone": "+1 206-555-0100"}, "UPS"),
}
_ANYWHERE = ("Alex Example", {"addressLine1": "1 Main Street", "city": "Capital",
                              "postalCode": "10000"}, "DHL")


def iso(moment):
    """ISO 8601 in UTC with a Z, as Amazon writes dates."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(value):
    """An aware UTC datetime from a datetime or an ISO 8601 string; naive means UTC."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    moment = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def money(amount, currency):
    """Amazon's Money: the amount is a decimal string, never a float; yen have no
    decimals."""
    unit = Decimal("1") if currency in _WHOLE_CURRENCIES else CENT
    return {"amount": str(Decimal(amount).quantize(unit, ROUND_HALF_UP)),
            "currencyCode": currency}


def asin_for(sku):
    """A stable ASIN per SKU, so that orders and listings of one SKU agree."""
    return "B0" + hashlib.sha1(sku.encode()).hexdigest()[:8].upper()


def _digits(seed, count):
    """Deterministic digits derived from a seed, for stable item ids and tracking numbers."""
    return str(int(hashlib.sha1(seed.encode()).hexdigest(), 16))[:count].rjust(count, "0")


def _new_order_id():
    """A fresh 3-7-7 order id for orders built without one."""
    serial = next(_serial)
    return f"405-{serial:07d}-{_digits(str(serial), 7)}"


def _split(amount, rate, tax_included, tax=None):
    """(net, tax) of a charge: shelf prices contain the tax where the marketplace says so."""
    amount = Decimal(str(amount)).quantize(CENT)
    if tax is None:
        base = amount * rate / (1 + rate) if tax_included else amount * rate
        tax = base.quantize(CENT, ROUND_HALF_UP)
    tax = Decimal(str(tax)).quantize(CENT)
    return (amount - tax if tax_included else amount), tax


def _charges(spec, marketplace, free):
    """Every charge of one line as (net, tax) pairs; discounts as positive magnitudes."""
    keys = ("item", "ship", "wrap", "cod", "other", "promo", "ship_disc")
    if free:
        return {key: (ZERO, ZERO) for key in keys}
    rate = Decimal(str(spec.get("tax_rate", marketplace.tax_rate)))
    included = marketplace.tax_included
    gross = Decimal(str(spec.get("unit_price", "19.99"))) * spec.get("qty", 1)
    amounts = {"ship": "shipping", "wrap": "gift_wrap", "cod": "cod_fee",
               "other": "other_charge", "promo": "promotion_discount",
               "ship_disc": "shipping_discount"}
    charges = {key: _split(spec.get(name, 0), rate, included) for key, name in amounts.items()}
    charges["item"] = _split(gross, rate, included, spec.get("tax"))
    return charges


def _breakdown(kind, parts, currency, detailed=True):
    """One breakdown entry; ``parts`` are (subtype, amount) details, zeros left out."""
    entry = {"type": kind, "subtotal": money(sum(amount for _, amount in parts), currency)}
    details = [{"subtype": sub, "value": money(amount, currency)} for sub, amount in parts
               if amount]
    if kind in ("TAX", "DISCOUNT") and detailed:
        entry["detailedBreakdowns"] = details
    return entry


def _item_proceeds(charges, currency, spec):
    """ItemProceeds: additive breakdowns whose sum is proceedsTotal. ``spec`` may ask for a
    TAX without details (``tax_detail: False``), as some of Amazon's examples have, or for
    discounts written as positive amounts (``positive_discounts``)."""
    c = charges
    entries = [_breakdown("ITEM", [("ITEM", c["item"][0])], currency)]
    for kind, key in (("SHIPPING", "ship"), ("GIFT_WRAP", "wrap"), ("COD_FEE", "cod"),
                      ("OTHER", "other")):
        if c[key][0]:
            entries.append(_breakdown(kind, [(kind, c[key][0])], currency))
    sign = 1 if spec.get("positive_discounts") else -1
    if c["promo"][0] or c["ship_disc"][0]:
        entries.append(_breakdown("DISCOUNT", [("ITEM", sign * c["promo"][0]),
                                               ("SHIPPING", sign * c["ship_disc"][0])],
                                  currency))
    taxes = [("ITEM", c["item"][1]), ("SHIPPING", c["ship"][1]), ("GIFT_WRAP", c["wrap"][1]),
             ("COD_FEE", c["cod"][1]), ("OTHER", c["other"][1]),
             ("DISCOUNT", -(c["promo"][1] + c["ship_disc"][1]))]
    if any(amount for _, amount in taxes):
        entries.append(_breakdown("TAX", taxes, currency, spec.get("tax_detail", True)))
    total = sum(Decimal(entry["subtotal"]["amount"]) for entry in entries)
    if spec.get("positive_discounts"):
        total -= 2 * (c["promo"][0] + c["ship_disc"][0])
    return {"proceedsTotal": money(total, currency), "breakdowns": entries}


def _order_proceeds(items, currency, tip=None, tip_status="FINALIZED", breakdowns=True):
    """OrderProceeds: the items' breakdowns summed per type, a delivery tip charged at
    order level, and the grand total (``breakdowns`` False: the grand total only, as in
    most of Amazon's examples)."""
    totals, grand = {}, ZERO
    for item in items:
        if "proceeds" not in item:
            continue
        grand += Decimal(item["proceeds"]["proceedsTotal"]["amount"])
        for entry in item["proceeds"]["breakdowns"]:
            amount = Decimal(entry["subtotal"]["amount"])
            totals[entry["type"]] = totals.get(entry["type"], ZERO) + amount
    entries = [{"type": kind, "subtotal": money(amount, currency)}
               for kind, amount in totals.items()]
    if tip:
        entries.append({"type": "DELIVERY_TIP", "status": tip_status,
                        "subtotal": money(tip, currency)})
        grand += Decimal(str(tip)) if tip_status == "FINALIZED" else ZERO
    proceeds = {"grandTotal": money(grand, currency)}
    if breakdowns:
        proceeds["breakdowns"] = entries
    return proceeds


def _shipped(specs, status):
    """Units shipped per line for a status; a partial shipment ships the first line (or
    all but one unit of a single line)."""
    quantities = [spec.get("qty", 1) for spec in specs]
    if status == "SHIPPED":
        return quantities
    if status != "PARTIALLY_SHIPPED":
        return [0] * len(quantities)
    if len(quantities) > 1:
        return [quantities[0]] + [0] * (len(quantities) - 1)
    if quantities[0] < 2:
        raise ValueError("A partially shipped order needs two lines or a quantity above 1.")
    return [quantities[0] - 1]


def _condition(spec):
    """"NEW", "USED_GOOD", "USED_VERY_GOOD"... -> ItemCondition."""
    kind, _, sub = spec.get("condition", "NEW").partition("_")
    condition = {"conditionType": kind, "conditionSubtype": sub or kind}
    if spec.get("condition_note"):
        condition["conditionNote"] = spec["condition_note"]
    return condition


def _order_item(order_id, index, spec, ctx, shipped):
    """One OrderItem with product, proceeds, promotion, cancellation and fulfillment."""
    qty, currency = spec.get("qty", 1), ctx["currency"]
    product = {"asin": spec.get("asin") or asin_for(spec["sku"]),
               "title": spec.get("title", spec["sku"]), "sellerSku": spec["sku"],
               "condition": _condition(spec)}
    item = {"orderItemId": _digits(f"{order_id}/{index}", 14), "quantityOrdered": qty,
            "product": product}
    if ctx["priced"]:
        unit = ZERO if ctx["free"] else Decimal(str(spec.get("unit_price", "19.99")))
        product["price"] = {"unitPrice": money(unit, currency)}
        if spec.get("business_price"):
            product["price"]["priceDesignation"] = "BUSINESS_PRICE"
        item["proceeds"] = _item_proceeds(_charges(spec, ctx["marketplace"], ctx["free"]),
                                          currency, spec)
    if spec.get("facilitator", ctx["facilitator"]):
        item["tax"] = {"taxCollections": [{
            "model": "MARKETPLACE_FACILITATOR",
            "responsibleParty": _FACILITATOR_PARTIES[ctx["marketplace"].region]}]}
    if spec.get("promotion_discount") or spec.get("shipping_discount"):
        item["promotion"] = {"breakdowns": [{"promotionId": spec.get("promotion_id",
                                                                      "SANDBOX-PROMO-10")}]}
    if ctx["status"] == "CANCELLED":
        reason = "Buyer cancelled the order."
        item["cancellation"] = {
            "cancellationRequest": {"requester": "BUYER", "cancelReason": reason},
            "cancellationExecution": {"cancelledBy": "BUYER", "cancelReason": reason}}
    unshipped = 0 if ctx["status"] == "CANCELLED" else qty - shipped
    fulfillment = {"quantityFulfilled": shipped, "quantityUnfulfilled": unshipped}
    if spec.get("gift_wrap") or spec.get("gift_message") or spec.get("gift_wrap_level"):
        gift = {"giftWrapLevel": spec.get("gift_wrap_level", "Classic")}
        if spec.get("gift_message"):
            gift["giftMessage"] = spec["gift_message"]
        fulfillment["packing"] = {"giftOption": gift}
    item["fulfillment"] = fulfillment
    return item


def _buyer(order_id, buyer, ctx):
    """Buyer block: no email on FBA orders (per the model), no name on NA FBA orders."""
    fba = ctx["fulfilled_by"] == "AMAZON"
    block = {}
    if not (fba and ctx["marketplace"].region == "na"):
        block["buyerName"] = buyer.get("name")
    if not fba:
        domain = ctx["marketplace"].domain.removeprefix("www.")
        block["buyerEmail"] = buyer.get("email") or f"{_digits(order_id, 12)}@marketplace.{domain}"
    if buyer.get("company"):
        block["buyerCompanyName"] = buyer["company"]
    if buyer.get("po_number"):
        block["buyerPurchaseOrderNumber"] = buyer["po_number"]
    return {key: value for key, value in block.items() if value}


def _recipient(address, ctx):
    """Recipient block; Amazon suppresses the phone on FBA orders."""
    address = dict(address)
    address.setdefault("countryCode", ctx["marketplace"].code)
    if ctx["fulfilled_by"] == "AMAZON":
        address.pop("phone", None)
    return {"deliveryAddress": address}


def _packages(items, shipped, created, updated, carrier, order_id):
    """One package holding everything shipped so far (FBM only)."""
    contents = [{"orderItemId": item["orderItemId"], "quantity": qty}
                for item, qty in zip(items, shipped, strict=True) if qty]
    if not contents:
        return []
    ship_time = iso(min(created + timedelta(hours=20), updated))
    return [{"packageReferenceId": "1", "createdTime": ship_time,
             "packageStatus": {"status": "SHIPPED"}, "carrier": carrier,
             "shipTime": ship_time, "shippingService": "Standard",
             "trackingNumber": _digits("track/" + order_id, 12), "packageItems": contents}]


def _fulfillment(ctx, created, level):
    """OrderFulfillment with the promised windows Amazon gives merchant orders."""
    block = {"fulfillmentStatus": ctx["status"], "fulfilledBy": ctx["fulfilled_by"],
             "fulfillmentServiceLevel": level}
    if ctx["fulfilled_by"] == "MERCHANT":
        block["shipByWindow"] = {"earliestDateTime": iso(created),
                                 "latestDateTime": iso(created + timedelta(days=2))}
        block["deliverByWindow"] = {"earliestDateTime": iso(created + timedelta(days=3)),
                                    "latestDateTime": iso(created + timedelta(days=6))}
    return block


def build_order(*, order_id=None, marketplace="DE", fulfilled_by="MERCHANT", status="UNSHIPPED",
                created=None, updated=None, items=None, currency=None, buyer=_DEFAULT,
                address=_DEFAULT, replacement=False, replaced_order_id=None,
                service_level="STANDARD", programs=None, facilitator=None, delivery_tip=None,
                tip_status="FINALIZED", order_breakdowns=True):
    """A consistent order in Amazon's 2026-01-01 JSON shape, with every block filled in.

    ``items``: dicts with sku, title, qty, unit_price, tax_rate or tax (item tax amount),
    shipping, shipping_discount, promotion_discount, promotion_id, gift_wrap,
    gift_wrap_level, gift_message, cod_fee, other_charge, condition ("NEW",
    "USED_GOOD"...), condition_note, asin, business_price, facilitator (Amazon collects
    the item's tax), tax_detail (False: TAX without detailed breakdowns),
    positive_discounts. ``buyer``: dict (name, email, company, po_number) or None for an
    anonymous buyer. ``address``: dict with the model's CustomerAddress names.
    ``replacement``: a free replacement order (zero prices), associated with
    ``replaced_order_id``. ``facilitator``: Amazon collects the tax of every item (the
    default on North American marketplaces). ``delivery_tip``: an order-level tip with
    ``tip_status`` (a PENDING tip is not in the grand total yet). ``order_breakdowns``
    False: the order's proceeds carry the grand total only.
    """
    if status not in STATUSES:
        raise ValueError(f"Unknown fulfillment status: {status}")
    market = marketplaces.resolve(marketplace)
    order_id = order_id or _new_order_id()
    created = parse_time(created) if created else datetime.now(timezone.utc) - timedelta(hours=1)
    updated = parse_time(updated) if updated else created + timedelta(minutes=5)
    specs = items or [{"sku": "SANDBOX-SKU-1", "title": "Sandbox product"}]
    name, default_address, carrier = _PEOPLE.get(market.code, _ANYWHERE)
    buyer = {"name": name} if buyer is _DEFAULT else buyer
    if address is _DEFAULT:
        address = {"name": (buyer or {}).get("name") or name, **default_address}
    ctx = {"marketplace": market, "currency": currency or market.currency, "status": status,
           "fulfilled_by": fulfilled_by, "priced": status not in UNPRICED, "free": replacement,
           "facilitator": market.region == "na" if facilitator is None else facilitator}
    shipped = _shipped(specs, status)
    order_items = [_order_item(order_id, index, spec, ctx, qty)
                   for index, (spec, qty) in enumerate(zip(specs, shipped, strict=True), start=1)]
    order = {"orderId": order_id, "createdTime": iso(created), "lastUpdatedTime": iso(updated)}
    if programs:
        order["programs"] = list(programs)
    if replacement:
        order["associatedOrders"] = [{"orderId": replaced_order_id or "000-0000000-0000000",
                                      "associationType": "REPLACEMENT_ORIGINAL_ID"}]
    order["salesChannel"] = {"channelName": "AMAZON", "marketplaceId": market.id,
                             "marketplaceName": market.name}
    buyer_block = _buyer(order_id, buyer, ctx) if buyer else {}
    if buyer_block:
        order["buyer"] = buyer_block
    order["recipient"] = _recipient(address, ctx)
    if ctx["priced"]:
        order["proceeds"] = _order_proceeds(order_items, ctx["currency"], delivery_tip,
                                            tip_status, order_breakdowns)
    order["fulfillment"] = _fulfillment(ctx, created, service_level)
    order["orderItems"] = order_items
    if fulfilled_by == "MERCHANT":
        order["packages"] = _packages(order_items, shipped, created, updated, carrier, order_id)
    return order
