from decimal import Decimal

from odoo.tests import tagged

from ..sandbox.shapes import SHAPES
from .common import AmazonOrderCase

# sku -> tax rate (percent) of the product, as the seller set it up to match Amazon's.
TAXES = {"DESK-ORG-1": 8, "PEN-SET-12": 0, "GRILL-PORT-1": 10, "SCARF-WOOL-GRY": 20,
         "LAMP-TABLE-OAK": 20, "TEA-SENCHA-80": 0, "CUP-YUNOMI": 0, "CHAIR-ERGO": 0,
         "MUG-CAFE-BR": 0, "TOWEL-COTTON": 18, "US-LAMP": 8}


def grand_total(data):
    return Decimal(data["proceeds"]["grandTotal"]["amount"])


@tagged("post_install", "-at_install")
class TestOrderShapes(AmazonOrderCase):
    """Orders shaped like each example of Amazon's Orders API model, on accounts of
    each region, with the seller's taxes set up as Amazon's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account.active_marketplace_ids |= cls.env.ref("sale_amazon_sync.marketplace_tr")
        cls.account.available_marketplace_ids |= cls.env.ref("sale_amazon_sync.marketplace_tr")
        cls.na = cls.region_account("NA", ["US", "BR"])
        cls.fe = cls.region_account("FE", ["JP"])
        taxes = {rate: cls.env["account.tax"].create({
            "name": f"Sales {rate}% (shapes)", "amount": rate, "type_tax_use": "sale"})
            for rate in set(TAXES.values())}
        for sku, rate in TAXES.items():
            cls.product(sku, sku, taxes=taxes[rate])
        shipping = cls.env["product.product"]._amazon_default_product("shipping")
        shipping.taxes_id = taxes[20]

    def setUp(self):
        super().setUp()  # the sandbox is back to its seed: our sellers again
        for account in (self.na, self.fe):
            self.sandbox.add_seller(account.seller_key,
                                    account.active_marketplace_ids.mapped("api_ref"),
                                    refresh_token=account.sudo().refresh_token)

    @classmethod
    def region_account(cls, name, countries):
        marketplaces = cls.env["amazon.marketplace"].search(
            [("country_id.code", "in", countries)])
        seller = f"A1{name}SELLER0001"
        token = f"Atzr|{name}-shapes"
        account = cls.env["amazon.account"].create({
            "name": name, "base_marketplace_id": marketplaces[0].id,
            "available_marketplace_ids": [(6, 0, marketplaces.ids)],
            "active_marketplace_ids": [(6, 0, marketplaces.ids)]})
        account.sudo().write({"refresh_token": token, "seller_key": seller})
        return account

    def account_for(self, data):
        marketplace = self.env["amazon.marketplace"].search(
            [("api_ref", "=", data["salesChannel"]["marketplaceId"])])
        return {"na": self.na, "fe": self.fe}.get(marketplace.region, self.account)

    def imported(self, data):
        account = self.account_for(data)
        self.sandbox.add_order(data, seller_id=account.seller_key)
        account.last_orders_sync = False
        self.sync(account)
        return self.sale(data)

    def test_every_example_shape_imports_with_amazons_total(self):
        for name, build in SHAPES.items():
            data = build()
            sale = self.imported(data)
            self.assertEqual(sale.state, "sale", name)
            self.assertFalse(self.env["amazon.order.error"].search(
                [("order_ref", "=", data["orderId"])]), name)
            self.assertAlmostEqual(sale.amount_total + sale.amazon_facilitator_tax,
                                   float(grand_total(data)), places=2, msg=name)

    def test_delivery_tip_is_a_line_of_its_own(self):
        data = SHAPES["us_business_order_with_tip"]()
        sale = self.imported(data)
        tip = sale.order_line.filtered(lambda line: line.product_id == self.env.ref(
            "sale_amazon_sync.product_amazon_delivery_tip"))
        self.assertEqual((tip.price_total, tip.tax_id.ids), (4.0, []))

    def test_cod_fee_and_other_charges_become_lines(self):
        data = self.put_order(items=[{"sku": "MUG-1", "unit_price": "12.90", "cod_fee": "2.38",
                                      "other_charge": "1.19"}])
        self.sync()
        sale = self.sale(data)
        products = sale.order_line.product_id
        self.assertIn(self.env.ref("sale_amazon_sync.product_amazon_cod_fee"), products)
        self.assertIn(self.env.ref("sale_amazon_sync.product_amazon_other"), products)
        self.assertAlmostEqual(sale.amount_total, float(grand_total(data)), places=2)

    def test_charge_products_can_be_chosen_in_settings(self):
        fee = self.env["product.product"].create({"name": "COD fee", "type": "service"})
        self.env["res.config.settings"].create({"amazon_cod_fee_product_id": fee.id}).execute()
        data = self.put_order(items=[{"sku": "MUG-1", "unit_price": "12.90", "cod_fee": "2.00"}])
        self.sync()
        self.assertIn(fee, self.sale(data).order_line.product_id)

    def test_tax_collected_by_amazon_is_not_the_sellers(self):
        data = self.put_order(seller_id=self.na.seller_key, marketplace="US", items=[
            {"sku": "US-LAMP", "qty": 2, "unit_price": "19.99", "tax_rate": "0.08",
             "shipping": "4.99"}])
        self.na.last_orders_sync = False
        self.sync(self.na)
        sale = self.sale(data)
        self.assertFalse(sale.order_line.tax_id, "none of the seller's sales taxes")
        self.assertEqual(sale.fiscal_position_id.name, "Amazon: tax collected by Amazon")
        self.assertAlmostEqual(sale.amazon_facilitator_tax, 3.60, places=2)
        self.assertAlmostEqual(sale.amount_total + sale.amazon_facilitator_tax,
                               float(grand_total(data)), places=2)
        self.assertAlmostEqual(sale.amount_total, 44.97, places=2)

    def test_facilitator_position_is_made_once_per_company(self):
        positions = self.env["account.fiscal.position"]
        first = positions._amazon_facilitator_position(self.env.company)
        self.assertEqual(positions._amazon_facilitator_position(self.env.company), first)
        self.assertIn(self.vat19, first.tax_ids.tax_src_id, "the company's sales taxes map away")
        self.assertFalse(first.tax_ids.tax_dest_id)

    def test_tax_amazon_collects_on_a_tax_included_marketplace(self):
        data = self.put_order(facilitator=True, items=[{"sku": "MUG-1", "unit_price": "11.90"}])
        self.sync()
        sale = self.sale(data)
        self.assertFalse(sale.order_line.tax_id)
        self.assertAlmostEqual(sale.amount_total, 10.00, places=2)
        self.assertAlmostEqual(sale.amazon_facilitator_tax, 1.90, places=2)

    def test_one_yen_rounding_gap_is_absorbed(self):
        jp_tax = self.env["account.tax"].create({"name": "JP 10% (test)", "amount": 10,
                                                 "type_tax_use": "sale"})
        self.product("JP-KETTLE", "Kettle", taxes=jp_tax)
        data = self.put_order(seller_id=self.fe.seller_key, marketplace="JP", fulfilled_by="AMAZON",
                              status="SHIPPED", items=[{"sku": "JP-KETTLE", "unit_price": "1236",
                                                        "tax": "123"}])
        self.fe.last_orders_sync = False
        self.sync(self.fe)
        sale = self.sale(data)
        self.assertEqual(sale.amount_total, 1359, "Amazon rounded the tax down, Odoo up")
        self.assertFalse(sale.message_ids.filtered(lambda m: "differs" in (m.body or "")))

    def test_the_offer_that_sold_an_item_is_on_its_line(self):
        data = self.put_order()
        self.sync()
        line = self.sale(data).order_line.filtered("amazon_item_ref")
        self.assertEqual(line.amazon_offer_id.sku, "MUG-1")
        self.assertEqual(line.amazon_offer_id.product_id, line.product_id)
