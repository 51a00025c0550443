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
    # finances_2024-06-19.json, reports_2021-06-30.json and fbaInventory.json (August 2026).
    "listTransactions": (0.5, 10),
    "getReports": (0.0222, 10),
    "createReport": (0.0167, 15),
    "getReport": (2.0, 15),
    "getReportDocument": (0.0167, 15),
    "getInventorySummaries": (2.0, 2),
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
    "TAX",
]
# The tax collection model meaning Amazon withholds and remits an item's tax itself (US
# states, EU imports...): that tax is not the seller's. Source: orders_2026-01-01.json,
# ItemTaxCollection.model ("Possible values: MARKETPLACE_FACILITATOR").
FACILITATOR_TAX_MODEL = "MARKETPLACE_FACILITATOR"
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
# Fitting Odoo's total to Amazon's: recomputing taxes per line may land a few rounding units
# away. A gap of up to this many units of the currency's rounding per line (plus one) is
# absorbed by nudging product lines, each by at most FIT_PRICE_STEPS price steps and
# FIT_DISCOUNT_STEPS hundredths of a discount percent; a larger gap is left visible.
# Source: our policy (one cent per line covers every rounding gap of Odoo's round-per-line).
FIT_UNITS_PER_LINE = 1
FIT_PRICE_STEPS = 5
FIT_DISCOUNT_STEPS = 50
# Sanity bounds of an order's data: anything beyond is refused as garbled or hostile (the
# order is recorded as failed), never imported. Source: our policy, far above Amazon's own
# limits (a title is at most 500 characters, a gift message 255, an order a few thousand
# units), so that no real order is refused.
MAX_TEXT_LENGTH = 5000
MAX_ITEM_QUANTITY = 100000
MAX_AMOUNT = 10 ** 9
# Fulfillment statuses of the Orders API. Source: orders_2026-01-01.json, FulfillmentStatus.
FULFILLMENT_STATUSES = frozenset({"PENDING_AVAILABILITY", "PENDING", "UNSHIPPED",
                                  "PARTIALLY_SHIPPED", "SHIPPED", "CANCELLED", "UNFULFILLABLE"})
# How far back the first synchronization of a new account reads orders (days).
# Source: our default; editable per account in developer mode ("Orders Synchronized Until").
ORDERS_FIRST_SYNC_DAYS = 3

# JSON_LISTINGS_FEED: the feed type that carries FBM quantities, its limits per document, and
# how many may be submitted per region: (feeds, per seconds).
# Source: listings-feed-schema-v2.json (`messages` maxItems 25000) and SP-API "Listings feed"
# guide (documents under 10 MiB, 5 submissions per 5 minutes per region).
LISTINGS_FEED_TYPE = "JSON_LISTINGS_FEED"
MAX_FEED_MESSAGES = 25000
MAX_FEED_BYTES = 10 * 1024 * 1024
FEED_SUBMISSIONS = (5, 300)

# Feed processing statuses after which a feed never changes again: poll getFeed until one.
# FATAL may have applied some, none or all messages. Source: feeds_2021-06-30.json,
# `processingStatus` enum.
FEED_DONE_STATUSES = frozenset({"DONE", "CANCELLED", "FATAL"})

