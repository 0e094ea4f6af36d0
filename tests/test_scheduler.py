"""The scheduler under a moved clock: the daily review on business days only, a missed review caught up once,
a changed review time, and one scheduler acting per database while another waits to take over.

Time is moved with time-machine (`tick=False`: it stands still until a test moves it) and the scheduler is
woken to look at it; a test waits for APScheduler's job events, never sleeps for time to pass. The App runs
on the real clock, which time-machine moves for it, APScheduler and the database alike. The lock's takeover
is shown with real `rto scheduler run` processes, one SIGKILLed. Every test runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_MISSED, JobExecutionEvent
from conftest import OSLO, QUIET_POLICY, RTO, InProcessRto
from helpers import as_json, at, case_at, enqueue
from smtp import SmtpServer
from sqlalchemy import func, select, text

import workflow.scheduler
from notifications.messages import Rendered
from workflow.bootstrap import App, bootstrap
from workflow.calendar import is_business_day
from workflow.database import sqlite_path
from workflow.outbox import PENDING, SENT, Message
from workflow.reviews import run_review
from workflow.scheduler import (
    DISPATCH_JOB,
    REVIEW_JOB,
    SEAL_JOB,
    SchedulerLock,
    build_scheduler,
    ensure_jobs,
    run_scheduler,
)
from workflow.schema import case_events as events_t
from workflow.schema import cases as cases_t
from workflow.schema import outbox as outbox_t
from workflow.staff import add_staff

pytestmark = pytest.mark.timeout(120)  # a scheduler that never fires fails the test instead of hanging it

EVENT_TIMEOUT_S = 30
PROCESS_TIMEOUT_S = 60


# --------------------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------------------


def write_config(folder: Path, name: str = "rto.toml", **scheduler: Any) -> Path:
    """A settings file: mail into a folder of the test's own (never the user's), and the scheduler settings."""
    lines = [Path(QUIET_POLICY).read_text(encoding="utf-8"), "[mail]", f'maildir = "{folder / "Maildir"}"', "",
             "[scheduler]"]
    for key, value in scheduler.items():
        lines.append(f'{key} = "{value}"' if isinstance(value, str) else f"{key} = {value}")
    path = folder / name
    path.write_text("\n".join(lines) + "\n")
    return path


def new_app(database_url: str, config: Path) -> App:
    """An App on the real clock, which time-machine moves."""
    return bootstrap({}, config_file=str(config), database_url=database_url)


class Jobs:
    """What the scheduler's jobs did, as APScheduler reports it: waited on, never slept for."""

    def __init__(self, scheduler: Any) -> None:
        self.events: list[JobExecutionEvent] = []
        self.changed = threading.Condition()
        scheduler.add_listener(self._on_event, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR | EVENT_JOB_MISSED)

    def _on_event(self, event: JobExecutionEvent) -> None:
        with self.changed:
            self.events.append(event)
            self.changed.notify_all()

    def mark(self) -> int:
        with self.changed:
            return len(self.events)

    def ran(self, job_id: str, since: int = 0) -> list[JobExecutionEvent]:
        with self.changed:
            return [e for e in self.events[since:] if e.job_id == job_id]

    def wait_for(self, job_id: str, since: int) -> JobExecutionEvent:
        with self.changed:
            done = self.changed.wait_for(lambda: any(e.job_id == job_id for e in self.events[since:]),
                                         EVENT_TIMEOUT_S)
            assert done, f"{job_id} did not run"
            event = next(e for e in self.events[since:] if e.job_id == job_id)
        assert event.code == EVENT_JOB_EXECUTED, f"{job_id}: {event.code} {event.exception!r}\n{event.traceback}"
        return event


class Driven:
    """A scheduler on the test's database, started the way `run_scheduler` starts it, driven by moving the clock
    and waking it up."""

    def __init__(self, app: App, traveller: Any) -> None:
        self.app, self.traveller = app, traveller
        workflow.scheduler._app = app
        self.scheduler = build_scheduler(app)
        self.jobs = Jobs(self.scheduler)
        self.scheduler.start(paused=True)
        ensure_jobs(self.scheduler, app)

    def resume(self) -> int:
        mark = self.jobs.mark()
        self.scheduler.resume()
        return mark

    def move_to(self, when: datetime, review: bool) -> JobExecutionEvent | None:
        """Move the clock (a minute or more on) and let the scheduler act; wait for the outbox dispatch, due every
        minute, and for the review when one is expected. The review job is due or not in the same pass."""
        mark = self.jobs.mark()
        self.traveller.move_to(when)
        self.scheduler.wakeup()
        self.jobs.wait_for(DISPATCH_JOB, mark)
        ran = self.jobs.wait_for(REVIEW_JOB, mark) if review else None
        if not review:
            assert self.jobs.ran(REVIEW_JOB, mark) == []
            assert self.next_review() > when, "the review was due, and did not run"
        return ran

    def next_review(self) -> datetime:
        return self.scheduler.get_job(REVIEW_JOB).next_run_time.astimezone(OSLO)

    def stop(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=True)
        workflow.scheduler._app = None


