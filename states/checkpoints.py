"""Checkpoints: what a seal commits to about every history, and checking the histories against them.

A checkpoint commits to every case's chain by its length and head (the hash of its last event): a Merkle
root (RFC 6962, `states/merkle.py`) over one leaf per case, `b"<case id>:<length>:<head>"` in case-id
order, signed with Ed25519. The signature covers the format, the time, the number of cases and events,
the root, the previous checkpoint's hash (so that checkpoints chain too) and the signing key's fingerprint.
The checkpoint file holds one JSON line per checkpoint: those fields, the signature, and the leaves that
changed since the checkpoint before (`changes`, by case id), so that every checkpoint's leaves can be
rebuilt from the file and checked against its root, at the cost of what changed, not of every case again.

Format 2 commits to every household's own history too (members, registration: `household_events`), the same
way in a second tree: `household_root` over one leaf per household, `b"household <id>:<length>:<head>"`,
with `households` and `household_events` counted and `household_changes` listed; all of it signed. Format 1
lines (cases only) still verify as they were signed; the first format-2 checkpoint after them seals every
household, and a format-1 checkpoint after a format-2 one is refused (it would stop sealing households).

A history agrees with the checkpoints when, for every checkpoint that sealed its case at length n, it has
at least n events and its n-th event's hash (the head after it) is the one sealed; when every sealed case
is still there; and when no event claims a time before a checkpoint that did not include it (an inserted
case, or an event backdated into a sealed past), give or take the clock tolerance: a change decided just
before a seal may commit just after it, and clocks of several machines differ a little.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from operator import itemgetter
from typing import Any, NamedTuple

from states.canonical import canonical
from states.history import GENESIS, Break, StoredEvent, stamp
from states.merkle import EMPTY_ROOT, MerkleTree, leaf_hash

FORMAT = 2  # what a seal writes now; FORMATS: what verify reads
FORMATS = (1, 2)
SIGNED_PREFIX = b"rto checkpoint\n"  # what is signed: this, then the canonical JSON of the signed fields
Leaf = tuple[int, int, str]  # case id, length, head


def leaf(case_id: int, length: int, head: str) -> bytes:
    return f"{case_id}:{length}:{head}".encode()


def household_leaf(household_id: int, length: int, head: str) -> bytes:
    return f"household {household_id}:{length}:{head}".encode()


@dataclass(frozen=True)
class Checkpoint:
    at: datetime
    cases: int
    events: int
    root: str  # hex
    prev: str  # the previous checkpoint's hash (its line's SHA-256), or GENESIS for the first
    key: str  # the fingerprint of the public key that verifies the signature
    changes: tuple[Leaf, ...]
    signature: str = ""  # base64
    households: int = 0  # format 2: every household's own history, in a tree of its own
    household_events: int = 0
    household_root: str = EMPTY_ROOT.hex()
    household_changes: tuple[Leaf, ...] = ()
    format: int = FORMAT

    def signed(self) -> dict[str, Any]:
        fields = {"format": self.format, "at": stamp(self.at), "cases": self.cases, "events": self.events,
                  "root": self.root, "prev": self.prev, "key": self.key}
        if self.format >= 2:
            fields.update(households=self.households, household_events=self.household_events,
                          household_root=self.household_root)
        return fields

    def message(self) -> bytes:
        """The bytes the signature is over."""
        return SIGNED_PREFIX + canonical(self.signed()).encode()

    def line(self) -> str:
        extra = {"household_changes": [list(c) for c in self.household_changes]} if self.format >= 2 else {}
        return canonical({**self.signed(), "changes": [list(c) for c in self.changes], **extra,
                          "signature": self.signature})


def line_hash(line: str) -> str:
    """A checkpoint's hash, as the next one records it: SHA-256 of its line as written."""
    return hashlib.sha256(line.encode()).hexdigest()


_HEX64 = re.compile("[0-9a-f]{64}")


def _hex64(value: Any) -> bool:
    return type(value) is str and _HEX64.fullmatch(value) is not None


def _count(value: Any) -> bool:
    return type(value) is int and value >= 0


def _leaves(changes: Any) -> tuple[Leaf, ...]:
    if type(changes) is not list:
        raise ValueError("changes must be a list")
    leaves = []
    for c in changes:
        if type(c) is not list or len(c) != 3 or not (_count(c[0]) and _count(c[1]) and _hex64(c[2])):
            raise ValueError("changes must be [case, length, head] lists")
        leaves.append((c[0], c[1], c[2]))
    return tuple(leaves)


