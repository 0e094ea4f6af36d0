"""What the services for a household's people, a case's papers and its decisions hand back (see
`workflow/results.py` for how results are printed)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class MemberView:
    """A person of the household: their identity number masked, shown with the birth date recorded."""

    id: int
    name: str
    born: date
    age: int  # today
    role: str  # applicant | co_applicant | resident
    identity_number: str | None  # masked


@dataclass(frozen=True)
class HouseholdFound:
    """`household find`: a household that holds the number (and the member who does, if one)."""

    id: int
    name: str
    member: int | None


@dataclass(frozen=True)
class PaperView:
    """One paper of a case's checklist (per adult member where each adult supplies one)."""

    key: str
    label: str
    status: str  # received | waived | missing
    needed_for: str
    member: int | None
    member_name: str | None = None
    ref: str | None = None  # the archive's reference, once received
    reason: str | None = None  # why it was waived


@dataclass(frozen=True)
class PaperRecorded:
    id: int
    key: str
    member: int | None
    status: str
    changed: bool
    version: int


@dataclass(frozen=True)
class DecisionView:
    """An enkeltvedtak: proposed by one, approved or rejected by another."""

    id: int
    case: int
    kind: str
    status: str  # proposed | approved | rejected
    content: str
    reasons: str
    proposed_by: str
    proposed_at: datetime
    decided_by: str | None = None
    decided_at: datetime | None = None
    note: str | None = None  # the approver's note, or why it was rejected


@dataclass(frozen=True)
class DecisionMade:
    id: int
    status: str
    case: int | None = None


@dataclass(frozen=True)
class Letter:
    """A decision letter, rendered: HTML text, or PDF bytes."""

    decision: int
    language: str
    format: str  # html | pdf
    content: bytes

    def as_json(self) -> dict[str, Any]:
        return {"decision": self.decision, "language": self.language, "format": self.format,
                "bytes": len(self.content)}


@dataclass(frozen=True)
class HouseholdErased:
    """One household whose personal data a retention run erased (or, in a dry run, would erase)."""

    household: int
    cases: list[int]
    ended_on: date  # the day its period counts from: its last case's end, or its last activity in the overview
    values: int  # personal values in its histories
    events: int  # the events that held them
    members: int
    identity_numbers: int
    decisions: int
    mails: int
    overview: int  # the overview's rows that held its personal data (figures, assessments, outreach notes)


@dataclass(frozen=True)
class HouseholdKept:
    """A household past its retention period that was not erased: events of its histories sealed before
    retention (hash formula version 1 or 2) do not match their hashes, and erasing them would hide that
    (`rto audit verify` names them)."""

    household: int
    ended_on: date
    altered_events: int


@dataclass(frozen=True)
class RetentionRun:
    """`rto retention run`: what was erased (or would be, with `dry_run`), as of which day, by which rule."""

    dry_run: bool
    as_of: date
    years: int | None  # the retention period in force (None: never)
    ended_before: date | None  # households whose last case ended before this day are past it
    source: str  # where the period comes from (the policy's source)
    erased: list[HouseholdErased]
    kept: list[HouseholdKept]
