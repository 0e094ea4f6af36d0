"""Reviews: find what is due, and queue it in the outbox in the same transaction as the record of it.

The database is asked only for cases whose `review_due_on` has come (an index), never for every case.
A change to a case only pulls that day forward to today (cheap, on every change); the next review then
works out, by the rules, when the case is really due next. Each batch of cases is one unit of work: a
`reminder_queued` event on each case it reminds about, the case's next review day, and one outbox row per
recipient with a unique key, all in one transaction: running it twice, or after downtime, queues nothing
twice. A case changed by someone while the batch was decided makes the batch decide again.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, Connection, and_, or_, select

from notifications.messages import render
from states.errors import InvalidInput
from states.facts import iso_date
from states.history import EventKind, NewEvent
from states.labels import state_label
from states.policy import Policy
from states.reviews import Notice, ReviewCase, ReviewLog, next_review_on, noted, review
from states.reviews import stalled_since as rules_stalled_since
from states.roles import Role, require_role
from workflow import unit_of_work
from workflow.bootstrap import SYSTEM, App
from workflow.calendar import review_until
from workflow.outbox import Enqueue, Message, queued_for
from workflow.reassessment import policy_warning, reassessment_digest
from workflow.repository import CaseSnapshot, case_query, snapshot_from_row
from workflow.results import QueuedReminder
from workflow.schema import cases as cases_t
from workflow.schema import staff as staff_t
from workflow.unit_of_work import Plan, Work
from workflow.writes import CaseChange, ChangeKind, Write

BATCH = 500  # cases a write transaction reviews: the write lock is never held for long
REVIEWERS = (Role.SUPERVISOR, Role.ADMIN, Role.SYSTEM)
log_ = logging.getLogger("rto.review")


@dataclass(frozen=True)
class Person:
    login: str
    name: str
    email: str


Staff = dict[str, tuple[Role, Person]]


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


@dataclass(frozen=True)
class _Batch:
    queued: list[QueuedReminder]
    last_id: int
    cases: int


def run_review(app: App, login: str | None, as_of: date | None = None, dry_run: bool = False) -> list[QueuedReminder]:
    """One review pass as of a day (default today): what it queued, or with `dry_run` would queue. `login`
    None: the product's own (the demo's)."""
    today = app.today()
    as_of = as_of or today
    if as_of > today and not dry_run:  # it would send, today, what is not due yet, and count it as done
        raise InvalidInput("as_of_future", value=as_of.isoformat())
    until = review_until(as_of)
    policy = app.policy.on(as_of)
    actor = login or SYSTEM
    queued: list[QueuedReminder] = []
    after = 0
    while True:
        def decide(work: Work, after: int = after) -> Plan[_Batch]:
            if login is not None:
                require_role(work.actor(), *REVIEWERS)
            staff = _active_staff(work.conn)
            rows = work.conn.execute(
                case_query().where(cases_t.c.review_due_on <= until, cases_t.c.id > after)
                .order_by(cases_t.c.id).limit(BATCH)
            ).all()
            writes: list[Write] = []
            found: list[QueuedReminder] = []
            snaps = [snapshot_from_row(row._mapping) for row in rows]
            taken = queued_for(work.conn, [snap.id for snap in snaps])
            for snap in snaps:
                found += _review_case(app, taken, snap, staff, policy, until, as_of, writes)
            if not rows:
                found += reassessment_digest(app, work.conn, _audience("team", None, staff), policy, as_of, writes)
                found += policy_warning(app, work.conn, _audience("admins", None, staff), policy, as_of, writes)
            last = snaps[-1].id if snaps else after
            return Plan(_Batch(found, last, len(rows)), [] if dry_run else writes)

        batch = unit_of_work.run(app, actor, decide)
        queued += batch.queued
        if not batch.cases:
            return queued
        after = batch.last_id


def _active_staff(conn: Connection) -> Staff:
    rows = conn.execute(select(staff_t).where(staff_t.c.active.is_(True)))
    return {r.login: (Role(r.role), Person(r.login, r.name, r.email)) for r in rows if r.email}


def _audience(audience: str, snap: CaseSnapshot | None, staff: Staff) -> list[Person]:
    """Who a notice goes to: the caseworker (or, without one who can get it, the supervisors), the
    supervisors, or the whole team."""
    if audience == "caseworker" and snap is not None and snap.caseworker in staff:
        return [staff[snap.caseworker][1]]
    roles = {"team": (Role.CASEWORKER, Role.SUPERVISOR), "admins": (Role.ADMIN,)}.get(audience, (Role.SUPERVISOR,))
    return sorted((p for role, p in staff.values() if role in roles), key=lambda p: p.login)


_NOT_A_NAME = {"familien", "familie", "fam", "fam.", "husstanden", "hushaldet", "family", "the", "og", "and", "&"}


def initials(name: str) -> str:
    """'Kari Berg' -> 'K. B.', 'Familien Berg' -> 'B.': enough to recognise, nothing more in an email; the
    word for a family is no one's initial."""
    words = [w for w in name.split() if w[:1].isalpha() and w.lower() not in _NOT_A_NAME]
    return " ".join(f"{word[0].upper()}." for word in words) or "–"