def parse_line(text: str) -> Checkpoint:
    """A checkpoint from its line; ValueError saying what is wrong with it."""
    document = json.loads(text)
    if not isinstance(document, dict) or type(document.get("format")) is not int or document["format"] not in FORMATS:
        raise ValueError(f"not a checkpoint of format {' or '.join(map(str, FORMATS))}")
    version = document["format"]
    counts, hashes = ["cases", "events"], ["root", "prev"]
    if version >= 2:
        counts, hashes = [*counts, "households", "household_events"], [*hashes, "household_root"]
    if not all(_count(document.get(k)) for k in counts):
        raise ValueError(f"{', '.join(counts)} must be counts")
    if not all(_hex64(document.get(k)) for k in hashes) or not isinstance(document.get("key"), str):
        raise ValueError(f"{', '.join(hashes)} and key must be hashes")
    changes = _leaves(document.get("changes"))
    at = datetime.fromisoformat(str(document.get("at")))
    if at.tzinfo is None or not isinstance(document.get("signature"), str):
        raise ValueError("the time must carry its offset, and the signature be text")
    checkpoint = Checkpoint(at, document["cases"], document["events"], document["root"], document["prev"],
                            document["key"], changes, document["signature"], format=version)
    if version < 2:
        return checkpoint
    return replace(checkpoint, households=document["households"], household_events=document["household_events"],
                   household_root=document["household_root"],
                   household_changes=_leaves(document.get("household_changes")))


class Seal(NamedTuple):
    """What one checkpoint sealed of one case (recorded where it changed): the checkpoint's index (0-based)."""

    checkpoint: int
    length: int
    head: str


class SealedChains:
    """One kind of chain (cases, or households) as the checkpoints sealed it: for each chain the seals that
    changed it, the tree over every sealed chain's leaf, and the time of every checkpoint (shared)."""

    def __init__(self, times: list[datetime], make_leaf: Callable[[int, int, str], bytes] = leaf,
                 first: int = 0) -> None:
        self.times = times
        self.make_leaf = make_leaf
        self.first = first  # the first checkpoint (0-based) that sealed this kind of chain
        self.seals: dict[int, list[Seal]] = {}
        self.ids: list[int] = []  # every sealed chain, in order: the tree's leaves
        self.tree = MerkleTree()
        self.events = 0
        self._limits: tuple[tuple[timedelta, int], list[str]] | None = None

    def limits(self, tolerance: timedelta) -> list[str]:
        """For each checkpoint, the earliest time (stamped) an event it does not include may have."""
        if self._limits is None or self._limits[0] != (tolerance, len(self.times)):
            self._limits = ((tolerance, len(self.times)), [stamp((t - tolerance).astimezone(UTC)) for t in self.times])
        return self._limits[1]

    def current(self, case_id: int) -> Seal | None:
        seals = self.seals.get(case_id)
        return seals[-1] if seals else None

    def apply(self, changes: Sequence[Leaf]) -> str:
        """Take in the leaves of the next checkpoint that changed (in case-id order): its root, in hex."""
        index, new = len(self.times), []
        for case_id, length, head in changes:
            seals = self.seals.get(case_id)
            if seals is None:
                new.append((case_id, length, head))
                continue
            self.events += length - seals[-1].length
            seals.append(Seal(index, length, head))
            self.tree.set(bisect_left(self.ids, case_id), leaf_hash(self.make_leaf(case_id, length, head)))
        if new:
            self._insert(new, index)
        return self.tree.root().hex()

    def _insert(self, new: list[Leaf], index: int) -> None:
        for case_id, length, head in new:
            self.seals[case_id] = [Seal(index, length, head)]
            self.events += length
        hashes = [leaf_hash(self.make_leaf(*c)) for c in new]
        start = bisect_left(self.ids, new[0][0])  # usually the end: cases newer than any sealed before
        tail = [*zip(self.ids[start:], self.tree.levels[0][start:], strict=True),
                *zip((c[0] for c in new), hashes, strict=True)]
        if start < len(self.ids):  # a case whose id is older than others already sealed
            tail.sort()
        self.ids[start:] = [case_id for case_id, _ in tail]
        self.tree.replace_from(start, [hashed for _, hashed in tail])


class SealedHistory(SealedChains):
    """The checkpoints of a file, taken in one by one (`add`), each checked against its own roots: the time
    of each, for every case the seals that changed it, and the same of every household (`households`)."""

    def __init__(self) -> None:
        super().__init__([])
        self.households = SealedChains(self.times, household_leaf, first=sys.maxsize)
        self.last_hash = GENESIS

    def add(self, checkpoint: Checkpoint, hashed: str) -> str | None:
        """Take in the next checkpoint (its line's hash `hashed`): a message code when it does not follow the
        one before (`checkpoint_chain`), its leaves do not give its roots and counts (`checkpoint_altered`),
        or it seals no households after one that did (`checkpoint_downgraded`)."""
        if checkpoint.prev != self.last_hash:
            return "checkpoint_chain"
        if not (_ordered(checkpoint.changes) and _ordered(checkpoint.household_changes)):
            return "checkpoint_altered"  # a seal writes them in order, each case (household) once
        if checkpoint.format < 2 and self.households.first <= len(self.times):
            return "checkpoint_downgraded"
        if (self.apply(checkpoint.changes), len(self.ids), self.events) != (checkpoint.root, checkpoint.cases,
                                                                          checkpoint.events):
            return "checkpoint_altered"
        if checkpoint.format >= 2:
            households = self.households
            households.first = min(households.first, len(self.times))
            if (households.apply(checkpoint.household_changes), len(households.ids), households.events) != (
                    checkpoint.household_root, checkpoint.households, checkpoint.household_events):
                return "checkpoint_altered"
        self.times.append(checkpoint.at)
        self.last_hash = hashed
        return None