@contextlib.contextmanager
def driven(app: App, traveller: Any) -> Iterator[Driven]:
    scheduler = Driven(app, traveller)
    try:
        yield scheduler
    finally:
        scheduler.stop()


@pytest.fixture
def reviews(monkeypatch: pytest.MonkeyPatch) -> list[date]:
    """The days the scheduled review actually reviewed as of (the jobs call `run_review` through the module)."""
    days: list[date] = []
    real = workflow.scheduler.run_review

    def counting(app: App, login: str | None, as_of: date | None = None, dry_run: bool = False) -> Any:
        days.append(as_of or app.today())
        return real(app, login, as_of, dry_run)

    monkeypatch.setattr(workflow.scheduler, "run_review", counting)
    return days


@pytest.fixture
def signals() -> Iterator[None]:
    """`rto scheduler run` in this process installs SIGTERM and SIGINT handlers: put pytest's back after."""
    saved = {signum: signal.getsignal(signum) for signum in (signal.SIGTERM, signal.SIGINT)}
    yield
    for signum, handler in saved.items():
        signal.signal(signum, handler)


def outbox_count(app: App) -> int:
    with app.db.transaction() as conn:
        return int(conn.execute(select(func.count()).select_from(outbox_t)).scalar_one())


def outbox_state(app: App) -> list[tuple[Any, ...]]:
    with app.db.transaction() as conn:
        return [tuple(r) for r in conn.execute(
            select(outbox_t.c.id, outbox_t.c.status, outbox_t.c.attempts, outbox_t.c.claimed_by)
            .order_by(outbox_t.c.id))]


def queued_events(app: App) -> list[Any]:
    with app.db.transaction() as conn:
        return list(conn.execute(select(events_t).where(events_t.c.kind == "reminder_queued")))


def review_due_on(app: App, case_id: int) -> date:
    with app.db.transaction() as conn:
        due = conn.execute(select(cases_t.c.review_due_on).where(cases_t.c.id == case_id)).scalar_one()
    return due if isinstance(due, date) else date.fromisoformat(str(due))


def stalled_case_due_on(app: App, traveller: Any, due: date) -> int:
    """A case opened 31 days before `due` and never touched: its stall reminder is due that day."""
    traveller.move_to(at(f"{due - timedelta(days=31)} 10:00"))
    case_id = case_at(app, "screened")
    run_review(app, None)  # the review on the day it opened works out when it is next due
    assert review_due_on(app, case_id) == due
    return case_id


def queue_due_messages(app: App, count: int, now: datetime) -> None:
    with app.db.transaction(write=True) as conn:
        for i in range(count):
            rendered = Rendered(f"Påminnelse {i}", f"Melding {i}.", f"<p>Melding {i}.</p>")
            enqueue(conn, Message(f"takeover:{i}", "stalled", None, "ola", f"ola+{i}@kommune.no", rendered),
                    app.settings.mail.from_address, now)


# --------------------------------------------------------------------------------------------------------------
# The daily review, on business days only
# --------------------------------------------------------------------------------------------------------------


