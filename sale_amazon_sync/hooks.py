def uninstall_hook(env):
    """Remove the app's credentials and endpoint overrides: secrets must not outlive the
    addon. Odoo only removes the records it created from XML, and these come from Settings."""
    env["ir.config_parameter"].sudo().search([("key", "=like", "sale_amazon_sync.%")]).unlink()
