from datetime import date, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import AmazonTestCase


@tagged("post_install", "-at_install")
class TestSecretRotation(AmazonTestCase):
    """Amazon requires a new LWA client secret every 180 days: the date it was set, the
    date it is due, and reminders to the administrators."""

    def set_secret(self, secret="new-secret", on="2026-06-01"):
        with freeze_time(on):
            self.env["res.config.settings"].with_user(self.env.ref("base.user_admin")).create(
                {"amazon_lwa_client_secret": secret}).execute()

    def reminders(self):
        return self.account.activity_ids.filtered(lambda a: "client secret" in a.summary)

    def test_a_new_secret_records_its_date_and_due_date(self):
        self.set_secret()
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.amazon_lwa_secret_date, date(2026, 6, 1))
        self.assertEqual(settings.amazon_lwa_secret_due, date(2026, 11, 28))

    def test_saving_settings_without_changing_the_secret_keeps_its_date(self):
        self.set_secret()
        self.set_secret(on="2026-07-01")  # same secret
        self.assertEqual(self.env["res.config.settings"].create({}).amazon_lwa_secret_date,
                         date(2026, 6, 1))

    def test_administrators_are_reminded_once_before_and_once_when_overdue(self):
        self.set_secret()
        admins = self.env.ref("base.group_system").users.filtered(lambda u: not u.share)
        with freeze_time("2026-10-20"):
            self.env["amazon.account"]._cron_remind_secret_rotation()
        self.assertFalse(self.reminders(), "not yet: more than 30 days left")
        with freeze_time("2026-11-01"):
            self.env["amazon.account"]._cron_remind_secret_rotation()
            self.env["amazon.account"]._cron_remind_secret_rotation()
            self.assertEqual(self.account.secret_rotation_state, "soon")
        self.assertEqual(self.reminders().user_id, admins)
        self.assertEqual(len(self.reminders()), len(admins), "one each, once")
        with freeze_time("2026-11-29"):
            self.env["amazon.account"]._cron_remind_secret_rotation()
            self.assertEqual(self.account.secret_rotation_state, "overdue")
        self.assertEqual(len(self.reminders()), 2 * len(admins))
        self.assertIn("overdue", self.reminders()[0].summary + self.reminders()[-1].summary)

    def test_a_rotated_secret_starts_over(self):
        self.set_secret()
        with freeze_time("2026-11-01"):
            self.env["amazon.account"]._cron_remind_secret_rotation()
        self.set_secret("newer-secret", on="2026-11-05")
        with freeze_time("2026-11-06"):
            self.assertEqual(self.account.secret_rotation_due, date(2026, 11, 5)
                             + timedelta(days=180))
            self.assertEqual(self.account.secret_rotation_state, "ok")
