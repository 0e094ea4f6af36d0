"""`rto review run`: one review pass, which queues the reminders that are due."""

from __future__ import annotations

import click

from commands.app import app, pass_context
from commands.context import Context, parse_day


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
    """One review pass; lists each reminder it queued (case, kind, to). Supervisors, admins and the
    system account.

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
                  [[q.case, out.pick_label("message_kind", q.kind),
                    f"{q.to} <{q.address}>" if q.to else out.label("nobody"), out.formats.day(q.due_on)]
                   for q in queued])
        out.line(out.label("dry_run" if dry_run else "queued", count=str(len(queued))))

    out.data(queued, human)
