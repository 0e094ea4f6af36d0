"""Verifying that no history was altered behind the product's back: `rto audit verify`."""

from __future__ import annotations

import json
from dataclasses import asdict
from itertools import groupby
from typing import Any

from sqlalchemy import select

from states.history import Break, CaseRecord, Event, verify_case
from states.roles import Role, require_role
from workflow.bootstrap import App
from workflow.repository import cases_t, events_t, load_actor


def verify_histories(app: App, login: str) -> dict[str, Any]:
    """Walk every case's events in order; report the first event that does not verify."""
    with app.db.reading() as conn:
        require_role(load_actor(conn, login), Role.SUPERVISOR, Role.ADMIN)
        records = {
            r.id: CaseRecord(r.id, r.state, r.caseworker, json.loads(r.facts), r.history_seq, r.history_head,
                             r.paused_from, r.closed_outcome)
            for r in conn.execute(
                select(cases_t.c.id, cases_t.c.state, cases_t.c.caseworker, cases_t.c.facts,
                       cases_t.c.history_seq, cases_t.c.history_head, cases_t.c.paused_from,
                       cases_t.c.closed_outcome)
            )
        }
        rows = conn.execute(
            select(events_t).order_by(events_t.c.case_id, events_t.c.seq),
            execution_options={"yield_per": 2000},
        )
        found, events = _first_break(records, rows)
    result: dict[str, Any] = {"ok": found is None, "cases": len(records), "events": events}
    if found is not None:
        result["break"] = asdict(found)
    return result


def _first_break(records: dict[int, CaseRecord], rows: Any) -> tuple[Break | None, int]:
    seen: set[int] = set()
    count = 0
    for case_id, group in groupby(rows, key=lambda r: r.case_id):
        events = [_event(r) for r in group]
        count += len(events)
        record = records.get(case_id)
        if record is None:
            return Break(case_id, events[0].seq, events[0].id, "history_orphan"), count
        seen.add(case_id)
        found = verify_case(record, events)
        if found is not None:
            return found, count
    for case_id in sorted(set(records) - seen):  # a case whose every event was deleted
        found = verify_case(records[case_id], [])
        if found is not None:
            return found, count
    return None, count


def _event(r: Any) -> Event:
    return Event(r.case_id, r.seq, r.at, r.actor, r.kind, r.from_state, r.to_state, r.details, r.prev_hash,
                 r.hash, r.id)
