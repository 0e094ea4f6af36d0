"""The people of a household: who applies, who is an adult, and what a change to them records.

A household's members are kept on its row as the guards need them (`Member`: id, name, birth date, role); each
change is an event in the household's own history that says who the member was before and after.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, replace
from datetime import date
from typing import Any

from states.affordability import ADULT_AGE, Member
from states.errors import InvalidInput, NotFound, Refused

APPLICANT, CO_APPLICANT, RESIDENT = "applicant", "co_applicant", "resident"
ROLES = (APPLICANT, CO_APPLICANT, RESIDENT)


def check_born(born: date, today: date) -> None:
    if born > today:
        raise InvalidInput("born_in_future", born=born.isoformat(), today=today.isoformat())


def role_for(members: Sequence[Member], born: date, today: date, co_applicant: bool) -> str:
    """The new member's role: a co-applicant when asked (an adult, and one at most); else the first adult
    is the applicant, and everyone after them lives in the household."""
    adult = Member(0, "", born.isoformat()).age_on(today) >= ADULT_AGE
    if co_applicant:
        if not adult:
            raise InvalidInput("co_applicant_child", born=born.isoformat(), age=ADULT_AGE)
        if any(m.role == CO_APPLICANT for m in members):
            raise Refused("co_applicant_exists")
        return CO_APPLICANT
    if adult and not any(m.role == APPLICANT for m in members):
        return APPLICANT
    return RESIDENT


def removed(members: Sequence[Member], member_id: int, household_id: int) -> tuple[Member, list[Member]]:
    """The member taken out, and who remains; a co-applicant left without an applicant becomes the applicant."""
    gone = next((m for m in members if m.id == member_id), None)
    if gone is None:
        raise NotFound("member_not_found", member=member_id, household=household_id)
    rest = [m for m in members if m.id != member_id]
    if gone.role == APPLICANT:
        rest = [replace(m, role=APPLICANT) if m.role == CO_APPLICANT else m for m in rest]
    return gone, rest


def as_json(members: Sequence[Member]) -> list[dict[str, Any]]:
    """The household row's copy (`households.members`), in the order they were added."""
    return [asdict(m) for m in sorted(members, key=lambda m: m.id)]


def from_json(items: Sequence[dict[str, Any]]) -> list[Member]:
    return [Member(m["id"], m["name"], m["born"], m["role"]) for m in items]
