"""What the monthly digest to the team lists from the whole register (the method's steps 1, 5 and 6):
households due for reassessment (never assessed, or longer ago than policy says), new prospects not yet
contacted, and interested households without a case. A household that has moved into a home of its own, or
away, is no longer in the overview, nor one retention erased; one with an open case is followed there."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, exists, func, or_, select

from workflow.bootstrap import App
from workflow.schema import cases as cases_t
from workflow.schema import contacts as contacts_t
from workflow.schema import households as households_t

LIMIT = 200  # listed by name in one digest (the counts are whole)


def register_digest(app: App, conn: Connection, cutoff: date, initials: Any) -> dict[str, Any]:
    """{"due", "prospects", "interested"}: each a list (at most LIMIT) of {"household", "initials", ...}, and
    their whole counts as "due_count" ..."""
    h = households_t
    last_activity = (select(func.max(cases_t.c.last_activity_at)).where(cases_t.c.household_id == h.c.id)
                     .scalar_subquery())
    last_case = select(func.max(cases_t.c.id)).where(cases_t.c.household_id == h.c.id).scalar_subquery()
    gone = exists().where(cases_t.c.household_id == h.c.id,
                          or_(cases_t.c.state == "moved_in", cases_t.c.closed_outcome == "moved_away"))
    in_overview = [h.c.open_case_id.is_(None), ~gone, h.c.erased_at.is_(None)]
    due = [*in_overview, or_(h.c.last_assessed_on.is_(None), h.c.last_assessed_on <= cutoff),
           or_(last_activity.is_(None), last_activity < app.start_of(cutoff))]
    fresh = [*in_overview, h.c.prospect.is_(True),
             or_(h.c.last_contact_on.is_(None), h.c.last_contact_on < h.c.last_assessed_on)]
    waiting = exists().where(contacts_t.c.household_id == h.c.id, contacts_t.c.outcome == "interested",
                             contacts_t.c.case_id.is_(None))
    interested = [*in_overview, h.c.last_contact == "interested", waiting]
    found: dict[str, Any] = {}
    columns = (h.c.id, h.c.name, h.c.last_assessed_on, h.c.last_contact_on, last_activity.label("activity"),
               last_case.label("case"))
    for key, where in (("due", due), ("prospects", fresh), ("interested", interested)):
        found[f"{key}_count"] = conn.execute(select(func.count()).select_from(h).where(*where)).scalar() or 0
        rows = conn.execute(select(*columns).where(*where).order_by(h.c.last_assessed_on, h.c.id).limit(LIMIT))
        found[key] = [_entry(app, r, initials) for r in rows]
    return found


def _entry(app: App, row: Any, initials: Any) -> dict[str, Any]:
    assessed = _day(row.last_assessed_on)
    activity = row.activity
    if activity is not None:
        if isinstance(activity, str):
            activity = datetime.fromisoformat(activity)
        if activity.tzinfo is None:
            from datetime import UTC

            activity = activity.replace(tzinfo=UTC)
        in_case = app.local(activity).date()
        if assessed is None or in_case > assessed:
            assessed = in_case
    return {"household": row.id, "initials": initials(row.name), "case": row.case,
            "assessed": assessed.isoformat() if assessed else None,
            "contacted": _day(row.last_contact_on).isoformat() if row.last_contact_on else None}  # type: ignore[union-attr]


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value
