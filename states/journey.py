"""The rent-to-own journey as data: its states and the steps between them.

The engine in `workflow/` builds its one state machine from this table; nothing else decides which
steps exist. Guards (what must hold for a step) live in `guards.py`; who may take a step in `roles.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class CaseState(StrEnum):
    SCREENED = "screened"
    MOTIVATED = "motivated"
    FINANCED = "financed"
    SEARCHING = "searching"
    BIDDING = "bidding"
    CONTRACTED = "contracted"
    MOVED_IN = "moved_in"
    PAUSED = "paused"
    CLOSED = "closed"


# The main path, in order; its members are the "active" states.
PATH: tuple[CaseState, ...] = (
    CaseState.SCREENED,
    CaseState.MOTIVATED,
    CaseState.FINANCED,
    CaseState.SEARCHING,
    CaseState.BIDDING,
    CaseState.CONTRACTED,
)
ACTIVE = frozenset(PATH)
TERMINAL = frozenset({CaseState.MOVED_IN, CaseState.CLOSED})
# The states of an open case (neither closed nor moved in), in the journey's order: the household's one
# open case is in one of these.
OPEN_STATES: tuple[str, ...] = tuple(s.value for s in (*PATH, CaseState.PAUSED))
STATE_NAMES: tuple[str, ...] = tuple(s.value for s in CaseState)


class StepKind(StrEnum):
    ADVANCE = "advance"  # a journey step of domain.md's table, guarded by facts
    PAUSE = "pause"
    RESUME = "resume"
    CLOSE = "close"
    REOPEN = "reopen"
    CORRECTION = "correction"  # backwards to an earlier state: a supervisor's, with a reason


@dataclass(frozen=True)
class Step:
    source: CaseState
    dest: CaseState
    kind: StepKind

    @property
    def trigger(self) -> str:
        """The machine's name for this step (one trigger per step, no `to_<state>` shortcuts)."""
        return f"{self.kind.value}_{self.source.value}_to_{self.dest.value}"


def _steps() -> tuple[Step, ...]:
    s = CaseState
    advance = [
        (s.SCREENED, s.MOTIVATED),
        (s.MOTIVATED, s.FINANCED),
        (s.FINANCED, s.SEARCHING),
        (s.SEARCHING, s.BIDDING),
        (s.BIDDING, s.SEARCHING),
        (s.BIDDING, s.CONTRACTED),
        (s.CONTRACTED, s.MOVED_IN),
    ]
    steps = [Step(a, b, StepKind.ADVANCE) for a, b in advance]
    steps += [Step(a, s.PAUSED, StepKind.PAUSE) for a in PATH]
    steps += [Step(s.PAUSED, a, StepKind.RESUME) for a in PATH]
    steps += [Step(a, s.CLOSED, StepKind.CLOSE) for a in (*PATH, s.PAUSED)]
    steps.append(Step(s.CLOSED, s.SCREENED, StepKind.REOPEN))
    journey = {(a, b) for a, b in advance}
    for i, later in enumerate(PATH):
        for earlier in PATH[:i]:
            if (later, earlier) not in journey:
                steps.append(Step(later, earlier, StepKind.CORRECTION))
    return tuple(steps)


STEPS: tuple[Step, ...] = _steps()
_BY_ENDS: dict[tuple[CaseState, CaseState], Step] = {(st.source, st.dest): st for st in STEPS}


def step_between(source: CaseState, dest: CaseState, paused_from: CaseState | None = None) -> Step | None:
    """The step from `source` to `dest`, or None when the journey has no such step.

    A paused case resumes only into the state it left.
    """
    step = _BY_ENDS.get((source, dest))
    if step is not None and step.kind is StepKind.RESUME and dest != paused_from:
        return None
    return step


def steps_from(source: CaseState, paused_from: CaseState | None = None) -> list[Step]:
    """The steps a case in `source` could take, in the journey's order."""
    return [st for st in STEPS if st.source == source and step_between(source, st.dest, paused_from)]


def parse_state(name: str) -> CaseState:
    """The state called `name`; ValueError names the valid ones."""
    try:
        return CaseState(name.strip().lower())
    except ValueError:
        raise ValueError(f"unknown state {name!r}; valid states: {', '.join(STATE_NAMES)}") from None
