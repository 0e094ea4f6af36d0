"""`rto audit ...`: checking that no history was altered."""

from __future__ import annotations

import click

from commands.app import app, pass_context
from commands.context import Context


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
    found = result.get("break")

    def human() -> None:
        if found is None:
            out.line(out.label("history_intact", events=str(result["events"]), cases=str(result["cases"])))

    out.data(result, human)
    if found is not None:
        problem = out.message(found["problem"], found["params"])
        event = found["seq"] if found["seq"] is not None else "–"
        out.error(out.message("audit_failed", {"case": found["case_id"], "event": event, "problem": problem}))
        raise click.exceptions.Exit(7)