# Amazon's carrier codes for confirmShipment `carrierCode`; any other carrier goes as "Other"
# with `carrierName`. Source: the CarrierCode enumeration of Amazon's amzn-base.xsd (ordersV0.json
# leaves carrierCode a free string and refers to it), as listed in January 2026; case variants
# Amazon lists twice are kept once.
CARRIER_CODES = (
    "360lion", "4PX", "A-1", "AAA Cooper", "ABF", "AFL/Fedex", "ALLJOY", "AMAUK", "AMAZON HORIZON",
    "Amazon Shipping", "AMZL", "AMZL_UK", "Andere", "AO", "AO Deutschland", "APC", "APC Overnight",
    "APC POSTAL LOGISTICS", "APC-Overnight", "APG eCommerce", "Aramex", "ARAS", "Aras Kargo",
    "Arco Spedizioni", "Arkas", "Arrow XL", "Asendia", "Asgard", "Assett", "AT Post", "ATS",
    "AUSSIE_POST", "Australia Post", "Australia Post-ArticleId", "Australia Post-Consignment",
    "B2C", "B2C Europe", "Balnak", "Bartolini", "Beijing Quanfeng Express", "Best Buy",
    "Best Express", "BJS", "Blue Package", "BlueDart", "Bombax", "Bombino Express", "BPOST",
    "BR1 Express", "BRT", "Canada Post", "CargoLine", "Caribou", "Cart2India", "CBL", "CDC",
    "CELERITAS", "Centex", "CEVA", "Ceva Lojistik", "China Post", "Chrono Express", "Chronopost",
    "Chukou1", "Cititrans", "City Link", "Citypost", "CNE", "Coliposte", "Colis Prive",
    "Colis Privé", "Colissimo", "Consegna Mezzi Propri", "Conway", "Correios", "Correos",
    "Correos Express", "Couriers Please", "CouriersPlease", "CTT EXPRESS", "CTTExpress", "Cubyn",
    "DACHSER", "DACSHER", "DASCHER", "DB Schenker", "DEL Deliveries", "Delhivery", "Delivengo",
    "Delivery Group", "Der Kurier", "Deutsche Post", "DHL", "DHL eCommerce", "DHL Express",
    "DHL Freight", "DHL Global Mail", "DHL Home Delivery", "DHL Kargo", "DHL Parcel UK",
    "DHL-Paket", "DHLPL", "Digital Delivery", "DirectLog", "Dotzot", "DPB", "DPD", "DPD Local",
    "DSV", "DTDC", "DX", "DX Express", "DX Freight", "DX Secure", "DYNAMIC EXPRESS", "ECMS",
    "Ecom Express", "Ecom Shipping solutions PVT ltd", "EINSA SOURCING", "EKI Trans",
    "Emirates Post", "Emons", "Endopack", "Energo", "Envialia", "ePost Global", "Equick",
    "Estafeta", "Estes", "EUB", "Europaczka", "Exapaq", "FAST EST", "Fastway", "FedEx",
    "Fedex Freight", "FedEx SmartPost", "FEDEX_JP", "Fercam", "Fillo Kargo", "First Flight",
    "First Flight China", "First Mile", "FRACHTPOST", "France Express", "Gati", "GEL",
    "GEL Express", "GEODIS", "Geodis Calberson", "Geopost Kargo", "GFS", "GLS", "GO!",
    "GRUPO LOGISTIC", "Hellmann", "Heppner", "Hermes", "Hermes (Corporate)",
    "Hermes Einrichtungsservice", "Hermes Logistik Gruppe", "Hermes UK", "Hlog", "HNC",
    "Home Logistics", "honesteye", "Hongkong Post", "Horoz Lojistik", "Hotpoint Logistics", "HRP",
    "HS code", "Huahan Logisitics", "HubEurope", "Hunter Logistics", "Huxloe", "Huxloe Logistics",
    "ICC Worldwide", "IDS", "IDS Netzwerk", "iMile", "India Post", "InPost", "Interlink",
    "Interno", "Intersoft", "iParcel", "ITD Global", "Japan Post", "JCEX", "Jersey Post",
    "JP_EXPRESS", "JPL UPU", "Kargokar", "KEAVO", "Kuehne Nagel", "Kuehne+Nagel", "Kybotech",
    "La Poste", "Landmark", "Landmark Global", "Lasership", "Liccardi", "Mail Alliance",
    "Mainpost", "MBE", "Metro Kargo", "Mezzi propri", "MHI", "Milkman", "MNG Kargo",
    "Mondial Relay", "MRW", "MZZ Briefdienst", "MZZ-Briefdienst", "Nacex", "Narpost Kargo",
    "Newgistics", "Nexive", "Ninjavan", "NipponExpress", "NITTSU", "NOVEO", "NTL", "OCS Worldwide",
    "Old Dominion", "OneWorldExpress", "ONTIME", "OnTrac", "OSM", "Other", "Otro",
    "Overnite Express", "Palletline", "Palletways", "Panther", "Parcel Hub", "Parcel Monkey",
    "Parcel Station", "Parcel2go", "PARCEL2GO.COM", "ParcelDenOnline", "Parcelforce", "Parcelhub",
    "Parcelink Logistics", "Parcelnet", "ParcelOne", "PDC Logistics", "Pilot", "Pilot Freight",
    "PIN", "Polish Post", "Post Modern", "Post NL", "Poste Italiane", "PostNL", "PostNord",
    "Professional", "PTT Kargo", "PUROLATOR", "QExpress", "Qxpress", "R+L", "Raben", "Raben Group",
    "RBNA", "REDUR", "Rhenus", "Rieck", "Rivigo", "RMLGB", "Roadrunner", "Royal Mail",
    "ROYAL_MAIL", "RR Donnelley", "Safexpress", "SAGAWA", "SagawaExpress", "Saia", "Sailpost",
    "Schweizer Post", "SDA", "Seino", "SEINO TRANSPORTATION", "Selem Kargo", "Self Delivery",
    "Sendcloud", "Sending", "Sendle", "Seur", "Seven Senders", "SF Express", "SFC", "Ship Delight",
    "Ship Global US", "ShipEconomy", "ShipGlobal", "Shipmate", "Shree Maruti Courier",
    "Shree Tirupati Courier", "Shunfeng Express", "Singapore Post", "Smartmail", "Sonstige",
    "South Eastern Freight Lines", "Speedex", "Spoton", "SPRING", "Spring GDS", "Sprint",
    "Stahlmann and Sachs", "Stampit", "StarTrack-ArticleID", "StarTrack-Consignment", "STG",
    "STO Express", "Streamlite", "Sunyou", "Susa", "Swiss post", "Szendex", "Target", "TDN",
    "Tezel Lojistik", "The Delivery Group", "The Professional Couriers", "TIPSA", "TNT",
    "TNT Kargo", "TNTIT", "Toll Global Express", "Total Express", "Tourline", "Trackon", "Trakpak",
    "Trans-o-Flex", "Transaher", "Transaragonés", "TransFolha", "Translink", "Transoflex",
    "Truline", "TSB", "Tuffnells", "TWS", "TXT", "TyD", "UBI", "UK MAIL", "UKMail", "UPakWeShip",
    "UPS", "UPS Freight", "UPS Mail Innovations", "Upsilon", "UPSMI", "Urban Express", "USPS",
    "Verage Shipping", "Via Xpress", "VIR", "VNLIN", "WanbExpress", "Watkins and Shepard",
    "Whistl", "Whizzard", "WINIT", "WPX", "XDP", "XPO", "XPO Freight", "Xpressbees", "YAMATO",
    "YamatoTransport", "Yanwen", "YDH", "Yellow Freight", "Yodel", "YTO Express", "Yun Express",
    "Yunda Express", "Zeleris", "ZTO Express", "Zust Ambrosetti",
)

