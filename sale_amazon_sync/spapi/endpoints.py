"""python-amazon-sp-api clients, corrected where they would send what Amazon does not document.

The library appends four marketplace parameters (``MarketplaceId``, ``MarketplaceIds``,
``marketplace_ids``, ``marketplaceIds``) to most GET requests, and downloads documents with
an untimed client of its own. These subclasses send exactly the documented parameters and
return document URLs, which the client follows itself (timeouts, retries, decoding).
"""
from sp_api.api import FinancesV20240619, ReportsV2
from sp_api.api.feeds.feeds_2021_06_30 import FeedsV20210630
from sp_api.base import fill_query_params, sp_endpoint


class FeedsApi(FeedsV20210630):
    """Feeds with a getFeedDocument that returns the document's URL instead of downloading
    it with an untimed client of its own: we follow the URL ourselves."""

    @sp_endpoint("/feeds/2021-06-30/documents/{}", method="GET")
    def get_feed_document_info(self, feed_document_id, **kwargs):
        return self._request(fill_query_params(kwargs.pop("path"), feed_document_id),
                             params=kwargs, add_marketplace=False)


class FinancesApi(FinancesV20240619):
    """listTransactions with the caller's parameters only: a padded ``marketplaceIds``
    would not filter (the documented filter is the singular ``marketplaceId``)."""

    @sp_endpoint("/finances/2024-06-19/transactions", method="GET")
    def list_transactions(self, **kwargs):
        return self._request(kwargs.pop("path"), params=kwargs, add_marketplace=False)


class ReportsApi(ReportsV2):
    """getReports and getReport without the padding: a padded ``marketplaceIds`` silently
    filters reports by the client's marketplace, and a follow-up page must carry nextToken
    alone. createReport (explicit ``marketplaceIds``) and getReportDocument (metadata only)
    are the library's."""

    @sp_endpoint("/reports/2021-06-30/reports", method="GET")
    def get_reports(self, **kwargs):
        return self._request(kwargs.pop("path"), params=kwargs, add_marketplace=False)

    @sp_endpoint("/reports/2021-06-30/reports/{}", method="GET")
    def get_report(self, report_id, **kwargs):
        return self._request(fill_query_params(kwargs.pop("path"), report_id), params=kwargs,
                             add_marketplace=False)
