"""Opening a case and recording what is learnt: `rto case open|set|note|assign`."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, insert, select, update

from states.errors import InvalidInput, NotFound, NotPermitted, Refused
from states.facts import FACTS, cleared_by, free_text, parse_assignments
from states.history import GENESIS, EventKind, chain
from states.journey import TERMINAL, CaseState
from states.roles import Actor, Role, require_case_access, require_role
from workflow.bootstrap import App
from workflow.repository import (
    CaseSnapshot,
    Change,
    cases_t,
    find_staff,
    household_facts,
    households_t,
    insert_events,
    load_actor,
    open_case_of,
)
from workflow.unit_of_work import change_case


def _holder(conn: Connection, login: str) -> Actor:
    """A staff member who can hold cases."""
    holder = find_staff(conn, login)
    if not holder.active:
        raise NotPermitted("holder_inactive", login=login)
    if holder.role not in (Role.CASEWORKER, Role.SUPERVISOR):
        raise InvalidInput("not_a_caseworker", login=login, role=holder.role.value)
    return holder


def open_case(app: App, login: str, household_id: int, caseworker: str | None = None) -> dict[str, Any]:
    """Open a case in `screened` for a household that has no open case."""
    with app.db.writing() as conn:
        actor = load_actor(conn, login)
        require_role(actor, Role.CASEWORKER, Role.SUPERVISOR)
        holder = caseworker or login
        if actor.role is Role.CASEWORKER and holder != login:
            raise NotPermitted("role_needed", login=login, role=actor.role.value, needed=Role.SUPERVISOR.value)
        _holder(conn, holder)
        household = conn.execute(
            select(households_t).where(households_t.c.id == household_id).with_for_update()
        ).first()
        if household is None:
            raise NotFound("household_not_found", household=household_id)
        open_id = open_case_of(conn, household_id)
        if open_id is not None:
            raise Refused("household_has_open_case", household=household_id, case=open_id)
        now = app.now()
        case_id = conn.execute(
            insert(cases_t).values(
                household_id=household_id, state=CaseState.SCREENED.value, caseworker=holder, opened_at=now,
                state_entered_at=now, last_activity_at=now, version=1, facts="{}", history_seq=0,
                history_head=GENESIS,
            )
        ).inserted_primary_key[0]  # type: ignore[index]
        details = {"household": household_id, "caseworker": holder, **household_facts(household)}
        events = chain(case_id, 0, GENESIS, now, login,
                       [(EventKind.OPENED.value, None, CaseState.SCREENED.value, details)])
        insert_events(conn, events)
        conn.execute(update(cases_t).where(cases_t.c.id == case_id)
                     .values(history_seq=events[-1].seq, history_head=events[-1].hash,
                             review_due_on=app.local(now).date()))
    return {"id": case_id, "state": CaseState.SCREENED.value, "household": household_id, "caseworker": holder,
            "opened_at": app.stamp(now), "version": 1}


def _require_open(snap: CaseSnapshot) -> None:
    if CaseState(snap.state) is CaseState.MOVED_IN:
        raise Refused("case_moved_in", case=snap.id)
    if CaseState(snap.state) in TERMINAL:
        raise Refused("case_terminal", case=snap.id)


def set_facts(app: App, login: str, case_id: int, pairs: list[str],
              expected_version: int | None = None) -> dict[str, Any]:
    """Record facts; all are validated first, and every change keeps its old and new value."""
    values = parse_assignments(pairs)

    def decide(conn: Connection, snap: CaseSnapshot, actor: Actor) -> Change:
        require_case_access(actor, snap.caseworker, snap.id)
        _require_open(snap)
        facts = dict(snap.facts)
        household = _household_facts(conn, snap.household_id)
        items: list[tuple[str, str | None, str | None, dict[str, Any]]] = []
        changes = {**values, **{name: None for name in cleared_by(values, facts)}}
        for name, new in changes.items():
            scope = "household" if FACTS[name].household else "case"
            current = household if scope == "household" else facts
            old = current.get(name)
            if old == new:
                continue
            if new is None and name in _REQUIRED_HOUSEHOLD:
                raise InvalidInput("cannot_clear", name=name)
            current[name] = new
            details = {"fact": name, "old": old, "new": new, "scope": scope}
            if name not in values:
                details["because"] = "property"  # cleared: it was about the property recorded before
            items.append((EventKind.FACT_RECORDED.value, snap.state, None, details))
        facts = {k: v for k, v in facts.items() if v is not None}
        ages = household.get("child_ages") or []
        if len(ages) > household["children"]:
            raise InvalidInput("ages_exceed_children", ages=len(ages), children=household["children"])
        household["child_ages"] = json.dumps(ages)
        changed = {n for (_k, _f, _t, d) in items for n in [d["fact"]] if d["scope"] == "household"}
        household_values = {n: household[n] for n in changed}
        return Change(items, {"facts": json.dumps(facts, sort_keys=True)}, household_values)

    snap, change = change_case(app, case_id, login, decide, expected_version)
    changed = [e[3]["fact"] for e in change.events]
    return {"id": case_id, "changed": changed, "version": snap.version + (1 if changed else 0)}


_REQUIRED_HOUSEHOLD = ("adults", "children", "email_consent")


def _household_facts(conn: Connection, household_id: int) -> dict[str, Any]:
    return household_facts(conn.execute(select(households_t).where(households_t.c.id == household_id)).one())


def add_note(app: App, login: str, case_id: int, text: str) -> dict[str, Any]:
    if not text.strip():
        raise InvalidInput("text_needed")
    note = free_text("note", text)

    def decide(_conn: Connection, snap: CaseSnapshot, actor: Actor) -> Change:
        require_case_access(actor, snap.caseworker, snap.id)
        return Change([(EventKind.NOTE.value, snap.state, None, {"text": note})],
                      bump_version=False, needs_version=False)

    change_case(app, case_id, login, decide)
    return {"id": case_id, "noted": True}


def assign(app: App, login: str, case_id: int, to: str, expected_version: int | None = None) -> dict[str, Any]:
    """Reassign a case to another caseworker: a supervisor's."""

    def decide(conn: Connection, snap: CaseSnapshot, actor: Actor) -> Change:
        require_role(actor, Role.SUPERVISOR)
        _holder(conn, to)
        if snap.caseworker == to:
            return Change([])
        return Change([(EventKind.ASSIGNED.value, snap.state, None, {"from": snap.caseworker, "to": to})],
                      {"caseworker": to})

    snap, change = change_case(app, case_id, login, decide, expected_version)
    return {"id": case_id, "caseworker": to, "previous": snap.caseworker, "changed": bool(change.events)}


def continue_case(app: App, login: str, case_id: int, reason: str) -> dict[str, Any]:
    """A supervisor's decision to go on with a case past the 12-month horizon, with a reason."""
    text = free_text("--reason", reason)

    def decide(_conn: Connection, snap: CaseSnapshot, actor: Actor) -> Change:
        require_role(actor, Role.SUPERVISOR)
        _require_open(snap)
        return Change([(EventKind.CONTINUED.value, snap.state, None, {"reason": text})], bump_version=False,
                      needs_version=False, touches_activity=False)

    change_case(app, case_id, login, decide)
    return {"id": case_id, "continued": True, "reason": text}
