"""What the services hand back: small frozen dataclasses (and `states/` values), one per kind of answer.

The command line renders them for people; `--json` prints their plain form (`plain()`), whose keys are the
field names, so a type here says what a command can print. Times are aware datetimes (UTC) that the plain
form writes in the service's zone; dates are dates. Standard library only, so the CLI may import this
without loading the database stack.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from states.affordability import Affordability, FrameCheck
from states.errors import Requirement

if TYPE_CHECKING:  # (field types only: the report's model is not loaded for a look at a case)
    from workflow.report_model import Report
    from workflow.results_overview import HouseholdOverview
    from workflow.results_people import MemberView, PaperView


def plain(value: Any, zone: ZoneInfo) -> Any:
    """The JSON form of a result: dataclasses as objects (a value's own `as_json()` where it has one), times
    as ISO 8601 in `zone` to the second, dates as ISO dates."""
    if hasattr(value, "as_json"):
        return plain(value.as_json(), zone)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name), zone) for f in dataclasses.fields(value)}
    if isinstance(value, datetime):
        return value.astimezone(zone).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(k): plain(v, zone) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v, zone) for v in value]
    return value


# --- staff and setup -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Initialised:
    database: str
    created: bool
    revision: str
    upgraded_from: str | None
    admin: str | None
    registered: bool
    identity_key: str | None = None  # the key file for identity numbers, when this run created it
    group_roles: dict[str, str] | None = None  # PostgreSQL: each staff role's group role (workflow.pg_security)


@dataclass(frozen=True)
class StaffMember:
    login: str
    name: str
    email: str | None
    role: str
    active: bool


# --- households ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Created:
    """A new household (or member, decision ...): its id."""

    id: int


@dataclass(frozen=True)
class CaseRef:
    id: int
    state: str
    caseworker: str | None


@dataclass(frozen=True)
class HouseholdView:
    """`household show`: with members recorded, adults, children and their ages are as the members are today."""

    id: int
    name: str
    email: str | None
    email_consent: bool
    adults: int
    children: int
    child_ages: list[int]
    municipal_unit: str | None
    identity_numbers: list[str]  # masked
    cases: list[CaseRef]
    members: list[MemberView] = field(default_factory=list)
    language: str | None = None  # its letters' language (None: the service's)
    overview: HouseholdOverview | None = None  # what the overview knows of it (register id, figures, outreach)


# --- cases ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CaseOpened:
    id: int
    state: str
    household: int
    caseworker: str
    opened_at: datetime
    version: int


@dataclass(frozen=True)
class CaseSummary:
    """A case as lists show it."""

    id: int
    household: int
    household_name: str
    state: str
    paused_from: str | None
    caseworker: str | None
    opened_at: datetime
    state_entered_at: datetime
    last_activity_at: datetime
    closed_outcome: str | None
    version: int
    stalled_since: date | None = None  # in `case list --stalled`: the day its stall clock started


@dataclass(frozen=True)
class HouseholdFacts:
    adults: int
    children: int
    child_ages: list[int]
    municipal_unit: str | None
    email: str | None
    email_consent: bool
    identity_numbers: list[str]  # masked


@dataclass(frozen=True)
class CaseView(CaseSummary):
    """`case show`: the case, what it may do next and what blocks the rest, and its calculations."""

    facts: dict[str, Any] = field(default_factory=dict)
    allowed: list[str] = field(default_factory=list)  # the states it can reach now
    blocked: dict[str, list[Requirement]] = field(default_factory=dict)  # state -> what is unmet
    household_facts: HouseholdFacts | None = None
    members: list[MemberView] = field(default_factory=list)
    papers_missing: list[PaperView] = field(default_factory=list)  # for the next step on the journey
    decisions: dict[str, str] = field(default_factory=dict)  # kind -> the latest status
    affordability: Affordability | None = None  # on the certificate's frame
    affordability_home: Affordability | None = None  # on the home bid on or bought, once there is one
    frame: FrameCheck | None = None


@dataclass(frozen=True)
class FactsRecorded:
    id: int
    changed: list[str]
    version: int


@dataclass(frozen=True)
class Noted:
    id: int
    noted: bool = True


@dataclass(frozen=True)
class StepTaken:
    id: int
    from_state: str
    state: str
    event: str
    version: int
    overridden: list[Requirement] = field(default_factory=list)


@dataclass(frozen=True)
class Assigned:
    id: int
    caseworker: str
    previous: str | None
    changed: bool


@dataclass(frozen=True)
class Continued:
    id: int
    reason: str
    continued: bool = True


@dataclass(frozen=True)
class HistoryEvent:
    seq: int
    at: datetime
    actor: str
    kind: str
    from_state: str | None
    to_state: str | None
    details: dict[str, Any]
    hash: str


# --- audit ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AuditBreak:
    """The first place a history does not verify: a case (and an event), or, `case_id` None, a checkpoint
    (its number in `params`)."""

    case_id: int | None
    seq: int | None
    event_id: int | None
    problem: str  # a message code
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Verification:
    ok: bool
    cases: int
    events: int
    found: AuditBreak | None = None
    households: int = 0  # their own histories, checked after the cases'
    household_events: int = 0
    checkpoints: int | None = None  # how many sealed checkpoints the histories were checked against

    def as_json(self) -> dict[str, Any]:
        document: dict[str, Any] = {"ok": self.ok, "cases": self.cases, "events": self.events,
                                    "households": self.households, "household_events": self.household_events}
        if self.checkpoints is not None:
            document["checkpoints"] = self.checkpoints
        if self.found is not None:
            document["break"] = dataclasses.asdict(self.found)
        return document


@dataclass(frozen=True)
class KeyPair:
    """`audit keygen`: where the keys went, and the public key's fingerprint (what checkpoints name)."""

    private: str
    public: str
    fingerprint: str


@dataclass(frozen=True)
class Sealed:
    """`audit seal`: the checkpoint appended to `file` (number `number` there), and who it was mailed to."""

    number: int
    at: datetime
    cases: int
    events: int
    root: str
    prev: str
    key: str
    signature: str
    hash: str
    changed: int  # cases whose length or head changed since the checkpoint before
    file: str
    mailed: list[str]
    households: int = 0  # every household's own history, in a tree of its own (checkpoint format 2)
    household_events: int = 0
    household_root: str = ""
    households_changed: int = 0
    format: int = 2


@dataclass(frozen=True)
class AccessRecordView:
    """One look: at a case (`case`), or at a household as such (`household`)."""

    case: int | None
    household: int | None
    login: str
    action: str
    at: datetime

    def as_json(self) -> dict[str, Any]:
        document: dict[str, Any] = {"case": self.case, "login": self.login, "action": self.action, "at": self.at}
        if self.household is not None:
            document["household"] = self.household
        return document


# --- reviews and the outbox ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class QueuedReminder:
    """One reminder a review queued (or, in a dry run, would queue); `to` None: nobody could be told."""

    case: int | None
    kind: str
    to: str | None
    address: str | None
    due_on: date
    key: str | None


@dataclass(frozen=True)
class OutboxMessage:
    id: int
    key: str
    kind: str
    case: int | None
    to: str
    address: str
    subject: str
    status: str
    attempts: int
    message_id: str
    created_at: datetime
    next_attempt_at: datetime
    sent_at: datetime | None
    last_error: str | None


@dataclass(frozen=True)
class OutboxListing:
    counts: dict[str, int]
    messages: list[OutboxMessage]


@dataclass(frozen=True)
class Delivery:
    """What one run of the dispatcher did."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    recovered: int = 0


@dataclass(frozen=True)
class SchedulerRun:
    """What `scheduler run` did: nothing (`ran` False: stopped while it waited for the lock), or, with
    `--once`, whether a review was due, the reminders it queued, the checkpoint it sealed and what was
    delivered."""

    ran: bool
    reviewed: bool | None = None
    queued: int | None = None
    delivery: Delivery | None = None
    sealed: int | None = None  # the checkpoint sealed (its number in the file), when a signing key is there

    def as_json(self) -> dict[str, Any]:
        document: dict[str, Any] = {"ran": self.ran}
        if self.reviewed is not None:
            document.update(reviewed=self.reviewed, queued=self.queued)
        if self.sealed is not None:
            document.update(sealed=self.sealed)
        if self.delivery is not None:
            document.update(dataclasses.asdict(self.delivery))
        return document


@dataclass(frozen=True)
class DemoRun:
    """What `rto demo` made and where: the folder, the database, the mail folder, the HTML report, the story
    the simulation told, and the supervisors' report at its end."""

    folder: str
    database: str
    database_url: str
    maildir: str
    mails: int
    html: str
    seed: int
    months: int
    households: int
    start: date
    end: date
    story: dict[str, int]
    report: Report
