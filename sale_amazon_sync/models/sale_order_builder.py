from collections import Counter

from odoo import _, api, models

from .. import const
from ..spapi.orders import OrderDataError


class Lookups:
    """What a page of Amazon orders needs from the database, looked up once for the page:
    marketplaces, pricelists, the products of charges, taxes, offers. Importing a page
    costs a few queries per kind of record, not a few per order."""

    def __init__(self, env, account):
        self.env, self.account, self.company = env, account, account.company_id
        self._marketplaces = {m.api_ref: m for m in env["amazon.marketplace"].search([])}
        self._pricelists, self._charge_products, self._taxes = {}, {}, {}
        self._countries, self._states = {}, {}
        self.offers = {}

    def marketplace(self, api_ref):
        """The marketplace of an order: one Odoo knows, and one of the account's."""
        if api_ref not in self._marketplaces:
            raise OrderDataError(_("The marketplace %s is unknown: add it in developer mode.",
                                   api_ref))
        marketplace = self._marketplaces[api_ref]
        if marketplace not in (self.account.available_marketplace_ids
                               | self.account.active_marketplace_ids
                               | self.account.base_marketplace_id):
            raise OrderDataError(_("The marketplace %s is not one of this account's.",
                                   marketplace.name))
        return marketplace

    def country(self, code):
        if code not in self._countries:
            self._countries[code] = self.env["res.country"].search([("code", "=", code)],
                                                                   limit=1)
        return self._countries[code]

    def state(self, country, name):
        """The country's state Amazon names by code or name (empty when Odoo has none)."""
        key = (country.id, name.casefold())
        if key not in self._states:
            self._states[key] = self.env["res.country.state"].search([
                ("country_id", "=", country.id), "|", ("code", "=ilike", name),
                ("name", "=ilike", name)], limit=1)
        return self._states[key]

    def pricelist(self, currency_code):
        if currency_code not in self._pricelists:
            currency = self.env["res.currency"]._amazon_currency(currency_code, self.company)
            self._pricelists[currency_code] = self.env["product.pricelist"]._amazon_pricelist(
                currency, self.company)
        return self._pricelists[currency_code]

    def charge_product(self, code, kind):
        """The product of a charge (shipping service level, gift-wrap level...)."""
        if (code, kind) not in self._charge_products:
            self._charge_products[code, kind] = self.env["product.product"] \
                ._amazon_product_for_code(code, kind, self.company)
        return self._charge_products[code, kind]

    def line_taxes(self, product, position, tax_included, facilitator):
        """The taxes of a line: the product's, through the order's fiscal position; made
        price-included where Amazon's prices include tax; none of the seller's where
        Amazon collects the tax itself."""
        key = (product.id, position.id, tax_included, facilitator)
        if key not in self._taxes:
            taxes = product.taxes_id._filter_taxes_by_company(self.company)
            if facilitator:
                away = self.env["account.fiscal.position"]._amazon_facilitator_position(
                    self.company)
                away._amazon_map_away(position.map_tax(taxes))
                taxes = away.map_tax(position.map_tax(taxes))
            else:
                taxes = position.map_tax(taxes)
                if tax_included:
                    taxes = taxes._amazon_price_included()
            self._taxes[key] = taxes
        return self._taxes[key]

    def load_offers(self, orders):
        """The offers of every item of ``orders``, created on first sight."""
        keys = [(self.marketplace(o.marketplace_ref), item.sku, o.channel)
                for o in orders for item in o.items]
        self.offers.update(self.env["amazon.offer"]._amazon_offers(self.account, keys))


