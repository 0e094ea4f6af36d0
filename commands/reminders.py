"""`rto review run`, `rto outbox list|send`, `rto scheduler run`: reviews, reminders and their delivery."""

from __future__ import annotations

import signal
import threading
from typing import Any

import click

from commands.app import app, pass_context
from commands.context import Context, parse_day

STATUSES = click.Choice(["pending", "sending", "sent", "failed"])


@app.group("review")
def review() -> None:
    """Reviews: find stalled cases, the 9- and 12-month horizon, expiring certificates, follow-ups
    and households due for reassessment, and queue reminders for them.

    \b
    Example:
      rto --as siri review run --dry-run
    """


@review.command("run")
@click.option("--as-of", "as_of", metavar="DATE", help="Review as of this day (YYYY-MM-DD; default today).")
@click.option("--dry-run", is_flag=True, help="Show what would be queued; queue nothing.")
@pass_context
def review_run(ctx: Context, as_of: str | None, dry_run: bool) -> None:
    """One review pass; lists each reminder it queued (case, kind, to). Supervisors and admins.

    Running it twice queues nothing twice. The scheduler runs it every business day.

    \b
    Example:
      rto --as siri review run --as-of 2026-12-01 --json
    """
    from workflow.reviews import run_review

    queued = run_review(ctx.app, ctx.actor, parse_day("--as-of", as_of), dry_run)
    out = ctx.out

    def human() -> None:
        if not queued:
            out.line(out.label("nothing_due"))
            return
        out.table([out.label("case"), out.label("kind"), out.label("to"), out.label("due")],
                  [[q["case"], q["kind"], f"{q['to']} <{q['address']}>" if q["to"] else out.label("nobody"),
                    out.formats.day(q["due_on"])]
                   for q in queued])
        out.line(out.label("dry_run" if dry_run else "queued", count=str(len(queued))))

    out.data(queued, human)


@app.group("outbox")
def outbox() -> None:
    """The outbox: reminders waiting to be sent, sent, and failed.

    \b
    Example:
      rto --as siri outbox list --status failed
    """


@outbox.command("list")
@click.option("--status", type=STATUSES, help="Only messages with this status.")
@pass_context
def outbox_list(ctx: Context, status: str | None) -> None:
    """Messages in the outbox, newest first (supervisors and admins).

    \b
    Example:
      rto --as siri outbox list --status failed
    """
    from workflow.outbox import outbox_listing

    result = outbox_listing(ctx.app, ctx.actor, status)
    out = ctx.out

    def human() -> None:
        counts = " · ".join(f"{k}: {v}" for k, v in result["counts"].items())
        out.line(counts)
        if result["messages"]:
            out.line()
            out.table(
                ["#", out.label("case"), out.label("kind"), out.label("to"), out.label("status"),
                 out.label("attempts"), out.label("detail")],
                [[m["id"], m["case"], m["kind"], m["address"], m["status"], m["attempts"],
                  m["last_error"] or m["subject"]] for m in result["messages"]],
            )

    out.data(result["messages"], human)


@outbox.command("send")
@pass_context
def outbox_send(ctx: Context) -> None:
    """Deliver what is due now: by SMTP when configured, else into the mail folder.

    \b
    Example:
      rto outbox send --json
    """
    from workflow.dispatch import send_outbox

    counts = send_outbox(ctx.app)
    out = ctx.out
    out.data({k: counts[k] for k in ("sent", "retried", "failed")},
             lambda: out.line(out.label("outbox_sent", **{k: str(v) for k, v in counts.items()})))


@app.group("scheduler")
def scheduler() -> None:
    """The scheduler: the daily review on business days, and delivery every minute.

    \b
    Example:
      rto scheduler run
    """


@scheduler.command("run")
@click.option("--once", is_flag=True, help="Run each job one time and exit.")
@pass_context
def scheduler_run(ctx: Context, once: bool) -> None:
    """Run the scheduler until stopped (SIGTERM or Ctrl-C). Only one acts per database; another waits.

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
    result: dict[str, Any] = run_scheduler(
        application, stop, once, application.settings.scheduler.lock_poll_seconds,
        on_wait=lambda: out.error(out.label("scheduler_waiting")))
    out.data(result, lambda: out.line(out.label("scheduler_done")) if once and result.get("ran") else None)