def test_daily_review_fires_on_business_days_only(
        database_url: str, tmp_path: Path, reviews: list[date]) -> None:
    app = new_app(database_url, write_config(tmp_path))
    try:
        with time_machine.travel(at("2026-02-10 10:00"), tick=False) as traveller:
            case_id = stalled_case_due_on(app, traveller, date(2026, 3, 13))  # a Friday
            traveller.move_to(at("2026-03-12 12:00"))  # Thursday, after the day's review time
            with driven(app, traveller) as scheduler:
                scheduler.resume()
                assert scheduler.next_review() == at("2026-03-13 07:30")

                friday = scheduler.move_to(at("2026-03-13 07:30"), review=True)
                assert friday is not None and friday.scheduled_run_time == at("2026-03-13 07:30")
                assert reviews == [date(2026, 3, 13)]
                [event] = queued_events(app)
                assert (event.case_id, event.kind) == (case_id, "reminder_queued")
                assert outbox_count(app) == 1
                assert scheduler.next_review() == at("2026-03-16 07:30"), "Monday next: not Saturday, not Sunday"

                scheduler.move_to(at("2026-03-14 07:30"), review=False)  # Saturday
                scheduler.move_to(at("2026-03-15 07:30"), review=False)  # Sunday
                assert reviews == [date(2026, 3, 13)]

                monday = scheduler.move_to(at("2026-03-16 07:30"), review=True)
                assert monday is not None and monday.scheduled_run_time == at("2026-03-16 07:30")
                assert reviews == [date(2026, 3, 13), date(2026, 3, 16)]
                assert outbox_count(app) == 1 and len(queued_events(app)) == 1, "nothing queued twice"
    finally:
        app.close()


@pytest.mark.parametrize("holiday, next_business_day", [
    (date(2026, 5, 14), date(2026, 5, 15)),  # Ascension Day, a Thursday
    (date(2026, 12, 25), date(2026, 12, 28)),  # Christmas Day, a Friday
], ids=["ascension-day", "christmas-day"])
def test_a_public_holiday_fires_the_job_but_reviews_nothing(
        database_url: str, tmp_path: Path, reviews: list[date], holiday: date, next_business_day: date) -> None:
    assert holiday.weekday() < 5 and not is_business_day(holiday)
    app = new_app(database_url, write_config(tmp_path))
    try:
        with time_machine.travel(at(f"{holiday} 10:00"), tick=False) as traveller:
            case_id = stalled_case_due_on(app, traveller, holiday)
            traveller.move_to(at(f"{holiday - timedelta(days=1)} 12:00"))  # after the day before's review
            with driven(app, traveller) as scheduler:
                scheduler.resume()
                assert scheduler.next_review() == at(f"{holiday} 07:30"), "the job fires on a weekday holiday"

                fired = scheduler.move_to(at(f"{holiday} 07:30"), review=True)
                assert fired is not None and fired.scheduled_run_time == at(f"{holiday} 07:30")
                assert reviews == [], "a public holiday reviews nothing"
                assert queued_events(app) == [] and outbox_count(app) == 0

                scheduler.move_to(at(f"{next_business_day} 07:30"), review=True)
                assert reviews == [next_business_day]
                [event] = queued_events(app)
                assert event.case_id == case_id and outbox_count(app) == 1
    finally:
        app.close()


# --------------------------------------------------------------------------------------------------------------
# Downtime, and a changed review time
# --------------------------------------------------------------------------------------------------------------


def test_a_review_missed_during_downtime_runs_once_on_start(
        database_url: str, tmp_path: Path, reviews: list[date]) -> None:
    config = write_config(tmp_path)
    first, second = new_app(database_url, config), new_app(database_url, config)
    try:
        with time_machine.travel(at("2026-02-01 10:00"), tick=False) as traveller:
            stalled_case_due_on(app=first, traveller=traveller, due=date(2026, 2, 26))
            traveller.move_to(at("2026-03-02 06:00"))  # Monday, before the review
            with driven(first, traveller) as scheduler:
                scheduler.resume()
                assert scheduler.next_review() == at("2026-03-02 07:30")
            assert reviews == []

            traveller.move_to(at("2026-03-04 10:00"))  # Wednesday: Monday's, Tuesday's and today's review missed
            with driven(second, traveller) as scheduler:
                assert scheduler.next_review() == at("2026-03-02 07:30"), "the stored job keeps its missed run"
                mark = scheduler.resume()
                ran = scheduler.jobs.wait_for(REVIEW_JOB, mark)
                scheduler.jobs.wait_for(DISPATCH_JOB, mark)
                assert ran.scheduled_run_time == at("2026-03-04 07:30"), "the missed runs coalesce into one"
                assert scheduler.next_review() == at("2026-03-05 07:30")

                scheduler.move_to(at("2026-03-04 11:00"), review=False)
                assert len(scheduler.jobs.ran(REVIEW_JOB)) == 1, "once, not once per missed day"
                assert reviews == [date(2026, 3, 4)]
                assert outbox_count(second) == 1 and len(queued_events(second)) == 1

                scheduler.move_to(at("2026-03-05 07:30"), review=True)
                assert reviews == [date(2026, 3, 4), date(2026, 3, 5)]
                assert outbox_count(second) == 1, "the catch-up queued it; the next review does not again"
    finally:
        first.close()
        second.close()


