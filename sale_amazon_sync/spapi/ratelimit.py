"""Client-side token buckets mirroring Amazon's usage plans.

Amazon limits each (selling partner, application, operation) with a token bucket. Keeping
our own copy lets the client wait a little when that is cheap, and stop early (instead of
collecting 429s) when the next token is far away.
"""
import threading
import time

from ..const import RATE_LIMITS


class TokenBucket:
    """``rate`` tokens per second, at most ``burst`` stored; starts full, as Amazon's do."""

    def __init__(self, rate, burst, clock=time.monotonic):
        self.rate = rate
        self.burst = burst
        self.tokens = float(burst)
        self._clock = clock
        self._stamp = clock()

    def _refill(self):
        now = self._clock()
        self.tokens = min(self.burst, self.tokens + (now - self._stamp) * self.rate)
        self._stamp = now

    def wait_time(self):
        """Seconds until a token is available (0 when one is there now)."""
        self._refill()
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate

    def take(self):
        self._refill()
        self.tokens -= 1

    def drain(self):
        """Amazon said 429: its bucket is empty whatever ours believed."""
        self._refill()
        self.tokens = min(self.tokens, 0.0)

    def set_rate(self, rate):
        """Adopt the rate Amazon announces in ``x-amzn-RateLimit-Limit``."""
        if rate > 0:
            self._refill()
            self.rate = rate


_buckets = {}
_lock = threading.Lock()


def bucket_for(account_key, operation):
    """The process-wide bucket of one account and operation, seeded from the usage plan."""
    with _lock:
        key = (account_key, operation)
        if key not in _buckets:
            _buckets[key] = TokenBucket(*RATE_LIMITS.get(operation, (1.0, 1)))
        return _buckets[key]


def reset_buckets():
    """Forget every bucket (tests, or after the rates were changed on Amazon's side)."""
    with _lock:
        _buckets.clear()
