"""What `rto household export` hands back: everything held about one household, for its right of access
(GDPR art. 15). Facts, papers and event details stay the objects they are stored as; the rest is typed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from workflow.results_overview import OverviewHeld


@dataclass(frozen=True)
class ExportedNumber:
    """An identity number in full: the household's own copy of its data (never in logs or email)."""

    number: str
    kind: str  # fodselsnummer | d_number


@dataclass(frozen=True)
class ExportedMember:
    id: int
    name: str
    born: date
    role: str
    identity_number: ExportedNumber | None
    added_at: datetime
    added_by: str
    removed_at: datetime | None = None
    removed_by: str | None = None
    removed_reason: str | None = None


@dataclass(frozen=True)
class ExportedEvent:
    """One event of a case's or the household's history, as it was recorded."""

    seq: int
    at: datetime
    actor: str
    kind: str
    details: dict[str, Any]
    from_state: str | None = None
    to_state: str | None = None


@dataclass(frozen=True)
class ExportedDecision:
    id: int
    case: int
    kind: str
    status: str
    content: str | None
    reasons: str
    proposed_by: str
    proposed_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    note: str | None


@dataclass(frozen=True)
class ExportedMessage:
    """A message queued about one of its cases (a reminder, a notice): to whom, what it said, and whether
    it went out."""

    case: int | None
    kind: str
    recipient: str
    address: str
    subject: str
    body: str
    status: str
    created_at: datetime
    sent_at: datetime | None


@dataclass(frozen=True)
class ExportedAccess:
    """One look at the household or one of its cases: who, when, how."""

    at: datetime
    login: str
    action: str
    case: int | None


@dataclass(frozen=True)
class ExportedCase:
    id: int
    state: str
    caseworker: str | None
    opened_at: datetime
    state_entered_at: datetime
    closed_outcome: str | None
    paused_from: str | None
    facts: dict[str, Any]
    papers: dict[str, Any]
    history: list[ExportedEvent]
    decisions: list[ExportedDecision] = field(default_factory=list)


@dataclass(frozen=True)
class HouseholdExport:
    """Everything held about a household, as of `exported_at`, by `exported_by`; the export itself is the
    last entry of `access`."""

    id: int
    name: str
    email: str | None
    email_consent: bool
    adults: int
    children: int
    child_ages: list[int]
    municipal_unit: str | None
    language: str | None
    identity_numbers: list[ExportedNumber]
    registered_at: datetime
    registered_by: str
    members: list[ExportedMember]
    history: list[ExportedEvent]
    cases: list[ExportedCase]
    messages: list[ExportedMessage]
    access: list[ExportedAccess]
    exported_at: datetime
    exported_by: str
    overview: OverviewHeld | None = None  # the register's id, its own figures, assessments, outreach
