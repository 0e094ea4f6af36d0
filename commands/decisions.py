"""`rto decision ...`: enkeltvedtak on individual assistance, with four eyes, and their letters."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from commands.app import app, pass_context
from commands.context import ID, OUTPUT, Context, Words, write_file
from commands.output import Output
from workflow.results_people import DecisionView


@app.group("decision")
def decision() -> None:
    """Decisions on individual assistance (enkeltvedtak under the Boligsosial lov): a caseworker proposes,
    a supervisor other than the proposer approves or rejects, and the household gets a letter.

    \b
    Example:
      rto --as ola decision propose 12 --kind help_granted --content "Veiledning ..." --reason "..."
      rto --as siri decision approve 4
      rto --as ola decision letter 4 --format pdf -o vedtak-4.pdf
    """


@decision.command("propose")
@click.argument("case_id", type=ID)
@click.option("--kind", type=Words("DECISION_KIND_LABELS"), required=True, help="What is decided.")
@click.option("--reason", required=True, help="The reasons (forvaltningsloven §§ 24-25): the facts and the "
              "considerations the decision rests on.")
@click.option("--content", help="The main content of the help (boligsosialloven § 7); default: the letter's "
              "standard description of the programme's help.")
@pass_context
def decision_propose(ctx: Context, case_id: int, kind: str, reason: str, content: str | None) -> None:
    """Propose a decision on your case; prints its id. A supervisor other than you decides it.

    \b
    Example:
      rto decision propose 12 --kind help_granted --reason "Stabil inntekt, kan betjene et startlån ..."
    """
    from workflow.decisions import propose

    result = propose(ctx.app, ctx.actor, case_id, kind, reason, content)
    ctx.out.data({"id": result.id, "status": result.status, "case": result.case},
                 lambda: ctx.out.line(str(result.id)))


@decision.command("approve")
@click.argument("decision_id", type=ID)
@click.option("--note", help="A note with the approval.")
@pass_context
def decision_approve(ctx: Context, decision_id: int, note: str | None) -> None:
    """Approve a proposed decision (a supervisor other than the proposer). The caseworker is told its letter
    is ready.

    \b
    Example:
      rto --as siri decision approve 4
    """
    from workflow.decisions import approve

    _decided(ctx, approve(ctx.app, ctx.actor, decision_id, note))


@decision.command("reject")
@click.argument("decision_id", type=ID)
@click.option("--reason", required=True, help="Why; the caseworker may propose anew.")
@pass_context
def decision_reject(ctx: Context, decision_id: int, reason: str) -> None:
    """Reject a proposed decision (a supervisor other than the proposer), with a reason.

    \b
    Example:
      rto --as siri decision reject 4 --reason "Inntekten er ikke dokumentert"
    """
    from workflow.decisions import reject

    _decided(ctx, reject(ctx.app, ctx.actor, decision_id, reason))


def _decided(ctx: Context, result: object) -> None:
    from workflow.results_people import DecisionMade

    assert isinstance(result, DecisionMade)
    out = ctx.out
    out.data({"id": result.id, "status": result.status, "case": result.case},
             lambda: out.line(out.label("decision_now", decision=str(result.id),
                                        status=out.pick_label("decision_status", result.status))))


@decision.command("list")
@click.argument("case_id", type=ID, required=False)
@pass_context
def decision_list(ctx: Context, case_id: int | None) -> None:
    """The decisions of a case, or of every case you may see, newest first.

    \b
    Example:
      rto decision list 12
    """
    from workflow.decisions import list_decisions

    rows = list_decisions(ctx.app, ctx.actor, case_id)
    out = ctx.out

    def human() -> None:
        if not rows:
            out.line(out.label("no_decisions"))
            return
        out.table([out.label("decision"), out.label("case"), out.label("kind_h"), out.label("status"),
                   out.label("proposed_by"), out.label("decided_by")],
                  [[d.id, d.case, out.pick_label("decision_kind", d.kind), out.pick_label("decision_status", d.status),
                    f"{d.proposed_by} {out.when(d.proposed_at)}",
                    f"{d.decided_by} {out.when(d.decided_at)}" if d.decided_at else "–"] for d in rows])

    out.data(rows, human)


@decision.command("show")
@click.argument("decision_id", type=ID)
@pass_context
def decision_show(ctx: Context, decision_id: int) -> None:
    """One decision: what it decides, the content and reasons, who proposed and who decided.

    \b
    Example:
      rto decision show 4
    """
    from workflow.decisions import show_decision

    view = show_decision(ctx.app, ctx.actor, decision_id)
    out = ctx.out
    out.data(view, lambda: print_decision(out, view))


def print_decision(out: Output, d: DecisionView) -> None:
    out.line(f"{out.label('decision')} {d.id} · {out.label('case').lower()} {d.case} · "
             f"{out.pick_label('decision_kind', d.kind)} · {out.pick_label('decision_status', d.status)}")
    out.line(f"  {out.label('proposed_by'):<14} {d.proposed_by} {out.when(d.proposed_at)}")
    if d.decided_at is not None:
        out.line(f"  {out.label('decided_by'):<14} {d.decided_by} {out.when(d.decided_at)}")
    out.line(f"  {out.label('content'):<14} {d.content or out.label('standard_content')}")
    out.line(f"  {out.label('reasons'):<14} {d.reasons}")
    if d.note:
        out.line(f"  {out.label('decision_note'):<14} {d.note}")


@decision.command("letter")
@click.argument("decision_id", type=ID)
@click.option("--format", "fmt", type=click.Choice(["html", "pdf"]), default="pdf", show_default=True)
@click.option("--language", type=click.Choice(["nb", "nn", "en"]),
              help="The letter's language (default: the household's).")
@OUTPUT
@pass_context
def decision_letter(ctx: Context, decision_id: int, fmt: str, language: str | None, output: Path | None) -> None:
    """The decision's letter to the household, as PDF or HTML. It holds personal data: print it or send it
    by secure digital post, never by plain email.

    \b
    Example:
      rto decision letter 4 --format pdf -o vedtak-4.pdf
      rto decision letter 4 --format html --language nn -o vedtak-4.html
    """
    from workflow.decisions import letter

    result = letter(ctx.app, ctx.actor, decision_id, fmt, language)
    out = ctx.out
    if output is not None:
        write_file(output, result.content)
        out.data(result, lambda: out.line(out.label("written_to", path=str(output))))
    elif fmt == "pdf" and sys.stdout.isatty():
        from states.errors import InvalidInput

        raise InvalidInput("pdf_to_terminal", decision=decision_id)
    elif out.json_mode:
        out.data(result, lambda: None)
    else:
        sys.stdout.buffer.write(result.content)
        sys.stdout.flush()