def _ordered(changes: Sequence[Leaf]) -> bool:
    ids = [c[0] for c in changes]
    return all(b > a for a, b in zip(ids, ids[1:], strict=False))


def changes_since(history: SealedChains, current: Sequence[Leaf]) -> tuple[list[Leaf], Break | None]:
    """What a new checkpoint of `current` (every case's leaf, in case-id order) records as changed, or the
    first case the database no longer has as the last checkpoint sealed it (then nothing is to be sealed)."""
    changed: list[Leaf] = []
    present = set()
    for case_id, length, head in current:
        present.add(case_id)
        seal = history.current(case_id)
        if seal is None:
            changed.append((case_id, length, head))
            continue
        if length < seal.length:
            return [], Break(case_id, length or None, None, "history_truncated",
                             {"found": length, "sealed": seal.length, **_where(history, seal.checkpoint)})
        if length == seal.length and head != seal.head:
            return [], Break(case_id, length, None, "history_rewritten",
                             {"first": 1, "last": length, **_where(history, seal.checkpoint)})
        if length != seal.length or head != seal.head:
            changed.append((case_id, length, head))
    for case_id in history.ids:
        if case_id not in present:
            return [], deleted_case(history, case_id)
    return changed, None


def _where(history: SealedChains, index: int) -> dict[str, Any]:
    return {"checkpoint": index + 1, "at": history.times[index].isoformat()}


def deleted_case(history: SealedChains, case_id: int) -> Break:
    """A case the checkpoints sealed that the database no longer has."""
    seal = history.seals[case_id][-1]
    return Break(case_id, None, None, "case_deleted", {"sealed": seal.length, **_where(history, seal.checkpoint)})


def sealed_break(history: SealedChains, case_id: int, events: Sequence[StoredEvent],
                 tolerance: timedelta) -> Break | None:
    """One case's events (in order, their chain already verified) against what the checkpoints sealed of it."""
    seals = history.seals.get(case_id, [])
    matched = 0
    for seal in seals:
        if seal.length == 0:  # a case row caught before its first event: nothing to compare
            continue
        if seal.length > len(events):
            last = events[-1] if events else None
            return Break(case_id, last.seq if last else None, last.id if last else None, "history_truncated",
                         {"found": len(events), "sealed": seal.length, **_where(history, seal.checkpoint)})
        head = events[seal.length - 1].hash if seal.length else GENESIS
        if head != seal.head:
            ev = events[seal.length - 1]
            return Break(case_id, ev.seq, ev.id, "history_rewritten",
                         {"first": matched + 1, "last": seal.length, **_where(history, seal.checkpoint)})
        matched = seal.length
    # No event may be older than the last checkpoint that did not include it: events (a, b] were first sealed
    # by seal j, so none may be older than the checkpoint before seal j's (the last one, for those not sealed).
    limits, start = history.limits(tolerance), 0
    for j in range(len(seals) + 1):
        end, before = (seals[j].length, seals[j].checkpoint - 1) if j < len(seals) else (len(events), len(limits) - 1)
        if end > start and before >= max(history.first, 0) and min(map(_AT, events[start:end])) < limits[before]:
            ev = next(e for e in events[start:end] if e.at < limits[before])  # (stamps sort as the times do)
            problem = "case_not_sealed" if not seals else "event_not_sealed"
            sealed = seals[j - 1].length if j else 0
            return Break(case_id, ev.seq, ev.id, problem, {"event_at": ev.at, "sealed": sealed,
                                                           **_where(history, before)})
        start = max(start, end)
    return None


_AT = itemgetter(2)  # a stored event's time


_HOUSEHOLD_PROBLEMS = {"history_truncated": "household_truncated", "history_rewritten": "household_rewritten",
                       "case_deleted": "household_deleted", "case_not_sealed": "household_not_sealed",
                       "event_not_sealed": "household_event_not_sealed"}


def as_household(found: Break | None) -> Break | None:
    """A break found in a household's chain (checked as a case's, its id in the case's place) as what it is:
    a household's (`case_id` 0, the household in `params`, as `states.household_history` names them)."""
    if found is None:
        return None
    return Break(0, found.seq, found.event_id, _HOUSEHOLD_PROBLEMS.get(found.problem, found.problem),
                 {"household": found.case_id, **found.params})
