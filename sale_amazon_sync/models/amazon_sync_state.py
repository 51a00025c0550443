from odoo import api, fields, models

STREAMS = [("orders", "Orders"), ("shipments", "Shipments"), ("inventory", "Inventory")]


class AmazonSyncState(models.Model):
    """Where one stream of one account stands: its watermark and its last error.

    Kept apart from the account on purpose: only the run holding the stream's lock writes
    here, so synchronizations never write the account's row, which users edit.
    """

    _name = "amazon.sync.state"
    _description = "Amazon Synchronization State"
    _order = "account_id, stream"

    account_id = fields.Many2one("amazon.account", required=True, ondelete="cascade",
                                 index=True)
    company_id = fields.Many2one(related="account_id.company_id", store=True)
    stream = fields.Selection(STREAMS, required=True)
    watermark = fields.Datetime(
        help="Amazon data updated after this moment is read at the next run.")
    error = fields.Text(help="Why the last scheduled run stopped; empty once it goes through.")

    _sql_constraints = [("stream_unique", "UNIQUE(account_id, stream)",
                         "An account has one state per stream.")]

    @api.model
    def _amazon_get(self, account, stream):
        """The state of the account's stream, created on first need."""
        state = account.sync_state_ids.filtered(lambda s: s.stream == stream)
        return state or self.sudo().create({"account_id": account.id, "stream": stream})
