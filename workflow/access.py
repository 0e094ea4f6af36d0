"""The access log: every look at a case (show, history, export) or a household is recorded, and can be listed
per case or per staff member. A separate, append-only table: a look is not a change, so it neither touches
the case's version nor its hash-chained history."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select

from states.errors import NotFound
from states.roles import Role, require_role
from workflow.bootstrap import App
from workflow.repository import from_db_time
from workflow.results import AccessRecordView
from workflow.schema import case_access as access_t
from workflow.schema import cases as cases_t
from workflow.unit_of_work import Work


def access_log(app: App, login: str, case_id: int | None = None, by: str | None = None,
               since: date | None = None) -> list[AccessRecordView]:
    """Who looked at a case, or what a staff member looked at, newest first (supervisors and admins)."""
    with app.db.transaction() as conn:
        work = Work(app, conn, login)
        require_role(work.actor(), Role.SUPERVISOR, Role.ADMIN)
        if case_id is not None and conn.execute(select(cases_t.c.id).where(cases_t.c.id == case_id)).first() is None:
            raise NotFound("case_not_found", case=case_id)
        if by is not None:
            work.staff(by)  # an unknown login is 'not found', not an empty list
        query = select(access_t).order_by(access_t.c.at.desc(), access_t.c.id.desc()).limit(10_000)
        if case_id is not None:
            query = query.where(access_t.c.case_id == case_id)
        if by is not None:
            query = query.where(access_t.c.login == by)
        if since is not None:
            query = query.where(access_t.c.at >= app.start_of(since))
        rows = conn.execute(query).all()
    return [AccessRecordView(r.case_id, r.household_id, r.login, r.action, from_db_time(r.at)) for r in rows]


def day_range(app: App, start: date | None, end: date | None) -> tuple[datetime | None, datetime | None]:
    """[start 00:00, the day after end 00:00) in the service's time zone."""
    lower = app.start_of(start) if start else None
    upper = app.start_of(end + timedelta(days=1)) if end else None
    return lower, upper