class SaleOrder(models.Model):
    """Amazon orders become sale orders a page at a time: one create for the page's
    orders and their lines, one confirmation, the look-ups done once (``Lookups``)."""

    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _amazon_sync_page(self, orders, account):
        """Create, update or skip the sale order of each parsed order:
        {order ref: (sale order or nothing, "created", "updated" or "skipped")}."""
        existing = {sale.amazon_order_ref: sale for sale in self.search([
            ("amazon_account_id", "=", account.id),
            ("amazon_order_ref", "in", [o.ref for o in orders])])}
        outcomes, new = {}, {}
        for order in orders:
            sale = existing.get(order.ref)
            if sale:
                sale._amazon_check_same(order)
                changed = sale._amazon_update_status(order)
                outcomes[order.ref] = (sale, "updated" if changed else "skipped")
            elif order.status not in const.IMPORTED_STATUSES[order.channel]:
                outcomes[order.ref] = (self, "skipped")  # pending (no prices yet)...
            elif order.ref in new:
                raise OrderDataError(_("The order %s is twice on the same page.", order.ref))
            else:
                new[order.ref] = order
        for sale, order in zip(self._amazon_create(list(new.values()), account), new.values(),
                               strict=True):
            outcomes[order.ref] = (sale, "created")
        return outcomes

    @api.model
    def _amazon_create(self, orders, account):
        """Confirmed sale orders of new Amazon orders, in their order."""
        if not orders:
            return self
        self._amazon_check_items(orders)
        lookups = Lookups(self.env, account)
        lookups.load_offers(orders)
        partners = self.env["res.partner"]._amazon_partners(orders, account, lookups)
        sales = self.with_company(account.company_id).with_context(
            mail_create_nosubscribe=True, mail_auto_subscribe_no_notify=True).create([
                self._amazon_order_values(order, account, lookups, *partners[order.ref][:2])
                for order in orders])
        for sale, order in zip(sales, orders, strict=True):
            sale._amazon_fit_total(order.total - order.facilitator_tax)
        sales.action_confirm()
        for sale, order in zip(sales, orders, strict=True):
            sale._amazon_after_confirm(order, partners[order.ref][2])
        return sales

    def _amazon_check_same(self, order):
        """An order Amazon sends again keeps its items: none in common means a payload
        Amazon garbled (or another order under a reused id), which must not touch this
        one."""
        known = set(self.order_line.mapped("amazon_item_ref")) - {False}
        if known and not known & {item.ref for item in order.items}:
            raise OrderDataError(_("Amazon sent order %s again with other items.", order.ref))

    @api.model
    def _amazon_check_items(self, orders):
        """Amazon's item ids are unique: an item already on a sale order (or twice on
        the page) means a payload Amazon garbled, refused before anything is written."""
        refs = Counter(item.ref for order in orders for item in order.items)
        taken = set(self.env["sale.order.line"].search(
            [("amazon_item_ref", "in", list(refs))]).mapped("amazon_item_ref"))
        for order in orders:
            if any(refs[item.ref] > 1 or item.ref in taken for item in order.items):
                raise OrderDataError(_("An item of order %s is already on another sale "
                                       "order.", order.ref))

    @api.model
    def _amazon_order_values(self, order, account, lookups, partner, delivery):
        """The values of the sale order of ``order``, its lines included."""
        marketplace = lookups.marketplace(order.marketplace_ref)
        position = self._amazon_position(order, account, partner, delivery)
        return {
            "partner_id": partner.id,
            "partner_invoice_id": partner.id,
            "partner_shipping_id": delivery.id,
            "company_id": account.company_id.id,
            "date_order": order.purchase_date,
            "origin": _("Amazon Order %s", order.ref),
            "client_order_ref": order.ref,
            "amazon_order_ref": order.ref,
            "amazon_account_id": account.id,
            "amazon_marketplace_id": marketplace.id,
            "amazon_channel": order.channel,
            "user_id": account.user_id.id,
            "team_id": account.team_id.id,
            "warehouse_id": account.warehouse_id.id,
            "pricelist_id": lookups.pricelist(order.currency).id,
            "fiscal_position_id": position.id,
            "require_signature": False,
            "require_payment": False,
            "amazon_facilitator_tax": float(order.facilitator_tax),
            "order_line": self.env["sale.order.line"]._amazon_line_commands(
                order, marketplace, position, lookups),
        }

    @api.model
    def _amazon_position(self, order, account, partner, delivery):
        """Orders whose tax Amazon collects on every item take the position mapping the
        seller's sales taxes away; the others the one Odoo finds for the address."""
        positions = self.env["account.fiscal.position"].with_company(account.company_id)
        if order.items and all(item.facilitator for item in order.items):
            return positions._amazon_facilitator_position(account.company_id)
        return positions._get_fiscal_position(partner, delivery)
