import logging

from werkzeug.exceptions import Forbidden

from odoo import _, http
from odoo.exceptions import UserError
from odoo.http import request

from ..models.amazon_account import RETURN_ROUTE

_logger = logging.getLogger(__name__)


class AmazonSyncController(http.Controller):

    @http.route(RETURN_ROUTE, type="http", auth="user", methods=["GET"])
    def amazon_return(self, state=None, selling_partner_id=None, spapi_oauth_code=None, **kw):
        """Where Amazon's consent page sends the user back.

        A forged, reused, expired or foreign ``state`` is refused (403) before anything
        else; then the code is exchanged and the user lands on the account, where the
        chatter says whether linking worked.
        """
        account = request.env["amazon.account"]._consume_oauth_state(state)
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
                account.message_post(body=_("Linking with Amazon failed: %s", exc.args[0]))
        return request.redirect(
            f"/web#model=amazon.account&id={account.id}&view_type=form", local=True)
