"""The Amazon carrier code a shipment is confirmed with.

confirmShipment takes one of Amazon's CarrierCode values, or "Other" with the carrier's
name. Odoo carriers are named freely ("DHL Express (Germany)", "UPS Standard"), so the name
is matched against Amazon's codes and a few aliases; anything not recognized goes as
"Other" with the name as the user wrote it, which Amazon always accepts. No Odoo here.
"""
import re
import unicodedata
from functools import cache

from .. import const

OTHER = "Other"

# Codes that, as words inside a longer name, do not identify a carrier: they mean "other"
# or "own delivery", or are everyday words ("Sending by post"). They still match a whole name.
_VAGUE_CODES = frozenset({
    "Andere", "Consegna Mezzi Propri", "Digital Delivery", "HS code", "Interno", "Mezzi propri",
    "Other", "Otro", "Self Delivery", "Sending", "Sonstige", "Target",
})
# Shorter known names ("AO", "DX", "GO!") are too often plain words or initials to be
# looked for inside a longer name ("Envio ao domicilio").
_MIN_INNER_LENGTH = 3


def amazon_carrier(name, explicit_code=None):
    """(carrierCode, carrierName) to confirm a shipment carried by ``name``.

    An explicit code wins when Amazon knows it (in any case; Amazon's spelling is sent);
    an unknown one cannot go as a code, so it becomes "Other" with the name. The carrier
    name returned is never empty, as Amazon requires one with "Other".
    """
    name = (name or "").strip()
    explicit = (explicit_code or "").strip()
    if explicit:
        code = _codes_by_casefold().get(explicit.casefold())
        return (code, name or code) if code else (OTHER, name or explicit)
    if not name:
        raise ValueError("A carrier name or an Amazon carrier code is needed to confirm a "
                         "shipment.")
    return _match(normalize(name)) or OTHER, name


def normalize(text):
    """Casefolded, accents stripped, punctuation and underscores as single spaces: the form
    of ``const.CARRIER_ALIASES`` keys."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"[\W_]+", " ", plain).strip()


def _match(text):
    """The code of the known name found earliest in ``text``, the longest one there.

    The whole text is therefore tried first; then a known name as whole words inside it,
    so that "UPS Standard" ships as UPS and "DHL eCommerce Germany" as "DHL eCommerce".
    """
    known = _known_names()
    words = text.split()
    for start in range(len(words)):
        for end in range(len(words), start, -1):
            phrase = " ".join(words[start:end])
            code = known.get(phrase)
            if code and ((start, end) == (0, len(words)) or _inner_match_ok(phrase, code)):
                return code
    return None


def _inner_match_ok(phrase, code):
    return len(phrase) >= _MIN_INNER_LENGTH and code not in _VAGUE_CODES


@cache
def _codes_by_casefold():
    return {code.casefold(): code for code in const.CARRIER_CODES}


@cache
def _known_names():
    """Normalized name -> code: every code (the first listed wins a normalized tie, e.g.
    "Royal Mail" over "ROYAL_MAIL"), then the aliases, which override."""
    known = {}
    for code in const.CARRIER_CODES:
        known.setdefault(normalize(code), code)
    known.update(const.CARRIER_ALIASES)
    return known
