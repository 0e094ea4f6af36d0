"""Verifying that no history was altered behind the product's back: `rto audit verify`."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from datetime import date, timedelta
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import String, func, select, type_coerce

from states.canonical import canonical
from states.checkpoints import SealedHistory, as_household, deleted_case, sealed_break
from states.errors import InvalidInput
from states.history import Break, CaseRecord, EventKind, StoredEvent, stamp, verify_case
from states.household_history import HouseholdRecord, verify_household
from states.roles import Role, require_role
from workflow import unit_of_work
from workflow.bootstrap import App
from workflow.repository import from_db_time, household_facts, load_actor
from workflow.results import AuditBreak, Verification
from workflow.schema import case_events as events_t
from workflow.schema import cases as cases_t
from workflow.schema import decisions as decisions_t
from workflow.schema import household_events as household_events_t
from workflow.schema import household_members as members_t
from workflow.schema import households as households_t
from workflow.unit_of_work import Plan
from workflow.writes import AccessRecord


def verify_histories(app: App, login: str, public_key: Path | None = None,
                     checkpoints: Path | None = None) -> Verification:
    """Walk every case's events in order; report the first event that does not verify. With `public_key`,
    first check the checkpoint file (`checkpoints`, else the configured one) and then every history against
    every checkpoint in it. Only reads: it works on a read-only copy of the database too."""
    with app.db.transaction() as conn:
        require_role(load_actor(conn, login), Role.SUPERVISOR, Role.ADMIN)
    seals: tuple[SealedHistory, timedelta] | None = None
    count = None
    if public_key is not None:  # read before the database: every checkpoint then precedes what is verified
        from workflow.checkpoints import public_key as load_public_key
        from workflow.checkpoints import read_checkpoints, tolerance

        sealed, count, problem = read_checkpoints(checkpoints or app.checkpoints_path, load_public_key(public_key))
        if problem is not None:
            return Verification(False, 0, 0, problem, count)
        seals = (sealed, tolerance(app))
    with app.db.transaction() as conn:
        records = {
            r.id: CaseRecord(r.id, r.state, r.caseworker, json.loads(r.facts), r.history_seq, r.history_head,
                             r.paused_from, r.closed_outcome, r.household_id, json.loads(r.papers),
                             json.loads(r.decisions))
            for r in conn.execute(
                select(cases_t.c.id, cases_t.c.state, cases_t.c.caseworker, cases_t.c.facts,
                       cases_t.c.history_seq, cases_t.c.history_head, cases_t.c.paused_from,
                       cases_t.c.closed_outcome, cases_t.c.household_id, cases_t.c.papers, cases_t.c.decisions)
            )
        }
        rows = conn.execute(
            select(*_event_columns(conn.dialect.name)).order_by(events_t.c.case_id, events_t.c.seq),
            execution_options={"yield_per": 5000},
        )
        replayed: dict[int, dict[str, Any]] = {}  # case id -> its household's facts as its history says
        found, events = _first_break(records, rows, replayed, seals)
        if found is None:
            found = _household_break(conn, records, replayed)
        if found is None:
            found = _decision_break(conn)
        households = household_events = 0
        if found is None:
            found, households, household_events = _household_chain_break(conn, seals)
    return Verification(found is None, len(records), events, None if found is None else AuditBreak(**asdict(found)),
                        households, household_events, count)


def _household_break(conn: Any, records: dict[int, CaseRecord], replayed: dict[int, dict[str, Any]]) -> Break | None:
    """Each household row against the history of its latest case (whose `opened` event saw the row)."""
    latest: dict[int, int] = {}
    for record in records.values():
        if record.household_id is not None:
            latest[record.household_id] = max(latest.get(record.household_id, 0), record.case_id)
    for row in conn.execute(select(households_t).order_by(households_t.c.id)):
        case_id = latest.get(row.id)
        if case_id is None:
            continue
        stored = household_facts(row)
        for what, value in replayed.get(case_id, {}).items():
            if stored.get(what) != value:
                return Break(case_id, None, None, "household_row_altered", {"what": what, "household": row.id})
    return None


def _decision_break(conn: Any) -> Break | None:
    """Each decision row against what its case's (verified) history says was proposed and decided."""
    expected: dict[int, dict[str, Any]] = {}
    kinds = {EventKind.DECISION_PROPOSED: "proposed", EventKind.DECISION_APPROVED: "approved",
             EventKind.DECISION_REJECTED: "rejected"}
    for ev in conn.execute(select(events_t.c.case_id, events_t.c.actor, events_t.c.kind, events_t.c.details)
                           .where(events_t.c.kind.in_([k.value for k in kinds]))
                           .order_by(events_t.c.case_id, events_t.c.seq)):
        details = json.loads(ev.details)
        if ev.kind == EventKind.DECISION_PROPOSED:
            expected[details["decision"]] = {
                "case_id": ev.case_id, "kind": details["kind"], "status": "proposed", "content": details["content"],
                "reasons": details["reasons"], "proposed_by": ev.actor, "decided_by": None, "note": None}
        elif details["decision"] in expected:
            expected[details["decision"]].update(status=kinds[ev.kind], decided_by=ev.actor, note=details.get("note"))
    for row in conn.execute(select(decisions_t).order_by(decisions_t.c.id)):
        want = expected.pop(row.id, None)
        if want is None:
            return Break(row.case_id, None, None, "decision_row_altered", {"decision": row.id, "what": "id"})
        for what, value in want.items():
            if getattr(row, what) != value:
                return Break(row.case_id, None, None, "decision_row_altered", {"decision": row.id, "what": what})
    for decision, want in expected.items():
        return Break(want["case_id"], None, None, "decision_row_altered", {"decision": decision, "what": "deleted"})
    return None


