from odoo import fields, models


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
