"""Constants and helpers shared by the pure-Python suites (imported as ``common``)."""
from datetime import datetime, timedelta, timezone

# Marketplace ids of the marketplaces the tests use (const.MARKETPLACES has them all).
DE, FR, GB, IT = "A1PA6795UKMFR9", "A13V1IB3VIYZZH", "A1F83G8C2ARO7P", "APJ6JRA9NG5V4"
US, JP = "ATVPDKIKX0DER", "A1VC38T7YXB528"


def recent(**delta):
    """An Amazon timestamp that far in the past."""
    return (datetime.now(timezone.utc) - timedelta(**delta)).strftime("%Y-%m-%dT%H:%M:%SZ")


def moment(**delta):
    """An aware UTC datetime that far in the past (negative deltas: in the future)."""
    return datetime.now(timezone.utc) - timedelta(**delta)


def naive(**delta):
    """A naive UTC datetime that far in the past, as Odoo passes them to the client."""
    return moment(**delta).replace(tzinfo=None)


def statuses(srv, operation):
    """The HTTP statuses the sandbox answered to one operation, in order."""
    return [call["status"] for call in srv.calls(operation)]