def _household_chain_break(conn: Any, seals: tuple[SealedHistory, timedelta] | None = None,
                           ) -> tuple[Break | None, int, int]:
    """Each household's own history against its chain, its row's members and its member rows; with `seals`,
    against the checkpoints too (cut short, rewritten, deleted, inserted or backdated since a seal)."""
    members: dict[int, list[dict[str, Any]]] = {}
    for m in conn.execute(select(members_t.c.id, members_t.c.household_id, members_t.c.name, members_t.c.born,
                                 members_t.c.role).where(members_t.c.removed_at.is_(None))):
        members.setdefault(m.household_id, []).append(
            {"id": m.id, "name": m.name, "born": _iso(m.born), "role": m.role})
    rows = conn.execute(select(household_events_t).order_by(household_events_t.c.household_id,
                                                            household_events_t.c.seq),
                        execution_options={"yield_per": 2000})
    by_household = {hid: [StoredEvent(r.household_id, r.seq, stamp(from_db_time(r.at)), r.actor, r.kind, None, None,
                                      r.details, r.prev_hash, r.hash, r.id, r.hash_version, r.sealed)
                                      for r in group]
                    for hid, group in groupby(rows, key=lambda r: r.household_id)}
    households = count = 0
    present: set[int] = set()
    for h in conn.execute(select(households_t.c.id, households_t.c.history_seq, households_t.c.history_head,
                                 households_t.c.members).order_by(households_t.c.id)):
        events = by_household.pop(h.id, [])
        households, count = households + 1, count + len(events)
        record = HouseholdRecord(h.id, h.history_seq, h.history_head, json.loads(h.members), members.get(h.id, []))
        found = verify_household(record, events)
        if found is None and seals is not None:
            present.add(h.id)
            found = as_household(sealed_break(seals[0].households, h.id, events, seals[1]))
        if found is not None:
            return found, households, count
    for hid, events in by_household.items():
        return Break(0, events[0].seq, events[0].id, "history_orphan", {"household": hid}), households, count
    if seals is not None:
        gone = next((hid for hid in seals[0].households.ids if hid not in present), None)
        if gone is not None:
            return as_household(deleted_case(seals[0].households, gone)), households, count
    return None, households, count


def _iso(day: Any) -> str:
    return day if isinstance(day, str) else day.isoformat()


