"""What both benchmarks share: Odoo's options after ``--``, and an account on the sandbox."""
import argparse
import os
import sys

import odoo


def parse_args(doc, option, default):
    """Our one option before ``--``; Odoo's own options after it configure Odoo."""
    argv = sys.argv[1:]
    split = argv.index("--") if "--" in argv else len(argv)
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument(f"--{option}", type=int, default=default)
    args = parser.parse_args(argv[:split])
    odoo.tools.config.parse_config(argv[split + 1:])
    return getattr(args, option)


def sandbox_account(env, sandbox):
    """The demo account, linked to ``sandbox`` exactly as demo databases are."""
    os.environ["SALE_AMAZON_SYNC_SANDBOX_URL"] = sandbox.url
    env["amazon.account"]._setup_sandbox_demo()
    return env.ref("sale_amazon_sync.amazon_account_demo")
