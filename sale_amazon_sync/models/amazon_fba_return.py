import time
from datetime import timedelta

from odoo import _, api, fields, models

from .. import const
from ..spapi import BadRequestError
from ..spapi.fba import parse_returns_report
from ..spapi.reports import ReportFormatError

STATES = [("done", "Recorded"), ("no_order", "Order Not in Odoo"),
          ("not_delivered", "Not Delivered in Odoo")]


class AmazonFbaReturn(models.Model):
    """A customer return of an FBA order, as Amazon's returns report gives it, recorded
    once: a done move from the customer back into the FBA location (sellable units) or
    its Unfulfillable child (any other disposition), against the order's line, so that
    the order's delivered quantity goes down as with Odoo's own returns.

    A return of an order Odoo does not have (or has not delivered that much of) is only
    listed, and matched again at each run. The buyer's comments are not kept."""

    _name = "amazon.fba.return"
    _description = "Amazon FBA Customer Return"
    _order = "return_date desc, id desc"
    _rec_name = "order_ref"

    account_id = fields.Many2one("amazon.account", required=True, ondelete="cascade",
                                 index=True, readonly=True)
    company_id = fields.Many2one(related="account_id.company_id", store=True)
    key = fields.Char(required=True, readonly=True,
                      help="What makes the return unique in Amazon's reports.")
    state = fields.Selection(STATES, required=True, readonly=True)
    order_ref = fields.Char(string="Amazon Order", required=True, readonly=True)
    sale_order_id = fields.Many2one("sale.order", readonly=True, index="btree_not_null")
    sku = fields.Char(string="SKU", required=True, readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    quantity = fields.Integer(readonly=True)
    return_date = fields.Datetime(readonly=True,
                                  help="When the fulfillment centre processed the return.")
    disposition = fields.Char(readonly=True, help="How Amazon's warehouse graded the units.")
    sellable = fields.Boolean(readonly=True, help="Back in the stock Amazon sells from.")
    needs_review = fields.Boolean(readonly=True,
                                  help="A disposition the connector does not know: counted "
                                       "unfulfillable, check it.")
    reason = fields.Char(readonly=True, help="The customer's reason, as Amazon codes it.")
    amazon_status = fields.Char(readonly=True)
    license_plate = fields.Char(readonly=True)
    fulfillment_center = fields.Char(readonly=True)
    move_ids = fields.Many2many("stock.move", string="Return Moves", readonly=True)

    _sql_constraints = [("key_unique", "UNIQUE(account_id, key)",
                         "This return is already recorded for this account.")]

    # ------------------------------------------------------------------
    # The FBA returns stream
    # ------------------------------------------------------------------

    @api.model
    def _amazon_sync_fba_returns(self, run):
        """Request the returns report of the last weeks, await it (a few polls now, later
        runs poll on), and record its returns, as superuser (users only read returns)."""
        returns = self.sudo()
        state = self._runner()._state(run.account, "fba_returns")
        report_id = state.resume_token or returns._amazon_request(run, state)
        try:
            report = returns._amazon_await(run, report_id)
        except BadRequestError:  # Amazon no longer knows it: the next run asks anew
            state.resume_token = False
            raise
        if report.get("processingStatus") not in const.REPORT_DONE_STATUSES:
            run.more = True
            run.resume_at = fields.Datetime.now() + timedelta(seconds=const.REPORT_RETRY_DELAY)
            return
        state.resume_token = False
        self._runner()._commit()
        if report["processingStatus"] == "FATAL":
            run.fail(report_id, _("Amazon could not make the returns report; the next run "
                                  "asks again."))
        elif report["processingStatus"] == "DONE":
            returns._amazon_read_report(run, run.client.get_report_document(
                report["reportDocumentId"]))
        # CANCELLED: Amazon cancels a report that has no data, here no return in the window.

    @api.model
    def _amazon_request(self, run, state):
        """Ask for the report; its id is committed at once, so that nothing asks twice."""
        report_id = run.client.create_report(
            const.RETURNS_REPORT_TYPE, run.account.active_marketplace_ids.mapped("api_ref"),
            data_start=fields.Datetime.now() - timedelta(days=const.RETURNS_WINDOW_DAYS))
        state.resume_token = report_id
        self._runner()._commit()
        return report_id

    @api.model
    def _amazon_await(self, run, report_id):
        """The report once Amazon is done with it, or as it stands after a few polls."""
        for pause in const.REPORT_POLL_PAUSES:
            time.sleep(pause)
            report = run.client.get_report(report_id)
            if report.get("processingStatus") in const.REPORT_DONE_STATUSES \
                    or run.out_of_time():
                break
        return report

    @api.model
    def _amazon_read_report(self, run, text):
        """Record each return of the report once, each in its own savepoint."""
        try:
            report = parse_returns_report(text)
        except ReportFormatError as exc:
            run.fail(_("Returns report"), str(exc))
            return
        for error in report.errors:
            run.fail(_("Returns report"), str(error))
        for line in report.returns:
            try:
                with self.env.cr.savepoint():
                    run.count(self._amazon_record(run.account, line))
            except Exception as exc:  # noqa: BLE001 - one return's failure is logged
                run.fail(line.order_ref, exc)
            self._runner()._commit()

    # ------------------------------------------------------------------
    # One return
    # ------------------------------------------------------------------

    @api.model
    def _amazon_record(self, account, line):
        """Record a parsed CustomerReturn (spapi.fba) once: created, updated (matched at
        last) or skipped."""
        key = "|".join(str(part) for part in (
            line.order_ref, line.sku, line.license_plate
            or f"{line.return_date:%Y-%m-%dT%H:%M:%S}|{line.disposition}|{line.quantity}"))
        existing = self.search([("account_id", "=", account.id), ("key", "=", key)])
        if existing.state == "done":
            return "skipped"
        record = existing or self.create({
            "account_id": account.id, "key": key, "state": "no_order",
            "order_ref": line.order_ref, "sku": line.sku, "quantity": line.quantity,
            "return_date": line.return_date, "disposition": line.disposition,
            "sellable": line.sellable, "needs_review": line.needs_review,
            "reason": line.reason, "amazon_status": line.status,
            "license_plate": line.license_plate,
            "fulfillment_center": line.fulfillment_center})
        record._amazon_match()
        if record.state != "done":
            return "skipped"
        return "updated" if existing else "created"

    def _amazon_match(self):
        """Find the order and its delivered line, then move the units back."""
        self.ensure_one()
        order = self.env["sale.order"].search([("amazon_account_id", "=", self.account_id.id),
                                               ("amazon_order_ref", "=", self.order_ref)])
        lines = order.order_line.filtered(lambda line: line.amazon_offer_id.sku == self.sku)
        values = {"sale_order_id": order.id, "product_id": lines.product_id[:1].id,
                  "state": "no_order" if not order else "not_delivered"}
        if sum(lines.mapped("qty_delivered")) >= self.quantity:
            values.update(state="done", move_ids=[(6, 0, self._amazon_move_back(lines).ids)])
        self.write(values)
        if self.state == "done":
            order.message_post(body=self._amazon_message())

    def _amazon_move_back(self, lines):
        """Done return moves of the units, line by line until all are back."""
        account = self.account_id
        destination = account.location_id if self.sellable \
            else account._amazon_unfulfillable_location()
        moves = self.env["stock.move"]
        left = self.quantity
        for line in lines.filtered("qty_delivered"):
            quantity = min(left, line.qty_delivered)
            moves |= self._amazon_return_move(line, quantity, destination)
            left -= quantity
            if not left:
                break
        return moves

    def _amazon_return_move(self, line, quantity, destination):
        """A done move of ``quantity`` of the line back from the customer, as Odoo's
        returns make it (the delivered move it returns, to refund); tracked goods come
        back with the lots or serial numbers that went."""
        delivered = line.move_ids.filtered(
            lambda m: m.state == "done" and m.location_dest_id.usage == "customer")
        move = self.env["stock.move"].create({
            "name": _("Amazon FBA return %s", self.license_plate or self.order_ref),
            "product_id": line.product_id.id, "product_uom_qty": quantity,
            "product_uom": line.product_uom.id, "location_id": delivered[:1].location_dest_id.id,
            "location_dest_id": destination.id, "partner_id": line.order_id.partner_shipping_id.id,
            "sale_line_id": line.id, "origin_returned_move_id": delivered[:1].id,
            "to_refund": True, "origin": line.order_id.name, "company_id": line.company_id.id,
        })
        move._action_confirm()
        if line.product_id.tracking == "none":
            move.quantity = quantity
        else:  # in place of the line without lot confirming gave (nothing to reserve)
            move.move_line_ids.unlink()
            move._amazon_take_lots_back(delivered)
        move.picked = True
        move._action_done()
        return move

    def _amazon_message(self):
        """The note on the order: what came back, where it went, Amazon's words."""
        where = _("sellable, back in %s") if self.sellable else _("not sellable, in %s")
        location = self.move_ids.location_dest_id[:1].complete_name
        text = _("Amazon FBA return of %(quantity)s × %(sku)s (%(where)s). Disposition: "
                 "%(disposition)s; reason: %(reason)s; license plate: %(plate)s.",
                 quantity=self.quantity, sku=self.sku, where=where % location,
                 disposition=self.disposition or "-", reason=self.reason or "-",
                 plate=self.license_plate or "-")
        if self.needs_review:
            text += " " + _("Amazon's disposition is unknown to Odoo: check the units.")
        return text

    @api.model
    def _runner(self):
        return self.env["amazon.sync.runner"]
