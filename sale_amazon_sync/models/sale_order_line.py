from itertools import product as combinations

from odoo import _, api, fields, models

from .. import compat, const


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    amazon_item_ref = fields.Char(string="Amazon Item", copy=False, readonly=True,
                                  index="btree_not_null")
    amazon_offer_id = fields.Many2one("amazon.offer", string="Amazon Offer", copy=False,
                                      readonly=True, index="btree_not_null",
                                      help="The Amazon offer (SKU) that sold this item.")

    _sql_constraints = [("amazon_item_ref_unique", "UNIQUE(amazon_item_ref)",
                         "This Amazon order item is already on a sale order.")]

    # ------------------------------------------------------------------
    # Import
    # ------------------------------------------------------------------

    @api.model
    def _amazon_line_commands(self, order, marketplace, position, lookups):
        """The lines of an Amazon order, as create commands: per item a product line and
        a line per other charge it carries (shipping, gift wrap, cash-on-delivery fee,
        other); the delivery tip; then the gift messages."""
        lines = []
        for item in order.items:
            offer = lookups.offers[item.sku]
            lines.append(self._amazon_priced(marketplace, position, lookups, item, {
                "product_id": offer.product_id, "name": self._amazon_description(item),
                "product_uom_qty": item.quantity, "amazon_item_ref": item.ref,
                "amazon_offer_id": offer.id,
            }, item.product, item.promotion))
            for charge, discount, kind, code, name in (
                (item.shipping, item.shipping_discount, "shipping", order.service_level,
                 _("Shipping: %s", order.service_level or _("Amazon"))),
                (item.gift_wrap, None, "sale", item.gift_wrap_level,
                 _("Gift wrap: %s", item.gift_wrap_level or _("Amazon"))),
                (item.cod_fee, None, "cod_fee", None, _("Cash on delivery fee")),
                (item.other, None, "other", None, _("Other charge")),
            ):
                if charge:
                    lines.append(self._amazon_priced(marketplace, position, lookups, item, {
                        "product_id": lookups.charge_product(code, kind), "name": name,
                    }, charge, discount))
        if order.delivery_tip:
            lines.append({"name": _("Delivery tip"), "tax_id": [(6, 0, [])],
                          "product_id": lookups.charge_product(None, "delivery_tip").id,
                          "price_unit": float(order.delivery_tip)})
        if order.gift_messages:
            lines.append({"display_type": "line_note",
                          "name": _("Gift message: %s", "\n".join(order.gift_messages))})
        return [(0, 0, values) for values in lines]

    @api.model
    def _amazon_description(self, item):
        description = f"[{item.sku}] {item.title}".strip()
        if item.condition:
            description += "\n" + _("Condition: %s", item.condition)
        if item.condition_note:
            description += "\n" + item.condition_note
        return description

    @api.model
    def _amazon_priced(self, marketplace, position, lookups, item, values, charge, discount):
        """A line priced from Amazon's amounts, through the line's own taxes.

        On marketplaces whose prices include tax the taxes are price-included, so that the
        tax is taken out of Amazon's price instead of added on top of it. The tax Amazon
        collects itself is not the seller's: such lines carry the net amount and none of
        the seller's sales taxes.
        """
        product = values["product_id"]
        included = marketplace.tax_included and not item.facilitator
        taxes = lookups.line_taxes(product, position, included, item.facilitator)
        amount = charge.gross if included else charge.net
        taken_off = (discount.gross if included else discount.net) if discount else 0
        quantity = values.get("product_uom_qty", 1)
        return dict(values, product_id=product.id, product_uom_qty=quantity,
                    tax_id=[(6, 0, taxes.ids)],
                    price_unit=float(amount) / quantity if quantity else 0,
                    discount=float(taken_off) / float(amount) * 100 if amount else 0)

    def _amazon_absorb(self, difference):
        """Nudge the price (and, if need be, the discount) by the smallest steps until the
        line's total moves by ``difference``; False if no nearby price does it."""
        self.ensure_one()
        target = self.price_total + difference
        price_step = 10 ** -self.env["decimal.precision"].precision_get("Product Price")
        discount_steps = [0] + [step * sign for step in range(1, const.FIT_DISCOUNT_STEPS + 1)
                                for sign in (1, -1)]
        price_steps = sorted(range(-const.FIT_PRICE_STEPS, const.FIT_PRICE_STEPS + 1), key=abs)
        for discount_step, price_step_count in combinations(discount_steps, price_steps):
            price = self.price_unit + price_step_count * price_step
            discount = self.discount + discount_step * 0.01
            if not 0 <= discount < 100:
                continue
            if self.currency_id.is_zero(self._amazon_total_for(price, discount) - target):
                self.write({"price_unit": price, "discount": discount})
                return True
        return False

    def _amazon_total_for(self, price, discount):
        taxes = self.tax_id.compute_all(
            price * (1 - discount / 100), self.currency_id, self.product_uom_qty,
            product=self.product_id, partner=self.order_id.partner_shipping_id)
        return taxes["total_included"]

    # ------------------------------------------------------------------
    # Delivery: FBA goods leave from the Amazon location at once
    # ------------------------------------------------------------------

    def _action_launch_stock_rule(self, *args, **kwargs):
        fba = self.filtered(lambda line: line.order_id.amazon_channel == "fba")
        result = super(SaleOrderLine, self - fba)._action_launch_stock_rule(*args, **kwargs)
        fba._amazon_deliver_from_amazon()
        return result

    def _amazon_deliver_from_amazon(self):
        """Amazon already shipped FBA orders: done moves from its location to the customer,
        and no delivery order for anyone to process."""
        goods = self.filtered(lambda line: not line.display_type
                              and compat.is_goods(line.product_id))
        # Only what no move delivered yet: a quantity raised later ships the difference.
        missing = {line: line.product_uom_qty - sum(line.move_ids.filtered(
            lambda m: m.state == "done").mapped("product_uom_qty")) for line in goods}
        goods = goods.filtered(lambda line: missing[line] > 0)
        if not goods:
            return
        customers = self.env.ref("stock.stock_location_customers")
        moves = self.env["stock.move"].create([{
            "name": line.name[:256],
            "product_id": line.product_id.id,
            "product_uom_qty": missing[line],
            "product_uom": line.product_uom.id,
            "location_id": line.order_id.amazon_account_id.location_id.id,
            "location_dest_id": customers.id,
            "partner_id": line.order_id.partner_shipping_id.id,
            "sale_line_id": line.id,
            "origin": line.order_id.name,
            "company_id": line.company_id.id,
        } for line in goods])
        moves._action_confirm()
        moves._amazon_deliver_fba()
