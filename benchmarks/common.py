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
    return getattr(args, option.replace("-", "_"))


def sandbox_account(env, sandbox):
    """An account linked to ``sandbox`` exactly as in demo databases."""
    from odoo.addons.sale_amazon_sync.hooks import setup_sandbox_demo
    os.environ["SALE_AMAZON_SYNC_SANDBOX_URL"] = sandbox.url
    return setup_sandbox_demo(env)
