"""Amazon's usage plans (token buckets) and injected faults.

Both decide, before an operation runs, whether it runs at all; they live apart from the
routes so that every operation gets the same treatment.
"""
import random
from dataclasses import dataclass

from ..const import RATE_LIMITS

FAULT_KINDS = ("429", "500", "503", "slow", "truncated")


class RateLimiter:
    """One token bucket per (seller, operation), refilled at rate x speed, full at start."""

    def __init__(self, speed=1.0):
        self.speed = speed
        self._buckets = {}  # (seller, operation) -> (tokens, timestamp)

    def rate(self, operation):
        """The effective rate in requests per second, as x-amzn-RateLimit-Limit says."""
        return RATE_LIMITS[operation][0] * self.speed

    def take(self, seller_id, operation, now):
        """Spend one token; False when the bucket is empty (429 QuotaExceeded)."""
        burst = RATE_LIMITS[operation][1]
        moment = now.timestamp()
        tokens, last = self._buckets.get((seller_id, operation), (burst, moment))
        tokens = min(burst, tokens + (moment - last) * self.rate(operation))
        if tokens < 1:
            self._buckets[seller_id, operation] = (tokens, moment)
            return False
        self._buckets[seller_id, operation] = (tokens - 1, moment)
        return True

    def clear(self):
        self._buckets.clear()


@dataclass
class Fault:
    kind: str
    operation: str
    remaining: int
    delay: float
    after: int = 0  # matching requests to let through first (e.g. fault the second page)


class FaultQueue:
    """Faults consumed in order by the next requests they match; and, when a rate is set,
    a fault at random on that share of the other SP-API requests (soak tests)."""

    def __init__(self):
        self._faults = []
        self.set_rate(0)

    def set_rate(self, rate, kinds=FAULT_KINDS, delay=0.3, seed=None):
        """Fault ``rate`` (0..1) of the SP-API requests no queued fault takes, each with a
        kind drawn from ``kinds``; "slow" ones wait ``delay`` seconds."""
        unknown = set(kinds) - set(FAULT_KINDS)
        if unknown or not 0 <= rate <= 1:
            raise ValueError(f"A rate between 0 and 1, and kinds among {FAULT_KINDS}.")
        self._rate, self._kinds, self._delay = rate, tuple(kinds), delay
        self._random = random.Random(seed)

    def add(self, kind, operation="*", times=1, delay=0.0, after=0):
        """Queue a fault; unknown kinds fail here rather than silently never firing."""
        if kind not in FAULT_KINDS:
            raise ValueError(f"Unknown fault kind {kind!r}; expected one of {FAULT_KINDS}")
        if int(times) < 1:
            raise ValueError("A fault must apply at least once.")
        self._faults.append(Fault(str(kind), operation, int(times), float(delay), int(after)))

    def take(self, operation, wildcard):
        """The first fault for this operation (or for "*" when ``wildcard``), consumed once."""
        for fault in self._faults:
            if fault.operation == operation or (wildcard and fault.operation == "*"):
                if fault.after:
                    fault.after -= 1
                    continue
                fault.remaining -= 1
                if not fault.remaining:
                    self._faults.remove(fault)
                return fault
        if wildcard and self._rate and self._random.random() < self._rate:
            return Fault(self._random.choice(self._kinds), operation, 1, self._delay)
        return None

    def clear(self):
        self._faults.clear()
        self.set_rate(0)
