from collections import defaultdict

from odoo import SUPERUSER_ID, api, fields, models
from odoo.tools import float_compare


class StockQuant(models.Model):
    """Amazon's FBA counts, held as Odoo's own inventory counts: reviewed and applied in
    Inventory > Physical Inventory (or applied at once), their adjustments named after
    the Amazon inventory they come from."""

    _inherit = "stock.quant"

    amazon_inventory_reason = fields.Char(
        string="Amazon Count", copy=False, readonly=True,
        help="The Amazon inventory the counted quantity comes from, and the reason of its "
             "adjustment; a count typed in by someone replaces it.")

    def write(self, vals):
        if "inventory_quantity" in vals and "amazon_inventory_reason" not in vals:
            vals = dict(vals, amazon_inventory_reason=False)
        return super().write(vals)

    def _get_inventory_move_values(self, qty, location_id, location_dest_id, package_id=False,
                                   package_dest_id=False):
        values = super()._get_inventory_move_values(
            qty, location_id, location_dest_id, package_id=package_id,
            package_dest_id=package_dest_id)
        if self.amazon_inventory_reason:
            values["name"] = self.amazon_inventory_reason
        return values

    # ------------------------------------------------------------------
    # Amazon's counts
    # ------------------------------------------------------------------

    @api.model
    def _amazon_count(self, locations, counts, reason, user):
        """Amazon's counts of these locations, ``{(product, location): its quantity there
        in all}``, set where Odoo's differ on the quant without lot, package or owner
        (assigned to ``user``), in place of Amazon's earlier counts. Returns the quants
        counted."""
        quants = self.sudo()
        quants.search([("location_id", "in", locations.ids),
                       ("amazon_inventory_reason", "!=", False)]).action_clear_inventory_quantity()
        totals, plain = defaultdict(float), {}
        for quant in quants.search([("location_id", "in", locations.ids), ("product_id", "in",
                                    list({product.id for product, _location in counts}))]):
            key = (quant.product_id, quant.location_id)
            totals[key] += quant.quantity
            if not (quant.lot_id or quant.package_id or quant.owner_id):
                plain[key] = quant
        differ = {key: quantity for key, quantity in counts.items() if float_compare(
            quantity, totals[key], precision_rounding=key[0].uom_id.rounding)}
        missing = [key for key in differ if key not in plain]
        plain.update(zip(missing, quants.create([
            {"product_id": product.id, "location_id": location.id}
            for product, location in missing]), strict=True))
        for key, quantity in differ.items():
            plain[key].write({
                "inventory_quantity": plain[key].quantity + quantity - totals[key],
                "inventory_quantity_set": True, "amazon_inventory_reason": reason,
                "user_id": user.id})
        return quants.browse([plain[key].id for key in differ])

    def _amazon_apply(self):
        """Apply the counts now. As the superuser: Odoo 17 asks for a stock manager, and
        the synchronization may run for a salesperson."""
        self.with_user(SUPERUSER_ID).action_apply_inventory()

    @api.model
    def _amazon_quantity(self, product, location):
        """The product's quantity in the location itself (not its children)."""
        return sum(self.sudo().search([("product_id", "=", product.id),
                                       ("location_id", "=", location.id)]).mapped("quantity"))