def test_a_review_missed_on_friday_runs_when_the_scheduler_starts_on_saturday(
        database_url: str, tmp_path: Path, reviews: list[date]) -> None:
    config = write_config(tmp_path)
    first, second = new_app(database_url, config), new_app(database_url, config)
    try:
        with time_machine.travel(at("2026-02-10 10:00"), tick=False) as traveller:
            case_id = stalled_case_due_on(first, traveller, date(2026, 3, 13))  # a Friday
            traveller.move_to(at("2026-03-13 06:00"))  # Friday, before the review; then the server goes down
            with driven(first, traveller) as scheduler:
                scheduler.resume()

            traveller.move_to(at("2026-03-14 10:00"))  # back on Saturday
            with driven(second, traveller) as scheduler:
                mark = scheduler.resume()
                ran = scheduler.jobs.wait_for(REVIEW_JOB, mark)
                assert ran.scheduled_run_time == at("2026-03-13 07:30")
                assert len(reviews) == 1, "the review missed on Friday runs once on start"
                [event] = queued_events(second)
                assert event.case_id == case_id and outbox_count(second) == 1
    finally:
        first.close()
        second.close()


def test_a_changed_review_time_replaces_the_trigger(
        database_url: str, tmp_path: Path, reviews: list[date]) -> None:
    before = new_app(database_url, write_config(tmp_path, "before.toml"))
    after = new_app(database_url, write_config(tmp_path, "after.toml", review_time="09:15"))
    try:
        with time_machine.travel(at("2026-03-02 06:00"), tick=False) as traveller:  # a Monday
            with driven(before, traveller) as scheduler:
                assert "hour='7', minute='30'" in str(scheduler.scheduler.get_job(REVIEW_JOB).trigger)
                assert scheduler.next_review() == at("2026-03-02 07:30")

            with driven(after, traveller) as scheduler:
                job = scheduler.scheduler.get_job(REVIEW_JOB)
                assert "day_of_week='mon-fri', hour='9', minute='15'" in str(job.trigger)
                assert scheduler.next_review() == at("2026-03-02 09:15")
                assert sorted(j.id for j in scheduler.scheduler.get_jobs()) == sorted(
                    [DISPATCH_JOB, REVIEW_JOB, SEAL_JOB])
                scheduler.resume()

                scheduler.move_to(at("2026-03-02 07:30"), review=False)
                ran = scheduler.move_to(at("2026-03-02 09:15"), review=True)
                assert ran is not None and ran.scheduled_run_time == at("2026-03-02 09:15")
                assert reviews == [date(2026, 3, 2)]

                ensure_jobs(scheduler.scheduler, after)  # the same settings again: the next run stays
                assert scheduler.next_review() == at("2026-03-03 09:15")
    finally:
        before.close()
        after.close()


# --------------------------------------------------------------------------------------------------------------
# One scheduler per database
# --------------------------------------------------------------------------------------------------------------


def test_a_second_scheduler_does_not_act_while_the_first_holds_the_lock(
        database_url: str, tmp_path: Path, smtp: SmtpServer) -> None:
    config = write_config(tmp_path)
    first, second = new_app(database_url, config), new_app(database_url, config)
    second.sender_factory = smtp.sender
    holder, other = SchedulerLock(first), SchedulerLock(second)
    try:
        queue_due_messages(second, 2, second.now() - timedelta(minutes=1))
        before = outbox_state(second)
        assert holder.try_acquire()
        assert not other.try_acquire()
        assert not SchedulerLock(second).try_acquire(), "no instance of it gets the lock either"

        waiting, stop = threading.Event(), threading.Event()
        result: dict[str, Any] = {}
        thread = threading.Thread(target=lambda: result.update(as_json(
            run_scheduler(second, stop, once=True, poll_seconds=0.05, on_wait=waiting.set))))
        thread.start()
        try:
            assert waiting.wait(EVENT_TIMEOUT_S), "the second scheduler should say that it waits"
            assert outbox_state(second) == before and smtp.received == [], "it does not act meanwhile"
        finally:
            stop.set()
            thread.join(EVENT_TIMEOUT_S)
        assert result == {"ran": False}
        assert outbox_state(second) == before
    finally:
        holder.release()
        other.release()
        first.close()
        second.close()


