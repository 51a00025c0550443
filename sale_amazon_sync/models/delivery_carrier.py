from odoo import fields, models


class DeliveryCarrier(models.Model):
    _inherit = "delivery.carrier"

    amazon_carrier_code = fields.Char(
        help="The carrier as Amazon names it (its CarrierCode list, e.g. \"DHL\", \"UPS\"). "
             "Empty: guessed from the carrier's name; unknown names are sent as \"Other\".")
