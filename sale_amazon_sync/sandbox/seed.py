"""The demo seller's world: listings, about thirty varied orders in DE, FR and GB, their FBA
stock and returns, and the money of the last two weeks, settled per marketplace.

Fixed ids and contents; dates are relative to the moment of seeding, so that a fresh
sandbox always has orders "from the last days".
"""
from datetime import timedelta

from . import marketplaces
from .fba_returns import add_return
from .inventory_api import set_quantities, stock
from .money import charge, refund
from .orders import build_order
from .settlements import settle
from .state import DEMO_MARKETPLACES, DEMO_REFRESH_TOKEN, DEMO_SELLER_ID

# sku -> (title, shelf price, fulfillment channels with quantities)
PRODUCTS = {
    "MUG-CERAMIC-350": ("Ceramic mug 350 ml, matt black", "12.90", {"DEFAULT": 25}),
    "TEA-EARLGREY-100G": ("Earl Grey loose leaf tea, 100 g", "8.50", {"DEFAULT": 60}),
    "NOTEBOOK-A5-DOT": ("Notebook A5 dotted, 160 pages", "14.95", {"DEFAULT": 40}),
    "CANDLE-SOY-LAV": ("Soy candle, lavender, 200 g", "17.50", {"DEFAULT": 15}),
    "SOCKS-WOOL-42": ("Merino wool socks, size 39-42", "11.99", {"DEFAULT": 30}),
    "BOTTLE-STEEL-750": ("Stainless steel bottle 750 ml", "24.90",
                         {"DEFAULT": 12, "AMAZON_EU": 40}),
    "HEADPHONES-BT-200": ("Bluetooth headphones BT-200", "59.99", {"AMAZON_EU": 80}),
    "POWERBANK-10K": ("Power bank 10,000 mAh", "29.99", {"AMAZON_EU": 120}),
    "LAMP-DESK-LED": ("LED desk lamp, dimmable", "39.90", {"AMAZON_EU": 35}),
}

# Buyers and their delivery addresses, with the non-ASCII names real orders carry.
PEOPLE = {
    "jurgen": ("Jürgen Müller", {"addressLine1": "Königsallee 5", "addressLine2": "3. OG",
                                 "city": "Düsseldorf", "stateOrRegion": "Nordrhein-Westfalen",
                                 "postalCode": "40212", "countryCode": "DE",
                                 "phone": "+49 211 555 0101"}),
    "anna": ("Anna Schröder", {"addressLine1": "Hauptstraße 12", "city": "München",
                               "stateOrRegion": "Bayern", "postalCode": "80331",
                               "countryCode": "DE", "phone": "+49 89 555 0102"}),
    "bjorn": ("Björn Weiß", {"addressLine1": "Am Fließ 3", "addressLine2": "Hinterhaus",
                             "addressLine3": "c/o Weiß", "city": "Berlin", "postalCode": "10999",
                             "countryCode": "DE", "phone": "+49 30 555 0103"}),
    "lena": ("Lena Fuchs", {"addressLine1": "Große Bleichen 21", "city": "Hamburg",
                            "postalCode": "20354", "countryCode": "DE"}),
    "zoe": ("Zoë Dupré", {"addressLine1": "3 place Bellecour", "city": "Lyon",
                          "stateOrRegion": "Rhône", "postalCode": "69002", "countryCode": "FR",
                          "phone": "+33 4 55 50 01 04"}),
    "helene": ("Hélène Lefèvre", {"addressLine1": "18 rue Sainte-Catherine",
                                  "city": "Bordeaux", "postalCode": "33000",
                                  "countryCode": "FR", "phone": "+33 5 55 50 01 05"}),
    "francois": ("François Girard", {"addressLine1": "7 quai des Chartrons",
                                      "addressLine2": "Bâtiment B", "city": "Nantes",
                                      "postalCode": "44000", "countryCode": "FR"}),
    "oliver": ("Oliver Smith", {"addressLine1": "221B Baker Street", "city": "London",
                                "postalCode": "NW1 6XE", "countryCode": "GB",
                                "phone": "+44 20 7946 0106"}),
    "siobhan": ("Siobhán Murphy", {"addressLine1": "14 Castle Street", "city": "Belfast",
                                   "stateOrRegion": "County Antrim", "postalCode": "BT1 1HB",
                                   "countryCode": "GB", "phone": "+44 28 9555 0107"}),
    "rhys": ("Rhys Llewellyn", {"addressLine1": "10 Queen Street", "city": "Cardiff",
                                "postalCode": "CF10 2BU", "countryCode": "GB"}),
}

