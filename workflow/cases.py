"""Opening a case and recording what is learnt: `rto case open|set|note|assign|continue`."""

from __future__ import annotations

import json
from typing import Any

from states.errors import InvalidInput, NotPermitted, Refused
from states.facts import FACTS, cleared_by, free_text, parse_assignments
from states.history import EventKind, NewEvent
from states.journey import TERMINAL, CaseState
from states.reviews import whole_months
from states.roles import Actor, Role, require_case_access, require_role
from workflow import unit_of_work
from workflow.bootstrap import App
from workflow.case_start import case_start, figures_flow_back
from workflow.repository import CaseSnapshot, household_facts
from workflow.results import Assigned, CaseOpened, Continued, FactsRecorded, Noted
from workflow.unit_of_work import Plan, Work, change_case
from workflow.writes import CaseChange, ChangeKind, NewCase


def holder(work: Work, login: str) -> Actor:
    """A staff member who can hold cases."""
    found = work.staff(login)
    if not found.active:
        raise NotPermitted("holder_inactive", login=login)
    if found.role not in (Role.CASEWORKER, Role.SUPERVISOR):
        raise InvalidInput("not_a_caseworker", login=login, role=found.role.value)
    return found


def open_case(app: App, login: str, household_id: int, caseworker: str | None = None) -> CaseOpened:
    """Open a case in `screened` for a household that has no open case."""

    def decide(work: Work) -> Plan[CaseOpened]:
        actor = work.actor()
        require_role(actor, Role.CASEWORKER, Role.SUPERVISOR)
        held_by = caseworker or login
        if actor.role is Role.CASEWORKER and held_by != login:
            raise NotPermitted("role_needed", login=login, role=actor.role.value, needed=Role.SUPERVISOR.value)
        holder(work, held_by)
        household = work.household_row(household_id)
        if household.open_case_id is not None:
            raise Refused("household_has_open_case", household=household_id, case=household.open_case_id)
        details = {"household": household_id, "caseworker": held_by, **household_facts(household)}
        start = case_start(work, household)
        if start.contact is not None:
            details["contact"] = start.contact
        now = app.now()
        return Plan(writes=[NewCase(household_id, held_by, details, start.facts, start.events), *start.writes],
                    finish=lambda created: CaseOpened(created["case"], CaseState.SCREENED.value, household_id,
                                                      held_by, now, 1))

    return unit_of_work.run(app, login, decide)


def require_open(snap: CaseSnapshot) -> None:
    if CaseState(snap.state) is CaseState.MOVED_IN:
        raise Refused("case_moved_in", case=snap.id)
    if CaseState(snap.state) in TERMINAL:
        raise Refused("case_terminal", case=snap.id)


_REQUIRED_HOUSEHOLD = ("adults", "children", "email_consent")
_COUNTED_BY_MEMBERS = ("adults", "children", "child_ages")  # once members are recorded, their birth dates say


def set_facts(app: App, login: str, case_id: int, pairs: list[str],
              expected_version: int | None = None) -> FactsRecorded:
    """Record facts; all are validated first, and every change keeps its old and new value."""
    values = parse_assignments(pairs)

    def decide(work: Work, actor: Actor, snap: CaseSnapshot) -> Plan[FactsRecorded]:
        require_case_access(actor, snap.caseworker, snap.id)
        require_open(snap)
        facts = dict(snap.facts)
        row = work.household_row(snap.household_id)
        counted = sorted(n for n in values if n in _COUNTED_BY_MEMBERS)
        if counted and snap.household.members:
            raise InvalidInput("counts_from_members", facts=", ".join(counted), household=snap.household_id)
        household = household_facts(row)
        events: list[NewEvent] = []
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
            events.append(NewEvent(EventKind.FACT_RECORDED.value, snap.state, None, details))
        ages = household.get("child_ages") or []
        if len(ages) > household["children"]:
            raise InvalidInput("ages_exceed_children", ages=len(ages), children=household["children"])
        changed = [e.details["fact"] for e in events]
        result = FactsRecorded(case_id, changed, snap.version + (1 if changed else 0))
        if not events:
            return Plan(result)
        kept = {k: v for k, v in facts.items() if v is not None}
        on_household = {n: household[n] for n in changed if FACTS[n].household}
        if "child_ages" in on_household:
            on_household["child_ages"] = json.dumps(ages)
        writes: list[Any] = [CaseChange(snap, events, {"facts": json.dumps(kept, sort_keys=True)})]
        if on_household:
            from workflow.writes import HouseholdValues

            writes.append(HouseholdValues(snap.household_id, on_household))
        writes += figures_flow_back(work, row, snap.id, {n: kept.get(n) for n in changed})
        return Plan(result, writes)

    return change_case(app, login, case_id, decide, expected_version)


def add_note(app: App, login: str, case_id: int, text: str) -> Noted:
    if not text.strip():
        raise InvalidInput("text_needed")
    note = free_text("note", text)

    def decide(_work: Work, actor: Actor, snap: CaseSnapshot) -> Plan[Noted]:
        require_case_access(actor, snap.caseworker, snap.id)
        event = NewEvent(EventKind.NOTE.value, snap.state, None, {"text": note})
        return Plan(Noted(case_id), [CaseChange(snap, [event], kind=ChangeKind.NOTE)])

    return change_case(app, login, case_id, decide)


def assign(app: App, login: str, case_id: int, to: str, expected_version: int | None = None) -> Assigned:
    """Reassign a case to another caseworker: a supervisor's."""

    def decide(work: Work, actor: Actor, snap: CaseSnapshot) -> Plan[Assigned]:
        require_role(actor, Role.SUPERVISOR)
        holder(work, to)
        if snap.caseworker == to:
            return Plan(Assigned(case_id, to, snap.caseworker, False))
        event = NewEvent(EventKind.ASSIGNED.value, snap.state, None, {"from": snap.caseworker, "to": to})
        return Plan(Assigned(case_id, to, snap.caseworker, True), [CaseChange(snap, [event], {"caseworker": to})])

    return change_case(app, login, case_id, decide, expected_version)


def continue_case(app: App, login: str, case_id: int, reason: str) -> Continued:
    """A supervisor's decision to go on with a case past the horizon, with a reason: only once the case has
    reached the horizon's escalation (before that there is nothing to decide)."""
    text = free_text("--reason", reason)

    def decide(work: Work, actor: Actor, snap: CaseSnapshot) -> Plan[Continued]:
        require_role(actor, Role.SUPERVISOR)
        require_open(snap)
        escalation = work.policy.horizon_escalation_months
        opened = app.local(snap.opened_at).date()
        months = whole_months(opened, work.today)
        if escalation is None or months < escalation:
            raise Refused("continue_not_due", case=snap.id, opened=opened.isoformat(), months=months,
                          escalation=escalation if escalation is not None else "never")
        event = NewEvent(EventKind.CONTINUED.value, snap.state, None, {"reason": text})
        return Plan(Continued(case_id, text), [CaseChange(snap, [event], kind=ChangeKind.DECISION)])

    return change_case(app, login, case_id, decide)
