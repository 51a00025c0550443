"""Token-bucket arithmetic, on a clock the test moves."""
import pytest

from sale_amazon_sync.spapi.ratelimit import TokenBucket, bucket_for, reset_buckets


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


def test_bucket_starts_full_and_spends_its_burst(clock):
    bucket = TokenBucket(rate=0.5, burst=3, clock=clock)
    for _ in range(3):
        assert bucket.wait_time() == 0
        bucket.take()
    assert bucket.wait_time() == pytest.approx(2.0)


def test_bucket_refills_at_its_rate_up_to_the_burst(clock):
    bucket = TokenBucket(rate=2, burst=2, clock=clock)
    bucket.take()
    bucket.take()
    clock.now = 0.5
    assert bucket.wait_time() == 0
    clock.now = 100
    bucket.wait_time()
    assert bucket.tokens == 2


def test_drain_empties_the_bucket_after_a_429(clock):
    bucket = TokenBucket(rate=0.0056, burst=20, clock=clock)
    bucket.drain()
    assert bucket.wait_time() == pytest.approx(1 / 0.0056)


def test_announced_rate_takes_over(clock):
    bucket = TokenBucket(rate=1, burst=1, clock=clock)
    bucket.take()
    bucket.set_rate(4)
    assert bucket.wait_time() == pytest.approx(0.25)
    bucket.set_rate(0)  # nonsense from the wire is ignored
    assert bucket.rate == 4


def test_buckets_are_seeded_from_the_usage_plans_per_account_and_operation():
    reset_buckets()
    search = bucket_for("acct", "searchOrders")
    assert (search.rate, search.burst) == (0.0056, 20)
    assert bucket_for("acct", "searchOrders") is search
    assert bucket_for("other", "searchOrders") is not search
