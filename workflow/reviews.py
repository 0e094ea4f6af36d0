"""Reviews: find what is due, and queue it in the outbox in the same transaction as the record of it.

The database is asked only for cases whose `review_due_on` has come (an index), never for every case.
A change to a case only pulls that day forward to today (cheap, on every change); the next review then
works out, by the rules, when the case is really due next. A review appends a `reminder_queued` event to each case it
reminds about, moves the case's next review day on, and writes one outbox row per recipient with a
unique key, all in one transaction: running it twice, or after downtime, queues nothing twice.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, exists, func, or_, select, update

from notifications.messages import render
from states.errors import InvalidInput
from states.facts import iso_date
from states.history import EventKind
from states.journey import OPEN_STATES
from states.labels import state_label
from states.policy import Policy
from states.reviews import Notice, ReviewCase, ReviewLog, next_review_on, noted, reassessment_period, review
from states.reviews import stalled_since as rules_stalled_since
from states.roles import Role, require_role
from workflow.bootstrap import SYSTEM, App
from workflow.calendar import review_until
from workflow.database import READ, WRITE
from workflow.outbox import Message, already_queued, enqueue
from workflow.repository import (
    CaseSnapshot,
    Change,
    Item,
    case_fact,
    case_query,
    cases_t,
    households_t,
    load_actor,
    snapshot_from_row,
    staff_t,
    write_change,
)

BATCH = 500  # cases a write transaction reviews: the write lock is never held for long
log_ = logging.getLogger("rto.review")


@dataclass(frozen=True)
class Person:
    login: str
    name: str
    email: str


def review_case(app: App, snap: CaseSnapshot) -> ReviewCase:
    """What the review rules read of a case: its days in the service's time zone."""
    def day(at: datetime) -> date:
        return app.local(at).date()

    return ReviewCase(snap.id, snap.state, day(snap.opened_at), day(snap.last_activity_at),
                      day(snap.state_entered_at), iso_date(snap.facts.get("certificate_expires")),
                      iso_date(snap.facts.get("takeover_date")))


def quiet_cases(app: App, policy: Policy, today: date) -> ColumnElement[bool] | None:
    """A WHERE clause for the cases quiet for longer than their state's stall threshold: the only ones
    that can be stalled today (None: no state ever stalls). The review rules then judge each one."""
    quiet = [
        and_(cases_t.c.state == state, cases_t.c.last_activity_at < app.start_of(today - timedelta(days=days)))
        for state, days in policy.stall_days.items() if days is not None
    ]
    return or_(*quiet) if quiet else None


def stalled_since(app: App, snap: CaseSnapshot, policy: Policy, today: date) -> date | None:
    """The day the case's stall clock started, if it counts as stalled today."""
    return rules_stalled_since(review_case(app, snap), policy, today)


def run_review(app: App, login: str | None, as_of: date | None = None, dry_run: bool = False) -> list[dict[str, Any]]:
    """One review pass as of a day (default today): what it queued, or with `dry_run` would queue."""
    today = app.today()
    as_of = as_of or today
    if as_of > today and not dry_run:  # it would send, today, what is not due yet, and count it as done
        raise InvalidInput("as_of_future", value=as_of.isoformat())
    now = app.now()
    until = review_until(as_of)
    policy = app.policy.on(as_of)
    queued: list[dict[str, Any]] = []
    with app.db.engine.connect() as conn:
        with app.db.transaction(conn, READ):
            actor = SYSTEM if login is None else _reviewer(conn, login)
            staff = _active_staff(conn)
        after = 0
        while True:
            with app.db.transaction(conn, WRITE):
                rows = conn.execute(
                    case_query()
                    .where(cases_t.c.review_due_on <= until, cases_t.c.id > after)
                    .order_by(cases_t.c.id)
                    .limit(BATCH)
                    .with_for_update(of=cases_t)  # PostgreSQL: no caseworker changes them meanwhile
                ).all()
                for row in rows:
                    snap = snapshot_from_row(row._mapping)
                    queued += _review_case(app, conn, snap, staff, policy, until, as_of, now, actor)
                    after = snap.id
                if not rows:
                    queued += _reassessment(app, conn, staff, policy, as_of, now)
                if dry_run:
                    conn.rollback()  # decided, rendered, and not written
            if not rows:
                break
    return queued


