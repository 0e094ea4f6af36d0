"""What erasing a household's personal data writes, in one transaction (`rto retention run`).

Every personal value sealed in its histories (its cases' and its own) is replaced by a placeholder and its
salt by its commitment (`states.commitments.erase`): the chain still verifies. The rows that repeat those
values are set to what the histories now replay to: the case's facts and papers, the household's name,
contact, ages and identity numbers, its members, the decisions' texts and the mails about its cases. Then
an `erased` event, with counts only, is appended to each history: the record of the erasure, which verify
requires after any erased value.

`rewrite_history_rows` is the one place in rto that changes a history row once written. On a PostgreSQL
database `rto init` secured, history rows are append-only for every login (a trigger), except through the
retention job's own function, which it calls (`workflow.pg_security.erase_history`).
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, Table, delete, func, null, or_, select, update

from states.commitments import (
    SALT_BYTES,
    attest,
    erase,
    erase_calculation,
    erase_facts,
    erase_figures,
    erase_papers,
    personal_paths,
    placeholder,
)
from states.history import EventKind, NewEvent, StoredEvent, stamp
from states.household_history import HouseholdEventKind
from workflow import pg_security
from workflow.repository import CaseSnapshot, from_db_time
from workflow.schema import assessments as assessments_t
from workflow.schema import case_events as events_t
from workflow.schema import contacts as contacts_t
from workflow.schema import decisions as decisions_t
from workflow.schema import household_events as household_events_t
from workflow.schema import household_figures as figures_t
from workflow.schema import household_members as members_t
from workflow.schema import households as households_t
from workflow.schema import identity_lookup as lookup_t
from workflow.schema import outbox as outbox_t
from workflow.writes import CaseChange, ChangeKind, HouseholdChange, Stale, Transaction

ERASED_NAME = ""  # what a household's and a member's name become (the columns may not be empty)
ERASED_BORN = date(1900, 1, 1)  # what a member's birth date becomes (the column may not be empty)


@dataclass(frozen=True)
class Counts:
    """What an erasure takes away (or would): values in histories, rows repeating them."""

    values: int = 0  # personal values in the histories' events
    events: int = 0  # events that held them
    members: int = 0
    identity_numbers: int = 0
    decisions: int = 0
    mails: int = 0
    overview: int = 0  # the overview's rows: its dated figures, assessments and outreach

    def as_details(self) -> dict[str, int]:
        return {"values": self.values, "events": self.events, "members": self.members,
                "identity_numbers": self.identity_numbers, "decisions": self.decisions, "mails": self.mails,
                "overview": self.overview}

    def recorded(self) -> dict[str, int]:
        """As the `erased` event says it: counts under keys that hold nothing personal (states.commitments)."""
        counts = self.as_details()
        counts["numbers"] = counts.pop("identity_numbers")
        return counts


@dataclass(frozen=True)
class EraseHousehold:
    """Erase a household's personal data, if its history and its cases' are still where the decision read them
    (else decide again)."""

    household_id: int
    read_seq: int
    read_head: str
    cases: Sequence[CaseSnapshot]
    counts: Counts
    rule: dict[str, Any]  # the retention period and the day it counts from (workflow.retention)

    def apply(self, tx: Transaction) -> Stale | None:
        conn = tx.conn
        for snap in self.cases:
            old, attested = erased_old_rows(conn, events_t, events_t.c.case_id, snap.id)
            rewrite_history_rows(conn, events_t, erased_rows(conn, events_t, events_t.c.case_id, snap.id) + old)
            event = NewEvent(EventKind.ERASED.value, snap.state, None,
                             {"household": self.household_id, **self.rule, **self.counts.recorded(), **attested})
            values = {"facts": _json(erase_facts(snap.facts)), "papers": _json(erase_papers(snap.papers))}
            stale = CaseChange(snap, [event], values, kind=ChangeKind.BOOKKEEPING).apply(tx)
            if stale is not None:
                return stale
            _erase_decisions(conn, snap.id)
        _erase_mails(conn, self.household_id, [c.id for c in self.cases])
        owner = household_events_t.c.household_id
        old, attested = erased_old_rows(conn, household_events_t, owner, self.household_id)
        rewrite_history_rows(conn, household_events_t,
                             erased_rows(conn, household_events_t, owner, self.household_id) + old)
        conn.execute(update(members_t).where(members_t.c.household_id == self.household_id).values(
            name=ERASED_NAME, born=ERASED_BORN, identity_number=None, removed_reason=None,
            removed_at=func.coalesce(members_t.c.removed_at, tx.now),
            removed_by=func.coalesce(members_t.c.removed_by, tx.actor)))
        conn.execute(delete(lookup_t).where(lookup_t.c.household_id == self.household_id))
        figures = _erase_overview(conn, self.household_id)
        event = NewEvent(HouseholdEventKind.ERASED.value, details={
            "cases": [c.id for c in self.cases], **self.rule, **self.counts.recorded(), **attested})
        # (the household facts the case's `erased` event replays to: states.commitments.ERASED_HOUSEHOLD)
        # (and the register's id and tenancy: a later import registers the register's row anew, `docs`)
        row: dict[str, Any] = {"name": ERASED_NAME, "email": None, "child_ages": "[]", "identity_numbers": "[]",
                               "members": "[]", "erased_at": tx.now, "external_id": None, "tenant_since": None,
                               "figures": figures}
        return HouseholdChange(self.household_id, self.read_seq, self.read_head, [event], row).apply(tx)


def erased_rows(conn: Connection, table: Table, owner: Any, owner_id: int) -> list[tuple[int, str, str | None]]:
    """The events of one history that still hold sealed values, as erasure leaves them (id, details, sealed)."""
    rows = []
    for row in conn.execute(select(table.c.id, table.c.details, table.c.sealed)
                            .where(owner == owner_id, table.c.sealed.is_not(None))):
        details, sealed, count = erase(row.details, row.sealed)
        if count:
            rows.append((row.id, details, sealed))
    return rows


def old_events(conn: Connection, table: Table, owner: Any, owner_id: int) -> list[StoredEvent]:
    """The events of one history sealed before version 3 (details hashed in clear) that hold personal values."""
    states = (table.c.from_state, table.c.to_state) if "from_state" in table.c else (null(), null())
    found = []
    for r in conn.execute(select(table.c.id, table.c.seq, table.c.at, table.c.actor, table.c.kind, *states,
                                 table.c.details, table.c.prev_hash, table.c.hash, table.c.hash_version)
                          .where(owner == owner_id, table.c.sealed.is_(None),
                                 or_(table.c.hash_version.is_(None), table.c.hash_version < 3))
                          .order_by(table.c.seq)):
        if personal_paths(r.kind, json.loads(r.details)):
            found.append(StoredEvent(owner_id, r.seq, stamp(from_db_time(r.at)), r.actor, r.kind, r[5], r[6],
                                     r.details, r.prev_hash, r.hash, r.id, r.hash_version))
    return found


def erased_old_rows(conn: Connection, table: Table, owner: Any,
                    owner_id: int) -> tuple[list[tuple[int, str, str | None]], dict[str, str]]:
    """The old events of one history as erasure leaves them, and what the `erased` event records to vouch for
    them (their own hashes cannot any more: `states.commitments.attestation`)."""
    rows, attestations = [], []
    for ev in old_events(conn, table, owner, owner_id):
        salted = json.dumps([[path, "s", secrets.token_hex(SALT_BYTES)]
                             for path in personal_paths(ev.kind, json.loads(ev.details))])
        details, sealed, _count = erase(ev.details, salted)
        attestation = ev._replace(details=details, sealed=sealed).attestation()
        assert attestation is not None
        rows.append((ev.id or 0, details, sealed))
        attestations.append(attestation)
    return rows, {"attested": attest(attestations)} if attestations else {}


def rewrite_history_rows(conn: Connection, table: Table, rows: list[tuple[int, str, str | None]]) -> None:
    """The one place a written history row changes: an event's details and sealed column, as erasure leaves
    them (its hash, link and everything else stay). On a PostgreSQL database `rto init` secured, history rows
    are append-only for every login, and this goes through the retention job's own function
    (`workflow.pg_security.erase_history`)."""
    if rows:
        ids, details, sealed = zip(*rows, strict=True)
        if pg_security.erase_history(conn, table.name, ids, details, sealed) != len(rows):
            raise RuntimeError(f"retention: not every row of {table.name} was erased")


def _erase_decisions(conn: Connection, case_id: int) -> None:
    for row in conn.execute(select(decisions_t.c.id, decisions_t.c.content, decisions_t.c.note)
                            .where(decisions_t.c.case_id == case_id)).all():
        conn.execute(update(decisions_t).where(decisions_t.c.id == row.id).values(
            content=placeholder(row.content), reasons="", note=placeholder(row.note)))


def mails_about(conn: Connection, household_id: int, case_ids: list[int]) -> list[int]:
    """The outbox rows about a household: those of its cases, and the team's digests that list it."""
    ids = list(conn.execute(select(outbox_t.c.id).where(outbox_t.c.case_id.in_(case_ids))).scalars()) if case_ids \
        else []
    listed = re.compile(rf"rto household show {household_id}\b")
    for row in conn.execute(select(outbox_t.c.id, outbox_t.c.body_text)
                            .where(outbox_t.c.case_id.is_(None), outbox_t.c.kind == "reassessment")):
        if listed.search(row.body_text):
            ids.append(row.id)
    return ids


