"""The one place that talks to Amazon: a thin layer over python-amazon-sp-api 2.x.

It owns what the library leaves to its users: the endpoint of each region (or an override,
for a sandbox), Login-with-Amazon tokens cached with a margin (``lwa.py``), explicit
timeouts, token buckets per (account, operation), bounded retries with backoff and jitter,
and one error mapping (``errors.py``); the library's clients are corrected where they pad
requests (``endpoints.py``). Callers get plain dicts and business-level methods; no URL leaves
this module. No Odoo import here, so it is tested without Odoo.
"""
import gzip
import hashlib
import logging
import random
import time
from collections import namedtuple
from datetime import timedelta

import httpx
from sp_api.api import Inventories, ListingsItems, Orders, Sellers
from sp_api.auth import AccessTokenClient, AccessTokenResponse
from sp_api.base.credential_provider import FromCodeCredentialProvider

from .. import const
from .endpoints import FeedsApi, FinancesApi, ReportsApi
from .errors import AuthError, ServerError, SpApiError, ThrottledError, raise_for_status
from .library import use_transport
from .lwa import access_token, clear_token_cache, exchange_auth_code
from .ratelimit import bucket_for
from .timestamps import format_timestamp

# httpx logs every request URL at INFO; presigned document URLs carry their signature.
logging.getLogger("httpx").setLevel(logging.WARNING)

# What python-amazon-sp-api expects as a marketplace: any object with these attributes.
_Marketplace = namedtuple("_Marketplace", "endpoint marketplace_id region")

__all__ = ["SpApiClient", "clear_token_cache", "exchange_auth_code"]


