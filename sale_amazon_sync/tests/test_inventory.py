import json
from unittest.mock import patch

from odoo.tests import tagged

from .. import const
from .common import AmazonOrderCase


@tagged("post_install", "-at_install")
class TestInventory(AmazonOrderCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stock = cls.account.warehouse_id.lot_stock_id
        cls.lamp = cls.product("LAMP-1", "Desk lamp")
        cls.both = cls.product("BOTH-1", "Sold both ways")
        cls.soap = cls.env["product.product"].create({"name": "Soap (not tracked)",
                                                      "default_code": "SOAP-1", "type": "consu"})
        for product, quantity in ((cls.mug, 7), (cls.lamp, 4), (cls.both, 9)):
            cls.env["stock.quant"]._update_available_quantity(product, cls.stock, quantity)
        cls.offers = {}
        for product, channels in ((cls.mug, "DEFAULT"), (cls.lamp, "AMAZON_EU"),
                                  (cls.both, "AMAZON_EU,DEFAULT"), (cls.soap, "DEFAULT")):
            cls.offers[product] = cls.env["amazon.offer"].create({
                "account_id": cls.account.id, "product_id": product.id,
                "sku": product.default_code, "fulfillment_channels": channels,
                "marketplace_ids": [(6, 0, cls.marketplace_de.ids)]})

    def setUp(self):
        super().setUp()
        for product in self.offers:
            self.sandbox.add_listing(self.account.seller_key, product.default_code,
                                     self.marketplace_de.api_ref,
                                     channels={"DEFAULT": 0, "AMAZON_EU": 30})

    def sent(self):
        """{sku: quantity} of every message uploaded to Amazon, in order."""
        messages = []
        for call in self.sandbox.calls("uploadDocument"):
            body = call["body"]
            document = body if isinstance(body, dict) else json.loads(body)
            messages += document["messages"]
        return {m["sku"]: m["patches"][0]["value"][0]["quantity"] for m in messages}

    def settle(self):
        """Runs until Amazon has processed every submitted feed (the sandbox needs two
        polls), as the scheduled action would over the next half hours."""
        for _ in range(3):
            self.run_stream("inventory")

    def test_only_fbm_offers_of_tracked_products_are_sent(self):
        self.run_stream("inventory")
        self.assertEqual(self.sent(), {"MUG-1": 7, "BOTH-1": 9})

    def test_message_is_a_merge_of_the_default_channel_quantity(self):
        self.run_stream("inventory")
        upload = self.sandbox.calls("uploadDocument")[0]["body"]
        document = upload if isinstance(upload, dict) else json.loads(upload)
        message = document["messages"][0]
        self.assertEqual(document["header"]["sellerId"], self.account.seller_key)
        self.assertEqual((message["operationType"], message["productType"]), ("PATCH", "PRODUCT"))
        self.assertEqual(message["patches"][0]["op"], "merge")
        self.assertEqual(message["patches"][0]["path"], "/attributes/fulfillment_availability")
        self.assertEqual(message["patches"][0]["value"][0]["fulfillment_channel_code"], "DEFAULT")
        create = self.sandbox.calls("createFeed")[0]["body"]
        self.assertEqual(create["feedType"], "JSON_LISTINGS_FEED")
        self.assertEqual(create["marketplaceIds"], [self.marketplace_de.api_ref],
                         "only where the offers are sold")

    def test_accepted_quantities_reach_amazon_and_fba_stock_is_untouched(self):
        self.settle()
        listing = self.sandbox.listing(self.account.seller_key, "BOTH-1")
        self.assertEqual(listing["channels"], {"DEFAULT": 9, "AMAZON_EU": 30})
        offer = self.offers[self.both]
        self.assertEqual((offer.inventory_state, offer.inventory_qty_sent), ("done", 9))
        self.assertFalse(self.offers[self.lamp].inventory_state, "FBA-only: never sent")

    def test_only_changed_quantities_are_sent_again(self):
        self.settle()
        feeds = len(self.sandbox.calls("createFeed"))
        self.run_stream("inventory")
        self.assertEqual(len(self.sandbox.calls("createFeed")), feeds, "nothing changed")
        self.env["stock.quant"]._update_available_quantity(self.mug, self.stock, -2)
        self.run_stream("inventory")
        self.assertEqual(self.sent()["MUG-1"], 5)
        last = self.sandbox.calls("uploadDocument")[-1]["body"]
        document = last if isinstance(last, dict) else json.loads(last)
        self.assertEqual([m["sku"] for m in document["messages"]], ["MUG-1"])

    def test_safety_buffer_is_kept_back_and_quantities_never_go_negative(self):
        self.account.inventory_buffer = 8
        self.run_stream("inventory")
        self.assertEqual(self.sent(), {"MUG-1": 0, "BOTH-1": 1})

    def test_quantity_comes_from_the_fbm_warehouse_only(self):
        other = self.env["stock.warehouse"].create({"name": "Elsewhere", "code": "ELSW"})
        self.env["stock.quant"]._update_available_quantity(self.mug, other.lot_stock_id, 100)
        self.run_stream("inventory")
        self.assertEqual(self.sent()["MUG-1"], 7)

    def fbm_offers(self, prefix, count):
        for n in range(count):
            product = self.product(f"{prefix}-{n}", f"{prefix} {n}")
            self.env["amazon.offer"].create({"account_id": self.account.id, "sku": f"{prefix}-{n}",
                                             "product_id": product.id,
                                             "fulfillment_channels": "DEFAULT",
                                             "marketplace_ids": [(6, 0, self.marketplace_de.ids)]})

    def test_feeds_are_split_at_the_message_limit(self):
        self.fbm_offers("EXTRA", 3)
        with patch.object(const, "MAX_FEED_MESSAGES", 2):
            self.run_stream("inventory")
        self.assertEqual(len(self.sandbox.calls("createFeed")), 3)
        self.assertEqual(len(self.sent()), 5)

    def test_no_more_than_five_submissions_per_five_minutes(self):
        self.fbm_offers("MANY", 10)
        with patch.object(const, "MAX_FEED_MESSAGES", 1):
            self.run_stream("inventory")
        self.assertEqual(len(self.sandbox.calls("createFeed")), 5)

    def test_processing_report_marks_each_offer(self):
        ghost = self.product("GHOST-1", "Not listed")
        offer = self.env["amazon.offer"].create({
            "account_id": self.account.id, "sku": "GHOST-1", "product_id": ghost.id,
            "fulfillment_channels": "DEFAULT"})
        self.settle()
        self.assertEqual(offer.inventory_state, "error")
        self.assertTrue(offer.inventory_error)
        self.assertEqual(self.offers[self.mug].inventory_state, "done")
        self.sandbox.add_listing(self.account.seller_key, "GHOST-1", self.marketplace_de.api_ref)
        self.settle()
        self.assertEqual(offer.inventory_state, "done", "an errored offer is sent again")

    def test_fatal_feed_puts_its_offers_back(self):
        self.sandbox.set_feed_outcome("FATAL")
        self.settle()
        self.assertFalse(self.offers[self.mug].inventory_state, "back to be sent again")
        self.assertIn("FATAL", self.offers[self.mug].inventory_error)
        self.sandbox.set_feed_outcome("DONE")
        self.settle()
        self.assertEqual(self.offers[self.mug].inventory_state, "done")

    def test_feed_whose_result_cannot_be_read_gives_its_offers_back(self):
        self.run_stream("inventory")
        feed = self.account.feed_ids
        for _ in range(const.FEED_POLL_ATTEMPTS):
            self.sandbox.inject("500", "getFeed", times=5)
            self.run_stream("inventory")
        self.assertEqual(feed.state, "cancelled")
        self.assertFalse(self.offers[self.mug].inventory_state, "to be sent again")

    def test_throttled_submission_waits_for_the_next_run(self):
        self.sandbox.inject("429", "createFeed")
        self.run_stream("inventory")
        self.assertFalse(self.offers[self.mug].inventory_state)
        self.assertFalse(self.env["amazon.feed"].search([("account_id", "=", self.account.id)]))

    def test_unknown_channel_is_read_from_listings_items(self):
        fba_only = self.product("FBA-ONLY", "Stored at Amazon")
        fbm = self.product("FBM-NEW", "Shipped by us")
        self.env["stock.quant"]._update_available_quantity(fbm, self.stock, 2)
        offers = self.env["amazon.offer"].create([
            {"account_id": self.account.id, "sku": product.default_code, "product_id": product.id}
            for product in (fba_only, fbm)])
        for product, channels in ((fba_only, {"AMAZON_EU": 3}), (fbm, {"DEFAULT": 0})):
            self.sandbox.add_listing(self.account.seller_key, product.default_code,
                                     self.marketplace_de.api_ref, channels=channels)
        self.run_stream("inventory")
        self.assertEqual(offers.mapped("fulfillment_channels"), ["AMAZON_EU", "DEFAULT"])
        self.assertNotIn("FBA-ONLY", self.sent(), "FBA only: no DEFAULT quantity")
        self.assertEqual(self.sent()["FBM-NEW"], 2)
        self.assertEqual(len(self.sandbox.calls("getListingsItem")), 2)

    def test_an_order_reveals_another_channel(self):
        self.put_order(fulfilled_by="AMAZON", status="SHIPPED")
        self.sync()
        self.assertEqual(self.offers[self.mug].fulfillment_channels, "AMAZON_EU,DEFAULT")

    def test_inventory_sync_can_be_switched_off(self):
        self.account.synchronize_inventory = False
        self.env.ref("sale_amazon_sync.ir_cron_sync_inventory").method_direct_trigger()
        self.run_jobs()
        self.assertFalse(self.sandbox.calls("createFeed"))

    # -- several marketplaces ------------------------------------------------------------

    def sold_on(self, product, *marketplaces):
        offer = self.offers[product]
        offer.marketplace_ids = [(6, 0, [m.id for m in marketplaces])]
        for marketplace in marketplaces:
            self.sandbox.add_listing(self.account.seller_key, offer.sku, marketplace.api_ref,
                                     channels={"DEFAULT": 0})

    def feeds_sent(self):
        """{marketplace ids of a feed: SKUs in it}."""
        feeds = {}
        for create, upload in zip(self.sandbox.calls("createFeed"),
                                  self.sandbox.calls("uploadDocument"), strict=True):
            body = upload["body"] if isinstance(upload["body"], dict) \
                else json.loads(upload["body"])
            feeds[tuple(sorted(create["body"]["marketplaceIds"]))] = sorted(
                m["sku"] for m in body["messages"])
        return feeds

    def test_quantities_go_only_where_each_offer_is_sold(self):
        self.sold_on(self.mug, self.marketplace_de, self.marketplace_fr)
        self.sold_on(self.both, self.marketplace_fr)
        self.run_stream("inventory")
        self.assertEqual(self.feeds_sent(), {
            tuple(sorted((self.marketplace_de | self.marketplace_fr).mapped("api_ref"))):
                ["MUG-1"],
            (self.marketplace_fr.api_ref,): ["BOTH-1"],
        })

    def test_sku_listed_on_some_marketplaces_only_is_accepted_there(self):
        self.sold_on(self.mug, self.marketplace_de, self.marketplace_fr)
        self.settle()
        self.assertEqual(self.offers[self.mug].inventory_state, "done")
        self.assertEqual(self.sandbox.listing(self.account.seller_key, "MUG-1")["channels"],
                         {"DEFAULT": 7, "AMAZON_EU": 30})

    def test_where_an_offer_is_sold_is_read_from_listings_items(self):
        offer = self.offers[self.mug]
        offer.marketplace_ids = False
        self.sandbox.add_listing(self.account.seller_key, "MUG-1", self.marketplace_fr.api_ref)
        self.run_stream("inventory")
        self.assertEqual(offer.marketplace_ids, self.marketplace_de | self.marketplace_fr)
        query = self.sandbox.calls("getListingsItem")[0]["query"]
        self.assertEqual(sorted(query["marketplaceIds"][0].split(",")),
                         sorted(self.account.active_marketplace_ids.mapped("api_ref")))

    def test_offer_sold_on_no_synchronized_marketplace_is_an_error(self):
        self.account.active_marketplace_ids = self.marketplace_fr | self.marketplace_gb
        offer = self.offers[self.mug]
        self.run_stream("inventory")
        self.assertEqual(offer.inventory_state, "error")
        self.assertIn("Sold On", offer.inventory_error)
        self.assertNotIn("MUG-1", self.sent())

    def test_offers_learn_their_marketplaces_from_orders(self):
        self.put_order(marketplace="FR", items=[{"sku": "MUG-1", "unit_price": "12.90"}])
        self.sync()
        self.assertEqual(self.offers[self.mug].marketplace_ids,
                         self.marketplace_de | self.marketplace_fr)
