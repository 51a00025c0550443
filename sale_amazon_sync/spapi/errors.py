"""The one error mapping of the SP-API client layer.

Every failure of a call to Amazon ends as one of these, so callers decide with a single
``except``: re-link the account, try later, or fix the data. Messages never contain tokens,
secrets or buyer data: they are shown to users and written to logs.
"""


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
