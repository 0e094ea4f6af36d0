"""The outbox dispatcher: claim due messages, send them over one connection, record what happened.

A claim is committed before the first byte goes to the SMTP server, so two dispatchers never send the
same row; a dispatcher that dies leaves its claims to expire and be taken back. Each message's outcome
is committed as soon as it is known, so at most the message in flight when a dispatcher dies can go out
twice, and then with the same Message-ID.
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import timedelta
from typing import Any

from notifications.senders import DeliveryError
from states.history import EventKind
from workflow.bootstrap import SYSTEM, App
from workflow.outbox import FAILED, claim, mark_failed, mark_sent, recover, release, renew
from workflow.repository import append_events

BATCH = 100


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def send_outbox(app: App, worker: str | None = None, batch: int = BATCH) -> dict[str, int]:
    """Deliver every message that is due; counts of sent, retried (later, with backoff) and failed."""
    worker = worker or worker_name()
    counts = {"sent": 0, "retried": 0, "failed": 0, "recovered": 0}
    lease = timedelta(minutes=app.settings.scheduler.lease_minutes)
    with app.db.writing() as conn:
        counts["recovered"] = recover(conn, app.now(), lease)
    while True:
        with app.db.writing() as conn:
            rows = claim(conn, worker, app.now(), batch)
        if not rows:
            break
        if not _send_batch(app, worker, rows, counts, lease):
            break  # the server cannot be reached now: the rest waits for the next run
    return counts


def _still_ours(app: App, row: Any, worker: str) -> bool:
    with app.db.writing() as conn:
        return renew(conn, row.id, worker, app.now())


def _send_batch(app: App, worker: str, rows: list[Any], counts: dict[str, int], lease: timedelta) -> bool:
    """Send claimed rows over one connection; False when no connection could be made."""
    sender_address = app.settings.mail.sender
    try:
        sender = app.sender().__enter__()
    except DeliveryError as error:
        for row in rows:
            _record_failure(app, worker, row, error, counts)
        return False
    position = 0
    try:
        for position, row in enumerate(rows):  # noqa: B007 (read in the handler below)
            if app.now() - row.claimed_at >= lease / 2 and not _still_ours(app, row, worker):
                continue  # a slow batch outlived its lease, and another dispatcher has taken this one back
            try:
                sender.send(sender_address, row.address, row.mime)
            except DeliveryError as error:
                _record_failure(app, worker, row, error, counts)
                continue
            _record_sent(app, worker, row, counts)
    except BaseException:
        with app.db.writing() as conn:  # interrupted: whatever was not sent yet goes back to the queue
            release(conn, [r.id for r in rows[position:]], worker)
        raise
    finally:
        sender.__exit__(None, None, None)
    return True


def _record_sent(app: App, worker: str, row: Any, counts: dict[str, int]) -> None:
    now = app.now()
    with app.db.writing() as conn:
        if mark_sent(conn, row.id, worker, now) and row.case_id is not None:
            append_events(conn, row.case_id, SYSTEM, now, [(
                EventKind.REMINDER_SENT.value, None, None,
                {"notice": row.kind, "to": row.recipient, "message_id": row.message_id})])
    counts["sent"] += 1


def _record_failure(app: App, worker: str, row: Any, error: DeliveryError, counts: dict[str, int]) -> None:
    now = app.now()
    with app.db.writing() as conn:
        status = mark_failed(conn, row.id, worker, row.attempts, str(error), error.permanent, now)
        if status == FAILED and row.case_id is not None:
            append_events(conn, row.case_id, SYSTEM, now, [(
                EventKind.REMINDER_FAILED.value, None, None,
                {"notice": row.kind, "to": row.recipient, "error": str(error)[:500],
                 "attempts": row.attempts + 1})])
    counts["failed" if status == FAILED else "retried"] += 1