def _review_case(app: App, taken: set[str], snap: CaseSnapshot, staff: Staff, policy: Policy, until: date,
                 as_of: date, writes: list[Write]) -> list[QueuedReminder]:
    """Decide what is due for one case: the reminders (added to `writes`) unless their keys are `taken`
    (queued before), and the case's own record."""
    case = review_case(app, snap)
    log = ReviewLog.from_json(snap.review_log)
    notices, _ = review(case, log, policy, as_of, until)
    queued: list[QueuedReminder] = []
    events: list[NewEvent] = []
    for notice in notices:
        people = _audience(notice.audience, snap, staff)
        if not people:  # nobody to tell (no one with an email): it stays due, and the review says so
            log_.warning("case %s: %s is due, but nobody can be told", snap.id, notice.kind)
            queued.append(QueuedReminder(snap.id, notice.kind, None, None, notice.due_on, None))
            continue
        log = noted(log, notice, as_of)
        context = _context(app, notice, snap, staff, as_of)
        keys = {p.login: f"{notice.kind}:{snap.id}:{notice.period}:{p.login}" for p in people}
        told = []
        for person in people:
            key = keys[person.login]
            if key in taken:
                continue  # queued before: not again, and not recorded again
            rendered = render(notice.kind, app.language, {**context, "recipient": person.name},
                              app.settings.timezone, sender=app.settings.municipality.unit)
            writes.append(Enqueue(Message(key, notice.kind, snap.id, person.login, person.email, rendered),
                                  app.settings.mail.from_address))
            told.append(person.login)
            queued.append(QueuedReminder(snap.id, notice.kind, person.login, person.email, notice.due_on, key))
        if told:
            events.append(NewEvent(EventKind.REMINDER_QUEUED.value, snap.state, None,
                                   {"notice": notice.kind, "period": notice.period,
                                    "due_on": notice.due_on.isoformat(), "to": told}))
    next_on = next_review_on(case, log, policy, until)
    if next_on is not None and next_on <= until:
        next_on = until + timedelta(days=1)
    values = {"review_log": json.dumps(log.as_json(), sort_keys=True), "review_due_on": next_on}
    writes.append(CaseChange(snap, events, values, kind=ChangeKind.REVIEW))  # the review sets the next day outright
    return queued


def _context(app: App, notice: Notice, snap: CaseSnapshot, staff: Staff, as_of: date) -> dict[str, object]:
    """What a message may say: the case reference, the household's initials, dates and counts. Never an
    identity number, an income or a debt."""
    caseworker = staff.get(snap.caseworker or "")
    context: dict[str, object] = {
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