# (order id, marketplace, fulfilled by, status, hours ago, buyer key, lines[, options]);
# a line is (sku, quantity[, item options of build_order]).
GIFT_DE = {"gift_wrap": "2.99", "gift_message": "Alles Liebe zum Geburtstag, Oma!"}
GIFT_FR = {"gift_wrap": "3.50", "gift_message": "Joyeux anniversaire, Zoë !"}
PROMO_DE = {"promotion_discount": "3.00", "shipping": "3.99", "shipping_discount": "3.99",
            "promotion_id": "DE-NOTEBOOK-3OFF"}
USED = {"condition": "USED_VERY_GOOD", "condition_note": "Cover slightly scratched",
        "unit_price": "9.90"}
BUSINESS = {"company": "Baker Street Consulting Ltd", "po_number": "PO-4711",
            "programs": ["AMAZON_BUSINESS"]}
ORDERS = [
    ("302-1000001-2000001", "DE", "MERCHANT", "UNSHIPPED", 3, "jurgen",
     [("MUG-CERAMIC-350", 1)]),
    ("302-1000002-2000002", "DE", "MERCHANT", "UNSHIPPED", 5, "anna",
     [("TEA-EARLGREY-100G", 3, {"shipping": "3.99"})]),
    ("302-1000003-2000003", "DE", "MERCHANT", "PARTIALLY_SHIPPED", 30, "bjorn",
     [("MUG-CERAMIC-350", 1), ("NOTEBOOK-A5-DOT", 2)]),
    ("302-1000004-2000004", "DE", "MERCHANT", "SHIPPED", 72, "lena",
     [("CANDLE-SOY-LAV", 1, {"shipping": "4.99"})]),
    ("302-1000005-2000005", "DE", "AMAZON", "SHIPPED", 50, "jurgen",
     [("HEADPHONES-BT-200", 1)], {"service_level": "NEXT_DAY", "programs": ["PRIME"]}),
    ("302-1000006-2000006", "DE", "AMAZON", "SHIPPED", 96, "anna", [("POWERBANK-10K", 2)]),
    ("302-1000007-2000007", "DE", "MERCHANT", "PENDING", 1, "lena", [("SOCKS-WOOL-42", 2)]),
    ("302-1000008-2000008", "DE", "MERCHANT", "CANCELLED", 120, "bjorn",
     [("NOTEBOOK-A5-DOT", 1)]),
    ("302-1000009-2000009", "DE", "MERCHANT", "UNSHIPPED", 8, "anna",
     [("CANDLE-SOY-LAV", 1, GIFT_DE)]),
    ("302-1000010-2000010", "DE", "MERCHANT", "UNSHIPPED", 12, "jurgen",
     [("NOTEBOOK-A5-DOT", 2, PROMO_DE)]),
    ("302-1000011-2000011", "DE", "MERCHANT", "UNSHIPPED", 20, "lena",
     [("BOTTLE-STEEL-750", 1)]),
    ("302-1000012-2000012", "DE", "AMAZON", "SHIPPED", 140, "bjorn", [("BOTTLE-STEEL-750", 2)]),
    ("302-1000013-2000013", "DE", "MERCHANT", "UNSHIPPED", 26, "anna", [("SOCKS-WOOL-42", 1)],
     {"replacement": True, "replaced_order_id": "302-0999999-1999999"}),
    ("302-1000014-2000014", "DE", "MERCHANT", "UNSHIPPED", 36, "jurgen",
     [("NOTEBOOK-A5-DOT", 1, USED)]),
    ("171-1000015-2000015", "FR", "MERCHANT", "UNSHIPPED", 4, "zoe", [("MUG-CERAMIC-350", 1)]),
    ("171-1000016-2000016", "FR", "MERCHANT", "UNSHIPPED", 9, "helene",
     [("TEA-EARLGREY-100G", 2), ("NOTEBOOK-A5-DOT", 1, {"shipping": "2.90"})]),
    ("171-1000017-2000017", "FR", "MERCHANT", "SHIPPED", 80, "francois",
     [("SOCKS-WOOL-42", 2, {"shipping": "3.50"})]),
    ("171-1000018-2000018", "FR", "AMAZON", "SHIPPED", 60, "zoe", [("LAMP-DESK-LED", 1)],
     {"programs": ["PRIME"]}),
    ("171-1000019-2000019", "FR", "AMAZON", "PENDING", 2, "helene", [("HEADPHONES-BT-200", 1)]),
    ("171-1000020-2000020", "FR", "MERCHANT", "CANCELLED", 100, "francois",
     [("CANDLE-SOY-LAV", 1)]),
    ("171-1000021-2000021", "FR", "MERCHANT", "UNSHIPPED", 15, "zoe",
     [("NOTEBOOK-A5-DOT", 1, GIFT_FR)]),
    ("171-1000022-2000022", "FR", "MERCHANT", "PARTIALLY_SHIPPED", 44, "helene",
     [("SOCKS-WOOL-42", 3)]),
    ("171-1000023-2000023", "FR", "MERCHANT", "UNSHIPPED", 6, "zoe",
     [("MUG-CERAMIC-350", 2, {"promotion_discount": "2.58"}), ("TEA-EARLGREY-100G", 1),
      ("CANDLE-SOY-LAV", 1, {"shipping": "4.90"})]),
    ("026-1000024-2000024", "GB", "MERCHANT", "UNSHIPPED", 7, "oliver", [("MUG-CERAMIC-350", 2)]),
    ("026-1000025-2000025", "GB", "MERCHANT", "UNSHIPPED", 10, "siobhan",
     [("TEA-EARLGREY-100G", 1, {"promotion_discount": "1.00", "promotion_id": "UK-TEA-1OFF"})]),
    ("026-1000026-2000026", "GB", "MERCHANT", "SHIPPED", 90, "rhys",
     [("NOTEBOOK-A5-DOT", 1, {"shipping": "2.99"})], {"service_level": "EXPEDITED"}),
    ("026-1000027-2000027", "GB", "AMAZON", "SHIPPED", 55, "rhys", [("POWERBANK-10K", 1)]),
    ("026-1000028-2000028", "GB", "AMAZON", "SHIPPED", 110, "oliver",
     [("HEADPHONES-BT-200", 1), ("LAMP-DESK-LED", 1)]),
    ("026-1000029-2000029", "GB", "MERCHANT", "PENDING", 1, "siobhan", [("CANDLE-SOY-LAV", 1)]),
    ("026-1000030-2000030", "GB", "MERCHANT", "UNSHIPPED", 18, "oliver",
     [("BOTTLE-STEEL-750", 5)], BUSINESS),
    ("026-1000031-2000031", "GB", "MERCHANT", "UNSHIPPED", 22, None, [("SOCKS-WOOL-42", 1)]),
]
# The anonymous buyer's delivery address (order 026-1000031-2000031).
ANONYMOUS_ADDRESS = {"name": "Sam Taylor", "addressLine1": "2 Market Street", "city": "Leeds",
                     "postalCode": "LS1 6DT", "countryCode": "GB"}

