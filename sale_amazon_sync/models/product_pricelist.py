from odoo import _, api, models


class ProductPricelist(models.Model):
    _inherit = "product.pricelist"

    @api.model
    def _amazon_pricelist(self, currency, company):
        """A pricelist in the order's currency: the company's own if it has one, else an
        archived "Amazon Pricelist <CUR>" made for the purpose."""
        domain = [("currency_id", "=", currency.id), ("company_id", "in", [company.id, False])]
        name = _("Amazon Pricelist %s", currency.name)
        return self.search(domain, limit=1) \
            or self.with_context(active_test=False).search(domain + [("name", "=", name)],
                                                           limit=1) \
            or self.create({"name": name, "currency_id": currency.id,
                            "company_id": company.id, "active": False})
