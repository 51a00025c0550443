from odoo import _, api, fields, models

from .. import const
from ..spapi.orders import OrderDataError


class AmazonMarketplace(models.Model):
    _name = "amazon.marketplace"
    _description = "Amazon Marketplace"
    _order = "name"

    name = fields.Char(required=True, help="The marketplace's website, e.g. Amazon.de.")
    api_ref = fields.Char(
        string="Marketplace ID", required=True,
        help="Amazon's identifier of the marketplace, e.g. A1PA6795UKMFR9.")
    region = fields.Selection(
        const.REGION_SELECTION, required=True,
        help="The SP-API region (endpoint) serving this marketplace.")
    seller_central_url = fields.Char(
        string="Seller Central URL", required=True,
        help="Where sellers of this marketplace log in and authorize apps.")
    tax_included = fields.Boolean(
        string="Prices Include Taxes",
        help="Amazon shows and reports prices with taxes included on this marketplace.")
    country_id = fields.Many2one("res.country")

    _sql_constraints = [
        ("api_ref_unique", "UNIQUE(api_ref)", "A marketplace with this ID already exists."),
    ]

    @api.model
    def _load_amazon_marketplaces(self):
        """Create the marketplaces of ``const.MARKETPLACES`` with XML ids, once.

        Kept as ``noupdate`` records so that users may edit them; upgrades only add the
        marketplaces that are new in ``const``.
        """
        countries = self.env["res.country"].search([]).grouped("code")
        self._load_records([{
            "xml_id": f"sale_amazon_sync.marketplace_{code.lower()}",
            "noupdate": True,
            "values": {
                "name": name, "api_ref": api_ref, "region": region,
                "seller_central_url": url, "tax_included": tax_included,
                "country_id": countries[code].id if code in countries else False,
            },
        } for code, api_ref, name, region, url, tax_included in const.MARKETPLACES])

    @api.model
    def _amazon_for_ref(self, api_ref):
        """The marketplace of an order, which must be one Odoo knows."""
        marketplace = self.search([("api_ref", "=", api_ref)], limit=1)
        if not marketplace:
            raise OrderDataError(_("The marketplace %s is unknown: add it in developer mode.",
                                   api_ref))
        return marketplace

    @api.model
    def _amazon_participating(self, participations):
        """The marketplaces of getMarketplaceParticipations where the seller takes part."""
        ids = [p["marketplace"]["id"] for p in participations
               if p.get("participation", {}).get("isParticipating")]
        return self.search([("api_ref", "in", ids)])
