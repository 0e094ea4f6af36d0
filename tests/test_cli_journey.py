"""The whole journey through the real `rto` executable, the way a caseworker's terminal runs it.

Every step goes through `run_rto` (a real process): no service is called directly, and dates are
relative to the real today, because the executable uses the real clock.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from conftest import OSLO, Result, run_rto
from helpers import grant_help_by_cli, receive_papers_by_cli

CASE_KEYS = {"id", "household", "state", "caseworker", "opened_at", "state_entered_at", "version", "facts",
             "allowed", "blocked"}
EVENT_KEYS = {"at", "actor", "kind", "from_state", "to_state", "details"}


def ok(result: Result) -> Result:
    assert result.code == 0, result
    assert "Traceback" not in result.err, result
    return result


def check_show(document: dict[str, Any], case_id: int, household_id: int, state: str) -> None:
    """`case show --json` carries the keys cli.md fixes, with the types it fixes."""
    assert document.keys() >= CASE_KEYS, sorted(CASE_KEYS - document.keys())
    assert document["id"] == case_id
    assert document["household"] == household_id
    assert document["state"] == state
    assert document["caseworker"] == "ola"
    assert isinstance(document["version"], int)
    assert isinstance(document["facts"], dict)
    assert isinstance(document["allowed"], list)
    assert isinstance(document["blocked"], dict)
    for target, sentences in document["blocked"].items():
        assert isinstance(target, str)
        assert isinstance(sentences, list) and sentences, (target, sentences)
        assert all(isinstance(s, str) and s.strip() for s in sentences), sentences
    for stamp in (document["opened_at"], document["state_entered_at"]):
        assert isinstance(stamp, str) and stamp[:4].isdigit(), stamp


def test_a_household_goes_from_screened_to_moved_in_through_the_real_executable(database_url: str) -> None:
    def rto(*args: str, user: str = "ola") -> Result:
        return run_rto(*args, url=database_url, user=user)

    def show(case_id: int) -> dict[str, Any]:
        document: dict[str, Any] = ok(rto("case", "show", str(case_id), "--json")).json
        return document

    def advance(case_id: int, state: str) -> dict[str, Any]:
        document: dict[str, Any] = ok(rto("case", "advance", str(case_id), state, "--json")).json
        assert document["state"] == state, document
        return document

    def set_facts(case_id: int, *pairs: str) -> None:
        ok(rto("case", "set", str(case_id), *pairs))

    def as_login(login: str, *args: str) -> Result:
        return rto(*args, user=login)

    def papers(case_id: int, state: str) -> None:
        """`rto case docs`, then `rto case doc ... received` for each paper the step into `state` misses."""
        receive_papers_by_cli(as_login, case_id, state)

    today = datetime.now(OSLO).date()  # the executable's 'today' is the service's, in Europe/Oslo
    expires = (today + timedelta(days=90)).isoformat()

    # A household, and a case for it.
    added = ok(rto("household", "add", "--name", "Familien Berg", "--adults", "2", "--children", "1",
                   "--child-ages", "7", "--unit", "Kirkegata 3 H0101", "--json")).json
    assert set(added) == {"id"} and isinstance(added["id"], int)
    household_id = added["id"]

    opened = ok(rto("case", "open", str(household_id), "--json")).json
    assert isinstance(opened["id"], int) and opened["state"] == "screened"
    case_id = opened["id"]

    document = show(case_id)
    check_show(document, case_id, household_id, "screened")
    assert document["facts"] == {}
    assert "motivated" in document["blocked"] and "motivated" not in document["allowed"]
    version = document["version"]

    # screened -> motivated
    set_facts(case_id, "consent=yes", "income_monthly=62000", "income_predictable=yes", "plan_agreed=yes",
              "debt_monthly=1500", "fixed_costs_monthly=0")
    document = show(case_id)
    assert "motivated" in document["blocked"]  # the facts are there; the decision is not yet
    # the enkeltvedtak: ola proposes, siri (a supervisor) approves
    decision = grant_help_by_cli(as_login, case_id, "ola", "siri")
    document = show(case_id)
    assert "motivated" in document["allowed"] and "motivated" not in document["blocked"]
    assert document["facts"]["income_monthly"] == 62000 and document["facts"]["consent"] is True
    assert document["version"] > version
    advance(case_id, "motivated")

    # A note, and a pause for a life event, then back to where it was.
    ok(rto("case", "note", str(case_id), "Husstanden ønsker å kjøpe i Sandnes sentrum."))
    paused = ok(rto("case", "pause", str(case_id), "--reason", "Fødsel i familien", "--json")).json
    assert paused["state"] == "paused"
    document = show(case_id)
    check_show(document, case_id, household_id, "paused")
    assert "motivated" in document["allowed"]
    resumed = ok(rto("case", "resume", str(case_id), "--json")).json
    assert resumed["state"] == "motivated"

    # motivated -> financed -> searching
    set_facts(case_id, "loan_amount=2800000", "grant_amount=100000", "equity=50000",
              f"certificate_issued={today.isoformat()}", f"certificate_expires={expires}")
    papers(case_id, "financed")
    advance(case_id, "financed")
    advance(case_id, "searching")

    # searching -> bidding; the bid is lost, back to searching
    set_facts(case_id, "property=Kirkeveien 12, 4306 Sandnes", "property_type=cooperative",
              "asking_price=2700000", "common_costs_monthly=2500", "property_approved=yes",
              "bid_amount=2750000", "bid_result=pending")
    papers(case_id, "bidding")
    advance(case_id, "bidding")
    document = show(case_id)
    check_show(document, case_id, household_id, "bidding")
    assert "searching" in document["blocked"] and "contracted" in document["blocked"]
    set_facts(case_id, "bid_result=lost")
    advance(case_id, "searching")

    # a second property: the first one's approval and bid do not carry over to it
    set_facts(case_id, "property=Storgata 5, 4307 Sandnes", "asking_price=2650000", "bid_amount=2680000",
              "bid_result=pending")
    refused = rto("case", "advance", str(case_id), "bidding")
    assert refused.code == 3 and "property_approved" in refused.err, refused
    set_facts(case_id, "property_type=cooperative", "property_approved=yes")
    advance(case_id, "bidding")
    set_facts(case_id, "bid_result=accepted", "purchase_price=2680000", f"contract_date={today.isoformat()}",
              f"takeover_date={today.isoformat()}")
    papers(case_id, "contracted")
    advance(case_id, "contracted")

    # contracted -> moved_in: only once the municipal tenancy has ended
    papers(case_id, "moved_in")
    refused = rto("case", "advance", str(case_id), "moved_in")
    assert refused.code == 3, refused
    assert "tenancy_ended" in refused.err
    set_facts(case_id, "tenancy_ended=yes")
    advance(case_id, "moved_in")

    document = show(case_id)
    check_show(document, case_id, household_id, "moved_in")
    assert document["allowed"] == [] and document["blocked"] == {}
    assert document["facts"]["property"] == "Storgata 5, 4307 Sandnes"

    # The history, oldest first.
    history = ok(rto("case", "history", str(case_id), "--json")).json
    assert isinstance(history, list) and history
    for event in history:
        assert event.keys() >= EVENT_KEYS, event
        assert isinstance(event["details"], dict)
    stamps = [e["at"] for e in history]
    assert stamps == sorted(stamps)
    assert history[0]["kind"] == "opened" and history[0]["to_state"] == "screened"
    moves = [(e["from_state"], e["to_state"]) for e in history if e["kind"] == "transition"]
    assert moves == [("screened", "motivated"), ("motivated", "financed"), ("financed", "searching"),
                     ("searching", "bidding"), ("bidding", "searching"), ("searching", "bidding"),
                     ("bidding", "contracted"), ("contracted", "moved_in")]
    kinds = [e["kind"] for e in history]
    assert kinds.index("paused") < kinds.index("resumed")
    paused_event = next(e for e in history if e["kind"] == "paused")
    assert (paused_event["from_state"], paused_event["to_state"]) == ("motivated", "paused")
    assert paused_event["details"]["reason"] == "Fødsel i familien"
    resumed_event = next(e for e in history if e["kind"] == "resumed")
    assert (resumed_event["from_state"], resumed_event["to_state"]) == ("paused", "motivated")
    notes = [e for e in history if e["kind"] == "note"]
    assert [n["details"]["text"] for n in notes] == ["Husstanden ønsker å kjøpe i Sandnes sentrum."]
    assert kinds.count("refused") == 2  # no tenancy ended yet; no approval of the second property
    # the approver queues the letter-ready notice with the approval; everything else is the caseworker's
    letter_notices = [e for e in history
                      if e["kind"] == "reminder_queued" and e["details"].get("notice") == "letter_ready"]
    assert [e["actor"] for e in letter_notices] == ["siri"]
    assert {e["actor"] for e in history if e["kind"] != "decision_approved" and e not in letter_notices} == {"ola"}
    approved = [e for e in history if e["kind"] == "decision_approved"]
    assert [(e["actor"], e["details"]["decision"], e["details"]["kind"]) for e in approved] == [
        ("siri", decision, "help_granted")]
    assert kinds.index("decision_approved") < kinds.index("transition")
    # a household known by its counts supplies each adult's paper once
    received = [(e["details"]["key"], e["details"]["member"], e["details"]["new"]["status"])
                for e in history if e["kind"] == "paper"]
    assert received == [(key, None, "received") for key in ("tax_return", "payslips", "debt_register",
                                                            "prospectus", "purchase_contract",
                                                            "mortgage_registered")]

    # `case list --json`: a list of case objects.
    listed = ok(rto("case", "list", "--json")).json
    assert isinstance(listed, list) and [c["id"] for c in listed] == [case_id]
    assert listed[0].keys() >= {"id", "household", "state", "caseworker", "opened_at", "state_entered_at",
                                "version"}, listed[0]
    assert listed[0]["version"] == document["version"] and listed[0]["caseworker"] == "ola"
    assert listed[0]["state"] == "moved_in" and listed[0]["household"] == household_id
    assert ok(rto("case", "list", "--state", "moved_in", "--json")).json[0]["id"] == case_id
    assert ok(rto("case", "list", "--state", "searching", "--json")).json == []


def _sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _staff(path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as conn:
        return sorted(conn.execute("SELECT login, role FROM staff").fetchall())


def _revision(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def test_init_creates_a_new_database_registers_the_admin_and_is_harmless_the_second_time(tmp_path: Path) -> None:
    path = tmp_path / "ny" / "rto.db"
    url = _sqlite_url(path)

    first = ok(run_rto("init", "--admin", "kari", "--name", "Kari Nordmann", "--email", "kari@kommune.no",
                       "--json", url=url, user="kari"))
    assert path.exists()
    created = first.json
    assert created["created"] is True and created["registered"] is True and created["admin"] == "kari"
    assert _staff(path) == [("kari", "admin")]
    revision = _revision(path)

    # kari can act at once: she is a registered, active admin.
    staff = ok(run_rto("staff", "list", "--json", url=url, user="kari")).json
    assert [(s["login"], s["role"], s["active"]) for s in staff] == [("kari", "admin", True)]
    assert staff[0]["name"] == "Kari Nordmann" and staff[0]["email"] == "kari@kommune.no"

    # A second init, even one naming another admin, changes nothing.
    again = ok(run_rto("init", "--json", url=url, user="kari")).json
    assert again["created"] is False and again["registered"] is False and again["admin"] == "kari"
    other = ok(run_rto("init", "--admin", "bob", "--name", "Bob", "--email", "bob@kommune.no", url=url,
                       user="kari"))
    assert "kari" in other.err  # says there already is an admin, and who
    assert _staff(path) == [("kari", "admin")]
    assert _revision(path) == revision


def test_a_second_init_does_not_report_an_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "rto.db"
    url = _sqlite_url(path)
    ok(run_rto("init", "--admin", "kari", "--name", "Kari Nordmann", "--email", "kari@kommune.no", url=url,
               user="kari"))
    again = ok(run_rto("init", "--json", url=url, user="kari")).json
    # Nothing was upgraded: the database was already at the newest revision.
    assert again["upgraded_from"] is None, again


def test_a_command_on_a_database_that_does_not_exist_says_to_run_init(tmp_path: Path) -> None:
    path = tmp_path / "finnes-ikke.db"
    url = _sqlite_url(path)

    result = run_rto("case", "list", url=url, user="kari")

    assert result.code == 4, result
    assert "rto init" in result.err and "Traceback" not in result.err
    assert not path.exists()

    result = run_rto("staff", "list", "--lang", "en", url=url, user="kari")
    assert result.code == 4, result
    assert "rto init" in result.err
    assert not path.exists()
