"""Shared fixtures: a real SP-API sandbox on 127.0.0.1 and an account linked to it."""
from odoo.tests import TransactionCase, new_test_user

from ..sandbox import (
    APP_CLIENT_ID, APP_CLIENT_SECRET, APP_ID, DEMO_REFRESH_TOKEN, DEMO_SELLER_ID, SandboxServer,
)
from ..spapi import clear_token_cache, reset_buckets


class AmazonSandboxMixin:
    """Starts the sandbox once per class and points the addon at it through the
    system parameters a user would set; each test starts from the seeded sandbox state."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sandbox = SandboxServer(port=0)
        cls.sandbox.start()
        cls.addClassCleanup(cls.sandbox.stop)
        params = cls.env["ir.config_parameter"].sudo()
        for key, value in {
            "lwa_client_id": APP_CLIENT_ID,
            "lwa_client_secret": APP_CLIENT_SECRET,
            "app_id": APP_ID,
            "sp_api_endpoint": cls.sandbox.url,
            "lwa_endpoint": cls.sandbox.lwa_url,
            "seller_central_url": cls.sandbox.url,
            "retry_backoff": "0.01",
        }.items():
            params.set_param(f"sale_amazon_sync.{key}", value)
        cls.marketplace_de = cls.env.ref("sale_amazon_sync.marketplace_de")
        cls.marketplace_fr = cls.env.ref("sale_amazon_sync.marketplace_fr")
        cls.marketplace_it = cls.env.ref("sale_amazon_sync.marketplace_it")
        cls.marketplace_pl = cls.env.ref("sale_amazon_sync.marketplace_pl")
        cls.manager = new_test_user(
            cls.env, login="amazon_manager", name="Amazon Manager",
            groups="sales_team.group_sale_manager,stock.group_stock_user")
        cls.salesman = new_test_user(
            cls.env, login="amazon_salesman", name="Amazon Salesman",
            groups="sales_team.group_sale_salesman")
        cls.account = cls.env["amazon.account"].create({
            "name": "Sandbox EU", "base_marketplace_id": cls.marketplace_de.id,
        })
        cls.account.sudo().write({"refresh_token": DEMO_REFRESH_TOKEN,
                                  "seller_key": DEMO_SELLER_ID})

    def setUp(self):
        super().setUp()
        self.sandbox.reset()
        clear_token_cache()
        reset_buckets()


class AmazonTestCase(AmazonSandboxMixin, TransactionCase):
    pass
