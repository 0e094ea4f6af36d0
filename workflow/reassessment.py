"""What the daily review queues beside the cases' own reminders: the monthly digest of the whole register
(the method's systematic review: households due for reassessment, new prospects not yet contacted, interested
households without a case; workflow.register_digest), and the weekly warning to the admins about policy
figures that have grown old."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from notifications.messages import render
from states.labels import pick
from states.policy import Policy
from states.reviews import add_months, reassessment_period
from workflow.bootstrap import App
from workflow.outbox import Enqueue, Message, already_queued
from workflow.register_digest import register_digest
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
    found = register_digest(app, conn, add_months(as_of, -policy.reassessment_months), initials)
    if not (found["due"] or found["prospects"] or found["interested"]):
        return []
    context = {**found, "households": found["due"], "count": found["due_count"], "period": period,
               "as_of": as_of.isoformat(), "months": policy.reassessment_months}
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
