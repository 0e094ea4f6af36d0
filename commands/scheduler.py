"""`rto scheduler run`: the long-running scheduler (the daily review, and delivery every minute)."""

from __future__ import annotations

import signal
import threading

import click

from commands.app import app, pass_context
from commands.context import Context


@app.group("scheduler")
def scheduler() -> None:
    """The scheduler: the daily review on business days, the daily seal, and delivery every minute.

    \b
    Example:
      rto scheduler run
    """


@scheduler.command("run")
@click.option("--once", is_flag=True, help="Run each job one time and exit.")
@pass_context
def scheduler_run(ctx: Context, once: bool) -> None:
    """Run the scheduler until stopped (SIGTERM or Ctrl-C), as a system account (or a supervisor or admin).
    Only one acts per database; another waits.

    \b
    Example:
      rto scheduler run --once
    """
    import logging

    from workflow.scheduler import run_scheduler

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    out = ctx.out
    application = ctx.app
    result = run_scheduler(application, stop, once, application.settings.scheduler.lock_poll_seconds,
                           on_wait=lambda: out.error(out.label("scheduler_waiting")), login=ctx.actor)
    def human() -> None:
        if once and result.ran:
            out.line(out.label("scheduler_done"))
            if result.sealed is not None:
                out.line(out.label("scheduler_sealed", number=str(result.sealed)))

    out.data(result, human)
