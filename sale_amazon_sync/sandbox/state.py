"""Everything the sandbox remembers: sellers, credentials, orders, listings, feeds, money,
reports and FBA stock.

Plain data with small methods; the HTTP layer serializes access with one lock, so nothing
here locks. Times are passed in by the caller, who reads them from ``SandboxServer.clock``.
"""
import copy
import itertools
import secrets
from datetime import timedelta

from ..const import OAUTH_CODE_TTL
from . import marketplaces
from .orders import asin_for, iso

APP_CLIENT_ID = "amzn1.application-oa2-client.sandbox"
APP_CLIENT_SECRET = "sandbox-client-secret"
APP_ID = "amzn1.sp.solution.sandbox"
DEMO_SELLER_ID = "A2SANDBOXSELLER1"
DEMO_REFRESH_TOKEN = "Atzr|sandbox-demo-refresh-token"
DEMO_MARKETPLACES = ["DE", "FR", "IT", "ES", "GB", "NL"]

ACCESS_TOKEN_TTL = 3600  # seconds, as LWA's expires_in
# Items per page where Amazon sets the size: listTransactions "up to 500" (use-case guide);
# getInventorySummaries is undocumented, 50 is what sellers report.
PAGE_SIZES = {"listTransactions": 500, "getInventorySummaries": 50}


class State:
    """The sandbox's world at one moment; rebuilt from scratch on reset."""

    def __init__(self):
        self.participations = {}    # seller id -> [marketplace id]
        self.refresh_tokens = {}    # refresh token -> seller id
        self.revoked = set()
        self.access_tokens = {}     # access token -> (seller id, expiry)
        self.auth_codes = {}        # code -> (seller id, expiry)
        self.orders = {}            # seller id -> {order id: order}
        self.listings = {}          # (seller id, sku) -> listing
        self.feeds = {}             # feed id -> feed
        self.documents = {}         # document id -> document
        self.searches = {}          # pagination token -> saved search
        self.money = {}             # seller id -> [money event], in posting order
        self.shipments = {}         # (seller id, order id) -> its shipment's money event
        self.settlements = {}       # settlement id -> settlement
        self.reports = {}           # report id -> report
        self.inventory = {}         # (seller id, marketplace id) -> {sku: FBA stock record}
        self.returns = {}           # seller id -> [FBA customer return]
        self.page_sizes = dict(PAGE_SIZES)
        self.empty_pages = 0        # listTransactions pages to answer empty (with a token)
        self.feed_outcome = "DONE"
        self.broken_orders = set()  # order ids whose searchOrders pages always fail
        self.garbled = {}           # seller id -> {key: (update time, any JSON value)}
        self.broken_tokens = 0      # next page tokens to issue that will be refused
        self._ids = itertools.count(1)

    def next_id(self):
        """A growing number for feed, document and submission ids."""
        return next(self._ids)

    # -- sellers and credentials ------------------------------------------------------

    def add_seller(self, seller_id, marketplace_ids, refresh_token=None):
        """Create (or re-create) a seller; returns its refresh token."""
        self.set_participations(seller_id, marketplace_ids)
        token = refresh_token or "Atzr|" + secrets.token_urlsafe(24)
        self.refresh_tokens[token] = seller_id
        self.revoked.discard(token)
        return token

    def set_participations(self, seller_id, marketplace_ids):
        """Marketplaces as ids or country codes; stored as ids, in the given order."""
        self.participations[seller_id] = [marketplaces.resolve(m).id for m in marketplace_ids]
        self.orders.setdefault(seller_id, {})

    def seller_for_refresh_token(self, token):
        """The seller of a live refresh token, or None (unknown or revoked)."""
        if token in self.revoked:
            return None
        return self.refresh_tokens.get(token)

    def issue_access_token(self, seller_id, now):
        """An LWA access token for the seller, valid one hour from now."""
        token = "Atza|" + secrets.token_urlsafe(32)
        self.access_tokens[token] = (seller_id, now + timedelta(seconds=ACCESS_TOKEN_TTL))
        return token

    def seller_for_access_token(self, token, now):
        """The seller of an unexpired access token, or None."""
        seller_id, expiry = self.access_tokens.get(token, (None, now))
        return seller_id if now < expiry else None

    def issue_auth_code(self, seller_id, now):
        """A single-use authorization code, valid OAUTH_CODE_TTL seconds."""
        code = "ANsandbox" + secrets.token_urlsafe(16)
        self.auth_codes[code] = (seller_id, now + timedelta(seconds=OAUTH_CODE_TTL))
        return code

    def redeem_auth_code(self, code, now):
        """Consume a code (single use) and return a new refresh token, or None.

        An unknown selling partner becomes a seller of the demo's marketplaces, as the
        consent of a new account would create it.
        """
        seller_id, expiry = self.auth_codes.pop(code, (None, now))
        if seller_id is None or now >= expiry:
            return None, None
        if seller_id not in self.participations:
            return seller_id, self.add_seller(seller_id, DEMO_MARKETPLACES)
        token = "Atzr|" + secrets.token_urlsafe(24)
        self.refresh_tokens[token] = seller_id
        return seller_id, token

    # -- orders and listings ------------------------------------------------------------

    def add_order(self, order, seller_id):
        """Store a copy of an order in Amazon's 2026-01-01 shape."""
        if seller_id not in self.orders:
            raise ValueError(f"Unknown seller: {seller_id}")
        if not order.get("orderId") or not order.get("salesChannel", {}).get("marketplaceId"):
            raise ValueError("An order needs orderId and salesChannel.marketplaceId.")
        self.orders[seller_id][order["orderId"]] = copy.deepcopy(order)

    def add_listing(self, seller_id, sku, marketplace_id, channels, product_type, now,
                    item_name=None):
        """Create a listing, or add a marketplace and channels to an existing one."""
        if seller_id not in self.participations:
            raise ValueError(f"Unknown seller: {seller_id}")
        marketplace = marketplaces.resolve(marketplace_id)
        listing = self.listings.setdefault((seller_id, sku), {
            "sku": sku, "productType": product_type, "asin": asin_for(sku),
            "itemName": item_name or sku, "conditionType": "new_new",
            "marketplaceIds": [], "channels": {},
            "createdDate": iso(now), "lastUpdatedDate": iso(now),
        })
        if marketplace.id not in listing["marketplaceIds"]:
            listing["marketplaceIds"].append(marketplace.id)
        listing["channels"].update(channels)
        return listing
