import logging
from dataclasses import dataclass, field

from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from .. import compat, const
from ..spapi import AuthError, SpApiError
from ..spapi.settlements import (
    SettlementReportError,
    classify,
    gap_message,
    parse_settlement_report,
    settlement_gap,
)
from ..utils import error_text

_logger = logging.getLogger(__name__)

STATES = [("open", "Open Lines"), ("matched", "Matched"), ("error", "Not Booked"),
          ("rejected", "Rejected")]
CUSTOMER_KINDS = ("order", "refund", "tax_withheld")  # the buyer's money, per order
OTHER_KINDS = ("reimbursement", "transfer", "reserve", "other")


@dataclass
class Posting:
    """One journal item of a settlement entry and the settlement lines it books."""
    account: object
    name: str
    lines: list  # amazon.settlement.line records
    partner: object = None
    targets: object = None  # receivable journal items to reconcile it with
    sale: object = None
    reason: str = ""  # why its lines stay open, when they do whatever happens
    item: object = None  # the journal item, once created
    extra: dict = field(default_factory=dict)  # values written on its lines

    @property
    def amount(self):
        return sum(line.amount for line in self.lines)


class AmazonSettlement(models.Model):
    """One Amazon settlement (payout) of one account, imported once per settlement id.

    Its lines are the settlement flat file's; they must add up to Amazon's total-amount
    to the cent, or the settlement is rejected with both figures and nothing is booked.
    Its accounting is one journal entry in the account's journal of its currency: each
    order's money (with its refunds and withheld tax) on the buyer's receivable,
    reconciled with the order's invoices and credit notes; fees expensed per fee type
    with Amazon as partner; reimbursements as income; what cannot be matched (an order
    not in Odoo, an amount Amazon never described) on the Amazon clearing account; and
    the payout on the payouts account, to be reconciled with the bank statement.
    """

    _name = "amazon.settlement"
    _description = "Amazon Settlement"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "end_date desc, id desc"

    name = fields.Char(string="Settlement ID", required=True, readonly=True)
    account_id = fields.Many2one("amazon.account", required=True, readonly=True,
                                 ondelete="cascade", index=True)
    company_id = fields.Many2one(related="account_id.company_id", store=True)
    report_ref = fields.Char(string="Report ID", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    start_date = fields.Datetime(string="Start", readonly=True)
    end_date = fields.Datetime(string="End", readonly=True)
    deposit_date = fields.Datetime(readonly=True)
    total = fields.Monetary(readonly=True, help="Amazon's total-amount: the payout.")
    lines_total = fields.Monetary(compute="_compute_totals", store=True)
    difference = fields.Monetary(
        compute="_compute_totals", store=True,
        help="Amazon's total less the sum of the lines: zero unless the file is broken.")
    open_amount = fields.Monetary(compute="_compute_totals", store=True,
                                  help="The sum of the lines left open.")
    matched_count = fields.Integer(compute="_compute_totals", store=True)
    open_count = fields.Integer(compute="_compute_totals", store=True)
    state = fields.Selection(STATES, default="open", readonly=True, index=True,
                             tracking=True)
    error = fields.Text(readonly=True, help="Why the settlement was rejected or not booked.")
    move_id = fields.Many2one("account.move", string="Journal Entry", readonly=True)
    journal_id = fields.Many2one(related="move_id.journal_id")
    line_ids = fields.One2many("amazon.settlement.line", "settlement_id", readonly=True)
    order_line_ids = fields.One2many("amazon.settlement.line", "settlement_id",
                                     domain=[("kind", "in", CUSTOMER_KINDS)], readonly=True)
    fee_line_ids = fields.One2many("amazon.settlement.line", "settlement_id",
                                   domain=[("kind", "=", "fee")], readonly=True)
    other_line_ids = fields.One2many("amazon.settlement.line", "settlement_id",
                                     domain=[("kind", "in", OTHER_KINDS)], readonly=True)
    open_line_ids = fields.One2many("amazon.settlement.line", "settlement_id",
                                    domain=[("state", "=", "open")], readonly=True)
    order_total = fields.Monetary(string="Orders", compute="_compute_kind_totals")
    refund_total = fields.Monetary(string="Refunds", compute="_compute_kind_totals")
    fee_total = fields.Monetary(string="Fees", compute="_compute_kind_totals")
    other_total = fields.Monetary(string="Other", compute="_compute_kind_totals")

    _sql_constraints = [("settlement_unique", "UNIQUE(account_id, name)",
                         "An Amazon settlement is imported once.")]

    @api.depends("total", "line_ids.amount", "line_ids.state")
    def _compute_totals(self):
        for settlement in self:
            lines = settlement.line_ids
            opened = lines.filtered(lambda line: line.state == "open")
            settlement.lines_total = sum(lines.mapped("amount"))
            settlement.difference = settlement.total - settlement.lines_total
            settlement.open_amount = sum(opened.mapped("amount"))
            settlement.open_count = len(opened)
            settlement.matched_count = len(lines) - len(opened)

    def _compute_kind_totals(self):
        for settlement in self:
            totals = dict.fromkeys(("order", "refund", "fee", "other"), 0.0)
            for line in settlement.line_ids:
                kind = line.kind if line.kind in totals else "other"
                totals["order" if kind == "tax_withheld" else kind] += line.amount
            settlement.order_total, settlement.refund_total = totals["order"], totals["refund"]
            settlement.fee_total, settlement.other_total = totals["fee"], totals["other"]

    def action_view_lines(self):
        return self._amazon_lines_action([])

    def action_view_open_lines(self):
        return self._amazon_lines_action([("state", "=", "open")])

    def _amazon_lines_action(self, domain):
        """The settlement's lines, grouped by kind."""
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "sale_amazon_sync.amazon_settlement_line_action")
        action["domain"] = [("settlement_id", "=", self.id), *domain]
        return action

    # ------------------------------------------------------------------
    # The finances stream: refunds, then the settlement reports not read yet
    # ------------------------------------------------------------------

    @api.model
    def _amazon_sync_finances(self, run):
        """The finances stream of one account (see amazon.sync.runner): nothing for an
        account that does not invoice, whose money nobody asked to book. Amazon's 403 on
        the finances APIs means the app lacks the Finance and Accounting role, not that
        the account's link is broken."""
        if run.account.invoicing == "none":
            run.note([(run.account.display_name, _(
                "The account does not invoice (Invoicing: None): its refunds and "
                "settlements are not read."), None)])
            return
        company = run.account.company_id
        try:
            self.env["amazon.refund"].sudo().with_company(company)._amazon_import_refunds(run)
            if not run.more:
                self.sudo().with_company(company)._amazon_import_settlements(run)
        except AuthError as exc:
            if exc.status != 403:
                raise
            raise SpApiError(_(
                "Amazon denied access to the finances data (%s): give the app the Finance "
                "and Accounting role in Seller Central, then link the account again.",
                exc.message), code=exc.code, status=exc.status,
                operation=exc.operation) from exc

    @api.model
    def _amazon_import_settlements(self, run):
        """Each settlement report Amazon keeps (90 days) that is not imported yet, oldest
        first, one commit each; a run out of time hands over."""
        account = run.account
        known = set(self.search([("account_id", "=", account.id)]).mapped("report_ref"))
        reports = sorted(run.client.get_reports([const.SETTLEMENT_REPORT_TYPE]),
                         key=lambda r: (r.get("dataEndTime") or "", r.get("reportId") or ""))
        for report in reports:
            if report.get("reportId") in known:
                continue
            if run.more:  # the previous report took the run's time
                return
            try:
                with self.env.cr.savepoint():
                    self._amazon_import_report(run, report)
            except SpApiError as exc:
                if exc.retryable or isinstance(exc, AuthError):
                    raise  # Amazon's state, not this report's: the run stops, tries later
                self._amazon_reject_report(run, report, exc)
            except Exception as exc:  # noqa: BLE001 - this report only; shown, not retried
                self._amazon_reject_report(run, report, exc)
            self.env["amazon.sync.runner"]._commit()
            run.more = run.out_of_time()

    @api.model
    def _amazon_import_report(self, run, report):
        """One settlement report: recorded (rejected when it cannot be trusted), booked."""
        text = run.client.get_report_document(report["reportDocumentId"])
        try:
            parsed = parse_settlement_report(text, check_total=False)
        except SettlementReportError as exc:
            self._amazon_reject_report(run, report, exc)
            return
        if self.search_count([("account_id", "=", run.account.id),
                              ("name", "=", parsed.settlement_id)]):
            run.count("skipped")  # the same settlement in another report
            return
        settlement = self.create(self._amazon_values(run.account, report["reportId"], parsed))
        if settlement_gap(parsed):
            settlement.write({"state": "rejected", "error": gap_message(parsed)})
            run.fail(parsed.settlement_id, settlement.error, settlement)
            return
        if settlement._amazon_book():
            run.count("created")
        else:
            run.fail(parsed.settlement_id, settlement.error, settlement)

    @api.model
    def _amazon_reject_report(self, run, report, exc):
        """A report that could not be read or recorded: a rejected settlement with the
        reason, so that it counts as known (the next runs go past it) and is seen."""
        ref = report.get("reportId")
        text = str(exc) if isinstance(exc, SettlementReportError) else error_text(exc)
        if not isinstance(exc, (SettlementReportError, SpApiError)):
            _logger.warning("Amazon settlement report %s of account %s not read (%s).", ref,
                            run.account.id, type(exc).__name__)
        rejected = self.create({"name": _("Report %s", ref), "report_ref": ref,
                                "account_id": run.account.id, "state": "rejected",
                                "error": text})
        run.fail(ref, text if isinstance(exc, SettlementReportError) else exc, rejected)

    @api.model
    def _amazon_values(self, account, report_ref, parsed):
        currency = self.env["res.currency"]._amazon_currency(parsed.currency,
                                                             account.company_id)
        return {
            "name": parsed.settlement_id, "report_ref": report_ref, "account_id": account.id,
            "currency_id": currency.id, "start_date": parsed.start, "end_date": parsed.end,
            "deposit_date": parsed.deposit_date, "total": float(parsed.total),
            "line_ids": [(0, 0, {
                "sequence": line.line, "kind": line.classification.kind,
                "fee_type": line.classification.fee_type,
                "transaction_type": line.transaction_type, "amount_type": line.amount_type,
                "amount_description": line.amount_description,
                "order_ref": line.order_id or False, "adjustment_ref": line.adjustment_id or False,
                "sku": line.sku or False, "quantity": line.quantity or 0,
                "posted_date": line.posted_date, "amount": float(line.amount),
            }) for line in parsed.lines],
        }

    # ------------------------------------------------------------------
    # Booking: one entry, reconciled
    # ------------------------------------------------------------------

    def action_book(self):
        """Book again a settlement whose booking failed (the reason was fixed), for users
        who may change settlements: the booking itself runs as the finances stream's."""
        try:
            compat.check_access(self, "write")
        except AccessError as exc:
            raise AccessError(_("Only accounting administrators can book Amazon settlements "
                                "again.")) from exc
        for settlement in self.filtered(lambda s: s.state == "error"):
            settlement.sudo().with_company(settlement.company_id)._amazon_book()

    def _amazon_book(self):
        """Book the settlement in its own savepoint; False (and the reason on the
        settlement) when the accounting refused it."""
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                postings = self._amazon_postings()
                self._amazon_entry(postings)
                self._amazon_reconcile(postings)
        except Exception as exc:  # noqa: BLE001 - shown on the settlement, booked again later
            _logger.warning("Amazon settlement %s not booked (%s).", self.id,
                            type(exc).__name__)
            self.write({"state": "error", "error": error_text(exc)})
            return False
        self.write({"state": "open" if self.open_count else "matched", "error": False})
        return True

    def _amazon_postings(self):
        """The journal items the lines become (the payout excepted), lines grouped."""
        account = self.account_id
        customer, fees, others = {}, {}, {}
        for line in self.line_ids:
            if line.kind in CUSTOMER_KINDS and line.order_ref:
                customer.setdefault(line.order_ref, []).append(line)
            elif line.kind == "fee":
                mapping = self.env["amazon.fee.mapping"]._amazon_for(account, classify(
                    line.transaction_type, line.amount_type, line.amount_description),
                    line.amount_description)
                fees.setdefault(mapping, []).append(line)
            else:
                others.setdefault(line.kind, []).append(line)
        sales = {sale.amazon_order_ref: sale for sale in self.env["sale.order"].search([
            ("amazon_account_id", "=", account.id), ("amazon_order_ref", "in", list(customer))])}
        earlier = {}
        for line in self.env["amazon.settlement.line"].search([
                ("order_ref", "in", list(customer)), ("move_line_id", "!=", False),
                ("settlement_id.account_id", "=", account.id), ("settlement_id", "!=", self.id)]):
            earlier[line.order_ref] = earlier.get(line.order_ref, line.move_line_id.browse()) \
                | line.move_line_id
        postings = [self._amazon_customer_posting(ref, lines, sales.get(ref), earlier.get(ref))
                    for ref, lines in customer.items()]
        postings += [self._amazon_fee_posting(mapping, lines) for mapping, lines in fees.items()]
        postings += [self._amazon_other_posting(kind, lines) for kind, lines in others.items()]
        return [posting for posting in postings if posting.lines]

    def _amazon_customer_posting(self, ref, lines, sale, earlier):
        """An order's money: on the buyer's receivable, to be reconciled with what is open
        of the order's invoices and credit notes and of ``earlier`` settlements' items."""
        if not sale:
            return Posting(self.account_id._amazon_finance_account("clearing"),
                           _("Amazon order %s (not in Odoo)", ref), lines,
                           reason=_("The order is not in Odoo."))
        partner = sale.partner_invoice_id.commercial_partner_id
        moves = sale.invoice_ids.filtered(lambda m: m.state == "posted")
        targets = (moves.line_ids | (earlier or moves.line_ids.browse())).filtered(
            lambda ml: ml.account_id.account_type == "asset_receivable" and not ml.reconciled)
        receivable = targets[:1].account_id or partner.with_company(
            self.company_id).property_account_receivable_id
        reason = "" if moves else _("The order is not invoiced yet.")
        return Posting(receivable, _("Amazon order %s", ref), lines, partner=partner,
                       targets=targets, sale=sale, reason=reason)

    def _amazon_fee_posting(self, mapping, lines):
        reason = _("A fee Amazon never charged before: booked to the default account, map "
                   "it in the account's Fee Accounts.") if mapping.to_map else ""
        mapping.seen_count += len(lines)
        return Posting(mapping._amazon_expense_account(),
                       _("Amazon fees: %s", mapping.display_name), lines,
                       partner=self.account_id._amazon_vendor(), reason=reason,
                       extra={"fee_mapping_id": mapping.id})

    def _amazon_other_posting(self, kind, lines):
        """Reimbursements are income; reserves and transfers wait on the clearing account
        for the money Amazon holds or moved; anything else there too, left open."""
        account = self.account_id
        if kind == "reimbursement":
            return Posting(account._amazon_reimbursement_account(),
                           _("Amazon reimbursements"), lines, partner=account._amazon_vendor())
        reason = "" if kind in ("reserve", "transfer") else _(
            "Amazon's amount type is unknown: booked to Amazon Clearing.")
        return Posting(account._amazon_finance_account("clearing"),
                       _("Amazon %s", dict(self.env["amazon.settlement.line"]._fields[
                           "kind"].selection)[kind]), lines,
                       partner=account._amazon_vendor(), reason=reason)

    def _amazon_entry(self, postings):
        """The posted entry: an item per posting, and the payout, in the settlement's
        currency; company-currency balances add up exactly (rounding on the payout)."""
        account, company = self.account_id, self.company_id
        date = fields.Date.to_date(self.deposit_date or self.end_date)
        booked = [p for p in postings if not self.currency_id.is_zero(p.amount)]
        values, balance = [], 0.0
        for posting in booked:
            amount = -posting.amount
            converted = self.currency_id._convert(amount, company.currency_id, company, date)
            balance += converted
            values.append((0, 0, {
                "name": posting.name, "account_id": posting.account.id,
                "partner_id": posting.partner.id if posting.partner else False,
                "currency_id": self.currency_id.id, "amount_currency": amount,
                "balance": converted}))
        values.append((0, 0, {
            "name": _("Amazon payout %s", self.name),
            "account_id": account._amazon_deposit_account().id,
            "partner_id": account._amazon_vendor().id, "currency_id": self.currency_id.id,
            "amount_currency": self.total, "balance": -balance}))
        move = self.env["account.move"].create({
            "move_type": "entry", "date": date, "ref": _("Amazon settlement %s", self.name),
            "journal_id": account._amazon_settlement_journal(self.currency_id).id,
            "line_ids": values})
        move.action_post()
        for posting, item in zip(booked, move.line_ids.sorted("id")[:len(booked)], strict=True):
            posting.item = item
        self.move_id = move

    def _amazon_reconcile(self, postings):
        """Reconcile each order's item with its open receivables, then say of each line
        whether it is matched, and with what."""
        # What ``(item | targets).reconcile()`` does per order, in one plan: the entry's
        # amounts and payment state are then computed once, not once per order.
        self.env["account.move.line"]._reconcile_plan([
            posting.item | posting.targets for posting in postings
            if posting.item and posting.targets])
        updates = {}
        for posting in postings:
            for line in posting.lines:
                values = dict(posting.extra, **self._amazon_line_match(posting, line))
                updates.setdefault(tuple(sorted(values.items())), []).append(line.id)
        for values, ids in updates.items():
            self.env["amazon.settlement.line"].browse(ids).write(dict(values))

    def _amazon_line_match(self, posting, line):
        """What one line was matched with, or why it stays open."""
        values = {"move_line_id": posting.item.id if posting.item else False,
                  "sale_order_id": posting.sale.id if posting.sale else False}
        if posting.sale:
            documents = posting.sale.invoice_ids.filtered(lambda m: m.state == "posted")
            refund = line.adjustment_ref and posting.sale.amazon_refund_ids.filtered(
                lambda r: r.name == line.adjustment_ref)
            document = refund.credit_note_id if refund else documents.filtered(
                lambda m: m.move_type == "out_invoice")[:1]
            values["move_id"] = document.id
            if line.kind == "refund" and not document:
                return dict(values, state="open", reason=_("No credit note for this refund."))
        reason = posting.reason
        if not reason and posting.item and posting.targets is not None \
                and not posting.item.reconciled:
            reason = _("Left to reconcile: %s", posting.item.amount_residual_currency)
        return dict(values, state="open" if reason else "matched", reason=reason or False)
