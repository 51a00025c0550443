from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    amazon_offer_count = fields.Integer(compute="_compute_amazon_offer_count",
                                        groups="sales_team.group_sale_salesman")

    def _compute_amazon_offer_count(self):
        counts = dict(self.env["amazon.offer"]._read_group(
            [("product_template_id", "in", self.ids)], ["product_template_id"], ["__count"]))
        for template in self:
            template.amazon_offer_count = counts.get(template, 0)

    def action_view_amazon_offers(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id("sale_amazon_sync.amazon_offer_action")
        action["domain"] = [("product_template_id", "=", self.id)]
        action["context"] = {"default_product_id": self.product_variant_id.id}
        return action
