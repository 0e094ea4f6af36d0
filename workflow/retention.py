"""`rto retention run [--dry-run]`: erase the personal data of households past the retention period.

A household is past it when none of its cases is open and the later of the day its last case ended (closed
or moved in) and its last activity in the overview (registered, changed by an import of the register, its
figures recorded, assessed, contacted) is more than `retention_years` (policy) before today. So a household
of the tenant pool that never had a case (imported from the register, gone from it since) is erased once
nothing has happened to it for that long; one still listed by the register but untouched for that long too,
and the next import registers its row anew, as a new tenant (its register id was erased with the rest: no
link to the erased household is kept). Each is erased in a unit of its own (`workflow.erasure`):
its histories keep their events, hashes and statistics, and verify as before. Events sealed before
retention existed (hash formula version 1 or 2: details hashed in clear) are erased too, once their own
hashes are checked: the `erased` event then vouches for them (`states.commitments.attestation`). A household
whose old hashes do not match is kept and reported: erasing would hide what `rto audit verify` reports.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, or_, select

from states.commitments import SALTED, personal_paths
from states.history import StoredEvent
from states.household_history import HouseholdEventKind
from states.journey import TERMINAL, CaseState
from states.reviews import add_months
from states.roles import Role, require_active, require_role
from workflow import unit_of_work
from workflow.bootstrap import App
from workflow.erasure import Counts, EraseHousehold, mails_about, old_events, overview_rows
from workflow.repository import from_db_time, load_actor
from workflow.results_people import HouseholdErased, HouseholdKept, RetentionRun
from workflow.schema import case_events as events_t
from workflow.schema import cases as cases_t
from workflow.schema import decisions as decisions_t
from workflow.schema import household_events as household_events_t
from workflow.schema import household_members as members_t
from workflow.schema import households as households_t
from workflow.schema import identity_lookup as lookup_t
from workflow.unit_of_work import Plan, Work

_ENDED = tuple(s.value for s in TERMINAL)
# what counts as activity in the overview (a member's change does not: it is erased with the rest)
_ACTIVITY = tuple(k.value for k in (HouseholdEventKind.REGISTERED, HouseholdEventKind.IMPORTED,
                                    HouseholdEventKind.FIGURES, HouseholdEventKind.ASSESSED,
                                    HouseholdEventKind.CONTACTED))
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


def _past_retention(app: App, conn: Connection, cutoff: date) -> list[int]:
    """Households with no open case whose last day (`_last_days`) is before `cutoff`: not erased yet, or
    given personal data again since (a note on a closed case, a member added)."""
    h = households_t
    salted = or_(
        select(events_t.c.id).where(events_t.c.case_id == cases_t.c.id, cases_t.c.household_id == h.c.id,
                                    events_t.c.sealed.contains(SALTED)).exists(),
        select(household_events_t.c.id).where(household_events_t.c.household_id == h.c.id,
                                              household_events_t.c.sealed.contains(SALTED)).exists())
    wanted = select(h.c.id).where(or_(h.c.erased_at.is_(None), salted), h.c.open_case_id.is_(None))
    return [h for h, day in _last_days(app, conn, wanted).items() if day is not None and day < cutoff]


def _last_days(app: App, conn: Connection, wanted: Any) -> dict[int, date | None]:
    """For each household of `wanted` (a query of ids), the day its retention period counts from: the later
    of its last case's end and its last activity in the overview; None while a case of it is open."""
    days: dict[int, date | None] = {}
    e = household_events_t
    for household_id, at in conn.execute(select(e.c.household_id, func.max(e.c.at))
                                          .where(e.c.household_id.in_(wanted), e.c.kind.in_(_ACTIVITY))
                                          .group_by(e.c.household_id)):
        days[household_id] = app.local(from_db_time(at)).date()
    open_: set[int] = set()
    for household_id, state, entered in conn.execute(
            select(cases_t.c.household_id, cases_t.c.state, cases_t.c.state_entered_at)
            .where(cases_t.c.household_id.in_(wanted))):
        if state not in _ENDED:
            open_.add(household_id)
            continue
        day, seen = app.local(from_db_time(entered)).date(), days.get(household_id)
        days[household_id] = day if seen is None else max(day, seen)
    return {h: None if h in open_ else day for h, day in sorted(days.items())}


def _erase_one(app: App, login: str, household_id: int, cutoff: date, years: int, dry_run: bool) -> Outcome:
    def decide(work: Work) -> Plan[Outcome]:
        row = work.household_row(household_id)
        if row.open_case_id is not None:
            return Plan(None)  # a case opened since the list was made
        case_ids = list(work.conn.execute(select(cases_t.c.id).where(cases_t.c.household_id == household_id)
                                          .order_by(cases_t.c.id)).scalars())
        cases = [work.case(c) for c in case_ids]
        if any(CaseState(c.state) not in TERMINAL for c in cases):
            return Plan(None)
        ended = _last_days(app, work.conn, select(households_t.c.id).where(households_t.c.id == household_id)) \
            .get(household_id)
        if ended is None or ended >= cutoff:
            return Plan(None)  # (active in the overview since the list was made)
        old = [*(ev for c in case_ids for ev in old_events(work.conn, events_t, events_t.c.case_id, c)),
               *old_events(work.conn, household_events_t, household_events_t.c.household_id, household_id)]
        altered = sum(1 for ev in old if ev.computed_hash() != ev.hash)
        if altered:  # its old hashes vouch for nothing: erasing would hide that (`rto audit verify` names it)
            return Plan(HouseholdKept(household_id, ended, altered))
        counts = _counts(work, household_id, case_ids, old)
        if row.erased_at is not None and not counts.values and not counts.overview:
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
    return Counts(values, events, members, numbers, decisions, len(mails_about(conn, household_id, case_ids)),
                  overview_rows(conn, household_id))
