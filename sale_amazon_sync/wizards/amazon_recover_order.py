import re

from odoo import _, fields, models
from odoo.exceptions import UserError

from .. import const


class AmazonRecoverOrder(models.TransientModel):
    _name = "amazon.recover.order"
    _description = "Recover an Amazon Order"

    account_id = fields.Many2one("amazon.account", required=True)
    order_ref = fields.Char(string="Amazon Reference", required=True,
                            help="The order's reference on Amazon, e.g. 302-1234567-1234567.")

    def action_recover(self):
        """Fetch one order with getOrder, import it, and open its sale order."""
        self.ensure_one()
        ref = self.order_ref.strip()
        if not re.match(const.ORDER_REF_PATTERN, ref):
            raise UserError(_("%s is not an Amazon order reference (3-7-7 digits, e.g. "
                              "302-1234567-1234567).", ref))
        sale = self.env["amazon.order.importer"]._recover(self.account_id, [ref])
        if not sale:
            error = self.env["amazon.order.error"].search([
                ("account_id", "=", self.account_id.id), ("order_ref", "=", ref)], limit=1)
            raise UserError(error.error or _(
                "Amazon order %s has no sale order: it is pending or was cancelled before "
                "it could be imported.", ref))
        return {"type": "ir.actions.act_window", "res_model": "sale.order",
                "res_id": sale.id, "view_mode": "form", "target": "current"}
