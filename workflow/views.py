"""Read views for the command line: a case with what it may do next, lists of cases, a case's history."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from states import guards
from states.affordability import assess, frame_check
from states.errors import NotPermitted, Requirement
from states.journey import CaseState, StepKind, steps_from
from states.roles import Role, require_case_access, require_role
from workflow.access import record_access
from workflow.bootstrap import App
from workflow.identity import masked
from workflow.repository import (
    CaseSnapshot,
    case_query,
    cases_t,
    events_t,
    households_t,
    load_actor,
    load_case,
    snapshot_from_row,
)

_NEXT_KINDS = (StepKind.ADVANCE, StepKind.PAUSE, StepKind.RESUME, StepKind.CLOSE, StepKind.REOPEN)


@dataclass(frozen=True)
class CaseView:
    case: dict[str, Any]  # the JSON document of `case show`, less `blocked`
    blocked: dict[str, list[Requirement]]


def _summary(app: App, snap: CaseSnapshot) -> dict[str, Any]:
    return {
        "id": snap.id,
        "household": snap.household_id,
        "household_name": snap.household_name,
        "state": snap.state,
        "paused_from": snap.paused_from,
        "caseworker": snap.caseworker,
        "opened_at": app.stamp(snap.opened_at),
        "state_entered_at": app.stamp(snap.state_entered_at),
        "last_activity_at": app.stamp(snap.last_activity_at),
        "closed_outcome": snap.closed_outcome,
        "version": snap.version,
    }


def next_steps(app: App, snap: CaseSnapshot) -> tuple[list[str], dict[str, list[Requirement]]]:
    """The states the case can reach now, and for the others of its journey steps what blocks them."""
    today = app.today()
    g = guards.GuardInput(snap.facts, snap.household, today, app.policy.on(today))
    paused_from = CaseState(snap.paused_from) if snap.paused_from else None
    allowed: list[str] = []
    blocked: dict[str, list[Requirement]] = {}
    for step in steps_from(CaseState(snap.state), paused_from):
        if step.kind not in _NEXT_KINDS:
            continue
        unmet = guards.unmet(step, g)
        if unmet:
            blocked[step.dest.value] = unmet
        elif step.dest.value not in allowed:
            allowed.append(step.dest.value)
    return allowed, blocked


def show_case(app: App, login: str, case_id: int) -> CaseView:
    with app.db.reading() as conn:
        actor = load_actor(conn, login)
        snap = load_case(conn, case_id)
        require_case_access(actor, snap.caseworker, snap.id)
        household = conn.execute(
            select(households_t.c.email, households_t.c.email_consent, households_t.c.identity_numbers)
            .where(households_t.c.id == snap.household_id)
        ).one()
    record_access(app, login, [case_id], "show")
    allowed, blocked = next_steps(app, snap)
    view = _summary(app, snap)
    view["facts"] = snap.facts
    view["allowed"] = allowed
    view["household_facts"] = {
        "adults": snap.household.adults,
        "children": snap.household.children,
        "child_ages": list(snap.household.child_ages),
        "municipal_unit": snap.household.municipal_unit,
        "email": household.email,
        "email_consent": bool(household.email_consent),
        "identity_numbers": [masked(n) for n in json.loads(household.identity_numbers)],
    }
    today = app.today()
    policy = app.policy.on(today)
    if snap.facts.get("income_monthly") is not None:
        view["affordability"] = assess(snap.facts, snap.household, policy).as_json()
    price = snap.facts.get("purchase_price") or snap.facts.get("bid_amount")
    if price is not None and snap.facts.get("property_type"):
        check = frame_check(price, snap.facts["property_type"], snap.facts, policy)
        view["frame"] = {"price": check.price, "purchase_costs": check.purchase_costs, "total": check.total,
                         "frame": check.frame, "passes": check.passes}
    return CaseView(view, blocked)


def list_cases(app: App, login: str, state: str | None = None, caseworker: str | None = None,
               stalled: bool = False) -> list[dict[str, Any]]:
    """Cases, newest first; a caseworker sees their own. `stalled`: only those with no activity for
    longer than their state allows, today."""
    with app.db.reading() as conn:
        actor = load_actor(conn, login)
        require_role(actor, Role.CASEWORKER, Role.SUPERVISOR)
        if actor.role is Role.CASEWORKER:
            if caseworker not in (None, actor.login):
                raise NotPermitted("role_needed", login=login, role=actor.role.value, needed=Role.SUPERVISOR.value)
            caseworker = actor.login
        query = case_query().order_by(cases_t.c.id.desc())
        if state:
            query = query.where(cases_t.c.state == state)
        if caseworker:
            query = query.where(cases_t.c.caseworker == caseworker)
        if not stalled:
            return [_summary(app, snapshot_from_row(r._mapping)) for r in conn.execute(query)]
        from workflow.reviews import quiet_cases, stalled_since

        today = app.today()
        policy = app.policy.on(today)
        quiet = quiet_cases(app, policy, today)
        rows = conn.execute(query.where(quiet)).all() if quiet is not None else []
    found = [(snap, stalled_since(app, snap, policy, today)) for snap in (snapshot_from_row(r._mapping) for r in rows)]
    return [{**_summary(app, snap), "stalled_since": since.isoformat()} for snap, since in found if since is not None]


def case_history(app: App, login: str, case_id: int) -> list[dict[str, Any]]:
    with app.db.reading() as conn:
        actor = load_actor(conn, login)
        snap = load_case(conn, case_id)
        require_case_access(actor, snap.caseworker, snap.id)
        rows = conn.execute(
            select(events_t).where(events_t.c.case_id == case_id).order_by(events_t.c.seq)
        ).all()
    record_access(app, login, [case_id], "history")
    return [
        {
            "seq": r.seq,
            "at": app.stamp(r.at),
            "actor": r.actor,
            "kind": r.kind,
            "from_state": r.from_state,
            "to_state": r.to_state,
            "details": json.loads(r.details),
            "hash": r.hash,
        }
        for r in rows
    ]
