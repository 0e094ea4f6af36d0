"""The overview's funnel for the report (the method's whole way, before and through the cases): households
in the register, assessed in the period, prospects, contacted, interested, cases opened, moved in; and the
municipal units released per year against the register's units."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Connection, distinct, func, or_, select

from states.reviews import add_months
from workflow.bootstrap import App
from workflow.repository import from_db_time
from workflow.results_overview import OverviewFunnel, UnitsReleased
from workflow.schema import assessments as assessments_t
from workflow.schema import case_events as events_t
from workflow.schema import cases as cases_t
from workflow.schema import contacts as contacts_t
from workflow.schema import households as households_t

WINDOW_MONTHS = 12  # without --year: the last twelve months (the method's yearly round of assessments)


def overview_funnel(conn: Connection, app: App, today: date, year: int | None = None) -> OverviewFunnel:
    """The funnel over `year`, or over the twelve months to `today`."""
    start, end = (date(year, 1, 1), date(year, 12, 31)) if year else (add_months(today, -WINDOW_MONTHS) +
                                                                       timedelta(days=1), today)
    since, until = app.start_of(start), app.start_of(end + timedelta(days=1))

    def count(query: object) -> int:
        return int(conn.execute(query).scalar() or 0)  # type: ignore[call-overload]

    a, c = assessments_t, contacts_t
    in_period = (a.c.assessed_on >= start, a.c.assessed_on <= end)
    latest = select(a.c.household_id, func.max(a.c.id).label("id")).where(*in_period).group_by(a.c.household_id) \
        .subquery()
    prospects = select(func.count()).select_from(a.join(latest, latest.c.id == a.c.id)).where(a.c.prospect.is_(True))
    contacts = (c.c.contacted_at >= since, c.c.contacted_at < until)
    moved = select(func.count(distinct(events_t.c.case_id))).where(
        events_t.c.to_state == "moved_in", events_t.c.at >= since, events_t.c.at < until)
    return OverviewFunnel(
        period_from=start, period_to=end,
        households=count(select(func.count()).select_from(households_t)),
        assessed=count(select(func.count(distinct(a.c.household_id))).where(*in_period)),
        prospects=count(prospects),
        contacted=count(select(func.count(distinct(c.c.household_id))).where(*contacts)),
        interested=count(select(func.count(distinct(c.c.household_id))).where(*contacts,
                                                                            c.c.outcome == "interested")),
        cases_opened=count(select(func.count()).select_from(cases_t).where(cases_t.c.opened_at >= since,
                                                                            cases_t.c.opened_at < until)),
        moved_in=count(moved),
        units_released=_units_released(conn, app),
    )


def _units_released(conn: Connection, app: App) -> list[UnitsReleased]:
    """Per year of moving in: the households that left a municipal unit, against the units in the register."""
    register_units = int(conn.execute(select(func.count()).select_from(households_t)
                                      .where(households_t.c.municipal_unit.is_not(None))).scalar() or 0)
    rows = conn.execute(
        select(events_t.c.at, cases_t.c.household_id)
        .join(cases_t, cases_t.c.id == events_t.c.case_id)
        .join(households_t, households_t.c.id == cases_t.c.household_id)
        .where(events_t.c.to_state == "moved_in", households_t.c.municipal_unit.is_not(None)))
    years: dict[int, set[int]] = {}  # (counted here: the service's time zone decides the year)
    for at, household in rows:
        years.setdefault(app.local(from_db_time(at)).year, set()).add(household)
    return [UnitsReleased(y, len(hs), register_units) for y, hs in sorted(years.items())]


def prospects_to_contact(conn: Connection) -> list[tuple[int, str | None, date | None]] | None:
    """(household, who registered it, the day it was assessed) of each household whose latest assessment
    found it able to buy, with no open case and no outreach since; None when no household was ever assessed."""
    if conn.execute(select(assessments_t.c.id).limit(1)).first() is None:
        return None
    h = households_t
    rows = conn.execute(select(h.c.id, h.c.created_by, h.c.last_assessed_on).where(
        h.c.prospect.is_(True), h.c.open_case_id.is_(None), h.c.erased_at.is_(None),
        or_(h.c.last_contact_on.is_(None), h.c.last_contact_on < h.c.last_assessed_on)).order_by(h.c.id))
    return [(r.id, r.created_by, date.fromisoformat(r.last_assessed_on) if isinstance(r.last_assessed_on, str)
             else r.last_assessed_on) for r in rows]