def _reviewer(conn: Connection, login: str) -> str:
    require_role(load_actor(conn, login), Role.SUPERVISOR, Role.ADMIN)
    return login


def _active_staff(conn: Connection) -> dict[str, tuple[Role, Person]]:
    rows = conn.execute(select(staff_t).where(staff_t.c.active.is_(True)))
    return {r.login: (Role(r.role), Person(r.login, r.name, r.email)) for r in rows if r.email}


def _audience(audience: str, snap: CaseSnapshot | None, staff: dict[str, tuple[Role, Person]]) -> list[Person]:
    """Who a notice goes to: the caseworker (or, without one who can get it, the supervisors), the
    supervisors, or the whole team."""
    if audience == "caseworker" and snap is not None and snap.caseworker in staff:
        return [staff[snap.caseworker][1]]
    roles = (Role.CASEWORKER, Role.SUPERVISOR) if audience == "team" else (Role.SUPERVISOR,)
    return sorted((p for role, p in staff.values() if role in roles), key=lambda p: p.login)


def initials(name: str) -> str:
    """'Familien Berg' -> 'F. B.': enough to recognise, nothing more in an email."""
    return " ".join(f"{word[0].upper()}." for word in name.split() if word[:1].isalpha()) or "–"


def _review_case(app: App, conn: Connection, snap: CaseSnapshot, staff: dict[str, tuple[Role, Person]],
                 policy: Policy, until: date, as_of: date, now: datetime, actor: str) -> list[dict[str, Any]]:
    case = review_case(app, snap)
    log = ReviewLog.from_json(snap.review_log)
    notices, _ = review(case, log, policy, as_of, until)
    queued: list[dict[str, Any]] = []
    events: list[Item] = []
    for notice in notices:
        people = _audience(notice.audience, snap, staff)
        if not people:  # nobody to tell (no one with an email): it stays due, and the review says so
            log_.warning("case %s: %s is due, but nobody can be told", snap.id, notice.kind)
            queued.append({"case": snap.id, "kind": notice.kind, "to": None, "address": None,
                           "due_on": notice.due_on.isoformat(), "key": None})
            continue
        log = noted(log, notice, as_of)
        context = _context(app, notice, snap, staff, as_of)
        told = []
        for person in people:
            key = f"{notice.kind}:{snap.id}:{notice.period}:{person.login}"
            rendered = render(notice.kind, app.language, {**context, "recipient": person.name},
                              app.settings.timezone)
            if not enqueue(conn, Message(key, notice.kind, snap.id, person.login, person.email, rendered),
                           app.settings.mail.sender, now):
                continue  # queued before (the key is taken): not again, and not recorded again
            told.append(person.login)
            queued.append({"case": snap.id, "kind": notice.kind, "to": person.login, "address": person.email,
                           "due_on": notice.due_on.isoformat(), "key": key})
        if told:
            events.append((EventKind.REMINDER_QUEUED.value, snap.state, None,
                           {"notice": notice.kind, "period": notice.period, "due_on": notice.due_on.isoformat(),
                            "to": told}))
    next_on = next_review_on(case, log, policy, until)
    if next_on is not None and next_on <= until:
        next_on = until + timedelta(days=1)
    values = {"review_log": json.dumps(log.as_json(), sort_keys=True), "review_due_on": next_on}
    if events:
        change = Change(events, values, bump_version=False, needs_version=False, touches_activity=False,
                        review_day_exact=True)  # the review decides the next day outright, later too
        write_change(conn, snap, change, actor, now)  # the case row is ours (locked) for the transaction
    else:
        conn.execute(update(cases_t).where(cases_t.c.id == snap.id).values(values))
    return queued


