"""The database tables, as SQLModel classes; the migrations in `migrations/` create exactly these.

The code runs on their SQLAlchemy Core form, workflow/schema.py, which `make schema` renders from this
module (so that no command loads SQLModel and pydantic to start): change a table here, in a migration,
then run `make schema`. tests/test_schema.py fails until the two agree.

Facts, identity numbers and event details are JSON text: facts change shape as the journey goes, and
an event's details must hash to the same bytes they were written as, on SQLite and PostgreSQL alike.
Times are stored in UTC (SQLModel refuses naive ones) and shown in the configured time zone.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Float, Index, LargeBinary, MetaData, Table, Text, Unicode, UniqueConstraint
from sqlmodel import Field, SQLModel


class StaffRow(SQLModel, table=True):
    __tablename__ = "staff"

    login: str = Field(primary_key=True, max_length=64)
    name: str = Field(max_length=200)
    email: str | None = Field(default=None, max_length=200)
    role: str = Field(max_length=20)
    active: bool = True
    created_at: datetime


class HouseholdRow(SQLModel, table=True):
    __tablename__ = "households"
    __table_args__ = (Index("ix_households_external_id", "external_id", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    email: str | None = Field(default=None, max_length=200)
    email_consent: bool = False
    adults: int = 1
    children: int = 0
    child_ages: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    municipal_unit: str | None = Field(default=None, max_length=200)
    identity_numbers: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    created_at: datetime
    created_by: str = Field(foreign_key="staff.login", max_length=64)
    # The household's one case that is not closed or moved in. Opening or reopening a case claims it with a
    # conditional update (WHERE open_case_id IS NULL), so two at once cannot both succeed.
    # (No foreign key: cases already refer to households, and the product alone keeps this column.)
    open_case_id: int | None = None
    # The household's own history (members, imports, outreach): hash-chained like a case's.
    history_seq: int = 0
    history_head: str = Field(default="0" * 64, max_length=64)
    # Its active members as the guards need them ([{"id", "name", "born", "role"}]), kept with the members'
    # rows in the same transaction: a case is read in one statement.
    members: str = Field(default="[]", sa_column=Column(Text, nullable=False, server_default="[]"))
    language: str | None = Field(default=None, max_length=2)  # its letters' language; None: the service's
    erased_at: datetime | None = None  # when retention erased its personal data (workflow.erasure)
    # The overview (workflow.register_import, workflow.overview): the tenant register's id, the household's
    # latest own figures ({"on", "income_monthly", ...}), and its latest assessment and outreach.
    external_id: str | None = Field(default=None, max_length=100)
    tenant_since: date | None = None
    figures: str = Field(default="{}", sa_column=Column(Text, nullable=False, server_default="{}"))
    last_assessed_on: date | None = None
    prospect: bool | None = None
    last_contact: str | None = Field(default=None, max_length=20)
    last_contact_on: date | None = None


class HouseholdFigureRow(SQLModel, table=True):
    """A household's own figures as recorded on a day (by an import, a case, or by hand): its economy
    without a case. The household row carries the latest."""

    __tablename__ = "household_figures"
    __table_args__ = (Index("ix_household_figures_household", "household_id"),)

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="households.id")
    recorded_on: date
    figures: str = Field(sa_column=Column(Text, nullable=False))
    source: str = Field(max_length=300)  # "import of FILE", "case 12", ...
    recorded_at: datetime
    recorded_by: str = Field(max_length=64)


class AssessmentRow(SQLModel, table=True):
    """A household's purchasing power worked out on a day, with the calculation it rests on."""

    __tablename__ = "assessments"
    __table_args__ = (Index("ix_assessments_household", "household_id"),)

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="households.id")
    assessed_on: date
    assessed_at: datetime
    assessed_by: str = Field(max_length=64)
    monthly_available: int
    max_loan: int
    max_price: int
    price_needed: int | None = None
    prospect: bool
    calculation: str = Field(sa_column=Column(Text, nullable=False))


class ContactRow(SQLModel, table=True):
    """Outreach to a household without a case: invited, interested, declined or no answer."""

    __tablename__ = "contacts"
    __table_args__ = (Index("ix_contacts_household", "household_id"),)

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="households.id")
    outcome: str = Field(max_length=20)
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    contacted_at: datetime
    contacted_by: str = Field(max_length=64)
    case_id: int | None = Field(default=None, foreign_key="cases.id")  # the case an interested household got


class HouseholdMemberRow(SQLModel, table=True):
    """A person of a household: a name and a birth date (the ages for living costs come from it), and for
    adults an identity number (shown masked)."""

    __tablename__ = "household_members"
    __table_args__ = (Index("ix_household_members_household", "household_id"),)

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="households.id")
    name: str = Field(max_length=200)
    born: date
    role: str = Field(max_length=20)  # applicant | co_applicant | resident
    identity_number: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    added_at: datetime
    added_by: str = Field(max_length=64)
    removed_at: datetime | None = None
    removed_by: str | None = Field(default=None, max_length=64)
    removed_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class IdentityLookupRow(SQLModel, table=True):
    """Where an identity number is held, by its keyed hash (workflow.identity_vault): a household's own list,
    or a member (`member_id`). Finds duplicates and `household find` without decrypting anything."""

    __tablename__ = "identity_lookup"
    __table_args__ = (Index("ix_identity_lookup_hash", "hash"),)

    id: int | None = Field(default=None, primary_key=True)
    hash: str = Field(max_length=64)
    household_id: int = Field(foreign_key="households.id")
    member_id: int | None = Field(default=None, foreign_key="household_members.id")


