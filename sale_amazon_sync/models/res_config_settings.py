from datetime import timedelta

from odoo import api, fields, models

from .. import const
from ..utils import get_param, secret_rotation_due, set_params

# Only administrators may read the app's credentials, on every path.
ADMIN_ONLY = "base.group_system"


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    amazon_lwa_client_id = fields.Char(
        string="Amazon LWA Client ID", config_parameter="sale_amazon_sync.lwa_client_id",
        groups=ADMIN_ONLY)
    amazon_lwa_client_secret = fields.Char(
        string="Amazon LWA Client Secret", config_parameter="sale_amazon_sync.lwa_client_secret",
        groups=ADMIN_ONLY)
    amazon_app_id = fields.Char(
        string="Amazon Application ID", config_parameter="sale_amazon_sync.app_id",
        groups=ADMIN_ONLY)
    amazon_app_draft = fields.Boolean(
        string="Amazon Draft App", config_parameter="sale_amazon_sync.app_draft",
        groups=ADMIN_ONLY,
        help="The app is not published yet: Amazon's consent page needs version=beta.")
    amazon_default_product_id = fields.Many2one(
        "product.product", string="Amazon Default Product",
        config_parameter="sale_amazon_sync.default_product_id",
        help="Sold in place of Amazon SKUs that match no product, and for gift wrapping.")
    amazon_shipping_product_id = fields.Many2one(
        "product.product", string="Amazon Shipping Product",
        config_parameter="sale_amazon_sync.shipping_product_id",
        help="Used for shipping charges whose service level matches no internal reference.")
    amazon_cod_fee_product_id = fields.Many2one(
        "product.product", string="Amazon Cash on Delivery Fee Product",
        config_parameter="sale_amazon_sync.cod_fee_product_id",
        help="Sold for the cash-on-delivery fees Amazon charges the buyer.")
    amazon_delivery_tip_product_id = fields.Many2one(
        "product.product", string="Amazon Delivery Tip Product",
        config_parameter="sale_amazon_sync.delivery_tip_product_id",
        help="Sold for the delivery tips buyers add to their orders.")
    amazon_other_product_id = fields.Many2one(
        "product.product", string="Amazon Other Charge Product",
        config_parameter="sale_amazon_sync.other_product_id",
        help="Sold for the other charges Amazon lists on an order item.")

    amazon_log_retention_days = fields.Integer(
        string="Amazon Log Retention (days)", default=const.LOG_RETENTION_DAYS,
        config_parameter="sale_amazon_sync.log_retention_days",
        help="Synchronization runs older than this are deleted.")

    amazon_lwa_secret_date = fields.Date(
        string="Amazon LWA Secret Set On", compute="_compute_amazon_lwa_secret",
        groups=ADMIN_ONLY,
        help="When the client secret was last changed here: Amazon requires a new one "
             "every 180 days.")
    amazon_lwa_secret_due = fields.Date(
        string="Amazon LWA Secret Due", compute="_compute_amazon_lwa_secret",
        groups=ADMIN_ONLY)

    def _compute_amazon_lwa_secret(self):
        due = secret_rotation_due(self.env)
        for settings in self:
            settings.amazon_lwa_secret_due = due
            settings.amazon_lwa_secret_date = due and due - timedelta(
                days=const.SECRET_ROTATION_DAYS)

    def set_values(self):
        """A new client secret restarts the 180 days Amazon gives until the next one."""
        changed = (self.env.user.has_group(ADMIN_ONLY) and self.amazon_lwa_client_secret
                   and self.amazon_lwa_client_secret != get_param(self.env, "lwa_client_secret"))
        res = super().set_values()
        if changed:
            set_params(self.env, {"lwa_client_secret_date": fields.Date.today().isoformat(),
                                  "lwa_secret_reminded": False})
        return res

    @api.model
    def default_get(self, fields):
        """Odoo reads settings from the system parameters as superuser, whoever asks:
        leave out our fields the user may not read (default_get is callable by any RPC
        client, and onchange and create go through it)."""
        values = super().default_get(fields)
        readable = set(self.check_field_access_rights("read", None))
        return {name: value for name, value in values.items()
                if name in readable or not name.startswith("amazon_")}
