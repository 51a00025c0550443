from odoo import _, models

from .. import compat


class AccountTax(models.Model):
    _inherit = "account.tax"

    def _amazon_price_included(self):
        """The price-included twin of each tax (the tax itself if it already is one),
        created once: on marketplaces whose prices include tax, Odoo then takes the tax out
        of Amazon's price and the totals stay Amazon's."""
        twins = self.browse()
        for tax in self:
            if tax.price_include or tax.amount_type != "percent":
                twins |= tax
                continue
            twin = self.with_context(active_test=False).search([
                ("company_id", "=", tax.company_id.id), ("amount", "=", tax.amount),
                ("amount_type", "=", "percent"), ("type_tax_use", "=", tax.type_tax_use),
                ("tax_group_id", "=", tax.tax_group_id.id), ("price_include", "=", True),
                ("country_id", "=", tax.country_id.id),
            ], limit=1)
            twins |= twin or tax.sudo().copy(dict(
                compat.price_included_tax_values(),
                name=_("%s (included in price)", tax.name))).sudo(False)
        return twins
