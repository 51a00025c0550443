from collections import defaultdict

from odoo import _, models
from odoo.tools import float_compare, float_is_zero


class StockMove(models.Model):
    _inherit = "stock.move"

    # ------------------------------------------------------------------
    # FBA deliveries: Amazon shipped them before Odoo heard of the order
    # ------------------------------------------------------------------

    def _amazon_deliver_fba(self):
        """Do these confirmed moves out of the FBA location at once. Goods tracked by
        lots or serial numbers take those the FBA location itself holds (never its
        Unfulfillable child), first in, first out; a move short of them waits in a
        delivery, with a to-do for whoever looks after the FBA stock, so that the order
        imports all the same."""
        tracked = self.filtered(lambda move: move.product_id.tracking != "none")
        short = tracked.filtered(lambda move: not move._amazon_take_lots())
        short._amazon_wait_for_lots()
        ready = self - short
        for move in ready - tracked:
            move.quantity = move.product_uom_qty
        ready.picked = True
        ready._action_done()

    def _amazon_take_lots(self):
        """Reserve the oldest lots or serial numbers held in the move's source location
        itself; whether they cover the move."""
        self.ensure_one()
        quants = self.env["stock.quant"].search([
            ("product_id", "=", self.product_id.id), ("location_id", "=", self.location_id.id),
            ("lot_id", "!=", False), ("quantity", ">", 0)], order="in_date, id")
        return self._amazon_take([
            (quant.quantity - quant.reserved_quantity, {
                "lot_id": quant.lot_id.id, "package_id": quant.package_id.id,
                "owner_id": quant.owner_id.id}) for quant in quants])

    def _amazon_take_lots_back(self, delivered):
        """Lines of this return with the lots or serial numbers the ``delivered`` moves
        took to the customer and that did not come back yet."""
        self.ensure_one()
        out = defaultdict(float)
        returned = delivered.returned_move_ids.filtered(lambda move: move.state == "done")
        for line in delivered.move_line_ids:
            out[line.lot_id] += line.quantity_product_uom
        for line in returned.move_line_ids:
            out[line.lot_id] -= line.quantity_product_uom
        self._amazon_take([(quantity, {"lot_id": lot.id}) for lot, quantity in out.items()])

    def _amazon_take(self, sources):
        """Lines of the move taking from ``sources`` [(quantity available, line values)]
        in order until the move is covered; whether it is."""
        rounding = self.product_id.uom_id.rounding
        needed, lines = self.product_qty, []
        for available, values in sources:
            taken = min(needed, available)
            if float_compare(taken, 0, precision_rounding=rounding) <= 0:
                continue
            lines.append(dict(self._prepare_move_line_vals(quantity=taken), **values))
            needed -= taken
            if float_is_zero(needed, precision_rounding=rounding):
                break
        self.env["stock.move.line"].create(lines)
        return float_is_zero(needed, precision_rounding=rounding)

    def _amazon_wait_for_lots(self):
        """A delivery per order for these moves short of lots, waiting for the user."""
        for order, moves in self.grouped(lambda move: move.sale_line_id.order_id).items():
            account = order.amazon_account_id
            if not order.procurement_group_id:
                order.procurement_group_id = self.env["procurement.group"].create(
                    moves.sale_line_id[:1]._prepare_procurement_group_vals())
            picking = self.env["stock.picking"].create({
                "picking_type_id": account.warehouse_id.out_type_id.id,
                "location_id": moves.location_id.id, "location_dest_id": moves.location_dest_id.id,
                "partner_id": order.partner_shipping_id.id, "origin": order.name,
                "group_id": order.procurement_group_id.id, "company_id": order.company_id.id,
            })
            moves.write({"picking_id": picking.id, "group_id": order.procurement_group_id.id,
                         "picking_type_id": picking.picking_type_id.id})
            moves.move_line_ids.picking_id = picking
            products = ", ".join(moves.product_id.mapped("display_name"))
            picking.activity_schedule(
                "mail.mail_activity_data_todo", user_id=account._amazon_fba_user().id,
                summary=_("Lots or serial numbers for an FBA delivery"),
                note=_("Amazon shipped %(order)s, but the FBA location does not hold enough "
                       "lots or serial numbers of %(products)s: receive them there or set "
                       "them on this delivery, and validate it.",
                       order=order.amazon_order_ref, products=products))
