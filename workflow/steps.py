"""Moving a case through the journey: `rto case advance|pause|resume|close|reopen`.

Every attempt is recorded: a refusal with its unmet requirements, a success with the facts it relied on.
The machine (`workflow.machine`) decides whether a step may happen; this module decides who may ask for
it and what the history says about it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from states import guards
from states.errors import InvalidInput, Refused
from states.facts import OUTCOMES, free_text
from states.history import EventKind, NewEvent
from states.journey import TERMINAL, CaseState, Step, StepKind, step_between, steps_from
from states.naming import state_named
from states.roles import Actor, Role, require_case_access, require_override_by_other, require_role
from workflow.bootstrap import App
from workflow.machine import JourneyModel, run_step
from workflow.repository import CaseSnapshot
from workflow.results import StepTaken
from workflow.unit_of_work import Plan, Work, change_case
from workflow.writes import CaseChange, ChangeKind, ClaimHousehold, ReleaseHousehold, Write

_EVENT_KIND = {
    StepKind.ADVANCE: EventKind.TRANSITION,
    StepKind.PAUSE: EventKind.PAUSED,
    StepKind.RESUME: EventKind.RESUMED,
    StepKind.CLOSE: EventKind.CLOSED,
    StepKind.REOPEN: EventKind.REOPENED,
    StepKind.CORRECTION: EventKind.CORRECTION,
}
# what a reason is asked for, as the sentence "give a reason to ..." ends
_REASON_FOR = {StepKind.PAUSE: "pause", StepKind.CLOSE: "close", StepKind.REOPEN: "reopen",
               StepKind.CORRECTION: "correct"}


@dataclass(frozen=True)
class StepRequest:
    target: str | None  # None: resume into the state the case was paused from
    reason: str | None = None
    outcome: str | None = None
    override: bool = False


def take_step(app: App, login: str, case_id: int, request: StepRequest,
              expected_version: int | None = None) -> StepTaken:
    """Move the case to `request.target`, or record why it cannot go there and raise `Refused`."""
    requested = state_named(request.target) if request.target is not None else None
    reason = free_text("--reason", request.reason) if request.reason and request.reason.strip() else None
    if request.outcome is not None and request.outcome not in OUTCOMES:
        raise InvalidInput("bad_outcome", value=request.outcome, valid=", ".join(OUTCOMES))

    def decide(work: Work, actor: Actor, snap: CaseSnapshot) -> Plan[StepTaken]:
        require_case_access(actor, snap.caseworker, snap.id)
        if request.override:  # who may override comes before what an override needs
            require_role(actor, Role.SUPERVISOR)
        source = CaseState(snap.state)
        paused_from = CaseState(snap.paused_from) if snap.paused_from else None
        if requested is None and paused_from is None:
            raise Refused("not_paused", case=snap.id, state=source.value)
        target = requested or paused_from
        assert target is not None
        step = step_between(source, target, paused_from)
        if step is None:
            options = ", ".join(s.dest.value for s in steps_from(source, paused_from)) or "-"
            return _refusal(snap, target, Refused("no_such_step", case=snap.id, state=source.value,
                                                  target=target.value, options=options))
        if step.kind in (StepKind.CORRECTION, StepKind.REOPEN):
            require_role(actor, Role.SUPERVISOR)
        if request.override and step.kind is not StepKind.ADVANCE:
            raise InvalidInput("override_not_applicable", target=target.value)
        if step.kind is StepKind.REOPEN:
            other = work.open_case_of(snap.household_id)
            if other is not None:
                raise Refused("household_has_open_case", household=snap.household_id, case=other)
            if work.household_row(snap.household_id).erased_at is not None:  # (erasure moves the case on)
                raise Refused("household_erased", household=snap.household_id, case=snap.id)
        if step.kind in _REASON_FOR and reason is None:
            raise InvalidInput("reason_needed", action=_REASON_FOR[step.kind])
        if step.kind is StepKind.CLOSE and request.outcome is None:
            raise InvalidInput("bad_outcome", value="", valid=", ".join(OUTCOMES))
        g = work.guard_input(snap)
        model = JourneyModel(snap.state, snap.paused_from)
        override = request.override and bool(guards.unmet(step, g))  # nothing unmet: an ordinary step
        proposer = None
        binding = [r for r in guards.unmet(step, g) if r.code in guards.NOT_OVERRIDABLE] if override else []
        if binding:  # the lender must refuse, or a decision is needed: the attempt is recorded, nothing else
            return _refusal(snap, target, Refused(guards.NOT_OVERRIDABLE[binding[0].code], binding, case=snap.id,
                                                  state=source.value, target=target.value))
        if override:
            if reason is None:
                raise InvalidInput("reason_needed", action="override")
            proposer = work.last_refusal_by(snap, source.value, target.value)
            require_override_by_other(actor, proposer, snap.id, target.value)
        if not run_step(model, step, g, override=override):
            return _refusal(snap, target, Refused("guards_unmet", model.unmet, case=snap.id,
                                                  state=source.value, target=target.value))
        kind = EventKind.OVERRIDE if override else _EVENT_KIND[step.kind]
        details: dict[str, Any] = {"step": step.kind.value, "relied_on": guards.relied_on(step, g)}
        if reason:
            details["reason"] = reason
        if request.outcome:
            details["outcome"] = request.outcome
        if kind is EventKind.OVERRIDE:
            details["overridden"] = [r.as_json() for r in model.unmet]
            details["proposer"] = proposer
        values = {"state": model.state, "paused_from": model.paused_from,
                  "closed_outcome": request.outcome if target is CaseState.CLOSED else None}
        if step.kind is StepKind.REOPEN:  # a new application: decided anew (states.decisions)
            values["decisions"] = "{}"
        writes: list[Write] = [CaseChange(snap, [NewEvent(kind.value, source.value, target.value, details)], values)]
        writes += _household_claim(snap, step)
        result = StepTaken(snap.id, snap.state, target.value, kind.value, snap.version + 1,
                           list(model.unmet) if override else [])
        return Plan(result, writes)

    return change_case(app, login, case_id, decide, expected_version)


def _household_claim(snap: CaseSnapshot, step: Step) -> list[Write]:
    """A reopened case becomes its household's open case (if no other was opened meanwhile); a closed or
    moved-in one stops being it."""
    if step.kind is StepKind.REOPEN:
        return [ClaimHousehold(snap.household_id, snap.id)]
    if step.dest in TERMINAL:
        return [ReleaseHousehold(snap.household_id, snap.id)]
    return []


def _refusal(snap: CaseSnapshot, target: CaseState, refusal: Refused) -> Plan[StepTaken]:
    details: dict[str, Any] = {"code": refusal.code, "requirements": [r.as_json() for r in refusal.requirements]}
    if refusal.code in ("no_such_step", "override_affordability", "override_decision"):
        details["params"] = refusal.params
    event = NewEvent(EventKind.REFUSED.value, snap.state, target.value, details)
    return Plan(writes=[CaseChange(snap, [event], kind=ChangeKind.REFUSAL)], refusal=refusal)
