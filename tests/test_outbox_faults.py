"""Faults on the way out: every reminder is delivered at least once, none is lost, none is sent twice.

The only message that may arrive twice is one caught between the SMTP server's acceptance and the
dispatcher's commit (a dispatcher killed or interrupted right then), and it then carries the same
Message-ID as the first copy. Temporary failures (the server down, 4xx answers) are retried with the
backoff in `workflow.outbox.BACKOFF_MINUTES`; permanent ones (5xx) fail at once and are listed for the
supervisors. Everything runs against a real SMTP server (aiosmtpd on loopback), on SQLite and PostgreSQL.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from conftest import RTO, FakeClock, InProcessRto
from helpers import as_json, case_at, enqueue, outbox_rows
from smtp import Received, SmtpServer, free_port, smtp_server

from notifications.mail_settings import SmtpSettings
from notifications.messages import Rendered
from notifications.senders import SmtpSender
from workflow.bootstrap import App, bootstrap
from workflow.dispatch import send_outbox
from workflow.outbox import BACKOFF_MINUTES, FAILED, PENDING, SENDING, SENT, SERVER_BACKOFF, Message
from workflow.reviews import run_review
from workflow.views import case_history

pytestmark = pytest.mark.timeout(120)  # a dispatcher or a server that hangs fails the test instead

PROCESS_TIMEOUT_S = 60


# --------------------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------------------


def stalled_reminders(app: App, clock: FakeClock, count: int) -> list[dict[str, Any]]:
    """`count` cases nobody touches for 31 days, and the review that queues a reminder for each."""
    for _ in range(count):
        case_at(app, "screened")
    clock.advance(days=31)
    queued = as_json(run_review(app, None))
    assert len(queued) == count and {q["kind"] for q in queued} == {"stalled"}
    return queued


def queue_messages(app: App, count: int, now: datetime | None = None, prefix: str = "test") -> list[str]:
    """`count` messages straight into the outbox (no case); their Message-IDs in queue order."""
    at = now or app.now()
    with app.db.transaction(write=True) as conn:
        for i in range(count):
            rendered = Rendered(f"Påminnelse {i}", f"Melding nummer {i}.", f"<p>Melding nummer {i}.</p>")
            message = Message(f"{prefix}:{i}", "stalled", None, "ola", f"ola+{i}@kommune.no", rendered)
            assert enqueue(conn, message, app.settings.mail.from_address, at)
    return [row.message_id for row in outbox_rows(app)]


def statuses(app: App) -> Counter[str]:
    return Counter(row.status for row in outbox_rows(app))


def message_id_of(received: Received) -> str:
    return "".join(str(received.message["Message-ID"]).split())  # a long header arrives folded


def message_ids(received: list[Received]) -> list[str]:
    return [message_id_of(r) for r in received]


def history_kinds(app: App, case_id: int) -> list[str]:
    return [event["kind"] for event in as_json(case_history(app, "siri", case_id))]


def history_of(app: App, case_id: int, kind: str) -> list[dict[str, Any]]:
    return [event for event in as_json(case_history(app, "siri", case_id)) if event["kind"] == kind]


def assert_at_least_once_at_most_one_duplicate(received: list[Received], expected_ids: list[str]) -> None:
    """Every message arrived; a message that arrived twice is the very same message (same Message-ID, same
    bytes), and at most one (the one in flight) did."""
    counts = Counter(message_ids(received))
    assert set(counts) == set(expected_ids), "a message was lost, or one nobody queued arrived"
    duplicated = [mid for mid, n in counts.items() if n > 1]
    assert len(duplicated) <= 1, f"more than the in-flight message went out twice: {duplicated}"
    for mid in duplicated:
        assert counts[mid] == 2
        copies = {r.data for r in received if message_id_of(r) == mid}
        assert len(copies) == 1, "a message sent again must be the very same bytes"


def restart(server: SmtpServer) -> None:
    """Bring a stopped test server back on the same port (an aiosmtpd controller cannot be started twice)."""
    server.controller = Controller(server.handler, hostname="127.0.0.1", port=server.port)
    server.controller.start()


@dataclass
class Gate:
    """An SMTP handler that takes messages and, at the `hold_at`-th one, stops answering until `go` is set.
    The message it holds is already recorded: the server has it, the dispatcher has not heard so yet."""

    hold_at: int | None = None
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    reached: threading.Event = field(default_factory=threading.Event)
    go: threading.Event = field(default_factory=threading.Event)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        with self.lock:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
            count = len(self.received)
        if count == self.hold_at:
            self.reached.set()
            await asyncio.get_running_loop().run_in_executor(None, self.go.wait, PROCESS_TIMEOUT_S)
        return "250 Message accepted for delivery"

    def copies(self) -> list[Received]:
        with self.lock:
            return list(self.received)


@contextlib.contextmanager
def gated_server(hold_at: int | None) -> Iterator[tuple[Gate, int]]:
    gate = Gate(hold_at)
    with smtp_server(gate) as server:
        try:
            yield gate, server.port
        finally:
            gate.go.set()  # nothing stays parked in the handler


def smtp_sender(port: int) -> Any:
    return lambda: SmtpSender(SmtpSettings("127.0.0.1", port, "none", timeout=10))


def process_env(url: str, port: int, config: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RTO_")}
    env.update({"RTO_DATABASE_URL": url, "RTO_IDENTITY": "declared", "RTO_USER": "siri", "RTO_SMTP_HOST": "127.0.0.1",
                "RTO_SMTP_PORT": str(port), "RTO_SMTP_SECURITY": "none"})
    if config is not None:
        env["RTO_CONFIG"] = str(config)
    return env


def stop_process(proc: subprocess.Popen[str]) -> None:
    """Only the process this test started, and only if it still runs."""
    if proc.poll() is None:
        proc.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.communicate(timeout=10)


# --------------------------------------------------------------------------------------------------------------
# The server is down
# --------------------------------------------------------------------------------------------------------------


def test_smtp_down_keeps_every_reminder_and_delivers_each_once_when_back(
        mailing_app: App, clock: FakeClock, smtp: SmtpServer) -> None:
    queued = stalled_reminders(mailing_app, clock, 5)
    smtp.stop()

    counts = as_json(send_outbox(mailing_app))

    assert counts == {"sent": 0, "retried": 5, "failed": 0, "recovered": 0}
    rows = outbox_rows(mailing_app)
    assert len(rows) == 5, "nothing is lost"
    for row in rows:  # the server was down, not the messages: no attempt is counted against them
        assert row.status == PENDING and row.attempts == 0
        assert row.next_attempt_at == mailing_app.now() + SERVER_BACKOFF
        assert row.claimed_by is None and "Connection" in (row.last_error or "")

    restart(smtp)
    assert send_outbox(mailing_app).sent == 0, "the server is back, but the backoff has not run out yet"
    assert smtp.received == []

    clock.advance(seconds=SERVER_BACKOFF.total_seconds() + 1)
    assert as_json(send_outbox(mailing_app)) == {"sent": 5, "retried": 0, "failed": 0, "recovered": 0}
    clock.advance(days=1)
    assert send_outbox(mailing_app).sent == 0

    rows = outbox_rows(mailing_app)
    assert Counter(message_ids(smtp.received)) == Counter(row.message_id for row in rows), "each exactly once"
    assert {r.recipients[0] for r in smtp.received} == {"ola@kommune.no"}
    assert all(row.status == SENT and row.attempts == 1 and row.last_error is None for row in rows)
    for case_id in {q["case"] for q in queued}:
        sent = history_of(mailing_app, case_id, "reminder_sent")
        assert len(sent) == 1
        assert "reminder_failed" not in history_kinds(mailing_app, case_id), "a retry is not a failure"


def test_smtp_never_listening_leaves_the_messages_pending_for_later(app: App, clock: FakeClock) -> None:
    ids = queue_messages(app, 3)
    app.sender_factory = smtp_sender(free_port())  # a port nobody listens on

    assert send_outbox(app).retried == 3
    clock.advance(seconds=SERVER_BACKOFF.total_seconds())
    assert send_outbox(app).retried == 3

    rows = outbox_rows(app)  # however long the server stays away, no message is failed for it
    assert [row.message_id for row in rows] == ids
    assert all(row.status == PENDING and row.attempts == 0 for row in rows)
    assert all(row.next_attempt_at == app.now() + SERVER_BACKOFF for row in rows)


# --------------------------------------------------------------------------------------------------------------
# 4xx and 5xx answers
# --------------------------------------------------------------------------------------------------------------


def test_temporary_answer_is_retried_with_backoff_then_delivered(
        mailing_app: App, clock: FakeClock, smtp: SmtpServer) -> None:
    [queued] = stalled_reminders(mailing_app, clock, 1)
    smtp.answer("451 4.3.0 busy")

    assert as_json(send_outbox(mailing_app)) == {"sent": 0, "retried": 1, "failed": 0, "recovered": 0}
    [busy] = outbox_rows(mailing_app)
    assert (busy.status, busy.attempts) == (PENDING, 1)
    assert "451" in busy.last_error and "busy" in busy.last_error
    assert busy.next_attempt_at == mailing_app.now() + timedelta(minutes=BACKOFF_MINUTES[0])

    clock.advance(seconds=30)
    assert send_outbox(mailing_app).sent == 0, "not before the backoff has run out"
    clock.advance(seconds=31)
    assert as_json(send_outbox(mailing_app)) == {"sent": 1, "retried": 0, "failed": 0, "recovered": 0}

    [row] = outbox_rows(mailing_app)
    assert (row.status, row.attempts, row.last_error) == (SENT, 2, None)
    assert message_ids(smtp.received) == [row.message_id]
    assert len(history_of(mailing_app, queued["case"], "reminder_sent")) == 1
    assert "reminder_failed" not in history_kinds(mailing_app, queued["case"])


def test_temporary_answers_past_the_backoff_ladder_end_as_failed(
        mailing_app: App, clock: FakeClock, smtp: SmtpServer, rto: InProcessRto) -> None:
    [queued] = stalled_reminders(mailing_app, clock, 1)

    for attempt, minutes in enumerate(BACKOFF_MINUTES, start=1):
        smtp.answer("451 4.3.0 busy")
        assert send_outbox(mailing_app).retried == 1
        [row] = outbox_rows(mailing_app)
        assert (row.status, row.attempts) == (PENDING, attempt)
        assert row.next_attempt_at == mailing_app.now() + timedelta(minutes=minutes)
        clock.advance(minutes=minutes, seconds=-1)
        assert as_json(send_outbox(mailing_app)) == {"sent": 0, "retried": 0, "failed": 0, "recovered": 0}, \
            "retried before its backoff ran out"
        clock.advance(seconds=1)

    smtp.answer("451 4.3.0 busy")
    assert send_outbox(mailing_app).failed == 1
    [row] = outbox_rows(mailing_app)
    assert (row.status, row.attempts) == (FAILED, len(BACKOFF_MINUTES) + 1)
    assert smtp.received == []

    clock.advance(days=2)
    assert send_outbox(mailing_app).sent == 0, "a failed message is not retried on its own"
    failed = history_of(mailing_app, queued["case"], "reminder_failed")
    assert len(failed) == 1 and "451" in failed[0]["details"]["error"]
    assert failed[0]["details"]["attempts"] == len(BACKOFF_MINUTES) + 1

    listed = rto("--as", "siri", "outbox", "list", "--status", "failed", "--json")
    assert listed.code == 0, listed
    assert [(m["key"], m["status"]) for m in listed.json] == [(queued["key"], FAILED)]
    assert "451" in listed.json[0]["last_error"]


def test_permanent_answer_fails_at_once_and_is_listed_and_recorded(
        mailing_app: App, clock: FakeClock, smtp: SmtpServer, rto: InProcessRto) -> None:
    queued = stalled_reminders(mailing_app, clock, 3)
    smtp.answer("550 5.1.1 no such user")

    assert send_outbox(mailing_app).failed == 1
    clock.advance(minutes=BACKOFF_MINUTES[0], seconds=1)  # the others go now, or (see the xfail below) after this
    assert send_outbox(mailing_app).failed == 0

    bad, *others = outbox_rows(mailing_app)  # claimed in queue order: the first got the scripted answer
    assert (bad.status, bad.attempts) == (FAILED, 1)
    assert "550" in bad.last_error and "no such user" in bad.last_error
    assert [row.status for row in others] == [SENT, SENT]
    assert Counter(message_ids(smtp.received)) == Counter(row.message_id for row in others), "each once"

    listed = rto("--as", "siri", "outbox", "list", "--status", "failed", "--json")
    assert listed.code == 0, listed
    assert len(listed.json) == 1
    entry = listed.json[0]
    assert (entry["id"], entry["case"], entry["key"], entry["status"]) == (bad.id, bad.case_id, bad.key, FAILED)
    assert "550 5.1.1 no such user" in entry["last_error"]
    everything = rto("--as", "sven", "outbox", "list", "--json")
    assert Counter(m["status"] for m in everything.json) == {SENT: 2, FAILED: 1}
    assert rto("--as", "ola", "outbox", "list", "--status", "failed").code != 0, "failures are for supervisors"

    failed = history_of(mailing_app, bad.case_id, "reminder_failed")
    assert len(failed) == 1
    assert "550" in failed[0]["details"]["error"] and failed[0]["details"]["to"] == "ola"
    assert failed[0]["details"]["attempts"] == 1
    assert "reminder_sent" not in history_kinds(mailing_app, bad.case_id)
    for case_id in {q["case"] for q in queued} - {bad.case_id}:
        assert len(history_of(mailing_app, case_id, "reminder_sent")) == 1
        assert "reminder_failed" not in history_kinds(mailing_app, case_id)

    clock.advance(days=1)
    assert send_outbox(mailing_app).sent == 0, "a permanent failure is not retried"
    assert len(smtp.received) == 2


@pytest.mark.parametrize("answer, outcome", [("451 4.3.0 busy", PENDING), ("550 5.1.1 no such user", FAILED)],
                         ids=["4xx", "5xx"])
def test_one_refused_message_does_not_hold_back_the_rest_of_the_batch(
        mailing_app: App, clock: FakeClock, smtp: SmtpServer, rto: InProcessRto, answer: str, outcome: str) -> None:
    queued = stalled_reminders(mailing_app, clock, 4)
    smtp.answer(answer)

    counts = as_json(send_outbox(mailing_app))

    refused, *others = outbox_rows(mailing_app)  # claimed in queue order: the first got the scripted answer
    assert refused.status == outcome and answer in refused.last_error
    assert [(row.status, row.attempts) for row in others] == [(SENT, 1)] * 3, "the others in the batch still go"
    assert sorted(message_ids(smtp.received)) == sorted(row.message_id for row in others)
    assert counts["sent"] == 3
    for case_id in {q["case"] for q in queued} - {refused.case_id}:
        assert len(history_of(mailing_app, case_id, "reminder_sent")) == 1
    listed = rto("--as", "siri", "outbox", "list", "--status", "failed", "--json").json
    assert [m["id"] for m in listed] == ([refused.id] if outcome == FAILED else [])


# --------------------------------------------------------------------------------------------------------------
# A dispatcher that is interrupted, or killed, mid-batch
# --------------------------------------------------------------------------------------------------------------


class InterruptedSender:
    """Delivers through a real SMTP sender, and is interrupted (Ctrl-C) right after the server accepted the
    `after`-th message: before the dispatcher could record it."""

    def __init__(self, inner: SmtpSender, after: int) -> None:
        self.inner, self.after, self.sent = inner, after, 0

    def __enter__(self) -> InterruptedSender:
        self.inner.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.inner.__exit__(*exc)

    def send(self, sender: str, recipient: str, mime: str) -> None:
        self.inner.send(sender, recipient, mime)
        self.sent += 1
        if self.sent == self.after:
            raise KeyboardInterrupt


def test_interrupted_dispatcher_hands_back_the_rest_of_its_batch(
        mailing_app: App, clock: FakeClock, smtp: SmtpServer) -> None:
    ids = queue_messages(mailing_app, 6)
    mailing_app.sender_factory = lambda: InterruptedSender(smtp.sender(), after=3)

    with pytest.raises(KeyboardInterrupt):
        as_json(send_outbox(mailing_app, worker="interrupted"))

    assert statuses(mailing_app) == {SENT: 2, PENDING: 4}, "what was not recorded goes straight back to the queue"
    mailing_app.sender_factory = smtp.sender
    assert send_outbox(mailing_app).sent == 4, "no lease to wait for: the rows were handed back"

    assert statuses(mailing_app) == {SENT: 6}
    assert_at_least_once_at_most_one_duplicate(smtp.received, ids)
    assert Counter(message_ids(smtp.received))[ids[2]] == 2, "the one caught between acceptance and commit"


def test_dispatcher_killed_mid_batch_is_recovered_after_its_lease(
        app: App, clock: FakeClock, database_url: str, tmp_path: Path) -> None:
    config = tmp_path / "rto.toml"
    config.write_text("[scheduler]\nlease_minutes = 1\n")
    real_now = datetime.now(UTC)
    ids = queue_messages(app, 12, now=real_now - timedelta(minutes=1))  # due for a process on the real clock
    hold_at = 5

    with gated_server(hold_at) as (gate, port):
        proc = subprocess.Popen([RTO, "--json", "outbox", "send"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=process_env(database_url, port, config))
        try:
            assert gate.reached.wait(PROCESS_TIMEOUT_S), "the dispatcher never got to the fifth message"
            os.kill(proc.pid, signal.SIGKILL)  # while the server holds message 5, accepted and unanswered
            proc.wait(timeout=PROCESS_TIMEOUT_S)
        finally:
            stop_process(proc)
        assert proc.returncode == -signal.SIGKILL
        gate.go.set()

        rows = outbox_rows(app)
        assert Counter(row.status for row in rows) == {SENT: hold_at - 1, SENDING: len(ids) - hold_at + 1}
        assert len({row.claimed_by for row in rows if row.status == SENDING}) == 1

        restarted = bootstrap({}, config_file=str(config), database_url=database_url,
                              clock=FakeClock(real_now + timedelta(seconds=30)))
        restarted.sender_factory = smtp_sender(port)
        try:
            early = as_json(send_outbox(restarted))
            assert early == {"sent": 0, "retried": 0, "failed": 0, "recovered": 0}, "taken back before its lease"
            restarted.clock = FakeClock(real_now + timedelta(minutes=2))
            counts = as_json(send_outbox(restarted))
        finally:
            restarted.close()
        assert counts == {"sent": len(ids) - hold_at + 1, "retried": 0, "failed": 0,
                          "recovered": len(ids) - hold_at + 1}

        received = gate.copies()
    assert statuses(app) == {SENT: len(ids)}, "no row stays sending"
    assert_at_least_once_at_most_one_duplicate(received, ids)
    assert len(received) == len(ids) + 1
    assert Counter(message_ids(received))[ids[hold_at - 1]] == 2, "only the message in flight went twice"


def test_dispatcher_slower_than_its_lease_does_not_resend_rows_taken_over(
        app: App, clock: FakeClock) -> None:
    ids = queue_messages(app, 5)
    lease = app.settings.scheduler.lease_minutes

    with gated_server(hold_at=2) as (gate, port):
        app.sender_factory = smtp_sender(port)
        outcome: dict[str, Any] = {}

        def slow() -> None:
            try:
                outcome["slow"] = as_json(send_outbox(app, worker="slow"))
            except BaseException as error:  # reported below, in the test's thread
                outcome["error"] = error

        thread = threading.Thread(target=slow)
        thread.start()
        try:
            assert gate.reached.wait(PROCESS_TIMEOUT_S)
            clock.advance(minutes=lease + 1)  # the slow dispatcher is stuck on message 2 past its lease
            outcome["other"] = as_json(send_outbox(app, worker="other"))
        finally:
            gate.go.set()
            thread.join(PROCESS_TIMEOUT_S)
        assert "error" not in outcome, outcome
        received = gate.copies()

    assert outcome["other"]["recovered"] == 4 and outcome["other"]["sent"] == 4
    assert statuses(app) == {SENT: 5}
    assert_at_least_once_at_most_one_duplicate(received, ids)


# --------------------------------------------------------------------------------------------------------------
# Two dispatchers at once
# --------------------------------------------------------------------------------------------------------------


@dataclass
class SlowHandler:
    """Takes every message, a little slowly, so that two dispatchers are at work at the same time."""

    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        await asyncio.sleep(0.002)
        with self.lock:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"


@contextlib.contextmanager
def slow_server() -> Iterator[tuple[SlowHandler, int]]:
    handler = SlowHandler()
    with smtp_server(handler) as server:
        yield handler, server.port


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)  # SKIP LOCKED is PostgreSQL's
def test_two_dispatchers_on_postgresql_deliver_each_message_exactly_once(
        app: App, database_url: str) -> None:
    ids = queue_messages(app, 200)
    results: dict[str, dict[str, int]] = {}
    errors: list[BaseException] = []

    with slow_server() as (handler, port):
        dispatchers = [bootstrap({}, database_url=database_url, clock=app.clock) for _ in range(2)]
        start = threading.Barrier(2)

        def dispatch(worker: str, instance: App) -> None:
            try:
                instance.sender_factory = smtp_sender(port)
                start.wait()
                results[worker] = as_json(send_outbox(instance, worker=worker, batch=10))
            except BaseException as error:  # reported below
                errors.append(error)

        threads = [threading.Thread(target=dispatch, args=(f"dispatcher-{n}", d)) for n, d in enumerate(dispatchers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(PROCESS_TIMEOUT_S)
        for instance in dispatchers:
            instance.close()
        received = list(handler.received)

    assert not errors, errors
    assert sum(r["sent"] for r in results.values()) == 200
    assert all(r["sent"] > 0 for r in results.values()), f"both dispatchers should have taken a share: {results}"
    assert Counter(message_ids(received)) == Counter(ids), "every message exactly once"
    rows = outbox_rows(app)
    assert {row.status for row in rows} == {SENT}
    assert {row.claimed_by for row in rows} == set(results), "each row was sent by the one that claimed it"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # the immediate-lock claim is SQLite's
def test_two_dispatcher_processes_on_sqlite_never_send_a_message_twice(
        app: App, database_url: str) -> None:
    ids = queue_messages(app, 250, now=datetime.now(UTC) - timedelta(minutes=1))  # more than one batch each

    with slow_server() as (handler, port):
        env = process_env(database_url, port)
        procs = [subprocess.Popen([RTO, "--json", "outbox", "send"], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True, env=env) for _ in range(2)]
        outputs = []
        try:
            for proc in procs:
                out, err = proc.communicate(timeout=PROCESS_TIMEOUT_S)
                assert proc.returncode == 0, err
                outputs.append(json.loads(out))
        finally:
            for proc in procs:
                stop_process(proc)
        received = list(handler.received)

    assert sum(o["sent"] for o in outputs) == 250
    assert Counter(message_ids(received)) == Counter(ids), "every message exactly once"
    assert statuses(app) == {SENT: 250}

