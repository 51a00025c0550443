from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from .. import compat

STREAMS = [("orders", "Orders"), ("shipments", "Shipments"), ("inventory", "Inventory"),
           ("buyer_data", "Buyer Data"), ("fba_inventory", "FBA Inventory"),
           ("fba_returns", "FBA Returns"), ("finances", "Finances")]
# Streams that keep running for accounts no longer linked (the data is still there).
UNLINKED_STREAMS = ("buyer_data",)
HEALTH = [("never", "Never Ran"), ("ok", "OK"), ("warning", "Warning"), ("failing", "Failing")]


class AmazonSyncState(models.Model):
    """Where one stream of one account stands: its watermark, its health, its job.

    Kept apart from the account on purpose: only the run holding the stream's lock writes
    here, so synchronizations never write the account's row, which users edit. Each state
    has its own scheduled job: Odoo's cron workers then synchronize several accounts at
    once, and never one stream of one account twice (the advisory lock guards it).
    """

    _name = "amazon.sync.state"
    _description = "Amazon Synchronization State"
    _order = "account_id, stream"
    _rec_name = "stream"

    account_id = fields.Many2one("amazon.account", required=True, ondelete="cascade",
                                 index=True)
    company_id = fields.Many2one(related="account_id.company_id", store=True)
    stream = fields.Selection(STREAMS, required=True, readonly=True)
    watermark = fields.Datetime(
        help="Amazon data updated after this moment is read at the next run.")
    error = fields.Text(readonly=True,
                        help="Why the last run stopped; empty once a run goes through.")
    failure_streak = fields.Integer(readonly=True, help="Failed runs in a row.")
    activity_id = fields.Many2one("mail.activity", readonly=True, ondelete="set null",
                                  help="The one to-do of the current failure streak.")
    last_log_id = fields.Many2one("amazon.sync.log", string="Last Attempt", readonly=True,
                                  ondelete="set null")
    last_success_id = fields.Many2one("amazon.sync.log", string="Last Success", readonly=True,
                                      ondelete="set null")
    last_attempt = fields.Datetime(related="last_log_id.start", string="Last Attempt On")
    last_success = fields.Datetime(related="last_success_id.end", string="Last Success On")
    last_outcome = fields.Selection(related="last_log_id.outcome")
    last_created = fields.Integer(related="last_log_id.created", string="Created")
    last_updated = fields.Integer(related="last_log_id.updated", string="Updated")
    last_failed = fields.Integer(related="last_log_id.failed", string="Failed")
    health = fields.Selection(HEALTH, compute="_compute_health")
    cron_id = fields.Many2one("ir.cron", string="Job", readonly=True, ondelete="set null")
    # Resuming an orders search where the last run handed over, and getting past a
    # window Amazon keeps failing on (see amazon.order.importer); the FBA streams keep
    # where they stand in resume_token too (marketplaces read, a report requested).
    resume_token = fields.Char(readonly=True)
    resume_until = fields.Datetime(readonly=True)
    page_failures = fields.Integer(readonly=True)
    split_span = fields.Integer(readonly=True, help="Seconds of the narrowed orders window.")

    _sql_constraints = [("stream_unique", "UNIQUE(account_id, stream)",
                         "An account has one state per stream.")]

    @api.depends("last_log_id.outcome", "last_log_id.failed", "failure_streak")
    def _compute_health(self):
        for state in self:
            log = state.last_log_id
            if not log:
                state.health = "never"
            elif state.failure_streak:
                state.health = "failing"
            elif log.outcome in ("partial", "throttled") or log.failed:
                state.health = "warning"
            else:
                state.health = "ok"

    @api.model_create_multi
    def create(self, vals_list):
        """Each state comes with its job, made now: scheduling it later must write
        nothing, as a run may hold the state then."""
        states = super().create(vals_list)
        for state in states:
            state._amazon_cron()
        return states

    @api.model
    def _amazon_get(self, account, stream):
        """The state of the account's stream, created on first need."""
        state = account.sync_state_ids.filtered(lambda s: s.stream == stream)
        return state or self.sudo().create({"account_id": account.id, "stream": stream})

    def action_run(self):
        """The dashboard's button of one stream: run it now, for sales managers (the
        finances stream, which books entries: for accounting administrators, as the
        account's Sync Finances)."""
        self.ensure_one()
        if self.stream == "finances":
            self.account_id._amazon_check_finances_rights()
        elif not self.env.su and not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(_("Only sales managers can run an Amazon synchronization."))
        return self.env["amazon.sync.runner"]._run_now(self.account_id, self.stream)

    # ------------------------------------------------------------------
    # The stream's own job
    # ------------------------------------------------------------------

    def _amazon_schedule(self, at=None):
        """Have the stream's job run soon (or at ``at``), in whichever cron worker is free."""
        for state in self:
            state._amazon_cron()._trigger(at)

    def _amazon_cron(self):
        """The stream's job, created on first need; it runs when triggered (by the
        stream's scheduled action, or by a run handing over)."""
        self.ensure_one()
        if not self.cron_id:
            self.sudo().cron_id = self.env["ir.cron"].sudo().create(dict(
                compat.cron_values(),
                name=_("Amazon job: %(stream)s of %(account)s", account=self.account_id.name,
                       stream=dict(STREAMS)[self.stream]),
                model_id=self.env["ir.model"]._get_id(self._name), state="code",
                code=f"model._amazon_cron_run({self.id})", interval_number=12,
                interval_type="months", user_id=self.env.ref("base.user_root").id))
        return self.cron_id

    @api.model
    def _amazon_cron_run(self, state_id):
        """What the stream's job runs: one run of the stream (none for a state gone, nor
        for an archived account, which the scheduled actions skip too: a hand-over or a
        retry it had left would otherwise go on syncing it)."""
        state = self.browse(state_id).exists()
        account = state.account_id
        if state and (state.stream in UNLINKED_STREAMS or account.active and account.is_linked):
            self.env["amazon.sync.runner"]._run_scheduled(state.account_id, state.stream)

    def unlink(self):
        crons = self.cron_id
        result = super().unlink()
        crons.sudo().unlink()
        return result