def test_a_released_lock_can_be_taken_by_another_scheduler(database_url: str, tmp_path: Path) -> None:
    config = write_config(tmp_path)
    first, second = new_app(database_url, config), new_app(database_url, config)
    holder, other = SchedulerLock(first), SchedulerLock(second)
    try:
        assert holder.try_acquire()
        holder.release()
        assert other.try_acquire(), "the lock is free once its holder has released it"
    finally:
        holder.release()
        other.release()
        first.close()
        second.close()


class Running:
    """A real `rto` process whose output is read as it comes, so a test can wait for a line."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.proc = subprocess.Popen([RTO, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     env=env)
        self.out: list[str] = []
        self.err: list[str] = []
        self.changed = threading.Condition()
        self.readers = [threading.Thread(target=self._read, args=(stream, lines), daemon=True)
                        for stream, lines in ((self.proc.stdout, self.out), (self.proc.stderr, self.err))]
        for reader in self.readers:
            reader.start()

    def _read(self, stream: Any, lines: list[str]) -> None:
        for line in stream:
            with self.changed:
                lines.append(line)
                self.changed.notify_all()

    def wait_for_err(self, needle: str) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: needle in "".join(self.err) or self.proc.poll() is not None,
                                         PROCESS_TIMEOUT_S) and needle in "".join(self.err)

    def finish(self) -> int:
        code = self.proc.wait(timeout=PROCESS_TIMEOUT_S)
        for reader in self.readers:
            reader.join(PROCESS_TIMEOUT_S)
        return code

    def stop(self) -> None:
        """Only this process, and only if it still runs."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=PROCESS_TIMEOUT_S)

    @property
    def stdout(self) -> str:
        with self.changed:
            return "".join(self.out)

    @property
    def stderr(self) -> str:
        with self.changed:
            return "".join(self.err)


def lock_taken(url: str) -> bool:
    """Whether some process holds the scheduler lock on this database (asked without holding it for long)."""
    path = sqlite_path(url)
    if path is not None:
        from filelock import FileLock, Timeout

        probe = FileLock(f"{path}.scheduler.lock")
        try:
            probe.acquire(timeout=0)
        except Timeout:
            return True
        probe.release()
        return False
    from sqlalchemy import create_engine

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return bool(conn.execute(text(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objid = :k "
                "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"),
                {"k": workflow.scheduler._ADVISORY_KEY}).scalar())
    finally:
        engine.dispose()


def wait_until(condition: Any, what: str) -> None:
    """Poll another process's state (not the passing of time) until it holds, or give up."""
    deadline = time.monotonic() + PROCESS_TIMEOUT_S
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def test_a_waiting_scheduler_takes_over_when_the_first_dies(
        database_url: str, tmp_path: Path, smtp: SmtpServer) -> None:
    # the first one's review is hours away and it sends the outbox only hourly: the outbox is the second one's
    review_at = (datetime.now(OSLO) + timedelta(hours=3)).replace(second=0, microsecond=0)
    if review_at.hour == 2:
        review_at += timedelta(hours=2)
    config = write_config(tmp_path, review_time=f"{review_at:%H:%M}", dispatch_seconds=3600, lock_poll_seconds=0.2)
    app = new_app(database_url, config)
    queue_due_messages(app, 3, datetime.now(UTC) - timedelta(minutes=1))
    env = {k: v for k, v in os.environ.items() if not k.startswith("RTO_")}
    env.update({"RTO_DATABASE_URL": database_url, "RTO_IDENTITY": "declared", "RTO_USER": "adm",
                "RTO_CONFIG": str(config),
                "RTO_SMTP_HOST": "127.0.0.1", "RTO_SMTP_PORT": str(smtp.port), "RTO_SMTP_SECURITY": "none"})
    first = second = None
    try:
        first = Running(["scheduler", "run"], env)
        wait_until(lambda: lock_taken(database_url) or first.proc.poll() is not None, "the first never took the lock")
        assert first.proc.poll() is None, first.stderr
        before = outbox_state(app)
        assert [row[1] for row in before] == [PENDING] * 3

        second = Running(["--json", "scheduler", "run", "--once"], env)
        assert second.wait_for_err("venter"), f"the second should say that it waits: {second.stderr}"
        assert second.proc.poll() is None, "the second must wait, not exit"
        assert outbox_state(app) == before and smtp.received == [], "neither acts on the outbox meanwhile"

        os.kill(first.proc.pid, signal.SIGKILL)
        assert first.finish() == -signal.SIGKILL

        assert second.finish() == 0, second.stderr
        result = json.loads(second.stdout)
        today = datetime.now(OSLO).date()
        assert result["ran"] is True and result["reviewed"] is is_business_day(today)
        assert (result["sent"], result["retried"], result["failed"]) == (3, 0, 0)
        assert [row[1] for row in outbox_state(app)] == [SENT] * 3
        assert len(smtp.received) == 3
        assert not lock_taken(database_url), "the second released the lock when it was done"
    finally:
        for process in (first, second):
            if process is not None:
                process.stop()
        app.close()


