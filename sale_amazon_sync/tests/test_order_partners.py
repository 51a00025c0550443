from odoo.tests import tagged

from .common import AmazonOrderCase

ADDRESS = {"name": "Jürgen Müller", "addressLine1": "Königstraße 5", "addressLine2": "Hinterhaus",
           "addressLine3": "3. OG", "city": "München", "postalCode": "80331",
           "countryCode": "DE", "phone": "+49 89 123456"}
BUYER = {"name": "Jürgen Müller", "email": "juergen@example.com"}


@tagged("post_install", "-at_install")
class TestOrderPartners(AmazonOrderCase):

    def test_contact_and_address_keep_non_ascii_data(self):
        data = self.put_order(buyer=BUYER, address=ADDRESS)
        self.sync()
        contact = self.sale(data).partner_id
        self.assertEqual((contact.name, contact.email), ("Jürgen Müller", "juergen@example.com"))
        self.assertEqual((contact.street, contact.street2, contact.city, contact.zip),
                         ("Königstraße 5", "Hinterhaus, 3. OG", "München", "80331"))
        self.assertEqual((contact.country_id.code, contact.phone), ("DE", "+49 89 123456"))
        self.assertEqual(contact.company_id, self.account.company_id)

    def test_delivery_address_identical_to_the_contact_is_the_contact(self):
        data = self.put_order(buyer=BUYER, address=ADDRESS)
        self.sync()
        sale = self.sale(data)
        self.assertEqual(sale.partner_shipping_id, sale.partner_id)

    def test_other_recipient_gets_a_delivery_address_under_the_contact(self):
        data = self.put_order(buyer=BUYER, address=dict(ADDRESS, name="Zoë Dupré"))
        self.sync()
        sale = self.sale(data)
        delivery = sale.partner_shipping_id
        self.assertEqual((delivery.name, delivery.type, delivery.parent_id),
                         ("Zoë Dupré", "delivery", sale.partner_id))

    def test_contact_is_reused_for_the_same_email_and_name_only(self):
        first = self.put_order(buyer=BUYER, address=ADDRESS)
        again = self.put_order(buyer=BUYER, address=dict(ADDRESS, addressLine1="Neue Str. 1"))
        namesake = self.put_order(buyer=dict(BUYER, name="Jürgen Mueller"), address=ADDRESS)
        self.sync()
        self.assertEqual(self.sale(first).partner_id, self.sale(again).partner_id)
        self.assertEqual(self.sale(again).partner_shipping_id.street, "Neue Str. 1")
        self.assertNotEqual(self.sale(first).partner_id, self.sale(namesake).partner_id)

    def test_same_delivery_address_is_not_duplicated(self):
        other = dict(ADDRESS, name="Zoë Dupré")
        orders = [self.put_order(buyer=BUYER, address=other) for _ in range(2)]
        self.sync()
        self.assertEqual(self.sale(orders[0]).partner_shipping_id,
                         self.sale(orders[1]).partner_shipping_id)

    def test_anonymous_buyers_share_one_contact_per_marketplace(self):
        orders = [self.put_order(buyer=None, fulfilled_by="AMAZON", status="SHIPPED")
                  for _ in range(2)]
        self.sync()
        contact = self.sale(orders[0]).partner_id
        self.assertEqual(contact.name, "Amazon Customer (anonymous) - Amazon.de")
        self.assertEqual(self.sale(orders[1]).partner_id, contact)

    def test_unknown_state_is_not_created_and_the_salesperson_gets_a_todo(self):
        us_address = {"name": "John Doe", "addressLine1": "1 Main St", "city": "Springfield",
                      "stateOrRegion": "Atlantis", "postalCode": "12345", "countryCode": "US"}
        states = self.env["res.country.state"].search_count([])
        data = self.put_order(buyer=BUYER, address=us_address)
        self.sync()
        sale = self.sale(data)
        self.assertFalse(sale.partner_shipping_id.state_id)
        self.assertEqual(self.env["res.country.state"].search_count([]), states)
        activity = sale.activity_ids
        self.assertEqual(activity.user_id, self.account.user_id)
        self.assertIn("Atlantis", activity.note)

    def test_known_state_is_matched_by_code(self):
        data = self.put_order(buyer=BUYER, address={
            "name": "John Doe", "addressLine1": "1 Main St", "city": "Seattle",
            "stateOrRegion": "WA", "postalCode": "98109", "countryCode": "US"})
        self.sync()
        self.assertEqual(self.sale(data).partner_shipping_id.state_id,
                         self.env.ref("base.state_us_48"))

    def test_fiscal_position_follows_the_delivery_address(self):
        fpos = self.env["account.fiscal.position"].create({
            "name": "EU B2C France (test)", "auto_apply": True,
            "country_id": self.env.ref("base.fr").id})
        data = self.put_order(marketplace="FR", buyer=BUYER)
        self.sync()
        self.assertEqual(self.sale(data).fiscal_position_id, fpos)
