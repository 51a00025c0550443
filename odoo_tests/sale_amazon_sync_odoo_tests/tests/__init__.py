from . import test_odoo_suites
