"""The case history: its events, their hash chain, and how a history is verified.

Each event's hash covers its own content and its predecessor's hash, and the case row keeps the number
of events and the last hash. An edit changes a hash; a deletion, insertion or reordering breaks a link or
the count; a case row changed behind the history's back no longer matches what the history replays to.

Each event records the version of the hash formula that sealed it (`hash_version`), so that a later formula
never makes an older history fail: version 1 is the first one (commit 8041f2c, migration 0001), version 2
the one before retention, version 3 today's: version 2 over the details with each personal value replaced
by its salted commitment (`states.commitments`), so that erasing the value keeps the chain verifiable.
A row without a version (NULL: written by hand, not by rto) is taken to be version 2, the formula in
use when versions began to be recorded (migration 0005 recorded 1 or 2 for every row it found).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, NamedTuple

from states.canonical import canonical, json_string
from states.commitments import (
    ERASED_HOUSEHOLD,
    attest,
    attestation,
    attested_in,
    committed_text,
    erase_facts,
    erase_papers,
    is_erased,
    seal,
)
from states.facts import HOUSEHOLD_FACTS

GENESIS = "0" * 64
HASH_VERSION = 3  # the formula `chain` seals new events with
UNVERSIONED = 2  # what an event without a recorded version is taken to be


class EventKind(StrEnum):
    OPENED = "opened"
    FACT_RECORDED = "fact_recorded"
    NOTE = "note"
    TRANSITION = "transition"
    REFUSED = "refused"
    OVERRIDE = "override"
    PAUSED = "paused"
    RESUMED = "resumed"
    CLOSED = "closed"
    REOPENED = "reopened"
    CORRECTION = "correction"
    ASSIGNED = "assigned"
    CONTINUED = "continued"  # a supervisor decided to go on with a case past the horizon
    HOUSEHOLD_CHANGED = "household_changed"  # its household's members changed (their own history has it)
    PAPER = "paper"  # a paper of the checklist received, waived or missing again
    DECISION_PROPOSED = "decision_proposed"
    DECISION_APPROVED = "decision_approved"
    DECISION_REJECTED = "decision_rejected"
    REMINDER_QUEUED = "reminder_queued"
    REMINDER_SENT = "reminder_sent"
    REMINDER_FAILED = "reminder_failed"
    ERASED = "erased"  # retention erased the personal data of the case's household (counts only)


def stamp(at: datetime) -> str:
    return at.isoformat(timespec="microseconds")


@dataclass(frozen=True)
class NewEvent:
    """An event a change appends: what happened, the move it made (if any), and what it says."""

    kind: str
    from_state: str | None = None
    to_state: str | None = None
    details: dict[str, Any] = field(default_factory=dict)


class Event(NamedTuple):
    """One event as a change writes it: `details` is canonical JSON text, `at` an aware UTC time.
    (A named tuple: a transition makes one, and it costs a third of a frozen dataclass.)"""

    case_id: int
    seq: int
    at: datetime
    actor: str
    kind: str
    from_state: str | None
    to_state: str | None
    details: str
    prev_hash: str
    hash: str
    id: int | None = None
    hash_version: int | None = HASH_VERSION
    sealed: str | None = None  # the salts of its personal values (states.commitments)


class StoredEvent(NamedTuple):
    """One event as verification reads it back: `at` is its time as the hash covers it (`stamp`: UTC, to the
    microsecond, which sorts as the times do), so that a verify of millions of events never parses a time."""

    case_id: int
    seq: int
    at: str
    actor: str
    kind: str
    from_state: str | None
    to_state: str | None
    details: str
    prev_hash: str
    hash: str
    id: int | None = None
    hash_version: int | None = None
    sealed: str | None = None

    def attestation(self) -> str | None:
        """(For an event sealed before version 3 whose values were erased: see `states.commitments`.)"""
        head = [self.case_id, self.seq, self.at, self.actor, self.kind, self.from_state, self.to_state,
                self.prev_hash, self.hash, self.hash_version]
        return attestation(head, self.details, self.sealed or "[]")

    @property
    def erased_before_v3(self) -> bool:
        return self.sealed is not None and (UNVERSIONED if self.hash_version is None else self.hash_version) < 3

    def computed_hash(self) -> str | None:
        """The hash by the formula the event records (None: a version rto does not know, or sealed values
        that are not what was sealed)."""
        version = UNVERSIONED if self.hash_version is None else self.hash_version
        if version == 3:
            try:
                details = committed_text(self.details, self.sealed)
            except (ValueError, KeyError, TypeError, IndexError):
                return None
            return _version_2(self.case_id, self.seq, self.at, self.actor, self.kind, self.from_state,
                              self.to_state, details, self.prev_hash)
        if self.sealed is not None:  # erased after sealing by an older formula: `verify_case` checks its
            return self.hash if is_erased(self.sealed) else None  # attestation instead (states.commitments)
        formula = _FORMULAS.get(version)
        if formula is None:
            return None
        return formula(self.case_id, self.seq, self.at, self.actor, self.kind, self.from_state, self.to_state,
                       self.details, self.prev_hash)


def _version_2(case_id: int, seq: int, stamped: str, actor: str, kind: str, from_state: str | None,
               to_state: str | None, details: str, prev_hash: str) -> str:
    # canonical([case_id, seq, stamped, actor, kind, from_state, to_state, prev_hash]), written out with the
    # encoder's own string function: a third of the cost, which a verify of millions of events feels
    head = (f"[{case_id!r},{seq!r},{_json(stamped)},{_json(actor)},{_json(kind)},{_json(from_state)},"
            f"{_json(to_state)},{_json(prev_hash)}]")
    return hashlib.sha256(f"{head}\x1f{details}".encode()).hexdigest()


def _json(text: str | None) -> str:
    return "null" if text is None else json_string(text)




def _version_1(case_id: int, seq: int, stamped: str, actor: str, kind: str, from_state: str | None,
               to_state: str | None, details: str, prev_hash: str) -> str:
    body = canonical([case_id, seq, stamped, actor, kind, from_state, to_state, details, prev_hash])
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def event_hash(case_id: int, seq: int, at: datetime, actor: str, kind: str, from_state: str | None,
               to_state: str | None, details: str, prev_hash: str) -> str:
    """Version 2, today's: the short fields as a JSON array (so None and "" differ), then the details text as
    stored, hashed as it is rather than escaped again inside the array."""
    return _version_2(case_id, seq, stamp(at), actor, kind, from_state, to_state, details, prev_hash)


def event_hash_v1(case_id: int, seq: int, at: datetime, actor: str, kind: str, from_state: str | None,
                  to_state: str | None, details: str, prev_hash: str) -> str:
    """Version 1, the first formula (commit 8041f2c): every field in one JSON array, the details text as a
    JSON string inside it, before the predecessor's hash."""
    return _version_1(case_id, seq, stamp(at), actor, kind, from_state, to_state, details, prev_hash)


