"""Malformed input: exit 2 (bad input) or 4 (not found), a clear message on stderr, nothing written.

cli.md: "On every non-zero exit, nothing was written except the record of a refused attempt", and with
`--json` one JSON document on stdout. Messages are in bokmål unless English is asked for.
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import InProcessRto, Result, run_rto, valid_nin
from helpers import database_rows

from states.journey import STATE_NAMES
from states.labels import state_label

CASE = "{case}"  # replaced by the test case's id
HOUSEHOLD = "{household}"


class World:
    """A case in `screened` with a fact recorded, held by ola; commands run as ola unless told."""

    def __init__(self, rto: InProcessRto) -> None:
        self.rto = rto
        self.household = self.ok("household", "add", "--name", "Familien Berg", "--adults", "2", "--json")["id"]
        self.case = self.ok("case", "open", str(self.household), "--json")["id"]
        self.ok("case", "set", str(self.case), "income_monthly=52000", "--json")

    def ok(self, *args: str) -> Any:
        result = self.rto(*args)
        assert result.code == 0, result
        return result.json

    def fill(self, args: list[str]) -> list[str]:
        return [a.replace(CASE, str(self.case)).replace(HOUSEHOLD, str(self.household)) for a in args]

    def case_state(self) -> tuple[int, int]:
        """(version, number of history events) as `case show` and `case history` tell them."""
        version = self.ok("case", "show", str(self.case), "--json")["version"]
        return version, len(self.ok("case", "history", str(self.case), "--json"))

    def fails(self, args: list[str], code: int, *, env: dict[str, str] | None = None) -> Result:
        """Run a command that must fail with `code`, and check that nothing was written."""
        before_rows, before_case = database_rows(self.rto.url), self.case_state()
        with pytest.MonkeyPatch.context() as mp:
            for name, value in (env or {}).items():
                mp.setenv(name, value)
            result = self.rto(*self.fill(args))
        assert result.code == code, result
        assert "Traceback" not in result.err and "Traceback" not in result.out, result
        assert result.err.strip(), f"no message on stderr: {result!r}"
        assert "Intern feil" not in result.err and "Internal error" not in result.err, result
        assert self.case_state() == before_case
        assert database_rows(self.rto.url) == before_rows
        return result


@pytest.fixture
def world(rto: InProcessRto) -> World:
    return World(rto)


BAD_NIN = "01010112345"  # the right length, wrong check digits

MALFORMED = [
    # (id, args, exit code, what the Norwegian message must name)
    ("unknown fact", ["case", "set", CASE, "consent=yes", "favourite_colour=blue"], 2,
     ["Ukjent opplysning", "favourite_colour", "income_monthly", "tenancy_ended"]),
    ("negative amount", ["case", "set", CASE, "consent=yes", "income_monthly=-5000"], 2,
     ["income_monthly", "-5000", "hele kroner"]),
    ("amount with decimals", ["case", "set", CASE, "debt_monthly=1500.50"], 2, ["debt_monthly", "1500.50"]),
    ("impossible date", ["case", "set", CASE, "certificate_expires=2026-02-30"], 2,
     ["certificate_expires", "2026-02-30", "ÅÅÅÅ-MM-DD"]),
    ("Norwegian date format", ["case", "set", CASE, "takeover_date=31.12.2026"], 2,
     ["takeover_date", "31.12.2026", "ÅÅÅÅ-MM-DD"]),
    ("bad yes/no", ["case", "set", CASE, "consent=maybe"], 2, ["consent", "«maybe»", "ja", "nei"]),
    ("bad choice", ["case", "set", CASE, "bid_result=won"], 2, ["bid_result", "won", "accepted", "withdrawn"]),
    ("not KEY=VALUE", ["case", "set", CASE, "consent"], 2, ["consent", "NØKKEL=VERDI"]),
    ("bad identity number", ["household", "add", "--name", "Familien Feil", "--nin", BAD_NIN], 2,
     ["fødselsnummer", "kontrollsifrene"]),
    ("identity number too short", ["household", "add", "--name", "Familien Feil", "--nin", "1505851234"], 2,
     ["fødselsnummer", "11 siffer"]),
    ("unknown state", ["case", "advance", CASE, "flying"], 2,
     ["«flying»", *(state_label(state, "nb") for state in STATE_NAMES)]),
    ("unknown case: show", ["case", "show", "999"], 4, ["999"]),
    ("unknown case: set", ["case", "set", "999", "consent=yes"], 4, ["999"]),
    ("unknown case: advance", ["case", "advance", "999", "motivated"], 4, ["999"]),
    ("unknown case: history", ["case", "history", "999"], 4, ["999"]),
    ("unknown household", ["case", "open", "999"], 4, ["husstand", "999"]),
    ("unknown staff for assign", ["--as", "siri", "case", "assign", CASE, "nobody"], 4, ["nobody"]),
    ("non-integer case id", ["case", "show", "abc"], 2, ["abc"]),
    ("non-integer case id: advance", ["case", "advance", "12x", "motivated"], 2, ["12x"]),
    ("unknown outcome", ["case", "close", CASE, "--outcome", "won_lottery", "--reason", "Vant i lotto"], 2,
     ["won_lottery", "private_rental", "moved_away"]),
    ("pause without reason", ["case", "pause", CASE], 2, ["--reason"]),
    ("pause with a blank reason", ["case", "pause", CASE, "--reason", "   "], 2, ["--reason"]),
]


@pytest.mark.parametrize(("args", "code", "words"), [m[1:] for m in MALFORMED], ids=[m[0] for m in MALFORMED])
def test_malformed_input_exits_with_a_clear_message_and_writes_nothing(world: World, args: list[str], code: int,
                                                                       words: list[str]) -> None:
    result = world.fails(args, code)
    for word in words:
        assert word.lower() in result.err.lower(), (word, result)
    assert result.out.strip() == "", result


def test_a_bad_identity_number_is_never_echoed_whole(world: World) -> None:
    result = world.fails(["household", "add", "--name", "Familien Feil", "--nin", BAD_NIN], 2)
    assert BAD_NIN not in result.err and BAD_NIN not in result.out
    # one bad number among good ones: still nothing written
    world.fails(["household", "add", "--name", "Familien Feil", "--nin", valid_nin(), "--nin", BAD_NIN], 2)
    world.fails(["household", "add", "--name", "Familien Feil", "--nin", valid_nin(), "--nin", valid_nin()], 2)


def test_one_bad_value_among_good_ones_writes_none_of_them(world: World) -> None:
    world.fails(["case", "set", CASE, "consent=yes", "plan_agreed=yes", "loan_amount=abc", "equity=5000"], 2)
    facts = world.ok("case", "show", str(world.case), "--json")["facts"]
    assert facts == {"income_monthly": 52000}


JSON_ERRORS = [
    ("unknown fact", ["case", "set", CASE, "favourite_colour=blue"], 2),
    ("negative amount", ["case", "set", CASE, "income_monthly=-1"], 2),
    ("bad identity number", ["household", "add", "--name", "Familien Feil", "--nin", BAD_NIN], 2),
    ("unknown case", ["case", "show", "999"], 4),
    ("unknown household", ["case", "open", "999"], 4),
    ("unknown staff for assign", ["--as", "siri", "case", "assign", CASE, "nobody"], 4),
]


@pytest.mark.parametrize(("args", "code"), [m[1:] for m in JSON_ERRORS], ids=[m[0] for m in JSON_ERRORS])
def test_with_json_an_error_is_one_json_document_on_stdout(world: World, args: list[str], code: int) -> None:
    result = world.fails([*args, "--json"], code)
    document = result.json  # the whole of stdout is one JSON document
    assert set(document) == {"error"}, document
    error = document["error"]
    assert error["exit"] == code
    assert isinstance(error["message"], str) and error["message"].strip()
    assert isinstance(error["code"], str) and error["code"]
    assert error["message"] in result.err


CLICK_ERRORS = [
    ("unknown state", ["case", "advance", CASE, "flying"]),
    ("non-integer case id", ["case", "show", "abc"]),
    ("unknown outcome", ["case", "close", CASE, "--outcome", "won_lottery", "--reason", "Vant i lotto"]),
    ("pause without reason", ["case", "pause", CASE]),
]


@pytest.mark.parametrize("args", [m[1] for m in CLICK_ERRORS], ids=[m[0] for m in CLICK_ERRORS])
def test_with_json_a_usage_error_is_one_json_document_on_stdout_too(world: World, args: list[str]) -> None:
    result = world.fails([*args, "--json"], 2)
    error = result.json["error"]
    assert error["exit"] == 2 and error["message"].strip()


@pytest.mark.parametrize("args", [m[1] for m in CLICK_ERRORS], ids=[m[0] for m in CLICK_ERRORS])
def test_usage_errors_are_in_norwegian_by_default(world: World, args: list[str]) -> None:
    result = world.fails(args, 2)
    assert "Error:" not in result.err and "Invalid value" not in result.err and "Missing option" not in result.err


def test_messages_are_norwegian_by_default_and_english_when_asked(world: World) -> None:
    bad_fact = ["case", "set", CASE, "favourite_colour=blue"]
    no_case = ["case", "show", "999"]

    assert "Ukjent opplysning «favourite_colour»" in world.fails(bad_fact, 2).err
    assert "Fant ingen sak 999" in world.fails(no_case, 4).err

    # --lang en, before or after the command
    assert "Unknown fact 'favourite_colour'" in world.fails(["--lang", "en", *bad_fact], 2).err
    assert "No case 999" in world.fails([*no_case, "--lang", "en"], 4).err
    english = world.fails([*bad_fact, "--lang", "en", "--json"], 2)
    assert english.json["error"]["message"].startswith("Unknown fact")

    # RTO_LANGUAGE=en, and --lang beats it
    env = {"RTO_LANGUAGE": "en"}
    assert "Unknown fact 'favourite_colour'" in world.fails(bad_fact, 2, env=env).err
    assert "No case 999" in world.fails(no_case, 4, env=env).err
    assert "Ukjent opplysning" in world.fails(["--lang", "nb", *bad_fact], 2, env=env).err

    # the amount and date messages too
    assert "is not an amount in whole NOK" in world.fails(
        ["case", "set", CASE, "income_monthly=-5", "--lang", "en"], 2).err
    assert "YYYY-MM-DD" in world.fails(["case", "set", CASE, "contract_date=2026-13-01"], 2, env=env).err
    assert "not a valid national identity number" in world.fails(
        ["household", "add", "--name", "Familien Feil", "--nin", BAD_NIN], 2, env=env).err


def test_a_real_process_exits_cleanly_on_malformed_input(database_url: str) -> None:
    """The same, through the installed executable: no traceback, the right exit code."""
    for args, code, word in (
        (["case", "set", "1", "favourite_colour=blue"], 2, "favourite_colour"),
        (["case", "show", "abc"], 2, "abc"),
        (["case", "open", "999"], 4, "999"),
        (["household", "add", "--name", "Familien Feil", "--nin", BAD_NIN], 2, "fødselsnummer"),
    ):
        result = run_rto(*args, url=database_url)
        assert result.code == code, result
        assert word in result.err, result
        assert "Traceback" not in result.err + result.out, result
