"""`rto report`: the supervisors' figures, as a table, JSON, CSV or one self-contained HTML file."""

from __future__ import annotations

import csv
import io
import json
import sys
import textwrap
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from commands import terminal
from commands.app import app, pass_context
from commands.context import OUTPUT, Context, write_file
from commands.output import Output
from notifications.report_words import ReportWords
from states.labels import outcome_label
from workflow.report_model import CurrentCases, Report

OVERVIEW_STEPS = ("households", "assessed", "prospects", "contacted", "interested", "cases_opened", "moved_in")
FORMATS = click.Choice(["table", "json", "csv", "html"])


@app.command("report")
@click.option("--year", type=click.IntRange(1990, 2200), help="The households, outcomes and funnel of one year.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True, help="How to print it.")
@OUTPUT
@pass_context
def report(ctx: Context, year: int | None, fmt: str, output: Path | None) -> None:
    """The supervisors' report: the cases to act on (by id and caseworker), households moved in month
    by month against the target, the funnel, time in each state, outcomes, caseload, and what each
    figure counts (supervisors and admins).

    \b
    Example:
      rto --as siri report --year 2026
      rto --as siri report --format html -o rapport.html
    """
    from workflow.reports import build_report

    figures = build_report(ctx.app, ctx.actor, year)
    out = ctx.out
    if out.json_mode or fmt == "json":
        text = json.dumps(out.plain(figures), ensure_ascii=False, indent=2)
    elif fmt == "csv":
        text = report_csv(figures)
    elif fmt == "html":
        from notifications.report import report_html

        text = report_html(out.plain(figures), out.language, ctx.app.settings.timezone)
    else:
        buffer = io.StringIO()
        print_report(Output(False, out.language, ctx.app.settings.timezone, stream=buffer), figures,
                     terminal_width(output is None))
        text = buffer.getvalue()
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        write_file(output, text)
        out.error(out.label("written_to", path=str(output)))


def _pct(out: Output, share: float | None) -> str:
    return "–" if share is None else out.formats.percent(100 * share)


def _num(out: Output, value: float | None) -> str:
    return "–" if value is None else out.formats.number(value, '#,##0.#')


def terminal_width(to_terminal: bool) -> int | None:
    """The width to fit the report's lines to: COLUMNS when set, else the terminal's when it goes to one; None (a
    file, a pipe): lines as they are."""
    return terminal.width(sys.stdout if to_terminal else None)


def print_report(out: Output, r: Report, width: int | None = None) -> None:
    """The report as a supervisor reads it on a terminal: what to act on first, then the trend, the figures,
    and what each counts. Lines longer than `width` are wrapped."""
    words = ReportWords(out.language, out.formats.zone.key)
    plain = out.plain(r)

    def say(text: str = "") -> None:  # wrapped under its own indent, as Output.line does on a terminal
        for part in (text if width is None or len(text) <= width else terminal.wrapped(text, width)).split("\n"):
            out.line(part)

    title = f"{out.label('report')} {r.year}" if r.year else out.label("report")
    out.line(f"{title} · {out.label('as_of')} {out.formats.day(r.as_of)}")
    say(words.period(plain))
    out.line()
    _print_to_act_on(out, words, plain)
    out.line()
    _print_trend(out, words, plain)
    out.line()
    out.line(out.label("moved_in_per_year"))
    if r.moved_in:
        out.table([out.label("year"), out.label("households_h"), out.label("children"), out.label("units_released")],
                  [[y.year, y.households, y.children, y.units_released] for y in r.moved_in])
    else:
        out.line(f"  {out.label('none')}")
    m = r.open_to_move_in
    out.line()
    parts = [f"n={m.cases}"]
    if m.horizon_months is not None:
        within = out.label("within_horizon", months=str(m.horizon_months))
        parts.insert(0, f"{within}: {_pct(out, m.share_within_horizon)}")
    say(f"{out.label('median_months')}: {_num(out, m.median_months)} ({', '.join(parts)})")
    c = r.certificate_conversion
    benchmark = f"; {c.benchmark_source}: {out.formats.percent(c.benchmark_percent, '0.#')}" \
        if c.benchmark_percent is not None else ""
    say(f"{out.label('conversion', months=str(c.window_months))}: {_pct(out, c.share)} "
        f"({c.bought_within_window} / {c.holders}{benchmark})")
    say(f"{out.label('never_bought')}: {_pct(out, c.share_never_bought)} ({c.never_bought} / {c.holders})")
    out.line()
    out.line(out.label("funnel"))
    top = max((f.cases for f in r.funnel), default=0) or 1
    for f in r.funnel:
        bar = "█" * round(30 * f.cases / top)
        out.line(f"  {out.state(f.state):<12} {f.cases:>6}  {bar}")
    out.line()
    out.line(out.label("time_in_state"))
    out.table([out.label("state"), out.label("stays"), out.label("median_days"), out.label("p90_days")],
              [[out.state(t.state), t.stays, _num(out, t.median_days), _num(out, t.p90_days)] for t in r.time_in_state])
    out.line()
    out.line(out.label("closed_by_outcome"))
    if r.closed_by_outcome:
        out.table([out.label("year"), out.label("outcome_h"), out.label("cases")],
                  [[o.year, outcome_label(o.outcome, out.language), o.cases] for o in r.closed_by_outcome])
    else:
        out.line(f"  {out.label('none')}")
    cur = r.current
    out.line()
    out.line(out.label("current_cases"))
    say("  " + " · ".join(f"{out.state(s)}\u00a0{n}" for s, n in cur.by_state.items()))
    for label, value in current_lines(out, cur):
        out.line(f"  {label:<46} {'–' if value is None else value:>6}")
    out.line()
    out.line(out.label("caseload"))
    out.table([out.label("caseworker"), out.label("name"), out.label("open_cases"), out.label("stalled_cases")],
              [[w.caseworker or "–", w.name or "–", w.open, w.stalled] for w in cur.caseload])
    rem = r.reminders
    out.line()
    out.line(out.label("reminders") + ": " + " · ".join(
        f"{out.label('rem_' + k)} {rem[k]}" for k in ("sent", "pending", "failed")))
    if r.overview is not None:
        from commands.overview import print_funnel

        out.line()
        print_funnel(out, r.overview)
    out.line()
    out.line(words.say("definitions"))
    for text in words.definitions(plain):
        for part in textwrap.wrap(text, min(width or 78, 78), initial_indent="- ", subsequent_indent="  ",
                                  break_on_hyphens=False):
            out.line(part)


def _print_to_act_on(out: Output, words: ReportWords, r: dict[str, Any]) -> None:
    """The cases to act on, one line per reason (a case's further reasons under its first)."""
    cases = r["to_act_on"]["cases"]
    out.line(words.say("act_heading", count=len(cases)))
    if not cases:
        out.line(f"  {words.say('act_none')}")
    else:
        rows: list[list[Any]] = []
        for c in cases:
            first, *more = words.reasons(c, r)
            rows.append([c["case"], c["caseworker"] or words.say("act_unassigned"), out.state(c["state"]), first])
            rows += [["", "", "", reason] for reason in more]
        out.table([words.say("act_case"), words.say("act_caseworker"), words.say("act_state"), words.say("act_what")],
                  rows)
    prospects = r["to_act_on"]["prospects_not_contacted"]
    if prospects is not None:
        out.line()
        out.line(words.say("act_prospects", count=len(prospects)))
        if not prospects:
            out.line(f"  {words.say('act_prospects_none')}")
        else:
            out.table([words.say("act_household"), words.say("act_caseworker"), words.say("act_assessed")],
                      [[p["household"], p["caseworker"] or words.say("act_unassigned"),
                        out.formats.day(p["assessed_on"]) if p["assessed_on"] else "–"] for p in prospects])


def _print_trend(out: Output, words: ReportWords, r: dict[str, Any]) -> None:
    trend = r["trend"]
    out.line(words.trend_heading(trend))
    if trend["months"]:
        out.table([words.say("trend_month"), words.say("trend_moved_in"), words.say("trend_cumulative"),
                   words.say("trend_target")],
                  [[out.formats.short_month(f"{m['month']}-01"), m["households"], m["cumulative"],
                    words.number(m["target_cumulative"])] for m in trend["months"]])
    out.line(words.trend_summary(trend))


def current_lines(out: Output, cur: CurrentCases) -> list[tuple[str, int | None]]:
    """The figures of the cases now, each labelled with the window it counts by (None: "never")."""
    def past(months: int | None) -> str:
        return out.label("cur_past_horizon_never") if months is None else out.label("cur_past_horizon",
                                                                                     months=str(months))

    return [(out.label("cur_open"), cur.open), (out.label("cur_stalled"), cur.stalled),
            (past(cur.horizon_warning_months), cur.past_horizon_warning),
            (past(cur.horizon_escalation_months), cur.past_horizon_escalation),
            (out.label("cur_certificates_expiring", days=str(cur.expiring_window_days)), cur.certificates_expiring),
            (out.label("cur_certificates_expired"), cur.certificates_expired)]


def report_csv(r: Report) -> str:
    """One row per figure: section, what, measure, value (for spreadsheets)."""
    rows: list[list[Any]] = [["section", "item", "measure", "value"]]
    for y in r.moved_in:
        rows += [["moved_in", y.year, k, getattr(y, k)] for k in ("households", "children", "units_released")]
    for k, v in asdict(r.open_to_move_in).items():
        rows.append(["open_to_move_in", "", k, v])
    rows += [["funnel", f.state, "cases", f.cases] for f in r.funnel]
    for t in r.time_in_state:
        rows += [["time_in_state", t.state, k, getattr(t, k)] for k in ("stays", "median_days", "p90_days")]
    for k, v in asdict(r.certificate_conversion).items():
        rows.append(["certificate_conversion", "", k, v])
    rows += [["closed_by_outcome", o.year, o.outcome, o.cases] for o in r.closed_by_outcome]
    cur = r.current
    rows += [["current", s, "cases", n] for s, n in cur.by_state.items()]
    rows += [["current", "", k, getattr(cur, k)] for k in (
        "open", "stalled", "horizon_warning_months", "past_horizon_warning", "horizon_escalation_months",
        "past_horizon_escalation", "expiring_window_days", "certificates_expiring", "certificates_expired")]
    for w in cur.caseload:
        rows += [["caseload", w.caseworker, k, getattr(w, k)] for k in ("open", "stalled")]
    rows += [["reminders", "", k, v] for k, v in r.reminders.items()]
    rows += [["report", "", "made_at", r.made_at], ["period", "", "start", r.period.start],
             ["period", "", "end", r.period.end]]
    for a in r.to_act_on.cases:
        rows += [["to_act_on", a.case, k, getattr(a, k)] for k in ("caseworker", "state", "opened_on")]
        details = {"stalled": a.stalled_since, "past_horizon_escalation": a.months_open,
                   "past_horizon_warning": a.months_open}
        rows += [["to_act_on", a.case, reason, details.get(reason, a.certificate_expires)] for reason in a.reasons]
    rows += [["stall_days", state, "days", days] for state, days in r.to_act_on.stall_days.items()]
    for p in r.to_act_on.prospects_not_contacted or []:
        rows += [["prospects_not_contacted", p.household, k, getattr(p, k)] for k in ("caseworker", "assessed_on")]
    trend = r.trend
    for mm in trend.months:
        rows += [["trend", mm.month, k, getattr(mm, k)] for k in ("households", "cumulative", "target_cumulative")]
    rows += [["trend", "", k, getattr(trend, k)] for k in ("households", "target", "target_per_year", "target_source")]
    if r.overview is not None:  # the overview's funnel, before and through the cases
        o = r.overview
        rows += [["overview_funnel", "", "period_from", o.period_from],
                 ["overview_funnel", "", "period_to", o.period_to]]
        rows += [["overview_funnel", step, "count", getattr(o, step)] for step in OVERVIEW_STEPS]
        for u in o.units_released:
            rows += [["overview_units", u.year, k, getattr(u, k)] for k in ("released", "register_units")]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()
