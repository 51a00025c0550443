from datetime import timedelta
from urllib.parse import urlencode

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .. import const
from ..controllers.main import RETURN_ROUTE, issue_oauth_state
from ..spapi import SpApiError, clear_token_cache, exchange_auth_code
from ..utils import error_text, get_flag, get_param, notification, secret_rotation_due, set_params


class AmazonAccount(models.Model):
    """The account's link with Amazon: the website authorization and its return, the
    marketplaces Amazon says the seller sells on, and a check of the connection."""

    _inherit = "amazon.account"  # pylint: disable=consider-merging-classes-inherited

    secret_rotation_due = fields.Date(
        string="App Secret Due", compute="_compute_secret_rotation",
        help="Amazon requires a new LWA client secret for the app every 180 days.")
    secret_rotation_state = fields.Selection(
        [("ok", "OK"), ("soon", "Due Soon"), ("overdue", "Overdue")],
        compute="_compute_secret_rotation")

    def _compute_secret_rotation(self):
        due = secret_rotation_due(self.env)
        state = self._secret_rotation_state(due)
        for account in self:
            account.secret_rotation_due, account.secret_rotation_state = due, state

    @api.model
    def _secret_rotation_state(self, due):
        if not due:
            return "ok"
        today = fields.Date.today()
        if today >= due:
            return "overdue"
        return "soon" if today >= due - timedelta(days=const.SECRET_REMINDER_DAYS) else "ok"

    @api.model
    def _cron_remind_secret_rotation(self):
        """Remind the administrators once when the app's client secret is due within 30
        days, and once more when it is overdue (a to-do each, on the first account)."""
        due = secret_rotation_due(self.env)
        stage = self._secret_rotation_state(due)
        account = self.search([], order="id", limit=1)
        if stage == "ok" or not account or get_param(self.env, "lwa_secret_reminded") == stage:
            return
        summary = _("Rotate the Amazon app's client secret") if stage == "soon" \
            else _("The Amazon app's client secret is overdue")
        for admin in self.env.ref("base.group_system").users.filtered(
                lambda user: not user.share):
            account.activity_schedule(
                "mail.mail_activity_data_todo", user_id=admin.id, date_deadline=due,
                summary=summary, note=_(
                    "Amazon requires a new LWA client secret every 180 days, due on %s: "
                    "create one in Seller Central (Develop Apps), then enter it in Settings > "
                    "Sales > Amazon Sync.", due))
        set_params(self.env, {"lwa_secret_reminded": stage})

    def action_link(self):
        """Send the user to Amazon's consent page, with a signed single-use state."""
        self.ensure_one()
        app_id = get_param(self.env, "app_id")
        if not (app_id and get_param(self.env, "lwa_client_id")):
            raise UserError(_("Set the Amazon app's credentials in Settings > Sales > "
                              "Amazon Sync first."))
        params = {
            "application_id": app_id,
            "state": issue_oauth_state(self),
            "redirect_uri": self.get_base_url() + RETURN_ROUTE,
        }
        if get_flag(self.env, "app_draft"):
            params["version"] = "beta"
        base = (get_param(self.env, "seller_central_url")
                or self.base_marketplace_id.seller_central_url)
        return {
            "type": "ir.actions.act_url",
            "url": f"{base.rstrip('/')}{const.CONSENT_PATH}?{urlencode(params)}",
            "target": "self",
        }

    def action_unlink(self):
        """Forget the authorization; Amazon-side it is revoked in Seller Central."""
        self.ensure_one()
        self.sudo().write({"refresh_token": False, "oauth_nonce": False})
        clear_token_cache()
        self.message_post(body=_("Unlinked from Amazon."))

    def action_update_marketplaces(self):
        """Read where the seller participates; newly found marketplaces are synchronized,
        marketplaces the seller left stop being so."""
        self.ensure_one()
        with self._amazon_runner()._user_errors(self), self._get_client() as client:
            participations = client.get_marketplace_participations()
        found = self.env["amazon.marketplace"]._amazon_participating(participations).filtered(
            lambda m: m.region == self.region)
        added = found - self.available_marketplace_ids
        removed = self.available_marketplace_ids - found
        self.write({
            "available_marketplace_ids": [fields.Command.set(found.ids)],
            "active_marketplace_ids": [fields.Command.set(
                ((self.active_marketplace_ids & found) | added).ids)],
        })
        self.message_post(body=_(
            "Marketplaces updated: %(added)s added, %(removed)s removed.",
            added=", ".join(added.mapped("name")) or _("none"),
            removed=", ".join(removed.mapped("name")) or _("none")))
        return notification(_("Marketplaces updated"),
                            _("%s marketplaces available.", len(found)))

    def action_test_connection(self):
        """Check each step of the way to Amazon and say which work: the token (Login with
        Amazon, the app's credentials and the seller's authorization), then the seller's
        API (Sellers getMarketplaceParticipations)."""
        self.ensure_one()
        title = _("Amazon connection of %s", self.display_name)
        try:
            with self._get_client() as client:
                participations = client.get_marketplace_participations()
        except SpApiError as exc:
            token_failed = exc.operation == "lwaToken" or not self.is_linked
            lines = [] if token_failed else [_("Login with Amazon: OK.")]
            lines.append(_("%(step)s failed: %(error)s", error=error_text(exc), step=_(
                "Login with Amazon") if token_failed else _("Sellers API")))
            return notification(title, " ".join(lines), kind="danger", reload=False)
        return notification(title, _("Login with Amazon: OK. Sellers API: OK (%s marketplaces).",
                                     len(participations)), reload=False)

    def _finish_link(self, seller_id, code):
        """Exchange Amazon's authorization code for the refresh token and store it."""
        self.ensure_one()
        with self._amazon_runner()._user_errors(self):
            refresh_token = exchange_auth_code(
                code, client_id=get_param(self.env, "lwa_client_id"),
                client_secret=get_param(self.env, "lwa_client_secret"),
                lwa_endpoint=get_param(self.env, "lwa_endpoint"))
        self.sudo().write({"refresh_token": refresh_token, "seller_key": seller_id})
        self.message_post(body=_("Linked with Amazon (seller %s).", seller_id))
