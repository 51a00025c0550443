"""The one error mapping of the SP-API client layer.

Every failure of a call to Amazon ends as one of these, so callers decide with a single
``except``: re-link the account, try later, or fix the data. Messages never contain tokens,
secrets or buyer data: they are shown to users and written to logs. ``raise_for_status``
turns any HTTP answer (SP-API or Login with Amazon) into one of them.
"""
import json

# LWA error codes meaning "this authorization or this app is no longer valid".
_LWA_AUTH_ERRORS = {"invalid_grant", "invalid_client", "unauthorized_client", "access_denied"}


class SpApiError(Exception):
    """A call to Amazon failed; ``message`` is safe to show and to log."""

    retryable = False

    def __init__(self, message, *, code=None, status=None, operation=None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
        self.operation = operation

    def __str__(self):
        where = f" ({self.operation})" if self.operation else ""
        code = f"{self.code}: " if self.code else ""
        return f"{code}{self.message}{where}"


class AuthError(SpApiError):
    """Amazon refused the credentials: the account must be linked again (or the app fixed)."""


class BadRequestError(SpApiError):
    """Amazon rejected the request itself (invalid input, unknown order...): retrying won't help."""


class ServerError(SpApiError):
    """Amazon or the network failed (5xx, timeout, empty or cut body): worth retrying."""

    retryable = True


class ThrottledError(SpApiError):
    """Over Amazon's usage plan. ``retry_after`` says in how many seconds to resume."""

    retryable = True

    def __init__(self, message, *, retry_after=0.0, **kwargs):
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


def raise_for_status(response, operation=None):
    """Map an HTTP answer to our errors; 2xx with a readable (or empty) body passes."""
    body = response.content
    try:
        data = json.loads(body) if body else {}
    except ValueError:
        data = None
    status = response.status_code
    if 200 <= status < 300:
        if data is None:
            raise ServerError("Amazon sent a malformed (truncated?) response.",
                              status=status, operation=operation)
        return data
    error = _first_error(data)
    message = error.get("message") or error.get("error_description") or f"HTTP {status}"
    code = error.get("code") or error.get("error")
    kwargs = {"code": code, "status": status, "operation": operation}
    if status == 429:
        raise ThrottledError(message, **kwargs)
    if status >= 500:
        raise ServerError(message, **kwargs)
    if status in (401, 403) or code in _LWA_AUTH_ERRORS:
        raise AuthError(message, **kwargs)
    raise BadRequestError(message, **kwargs)


def _first_error(data):
    """SP-API nests errors in a list, LWA sends them flat."""
    if not isinstance(data, dict):
        return {}
    errors = data.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        return errors[0]
    return data
