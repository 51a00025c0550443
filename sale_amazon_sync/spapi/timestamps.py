"""Amazon's timestamps, both ways: the one format we send and the one parser we trust.

Amazon writes ISO 8601 in UTC (``2026-11-30T08:15:00Z``), sometimes with fractions of a
second or an offset; Odoo stores naive UTC datetimes. No Odoo import.
"""
from datetime import datetime, timezone


def format_timestamp(moment):
    """``YYYY-MM-DDTHH:MM:SSZ`` of a datetime; a naive one is taken as UTC, as Odoo's are."""
    if moment.tzinfo:
        moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_timestamp(value):
    """The naive UTC datetime of an ISO 8601 string, offset applied; ValueError otherwise."""
    if not isinstance(value, str):
        raise ValueError("not an ISO 8601 string")
    moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    if moment.tzinfo:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment
