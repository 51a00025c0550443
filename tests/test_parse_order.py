"""parse_order: one Orders API v2026-01-01 order into plain values, or a clear error."""
import copy
from datetime import datetime
from decimal import Decimal

import pytest

from sale_amazon_sync.sandbox import build_order
from sale_amazon_sync.spapi.orders import OrderDataError, parse_order

GIFT = {"sku": "MUG-1", "title": "Ceramic mug", "qty": 2, "unit_price": "12.90",
        "shipping": "4.99", "shipping_discount": "1.00", "promotion_discount": "2.50",
        "gift_wrap": "3.00", "gift_wrap_level": "Classic", "gift_message": "Alles Gute!"}


def order(**kwargs):
    kwargs.setdefault("items", [{"sku": "MUG-1", "title": "Ceramic mug", "unit_price": "12.90"}])
    return build_order(**kwargs)


def broken(mutate, **kwargs):
    """An order changed by ``mutate`` (a function of the dict), which must be refused."""
    data = copy.deepcopy(order(**kwargs))
    mutate(data)
    with pytest.raises(OrderDataError) as error:
        parse_order(data)
    return str(error.value)


def test_order_fields_are_read():
    data = order(order_id="302-1234567-1234567", created="2026-11-30T08:15:00Z",
                 updated="2026-11-30T09:00:00+01:00", service_level="Expedited")
    parsed = parse_order(data)
    assert (parsed.ref, parsed.marketplace_ref, parsed.status, parsed.channel) == (
        "302-1234567-1234567", "A1PA6795UKMFR9", "UNSHIPPED", "fbm")
    assert parsed.purchase_date == datetime(2026, 11, 30, 8, 15)
    assert parsed.last_update == datetime(2026, 11, 30, 8, 0), "the offset is applied"
    assert (parsed.currency, parsed.total, parsed.service_level) == (
        "EUR", Decimal("12.90"), "Expedited")


def test_fba_orders_are_the_fba_channel():
    assert parse_order(order(fulfilled_by="AMAZON", status="SHIPPED")).channel == "fba"


def test_buyer_and_recipient_are_read_and_trimmed():
    parsed = parse_order(order(buyer={"name": " Erika Mustermann ", "email": "E@X.DE"},
                               address={"name": "Max", "addressLine1": "Weg 1",
                                        "addressLine2": "Hinterhaus", "addressLine3": "3. OG",
                                        "city": "Berlin", "postalCode": "10115",
                                        "stateOrRegion": "BE", "countryCode": "de"}))
    assert (parsed.buyer_name, parsed.buyer_email) == ("Erika Mustermann", "e@x.de")
    address = parsed.recipient
    assert (address.name, address.street, address.street2) == ("Max", "Weg 1",
                                                               "Hinterhaus, 3. OG")
    assert (address.zip, address.city, address.state, address.country_code) == (
        "10115", "Berlin", "BE", "DE")


def test_anonymous_buyer_has_no_name_nor_email():
    parsed = parse_order(order(buyer=None))
    assert (parsed.buyer_name, parsed.buyer_email) == ("", "")


def test_item_charges_are_split_into_net_and_tax():
    item = parse_order(order(items=[GIFT])).items[0]
    assert (item.sku, item.title, item.quantity) == ("MUG-1", "Ceramic mug", 2)
    assert item.product.gross == Decimal("25.80")
    assert item.shipping.gross == Decimal("4.99")
    assert item.gift_wrap.gross == Decimal("3.00")
    assert item.promotion.gross == Decimal("2.50"), "discounts are positive magnitudes"
    assert item.shipping_discount.gross == Decimal("1.00")
    assert item.product.tax == Decimal("4.12"), "19 % VAT inside the German price"
    assert (item.gift_message, item.gift_wrap_level) == ("Alles Gute!", "Classic")


def test_items_add_up_to_the_grand_total():
    parsed = parse_order(order(items=[GIFT, {"sku": "TEA-1", "unit_price": "5.00"}]))
    assert sum(item.total for item in parsed.items) == parsed.total == Decimal("35.29")


def test_used_condition_is_a_label_and_new_is_none():
    used, new = parse_order(order(items=[
        {"sku": "A", "condition": "USED_VERY_GOOD", "condition_note": " Box opened "},
        {"sku": "B"}])).items
    assert (used.condition, used.condition_note) == ("Used - Very Good", "Box opened")
    assert (new.condition, new.condition_note) == ("", "")


def test_replacement_order_carries_no_money():
    parsed = parse_order(order(replacement=True, replaced_order_id="302-0000000-0000001"))
    assert parsed.is_replacement
    assert parsed.total == Decimal("0")


def test_unpriced_pending_order_parses_without_money():
    parsed = parse_order(order(status="PENDING"))
    assert (parsed.status, parsed.currency, parsed.total) == ("PENDING", "", Decimal("0"))


def test_not_an_object_is_refused():
    with pytest.raises(OrderDataError, match="not a JSON object"):
        parse_order(["302-1234567-1234567"])


def test_malformed_order_reference_is_refused():
    assert "3-7-7" in broken(lambda d: d.update(orderId="12345"))


def test_unknown_fulfilled_by_is_refused():
    assert "fulfilledBy" in broken(lambda d: d["fulfillment"].update(fulfilledBy="DRONE"))


def test_missing_marketplace_is_refused():
    assert "salesChannel.marketplaceId is missing" in broken(
        lambda d: d["salesChannel"].pop("marketplaceId"))


def test_bad_dates_are_refused_and_missing_ones_said_missing():
    assert "createdTime is not an ISO 8601 date" in broken(
        lambda d: d.update(createdTime="yesterday"))
    assert "lastUpdatedTime is missing" in broken(lambda d: d.pop("lastUpdatedTime"))


def test_order_without_items_is_refused():
    assert "orderItems is missing or empty" in broken(lambda d: d.update(orderItems=[]))


def test_negative_or_fractional_quantity_is_refused():
    assert "quantityOrdered" in broken(lambda d: d["orderItems"][0].update(quantityOrdered=-1))
    assert "quantityOrdered" in broken(lambda d: d["orderItems"][0].update(quantityOrdered=1.5))


def test_amount_that_is_not_a_number_is_refused():
    def mutate(data):
        data["orderItems"][0]["proceeds"]["breakdowns"][0]["subtotal"]["amount"] = "12,90"
    assert "is not an amount" in broken(mutate)


def test_items_that_do_not_add_up_are_refused():
    assert "grandTotal" in broken(
        lambda d: d["proceeds"]["grandTotal"].update(amount="99.99"))


def test_error_messages_name_the_field_never_its_value():
    message = broken(lambda d: d["orderItems"][0]["product"].update(sellerSku="  "),
                     buyer={"name": "Secret Person", "email": "secret@example.com"})
    assert "orderItems[0].product.sellerSku is missing" in message
    assert "Secret" not in message and "secret@" not in message