# FBA stock besides the AMAZON_EU quantities of PRODUCTS: (sku, marketplace, quantities).
INBOUND = [("POWERBANK-10K", "DE", {"inbound_shipped": 24, "inbound_receiving": 6})]
# FBA returns: (hours ago, order id, sku, units, disposition, customer's reason).
RETURNS = [(12, "302-1000006-2000006", "POWERBANK-10K", 1, "SELLABLE", "UNWANTED_ITEM"),
           (9, "026-1000028-2000028", "LAMP-DESK-LED", 1, "CUSTOMER_DAMAGED", "DEFECTIVE")]
# Account-level money: (hours ago, kind, marketplace, amount, sku).
CHARGES = [(13 * 24, "subscription", "DE", "39.00", None), (6 * 24, "storage", "DE", "3.12", None),
           (3 * 24, "advertising", "DE", "12.40", None),
           (2 * 24, "reimbursement", "DE", "9.50", "BOTTLE-STEEL-750")]
# Refunds: (hours ago, order id, {sku: units}, shipping refunded too).
REFUNDS = [(10, "302-1000006-2000006", {"POWERBANK-10K": 1}, False),
           (8, "026-1000028-2000028", {"LAMP-DESK-LED": 1}, True)]
# Marketplaces settled for the 14 days up to an hour before seeding.
SETTLED = ("DE", "FR", "GB")


def _item(sku, qty, extra=None):
    """An order line at the product's title and shelf price."""
    title, price, _channels = PRODUCTS[sku]
    return {"sku": sku, "title": title, "unit_price": price, "qty": qty, **(extra or {})}


def _buyer(key, options):
    """The buyer dict of a seeded order (None: an anonymous buyer with a generic address)."""
    if key is None:
        return None
    buyer = {"name": PEOPLE[key][0]}
    for field in ("company", "po_number"):
        if field in options:
            buyer[field] = options[field]
    return buyer


