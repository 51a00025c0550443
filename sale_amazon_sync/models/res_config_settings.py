from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    amazon_lwa_client_id = fields.Char(
        string="Amazon LWA Client ID", config_parameter="sale_amazon_sync.lwa_client_id",
        groups="base.group_system")
    amazon_lwa_client_secret = fields.Char(
        string="Amazon LWA Client Secret", config_parameter="sale_amazon_sync.lwa_client_secret",
        groups="base.group_system")
    amazon_app_id = fields.Char(
        string="Amazon Application ID", config_parameter="sale_amazon_sync.app_id",
        groups="base.group_system")
    amazon_app_draft = fields.Boolean(
        string="Amazon Draft App", config_parameter="sale_amazon_sync.app_draft",
        groups="base.group_system",
        help="The app is not published yet: Amazon's consent page needs version=beta.")
    amazon_default_product_id = fields.Many2one(
        "product.product", string="Amazon Default Product",
        config_parameter="sale_amazon_sync.default_product_id",
        help="Sold in place of Amazon SKUs that match no product, and for gift wrapping.")
    amazon_shipping_product_id = fields.Many2one(
        "product.product", string="Amazon Shipping Product",
        config_parameter="sale_amazon_sync.shipping_product_id",
        help="Used for shipping charges whose service level matches no internal reference.")
