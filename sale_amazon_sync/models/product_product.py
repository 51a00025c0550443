from odoo import api, models

from ..utils import get_record

# kind -> (XML id, setting choosing another product, values to recreate it)
DEFAULT_PRODUCTS = {
    "sale": ("sale_amazon_sync.product_amazon_sale", "default_product_id",
             {"name": "Amazon Sale", "type": "consu", "default_code": "AMAZON-SALE"}),
    "shipping": ("sale_amazon_sync.product_amazon_shipping", "shipping_product_id",
                 {"name": "Amazon Shipping", "type": "service",
                  "default_code": "AMAZON-SHIPPING"}),
    "cod_fee": ("sale_amazon_sync.product_amazon_cod_fee", "cod_fee_product_id",
                {"name": "Amazon Cash on Delivery Fee", "type": "service",
                 "default_code": "AMAZON-COD-FEE"}),
    "delivery_tip": ("sale_amazon_sync.product_amazon_delivery_tip", "delivery_tip_product_id",
                     {"name": "Amazon Delivery Tip", "type": "service",
                      "default_code": "AMAZON-TIP"}),
    "other": ("sale_amazon_sync.product_amazon_other", "other_product_id",
              {"name": "Amazon Other Charge", "type": "service",
               "default_code": "AMAZON-OTHER"}),
}


class ProductProduct(models.Model):
    _inherit = "product.product"

    @api.model
    def _amazon_default_product(self, kind):
        """The product standing in for unmatched SKUs ("sale"), shipping ("shipping"),
        cash-on-delivery fees ("cod_fee"), delivery tips ("delivery_tip") and other
        charges ("other"): the one chosen in Settings, else ours, restored if someone
        deleted it."""
        xml_id, param, values = DEFAULT_PRODUCTS[kind]
        product = get_record(self.env, param, self._name) \
            or self.env.ref(xml_id, raise_if_not_found=False)
        if not product:
            product = self.sudo().create(dict(values, active=False, sale_ok=True,
                                              purchase_ok=False))
            self.env["ir.model.data"].sudo()._update_xmlids([{
                "xml_id": xml_id, "record": product, "noupdate": True}])
        return product.sudo(False)

    @api.model
    def _amazon_product_for_code(self, code, kind, company):
        """The company's product whose internal reference is Amazon's code (shipping
        service level, gift-wrap level), else the default product of ``kind``."""
        product = code and self.search([("default_code", "=", code),
                                        ("company_id", "in", [company.id, False])], limit=1)
        return product or self._amazon_default_product(kind)
