"""The access log: every look at a case (show, history, export) is recorded, and can be listed per case or
per staff member. A separate, append-only table: a look is not a change, so it neither touches the
case's version nor its hash-chained history."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Table, insert, select

from states.errors import NotFound
from states.roles import Role, require_role
from workflow.bootstrap import App
from workflow.repository import cases_t, find_staff, load_actor
from workflow.tables import CaseAccessRow

access_t: Table = CaseAccessRow.__table__  # type: ignore[attr-defined]


def record_access(app: App, login: str, case_ids: list[int], action: str) -> None:
    """Record that `login` looked at the cases, in a write transaction of its own."""
    if not case_ids:
        return
    at = app.now()
    rows = [{"case_id": c, "login": login, "at": at, "action": action} for c in case_ids]
    with app.db.writing() as conn:
        conn.execute(insert(access_t), rows)


def access_log(app: App, login: str, case_id: int | None = None, by: str | None = None,
               since: date | None = None) -> list[dict[str, Any]]:
    """Who looked at a case, or what a staff member looked at, newest first (supervisors and admins)."""
    with app.db.reading() as conn:
        require_role(load_actor(conn, login), Role.SUPERVISOR, Role.ADMIN)
        if case_id is not None and conn.execute(select(cases_t.c.id).where(cases_t.c.id == case_id)).first() is None:
            raise NotFound("case_not_found", case=case_id)
        if by is not None:
            find_staff(conn, by)  # an unknown login is 'not found', not an empty list
        query = select(access_t).order_by(access_t.c.at.desc(), access_t.c.id.desc()).limit(10_000)
        if case_id is not None:
            query = query.where(access_t.c.case_id == case_id)
        if by is not None:
            query = query.where(access_t.c.login == by)
        if since is not None:
            query = query.where(access_t.c.at >= app.start_of(since))
        rows = conn.execute(query).all()
    return [{"case": r.case_id, "login": r.login, "action": r.action,
             "at": app.stamp(r.at)} for r in rows]


def day_range(app: App, start: date | None, end: date | None) -> tuple[datetime | None, datetime | None]:
    """[start 00:00, the day after end 00:00) in the service's time zone."""
    lower = app.start_of(start) if start else None
    upper = app.start_of(end + timedelta(days=1)) if end else None
    return lower, upper
