"""`rto case ...`: open, look at, record facts on, and move cases."""

from __future__ import annotations

from typing import Any

import click

from commands.app import app, pass_context
from commands.case_text import case_document, history_rows, print_case, print_history
from commands.completion import case_targets, fact_names
from commands.context import ID, VERSION, Context, Words, parse_day


class _StateName(click.ParamType):  # type: ignore[type-arg]
    """A state by its code or its Norwegian (or English) name; bad input names the valid ones in the
    user's language, and the nearest."""

    name = "state"

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
        from click.shell_completion import CompletionItem

        from states.journey import STATE_NAMES

        return [CompletionItem(code) for code in STATE_NAMES if code.startswith(incomplete)]

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from states.naming import state_named

        return state_named(str(value)).value


STATES = _StateName()
EXPECT = click.option("--expect-version", type=VERSION, metavar="N",
                      help="Refuse (exit 6) unless the case is still at version N, as you last saw it.")


@app.group("case")
def case() -> None:
    """Cases: one household's way from renting to owning.

    \b
    Example:
      rto case open 1
      rto case set 1 consent=yes income_monthly=52000 income_predictable=yes plan_agreed=yes
      rto case advance 1 motivated
    """


@case.command("open")
@click.argument("household_id", type=ID)
@click.option("--caseworker", metavar="LOGIN", help="Who holds the case (default: you; others: supervisors).")
@pass_context
def case_open(ctx: Context, household_id: int, caseworker: str | None) -> None:
    """Open a case for a household; it starts in `screened`. Prints the case id.

    \b
    Example:
      rto case open 3 --caseworker ola
    """
    from workflow.cases import open_case

    result = open_case(ctx.app, ctx.actor, household_id, caseworker)
    ctx.out.data(result, lambda: ctx.out.line(str(result.id)))


@case.command("show")
@click.argument("case_id", type=ID)
@pass_context
def case_show(ctx: Context, case_id: int) -> None:
    """Show a case: its facts, the affordability calculation, and what blocks each next step.

    \b
    Example:
      rto case show 12 --json
    """
    from workflow.views import show_case

    view = show_case(ctx.app, ctx.actor, case_id)
    out = ctx.out
    out.data(case_document(out, view), lambda: print_case(out, view))


@case.command("list")
@click.option("--state", type=STATES, help="Only cases in this state.")
@click.option("--caseworker", metavar="LOGIN", help="Only this caseworker's cases (supervisors).")
@click.option("--stalled", is_flag=True, help="Only cases with no activity for longer than their state allows.")
@click.option("--as-of", "as_of", metavar="DATE", help="With --stalled: as on this day (YYYY-MM-DD; default today).")
@pass_context
def case_list(ctx: Context, state: str | None, caseworker: str | None, stalled: bool, as_of: str | None) -> None:
    """List cases, newest first (a caseworker sees their own).

    \b
    Example:
      rto case list --state searching
      rto case list --stalled
    """
    from workflow.views import list_cases

    rows = list_cases(ctx.app, ctx.actor, state, caseworker, stalled, parse_day("--as-of", as_of))
    out = ctx.out

    def human() -> None:
        if not rows:
            out.line(out.label("no_cases"))
            return
        last = "stalled_since" if stalled else "last_activity"
        out.table(
            [out.label("case"), out.label("household"), out.label("state"), out.label("caseworker"),
             out.label("opened"), out.label(last)],
            [[r.id, f"{r.household_name} ({r.household})", out.state(r.state), r.caseworker, out.day_of(r.opened_at),
              out.formats.day(r.stalled_since) if r.stalled_since else out.when(r.last_activity_at)] for r in rows],
            wrap=(1,),  # the household's name; the rest keep their line
        )

    out.data(rows, human)


@case.command("set")
@click.argument("case_id", type=ID)
@click.argument("assignments", nargs=-1, required=True, metavar="KEY=VALUE...", shell_complete=fact_names)
@EXPECT
@pass_context
def case_set(ctx: Context, case_id: int, assignments: tuple[str, ...], expect_version: int | None) -> None:
    """Record facts. All are checked first; one bad value and nothing is written.

    Amounts are whole kroner, dates YYYY-MM-DD, yes/no facts yes or no, rates percent (5.2).
    An empty value (KEY=) clears a fact. Facts: consent income_monthly income_predictable
    debt_monthly fixed_costs_monthly childcare_monthly plan_agreed loan_amount grant_amount equity
    certificate_issued certificate_expires loan_rate loan_years term_reason repayment bank_loan_amount
    bank_loan_rate bank_loan_years startskudd_ref property property_type asking_price
    common_costs_monthly electricity_monthly insurance_monthly municipal_fees_monthly
    maintenance_monthly property_approved bid_amount bid_result purchase_price contract_date
    takeover_date tenancy_ended; and of the household: adults children child_ages (until its members
    are recorded) municipal_unit email email_consent.

    \b
    Example:
      rto case set 12 income_monthly=52000 income_predictable=yes debt_monthly=0
    """
    from workflow.cases import set_facts

    result = set_facts(ctx.app, ctx.actor, case_id, list(assignments), expect_version)
    out = ctx.out
    changed = ", ".join(result.changed)
    out.data(result, lambda: out.line(out.label("recorded", case=str(case_id), facts=changed) if changed
                                      else out.label("no_change")))


