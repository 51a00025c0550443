from odoo import fields, models


class AmazonSyncLogLine(models.Model):
    """A record one run could not process, and why; or what it did to one that users
    review (a stock adjustment)."""

    _name = "amazon.sync.log.line"
    _description = "Amazon Synchronization Log Line"
    _order = "id"

    log_id = fields.Many2one("amazon.sync.log", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="log_id.company_id", store=True)
    ref = fields.Char(string="Reference", readonly=True,
                      help="The Amazon order reference, delivery or SKU concerned.")
    res_model = fields.Char(readonly=True)
    res_id = fields.Many2oneReference(model_field="res_model", readonly=True)
    error = fields.Text(string="Message", readonly=True)

    def action_open(self):
        """The record the line is about, when there is one in Odoo."""
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": self.res_model,
                "res_id": self.res_id, "view_mode": "form", "target": "current"}
