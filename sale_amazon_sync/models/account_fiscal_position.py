from odoo import _, api, models


class AccountFiscalPosition(models.Model):
    _inherit = "account.fiscal.position"

    @api.model
    def _amazon_facilitator_position(self, company):
        """The company's "Amazon: tax collected by Amazon" position, created once.

        On items whose tax Amazon collects and remits itself (marketplace facilitator),
        that tax is not the seller's: the position maps the company's sales taxes away.
        Users may adjust it; mapping a tax to itself keeps that tax."""
        xml_id = f"sale_amazon_sync.fiscal_position_facilitator_{company.id}"
        position = self.env.ref(xml_id, raise_if_not_found=False)
        if not position:
            position = self.sudo().create({
                "name": _("Amazon: tax collected by Amazon"), "company_id": company.id,
                "note": _("Amazon collects and remits the tax of these orders itself."),
            })
            self.env["ir.model.data"].sudo()._update_xmlids([{
                "xml_id": xml_id, "record": position, "noupdate": True}])
            position._amazon_map_away(self.env["account.tax"].search([
                ("company_id", "=", company.id), ("type_tax_use", "=", "sale")]))
        return position.sudo(False)

    def _amazon_map_away(self, taxes):
        """Map each of ``taxes`` that the position does not map yet to no tax at all."""
        self.ensure_one()
        mapped = self.sudo().tax_ids.tax_src_id
        self.sudo().tax_ids = [(0, 0, {"tax_src_id": tax.id}) for tax in taxes - mapped]
