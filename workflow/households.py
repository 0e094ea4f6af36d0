"""Households: the people a case is about. `rto household add|show|list`."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import insert, select

from states.errors import InvalidInput, NotFound
from states.facts import parse_fact, plain_text
from states.roles import Role, require_role
from workflow.bootstrap import App
from workflow.identity import masked, validate_nin
from workflow.repository import cases_t, households_t, load_actor


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
) -> int:
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
    numbers = [validate_nin(n) for n in nins]
    if len({n["number"] for n in numbers}) != len(numbers):
        raise InvalidInput("nin_twice")
    with app.db.writing() as conn:
        require_role(load_actor(conn, login), Role.CASEWORKER, Role.SUPERVISOR)
        new_id = conn.execute(
            insert(households_t).values(
                **values,
                child_ages=json.dumps(ages),
                identity_numbers=json.dumps(numbers),
                created_at=app.now(),
                created_by=login,
            )
        ).inserted_primary_key
    return int(new_id[0])  # type: ignore[index]


def household_view(row: Any, cases: list[Any]) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "email": row.email,
        "email_consent": bool(row.email_consent),
        "adults": row.adults,
        "children": row.children,
        "child_ages": json.loads(row.child_ages),
        "municipal_unit": row.municipal_unit,
        "identity_numbers": [masked(n) for n in json.loads(row.identity_numbers)],
        "cases": [{"id": c.id, "state": c.state, "caseworker": c.caseworker} for c in cases],
    }


def show_household(app: App, login: str, household_id: int) -> dict[str, Any]:
    with app.db.reading() as conn:
        require_role(load_actor(conn, login), Role.CASEWORKER, Role.SUPERVISOR)
        row = conn.execute(select(households_t).where(households_t.c.id == household_id)).first()
        if row is None:
            raise NotFound("household_not_found", household=household_id)
        cases = conn.execute(
            select(cases_t.c.id, cases_t.c.state, cases_t.c.caseworker)
            .where(cases_t.c.household_id == household_id)
            .order_by(cases_t.c.id)
        ).all()
    return household_view(row, list(cases))