# Common carrier names, normalized (casefolded, accents stripped, punctuation -> single spaces),
# mapped to the Amazon code they ship as. Source: the carriers' own brand names (Evri is
# Hermes UK renamed, AMZL is Amazon Logistics, Yu-Pack is Japan Post's parcel service).
CARRIER_ALIASES = {
    "amazon logistics": "AMZL",
    "auspost": "Australia Post",
    "austrian post": "AT Post",
    "b post": "BPOST",
    "belgian post": "BPOST",
    "blue dart": "BlueDart",
    "dynamic parcel distribution": "DPD",
    "evri": "Hermes UK",
    "fed ex": "FedEx",
    "federal express": "FedEx",
    "general logistics systems": "GLS",
    "go express": "GO!",
    "hong kong post": "Hongkong Post",
    "kuhne nagel": "Kuehne Nagel",
    "kuroneko yamato": "YAMATO",
    "myhermes": "Hermes",
    "nippon express": "NipponExpress",
    "osterreichische post": "AT Post",
    "poczta polska": "Polish Post",
    "post nord": "PostNord",
    "postes canada": "Canada Post",
    "schenker": "DB Schenker",
    "schweizerische post": "Swiss post",
    "singpost": "Singapore Post",
    "u s postal service": "USPS",
    "united parcel service": "UPS",
    "united states postal service": "USPS",
    "us postal service": "USPS",
    "yu pack": "Japan Post",
    "yunexpress": "Yun Express",
    "yupack": "Japan Post",
}

