"""Small helpers the models, the controller and the hooks share.

The ``sale_amazon_sync.*`` system parameters are read here only, each through a typed
getter; the texts users read about failures are made here only.
"""
from datetime import date, timedelta

from odoo.exceptions import UserError

from . import const
from .spapi import SpApiError
from .spapi.orders import OrderDataError

PARAM_PREFIX = "sale_amazon_sync."


def param_key(name):
    """The system parameter key of one of our settings, e.g. ``lwa_client_id``."""
    return PARAM_PREFIX + name


def get_param(env, name):
    """The setting's text, or None when it is unset (parameters are admin-only: sudo)."""
    return env["ir.config_parameter"].sudo().get_param(param_key(name)) or None


def get_flag(env, name):
    """A boolean setting: Odoo stores ticked boxes as "True", unticked ones not at all."""
    return (get_param(env, name) or "").lower() in ("1", "true")


def get_float(env, name, default):
    """A number setting, ``default`` when unset or not a number."""
    try:
        return float(get_param(env, name) or default)
    except ValueError:
        return default


def get_record(env, name, model):
    """The record a setting points at (by id), or an empty recordset."""
    value = get_param(env, name)
    record = env[model].browse(int(value)) if value and value.isdigit() else env[model]
    return record.exists()


def secret_rotation_due(env):
    """When the app's LWA client secret must be replaced (Amazon: every 180 days from when
    it was set), or None when nobody said when it was set."""
    value = get_param(env, "lwa_client_secret_date")
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10]) + timedelta(days=const.SECRET_ROTATION_DAYS)
    except ValueError:
        return None


def set_params(env, values):
    """Write several settings at once ({name: value})."""
    params = env["ir.config_parameter"].sudo()
    for name, value in values.items():
        params.set_param(param_key(name), value)


def error_text(exc):
    """The text a user reads about a failure: our own messages as they are, anything
    unexpected with its kind, so that it can be reported."""
    if isinstance(exc, UserError):
        return exc.args[0]
    if isinstance(exc, (SpApiError, OrderDataError)):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def safe_error_text(exc):
    """The text of a failure fit for logs and the sync log: our own messages (which name
    fields and references, never buyer data or secrets), else only the error's kind."""
    if isinstance(exc, (UserError, SpApiError, OrderDataError)):
        return error_text(exc)
    return type(exc).__name__


def notification(title, message, kind="success", reload=True):
    """A client action showing a toast; ``reload`` refreshes the form behind it."""
    params = {"title": title, "message": message, "type": kind}
    if reload:
        params["next"] = {"type": "ir.actions.client", "tag": "soft_reload"}
    return {"type": "ir.actions.client", "tag": "display_notification", "params": params}
