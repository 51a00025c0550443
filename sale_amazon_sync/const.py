"""Protocol facts of Amazon's Selling Partner API, in one place.

Pure data: imported by the Odoo models, the SP-API client layer and the sandbox alike,
so it must never import Odoo.
"""

# Regions and their SP-API hosts.
# Source: SP-API developer guide, "SP-API endpoints" (checked November 2026).
REGIONS = {
    "na": {"name": "North America", "endpoint": "https://sellingpartnerapi-na.amazon.com",
           "aws_region": "us-east-1"},
    "eu": {"name": "Europe", "endpoint": "https://sellingpartnerapi-eu.amazon.com",
           "aws_region": "eu-west-1"},
    "fe": {"name": "Far East", "endpoint": "https://sellingpartnerapi-fe.amazon.com",
           "aws_region": "us-west-2"},
}
REGION_SELECTION = [(code, region["name"]) for code, region in REGIONS.items()]

# Login with Amazon token endpoint (refresh and authorization-code grants).
# Source: SP-API developer guide, "Connecting to the Selling Partner API".
LWA_TOKEN_URL = "https://api.amazon.com/auth/o2/token"

# Marketplaces: (code, marketplace id, name, region, Seller Central URL, prices include tax).
# Source: SP-API "Marketplace IDs" and "Seller Central URLs" tables; tax display per Amazon's
# pricing rules (VAT-inclusive in EU/UK/Middle East/Africa/AU/SG, exclusive in NA, IN, TR, JP).
MARKETPLACES = [
    ("CA", "A2EUQ1WTGCTBG2", "Amazon.ca", "na", "https://sellercentral.amazon.ca", False),
    ("US", "ATVPDKIKX0DER", "Amazon.com", "na", "https://sellercentral.amazon.com", False),
    ("MX", "A1AM78C64UM0Y8", "Amazon.com.mx", "na", "https://sellercentral.amazon.com.mx", False),
    ("BR", "A2Q3Y263D00KWC", "Amazon.com.br", "na", "https://sellercentral.amazon.com.br", False),
    ("DE", "A1PA6795UKMFR9", "Amazon.de", "eu", "https://sellercentral-europe.amazon.com", True),
    ("ES", "A1RKKUPIHCS9HS", "Amazon.es", "eu", "https://sellercentral-europe.amazon.com", True),
    ("FR", "A13V1IB3VIYZZH", "Amazon.fr", "eu", "https://sellercentral-europe.amazon.com", True),
    ("GB", "A1F83G8C2ARO7P", "Amazon.co.uk", "eu", "https://sellercentral-europe.amazon.com", True),
    ("IT", "APJ6JRA9NG5V4", "Amazon.it", "eu", "https://sellercentral-europe.amazon.com", True),
    ("NL", "A1805IZSGTT6HS", "Amazon.nl", "eu", "https://sellercentral.amazon.nl", True),
    ("SE", "A2NODRKZP88ZB9", "Amazon.se", "eu", "https://sellercentral.amazon.se", True),
    ("PL", "A1C3SOZRARQ6R3", "Amazon.pl", "eu", "https://sellercentral.amazon.pl", True),
    ("BE", "AMEN7PMS3EDWL", "Amazon.com.be", "eu", "https://sellercentral.amazon.com.be", True),
    ("IE", "A28R8C7NBKEWEA", "Amazon.ie", "eu", "https://sellercentral.amazon.ie", True),
    ("TR", "A33AVAJ2PDY3EV", "Amazon.com.tr", "eu", "https://sellercentral.amazon.com.tr", False),
    ("AE", "A2VIGQ35RCS4UG", "Amazon.ae", "eu", "https://sellercentral.amazon.ae", True),
    ("SA", "A17E79C6D8DWNP", "Amazon.sa", "eu", "https://sellercentral.amazon.sa", True),
    ("EG", "ARBP9OOSHTCHU", "Amazon.eg", "eu", "https://sellercentral.amazon.eg", True),
    ("IN", "A21TJRUUN4KGV", "Amazon.in", "eu", "https://sellercentral.amazon.in", False),
    ("ZA", "AE08WJ6YKNBMC", "Amazon.co.za", "eu", "https://sellercentral.amazon.co.za", True),
    ("JP", "A1VC38T7YXB528", "Amazon.co.jp", "fe", "https://sellercentral.amazon.co.jp", False),
    ("AU", "A39IBJ37TRP1C6", "Amazon.com.au", "fe", "https://sellercentral.amazon.com.au", True),
    ("SG", "A19VAU5U5O7RUS", "Amazon.sg", "fe", "https://sellercentral.amazon.sg", True),
]

# Website authorization: consent page path on Seller Central, and how long our signed
# `state` stays valid. Amazon gives 5 minutes to exchange the returned code.
# Source: SP-API developer guide, "Website authorization workflow".
CONSENT_PATH = "/apps/authorize/consent"
OAUTH_STATE_TTL = 15 * 60
OAUTH_CODE_TTL = 5 * 60

# Default usage plans, per operation: (requests per second, burst).
# Source: the "Usage Plan" of each operation in amzn/selling-partner-api-models (Nov. 2026);
# Amazon's `x-amzn-RateLimit-Limit` response header overrides the rate when present.
RATE_LIMITS = {
    "searchOrders": (0.0056, 20),
    "getOrder": (0.5, 30),
    "confirmShipment": (2.0, 10),
    "createFeedDocument": (0.5, 15),
    "createFeed": (0.0083, 15),
    "getFeed": (2.0, 15),
    "getFeedDocument": (0.0222, 10),
    "getListingsItem": (5.0, 10),
    "patchListingsItem": (5.0, 5),
    "getMarketplaceParticipations": (0.016, 15),
}

# Client retry policy: attempts per call, exponential backoff with full jitter, and the
# longest wait the client accepts in-process before it stops and asks to resume later.
# Source: SP-API developer guide, "Usage plans and rate limits" (retry with backoff).
RETRY_ATTEMPTS = 5
RETRY_BACKOFF_BASE = 1.0
RETRY_BACKOFF_MAX = 30.0
MAX_INLINE_WAIT = 30.0
REQUEST_TIMEOUT = 30.0

# searchOrders: the data to embed in each order so that reading costs no call per order.
# Source: orders_2026-01-01.json, `includedData` enum.
ORDER_INCLUDED_DATA = [
    "BUYER", "RECIPIENT", "PROCEEDS", "PROMOTION", "CANCELLATION", "FULFILLMENT", "PACKAGES",
]
ORDERS_PAGE_SIZE = 100
# `lastUpdatedBefore`/`createdBefore` must be at least this far in the past (seconds).
ORDERS_MIN_AGE = 120

# Order import: which fulfillment statuses become sale orders, per channel. PENDING orders
# carry no prices yet and are picked up once they move on; CANCELLED ones cancel an existing
# sale order. Source: orders_2026-01-01.json `fulfillmentStatus` enum and SP-API Orders guide.
FULFILLED_BY = {"AMAZON": "fba", "MERCHANT": "fbm"}
IMPORTED_STATUSES = {
    "fba": {"SHIPPED"},
    "fbm": {"UNSHIPPED", "PARTIALLY_SHIPPED", "SHIPPED"},
}
CANCELLED_STATUS = "CANCELLED"
# Amazon order references are 3-7-7 digits. Source: ordersV0.json, `orderId` description.
ORDER_REF_PATTERN = r"^\d{3}-\d{7}-\d{7}$"
# How far back the first synchronization of a new account reads orders (days).
# Source: our default; editable per account in developer mode ("Orders Synchronized Until").
ORDERS_FIRST_SYNC_DAYS = 3
