import os
from unittest.mock import patch

from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .. import const
from ..compat import IS_ODOO_17
from ..hooks import setup_sandbox_demo
from .common import AmazonTestCase


@tagged("post_install", "-at_install")
class TestAccount(AmazonTestCase):

    def test_every_marketplace_of_const_is_loaded_once(self):
        marketplaces = self.env["amazon.marketplace"].search([])
        self.assertEqual(sorted(marketplaces.mapped("api_ref")),
                         sorted(m[1] for m in const.MARKETPLACES))
        uk = self.env.ref("sale_amazon_sync.marketplace_gb")
        self.assertEqual((uk.name, uk.region, uk.tax_included), ("Amazon.co.uk", "eu", True))
        self.assertEqual(uk.country_id.code, "GB")

    def test_marketplace_loading_is_idempotent(self):
        self.env["amazon.marketplace"]._load_amazon_marketplaces()
        self.assertEqual(self.env["amazon.marketplace"].search_count([]),
                         len(const.MARKETPLACES))

    def test_new_account_gets_the_company_amazon_location(self):
        location = self.account.location_id
        self.assertEqual((location.name, location.usage), ("Amazon", "internal"))
        self.assertEqual(location.company_id, self.env.company)
        other = self.env["amazon.account"].create({
            "name": "Second", "base_marketplace_id": self.marketplace_fr.id})
        self.assertEqual(other.location_id, location, "one Amazon location per company")

    def test_account_of_another_company_gets_its_own_location(self):
        company = self.env["res.company"].create({"name": "Amazon Other Co"})
        account = self.env["amazon.account"].with_company(company).create({
            "name": "Other", "base_marketplace_id": self.marketplace_de.id,
            "company_id": company.id})
        self.assertEqual(account.location_id.company_id, company)
        self.assertNotEqual(account.location_id, self.account.location_id)

    def test_new_account_defaults_to_the_company_warehouse_and_user(self):
        self.assertEqual(self.account.warehouse_id.company_id, self.env.company)
        self.assertEqual(self.account.user_id, self.env.user)
        company = self.env["res.company"].create({"name": "Amazon Other Co"})
        account = self.env["amazon.account"].create({
            "name": "Other", "base_marketplace_id": self.marketplace_de.id,
            "company_id": company.id})
        self.assertEqual(account.warehouse_id.company_id, company)

    def test_offer_counts_and_smart_buttons(self):
        product = self.env["product.product"].create({"name": "Amazon Widget"})
        self.env["amazon.offer"].create({
            "account_id": self.account.id, "product_id": product.id, "sku": "W-1",
            "marketplace_ids": [(6, 0, self.marketplace_de.ids)]})
        self.assertEqual(self.account.offer_count, 1)
        self.assertEqual(product.product_tmpl_id.amazon_offer_count, 1)
        action = product.product_tmpl_id.action_view_amazon_offers()
        self.assertEqual(self.env["amazon.offer"].search(action["domain"]).sku, "W-1")
        action = self.account.action_view_offers()
        self.assertEqual(self.env["amazon.offer"].search(action["domain"]).sku, "W-1")

    def test_sku_is_unique_per_account(self):
        product = self.env["product.product"].create({"name": "Amazon Widget"})
        values = {"account_id": self.account.id, "product_id": product.id, "sku": "DUP"}
        self.env["amazon.offer"].create(values)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), \
                self.cr.savepoint():
            self.env["amazon.offer"].create(values)

    def test_views_load_on_this_series(self):
        for model in ("amazon.account", "amazon.offer", "amazon.marketplace"):
            views = self.env[model].get_views([(False, "list"), (False, "form"),
                                               (False, "search")])
            self.assertIn("list", views["views"])
        form = self.env["amazon.account"].get_views([(False, "form")])["views"]["form"]["arch"]
        # Written the 18.0 way; on 17.0 the compat layer rewrote what 17 cannot read.
        self.assertIn('class="oe_chatter"' if IS_ODOO_17 else "<chatter/>", form)
        list_arch = self.env["amazon.account"].get_views([(False, "list")])["views"]["list"]
        self.assertTrue(list_arch["arch"].startswith("<tree" if IS_ODOO_17 else "<list"))

    def test_link_needs_the_app_credentials(self):
        self.env["ir.config_parameter"].sudo().set_param("sale_amazon_sync.app_id", False)
        with self.assertRaisesRegex(UserError, "credentials"):
            self.account.action_link()

    def test_link_opens_the_consent_page_of_the_home_marketplace(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "sale_amazon_sync.seller_central_url", False)
        url = self.account.action_link()["url"]
        self.assertTrue(url.startswith(
            "https://sellercentral-europe.amazon.com/apps/authorize/consent?"), url)
        self.assertIn("application_id=amzn1.sp.solution.sandbox", url)
        self.assertIn("redirect_uri=", url)
        self.assertNotIn("version=beta", url)
        self.env["ir.config_parameter"].sudo().set_param("sale_amazon_sync.app_draft", "True")
        self.assertIn("version=beta", self.account.action_link()["url"])

    def test_demo_setup_links_an_account_to_the_sandbox(self):
        with patch.dict(os.environ, {"SALE_AMAZON_SYNC_SANDBOX_URL": self.sandbox.url}):
            demo = setup_sandbox_demo(self.env)
        self.assertEqual(demo, self.env.ref("sale_amazon_sync.amazon_account_demo"))
        self.assertTrue(self.env["product.product"].search(
            [("default_code", "=", "MUG-CERAMIC-350")]))
        self.assertTrue(demo.is_linked)
        self.assertEqual(len(demo.active_marketplace_ids), 6)
        demo.action_update_marketplaces()  # really reaches the sandbox
        self.assertEqual(len(self.sandbox.calls("getMarketplaceParticipations")), 1)

    def test_unlink_clears_the_token(self):
        self.account.action_unlink()
        self.assertFalse(self.account.is_linked)
        self.assertFalse(self.account.sudo().refresh_token)

    def test_marketplaces_of_another_region_are_refused(self):
        us = self.env.ref("sale_amazon_sync.marketplace_us")
        with self.assertRaisesRegex(ValidationError, "another region"):
            self.account.active_marketplace_ids |= us

    def test_every_call_goes_to_the_home_region_endpoint(self):
        self.env["ir.config_parameter"].sudo().set_param("sale_amazon_sync.sp_api_endpoint",
                                                         False)
        us = self.env.ref("sale_amazon_sync.marketplace_us")
        account = self.env["amazon.account"].create({"name": "US", "base_marketplace_id": us.id})
        account.sudo().refresh_token = "Atzr|us"
        with account._get_client() as client:
            self.assertEqual(client._marketplace.endpoint, const.REGIONS["na"]["endpoint"])
