"""The outbox: messages queued in the same transaction as the decision to send them, then delivered.

Each row has a unique key (what, for whom, which period), so queuing the same reminder twice is a no-op;
a stable Message-ID set when it is queued, so a message sent twice (a dispatcher that died between the
server's acceptance and its own commit) is recognisable as the same one; and a status: pending, sending
(claimed by a dispatcher), sent or failed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import make_msgid
from typing import Any

from sqlalchemy import Connection, and_, bindparam, func, select, update

from notifications.messages import Rendered, build_email
from states.roles import Role, require_role
from workflow import driver
from workflow.bootstrap import App
from workflow.repository import from_db_time, insert_if_absent, load_actor
from workflow.results import OutboxListing, OutboxMessage
from workflow.schema import outbox as outbox_t
from workflow.writes import Stale, Transaction

PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"
STATUSES = (PENDING, SENDING, SENT, FAILED)
# minutes to wait after the n-th temporary failure; after the last, the message is failed for good
BACKOFF_MINUTES = (1, 5, 15, 60, 180, 360, 720, 1440, 1440, 1440)  # about four days in all
SERVER_BACKOFF = timedelta(minutes=5)  # how long messages wait when the server could not be reached


@dataclass(frozen=True)
class Message:
    key: str
    kind: str
    case_id: int | None
    recipient: str
    address: str
    rendered: Rendered


def message_id(key: str, from_address: str) -> str:
    domain = from_address.rpartition("@")[2] or "localhost"
    return make_msgid(idstring=hashlib.sha256(key.encode()).hexdigest()[:16], domain=domain)


@dataclass(frozen=True)
class Enqueue:
    """A write: queue `message`, built whole here (Message-ID and all, so every attempt sends the very same
    bytes). Its key was not queued when the decision read the outbox; if another review queued it since,
    the decision is made again."""

    message: Message
    from_address: str

    def apply(self, tx: Transaction) -> Stale | None:
        m = self.message
        mid = message_id(m.key, self.from_address)
        mime = build_email(m.rendered, self.from_address, m.address, mid, tx.now)
        row = {
            "key": m.key, "kind": m.kind, "case_id": m.case_id, "recipient": m.recipient, "address": m.address,
            "subject": m.rendered.subject, "body_text": m.rendered.text, "body_html": m.rendered.html, "mime": mime,
            "message_id": mid, "status": PENDING, "attempts": 0, "next_attempt_at": tx.now, "created_at": tx.now,
        }
        return None if insert_if_absent(tx.conn, outbox_t, row, ("key",)) else Stale()


def queued_for(conn: Connection, case_ids: list[int]) -> set[str]:
    """The keys of every message ever queued about these cases (one query for a review's batch)."""
    if not case_ids:
        return set()
    return set(conn.execute(select(outbox_t.c.key).where(outbox_t.c.case_id.in_(case_ids))).scalars())


def already_queued(conn: Connection, keys: list[str]) -> set[str]:
    if not keys:
        return set()
    return set(conn.execute(select(outbox_t.c.key).where(outbox_t.c.key.in_(keys))).scalars())


def recover(conn: Connection, now: datetime, lease: timedelta) -> int:
    """Take back rows a dispatcher claimed and never finished (it died): they are sent again."""
    return conn.execute(
        update(outbox_t)
        .where(outbox_t.c.status == SENDING, outbox_t.c.claimed_at < now - lease)
        .values(status=PENDING, claimed_by=None, claimed_at=None)
    ).rowcount


def claim(conn: Connection, worker: str, now: datetime, limit: int) -> list[Any]:
    """Claim up to `limit` due rows for `worker`; no other dispatcher can claim them meanwhile."""
    due = (
        select(outbox_t.c.id)
        .where(outbox_t.c.status == PENDING, outbox_t.c.next_attempt_at <= now)
        .order_by(outbox_t.c.next_attempt_at, outbox_t.c.id)
        .limit(limit)
    )
    if conn.dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)  # two dispatchers take different rows, neither waits
    ids = list(conn.execute(due).scalars())  # on SQLite the write lock is already ours (BEGIN IMMEDIATE)
    if not ids:
        return []
    conn.execute(
        update(outbox_t)
        .where(outbox_t.c.id.in_(ids), outbox_t.c.status == PENDING)
        .values(status=SENDING, claimed_by=worker, claimed_at=now)
    )
    return list(conn.execute(select(outbox_t).where(outbox_t.c.id.in_(ids)).order_by(outbox_t.c.id)))


def _mine(row_id: int, worker: str) -> Any:
    return and_(outbox_t.c.id == row_id, outbox_t.c.status == SENDING, outbox_t.c.claimed_by == worker)


def renew(conn: Connection, row_id: int, worker: str, now: datetime) -> bool:
    """Whether the row is still ours to send (no one took it back after our lease ran out), extending it."""
    return bool(conn.execute(update(outbox_t).where(_mine(row_id, worker)).values(claimed_at=now)).rowcount)


