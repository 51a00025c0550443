"""SP-API client layer: the only code that talks to Amazon. Imports no Odoo."""
from .client import SpApiClient, clear_token_cache, exchange_auth_code
from .errors import AuthError, BadRequestError, ServerError, SpApiError, ThrottledError
from .ratelimit import reset_buckets

__all__ = [
    "AuthError", "BadRequestError", "ServerError", "SpApiClient", "SpApiError",
    "ThrottledError", "clear_token_cache", "exchange_auth_code", "reset_buckets",
]