class SpApiClient:
    """SP-API for one seller authorization in one region.

    ``endpoint``/``lwa_endpoint`` replace Amazon's hosts for every region (sandbox, tests).
    ``max_wait`` is the longest the client sleeps in-process for a token or a backoff;
    beyond it, it raises ``ThrottledError`` with ``retry_after`` for the caller to resume.
    """

    def __init__(self, *, client_id, client_secret, refresh_token, region, marketplace_id,
                 endpoint=None, lwa_endpoint=None, timeout=const.REQUEST_TIMEOUT,
                 retries=const.RETRY_ATTEMPTS, backoff_base=const.RETRY_BACKOFF_BASE,
                 max_wait=const.MAX_INLINE_WAIT, sleep=time.sleep):
        if not (client_id and client_secret):
            raise AuthError("The Amazon app's LWA client id and secret are not set.")
        if not refresh_token:
            raise AuthError("This Amazon account is not linked (no refresh token).")
        self._credentials = {"lwa_app_id": client_id, "lwa_client_secret": client_secret}
        self._refresh_token = refresh_token
        self._marketplace = _Marketplace(
            endpoint or const.REGIONS[region]["endpoint"], marketplace_id,
            const.REGIONS[region]["aws_region"])
        self._lwa_endpoint = lwa_endpoint or const.LWA_TOKEN_URL
        self._account_key = hashlib.sha256(refresh_token.encode()).hexdigest()[:16]
        self._retries = retries
        self._backoff_base = backoff_base
        self._max_wait = max_wait
        self._sleep = sleep
        self._http = httpx.Client(timeout=timeout, event_hooks={
            "request": [_fix_host, self._count_call], "response": [self._count_answer]})
        self._apis = {}
        # What this client asked of Amazon: HTTP exchanges, and 429 answers among them.
        self.stats = {"calls": 0, "throttled": 0}

    def close(self):
        self._http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ------------------------------------------------------------------
    # Business-level operations
    # ------------------------------------------------------------------

    def get_marketplace_participations(self):
        """[{"marketplace": {...}, "participation": {...}}] of the seller."""
        return self._call("getMarketplaceParticipations", Sellers,
                          "get_marketplace_participation").payload or []

    def search_orders(self, **params):
        """One searchOrders page: {"orders": [...], "nextToken": str or None}."""
        response = self._call("searchOrders", Orders, "search_orders", version="2026-01-01",
                              **params)
        return {"orders": response.payload.get("orders") or [],
                "nextToken": response.next_token}

    def search_order_pages(self, marketplace_ids, updated_after, updated_before, token=None):
        """The orders updated in a window, one searchOrders page at a time, as
        ``(orders, next page token or None)``; ``token`` resumes a search where an earlier
        page left it (Amazon keeps tokens 24 hours).

        Each order comes complete (``const.ORDER_INCLUDED_DATA``): reading costs no call
        per order. The bounds are datetimes, naive ones in UTC.
        """
        params = {
            "marketplaceIds": ",".join(marketplace_ids),
            "lastUpdatedAfter": format_timestamp(updated_after),
            "lastUpdatedBefore": format_timestamp(updated_before),
            "maxResultsPerPage": const.ORDERS_PAGE_SIZE,
            "includedData": ",".join(const.ORDER_INCLUDED_DATA),
        }
        while True:
            page = self.search_orders(**params, **({"paginationToken": token} if token else {}))
            token = page["nextToken"]
            yield page["orders"], token
            if not token:
                return

    def get_order(self, order_id):
        return self._call("getOrder", Orders, "get_order", order_id, version="2026-01-01",
                          includedData=const.ORDER_INCLUDED_DATA).payload.get("order")

    def confirm_shipment(self, order_id, marketplace_id, package_detail):
        """Confirm one FBM package (Orders v0; the keyword arguments are the body)."""
        self._call("confirmShipment", Orders, "confirm_shipment", order_id,
                   marketplaceId=marketplace_id, packageDetail=package_detail)

    def get_listings_item(self, seller_id, sku, marketplace_ids, included_data):
        return self._call("getListingsItem", ListingsItems, "get_listings_item", seller_id, sku,
                          version="2021-08-01", marketplaceIds=",".join(marketplace_ids),
                          includedData=",".join(included_data)).payload

    def patch_listings_item(self, seller_id, sku, marketplace_ids, body):
        return self._call("patchListingsItem", ListingsItems, "patch_listings_item", seller_id,
                          sku, version="2021-08-01", marketplaceIds=",".join(marketplace_ids),
                          body=body).payload

    def submit_feed(self, feed_type, marketplace_ids, content):
        """Create a feed document, upload ``content`` (bytes, sent as is) and create the feed.

        Returns the feed id. Callers pass UTF-8 bytes: the library would encode a str as
        ISO-8859-1.
        """
        content_type = "application/json; charset=UTF-8"
        document = self._call("createFeedDocument", FeedsApi, "create_feed_document", None,
                              content_type).payload
        self._transfer("uploadDocument", "PUT", document["url"], content=content,
                       headers={"Content-Type": content_type})
        feed = self._call("createFeed", FeedsApi, "create_feed", feed_type,
                          document["feedDocumentId"], marketplaceIds=list(marketplace_ids))
        return feed.payload["feedId"]

    def get_feed(self, feed_id):
        return self._call("getFeed", FeedsApi, "get_feed", feed_id).payload

    def get_feed_document(self, document_id):
        """The text of a feed (result) document, uncompressed."""
        document = self._call("getFeedDocument", FeedsApi, "get_feed_document_info",
                              document_id).payload
        return self._document_text(document, ("utf-8",))

    def list_transactions(self, posted_after, posted_before, marketplace_id=None):
        """The transactions (dicts) posted in [posted_after, posted_before), one
        listTransactions page fetched at a time as the caller iterates.

        Bounds are datetimes (naive ones in UTC), at most 180 days apart: Amazon answers a
        wider window with nothing, which would read as "no money". Only the documented
        parameters are sent, a ``marketplaceId`` only when given.
        """
        if posted_before - posted_after > timedelta(days=const.TRANSACTIONS_MAX_WINDOW_DAYS):
            raise ValueError("listTransactions windows span at most "
                             f"{const.TRANSACTIONS_MAX_WINDOW_DAYS} days.")
        params = {"postedAfter": format_timestamp(posted_after),
                  "postedBefore": format_timestamp(posted_before)}
        if marketplace_id:
            params["marketplaceId"] = marketplace_id
        return self._items("listTransactions", FinancesApi, "list_transactions", params,
                           "transactions")

    def get_reports(self, report_types, processing_statuses=("DONE",), created_since=None):
        """The reports (dicts) of the given types, newest first, over getReports pages.

        No marketplace filter: Amazon files a settlement under every marketplace of the
        account. ``created_since`` (a datetime) defaults to Amazon's 90-day retention.
        """
        params = {"reportTypes": _csv(report_types), "pageSize": const.REPORTS_PAGE_SIZE}
        if processing_statuses:
            params["processingStatuses"] = _csv(processing_statuses)
        if created_since:
            params["createdSince"] = format_timestamp(created_since)
        return self._items("getReports", ReportsApi, "get_reports", params, "reports",
                           token_alone=True)

    def create_report(self, report_type, marketplace_ids, data_start=None, data_end=None):
        """Request a report (datetimes bound its data); returns the reportId to poll."""
        body = {"reportType": report_type, "marketplaceIds": list(marketplace_ids)}
        for key, moment in (("dataStartTime", data_start), ("dataEndTime", data_end)):
            if moment:
                body[key] = format_timestamp(moment)
        return self._call("createReport", ReportsApi, "create_report", **body).payload["reportId"]

    def get_report(self, report_id):
        """The report's dict: processingStatus, and reportDocumentId once DONE."""
        return self._call("getReport", ReportsApi, "get_report", report_id).payload

    def get_report_document(self, document_id):
        """The text of a report document: downloaded by us (our timeout and retries, not
        the library's 5 s client), gunzipped when Amazon says GZIP, decoded as UTF-8 or,
        failing that, cp1252 (Amazon sends no charset, and a Western European file that
        is not UTF-8 is most likely Windows-1252)."""
        document = self._call("getReportDocument", ReportsApi, "get_report_document",
                              document_id).payload
        return self._document_text(document, ("utf-8", "cp1252"))

    def get_inventory_summaries(self, marketplace_id, seller_skus=None):
        """The FBA inventory summaries (dicts, with inventoryDetails) of a marketplace: all
        SKUs, or those of ``seller_skus`` (asked 50 at a time; one with a comma alone).

        The marketplace is sent explicitly as granularityId and marketplaceIds, so that
        the library neither fills in its default nor pads. Consume promptly: Amazon's
        nextToken expires 30 seconds after it is issued.
        """
        params = {"details": "true", "granularityType": "Marketplace",
                  "granularityId": marketplace_id, "marketplaceIds": marketplace_id}
        for skus in [{}] if seller_skus is None else _sku_filters(list(seller_skus)):
            yield from self._items("getInventorySummaries", Inventories,
                                   "get_inventory_summary_marketplace", {**params, **skus},
                                   "inventorySummaries")

    def _items(self, operation, api_class, method, params, key, token_alone=False):
        """Each item under ``key`` of every page, fetched lazily; follow-up pages repeat the
        parameters with the nextToken, or send the token alone (``token_alone``)."""
        query = params
        while True:
            response = self._call(operation, api_class, method, **query)
            yield from (response.payload or {}).get(key) or ()
            if not response.next_token:
                return
            query = {"nextToken": response.next_token}
            if not token_alone:
                query = {**params, **query}

    def _document_text(self, document, encodings):
        """Download a document's URL and decode it with the first encoding that fits."""
        response = self._transfer("downloadDocument", "GET", document["url"])
        content = response.content
        try:
            if document.get("compressionAlgorithm") == "GZIP":
                content = gzip.decompress(content)
        except (OSError, EOFError) as exc:
            raise ServerError("Amazon sent a document that cannot be uncompressed.",
                              operation="downloadDocument") from exc
        for encoding in encodings:
            try:
                return content.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise ServerError("Amazon sent a document in an unknown encoding.",
                          operation="downloadDocument")

    # ------------------------------------------------------------------
    # Plumbing: one call with buckets, retries and the error mapping
    # ------------------------------------------------------------------

    def _call(self, operation, api_class, method, *args, version=None, **kwargs):
        """Run one SP-API operation; returns the library's ApiResponse."""
        api = self._api(api_class, version)
        return self._with_retries(operation, lambda: getattr(api, method)(*args, **kwargs))

    def _transfer(self, operation, method, url, **kwargs):
        """Follow a presigned document URL as given, with the same retries."""
        def send():
            response = self._send(operation, lambda: self._http.request(method, url, **kwargs))
            _raise_for_status_keep_body(response, operation)
            return response
        return self._with_retries(operation, send)

    def _with_retries(self, operation, attempt_call):
        """Wait for a bucket token, call, and retry what is worth retrying, boundedly."""
        bucket = bucket_for(self._account_key, operation)
        for attempt in range(1, self._retries + 1):
            self._wait(bucket.wait_time(), operation)
            bucket.take()
            try:
                result = attempt_call()
            except SpApiError as exc:
                exc.operation = exc.operation or operation
                if isinstance(exc, ThrottledError):
                    bucket.drain()
                    exc.retry_after = bucket.wait_time()
                if not exc.retryable or attempt == self._retries:
                    raise
                if not isinstance(exc, ThrottledError):
                    self._wait(self._backoff(attempt), operation)
                continue
            rate = getattr(result, "rate_limit", None)
            if rate:
                bucket.set_rate(float(rate))
            return result
        raise AssertionError("unreachable")  # pragma: no cover

    def _wait(self, seconds, operation):
        """Sleep when it is short; otherwise stop and tell the caller when to come back."""
        if seconds <= 0:
            return
        if seconds > self._max_wait:
            raise ThrottledError(f"Amazon's rate limit allows the next call in {seconds:.0f} s.",
                                 retry_after=seconds, operation=operation, status=429,
                                 code="QuotaExceeded")
        self._sleep(seconds)

    def _backoff(self, attempt):
        """Exponential backoff with full jitter (AWS's recommendation)."""
        ceiling = min(const.RETRY_BACKOFF_MAX, self._backoff_base * 2 ** (attempt - 1))
        return random.uniform(0, ceiling)

    def _api(self, api_class, version):
        """One python-amazon-sp-api client per API, wired to our transport and tokens."""
        key = (api_class, version)
        if key not in self._apis:
            extra = {"version": version} if version else {}
            api = api_class(
                marketplace=self._marketplace, refresh_token=self._refresh_token,
                credentials=self._credentials, credential_providers=[FromCodeCredentialProvider],
                auth_token_client_class=self._token_client_class(), **extra)
            # The library lets SP_API_DEFAULT_MARKETPLACE override ``marketplace``: undo it.
            api.endpoint, api.marketplace_id, api.region = self._marketplace
            use_transport(api, self._http, self._answered)
            self._apis[key] = api
        return self._apis[key]

    def _token_client_class(self):
        """An AccessTokenClient that gets its tokens from :meth:`_access_token`."""
        owner = self

        class _TokenClient(AccessTokenClient):
            def get_auth(self):
                return AccessTokenResponse(**owner._access_token())

        return _TokenClient

    def _access_token(self):
        return access_token(self._http, self._lwa_endpoint, self._credentials,
                            self._refresh_token, self._account_key)

    def _count_call(self, request):
        self.stats["calls"] += 1

    def _count_answer(self, response):
        self.stats["throttled"] += response.status_code == 429

    def _answered(self, request):
        """Every SP-API exchange of the library: network failures and error answers mapped
        before the library parses them (it raises nothing for a 429/5xx with an empty body,
        and takes a cut JSON body for an empty success)."""
        response = self._send(None, request)
        raise_for_status(response)
        return response

    def _send(self, operation, request):
        """Run one HTTP exchange, turning network failures into retryable errors."""
        try:
            return request()
        except httpx.TimeoutException as exc:
            raise ServerError("Amazon did not answer in time.", operation=operation) from exc
        except httpx.TransportError as exc:
            raise ServerError(f"Amazon unreachable: {exc.__class__.__name__}",
                              operation=operation) from exc


def _csv(values):
    """Amazon's array parameters are comma-separated; a lone string is one value."""
    return values if isinstance(values, str) else ",".join(values)


def _sku_filters(skus):
    """getInventorySummaries SKU filters: comma-separated batches of at most 50, and a SKU
    holding a comma alone as ``sellerSku`` (it cannot travel in a comma-separated list)."""
    plain = [sku for sku in skus if "," not in sku]
    size = const.INVENTORY_MAX_SKUS
    return ([{"sellerSkus": ",".join(plain[i:i + size])} for i in range(0, len(plain), size)]
            + [{"sellerSku": sku} for sku in skus if "," in sku])


def _raise_for_status_keep_body(response, operation):
    """For document transfers: the body is not JSON, only the status matters."""
    if not 200 <= response.status_code < 300:
        raise_for_status(response, operation)


def _fix_host(request):
    """python-amazon-sp-api derives Host by cutting "https://" off the endpoint, which is
    wrong for an http:// override; httpx knows the right value."""
    request.headers["host"] = request.url.netloc.decode("ascii")