def _mark_sent() -> Any:
    return (
        update(outbox_t)
        .where(outbox_t.c.id == bindparam("b_id"), outbox_t.c.status == SENDING,
               outbox_t.c.claimed_by == bindparam("b_worker"))
        .values(status=SENT, sent_at=bindparam("b_now"), attempts=outbox_t.c.attempts + 1, last_error=None)
    )


def mark_sent(conn: Connection, row_id: int, worker: str, now: datetime) -> bool:
    """The row was accepted by the server. (Once per message, the dispatcher's hot path: on the driver's
    cursor, as `workflow.driver` says why.)"""
    statement = driver.prepared(conn, "outbox_sent", _mark_sent)
    return driver.execute(conn, statement, {"b_id": row_id, "b_worker": worker, "b_now": now}) == 1


def _still_claimed() -> Any:
    return select(outbox_t.c.id).where(outbox_t.c.id == bindparam("b_id"), outbox_t.c.status == SENDING,
                                       outbox_t.c.claimed_by == bindparam("b_worker"))


def still_claimed(conn: Connection, row_id: int, worker: str) -> bool:
    statement = driver.prepared(conn, "outbox_claimed", _still_claimed)
    return driver.fetch_one(conn, statement, {"b_id": row_id, "b_worker": worker}) is not None


def status_after_failure(attempts: int, permanent: bool) -> str:
    """The status of a message after its attempt number `attempts + 1` failed: pending again, or failed."""
    return FAILED if permanent or attempts + 1 > len(BACKOFF_MINUTES) else PENDING


def mark_failed(conn: Connection, row_id: int, worker: str, attempts: int, error: str, permanent: bool,
                now: datetime) -> str | None:
    """Record a failed attempt: retried later with backoff, or failed for good. The new status."""
    attempts += 1
    if status_after_failure(attempts - 1, permanent) == FAILED:
        values: dict[str, Any] = {"status": FAILED}
    else:
        values = {"status": PENDING, "next_attempt_at": now + timedelta(minutes=BACKOFF_MINUTES[attempts - 1])}
    values.update(attempts=attempts, last_error=error[:2000], claimed_by=None, claimed_at=None)
    changed = conn.execute(update(outbox_t).where(_mine(row_id, worker)).values(values)).rowcount
    return str(values["status"]) if changed else None


def defer(conn: Connection, row_ids: list[int], worker: str, until: datetime, error: str) -> None:
    """Hand claimed rows back to wait until `until`, without counting an attempt against them: the server
    could not be reached, which says nothing about the messages (the error is kept, for `outbox list`)."""
    if row_ids:
        conn.execute(
            update(outbox_t)
            .where(outbox_t.c.id.in_(row_ids), outbox_t.c.status == SENDING, outbox_t.c.claimed_by == worker)
            .values(status=PENDING, claimed_by=None, claimed_at=None, next_attempt_at=until, last_error=error[:2000])
        )


def release(conn: Connection, row_ids: list[int], worker: str) -> None:
    """Hand claimed rows back untouched (the batch was interrupted before it reached them)."""
    if row_ids:
        conn.execute(
            update(outbox_t)
            .where(outbox_t.c.id.in_(row_ids), outbox_t.c.status == SENDING, outbox_t.c.claimed_by == worker)
            .values(status=PENDING, claimed_by=None, claimed_at=None)
        )


def listing(conn: Connection, status: str | None, limit: int = 500) -> list[Any]:
    query = select(outbox_t).order_by(outbox_t.c.id.desc()).limit(limit)
    if status:
        query = query.where(outbox_t.c.status == status)
    return list(conn.execute(query))


def counts(conn: Connection) -> dict[str, int]:
    rows = conn.execute(select(outbox_t.c.status, func.count()).group_by(outbox_t.c.status))
    return {status: 0 for status in STATUSES} | {s: int(n) for s, n in rows}


def outbox_listing(app: App, login: str, status: str | None) -> OutboxListing:
    """What the outbox holds, newest first, for supervisors and admins (failed messages among them)."""
    with app.db.transaction() as conn:
        require_role(load_actor(conn, login), Role.SUPERVISOR, Role.ADMIN, Role.SYSTEM)
        rows = listing(conn, status)
        totals = counts(conn)
    return OutboxListing(totals, [
        OutboxMessage(r.id, r.key, r.kind, r.case_id, r.recipient, r.address, r.subject, r.status, r.attempts,
                      r.message_id, from_db_time(r.created_at), from_db_time(r.next_attempt_at),
                      from_db_time(r.sent_at) if r.sent_at else None, r.last_error) for r in rows])


@dataclass(frozen=True)
class Outcome:
    """A write: what became of a message this dispatcher claimed. Stale when the claim was taken back (a
    slow batch outlived its lease): then the decision, made again, finds it is no longer ours to record."""

    row_id: int
    worker: str
    attempts: int
    error: str | None = None  # None: the server accepted it
    permanent: bool = False

    def apply(self, tx: Transaction) -> Stale | None:
        if self.error is None:
            done = mark_sent(tx.conn, self.row_id, self.worker, tx.now)
        else:
            done = mark_failed(tx.conn, self.row_id, self.worker, self.attempts, self.error, self.permanent,
                               tx.now) is not None
        return None if done else Stale()
