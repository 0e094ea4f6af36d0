"""The access log: every look at a case (`case show`, `case history`, an audit export) is recorded with who,
when and what; `rto audit access` answers "who has looked at this case" and "what has this person looked
at"; the audit export writes every event of a date range as JSON lines whose hashes can be verified again
later; and none of it touches the hash-chained histories, which `rto audit verify` still finds intact.

Every test runs on SQLite and on PostgreSQL (the `app` / `database_url` fixtures).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine
from conftest import FakeClock, InProcessRto, run_rto
from helpers import as_json, at, facts_for, grant_help, new_case, receive_papers
from sqlalchemy import select

from states.canonical import canonical
from states.errors import NotFound, NotPermitted, Refused
from states.history import HASH_FORMULAS, HASH_VERSION
from workflow.access import access_log
from workflow.audit import export_events, verify_histories
from workflow.bootstrap import App
from workflow.cases import add_note, set_facts
from workflow.schema import case_events as events_t
from workflow.schema import cases as cases_t
from workflow.steps import StepRequest, take_step
from workflow.views import case_history, show_case

pytestmark = pytest.mark.timeout(120)


def stamp(moment: str) -> str:
    """How the access log prints a moment: Oslo time, to the second."""
    return at(moment).isoformat(timespec="seconds")


def case_rows(app: App, case_id: int) -> tuple[Any, ...]:
    with app.db.transaction() as conn:
        return tuple(conn.execute(select(cases_t).where(cases_t.c.id == case_id)).one())


def history_rows(app: App, case_id: int) -> list[tuple[Any, ...]]:
    with app.db.transaction() as conn:
        return [tuple(r) for r in conn.execute(
            select(events_t).where(events_t.c.case_id == case_id).order_by(events_t.c.seq))]


def moved(app: App, case_id: int, state: str, login: str = "ola") -> None:
    set_facts(app, login, case_id, facts_for(state, app.today()))
    if state == "motivated":
        grant_help(app, case_id, login)
    receive_papers(app, case_id, state, login)
    take_step(app, login, case_id, StepRequest(state))


# --------------------------------------------------------------------------------------------------------------
# The services
# --------------------------------------------------------------------------------------------------------------


def test_every_show_and_history_is_recorded_newest_first(app: App, clock: FakeClock) -> None:
    clock.current = at("2026-03-02T09:15:00")
    case_id = new_case(app, "ola")
    other = new_case(app, "per")
    assert as_json(access_log(app, "siri", case_id)) == []  # opening, facts and notes are not looks
    before = case_rows(app, case_id), history_rows(app, case_id)

    clock.current = at("2026-03-02T10:00:00")
    show_case(app, "ola", case_id)
    clock.current = at("2026-03-02T10:05:30")
    case_history(app, "ola", case_id)
    clock.current = at("2026-03-03T08:00:00")
    show_case(app, "siri", case_id)
    show_case(app, "siri", other)
    clock.current = at("2026-03-03T08:01:00")
    case_history(app, "per", other)

    assert as_json(access_log(app, "siri", case_id)) == [
        {"case": case_id, "login": "siri", "action": "show", "at": "2026-03-03T08:00:00+01:00"},
        {"case": case_id, "login": "ola", "action": "history", "at": "2026-03-02T10:05:30+01:00"},
        {"case": case_id, "login": "ola", "action": "show", "at": "2026-03-02T10:00:00+01:00"},
    ]
    assert as_json(access_log(app, "adm", other)) == [
        {"case": other, "login": "per", "action": "history", "at": "2026-03-03T08:01:00+01:00"},
        {"case": other, "login": "siri", "action": "show", "at": "2026-03-03T08:00:00+01:00"},
    ]
    # what a staff member looked at, over every case
    assert [(r["case"], r["action"]) for r in as_json(access_log(app, "siri", by="siri"))] == [
        (other, "show"), (case_id, "show")]
    assert [(r["case"], r["action"]) for r in as_json(access_log(app, "siri", by="ola"))] == [
        (case_id, "history"), (case_id, "show")]
    assert as_json(access_log(app, "siri", case_id, by="per")) == []
    assert [r["at"] for r in as_json(access_log(app, "siri", since=date(2026, 3, 3)))] == [
        "2026-03-03T08:01:00+01:00", "2026-03-03T08:00:00+01:00", "2026-03-03T08:00:00+01:00"]
    # a look changes neither the case nor its history
    assert (case_rows(app, case_id), history_rows(app, case_id)) == before


def test_a_refused_look_leaves_no_record(app: App, clock: FakeClock) -> None:
    case_id = new_case(app, "ola")
    for look in (show_case, case_history):
        with pytest.raises(NotPermitted):
            look(app, "per", case_id)  # not assigned to per
        with pytest.raises(NotPermitted):
            look(app, "adm", case_id)  # an admin manages staff, not cases
        with pytest.raises(NotFound):
            look(app, "siri", case_id + 100)
    assert as_json(access_log(app, "siri", case_id)) == []
    assert as_json(access_log(app, "siri", by="per")) == [] and as_json(access_log(app, "siri", by="adm")) == []


def test_only_supervisors_and_admins_read_the_access_log(app: App) -> None:
    case_id = new_case(app, "ola")
    show_case(app, "ola", case_id)
    for login in ("ola", "per"):
        with pytest.raises(NotPermitted):
            as_json(access_log(app, login, case_id))
        with pytest.raises(NotPermitted):
            as_json(access_log(app, login, by=login))
    with pytest.raises(NotFound):
        as_json(access_log(app, "siri", case_id + 100))
    assert len(as_json(access_log(app, "adm", case_id))) == 1


def test_since_is_a_day_in_oslo(app: App, clock: FakeClock) -> None:
    case_id = new_case(app, "ola")
    for moment in ("2026-01-09T23:30:00", "2026-01-10T00:30:00", "2026-07-09T23:30:00", "2026-07-10T00:30:00"):
        clock.current = at(moment)
        show_case(app, "ola", case_id)
    # 00:30 in Oslo is 23:30 (winter) or 22:30 (summer) UTC the day before: it belongs to the day it is in Oslo
    assert [r["at"] for r in as_json(access_log(app, "siri", case_id, since=date(2026, 1, 10)))] == [
        "2026-07-10T00:30:00+02:00", "2026-07-09T23:30:00+02:00", "2026-01-10T00:30:00+01:00"]
    assert [r["at"] for r in as_json(access_log(app, "siri", case_id, since=date(2026, 7, 10)))] == [
        "2026-07-10T00:30:00+02:00"]
    assert as_json(access_log(app, "siri", case_id, since=date(2026, 7, 11))) == []


# --------------------------------------------------------------------------------------------------------------
# The command line
# --------------------------------------------------------------------------------------------------------------


def test_rto_audit_access(rto: InProcessRto, app: App, database_url: str) -> None:
    case_id = new_case(app, "ola")
    other = new_case(app, "per")
    with time_machine.travel(at("2026-03-02T10:00:00"), tick=False) as traveller:
        assert rto("--as", "ola", "case", "show", str(case_id)).code == 0
        traveller.move_to(at("2026-03-02T10:01:00"))
        assert rto("--as", "ola", "case", "show", str(case_id), "--json").code == 0
        traveller.move_to(at("2026-03-02T10:02:00"))
        assert rto("--as", "ola", "case", "history", str(case_id)).code == 0
        traveller.move_to(at("2026-03-02T10:03:00"))
        assert rto("--as", "ola", "case", "history", str(case_id), "--json").code == 0
        traveller.move_to(at("2026-03-03T09:00:00"))
        assert rto("--as", "siri", "case", "history", str(case_id), "--csv").code == 0
        assert rto("--as", "per", "case", "show", str(other)).code == 0
        traveller.move_to(at("2026-03-03T09:30:00"))
        refused = rto("--as", "per", "case", "show", str(case_id))
        assert refused.code == 5, refused  # not per's case: no record
        assert rto("--as", "per", "case", "history", str(case_id)).code == 5
        assert rto("--as", "ola", "case", "show", str(other), "--json").code == 5
        assert rto("--as", "ola", "case", "show", "999").code == 4

        listed = rto("--as", "siri", "audit", "access", str(case_id), "--json")
        assert listed.code == 0, listed
        assert listed.json == [
            {"case": case_id, "login": "siri", "action": "history", "at": stamp("2026-03-03T09:00:00")},
            {"case": case_id, "login": "ola", "action": "history", "at": stamp("2026-03-02T10:03:00")},
            {"case": case_id, "login": "ola", "action": "history", "at": stamp("2026-03-02T10:02:00")},
            {"case": case_id, "login": "ola", "action": "show", "at": stamp("2026-03-02T10:01:00")},
            {"case": case_id, "login": "ola", "action": "show", "at": stamp("2026-03-02T10:00:00")},
        ]
        by_per = rto("--as", "siri", "audit", "access", "--by", "per", "--json")
        assert by_per.code == 0, by_per
        assert by_per.json == [{"case": other, "login": "per", "action": "show", "at": stamp("2026-03-03T09:00:00")}]
        by_ola = rto("--as", "adm", "audit", "access", "--by", "ola", "--since", "2026-03-02", "--json")
        assert [r["at"] for r in by_ola.json] == [stamp(f"2026-03-02T10:0{m}:00") for m in (3, 2, 1, 0)]
        since = rto("--as", "siri", "audit", "access", str(case_id), "--since", "2026-03-03", "--json")
        assert since.code == 0, since
        assert [(r["login"], r["action"]) for r in since.json] == [("siri", "history")]
        assert rto("--as", "siri", "audit", "access", str(case_id), "--by", "siri", "--json").json == listed.json[:1]

        human = rto("--as", "siri", "audit", "access", str(case_id))
        assert human.code == 0, human
        assert human.out.count("så historikken") == 3 and human.out.count("så saken") == 2, human.out
        nobody = rto("--as", "siri", "audit", "access", str(new_case(app, "ola")))
        assert nobody.code == 0 and "Ingen har sett saken ennå." in nobody.out, nobody

        for login in ("ola", "per"):  # caseworkers may not read the log, nor by way of themselves
            assert rto("--as", login, "audit", "access", str(case_id)).code == 5
            assert rto("--as", login, "audit", "access", "--by", login, "--json").code == 5
        assert rto("--as", "siri", "audit", "access").code == 2  # a case or --by is needed
        assert rto("--as", "siri", "audit", "access", "999").code == 4
        assert rto("--as", "siri", "audit", "access", "--by", "ola", "--since", "2026-02-30").code == 2
        # looking at the log is not a look at the case
        assert rto("--as", "siri", "audit", "access", str(case_id), "--json").json == listed.json

    # the same answer from a real process on a machine whose clock is set to Oslo time
    real = run_rto("audit", "access", str(case_id), "--json", url=database_url, user="siri",
                   env={"TZ": "Europe/Oslo"})
    assert real.code == 0, real
    assert real.json == listed.json


# --------------------------------------------------------------------------------------------------------------
# The audit export
# --------------------------------------------------------------------------------------------------------------


def verify_line(line: dict[str, Any]) -> None:
    """Recompute an exported event's hash from the line alone, by the formula version it records."""
    assert canonical(line["details"]) == line["details_text"]
    moment = datetime.fromisoformat(line["at"])
    assert moment.utcoffset() is not None
    assert line["hash_version"] == HASH_VERSION
    formula = HASH_FORMULAS[line["hash_version"]]
    assert formula(line["case"], line["seq"], moment, line["actor"], line["kind"], line["from_state"],
                   line["to_state"], line["details_text"], line["prev_hash"], line["sealed"]) == line["hash"], line


