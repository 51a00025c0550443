"""Request, response and error objects shared by every sandbox route.

Handlers receive a :class:`Request` and return a :class:`Response` or raise an error that
already knows its HTTP form, so that each route reads like Amazon's documentation of it.
"""
import json
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from . import marketplaces
from .orders import parse_time

JSON = "application/json"


@dataclass
class Response:
    """What the HTTP layer sends: status, raw body and extra headers."""

    status: int
    body: bytes = b""
    content_type: str = JSON
    headers: dict = field(default_factory=dict)


def json_response(status, payload):
    """A JSON answer; UTF-8 without escapes, as Amazon sends non-ASCII names (with
    \\u escapes when a text holds what UTF-8 cannot carry, such as a lone surrogate)."""
    try:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        body = json.dumps(payload).encode("ascii")
    return Response(status, body)


class ApiError(Exception):
    """An SP-API error: ``{"errors": [{"code", "message", "details"}]}``."""

    def __init__(self, status, code, message, details=""):
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details

    def response(self):
        error = {"code": self.code, "message": self.message, "details": self.details}
        return json_response(self.status, {"errors": [error]})


def invalid(message, details=""):
    """400 InvalidInput, the answer to every malformed SP-API request."""
    return ApiError(400, "InvalidInput", message, details)


def marketplace_ids(values, low, high, name="marketplaceIds"):
    """A list of ``low`` to ``high`` real marketplace ids, or 400 InvalidInput."""
    if (not isinstance(values, list) or not low <= len(values) <= high
            or not all(isinstance(m, str) and marketplaces.is_marketplace_id(m) for m in values)):
        raise invalid(f"{name} must list {low} to {high} valid marketplace ids.")
    return values


def not_found(message):
    """404 NotFound, for an unknown order, feed, document or SKU."""
    return ApiError(404, "NotFound", message)


def unauthorized():
    """403 for a missing, unknown or expired access token, or another seller's data."""
    return ApiError(403, "Unauthorized", "Access to requested resource is denied.")


def quota_exceeded():
    """429 QuotaExceeded, when a bucket is empty or a 429 fault fires."""
    return ApiError(429, "QuotaExceeded", "You exceeded your quota for the requested resource.")


def internal_failure():
    """500 InternalFailure, for a 500 fault or a sandbox bug."""
    return ApiError(500, "InternalFailure", "We encountered an internal error. Please try again.")


class LwaError(Exception):
    """A Login-with-Amazon error, flat: ``{"error", "error_description"}``."""

    def __init__(self, status, error, description):
        super().__init__(description)
        self.status, self.error, self.description = status, error, description

    def response(self):
        return json_response(self.status, {"error": self.error,
                                           "error_description": self.description})


@dataclass
class Request:
    """One parsed HTTP request, plus what routing and authentication learn about it."""

    method: str
    path: str
    query: dict
    headers: object
    raw: bytes
    params: dict = field(default_factory=dict)
    seller_id: str = None

    def values(self, name):
        """An array parameter: repeated (``a=1&a=2``) and comma-separated (``a=1,2``) alike."""
        return [part.strip() for value in self.query.get(name, ())
                for part in value.split(",") if part.strip()]

    def value(self, name):
        """A single query parameter, or None when absent or empty."""
        values = self.query.get(name)
        return values[0] if values and values[0] != "" else None

    def date(self, name):
        """An ISO 8601 query parameter as an aware datetime, None when absent, or 400."""
        raw = self.value(name)
        if raw is None:
            return None
        try:
            return parse_time(raw)
        except ValueError:
            raise invalid(f"{name} is not an ISO 8601 date-time: {raw}.") from None

    def integer(self, name, default, low, high):
        """An integer query parameter within [low, high], ``default`` when absent, or 400."""
        raw = self.value(name)
        if raw is None:
            return default
        if not raw.isdigit() or not low <= int(raw) <= high:
            raise invalid(f"{name} must be an integer between {low} and {high}.")
        return int(raw)

    def only(self, *allowed):
        """400 InvalidInput for a query parameter the operation does not document: Amazon's
        behaviour is undocumented, the sandbox is strict so that padded requests show."""
        unknown = sorted(set(self.query) - set(allowed))
        if unknown:
            raise invalid(f"Unknown parameters: {', '.join(unknown)}.")

    def json(self):
        """The body as a JSON object, or 400 InvalidInput."""
        try:
            body = json.loads(self.raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise invalid("The request body is not valid JSON.") from None
        if not isinstance(body, dict):
            raise invalid("The request body must be a JSON object.")
        return body

    def form(self):
        """A form-encoded body as a dict of first values."""
        parsed = parse_qs(self.raw.decode("utf-8", "replace"), keep_blank_values=True)
        return {key: values[0] for key, values in parsed.items()}

    def journal_body(self):
        """The body as the journal shows it: form dict, parsed JSON, or None."""
        if not self.raw:
            return None
        content_type = self.headers.get("Content-Type") or ""
        if "application/x-www-form-urlencoded" in content_type:
            return self.form()
        try:
            return json.loads(self.raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return None
