"""The sandbox's HTTP server and its Python control surface.

Every request goes through one pipeline: route -> fault -> token -> rate limit ->
handler -> journal. Requests are answered one at a time under a lock (a sandbox needs
correctness, not throughput); only a "slow" fault sleeps outside it.
"""
import copy
import secrets
import threading
import time
import traceback
import uuid
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from ..const import RATE_LIMITS
from . import routes
from .controls import FbaControls, MoneyControls
from .feeds_api import OUTCOMES
from .limits import FAULT_KINDS, FaultQueue, RateLimiter
from .orders import parse_time
from .seed import seed as seed_demo
from .state import DEMO_MARKETPLACES, DEMO_REFRESH_TOKEN, DEMO_SELLER_ID, State
from .wire import (
    ApiError,
    LwaError,
    Request,
    Response,
    internal_failure,
    quota_exceeded,
    unauthorized,
)


def _utcnow():
    """The default clock: aware, in UTC, like every date Amazon sends."""
    return datetime.now(timezone.utc)


_FAULT_ANSWERS = {
    "429": lambda: quota_exceeded().response(),
    "500": lambda: internal_failure().response(),
    "503": lambda: Response(503, b""),
}


class SandboxServer(MoneyControls, FbaControls):
    """A local SP-API: LWA, Sellers, Orders, Feeds, Listings Items, Finances, Reports and
    FBA Inventory on one base URL."""

    def __init__(self, host="127.0.0.1", port=0, speed=1.0, rate_limits=True, seed=True):
        self.host, self.port, self.seed = host, port, seed
        self.rate_limits = rate_limits
        self.clock = _utcnow  # tests may replace it to freeze or move time
        self.auto_consent = False  # the consent page presses Confirm itself (browser tours)
        self.secret = secrets.token_bytes(16)  # signs the presigned document URLs
        self.lock = threading.RLock()
        self.limiter = RateLimiter(speed)
        self.faults = FaultQueue()
        self.state = None
        self._journal = []
        self._httpd = self._thread = None
        self.reset()

    @property
    def url(self):
        return f"http://{self.host}:{self.port}"

    @property
    def lwa_url(self):
        return self.url + "/auth/o2/token"

    def start(self):
        """Serve in a daemon thread; with port 0 the system picks a free port."""
        self._httpd = ThreadingHTTPServer((self.host, self.port), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.sandbox = self
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,),
                                        name="spapi-sandbox", daemon=True)
        self._thread.start()
        return self

    def stop(self):
        """Stop serving and free the port; idempotent."""
        if self._httpd:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._thread.join()
            self._httpd = self._thread = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # -- control surface ------------------------------------------------------------------

    def reset(self):
        """Back to the seeded state: new world, empty journal, no faults, full buckets."""
        with self.lock:
            self.state = State()
            if self.seed:
                seed_demo(self.state, self.clock())
            else:
                self.state.add_seller(DEMO_SELLER_ID, DEMO_MARKETPLACES, DEMO_REFRESH_TOKEN)
            self._journal.clear()
            self.faults.clear()
            self.limiter.clear()

    @property
    def journal(self):
        """A copy of the journal: one dict per request (control routes excepted)."""
        with self.lock:
            return copy.deepcopy(self._journal)

    def calls(self, operation):
        """The journal entries of one operation, oldest first."""
        with self.lock:
            return copy.deepcopy([e for e in self._journal if e["operation"] == operation])

    def inject(self, kind, operation="*", times=1, delay=0.0, after=0):
        """Queue a fault for ``times`` requests of ``operation``, once ``after`` matching
        requests went through."""
        if operation != "*" and operation not in routes.OPERATIONS:
            raise ValueError(f"Unknown operation {operation!r}")
        with self.lock:
            self.faults.add(kind, operation, times, delay, after)

    def set_fault_rate(self, rate, kinds=None, delay=0.3, seed=None):
        """Fault ``rate`` (0..1) of the SP-API requests at random (kinds: 429, 500, 503,
        slow, truncated; all by default); 0 stops it."""
        with self.lock:
            self.faults.set_rate(rate, kinds or FAULT_KINDS, delay, seed)

    def issue_auth_code(self, seller_id):
        """An spapi_oauth_code, as the consent page would give (5 minutes, single use)."""
        with self.lock:
            return self.state.issue_auth_code(seller_id, self.clock())

    def revoke(self, refresh_token):
        """Later refresh grants with this token get invalid_grant."""
        with self.lock:
            self.state.revoked.add(refresh_token)

    def add_seller(self, seller_id, marketplace_ids, refresh_token=None):
        """A new seller with its participations (ids or country codes); returns its refresh
        token."""
        with self.lock:
            return self.state.add_seller(seller_id, marketplace_ids, refresh_token)

    def set_participations(self, seller_id, marketplace_ids):
        """Replace the marketplaces a seller participates in."""
        with self.lock:
            self.state.set_participations(seller_id, marketplace_ids)

    def add_order(self, order, seller_id=DEMO_SELLER_ID):
        """Store an order in the 2026-01-01 shape (see build_order)."""
        with self.lock:
            self.state.add_order(order, seller_id)

    def break_order(self, order_id, broken=True):
        """Every searchOrders page holding this order answers 500, as Amazon does when an
        order is corrupt on its side (``broken=False`` mends it)."""
        with self.lock:
            (self.state.broken_orders.add if broken else self.state.broken_orders.discard)(
                order_id)

    def add_garbled(self, payload, updated, seller_id=DEMO_SELLER_ID):
        """A searchOrders result that is anything but a valid order (hostile or broken
        data), listed as if last updated at ``updated``; served exactly as given."""
        with self.lock:
            garbled = self.state.garbled.setdefault(seller_id, {})
            garbled[f"garbled-{len(garbled) + 1}"] = (parse_time(updated), copy.deepcopy(payload))

    def break_next_tokens(self, times=1):
        """The next ``times`` page tokens are ones Amazon will refuse (400)."""
        with self.lock:
            self.state.broken_tokens = times

    def orders(self, seller_id=DEMO_SELLER_ID):
        """A copy of the seller's orders, by order id, with every block."""
        with self.lock:
            return copy.deepcopy(self.state.orders.get(seller_id, {}))

    def add_listing(self, seller_id, sku, marketplace_id, channels=None, product_type="PRODUCT",
                    item_name=None):
        """channels: fulfillment channel code -> quantity (default {"DEFAULT": 5})."""
        with self.lock:
            self.state.add_listing(seller_id, sku, marketplace_id,
                                   {"DEFAULT": 5} if channels is None else dict(channels),
                                   product_type, self.clock(), item_name)

    def listing(self, seller_id, sku):
        """A copy of a listing (channels: code -> quantity), or None."""
        with self.lock:
            return copy.deepcopy(self.state.listings.get((seller_id, sku)))

    def set_feed_outcome(self, status):
        """The processingStatus the next feeds end with: DONE, FATAL or CANCELLED."""
        if status not in OUTCOMES:
            raise ValueError(f"Feed outcome must be one of {OUTCOMES}")
        with self.lock:
            self.state.feed_outcome = status

    # -- request pipeline -----------------------------------------------------------------

    def dispatch(self, req):
        """Answer one request; control routes skip faults, tokens, limits and the journal."""
        route, req.params = routes.match(req.method, req.path)
        if route is not None and route.kind == "control":
            with self.lock:
                return self._answer(route, req)
        fault = self._take_fault(route)
        if fault and fault.kind == "slow":
            time.sleep(fault.delay)
        with self.lock:
            if route is None:
                response = ApiError(404, "NotFound", f"No such resource: {req.path}").response()
            else:
                response = self._run(route, req, fault)
            self._record(route, req, response)
        return response

    def _take_fault(self, route):
        """The fault this request consumes, if any; the consent page is never faulted."""
        if route is None or route.kind == "page":
            return None
        with self.lock:
            return self.faults.take(route.operation, route.operation in routes.SPAPI_OPERATIONS)

    def _run(self, route, req, fault):
        """The answer of a journaled route, with the fault applied and Amazon's headers."""
        if fault and fault.kind in _FAULT_ANSWERS:
            response = _FAULT_ANSWERS[fault.kind]()
            req.seller_id = self.state.seller_for_access_token(
                req.headers.get("x-amz-access-token"), self.clock())
        else:
            response = self._answer(route, req)
            if fault and fault.kind == "truncated":
                response.body = response.body[:len(response.body) // 2]
        if route.operation in RATE_LIMITS:
            response.headers["x-amzn-RateLimit-Limit"] = f"{self.limiter.rate(route.operation):g}"
        if route.kind == "spapi":
            response.headers["x-amzn-RequestId"] = str(uuid.uuid4())
        return response

    def _answer(self, route, req):
        """Run the handler after the token and rate checks; errors become Amazon's answers."""
        try:
            if route.kind == "spapi":
                self._authorize(route.operation, req)
            return route.handler(self, req)
        except (ApiError, LwaError) as exc:
            return exc.response()
        except Exception:  # a sandbox bug must still answer like Amazon, and show itself
            traceback.print_exc()
            return internal_failure().response()

    def _authorize(self, operation, req):
        """The token names the seller; then the seller's bucket for the operation pays."""
        now = self.clock()
        seller_id = self.state.seller_for_access_token(req.headers.get("x-amz-access-token"), now)
        if seller_id is None:
            raise unauthorized()
        req.seller_id = seller_id
        if (self.rate_limits and operation in RATE_LIMITS
                and not self.limiter.take(seller_id, operation, now)):
            raise quota_exceeded()

    def _record(self, route, req, response):
        """Journal one request with its final status."""
        self._journal.append({
            "operation": route.operation if route else None, "method": req.method,
            "path": req.path, "query": req.query, "body": req.journal_body(),
            "status": response.status, "seller_id": req.seller_id})


class _Handler(BaseHTTPRequestHandler):
    """Turns HTTP into :class:`Request` and :class:`Response` objects; the Host header is
    ignored (the client library sends a wrong one over plain http)."""

    protocol_version = "HTTP/1.1"
    server_version = "SPAPISandbox/1.0"
    # Send headers and body in one segment: split small writes meet delayed ACKs and cost
    # 40 ms per keep-alive request.
    wbufsize = -1
    disable_nagle_algorithm = True

    def do_GET(self):
        """Every method goes through the same pipeline (see SandboxServer.dispatch)."""
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        req = Request(self.command, url.path, parse_qs(url.query, keep_blank_values=True),
                      self.headers, raw)
        self._send(self.server.sandbox.dispatch(req))

    do_POST = do_PUT = do_PATCH = do_DELETE = do_GET

    def _send(self, response):
        """Write the response; 204 has neither body nor length, as HTTP requires."""
        self.send_response(response.status)
        if response.body:
            self.send_header("Content-Type", response.content_type)
        if response.status != 204:
            self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(response.body)

    def log_message(self, format, *args):
        """Silent: the journal is the sandbox's log."""
