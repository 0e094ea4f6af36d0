"""What a decision writes: small operations that the unit of work applies in one write transaction.

Each operation is guarded by a conditional update on what its decision read, and returns `Stale` when that
has changed since (someone else committed in between): the unit of work then writes nothing and decides
again, or, when the decision rested on what changed, reports the conflict.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any, Protocol

from sqlalchemy import Connection, Table, delete, insert, update

from states.errors import Conflict, DomainError, InvalidInput, NotFound
from states.history import GENESIS, EventKind, NewEvent, chain
from states.journey import CaseState
from workflow import pg_security
from workflow.repository import (
    CaseSnapshot,
    append_to_case,
    append_to_household,
    claim_household,
    current_version,
    insert_events,
    insert_if_absent,
    release_household,
    update_case,
)
from workflow.schema import case_access as access_t
from workflow.schema import cases as cases_t
from workflow.schema import decisions as decisions_t
from workflow.schema import household_members as members_t
from workflow.schema import households as households_t
from workflow.schema import identity_lookup as lookup_t
from workflow.schema import staff as staff_t


@dataclass
class Transaction:
    """What an operation writes with: the connection, who acts, the moment, and what earlier operations of
    the same plan created (the new case's id ...)."""

    conn: Connection
    actor: str
    now: datetime
    today: date
    created: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Stale:
    """What the decision read has changed since. `conflict`: the decision rested on it, so report this
    (nothing is written); None: decide again on fresh reads."""

    conflict: DomainError | None = None


class Write(Protocol):
    def apply(self, tx: Transaction) -> Stale | None: ...


class ChangeKind(Enum):
    """What a change to a case is, which says how it is written and what happens if the case moved meanwhile:
    (bumps the version, void if the case was edited meanwhile, counts as activity, what it does to the day
    of the case's next review)."""

    EDIT = (True, True, True, "pull")  # changes the case (facts, a step, the caseworker): a new version
    # records what the case's guards read but was decided on its own (a paper, a decision, its household's
    # members): a new version; decided again on fresh reads if the case moved meanwhile
    RECORD = (True, False, True, "pull")
    REFUSAL = (False, True, False, "pull")  # a refused attempt: true only of the case it was decided on
    NOTE = (False, False, True, "pull")  # adds to the history only: written on the case as it is now
    DECISION = (False, False, False, "pull")  # a supervisor's word on the case (continue past the horizon)
    REVIEW = (False, False, False, "exact")  # the review's own record: it sets the next review day outright
    BOOKKEEPING = (False, False, False, "keep")  # the system's record of a reminder sent or failed

    def __init__(self, bumps_version: bool, rests_on_version: bool, counts_as_activity: bool,
                 review_day: str) -> None:
        self.bumps_version = bumps_version
        self.rests_on_version = rests_on_version
        self.counts_as_activity = counts_as_activity
        self.review_day = review_day  # pull: to today (the review works out the rest); exact; keep


@dataclass(frozen=True)
class CaseChange:
    """Events appended to a case's history, and columns set on its row, if it is still as `case` read it."""

    case: CaseSnapshot
    events: Sequence[NewEvent]
    values: Mapping[str, Any] = field(default_factory=dict)
    kind: ChangeKind = ChangeKind.EDIT

    def apply(self, tx: Transaction) -> Stale | None:
        values = dict(self.values)
        if self.kind.bumps_version:
            values["version"] = self.case.version + 1
        if self.kind.counts_as_activity:
            values["last_activity_at"] = tx.now
        if "state" in values:
            values["state_entered_at"] = tx.now
        held = None
        if self.kind.review_day == "pull":  # the next review works out what is due now
            read = self.case.review_due_on
            if read is not None and read <= tx.today:  # due already: kept (an index write saved on every step),
                held = read  # if no review has moved it on since the read
            else:
                values["review_due_on"] = tx.today
        exact = self.kind.review_day == "exact"
        if not self.events:
            written = update_case(tx.conn, self.case.id, self.case.history_seq, values, exact, held)
        else:
            written = append_to_case(tx.conn, self.case, self.events, tx.actor, tx.now, values, exact, held)
        if written:
            return None
        if self.kind.rests_on_version:
            now_version = current_version(tx.conn, self.case.id)
            if now_version != self.case.version:
                return Stale(Conflict("conflict", case=self.case.id, expected=self.case.version, actual=now_version))
        return Stale()


@dataclass(frozen=True)
class NewCase:
    """A case opened in `screened` for a household that has no open case (claimed as it is written)."""

    household_id: int
    caseworker: str
    details: dict[str, Any]  # what the `opened` event says
    facts: Mapping[str, Any] = field(default_factory=dict)  # what it starts from (the household's figures)
    recorded: Sequence[NewEvent] = ()  # ... each a fact recorded after the `opened` event

    def apply(self, tx: Transaction) -> Stale | None:
        opened = CaseState.SCREENED.value
        case_id = tx.conn.execute(insert(cases_t).values(
            household_id=self.household_id, state=opened, caseworker=self.caseworker, opened_at=tx.now,
            state_entered_at=tx.now, last_activity_at=tx.now, version=1,
            facts=json.dumps(dict(self.facts), sort_keys=True) if self.facts else "{}", history_seq=0,
            history_head=GENESIS, review_due_on=tx.today,
        )).inserted_primary_key[0]  # type: ignore[index]
        if not claim_household(tx.conn, self.household_id, case_id):
            return Stale()  # another case was opened for the household meanwhile: decide again
        events = chain(case_id, 0, GENESIS, tx.now, tx.actor, [NewEvent(EventKind.OPENED.value, None, opened,
                                                                        self.details), *self.recorded])
        insert_events(tx.conn, events)
        tx.conn.execute(update(cases_t).where(cases_t.c.id == case_id)
                        .values(history_seq=events[-1].seq, history_head=events[-1].hash))
        tx.created["case"] = case_id
        return None


@dataclass(frozen=True)
class ClaimHousehold:
    """A reopened case becomes the household's open case, if it has none (another may have been opened)."""

    household_id: int
    case_id: int

    def apply(self, tx: Transaction) -> Stale | None:
        return None if claim_household(tx.conn, self.household_id, self.case_id) else Stale()


@dataclass(frozen=True)
class ReleaseHousehold:
    """The case is closed or moved in: its household has no open case."""

    household_id: int
    case_id: int

    def apply(self, tx: Transaction) -> Stale | None:
        release_household(tx.conn, self.household_id, self.case_id)
        return None


@dataclass(frozen=True)
class NewHousehold:
    """A household registered, its history begun with what it was registered with."""

    values: Mapping[str, Any]
    registered: NewEvent

    def apply(self, tx: Transaction) -> Stale | None:
        row = {**self.values, "created_at": tx.now, "created_by": tx.actor}
        household_id = tx.conn.execute(insert(households_t).values(row)).inserted_primary_key[0]  # type: ignore[index]
        tx.created["household"] = household_id
        append_to_household(tx.conn, household_id, 0, GENESIS, [self.registered], tx.actor, tx.now, {})
        return None


@dataclass(frozen=True)
class HouseholdChange:
    """Events appended to a household's own history, and columns set on its row, if its history is still
    where the decision read it (else decide again)."""

    household_id: int
    read_seq: int
    read_head: str
    events: Sequence[NewEvent]
    values: Mapping[str, Any] = field(default_factory=dict)

    def apply(self, tx: Transaction) -> Stale | None:
        if append_to_household(tx.conn, self.household_id, self.read_seq, self.read_head, self.events, tx.actor,
                               tx.now, self.values):
            return None
        return Stale()


@dataclass(frozen=True)
class NewRow:
    """A row whose id the rest of the change needs (a member, a decision): inserted, stamped with the moment
    and who acts (`stamped`: those two columns), then `then(id)`'s writes applied."""

    table: Table
    values: Mapping[str, Any]
    name: str  # what `tx.created` calls its id
    stamped: tuple[str, str]
    then: Callable[[int], Sequence[Write]]

    def apply(self, tx: Transaction) -> Stale | None:
        at, by = self.stamped
        row = {**self.values, at: tx.now, by: tx.actor}
        new_id = tx.conn.execute(insert(self.table).values(row)).inserted_primary_key[0]  # type: ignore[index]
        tx.created[self.name] = new_id
        for write in self.then(new_id):
            stale = write.apply(tx)
            if stale is not None:
                return stale
        return None


@dataclass(frozen=True)
class IdentityLookups:
    """The keyed hashes of a household's (or a member's) identity numbers, by which they are found; with
    `forget`, the member's are taken out instead (they left the household). A new household's id is the one
    the same plan created."""

    hashes: Sequence[str]
    household_id: int | None = None
    member_id: int | None = None
    forget: bool = False

    def apply(self, tx: Transaction) -> Stale | None:
        if self.forget:
            tx.conn.execute(delete(lookup_t).where(lookup_t.c.member_id == self.member_id))
            return None
        household = self.household_id if self.household_id is not None else tx.created["household"]
        if self.hashes:
            tx.conn.execute(insert(lookup_t), [{"hash": h, "household_id": household, "member_id": self.member_id}
                                               for h in self.hashes])
        return None


@dataclass(frozen=True)
class DecisionValues:
    """A proposed decision approved or rejected: only if it is still proposed (else decide again)."""

    decision_id: int
    values: Mapping[str, Any]

    def apply(self, tx: Transaction) -> Stale | None:
        changed = tx.conn.execute(update(decisions_t).where(decisions_t.c.id == self.decision_id,
                                                            decisions_t.c.status == "proposed")
                                  .values({**self.values, "decided_by": tx.actor, "decided_at": tx.now}))
        return None if changed.rowcount == 1 else Stale()


@dataclass(frozen=True)
class MemberValues:
    """Columns of an active member's row (their role; or their removal, with who, when and why)."""

    member_id: int
    values: Mapping[str, Any]
    removal: bool = False

    def apply(self, tx: Transaction) -> Stale | None:
        values = {**self.values, **({"removed_at": tx.now, "removed_by": tx.actor} if self.removal else {})}
        changed = tx.conn.execute(update(members_t).where(members_t.c.id == self.member_id,
                                                          members_t.c.removed_at.is_(None)).values(values))
        return None if changed.rowcount == 1 else Stale()


@dataclass(frozen=True)
class NewStaff:
    values: Mapping[str, Any]

    def apply(self, tx: Transaction) -> Stale | None:
        if insert_if_absent(tx.conn, staff_t, {**self.values, "created_at": tx.now}, ("login",)):
            return None
        return Stale(InvalidInput("staff_exists", login=self.values["login"]))


@dataclass(frozen=True)
class StaffChange:
    login: str
    values: Mapping[str, Any]

    def apply(self, tx: Transaction) -> Stale | None:
        changed = tx.conn.execute(update(staff_t).where(staff_t.c.login == self.login).values(dict(self.values)))
        return None if changed.rowcount == 1 else Stale(NotFound("staff_not_found", login=self.login))


@dataclass(frozen=True)
class StaffLogin:
    """On a PostgreSQL database `rto init` secured, the staff member's login role holds the group role of
    their staff role while they are active, and no other (workflow.pg_security); nothing on SQLite."""

    login: str

    def apply(self, tx: Transaction) -> Stale | None:
        pg_security.sync_login(tx.conn, self.login)
        return None


@dataclass(frozen=True)
class AccessRecord:
    """Who looked at which cases (or a household), and how: the access log, in the same unit as the look."""

    login: str
    action: str  # show, history, export, household
    case_ids: Sequence[int] = ()
    household_id: int | None = None

    def apply(self, tx: Transaction) -> Stale | None:
        rows = [{"case_id": c, "household_id": self.household_id, "login": self.login, "at": tx.now,
                 "action": self.action} for c in self.case_ids]
        if not rows and self.household_id is not None:
            rows = [{"case_id": None, "household_id": self.household_id, "login": self.login, "at": tx.now,
                     "action": self.action}]
        if rows:
            tx.conn.execute(insert(access_t), rows)
        return None


@dataclass(frozen=True)
class HouseholdValues:
    """Household facts a case's change records (in the case's history): set on the household row. Guarded
    by that change: a household has one open case, and only an open case records facts."""

    household_id: int
    values: Mapping[str, Any]

    def apply(self, tx: Transaction) -> Stale | None:
        tx.conn.execute(update(households_t).where(households_t.c.id == self.household_id).values(dict(self.values)))
        return None
