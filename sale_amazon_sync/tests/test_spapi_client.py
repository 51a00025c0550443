from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..sandbox import DEMO_REFRESH_TOKEN
from .common import AmazonTestCase


@tagged("post_install", "-at_install")
class TestSpApiClient(AmazonTestCase):
    """The client layer as the addon uses it, against the sandbox with faults on."""

    def participations(self):
        with self.account._get_client() as client:
            return client.get_marketplace_participations()

    def test_access_token_is_cached_between_calls(self):
        self.participations()
        self.participations()
        self.assertEqual(len(self.sandbox.calls("lwaToken")), 1)
        self.assertEqual(len(self.sandbox.calls("getMarketplaceParticipations")), 2)

    def test_access_token_is_refreshed_before_it_expires(self):
        self.participations()
        with freeze_time(datetime.now() + timedelta(minutes=59)):
            self.participations()
        self.assertEqual(len(self.sandbox.calls("lwaToken")), 2)

    def test_token_grant_sends_the_app_credentials_and_refresh_token(self):
        self.participations()
        grant = self.sandbox.calls("lwaToken")[0]["body"]
        self.assertEqual(grant["grant_type"], "refresh_token")
        self.assertEqual(grant["refresh_token"], DEMO_REFRESH_TOKEN)

    def test_revoked_authorization_asks_to_link_again(self):
        self.sandbox.revoke(DEMO_REFRESH_TOKEN)
        with self.assertRaisesRegex(UserError, "Link the account with Amazon again"):
            self.account.action_update_marketplaces()

    def test_server_errors_and_empty_bodies_are_retried(self):
        self.sandbox.inject("500", "getMarketplaceParticipations")
        self.sandbox.inject("503", "getMarketplaceParticipations")
        self.assertTrue(self.participations())
        statuses = [c["status"] for c in self.sandbox.calls("getMarketplaceParticipations")]
        self.assertEqual(statuses, [500, 503, 200])

    def test_truncated_json_is_retried_not_taken_as_empty(self):
        self.sandbox.inject("truncated", "getMarketplaceParticipations")
        self.assertEqual(len(self.participations()), 6)
        self.assertEqual(len(self.sandbox.calls("getMarketplaceParticipations")), 2)

    def test_persistent_server_errors_give_up_after_the_retry_budget(self):
        self.sandbox.inject("500", "getMarketplaceParticipations", times=10)
        with self.assertRaisesRegex(UserError, "could not process"):
            self.account.action_update_marketplaces()
        self.assertEqual(len(self.sandbox.calls("getMarketplaceParticipations")), 5)

    def test_throttled_fast_operation_waits_and_retries(self):
        # getListingsItem refills five times a second: a 429 costs a short wait, no failure.
        self.sandbox.add_listing(self.account.seller_key, "TEST-MUG", self.marketplace_de.api_ref)
        self.sandbox.inject("429", "getListingsItem")
        with self.account._get_client() as client:
            item = client.get_listings_item(self.account.seller_key, "TEST-MUG",
                                            [self.marketplace_de.api_ref], ["summaries"])
        self.assertEqual(item["sku"], "TEST-MUG")
        self.assertEqual([c["status"] for c in self.sandbox.calls("getListingsItem")],
                         [429, 200])
