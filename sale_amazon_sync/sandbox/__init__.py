"""A local SP-API sandbox: a real HTTP server on 127.0.0.1 speaking Amazon's JSON.

Used by the tests (pure Python and Odoo) and as "Amazon" in the demo. Standard library
only, and no Odoo: run it with ``python -m sale_amazon_sync.sandbox``.
"""
from .orders import build_order
from .server import SandboxServer
from .state import (APP_CLIENT_ID, APP_CLIENT_SECRET, APP_ID, DEMO_REFRESH_TOKEN,
                    DEMO_SELLER_ID, DEMO_MARKETPLACES)

__all__ = [
    "APP_CLIENT_ID", "APP_CLIENT_SECRET", "APP_ID", "DEMO_REFRESH_TOKEN", "DEMO_SELLER_ID",
    "DEMO_MARKETPLACES", "SandboxServer", "build_order",
]
