"""Households: the people a case is about. `rto household add|show`."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from states.errors import InvalidInput, NotPermitted
from states.facts import parse_fact, plain_text
from states.roles import Actor, Role, require_role
from workflow import unit_of_work
from workflow.bootstrap import App
from workflow.identity import masked, validate_nin
from workflow.repository import cases_t
from workflow.results import CaseRef, Created, HouseholdView
from workflow.unit_of_work import Plan, Work
from workflow.writes import AccessRecord, NewHousehold


def add_household(
    app: App,
    login: str,
    name: str,
    email: str | None = None,
    email_consent: bool = False,
    adults: int = 1,
    children: int = 0,
    child_ages: str | None = None,
    unit: str | None = None,
    nins: tuple[str, ...] | list[str] = (),
) -> Created:
    """Register a household; every value is validated before anything is written."""
    values: dict[str, Any] = {
        "name": plain_text("--name", name),
        "email": parse_fact("email", email) if email else None,
        "email_consent": email_consent,
        "adults": parse_fact("adults", str(adults)),
        "children": parse_fact("children", str(children)),
        "municipal_unit": parse_fact("municipal_unit", unit) if unit else None,
    }
    ages = parse_fact("child_ages", child_ages) if child_ages else []
    if len(ages) > values["children"]:
        raise InvalidInput("ages_exceed_children", ages=len(ages), children=values["children"])
    numbers = [validate_nin(n, accept_synthetic=app.settings.identity.accept_synthetic) for n in nins]
    if len({n.number for n in numbers}) != len(numbers):
        raise InvalidInput("nin_twice")
    stored = [n.as_stored() for n in numbers]
    row = {**values, "child_ages": json.dumps(ages), "identity_numbers": json.dumps(stored)}

    def decide(work: Work) -> Plan[Created]:
        require_role(work.actor(), Role.CASEWORKER, Role.SUPERVISOR)
        return Plan(writes=[NewHousehold(row)], finish=lambda created: Created(created["household"]))

    return unit_of_work.run(app, login, decide)


def require_household_access(work: Work, actor: Actor, row: Any, case_ids: list[int]) -> None:
    """Supervisors see every household; a caseworker the households they registered or hold a case of."""
    require_role(actor, Role.CASEWORKER, Role.SUPERVISOR)
    if actor.role is Role.SUPERVISOR or row.created_by == actor.login:
        return
    holders = set(work.conn.execute(select(cases_t.c.caseworker).where(cases_t.c.id.in_(case_ids))).scalars())
    if actor.login not in holders:
        raise NotPermitted("household_not_yours", login=actor.login, household=row.id)


def show_household(app: App, login: str, household_id: int) -> HouseholdView:
    """The household, its cases and its identity numbers masked; the look is recorded in the access log."""

    def decide(work: Work) -> Plan[HouseholdView]:
        actor = work.actor()
        row = work.household_row(household_id)
        cases = work.conn.execute(
            select(cases_t.c.id, cases_t.c.state, cases_t.c.caseworker)
            .where(cases_t.c.household_id == household_id).order_by(cases_t.c.id)
        ).all()
        require_household_access(work, actor, row, [c.id for c in cases])
        view = HouseholdView(
            id=row.id, name=row.name, email=row.email, email_consent=bool(row.email_consent), adults=row.adults,
            children=row.children, child_ages=json.loads(row.child_ages), municipal_unit=row.municipal_unit,
            identity_numbers=[masked(n) for n in json.loads(row.identity_numbers)],
            cases=[CaseRef(c.id, c.state, c.caseworker) for c in cases],
        )
        return Plan(view, [AccessRecord(login, "household", household_id=household_id)])

    return unit_of_work.run(app, login, decide)
