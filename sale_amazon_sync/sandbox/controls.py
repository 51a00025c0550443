"""The money and FBA parts of the sandbox's control surface, mixed into SandboxServer.

Each method takes the server's lock, works on its state at its clock, and is also
reachable over HTTP as ``POST /_sandbox/<route>`` with the keyword arguments as a JSON
body (see ``routes.CONTROL_METHODS``). Times may be datetimes or ISO 8601 strings.
"""
import copy

from .. import const
from . import inventory_api, marketplaces, money, settlements
from .fba_returns import add_return
from .orders import parse_time
from .reports_api import add_report
from .seed import bulk_orders
from .state import DEMO_SELLER_ID


def _time(value):
    return parse_time(value) if value else None


class MoneyControls:
    """Settlements, refunds, account charges, report documents and order volume."""

    def settle(self, marketplace="DE", start=None, end=None, seller_id=DEMO_SELLER_ID):
        """Close the marketplace's unsettled money of [start, end) into a settlement with
        its DONE settlement report; returns its ids, total (a string) and currency."""
        with self.lock:
            settlement = settlements.settle(self.state, seller_id, marketplace, _time(start),
                                            _time(end), self.clock())
            return {"settlementId": settlement["settlementId"],
                    "reportId": settlement["reportId"], "groupId": settlement["groupId"],
                    "total": str(settlement["total"]), "currency": settlement["currency"]}

    def refund(self, order_id, items=None, shipping=False, seller_id=DEMO_SELLER_ID,
               when=None):
        """Refund units of a shipped order ({sku: units}, None for all), and its shipping
        when ``shipping``; returns the refund id (the settlement's adjustment-id)."""
        with self.lock:
            return money.refund(self.state, seller_id, order_id, items, shipping,
                                _time(when) or self.clock())

    def charge(self, kind, amount, marketplace="DE", seller_id=DEMO_SELLER_ID, when=None,
               sku=None, quantity=None):
        """Post an account-level amount: subscription, storage, advertising (charged) or
        reimbursement (paid, for ``quantity`` units of ``sku``); returns its id."""
        with self.lock:
            return money.charge(self.state, seller_id, kind, amount, marketplace,
                                _time(when) or self.clock(), sku, quantity)

    def add_report(self, report_type, content, marketplace_ids=("DE",),
                   seller_id=DEMO_SELLER_ID, compression=None, encoding="utf-8"):
        """A DONE report serving ``content`` (text, encoded with ``encoding``, or bytes),
        gzipped when ``compression`` is "GZIP"; returns the report id."""
        raw = content.encode(encoding) if isinstance(content, str) else content
        ids = [marketplaces.resolve(m).id for m in marketplace_ids]
        with self.lock:
            return add_report(self.state, seller_id, report_type, ids, raw, self.clock(),
                              compression=compression)

    def generate_orders(self, count, marketplace="DE", fulfilled_by="MERCHANT",
                        seller_id=DEMO_SELLER_ID):
        """``count`` SHIPPED orders of the demo products, shipped an hour ago (benchmarks:
        a settlement of 500+ orders); returns their ids."""
        with self.lock:
            orders = bulk_orders(count, marketplace, fulfilled_by, self.clock())
            for order in orders:
                self.state.add_order(order, seller_id)
            return [order["orderId"] for order in orders]

    def settlement(self, settlement_id):
        """A copy of a settlement (period, total, event ids, report id), or None."""
        with self.lock:
            return copy.deepcopy(self.state.settlements.get(settlement_id))

    def set_page_size(self, operation, size):
        """How many items a page of listTransactions or getInventorySummaries holds."""
        with self.lock:
            if operation not in self.state.page_sizes or int(size) < 1:
                raise ValueError(f"Page sizes (>= 1) exist for {sorted(self.state.page_sizes)}.")
            self.state.page_sizes[operation] = int(size)

    def return_empty_pages(self, count=1):
        """The next ``count`` listTransactions pages come back empty, with a nextToken."""
        with self.lock:
            self.state.empty_pages = int(count)


class FbaControls:
    """FBA stock per marketplace, SKUs in bulk, and customer returns."""

    def set_inventory(self, sku, marketplace="DE", seller_id=DEMO_SELLER_ID, details=True,
                      **quantities):
        """Set the FBA quantities of a SKU (created when new): fulfillable, inbound_working,
        inbound_shipped, inbound_receiving, researching, reserved and unfulfillable (a
        count, or a dict of their buckets; see inventory_api). ``details`` False: the SKU's
        summaries come without inventoryDetails even when asked for (quantities unknown)."""
        market = marketplaces.resolve(marketplace)
        with self.lock:
            record = inventory_api.stock(self.state, seller_id, market.id, sku, self.clock())
            inventory_api.set_quantities(record, self.clock(), **quantities)
            record["details"] = bool(details)

    def inventory(self, sku, marketplace="DE", seller_id=DEMO_SELLER_ID):
        """A copy of a SKU's FBA stock record in a marketplace, or None."""
        key = (seller_id, marketplaces.resolve(marketplace).id)
        with self.lock:
            return copy.deepcopy(self.state.inventory.get(key, {}).get(sku))

    def add_fba_skus(self, count, marketplace="DE", seller_id=DEMO_SELLER_ID,
                     prefix="FBA-BULK-", fulfillable=10):
        """``count`` FBA SKUs with stock and an FBA listing (benchmarks: 5,000 SKUs);
        returns them."""
        market = marketplaces.resolve(marketplace)
        channel = const.FBA_CHANNELS[market.region]
        skus = [f"{prefix}{n:05d}" for n in range(1, int(count) + 1)]
        with self.lock:
            now = self.clock()
            for sku in skus:
                record = inventory_api.stock(self.state, seller_id, market.id, sku, now)
                record["fulfillable"] = int(fulfillable)
                self.state.add_listing(seller_id, sku, market.id, {channel: int(fulfillable)},
                                       "PRODUCT", now)
        return skus

    def add_return(self, order_id, sku=None, quantity=1, disposition="SELLABLE",
                   reason="UNWANTED_ITEM", license_plate=None, seller_id=DEMO_SELLER_ID,
                   when=None, comments=""):
        """Units of a shipped FBA order back at the fulfilment centre (the order's first
        SKU by default); moves the stock by disposition and returns the license plate."""
        with self.lock:
            return add_return(self.state, seller_id, order_id, sku, int(quantity),
                              disposition, reason, license_plate, comments,
                              _time(when) or self.clock())
