from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    amazon_sync_status = fields.Selection(
        [("pending", "Pending"), ("done", "Synchronized"), ("error", "Error")],
        string="Amazon Sync", copy=False, tracking=True,
        help="Whether Amazon knows this delivery was shipped.")