def demo_orders(now):
    """The seeded orders, built relative to ``now``; updates stay 3+ minutes old so that
    a search with Amazon's default upper bound (now - 2 minutes) sees them all."""
    orders = []
    for order_id, country, by, status, hours, person, lines, *rest in ORDERS:
        options = rest[0] if rest else {}
        created = now - timedelta(hours=hours)
        shipped = status in ("SHIPPED", "PARTIALLY_SHIPPED", "CANCELLED")
        updated = created + (timedelta(hours=20) if shipped else timedelta(minutes=5))
        updated = min(updated, now - timedelta(minutes=3))
        address = {"name": PEOPLE[person][0], **PEOPLE[person][1]} if person else ANONYMOUS_ADDRESS
        orders.append(build_order(
            order_id=order_id, marketplace=country, fulfilled_by=by, status=status,
            created=created, updated=updated, items=[_item(*line) for line in lines],
            buyer=_buyer(person, options), address=address,
            replacement=options.get("replacement", False),
            replaced_order_id=options.get("replaced_order_id"),
            service_level=options.get("service_level", "STANDARD"),
            programs=options.get("programs")))
    return orders


def seed(state, now):
    """Create the demo seller, its listings in DE, FR and GB, its orders and its money."""
    state.add_seller(DEMO_SELLER_ID, DEMO_MARKETPLACES, DEMO_REFRESH_TOKEN)
    for sku, (title, _price, channels) in PRODUCTS.items():
        for country in ("DE", "FR", "GB"):
            state.add_listing(DEMO_SELLER_ID, sku, country, dict(channels), "PRODUCT", now,
                              item_name=title)
    for order in demo_orders(now):
        state.add_order(order, DEMO_SELLER_ID)
    _seed_fba(state, now)
    for hours, kind, country, amount, sku in CHARGES:
        charge(state, DEMO_SELLER_ID, kind, amount, country, now - timedelta(hours=hours), sku,
               1 if sku else None)
    for hours, order_id, items, shipping in REFUNDS:
        refund(state, DEMO_SELLER_ID, order_id, items, shipping, now - timedelta(hours=hours))
    for country in SETTLED:
        settle(state, DEMO_SELLER_ID, country, now - timedelta(days=14),
               now - timedelta(hours=1), now)


_OPEN_FBA = {("AMAZON", "PENDING"), ("AMAZON", "UNSHIPPED")}


def _seed_fba(state, now):
    """FBA stock of the AMAZON_EU products in DE, FR and GB, units of open FBA orders
    reserved, one inbound shipment, and the seeded returns (which move the stock)."""
    pending = {}
    for order in state.orders[DEMO_SELLER_ID].values():
        fulfillment = order["fulfillment"]
        if (fulfillment["fulfilledBy"], fulfillment["fulfillmentStatus"]) in _OPEN_FBA:
            for item in order["orderItems"]:
                key = (order["salesChannel"]["marketplaceId"], item["product"]["sellerSku"])
                pending[key] = pending.get(key, 0) + item["quantityOrdered"]
    for sku, (title, _price, channels) in PRODUCTS.items():
        for country in ("DE", "FR", "GB") if "AMAZON_EU" in channels else ():
            marketplace = marketplaces.resolve(country).id
            set_quantities(stock(state, DEMO_SELLER_ID, marketplace, sku, now, title), now,
                           fulfillable=channels["AMAZON_EU"],
                           reserved=pending.get((marketplace, sku), 0))
    for sku, country, quantities in INBOUND:
        record = stock(state, DEMO_SELLER_ID, marketplaces.resolve(country).id, sku, now)
        set_quantities(record, now, **quantities)
    for hours, order_id, sku, units, disposition, reason in RETURNS:
        add_return(state, DEMO_SELLER_ID, order_id, sku, units, disposition, reason, None, "",
                   now - timedelta(hours=hours))


def bulk_orders(count, marketplace, fulfilled_by, now):
    """``count`` SHIPPED orders of the demo products that ``fulfilled_by`` ships, updated
    half an hour before ``now`` (after the seeded settlements): volume for benchmarks, such
    as a settlement of 500+ orders."""
    channel = "AMAZON_EU" if fulfilled_by == "AMAZON" else "DEFAULT"
    skus = [sku for sku, (_t, _p, channels) in PRODUCTS.items() if channel in channels]
    return [build_order(marketplace=marketplace, fulfilled_by=fulfilled_by, status="SHIPPED",
                        created=now - timedelta(hours=30), updated=now - timedelta(minutes=30),
                        items=[_item(skus[n % len(skus)], 1 + n % 3)])
            for n in range(int(count))]
