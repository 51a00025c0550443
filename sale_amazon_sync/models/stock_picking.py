import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import plaintext2html

from .. import compat
from ..spapi import BadRequestError
from ..spapi.shipments import package_details
from ..utils import error_text

_logger = logging.getLogger(__name__)


class StockPicking(models.Model):
    _inherit = "stock.picking"

    amazon_sync_status = fields.Selection(
        [("pending", "Pending"), ("done", "Synchronized"), ("error", "Error")],
        string="Amazon Sync", copy=False, tracking=True,
        help="Whether Amazon knows this delivery was shipped.")
    amazon_sync_error = fields.Text(copy=False, readonly=True)

    # ------------------------------------------------------------------
    # Validation of the last step of an FBM Amazon delivery
    # ------------------------------------------------------------------

    def _amazon_is_last_step(self):
        """The delivery that hands an FBM Amazon order's goods to the customer.

        Read as superuser: whoever may validate a delivery may not read its sale order
        (a warehouse user, a salesman limited to their own orders)."""
        self.ensure_one()
        return (self.sudo().sale_id.amazon_channel == "fbm"
                and self.location_dest_id.usage == "customer")

    def button_validate(self):
        # Deliveries Amazon already knows as shipped (first seen SHIPPED) need nothing.
        for picking in self.filtered(lambda p: p._amazon_is_last_step()
                                     and p.amazon_sync_status != "done"):
            if not (picking.carrier_id and picking.carrier_tracking_ref):
                raise UserError(_(
                    "%s ships an Amazon order: set its carrier and tracking number first, "
                    "Amazon needs both to confirm the shipment.", picking.name))
        return super().button_validate()

    def _action_done(self):
        result = super()._action_done()
        shipped = self.filtered(lambda p: p.state == "done" and p._amazon_is_last_step())
        shipped.filtered(lambda p: p.amazon_sync_status != "done").amazon_sync_status = \
            "pending"
        # FBM deliveries are invoiced as shipped; so are FBA deliveries that waited for lots.
        for picking in self.filtered(lambda p: p.state == "done"
                                     and p.location_dest_id.usage == "customer"):
            sale = picking.sudo().sale_id
            if sale.amazon_account_id.invoicing == "automatic":
                sale._amazon_invoice(picking.date_done)
        return result

    def action_amazon_retry(self):
        """Send the shipment confirmation again now (after an error), as a run of the
        shipments stream. Anyone who may edit the delivery may retry it, including
        warehouse users who cannot read its sale order or Amazon account."""
        compat.check_access(self, "write")
        runner = self.env["amazon.sync.runner"].sudo()
        for account, pickings in self.sudo().grouped(
                lambda p: p.sale_id.amazon_account_id).items():
            action = runner._run_now(account, "shipments", records=pickings)
        return action

    # ------------------------------------------------------------------
    # Confirmation to Amazon: one confirmShipment per package
    # ------------------------------------------------------------------

    @api.model
    def _amazon_sync_shipments(self, run):
        """The shipments stream: confirm the account's pending FBM deliveries (or the
        deliveries the user asked to retry). Amazon rejecting one is that delivery's error;
        throttling hands the rest over to a later run; an authorization or server failure
        stops the run, the deliveries still pending."""
        if run.records is not None:
            run.records.amazon_sync_status = "pending"
        pickings = run.records if run.records is not None else self.search([
            ("amazon_sync_status", "=", "pending"),
            ("sale_id.amazon_account_id", "=", run.account.id)], order="date_done")
        for picking in pickings:
            try:
                for package in picking._amazon_packages():
                    run.client.confirm_shipment(picking.sale_id.amazon_order_ref,
                                                picking.sale_id.amazon_marketplace_id.api_ref,
                                                package)
            except (BadRequestError, UserError) as exc:
                picking._amazon_shipment_failed(exc)
                run.fail(picking.name, exc, picking)
            else:
                picking.write({"amazon_sync_status": "done", "amazon_sync_error": False})
                run.count("updated")
            self.env["amazon.sync.runner"]._commit()
            if run.out_of_time():
                run.more = True
                return

    def _amazon_packages(self):
        """The confirmShipment packageDetail of each package of the delivery: the Odoo
        packages it was put in, or the whole delivery as one package. Quantities are
        those shipped in each package (in the sale unit), not those ordered."""
        self.ensure_one()
        if not (self.carrier_id and self.carrier_tracking_ref):
            raise UserError(_("The delivery has no carrier or no tracking number."))
        lines = self.move_line_ids.filtered(
            lambda ml: ml.quantity and ml.move_id.sale_line_id.amazon_item_ref)
        packages = []
        for group in lines.grouped("result_package_id").values():
            items = {}
            for line in group:
                sale_line = line.move_id.sale_line_id
                quantity = line.product_uom_id._compute_quantity(line.quantity,
                                                                 sale_line.product_uom)
                items[sale_line.amazon_item_ref] = items.get(sale_line.amazon_item_ref, 0) \
                    + quantity
            packages.append(items)
        return package_details(
            self.id, packages, carrier_name=self.carrier_id.name,
            carrier_code=self.carrier_id.amazon_carrier_code,
            tracking=self.carrier_tracking_ref, ship_date=self.date_done,
            shipping_method=self.carrier_id.name)

    def _amazon_shipment_failed(self, exc):
        """Amazon refused the confirmation: say so on the delivery and to the salesperson."""
        message = error_text(exc)
        _logger.warning("Amazon refused the shipment confirmation of %s: %s", self.name,
                        type(exc).__name__)
        self.write({"amazon_sync_status": "error", "amazon_sync_error": message})
        self.message_post(body=_("Amazon refused the shipment confirmation: %s", message))
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=self.sale_id.user_id.id or self.env.uid,
            summary=_("Amazon shipment confirmation failed"), note=plaintext2html(message))
        self.sale_id.amazon_account_id.message_post(body=_(
            "Shipment confirmation of %(picking)s failed: %(error)s",
            picking=self.name, error=message))
