"""The supervisors' report: `rto report`. Every figure is computed by the database (aggregates, window
functions for medians and percentiles); only the answers come back to Python, and the open cases that may be
due (`workflow.report_actions`: quiet for longer than their state's threshold, near or past the horizon, a
certificate expiring), which the review rules then judge: today's counts are the lengths of those lists.

With `--year`: households moved in and cases closed that year, the funnel and time in state of the cases
opened that year (a cohort), the certificate conversion of those first financed that year; the figures of
today (open cases, caseload, reminders) are as of today.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Connection,
    DateTime,
    Integer,
    and_,
    case,
    cast,
    distinct,
    func,
    select,
)
from sqlalchemy.sql.elements import ColumnElement

from states.history import MOVE_KINDS
from states.journey import OPEN_STATES, PATH, CaseState
from states.policy import Policy
from states.reviews import add_months
from states.roles import Role, require_role
from workflow.bootstrap import App
from workflow.funnel import overview_funnel
from workflow.outbox import counts as outbox_counts
from workflow.report_actions import cases_to_act_on, monthly_trend, report_period
from workflow.report_model import (
    Caseload,
    CaseToActOn,
    Conversion,
    CurrentCases,
    MoveInTimes,
    OutcomeCount,
    Report,
    StateCount,
    StateTime,
    YearMoves,
)
from workflow.repository import case_fact, load_actor
from workflow.schema import case_events as events_t
from workflow.schema import cases as cases_t
from workflow.schema import households as households_t
from workflow.schema import staff as staff_t

_JOURNEY = [*[s.value for s in PATH], CaseState.MOVED_IN.value]
_MONTH_DAYS = 30.4375


def build_report(app: App, login: str | None, year: int | None = None) -> Report:
    """The report as of today (for a `year`: the households, outcomes and funnel of that year), by the
    policy in force today. Only reads: it works on a read-only copy of the database too."""
    today = app.today()
    policy = app.policy.on(today)
    made_at = app.stamp(app.now())
    with app.db.transaction() as conn:
        if login is not None:
            require_role(load_actor(conn, login), Role.SUPERVISOR, Role.ADMIN)
        sql = _Sql(conn, app.zone)
        moved_in = _moved_in(conn, sql, year)
        selected = [y for y in moved_in if y.year == year] if year else []
        to_act_on = cases_to_act_on(conn, sql, app, today, policy)
        return Report(
            as_of=today.isoformat(),
            year=year,
            moved_in=moved_in,
            open_to_move_in=_open_to_move_in(conn, sql, year, policy),
            funnel=_funnel(conn, sql, year),
            time_in_state=_time_in_state(conn, sql, year),
            certificate_conversion=_certificate_conversion(conn, sql, today, app, year, policy),
            closed_by_outcome=_closed_by_outcome(conn, sql, year),
            current=_current(conn, today, policy, to_act_on.cases),
            reminders=outbox_counts(conn),
            moved_in_selected=selected[0] if selected else None,
            made_at=made_at,
            period=report_period(conn, app, today, year),
            to_act_on=to_act_on,
            trend=monthly_trend(conn, app, today, year, policy),
            overview=overview_funnel(conn, app, today, year),
        )


class _Sql:
    """The few expressions whose words differ between SQLite and PostgreSQL."""

    def __init__(self, conn: Connection, zone: ZoneInfo) -> None:
        self.conn, self.sqlite, self.zone = conn, conn.dialect.name == "sqlite", zone
        # A year begins at midnight on 1 January where the service is, always in standard time (no daylight
        # saving at New Year), so shifting the stored UTC time by that offset gives the local year.
        offset = datetime(2001, 1, 1, tzinfo=zone).utcoffset() or timedelta(0)
        self.new_year_shift = f"{int(offset.total_seconds())} seconds"

    def year(self, column: Any) -> ColumnElement[Any]:
        """The year a stored (UTC) time falls in, where the service is (Europe/Oslo)."""
        if self.sqlite:
            return cast(func.strftime("%Y", column, self.new_year_shift), Integer)
        return cast(func.extract("year", func.timezone(self.zone.key, column)), Integer)

    def days(self, start: Any, end: Any) -> ColumnElement[Any]:
        days: ColumnElement[Any]
        if self.sqlite:
            days = func.julianday(end) - func.julianday(start)
        else:
            days = func.extract("epoch", end - start) / 86400.0
        return days

    def day_start(self, iso_day: Any) -> ColumnElement[Any]:
        """The start of a recorded day (a 'YYYY-MM-DD' fact), as a time comparable with stored times."""
        if self.sqlite:
            return iso_day  # type: ignore[no-any-return]
        return func.timezone("UTC", cast(iso_day, DateTime))

    def fact(self, name: str) -> ColumnElement[Any]:
        value: ColumnElement[Any] = case_fact(self.conn, name).as_string()
        return value


def _percentiles(conn: Connection, values: Any, group: str | None = None) -> list[Any]:
    """Median (the middle one, or the mean of the middle two) and 90th percentile (nearest rank) of the
    `value` column of `values` (a subquery), per `group` column if given."""
    keys = [values.c[group]] if group else []
    ranked = select(
        *keys,
        values.c.value,
        func.row_number().over(partition_by=keys or None, order_by=values.c.value).label("rn"),
        func.count().over(partition_by=keys or None).label("n"),
    ).subquery()
    middle = and_(2 * ranked.c.rn >= ranked.c.n, 2 * ranked.c.rn <= ranked.c.n + 2)
    query = select(
        *[ranked.c[group]] if group else [],
        func.max(ranked.c.n).label("n"),
        func.avg(case((middle, ranked.c.value))).label("median"),
        func.min(case((10 * ranked.c.rn >= 9 * ranked.c.n, ranked.c.value))).label("p90"),
    )
    if group:
        query = query.group_by(ranked.c[group])
    return list(conn.execute(query))


def _moved_in(conn: Connection, sql: _Sql, only: int | None) -> list[YearMoves]:
    year = sql.year(cases_t.c.state_entered_at).label("year")
    query = (
        select(year, func.count().label("households"), func.coalesce(func.sum(households_t.c.children), 0),
               func.count(distinct(households_t.c.municipal_unit)))
        .join_from(cases_t, households_t, cases_t.c.household_id == households_t.c.id)
        .where(cases_t.c.state == CaseState.MOVED_IN.value)
        .group_by(year).order_by(year)
    )
    rows = conn.execute(query.having(year == only) if only else query)
    return [YearMoves(int(y), int(n), int(c), int(u)) for y, n, c, u in rows]


def _open_to_move_in(conn: Connection, sql: _Sql, year: int | None, policy: Policy) -> MoveInTimes:
    days = sql.days(cases_t.c.opened_at, cases_t.c.state_entered_at)
    query = select(days.label("value")).where(cases_t.c.state == CaseState.MOVED_IN.value)
    if year:
        query = query.where(sql.year(cases_t.c.state_entered_at) == year)
    values = query.subquery()
    stats = _percentiles(conn, values)[0]
    n = int(stats.n or 0)
    horizon = policy.horizon_escalation_months
    within = None
    if horizon is not None:
        within = int(conn.execute(select(func.count()).where(values.c.value <= horizon * _MONTH_DAYS)).scalar() or 0)
    return MoveInTimes(n, _round(stats.median / _MONTH_DAYS) if n else None, horizon, within,
                       None if within is None else _share(within, n))


def _moves(year: int | None, sql: _Sql) -> Any:
    query = select(events_t.c.case_id, events_t.c.seq, events_t.c.at, events_t.c.to_state).where(
        events_t.c.kind.in_(MOVE_KINDS))
    if year:  # the cases opened that year: a cohort
        query = query.where(events_t.c.case_id.in_(
            select(cases_t.c.id).where(sql.year(cases_t.c.opened_at) == year)))
    return query


def _funnel(conn: Connection, sql: _Sql, year: int | None) -> list[StateCount]:
    moves = _moves(year, sql).subquery()
    rows: dict[str, int] = dict(conn.execute(
        select(moves.c.to_state, func.count(distinct(moves.c.case_id)))
        .where(moves.c.to_state.in_(_JOURNEY))
        .group_by(moves.c.to_state)
    ).all())
    return [StateCount(state, int(rows.get(state, 0))) for state in _JOURNEY]


def _time_in_state(conn: Connection, sql: _Sql, year: int | None) -> list[StateTime]:
    moves = _moves(year, sql).subquery()
    stays = select(
        moves.c.to_state.label("state"),
        moves.c.at.label("entered"),
        func.lead(moves.c.at).over(partition_by=moves.c.case_id, order_by=moves.c.seq).label("left"),
    ).subquery()
    durations = select(stays.c.state, sql.days(stays.c.entered, stays.c.left).label("value")).where(
        stays.c.left.is_not(None)).subquery()
    found = {r.state: r for r in _percentiles(conn, durations, "state")}
    states = [s.value for s in PATH] + [CaseState.PAUSED.value]
    return [StateTime(s, int(found[s].n) if s in found else 0, _round(found[s].median) if s in found else None,
                      _round(found[s].p90) if s in found else None) for s in states]


def _first_entry(state: str, label: str) -> Any:
    """Each case's first entry into `state` (by its history)."""
    return (
        select(events_t.c.case_id, func.min(events_t.c.at).label(label))
        .where(events_t.c.kind.in_(MOVE_KINDS), events_t.c.to_state == state)
        .group_by(events_t.c.case_id)
        .subquery()
    )


