"""The one `transitions` Machine of the journey, built from `states.journey`, shared by every case.

Cases are not added to the machine (that would bind methods to each and keep them alive); a step is
run by triggering its event on a small model that carries the case's state for the duration. Every
transition evaluates its guards in `prepare` and checks them in `conditions`, so the machine itself
refuses a step whose guards are unmet, unless a supervisor's override is passed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any, cast

from transitions import EventData, Machine

from states import guards
from states.errors import Requirement
from states.journey import STATE_NAMES, STEPS, Step, StepKind

_STEP_BY_TRIGGER = {step.trigger: step for step in STEPS}


@dataclass
class JourneyModel:
    """A case while the machine moves it."""

    state: str
    paused_from: str | None = None
    unmet: list[Requirement] = field(default_factory=list)


def _evaluate(event: EventData) -> None:
    model = cast(JourneyModel, event.model)
    model.unmet = guards.unmet(_STEP_BY_TRIGGER[event.event.name], event.kwargs["guard_input"])


def _guards_hold(event: EventData) -> bool:
    model = cast(JourneyModel, event.model)
    return not model.unmet or bool(event.kwargs.get("override"))


@cache
def journey_machine() -> Machine:
    """Built on first use, never at import time."""
    machine = Machine(
        model=None,
        states=list(STATE_NAMES),
        initial=None,
        auto_transitions=False,  # no to_<state>() that would bypass a guard
        send_event=True,
        ignore_invalid_triggers=False,
    )
    for step in STEPS:
        machine.add_transition(
            step.trigger,
            step.source.value,
            step.dest.value,
            prepare=[_evaluate],
            conditions=[_guards_hold],
        )
    return machine


def run_step(model: JourneyModel, step: Step, guard_input: guards.GuardInput, override: bool = False) -> bool:
    """Try `step` on `model`: True when it moved (model.state is the new state), False when refused
    (model.unmet says why). With `override`, unmet guards are recorded in model.unmet but do not stop it."""
    event: Any = journey_machine().events[step.trigger]
    if not event.trigger(model, guard_input=guard_input, override=override):
        return False
    if step.kind is StepKind.PAUSE:  # where a resume goes back to (here rather than as a callback: a step's cost)
        model.paused_from = step.source.value
    elif step.source.value == "paused":
        model.paused_from = None
    return True