def _context(app: App, notice: Notice, snap: CaseSnapshot, staff: dict[str, tuple[Role, Person]],
             as_of: date) -> dict[str, Any]:
    """What a message may say: the case reference, the household's initials, dates and counts. Never an
    identity number, an income or a debt."""
    caseworker = staff.get(snap.caseworker or "")
    context: dict[str, Any] = {
        "case": snap.id,
        "household": initials(snap.household_name),
        "caseworker": caseworker[1].name if caseworker else (snap.caseworker or "–"),
        "state": state_label(snap.state, app.language),
        "paused": snap.state == "paused",  # the stall emails suggest resuming, not pausing
        "command": f"rto case show {snap.id}",
        "as_of": as_of.isoformat(),
        **notice.facts,
    }
    if "since" in notice.facts:
        context["days"] = (as_of - date.fromisoformat(notice.facts["since"])).days
        # contracted: the stall clock runs from the takeover day when that is later than the last activity
        context["past_takeover"] = snap.state == "contracted" and notice.facts["since"] == snap.facts.get(
            "takeover_date")
    if "expires" in notice.facts:
        context["days_left"] = (date.fromisoformat(notice.facts["expires"]) - as_of).days
    return context


def _reassessment(app: App, conn: Connection, staff: dict[str, tuple[Role, Person]], policy: Policy,
                  as_of: date, now: datetime) -> list[dict[str, Any]]:
    """Once a month: households with predictable income and no open case, not assessed for a year."""
    if policy.reassessment_months is None:
        return []
    period = reassessment_period(as_of)
    team = _audience("team", None, staff)
    keys = {p.login: f"reassessment::{period}:{p.login}" for p in team}
    if not team or already_queued(conn, list(keys.values())) == set(keys.values()):
        return []
    households = _due_for_reassessment(app, conn, policy, as_of)
    if not households:
        return []
    context = {"period": period, "households": households, "count": len(households), "as_of": as_of.isoformat(),
               "months": policy.reassessment_months}
    queued = []
    for person in team:
        rendered = render("reassessment", app.language, {**context, "recipient": person.name}, app.settings.timezone)
        if enqueue(conn, Message(keys[person.login], "reassessment", None, person.login, person.email, rendered),
                   app.settings.mail.sender, now):
            queued.append({"case": None, "kind": "reassessment", "to": person.login, "address": person.email,
                           "due_on": as_of.isoformat(), "key": keys[person.login]})
    return queued


def _due_for_reassessment(app: App, conn: Connection, policy: Policy, as_of: date) -> list[dict[str, Any]]:
    from states.reviews import add_months

    assert policy.reassessment_months is not None
    cutoff = app.start_of(add_months(as_of, -policy.reassessment_months))
    latest = (
        select(cases_t.c.household_id, func.max(cases_t.c.id).label("case_id"),
               func.max(cases_t.c.last_activity_at).label("assessed"))
        .group_by(cases_t.c.household_id)
        .subquery()
    )
    other = cases_t.alias("other_cases")
    still_open = exists().where(other.c.household_id == latest.c.household_id,
                                other.c.state.in_(OPEN_STATES))
    predictable = case_fact(conn, "income_predictable").as_boolean()
    rows = conn.execute(
        select(households_t.c.id, households_t.c.name, latest.c.case_id, latest.c.assessed)
        .join(latest, latest.c.household_id == households_t.c.id)
        .join(cases_t, cases_t.c.id == latest.c.case_id)
        .where(~still_open, latest.c.assessed < cutoff, predictable.is_(True),
               and_(cases_t.c.state == "closed", cases_t.c.closed_outcome.notin_(("moved_away",))))
        .order_by(latest.c.assessed)
        .limit(200)
    )
    return [{"household": r.id, "initials": initials(r.name), "case": r.case_id,
             "assessed": app.local(r.assessed).date().isoformat() if isinstance(r.assessed, datetime)
             else str(r.assessed)[:10]} for r in rows]
