from datetime import datetime, timedelta, timezone
from unittest.mock import patch

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .. import const
from ..sandbox.settlements import COLUMNS
from ..spapi import AuthError, BadRequestError, SpApiClient, SpApiError
from .common import AmazonMoneyCase


@tagged("post_install", "-at_install")
class TestSettlements(AmazonMoneyCase):

    def add_report(self, rows, total, settlement_id="99000000001", currency="EUR"):
        """A settlement report in Amazon.de's format: ``rows`` of (transaction type, order
        id, amount type, description, amount text)."""
        summary = {"settlement-id": settlement_id,
                   "settlement-start-date": "01.11.2026 00:00:00 UTC",
                   "settlement-end-date": "15.11.2026 00:00:00 UTC",
                   "deposit-date": "17.11.2026 00:00:00 UTC", "total-amount": total,
                   "currency": currency}
        lines = [summary] + [{
            "settlement-id": settlement_id, "transaction-type": kind, "order-id": order,
            "amount-type": amount_type, "amount-description": description, "amount": amount,
            "marketplace-name": "Amazon.de", "posted-date-time": "03.11.2026 10:15:22 UTC"}
            for kind, order, amount_type, description, amount in rows]
        text = "\n".join(["\t".join(COLUMNS)] + ["\t".join(row.get(c, "") for c in COLUMNS)
                                                for row in lines]) + "\n"
        self.sandbox.add_report(const.SETTLEMENT_REPORT_TYPE, text)

    def report_text(self, info):
        with self.account._get_client() as client:
            document = client.get_report(info["reportId"])["reportDocumentId"]
            return client.get_report_document(document)

    def assertSettled(self, invoice):
        self.assertEqual(invoice.state, "posted")
        self.assertTrue(invoice.currency_id.is_zero(invoice.amount_residual),
                        f"{invoice.amount_residual} left to pay")

    def entry_line(self, settlement, account):
        return settlement.move_id.line_ids.filtered(lambda line: line.account_id == account)

    def test_settlement_books_every_kind_and_sums_to_amazons_total(self):
        first = self.put_order(fulfilled_by="AMAZON", status="SHIPPED", items=[
            {"sku": "MUG-1", "qty": 2, "unit_price": "10.00"}])
        second = self.put_shipped(items=[{"sku": "TEA-1", "unit_price": "5.00"}])
        self.refund(first, {"MUG-1": 1})
        for kind, amount in (("subscription", "39.00"), ("storage", "3.12"),
                             ("advertising", "12.40")):
            self.sandbox.charge(kind, amount)
        self.sandbox.charge("reimbursement", "9.50", sku="MUG-1", quantity=1)
        settlement, info = self.settle()
        self.assertEqual(settlement.state, "matched", settlement.open_line_ids.mapped("reason"))
        self.assertAlmostEqual(settlement.total, float(info["total"]))
        self.assertAlmostEqual(sum(settlement.line_ids.mapped("amount")), settlement.total)
        self.assertFalse(settlement.difference)
        self.assertEqual(set(settlement.line_ids.mapped("kind")),
                         {"order", "refund", "fee", "reimbursement"})
        for data in (first, second):
            self.assertSettled(self.invoice(data))
        credit = self.sale(first).amazon_refund_ids.credit_note_id
        self.assertEqual(settlement.line_ids.filtered(lambda line: line.kind == "refund").move_id,
                         credit)
        deposit = self.entry_line(settlement, self.account._amazon_deposit_account())
        self.assertAlmostEqual(deposit.balance, settlement.total)
        fees = self.entry_line(settlement, self.account._amazon_finance_account("fees"))
        self.assertAlmostEqual(sum(fees.mapped("balance")), -settlement.fee_total)
        self.assertEqual(fees.partner_id, self.account._amazon_vendor())
        income = self.entry_line(settlement, self.account._amazon_reimbursement_account())
        self.assertAlmostEqual(income.balance, -9.50)

    def test_refund_settled_after_its_order_is_reconciled_with_its_credit_note(self):
        data = self.put_shipped()
        self.settle(end=datetime.now(timezone.utc) - timedelta(minutes=75))
        self.refund(data)  # an hour ago: in the next settlement
        later, _info = self.settle()
        credit = self.sale(data).amazon_refund_ids.credit_note_id
        self.assertEqual(set(later.line_ids.mapped("kind")), {"refund", "fee"})
        self.assertEqual(later.state, "matched", later.open_line_ids.mapped("reason"))
        self.assertSettled(credit)
        self.assertSettled(self.invoice(data))

    def test_order_not_in_odoo_stays_open_on_the_settlement_with_a_reason(self):
        self.put_order(fulfilled_by="AMAZON", status="SHIPPED")  # never imported
        settlement, _info = self.settle()
        self.assertEqual(settlement.state, "open")
        self.assertEqual(set(settlement.open_line_ids.mapped("reason")),
                         {"The order is not in Odoo."})
        clearing = self.account._amazon_finance_account("clearing")
        self.assertAlmostEqual(sum(self.entry_line(settlement, clearing).mapped("balance")),
                               -sum(settlement.open_line_ids.mapped("amount")))

    def test_unknown_fee_type_goes_to_the_default_account_and_is_listed_for_mapping(self):
        data = self.put_shipped(items=[{"sku": "MUG-1", "unit_price": "11.90"}])
        self.add_report([("Order", data["orderId"], "ItemPrice", "Principal", "10,00"),
                         ("Order", data["orderId"], "ItemPrice", "Tax", "1,90"),
                         ("Order", data["orderId"], "ItemFees", "ShinyNewFee", "-0,50")],
                        "11,40")
        self.sync_finances()
        settlement = self.env["amazon.settlement"].search([("name", "=", "99000000001")])
        row = self.account.fee_mapping_ids.filtered(lambda r: r.description == "ShinyNewFee")
        self.assertTrue(row.to_map)
        fee = settlement.fee_line_ids
        self.assertEqual((fee.fee_mapping_id, fee.state), (row, "open"))
        fees = self.entry_line(settlement, self.account._amazon_finance_account("fees"))
        self.assertAlmostEqual(fees.balance, 0.50)
        self.assertSettled(self.invoice(data))

    def test_reserves_and_transfers_wait_on_clearing_and_unknown_amounts_stay_open(self):
        self.add_report([("other-transaction", "", "other-transaction",
                          "Previous Reserve Amount Balance", "120,00"),
                         ("other-transaction", "", "other-transaction", "Current Reserve Amount",
                          "-150,00"),
                         ("other-transaction", "", "other-transaction", "Payable to Amazon",
                          "50,00"),
                         ("MysteryCredit", "", "Mystery", "Something new", "-1,25")], "18,75")
        self.sync_finances()
        settlement = self.env["amazon.settlement"].search([("name", "=", "99000000001")])
        kinds = {line.kind: line for line in settlement.line_ids}
        self.assertEqual(set(kinds), {"reserve", "transfer", "other"})
        self.assertEqual(settlement.open_line_ids, kinds["other"])
        self.assertIn("unknown", kinds["other"].reason)
        clearing = self.entry_line(settlement, self.account._amazon_finance_account("clearing"))
        self.assertAlmostEqual(sum(clearing.mapped("balance")), -(120 - 150 + 50 - 1.25))
        deposit = self.entry_line(settlement, self.account._amazon_deposit_account())
        self.assertAlmostEqual(deposit.balance, 18.75)

    def test_settlement_in_eu_number_format_is_read_to_the_cent(self):
        self.put_shipped(items=[{"sku": "MUG-1", "qty": 100, "unit_price": "12.90"}])
        info = self.sandbox.settle("DE")
        self.assertRegex(self.report_text(info), r"\t1\.\d{3},\d\d\t")
        self.sync_finances()
        settlement = self.env["amazon.settlement"].search([("name", "=", info["settlementId"])])
        self.assertAlmostEqual(settlement.total, float(info["total"]))
        self.assertAlmostEqual(settlement.order_total, 1290.00)
        self.assertEqual(settlement.state, "matched")

    def test_settlement_imported_again_changes_nothing(self):
        self.put_shipped()
        settlement, info = self.settle()
        moves = self.env["account.move"].search_count([])
        log = self.sync_finances()
        self.sandbox.add_report(const.SETTLEMENT_REPORT_TYPE, self.report_text(info))
        again = self.sync_finances()
        self.assertEqual((log.created, log.failed), (0, 0))
        self.assertEqual((again.created, again.skipped), (0, 1))
        self.assertEqual(self.env["account.move"].search_count([]), moves)
        self.assertEqual(self.env["amazon.settlement"].search_count(
            [("name", "=", settlement.name)]), 1)

    def test_settlement_whose_lines_do_not_sum_is_rejected_with_a_reason(self):
        data = self.put_shipped()
        self.add_report([("Order", data["orderId"], "ItemPrice", "Principal", "10,84"),
                         ("Order", data["orderId"], "ItemPrice", "Tax", "2,06")], "12,91")
        log = self.sync_finances()
        settlement = self.env["amazon.settlement"].search([("name", "=", "99000000001")])
        self.assertEqual(settlement.state, "rejected")
        self.assertIn("12.90", settlement.error)
        self.assertIn("12.91", settlement.error)
        self.assertAlmostEqual(settlement.difference, 0.01)
        self.assertFalse(settlement.move_id)
        self.assertEqual(log.failed, 1)
        self.assertEqual(self.invoice(data).payment_state, "not_paid")

    def test_settlement_in_another_currency_books_in_its_own_journal(self):
        data = self.put_shipped(marketplace="GB", items=[{"sku": "MUG-1", "unit_price": "9.00"}])
        settlement, _info = self.settle("GB")
        gbp = self.env.ref("base.GBP")
        self.assertEqual(settlement.currency_id, gbp)
        journal = settlement.move_id.journal_id
        self.assertEqual((journal.name, journal.currency_id), ("Amazon Sandbox EU GBP", gbp))
        self.assertEqual(set(settlement.move_id.line_ids.mapped("currency_id")), {gbp})
        self.assertSettled(self.invoice(data))
        self.assertEqual(settlement.state, "matched")

    def test_fee_account_chosen_by_the_accountant_is_used(self):
        referral = self.env["account.account"].create({
            "name": "Amazon referral fees", "code": "627100", "account_type": "expense"})
        self.account.fee_mapping_ids.filtered(
            lambda r: r.fee_type == "referral" and not r.description).expense_account_id = referral
        self.put_shipped()
        settlement, _info = self.settle()
        referral_fees = settlement.fee_line_ids.filtered(lambda line: line.fee_type == "referral")
        self.assertTrue(referral_fees)
        self.assertAlmostEqual(self.entry_line(settlement, referral).balance,
                               -sum(referral_fees.mapped("amount")))

    def test_a_long_finances_run_hands_over_and_the_next_ones_finish(self):
        data = self.put_shipped(items=[{"sku": "MUG-1", "qty": 3, "unit_price": "10.00"}])
        for _ in range(2):
            self.refund(data, {"MUG-1": 1})
        self.sandbox.settle("DE")
        with patch.object(const, "RUN_TIME_BOX", 0):
            log = self.sync_finances()
            self.assertEqual(log.outcome, "handed_over")
            for _ in range(100):
                if not self.run_jobs():
                    break
        self.assertEqual(len(self.sale(data).amazon_refund_ids.credit_note_id), 2)
        self.assertEqual(self.env["amazon.settlement"].search_count(
            [("account_id", "=", self.account.id)]), 1)
        state = self.state("finances")
        self.assertEqual((state.resume_until, state.split_span), (False, 0))

    def test_a_report_failing_otherwise_is_rejected_and_the_next_ones_are_read(self):
        data = self.put_shipped(items=[{"sku": "MUG-1", "unit_price": "11.90"}])
        self.add_report([("Order", data["orderId"], "ItemPrice", "Principal", "10,00")],
                        "10,00", settlement_id="99000000001", currency="ZZZ")
        self.add_report([("Order", data["orderId"], "ItemPrice", "Principal", "10,00"),
                         ("Order", data["orderId"], "ItemPrice", "Tax", "1,90")],
                        "11,90", settlement_id="99000000002")
        log = self.sync_finances()
        settlements = self.env["amazon.settlement"].search(
            [("account_id", "=", self.account.id)])
        rejected = settlements.filtered(lambda s: s.state == "rejected")
        self.assertEqual(len(settlements), 2)
        self.assertIn("ZZZ", rejected.error)
        self.assertEqual((settlements - rejected).name, "99000000002")
        self.assertEqual((log.outcome, log.created, log.failed), ("partial", 1, 1))
        again = self.sync_finances()
        self.assertEqual((again.created, again.failed), (0, 0), "known, not read again")

    def test_a_report_whose_document_amazon_refuses_is_rejected(self):
        self.add_report([("other-transaction", "", "other-transaction", "Payable to Amazon",
                          "50,00")], "50,00")
        with patch.object(SpApiClient, "get_report_document", side_effect=BadRequestError(
                "The document is gone.", status=400, operation="getReportDocument")):
            log = self.sync_finances()
        settlement = self.env["amazon.settlement"].search([("account_id", "=", self.account.id)])
        self.assertEqual(settlement.state, "rejected")
        self.assertIn("The document is gone.", settlement.error)
        self.assertEqual((log.outcome, log.failed), ("partial", 1))

    def test_accounts_that_do_not_invoice_read_no_finances(self):
        self.account.invoicing = "none"
        data = self.put_shipped()
        self.refund(data)
        self.sandbox.settle("DE")
        log = self.sync_finances()
        self.assertEqual((log.outcome, log.created, log.api_calls), ("done", 0, 0))
        self.assertIn("Invoicing: None", log.line_ids.error)
        self.assertFalse(self.env["amazon.settlement"].search(
            [("account_id", "=", self.account.id)]))
        self.assertFalse(self.env["amazon.refund"].search([("account_id", "=", self.account.id)]))

    def test_amazon_denying_the_finances_apis_asks_for_the_role_not_a_new_link(self):
        denied = AuthError("Access to requested resource is denied.", code="Unauthorized",
                           status=403, operation="listTransactions")
        with patch.object(SpApiClient, "list_transactions", side_effect=denied), \
                self.assertRaises(SpApiError) as caught:
            self.sync_finances()
        self.assertNotIsInstance(caught.exception, AuthError)
        self.assertIn("Finance and Accounting", str(caught.exception))
        self.assertNotEqual(self.state("finances").activity_id.summary,
                            "Link the Amazon account again")

    def test_only_accounting_administrators_run_the_finances_stream(self):
        billing = new_test_user(self.env, login="amazon_billing",
                                groups="account.group_account_invoice,"
                                       "sales_team.group_sale_manager")
        accountant = new_test_user(self.env, login="amazon_fin_admin",
                                   groups="account.group_account_manager,"
                                          "sales_team.group_sale_salesman")
        finances = self.state("finances")
        for user in (self.salesman, self.manager, billing):
            with self.assertRaises(AccessError):
                finances.with_user(user).action_run()
            with self.assertRaises(AccessError):
                self.account.with_user(user).action_sync_finances()
        self.assertFalse(finances.last_log_id, "nothing ran")
        self.account.with_user(accountant).action_sync_finances()
        self.assertEqual(self.state("finances").last_log_id.trigger, "user")

    def test_only_sales_managers_run_the_other_streams(self):
        with self.assertRaises(AccessError):
            self.state("orders").with_user(self.salesman).action_run()
        self.state("orders").with_user(self.manager).action_run()
        self.assertTrue(self.state("orders").last_log_id)

    def test_billing_users_cannot_book_a_settlement_again(self):
        self.put_shipped()
        settlement, _info = self.settle()
        settlement.write({"state": "error", "error": "Test"})
        billing = new_test_user(self.env, login="amazon_billing",
                                groups="account.group_account_invoice")
        with self.assertRaises(AccessError):
            settlement.with_user(billing).action_book()
        self.assertEqual(settlement.state, "error")
        accountant = new_test_user(self.env, login="amazon_fin_admin",
                                   groups="account.group_account_manager")
        settlement.with_user(accountant).action_book()  # allowed, whatever the booking says

    def test_finances_run_is_a_line_of_the_sync_log(self):
        self.put_shipped()
        self.sandbox.settle("DE")
        log = self.sync_finances()
        self.assertEqual((log.stream, log.outcome, log.created), ("finances", "done", 1))
        self.assertEqual(self.state("finances").last_log_id, log)

    def test_another_companys_accountant_sees_none_of_these_settlements(self):
        self.put_shipped()
        settlement, _info = self.settle()
        other = self.env["res.company"].create({"name": "Other Company"})
        accountant = new_test_user(self.env, login="other_accountant",
                                   groups="account.group_account_manager",
                                   company_id=other.id, company_ids=[(6, 0, other.ids)])
        self.assertTrue(settlement)
        self.assertFalse(self.env["amazon.settlement"].with_user(accountant).search([]))
        self.assertFalse(self.env["amazon.settlement.line"].with_user(accountant).search([]))

    def test_only_accountants_choose_the_fee_accounts(self):
        row = self.account.fee_mapping_ids[:1]
        expense = self.account._amazon_finance_account("fees")
        with self.assertRaises(AccessError):
            row.with_user(self.manager).expense_account_id = expense
        accountant = new_test_user(self.env, login="accountant",
                                   groups="account.group_account_manager")
        row.with_user(accountant).expense_account_id = expense
        self.assertEqual(row.expense_account_id, expense)
