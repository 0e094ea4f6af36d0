"""Read views for the command line: a case with what it may do next, lists of cases, a case's history.

A look at a case's contents is recorded in the access log in the same unit of work as the look itself.
"""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import select

from states import guards
from states.affordability import assess, frame_check
from states.errors import NotPermitted, Requirement
from states.journey import PATH, CaseState, StepKind, steps_from
from states.roles import Actor, Role, require_case_access, require_role
from workflow.bootstrap import App
from workflow.households import member_views
from workflow.identity import masked
from workflow.papers import case_papers
from workflow.repository import CaseSnapshot, case_query, from_db_time, snapshot_from_row
from workflow.results import CaseSummary, CaseView, HistoryEvent, HouseholdFacts
from workflow.schema import case_events as events_t
from workflow.schema import cases as cases_t
from workflow.unit_of_work import Plan, Work, change_case
from workflow.writes import AccessRecord

_NEXT_KINDS = (StepKind.ADVANCE, StepKind.PAUSE, StepKind.RESUME, StepKind.CLOSE, StepKind.REOPEN)


def summary(snap: CaseSnapshot, stalled_since: date | None = None) -> CaseSummary:
    return CaseSummary(snap.id, snap.household_id, snap.household_name, snap.state, snap.paused_from,
                       snap.caseworker, snap.opened_at, snap.state_entered_at, snap.last_activity_at,
                       snap.closed_outcome, snap.version, stalled_since)


def next_steps(snap: CaseSnapshot, g: guards.GuardInput) -> tuple[list[str], dict[str, list[Requirement]]]:
    """The states the case can reach now, and for the others of its journey steps what blocks them."""
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


def _next_on_path(snap: CaseSnapshot) -> str | None:
    """The state after the case's own on the main path (after the one it paused in)."""
    here = CaseState(snap.paused_from or snap.state)
    order = [*PATH, CaseState.MOVED_IN]
    return order[order.index(here) + 1].value if here in PATH else None


def show_case(app: App, login: str, case_id: int) -> CaseView:
    def decide(work: Work, actor: Actor, snap: CaseSnapshot) -> Plan[CaseView]:
        require_case_access(actor, snap.caseworker, snap.id)
        household = work.household_row(snap.household_id)
        policy, today = work.policy, work.today
        g = work.guard_input(snap)
        allowed, blocked = next_steps(snap, g)
        people = g.household
        price = snap.facts.get("purchase_price") or snap.facts.get("bid_amount")
        kind = snap.facts.get("property_type")
        base = summary(snap)
        view = CaseView(
            **{f: getattr(base, f) for f in base.__dataclass_fields__},
            facts=snap.facts, allowed=allowed, blocked=blocked,
            household_facts=HouseholdFacts(
                people.adults, people.children, list(people.child_ages),
                people.municipal_unit, household.email, bool(household.email_consent),
                [masked(n) for n in json.loads(household.identity_numbers)]),
            affordability=assess(snap.facts, people, policy) if snap.facts.get("income_monthly") is not None
            else None,
            affordability_home=assess(snap.facts, people, policy, price)
            if price is not None and kind and snap.facts.get("income_monthly") is not None
            and snap.facts.get("loan_amount") else None,
            frame=frame_check(price, kind, snap.facts, policy) if price is not None and kind else None,
            members=member_views(work, snap.household_id, today),
            papers_missing=[p for p in case_papers(work, snap)
                            if p.status == "missing" and p.needed_for == _next_on_path(snap)],
            decisions=dict(snap.decisions),
        )
        return Plan(view, [AccessRecord(login, "show", [case_id])])

    return change_case(app, login, case_id, decide)


def reachable_states(app: App, login: str, case_id: int) -> list[str]:
    """The states `rto case advance CASE` may take the case to, for this login, in the journey's order: its
    steps forward and the resumption into the state it paused in; for a supervisor also the corrections back
    and reopening. (Pausing and closing have commands of their own.) Guards are not asked: a step they block
    is still one to try, and the refusal says what is missing. It shows nothing of the case's contents, so no
    access is recorded (shell completion calls it)."""
    with app.db.transaction() as conn:
        actor, snap = Work(app, conn, login).actor_and_case(case_id)
        require_case_access(actor, snap.caseworker, snap.id)
    kinds = {StepKind.ADVANCE, StepKind.RESUME}
    if actor.role is Role.SUPERVISOR:
        kinds |= {StepKind.CORRECTION, StepKind.REOPEN}
    paused_from = CaseState(snap.paused_from) if snap.paused_from else None
    found = [s.dest for s in steps_from(CaseState(snap.state), paused_from) if s.kind in kinds]
    return [s.value for s in CaseState if s in found]


def list_cases(app: App, login: str, state: str | None = None, caseworker: str | None = None,
               stalled: bool = False, as_of: date | None = None) -> list[CaseSummary]:
    """Cases, newest first; a caseworker sees their own. `stalled`: only those with no activity for
    longer than their state allows, today (or on the day `as_of`, as the review of that day saw them)."""
    with app.db.transaction() as conn:
        work = Work(app, conn, login)
        actor = work.actor()
        require_role(actor, Role.CASEWORKER, Role.SUPERVISOR)
        if caseworker is not None:
            work.staff(caseworker)  # an unknown login is 'not found', not an empty list
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
            return [summary(snapshot_from_row(r._mapping)) for r in conn.execute(query)]
        from workflow.reviews import quiet_cases, stalled_since

        today = as_of or app.today()
        policy = app.policy.on(today)
        quiet = quiet_cases(app, policy, today)
        rows = conn.execute(query.where(quiet)).all() if quiet is not None else []
    found = [(snap, stalled_since(app, snap, policy, today)) for snap in (snapshot_from_row(r._mapping) for r in rows)]
    return [summary(snap, since) for snap, since in found if since is not None]


def case_history(app: App, login: str, case_id: int) -> list[HistoryEvent]:
    def decide(work: Work, actor: Actor, snap: CaseSnapshot) -> Plan[list[HistoryEvent]]:
        require_case_access(actor, snap.caseworker, snap.id)
        rows = work.conn.execute(
            select(events_t).where(events_t.c.case_id == case_id).order_by(events_t.c.seq)
        ).all()
        events = [HistoryEvent(r.seq, from_db_time(r.at), r.actor, r.kind, r.from_state, r.to_state,
                               json.loads(r.details), r.hash) for r in rows]
        return Plan(events, [AccessRecord(login, "history", [case_id])])

    return change_case(app, login, case_id, decide)
