"""Orders shaped like each example of Amazon's Orders API v2026-01-01 model.

Amazon's published model (orders_2026-01-01.json) shows eight example orders, each with
its own shape: order-level breakdowns or the grand total alone, a delivery tip charged
at order level, TAX with or without detailed breakdowns, tax Amazon collects itself, no
buyer, business prices, yen without decimals, points, Brazilian tax registrations... Our
own orders, with our own values, take each of these shapes, so that tests and the
sandbox cover every one. ``SHAPES`` maps a name to a function building the order.
"""
from .orders import build_order, money


def _drop_order_breakdowns(order):
    order["proceeds"].pop("breakdowns", None)
    return order


def us_business_order_with_tip():
    """US, merchant-fulfilled, shipped: a business buyer, a business price, one item taxed
    (detailed on ITEM) and one not, gift options without gift-wrap money, and a delivery
    tip charged at order level that the grand total includes."""
    order = build_order(
        marketplace="US", status="SHIPPED", facilitator=False, delivery_tip="4.00",
        programs=["PRIME", "AMAZON_BUSINESS"],
        buyer={"name": "Dana Carter", "email": "dana@example.com",
               "company": "Carter Supplies LLC", "po_number": "PO-77120"},
        items=[{"sku": "DESK-ORG-1", "title": "Desk organizer", "qty": 2,
                "unit_price": "24.50", "tax_rate": "0.08", "business_price": True,
                "gift_wrap_level": "PREMIUM", "gift_message": "Thank you!"},
               {"sku": "PEN-SET-12", "title": "Pen set, 12", "unit_price": "9.99",
                "tax_rate": "0"}])
    order["orderAliases"] = [{"aliasId": "SELLER-2026-0042", "aliasType": "SELLER_ORDER_ID"}]
    return order


def jp_fba_order_in_yen():
    """Japan, fulfilled by Amazon: yen without decimals, no tax line, Amazon points
    granted (an expense, not proceeds), the grand total alone at order level."""
    order = build_order(marketplace="JP", fulfilled_by="AMAZON", status="SHIPPED",
                        buyer={"name": "Sato Yui", "email": "yui@example.jp"},
                        address={"name": "Sato Yui", "addressLine1": "1-2-3 Jingumae",
                                 "city": "Shibuya-ku", "postalCode": "150-0001"},
                        items=[{"sku": "TEA-SENCHA-80", "title": "Sencha 80 g",
                                "unit_price": "1480", "tax_rate": "0"},
                               {"sku": "CUP-YUNOMI", "title": "Yunomi cup", "qty": 2,
                                "unit_price": "2200", "tax_rate": "0"}])
    for item in order["orderItems"]:
        item["expense"] = {"pointsCost": {"pointsGranted": {
            "pointsNumber": 15, "pointsMonetaryValue": money("15", "JPY")}}}
    return _drop_order_breakdowns(order)


def gb_order_with_grand_total_only():
    """United Kingdom, merchant-fulfilled, shipped: one item, ITEM alone in its proceeds
    (no tax line), a measurement and substitution preferences, no order breakdowns."""
    order = build_order(marketplace="GB", status="SHIPPED",
                        items=[{"sku": "SCARF-WOOL-GRY", "title": "Wool scarf, grey",
                                "unit_price": "29.00", "tax_rate": "0"}])
    item = order["orderItems"][0]
    item["measurement"] = {"unit": "COUNT", "value": 1}
    item["fulfillment"]["picking"] = {"substitutionPreference": {
        "substitutionType": "CUSTOMER_PREFERENCE",
        "substitutionOptions": [{"asin": "B0SUBST001", "quantityOrdered": 1,
                                 "sellerSku": "SCARF-WOOL-BLU", "title": "Wool scarf, blue",
                                 "measurement": {"unit": "COUNT", "value": 1}}]}}
    return _drop_order_breakdowns(order)


def br_business_order_with_tax_registrations():
    """Brazil, merchant-fulfilled, unshipped: a business price, the order's tax
    registrations and payment (no money of the seller's), extended address fields."""
    order = build_order(marketplace="BR", items=[
        {"sku": "CHAIR-ERGO", "title": "Cadeira ergonômica", "unit_price": "1249.90",
         "tax_rate": "0", "business_price": True}],
        buyer={"name": "Marina Souza", "email": "marina@example.com.br",
               "company": "Souza Design Ltda", "po_number": "PC-2026-311"},
        address={"name": "Marina Souza", "addressLine1": "Avenida Paulista, 900",
                 "city": "São Paulo", "stateOrRegion": "SP", "postalCode": "01310-100",
                 "addressType": "COMMERCIAL",
                 "extendedFields": {"streetName": "Avenida Paulista", "streetNumber": "900",
                                    "complement": "Sala 12", "neighborhood": "Bela Vista"}})
    order["tax"] = {"taxRegistrations": [
        {"entityType": "BUYER", "legalName": "Souza Design Ltda", "taxRegistrationType": "CNPJ",
         "taxRegistrationNumber": "12345678000199"},
        {"entityType": "MERCHANT", "legalName": "Sandbox Store"}],
        "taxInvoicing": {"invoiceStatus": "PROCESSING"}}
    order["payment"] = {"paymentExecutions": [{
        "paymentMethod": "CreditCard", "paymentAmount": order["proceeds"]["grandTotal"],
        "cardBrand": "Visa"}]}
    return _drop_order_breakdowns(order)


