from odoo import api, fields, models


class AmazonOffer(models.Model):
    _name = "amazon.offer"
    _description = "Amazon Offer"
    _rec_name = "sku"
    _order = "account_id, sku"

    account_id = fields.Many2one("amazon.account", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="account_id.company_id", store=True)
    marketplace_id = fields.Many2one("amazon.marketplace")
    product_id = fields.Many2one("product.product", required=True, ondelete="restrict",
                                 index=True)
    product_template_id = fields.Many2one(related="product_id.product_tmpl_id", store=True)
    sku = fields.Char(string="SKU", required=True, help="The seller's SKU of the offer.")

    _sql_constraints = [
        ("sku_unique", "UNIQUE(account_id, sku)", "This SKU already has an offer on this account."),
    ]

    @api.model
    def _amazon_offer(self, account, marketplace, sku):
        """The offer of a SKU, created on first sight: matched to the product whose internal
        reference is the SKU, else to the default product until such a product appears."""
        offer = self.search([("account_id", "=", account.id), ("sku", "=", sku)], limit=1)
        default = self.env["product.product"]._amazon_default_product("sale")
        if offer and offer.product_id != default:
            return offer
        product = self.env["product.product"].search([
            ("default_code", "=", sku), ("company_id", "in", [account.company_id.id, False]),
        ], limit=1)
        if offer:
            if product:
                offer.product_id = product
            return offer
        return self.create({"account_id": account.id, "marketplace_id": marketplace.id,
                            "sku": sku, "product_id": (product or default).id})
