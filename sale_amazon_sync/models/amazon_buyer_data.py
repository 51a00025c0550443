from datetime import timedelta

from odoo import _, api, fields, models

from .. import const

# What an Amazon buyer's contact keeps once anonymized: the place (for taxes, statistics,
# accounting), nothing that names or reaches the person.
PERSONAL_FIELDS = ("name", "email", "phone", "mobile", "street", "street2", "vat", "ref",
                   "comment", "website")


class AmazonBuyerData(models.AbstractModel):
    """Amazon's Data Protection Policy: buyer personal data is deleted at most 30 days
    after the order is delivered.

    The contacts and delivery addresses the connector created lose their names, e-mails,
    phones and street lines a number of days (per account, 30 by default) after the last
    delivery of their Amazon orders; the orders keep their lines, amounts and accounting,
    the contacts their country, state, postcode and city. A contact that does other
    business (a non-Amazon document, or edited by a user) is left alone and listed for
    review. Gift messages go too.
    """

    _name = "amazon.buyer.data"
    _description = "Amazon Buyer Data Retention"

    @api.model
    def _amazon_sync_buyer_data(self, run):
        """The buyer-data stream: one batch of the account's due orders (the next batch
        follows at once, in the next run), or the orders a user asked to anonymize now."""
        orders = run.records if run.records is not None else self._due_orders(run.account)
        self._anonymize(orders, run)
        run.more = run.records is None and len(orders) == const.ANONYMIZE_BATCH

    @api.model
    def _due_orders(self, account, limit=const.ANONYMIZE_BATCH):
        """The account's orders delivered (or cancelled, or with nothing to deliver)
        longer ago than its retention. Returns do not count: a refund's return is often
        left in draft for good (nothing comes back), and must not keep the buyer's data."""
        cutoff = fields.Datetime.now() - timedelta(days=account.buyer_data_retention_days)
        self.env.flush_all()
        self.env.cr.execute("""
            SELECT so.id FROM sale_order so
             WHERE so.amazon_account_id = %(account)s AND so.amazon_anonymized IS NOT TRUE
               AND CASE WHEN so.state = 'cancel' OR NOT EXISTS (
                             SELECT 1 FROM sale_order_line sol JOIN stock_move sm
                               ON sm.sale_line_id = sol.id WHERE sol.order_id = so.id)
                        THEN so.date_order < %(cutoff)s
                        ELSE NOT EXISTS (
                             SELECT 1 FROM sale_order_line sol JOIN stock_move sm
                               ON sm.sale_line_id = sol.id
                              WHERE sol.order_id = so.id AND sm.state != 'cancel'
                                AND sm.origin_returned_move_id IS NULL
                                AND (sm.state != 'done' OR sm.date >= %(cutoff)s))
                   END
             ORDER BY so.id LIMIT %(limit)s
        """, {"account": account.id, "cutoff": cutoff, "limit": limit})
        return self.env["sale.order"].browse(row[0] for row in self.env.cr.fetchall())

    @api.model
    def _anonymize(self, orders, run=None):
        """Remove the buyer data of ``orders``; contacts still in use stay until their
        last order is due, contacts with other business stay for good (for review)."""
        partners = (orders.partner_id | orders.partner_shipping_id | orders.partner_invoice_id)
        partners = partners.filtered("amazon_created")
        pending = self._still_needed(partners, orders)
        busy = partners._amazon_other_business()
        busy.write({"amazon_review": True})
        for partner in busy:
            if run:
                run.fail(_("Contact #%s", partner.id),  # the log names no buyer
                         _("Has other business: left for review."), partner)
        (partners - pending - busy)._amazon_anonymize()
        orders._amazon_remove_buyer_data()
        if run:
            run.count("updated", len(orders))
            run.count("skipped", len(pending))

    @api.model
    def _still_needed(self, partners, orders):
        """Contacts that another Amazon order, not anonymized yet, still needs."""
        others = self.env["sale.order"].search([
            ("amazon_order_ref", "!=", False), ("amazon_anonymized", "=", False),
            ("id", "not in", orders.ids), "|", "|", ("partner_id", "in", partners.ids),
            ("partner_shipping_id", "in", partners.ids),
            ("partner_invoice_id", "in", partners.ids)])
        return partners & (others.partner_id | others.partner_shipping_id
                           | others.partner_invoice_id)
