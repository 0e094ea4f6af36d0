"""`rto outbox list|send`: the reminders waiting to be sent, sent, and failed; and their delivery."""

from __future__ import annotations

import click

from commands.app import app, pass_context
from commands.context import Context, Words

STATUSES = Words("OUTBOX_STATUS_LABELS")


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
    """Messages in the outbox, newest first (supervisors, admins and the system account).

    \b
    Example:
      rto --as siri outbox list --status failed
    """
    from workflow.outbox import outbox_listing

    result = outbox_listing(ctx.app, ctx.actor, status)
    out = ctx.out

    def human() -> None:
        out.line(" · ".join(f"{out.pick_label('outbox_status', k)}: {v}" for k, v in result.counts.items()))
        if result.messages:
            out.line()
            out.table(
                ["#", out.label("case"), out.label("kind"), out.label("to"), out.label("status"),
                 out.label("attempts"), out.label("detail")],
                [[m.id, m.case, out.pick_label("message_kind", m.kind), m.address,
                  out.pick_label("outbox_status", m.status), m.attempts, m.last_error or m.subject]
                 for m in result.messages],
            )

    out.data(result.messages, human)


@outbox.command("send")
@pass_context
def outbox_send(ctx: Context) -> None:
    """Deliver what is due now: by SMTP when configured, else into the mail folder (supervisors, admins and
    the system account).

    \b
    Example:
      rto outbox send --json
    """
    from workflow.dispatch import send_outbox

    delivery = send_outbox(ctx.app, login=ctx.actor)
    out = ctx.out
    out.data({"sent": delivery.sent, "retried": delivery.retried, "failed": delivery.failed},
             lambda: out.line(out.label("outbox_sent", sent=str(delivery.sent), retried=str(delivery.retried),
                                        failed=str(delivery.failed))))
