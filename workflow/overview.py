"""The overview of every household in the register: `rto household list|assess|contact|figures`.

A household's own figures (income, its predictability, debts, fixed costs, equity) are recorded on it, dated,
without a case; its purchasing power is worked out from the latest (states.purchasing_power), each
assessment recorded with its figures and date; outreach is recorded in its history without opening a case.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

from sqlalchemy import Date, bindparam, exists, or_, select

from states.affordability import Household
from states.errors import InvalidInput, Refused
from states.facts import free_text, parse_assignments
from states.history import NewEvent
from states.household_history import HouseholdEventKind
from states.policy import Policy
from states.purchasing_power import FIGURES, PurchasingPower, Screen, purchasing_power
from states.reviews import add_months
from states.roles import Role, require_role
from workflow import driver, unit_of_work
from workflow.bootstrap import App
from workflow.households import require_household_access
from workflow.repository import household_of
from workflow.results_overview import (
    Assessment,
    Contacted,
    ContactSeen,
    FiguresRecorded,
    HouseholdOverview,
    LatestAssessment,
    OverviewHeld,
    RegisterEntry,
)
from workflow.schema import assessments as assessments_t
from workflow.schema import cases as cases_t
from workflow.schema import contacts as contacts_t
from workflow.schema import household_figures as figures_t
from workflow.schema import households as households_t
from workflow.unit_of_work import Plan, Work
from workflow.writes import HouseholdChange, NewRow, Write

LATEST_CONTACTS = 5  # how many of a household's latest contacts `household show` lists
OUTCOMES = ("invited", "interested", "declined", "no_answer")
# the dated policy figures an assessment rests on, shown beside it
POLICY_FIGURES = ("policy_rate_percent", "stress_margin_points", "standard_term_years", "living_cost_floor",
                  "reference_budget", "document_duty_percent", "registration_fee_per_document", "bedrooms_needed")


def power_of(row: Any, policy: Policy, prices: Any, today: date) -> PurchasingPower | None:
    """A household row's purchasing power on today's figures; None without an income to go on."""
    figures = json.loads(row.figures)
    if figures.get("income_monthly") is None:
        return None
    people: Household = household_of(row._mapping).as_of(today)
    return purchasing_power(figures, people, policy, prices, today)


_LIST = (households_t.c.id, households_t.c.external_id, households_t.c.name, households_t.c.municipal_unit,
         households_t.c.figures, households_t.c.last_assessed_on, households_t.c.last_contact,
         households_t.c.open_case_id, households_t.c.adults, households_t.c.children, households_t.c.child_ages,
         households_t.c.members)
_PAGE = 5000


def _listing(caseworker: bool, due: str) -> Any:
    """The register's rows after an id, a page of them: a caseworker's own (registered, or holding a case of),
    and with `due` those never assessed ("never") or also those assessed on or before a day ("before")."""
    query = select(*_LIST).where(households_t.c.id > bindparam("after"), households_t.c.erased_at.is_(None)) \
        .order_by(households_t.c.id).limit(_PAGE)  # (an erased household is no one any more: not listed)
    if caseworker:
        query = query.where(or_(households_t.c.created_by == bindparam("login"), exists().where(
            cases_t.c.household_id == households_t.c.id, cases_t.c.caseworker == bindparam("login"))))
    if due == "never":
        query = query.where(households_t.c.last_assessed_on.is_(None))
    elif due == "before":
        query = query.where(or_(households_t.c.last_assessed_on.is_(None),
                                households_t.c.last_assessed_on <= bindparam("cutoff", type_=Date)))
    return query


def register_entries(app: App, work: Work, prospects: bool = False, due: bool = False) -> Iterator[RegisterEntry]:
    """The register's households the actor may see, by id, a page at a time (a register may be large), with
    their purchasing power on today's figures. The driver's own cursor: `make bench` shows SQLAlchemy's rows
    cost more than the arithmetic over 100,000 households."""
    actor = work.actor()
    require_role(actor, Role.CASEWORKER, Role.SUPERVISOR)
    today, policy = work.today, work.policy
    screen = Screen(policy, app.prices.on(today))
    caseworker = actor.role is Role.CASEWORKER
    months = policy.reassessment_months
    kind = "" if not due else "never" if months is None else "before"
    statement = driver.prepared(work.conn, ("register", caseworker, kind), lambda: _listing(caseworker, kind))
    values: dict[str, Any] = {"login": actor.login} if caseworker else {}
    if kind == "before":
        values["cutoff"] = add_months(today, -months)  # type: ignore[operator]
    after = 0
    while True:
        page = driver.fetch_all(work.conn, statement, {**values, "after": after})
        for row in page:
            figures = json.loads(row[4]) if row[4] != "{}" else {}
            verdict = None
            if figures.get("income_monthly") is not None:
                verdict = screen.verdict(figures, _people(row, today))
            if prospects and (verdict is None or not verdict[2]):
                continue
            yield RegisterEntry(row[0], row[1], row[2], row[3], verdict[2] if verdict else None,
                                verdict[0] if verdict else None, verdict[1] if verdict else None, _day(row[5]),
                                row[6], row[7])
        if len(page) < _PAGE:
            return
        after = page[-1][0]


def _people(row: Any, today: date) -> Household:
    """A listed row's people as the rules count them today (the common case, counts only, without parsing)."""
    adults, children, ages, members = row[8], row[9], row[10], row[11]
    if members == "[]":
        return Household(adults, children, () if ages == "[]" else tuple(json.loads(ages)))
    return household_of({"adults": adults, "children": children, "child_ages": ages, "municipal_unit": None,
                         "members": members}).as_of(today)


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


