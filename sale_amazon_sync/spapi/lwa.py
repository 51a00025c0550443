"""Login with Amazon: the two grants, and the process-wide cache of access tokens.

Apart from the client so that the website authorization (an auth-code exchange) needs no
SP-API client, and so that every client of one seller shares one access token.
"""
import threading
import time

import httpx

from .. import const
from .errors import AuthError, ServerError, raise_for_status

_TOKEN_MARGIN = 60  # renew an access token this many seconds before Amazon expires it
_tokens = {}
_tokens_lock = threading.Lock()


def clear_token_cache():
    """Forget every cached access token (after unlinking, and between tests)."""
    with _tokens_lock:
        _tokens.clear()


def lwa_request(http, url, form):
    """POST a Login-with-Amazon grant and return its JSON answer."""
    try:
        response = http.post(url, data=form)
    except httpx.TimeoutException as exc:
        raise ServerError("Login with Amazon did not answer in time.",
                          operation="lwaToken") from exc
    except httpx.TransportError as exc:
        raise ServerError(f"Login with Amazon unreachable: {exc.__class__.__name__}",
                          operation="lwaToken") from exc
    return raise_for_status(response, operation="lwaToken")


def exchange_auth_code(code, *, client_id, client_secret, lwa_endpoint=None,
                       timeout=const.REQUEST_TIMEOUT):
    """Trade the ``spapi_oauth_code`` of the website authorization for a refresh token.

    Not retried: a code is single-use and expires after five minutes.
    """
    with httpx.Client(timeout=timeout) as http:
        data = lwa_request(http, lwa_endpoint or const.LWA_TOKEN_URL, {
            "grant_type": "authorization_code", "code": code,
            "client_id": client_id, "client_secret": client_secret,
        })
    if not data.get("refresh_token"):
        raise AuthError("Login with Amazon returned no refresh token.", operation="lwaToken")
    return data["refresh_token"]


def access_token(http, lwa_endpoint, credentials, refresh_token, account_key):
    """A valid LWA access token, from the cache unless it expires within the margin.

    The cache key holds a hash of the refresh token (``account_key``), never the token.
    """
    key = (lwa_endpoint, credentials["lwa_app_id"], account_key)
    with _tokens_lock:
        cached = _tokens.get(key)
        if cached and cached[1] > time.time():
            return cached[0]
    data = lwa_request(http, lwa_endpoint, {
        "grant_type": "refresh_token", "refresh_token": refresh_token,
        "client_id": credentials["lwa_app_id"],
        "client_secret": credentials["lwa_client_secret"],
    })
    token = {"access_token": data["access_token"], "token_type": data.get("token_type"),
             "expires_in": data.get("expires_in", 3600)}
    with _tokens_lock:
        _tokens[key] = (token, time.time() + int(token["expires_in"]) - _TOKEN_MARGIN)
    return token
