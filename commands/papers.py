"""`rto case docs|doc`: the papers a case needs, as references to the municipality's archive."""

from __future__ import annotations

import click

from commands.app import pass_context
from commands.cases import EXPECT, case
from commands.context import ID, Context, Words


@case.command("docs")
@click.argument("case_id", type=ID)
@pass_context
def case_docs(ctx: Context, case_id: int) -> None:
    """The case's papers: each document of the checklist (per adult where each supplies one), the step
    that needs it, and whether it is received, waived or missing.

    \b
    Example:
      rto case docs 12
    """
    from workflow.papers import list_papers

    papers = list_papers(ctx.app, ctx.actor, case_id)
    out = ctx.out

    def human() -> None:
        out.table([out.label("paper"), out.label("member"), out.label("needed_for"), out.label("status"),
                   out.label("archive_ref")],
                  [[f"{p.label} ({p.key})", f"{p.member_name} ({p.member})" if p.member is not None else "–",
                    out.state(p.needed_for), out.pick_label("paper_status", p.status), p.ref or p.reason or "–"]
                   for p in papers])

    out.data([{"key": p.key, "status": p.status, "needed_for": p.needed_for, "member": p.member,
               "member_name": p.member_name, "label": p.label, "ref": p.ref, "reason": p.reason} for p in papers],
             human)


@case.command("doc")
@click.argument("case_id", type=ID)
@click.argument("key")
@click.argument("status", type=Words("PAPER_STATUS_LABELS"))
@click.option("--member", type=ID, metavar="MEMBER", help="Whose paper, where each adult supplies one.")
@click.option("--ref", metavar="TEXT", help="The document's reference in the municipality's archive.")
@click.option("--reason", metavar="TEXT", help="Why it is waived (supervisors), or missing again.")
@EXPECT
@pass_context
def case_doc(ctx: Context, case_id: int, key: str, status: str, member: int | None, ref: str | None,
             reason: str | None, expect_version: int | None) -> None:
    """Record a paper as received (with its archive reference), waived (a supervisor's, with a reason) or
    missing again. rto keeps the reference, never the document.

    \b
    Example:
      rto case doc 12 tax_return received --member 31 --ref "2026/1432-7"
      rto case doc 12 payslips waived --member 32 --reason "Uføretrygd: vedtak fra NAV ligger i saken"
    """
    from workflow.papers import record_paper

    result = record_paper(ctx.app, ctx.actor, case_id, key, status, member, ref, reason, expect_version)
    out = ctx.out
    out.data(result, lambda: out.line(out.label("paper_recorded" if result.changed else "no_change",
                                                case=str(case_id), paper=key,
                                                status=out.pick_label("paper_status", status))))
