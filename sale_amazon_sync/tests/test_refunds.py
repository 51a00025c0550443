from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from ..models import amazon_refund
from ..models.amazon_sync_runner import SyncRun
from .common import AmazonMoneyCase


@tagged("post_install", "-at_install")
class TestRefunds(AmazonMoneyCase):

    def test_refund_becomes_a_credit_note_reconciled_with_the_unpaid_invoice(self):
        data = self.put_shipped()
        refund_id = self.refund(data, shipping=True)
        self.sync_finances()
        refund = self.amazon_refund(refund_id)
        invoice, credit = self.invoice(data), refund.credit_note_id
        self.assertEqual((refund.state, credit.state), ("done", "posted"))
        self.assertEqual(credit.reversed_entry_id, invoice)
        self.assertAlmostEqual(credit.amount_total, invoice.amount_total)
        self.assertEqual(invoice.payment_state, "reversed")
        self.assertIn("Refund Order", credit.message_ids.mapped("body")[0])

    def test_partial_refund_credits_only_the_refunded_units(self):
        data = self.put_shipped(items=[{"sku": "MUG-1", "qty": 2, "unit_price": "10.00"},
                                       {"sku": "TEA-1", "unit_price": "5.00"}])
        self.refund(data, {"MUG-1": 1})
        self.sync_finances()
        credit = self.sale(data).amazon_refund_ids.credit_note_id
        self.assertEqual(credit.invoice_line_ids.mapped("product_id"), self.mug)
        self.assertEqual(credit.invoice_line_ids.quantity, 1)
        self.assertAlmostEqual(credit.amount_total, 10.00)
        self.assertAlmostEqual(self.invoice(data).amount_residual, 15.00)

    def test_refund_before_invoicing_waits_for_the_invoice(self):
        data = self.put_shipped(fba=False)
        self.refund(data)
        self.sync_finances()
        refund = self.sale(data).amazon_refund_ids
        self.assertEqual(refund.state, "waiting")
        self.ship(self.sale(data).picking_ids)
        self.assertEqual(refund.state, "done")
        self.assertEqual(refund.credit_note_id.reversed_entry_id, self.invoice(data))

    def test_refund_is_recorded_once(self):
        data = self.put_shipped()
        self.refund(data)
        self.sync_finances()
        self.state("finances").watermark = False  # read the same transactions again
        log = self.sync_finances()
        self.assertEqual(len(self.sale(data).amazon_refund_ids), 1)
        self.assertEqual(len(self.sale(data).amazon_refund_ids.credit_note_id), 1)
        self.assertEqual((log.created, log.skipped), (0, 1))

    def test_refund_of_an_order_not_in_odoo_is_listed_until_the_order_arrives(self):
        data = self.put_order(fulfilled_by="AMAZON", status="SHIPPED")
        refund_id = self.refund(data)
        self.sync_finances()
        refund = self.amazon_refund(refund_id)
        self.assertEqual((refund.state, refund.order_ref), ("no_order", data["orderId"]))
        self.sync()
        self.sync_finances()
        self.assertEqual(refund.state, "done")
        self.assertEqual(refund.sale_order_id, self.sale(data))

    def test_fbm_refund_proposes_a_draft_return_to_the_warehouse(self):
        data = self.put_shipped(fba=False, items=[{"sku": "MUG-1", "qty": 2,
                                                    "unit_price": "10.00"}])
        self.ship(self.sale(data).picking_ids)
        self.refund(data, {"MUG-1": 1})
        self.sync_finances()
        back = self.sale(data).amazon_refund_ids.return_picking_id
        self.assertEqual(back.move_ids.product_uom_qty, 1)
        self.assertNotEqual(back.state, "done", "proposed, not validated")

    def test_a_run_out_of_time_hands_over_and_the_next_resumes_where_it_stopped(self):
        data = self.put_shipped()
        refund_id = self.refund(data)
        self.state("finances").watermark = fields.Datetime.now() - timedelta(days=5)
        answers = [False, False, True]  # out of time after the third window
        with patch.object(SyncRun, "out_of_time", lambda run: answers.pop(0)):
            first = self.sync_finances()
        self.assertEqual(first.outcome, "handed_over")
        windows = [call["query"] for call in self.sandbox.calls("listTransactions")]
        self.assertEqual(len(windows), 3)
        state = self.state("finances")
        self.assertEqual(fields.Datetime.to_string(state.resume_until),
                         windows[-1]["postedBefore"][0].replace("T", " ").rstrip("Z"))
        second = self.sync_finances()
        resumed = [call["query"] for call in self.sandbox.calls("listTransactions")][3]
        self.assertEqual(resumed["postedAfter"], windows[-1]["postedBefore"],
                         "the next run goes on where the last one stopped")
        self.assertEqual((second.outcome, second.created), ("done", 1))
        self.assertEqual(self.amazon_refund(refund_id).state, "done")
        self.assertFalse(state.resume_until)
        self.assertGreater(state.watermark, fields.Datetime.now() - timedelta(minutes=5))

    def test_a_window_too_long_for_a_run_is_read_narrower_by_the_next(self):
        data = self.put_shipped(items=[{"sku": "MUG-1", "qty": 2, "unit_price": "10.00"}])
        refunds = [self.refund(data, {"MUG-1": 1}) for _ in range(2)]
        self.sandbox.set_page_size("listTransactions", 1)
        state = self.state("finances")
        state.watermark = fields.Datetime.now() - timedelta(hours=1)
        with patch.object(SyncRun, "out_of_time", lambda run: True):
            self.assertEqual(self.sync_finances().outcome, "handed_over")  # an empty day
            start = state.resume_until
            self.assertEqual(self.sync_finances().outcome, "handed_over")  # a page only
            self.assertEqual((state.resume_until, state.split_span),
                             (start, amazon_refund.REFUNDS_WINDOW // 2))
            for _ in range(100):
                if not self.run_jobs():
                    break
        self.assertEqual(set(self.sale(data).amazon_refund_ids.mapped("name")), set(refunds))
        self.assertEqual((state.resume_until, state.split_span), (False, 0))

    def test_an_accountant_without_inventory_rights_processes_an_fbm_refund_again(self):
        data = self.put_order(fulfilled_by="MERCHANT", status="SHIPPED")
        refund_id = self.refund(data)
        self.sync_finances()
        refund = self.amazon_refund(refund_id)
        self.assertEqual(refund.state, "no_order")
        self.sync()
        self.ship(self.sale(data).picking_ids)
        with self.assertRaises(AccessError):
            refund.with_user(self.salesman).action_retry()
        accountant = new_test_user(self.env, login="amazon_refund_accountant",
                                   groups="account.group_account_manager")
        refund.with_user(accountant).action_retry()
        self.assertEqual(refund.state, "done", refund.error)
        self.assertTrue(refund.return_picking_id)
        self.assertTrue(refund.credit_note_id)
