from datetime import timedelta

from odoo import api, fields, models

from .. import const
from ..utils import get_float
from .amazon_sync_state import STREAMS

OUTCOMES = [("running", "Running"), ("done", "Done"), ("partial", "Done with Failures"),
            ("handed_over", "Handed Over"), ("throttled", "Throttled"), ("failed", "Failed"),
            ("interrupted", "Interrupted")]
# Outcomes after which the stream is in good health, and those that start a failure streak.
SUCCESSES = ("done", "partial", "handed_over", "throttled")


class AmazonSyncLog(models.Model):
    """One run of one stream for one account: when, how it ended, what it did.

    Written by the run itself (created when it starts, completed when it ends); nothing
    in it names a buyer or holds a secret: records are referred to by their Amazon
    reference or Odoo name, errors are our own texts or an exception's kind.
    """

    _name = "amazon.sync.log"
    _description = "Amazon Synchronization Log"
    _order = "start desc, id desc"
    _rec_name = "stream"

    account_id = fields.Many2one("amazon.account", required=True, ondelete="cascade",
                                 index=True, readonly=True)
    company_id = fields.Many2one(related="account_id.company_id", store=True)
    stream = fields.Selection(STREAMS, required=True, readonly=True)
    trigger = fields.Selection([("cron", "Scheduled"), ("user", "User")], readonly=True)
    start = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    end = fields.Datetime(readonly=True)
    duration = fields.Float(string="Duration (s)", readonly=True)
    outcome = fields.Selection(OUTCOMES, default="running", required=True, readonly=True)
    created = fields.Integer(readonly=True)
    updated = fields.Integer(readonly=True)
    skipped = fields.Integer(readonly=True)
    failed = fields.Integer(readonly=True)
    api_calls = fields.Integer(string="SP-API Calls", readonly=True)
    throttled = fields.Integer(string="Throttled Responses", readonly=True)
    message = fields.Text(readonly=True, help="Why the run stopped, when it did.")
    line_ids = fields.One2many("amazon.sync.log.line", "log_id", string="Records",
                               readonly=True,
                               help="The records the run could not process, and the stock "
                                    "adjustments it made or proposed.")

    @api.depends("stream")
    def _compute_display_name(self):
        """The stream as users read it (translated), not its key: breadcrumbs show it."""
        labels = dict(self._fields["stream"]._description_selection(self.env))
        for log in self:
            log.display_name = labels.get(log.stream, log.stream)

    # ------------------------------------------------------------------
    # Retention
    # ------------------------------------------------------------------

    @api.model
    def _cron_purge(self):
        """Delete runs older than the retention (Settings, 90 days by default), in
        batches, so that a large backlog never holds one long transaction."""
        days = get_float(self.env, "log_retention_days", const.LOG_RETENTION_DAYS)
        old = self.search([("start", "<", fields.Datetime.now() - timedelta(days=days))],
                          limit=const.PURGE_BATCH, order="id")
        old.unlink()
        if len(old) == const.PURGE_BATCH:
            self.env.ref("sale_amazon_sync.ir_cron_purge_sync_log")._trigger()
        return len(old)
