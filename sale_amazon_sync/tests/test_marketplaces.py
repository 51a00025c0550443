from odoo.exceptions import UserError
from odoo.tests import tagged

from ..sandbox import DEMO_SELLER_ID
from .common import AmazonTestCase


@tagged("post_install", "-at_install")
class TestMarketplaces(AmazonTestCase):

    def codes(self, marketplaces):
        return sorted(marketplaces.mapped("country_id.code"))

    def test_update_adds_every_participating_marketplace(self):
        self.account.action_update_marketplaces()
        expected = ["DE", "ES", "FR", "GB", "IT", "NL"]
        self.assertEqual(self.codes(self.account.available_marketplace_ids), expected)
        self.assertEqual(self.codes(self.account.active_marketplace_ids), expected)
        self.assertEqual(len(self.sandbox.calls("getMarketplaceParticipations")), 1)

    def test_update_removes_left_marketplaces_and_keeps_user_choices(self):
        self.account.write({
            "available_marketplace_ids": [(6, 0, (self.marketplace_de | self.marketplace_fr
                                                  | self.marketplace_it).ids)],
            "active_marketplace_ids": [(6, 0, (self.marketplace_de | self.marketplace_fr).ids)],
        })
        self.sandbox.set_participations(DEMO_SELLER_ID, [
            self.marketplace_de.api_ref, self.marketplace_it.api_ref, self.marketplace_pl.api_ref])
        self.account.action_update_marketplaces()
        self.assertEqual(self.codes(self.account.available_marketplace_ids), ["DE", "IT", "PL"])
        # FR left: no longer synchronized; IT was deliberately off: stays off; PL is new: on.
        self.assertEqual(self.codes(self.account.active_marketplace_ids), ["DE", "PL"])
        self.assertIn("Amazon.pl added", " ".join(self.account.message_ids.mapped("body")))

    def test_update_when_throttled_says_when_to_retry(self):
        self.sandbox.inject("429", "getMarketplaceParticipations", times=5)
        with self.assertRaisesRegex(UserError, "limiting the requests"):
            self.account.action_update_marketplaces()
        # The next token is a minute away: the client stops instead of hammering Amazon.
        self.assertEqual(len(self.sandbox.calls("getMarketplaceParticipations")), 1)
        self.assertFalse(self.account.available_marketplace_ids)

    def test_update_of_an_unlinked_account_asks_to_link(self):
        self.account.action_unlink()
        with self.assertRaisesRegex(UserError, "Link the account"):
            self.account.action_update_marketplaces()
