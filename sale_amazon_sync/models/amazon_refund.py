from datetime import timedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError

from .. import compat, const
from ..spapi.refunds import is_refund, parse_refund
from ..utils import error_text

STATES = [("waiting", "Waiting for Invoice"), ("done", "Credit Note"),
          ("no_order", "Order Not in Odoo"), ("recorded", "Recorded"), ("error", "Error")]
FIRST_SYNC_DAYS = 30  # how far back the first finances run reads refunds
# listTransactions is read one window of this many seconds at a time, the stream's
# position committed after each: a run out of time hands over within a day of work, and
# the next one goes on from there. A window that does not fit in one run is halved for the
# next (down to REFUNDS_MIN_WINDOW, read whole), then widened again window by window.
# Source: our policy, after listTransactions' rate (0.5 call/s) and the run's time box.
REFUNDS_WINDOW = 86400
REFUNDS_MIN_WINDOW = 300


class AmazonRefund(models.Model):
    """One refund Amazon made to a buyer, recorded once (its refund id is unique).

    With automatic invoicing it becomes a credit note of the refunded items and shipping,
    reversing the order's invoice and reconciled with it while unpaid; FBM orders get a
    draft return of the goods for the warehouse. A refund that comes before the invoice
    waits for it, one of an order not in Odoo is listed until the order arrives.
    """

    _name = "amazon.refund"
    _description = "Amazon Refund"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "posted_date desc, id desc"

    name = fields.Char(string="Refund ID", required=True, readonly=True)
    account_id = fields.Many2one("amazon.account", required=True, readonly=True,
                                 ondelete="cascade", index=True)
    company_id = fields.Many2one(related="account_id.company_id", store=True)
    order_ref = fields.Char(string="Amazon Order", readonly=True, index=True)
    sale_order_id = fields.Many2one("sale.order", readonly=True, index="btree_not_null")
    posted_date = fields.Datetime(readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    amount = fields.Monetary(string="Refunded", readonly=True,
                             help="The buyer's money Amazon gave back, shipping included.")
    description = fields.Char(string="Reason", readonly=True)
    items = fields.Json(readonly=True)  # [{sku, quantity, amount, shipping}], as Amazon said
    credit_note_id = fields.Many2one("account.move", readonly=True, index="btree_not_null")
    return_picking_id = fields.Many2one("stock.picking", string="Return", readonly=True)
    state = fields.Selection(STATES, readonly=True, default="recorded", index=True)
    error = fields.Text(readonly=True)

    _sql_constraints = [("refund_unique", "UNIQUE(account_id, name)",
                         "An Amazon refund is recorded once.")]

    # ------------------------------------------------------------------
    # listTransactions: the refunds posted since the last run
    # ------------------------------------------------------------------

    @api.model
    def _amazon_import_refunds(self, run):
        """Record the refunds posted since the stream's watermark, less the 48 hours in
        which Amazon may still add transactions, one window at a time (REFUNDS_WINDOW),
        one commit per refund and per window; then process those still waiting for their
        order or invoice. A run out of time (checked at every page and window) hands over
        and the next one resumes at the window it stopped in (refunds are recorded once).
        """
        state = self.env["amazon.sync.runner"]._state(run.account, "finances").sudo()
        until = fields.Datetime.now() - timedelta(seconds=const.ORDERS_MIN_AGE)
        if state.resume_until:  # a run handed over: go on where it stopped
            since = state.resume_until
        elif state.watermark:
            since = state.watermark - timedelta(hours=const.TRANSACTIONS_LATE_HOURS)
        else:
            since = until - timedelta(days=FIRST_SYNC_DAYS)
        span, windows = state.split_span or REFUNDS_WINDOW, 0
        while since < until:
            end = min(until, since + timedelta(seconds=span))
            if not self._amazon_read_window(run, since, end, windows or span > REFUNDS_MIN_WINDOW):
                # Out of time within the window: the next run reads it again, narrower
                # when it was this run's first one (it did not fit in a whole run).
                values = {"resume_until": since}
                if not windows:
                    values["split_span"] = max(REFUNDS_MIN_WINDOW, span // 2)
                state.write(values)
                self.env["amazon.sync.runner"]._commit()
                run.more = True
                return
            windows += 1
            since = end
            if span < REFUNDS_WINDOW:
                span = min(REFUNDS_WINDOW, span * 2)
            left = since < until
            state.write({"watermark": max(state.watermark or end, end),
                         "resume_until": since if left else False,
                         "split_span": span if left and span < REFUNDS_WINDOW else 0})
            self.env["amazon.sync.runner"]._commit()
            if left and run.out_of_time():
                run.more = True
                return
        self.search([("account_id", "=", run.account.id),
                     ("state", "in", ("waiting", "no_order"))])._amazon_process()

    @api.model
    def _amazon_read_window(self, run, since, end, may_stop):
        """Record the refunds of one listTransactions window; False when the run ran out
        of time within it (checked after each transaction, so at each page too) and
        ``may_stop``."""
        for transaction in run.client.list_transactions(since, end):
            if is_refund(transaction) and self._amazon_record(run, transaction):
                self.env["amazon.sync.runner"]._commit()
            if may_stop and run.out_of_time():
                return False
        return True

    @api.model
    def _amazon_record(self, run, transaction):
        """One refund transaction, recorded once and processed; whether it was new."""
        try:
            refund = parse_refund(transaction)
        except ValueError as exc:
            run.fail(_("(refund)"), exc)
            return False
        if self.search_count([("account_id", "=", run.account.id),
                              ("name", "=", refund.refund_id)]):
            run.count("skipped")
            return False
        currency = self.env["res.currency"]._amazon_currency(refund.currency,
                                                             run.account.company_id)
        record = self.create({
            "name": refund.refund_id, "account_id": run.account.id, "order_ref": refund.order_id,
            "posted_date": refund.posted, "currency_id": currency.id,
            "amount": float(refund.amount), "description": refund.description,
            "items": [{"sku": i.sku, "quantity": i.quantity, "amount": str(i.amount),
                       "shipping": str(i.shipping)} for i in refund.items]})
        record._amazon_process()
        run.count("created")
        return True

    # ------------------------------------------------------------------
    # Credit note, reconciliation, return
    # ------------------------------------------------------------------

    def _amazon_process(self):
        """Whatever each refund can become now; a failure stays on the refund."""
        for refund in self:
            try:
                with self.env.cr.savepoint():
                    refund._amazon_credit()
            except Exception as exc:  # noqa: BLE001 - shown on the refund, retried by hand
                refund.write({"state": "error", "error": error_text(exc)})

    def _amazon_credit(self):
        self.ensure_one()
        sale = self.sale_order_id or self.env["sale.order"].search([
            ("amazon_account_id", "=", self.account_id.id),
            ("amazon_order_ref", "=", self.order_ref)], limit=1)
        if not sale:
            self.state = "no_order"
            return
        self.sale_order_id = sale
        if self.account_id.invoicing != "automatic":
            self.write({"state": "recorded", "error": False})
            return
        invoice = sale.invoice_ids.filtered(
            lambda m: m.move_type == "out_invoice" and m.state == "posted")[:1]
        if not invoice:
            self.write({"state": "waiting", "error": False})
            return
        credit = self._amazon_credit_note(invoice)
        self.write({"credit_note_id": credit.id, "state": "done", "error": False,
                    "return_picking_id": self._amazon_return(sale).id})
        message = _("Amazon refund %(refund)s (%(reason)s): %(amount)s %(currency)s.",
                    refund=self.name, reason=self.description or _("no reason given"),
                    amount=self.amount, currency=self.currency_id.name)
        for record in (credit, sale):
            record.message_post(body=message)

    def _amazon_credit_note(self, invoice):
        """The posted reversal of ``invoice`` for the refunded units (and the shipping
        when Amazon refunded it), reconciled with the invoice while it is unpaid."""
        date = fields.Date.to_date(self.posted_date)
        credit = invoice.with_company(invoice.company_id)._reverse_moves([{
            "ref": _("Amazon refund %s", self.name), "invoice_date": date, "date": date}])
        units = self._amazon_units()
        shipping = any(float(item["shipping"]) for item in self.items or ())
        commands = []
        for line in credit.invoice_line_ids:
            offer = line.sale_line_ids[:1].amazon_offer_id
            quantity = min(units.get(offer.sku, 0), line.quantity) if offer \
                else line.quantity if shipping else 0
            if offer:
                units[offer.sku] = units.get(offer.sku, 0) - quantity
            if quantity != line.quantity:
                commands.append(Command.update(line.id, {"quantity": quantity}) if quantity
                                else Command.delete(line.id))
        credit.invoice_line_ids = commands
        credit.action_post()
        if credit.currency_id.compare_amounts(credit.amount_total, self.amount):
            credit.message_post(body=_(
                "Amazon refunded %(amazon)s; this credit note totals %(odoo)s.",
                amazon=self.amount, odoo=credit.amount_total))
        if invoice.payment_state in ("not_paid", "partial"):
            (invoice.line_ids | credit.line_ids).filtered(
                lambda ml: ml.account_id.account_type == "asset_receivable"
                and not ml.reconciled).reconcile()
        return credit

    def _amazon_return(self, sale):
        """FBM: a draft return of the refunded goods, for the warehouse to receive."""
        if sale.amazon_channel != "fbm":
            return self.env["stock.picking"]
        delivery = sale.picking_ids.filtered(
            lambda p: p.state == "done" and p.picking_type_code == "outgoing")[:1]
        units = self._amazon_units()
        quantities = {}
        for line in sale.order_line.filtered("amazon_offer_id"):
            quantity = units.pop(line.amazon_offer_id.sku, 0)
            if quantity:
                quantities[line.product_id] = quantities.get(line.product_id, 0) + quantity
        if not delivery or not quantities:
            return self.env["stock.picking"]
        return compat.create_return(delivery, quantities)

    def _amazon_units(self):
        """{SKU: units refunded}."""
        units = {}
        for item in self.items or ():
            units[item["sku"]] = units.get(item["sku"], 0) + (item["quantity"] or 0)
        return units

    def action_retry(self):
        """Process again (after the error shown was fixed), for users who may change the
        refunds: as the finances stream does, whatever else they may do (an accountant
        without Inventory rights still gets the return of an FBM order)."""
        try:
            compat.check_access(self, "write")
        except AccessError as exc:
            raise AccessError(_("Only accounting administrators can process Amazon refunds "
                                "again.")) from exc
        for refund in self.filtered(lambda r: r.state in ("error", "waiting", "no_order")):
            refund.sudo().with_company(refund.company_id)._amazon_process()
