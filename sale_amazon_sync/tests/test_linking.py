from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlencode, urlparse

from freezegun import freeze_time

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from ..sandbox import DEMO_REFRESH_TOKEN
from .common import AmazonSandboxMixin

NEW_SELLER = "A3NEWSELLER0001"


@tagged("post_install", "-at_install")
class TestLinking(AmazonSandboxMixin, HttpCase):
    """The website authorization round trip, through the real return route."""

    def setUp(self):
        super().setUp()
        self.account.sudo().write({"refresh_token": False, "seller_key": False})
        self.authenticate("amazon_manager", "amazon_manager")

    def messages(self):
        return " ".join(self.account.message_ids.mapped("body"))

    def issue_state(self, user=None):
        action = self.account.with_user(user or self.manager).action_link()
        return parse_qs(urlparse(action["url"]).query)["state"][0]

    def come_back(self, state, code=None, seller=NEW_SELLER):
        code = code or self.sandbox.issue_auth_code(seller)
        query = urlencode({"state": state, "selling_partner_id": seller,
                           "spapi_oauth_code": code})
        return self.url_open(f"/amazon_sync/return?{query}", allow_redirects=False)

    def test_good_state_links_the_account_and_lands_on_it(self):
        response = self.come_back(self.issue_state())
        self.assertIn(response.status_code, (302, 303))
        location = response.headers["Location"]
        self.assertIn(f"id={self.account.id}", location)
        action = self.env.ref("sale_amazon_sync.amazon_account_action")
        self.assertIn(f"action={action.id}", location, "inside the Sales app, with breadcrumbs")
        self.assertIn(f"menu_id={self.env.ref('sale.sale_menu_root').id}", location)
        self.assertTrue(self.account.is_linked)
        self.assertEqual(self.account.seller_key, NEW_SELLER)
        self.assertIn("Linked with Amazon", self.messages())
        grant = self.sandbox.calls("lwaToken")[-1]["body"]
        self.assertEqual(grant["grant_type"], "authorization_code")

    def test_consent_url_carries_the_state_to_amazon(self):
        action = self.account.with_user(self.manager).action_link()
        query = parse_qs(urlparse(action["url"]).query)
        self.assertTrue(query["redirect_uri"][0].endswith("/amazon_sync/return"))
        self.assertEqual(query["application_id"][0], "amzn1.sp.solution.sandbox")

    @mute_logger("odoo.addons.sale_amazon_sync.controllers.main", "odoo.http")
    def test_forged_state_is_refused(self):
        state = self.issue_state()
        forged = state[:-4] + ("0000" if not state.endswith("0000") else "1111")
        self.assertEqual(self.come_back(forged).status_code, 403)
        self.assertEqual(self.come_back("garbage").status_code, 403)
        self.assertFalse(self.account.is_linked)
        self.assertFalse(self.sandbox.calls("lwaToken"), "no code exchanged on a bad state")

    @mute_logger("odoo.addons.sale_amazon_sync.controllers.main", "odoo.http")
    def test_reused_state_is_refused(self):
        state = self.issue_state()
        self.assertIn(self.come_back(state).status_code, (302, 303))
        self.account.sudo().write({"refresh_token": False})
        self.assertEqual(self.come_back(state).status_code, 403)
        self.assertFalse(self.account.is_linked)

    @mute_logger("odoo.addons.sale_amazon_sync.controllers.main", "odoo.http")
    def test_expired_state_is_refused(self):
        with freeze_time(datetime.now() - timedelta(minutes=16)):
            state = self.issue_state()
        self.assertEqual(self.come_back(state).status_code, 403)
        self.assertFalse(self.account.is_linked)

    @mute_logger("odoo.addons.sale_amazon_sync.controllers.main", "odoo.http")
    def test_state_of_another_user_is_refused(self):
        state = self.issue_state(user=self.env.ref("base.user_admin"))
        self.assertEqual(self.come_back(state).status_code, 403)

    def test_invalid_code_lands_on_the_account_with_the_error(self):
        response = self.come_back(self.issue_state(), code="not-a-code")
        self.assertIn(response.status_code, (302, 303))
        self.assertFalse(self.account.is_linked)
        self.assertIn("Linking with Amazon failed", self.messages())

    def test_pasted_refresh_token_links_a_private_app(self):
        self.account.sudo().write({"refresh_token": DEMO_REFRESH_TOKEN})
        self.assertTrue(self.account.is_linked)
        self.account.action_update_marketplaces()
        self.assertTrue(self.account.active_marketplace_ids)
