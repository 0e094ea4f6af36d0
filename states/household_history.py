"""A household's own history: its registration and every change to its members, hash-chained like a case's.

The events hash as a case's do (`states.history.event_hash`, the household's id in the case's place); the
household row keeps the count and the last hash, and what its members are must be what the history replays to.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from states.commitments import attest, attested_in, is_erased
from states.history import GENESIS, Break, StoredEvent


class HouseholdEventKind(StrEnum):
    REGISTERED = "registered"
    MEMBER_ADDED = "member_added"
    MEMBER_REMOVED = "member_removed"
    ERASED = "erased"  # retention erased its personal data: no member is left (counts only)
    IMPORTED = "imported"  # a re-import of the tenant register changed it (each change, old and new)
    FIGURES = "figures"  # its own figures recorded (by hand, or a case's changes flowing back)
    ASSESSED = "assessed"  # its purchasing power worked out
    CONTACTED = "contacted"  # outreach: invited, interested, declined, no answer


@dataclass(frozen=True)
class HouseholdRecord:
    """What the household row and its member rows claim, to be checked against its history."""

    household_id: int
    history_seq: int
    history_head: str
    members: list[dict[str, Any]]  # the row's copy: id, name, born, role
    member_rows: list[dict[str, Any]] = field(default_factory=list)  # the active rows: id, name, born, role


def verify_household(record: HouseholdRecord, events: Iterable[StoredEvent]) -> Break | None:
    """Check one household's events (stored order) against their chain, its row and its member rows.
    A break names the household in `params`; its `case_id` is 0 (no case)."""
    prev, expected = GENESIS, 1
    members: dict[int, dict[str, Any]] = {}
    last: StoredEvent | None = None
    unrecorded: StoredEvent | None = None  # values erased, before any record of erasure
    attested: list[str] = []  # as a case's (states.history.verify_case)

    def broken(ev: StoredEvent | None, problem: str, **params: Any) -> Break:
        return Break(0, ev.seq if ev else None, ev.id if ev else None, problem,
                     {"household": record.household_id, **params})

    for ev in events:
        if ev.seq != expected:
            return broken(ev, "history_gap" if ev.seq > expected else "history_order", expected=expected)
        if ev.computed_hash() != ev.hash:
            return broken(ev, "history_edited")
        if unrecorded is None and is_erased(ev.sealed):
            unrecorded = ev
        elif ev.kind == HouseholdEventKind.ERASED:
            unrecorded = None
            if attest(attested) != attested_in(ev.details):
                return broken(ev, "history_attestation")
            attested = []
        if ev.erased_before_v3:
            vouched = ev.attestation()
            if vouched is None:
                return broken(ev, "history_edited")
            attested.append(vouched)
        if ev.prev_hash != prev:
            return broken(ev, "history_link")
        try:
            details = json.loads(ev.details)
            if ev.kind == HouseholdEventKind.MEMBER_ADDED:
                members[details["member"]] = {"id": details["member"], **_person(details["after"])}
            elif ev.kind == HouseholdEventKind.MEMBER_REMOVED:
                members.pop(details["member"])
            elif ev.kind == HouseholdEventKind.ERASED:
                members.clear()
            if details.get("promoted") is not None:
                members[details["promoted"]]["role"] = "applicant"
        except (ValueError, KeyError, TypeError, AttributeError):
            return broken(ev, "history_unreadable")
        prev, expected, last = ev.hash, expected + 1, ev
    if expected - 1 != record.history_seq or prev != record.history_head:
        return broken(last, "history_tail", found=expected - 1, claimed=record.history_seq)
    if unrecorded is not None:
        return broken(unrecorded, "history_erased_unrecorded")
    replayed = sorted(members.values(), key=lambda m: m["id"])
    if sorted(record.members, key=lambda m: m["id"]) != replayed:
        return broken(None, "household_row_altered", what="members")
    if sorted(record.member_rows, key=lambda m: m["id"]) != replayed:
        return broken(None, "household_row_altered", what="household_members")
    return None


def _person(after: dict[str, Any]) -> dict[str, Any]:
    return {"name": after["name"], "born": after["born"], "role": after["role"]}
