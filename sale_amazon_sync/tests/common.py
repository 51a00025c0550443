"""Shared fixtures: a real SP-API sandbox on 127.0.0.1 and an account linked to it."""
from datetime import datetime, timedelta, timezone

from odoo.tests import TransactionCase, new_test_user

from .. import compat
from ..sandbox import (
    APP_CLIENT_ID,
    APP_CLIENT_SECRET,
    APP_ID,
    DEMO_REFRESH_TOKEN,
    DEMO_SELLER_ID,
    SandboxServer,
    build_order,
)
from ..spapi import clear_token_cache, reset_buckets


class AmazonSandboxMixin:
    """Starts the sandbox once per class and points the addon at it through the
    system parameters a user would set; each test starts from the seeded sandbox state."""

    sandbox_seed = False  # the demo orders; most tests add the orders they need

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sandbox = SandboxServer(port=0, seed=cls.sandbox_seed)
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

    def run_stream(self, stream, account=None):
        """One run of a stream for one account, as its job runs it: the run's log."""
        return self.env["amazon.sync.runner"]._run(account or self.account, stream)

    def state(self, stream, account=None):
        return self.env["amazon.sync.state"]._amazon_get(account or self.account, stream)

    def run_jobs(self):
        """The stream jobs that scheduled actions (or hand-overs) triggered, run as a cron
        worker would."""
        triggers = self.env["ir.cron.trigger"].search(
            [("cron_id.code", "like", "_amazon_cron_run")])
        crons = triggers.cron_id
        triggers.unlink()
        for cron in crons:
            cron.method_direct_trigger()
        return crons


class AmazonTestCase(AmazonSandboxMixin, TransactionCase):
    pass


class AmazonOrderCase(AmazonTestCase):
    """An account synchronizing DE, FR and GB, products with VAT, and helpers to put orders
    on the sandbox and import them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.marketplace_gb = cls.env.ref("sale_amazon_sync.marketplace_gb")
        eu = cls.marketplace_de | cls.marketplace_fr | cls.marketplace_gb
        cls.account.write({"available_marketplace_ids": [(6, 0, eu.ids)],
                           "active_marketplace_ids": [(6, 0, eu.ids)]})
        cls.vat19 = cls.env["account.tax"].create({
            "name": "VAT 19% (test)", "amount": 19, "amount_type": "percent",
            "type_tax_use": "sale"})
        cls.mug = cls.product("MUG-1", "Ceramic mug")
        cls.tea = cls.product("TEA-1", "Earl Grey tea")
        cls.dhl = cls.carrier("DHL Paket")

    @classmethod
    def product(cls, sku, name, taxes=None):
        return cls.env["product.product"].create(dict(
            compat.storable_product_values(), name=name, default_code=sku,
            taxes_id=[(6, 0, (taxes or cls.vat19).ids)]))

    @classmethod
    def carrier(cls, name, code=False):
        service = cls.env["product.product"].create({"name": f"{name} fee", "type": "service"})
        return cls.env["delivery.carrier"].create({
            "name": name, "product_id": service.id, "amazon_carrier_code": code})

    def ship(self, picking, quantities=None, carrier=None, tracking="TRACK-1", packages=()):
        """Deliver ``quantities`` ({product: qty}, all by default), optionally in packages
        (a list of product recordsets, one package each), and validate; a backorder keeps
        the rest."""
        picking.write({"carrier_id": (carrier or self.dhl).id, "carrier_tracking_ref": tracking})
        for move in picking.move_ids:
            move.quantity = (quantities or {}).get(move.product_id, move.product_uom_qty)
        for products in packages:
            picking._put_in_pack(picking.move_line_ids.filtered(
                lambda ml, products=products: ml.product_id in products))
        picking.move_ids.picked = True
        result = picking.with_context(cancel_backorder=False).button_validate()
        if isinstance(result, dict) and result.get("res_model") == "stock.backorder.confirmation":
            self.env["stock.backorder.confirmation"].with_context(**result["context"]).create(
                {}).process()
        return picking.backorder_ids

    def put_order(self, **kwargs):
        """An order on the sandbox, updated an hour ago unless said otherwise."""
        seller_id = kwargs.pop("seller_id", DEMO_SELLER_ID)
        kwargs.setdefault("created", datetime.now(timezone.utc) - timedelta(hours=2))
        kwargs.setdefault("items", [{"sku": "MUG-1", "title": "Ceramic mug",
                                     "unit_price": "12.90"}])
        data = build_order(**kwargs)
        self.sandbox.add_order(data, seller_id=seller_id)
        return data

    def update_order(self, data, account=None, **kwargs):
        """The order changes on Amazon after the last synchronization (which is moved an
        hour back: the test cannot wait for the clock)."""
        account = account or self.account
        account.last_orders_sync -= timedelta(hours=1)
        return self.put_order(order_id=data["orderId"], created=data["createdTime"],
                              updated=datetime.now(timezone.utc) - timedelta(minutes=30),
                              **kwargs)

    def sync(self, account=None):
        return self.run_stream("orders", account)

    def sale(self, data):
        return self.env["sale.order"].search([("amazon_order_ref", "=", data["orderId"])])


class AmazonMoneyCase(AmazonOrderCase):
    """An account invoicing automatically in a company with a chart of accounts, and
    helpers to settle and refund on the sandbox and read the money back."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        if not company.chart_template:  # the CI template has one; a bare database may not
            cls.env["account.chart.template"].try_loading("generic_coa", company,
                                                          install_demo=False)
        cls.account.invoicing = "automatic"

    def put_shipped(self, fba=True, **kwargs):
        """An order Amazon shipped (FBA by default), imported with those put before it."""
        data = self.put_order(fulfilled_by="AMAZON" if fba else "MERCHANT", status="SHIPPED",
                              **kwargs)
        self.sync()
        return data

    def refund(self, data, items=None, shipping=False):
        """A refund Amazon posted an hour ago (listTransactions shows nothing younger
        than two minutes)."""
        return self.sandbox.refund(data["orderId"], items, shipping,
                                   when=datetime.now(timezone.utc) - timedelta(hours=1))

    def sync_finances(self, account=None):
        return self.run_stream("finances", account)

    def settle(self, marketplace="DE", end=None):
        """Amazon closes a settlement of everything posted so far (or before ``end``); the
        connector reads it."""
        info = self.sandbox.settle(marketplace, end=end)
        self.sync_finances()
        return self.env["amazon.settlement"].search([("name", "=", info["settlementId"])]), info

    def invoice(self, data):
        return self.sale(data).invoice_ids.filtered(lambda m: m.move_type == "out_invoice")

    def amazon_refund(self, refund_id):
        return self.env["amazon.refund"].search([("name", "=", refund_id)])