@case.command("note")
@click.argument("case_id", type=ID)
@click.argument("text", nargs=-1, required=True)
@pass_context
def case_note(ctx: Context, case_id: int, text: tuple[str, ...]) -> None:
    """Add a note to the case's history.

    \b
    Example:
      rto case note 12 "Visning i Storgata 5 lørdag; husstanden er positiv."
    """
    from workflow.cases import add_note

    result = add_note(ctx.app, ctx.actor, case_id, " ".join(text))
    ctx.out.data(result, lambda: ctx.out.line(ctx.out.label("note_added", case=str(case_id))))


def _step(ctx: Context, case_id: int, target: str | None, expect: int | None = None, **request: Any) -> None:
    from workflow.steps import StepRequest, take_step

    result = take_step(ctx.app, ctx.actor, case_id, StepRequest(target, **request), expect)
    out = ctx.out

    def human() -> None:
        out.line(f"{out.label('case')} {case_id}: {out.state(result.from_state)} → {out.state(result.state)}")
        for r in result.overridden:
            out.line(f"  ! {out.requirement(r)}")

    out.data(result, human)


@case.command("advance")
@click.argument("case_id", type=ID)
# STATE is checked by the journey, which names the valid states in the user's language
@click.argument("state", shell_complete=case_targets)
@click.option("--reason", help="Why (needed for an override or a correction backwards).")
@click.option("--override", is_flag=True, help="Supervisors: take a step someone else was refused.")
@EXPECT
@pass_context
def case_advance(ctx: Context, case_id: int, state: str, reason: str | None, override: bool,
                 expect_version: int | None) -> None:
    """Move a case to STATE; refused (exit 3) with every unmet requirement listed.

    STATE is one of: screened motivated financed searching bidding contracted moved_in
    (paused and closed have their own commands; a step backwards is a supervisor's, with --reason).

    \b
    Example:
      rto case advance 12 motivated
      rto --as kari case advance 12 financed --override --reason "Lånet er innvilget av Husbanken"
    """
    _step(ctx, case_id, state, expect_version, reason=reason, override=override)


@case.command("pause")
@click.argument("case_id", type=ID)
@click.option("--reason", required=True, help="Why the case waits (a life event).")
@pass_context
def case_pause(ctx: Context, case_id: int, reason: str) -> None:
    """Put a case on hold; `resume` brings it back to the state it left.

    \b
    Example:
      rto case pause 12 --reason "Fødsel i familien; tar opp igjen i mars"
    """
    _step(ctx, case_id, "paused", reason=reason)


@case.command("resume")
@click.argument("case_id", type=ID)
@pass_context
def case_resume(ctx: Context, case_id: int) -> None:
    """Resume a paused case into the state it left.

    \b
    Example:
      rto case resume 12
    """
    _step(ctx, case_id, None)


@case.command("close")
@click.argument("case_id", type=ID)
@click.option("--outcome", type=Words("OUTCOME_LABELS"), required=True, help="Why the household left.")
@click.option("--reason", required=True, help="In words.")
@pass_context
def case_close(ctx: Context, case_id: int, outcome: str, reason: str) -> None:
    """Close a case without a purchase, with an outcome code and a reason.

    \b
    Example:
      rto case close 12 --outcome private_rental --reason "Fant leilighet på det private markedet"
    """
    _step(ctx, case_id, "closed", reason=reason, outcome=outcome)


@case.command("reopen")
@click.argument("case_id", type=ID)
@click.option("--reason", required=True, help="Why the case is taken up again.")
@pass_context
def case_reopen(ctx: Context, case_id: int, reason: str) -> None:
    """Reopen a closed case into `screened` (supervisors).

    \b
    Example:
      rto --as kari case reopen 12 --reason "Ny jobb med fast inntekt"
    """
    _step(ctx, case_id, "screened", reason=reason)


@case.command("continue")
@click.argument("case_id", type=ID)
@click.option("--reason", required=True, help="Why the work goes on past the 12-month horizon.")
@pass_context
def case_continue(ctx: Context, case_id: int, reason: str) -> None:
    """Decide to go on with a case past the 12-month horizon (supervisors), with a reason.

    \b
    Example:
      rto --as siri case continue 12 --reason "Budrunde pågår; finansieringsbevis forlenget til mars"
    """
    from workflow.cases import continue_case

    result = continue_case(ctx.app, ctx.actor, case_id, reason)
    ctx.out.data(result, lambda: ctx.out.line(ctx.out.label("continued", case=str(case_id))))


@case.command("assign")
@click.argument("case_id", type=ID)
@click.argument("login")
@EXPECT
@pass_context
def case_assign(ctx: Context, case_id: int, login: str, expect_version: int | None) -> None:
    """Give a case to another caseworker (supervisors).

    \b
    Example:
      rto --as kari case assign 12 ola
    """
    from workflow.cases import assign

    result = assign(ctx.app, ctx.actor, case_id, login, expect_version)
    ctx.out.data(result, lambda: ctx.out.line(f"{ctx.out.label('case')} {case_id}: {result.previous} → {login}"))


@case.command("history")
@click.argument("case_id", type=ID)
@click.option("--csv", "as_csv", is_flag=True, help="CSV on stdout, one event a row.")
@pass_context
def case_history(ctx: Context, case_id: int, as_csv: bool) -> None:
    """The case's history, oldest first: who did what, when, before and after.

    \b
    Example:
      rto case history 12 --csv > sak-12.csv
    """
    from workflow.views import case_history as history

    events = history(ctx.app, ctx.actor, case_id)
    out = ctx.out
    if as_csv and not out.json_mode:
        headers, rows = history_rows(out, events)
        out.csv(headers, rows)
        return
    out.data(events, lambda: print_history(out, events))
