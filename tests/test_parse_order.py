"""parse_order: one Orders API v2026-01-01 order into plain values, or a clear error."""
import copy
from datetime import datetime
from decimal import Decimal

import pytest

from sale_amazon_sync.sandbox import build_order
from sale_amazon_sync.sandbox.shapes import SHAPES
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


# Every shape of Amazon's own examples (sandbox/shapes.py) ------------------------------------

@pytest.mark.parametrize("name", sorted(SHAPES))
def test_every_example_shape_adds_up_to_its_grand_total(name):
    data = SHAPES[name]()
    parsed = parse_order(data)
    items = sum(item.total for item in parsed.items)
    assert items + parsed.delivery_tip == parsed.total
    assert parsed.total == Decimal(data["proceeds"]["grandTotal"]["amount"])


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_the_sandbox_serves_every_example_shape(name, sandbox, client):
    data = SHAPES[name]()
    sandbox.add_order(data)
    served = client().get_order(data["orderId"])
    assert parse_order(served).total == parse_order(data).total


def test_delivery_tip_belongs_to_no_item():
    parsed = parse_order(SHAPES["us_business_order_with_tip"]())
    assert parsed.delivery_tip == Decimal("4.00")
    assert sum(item.total for item in parsed.items) == parsed.total - Decimal("4.00")


def test_pending_tip_not_yet_in_the_grand_total_is_left_out():
    parsed = parse_order(order(marketplace="US", delivery_tip="3.00", tip_status="PENDING"))
    assert parsed.delivery_tip == 0


def test_tax_without_details_is_shared_among_the_charges():
    item = parse_order(order(marketplace="US", facilitator=False, items=[
        {"sku": "A", "unit_price": "30.00", "shipping": "10.00", "tax_rate": "0.10",
         "tax_detail": False}])).items[0]
    assert (item.product.tax, item.shipping.tax) == (Decimal("3.00"), Decimal("1.00"))


def test_discounts_written_as_positive_amounts_are_still_taken_off():
    negative = parse_order(order(items=[GIFT])).items[0]
    positive = parse_order(order(items=[dict(GIFT, positive_discounts=True)])).items[0]
    assert positive.total == negative.total
    assert positive.promotion == negative.promotion


def test_cod_fee_and_other_charges_are_read_with_their_tax():
    item = parse_order(order(items=[{"sku": "A", "unit_price": "10.00", "cod_fee": "2.38",
                                     "other_charge": "1.19"}])).items[0]
    assert (item.cod_fee.gross, item.cod_fee.tax) == (Decimal("2.38"), Decimal("0.38"))
    assert (item.other.gross, item.other.tax) == (Decimal("1.19"), Decimal("0.19"))


def test_unknown_breakdown_type_counts_as_another_charge():
    data = order()
    proceeds = data["orderItems"][0]["proceeds"]
    proceeds["breakdowns"].append({"type": "FUTURE_FEE", "subtotal": {"amount": "1.00",
                                                                       "currencyCode": "EUR"}})
    proceeds["proceedsTotal"]["amount"] = "13.90"
    data["proceeds"]["grandTotal"]["amount"] = "13.90"
    assert parse_order(data).items[0].other.net == Decimal("1.00")


def test_tax_amazon_collects_itself_is_the_facilitator_tax():
    parsed = parse_order(order(marketplace="US", items=[
        {"sku": "A", "unit_price": "50.00", "tax_rate": "0.08"}]))
    assert parsed.items[0].facilitator
    assert parsed.facilitator_tax == Decimal("4.00")
    assert parsed.total == Decimal("54.00")


def test_item_without_proceeds_is_charged_its_unit_price():
    data = order(items=[{"sku": "A", "qty": 2, "unit_price": "5.00"}])
    del data["orderItems"][0]["proceeds"]
    assert parse_order(data).items[0].product.net == Decimal("10.00")


# Garbled and hostile data: refused with a message naming the field ----------------------

@pytest.mark.parametrize("mutate, message", [
    (lambda d: d["buyer"].update(buyerName="x" * 6000), "buyer.buyerName is longer than"),
    (lambda d: d["buyer"].update(buyerName="Eve\x00"), "buyer.buyerName holds a NUL"),
    (lambda d: d["buyer"].update(buyerName="Eve \ud800"), "buyer.buyerName is not valid Unicode"),
    (lambda d: d["buyer"].update(buyerName=["Eve"]), "buyer.buyerName is not a text"),
    (lambda d: d["fulfillment"].update(fulfillmentStatus="EXPLODED"), "fulfillmentStatus"),
    (lambda d: d["orderItems"][0]["proceeds"]["breakdowns"][0]["subtotal"].update(
        currencyCode="USD"), "not all in proceeds.grandTotal's currency"),
    (lambda d: d["orderItems"][0]["proceeds"]["breakdowns"][0]["subtotal"].update(
        amount="-1.00"), "negative charge"),
    (lambda d: d["orderItems"][0]["proceeds"]["breakdowns"][0]["subtotal"].update(
        amount="1e12"), "out of range"),
    (lambda d: d["orderItems"][0].update(quantityOrdered=10 ** 9), "out of range"),
    (lambda d: d["orderItems"][0].update(quantityOrdered=True), "not a whole number"),
    (lambda d: d.update(associatedOrders="none"), "associatedOrders is not a list"),
])
def test_garbled_or_hostile_data_is_refused_by_field(mutate, message):
    assert message in broken(mutate)


def test_html_in_buyer_data_is_kept_as_text():
    parsed = parse_order(order(buyer={"name": "<script>alert(1)</script>",
                                      "email": "x@example.com"}))
    assert parsed.buyer_name == "<script>alert(1)</script>"
