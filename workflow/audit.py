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
    """Walk cases in id order beside their events (both sorted), so the first break is the earliest case's."""
    ids = sorted(records)
    position = 0  # ids[:position] are verified
    count = 0

    def verify_eventless_cases_before(case_id: float) -> Break | None:
        nonlocal position
        while position < len(ids) and ids[position] < case_id:
            found = verify_case(records[ids[position]], [])
            position += 1
            if found is not None:
                return found
        return None

    for case_id, group in groupby(rows, key=lambda r: r.case_id):
        found = verify_eventless_cases_before(case_id)
        if found is not None:
            return found, count
        events = [_event(r) for r in group]
        count += len(events)
        if case_id not in records:
            return Break(case_id, events[0].seq, events[0].id, "history_orphan"), count
        position += 1
        found = verify_case(records[case_id], events)
        if found is not None:
            return found, count
    return verify_eventless_cases_before(float("inf")), count


def _event(r: Any) -> Event:
    return Event(r.case_id, r.seq, r.at, r.actor, r.kind, r.from_state, r.to_state, r.details, r.prev_hash,
                 r.hash, r.id)
