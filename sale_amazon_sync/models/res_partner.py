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
    def _amazon_partners(self, order, account, marketplace):
        """(contact, delivery address, unknown state or None) of an Amazon order.

        A contact is reused only for the same buyer email and name in the company; buyers
        Amazon keeps anonymous share one contact per marketplace. The delivery address is
        the contact itself when identical, else a delivery child, reused when identical.
        """
        address, unknown_state = self._amazon_address_values(order.recipient)
        company = account.company_id
        if order.buyer_email and order.buyer_name:
            contact = self.search([
                ("email", "=", order.buyer_email), ("name", "=", order.buyer_name),
                ("company_id", "=", company.id), ("parent_id", "=", False),
            ], limit=1) or self.create(dict(
                address, name=order.buyer_name, email=order.buyer_email,
                company_id=company.id, customer_rank=1, amazon_created=True))
        elif order.buyer_name:  # no email to recognise the buyer by: a contact per order
            contact = self.create(dict(address, name=order.buyer_name, company_id=company.id,
                                       customer_rank=1, amazon_created=True))
        else:
            contact = self._amazon_anonymous_contact(marketplace, company)
        delivery = contact
        if order.recipient:
            delivery = contact._amazon_delivery_address(
                dict(address, name=order.recipient.name or contact.name))
        return contact, delivery, unknown_state

    @api.model
    def _amazon_anonymous_contact(self, marketplace, company):
        name = _("Amazon Customer (anonymous) - %s", marketplace.name)
        return self.search([("name", "=", name), ("company_id", "=", company.id),
                            ("parent_id", "=", False)], limit=1) \
            or self.create({"name": name, "company_id": company.id, "customer_rank": 1,
                            "country_id": marketplace.country_id.id})

    def _amazon_delivery_address(self, values):
        """The contact itself if it has this name and address, else a matching delivery
        child, created when missing."""
        self.ensure_one()
        if self._amazon_matches(values):
            return self
        return self.child_ids.filtered(
            lambda child: child.type == "delivery" and child._amazon_matches(values))[:1] \
            or self.create(dict(values, parent_id=self.id, type="delivery",
                                company_id=self.company_id.id, amazon_created=True))

    def _amazon_matches(self, values):
        return self.name == values["name"] and all(
            ((self[field].id if field.endswith("_id") else self[field]) or False)
            == (values.get(field) or False) for field in ADDRESS_FIELDS)

    @api.model
    def _amazon_address_values(self, address):
        """Odoo address values of an Amazon address, and (state, country) when Amazon's
        state is unknown to Odoo (never created: someone must look)."""
        if not address:
            return {}, None
        country = self.env["res.country"].search([("code", "=", address.country_code)],
                                                 limit=1)
        state = self.env["res.country.state"]
        unknown = None
        if address.state and country.state_ids:
            state = state.search([("country_id", "=", country.id), "|",
                                  ("code", "=ilike", address.state),
                                  ("name", "=ilike", address.state)], limit=1)
            if not state:
                unknown = (address.state, country.name)
        return {
            "street": address.street, "street2": address.street2, "zip": address.zip,
            "city": address.city, "state_id": state.id or False,
            "country_id": country.id or False, "phone": address.phone,
        }, unknown
