from odoo import _, api, models

ADDRESS_FIELDS = ("street", "street2", "zip", "city", "state_id", "country_id", "phone")


class ResPartner(models.Model):
    _inherit = "res.partner"

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
                company_id=company.id, customer_rank=1))
        elif order.buyer_name:  # no email to recognise the buyer by: a contact per order
            contact = self.create(dict(address, name=order.buyer_name, company_id=company.id,
                                       customer_rank=1))
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
                                company_id=self.company_id.id))

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
