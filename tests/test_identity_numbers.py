"""Identity numbers: today's and the 2032 check-digit rule; D-, H-, FH- and synthetic numbers; impossible dates.

`workflow.identity.validate_nin` against a table of numbers with known answers, the rule itself against its
definition, the masks, and `rto household add --nin` as a caseworker meets it.

Arithmetic in the table: S1 = 3·d1 + 7·d2 + 6·d3 + 1·d4 + 8·d5 + 9·d6 + 4·d7 + 5·d8 + 2·d9 and r1 = (S1 + k1) mod 11,
which today's rule wants 0 and the 2032 rule 0, 1, 2 or 3; S2 = 5·d1 + 4·d2 + 3·d3 + 2·d4 + 7·d5 + 6·d6 + 5·d7 +
4·d8 + 3·d9 + 2·k1 and r2 = (S2 + k2) mod 11, which both rules want 0.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import InProcessRto, valid_nin
from helpers import database_rows
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import create_engine, text

from notifications.formatting import LocaleFormats
from states.errors import ConfigError, InvalidInput
from states.labels import NIN_PROBLEMS
from states.messages import render
from workflow.config import load_settings
from workflow.identity import FULL_MASK, IdentityNumber, check_digits_valid, date_exists, masked, validate_nin

F, D = "fodselsnummer", "d-number"
SF, SD = "synthetic fodselsnummer", "synthetic d-number"
SYNTHETIC_REFUSED = "synthetic_not_accepted"

# (number, without the setting, with [identity] accept_synthetic = true, what it is)
# "Skatteetaten": published by Skatteetaten (folkeregisteret-api-dokumentasjon: the 2032 specification
# nyttfnr2032.md, and the test numbers foedselsnummer.csv with their erGyldig); "navikt": navikt/fnrvalidator's
# tests; "stdnum": python-stdnum's doctest. "constructed": made for this table, the arithmetic beside it.
TABLE = [
    # --- ordinary fødselsnummer, today's rule --------------------------------------------------------------
    ("20036914700", F, F, "Skatteetaten CSV, 'reelt 1964-nummer': S1 176, r1 0; S2 154, r2 0"),
    ("29020073150", F, F, "Skatteetaten CSV, leap day in a leap year: 29.02.00; S1 116, r1 0; S2 110, r2 0"),
    ("15108695088", F, F, "stdnum doctest: S1 223, r1 0; S2 201, r2 0"),
    ("01019012480", F, F, "constructed 01.01.90 ind. 124: S1 102, k1 8 so r1 0; S2 110, k2 0 so r2 0"),
    ("29020012380", F, F, "constructed 29.02.00 ind. 123 (1900 by today's table, not a leap year; 2000 is): "
                          "S1 91, k1 8 so r1 0; S2 88, k2 0 so r2 0"),
    ("02013299997", F, F, "Skatteetaten spec, 'person født 02.01.2032' (a future date is no reason to refuse): "
                          "S1 156, r1 0; S2 169, r2 0"),
    ("30108299920", F, F, "Skatteetaten spec, person 1 born 30.10.1982 numbered in 2032: S1 196, r1 0; S2 198, r2 0"),
    # --- the 2032 rule only: r1 is 1, 2 or 3 ---------------------------------------------------------------
    ("30108299939", F, F, "Skatteetaten spec and CSV 'reelt 2032-nummer', person 2: S1 196, k1 3 so r1 1; "
                          "S2 200, r2 0"),
    ("02013299903", F, F, "Skatteetaten spec, a possible next number after 02013299997: S1 156, k1 0 so r1 2; "
                          "S2 151, r2 0"),
    ("01019012308", F, F, "constructed 01.01.90 ind. 123, impossible under today's rule (k1 would be 10): "
                          "S1 100, k1 0 so r1 1; S2 91, k2 8 so r2 0"),
    ("15033599916", F, F, "constructed 15.03.35 ind. 999 (today's table: 2035): S1 209, k1 1 so r1 1; "
                          "S2 192, k2 6 so r2 0"),
    ("29020412370", F, F, "constructed 29.02.04 ind. 123: S1 127, k1 7 so r1 2; S2 110, k2 0 so r2 0"),
    # --- D-numbers (day + 40) ----------------------------------------------------------------------------
    ("53097248016", D, D, "navikt, D-number 13.09.72: S1 175, r1 0; S2 170, r2 0"),
    ("41019012393", D, D, "constructed D 01.01.90 ind. 123: S1 112, k1 9 so r1 0; S2 129, k2 3 so r2 0"),
    ("55102499947", D, D, "Skatteetaten CSV 'reelt 2032-D-nummer': S1 207, r1 2; S2 202, r2 0"),
    # --- refused kinds: H (month + 40, also NAV's synthetic +40) and FH (first digit 8 or 9) ---------------
    ("13527248013", "h_number", "h_number", "navikt H-number, month 52: S1 186, r1 0; S2 151, r2 0"),
    ("01419012382", "h_number", "h_number", "constructed H 01.(41).90: S1 124, k1 8 so r1 0; S2 119, k2 2 so r2 0"),
    ("68467038838", "h_number", "h_number", "navikt D + H, month 46: S1 228, r1 0; S2 212, r2 0"),
    ("81472536869", "fh_number", "fh_number", "constructed FH, first digit 8: S1 181, k1 6 so r1 0; "
                                              "S2 189, k2 9 so r2 0"),
    # --- Skatteetaten's synthetic test numbers (month + 80): only with the setting ---------------------------
    ("03851598730", SYNTHETIC_REFUSED, SF, "Skatteetaten CSV 'syntetisk 1964-nummer', 03.05.15: S1 217, r1 0; "
                                           "S2 187, r2 0"),
    ("30908299902", SYNTHETIC_REFUSED, SF, "Skatteetaten CSV 'syntetisk 2032-nummer': S1 244, r1 2; S2 218, r2 0"),
    ("41819077302", SYNTHETIC_REFUSED, SD, "Skatteetaten CSV 'syntetisk 1964-D-nummer': S1 209, r1 0; "
                                           "S2 185, r2 0"),
    ("41819077906", SYNTHETIC_REFUSED, SD, "Skatteetaten CSV 'syntetisk 2032-D-nummer': S1 221, r1 1; "
                                           "S2 203, r2 0"),
    ("01819012365", SYNTHETIC_REFUSED, SF, "constructed synthetic 01.01.90: S1 148, k1 6 so r1 0; "
                                           "S2 127, k2 5 so r2 0"),
    # --- bad check digits --------------------------------------------------------------------------------
    ("20036914712", "checksum", "checksum", "Skatteetaten CSV, erGyldig false: S1 176, r1 1 (2032 allows it); "
                                            "S2 156, r2 4"),
    ("13097248023", "checksum", "checksum", "navikt: S1 163, r1 0; S2 152, r2 1"),
    ("02013299987", "checksum", "checksum", "navikt: S1 156, k1 8 so r1 10"),
    ("02013299996", "checksum", "checksum", "navikt: S1 156, r1 0; S2 169, r2 10"),
    ("15108695077", "checksum", "checksum", "stdnum doctest: S1 223, r1 10"),
    ("01129955131", "checksum", "checksum", "Skatteetaten's fnr page, illustration '01 12 99 551 31': S1 215, r1 9"),
    ("30908299912", "checksum", "checksum", "constructed from the synthetic 30908299902, k1 1: S1 244, r1 3; "
                                            "S2 220, r2 2 (a bad number says so with or without the setting)"),
    # --- impossible dates, check digits right -----------------------------------------------------------
    ("31029012302", "date", "date", "constructed 31.02.90: S1 110, k1 0 so r1 0; S2 108, k2 2 so r2 0"),
    ("30029012373", "date", "date", "constructed 30.02.90: S1 103, k1 7 so r1 0; S2 118, k2 3 so r2 0"),
    ("29020105729", "date", "date", "Skatteetaten CSV, leap day in a year that is not: 29.02.01; S1 119, r1 0; "
                                    "S2 101, r2 0"),
    ("31049012392", "date", "date", "constructed 31.04.90: S1 112, k1 9 so r1 0; S2 130, k2 2 so r2 0"),
    ("01139012328", "date", "date", "constructed month 13: S1 108, k1 2 so r1 0; S2 102, k2 8 so r2 0"),
    ("01209012320", "date", "date", "constructed month 20: S1 111, k1 2 so r1 3; S2 99, k2 0 so r2 0"),
    ("32019012351", "date", "date", "constructed day 32: S1 116, k1 5 so r1 0; S2 120, k2 1 so r2 0"),
    ("00019012360", "date", "date", "constructed day 00: S1 93, k1 6 so r1 0; S2 99, k2 0 so r2 0"),
    ("72019012345", "date", "date", "constructed D-number day 72 (32): S1 128, k1 4 so r1 0; S2 138, k2 5 so r2 0"),
    # --- not eleven digits ---------------------------------------------------------------------------------
    ("1505851234", "length", "length", "ten digits"),
    ("1234567891A", "format", "format", "navikt: a letter"),
]


def outcome(number: str, accept_synthetic: bool) -> str:
    try:
        found = validate_nin(number, accept_synthetic=accept_synthetic)
    except InvalidInput as err:
        assert err.code == "bad_nin"
        return str(err.params["why"])
    return ("synthetic " if found.synthetic else "") + found.kind


@pytest.mark.parametrize(("number", "without", "with_setting", "what"), TABLE, ids=[row[0] for row in TABLE])
def test_each_number_in_the_table_gets_its_known_answer(number: str, without: str, with_setting: str,
                                                        what: str) -> None:
    assert (outcome(number, False), outcome(number, True)) == (without, with_setting), what


def test_the_table_covers_every_kind_of_answer() -> None:
    answers = {row[1] for row in TABLE} | {row[2] for row in TABLE}
    assert answers == {F, D, SF, SD} | set(NIN_PROBLEMS)
    assert len(TABLE) >= 20 and len({row[0] for row in TABLE}) == len(TABLE)


@pytest.mark.parametrize("number", [row[0] for row in TABLE if row[1] not in (F, D)])
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_a_refusal_names_its_problem_and_never_the_whole_number(number: str, lang: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        validate_nin(number)
    said = render(caught.value.code, caught.value.params, lang, LocaleFormats(lang))
    assert number not in said and number[6:] not in said
    assert said.startswith(number[:6] + "*****")
    assert NIN_PROBLEMS[caught.value.params["why"]][0 if lang == "nb" else 1] in said


def test_separators_are_ignored_and_only_ascii_digits_count() -> None:
    for typed in ("151086 95088", " 151086-95088 ", "151086:95088"):
        assert validate_nin(typed) == IdentityNumber("15108695088", "fodselsnummer")
    assert outcome("١٥١٠٨٦٩٥٠٨٨", False) == "format"  # Arabic-Indic digits, a look-alike
    assert outcome("", False) == "length"


# --- the rule itself ---------------------------------------------------------------------------------------

K1, K2 = (3, 7, 6, 1, 8, 9, 4, 5, 2), (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


@given(st.text("0123456789", min_size=9, max_size=9), st.integers(0, 9))
def test_the_first_check_digit_may_leave_a_remainder_of_0_1_2_or_3_and_the_second_is_unchanged(
        base: str, k1: int) -> None:
    first_ten = base + str(k1)
    k2 = (11 - sum(w * int(d) for w, d in zip(K2, first_ten, strict=True)) % 11) % 11
    remainder = (sum(w * int(d) for w, d in zip(K1, base, strict=True)) + k1) % 11
    if k2 < 10:
        assert check_digits_valid(first_ten + str(k2)) == (remainder <= 3)
        assert not check_digits_valid(first_ten + str((k2 + 1) % 10))


@given(st.dates(date(1854, 1, 1), date(2039, 12, 31)), st.integers(0, 999), st.booleans())
def test_every_number_valid_under_todays_rule_is_still_valid(born: date, individual: int, d_number: bool) -> None:
    """Old-valid numbers are a subset of 2032-valid ones: nothing that works today breaks."""
    from stdnum.no import fodselsnummer

    base = f"{born.day + (40 if d_number else 0):02d}{born.month:02d}{born.year % 100:02d}{individual:03d}"
    k1 = fodselsnummer.calc_check_digit1(base)
    k2 = fodselsnummer.calc_check_digit2(base + k1)
    if len(k1 + k2) == 2:
        assert validate_nin(base + k1 + k2).kind == ("d-number" if d_number else "fodselsnummer")


def test_29_february_exists_when_some_century_makes_the_year_a_leap_year() -> None:
    assert [yy for yy in range(100) if date_exists(29, 2, yy)] == list(range(0, 100, 4))
    assert not any(date_exists(d, 2, 0) for d in (30, 31))
    assert [m for m in range(1, 13) if not date_exists(31, m, 90)] == [2, 4, 6, 9, 11]
    assert not date_exists(1, 0, 90) and not date_exists(1, 13, 90) and not date_exists(0, 1, 90)


# --- what is stored and shown --------------------------------------------------------------------------------

def test_a_new_number_is_stored_without_a_birth_date() -> None:
    assert validate_nin("30108299939").as_stored() == {"number": "30108299939", "kind": "fodselsnummer",
                                                       "synthetic": False}
    assert validate_nin("41819077906", accept_synthetic=True).as_stored() == {
        "number": "41819077906", "kind": "d-number", "synthetic": True}


def test_the_mask_shows_the_recorded_birth_date_or_none() -> None:
    new = validate_nin("30108299939").as_stored()
    older = {"number": "15108695088", "born": "1986-10-15", "kind": "fodselsnummer"}  # stored before the 2032 rule
    assert masked(older) == "15.10.1986 *****"
    assert masked(new) == FULL_MASK == "**.**.**** *****"
    assert masked(new, born=date(1982, 10, 30)) == "30.10.1982 *****"  # the member's recorded birth date
    assert masked(older, born=date(1986, 10, 16)) == "16.10.1986 *****"  # the record wins over the old copy


# --- the setting -----------------------------------------------------------------------------------------------

def test_synthetic_numbers_are_refused_unless_the_configuration_or_the_environment_accepts_them(
        tmp_path: Path) -> None:
    accepting = tmp_path / "test.toml"
    accepting.write_text("[identity]\naccept_synthetic = true\n", encoding="utf-8")
    assert load_settings(None, {}).identity.accept_synthetic is False
    assert load_settings(str(accepting), {}).identity.accept_synthetic is True
    for word in ("1", "true", "yes", "TRUE", " Yes "):
        assert load_settings(None, {"RTO_ACCEPT_SYNTHETIC_NIN": word}).identity.accept_synthetic is True
    for word in ("0", "false", "no"):  # the environment overrides the file, both ways
        assert load_settings(str(accepting), {"RTO_ACCEPT_SYNTHETIC_NIN": word}).identity.accept_synthetic is False
    assert load_settings(str(accepting), {"RTO_ACCEPT_SYNTHETIC_NIN": ""}).identity.accept_synthetic is True


@pytest.mark.parametrize(("file_text", "env", "key"), [
    ('[identity]\naccept_synthetic = "yes"\n', {}, "identity.accept_synthetic"),
    ("[identity]\naccept_synthetic = 1\n", {}, "identity.accept_synthetic"),
    ('identity = "on"\n', {}, "identity"),
    ("", {"RTO_ACCEPT_SYNTHETIC_NIN": "maybe"}, "RTO_ACCEPT_SYNTHETIC_NIN"),
])
def test_a_malformed_synthetic_setting_is_a_configuration_error(tmp_path: Path, file_text: str,
                                                               env: dict[str, str], key: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(file_text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(str(path), env)
    assert caught.value.code == "config_bad_value" and caught.value.params["key"] == key


# --- through the command line ----------------------------------------------------------------------------------

CLI_REFUSALS = [
    ("30108299930", "kontrollsifrene stemmer ikke"),  # 30108299939 with k2 0: S2 200, r2 2 (k2 must be 9)
    ("31029012302", "datoen i nummeret finnes ikke"),
    ("13527248013", "det er et H-nummer (måned + 40), ikke et fødselsnummer"),
    ("81472536869", "det er et felles hjelpenummer (FH-nummer, første siffer 8 eller 9), ikke et fødselsnummer"),
    ("41819077906", "det er et syntetisk testnummer (måned + 80); sett [identity] accept_synthetic = true"
                    " (eller RTO_ACCEPT_SYNTHETIC_NIN=1) for å godta slike"),
]


@pytest.mark.parametrize(("number", "why"), CLI_REFUSALS, ids=[c[0] for c in CLI_REFUSALS])
def test_household_add_refuses_a_wrong_number_with_its_reason_and_writes_nothing(rto: InProcessRto, number: str,
                                                                                why: str) -> None:
    before = database_rows(rto.url)
    result = rto("household", "add", "--name", "Familien Feil", "--nin", valid_nin(), "--nin", number)
    assert result.code == 2, result
    assert f"{number[:6]}***** er ikke et gyldig fødselsnummer eller D-nummer: {why}." in result.err, result
    assert number not in result.err + result.out and number[6:] not in result.err + result.out
    assert "Traceback" not in result.err and result.out == ""
    assert database_rows(rto.url) == before


def test_household_add_takes_a_2032_number_and_a_synthetic_one_only_when_accepted(
        rto: InProcessRto, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    added = rto("household", "add", "--name", "Familien Ny", "--adults", "2", "--nin", "30108299939",
                "--nin", "55102499947", "--json")
    assert added.code == 0, added
    shown = rto("household", "show", str(added.json["id"]), "--json")
    assert shown.json["identity_numbers"] == [FULL_MASK, FULL_MASK]  # no birth date is read from the numbers

    synthetic = ["household", "add", "--name", "Familien Test", "--nin", "41819077906", "--json"]
    assert rto(*synthetic).code == 2
    monkeypatch.setenv("RTO_ACCEPT_SYNTHETIC_NIN", "1")
    accepted = rto(*synthetic)
    assert accepted.code == 0, accepted
    monkeypatch.setenv("RTO_ACCEPT_SYNTHETIC_NIN", "no")
    config = tmp_path / "test.toml"
    config.write_text("[identity]\naccept_synthetic = true\n", encoding="utf-8")
    assert rto("--config", str(config), *synthetic).code == 2  # the environment said no
    monkeypatch.delenv("RTO_ACCEPT_SYNTHETIC_NIN")
    again = rto("--config", str(config), *synthetic)
    assert again.code == 3 and "allerede registrert" in again.err  # accepted as a number, and already held

    engine = create_engine(rto.url)
    with engine.connect() as conn:
        stored = json.loads(conn.execute(text("SELECT identity_numbers FROM households WHERE id = :id"),
                                         {"id": accepted.json["id"]}).scalar_one())
    engine.dispose()
    assert "41819077906" not in json.dumps(stored)  # sealed at rest (workflow.identity_vault)
    assert [(n["kind"], n["synthetic"]) for n in stored] == [("d-number", True)]
