"""Amazon carrier codes for confirmShipment, from Odoo carrier names."""
import pytest

from sale_amazon_sync import const
from sale_amazon_sync.spapi.carriers import amazon_carrier, normalize

# Exact codes and aliases ------------------------------------------------------------------

def test_name_equal_to_a_code_ships_as_that_code():
    assert amazon_carrier("Royal Mail") == ("Royal Mail", "Royal Mail")


def test_name_equal_to_a_multi_word_code_is_not_cut_to_a_shorter_one():
    assert amazon_carrier("Correos Express") == ("Correos Express", "Correos Express")


def test_case_of_the_name_does_not_matter_and_amazon_spelling_is_sent():
    assert amazon_carrier("fedex smartpost") == ("FedEx SmartPost", "fedex smartpost")


def test_alias_maps_a_common_name_to_its_code():
    assert amazon_carrier("United Parcel Service") == ("UPS", "United Parcel Service")


def test_renamed_carrier_ships_under_its_amazon_code():
    assert amazon_carrier("Evri") == ("Hermes UK", "Evri")


def test_dhl_express_ships_under_its_own_code():
    assert amazon_carrier("DHL Express (Germany)") == ("DHL Express", "DHL Express (Germany)")


# Codes inside longer names ----------------------------------------------------------------

def test_code_inside_a_longer_name_is_found():
    assert amazon_carrier("UPS Standard")[0] == "UPS"


def test_code_at_the_start_of_a_service_name_is_found():
    assert amazon_carrier("Fedex International Priority")[0] == "FedEx"


def test_longest_code_at_the_same_place_wins():
    assert amazon_carrier("DHL eCommerce Germany")[0] == "DHL eCommerce"


def test_earliest_code_in_the_name_wins():
    assert amazon_carrier("Deutsche Post DHL")[0] == "Deutsche Post"


def test_code_must_be_a_whole_word_of_the_name():
    assert amazon_carrier("Upstate Couriers") == ("Other", "Upstate Couriers")


def test_short_code_is_not_looked_for_inside_a_name():
    assert amazon_carrier("Envio ao domicilio") == ("Other", "Envio ao domicilio")


def test_code_meaning_other_is_not_looked_for_inside_a_name():
    assert amazon_carrier("Sonstige Spedition") == ("Other", "Sonstige Spedition")


# Normalization ----------------------------------------------------------------------------

def test_accents_are_ignored():
    assert amazon_carrier("Österreichische Post AG")[0] == "AT Post"


def test_punctuation_is_ignored():
    assert amazon_carrier("U.S. Postal Service")[0] == "USPS"


def test_plus_sign_and_umlaut_are_normalized_together():
    assert amazon_carrier("Kühne + Nagel")[0] == "Kuehne Nagel"


def test_normalize_gives_plain_lowercase_words():
    assert normalize("  Colis-Privé_(FR)! ") == "colis prive fr"


# Explicit codes ---------------------------------------------------------------------------

def test_explicit_code_wins_over_the_name():
    assert amazon_carrier("My DHL account", "FedEx") == ("FedEx", "My DHL account")


def test_explicit_code_is_matched_case_insensitively_and_sent_as_amazon_spells_it():
    assert amazon_carrier("Posten", "  royal mail ") == ("Royal Mail", "Posten")


def test_explicit_code_without_name_uses_the_code_as_name():
    assert amazon_carrier("", "UPS") == ("UPS", "UPS")


def test_unknown_explicit_code_is_sent_as_other_with_the_name():
    assert amazon_carrier("Speedy Couriers", "SPDY") == ("Other", "Speedy Couriers")


def test_unknown_explicit_code_without_name_keeps_the_code_as_name():
    assert amazon_carrier(None, "SPDY") == ("Other", "SPDY")


# Unknown carriers -------------------------------------------------------------------------

def test_unknown_carrier_is_other_with_its_name():
    assert amazon_carrier("  Speedy Couriers ") == ("Other", "Speedy Couriers")


def test_name_of_punctuation_only_is_other_with_that_name():
    assert amazon_carrier("—") == ("Other", "—")


def test_no_name_and_no_code_is_refused():
    with pytest.raises(ValueError):
        amazon_carrier("  ", None)


# The tables -------------------------------------------------------------------------------

def test_aliases_are_normalized_and_point_to_amazon_codes():
    for alias, code in const.CARRIER_ALIASES.items():
        assert normalize(alias) == alias
        assert code in const.CARRIER_CODES


def test_carrier_codes_are_unique_ignoring_case():
    assert len({code.casefold() for code in const.CARRIER_CODES}) == len(const.CARRIER_CODES)
