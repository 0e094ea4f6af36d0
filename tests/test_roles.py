"""Who may do what (exit 5, nothing written), and the supervisors' four-eyes override.

Staff in every test database: adm (admin), ola and per (caseworkers), siri and sven (supervisors).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from conftest import OSLO, InProcessRto, Result
from helpers import database_rows, facts_for, grant_help_by_cli, receive_papers_by_cli

MAIN_PATH = ["motivated", "financed", "searching", "bidding", "contracted", "moved_in"]


class Office:
    """Runs `rto` as a given login, and builds cases through the command line."""

    def __init__(self, rto: InProcessRto) -> None:
        self.rto = rto

    def run(self, login: str, *args: Any) -> Result:
        return self.rto("--as", login, *[str(a) for a in args])

    def ok(self, login: str, *args: Any) -> Any:
        result = self.run(login, *args, "--json")
        assert result.code == 0, result
        return result.json

    def denied(self, login: str, *args: Any, code: int = 5) -> Result:
        """The command exits with `code` (not permitted by default), says why, and writes nothing."""
        before = database_rows(self.rto.url)
        result = self.run(login, *args)
        assert result.code == code, result
        assert result.err.strip() and "Traceback" not in result.err, result
        assert database_rows(self.rto.url) == before, f"something was written: {result!r}"
        return result

    def new_case(self, login: str = "ola", target: str = "screened", granted: bool = False) -> int:
        """A case brought to `target` with its facts, its decision (help granted, approved by siri) and its
        papers; a screened case has its help granted only when `granted`."""
        household = self.ok(login, "household", "add", "--name", "Familien Test", "--adults", "2",
                            "--children", "1", "--child-ages", "7", "--unit", "Kirkegata 3 H0101")["id"]
        case_id: int = self.ok(login, "case", "open", household)["id"]
        if granted or target != "screened":
            self.grant_help(case_id, login)
        for state in MAIN_PATH[: MAIN_PATH.index(target) + 1] if target != "screened" else []:
            pairs = facts_for(state, datetime.now(OSLO).date())
            if pairs:
                self.ok(login, "case", "set", case_id, *pairs)
            receive_papers_by_cli(self.run, case_id, state, login)
            self.ok(login, "case", "advance", case_id, state)
        return case_id

    def grant_help(self, case_id: int, login: str = "ola") -> None:
        """The approved `help_granted` decision `motivated` needs: proposed by `login`, approved by siri."""
        grant_help_by_cli(self.run, case_id, login, "siri")

    def state(self, case_id: int) -> str:
        return str(self.ok("siri", "case", "show", case_id)["state"])

    def history(self, case_id: int) -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = self.ok("siri", "case", "history", case_id)
        return events


@pytest.fixture
def office(rto: InProcessRto) -> Office:
    return Office(rto)


# --- who is acting ---

def test_an_unknown_login_is_not_permitted_by_option_or_environment(office: Office,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    case_id = office.new_case()

    result = office.denied("nobody", "case", "show", case_id)
    assert "nobody" in result.err
    office.denied("nobody", "case", "list")
    office.denied("nobody", "household", "add", "--name", "Familien Ukjent")
    office.denied("nobody", "case", "set", case_id, "consent=yes")
    office.denied("nobody", "staff", "list")
    json_result = office.denied("nobody", "case", "note", case_id, "hei", "--json")
    assert json_result.json["error"]["exit"] == 5

    monkeypatch.setenv("RTO_USER", "ghost")
    before = database_rows(office.rto.url)
    for args in (["case", "show", str(case_id)], ["case", "set", str(case_id), "consent=yes"],
                 ["household", "add", "--name", "Familien Spøkelse"]):
        result = office.rto(*args)
        assert result.code == 5, result
        assert "ghost" in result.err
    assert database_rows(office.rto.url) == before
    # --as beats RTO_USER
    assert office.rto("--as", "ola", "case", "show", str(case_id)).code == 0


def test_a_deactivated_staff_member_can_no_longer_act(office: Office) -> None:
    own_case = office.new_case("per")
    office.ok("adm", "staff", "deactivate", "per")
    staff = {s["login"]: s["active"] for s in office.ok("adm", "staff", "list")}
    assert staff["per"] is False

    for args in (["case", "show", own_case], ["case", "set", own_case, "consent=yes"],
                 ["case", "note", own_case, "Ringte husstanden"], ["case", "advance", own_case, "motivated"],
                 ["case", "list"], ["household", "add", "--name", "Familien Ny"], ["staff", "list"]):
        result = office.denied("per", *args)
        assert "per" in result.err
    # a deactivated caseworker cannot be given cases either
    office.denied("siri", "case", "assign", office.new_case("ola"), "per")

    office.ok("adm", "staff", "activate", "per")
    assert office.ok("per", "case", "show", own_case)["id"] == own_case


def test_an_admin_cannot_deactivate_themselves_and_only_admins_deactivate(office: Office) -> None:
    office.denied("adm", "staff", "deactivate", "adm", code=2)
    office.denied("siri", "staff", "deactivate", "per")
    office.denied("ola", "staff", "deactivate", "per")


# --- caseworkers act on their own cases ---

def test_a_caseworker_cannot_act_on_another_caseworkers_case(office: Office) -> None:
    case_id = office.new_case("ola", granted=True)
    office.ok("ola", "case", "set", case_id, *facts_for("motivated", datetime.now(OSLO).date()))

    for args in (["case", "show", case_id], ["case", "set", case_id, "consent=no"],
                 ["case", "advance", case_id, "motivated"], ["case", "note", case_id, "Ikke min sak"],
                 ["case", "history", case_id], ["case", "pause", case_id, "--reason", "Ferie"],
                 ["case", "close", case_id, "--outcome", "declined", "--reason", "Vil ikke kjøpe"]):
        result = office.denied("per", *args)
        assert "ola" in result.err and "per" in result.err, result
    assert office.ok("per", "case", "list") == []
    office.denied("per", "case", "list", "--caseworker", "ola")
    office.denied("ola", "case", "open", office.ok("ola", "household", "add", "--name", "Familien X")["id"],
                  "--caseworker", "per")

    # ola herself can, and so can a supervisor
    assert office.ok("ola", "case", "advance", case_id, "motivated")["state"] == "motivated"
    assert office.ok("siri", "case", "show", case_id)["state"] == "motivated"
    office.ok("siri", "case", "note", case_id, "Fulgt opp av leder")


def test_what_caseworkers_may_not_do_and_supervisors_may(office: Office) -> None:
    # reassigning
    case_id = office.new_case("ola")
    office.denied("ola", "case", "assign", case_id, "per")
    assigned = office.ok("siri", "case", "assign", case_id, "per")
    assert assigned["caseworker"] == "per" and assigned["previous"] == "ola"
    assert office.ok("per", "case", "show", case_id)["caseworker"] == "per"
    office.denied("ola", "case", "show", case_id)  # no longer hers
    assert [e for e in office.history(case_id) if e["kind"] == "assigned"][0]["actor"] == "siri"

    # a correction backwards: financed -> motivated
    financed = office.new_case("ola", "financed")
    office.denied("ola", "case", "advance", financed, "motivated", "--reason", "Lånet ble trukket")
    office.denied("ola", "case", "advance", financed, "motivated")
    office.denied("siri", "case", "advance", financed, "motivated", code=2)  # a supervisor must give a reason
    corrected = office.ok("siri", "case", "advance", financed, "motivated", "--reason", "Lånet ble trukket")
    assert corrected["state"] == "motivated"
    correction = office.history(financed)[-1]
    assert (correction["kind"], correction["actor"]) == ("correction", "siri")
    assert (correction["from_state"], correction["to_state"]) == ("financed", "motivated")
    assert correction["details"]["reason"] == "Lånet ble trukket"

    # reopening a closed case: the caseworker may close it, only a supervisor reopen it
    closed = office.new_case("ola")
    office.ok("ola", "case", "close", closed, "--outcome", "private_rental", "--reason", "Leier privat")
    assert office.state(closed) == "closed"
    office.denied("ola", "case", "reopen", closed, "--reason", "Ny jobb")
    office.denied("siri", "case", "reopen", closed, code=2)  # click: --reason is required
    reopened = office.ok("siri", "case", "reopen", closed, "--reason", "Ny jobb med fast inntekt")
    assert reopened["state"] == "screened"
    assert office.history(closed)[-1]["kind"] == "reopened"
    assert office.history(closed)[-1]["details"]["reason"] == "Ny jobb med fast inntekt"


def test_only_admins_add_staff(office: Office) -> None:
    for login in ("ola", "siri"):
        result = office.denied(login, "staff", "add", "kari", "--name", "Kari Nordmann", "--email", "kari@kommune.no",
                               "--role", "caseworker")
        assert login in result.err
    added = office.ok("adm", "staff", "add", "kari", "--name", "Kari Nordmann", "--email", "kari@kommune.no",
                      "--role", "caseworker")
    assert added["login"] == "kari" and added["role"] == "caseworker"
    assert office.ok("kari", "case", "list") == []
    office.denied("adm", "staff", "add", "kari", "--name", "Kari Igjen", "--email", "k@kommune.no",
                  "--role", "caseworker", code=2)  # already registered


def test_an_admin_does_not_work_cases(office: Office) -> None:
    case_id = office.new_case("ola")
    office.denied("adm", "case", "advance", case_id, "motivated")
    office.denied("adm", "household", "add", "--name", "Familien Admin")


# --- the four-eyes override ---

def refusals(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for e in events if e["kind"] == "refused"]


def test_a_supervisor_overrides_a_caseworkers_refused_step_with_a_reason(office: Office) -> None:
    case_id = office.new_case("ola", granted=True)  # the decision is there: no override could replace it

    # ola proposes screened -> motivated without the facts: refused, and the refusal is recorded
    before = len(office.history(case_id))
    refused = office.run("ola", "case", "advance", case_id, "motivated")
    assert refused.code == 3, refused
    for fact in ("consent", "income_monthly", "income_predictable", "plan_agreed"):
        assert fact in refused.err
    history = office.history(case_id)
    assert len(history) == before + 1
    refusal = history[-1]
    assert (refusal["kind"], refusal["actor"], refusal["from_state"], refusal["to_state"]) == \
        ("refused", "ola", "screened", "motivated")
    unmet = {r["code"] for r in refusal["details"]["requirements"]}
    assert unmet == {"consent_missing", "fact_missing", "income_unpredictable", "plan_missing"}
    assert office.state(case_id) == "screened"

    # an override needs a reason, and only a supervisor's counts
    office.denied("siri", "case", "advance", case_id, "motivated", "--override", code=2)
    office.denied("siri", "case", "advance", case_id, "motivated", "--override", "--reason", "  ", code=2)
    office.denied("ola", "case", "advance", case_id, "motivated", "--override", "--reason", "Haster")
    office.denied("per", "case", "advance", case_id, "motivated", "--override", "--reason", "Haster")
    office.denied("adm", "case", "advance", case_id, "motivated", "--override", "--reason", "Haster")

    done = office.ok("siri", "case", "advance", case_id, "motivated", "--override", "--reason",
                     "Husstanden har samtykket muntlig; papirene kommer")
    assert done["state"] == "motivated"
    assert {r["code"] for r in done["overridden"]} == unmet
    assert office.state(case_id) == "motivated"

    event = office.history(case_id)[-1]
    assert (event["kind"], event["actor"], event["from_state"], event["to_state"]) == \
        ("override", "siri", "screened", "motivated")
    assert event["details"]["proposer"] == "ola"
    assert event["details"]["reason"] == "Husstanden har samtykket muntlig; papirene kommer"
    assert {r["code"] for r in event["details"]["overridden"]} == unmet
    facts_named = {r["params"].get("fact") for r in event["details"]["overridden"]}
    assert {"consent", "income_monthly", "income_predictable", "plan_agreed"} <= facts_named


def test_a_supervisor_cannot_override_her_own_refused_proposal(office: Office) -> None:
    case_id = office.new_case("ola", granted=True)
    refused = office.run("sven", "case", "advance", case_id, "motivated")
    assert refused.code == 3, refused
    assert refusals(office.history(case_id))[-1]["actor"] == "sven"

    result = office.denied("sven", "case", "advance", case_id, "motivated", "--override", "--reason", "Jeg vet best")
    assert "sven" in result.err
    assert office.state(case_id) == "screened"

    # another supervisor may: four eyes
    done = office.ok("siri", "case", "advance", case_id, "motivated", "--override", "--reason", "Godkjent av leder")
    assert done["state"] == "motivated"
    assert office.history(case_id)[-1]["details"]["proposer"] == "sven"


def test_an_override_needs_an_earlier_refused_attempt(office: Office) -> None:
    case_id = office.new_case("ola", granted=True)
    office.denied("siri", "case", "advance", case_id, "motivated", "--override", "--reason", "Snarvei")
    assert refusals(office.history(case_id)) == []
    assert office.state(case_id) == "screened"

    # a refusal of a different step does not count for this one
    financed = office.new_case("ola", "financed")
    expired = (datetime.now(OSLO).date() - timedelta(days=1)).isoformat()
    assert office.run("ola", "case", "set", financed, f"certificate_expires={expired}").code == 0
    assert office.run("ola", "case", "advance", financed, "bidding").code == 3  # no such step from financed
    office.denied("siri", "case", "advance", financed, "searching", "--override", "--reason", "Snarvei")


def test_an_override_of_a_step_whose_guards_hold_is_an_ordinary_step(office: Office) -> None:
    financed = office.new_case("ola", "financed")
    done = office.ok("siri", "case", "advance", financed, "searching", "--override", "--reason", "Unødvendig")
    assert done["state"] == "searching" and done["event"] == "transition"


def test_a_caseworker_cannot_override_even_after_someone_else_was_refused(office: Office) -> None:
    case_id = office.new_case("ola", granted=True)
    assert office.run("siri", "case", "advance", case_id, "motivated").code == 3
    result = office.denied("ola", "case", "advance", case_id, "motivated", "--override", "--reason", "Haster")
    assert "ola" in result.err
    assert office.state(case_id) == "screened"