class HouseholdEventRow(SQLModel, table=True):
    """One event in a household's own history."""

    __tablename__ = "household_events"
    __table_args__ = (UniqueConstraint("household_id", "seq", name="uq_household_events_household_seq"),)

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="households.id")
    seq: int
    at: datetime
    actor: str = Field(max_length=64)
    kind: str = Field(max_length=30)
    details: str = Field(sa_column=Column(Text, nullable=False))
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
    hash_version: int | None = None  # as a case event's (states.history.HASH_FORMULAS)
    sealed: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # as a case event's


class CaseRow(SQLModel, table=True):
    __tablename__ = "cases"
    __table_args__ = (Index("ix_cases_household", "household_id"),)

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="households.id")
    state: str = Field(max_length=20)  # no index: every transition would rewrite it, and lists by state are small
    paused_from: str | None = Field(default=None, max_length=20)
    caseworker: str | None = Field(default=None, foreign_key="staff.login", max_length=64, index=True)
    opened_at: datetime
    state_entered_at: datetime
    last_activity_at: datetime
    closed_outcome: str | None = Field(default=None, max_length=40)
    version: int = 1
    facts: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    history_seq: int = 0
    history_head: str = Field(max_length=64)
    # what earlier reviews queued (states.reviews.ReviewLog), and the first day a review finds something due
    review_log: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    review_due_on: date | None = Field(default=None, index=True)
    # the papers of its checklist as recorded ({"tax_return@12": {"status", "ref", "reason"}}), and the latest
    # status of each kind of decision ({"help_granted": "approved"}): read with the case, in one statement
    papers: str = Field(default="{}", sa_column=Column(Text, nullable=False, server_default="{}"))
    decisions: str = Field(default="{}", sa_column=Column(Text, nullable=False, server_default="{}"))


class CaseEventRow(SQLModel, table=True):
    __tablename__ = "case_events"
    __table_args__ = (UniqueConstraint("case_id", "seq", name="uq_case_events_case_seq"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id")
    seq: int
    at: datetime
    actor: str = Field(max_length=64)
    kind: str = Field(max_length=20)
    from_state: str | None = Field(default=None, max_length=20)
    to_state: str | None = Field(default=None, max_length=20)
    details: str = Field(sa_column=Column(Text, nullable=False))
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
    hash_version: int | None = None  # the formula that sealed it (states.history.HASH_FORMULAS); NULL: version 2
    # the salts of its personal values, or their commitments once erased (states.commitments); NULL: none
    sealed: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class DecisionRow(SQLModel, table=True):
    """An enkeltvedtak on individual assistance: proposed by a caseworker, approved or rejected by another."""

    __tablename__ = "decisions"
    __table_args__ = (Index("ix_decisions_case", "case_id"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id")
    kind: str = Field(max_length=20)  # help_granted | help_refused | help_ended
    status: str = Field(max_length=12)  # proposed | approved | rejected
    # the main content of the help (boligsosialloven § 7) as the caseworker wrote it; None: the letter's
    # standard description of the programme's help, in the letter's language
    content: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    reasons: str = Field(sa_column=Column(Text, nullable=False))
    proposed_by: str = Field(max_length=64)
    proposed_at: datetime
    decided_by: str | None = Field(default=None, max_length=64)
    decided_at: datetime | None = None
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # approval note, or why rejected


class OutboxRow(SQLModel, table=True):
    """A message to deliver: rendered when it is queued, sent (and retried) by the dispatcher."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=200, unique=True)  # what it is about, for whom, for which period
    kind: str = Field(max_length=40)
    case_id: int | None = Field(default=None, foreign_key="cases.id", index=True)
    recipient: str = Field(max_length=64)
    address: str = Field(max_length=200)
    subject: str = Field(sa_column=Column(Text, nullable=False))
    body_text: str = Field(sa_column=Column(Text, nullable=False))
    body_html: str = Field(sa_column=Column(Text, nullable=False))
    mime: str = Field(sa_column=Column(Text, nullable=False))  # the whole message, as it is sent
    message_id: str = Field(max_length=200)
    status: str = Field(max_length=12)  # pending, sending, sent, failed
    attempts: int = 0
    next_attempt_at: datetime
    claimed_by: str | None = Field(default=None, max_length=100)
    claimed_at: datetime | None = None
    last_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    created_at: datetime
    sent_at: datetime | None = None


class CaseAccessRow(SQLModel, table=True):
    """Who looked at which case or household, when, and how: the answer to "who has seen this?"."""

    __tablename__ = "case_access"
    __table_args__ = (Index("ix_case_access_case", "case_id", "at"), Index("ix_case_access_login", "login", "at"),
                      Index("ix_case_access_household", "household_id", "at"))

    id: int | None = Field(default=None, primary_key=True)
    case_id: int | None = Field(default=None, foreign_key="cases.id")
    household_id: int | None = Field(default=None, foreign_key="households.id")
    login: str = Field(max_length=64)
    at: datetime
    action: str = Field(max_length=20)  # show, history, export, household


def scheduler_jobs_table(metadata: MetaData) -> Table:
    """APScheduler's job store, created by our migrations so that the schema has one owner."""
    return Table(
        "apscheduler_jobs", metadata,
        Column("id", Unicode(191), primary_key=True),
        Column("next_run_time", Float(25), index=True),
        Column("job_state", LargeBinary, nullable=False),
    )


SCHEDULER_JOBS = scheduler_jobs_table(SQLModel.metadata)

SCHEMA_REVISION = "0009"  # the newest migration; a test keeps it equal to the migrations' head
