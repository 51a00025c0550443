from odoo import _, api, fields, models

from .amazon_buyer_data import PERSONAL_FIELDS

ADDRESS_FIELDS = ("street", "street2", "zip", "city", "state_id", "country_id", "phone")


class ResPartner(models.Model):
    _inherit = "res.partner"

    amazon_created = fields.Boolean(
        string="Created for Amazon", copy=False, readonly=True,
        help="Created by the Amazon connector for a buyer: its personal data is anonymized "
             "after the retention of the account.")
    amazon_edited = fields.Boolean(copy=False, readonly=True,
                                   help="A user changed this Amazon buyer's personal data.")
    amazon_review = fields.Boolean(
        string="Amazon Buyer to Review", copy=False,
        help="An Amazon buyer whose data was not anonymized because the contact does other "
             "business (a non-Amazon document, or edited by a user): decide what to keep.")

    def write(self, vals):
        """Personal data a user changes on an Amazon buyer makes it theirs: the retention
        no longer removes it."""
        if (not self.env.context.get("amazon_sync") and set(vals) & set(PERSONAL_FIELDS)
                and not self.env.su):
            self.filtered("amazon_created").sudo().with_context(amazon_sync=True).write(
                {"amazon_edited": True})
        return super().write(vals)

    def _amazon_other_business(self):
        """The contacts that do business beyond Amazon: edited by a user, users
        themselves, or on a document that is not an Amazon order's."""
        busy = self.filtered(lambda p: p.amazon_edited or p.user_ids)
        rest = self - busy
        if not rest:
            return busy
        partner_fields = ("partner_id", "partner_shipping_id", "partner_invoice_id")
        orders = self.env["sale.order"].sudo().search(
            [("amazon_order_ref", "=", False)] + ["|"] * 2
            + [(name, "in", rest.ids) for name in partner_fields])
        pickings = self.env["stock.picking"].sudo().search([
            ("partner_id", "in", rest.ids), "|", ("sale_id", "=", False),
            ("sale_id.amazon_order_ref", "=", False)])
        moves = self.env["account.move"].sudo().search([("partner_id", "in", rest.ids)])
        moves = moves.filtered(lambda m: not (m.reversed_entry_id | m).line_ids.sale_line_ids
                               .order_id.filtered("amazon_order_ref"))
        used = (orders.partner_id | orders.partner_shipping_id | orders.partner_invoice_id
                | pickings.partner_id | moves.partner_id)
        return busy | (rest & used)

    def _amazon_anonymize(self):
        """Keep the place, drop the person."""
        self.sudo().with_context(amazon_sync=True).write(dict(
            dict.fromkeys(PERSONAL_FIELDS, False), name=_("Anonymized Amazon buyer"),
            amazon_review=False))

    @api.model
    def _amazon_partners(self, orders, account, lookups):
        """{order ref: (contact, delivery address, unknown state or None)} of Amazon orders.

        A contact is reused only for the same buyer email and name in the company; buyers
        Amazon keeps anonymous share one contact per marketplace. The delivery address is
        the contact itself when identical, else a delivery child, reused when identical.
        The page's new contacts and addresses are created together.
        """
        addresses = {o.ref: self._amazon_address_values(o.recipient, lookups) for o in orders}
        contacts = self._amazon_contacts(orders, addresses, account.company_id, lookups)
        deliveries = self._amazon_deliveries(orders, addresses, contacts)
        return {o.ref: (contacts[o.ref], deliveries[o.ref], addresses[o.ref][1])
                for o in orders}

    @api.model
    def _amazon_contacts(self, orders, addresses, company, lookups):
        """{order ref: contact}: found by email and name, else created (once per page)."""
        emails = {o.buyer_email for o in orders if o.buyer_email and o.buyer_name}
        known = {(p.email, p.name): p for p in self.search([
            ("email", "in", list(emails)), ("company_id", "=", company.id),
            ("parent_id", "=", False)])} if emails else {}
        contacts, planned, values = {}, {}, []
        for order in orders:
            key = (order.buyer_email, order.buyer_name) if order.buyer_email else None
            if not order.buyer_name:
                marketplace = lookups.marketplace(order.marketplace_ref)
                contacts[order.ref] = self._amazon_anonymous_contact(marketplace, company)
            elif key in known:
                contacts[order.ref] = known[key]
            elif key in planned:  # the same buyer twice on the page
                contacts[order.ref] = planned[key]
            else:
                values.append(dict(addresses[order.ref][0], name=order.buyer_name,
                                   email=order.buyer_email or False, company_id=company.id,
                                   customer_rank=1, amazon_created=True))
                contacts[order.ref] = len(values) - 1
                if key:
                    planned[key] = len(values) - 1
        created = self.create(values)
        return {ref: created[c] if isinstance(c, int) else c for ref, c in contacts.items()}

    @api.model
    def _amazon_deliveries(self, orders, addresses, contacts):
        """{order ref: delivery address}: the contact itself, or a matching delivery
        child, else a new one (once per page)."""
        deliveries, values = {}, []
        for order in orders:
            contact = contacts[order.ref]
            if not order.recipient:
                deliveries[order.ref] = contact
                continue
            wanted = dict(addresses[order.ref][0], name=order.recipient.name or contact.name)
            match = contact if contact._amazon_matches(wanted) else contact.child_ids.filtered(
                lambda c, wanted=wanted: c.type == "delivery" and c._amazon_matches(wanted))[:1]
            planned = next((i for i, v in enumerate(values) if v["parent_id"] == contact.id
                            and self._amazon_same_address(v, wanted)), None)
            if match:
                deliveries[order.ref] = match
            elif planned is not None:
                deliveries[order.ref] = planned
            else:
                values.append(dict(wanted, parent_id=contact.id, type="delivery",
                                   company_id=contact.company_id.id, amazon_created=True))
                deliveries[order.ref] = len(values) - 1
        created = self.create(values)
        return {ref: created[d] if isinstance(d, int) else d for ref, d in deliveries.items()}

    @api.model
    def _amazon_same_address(self, values, wanted):
        return all((values.get(field) or False) == (wanted.get(field) or False)
                   for field in ("name",) + ADDRESS_FIELDS)

    @api.model
    def _amazon_anonymous_contact(self, marketplace, company):
        name = _("Amazon Customer (anonymous) - %s", marketplace.name)
        return self.search([("name", "=", name), ("company_id", "=", company.id),
                            ("parent_id", "=", False)], limit=1) \
            or self.create({"name": name, "company_id": company.id, "customer_rank": 1,
                            "country_id": marketplace.country_id.id})

    def _amazon_matches(self, values):
        return self.name == values["name"] and all(
            ((self[field].id if field.endswith("_id") else self[field]) or False)
            == (values.get(field) or False) for field in ADDRESS_FIELDS)

    @api.model
    def _amazon_address_values(self, address, lookups):
        """Odoo address values of an Amazon address, and (state, country) when Amazon's
        state is unknown to Odoo (never created: someone must look)."""
        if not address:
            return {}, None
        country = lookups.country(address.country_code)
        state = self.env["res.country.state"]
        unknown = None
        if address.state and country.state_ids:
            state = lookups.state(country, address.state)
            if not state:
                unknown = (address.state, country.name)
        return {
            "street": address.street, "street2": address.street2, "zip": address.zip,
            "city": address.city, "state_id": state.id or False,
            "country_id": country.id or False, "phone": address.phone,
        }, unknown
