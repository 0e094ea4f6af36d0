"""`rto scheduler run`: the daily review on business days, the daily seal, and the outbox sent every minute.

The seal (`[scheduler] seal_time`, every day) signs a checkpoint with `[audit] signing_key`, appends it to
`[audit] checkpoints` and queues its copy to the supervisors in the outbox, which the dispatch job delivers:
never mailed directly. Without a signing key it seals nothing and says so in the log, every day; a seal
refused because a history disagrees with a checkpoint is logged and queued to the supervisors as an alert.

APScheduler 3 keeps the jobs in the database (its job store), with an explicit time zone, coalescing and a
long misfire grace: a review missed while the process was down runs once when it starts again, not once
per missed day. Only one scheduler acts on a database at a time: it holds a lock (an advisory lock on
PostgreSQL, a file lock beside an SQLite file) for as long as it runs; a second one waits, and takes over
when the first dies, because the operating system or the server drops a dead process's lock.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import text

from states.roles import require_role
from workflow.bootstrap import App
from workflow.calendar import is_business_day
from workflow.database import sqlite_path
from workflow.dispatch import DISPATCHERS, send_outbox
from workflow.results import Delivery, SchedulerRun
from workflow.reviews import run_review
from workflow.unit_of_work import Work

log = logging.getLogger("rto.scheduler")

REVIEW_JOB, DISPATCH_JOB, SEAL_JOB = "daily-review", "dispatch-outbox", "daily-seal"
MISFIRE_GRACE = timedelta(days=7)  # a review missed over a long weekend or a holiday still runs (once)
_ADVISORY_KEY = 0x72746F  # "rto": the PostgreSQL advisory lock every rto scheduler takes

_app: App | None = None  # the App the jobs run on: APScheduler stores jobs by reference, not with their App
_login: str | None = None  # who the jobs act as: the staff member (role system) who runs the scheduler


def daily_review() -> None:
    """The scheduled review, then delivery."""
    app = _current()
    review_if_due(app, _login)
    send_outbox(app, login=_login)


def review_if_due(app: App, login: str | None) -> int | None:
    """The review, on business days only (Norway's public holidays are not): run late (the scheduler was
    down, or `--once` on a Saturday after a missed Friday), it still reviews if the day it was due was a
    business day. The reminders it queued, or None when no review was due."""
    today = app.today()
    due = _due_day(app)
    if not is_business_day(due):
        log.info("%s is not a business day: no review", due)
        return None
    queued = run_review(app, login, today)
    log.info("review as of %s queued %d reminders", today, len(queued))
    return len(queued)


def _due_day(app: App) -> date:
    """The day of the latest weekday review time at or before now: the day this run was due."""
    now = app.clock().astimezone(app.zone)
    day = now.date() if now.time() >= app.settings.scheduler.review_time else now.date() - timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def daily_seal() -> None:
    """The scheduled seal; its copies to the supervisors go out with the next dispatch."""
    seal_if_keyed(_current(), _login)


def seal_if_keyed(app: App, login: str | None) -> int | None:
    """Seal a checkpoint of every history, as `login` (None: the product's system account), when the signing
    key is there: the checkpoint's number, or None (no key, or the seal was refused: logged, never raised, so
    the scheduler keeps running; a refusal means a history disagrees with a checkpoint: run `audit verify`)."""
    from states.errors import DomainError, Tampered
    from workflow.bootstrap import SYSTEM
    from workflow.checkpoints import alert_refused, seal_checkpoint

    key = app.signing_key_path
    if not key.exists():
        log.warning("no signing key at %s: no checkpoint sealed (rto audit keygen; [audit] signing_key)", key)
        return None
    try:
        sealed = seal_checkpoint(app, login or SYSTEM)
    except DomainError as error:  # its parameters name cases, households, files: never a person's data
        log.error("no checkpoint sealed: %s %s", error.code, error.params)
        if isinstance(error, Tampered):  # a history disagrees with a checkpoint: the supervisors are told
            alert_refused(app, login or SYSTEM, error)
        return None
    log.info("sealed checkpoint %d (%d cases, %d households) in %s, a copy queued to %s", sealed.number,
             sealed.cases, sealed.households, sealed.file, ", ".join(sealed.mailed) or "no supervisor")
    return sealed.number


def dispatch_outbox() -> None:
    delivery = send_outbox(_current(), login=_login)
    if delivery != Delivery():
        log.info("outbox: %s", delivery)


def _current() -> App:
    if _app is None:
        raise RuntimeError("the scheduler's App is not set")
    return _app


class SchedulerLock:
    """Who may act on this database. Held for the life of the process."""

    def __init__(self, app: App) -> None:
        self.app = app
        self._file: Any = None
        self._conn: Any = None

    def try_acquire(self) -> bool:
        path = sqlite_path(self.app.database_url)
        if path is not None:
            from filelock import FileLock, Timeout

            self._file = self._file or FileLock(f"{path}.scheduler.lock")
            try:
                self._file.acquire(timeout=0)
                return True
            except Timeout:
                return False
        self._conn = self._conn or self.app.db.engine.connect()
        held = bool(self._conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": _ADVISORY_KEY}).scalar())
        self._conn.commit()
        return held

    def acquire(self, stop: threading.Event, poll_seconds: float, on_wait: Callable[[], None]) -> bool:
        """Wait until the lock is ours (True) or `stop` is set (False)."""
        waited = False
        while not self.try_acquire():
            if not waited:
                on_wait()
                waited = True
            if stop.wait(poll_seconds):
                return False
        return True

    def release(self) -> None:
        if self._file is not None and self._file.is_locked:
            self._file.release()
        if self._conn is not None:
            self._conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _ADVISORY_KEY})
            self._conn.commit()
            self._conn.close()
            self._conn = None


def build_scheduler(app: App) -> Any:
    """A scheduler whose jobs live in the database, not yet started."""
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
    from apscheduler.schedulers.background import BackgroundScheduler

    return BackgroundScheduler(
        timezone=app.zone,
        jobstores={"default": SQLAlchemyJobStore(engine=app.db.engine, tablename="apscheduler_jobs")},
        executors={"default": {"type": "threadpool", "max_workers": 1}},
        job_defaults={"coalesce": True, "max_instances": 1,
                      "misfire_grace_time": int(MISFIRE_GRACE.total_seconds())},
    )


def ensure_jobs(scheduler: Any, app: App) -> None:
    """Add the jobs if the job store lacks them; keep their next run (a missed one included) if not.
    A changed review or seal time replaces the trigger."""
    from apscheduler.triggers.cron import CronTrigger
    from apscheduler.triggers.interval import IntervalTrigger

    at = app.settings.scheduler.review_time
    review = CronTrigger(day_of_week="mon-fri", hour=at.hour, minute=at.minute, timezone=app.zone)
    dispatch = IntervalTrigger(seconds=app.settings.scheduler.dispatch_seconds, timezone=app.zone)
    sealing = app.settings.scheduler.seal_time
    seal = CronTrigger(hour=sealing.hour, minute=sealing.minute, timezone=app.zone)
    for job_id, func, trigger in ((REVIEW_JOB, daily_review, review), (DISPATCH_JOB, dispatch_outbox, dispatch),
                                  (SEAL_JOB, daily_seal, seal)):
        job = scheduler.get_job(job_id)
        if job is None:
            scheduler.add_job(func, trigger, id=job_id, name=job_id)
        elif str(job.trigger) != str(trigger):
            scheduler.reschedule_job(job_id, trigger=trigger)


def run_scheduler(app: App, stop: threading.Event, once: bool = False, poll_seconds: float = 30.0,
                  on_wait: Callable[[], None] = lambda: None, scheduler_factory: Callable[[App], Any] = build_scheduler,
                  login: str | None = None) -> SchedulerRun:
    """Run until `stop` is set (or, with `once`, run each job one time), acting as `login` (an active
    supervisor, admin or system account; None: the product's own). Waits first for the lock."""
    global _app, _login
    if login is not None:
        with app.db.transaction() as conn:
            require_role(Work(app, conn, login).actor(), *DISPATCHERS)
    lock = SchedulerLock(app)
    if not lock.acquire(stop, poll_seconds, on_wait):
        return SchedulerRun(False)
    _app, _login = app, login
    try:
        if once:
            queued = review_if_due(app, login)
            sealed = seal_if_keyed(app, login)
            return SchedulerRun(True, queued is not None, queued or 0, send_outbox(app, login=login), sealed)
        scheduler = scheduler_factory(app)
        scheduler.start(paused=True)
        ensure_jobs(scheduler, app)
        scheduler.resume()  # due jobs, a missed review among them, run now
        stop.wait()
        scheduler.shutdown(wait=True)
        return SchedulerRun(True)
    finally:
        _app, _login = None, None
        lock.release()
