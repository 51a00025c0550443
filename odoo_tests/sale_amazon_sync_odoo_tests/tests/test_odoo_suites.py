"""Odoo's own test classes of the modules sale_amazon_sync extends, declared again here.

Odoo collects only the test classes defined in a module's own test package, so each class
of those suites becomes a subclass in this package: the same tests, with our addon
installed, under the tag ``/sale_amazon_sync_odoo_tests``.
"""
import importlib
import pkgutil

from odoo.tests.common import BaseCase

SUITES = ["odoo.addons.sale_stock.tests", "odoo.addons.stock_delivery.tests"]


def _redeclare(package_name):
    """Every test class defined in the package's modules, subclassed in this module."""
    package = importlib.import_module(package_name)
    for info in pkgutil.iter_modules(package.__path__):
        if not info.name.startswith("test_"):
            continue
        module = importlib.import_module(f"{package_name}.{info.name}")
        for name, cls in vars(module).items():
            if (isinstance(cls, type) and issubclass(cls, BaseCase)
                    and cls.__module__ == module.__name__ and name.startswith("Test")):
                alias = f"{package_name.split('.')[2]}__{name}"
                # 18.0 collects only a class's own test methods unless told otherwise.
                globals()[alias] = type(alias, (cls,), {
                    "__module__": __name__, "allow_inherited_tests_method": True})


for _suite in SUITES:
    _redeclare(_suite)