def list_register(app: App, login: str, prospects: bool = False, due: bool = False) -> list[RegisterEntry]:
    def decide(work: Work) -> Plan[list[RegisterEntry]]:
        return Plan(list(register_entries(app, work, prospects, due)))

    return unit_of_work.run(app, login, decide)


def _policy_figures(policy: Policy) -> dict[str, dict[str, Any]]:
    shown = {}
    for name in (*POLICY_FIGURES, f"running_costs_{policy.frame_property_type}", "stress_rate_percent"):
        where = policy.source_of(name)
        shown[name] = {"value": policy.figure(name), "from": where.applies_from.isoformat(), "source": where.source}
    return shown


def assess_household(app: App, login: str, household_id: int) -> Assessment:
    """Work out the household's purchasing power on its latest figures and today's policy; recorded."""

    def decide(work: Work) -> Plan[Assessment]:
        row = work.household_row(household_id)
        require_household_access(work, work.actor(), row)
        today = work.today
        power = power_of(row, work.policy, app.prices.on(today), today)
        if power is None:
            raise Refused("assessment_needs_income", household=household_id)
        figures = json.loads(row.figures)
        result = Assessment(row.id, row.name, today, power, figures.get("on"), _policy_figures(work.policy))
        values = {"household_id": row.id, "assessed_on": today, "monthly_available": power.monthly_available,
                  "max_loan": power.max_loan, "max_price": power.max_price, "price_needed": power.price_needed,
                  "prospect": power.prospect,
                  "calculation": json.dumps({**result.as_json(), "figures": figures}, default=str, sort_keys=True)}

        def recorded(assessment_id: int) -> list[Write]:
            event = NewEvent(HouseholdEventKind.ASSESSED.value, details={
                "assessment": assessment_id, "figures_on": figures.get("on"), "prospect": power.prospect,
                "monthly_available": power.monthly_available, "max_loan": power.max_loan,
                "max_price": power.max_price, "price_needed": power.price_needed,
                "stress_rate": power.stress_rate})
            return [HouseholdChange(row.id, row.history_seq, row.history_head, [event],
                                    {"last_assessed_on": today, "prospect": power.prospect})]

        return Plan(result, [NewRow(assessments_t, values, "assessment", ("assessed_at", "assessed_by"), recorded)])

    return unit_of_work.run(app, login, decide)


def contact_household(app: App, login: str, household_id: int, outcome: str, note: str | None = None) -> Contacted:
    """Outreach recorded in the household's history, without opening a case."""
    if outcome not in OUTCOMES:
        raise InvalidInput("bad_outcome", value=outcome, valid=", ".join(OUTCOMES))
    text = free_text("--note", note) if note else None

    def decide(work: Work) -> Plan[Contacted]:
        row = work.household_row(household_id)
        require_household_access(work, work.actor(), row)
        today = work.today

        def recorded(contact_id: int) -> list[Write]:
            event = NewEvent(HouseholdEventKind.CONTACTED.value,
                             details={"contact": contact_id, "outcome": outcome, "note": text})
            return [HouseholdChange(row.id, row.history_seq, row.history_head, [event],
                                    {"last_contact": outcome, "last_contact_on": today})]

        values = {"household_id": row.id, "outcome": outcome, "note": text}
        return Plan(writes=[NewRow(contacts_t, values, "contact", ("contacted_at", "contacted_by"), recorded)],
                    finish=lambda created: Contacted(household_id, outcome, created["contact"]))

    return unit_of_work.run(app, login, decide)


