"""python-amazon-sp-api clients, corrected where they would send what Amazon does not document.

The library appends four marketplace parameters (``MarketplaceId``, ``MarketplaceIds``,
``marketplace_ids``, ``marketplaceIds``) to most GET requests, and downloads documents with
an untimed client of its own. These subclasses send exactly the documented parameters and
return document URLs, which the client follows itself (timeouts, retries, decoding).
"""
from sp_api.api.feeds.feeds_2021_06_30 import FeedsV20210630
from sp_api.base import fill_query_params, sp_endpoint


class FeedsApi(FeedsV20210630):
    """Feeds with a getFeedDocument that returns the document's URL instead of downloading
    it with an untimed client of its own: we follow the URL ourselves."""

    @sp_endpoint("/feeds/2021-06-30/documents/{}", method="GET")
    def get_feed_document_info(self, feed_document_id, **kwargs):
        return self._request(fill_query_params(kwargs.pop("path"), feed_document_id),
                             params=kwargs, add_marketplace=False)