def test_rto_audit_export_writes_verifiable_json_lines(rto: InProcessRto, app: App, clock: FakeClock,
                                                       tmp_path: Path) -> None:
    # Before the range: Z (opened and noted on 5 January) and X's opening at 23:30 on 9 January (Oslo).
    clock.current = at("2026-01-05T10:00:00")
    quiet = new_case(app, "per")
    add_note(app, "per", quiet, "Ringt; ingen svar.")
    clock.current = at("2026-01-09T23:30:00")
    x = new_case(app, "ola")
    # In the range, 10-12 January (Oslo days): from 00:30 on the 10th (23:30 UTC on the 9th) to 23:30 on the 12th
    clock.current = at("2026-01-10T00:30:00")
    add_note(app, "ola", x, "Første samtale, sent på kvelden.")
    clock.current = at("2026-01-11T12:00:00")
    moved(app, x, "motivated")
    y = new_case(app, "ola")
    with pytest.raises(Refused):  # a refusal is an event too
        take_step(app, "ola", y, StepRequest("motivated"))
    clock.current = at("2026-01-12T23:30:00")
    add_note(app, "ola", x, "Siste notat i perioden.")
    # After it: 00:30 on the 13th (23:30 UTC on the 12th)
    clock.current = at("2026-01-13T00:30:00")
    add_note(app, "ola", x, "Etter perioden.")
    add_note(app, "ola", y, "Etter perioden.")

    target = tmp_path / "historikk.jsonl"
    with time_machine.travel(at("2026-02-01T09:00:00"), tick=False):
        refused = rto("--as", "ola", "audit", "export", "--from", "2026-01-10", "--to", "2026-01-12")
        assert refused.code == 5 and refused.out == "", refused
        assert rto("--as", "siri", "audit", "export", "--from", "2026-01-32").code == 2
        result = rto("--as", "siri", "audit", "export", "--from", "2026-01-10", "--to", "2026-01-12", "-o",
                     str(target))
    assert result.code == 0, result
    assert result.out == ""
    lines = [json.loads(text) for text in target.read_text(encoding="utf-8").splitlines()]
    assert result.err.strip() == f"Eksporterte {len(lines)} hendelser til {target}."

    # every event in the range, and nothing else: what the database holds between the two Oslo midnights
    lower, upper = at("2026-01-10T00:00:00"), at("2026-01-13T00:00:00")
    with app.db.transaction() as conn:
        stored = conn.execute(select(events_t).order_by(events_t.c.case_id, events_t.c.seq)).all()
    expected = [(r.case_id, r.seq, r.kind, r.hash) for r in stored if lower <= r.at < upper]
    assert [(line["case"], line["seq"], line["kind"], line["hash"]) for line in lines] == expected
    kinds = [(line["case"], line["kind"]) for line in lines]
    assert kinds[0] == (x, "note") and kinds[-1] == (y, "refused")
    assert (x, "transition") in kinds and (y, "opened") in kinds
    assert sum(1 for k in kinds if k == (x, "note")) == 2  # 00:30 on the 10th and 23:30 on the 12th
    assert {line["case"] for line in lines} == {x, y}
    assert lines[0]["at"] == "2026-01-09T23:30:00.000000+00:00"  # the hash covers UTC, to the microsecond

    # each line verifies on its own, and the lines of a case chain onto each other and onto the database
    stored_hash = {(r.case_id, r.seq): r.hash for r in stored}
    for line in lines:
        verify_line(line)
        assert line["prev_hash"] == stored_hash.get((line["case"], line["seq"] - 1), "0" * 64)
    assert set(lines[0]) == {"case", "seq", "at", "actor", "kind", "from_state", "to_state", "details",
                             "details_text", "prev_hash", "hash", "hash_version", "sealed"}

    # the export is a look at each exported case, and only at those
    assert as_json(access_log(app, "siri", by="siri")) == [  # newest first: one moment, so the later record first
        {"case": y, "login": "siri", "action": "export", "at": "2026-02-01T09:00:00+01:00"},
        {"case": x, "login": "siri", "action": "export", "at": "2026-02-01T09:00:00+01:00"},
    ]
    assert as_json(access_log(app, "siri", quiet)) == []

    # to stdout, and without a range: every event there is
    with time_machine.travel(at("2026-02-01T10:00:00"), tick=False):
        everything = rto("--as", "adm", "audit", "export")
    assert everything.code == 0, everything
    all_lines = [json.loads(text) for text in everything.out.splitlines()]
    assert [(line["case"], line["seq"]) for line in all_lines] == [(r.case_id, r.seq) for r in stored]
    for line in all_lines:
        verify_line(line)
    assert {r["case"] for r in as_json(access_log(app, "siri", by="adm"))} == {quiet, x, y}

    # and the histories are as intact as before: the access log is not part of the hash chain
    with time_machine.travel(at("2026-02-01T11:00:00"), tick=False):
        verified = rto("--as", "siri", "audit", "verify", "--json")
    assert verified.code == 0, verified
    assert verified.json["ok"] is True and verified.json["events"] == len(stored)


