from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import AmazonTestCase


@tagged("post_install", "-at_install")
class TestSecurity(AmazonTestCase):

    def test_sales_manager_cannot_read_the_refresh_token(self):
        account = self.account.with_user(self.manager)
        self.assertTrue(account.is_linked, "linked state is visible without the secret")
        with self.assertRaises(AccessError):
            account.read(["refresh_token"])
        self.assertNotIn("refresh_token", account.fields_get())

    def test_sales_manager_cannot_read_the_app_secret(self):
        settings = self.env["res.config.settings"].with_user(self.manager)
        self.assertNotIn("amazon_lwa_client_secret", settings.fields_get())
        with self.assertRaises(AccessError):
            self.env["ir.config_parameter"].with_user(self.manager).get_param(
                "sale_amazon_sync.lwa_client_secret")

    def test_sales_manager_can_link_without_seeing_secrets(self):
        action = self.account.with_user(self.manager).action_link()
        self.assertIn("state=", action["url"])

    def test_salesman_reads_accounts_but_cannot_configure_them(self):
        account = self.account.with_user(self.salesman)
        self.assertEqual(account.name, "Sandbox EU")
        with self.assertRaises(AccessError):
            account.write({"name": "Renamed"})
        with self.assertRaises(AccessError):
            self.env["amazon.account"].with_user(self.salesman).create({
                "name": "New", "base_marketplace_id": self.marketplace_de.id})

    def test_accounts_of_other_companies_are_invisible(self):
        company = self.env["res.company"].create({"name": "Amazon Other Co"})
        self.env["amazon.account"].create({
            "name": "Foreign", "base_marketplace_id": self.marketplace_de.id,
            "company_id": company.id})
        names = self.env["amazon.account"].with_user(self.manager).search([]).mapped("name")
        self.assertNotIn("Foreign", names)

    def test_sync_log_lines_of_other_companies_are_invisible(self):
        company = self.env["res.company"].create({"name": "Amazon Other Co"})
        foreign = self.env["amazon.account"].create({
            "name": "Foreign", "base_marketplace_id": self.marketplace_de.id,
            "company_id": company.id})
        log = self.env["amazon.sync.log"].create({"account_id": foreign.id, "stream": "orders"})
        line = self.env["amazon.sync.log.line"].create({"log_id": log.id, "ref": "X-1"})
        lines = self.env["amazon.sync.log.line"].with_user(self.salesman)
        self.assertFalse(lines.search([("id", "=", line.id)]))
        with self.assertRaises(AccessError):
            lines.browse(line.id).read(["ref"])

    def test_secrets_are_not_copied(self):
        copy = self.account.copy()
        self.assertFalse(copy.is_linked)
        self.assertFalse(copy.seller_key)