# The fulfillment channel code of each region's FBA offers; DEFAULT is the seller's own.
# Source: Listings Items API, `fulfillmentAvailability.fulfillmentChannelCode`.
FBM_CHANNEL = "DEFAULT"
FBA_CHANNELS = {"na": "AMAZON_NA", "eu": "AMAZON_EU", "fe": "AMAZON_FE"}
# Listings Items look-ups (one call each, 5/s) allowed per inventory run; the rest wait for
# the next run. Source: our policy, keeping a run under a few minutes.
CHANNEL_LOOKUPS_PER_RUN = 300
# Attempts at reading a feed's result before its offers are given back to be sent again.
# Source: our policy (a feed normally finishes within minutes; a run comes every 30).
FEED_POLL_ATTEMPTS = 3

# Runs: how long one run of a stream may go before it hands over to the next one, counted
# in a cron worker from the start of its pass over the jobs due (Odoo kills a worker, or
# reloads a threaded server, whose pass outlasts limit_time_real, 120 s by default), and
# how many orders pages may fail in a row before the time window is split to get past
# what fails.
# Source: our policy, under Odoo's default limits.
RUN_TIME_BOX = 90
PAGE_FAILURES_BEFORE_SPLIT = 3
MIN_SPLIT_WINDOW = 60  # seconds: a failing window this narrow is recorded and skipped

# Retention: sync log runs kept (days) and deleted per batch; buyer personal data kept
# after delivery (days) and anonymized per batch.
# Source: our default for the log; Amazon's Data Protection Policy for buyer data (delete
# at most 30 days after the order is delivered).
LOG_RETENTION_DAYS = 90
PURGE_BATCH = 5000
BUYER_DATA_RETENTION_DAYS = 30
ANONYMIZE_BATCH = 500

# LWA client secret rotation: Amazon requires a new secret every 180 days; administrators
# are reminded this many days before. Source: SP-API developer guide, "Rotate your LWA
# credentials".
SECRET_ROTATION_DAYS = 180
SECRET_REMINDER_DAYS = 30

# Reports API 2021-06-30: the report types the connector reads, the statuses after which a
# report never changes, the largest getReports page, and how long Amazon keeps reports.
# Source: reports_2021-06-30.json (`processingStatus` enum, `pageSize` maximum 100,
# `createdSince` "retained for a maximum of 90 days") and the report type values pages.
SETTLEMENT_REPORT_TYPE = "GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2"
RETURNS_REPORT_TYPE = "GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA"
REPORT_DONE_STATUSES = frozenset({"DONE", "CANCELLED", "FATAL"})
REPORTS_PAGE_SIZE = 100
REPORT_RETENTION_DAYS = 90

# listTransactions answers nothing for a window wider than this (days), so the client
# refuses one rather than report "no money". Source: finances_2024-06-19.json, postedBefore.
TRANSACTIONS_MAX_WINDOW_DAYS = 180
# Transactions may show up this many hours after their posted date, so each run reads the
# last ones again (refunds are recorded once by id). Source: finances_2024-06-19.json,
# listTransactions: "Financial events might not include orders from the last 48 hours".
TRANSACTIONS_LATE_HOURS = 48

# Settlement lines: what each (transaction-type, amount-type, amount-description) is, as
# (kind, fee type). Matching ignores case, spaces and punctuation. Checked in this order:
# the amount-type, a withheld-tax description prefix, the amount-description, then a buyer
# charge (ItemPrice/Promotion) is "refund" under a refund transaction and "order" otherwise;
# anything else is an unknown "fee"/"other_fee" (a fee amount-type) or "other".
# Source: Amazon's settlement report attributes page and the V0 Finances ChargeType/FeeType
# names; reserve, transfer, storage and subscription spellings from sellers' files
# (unverified against a real file; unknown ones are flagged, never guessed).
SETTLEMENT_KINDS = ("order", "refund", "fee", "reimbursement", "tax_withheld", "transfer",
                    "reserve", "other")
SETTLEMENT_FEE_TYPES = ("referral", "fba_fulfilment", "storage", "subscription", "advertising",
                        "other_fee")
