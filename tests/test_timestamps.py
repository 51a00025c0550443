"""Amazon's timestamps: one format out, one parser in."""
from datetime import datetime, timedelta, timezone

import pytest

from sale_amazon_sync.spapi.timestamps import format_timestamp, parse_timestamp


def test_naive_datetimes_are_sent_as_utc():
    assert format_timestamp(datetime(2026, 1, 2, 3, 4, 5, 600)) == "2026-01-02T03:04:05Z"


def test_aware_datetimes_are_converted_to_utc():
    moment = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=-5)))
    assert format_timestamp(moment) == "2026-01-02T08:04:05Z"


@pytest.mark.parametrize("text, expected", [
    ("2026-11-30T08:15:00Z", datetime(2026, 11, 30, 8, 15)),
    ("2026-11-30T08:15:00.250Z", datetime(2026, 11, 30, 8, 15, 0, 250000)),
    ("2026-11-30T10:15:00+02:00", datetime(2026, 11, 30, 8, 15)),
    ("2026-11-30T08:15:00", datetime(2026, 11, 30, 8, 15)),
])
def test_amazon_timestamps_become_naive_utc(text, expected):
    assert parse_timestamp(text) == expected


@pytest.mark.parametrize("value", ["", "yesterday", None, 20261130])
def test_anything_else_is_a_value_error(value):
    with pytest.raises(ValueError):
        parse_timestamp(value)
