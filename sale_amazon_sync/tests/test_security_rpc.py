import json

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from ..sandbox import APP_CLIENT_SECRET
from .common import AmazonSandboxMixin

SECRET_FIELDS = ["amazon_lwa_client_secret", "amazon_lwa_client_id", "amazon_app_id"]


@tagged("post_install", "-at_install")
class TestSecretsOverRpc(AmazonSandboxMixin, HttpCase):
    """The app's credentials, asked for through JSON-RPC by users who are not
    administrators: no path returns them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse = new_test_user(cls.env, login="amazon_warehouse", name="Warehouse",
                                      groups="stock.group_stock_user")
        cls.accountant = new_test_user(cls.env, login="amazon_accountant", name="Accountant",
                                       groups="account.group_account_manager")
        # An administrator's settings record holds the secret in its row.
        cls.admin_settings = cls.env["res.config.settings"].with_user(
            cls.env.ref("base.user_admin")).create({})

    def call(self, model, method, *args, **kwargs):
        """One call_kw as the logged-in user: the body Odoo answers (error or result)."""
        response = self.url_open("/web/dataset/call_kw", data=json.dumps({
            "jsonrpc": "2.0", "method": "call", "id": 1,
            "params": {"model": model, "method": method, "args": list(args),
                       "kwargs": kwargs}}), headers={"Content-Type": "application/json"})
        return response.text

    def assert_no_path_leaks(self, login):
        self.authenticate(login, login)
        spec = {name: {} for name in SECRET_FIELDS}
        bodies = [
            self.call("res.config.settings", "default_get", SECRET_FIELDS),
            self.call("res.config.settings", "onchange", {}, [], spec),
            self.call("res.config.settings", "web_read", [self.admin_settings.id],
                      specification=spec),
            self.call("res.config.settings", "read", [self.admin_settings.id], SECRET_FIELDS),
            self.call("res.config.settings", "search_read", [], SECRET_FIELDS),
            self.call("res.config.settings", "export_data", [self.admin_settings.id],
                      SECRET_FIELDS),
            self.call("ir.config_parameter", "get_param", "sale_amazon_sync.lwa_client_secret"),
            self.call("ir.config_parameter", "search_read",
                      [("key", "like", "sale_amazon_sync")], ["value"]),
            self.call("amazon.account", "read", [self.account.id], ["refresh_token"]),
        ]
        for body in bodies:
            self.assertNotIn(APP_CLIENT_SECRET, body)
            self.assertNotIn("Atzr|", body, "no refresh token either")

    @mute_logger("odoo.http", "odoo.models", "odoo.addons.base.models.ir_model")
    def test_salesman_gets_no_secret_on_any_path(self):
        self.assert_no_path_leaks("amazon_salesman")

    @mute_logger("odoo.http", "odoo.models", "odoo.addons.base.models.ir_model")
    def test_sales_manager_gets_no_secret_on_any_path(self):
        self.assert_no_path_leaks("amazon_manager")

    @mute_logger("odoo.http", "odoo.models", "odoo.addons.base.models.ir_model")
    def test_warehouse_user_gets_no_secret_on_any_path(self):
        self.assert_no_path_leaks("amazon_warehouse")

    @mute_logger("odoo.http", "odoo.models", "odoo.addons.base.models.ir_model")
    def test_accountant_gets_no_secret_on_any_path(self):
        self.assert_no_path_leaks("amazon_accountant")

    def test_administrator_reads_the_secret_in_settings(self):
        self.authenticate("admin", "admin")
        self.assertIn(APP_CLIENT_SECRET,
                      self.call("res.config.settings", "default_get", SECRET_FIELDS))
