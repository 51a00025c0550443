from datetime import timedelta

from odoo import _, api, fields, models

from .. import const
from ..spapi import SpApiError, ThrottledError
from ..spapi.feeds import FeedReportError, parse_processing_report
from ..utils import error_text


class AmazonFeed(models.Model):
    _name = "amazon.feed"
    _description = "Amazon Inventory Feed"
    _order = "create_date desc, id desc"
    _rec_name = "feed_ref"

    account_id = fields.Many2one("amazon.account", required=True, ondelete="cascade",
                                 index=True)
    company_id = fields.Many2one(related="account_id.company_id", store=True)
    feed_ref = fields.Char(string="Feed ID", required=True, readonly=True)
    state = fields.Selection(
        [("submitted", "Submitted"), ("done", "Done"), ("fatal", "Rejected"),
         ("cancelled", "Cancelled")], default="submitted", required=True, readonly=True)
    offer_ids = fields.One2many("amazon.offer", "feed_id", string="Offers", readonly=True)
    marketplace_ids = fields.Many2many("amazon.marketplace", string="Marketplaces",
                                       readonly=True)
    message_count = fields.Integer(readonly=True)
    poll_failures = fields.Integer(readonly=True, help="Failed attempts to read the result.")
    error_count = fields.Integer(readonly=True)
    # {sku: quantity} as sent; the quantities become "on Amazon" once accepted.
    sent_quantities = fields.Json(readonly=True)
    # {messageId: sku}, to read the report (JSON keys are strings).
    skus_by_message = fields.Json(readonly=True)

    @api.model
    def _amazon_may_submit(self, account):
        """Amazon accepts 5 JSON_LISTINGS_FEED submissions per 5 minutes per region."""
        count, seconds = const.FEED_SUBMISSIONS
        return self.search_count([
            ("account_id.seller_key", "=", account.seller_key),
            ("account_id.base_marketplace_id.region", "=", account.region),
            ("create_date", ">", fields.Datetime.now() - timedelta(seconds=seconds)),
        ]) < count

    @api.model
    def _amazon_record(self, account, feed_ref, document, offers, quantities, marketplaces):
        """Remember a submitted feed; its offers wait for the processing report."""
        feed = self.create({
            "account_id": account.id, "feed_ref": feed_ref,
            "marketplace_ids": [fields.Command.set(marketplaces.ids)],
            "message_count": len(document.skus),
            "sent_quantities": {o.sku: quantities[o] for o in offers},
            "skus_by_message": {str(k): v for k, v in document.skus.items()},
        })
        offers.write({"inventory_state": "pending", "feed_id": feed.id})
        return feed

    def _amazon_poll(self, run):
        """Read the status of submitted feeds; once Amazon is done, mark each offer done or
        in error from the processing report (each error a failed record of ``run``). A
        rejected or cancelled feed puts its offers back to be sent at the next run."""
        client = run.client
        for feed in self:
            try:
                status = client.get_feed(feed.feed_ref)
                if status.get("processingStatus") not in const.FEED_DONE_STATUSES:
                    continue
                if status["processingStatus"] == "DONE":
                    feed._amazon_apply_report(
                        client.get_feed_document(status["resultFeedDocumentId"]), run)
                else:
                    feed._amazon_give_back(status["processingStatus"])
            except ThrottledError:
                break
            except (SpApiError, FeedReportError) as exc:
                feed._amazon_poll_failed(exc)
            self.env["amazon.sync.runner"]._commit()

    def _amazon_poll_failed(self, exc):
        """Say so; after a few failures give the offers back, so that a feed whose result
        cannot be read never keeps their stock from being pushed again."""
        self.poll_failures += 1
        self.account_id.message_post(body=_(
            "Could not read the result of feed %(feed)s: %(error)s",
            feed=self.feed_ref, error=error_text(exc)))
        if self.poll_failures >= const.FEED_POLL_ATTEMPTS:
            self._amazon_give_back("UNREADABLE")

    def _amazon_apply_report(self, text, run):
        skus = {int(k): v for k, v in self.skus_by_message.items()}
        report = parse_processing_report(text, skus)
        quantities = self.sent_quantities
        offers = {offer.sku: offer for offer in self.offer_ids}
        # One write per distinct quantity: a feed holds up to 25,000 offers.
        accepted = self.env["amazon.offer"].browse([offers[s].id for s in report.accepted
                                                    if s in offers])
        for quantity, group in accepted.grouped(lambda o: quantities[o.sku]).items():
            group.write({"inventory_state": "done", "inventory_error": False,
                         "inventory_qty_sent": quantity, "feed_id": False})
        for sku, errors in report.errors.items():
            if sku in offers:
                offers[sku].write({"inventory_state": "error", "feed_id": False,
                                   "inventory_error": "\n".join(errors)})
                run.fail(sku, "; ".join(errors), offers[sku])
        self.write({"state": "done", "error_count": len(report.errors)})

    def _amazon_give_back(self, status):
        self.offer_ids.write({"inventory_state": False, "feed_id": False,
                              "inventory_error": _("Feed %(feed)s ended %(status)s.",
                                                   feed=self.feed_ref, status=status)})
        self.state = "fatal" if status == "FATAL" else "cancelled"
