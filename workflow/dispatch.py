"""The outbox dispatcher: claim due messages, send them over one connection, record what happened.

A claim is committed before the first byte goes to the SMTP server, so two dispatchers never send the
same row; a dispatcher that dies leaves its claims to expire and be taken back. Each message's outcome
is committed as soon as it is known (a unit of work: the outbox row, and the case's history), so at most
the message in flight when a dispatcher dies can go out twice, and then with the same Message-ID.

The records of outcomes commit without waiting for the disk. Should the machine itself fail before such a
record reaches the disk, the message is sent again with its Message-ID: the very outcome the design accepts
when a dispatcher dies between the server's acceptance and its commit. Never lost, only possibly repeated.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from dataclasses import replace
from datetime import timedelta
from typing import Any

from notifications.senders import DeliveryError, Sender
from states.history import EventKind, NewEvent
from states.roles import Role, require_role
from workflow import unit_of_work
from workflow.bootstrap import SYSTEM, App
from workflow.outbox import (
    FAILED,
    SERVER_BACKOFF,
    Outcome,
    claim,
    defer,
    recover,
    release,
    renew,
    status_after_failure,
    still_claimed,
)
from workflow.results import Delivery
from workflow.unit_of_work import Plan, Work
from workflow.writes import CaseChange, ChangeKind, Write

log = logging.getLogger("rto.outbox")
BATCH = 100  # messages claimed, and sent over one SMTP connection, at a time
DISPATCHERS = (Role.SUPERVISOR, Role.ADMIN, Role.SYSTEM)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def send_outbox(app: App, worker: str | None = None, batch: int = BATCH, login: str | None = None) -> Delivery:
    """Deliver every message that is due, as `login` (an active supervisor, admin or system account; None:
    the product's own, as in the demo and the scheduler's jobs): what was sent, retried later, failed."""
    if login is not None:
        with app.db.transaction() as conn:
            require_role(Work(app, conn, login).actor(), *DISPATCHERS)
    return _Dispatcher(app, worker or worker_name(), login or SYSTEM).run(batch)


class _Dispatcher:
    def __init__(self, app: App, worker: str, actor: str) -> None:
        self.app, self.worker, self.actor = app, worker, actor
        self.counts = Delivery()
        self.lease = timedelta(minutes=app.settings.scheduler.lease_minutes)

    def queue(self) -> Any:
        """A transaction of the queue's own bookkeeping (claims, hand-backs): conditional updates on the rows'
        status by construction, and not worth waiting for the disk."""
        return self.app.db.transaction(write=True, durable=False)

    def count(self, **more: int) -> None:
        self.counts = replace(self.counts, **{k: getattr(self.counts, k) + v for k, v in more.items()})

    def run(self, batch: int) -> Delivery:
        with self.queue() as conn:
            self.count(recovered=recover(conn, self.app.now(), self.lease))
        while True:
            with self.queue() as conn:
                rows = claim(conn, self.worker, self.app.now(), batch)
            if not rows or not self.send_batch(rows):
                break  # nothing more is due, or the server cannot be reached now: the rest waits
        return self.counts

    def wait(self, rows: list[Any], error: DeliveryError) -> None:
        """The server, not these messages, is the trouble (down, cut off, or a wrong password): they wait for
        the next run without an attempt charged, and the operator reads why in the log and `outbox list`."""
        if not rows:
            return
        with self.queue() as conn:
            defer(conn, [r.id for r in rows], self.worker, self.app.now() + SERVER_BACKOFF, str(error))
        self.count(retried=len(rows))
        log.warning("the mail server: %s; %d messages wait", error, len(rows))

    def send_batch(self, rows: list[Any]) -> bool:
        """Send claimed rows over one connection; False when the connection could not be made or was lost."""
        try:
            sender: Sender = self.app.sender().__enter__()
        except DeliveryError as error:
            self.wait(rows, error)
            return False
        position = 0
        try:
            for position, row in enumerate(rows):  # noqa: B007 (read in the handler below)
                if self.app.now() - row.claimed_at >= self.lease / 2 and not self.still_ours(row):
                    continue  # a slow batch outlived its lease, and another dispatcher took this one back
                try:
                    sender.send(self.app.settings.mail.from_address, row.address, row.mime)
                except DeliveryError as error:
                    self.record(row, error)
                    if error.connection_lost:  # only the message in flight is charged; the rest wait
                        self.wait(rows[position + 1:], error)
                        return False
                    continue
                except (UnicodeError, ValueError) as error:  # a message no server will ever take as it is
                    self.record(row, DeliveryError(f"{type(error).__name__}: {error}", permanent=True))
                    continue
                self.record(row, None)
        except BaseException:
            with self.queue() as conn:  # interrupted: whatever was not sent yet goes back to the queue
                release(conn, [r.id for r in rows[position:]], self.worker)
            raise
        finally:
            sender.__exit__(None, None, None)
        return True

    def still_ours(self, row: Any) -> bool:
        with self.queue() as conn:
            return renew(conn, row.id, self.worker, self.app.now())

    def record(self, row: Any, error: DeliveryError | None) -> None:
        """The message's outcome, and (sent, or failed for good) the case's history, in one unit of work."""
        status = "sent" if error is None else status_after_failure(row.attempts, error.permanent)

        def decide(work: Work) -> Plan[str | None]:
            if not still_claimed(work.conn, row.id, self.worker):
                return Plan(None)  # taken back after our lease ran out: another dispatcher records it
            writes: list[Write] = [Outcome(row.id, self.worker, row.attempts, None if error is None else str(error),
                                           bool(error and error.permanent))]
            if row.case_id is not None and status in ("sent", FAILED):
                writes.append(CaseChange(work.case(row.case_id), [self.event(row, error)], kind=ChangeKind.BOOKKEEPING))
            return Plan(status, writes)

        recorded = unit_of_work.run(self.app, self.actor, decide, durable=False)
        if recorded == "sent":
            self.count(sent=1)
        elif recorded is not None:
            self.count(**{"failed" if recorded == FAILED else "retried": 1})

    @staticmethod
    def event(row: Any, error: DeliveryError | None) -> NewEvent:
        if error is None:
            return NewEvent(EventKind.REMINDER_SENT.value, None, None,
                            {"notice": row.kind, "to": row.recipient, "message_id": row.message_id})
        return NewEvent(EventKind.REMINDER_FAILED.value, None, None,
                        {"notice": row.kind, "to": row.recipient, "error": str(error)[:500],
                         "attempts": row.attempts + 1})
