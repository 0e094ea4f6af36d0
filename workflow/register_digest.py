"""What the monthly digest to the team lists from the whole register (the method's steps 1, 5 and 6):
households due for reassessment (never assessed, or longer ago than policy says), new prospects not yet
contacted, and interested households without a case. A household that has moved into a home of its own, or
away, is no longer in the overview, nor one retention erased; one with an open case is followed there."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, case, exists, func, or_, select

from workflow.bootstrap import App
from workflow.schema import cases as cases_t
from workflow.schema import contacts as contacts_t
from workflow.schema import households as households_t

LIMIT = 200  # listed by name in one digest (the counts are whole)


def register_digest(app: App, conn: Connection, cutoff: date, initials: Any) -> dict[str, Any]:
    """{"due", "prospects", "interested"}: each a list (at most LIMIT) of {"household", "initials", ...}, the
    never assessed first, then by the day last assessed; and their whole counts as "due_count" ...

    One pass over the cases, grouped by household, rather than a lookup of each household's cases for each
    list: the register's households are read once, and the three lists are sorted out here."""
    h, c = households_t, cases_t
    left = case((or_(c.c.state == "moved_in", c.c.closed_outcome == "moved_away"), 1), else_=0)
    per_household = (select(c.c.household_id, func.max(c.c.last_activity_at).label("activity"),
                            func.max(c.c.id).label("case"), func.max(left).label("left"))
                     .group_by(c.c.household_id).subquery())
    waiting = exists().where(contacts_t.c.household_id == h.c.id, contacts_t.c.outcome == "interested",
                             contacts_t.c.case_id.is_(None))
    rows = conn.execute(
        select(h.c.id, h.c.name, h.c.last_assessed_on, h.c.last_contact_on, h.c.last_contact, h.c.prospect,
               per_household.c.activity, per_household.c.case,
               case((h.c.last_contact == "interested", waiting), else_=False).label("waiting"))
        .outerjoin_from(h, per_household, per_household.c.household_id == h.c.id)
        # in the overview: no open case (it is followed there), not moved in or away, not erased
        .where(h.c.open_case_id.is_(None), h.c.erased_at.is_(None),
               or_(per_household.c.left.is_(None), per_household.c.left == 0)))
    before = app.start_of(cutoff)
    lists: dict[str, list[Any]] = {"due": [], "prospects": [], "interested": []}
    for r in rows:  # (streamed: only the households listed are kept)
        assessed, contacted, activity = _day(r.last_assessed_on), _day(r.last_contact_on), _time(r.activity)
        if (assessed is None or assessed <= cutoff) and (activity is None or activity < before):
            lists["due"].append(r)
        if r.prospect and (contacted is None or (assessed is not None and contacted < assessed)):
            lists["prospects"].append(r)
        if r.waiting:
            lists["interested"].append(r)
    found: dict[str, Any] = {}
    for key, chosen in lists.items():
        chosen.sort(key=lambda r: (r.last_assessed_on is not None, _day(r.last_assessed_on) or date.min, r.id))
        found[f"{key}_count"] = len(chosen)
        found[key] = [_entry(app, r, initials) for r in chosen[:LIMIT]]
    return found


def _entry(app: App, row: Any, initials: Any) -> dict[str, Any]:
    assessed = _day(row.last_assessed_on)
    activity = _time(row.activity)
    if activity is not None:
        in_case = app.local(activity).date()
        if assessed is None or in_case > assessed:
            assessed = in_case
    return {"household": row.id, "initials": initials(row.name), "case": row.case,
            "assessed": assessed.isoformat() if assessed else None,
            "contacted": _day(row.last_contact_on).isoformat() if row.last_contact_on else None}  # type: ignore[union-attr]


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _time(value: Any) -> datetime | None:
    """A stored time, aware (an aggregate over a time column may come back as the driver's text)."""
    found: datetime | None = datetime.fromisoformat(value) if isinstance(value, str) else value
    return found.replace(tzinfo=UTC) if found is not None and found.tzinfo is None else found
