"""Reading and writing the product's rows, as SQLAlchemy Core statements on the tables (workflow.schema).

Core rather than the ORM: a change is a handful of statements by primary key, and the concurrency check is
a conditional UPDATE (`WHERE history_seq = :read_seq`) that a second writer cannot pass. Snapshots are
what a decision reads; `workflow/writes.py` holds what it writes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

from sqlalchemy import JSON, Connection, Table, bindparam, case, cast, func, insert, or_, select, type_coerce, update

from states.affordability import Household, Member
from states.errors import NotFound, NotPermitted
from states.facts import HOUSEHOLD_FACTS
from states.history import MOVE_KINDS, Event, NewEvent, chain
from states.members import from_json
from states.roles import Actor, Role
from workflow import driver
from workflow.schema import case_events as events_t
from workflow.schema import cases as cases_t
from workflow.schema import household_events as household_events_t
from workflow.schema import households as households_t
from workflow.schema import staff as staff_t


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
    papers: dict[str, Any] = field(default_factory=dict)  # states.papers: {"tax_return@12": {"status", ...}}
    decisions: dict[str, str] = field(default_factory=dict)  # the latest status of each kind of decision


def from_db_time(value: Any) -> datetime:
    """A stored time as an aware UTC datetime, whichever driver read it."""
    if isinstance(value, str):
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    if value.tzinfo is None:  # SQLite hands SQLAlchemy's stored UTC back naive
        return value.replace(tzinfo=UTC)  # type: ignore[no-any-return]
    return value.astimezone(UTC)  # type: ignore[no-any-return]


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


_CASE_COLUMNS = (
    cases_t.c.id, cases_t.c.household_id, cases_t.c.state, cases_t.c.paused_from, cases_t.c.caseworker,
    cases_t.c.opened_at, cases_t.c.state_entered_at, cases_t.c.last_activity_at, cases_t.c.closed_outcome,
    cases_t.c.version, cases_t.c.facts, cases_t.c.history_seq, cases_t.c.history_head, cases_t.c.review_log,
    cases_t.c.review_due_on, cases_t.c.papers, cases_t.c.decisions,
    households_t.c.name, households_t.c.adults, households_t.c.children, households_t.c.child_ages,
    households_t.c.municipal_unit, households_t.c.members,
)


def case_query() -> Any:
    """Cases joined with what the guards need from their households."""
    return select(*_CASE_COLUMNS).join_from(cases_t, households_t, cases_t.c.household_id == households_t.c.id)


def snapshot_from_row(row: Mapping[Any, Any]) -> CaseSnapshot:
    """A case from a row of `case_query()` (`row._mapping`)."""
    entered = from_db_time(row["state_entered_at"])  # a step sets both: one parse
    active = entered if row["last_activity_at"] == row["state_entered_at"] else from_db_time(row["last_activity_at"])
    return CaseSnapshot(
        id=row["id"], household_id=row["household_id"], household_name=row["name"], household=household_of(row),
        state=row["state"], paused_from=row["paused_from"], caseworker=row["caseworker"],
        opened_at=from_db_time(row["opened_at"]), state_entered_at=entered,
        last_activity_at=active, closed_outcome=row["closed_outcome"],
        version=row["version"], facts=_json(row["facts"]), history_seq=row["history_seq"],
        history_head=row["history_head"], review_log=_json(row["review_log"]),
        review_due_on=_day(row["review_due_on"]), papers=_json(row["papers"]),
        decisions=_json(row["decisions"]),
    )


def household_of(row: Mapping[Any, Any]) -> Household:
    """What the rules need of a household row (`row._mapping`), as recorded: counts, and members if any
    (`Household.as_of(day)` counts the members' ages on a day)."""
    return Household(row["adults"], row["children"], tuple(_json(row["child_ages"])), row["municipal_unit"],
                     members_from(row["members"]))


def members_from(text: str) -> tuple[Member, ...]:
    """The household row's copy of its active members (`households.members`)."""
    return tuple(from_json(_json(text)))


def _json(text: str) -> Any:
    """A JSON column of the hot path's read: most often empty (a case's review log, a household's members),
    and as rto wrote it (no space around it: read with the decoder's scanner itself, else as any JSON)."""
    if text == "{}":
        return {}
    if text == "[]":
        return []
    try:
        value, end = _SCAN(text, 0)
        if end == len(text):
            return value
    except StopIteration:
        pass
    return json.loads(text)


_SCAN: Callable[[str, int], tuple[Any, int]] = json.decoder.JSONDecoder().scan_once  # type: ignore[attr-defined]


# --- reads --------------------------------------------------------------------------------------------------

@cache
def _select_staff() -> Any:
    return select(staff_t.c.login, staff_t.c.role, staff_t.c.active).where(staff_t.c.login == bindparam("login"))


def staff_member(conn: Connection, login: str) -> Actor | None:
    row = conn.execute(_select_staff(), {"login": login}).first()
    return None if row is None else Actor(row.login, Role(row.role), bool(row.active))


def load_actor(conn: Connection, login: str) -> Actor:
    """The acting staff member: unknown is 'not permitted'."""
    actor = staff_member(conn, login)
    if actor is None:
        raise NotPermitted("unknown_login", login=login)
    return actor


def find_staff(conn: Connection, login: str) -> Actor:
    """A staff member named as the object of a command (not the actor): unknown is 'not found'."""
    actor = staff_member(conn, login)
    if actor is None:
        raise NotFound("staff_not_found", login=login)
    return actor


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
    """Who acts, and the case they act on (an unknown login is refused before a missing case is reported).
    The first of the hot path's three statements (`workflow.driver`)."""
    row = driver.fetch_one(conn, driver.prepared(conn, "case_for", _select_case_for),
                           {"login": login, "case_id": case_id})
    if row is None:
        load_actor(conn, login)
        raise NotFound("case_not_found", case=case_id)
    if row["actor_role"] is None:
        raise NotPermitted("unknown_login", login=login)
    return Actor(login, Role(row["actor_role"]), bool(row["actor_active"])), snapshot_from_row(row)


def _select_case() -> Any:
    return case_query().where(cases_t.c.id == bindparam("case_id"))


def load_case(conn: Connection, case_id: int) -> CaseSnapshot:
    """(On the hot path of the dispatcher's record of every reminder sent.)"""
    row = driver.fetch_one(conn, driver.prepared(conn, "case", _select_case), {"case_id": case_id})
    if row is None:
        raise NotFound("case_not_found", case=case_id)
    return snapshot_from_row(row)


def load_household_row(conn: Connection, household_id: int) -> Any:
    row = conn.execute(select(households_t).where(households_t.c.id == household_id)).first()
    if row is None:
        raise NotFound("household_not_found", household=household_id)
    return row


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


def last_refusal_by(conn: Connection, case_id: int, from_state: str, to_state: str) -> str | None:
    """Who last proposed the step (and was refused) since the case entered its state: the four-eyes check.
    'Since' by position in the history, not by clock, so no clock skew between machines can hide one.
    Read after the case row: any event appended since moves the case's history position, which the
    change's conditional update then catches, so this read is as protected as the case row is."""
    entered = (
        select(func.max(events_t.c.seq))
        .where(events_t.c.case_id == case_id, events_t.c.kind.in_(MOVE_KINDS))
        .scalar_subquery()
    )
    return conn.execute(
        select(events_t.c.actor)
        .where(events_t.c.case_id == case_id, events_t.c.kind == "refused", events_t.c.from_state == from_state,
               events_t.c.to_state == to_state, events_t.c.seq > entered)
        .order_by(events_t.c.seq.desc())
        .limit(1)
    ).scalar()


def open_case_of(conn: Connection, household_id: int) -> int | None:
    """The household's case that is not closed or moved in, as the household row records it."""
    return conn.execute(select(households_t.c.open_case_id).where(households_t.c.id == household_id)).scalar()


def current_version(conn: Connection, case_id: int) -> int | None:
    return conn.execute(select(cases_t.c.version).where(cases_t.c.id == case_id)).scalar()


# --- writes -------------------------------------------------------------------------------------------------

def _update_case(columns: tuple[str, ...], review_day_exact: bool, review_day_held: bool) -> Any:
    """An UPDATE of `columns` that applies only if no event was appended since the case was read (every
    change appends one), so a second writer cannot pass it. Unless the review sets it, the review day only
    ever moves earlier here, decided as it is written (a review may have moved it on since the read); or,
    `review_day_held`, it is left as it is, if it is still the day that was read."""
    values: dict[str, Any] = {name: bindparam(f"b_{name}") for name in columns}
    if "review_due_on" in values and not review_day_exact:
        due, day = cases_t.c.review_due_on, bindparam("b_review_due_on", type_=cases_t.c.review_due_on.type)
        values["review_due_on"] = case((or_(due.is_(None), due > day), day), else_=due)
    held = [cases_t.c.review_due_on == bindparam("b_read_review_day")] if review_day_held else []
    return (
        update(cases_t)
        .where(cases_t.c.id == bindparam("b_id"), cases_t.c.history_seq == bindparam("b_read_seq"), *held)
        .values(values)
    )


def update_case(conn: Connection, case_id: int, read_seq: int, values: Mapping[str, Any],
                review_day_exact: bool = False, review_day_held: date | None = None) -> bool:
    """Set `values` on the case if its history is still at `read_seq` (and its review day still
    `review_day_held`, if given); False (nothing written) if not. (The hot path's second statement, one
    prepared statement per shape.)"""
    columns = tuple(sorted(values))
    params = {f"b_{name}": values[name] for name in columns}
    params.update(b_id=case_id, b_read_seq=read_seq)
    held = review_day_held is not None
    if held:
        params["b_read_review_day"] = review_day_held
    statement = driver.prepared(conn, ("update_case", columns, review_day_exact, held),
                                lambda: _update_case(columns, review_day_exact, held))
    return driver.execute(conn, statement, params) == 1


def append_to_case(conn: Connection, snap: CaseSnapshot, items: Sequence[NewEvent], actor: str, at: datetime,
                   values: Mapping[str, Any], review_day_exact: bool = False,
                   review_day_held: date | None = None) -> bool:
    """Chain `items` after the case's head as `snap` read it, and set `values` with the new head, if the case
    is still where `snap` saw it; False (nothing written) if it is not."""
    events = chain(snap.id, snap.history_seq, snap.history_head, at, actor, items)
    row = {**values, "history_seq": events[-1].seq, "history_head": events[-1].hash}
    if not update_case(conn, snap.id, snap.history_seq, row, review_day_exact, review_day_held):
        return False
    insert_events(conn, events)
    return True


_EVENT_COLUMNS = ["case_id", "seq", "at", "actor", "kind", "from_state", "to_state", "details", "prev_hash", "hash",
                  "hash_version", "sealed"]


def insert_events(conn: Connection, events: Sequence[Event]) -> None:
    """(The hot path's third statement.)"""
    statement = driver.prepared(conn, "insert_event", lambda: insert(events_t), _EVENT_COLUMNS)
    driver.execute_many(conn, statement, [dict(zip(Event._fields, e, strict=True)) for e in events])


def insert_if_absent(conn: Connection, table: Table, row: Mapping[str, Any], key: tuple[str, ...]) -> bool:
    """INSERT ... ON CONFLICT (key) DO NOTHING, in the dialect's words: True when the row is new. Two writers
    inserting the same key at once: one inserts, the other is told, and neither fails half-way."""
    return conn.execute(_insert_if_absent(conn.dialect.name, table, key), dict(row)).first() is not None


@cache
def _insert_if_absent(dialect: str, table: Table, key: tuple[str, ...]) -> Any:
    """The statement, built once (a review queues thousands)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as upsert
    else:
        from sqlalchemy.dialects.sqlite import insert as upsert  # type: ignore[assignment]
    return upsert(table).on_conflict_do_nothing(index_elements=list(key)).returning(*(table.c[k] for k in key))


def _claim() -> Any:
    return (update(households_t)
            .where(households_t.c.id == bindparam("b_household"), households_t.c.open_case_id.is_(None))
            .values(open_case_id=bindparam("b_case")))


def _release() -> Any:
    return (update(households_t)
            .where(households_t.c.id == bindparam("b_household"), households_t.c.open_case_id == bindparam("b_case"))
            .values(open_case_id=None))


def claim_household(conn: Connection, household_id: int, case_id: int) -> bool:
    """Record `case_id` as the household's open case, if it has none: False when another got there first.
    (On the hot path with the case's own statements: reopening, and every case's last step, release.)"""
    return driver.execute(conn, driver.prepared(conn, "claim_household", _claim),
                          {"b_household": household_id, "b_case": case_id}) == 1


def release_household(conn: Connection, household_id: int, case_id: int) -> None:
    """The case is closed or moved in: the household has no open case any more."""
    driver.execute(conn, driver.prepared(conn, "release_household", _release),
                   {"b_household": household_id, "b_case": case_id})


def append_to_household(conn: Connection, household_id: int, read_seq: int, read_head: str,
                        items: Sequence[NewEvent], actor: str, at: datetime, values: Mapping[str, Any]) -> bool:
    """Chain `items` after the household's head as it was read, and set `values` with the new head, if its
    history is still at `read_seq`; False (nothing written) if someone else appended meanwhile."""
    events = chain(household_id, read_seq, read_head, at, actor, items)
    moved = conn.execute(
        update(households_t)
        .where(households_t.c.id == household_id, households_t.c.history_seq == read_seq)
        .values({**values, "history_seq": events[-1].seq, "history_head": events[-1].hash})
    ).rowcount
    if moved != 1:
        return False
    conn.execute(insert(household_events_t), [household_event_row(e) for e in events])
    return True


def household_event_row(e: Any) -> dict[str, Any]:
    """A chained event as its household_events row: every column the hash and its commitments need."""
    return {"household_id": e.case_id, "seq": e.seq, "at": e.at, "actor": e.actor, "kind": e.kind,
            "details": e.details, "prev_hash": e.prev_hash, "hash": e.hash, "hash_version": e.hash_version,
            "sealed": e.sealed}
