import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..spapi import BadRequestError, ThrottledError
from ..spapi.carriers import amazon_carrier

_logger = logging.getLogger(__name__)


class StockPicking(models.Model):
    _inherit = "stock.picking"

    amazon_sync_status = fields.Selection(
        [("pending", "Pending"), ("done", "Synchronized"), ("error", "Error")],
        string="Amazon Sync", copy=False, tracking=True,
        help="Whether Amazon knows this delivery was shipped.")
    amazon_sync_error = fields.Text(string="Amazon Sync Error", copy=False, readonly=True)

    # ------------------------------------------------------------------
    # Validation of the last step of an FBM Amazon delivery
    # ------------------------------------------------------------------

    def _amazon_is_last_step(self):
        """The delivery that hands an FBM Amazon order's goods to the customer."""
        self.ensure_one()
        return (self.sale_id.amazon_channel == "fbm"
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
        self.filtered(lambda p: p.state == "done" and p._amazon_is_last_step()
                      and p.amazon_sync_status != "done").amazon_sync_status = "pending"
        return result

    def action_amazon_retry(self):
        """Send the shipment confirmation again now (after an error)."""
        self.amazon_sync_status = "pending"
        for account, pickings in self.grouped(lambda p: p.sale_id.amazon_account_id).items():
            with account._amazon_errors():
                pickings._amazon_confirm_shipments(account)

    # ------------------------------------------------------------------
    # Confirmation to Amazon: one confirmShipment per package
    # ------------------------------------------------------------------

    @api.model
    def _amazon_pending(self, account):
        return self.search([("amazon_sync_status", "=", "pending"),
                            ("sale_id.amazon_account_id", "=", account.id)], order="date_done")

    def _amazon_confirm_shipments(self, account):
        """Confirm each pending delivery; Amazon rejecting one is that delivery's error.
        Throttling leaves the rest pending for the next run; an authorization or server
        failure stops the run, the deliveries still pending. Returns how many went."""
        confirmed = 0
        with account._get_client() as client:
            for picking in self:
                try:
                    for order_ref, marketplace, package in picking._amazon_packages():
                        client.confirm_shipment(order_ref, marketplace, package)
                except ThrottledError:
                    break
                except (BadRequestError, UserError) as exc:
                    picking._amazon_shipment_failed(exc)
                else:
                    picking.write({"amazon_sync_status": "done", "amazon_sync_error": False})
                    confirmed += 1
                account._amazon_commit()
        return confirmed

    def _amazon_packages(self):
        """(order reference, marketplace id, packageDetail) per package of the delivery:
        the Odoo packages it was put in, or the whole delivery as one package. Quantities
        are those shipped in each package, not those ordered."""
        self.ensure_one()
        sale = self.sale_id
        if not (self.carrier_id and self.carrier_tracking_ref):
            raise UserError(_("The delivery has no carrier or no tracking number."))
        code, name = amazon_carrier(self.carrier_id.name, self.carrier_id.amazon_carrier_code)
        lines = self.move_line_ids.filtered(
            lambda ml: ml.quantity and ml.move_id.sale_line_id.amazon_item_ref)
        groups = list(lines.grouped("result_package_id").values())
        trackings = [t.strip() for t in (self.carrier_tracking_ref or "").split(",") if t.strip()]
        for index, group in enumerate(groups, start=1):
            items = {}
            for line in group:
                sale_line = line.move_id.sale_line_id
                quantity = line.product_uom_id._compute_quantity(line.quantity,
                                                                 sale_line.product_uom)
                items[sale_line.amazon_item_ref] = items.get(sale_line.amazon_item_ref, 0) \
                    + quantity
            detail = {
                # Kept stable per delivery and package: re-sending edits, never duplicates.
                "packageReferenceId": f"{self.id}{index:02d}",
                "carrierCode": code,
                "trackingNumber": trackings[index - 1] if len(trackings) == len(groups)
                else trackings[0],
                "shipDate": self.date_done.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "shippingMethod": self.carrier_id.name,
                "orderItems": [{"orderItemId": ref, "quantity": round(qty)}
                               for ref, qty in items.items()],
            }
            if code == "Other":
                detail["carrierName"] = name
            yield sale.amazon_order_ref, sale.amazon_marketplace_id.api_ref, detail

    def _amazon_shipment_failed(self, exc):
        """Amazon refused the confirmation: say so on the delivery and to the salesperson."""
        message = exc.args[0] if isinstance(exc, UserError) else str(exc)
        _logger.warning("Amazon refused the shipment confirmation of %s: %s", self.name,
                        type(exc).__name__)
        self.write({"amazon_sync_status": "error", "amazon_sync_error": message})
        self.message_post(body=_("Amazon refused the shipment confirmation: %s", message))
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=self.sale_id.user_id.id or self.env.uid,
            summary=_("Amazon shipment confirmation failed"), note=message)
        self.sale_id.amazon_account_id.message_post(body=_(
            "Shipment confirmation of %(picking)s failed: %(error)s",
            picking=self.name, error=message))
