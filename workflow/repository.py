"""Reading and writing cases, staff and history, as SQLAlchemy Core statements on the SQLModel tables.

Core rather than the ORM on this path: a transition is a handful of statements by primary key, prepared once
and run on the driver's cursor, and the concurrency check is a conditional UPDATE (`WHERE history_seq =
:read_seq`) that a second writer cannot pass.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import JSON, Connection, Table, bindparam, case, cast, func, insert, or_, select, type_coerce, update

from states.affordability import Household
from states.errors import NotFound, NotPermitted
from states.facts import HOUSEHOLD_FACTS
from states.history import MOVE_KINDS, Event, chain
from states.journey import NON_TERMINAL
from states.roles import Actor, Role
from workflow import driver
from workflow.driver import from_db_time
from workflow.tables import CaseEventRow, CaseRow, HouseholdRow, StaffRow

staff_t: Table = StaffRow.__table__  # type: ignore[attr-defined]
households_t: Table = HouseholdRow.__table__  # type: ignore[attr-defined]
cases_t: Table = CaseRow.__table__  # type: ignore[attr-defined]
events_t: Table = CaseEventRow.__table__  # type: ignore[attr-defined]

Item = tuple[str, str | None, str | None, dict[str, Any]]  # an event to append: kind, from, to, details


@dataclass(frozen=True)
class CaseSnapshot:
    """A case as read at one moment, with what its guards need to know about the household."""

    id: int
    household_id: int
    household_name: str
    household: Household
    state: str
    paused_from: str | None
    caseworker: str | None
    opened_at: datetime
    state_entered_at: datetime
    last_activity_at: datetime
    closed_outcome: str | None
    version: int
    facts: dict[str, Any]
    history_seq: int
    history_head: str
    review_log: dict[str, Any] = field(default_factory=dict)
    review_due_on: date | None = None


@dataclass
class Change:
    """What a decision about a case writes: events to append, and columns to set on the case row."""

    events: list[Item]
    case_values: dict[str, Any] = field(default_factory=dict)
    household_values: dict[str, Any] = field(default_factory=dict)
    bump_version: bool = True
    needs_version: bool = True  # False: it does not depend on what was read (a note), so it is retried
    # when the case moved meanwhile; True: it is a conflict once another change bumped the version
    refusal: Exception | None = None  # written, then raised
    touches_activity: bool = True
    review_day_exact: bool = False  # True (the review's own): set review_due_on as given, not only earlier


_CASE_COLUMNS = (
    cases_t.c.id, cases_t.c.household_id, cases_t.c.state, cases_t.c.paused_from, cases_t.c.caseworker,
    cases_t.c.opened_at, cases_t.c.state_entered_at, cases_t.c.last_activity_at, cases_t.c.closed_outcome,
    cases_t.c.version, cases_t.c.facts, cases_t.c.history_seq, cases_t.c.history_head, cases_t.c.review_log,
    cases_t.c.review_due_on,
    households_t.c.name, households_t.c.adults, households_t.c.children, households_t.c.child_ages,
    households_t.c.municipal_unit,
)


@cache
def _select_staff() -> Any:
    return select(staff_t.c.login, staff_t.c.role, staff_t.c.active).where(staff_t.c.login == bindparam("login"))


def _staff(conn: Connection, login: str) -> Actor | None:
    row = conn.execute(_select_staff(), {"login": login}).first()
    return None if row is None else Actor(row.login, Role(row.role), bool(row.active))


def load_actor(conn: Connection, login: str) -> Actor:
    """The acting staff member: unknown is 'not permitted'."""
    actor = _staff(conn, login)
    if actor is None:
        raise NotPermitted("unknown_login", login=login)
    return actor


def find_staff(conn: Connection, login: str) -> Actor:
    """A staff member named as the object of a command (not the actor): unknown is 'not found'."""
    actor = _staff(conn, login)
    if actor is None:
        raise NotFound("staff_not_found", login=login)
    return actor


def snapshot_from_row(row: Mapping[Any, Any]) -> CaseSnapshot:
    """A case from a row of `case_query()`, as SQLAlchemy (`row._mapping`) or the driver returns it."""
    household = Household(row["adults"], row["children"], tuple(json.loads(row["child_ages"])),
                          row["municipal_unit"])
    return CaseSnapshot(
        id=row["id"],
        household_id=row["household_id"],
        household_name=row["name"],
        household=household,
        state=row["state"],
        paused_from=row["paused_from"],
        caseworker=row["caseworker"],
        opened_at=from_db_time(row["opened_at"]),
        state_entered_at=from_db_time(row["state_entered_at"]),
        last_activity_at=from_db_time(row["last_activity_at"]),
        closed_outcome=row["closed_outcome"],
        version=row["version"],
        facts=json.loads(row["facts"]),
        history_seq=row["history_seq"],
        history_head=row["history_head"],
        review_log=json.loads(row["review_log"]),
        review_due_on=_day(row["review_due_on"]),
    )


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


def household_facts(row: Any) -> dict[str, Any]:
    """A household row's facts, as the history records and replays them."""
    facts = {name: getattr(row, name) for name in HOUSEHOLD_FACTS}
    facts["child_ages"] = json.loads(row.child_ages) or None
    facts["email_consent"] = bool(row.email_consent)
    return facts


