"""confirmShipment bodies: packages, carriers and tracking numbers as Amazon wants them."""
from datetime import datetime, timedelta, timezone

import pytest

from sale_amazon_sync.spapi.shipments import package_details, split_tracking_numbers

SHIPPED = datetime(2026, 11, 30, 14, 5, 9)


def details(packages, **kwargs):
    options = dict(carrier_name="DHL Paket", carrier_code=None, tracking="T1",
                   ship_date=SHIPPED, shipping_method="DHL Paket")
    return package_details(42, packages, **dict(options, **kwargs))


def test_tracking_numbers_are_split_on_commas():
    assert split_tracking_numbers(" A1, ,B2 ,") == ["A1", "B2"]
    assert split_tracking_numbers(False) == []


def test_one_package_carries_its_items_and_the_carrier_code():
    [detail] = details([{"11111111111111": 2.0}])
    assert detail == {
        "packageReferenceId": "4201", "carrierCode": "DHL-Paket", "trackingNumber": "T1",
        "shipDate": "2026-11-30T14:05:09Z", "shippingMethod": "DHL Paket",
        "orderItems": [{"orderItemId": "11111111111111", "quantity": 2}],
    }


def test_package_references_are_stable_per_delivery_and_package():
    first, second = details([{"A": 1}, {"B": 1}])
    assert (first["packageReferenceId"], second["packageReferenceId"]) == ("4201", "4202")
    assert details([{"A": 1}, {"B": 1}])[1]["packageReferenceId"] == "4202"


def test_each_package_gets_its_tracking_number_when_there_are_as_many():
    first, second = details([{"A": 1}, {"B": 1}], tracking="T1,T2")
    assert (first["trackingNumber"], second["trackingNumber"]) == ("T1", "T2")
    first, second = details([{"A": 1}, {"B": 1}], tracking="T1,T2,T3")
    assert (first["trackingNumber"], second["trackingNumber"]) == ("T1", "T1")


def test_unknown_carrier_goes_as_other_with_its_name():
    [detail] = details([{"A": 1}], carrier_name="Kurier Müller")
    assert (detail["carrierCode"], detail["carrierName"]) == ("Other", "Kurier Müller")


def test_aware_ship_dates_are_sent_in_utc():
    aware = SHIPPED.replace(tzinfo=timezone(timedelta(hours=2)))
    assert details([{"A": 1}], ship_date=aware)[0]["shipDate"] == "2026-11-30T12:05:09Z"


def test_no_tracking_number_is_refused():
    with pytest.raises(ValueError, match="tracking number"):
        details([{"A": 1}], tracking=" , ")
