"""The upgrade check of .ci/run, run by `odoo shell` twice: ``seed`` on a database with the
previous version of the addon (.ci/upgrade-from), ``verify`` once it is upgraded to this one.

Prints "upgrade check: ok" or the first thing that did not survive; the exit status of a
shell script does not carry, so .ci/run reads that line.
"""
import json
import os
import sys

WATERMARK = "2026-06-01 12:00:00"
PHASE = os.environ["UPGRADE_PHASE"]


def seed(env):
    """Data of the previous version whose fields moved or changed type since."""
    de = env.ref("sale_amazon_sync.marketplace_de")
    account = env["amazon.account"].create({"name": "Upgrade", "base_marketplace_id": de.id})
    account.write({"last_orders_sync": WATERMARK, "refresh_token": "Atzr|upgrade"})
    product = env["product.product"].create({"name": "Upgrade mug", "default_code": "UPG-1"})
    env["amazon.offer"].create({"account_id": account.id, "sku": "UPG-1",
                                "product_id": product.id, "marketplace_id": de.id})
    env["amazon.feed"].create({"account_id": account.id, "feed_ref": "UPG-FEED",
                               "sent_quantities": json.dumps({"UPG-1": 4}),
                               "skus_by_message": json.dumps({"1": "UPG-1"})})
    buyer = env["res.partner"].create({"name": "Upgrade Buyer"})
    env["sale.order"].create({"partner_id": buyer.id, "amazon_order_ref": "111-1111111-1111111",
                              "amazon_account_id": account.id})
    env.cr.commit()
    print("upgrade check: seeded")


def verify(env):
    account = env["amazon.account"].search([("name", "=", "Upgrade")])
    checks = {
        "the orders watermark moved to its stream": str(account.last_orders_sync) == WATERMARK,
        "every stream has a state and a job": set(account.sync_state_ids.mapped("stream"))
        >= {"orders", "shipments", "inventory", "buyer_data"}
        and all(account.sync_state_ids.mapped("cron_id")),
        "the offer is sold where it was": env["amazon.offer"].search(
            [("sku", "=", "UPG-1")]).marketplace_ids == env.ref("sale_amazon_sync.marketplace_de"),
        "the feed's maps are JSON": env["amazon.feed"].search(
            [("feed_ref", "=", "UPG-FEED")]).sent_quantities == {"UPG-1": 4},
        "the buyer is marked for the retention": env["res.partner"].search(
            [("name", "=", "Upgrade Buyer")]).amazon_created,
        "the account is still linked": account.is_linked,
    }
    failed = [name for name, ok in checks.items() if not ok]
    print("upgrade check: " + ("ok" if not failed else "FAILED: " + "; ".join(failed)))


{"seed": seed, "verify": verify}[PHASE](env)  # noqa: F821 - env is odoo shell's
sys.stdout.flush()
