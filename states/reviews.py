"""Review rules: what is due for a case, as of a day, and when the next thing will be.

Pure functions of a case, its review log (what was queued before), the policy and a day. Each rule
yields at most one notice per review, the latest one owed: a review after downtime catches up once, not
once per missed day. The log is what makes a second review of the same day queue nothing.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from states.journey import OPEN_STATES
from states.policy import Policy

CERTIFICATE_STATES = ("financed", "searching", "bidding")


@dataclass(frozen=True)
class Notice:
    """One thing due: `kind` names its template, `audience` who is told, `period` makes it unique."""

    kind: str  # stalled, stalled_escalation, horizon_warning, horizon_escalation, certificate, followup
    period: str
    audience: str  # caseworker | supervisors
    due_on: date
    facts: dict[str, Any] = field(default_factory=dict)  # what the message says: dates and counts only


@dataclass(frozen=True)
class ReviewLog:
    """What earlier reviews queued for a case (kept on the case row, as JSON)."""

    stall_episode: str | None = None  # the last activity day the stall notices count from
    stall_count: int = 0
    stall_last: str | None = None
    horizon_month: int = 0  # the last horizon month noticed (9, 12, 13, ...)
    certificate_expires: str | None = None
    certificate_days: int | None = None  # the smallest "days before expiry" noticed for that certificate
    followup: bool = False

    @staticmethod
    def from_json(data: dict[str, Any] | None) -> ReviewLog:
        return ReviewLog(**data) if data else ReviewLog()

    def as_json(self) -> dict[str, Any]:
        """Only what differs from a fresh log (certificate_days=0, the notice on expiry, is kept)."""
        fresh = ReviewLog()
        return {k: v for k, v in self.__dict__.items() if v != getattr(fresh, k)}


@dataclass(frozen=True)
class ReviewCase:
    """What the rules need to know about a case; days are local (Europe/Oslo) dates."""

    case_id: int
    state: str
    opened_on: date
    last_activity_on: date
    state_entered_on: date
    certificate_expires: date | None = None
    takeover_on: date | None = None


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has fewer days."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = year + day.year, month + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def whole_months(start: date, end: date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months if add_months(start, months) <= end else months - 1


# --- the rules: each gives the next notice it owes (given the log), due on or after some day ---

def stall_start(case: ReviewCase, policy: Policy) -> tuple[date, date] | None:
    """(the day the stall clock starts from, the first day the case counts as stalled), or None: never."""
    threshold = policy.stall_days.get(case.state)
    if threshold is None:
        return None
    last = case.last_activity_on
    if case.state == "contracted" and case.takeover_on is not None:
        last = max(last, case.takeover_on)  # contracted: stalled when still here days past the takeover
    return last, last + timedelta(days=threshold + 1)  # "no activity for longer than" the threshold


def stalled_since(case: ReviewCase, policy: Policy, on: date) -> date | None:
    """The day the case's stall clock started, if it counts as stalled on `on`."""
    start = stall_start(case, policy)
    return start[0] if start is not None and start[1] <= on else None


def is_stalled(case: ReviewCase, policy: Policy, on: date) -> bool:
    return stalled_since(case, policy, on) is not None


def _stall(case: ReviewCase, log: ReviewLog, policy: Policy) -> Notice | None:
    clock = stall_start(case, policy)
    if clock is None:
        return None
    last, start = clock
    episode = last.isoformat()
    count = log.stall_count if log.stall_episode == episode else 0
    due = start if count == 0 or log.stall_last is None else (
        date.fromisoformat(log.stall_last) + timedelta(days=policy.stall_repeat_days))
    reminders = policy.stall_reminders_before_escalation
    escalate = count == reminders  # once an episode, after the unanswered reminders; then reminders again
    facts: dict[str, Any] = {"since": last.isoformat(), "reminder": count + 1 - (1 if count > reminders else 0)}
    if escalate:
        facts.update(reminders=reminders)
    return Notice("stalled_escalation" if escalate else "stalled", f"{episode}#{count + 1}",
                  "supervisors" if escalate else "caseworker", max(due, start), facts)


