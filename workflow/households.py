"""Households: the people a case is about. `rto household add|show` and `rto household member add|list|remove`.

A household is known by counts (adults, children, their ages) until its members are recorded; from then on
those come from the members' birth dates. Every change to the members is an event in the household's own
history, and, while the household has an open case, in the case's too (so a step decided on the members as
they were cannot pass: the case moved meanwhile).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import select

from notifications.letters import LANGUAGES
from states.affordability import Member
from states.errors import InvalidInput, NotFound, NotPermitted, Refused
from states.facts import parse_day, parse_fact, plain_text
from states.history import EventKind, NewEvent
from states.household_history import HouseholdEventKind
from states.members import as_json, check_born, removed, role_for
from states.roles import Actor, Role, require_role
from workflow import unit_of_work
from workflow.bootstrap import App
from workflow.identity import masked, validate_nin
from workflow.repository import members_from
from workflow.results import CaseRef, Created, HouseholdView
from workflow.results_people import HouseholdFound, MemberView
from workflow.schema import cases as cases_t
from workflow.schema import household_members as members_t
from workflow.schema import identity_lookup as lookup_t
from workflow.unit_of_work import Plan, Work
from workflow.writes import (
    AccessRecord,
    CaseChange,
    ChangeKind,
    HouseholdChange,
    IdentityLookups,
    MemberValues,
    NewHousehold,
    NewRow,
    Write,
)


def parse_language(raw: str | None) -> str | None:
    if raw is None:
        return None
    if raw not in LANGUAGES:
        raise InvalidInput("bad_language", value=raw, valid=", ".join(LANGUAGES))
    return raw


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
    language: str | None = None,
) -> Created:
    """Register a household; every value is validated before anything is written."""
    values: dict[str, Any] = {
        "name": plain_text("--name", name),
        "email": parse_fact("email", email) if email else None,
        "email_consent": email_consent,
        "adults": parse_fact("adults", str(adults)),
        "children": parse_fact("children", str(children)),
        "municipal_unit": parse_fact("municipal_unit", unit) if unit else None,
        "language": parse_language(language),
    }
    ages = parse_fact("child_ages", child_ages) if child_ages else []
    if len(ages) > values["children"]:
        raise InvalidInput("ages_exceed_children", ages=len(ages), children=values["children"])
    numbers = [validate_nin(n, accept_synthetic=app.settings.identity.accept_synthetic) for n in nins]
    if len({n.number for n in numbers}) != len(numbers):
        raise InvalidInput("nin_twice")
    stored = [app.identity_vault.seal(n) for n in numbers]
    row = {**values, "child_ages": json.dumps(ages), "identity_numbers": json.dumps(stored)}
    registered = NewEvent(HouseholdEventKind.REGISTERED.value, details={
        **{k: v for k, v in values.items() if k != "name"}, "child_ages": ages,
        "identity_numbers": [masked(n) for n in stored]})

    def decide(work: Work) -> Plan[Created]:
        require_role(work.actor(), Role.CASEWORKER, Role.SUPERVISOR)
        for n in stored:
            require_unregistered(work, n["kh"])
        return Plan(writes=[NewHousehold(row, registered), IdentityLookups([n["kh"] for n in stored])],
                    finish=lambda created: Created(created["household"]))

    return unit_of_work.run(app, login, decide)


def require_unregistered(work: Work, lookup_hash: str) -> None:
    """One person, one record: a number already held by a household (or one of its members) is refused, with
    where it is, so the caseworker can move the person instead (found by its keyed hash, nothing decrypted)."""
    held = work.conn.execute(select(lookup_t.c.household_id).where(lookup_t.c.hash == lookup_hash)).scalar()
    if held is not None:
        raise Refused("nin_registered", household=held)


def require_household_access(work: Work, actor: Actor, row: Any, case_ids: list[int] | None = None) -> None:
    """Supervisors see every household; a caseworker the households they registered or hold a case of."""
    require_role(actor, Role.CASEWORKER, Role.SUPERVISOR)
    if actor.role is Role.SUPERVISOR or row.created_by == actor.login:
        return
    query = select(cases_t.c.caseworker).where(cases_t.c.household_id == row.id)
    if case_ids is not None:
        query = select(cases_t.c.caseworker).where(cases_t.c.id.in_(case_ids))
    if actor.login not in set(work.conn.execute(query).scalars()):
        raise NotPermitted("household_not_yours", login=actor.login, household=row.id)


def member_views(work: Work, household_id: int, today: date) -> list[MemberView]:
    rows = work.conn.execute(select(members_t).where(members_t.c.household_id == household_id,
                                                     members_t.c.removed_at.is_(None))
                             .order_by(members_t.c.id)).all()
    return [MemberView(r.id, r.name, r.born, Member(r.id, r.name, r.born.isoformat()).age_on(today), r.role,
                       masked(json.loads(r.identity_number), r.born) if r.identity_number else None)
            for r in rows]


def show_household(app: App, login: str, household_id: int) -> HouseholdView:
    """The household, its members and cases, identity numbers masked; the look is recorded in the access log."""

    from workflow.overview import household_overview

    def decide(work: Work) -> Plan[HouseholdView]:
        actor = work.actor()
        row = work.household_row(household_id)
        cases = work.conn.execute(
            select(cases_t.c.id, cases_t.c.state, cases_t.c.caseworker)
            .where(cases_t.c.household_id == household_id).order_by(cases_t.c.id)
        ).all()
        require_household_access(work, actor, row, [c.id for c in cases])
        people = work.household_people(row)
        view = HouseholdView(
            id=row.id, name=row.name, email=row.email, email_consent=bool(row.email_consent),
            adults=people.adults, children=people.children, child_ages=list(people.child_ages),
            municipal_unit=row.municipal_unit,
            identity_numbers=[masked(n) for n in json.loads(row.identity_numbers)],
            cases=[CaseRef(c.id, c.state, c.caseworker) for c in cases],
            members=member_views(work, household_id, work.today), language=row.language,
            overview=household_overview(work, row),
        )
        return Plan(view, [AccessRecord(login, "household", household_id=household_id)])

    return unit_of_work.run(app, login, decide)


def list_members(app: App, login: str, household_id: int) -> list[MemberView]:
    def decide(work: Work) -> Plan[list[MemberView]]:
        row = work.household_row(household_id)
        require_household_access(work, work.actor(), row)
        return Plan(member_views(work, household_id, work.today),
                    [AccessRecord(login, "household", household_id=household_id)])

    return unit_of_work.run(app, login, decide)


def _person(member: Member, nin: str | None) -> dict[str, Any]:
    return {"name": member.name, "born": member.born, "role": member.role, "identity_number": nin}


def add_member(app: App, login: str, household_id: int, name: str, born: str, nin: str | None = None,
               co_applicant: bool = False) -> Created:
    """Record a person of the household; an identity number only for an adult, and only a valid one."""
    text = plain_text("--name", name)
    day = parse_day("--born", born)
    number = validate_nin(nin, accept_synthetic=app.settings.identity.accept_synthetic) if nin else None

    def decide(work: Work) -> Plan[Created]:
        actor = work.actor()
        row = work.household_row(household_id)
        require_household_access(work, actor, row)
        check_born(day, work.today)
        members = members_from(row.members)
        role = role_for(members, day, work.today, co_applicant)
        if number is not None:
            adult = Member(0, text, day.isoformat()).age_on(work.today) >= 18
            if not adult:
                raise InvalidInput("nin_only_adults", born=day.isoformat())
            if not number.matches_born(day):
                raise InvalidInput("nin_born_mismatch", born=day.isoformat())
        sealed = app.identity_vault.seal(number) if number else None
        if sealed is not None:
            require_unregistered(work, sealed["kh"])
        stored = json.dumps(sealed) if sealed else None
        shown = masked(sealed, day) if sealed else None

        def change(member_id: int) -> list[Write]:
            member = Member(member_id, text, day.isoformat(), role)
            event = NewEvent(HouseholdEventKind.MEMBER_ADDED.value,
                             details={"member": member_id, "before": None, "after": _person(member, shown)})
            everyone = as_json([*members, member])
            lookups: list[Write] = [IdentityLookups([sealed["kh"]], household_id, member_id)] if sealed else []
            return [*lookups, *_recorded(work, row, [event], {"members": json.dumps(everyone)})]

        values = {"household_id": household_id, "name": text, "born": day, "role": role, "identity_number": stored}
        return Plan(writes=[NewRow(members_t, values, "member", ("added_at", "added_by"), change)],
                    finish=lambda created: Created(created["member"]))

    return unit_of_work.run(app, login, decide)


def remove_member(app: App, login: str, household_id: int, member_id: int, reason: str) -> Created:
    """Take a person out of the household (they moved out, or were recorded by mistake), with a reason; their
    row stays, marked removed, and the history keeps who they were."""
    text = plain_text("--reason", reason)

    def decide(work: Work) -> Plan[Created]:
        actor = work.actor()
        row = work.household_row(household_id)
        require_household_access(work, actor, row)
        gone, rest = removed(members_from(row.members), member_id, household_id)
        promoted = next((m.id for m in rest if m.role == "applicant" and gone.role == "applicant"), None)
        event = NewEvent(HouseholdEventKind.MEMBER_REMOVED.value, details={
            "member": member_id, "before": _person(gone, None), "after": None, "reason": text,
            "promoted": promoted})
        writes: list[Write] = [MemberValues(member_id, {"removed_reason": text}, removal=True),
                               IdentityLookups([], household_id, member_id, forget=True)]
        if promoted is not None:
            writes.append(MemberValues(promoted, {"role": "applicant"}))
        writes += _recorded(work, row, [event], {"members": json.dumps(as_json(rest))})
        return Plan(Created(member_id), writes)

    return unit_of_work.run(app, login, decide)


def _recorded(work: Work, row: Any, events: list[NewEvent], values: dict[str, Any]) -> list[Write]:
    """The household's change, and the same events in its open case's history: the case's guards read the
    members, so a step decided on them as they were must not pass after they changed."""
    writes: list[Write] = [HouseholdChange(row.id, row.history_seq, row.history_head, events, values)]
    if row.open_case_id is not None:
        case = work.case(row.open_case_id)
        noted = [NewEvent(EventKind.HOUSEHOLD_CHANGED.value, case.state, None, {"household": row.id, "change": e.kind,
                                                                   **e.details}) for e in events]
        writes.append(CaseChange(case, noted, kind=ChangeKind.RECORD))
    return writes


def find_households(app: App, login: str, nin: str) -> list[HouseholdFound]:
    """The households that hold an identity number, found by its keyed hash (nothing is decrypted); a
    caseworker finds only those they may see. The search is in the access log, without the number."""
    number = validate_nin(nin, accept_synthetic=app.settings.identity.accept_synthetic)
    wanted = app.identity_vault.lookup_hash(number.number)

    def decide(work: Work) -> Plan[list[HouseholdFound]]:
        actor = work.actor()
        require_role(actor, Role.CASEWORKER, Role.SUPERVISOR)
        found = []
        for household_id, member_id in work.conn.execute(
                select(lookup_t.c.household_id, lookup_t.c.member_id).where(lookup_t.c.hash == wanted)
                .order_by(lookup_t.c.household_id)).all():
            try:  # on PostgreSQL a caseworker's login may not even read it (workflow.pg_security)
                row = work.household_row(household_id)
                require_household_access(work, actor, row)
            except (NotFound, NotPermitted):
                continue
            found.append(HouseholdFound(row.id, row.name, member_id))
        return Plan(found, [AccessRecord(login, "find", household_id=f.id) for f in found])

    return unit_of_work.run(app, login, decide)