SETTLEMENT_AMOUNT_TYPES = {
    "ItemWithheldTax": ("tax_withheld", None),
    "FBA Inventory Reimbursement": ("reimbursement", None),
    "Cost of Advertising": ("fee", "advertising"),
    "Refund for Advertiser": ("fee", "advertising"),
}
SETTLEMENT_WITHHELD_TAX_PREFIXES = ("MarketplaceFacilitator", "LowValueGoods")
SETTLEMENT_DESCRIPTIONS = {
    "Commission": ("fee", "referral"),
    "RefundCommission": ("fee", "referral"),
    "FBAPerUnitFulfillmentFee": ("fee", "fba_fulfilment"),
    "FBAPerOrderFulfillmentFee": ("fee", "fba_fulfilment"),
    "FBAWeightBasedFee": ("fee", "fba_fulfilment"),
    "ShippingChargeback": ("fee", "fba_fulfilment"),
    "Storage Fee": ("fee", "storage"),
    "StorageRenewalBilling": ("fee", "storage"),
    "FBA Long-Term Storage Fee": ("fee", "storage"),
    "Subscription Fee": ("fee", "subscription"),
    "VariableClosingFee": ("fee", "other_fee"),
    "FixedClosingFee": ("fee", "other_fee"),
    "DigitalServicesFee": ("fee", "other_fee"),
    "CouponRedemptionFee": ("fee", "other_fee"),
    "Previous Reserve Amount Balance": ("reserve", None),
    "Current Reserve Amount": ("reserve", None),
    "Payable to Amazon": ("transfer", None),
    "Successful charge": ("transfer", None),
    "WAREHOUSE_DAMAGE": ("reimbursement", None),
    "WAREHOUSE_LOST": ("reimbursement", None),
    "REVERSAL_REIMBURSEMENT": ("reimbursement", None),
    "MISSING_FROM_INBOUND": ("reimbursement", None),
}
SETTLEMENT_CHARGE_AMOUNT_TYPES = ("ItemPrice", "Promotion")
SETTLEMENT_BUYER_CHARGES = ("Principal", "Shipping", "Tax", "ShippingTax", "GiftWrap",
                            "GiftWrapTax", "CODItemCharge", "CODItemTaxCharge", "OtherCharge",
                            "OtherChargeTax")
SETTLEMENT_REFUND_TRANSACTIONS = ("Refund", "Chargeback Refund", "A-to-z Guarantee Claim")
SETTLEMENT_FEE_AMOUNT_TYPES = ("ItemFees", "ShipmentFees", "ItemRelatedFees",
                               "Item Fee Adjustment")

# getInventorySummaries: at most this many SKUs per call in `sellerSkus` (comma-separated,
# so a SKU holding a comma goes alone as `sellerSku`). Source: fbaInventory.json, maxItems.
INVENTORY_MAX_SKUS = 50

# FBA customer returns: what each detailed-disposition means for the returned units: True
# back to sellable stock, False unfulfillable (set aside, or owned and reimbursed by Amazon
# for DAMAGED / CARRIER_DAMAGED). Any other value is unfulfillable and flagged for review.
# Source: Seller Central help "FBA customer returns report" (G200453320) and the
# unfulfillable buckets of fbaInventory.json (customer, warehouse, distributor, carrier
# damaged, defective, expired).
RETURN_DISPOSITIONS = {
    "SELLABLE": True,
    "CUSTOMER_DAMAGED": False,
    "DEFECTIVE": False,
    "DISTRIBUTOR_DAMAGED": False,
    "EXPIRED": False,
    "CARRIER_DAMAGED": False,
    "DAMAGED": False,
}

# FBA customer returns: each returns report covers this many days back (returns show up late,
# or with changed dates, in windows already read; each return is recorded once), and a
# requested report is awaited with getReport polls after these pauses (seconds) within a run,
# later runs polling on every REPORT_RETRY_DELAY seconds.
# Source: our policy, after Amazon's "FBA reports" page (generated at most every four hours,
# updated daily) and selling-partner-api-models issue 2940 (late returns; re-read 35 days).
RETURNS_WINDOW_DAYS = 35
REPORT_POLL_PAUSES = (0, 0.5, 1, 2, 4, 8)
REPORT_RETRY_DELAY = 120