def event_hash_v3(case_id: int, seq: int, at: datetime, actor: str, kind: str, from_state: str | None,
                  to_state: str | None, details: str, prev_hash: str, sealed: str | None = None) -> str:
    """Version 3, today's: version 2 over the details as committed (`states.commitments.committed_text`):
    each personal value replaced by its salted commitment, so that the value may be erased later."""
    return _version_2(case_id, seq, stamp(at), actor, kind, from_state, to_state,
                      committed_text(details, sealed), prev_hash)


HASH_FORMULAS: dict[int, Any] = {1: event_hash_v1, 2: event_hash, 3: event_hash_v3}  # once released, never changed
_FORMULAS = {1: _version_1, 2: _version_2}  # the same, over the time as stamped


def chain(case_id: int, head_seq: int, head_hash: str, at: datetime, actor: str,
          items: Iterable[NewEvent]) -> list[Event]:
    """The stored events for `items`, linked after the case's current head, sealed with today's formula."""
    events: list[Event] = []
    seq, prev, stamped = head_seq, head_hash, stamp(at)
    for item in items:
        seq += 1
        text, sealed, committed = seal(item.kind, item.details)  # = event_hash_v3, details encoded once
        digest = _version_2(case_id, seq, stamped, actor, item.kind, item.from_state, item.to_state, committed,
                            prev)
        events.append(Event(case_id, seq, at, actor, item.kind, item.from_state, item.to_state, text, prev, digest,
                            hash_version=HASH_VERSION, sealed=sealed))
        prev = digest
    return events


@dataclass(frozen=True)
class CaseRecord:
    """What the case row claims, to be checked against its history."""

    case_id: int
    state: str
    caseworker: str | None
    facts: dict[str, Any]
    history_seq: int
    history_head: str
    paused_from: str | None = None
    closed_outcome: str | None = None
    household_id: int | None = None
    papers: dict[str, Any] = field(default_factory=dict)
    decisions: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Break:
    """The first place a history does not verify."""

    case_id: int
    seq: int | None
    event_id: int | None
    problem: str  # a message code: history_edited, _gap, _order, _link, _replay, _unreadable, _tail, _orphan,
    # case_row_altered, household_row_altered; against checkpoints (states/checkpoints.py):
    # history_truncated, _rewritten, case_deleted, case_not_sealed, event_not_sealed
    params: dict[str, Any] = field(default_factory=dict)


# Kinds that move the case, as the plain strings the table stores.
MOVE_KINDS = tuple(k.value for k in (EventKind.TRANSITION, EventKind.OVERRIDE, EventKind.PAUSED,
                                     EventKind.RESUMED, EventKind.CLOSED, EventKind.REOPENED,
                                     EventKind.CORRECTION, EventKind.OPENED))
_MOVES = set(MOVE_KINDS)