def _first_break(records: dict[int, CaseRecord], rows: Any, replayed: dict[int, dict[str, Any]],
                 seals: tuple[SealedHistory, timedelta] | None = None) -> tuple[Break | None, int]:
    """Walk cases in id order beside their events (both sorted), so the first break is the earliest case's;
    with `seals`, each case's events also against the checkpoints, and the sealed cases that are gone."""
    ids = sorted(set(records) | set(seals[0].ids if seals else ()))
    position = 0  # ids[:position] are verified
    count = 0

    def against_seals(case_id: int, events: list[StoredEvent]) -> Break | None:
        return None if seals is None else sealed_break(seals[0], case_id, events, seals[1])

    def verify_eventless_cases_before(case_id: float) -> Break | None:
        nonlocal position
        while position < len(ids) and ids[position] < case_id:
            missing = ids[position]
            position += 1
            if missing not in records:  # sealed, and neither the case nor its events are there any more
                return deleted_case(seals[0], missing) if seals else None
            found = verify_case(records[missing], []) or against_seals(missing, [])
            if found is not None:
                return found
        return None

    for case_id, group in groupby(rows, key=itemgetter(0)):
        found = verify_eventless_cases_before(case_id)
        if found is not None:
            return found, count
        events = [StoredEvent(c, s, stored_stamp(a), who, k, f, t, d, p, h, i, v, sealed)
                  for c, s, a, who, k, f, t, d, p, h, i, v, sealed in group]
        count += len(events)
        if case_id not in records:
            return Break(case_id, events[0].seq, events[0].id, "history_orphan"), count
        position += 1
        household = replayed.setdefault(case_id, {})
        found = verify_case(records[case_id], events, household) or against_seals(case_id, events)
        if found is not None:
            return found, count
    return verify_eventless_cases_before(float("inf")), count


def _event_columns(dialect: str) -> list[Any]:
    """The columns in the order of `StoredEvent`'s fields, so that a row becomes an event without a lookup by
    name, with the time as the text the hash covers, written by PostgreSQL, or by `stored_stamp` from SQLite's
    stored text: parsing it into a datetime and writing it out again took a third of a verify."""
    at: Any = type_coerce(events_t.c.at, String)
    if dialect == "postgresql":
        at = func.to_char(func.timezone("UTC", events_t.c.at), 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"')
    return [at if name == "at" else events_t.c[name] for name in StoredEvent._fields]


def stored_stamp(value: Any) -> str:
    """A stored time as `states.history.stamp` writes it (2026-03-02T09:00:00.000000+00:00)."""
    if isinstance(value, str) and len(value) == 32 and value[10] == "T" and value.endswith("+00:00"):
        return value  # (PostgreSQL wrote it)
    if isinstance(value, str) and len(value) == 26 and value[10] == " ":  # SQLite: 2026-03-02 09:00:00.000000
        return f"{value[:10]}T{value[11:]}+00:00"
    return stamp(from_db_time(value))


def export_events(app: App, login: str, start: date | None, end: date | None, write: Callable[[str], Any]) -> int:
    """Every event from `start` to `end` (inclusive days, Europe/Oslo) as JSON lines, oldest case first, with
    what it takes to verify them later: the exact details text, the time the hash covers, and the hashes.
    Each case exported is recorded in the access log. The number of events written."""
    from workflow.access import day_range

    if start and end and start > end:
        raise InvalidInput("bad_range", start=start.isoformat(), end=end.isoformat())
    lower, upper = day_range(app, start, end)
    exported: set[int] = set()
    count = 0
    try:
        with app.db.transaction() as conn:
            require_role(load_actor(conn, login), Role.SUPERVISOR, Role.ADMIN)
            query = select(events_t).order_by(events_t.c.case_id, events_t.c.seq)
            if lower is not None:
                query = query.where(events_t.c.at >= lower)
            if upper is not None:
                query = query.where(events_t.c.at < upper)
            for r in conn.execute(query, execution_options={"yield_per": 2000}):
                exported.add(r.case_id)  # before it is written: a reader that stops early has seen it
                write(canonical({
                    "case": r.case_id, "seq": r.seq, "at": stamp(r.at), "actor": r.actor, "kind": r.kind,
                    "from_state": r.from_state, "to_state": r.to_state, "details": json.loads(r.details),
                    "details_text": r.details, "prev_hash": r.prev_hash, "hash": r.hash,
                    "hash_version": r.hash_version, "sealed": r.sealed,
                }) + "\n")
                count += 1
    finally:
        if exported:
            unit_of_work.run(app, login, lambda _work: Plan(None, [AccessRecord(login, "export", sorted(exported))]))
    return count