def _certificate_conversion(conn: Connection, sql: _Sql, today: date, app: App, year: int | None,
                            policy: Policy) -> Conversion:
    """Husbanken's measure: of the holders whose financing certificate was issued (`certificate_issued`) at
    least the policy's window ago (in that year, for a year), how many bought (signed a purchase contract:
    reached `contracted`) within the window of the issue date, and how many never bought; beside Husbanken's
    benchmark (a little over 47 % within four months in 2020-21)."""
    window = policy.conversion_window_months
    issued = sql.fact("certificate_issued")
    holders_q = select(cases_t.c.id.label("case_id"), issued.label("issued")).where(issued.is_not(None)).subquery()
    contracted = _first_entry(CaseState.CONTRACTED.value, "contracted_at")
    bought = sql.days(sql.day_start(holders_q.c.issued), contracted.c.contracted_at)
    query = (
        select(func.count(), func.count(case((bought <= window * _MONTH_DAYS, 1))),
               func.count(case((contracted.c.contracted_at.is_(None), 1))))
        .select_from(holders_q.outerjoin(contracted, contracted.c.case_id == holders_q.c.case_id))
        .where(holders_q.c.issued <= add_months(today, -window).isoformat())  # issued `window` months ago or more
    )
    if year:
        query = query.where(func.substr(holders_q.c.issued, 1, 4) == f"{year:04d}")
    holders, within, never = conn.execute(query).one()
    return Conversion(int(holders), int(within or 0), _share(within or 0, holders), window,
                      policy.benchmark_conversion_percent, policy.benchmark_conversion_source, int(never or 0),
                      _share(never or 0, holders))


