"""`rto household import`: the tenant register imported and re-imported, all rows or none.

A household is known by the register's id (`external_id`): a row of a new id registers a household, a row of
a known one updates what changed (each change, old and new, in the household's history, by whoever imported,
"import of FILE"), and an unchanged row writes nothing. A household of an earlier import that the file lacks
is reported, never deleted. Every row is checked before anything is written; one bad row and nothing is.

The writes go in one transaction, in batches (one statement for many rows), so a register of ten thousand
households imports in seconds; a re-import of an unchanged file reads the register once and writes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update

from states.history import GENESIS, NewEvent, chain
from states.household_history import HouseholdEventKind
from states.roles import Role, require_role
from workflow import unit_of_work
from workflow.bootstrap import App
from workflow.identity import masked
from workflow.register_file import BadRows, RegisterRow, parse_maps, read_register
from workflow.repository import household_event_row
from workflow.results_overview import AbsentHousehold, ImportChange, Imported
from workflow.schema import household_events as household_events_t
from workflow.schema import household_figures as figures_t
from workflow.schema import households as households_t
from workflow.schema import identity_lookup as lookup_t
from workflow.unit_of_work import Plan, Work
from workflow.writes import Stale, Transaction

_CHUNK = 500  # identity hashes asked for in one statement
_READ = (households_t.c.id, households_t.c.external_id, households_t.c.name, households_t.c.email,
         households_t.c.municipal_unit, households_t.c.adults, households_t.c.children, households_t.c.child_ages,
         households_t.c.tenant_since, households_t.c.figures, households_t.c.identity_numbers,
         households_t.c.history_seq, households_t.c.history_head)


@dataclass(frozen=True)
class _New:
    row: dict[str, Any]
    event: NewEvent
    figures: dict[str, Any] | None
    hashes: list[str]


@dataclass(frozen=True)
class _Update:
    household_id: int
    read_seq: int
    read_head: str
    values: dict[str, Any]
    event: NewEvent
    figures: dict[str, Any] | None
    hashes: list[str] | None  # the new identity hashes, when they changed


def import_register(app: App, login: str, path: str, maps: Sequence[str] = (), dry_run: bool = False,
                    progress: Callable[[int], None] | None = None) -> Imported:
    """Import a register file: every row checked first; then all of it in one transaction, or none."""
    mapping = parse_maps(maps)
    register = read_register(path, mapping, app.settings.identity.accept_synthetic, progress)
    vault = app.identity_vault
    source = f"import of {Path(path).name}"
    hashes = {r.line: [vault.lookup_hash(n.number) for n in r.nins] for r in register.rows if r.nins is not None}

    def decide(work: Work) -> Plan[Imported]:
        require_role(work.actor(), Role.CASEWORKER, Role.SUPERVISOR)
        today = work.today
        known = {r.external_id: r for r in work.conn.execute(select(*_READ).where(
            households_t.c.external_id.is_not(None)))}
        held = _holders(work, [h for hs in hashes.values() for h in hs])
        problems = [p for r in register.rows for p in r.problems]
        for r in register.rows:
            own = known.get(r.external_id)
            for number, h in zip(r.nins or [], hashes.get(r.line, []), strict=True):
                if h in held and (own is None or held[h] != own.id):
                    problems.append({"line": r.line, "column": _column(register.columns, "nin"),
                                     "problem": "import_nin_registered", "value": number.number[:6] + "*****",
                                     "household": held[h]})
        if problems:
            raise BadRows(path, sorted(problems, key=lambda p: p["line"]))
        creates: list[_New] = []
        updates: list[_Update] = []
        changed: list[ImportChange] = []
        unchanged = 0
        for r in register.rows:
            own = known.get(r.external_id)
            if own is None:
                creates.append(_new(app, r, hashes.get(r.line, []), source, today))
                continue
            update_ = _update(app, own, r, hashes.get(r.line), source, today)
            if update_ is None:
                unchanged += 1
            else:
                updates.append(update_)
                changed.append(ImportChange(own.id, r.external_id, update_.event.details["changes"]))
        in_file = {r.external_id for r in register.rows}
        absent = [AbsentHousehold(k.id, k.external_id, k.name) for k in known.values() if k.external_id not in in_file]
        result = Imported(path, len(creates), len(updates), unchanged, sorted(absent, key=lambda a: a.id), dry_run,
                          register.ignored, changed)
        if dry_run or not (creates or updates):
            return Plan(result)
        return Plan(result, [RegisterWrite(creates, updates, source)])

    return unit_of_work.run(app, login, decide)


def _column(columns: list[str], name: str) -> str:
    return name if name in columns else "–"


def _holders(work: Work, wanted: list[str]) -> dict[str, int]:
    """Which household holds each identity hash already (by its keyed hash: nothing decrypted)."""
    found: dict[str, int] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start:start + _CHUNK]
        for h, household in work.conn.execute(select(lookup_t.c.hash, lookup_t.c.household_id)
                                              .where(lookup_t.c.hash.in_(chunk))):
            found[h] = household
    return found


def _figures(r: RegisterRow, today: date, before: dict[str, Any] | None = None) -> dict[str, Any]:
    kept = {k: v for k, v in (before or {}).items() if k != "on"}
    return {**kept, **r.figures, "on": today.isoformat()}


def _new(app: App, r: RegisterRow, hashes: list[str], source: str, today: date) -> _New:
    stored = [app.identity_vault.seal(n) for n in r.nins or []]
    values = {"name": r.external_id, "email": None, "municipal_unit": None, "adults": 1, "children": 0,
              "child_ages": [], "tenant_since": None, **r.values}
    figures = _figures(r, today) if r.figures else None
    row = {**values, "external_id": r.external_id, "child_ages": json.dumps(values["child_ages"]),
           "tenant_since": date.fromisoformat(values["tenant_since"]) if values["tenant_since"] else None,
           "identity_numbers": json.dumps(stored), "figures": json.dumps(figures or {}), "email_consent": False}
    details = {**{k: v for k, v in values.items() if k != "name"}, "external_id": r.external_id, "source": source,
               "identity_numbers": [masked(n) for n in stored], "figures": figures}
    return _New(row, NewEvent(HouseholdEventKind.REGISTERED.value, details=details), figures, hashes)


def _update(app: App, own: Any, r: RegisterRow, hashes: list[str] | None, source: str,
            today: date) -> _Update | None:
    """What the row changes of the household as it is, or None when nothing."""
    before = {"name": own.name, "email": own.email, "municipal_unit": own.municipal_unit, "adults": own.adults,
              "children": own.children, "child_ages": json.loads(own.child_ages),
              "tenant_since": own.tenant_since.isoformat() if own.tenant_since else None}
    changes = {k: {"old": before[k], "new": v} for k, v in r.values.items() if before[k] != v}
    old_figures = json.loads(own.figures)
    figure_changes = {k: {"old": old_figures.get(k), "new": v} for k, v in r.figures.items()
                      if old_figures.get(k) != v}
    stored_numbers = json.loads(own.identity_numbers)
    new_hashes = None
    values = {k: c["new"] for k, c in changes.items()}
    if hashes is not None and sorted(n.get("kh", "") for n in stored_numbers) != sorted(hashes):
        kept = {n["kh"]: n for n in stored_numbers if n.get("kh") in hashes}
        sealed = [kept.get(h) or app.identity_vault.seal(n) for h, n in zip(hashes, r.nins or [], strict=True)]
        changes["nin"] = {"old": [masked(n) for n in stored_numbers], "new": [masked(n) for n in sealed]}
        values["identity_numbers"] = json.dumps(sealed)
        new_hashes = hashes
    if not changes and not figure_changes:
        return None
    figures = None
    if figure_changes:
        figures = _figures(r, today, old_figures)
        values["figures"] = json.dumps(figures)
        changes.update(figure_changes)
    if "child_ages" in values:
        values["child_ages"] = json.dumps(values["child_ages"])
    if "tenant_since" in values and values["tenant_since"] is not None:
        values["tenant_since"] = date.fromisoformat(values["tenant_since"])
    event = NewEvent(HouseholdEventKind.IMPORTED.value, details={"source": source, "external_id": r.external_id,
                                                                  "changes": changes})
    return _Update(own.id, own.history_seq, own.history_head, values, event, figures, new_hashes)


@dataclass(frozen=True)
class RegisterWrite:
    """The import's households created and updated, their histories, figures and identity lookups, in
    batches; an updated household must still be where the import read it (else decide again)."""

    creates: Sequence[_New]
    updates: Sequence[_Update]
    source: str

    def apply(self, tx: Transaction) -> Stale | None:
        conn = tx.conn
        events: list[dict[str, Any]] = []
        figures: list[dict[str, Any]] = []
        lookups: list[dict[str, Any]] = []
        if self.creates:
            rows = [{**c.row, "created_at": tx.now, "created_by": tx.actor} for c in self.creates]
            ids = [r.id for r in conn.execute(insert(households_t).returning(households_t.c.id,
                                                                             sort_by_parameter_order=True), rows)]
            heads = []
            for household_id, c in zip(ids, self.creates, strict=True):
                event = chain(household_id, 0, GENESIS, tx.now, tx.actor, [c.event])[0]
                events.append(household_event_row(event))
                heads.append({"b_id": household_id, "b_seq": event.seq, "b_head": event.hash})
                figures += _figure_rows(household_id, c.figures, self.source, tx)
                lookups += [{"hash": h, "household_id": household_id, "member_id": None} for h in c.hashes]
            conn.execute(update(households_t).where(households_t.c.id == bindparam("b_id"))
                         .values(history_seq=bindparam("b_seq"), history_head=bindparam("b_head")), heads)
        for u in self.updates:
            event = chain(u.household_id, u.read_seq, u.read_head, tx.now, tx.actor, [u.event])[0]
            moved = conn.execute(update(households_t).where(households_t.c.id == u.household_id,
                                                            households_t.c.history_seq == u.read_seq)
                                 .values({**u.values, "history_seq": event.seq, "history_head": event.hash}))
            if moved.rowcount != 1:
                return Stale()
            events.append(household_event_row(event))
            figures += _figure_rows(u.household_id, u.figures, self.source, tx)
            if u.hashes is not None:
                conn.execute(delete(lookup_t).where(lookup_t.c.household_id == u.household_id,
                                                    lookup_t.c.member_id.is_(None)))
                lookups += [{"hash": h, "household_id": u.household_id, "member_id": None} for h in u.hashes]
        for table, rows in ((household_events_t, events), (figures_t, figures), (lookup_t, lookups)):
            if rows:
                conn.execute(insert(table), rows)
        return None



def _figure_rows(household_id: int, figures: dict[str, Any] | None, source: str,
                 tx: Transaction) -> list[dict[str, Any]]:
    if figures is None:
        return []
    return [{"household_id": household_id, "recorded_on": date.fromisoformat(figures["on"]),
             "figures": json.dumps(figures, sort_keys=True), "source": source, "recorded_at": tx.now,
             "recorded_by": tx.actor}]