def figures_change(work: Work, row: Any, changes: dict[str, Any], source: str) -> list[Write]:
    """The household's own figures changed (by hand, or by its case): dated, in its history; [] if the same."""
    before = json.loads(row.figures)
    changed = {k: {"old": before.get(k), "new": v} for k, v in changes.items() if before.get(k) != v}
    if not changed:
        return []
    figures = {**{k: v for k, v in before.items() if k != "on"}, **changes, "on": work.today.isoformat()}
    event = NewEvent(HouseholdEventKind.FIGURES.value, details={"source": source, "changes": changed})
    entry = {"household_id": row.id, "recorded_on": work.today, "figures": json.dumps(figures, sort_keys=True),
             "source": source}
    return [NewRow(figures_t, entry, "figures", ("recorded_at", "recorded_by"),
                   lambda _id: [HouseholdChange(row.id, row.history_seq, row.history_head, [event],
                                                {"figures": json.dumps(figures)})])]


def record_figures(app: App, login: str, household_id: int, pairs: list[str]) -> FiguresRecorded:
    """`rto household figures HOUSEHOLD income_monthly=... equity=...`: the household's own figures."""
    values = parse_assignments(pairs)
    unknown = [k for k in values if k not in FIGURES]
    if unknown:
        raise InvalidInput("unknown_fact", name=unknown[0], valid=", ".join(FIGURES))

    def decide(work: Work) -> Plan[FiguresRecorded]:
        row = work.household_row(household_id)
        require_household_access(work, work.actor(), row)
        before = json.loads(row.figures)
        after = {**{k: v for k, v in before.items() if k != "on"}, **values}
        writes = figures_change(work, row, values, "by hand")
        return Plan(FiguresRecorded(household_id, after, bool(writes)), writes)

    return unit_of_work.run(app, login, decide)


def overview_held(work: Work, row: Any) -> OverviewHeld:
    """Everything the overview holds about the household `row` (its figures, assessments and outreach)."""
    from workflow.repository import from_db_time

    f, a, c = figures_t, assessments_t, contacts_t
    figures = [{"on": r.recorded_on, "figures": json.loads(r.figures), "source": r.source,
                "at": from_db_time(r.recorded_at), "by": r.recorded_by}
               for r in work.conn.execute(select(f).where(f.c.household_id == row.id).order_by(f.c.id))]
    assessments = [{"on": r.assessed_on, "by": r.assessed_by, "prospect": bool(r.prospect),
                    "calculation": json.loads(r.calculation)}
                   for r in work.conn.execute(select(a).where(a.c.household_id == row.id).order_by(a.c.id))]
    contacts = [{"at": from_db_time(r.contacted_at), "by": r.contacted_by, "outcome": r.outcome, "note": r.note,
                 "case": r.case_id}
                for r in work.conn.execute(select(c).where(c.c.household_id == row.id).order_by(c.c.id))]
    return OverviewHeld(row.external_id, _day(row.tenant_since), figures, assessments, contacts)


def household_overview(work: Work, row: Any) -> HouseholdOverview:
    """The overview's latest about the household `row`, for `household show`."""
    from workflow.repository import from_db_time

    a, c = assessments_t, contacts_t
    figures = json.loads(row.figures)
    latest = work.conn.execute(select(a.c.assessed_on, a.c.max_price, a.c.price_needed, a.c.prospect)
                               .where(a.c.household_id == row.id).order_by(a.c.id.desc()).limit(1)).first()
    assessment = None
    if latest is not None:
        day = _day(latest.assessed_on)
        assert day is not None
        assessment = LatestAssessment(day, latest.max_price, latest.price_needed, bool(latest.prospect))
    contacts = [ContactSeen(r.outcome, from_db_time(r.contacted_at), r.contacted_by, r.note)
                for r in work.conn.execute(select(c.c.outcome, c.c.contacted_at, c.c.contacted_by, c.c.note)
                                           .where(c.c.household_id == row.id).order_by(c.c.id.desc())
                                           .limit(LATEST_CONTACTS))]
    return HouseholdOverview(row.external_id, {k: v for k, v in figures.items() if k != "on"}, figures.get("on"),
                             assessment, contacts)
