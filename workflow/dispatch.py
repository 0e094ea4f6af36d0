"""The outbox dispatcher: claim due messages, send them over one connection, record what happened.

A claim is committed before the first byte goes to the SMTP server, so two dispatchers never send the
same row; a dispatcher that dies leaves its claims to expire and be taken back. Each message's outcome
is committed as soon as it is known, so at most the message in flight when a dispatcher dies can go out
twice, and then with the same Message-ID.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection

from notifications.senders import DeliveryError
from states.history import EventKind
from workflow.bootstrap import SYSTEM, App
from workflow.database import WRITE
from workflow.outbox import FAILED, SERVER_BACKOFF, claim, defer, mark_failed, mark_sent, recover, release, renew
from workflow.repository import append_events

log = logging.getLogger("rto.outbox")
BATCH = 100  # messages claimed, and sent over one SMTP connection, at a time


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def send_outbox(app: App, worker: str | None = None, batch: int = BATCH) -> dict[str, int]:
    """Deliver every message that is due; counts of sent, retried (later, with backoff) and failed."""
    with app.db.engine.connect() as conn, app.db.relaxed_durability(conn):
        return _Dispatcher(app, conn, worker or worker_name()).run(batch)


class _Dispatcher:
    """One run: its own connection, on which the record of each outcome is committed without waiting
    for the disk. Should the machine itself fail before that record reaches the disk, the message is sent
    again with its Message-ID: the very outcome the design accepts when a dispatcher dies between the
    server's acceptance and its commit. A message is never lost this way, only possibly repeated."""

    def __init__(self, app: App, conn: Connection, worker: str) -> None:
        self.app, self.conn, self.worker = app, conn, worker
        self.counts = {"sent": 0, "retried": 0, "failed": 0, "recovered": 0}
        self.lease = timedelta(minutes=app.settings.scheduler.lease_minutes)

    def writing(self) -> Any:
        return self.app.db.transaction(self.conn, WRITE)

    def run(self, batch: int) -> dict[str, int]:
        with self.writing():
            self.counts["recovered"] = recover(self.conn, self.app.now(), self.lease)
        while True:
            with self.writing():
                rows = claim(self.conn, self.worker, self.app.now(), batch)
            if not rows or not self.send_batch(rows):
                break  # nothing more is due, or the server cannot be reached now: the rest waits
        return self.counts

    def send_batch(self, rows: list[Any]) -> bool:
        """Send claimed rows over one connection; False when no connection could be made."""
        try:
            sender = self.app.sender().__enter__()
        except DeliveryError as error:
            # The server, not these messages, is the trouble (down, or a wrong password): they wait for the
            # next run untouched, and the operator reads why in the log and in `rto outbox list`.
            with self.writing():
                defer(self.conn, [r.id for r in rows], self.worker, self.app.now() + SERVER_BACKOFF, str(error))
            self.counts["retried"] += len(rows)
            log.warning("cannot reach the mail server: %s; %d messages wait", error, len(rows))
            return False
        position = 0
        try:
            for position, row in enumerate(rows):  # noqa: B007 (read in the handler below)
                if self.app.now() - row.claimed_at >= self.lease / 2 and not self.still_ours(row):
                    continue  # a slow batch outlived its lease, and another dispatcher took this one back
                try:
                    sender.send(self.app.settings.mail.sender, row.address, row.mime)
                except DeliveryError as error:
                    self.record_failure(row, error)
                    continue
                except (UnicodeError, ValueError) as error:  # a message no server will ever take as it is
                    self.record_failure(row, DeliveryError(f"{type(error).__name__}: {error}", permanent=True))
                    continue
                self.record_sent(row)
        except BaseException:
            with self.writing():  # interrupted: whatever was not sent yet goes back to the queue
                release(self.conn, [r.id for r in rows[position:]], self.worker)
            raise
        finally:
            sender.__exit__(None, None, None)
        return True

    def still_ours(self, row: Any) -> bool:
        with self.writing():
            return renew(self.conn, row.id, self.worker, self.app.now())

    def record_sent(self, row: Any) -> None:
        now = self.app.now()
        with self.writing():
            if mark_sent(self.conn, row.id, self.worker, now) and row.case_id is not None:
                append_events(self.conn, row.case_id, SYSTEM, now, [(
                    EventKind.REMINDER_SENT.value, None, None,
                    {"notice": row.kind, "to": row.recipient, "message_id": row.message_id})])
        self.counts["sent"] += 1

    def record_failure(self, row: Any, error: DeliveryError) -> None:
        now = self.app.now()
        with self.writing():
            status = mark_failed(self.conn, row.id, self.worker, row.attempts, str(error), error.permanent, now)
            if status == FAILED and row.case_id is not None:
                append_events(self.conn, row.case_id, SYSTEM, now, [(
                    EventKind.REMINDER_FAILED.value, None, None,
                    {"notice": row.kind, "to": row.recipient, "error": str(error)[:500],
                     "attempts": row.attempts + 1})])
        self.counts["failed" if status == FAILED else "retried"] += 1