def case_fact(conn: Connection, name: str) -> Any:
    """A fact in the case's facts (JSON text), for SQL: SQLite reads the text as it is (CAST AS JSON would
    make it 0), PostgreSQL as json. Follow with `.as_string()`, `.as_boolean()` ..."""
    facts = cases_t.c.facts if conn.dialect.name == "sqlite" else cast(cases_t.c.facts, JSON)
    return type_coerce(facts, JSON)[name]


def case_query() -> Any:
    """Cases joined with what the guards need from their households."""
    return select(*_CASE_COLUMNS).join_from(cases_t, households_t, cases_t.c.household_id == households_t.c.id)


@cache
def _select_case() -> Any:
    return case_query().where(cases_t.c.id == bindparam("case_id"))


def load_case(conn: Connection, case_id: int) -> CaseSnapshot:
    row = conn.execute(_select_case(), {"case_id": case_id}).first()
    if row is None:
        raise NotFound("case_not_found", case=case_id)
    return snapshot_from_row(row._mapping)


def _select_case_for() -> Any:
    """The case, and the acting staff member's role and status, in one round trip."""
    staff = select(staff_t.c.role, staff_t.c.active).where(staff_t.c.login == bindparam("login"))
    return (
        case_query()
        .add_columns(staff.with_only_columns(staff_t.c.role).scalar_subquery().label("actor_role"),
                     staff.with_only_columns(staff_t.c.active).scalar_subquery().label("actor_active"))
        .where(cases_t.c.id == bindparam("case_id"))
    )


def load_actor_and_case(conn: Connection, login: str, case_id: int) -> tuple[Actor, CaseSnapshot]:
    """The unit of work's read: who acts, and the case they act on."""
    row = driver.fetch_one(conn, driver.prepared(conn, "case_for", _select_case_for),
                           {"login": login, "case_id": case_id})
    if row is None:
        load_actor(conn, login)  # an unknown login is refused before a missing case is reported
        raise NotFound("case_not_found", case=case_id)
    if row["actor_role"] is None:
        raise NotPermitted("unknown_login", login=login)
    return Actor(login, Role(row["actor_role"]), bool(row["actor_active"])), snapshot_from_row(row)


def _update_case(columns: tuple[str, ...], review_day_exact: bool) -> Any:
    """An UPDATE of `columns` that applies only if no event was appended since the case was read
    (every change appends one), so a second writer cannot pass it. One prepared statement per shape.
    Unless the review sets it, the review day only ever moves earlier here, decided as it is written (a
    review may have moved it on since this change read the case)."""
    values: dict[str, Any] = {name: bindparam(f"b_{name}") for name in columns}
    if "review_due_on" in values and not review_day_exact:
        due, day = cases_t.c.review_due_on, bindparam("b_review_due_on", type_=cases_t.c.review_due_on.type)
        values["review_due_on"] = case((or_(due.is_(None), due > day), day), else_=due)
    return (
        update(cases_t)
        .where(cases_t.c.id == bindparam("b_id"), cases_t.c.history_seq == bindparam("b_read_seq"))
        .values(values)
    )