def _horizon(case: ReviewCase, log: ReviewLog, policy: Policy, until: date) -> Notice | None:
    if case.state not in OPEN_STATES:
        return None
    warning, escalation, repeat = (policy.horizon_warning_months, policy.horizon_escalation_months,
                                   policy.horizon_repeat_months)
    elapsed = whole_months(case.opened_on, until)
    month: int | None
    if escalation is not None and log.horizon_month >= escalation:
        month = log.horizon_month + repeat if repeat else None
    elif escalation is not None and (warning is None or log.horizon_month >= warning or elapsed >= escalation):
        month = escalation
    elif warning is not None and log.horizon_month < warning:
        month = warning
    else:
        return None
    if month is None:
        return None
    if escalation is not None and month >= escalation and repeat and elapsed >= month:
        month += (elapsed - month) // repeat * repeat  # catch up to the latest month owed, once
    kind = "horizon_escalation" if escalation is not None and month >= escalation else "horizon_warning"
    return Notice(kind, f"{month}m", "supervisors" if kind == "horizon_escalation" else "caseworker",
                  add_months(case.opened_on, month), {"opened": case.opened_on.isoformat(), "months": month})


def _certificate(case: ReviewCase, log: ReviewLog, policy: Policy, until: date) -> Notice | None:
    expires = case.certificate_expires
    if case.state not in CERTIFICATE_STATES or expires is None:
        return None
    sent = log.certificate_days if log.certificate_expires == expires.isoformat() else None
    owed = [d for d in (*policy.certificate_warning_days, 0) if sent is None or d < sent]
    if not owed:
        return None
    reached = [d for d in owed if expires - timedelta(days=d) <= until]
    days = min(reached) if reached else max(owed)  # the latest warning owed, or the next one to come
    return Notice("certificate", f"{expires.isoformat()}-{days}", "caseworker", expires - timedelta(days=days),
                  {"expires": expires.isoformat(), "days": days})


def _followup(case: ReviewCase, log: ReviewLog, policy: Policy) -> Notice | None:
    if case.state != "moved_in" or log.followup or policy.followup_months is None:
        return None
    moved = case.state_entered_on
    return Notice("followup", "once", "caseworker", add_months(moved, policy.followup_months),
                  {"moved_in": moved.isoformat(), "months": policy.followup_months})


def upcoming(case: ReviewCase, log: ReviewLog, policy: Policy, until: date) -> list[Notice]:
    """The next notice of each rule (due now or later)."""
    found = [_stall(case, log, policy), _horizon(case, log, policy, until),
             _certificate(case, log, policy, until), _followup(case, log, policy)]
    return [n for n in found if n is not None]


def review(case: ReviewCase, log: ReviewLog, policy: Policy, as_of: date,
           until: date | None = None) -> tuple[list[Notice], ReviewLog]:
    """The notices due on or before `until` (default `as_of`; a review before a weekend looks ahead to
    the next business day), and the log as it will be once they are queued on `as_of`."""
    until = until or as_of
    due = [n for n in upcoming(case, log, policy, until) if n.due_on <= until]
    for notice in due:
        log = noted(log, notice, as_of)
    return due, log


def noted(log: ReviewLog, notice: Notice, on: date) -> ReviewLog:
    """The log after `notice` was queued on `on`."""
    if notice.kind in ("stalled", "stalled_escalation"):
        episode, number = notice.period.split("#")
        return replace(log, stall_episode=episode, stall_count=int(number), stall_last=on.isoformat())
    if notice.kind.startswith("horizon"):
        return replace(log, horizon_month=int(notice.facts["months"]))
    if notice.kind == "certificate":
        return replace(log, certificate_expires=notice.facts["expires"], certificate_days=notice.facts["days"])
    if notice.kind == "followup":
        return replace(log, followup=True)
    return log


def next_review_on(case: ReviewCase, log: ReviewLog, policy: Policy, today: date) -> date | None:
    """The first day on which a review would find something due for the case (None: never)."""
    dates = [n.due_on for n in upcoming(case, log, policy, today)]
    return min(dates) if dates else None


def reassessment_period(day: date) -> str:
    """The monthly digest of households due for reassessment is keyed by month."""
    return f"{day.year:04d}-{day.month:02d}"