# --------------------------------------------------------------------------------------------------------------
# `rto scheduler run --once`
# --------------------------------------------------------------------------------------------------------------


def test_scheduler_run_once_reviews_on_a_business_day_and_delivers(
        database_url: str, tmp_path: Path, smtp: SmtpServer, rto: InProcessRto, monkeypatch: pytest.MonkeyPatch,
        signals: None) -> None:
    for name, value in (("RTO_SMTP_HOST", "127.0.0.1"), ("RTO_SMTP_PORT", str(smtp.port)),
                        ("RTO_SMTP_SECURITY", "none"), ("RTO_MAILDIR", str(tmp_path / "Maildir"))):
        monkeypatch.setenv(name, value)
    app = new_app(database_url, write_config(tmp_path))
    add_staff(app, "adm", "drift", "Driftskontoen", "drift@kommune.no", "system")  # the service account
    monkeypatch.setenv("RTO_USER", "drift")
    try:
        with time_machine.travel(at("2026-02-01 10:00"), tick=False) as traveller:
            case_id = stalled_case_due_on(app, traveller, date(2026, 3, 3))

            traveller.move_to(at("2026-03-03 10:00"))  # a Tuesday
            assert rto("--as", "ola", "--json", "scheduler", "run", "--once").code == 5  # a caseworker may not
            once = rto("--json", "scheduler", "run", "--once")
            assert once.code == 0, once
            assert once.json == {"ran": True, "reviewed": True, "queued": 1, "sent": 1, "retried": 0, "failed": 0,
                                 "recovered": 0}
            [received] = smtp.received
            assert received.recipients == ["ola@kommune.no"]
            assert [e.case_id for e in queued_events(app)] == [case_id]

            again = rto("--json", "scheduler", "run", "--once")
            assert again.code == 0, again
            assert (again.json["reviewed"], again.json["queued"], again.json["sent"]) == (True, 0, 0)

            traveller.move_to(at("2026-04-03 10:00"))  # Good Friday: a public holiday, no review is due
            holiday = rto("--json", "scheduler", "run", "--once")
            assert holiday.code == 0, holiday
            assert (holiday.json["ran"], holiday.json["reviewed"], holiday.json["queued"]) == (True, False, 0)

            human = rto("scheduler", "run", "--once")
            assert human.code == 0 and "én gang" in human.out, human
            assert len(smtp.received) == 1 and outbox_count(app) == 1
    finally:
        app.close()


def test_scheduler_run_once_on_a_saturday_catches_up_the_review_missed_on_friday(
        database_url: str, tmp_path: Path, smtp: SmtpServer, rto: InProcessRto, monkeypatch: pytest.MonkeyPatch,
        signals: None) -> None:
    """`--once` and the scheduled job decide "is a review due?" by one rule: the day of the latest weekday
    review time. On a Saturday that is Friday, a business day: the review missed on Friday runs now."""
    for name, value in (("RTO_SMTP_HOST", "127.0.0.1"), ("RTO_SMTP_PORT", str(smtp.port)),
                        ("RTO_SMTP_SECURITY", "none"), ("RTO_MAILDIR", str(tmp_path / "Maildir"))):
        monkeypatch.setenv(name, value)
    app = new_app(database_url, write_config(tmp_path))
    add_staff(app, "adm", "drift", "Driftskontoen", "drift@kommune.no", "system")
    monkeypatch.setenv("RTO_USER", "drift")
    try:
        with time_machine.travel(at("2026-02-01 10:00"), tick=False) as traveller:
            case_id = stalled_case_due_on(app, traveller, date(2026, 3, 6))  # due on a Friday
            traveller.move_to(at("2026-03-07 10:00"))  # Saturday: nothing ran on Friday
            once = rto("--json", "scheduler", "run", "--once")
            assert once.code == 0, once
            assert (once.json["reviewed"], once.json["queued"], once.json["sent"]) == (True, 1, 1)
            assert [e.case_id for e in queued_events(app)] == [case_id]
    finally:
        app.close()
