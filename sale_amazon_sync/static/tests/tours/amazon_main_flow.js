/** @odoo-module **/
// The main flow, as a sales manager does it; data and assertions in tests/test_tour.py.
// Written for 17.0 and 18.0: plain CSS and :contains, "click" or a function as `run`.
import { registry } from "@web/core/registry";
import { session } from "@web/session";

const ACCOUNT = "Tour seller";

// 17 passes a RunningTourActionHelper (text), 18 a TourHelpers (edit).
const type = (value) => (helpers) => (helpers.edit ? helpers.edit(value) : helpers.text(value));
const click = (content, trigger) => ({ content, trigger, run: "click" });
const fill = (content, trigger, value) => ({ content, trigger, run: type(value) });
// Waits for its trigger only: without `run`, 17 would click it.
const check = (content, trigger) => ({ content, trigger, run: () => {} });
// A many2one: type, then pick the suggestion (the dropdown is inside the field on both).
const pick = (field, search, label) => [
    fill(`Search ${label}`, `.o_field_widget[name=${field}] input`, search),
    click(`Pick ${label}`, `.o_field_widget[name=${field}] .ui-menu-item > a:contains(${label})`),
];

registry.category("web_tour.tours").add("sale_amazon_sync_main_flow", {
    // 17 starts the tours not marked `test` as onboarding for admins; 18 has no such key.
    ...(session.server_version_info[0] < 18 ? { test: true } : {}),
    steps: () => [
        click("Sales configuration", '[data-menu-xmlid="sale.menu_sale_config"]'),
        click("Amazon accounts", '[data-menu-xmlid="sale_amazon_sync.amazon_account_menu"]'),
        // 17 would click the quotations' New button if it did not wait for the accounts
        check("Accounts", ".o_list_view th[data-name=seller_key]"),
        click("New account", ".o_list_button_add"),
        fill("Name", ".o_field_widget[name=name] input", ACCOUNT),
        ...pick("base_marketplace_id", "Amazon.de", "Amazon.de"),
        click("Save", ".o_form_button_save"),
        // Shown once saved. Goes to the sandbox's consent page (another origin, where no
        // tour runs: it confirms itself), which sends the browser back to the account.
        click("Link with Amazon", "button[name=action_link]"),
        // True only back on the account, whether it opens as /web#... or /odoo/...
        check("Linked", ".o_field_widget[name=seller_key]:contains(A2SANDBOXSELLER1)"),
        click("Update marketplaces", "button[name=action_update_marketplaces]"),
        check("Amazon.de synchronized",
              ".o_field_widget[name=active_marketplace_ids] .o_data_row:contains(Amazon.de)"),
        click("Sync orders", "button[name=action_sync_orders]"),
        check("Orders read", ".o_notification:contains(2 created)"),
        click("Orders", "button[name=action_view_orders] .o_stat_value:contains(2)"),
        click("Open an order", ".o_data_row:contains(Anna Schröder) .o_data_cell[name=partner_id]"),
        click("Delivery", "button[name=action_view_delivery]"),
        click("Additional info", ".o_notebook .nav-link[name=extra]"),
        ...pick("carrier_id", "DHL", "DHL Paket"),
        fill("Tracking number", ".o_field_widget[name=carrier_tracking_ref] input", "JJD000TOUR1"),
        click("Validate", "button[name=button_validate]"),
        check("To confirm to Amazon", ".o_field_widget[name=amazon_sync_status]:contains(Pending)"),
        // The account's breadcrumb is folded while the delivery is shown.
        click("Back to the order", ".o_breadcrumb .o_back_button a"),
        click("Back to the account", `.o_breadcrumb .breadcrumb-item a:contains(${ACCOUNT})`),
        click("Sync shipments", "button[name=action_sync_shipments]"),
        check("Shipment confirmed", ".o_notification:contains(1 updated)"),
    ],
});
