import logging

from odoo import Command, _, fields, models
from odoo.exceptions import AccessError
from odoo.tools import plaintext2html

from .. import compat, const
from ..utils import error_text, safe_error_text

_logger = logging.getLogger(__name__)


class SaleOrder(models.Model):
    _inherit = "sale.order"

    amazon_order_ref = fields.Char(
        string="Amazon Reference", copy=False, readonly=True, index="btree_not_null")
    amazon_account_id = fields.Many2one(
        "amazon.account", string="Amazon Account", copy=False, readonly=True,
        index="btree_not_null")
    amazon_marketplace_id = fields.Many2one(
        "amazon.marketplace", string="Amazon Marketplace", copy=False, readonly=True)
    amazon_channel = fields.Selection(
        [("fba", "Fulfilled by Amazon"), ("fbm", "Fulfilled by Merchant")],
        string="Fulfillment Channel", copy=False, readonly=True)
    amazon_facilitator_tax = fields.Monetary(
        string="Tax Collected by Amazon", copy=False, readonly=True,
        help="The tax Amazon collected from the buyer and remits itself (marketplace "
             "facilitator): part of what the buyer paid, not of the seller's sale. Odoo's "
             "total plus this amount is Amazon's order total.")

    amazon_invoice_error = fields.Text(
        string="Amazon Invoicing Error", copy=False, readonly=True,
        help="Why the automatic invoice of this Amazon order could not be posted; empty "
             "once it is.")
    amazon_refund_ids = fields.One2many("amazon.refund", "sale_order_id",
                                        string="Amazon Refunds")

    amazon_anonymized = fields.Boolean(
        string="Buyer Data Removed", copy=False, readonly=True,
        help="The buyer's personal data was removed, as Amazon's Data Protection Policy "
             "requires; lines, amounts and accounting stay.")

    _sql_constraints = [(
        "amazon_order_ref_unique", "UNIQUE(amazon_order_ref, amazon_account_id)",
        "This Amazon order already exists for this account.",
    )]

    # ------------------------------------------------------------------
    # Import (see sale_order_builder.py): totals, confirmation, what happens on Amazon
    # ------------------------------------------------------------------

    def _amazon_fit_total(self, amazon_total):
        """Make Odoo's total Amazon's to the cent: the rounding differences of recomputing
        taxes are absorbed on the product lines. A larger gap (taxes set up differently
        from Amazon's) is left visible, with a note on the order."""
        difference = float(amazon_total) - self.amount_total
        if self.currency_id.is_zero(difference):
            return
        lines = self.order_line.filtered("amazon_item_ref").sorted("price_total", reverse=True)
        tolerance = self.currency_id.rounding * const.FIT_UNITS_PER_LINE \
            * (len(self.order_line) + 1)
        if self.currency_id.compare_amounts(abs(difference), tolerance) <= 0:
            for line in lines:
                if line._amazon_absorb(difference):
                    return
        self.message_post(body=_(
            "Odoo's total differs from Amazon's (%(amazon)s) by %(difference)s: check the "
            "taxes of the products and the fiscal position.",
            amazon=amazon_total, difference=round(difference, 2)))

    def _amazon_after_confirm(self, order, unknown_state):
        """Dates, messages and flags that need the confirmed order."""
        self.date_order = order.purchase_date  # confirmation stamps "now"; Amazon's date wins
        if order.gift_messages:
            # Html fields: what the buyer wrote shows as text, never as markup.
            note = plaintext2html("\n".join(order.gift_messages))
            self.picking_ids.filtered(lambda p: p.state != "cancel").note = note
        if unknown_state:
            self.activity_schedule(
                "mail.mail_activity_data_todo", user_id=self.user_id.id or self.env.uid,
                summary=_("Unknown state on an Amazon address"),
                note=plaintext2html(_(
                    "Amazon sent the state or region %(state)s for %(country)s, which Odoo "
                    "does not know: complete the address.", state=unknown_state[0],
                    country=unknown_state[1])))
        self._amazon_update_status(order)
        if order.channel == "fba" and self.amazon_account_id.invoicing == "automatic":
            self._amazon_invoice(order.purchase_date)  # Amazon shipped it already

    def _amazon_update_status(self, order):
        """Follow what happened on Amazon since the last time we saw the order; whether
        anything changed."""
        self.ensure_one()
        if order.status == const.CANCELLED_STATUS and self.state != "cancel":
            return self._amazon_cancel()
        if order.channel == "fbm" and order.status == "SHIPPED":
            shipped = self.picking_ids.filtered(
                lambda p: p.picking_type_code == "outgoing" and p.state != "cancel"
                and p.amazon_sync_status != "done")
            shipped.amazon_sync_status = "done"
            return bool(shipped)
        return False

    def _amazon_cancel(self):
        delivered = self.picking_ids.filtered(
            lambda p: p.state == "done" and p.picking_type_code == "outgoing")
        if delivered:
            self.message_post(body=_(
                "Amazon cancelled this order but it was already delivered: create a return "
                "for %s.", ", ".join(delivered.mapped("name"))))
            return True
        self._action_cancel()
        self.message_post(body=_("Cancelled on Amazon."))
        return True

    # ------------------------------------------------------------------
    # Automatic invoicing: what is delivered, dated as on Amazon, never blocking
    # ------------------------------------------------------------------

    def action_amazon_invoice(self):
        """Invoice again what failed to post (the error on the order says why), for
        billing users: the invoice itself is made as the synchronization makes it."""
        if not self.env.su and not self.env.user.has_group("account.group_account_invoice"):
            raise AccessError(_("Only billing users can invoice Amazon orders again."))
        for sale in self.filtered("amazon_invoice_error"):
            sale._amazon_invoice(fields.Datetime.now())

    def _amazon_invoice(self, moment):
        """Invoice and post what is delivered and not invoiced yet, dated ``moment`` (the
        purchase date of FBA orders, the ship date of FBM ones). A failure is noted on the
        order, never raised: the synchronization or the delivery that called goes on.
        Refunds waiting for the invoice become credit notes then."""
        for sale in self:
            sale = sale.sudo().with_company(sale.company_id)
            try:
                with self.env.cr.savepoint():
                    sale._amazon_create_invoice(fields.Date.to_date(moment))
            except Exception as exc:  # noqa: BLE001 - any failure is shown on the order
                _logger.warning("Amazon order %s of account %s not invoiced (%s).",
                                sale.amazon_order_ref, sale.amazon_account_id.id,
                                type(exc).__name__)
                sale.amazon_invoice_error = error_text(exc)
                sale.message_post(body=_("The invoice could not be posted: %s",
                                         safe_error_text(exc)))
                continue
            sale.amazon_invoice_error = False
            sale.amazon_refund_ids.filtered(lambda r: r.state == "waiting")._amazon_process()

    def _amazon_create_invoice(self, invoice_date):
        """The posted invoice of the delivered quantities not invoiced yet (nothing when
        nothing is left to invoice)."""
        self.ensure_one()
        goods = self.order_line.filtered(
            lambda line: not line.display_type and compat.is_goods(line.product_id))
        due = {line: line.qty_delivered - line.qty_invoiced for line in goods}
        if not any(line.qty_to_invoice for line in self.order_line) \
                and not any(qty > 0 for qty in due.values()):
            return self.env["account.move"]
        if self.amazon_account_id.invoice_journal_id:
            self.journal_id = self.amazon_account_id.invoice_journal_id
        invoice = self._create_invoices(final=True)
        quantities = {line: max(due[line.sale_line_ids[:1]], 0)
                      for line in invoice.invoice_line_ids if line.sale_line_ids[:1] in due}
        invoice.invoice_line_ids = [
            Command.update(line.id, {"quantity": qty}) if qty else Command.delete(line.id)
            for line, qty in quantities.items() if qty != line.quantity]
        if not invoice.invoice_line_ids:
            invoice.unlink()
            return self.env["account.move"]
        invoice.write({"invoice_date": invoice_date, "ref": self.amazon_order_ref})
        invoice.action_post()
        return invoice

    # ------------------------------------------------------------------
    # Buyer data retention (see amazon.buyer.data)
    # ------------------------------------------------------------------

    def action_amazon_anonymize(self):
        """Remove the buyer data of these Amazon orders now, whatever their age."""
        runner = self.env["amazon.sync.runner"]
        action = None
        for account, orders in self.filtered("amazon_order_ref").grouped(
                "amazon_account_id").items():
            action = runner._run_now(account, "buyer_data", records=orders)
        return action

    def _amazon_remove_buyer_data(self):
        """What the orders themselves hold of the buyer: the gift messages, on the order
        and on its deliveries."""
        notes = self.order_line.filtered(lambda line: line.display_type == "line_note")
        notes.with_context(amazon_sync=True).write({"name": _("Gift message removed.")})
        self.filtered(lambda o: o.order_line & notes).picking_ids.note = False
        self.amazon_anonymized = True