def _closed_by_outcome(conn: Connection, sql: _Sql, only: int | None) -> list[OutcomeCount]:
    year = sql.year(cases_t.c.state_entered_at).label("year")
    query = select(year, cases_t.c.closed_outcome, func.count()).where(cases_t.c.state == CaseState.CLOSED.value)
    if only:
        query = query.where(year == only)
    rows = conn.execute(query.group_by(year, cases_t.c.closed_outcome).order_by(year, cases_t.c.closed_outcome))
    return [OutcomeCount(int(y), o or "other", int(n)) for y, o, n in rows]


def _current(conn: Connection, today: date, policy: Policy, due: list[CaseToActOn]) -> CurrentCases:
    """Today's open cases by state, and the counts of the cases to act on (`due`), so that every count is
    the length of a list the report shows."""
    by_state: dict[str, int] = dict(conn.execute(
        select(cases_t.c.state, func.count()).where(cases_t.c.state.in_(OPEN_STATES)).group_by(cases_t.c.state)
    ).all())

    def past(months: int | None) -> int | None:  # opened on or before the day `months` ago
        if months is None:
            return None
        cutoff = add_months(today, -months).isoformat()
        return sum(c.opened_on <= cutoff for c in due)

    def having(reason: str) -> int:
        return sum(reason in c.reasons for c in due)

    stalled: dict[str | None, int] = {}
    for c in due:
        if "stalled" in c.reasons:
            stalled[c.caseworker] = stalled.get(c.caseworker, 0) + 1
    caseload = conn.execute(
        select(cases_t.c.caseworker, staff_t.c.name, func.count())
        .join_from(cases_t, staff_t, cases_t.c.caseworker == staff_t.c.login, isouter=True)
        .where(cases_t.c.state.in_(OPEN_STATES))
        .group_by(cases_t.c.caseworker, staff_t.c.name)
        .order_by(cases_t.c.caseworker)
    )
    warning, escalation = policy.horizon_warning_months, policy.horizon_escalation_months
    return CurrentCases(
        by_state={s: int(by_state.get(s, 0)) for s in OPEN_STATES},
        open=sum(by_state.values()),
        stalled=sum(stalled.values()),
        horizon_warning_months=warning,
        past_horizon_warning=past(warning),
        horizon_escalation_months=escalation,
        past_horizon_escalation=past(escalation),
        expiring_window_days=policy.expiring_window_days,
        certificates_expiring=having("certificate_expiring"),
        certificates_expired=having("certificate_expired"),
        caseload=[Caseload(login, name, int(n), stalled.get(login, 0)) for login, name, n in caseload],
    )


def _round(value: Any) -> float | None:
    return None if value is None else round(float(value), 1)


def _share(part: Any, whole: Any) -> float | None:
    return round(float(part) / float(whole), 3) if whole else None

