"""`rto retention run`: erase personal data past its retention period."""

from __future__ import annotations

import click

from commands.app import app, pass_context
from commands.context import Context


@app.group("retention")
def retention() -> None:
    """Retention: erase the personal data of households whose last case ended, and whose last activity
    in the overview happened, longer ago than the policy's retention_years, keeping the statistics and the
    histories' verifiability.

    \b
    Example:
      rto --as adm retention run --dry-run
    """


@retention.command("run")
@click.option("--dry-run", is_flag=True, help="List the households that would be erased; change nothing.")
@pass_context
def retention_run(ctx: Context, dry_run: bool) -> None:
    """Erase names, contact details, identity numbers, register ids, free text and figures of every
    household past the retention period (admins and the system account): one with cases, counted from
    the later of its last case's end and its last activity in the overview; one without (the tenant
    pool), from its last activity (registered, changed by an import, figures, assessed, contacted). Each
    erasure is recorded, with counts only, in the household's history and its cases'; `rto audit verify`
    passes afterwards. A register row of an erased household is registered anew by the next import.
    Irreversible: try --dry-run.

    \b
    Example:
      rto --as adm --json retention run --dry-run
    """
    from workflow.retention import run_retention

    run = run_retention(ctx.app, ctx.actor, dry_run)
    out = ctx.out

    def human() -> None:
        if run.years is None or run.ended_before is None:
            out.line(out.label("retention_never"))
            return
        out.line(out.label("retention_rule", years=str(run.years), day=out.formats.day(run.ended_before.isoformat()),
                           source=run.source))
        out.line(out.label("retention_activity"))
        if run.erased:
            out.table([out.label("household"), out.label("cases"), out.label("ended_on"), out.label("values"),
                       out.label("members"), out.label("identity_numbers"), out.label("decisions"),
                       out.label("mails"), out.label("overview_rows")],
                      [[e.household, " ".join(str(c) for c in e.cases), out.formats.day(e.ended_on.isoformat()),
                        e.values, e.members, e.identity_numbers, e.decisions, e.mails, e.overview]
                       for e in run.erased])
        for kept in run.kept:
            out.line(out.label("retention_kept", household=str(kept.household),
                               day=out.formats.day(kept.ended_on.isoformat()), events=str(kept.altered_events)))
        if not run.erased and not run.kept:
            out.line(out.label("retention_none"))
        elif run.erased:
            out.line(out.label("retention_dry_run" if dry_run else "retention_erased", count=str(len(run.erased))))

    out.data(run, human)
