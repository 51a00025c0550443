import logging
import secrets
import time

from werkzeug.exceptions import Forbidden

from odoo import _, http
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools import consteq
from odoo.tools.misc import hmac

from .. import const
from ..utils import error_text

_logger = logging.getLogger(__name__)

RETURN_ROUTE = "/amazon_sync/return"
_STATE_SCOPE = "amazon_oauth_state"


def issue_oauth_state(account):
    """The ``state`` sent to Amazon's consent page for ``account`` and the current user:
    ``<account>.<user>.<expiry>.<nonce>.<signature>``. The nonce, kept on the account,
    makes it single-use; the signature (database secret) makes it unforgeable."""
    nonce = secrets.token_urlsafe(16)
    account.sudo().oauth_nonce = nonce
    payload = f"{account.id}.{account.env.uid}.{int(time.time()) + const.OAUTH_STATE_TTL}.{nonce}"
    return f"{payload}.{hmac(account.env(su=True), _STATE_SCOPE, payload)}"


def consume_oauth_state(env, state):
    """The account (sudo) a state was issued for, or None if forged, reused, expired or
    issued to another user. Consuming it makes it unusable."""
    payload, _sep, signature = (state or "").rpartition(".")
    parts = payload.split(".")
    if len(parts) != 4 or not consteq(signature, hmac(env(su=True), _STATE_SCOPE, payload)):
        return None
    account_id, uid, expiry, nonce = parts
    account = env["amazon.account"].sudo().browse(int(account_id)).exists()
    if (not account or int(uid) != env.uid or int(expiry) < time.time()
            or not account.oauth_nonce or not consteq(account.oauth_nonce, nonce)):
        return None
    account.oauth_nonce = False
    return account


def account_url(account):
    """The account's form inside the Sales app: its menu bar and its breadcrumbs (Amazon
    Accounts > the account), as if the user had come through Sales > Configuration."""
    env = account.env
    action = env.ref("sale_amazon_sync.amazon_account_action")
    menu = env.ref("sale.sale_menu_root")
    return (f"/web#id={account.id}&model=amazon.account&view_type=form"
            f"&action={action.id}&menu_id={menu.id}")


class AmazonSyncController(http.Controller):

    @http.route(RETURN_ROUTE, type="http", auth="user", methods=["GET"])
    def amazon_return(self, state=None, selling_partner_id=None, spapi_oauth_code=None, **kw):
        """Where Amazon's consent page sends the user back.

        A forged, reused, expired or foreign ``state`` is refused (403) before anything
        else; then the code is exchanged and the user lands on the account, where the
        chatter says whether linking worked.
        """
        account = consume_oauth_state(request.env, state)
        if not account:
            _logger.warning("Amazon authorization return refused: invalid state.")
            raise Forbidden()
        account = account.with_user(request.env.user)
        if not (selling_partner_id and spapi_oauth_code):
            account.message_post(body=_("Amazon did not authorize the app: %s",
                                        kw.get("error_description") or kw.get("error")
                                        or _("no authorization code received")))
        else:
            try:
                account._finish_link(selling_partner_id, spapi_oauth_code)
            except UserError as exc:
                account.message_post(body=_("Linking with Amazon failed: %s",
                                            error_text(exc)))
        return request.redirect(account_url(account), local=True)