def write_change(conn: Connection, snap: CaseSnapshot, change: Change, actor: str, at: datetime) -> bool:
    """Apply `change` if the case is still as `snap` read it; False (nothing written) if it is not."""
    events = chain(snap.id, snap.history_seq, snap.history_head, at, actor, change.events)
    row = dict(change.case_values)
    row["history_seq"], row["history_head"] = events[-1].seq, events[-1].hash
    if change.bump_version:
        row["version"] = snap.version + 1
    if change.touches_activity:
        row["last_activity_at"] = at
    if "state" in row:
        row["state_entered_at"] = at
    columns = tuple(sorted(row))
    params = {f"b_{name}": row[name] for name in columns}
    params.update(b_id=snap.id, b_read_seq=snap.history_seq)
    exact = change.review_day_exact
    statement = driver.prepared(conn, ("update_case", columns, exact), lambda: _update_case(columns, exact))
    if driver.execute(conn, statement, params) != 1:
        return False
    if change.household_values:
        conn.execute(
            update(households_t).where(households_t.c.id == snap.household_id).values(change.household_values)
        )
    insert_events(conn, events)
    return True


_EVENT_COLUMNS = ["case_id", "seq", "at", "actor", "kind", "from_state", "to_state", "details", "prev_hash", "hash"]


def insert_events(conn: Connection, events: list[Event]) -> None:
    rows = [{name: getattr(e, name) for name in _EVENT_COLUMNS} for e in events]
    statement = driver.prepared(conn, "insert_event", lambda: insert(events_t), _EVENT_COLUMNS)
    if len(rows) == 1:
        driver.execute(conn, statement, rows[0])
    else:
        driver.execute_many(conn, statement, rows)


def append_events(conn: Connection, case_id: int, actor: str, at: datetime, items: list[Item]) -> None:
    """Append events that change nothing else (a reminder sent), inside the caller's write transaction;
    the case row is locked first, so no caseworker's change can interleave with the chain."""
    head = conn.execute(
        select(cases_t.c.history_seq, cases_t.c.history_head).where(cases_t.c.id == case_id).with_for_update()
    ).one()
    events = chain(case_id, head.history_seq, head.history_head, at, actor, items)
    conn.execute(update(cases_t).where(cases_t.c.id == case_id, cases_t.c.history_seq == head.history_seq)
                 .values(history_seq=events[-1].seq, history_head=events[-1].hash))
    insert_events(conn, events)


def current_version(conn: Connection, case_id: int) -> int | None:
    return conn.execute(select(cases_t.c.version).where(cases_t.c.id == case_id)).scalar()


def last_refusal_by(conn: Connection, case_id: int, from_state: str, to_state: str) -> str | None:
    """Who last proposed the step (and was refused) since the case entered its state: the four-eyes check.
    'Since' by position in the history, not by clock, so no clock skew between machines can hide one."""
    entered = (
        select(func.max(events_t.c.seq))
        .where(events_t.c.case_id == case_id, events_t.c.kind.in_(MOVE_KINDS))
        .scalar_subquery()
    )
    return conn.execute(
        select(events_t.c.actor)
        .where(
            events_t.c.case_id == case_id,
            events_t.c.kind == "refused",
            events_t.c.from_state == from_state,
            events_t.c.to_state == to_state,
            events_t.c.seq > entered,
        )
        .order_by(events_t.c.seq.desc())
        .limit(1)
    ).scalar()


def open_case_of(conn: Connection, household_id: int, but: int | None = None) -> int | None:
    """The household's case that is not closed or moved in, if any (`but` one)."""
    query = select(cases_t.c.id).where(cases_t.c.household_id == household_id,
                                       cases_t.c.state.in_([s.value for s in NON_TERMINAL]))
    if but is not None:
        query = query.where(cases_t.c.id != but)
    return conn.execute(query.limit(1)).scalar()
