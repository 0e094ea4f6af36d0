"""What the daily review queues beside the cases' own reminders: the monthly digest of households due for
reassessment (the method's systematic review: households with predictable income and no open case, not
assessed for a year), and the weekly warning to the admins about policy figures that have grown old."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, and_, exists, func, select

from notifications.messages import render
from states.journey import OPEN_STATES
from states.labels import pick
from states.policy import Policy
from states.reviews import add_months, reassessment_period
from workflow.bootstrap import App
from workflow.outbox import Enqueue, Message, already_queued
from workflow.repository import case_fact, cases_t, households_t
from workflow.results import QueuedReminder
from workflow.writes import Write

if TYPE_CHECKING:
    from workflow.reviews import Person


def reassessment_digest(app: App, conn: Connection, team: Sequence[Person], policy: Policy, as_of: date,
                        writes: list[Write]) -> list[QueuedReminder]:
    """Once a month, to the team: the digest (added to `writes`), unless it went out this month already."""
    from workflow.reviews import initials

    if policy.reassessment_months is None:
        return []
    period = reassessment_period(as_of)
    keys = {p.login: f"reassessment::{period}:{p.login}" for p in team}
    taken = already_queued(conn, list(keys.values()))
    if not team or taken == set(keys.values()):
        return []
    households = _due(app, conn, policy, as_of, initials)
    if not households:
        return []
    context = {"period": period, "households": households, "count": len(households), "as_of": as_of.isoformat(),
               "months": policy.reassessment_months}
    queued = []
    for person in team:
        if keys[person.login] in taken:
            continue
        rendered = render("reassessment", app.language, {**context, "recipient": person.name}, app.settings.timezone,
                          sender=app.settings.municipality.unit)
        writes.append(Enqueue(Message(keys[person.login], "reassessment", None, person.login, person.email, rendered),
                              app.settings.mail.from_address))
        queued.append(QueuedReminder(None, "reassessment", person.login, person.email, as_of, keys[person.login]))
    return queued


def policy_warning(app: App, conn: Connection, admins: Sequence[Person], policy: Policy, as_of: date,
                   writes: list[Write]) -> list[QueuedReminder]:
    """Once a week while time-bound policy figures are older than they should be: a warning to the admins."""
    from workflow.policy_view import LABELS, policy_warning_key, stale

    found = stale(policy, as_of)
    if not found or not admins:
        return []
    keys = {p.login: policy_warning_key(as_of, p.login) for p in admins}
    taken = already_queued(conn, list(keys.values()))
    figures = [{**f.as_json(), "label": pick(LABELS.get(f.name, (f.name, f.name)), app.language)}
               for f in found]
    context = {"figures": figures, "count": len(figures), "as_of": as_of.isoformat()}
    queued = []
    for person in admins:
        if keys[person.login] in taken:
            continue
        rendered = render("policy_stale", app.language, {**context, "recipient": person.name}, app.settings.timezone,
                          sender=app.settings.municipality.unit)
        writes.append(Enqueue(Message(keys[person.login], "policy_stale", None, person.login, person.email, rendered),
                              app.settings.mail.from_address))
        queued.append(QueuedReminder(None, "policy_stale", person.login, person.email, as_of, keys[person.login]))
    return queued


def _due(app: App, conn: Connection, policy: Policy, as_of: date, initials: Any) -> list[dict[str, Any]]:
    assert policy.reassessment_months is not None
    cutoff = app.start_of(add_months(as_of, -policy.reassessment_months))
    latest = (
        select(cases_t.c.household_id, func.max(cases_t.c.id).label("case_id"),
               func.max(cases_t.c.last_activity_at).label("assessed"))
        .group_by(cases_t.c.household_id)
        .subquery()
    )
    other = cases_t.alias("other_cases")
    still_open = exists().where(other.c.household_id == latest.c.household_id, other.c.state.in_(OPEN_STATES))
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
