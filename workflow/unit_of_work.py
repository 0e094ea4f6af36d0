"""Optimistic concurrency for every change to a case: read, decide, then write only if nothing moved.

The decision is made on the case as one statement read it; the write transaction then applies it with a
conditional UPDATE that passes only if the case's history is still where the decision saw it (every change
appends to the history). If another caseworker changed the case in between (its version moved), nothing is
written and the caller gets a `Conflict` (exit 6); if only the history moved (a note, a reminder), or the
change does not depend on what was read (a note), it is simply decided again on the fresh case.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection

from states.errors import Conflict
from states.roles import Actor, require_active
from workflow.bootstrap import App
from workflow.database import STATEMENTS, WRITE
from workflow.repository import CaseSnapshot, Change, current_version, load_actor_and_case, write_change

Decide = Callable[[Connection, CaseSnapshot, Actor], Change]
_TRIES = 5


def change_case(app: App, case_id: int, login: str, decide: Decide,
                expected_version: int | None = None) -> tuple[CaseSnapshot, Change]:
    """Run `decide` on a fresh snapshot of the case and write what it returns, in one transaction.

    Returns the snapshot the change was based on and the change; raises the change's refusal after
    writing it (a refused attempt is recorded), and `Conflict` when someone else got there first.
    """
    db = app.db
    with db.unit_connection() as conn:  # one connection for both phases
        for _ in range(_TRIES):
            # The decision rests on the case row, read in one statement: no transaction is needed around it.
            db.set_mode(conn, STATEMENTS)
            actor, snap = load_actor_and_case(conn, login, case_id)
            require_active(actor)
            if expected_version is not None and snap.version != expected_version:
                raise Conflict("conflict", case=case_id, expected=expected_version, actual=snap.version)
            change = decide(conn, snap, actor)
            db.end_reads(conn)  # the write below starts afresh
            if not change.events:
                return snap, change
            now = app.now()
            # the next review works out what is due now (the UPDATE only ever moves the day earlier)
            change.case_values["review_due_on"] = app.local(now).date()
            with db.transaction(conn, WRITE):
                if write_change(conn, snap, change, login, now):
                    break
                now_version = current_version(conn, case_id)
            if change.needs_version and now_version != snap.version:
                raise Conflict("conflict", case=case_id, expected=snap.version, actual=now_version)
        else:
            raise Conflict("conflict", case=case_id, expected=snap.version, actual=snap.version)
    if change.refusal is not None:
        raise change.refusal
    return snap, change
