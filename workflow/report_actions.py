"""The parts of the supervisors' report a supervisor acts on: the open cases to look at, each by id and
caseworker with the reasons (stalled, past the horizon's months, a certificate expiring or expired), the
households moved in month by month against the policy's target, and the period the report covers.

Read in the report's own transaction. The database hands over only the open cases that can be due on some
count (quiet for longer than their state's threshold, opened before the first horizon, or a certificate
that expires within the window); the review rules (`states.reviews`) then judge each one, so a case the
report calls stalled is one the review reminds about and `rto case list --stalled` lists.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, case, func, or_, select

from states.facts import iso_date
from states.journey import OPEN_STATES, CaseState
from states.policy import Policy
from states.reviews import CERTIFICATE_STATES, ReviewCase, add_months, stalled_since, whole_months
from workflow.bootstrap import App
from workflow.report_model import CaseToActOn, MonthMoves, Period, ProspectToContact, ToActOn, Trend
from workflow.repository import from_db_time
from workflow.schema import cases as cases_t
from workflow.schema import staff as staff_t

# the order a case's reasons are listed in
REASONS = ("stalled", "past_horizon_escalation", "past_horizon_warning", "certificate_expired",
           "certificate_expiring")


def cases_to_act_on(conn: Connection, sql: Any, app: App, today: date, policy: Policy) -> ToActOn:
    """Every open case due on some count today, by caseworker (the unassigned last) and case id."""
    from workflow.reviews import quiet_cases  # (the reviews' module brings the message templates)

    warning, escalation = policy.horizon_warning_months, policy.horizon_escalation_months
    expires, takeover = sql.fact("certificate_expires"), sql.fact("takeover_date")
    soon = (today + timedelta(days=policy.expiring_window_days)).isoformat()
    due = [cases_t.c.state.in_(CERTIFICATE_STATES) & (expires <= soon)]
    quiet = quiet_cases(app, policy, today)
    if quiet is not None:
        due.append(quiet)
    horizons = [m for m in (warning, escalation) if m is not None]
    if horizons:  # opened on or before the day the first horizon's months ago
        due.append(cases_t.c.opened_at < app.start_of(add_months(today, -min(horizons)) + timedelta(days=1)))
    rows = conn.execute(
        select(cases_t.c.id, cases_t.c.caseworker, staff_t.c.name, cases_t.c.state, cases_t.c.opened_at,
               cases_t.c.state_entered_at, cases_t.c.last_activity_at, expires.label("expires"),
               takeover.label("takeover"))
        .join_from(cases_t, staff_t, cases_t.c.caseworker == staff_t.c.login, isouter=True)
        .where(cases_t.c.state.in_(OPEN_STATES), or_(*due))
    )
    zone = app.zone
    warned = None if warning is None else add_months(today, -warning)
    escalated = None if escalation is None else add_months(today, -escalation)
    found = []
    for case_id, login, name, state, opened_at, entered_at, active_at, expiry, takeover_on in rows:
        opened = from_db_time(opened_at).astimezone(zone).date()
        certificate = iso_date(expiry)
        review = ReviewCase(case_id, state, opened, from_db_time(active_at).astimezone(zone).date(),
                            from_db_time(entered_at).astimezone(zone).date(), certificate, iso_date(takeover_on))
        since = stalled_since(review, policy, today)
        reasons = ["stalled"] if since is not None else []
        if escalated is not None and opened <= escalated:
            reasons.append("past_horizon_escalation")
        elif warned is not None and opened <= warned:
            reasons.append("past_horizon_warning")
        if state in CERTIFICATE_STATES and certificate is not None:
            if certificate < today:
                reasons.append("certificate_expired")
            elif certificate.isoformat() <= soon:
                reasons.append("certificate_expiring")
        if reasons:
            found.append(CaseToActOn(case_id, login, name, state, opened.isoformat(), whole_months(opened, today),
                                     reasons, since.isoformat() if since else None,
                                     certificate.isoformat() if certificate else None))
    found.sort(key=lambda c: (c.caseworker is None, c.caseworker or "", c.case))
    return ToActOn(found, dict(policy.stall_days), prospects_not_contacted(conn, app, today))


def prospects_not_contacted(conn: Connection, app: App, today: date) -> list[ProspectToContact] | None:
    """The households the overview finds able to buy and no one has contacted yet. None: this database keeps
    no overview of the tenants' chances to buy (no household was ever assessed: workflow.funnel)."""
    from workflow.funnel import prospects_to_contact

    found = prospects_to_contact(conn)
    if found is None:
        return None
    return [ProspectToContact(h, by, on.isoformat() if on else None) for h, by, on in found]


def monthly_trend(conn: Connection, app: App, today: date, year: int | None, policy: Policy) -> Trend:
    """Households moved in per month (by the day they moved in, where the service is) against the target's
    pace: with a year, its months up to this one; else the twelve months up to and including this one."""
    this_month = today.replace(day=1)
    if year:
        months = [m for m in (date(year, 1 + i, 1) for i in range(12)) if m <= this_month]
    else:
        months = [add_months(this_month, i - 11) for i in range(12)]
    target = policy.target_per_year
    source = policy.source_of("target_per_year").source
    if not months:
        return Trend([], 0, target, source, None if target is None else 0.0)
    bounds = [app.start_of(m) for m in months] + [app.start_of(add_months(months[-1], 1))]
    at = cases_t.c.state_entered_at
    bucket = case(*[(at < bounds[i + 1], i) for i in range(len(months))]).label("month")
    inner = select(bucket).where(cases_t.c.state == CaseState.MOVED_IN.value, at >= bounds[0],
                                 at < bounds[-1]).subquery()
    counts: dict[int, int] = {int(m): int(n) for m, n in conn.execute(
        select(inner.c.month, func.count()).group_by(inner.c.month))}
    rows, total = [], 0
    for i, month in enumerate(months):
        total += counts.get(i, 0)
        pace = None if target is None else round(target * (i + 1) / 12, 1)
        rows.append(MonthMoves(month.strftime("%Y-%m"), counts.get(i, 0), total, pace))
    return Trend(rows, total, target, source, None if target is None else round(target * len(months) / 12, 1))


def report_period(conn: Connection, app: App, today: date, year: int | None) -> Period:
    """With a year: 1 January to today, or to 31 December once the year is over; else from the day the first
    case was opened to today."""
    if year:
        start, end = date(year, 1, 1), date(year, 12, 31)
        return Period(start.isoformat(), (today if start <= today < end else end).isoformat())
    first = conn.execute(select(func.min(cases_t.c.opened_at))).scalar()
    return Period(None if first is None else app.local(from_db_time(first)).date().isoformat(), today.isoformat())
