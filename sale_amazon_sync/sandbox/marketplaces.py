"""Marketplace facts the sandbox needs beyond ``const.MARKETPLACES``.

Ids, names, regions and the tax display come from ``const``; what Amazon returns on top
(currency, language, domain) and a typical VAT/sales-tax rate for realistic demo prices
are kept here, because only the sandbox invents data with them.
"""
from collections import namedtuple
from decimal import Decimal

from ..const import MARKETPLACES

Marketplace = namedtuple(
    "Marketplace",
    "code id name region tax_included currency language domain tax_rate",
)

# country code -> (default currency, default language, typical tax rate).
# Source: getMarketplaceParticipations answers (currency, language) and national VAT rates.
_LOCALE = {
    "CA": ("CAD", "en_CA", "0.13"), "US": ("USD", "en_US", "0.08"),
    "MX": ("MXN", "es_MX", "0.16"), "BR": ("BRL", "pt_BR", "0.17"),
    "DE": ("EUR", "de_DE", "0.19"), "ES": ("EUR", "es_ES", "0.21"),
    "FR": ("EUR", "fr_FR", "0.20"), "GB": ("GBP", "en_GB", "0.20"),
    "IT": ("EUR", "it_IT", "0.22"), "NL": ("EUR", "nl_NL", "0.21"),
    "SE": ("SEK", "sv_SE", "0.25"), "PL": ("PLN", "pl_PL", "0.23"),
    "BE": ("EUR", "fr_BE", "0.21"), "IE": ("EUR", "en_IE", "0.23"),
    "TR": ("TRY", "tr_TR", "0.20"), "AE": ("AED", "en_AE", "0.05"),
    "SA": ("SAR", "ar_SA", "0.15"), "EG": ("EGP", "ar_EG", "0.14"),
    "IN": ("INR", "en_IN", "0.18"), "ZA": ("ZAR", "en_ZA", "0.15"),
    "JP": ("JPY", "ja_JP", "0.10"), "AU": ("AUD", "en_AU", "0.10"),
    "SG": ("SGD", "en_SG", "0.09"),
}


def _build():
    """Index every marketplace of ``const`` by id and by country code."""
    index = {}
    for code, mp_id, name, region, _url, tax_included in MARKETPLACES:
        currency, language, rate = _LOCALE[code]
        marketplace = Marketplace(code, mp_id, name, region, tax_included, currency, language,
                                  "www." + name.lower(), Decimal(rate))
        index[code] = index[mp_id] = marketplace
    return index


_INDEX = _build()


def resolve(value):
    """The marketplace for an id ("A1PA6795UKMFR9") or a country code ("DE")."""
    try:
        return _INDEX[value]
    except KeyError:
        raise ValueError(f"Unknown marketplace: {value!r}") from None


def is_marketplace_id(value):
    """True for a real marketplace id (not a country code)."""
    marketplace = _INDEX.get(value)
    return marketplace is not None and marketplace.id == value