def _erase_mails(conn: Connection, household_id: int, case_ids: list[int]) -> None:
    ids = mails_about(conn, household_id, case_ids)
    if ids:
        conn.execute(update(outbox_t).where(outbox_t.c.id.in_(ids)).values(
            subject="", body_text="", body_html="", mime="", address="", last_error=None))


def overview_rows(conn: Connection, household_id: int) -> int:
    """How many rows of the overview still hold the household's personal data: its dated figures, its
    assessments' amounts and calculations, and its outreach's notes."""
    found = sum(1 for (figures,) in conn.execute(select(figures_t.c.figures)
                                                 .where(figures_t.c.household_id == household_id))
                if json.loads(figures) != erase_figures(json.loads(figures)))
    found += sum(1 for (calculation,) in conn.execute(select(assessments_t.c.calculation)
                                                      .where(assessments_t.c.household_id == household_id))
                 if json.loads(calculation) != erase_calculation(json.loads(calculation)))
    found += len(conn.execute(select(contacts_t.c.id).where(contacts_t.c.household_id == household_id,
                                                           contacts_t.c.note.is_not(None))).all())
    return found


def _erase_overview(conn: Connection, household_id: int) -> str:
    """The overview's rows as erasure leaves them: each dated figure set and the household's own with only
    its kept figures (`states.commitments.erase_figures`); each assessment with its day, verdict and the
    policy it used, its amounts 0 (the columns may not be empty); each outreach's outcome and day without
    its note. Returns the household row's figures."""
    for row in conn.execute(select(figures_t.c.id, figures_t.c.figures)
                            .where(figures_t.c.household_id == household_id)).all():
        conn.execute(update(figures_t).where(figures_t.c.id == row.id).values(
            figures=_json(erase_figures(json.loads(row.figures)))))
    for row in conn.execute(select(assessments_t.c.id, assessments_t.c.calculation)
                            .where(assessments_t.c.household_id == household_id)).all():
        conn.execute(update(assessments_t).where(assessments_t.c.id == row.id).values(
            monthly_available=0, max_loan=0, max_price=0,
            calculation=_json(erase_calculation(json.loads(row.calculation)))))
    conn.execute(update(contacts_t).where(contacts_t.c.household_id == household_id).values(note=None))
    figures = conn.execute(select(households_t.c.figures).where(households_t.c.id == household_id)).scalar_one()
    return _json(erase_figures(json.loads(figures)))


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True)
