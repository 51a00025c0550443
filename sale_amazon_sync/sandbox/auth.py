"""Login with Amazon (token grants) and the Seller Central consent page of the demo.

Error bodies follow LWA (flat ``error``/``error_description``), not SP-API, because the
client library and the connector treat them differently.
"""
from html import escape
from urllib.parse import urlencode, urlsplit

from .state import ACCESS_TOKEN_TTL, APP_CLIENT_ID, APP_CLIENT_SECRET, APP_ID, DEMO_SELLER_ID
from .wire import LwaError, Response, json_response


def lwa_token(srv, req):
    """POST /auth/o2/token: refresh_token and authorization_code grants."""
    form = req.form()
    if form.get("client_id") != APP_CLIENT_ID or form.get("client_secret") != APP_CLIENT_SECRET:
        raise LwaError(401, "invalid_client", "Client authentication failed")
    grant = form.get("grant_type")
    now = srv.clock()
    if grant == "refresh_token":
        token = _required(form, "refresh_token")
        seller_id = srv.state.seller_for_refresh_token(token)
        if seller_id is None:
            raise LwaError(400, "invalid_grant",
                           "The request has an invalid grant parameter : refresh_token")
    elif grant == "authorization_code":
        seller_id, token = srv.state.redeem_auth_code(_required(form, "code"), now)
        if seller_id is None:
            raise LwaError(400, "invalid_grant",
                           "The authorization code is invalid, expired or already used.")
    else:
        raise LwaError(400, "unsupported_grant_type", f"Unsupported grant_type: {grant!r}")
    req.seller_id = seller_id
    return json_response(200, {
        "access_token": srv.state.issue_access_token(seller_id, now),
        "refresh_token": token, "token_type": "bearer", "expires_in": ACCESS_TOKEN_TTL})


def _required(form, name):
    """A form field LWA cannot do without, or invalid_request."""
    if not form.get(name):
        raise LwaError(400, "invalid_request",
                       f"The request is missing a required parameter : {name}")
    return form[name]


def consent_page(srv, req):
    """GET /apps/authorize/consent: the page where the seller authorizes the app."""
    problem = _consent_problem(req)
    if problem:
        return _page(400, "Authorization failed", f"<p>{escape(problem)}</p>")
    hidden = "".join(
        f'<input type="hidden" name="{name}" value="{escape(req.value(name) or "")}">'
        for name in ("application_id", "state", "redirect_uri", "version"))
    body = (f"<p>Authorize <strong>{escape(APP_ID)}</strong> for seller "
            f"<strong>{DEMO_SELLER_ID}</strong> to access your Amazon selling account?</p>"
            f'<form method="get" action="/apps/authorize/confirm">{hidden}'
            f'<button type="submit">Confirm</button></form>')
    if srv.auto_consent:  # no tour runs on this origin: the page presses Confirm itself
        body += '<script>document.querySelector("form button").click()</script>'
    return _page(200, "Authorize application", body)


def consent_confirm(srv, req):
    """GET /apps/authorize/confirm: redirect back with a fresh ``spapi_oauth_code``."""
    problem = _consent_problem(req)
    if problem:
        return _page(400, "Authorization failed", f"<p>{escape(problem)}</p>")
    code = srv.state.issue_auth_code(DEMO_SELLER_ID, srv.clock())
    redirect_uri = req.value("redirect_uri")
    query = urlencode({"state": req.value("state") or "", "selling_partner_id": DEMO_SELLER_ID,
                       "spapi_oauth_code": code})
    location = redirect_uri + ("&" if "?" in redirect_uri else "?") + query
    req.seller_id = DEMO_SELLER_ID
    return Response(302, b"", "text/plain", {"Location": location})


def _consent_problem(req):
    """Why the consent request cannot be honoured, or None."""
    if req.value("application_id") != APP_ID:
        return f"Unknown application: {req.value('application_id')!r}."
    redirect_uri = req.value("redirect_uri")
    if not redirect_uri or urlsplit(redirect_uri).scheme not in ("http", "https"):
        return "A redirect_uri (http or https) is required."
    return None


def _page(status, title, body):
    """A minimal HTML page, as the demo only needs a button to press."""
    html = (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title></head>"
            f"<body><h1>{title}</h1>{body}<p><small>SP-API sandbox</small></p></body></html>")
    return Response(status, html.encode("utf-8"), "text/html; charset=utf-8")
