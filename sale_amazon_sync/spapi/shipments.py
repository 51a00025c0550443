"""confirmShipment bodies for FBM packages (Orders API v0), as pure functions.

The caller says what was shipped (items and quantities per package) and how; this module
writes it the way Amazon expects, so that no model spells Amazon's field names. No Odoo.
"""
from . import carriers
from .timestamps import format_timestamp


def split_tracking_numbers(text):
    """The tracking numbers of a delivery: Odoo keeps several in one field, comma-separated."""
    return [number.strip() for number in (text or "").split(",") if number.strip()]


def package_details(delivery_ref, packages, *, carrier_name, carrier_code, tracking,
                    ship_date, shipping_method=None):
    """One ``packageDetail`` per package of a delivery.

    ``packages`` lists, per package, ``{orderItemId: quantity shipped}``. Packages are
    referenced ``<delivery_ref><nn>``: stable per delivery and package, so that sending
    again edits the shipment instead of adding one. With as many tracking numbers as
    packages each package gets its own, otherwise all share the first.
    """
    code, name = carriers.amazon_carrier(carrier_name, carrier_code)
    numbers = split_tracking_numbers(tracking)
    if not numbers:
        raise ValueError("A tracking number is needed to confirm a shipment.")
    details = []
    for index, items in enumerate(packages, start=1):
        detail = {
            "packageReferenceId": f"{delivery_ref}{index:02d}",
            "carrierCode": code,
            "trackingNumber": numbers[index - 1] if len(numbers) == len(packages) else numbers[0],
            "shipDate": format_timestamp(ship_date),
            "orderItems": [{"orderItemId": ref, "quantity": round(quantity)}
                           for ref, quantity in items.items()],
        }
        if shipping_method:
            detail["shippingMethod"] = shipping_method
        if code == carriers.OTHER:
            detail["carrierName"] = name
        details.append(detail)
    return details