def verify_case(record: CaseRecord, events: Iterable[StoredEvent],
                household: dict[str, Any] | None = None) -> Break | None:
    """Check one case's events (in stored order) against their chain and against the case row. With
    `household`, fill it with the household's facts as this case's history leaves them."""
    prev, expected = GENESIS, 1
    replay = _Replay(household if household is not None else {})
    last: StoredEvent | None = None
    unrecorded: StoredEvent | None = None  # an event whose values were erased, before any record of erasure
    attested: list[str] = []  # the attestations of old events erased since the last `erased` event
    for ev in events:
        if ev.seq != expected:
            problem = "history_gap" if ev.seq > expected else "history_order"
            return Break(record.case_id, ev.seq, ev.id, problem, {"expected": expected})
        if unrecorded is None and is_erased(ev.sealed):
            unrecorded = ev
        elif ev.kind == EventKind.ERASED:
            unrecorded = None
            if attest(attested) != attested_in(ev.details):
                return Break(record.case_id, ev.seq, ev.id, "history_attestation")
            attested = []
        if ev.erased_before_v3:
            vouched = ev.attestation()
            if vouched is None:
                return Break(record.case_id, ev.seq, ev.id, "history_edited")
            attested.append(vouched)
        if ev.computed_hash() != ev.hash:  # (an unknown formula version too: rto writes only those it knows)
            return Break(record.case_id, ev.seq, ev.id, "history_edited")
        if ev.prev_hash != prev:
            return Break(record.case_id, ev.seq, ev.id, "history_link")
        try:
            follows = replay.apply(ev)
        except (ValueError, KeyError, TypeError, AttributeError):  # details that are not what we wrote
            return Break(record.case_id, ev.seq, ev.id, "history_unreadable")
        if not follows:
            return Break(record.case_id, ev.seq, ev.id, "history_replay",
                         {"source": ev.from_state, "target": ev.to_state})
        prev, expected, last = ev.hash, expected + 1, ev
    if expected - 1 != record.history_seq or prev != record.history_head:
        seq = last.seq if last else None
        return Break(record.case_id, seq, last.id if last else None, "history_tail",
                     {"found": expected - 1, "claimed": record.history_seq})
    if unrecorded is not None:
        return Break(record.case_id, unrecorded.seq, unrecorded.id, "history_erased_unrecorded")
    claimed = {"state": record.state, "caseworker": record.caseworker, "facts": record.facts,
               "paused_from": record.paused_from, "closed_outcome": record.closed_outcome,
               "papers": record.papers, "decisions": record.decisions}
    for what, value in claimed.items():
        if getattr(replay, what) != value:
            return Break(record.case_id, None, None, "case_row_altered", {"what": what})
    return None


class _Replay:
    """What a case row must say, rebuilt from its events alone."""

    def __init__(self, household: dict[str, Any]) -> None:
        self.household = household
        self.state: str | None = None
        self.caseworker: str | None = None
        self.facts: dict[str, Any] = {}
        self.paused_from: str | None = None
        self.closed_outcome: str | None = None
        self.papers: dict[str, Any] = {}
        self.decisions: dict[str, str] = {}

    def apply(self, ev: StoredEvent) -> bool:
        """Take in one event; False when it cannot follow what came before (a move from elsewhere)."""
        details = json.loads(ev.details)
        if ev.kind != EventKind.OPENED and ev.kind in _MOVES and ev.from_state != self.state:
            return False
        if ev.kind == EventKind.RESUMED and ev.to_state != self.paused_from:
            return False
        if ev.kind in _MOVES and ev.to_state is not None:
            self.state = ev.to_state
            self.paused_from = ev.from_state if ev.kind == EventKind.PAUSED else None
            self.closed_outcome = details.get("outcome") if ev.to_state == "closed" else None
        if ev.kind == EventKind.OPENED:
            self.caseworker = details.get("caseworker")
            self.household.update({k: details[k] for k in HOUSEHOLD_FACTS if k in details})
        elif ev.kind == EventKind.ASSIGNED:
            self.caseworker = details.get("to")
        elif ev.kind == EventKind.FACT_RECORDED and details.get("scope") == "household":
            self.household[details["fact"]] = details.get("new")
        elif ev.kind == EventKind.FACT_RECORDED and details.get("scope") == "case":
            if details.get("new") is None:
                self.facts.pop(details["fact"], None)
            else:
                self.facts[details["fact"]] = details["new"]
        elif ev.kind == EventKind.PAPER:
            if details.get("new") is None:
                self.papers.pop(details["paper"], None)
            else:
                self.papers[details["paper"]] = details["new"]
        elif ev.kind in _DECISION_STATUS:
            self.decisions[details["kind"]] = _DECISION_STATUS[ev.kind]
        elif ev.kind == EventKind.REOPENED:
            self.decisions = {}
        elif ev.kind == EventKind.ERASED:  # retention: what is left of the facts and papers, and the household
            self.facts, self.papers = erase_facts(self.facts), erase_papers(self.papers)
            self.household.update(ERASED_HOUSEHOLD)
        return True


_DECISION_STATUS: dict[str, str] = {EventKind.DECISION_PROPOSED.value: "proposed",
                                    EventKind.DECISION_APPROVED.value: "approved",
                                    EventKind.DECISION_REJECTED.value: "rejected"}
