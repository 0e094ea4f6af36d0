"""`rto audit ...`: checking that no history was altered."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from commands.app import app, pass_context
from commands.context import ID, OUTPUT, Context, parse_day


@app.group("audit")
def audit() -> None:
    """Audit: verify the case histories.

    \b
    Example:
      rto --as kari audit verify
    """


@audit.command("verify")
@pass_context
def audit_verify(ctx: Context) -> None:
    """Verify every case's history: exit 0 when intact, 7 naming the first altered event.

    \b
    Example:
      rto --as kari audit verify
    """
    from workflow.audit import verify_histories

    result = verify_histories(ctx.app, ctx.actor)
    out = ctx.out
    found = result.found

    def human() -> None:
        if found is None:
            out.line(out.label("history_intact", events=str(result.events), cases=str(result.cases),
                               households=str(result.households), household_events=str(result.household_events)))

    out.data(result, human)
    if found is not None:
        problem = out.message(found.problem, found.params)
        event = found.seq if found.seq is not None else "–"
        if found.case_id == 0 and "household" in found.params:  # a household's own history
            out.error(out.message("audit_failed_household", {"household": found.params["household"], "event": event,
                                                             "problem": problem}))
        else:
            out.error(out.message("audit_failed", {"case": found.case_id, "event": event, "problem": problem}))
        raise click.exceptions.Exit(7)


@audit.command("access")
@click.argument("case_id", type=ID, required=False)
@click.option("--by", "by", metavar="LOGIN", help="What this staff member has looked at.")
@click.option("--since", metavar="DATE", help="Only from this day (YYYY-MM-DD).")
@pass_context
def audit_access(ctx: Context, case_id: int | None, by: str | None, since: str | None) -> None:
    """Who has looked at a case (show, history, export), or what a staff member has looked at, newest
    first (supervisors and admins).

    \b
    Example:
      rto --as kari audit access 12
      rto --as kari audit access --by ola --since 2026-01-01
    """
    from workflow.access import access_log

    if case_id is None and by is None:
        from states.errors import InvalidInput

        raise InvalidInput("access_needs_case_or_login")
    rows = access_log(ctx.app, ctx.actor, case_id, by, parse_day("--since", since))
    out = ctx.out
    out.data(rows, lambda: out.table(
        [out.label("at"), out.label("actor"), out.label("case"), out.label("kind")],
        [[out.when(r.at), r.login, r.case if r.case is not None else f"{out.label('household').lower()} {r.household}",
          out.label("access_" + r.action)] for r in rows])
        if rows else out.line(out.label("no_access_by", login=by) if by else out.label("no_access")))


@audit.command("export")
@click.option("--from", "start", metavar="DATE", help="From this day (YYYY-MM-DD; default: the beginning).")
@click.option("--to", "end", metavar="DATE", help="To this day, inclusive (default: today).")
@OUTPUT
@pass_context
def audit_export(ctx: Context, start: str | None, end: str | None, output: Path | None) -> None:
    """Every history event in a date range as JSON lines, for archiving: each line carries the exact
    details text and hashes it was written with, so the archive can be verified later (supervisors and
    admins). Every case exported is recorded in the access log.

    \b
    Example:
      rto --as kari audit export --from 2026-01-01 --to 2026-12-31 -o historikk-2026.jsonl
    """
    from states.errors import InvalidInput
    from workflow.audit import export_events

    first, last = parse_day("--from", start), parse_day("--to", end)
    if output is None:
        export_events(ctx.app, ctx.actor, first, last, sys.stdout.write)
        return
    partial = output.with_name(output.name + ".part")  # the archive appears whole, or not at all
    try:
        with partial.open("w", encoding="utf-8") as fh:
            count = export_events(ctx.app, ctx.actor, first, last, fh.write)
        partial.replace(output)
    except OSError as error:
        raise InvalidInput("cannot_write", path=str(output), why=error.strerror or str(error)) from None
    finally:
        partial.unlink(missing_ok=True)
    ctx.out.error(ctx.out.label("exported", count=str(count), path=str(output)))

