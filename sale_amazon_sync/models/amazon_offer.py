from odoo import _, api, fields, models

from .. import compat, const
from ..spapi import BadRequestError, ThrottledError
from ..spapi.feeds import build_quantity_feeds
from ..utils import error_text


class AmazonOffer(models.Model):
    _name = "amazon.offer"
    _description = "Amazon Offer"
    _rec_name = "sku"
    _order = "account_id, sku"

    account_id = fields.Many2one("amazon.account", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="account_id.company_id", store=True)
    marketplace_ids = fields.Many2many(
        "amazon.marketplace", string="Sold On",
        help="The marketplaces where this SKU is listed; its quantity is sent to these only. "
             "Learned from the orders and from Amazon's listing, editable.")
    product_id = fields.Many2one("product.product", required=True, ondelete="restrict",
                                 index=True)
    product_template_id = fields.Many2one(related="product_id.product_tmpl_id", store=True)
    sku = fields.Char(string="SKU", required=True, help="The seller's SKU of the offer.")
    fulfillment_channels = fields.Char(
        help="Amazon's fulfillment channels of the SKU (DEFAULT: you ship it; AMAZON_EU... "
             "Amazon does), read from Amazon and updated when an order shows another one. "
             "Only offers with DEFAULT get quantities pushed.")
    inventory_state = fields.Selection(
        [("pending", "In a Feed"), ("done", "Synchronized"), ("error", "Error")],
        string="Stock Sync", copy=False, readonly=True)
    inventory_qty_sent = fields.Integer(
        string="Quantity on Amazon", copy=False, readonly=True,
        help="The quantity of the last push Amazon accepted.")
    inventory_error = fields.Text(string="Stock Sync Error", copy=False, readonly=True)
    feed_id = fields.Many2one("amazon.feed", copy=False, readonly=True, index="btree_not_null")
    fba_stock_ids = fields.One2many("amazon.fba.stock", "offer_id", string="FBA Stock")
    fba_fulfillable = fields.Integer(
        string="FBA Fulfillable", compute="_compute_fba_quantities", store=True,
        help="Units Amazon can ship now, in the marketplaces the account reads FBA stock "
             "from, as last read.")
    fba_inbound = fields.Integer(string="FBA Inbound", compute="_compute_fba_quantities",
                                 store=True, help="Units on their way to Amazon.")
    fba_reserved = fields.Integer(
        string="FBA Reserved", compute="_compute_fba_quantities", store=True,
        help="Units Amazon holds for orders not shipped yet or is moving or processing.")
    fba_unfulfillable = fields.Integer(
        string="FBA Unfulfillable", compute="_compute_fba_quantities", store=True,
        help="Damaged, defective or expired units Amazon holds.")

    _sql_constraints = [
        ("sku_unique", "UNIQUE(account_id, sku)", "This SKU already has an offer on this account."),
    ]

    @api.depends("fba_stock_ids.detailed", "fba_stock_ids.fulfillable", "fba_stock_ids.inbound",
                 "fba_stock_ids.reserved", "fba_stock_ids.unfulfillable")
    def _compute_fba_quantities(self):
        """Amazon's FBA quantities added up over the marketplaces read; unknown ones
        (Amazon gave no details) count for nothing."""
        for offer in self:
            stock = offer.fba_stock_ids.filtered("detailed")
            offer.fba_fulfillable = sum(stock.mapped("fulfillable"))
            offer.fba_inbound = sum(stock.mapped("inbound"))
            offer.fba_reserved = sum(stock.mapped("reserved"))
            offer.fba_unfulfillable = sum(stock.mapped("unfulfillable"))

    @api.model
    def _amazon_offers(self, account, keys):
        """{sku: offer} for ``keys`` (marketplace, sku, order channel "fbm"/"fba"), each
        created on first sight: matched to the product whose internal reference is the
        SKU, else to the default product until such a product appears. The marketplaces
        and channels the orders show are remembered: they decide where stock is pushed,
        and whether."""
        skus = {sku for _marketplace, sku, _channel in keys}
        offers = {o.sku: o for o in self.search([("account_id", "=", account.id),
                                                 ("sku", "in", list(skus))])}
        default = self.env["product.product"]._amazon_default_product("sale")
        unmatched = skus - {sku for sku, o in offers.items() if o.product_id != default}
        products = {p.default_code: p for p in self.env["product.product"].search([
            ("default_code", "in", list(unmatched)),
            ("company_id", "in", [account.company_id.id, False])])} if unmatched else {}
        for sku, offer in offers.items():
            if sku in products:
                offer.product_id = products[sku]  # the product a default stood in for
        new = sorted(skus - set(offers))
        created = self.create([{"account_id": account.id, "sku": sku,
                                "product_id": products.get(sku, default).id} for sku in new])
        offers.update(zip(new, created, strict=True))
        for marketplace, sku, channel in keys:
            offers[sku]._amazon_sold(marketplace, const.FBM_CHANNEL if channel == "fbm"
                                     else const.FBA_CHANNELS[account.region])
        return offers

    def _amazon_sold(self, marketplace, channel):
        """An order shows the offer sold on this marketplace through this channel."""
        if marketplace not in self.marketplace_ids:
            self.marketplace_ids = [fields.Command.link(marketplace.id)]
        self._amazon_add_channel(channel)

    def _amazon_channels(self):
        return set(filter(None, (self.fulfillment_channels or "").split(",")))

    def _amazon_add_channel(self, channel):
        channels = self._amazon_channels()
        if channel not in channels:
            self.fulfillment_channels = ",".join(sorted(channels | {channel}))

    # ------------------------------------------------------------------
    # Stock: the FBM quantities, pushed as JSON_LISTINGS_FEED
    # ------------------------------------------------------------------

    @api.model
    def _amazon_sync_inventory(self, run):
        """The inventory stream: push changed FBM quantities, then read the feeds Amazon
        has finished. Push first, then read: an offer Amazon rejected now is sent again at
        the next run, not in a loop within this one."""
        account = run.account
        if not account.synchronize_inventory:
            return
        submitted = account.feed_ids.filtered(lambda f: f.state == "submitted")
        run.count("updated", self._amazon_push_quantities(account, run.client))
        submitted._amazon_poll(run)

    @api.model
    def _amazon_push_quantities(self, account, client):
        """Send the quantities that changed since Amazon last accepted them; returns how
        many offers went out. FBA-only SKUs never get a DEFAULT quantity, and each SKU's
        quantity goes only to the marketplaces where it is sold: one feed per set of
        marketplaces (all of the account's region)."""
        offers = self.search([("account_id", "=", account.id),
                              ("inventory_state", "!=", "pending")])
        offers._amazon_learn_listings(account, client)
        offers = offers.filtered(lambda o: const.FBM_CHANNEL in o._amazon_channels()
                                 and compat.is_storable(o.product_id))
        quantities = offers._amazon_quantities(account)
        changed = offers.filtered(lambda o: o.inventory_state != "done"
                                  or o.inventory_qty_sent != quantities[o])
        sold_on = changed._amazon_marketplaces(account)
        sent = 0
        for marketplaces, group in changed.grouped(lambda o: sold_on[o]).items():
            if not marketplaces:
                group._amazon_not_listed()
                continue
            count = group._amazon_submit(account, client, marketplaces, quantities)
            if count is None:
                break
            sent += count
        return sent

    def _amazon_marketplaces(self, account):
        """{offer: marketplaces (a recordset) to send its quantity to}: where it is sold,
        among the account's synchronized marketplaces."""
        return {offer: offer.marketplace_ids & account.active_marketplace_ids for offer in self}

    def _amazon_submit(self, account, client, marketplaces, quantities):
        """Feeds of these offers' quantities for these marketplaces; how many offers went,
        or None when Amazon's submission limit says to stop for this run."""
        documents = build_quantity_feeds(account.seller_key,
                                         [(o.sku, quantities[o]) for o in self],
                                         max_messages=const.MAX_FEED_MESSAGES)
        by_sku = {offer.sku: offer for offer in self}
        sent = 0
        for document in documents:
            if not self.env["amazon.feed"]._amazon_may_submit(account):
                return None
            try:
                feed_ref = client.submit_feed(const.LISTINGS_FEED_TYPE,
                                              marketplaces.mapped("api_ref"), document.content)
            except ThrottledError:
                return None
            batch = self.browse([by_sku[sku].id for sku in document.skus.values()])
            self.env["amazon.feed"]._amazon_record(account, feed_ref, document, batch,
                                                   quantities, marketplaces)
            sent += len(batch)
            self.env["amazon.sync.runner"]._commit()
        return sent

    def _amazon_not_listed(self):
        self.write({"inventory_state": "error", "inventory_error": _(
            "Not listed on any synchronized marketplace: set where it is sold (Sold On).")})

    def _amazon_quantities(self, account):
        """{offer: units to announce}: the free quantity in the FBM warehouse's stock
        location, less the account's safety buffer, never negative.

        Stock's own count of ``free_qty``, for every product at once: one read of the
        quants however many offers (the field itself is computed a thousand products at a
        time, and costs a cache write of five quantities per product)."""
        products = self.product_id.with_context(location=account.warehouse_id.lot_stock_id.id)
        free = products._compute_quantities_dict(None, None, None)  # as free_qty, no cache
        return {offer: max(0, int(free[offer.product_id.id]["free_qty"])
                           - account.inventory_buffer) for offer in self}

    def _amazon_learn_listings(self, account, client):
        """Ask Listings Items where and how offers that lack it are sold (marketplaces
        and fulfillment channels), a bounded number per run; a SKU listed on none of the
        account's marketplaces is an error on its offer."""
        unknown = self.filtered(lambda o: not (o.fulfillment_channels and o.marketplace_ids))
        marketplaces = account.active_marketplace_ids
        for offer in unknown[:const.CHANNEL_LOOKUPS_PER_RUN]:
            try:
                item = client.get_listings_item(account.seller_key, offer.sku,
                                                marketplaces.mapped("api_ref"),
                                                ["summaries", "fulfillmentAvailability"])
            except ThrottledError:
                break
            except BadRequestError as exc:
                offer.write({"inventory_state": "error", "inventory_error": error_text(exc)})
                continue
            listed = {summary.get("marketplaceId") for summary in item.get("summaries") or []}
            values = {"marketplace_ids": [fields.Command.link(m.id) for m in marketplaces
                                          if m.api_ref in listed]}
            if not offer.fulfillment_channels:  # the orders' word stays
                values["fulfillment_channels"] = ",".join(sorted(
                    entry["fulfillmentChannelCode"]
                    for entry in item.get("fulfillmentAvailability") or [])) or False
            offer.write(values)
