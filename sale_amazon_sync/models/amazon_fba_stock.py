from odoo import _, api, fields, models

from .. import compat
from ..spapi.fba import InventorySummaryError, parse_inventory_summary

QUANTITIES = ("fulfillable", "inbound", "reserved", "unfulfillable", "researching", "total")


class AmazonFbaStock(models.Model):
    """What Amazon holds of one SKU in one marketplace's FBA stock, as last read.

    The FBA inventory stream rewrites these from getInventorySummaries, then brings Odoo's
    FBA location in line with them, product by product: the units Amazon can sell or has
    reserved in the FBA location itself, the unfulfillable ones in its Unfulfillable child.
    What Amazon did not detail is unknown, not zero, and adjusts nothing; SKUs without an
    offer are listed here, never created; products tracked by lots or serial numbers are
    left to the user (Amazon does not say which lots it holds).
    """

    _name = "amazon.fba.stock"
    _description = "Amazon FBA Stock"
    _order = "account_id, sku, marketplace_id"
    _rec_name = "sku"

    account_id = fields.Many2one("amazon.account", required=True, ondelete="cascade",
                                 index=True, readonly=True)
    company_id = fields.Many2one(related="account_id.company_id", store=True)
    marketplace_id = fields.Many2one("amazon.marketplace", required=True, ondelete="cascade",
                                     readonly=True)
    sku = fields.Char(string="SKU", required=True, readonly=True)
    offer_id = fields.Many2one("amazon.offer", ondelete="set null", index="btree_not_null",
                               readonly=True, help="The account's offer of this SKU, if any.")
    product_id = fields.Many2one(related="offer_id.product_id")
    asin = fields.Char(string="ASIN", readonly=True)
    fnsku = fields.Char(string="FNSKU", readonly=True)
    product_name = fields.Char(string="Amazon Title", readonly=True)
    condition = fields.Char(readonly=True)
    detailed = fields.Boolean(
        string="Quantities Known", readonly=True,
        help="Amazon detailed the quantities of this SKU; when it does not, nothing is "
             "adjusted from them.")
    fulfillable = fields.Integer(readonly=True, help="Units Amazon can ship now.")
    inbound = fields.Integer(readonly=True, help="Units in shipments on their way to Amazon.")
    reserved = fields.Integer(
        readonly=True, help="Units held for customer orders not shipped yet, moving between "
                            "fulfillment centres or set aside for processing.")
    unfulfillable = fields.Integer(readonly=True,
                                   help="Damaged, defective or expired units Amazon holds.")
    researching = fields.Integer(readonly=True,
                                 help="Units Amazon is looking for (misplaced, checked).")
    total = fields.Integer(readonly=True, help="Amazon's total, inbound units included.")
    amazon_updated = fields.Datetime(string="Changed on Amazon", readonly=True)
    read_at = fields.Datetime(string="Read On", readonly=True)

    _sql_constraints = [("sku_unique", "UNIQUE(account_id, marketplace_id, sku)",
                         "A SKU has one FBA stock per account and marketplace.")]

    # ------------------------------------------------------------------
    # The FBA inventory stream
    # ------------------------------------------------------------------

    @api.model
    def _amazon_sync_fba_inventory(self, run):
        """Read each marketplace's FBA inventory whole, committing each (Amazon's page
        tokens live 30 seconds: a marketplace cannot be resumed by a later run), handing
        over between marketplaces when time is up; once all are read, reconcile. Written
        as superuser: users only read what Amazon holds."""
        stock, account = self.sudo(), run.account
        state = self.env["amazon.sync.runner"]._state(account, "fba_inventory")
        marketplaces = account._amazon_fba_marketplaces()
        stock.search([("account_id", "=", account.id),
                      ("marketplace_id", "not in", marketplaces.ids)]).unlink()
        done = set(filter(None, (state.resume_token or "").split(",")))
        for marketplace in marketplaces.filtered(lambda m: m.api_ref not in done):
            if done and run.out_of_time():
                run.more = True
                return
            stock._amazon_read(run, marketplace)
            done.add(marketplace.api_ref)
            state.resume_token = ",".join(sorted(done))
            self.env["amazon.sync.runner"]._commit()
        stock._amazon_reconcile(run, account.location_id)
        state.resume_token = False
        self.env["amazon.sync.runner"]._commit()

    @api.model
    def _amazon_read(self, run, marketplace):
        """Store Amazon's FBA stock in a marketplace: each SKU it reports, linked to its
        offer when there is one; SKUs it no longer reports are forgotten."""
        account = run.account
        summaries = {}
        for data in run.client.get_inventory_summaries(marketplace.api_ref):
            try:
                summary = parse_inventory_summary(data)
            except InventorySummaryError as exc:
                run.fail(marketplace.name, str(exc))
                continue
            summaries[summary.sku] = summary
        offers = {offer.sku: offer for offer in self.env["amazon.offer"].search(
            [("account_id", "=", account.id), ("sku", "in", list(summaries))])}
        known = {record.sku: record for record in self.search(
            [("account_id", "=", account.id), ("marketplace_id", "=", marketplace.id)])}
        self.browse([known[sku].id for sku in set(known) - set(summaries)]).unlink()
        now, new, unchanged = fields.Datetime.now(), [], []
        for sku, summary in summaries.items():
            values = dict(self._amazon_values(summary, offers.get(sku)), read_at=now)
            record = known.get(sku)
            if not record:
                new.append(dict(values, account_id=account.id, marketplace_id=marketplace.id,
                                sku=sku))
            elif record._amazon_differs(values):
                record.write(values)
                run.count("updated")
            else:
                unchanged.append(record.id)
        self.browse(unchanged).read_at = now
        self.create(new)
        run.count("updated", len(new))

    @api.model
    def _amazon_values(self, summary, offer):
        """The values of a parsed InventorySummary (spapi.fba), ``offer`` its offer."""
        quantities = {name: getattr(summary, name) for name in QUANTITIES}
        return dict({name: value or 0 for name, value in quantities.items()},
                    detailed=summary.fulfillable is not None, asin=summary.asin,
                    offer_id=offer.id if offer else False, fnsku=summary.fnsku,
                    product_name=summary.product_name, condition=summary.condition,
                    amazon_updated=summary.last_updated)

    def _amazon_differs(self, values):
        """Whether Amazon's values (read_at aside) differ from the record's."""
        current = self.read(list(values), load=False)[0]
        return any(current[name] != value for name, value in values.items()
                   if name != "read_at")

    # ------------------------------------------------------------------
    # Reconciliation: Odoo's FBA location as Amazon holds it
    # ------------------------------------------------------------------

    @api.model
    def _amazon_reconcile(self, run, location):
        """Count every product Amazon detailed in the FBA location (fulfillable and
        reserved units: Odoo delivers reserved ones when their order ships) and in its
        Unfulfillable child, adding up the accounts sharing the location; the differences
        become Odoo counts, applied or proposed as the account says, each a line of the
        log. Tracked products are only noted."""
        account = run.account
        places = location | account._amazon_unfulfillable_location()
        counts, skus, tracked = {}, {}, []
        for product, stock in self._amazon_by_product(location).items():
            if not all(stock.mapped("detailed")):
                run.count("skipped")
                continue
            skus[product] = ", ".join(stock.mapped("sku"))
            target = (sum(stock.mapped("fulfillable")) + sum(stock.mapped("reserved")),
                      sum(stock.mapped("unfulfillable")))
            if product.tracking != "none":
                tracked.append((product, places, target))
                continue
            counts.update({(product, place): quantity
                           for place, quantity in zip(places, target, strict=True)})
        quants = self.env["stock.quant"]._amazon_count(
            places, counts,
            _("Amazon inventory %s", fields.Date.context_today(self)), account._amazon_fba_user())
        applied = account.fba_inventory_mode == "apply"
        run.note([(skus[quant.product_id], self._amazon_adjustment_text(quant, applied),
                   quant.product_id) for quant in quants])
        if applied:
            quants._amazon_apply()
        run.count("created", len(quants))
        self._amazon_note_tracked(run, tracked, skus)
        self._amazon_note_unmatched(run)

    @api.model
    def _amazon_adjustment_text(self, quant, applied):
        return _("%(location)s: %(odoo)g → %(amazon)g (%(difference)+g), %(outcome)s",
                 location=quant.location_id.complete_name, odoo=quant.quantity,
                 amazon=quant.inventory_quantity, difference=quant.inventory_diff_quantity,
                 outcome=_("applied") if applied else _("proposed"))

    @api.model
    def _amazon_by_product(self, location):
        """{product: its FBA stock records} of the storable products sold by the offers of
        every account whose FBA location this is (the default product excluded)."""
        stock = self.search([("account_id.location_id", "=", location.id),
                             ("offer_id", "!=", False)])
        default = self.env["product.product"]._amazon_default_product("sale")
        return {product: records for product, records in stock.grouped("product_id").items()
                if product != default and compat.is_storable(product)}

    @api.model
    def _amazon_note_tracked(self, run, tracked, skus):
        """A line of the log for each tracked product Odoo does not hold as Amazon does:
        which lots Amazon holds is unknown, the user adjusts them."""
        quants = self.env["stock.quant"]
        for product, places, (sellable, unfulfillable) in tracked:
            odoo = [quants._amazon_quantity(product, place) for place in places]
            if odoo != [sellable, unfulfillable]:
                run.count("skipped")
                run.note([(skus[product], _(
                    "Tracked by lots or serial numbers: Amazon holds %(sellable)s sellable "
                    "and %(unfulfillable)s unfulfillable units, Odoo %(odoo)g and "
                    "%(odoo_unfulfillable)g; adjust its lots by hand.", sellable=sellable,
                    unfulfillable=unfulfillable, odoo=odoo[0], odoo_unfulfillable=odoo[1]),
                    product)])

    @api.model
    def _amazon_note_unmatched(self, run):
        """SKUs Amazon holds without an offer are listed (FBA Stock), never created."""
        count = self.search_count([("account_id", "=", run.account.id), ("offer_id", "=", False)])
        if count:
            run.note([(_("%s SKUs", count), _(
                "Amazon holds FBA stock of SKUs that have no offer: see FBA Stock, filter "
                "Without Offer. Nothing is created for them."), None)])
