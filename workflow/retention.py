"""`rto retention run [--dry-run]`: erase the personal data of households past the retention period.

A household is past it when it has cases, none of them open, and the last one ended (closed or moved in)
more than `retention_years` (policy) before today. Each is erased in a unit of its own (`workflow.erasure`):
its histories keep their events, hashes and statistics, and verify as before. Events sealed before
retention existed (hash formula version 1 or 2: details hashed in clear) are erased too, once their own
hashes are checked: the `erased` event then vouches for them (`states.commitments.attestation`). A household
whose old hashes do not match is kept and reported: erasing would hide what `rto audit verify` reports.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import or_, select

from states.commitments import SALTED, personal_paths
from states.history import StoredEvent
from states.journey import TERMINAL, CaseState
from states.reviews import add_months
from states.roles import Role, require_active, require_role
from workflow import unit_of_work
from workflow.bootstrap import App
from workflow.erasure import Counts, EraseHousehold, mails_about, old_events
from workflow.repository import (
    cases_t,
    decisions_t,
    events_t,
    from_db_time,
    household_events_t,
    households_t,
    load_actor,
    lookup_t,
    members_t,
)
from workflow.results_people import HouseholdErased, HouseholdKept, RetentionRun
from workflow.unit_of_work import Plan, Work

_ENDED = tuple(s.value for s in TERMINAL)
Outcome = HouseholdErased | HouseholdKept | None


def run_retention(app: App, login: str, dry_run: bool = False) -> RetentionRun:
    """Erase (or with `dry_run`, only list) every household past the retention period in force today."""
    today = app.today()
    policy = app.policy.on(today)
    years = policy.retention_years
    cutoff = None if years is None else add_months(today, -12 * years)
    with app.db.reads() as conn:
        actor = load_actor(conn, login)
        require_active(actor)
        require_role(actor, Role.ADMIN, Role.SYSTEM)
        candidates = [] if cutoff is None else _past_retention(app, conn, cutoff)
    erased: list[HouseholdErased] = []
    kept: list[HouseholdKept] = []
    for household_id in candidates:
        outcome = _erase_one(app, login, household_id, cutoff, years, dry_run)  # type: ignore[arg-type]
        if isinstance(outcome, HouseholdErased):
            erased.append(outcome)
        elif isinstance(outcome, HouseholdKept):
            kept.append(outcome)
    if erased and not dry_run:
        app.db.reclaim()
    return RetentionRun(dry_run, today, years, cutoff, policy.source_of("retention_years").source, erased, kept)


def _past_retention(app: App, conn: Any, cutoff: date) -> list[int]:
    """Households with no open case whose cases all ended before `cutoff`: not erased yet, or given personal
    data again since (a note on a closed case, a member added)."""
    salted = or_(
        select(events_t.c.id).where(events_t.c.case_id == cases_t.c.id, events_t.c.sealed.contains(SALTED))
        .exists(),
        select(household_events_t.c.id).where(household_events_t.c.household_id == households_t.c.id,
                                              household_events_t.c.sealed.contains(SALTED)).exists())
    ended: dict[int, date | None] = {}
    for household_id, state, entered in conn.execute(
            select(cases_t.c.household_id, cases_t.c.state, cases_t.c.state_entered_at)
            .join_from(cases_t, households_t, cases_t.c.household_id == households_t.c.id)
            .where(or_(households_t.c.erased_at.is_(None), salted), households_t.c.open_case_id.is_(None))
            .order_by(cases_t.c.household_id)):
        if state not in _ENDED or household_id in ended and ended[household_id] is None:
            ended[household_id] = None
            continue
        day = app.local(from_db_time(entered)).date()
        ended[household_id] = max(day, ended.get(household_id) or day)
    return [h for h, day in ended.items() if day is not None and day < cutoff]


def _erase_one(app: App, login: str, household_id: int, cutoff: date, years: int, dry_run: bool) -> Outcome:
    def decide(work: Work) -> Plan[Outcome]:
        row = work.household_row(household_id)
        if row.open_case_id is not None:
            return Plan(None)  # a case opened since the list was made
        case_ids = list(work.conn.execute(select(cases_t.c.id).where(cases_t.c.household_id == household_id)
                                          .order_by(cases_t.c.id)).scalars())
        cases = [work.case(c) for c in case_ids]
        if not cases or any(CaseState(c.state) not in TERMINAL for c in cases):
            return Plan(None)
        ended = max(app.local(c.state_entered_at).date() for c in cases)
        if ended >= cutoff:
            return Plan(None)
        old = [*(ev for c in case_ids for ev in old_events(work.conn, events_t, events_t.c.case_id, c)),
               *old_events(work.conn, household_events_t, household_events_t.c.household_id, household_id)]
        altered = sum(1 for ev in old if ev.computed_hash() != ev.hash)
        if altered:  # its old hashes vouch for nothing: erasing would hide that (`rto audit verify` names it)
            return Plan(HouseholdKept(household_id, ended, altered))
        counts = _counts(work, household_id, case_ids, old)
        if row.erased_at is not None and not counts.values:
            return Plan(None)  # erased, and nothing personal written since
        result = HouseholdErased(household_id, case_ids, ended, **counts.as_details())
        if dry_run:
            return Plan(result)
        rule = {"retention_years": years, "ended_on": ended.isoformat()}
        return Plan(result, [EraseHousehold(household_id, row.history_seq, row.history_head, cases, counts, rule)])

    return unit_of_work.run(app, login, decide)


def _counts(work: Work, household_id: int, case_ids: list[int], old: list[StoredEvent]) -> Counts:
    values = sum(len(personal_paths(ev.kind, json.loads(ev.details))) for ev in old)
    events = len(old)
    for table, owner, owner_ids in ((events_t, events_t.c.case_id, case_ids),
                                    (household_events_t, household_events_t.c.household_id, [household_id])):
        for (sealed,) in work.conn.execute(select(table.c.sealed).where(owner.in_(owner_ids),
                                                                         table.c.sealed.is_not(None))):
            salted = sealed.count(SALTED)
            values, events = values + salted, events + (1 if salted else 0)
    conn = work.conn
    members = len(conn.execute(select(members_t.c.id).where(members_t.c.household_id == household_id)).all())
    numbers = len(conn.execute(select(lookup_t.c.id).where(lookup_t.c.household_id == household_id)).all())
    decisions = len(conn.execute(select(decisions_t.c.id).where(decisions_t.c.case_id.in_(case_ids))).all())
    return Counts(values, events, members, numbers, decisions, len(mails_about(conn, household_id, case_ids)))