def test_export_events_service_and_a_changed_line_no_longer_verifies(app: App, clock: FakeClock) -> None:
    clock.current = at("2026-03-02T10:00:00")
    case_id = new_case(app, "ola")
    moved(app, case_id, "motivated")
    written: list[str] = []
    assert export_events(app, "siri", date(2026, 3, 2), date(2026, 3, 2), written.append) == len(written)
    lines = [json.loads(text) for text in written]
    assert [line["kind"] for line in lines] == ["opened", "fact_recorded", "fact_recorded", "fact_recorded",
                                                "fact_recorded", "fact_recorded", "fact_recorded",
                                                "decision_proposed", "decision_approved", "reminder_queued",
                                                "transition"]
    for line in lines:
        verify_line(line)
    altered = dict(lines[-1], actor="per")
    with pytest.raises(AssertionError):
        verify_line(altered)
    assert export_events(app, "siri", date(2026, 3, 3), None, written.append) == 0
    with pytest.raises(NotPermitted):
        export_events(app, "ola", None, None, written.append)
    assert [r["action"] for r in as_json(access_log(app, "siri", case_id))] == ["export"]


def test_audit_verify_holds_after_every_kind_of_look(rto: InProcessRto, app: App, clock: FakeClock,
                                                     tmp_path: Path) -> None:
    clock.current = at("2026-03-02T10:00:00")
    cases = [new_case(app, "ola") for _ in range(3)]
    moved(app, cases[0], "motivated")
    add_note(app, "ola", cases[1], "Notat.")
    before = [history_rows(app, c) for c in cases]
    with time_machine.travel(at("2026-03-03T10:00:00"), tick=False):
        for case_id in cases:
            assert rto("--as", "ola", "case", "show", str(case_id)).code == 0
            assert rto("--as", "siri", "case", "history", str(case_id), "--json").code == 0
        assert rto("--as", "siri", "audit", "export", "-o", str(tmp_path / "alt.jsonl")).code == 0
        assert rto("--as", "siri", "audit", "access", "--by", "ola").code == 0
        verified = rto("--as", "siri", "audit", "verify", "--json")
    assert verified.code == 0, verified
    assert verified.json["ok"] is True
    assert verify_histories(app, "sven").ok is True
    assert [history_rows(app, c) for c in cases] == before
    assert len(access_log(app, "siri", by="ola")) == 3 and len(access_log(app, "siri", by="siri")) == 6


def test_a_refused_export_leaves_the_output_file_alone(rto: InProcessRto, app: App, tmp_path: Path) -> None:
    new_case(app, "ola")
    archive = tmp_path / "historikk-2025.jsonl"
    archive.write_text('{"case": 1}\n', encoding="utf-8")
    fresh = tmp_path / "ny.jsonl"
    assert rto("--as", "ola", "audit", "export", "-o", str(archive)).code == 5
    assert rto("--as", "ola", "audit", "export", "-o", str(fresh)).code == 5
    assert archive.read_text(encoding="utf-8") == '{"case": 1}\n'
    assert not fresh.exists()
