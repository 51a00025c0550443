from odoo import _, api, fields, models


class AmazonOrderError(models.Model):
    _name = "amazon.order.error"
    _description = "Amazon Order Import Error"
    _order = "last_attempt desc"
    _rec_name = "order_ref"

    account_id = fields.Many2one("amazon.account", required=True, ondelete="cascade",
                                 index=True)
    company_id = fields.Many2one(related="account_id.company_id", store=True)
    order_ref = fields.Char(string="Amazon Reference", required=True, readonly=True)
    kind = fields.Selection(
        [("order", "Order"), ("window", "Time Window")], default="order", required=True,
        readonly=True, help="An order Amazon sent with unusable data, or a time window of "
                            "orders Amazon kept failing to list.")
    window_start = fields.Datetime(readonly=True)
    window_end = fields.Datetime(readonly=True)
    error = fields.Text(readonly=True)
    attempts = fields.Integer(default=1, readonly=True)
    first_attempt = fields.Datetime(default=fields.Datetime.now, readonly=True)
    last_attempt = fields.Datetime(default=fields.Datetime.now, readonly=True)
    state = fields.Selection(
        [("retry", "Retried Automatically"), ("dismissed", "Dismissed")],
        default="retry", required=True, readonly=True,
        help="Failed orders are fetched again at each synchronization until they import or "
             "someone dismisses them.")

    _sql_constraints = [("order_unique", "UNIQUE(account_id, order_ref)",
                         "This order already has an error record.")]

    @api.model
    def _amazon_record(self, account, order_ref, message):
        """Remember (or update) why an order could not be imported."""
        error = self.search([("account_id", "=", account.id), ("order_ref", "=", order_ref)])
        if error:
            error._amazon_attempt_failed(message)
            return error
        return self.create({"account_id": account.id, "order_ref": order_ref,
                            "error": message})

    @api.model
    def _amazon_record_window(self, account, start, end):
        """Remember a time window whose orders Amazon could not list: searched again at
        each synchronization, until Amazon answers."""
        return self.create({
            "account_id": account.id, "kind": "window", "window_start": start,
            "window_end": end, "order_ref": _("Orders updated %(start)s to %(end)s (UTC)",
                                              start=start, end=end),
            "error": _("Amazon failed on every attempt to list the orders updated in this "
                       "window; the synchronization went on past it."),
        })

    def _amazon_attempt_failed(self, message):
        self.write({"error": message, "attempts": self.attempts + 1,
                    "last_attempt": fields.Datetime.now()})

    def action_dismiss(self):
        self.state = "dismissed"

    def action_retry(self):
        """Fetch the orders again now (behind a button); windows wait for the next run."""
        orders = self.filtered(lambda e: e.kind == "order")
        (self - orders).write({"state": "retry"})
        for account, errors in orders.grouped("account_id").items():
            self.env["amazon.order.importer"]._recover(account, errors.mapped("order_ref"))
