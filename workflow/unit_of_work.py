"""The one shape of every write in rto, whatever it changes: read, decide, write it all in one transaction.

    def add_note(app, login, case_id, text) -> Noted:
        def decide(work: Work) -> Plan[Noted]:
            actor, case = work.actor_and_case(case_id)          # 1. read what the decision rests on
            require_case_access(actor, case.caseworker, case.id)   # 2. decide, by the rules of states/
            event = NewEvent("note", case.state, None, {"text": text})
            return Plan(Noted(case_id), [CaseChange(case, [event], kind=ChangeKind.NOTE)])
        return run(app, login, decide)                          # 3. write, commit, hand back the result

`decide` reads through `Work` and raises a domain error for anything the user got wrong (then nothing is
written). Its reads are statements on their own, each consistent in itself; the conditional updates below
are what make them safe together. It returns a `Plan`: what to hand back, and the writes
(`workflow.writes`). Those run in one write transaction; each is guarded by a conditional update on what
the decision read (the case's history position, the household's open case), so that a change someone else
committed in between is noticed: then nothing is written, and the decision is made again on fresh reads,
or, when it rested on what changed, the caller gets a `Conflict` (exit 6). A plan may carry a refusal: it
is raised after its writes (a refused attempt is recorded).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, Generic, TypeVar

from sqlalchemy import Connection

from states.affordability import Household
from states.errors import Conflict, DomainError
from states.guards import GuardInput, guard_input
from states.policy import Policy
from states.roles import Actor, require_active
from workflow import repository
from workflow.bootstrap import App
from workflow.repository import CaseSnapshot
from workflow.writes import Stale, Transaction, Write

T = TypeVar("T")
TRIES = 5


class _Retry(Exception):
    """Raised inside the write transaction so that it rolls back; carries what went stale."""

    def __init__(self, stale: Stale) -> None:
        super().__init__("stale")
        self.stale = stale


@dataclass(frozen=True)
class Plan(Generic[T]):
    """What a decision hands back (`result`, or `finish` given the ids its writes created), and writes."""

    result: T | None = None
    writes: Sequence[Write] = ()
    refusal: DomainError | None = None
    finish: Callable[[dict[str, int]], T] | None = field(default=None, compare=False)

    def outcome(self, created: dict[str, int]) -> T:
        if self.finish is not None:
            return self.finish(created)
        return self.result  # type: ignore[return-value]


class Work:
    """The reads a decision rests on, with the acting login and today's policy."""

    def __init__(self, app: App, conn: Connection, login: str) -> None:
        self.app, self.conn, self.login = app, conn, login

    @cached_property
    def today(self) -> date:
        """One day for the whole decision (read once: a decision made across midnight stays one day's)."""
        return self.app.today()

    @property
    def policy(self) -> Policy:
        return self.app.policy.on(self.today)

    def actor(self) -> Actor:
        return repository.load_actor(self.conn, self.login)

    def guard_input(self, case: CaseSnapshot) -> GuardInput:
        """What the case's guards know today: its facts, household, decisions, papers and the checklist."""
        return guard_input(case.facts, case.household, self.today, self.policy, case.decisions, case.papers,
                           self.app.settings.documents)

    def actor_and_case(self, case_id: int) -> tuple[Actor, CaseSnapshot]:
        return repository.load_actor_and_case(self.conn, self.login, case_id)

    def case(self, case_id: int) -> CaseSnapshot:
        return repository.load_case(self.conn, case_id)

    def staff(self, login: str) -> Actor:
        """A staff member named by the command (not the actor): unknown is 'not found'."""
        return repository.find_staff(self.conn, login)

    def household_row(self, household_id: int) -> Any:
        return repository.load_household_row(self.conn, household_id)

    def household_people(self, row: Any) -> Household:
        """A household row's people as they are today: its members' ages, or its counts."""
        return repository.household_of(row._mapping).as_of(self.today)

    def open_case_of(self, household_id: int) -> int | None:
        """Protected: opening or reopening a case claims the household with a conditional update."""
        return repository.open_case_of(self.conn, household_id)

    def last_refusal_by(self, case: CaseSnapshot, from_state: str, to_state: str) -> str | None:
        """Protected: read after the case, so any event since moves the case's history position."""
        return repository.last_refusal_by(self.conn, case.id, from_state, to_state)


def run(app: App, login: str, decide: Callable[[Work], Plan[T]], tries: int = TRIES, durable: bool = True) -> T:
    """Decide on fresh reads and write the plan in one transaction; decide again (up to `tries` times) when
    what the decision read changed meanwhile, unless the decision rested on it (a `Conflict`). `durable=False`
    only for records whose loss repeats work (the dispatcher's)."""
    for _ in range(tries):
        with app.db.reads() as conn:
            plan = decide(Work(app, conn, login))
        if not plan.writes:
            return _finish(plan, {})
        now = app.now()
        tx_created: dict[str, int] = {}
        try:
            with app.db.transaction(write=True, durable=durable) as conn:
                tx = Transaction(conn, login, now, app.local(now).date())
                for write in plan.writes:
                    stale = write.apply(tx)
                    if stale is not None:
                        raise _Retry(stale)
                tx_created = tx.created
        except _Retry as retry:
            if retry.stale.conflict is not None:
                raise retry.stale.conflict from None
            continue
        return _finish(plan, tx_created)
    raise Conflict("changed_meanwhile")


def _finish(plan: Plan[T], created: dict[str, int]) -> T:
    if plan.refusal is not None:
        raise plan.refusal
    return plan.outcome(created)


def change_case(app: App, login: str, case_id: int, decide: Callable[[Work, Actor, CaseSnapshot], Plan[T]],
                expected_version: int | None = None) -> T:
    """`run` for a change to one case: `decide` is given the acting staff member (active) and the case, read
    in one statement; `expected_version` (the version the user last saw) is checked before anything else."""

    def deciding(work: Work) -> Plan[T]:
        actor, case = work.actor_and_case(case_id)
        require_active(actor)
        if expected_version is not None and case.version != expected_version:
            raise Conflict("conflict", case=case_id, expected=expected_version, actual=case.version)
        return decide(work, actor, case)

    return run(app, login, deciding)
