from odoo import _, api, models

from ..spapi.orders import OrderDataError


class ResCurrency(models.Model):
    _inherit = "res.currency"

    @api.model
    def _amazon_currency(self, code, company):
        """The currency of an Amazon order, activated if needed; the company's for orders
        that carry no money (replacements)."""
        if not code:
            return company.currency_id
        currency = self.with_context(active_test=False).search([("name", "=", code)], limit=1)
        if not currency:
            raise OrderDataError(_("The currency %s is unknown to Odoo.", code))
        if not currency.active:
            currency.sudo().active = True
        return currency
