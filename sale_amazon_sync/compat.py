"""Every difference between Odoo 17.0 and 18.0 this addon meets, and only those.

The addon is written the 18.0 way; on 17.0 the overrides below translate what 17 does not
understand when our own data files are loaded. Each item names the series that needs it.
"""
from lxml import etree

from odoo import api, models, release

MODULE = "sale_amazon_sync"
IS_ODOO_17 = release.version_info[0] == 17


def _loading_our_data(env):
    return env.context.get("install_module") == MODULE


def arch_for_17(arch):
    """17.0: list views are ``<tree>``, and the chatter is a div with its three fields."""
    root = etree.fromstring(arch)
    for node in list(root.iter("list")):
        node.tag = "tree"
    for node in list(root.iter("chatter")):
        chatter = etree.Element("div", {"class": "oe_chatter"})
        for name in ("message_follower_ids", "activity_ids", "message_ids"):
            etree.SubElement(chatter, "field", {"name": name})
        node.getparent().replace(node, chatter)
    return etree.tostring(root, encoding="unicode")


class IrUiView(models.Model):
    _inherit = "ir.ui.view"

    @api.model_create_multi
    def create(self, vals_list):
        if IS_ODOO_17 and _loading_our_data(self.env):
            vals_list = [self._amazon_vals_for_17(vals) for vals in vals_list]
        return super().create(vals_list)

    def write(self, vals):
        if IS_ODOO_17 and _loading_our_data(self.env):
            vals = self._amazon_vals_for_17(vals)
        return super().write(vals)

    @api.model
    def _amazon_vals_for_17(self, vals):
        if vals.get("arch"):
            vals = dict(vals, arch=arch_for_17(vals["arch"]))
        return vals


class IrCron(models.Model):
    _inherit = "ir.cron"

    @api.model_create_multi
    def create(self, vals_list):
        # 17.0: a cron without numbercall runs once and deactivates; 18.0 removed the field.
        if IS_ODOO_17 and _loading_our_data(self.env):
            vals_list = [dict(cron_values(), **vals) for vals in vals_list]
        return super().create(vals_list)


def storable_product_values():
    """Values making a product storable: 18.0 ``is_storable``, 17.0 ``detailed_type``."""
    if IS_ODOO_17:
        return {"detailed_type": "product"}
    return {"type": "consu", "is_storable": True}


def price_included_tax_values():
    """Values making a tax included in prices: 17.0 a boolean, 18.0 an override of the
    company's default."""
    if IS_ODOO_17:
        return {"price_include": True}
    return {"price_include_override": "tax_included"}


def is_goods(product):
    """Whether the product is goods that move (not a service): 17.0 types "consu" and
    "product", 18.0 "consu" only."""
    return product.type in ("consu", "product")


def is_storable(product):
    """Whether Odoo tracks the product's stock: 18.0 ``is_storable``, 17.0 type "product"."""
    if IS_ODOO_17:
        return product.type == "product"
    return product.is_storable


def check_access(records, operation):
    """Raise AccessError unless the user may do ``operation`` on ``records``: 18.0
    ``check_access``, 17.0 the pair of rights and rules checks."""
    if IS_ODOO_17:
        records.check_access_rights(operation)
        records.check_access_rule(operation)
    else:
        records.check_access(operation)


def cron_values():
    """Values of a scheduled action that runs forever: 17.0 needs numbercall -1 (else it
    runs once); 18.0 removed the field."""
    return {"numbercall": -1} if IS_ODOO_17 else {}


def notify_cron_progress(env, done, remaining):
    """18.0: report the running cron job's progress; 17.0 has no such thing."""
    if not IS_ODOO_17:
        env["ir.cron"]._notify_progress(done=done, remaining=remaining)


def account_company_values(company):
    """Values giving a new account.account to ``company``: 17.0 ``company_id``, 18.0
    ``company_ids`` (accounts may be shared by companies there)."""
    if IS_ODOO_17:
        return {"company_id": company.id}
    return {"company_ids": [(6, 0, company.ids)]}


def create_return(picking, quantities):
    """The return of ``quantities`` ({product: units}) of a done ``picking``, confirmed and
    not validated: 17.0 ``_create_returns`` gives ids, 18.0 ``_create_return`` the picking."""
    wizard = picking.env["stock.return.picking"].create({"picking_id": picking.id})
    left = dict(quantities)
    for line in wizard.product_return_moves:
        line.quantity = min(left.get(line.product_id, 0), line.move_id.quantity)
        left[line.product_id] = left.get(line.product_id, 0) - line.quantity
    if IS_ODOO_17:
        picking_id, _type_id = wizard._create_returns()
        return picking.browse(picking_id)
    return wizard._create_return()