def gb_order_with_shipping_tax():
    """United Kingdom, merchant-fulfilled, shipped: item and shipping with their tax
    detailed per subtype, a gift option without gift-wrap money, an IOSS number."""
    order = build_order(marketplace="GB", status="SHIPPED", items=[
        {"sku": "LAMP-TABLE-OAK", "title": "Oak table lamp", "qty": 3, "unit_price": "36.00",
         "shipping": "6.00", "business_price": True, "gift_wrap_level": "PREMIUM"}])
    order["orderItems"][0]["shipping"] = {"internationalShipping": {"iossNumber": "IM9990001"}}
    return order


def br_order_with_label_window():
    """Brazil, merchant-fulfilled, unshipped: a label printing window, a standard gift
    option without money, the grand total alone."""
    order = build_order(marketplace="BR", items=[
        {"sku": "MUG-CAFE-BR", "title": "Caneca de café", "unit_price": "59.90",
         "tax_rate": "0", "gift_wrap_level": "STANDARD"}])
    order["fulfillment"]["labelPrintingWindow"] = {
        "earliestDateTime": order["fulfillment"]["shipByWindow"]["earliestDateTime"]}
    return _drop_order_breakdowns(order)


def tr_order_with_tax_collected_by_amazon():
    """Turkey, merchant-fulfilled, shipped: an item whose tax Amazon collects itself
    (taxCollections MARKETPLACE_FACILITATOR), no tax line in its proceeds, the buyer's
    business tax registration."""
    order = build_order(marketplace="TR", status="SHIPPED", facilitator=True, items=[
        {"sku": "TOWEL-COTTON", "title": "Pamuk havlu", "qty": 2, "unit_price": "175.00",
         "tax_rate": "0"}])
    order["orderItems"][0]["tax"]["taxCalculationBreakdowns"] = [{"reportingScheme": "IOSS"}]
    order["tax"] = {"taxRegistrations": [{
        "entityType": "BUYER", "taxRegistrationType": "BUSINESS",
        "taxRegistrationNumber": "TR9876543210", "legalName": "Havlu Ticaret A.S.",
        "taxRegistrationAttributes": [{"key": "TAX_OFFICE", "value": "Kadikoy"}]}],
        "taxInvoicing": {"buyerInvoicePreference": "BUSINESS"}}
    return _drop_order_breakdowns(order)


def us_store_pickup_without_buyer():
    """United States, merchant-fulfilled, unshipped, picked up in store: no buyer block,
    the store as recipient, a TAX line without detailed breakdowns, an associated
    value-added service item."""
    order = build_order(marketplace="US", buyer=None, facilitator=False,
                        programs=["IN_STORE_PICK_UP"],
                        address={"name": "Sandbox Store #12", "companyName": "Sandbox Store",
                                 "addressLine1": "500 Pine St", "city": "Seattle",
                                 "stateOrRegion": "WA", "postalCode": "98101",
                                 "addressType": "COMMERCIAL", "phone": "+1 206-555-0199"},
                        items=[{"sku": "GRILL-PORT-1", "title": "Portable grill",
                                "unit_price": "45.00", "tax_rate": "0.10",
                                "tax_detail": False}])
    order["orderItems"][0]["associatedOrderItems"] = [{
        "orderId": "333-7654321-1234567", "orderItemId": "33376543211234",
        "associationType": "VALUE_ADD_SERVICE"}]
    for key in ("shipByWindow", "deliverByWindow"):
        order["fulfillment"].pop(key, None)
    return _drop_order_breakdowns(order)


SHAPES = {function.__name__: function for function in (
    us_business_order_with_tip, jp_fba_order_in_yen, gb_order_with_grand_total_only,
    br_business_order_with_tax_registrations, gb_order_with_shipping_tax,
    br_order_with_label_window, tr_order_with_tax_collected_by_amazon,
    us_store_pickup_without_buyer,
)}
