"""`rto report`: the supervisors' figures, as a table, JSON, CSV or one self-contained HTML file."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

import click

from commands.app import app, pass_context
from commands.context import OUTPUT, Context, write_file
from commands.output import Output
from states.labels import outcome_label

FORMATS = click.Choice(["table", "json", "csv", "html"])


@app.command("report")
@click.option("--year", type=click.IntRange(1990, 2200), help="The households, outcomes and funnel of one year.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True, help="How to print it.")
@OUTPUT
@pass_context
def report(ctx: Context, year: int | None, fmt: str, output: Path | None) -> None:
    """The supervisors' report: households moved in, the funnel, time in each state, outcomes, stalled
    cases, caseload (supervisors and admins).

    \b
    Example:
      rto --as siri report --year 2026
      rto --as siri report --format html -o rapport.html
    """
    from workflow.reports import build_report

    figures = build_report(ctx.app, ctx.actor, year)
    out = ctx.out
    if out.json_mode or fmt == "json":
        text = json.dumps(figures, ensure_ascii=False, indent=2)
    elif fmt == "csv":
        text = report_csv(figures)
    elif fmt == "html":
        from notifications.report import render_report

        text = render_report(figures, out.language, ctx.app.settings.timezone)
    else:
        buffer = io.StringIO()
        print_report(Output(False, out.language, ctx.app.settings.timezone, stream=buffer), figures)
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


def print_report(out: Output, r: dict[str, Any]) -> None:
    """The report as a supervisor reads it on a terminal."""
    title = f"{out.label('report')} {r['year']}" if r["year"] else out.label("report")
    out.line(f"{title} · {out.label('as_of')} {out.formats.day(r['as_of'])}")
    out.line()
    out.line(out.label("moved_in_per_year"))
    if r["moved_in"]:
        out.table([out.label("year"), out.label("households_h"), out.label("children"), out.label("units_released")],
                  [[y["year"], y["households"], y["children"], y["units_released"]] for y in r["moved_in"]])
    else:
        out.line(f"  {out.label('none')}")
    m = r["open_to_move_in"]
    out.line()
    out.line(f"{out.label('median_months')}: {_num(out, m['median_months'])} "
             f"({out.label('within_12')}: {_pct(out, m['share_within_12_months'])}, n={m['cases']})")
    c = r["certificate_conversion"]
    out.line(f"{out.label('conversion')}: {_pct(out, c['share'])} "
             f"({c['bought_within_4_months']} / {c['holders']}; Husbanken 2020-21: 47 %)")
    out.line()
    out.line(out.label("funnel"))
    top = max((f["cases"] for f in r["funnel"]), default=0) or 1
    for f in r["funnel"]:
        bar = "█" * round(30 * f["cases"] / top)
        out.line(f"  {out.state(f['state']):<12} {f['cases']:>6}  {bar}")
    out.line()
    out.line(out.label("time_in_state"))
    out.table([out.label("state"), out.label("stays"), out.label("median_days"), out.label("p90_days")],
              [[out.state(t["state"]), t["stays"], _num(out, t["median_days"]), _num(out, t["p90_days"])]
               for t in r["time_in_state"]])
    out.line()
    out.line(out.label("closed_by_outcome"))
    if r["closed_by_outcome"]:
        out.table([out.label("year"), out.label("outcome_h"), out.label("cases")],
                  [[o["year"], outcome_label(o["outcome"], out.language), o["cases"]] for o in r["closed_by_outcome"]])
    else:
        out.line(f"  {out.label('none')}")
    cur = r["current"]
    out.line()
    out.line(out.label("current_cases"))
    out.line("  " + " · ".join(f"{out.state(s)} {n}" for s, n in cur["by_state"].items()))
    for key in ("open", "stalled", "past_9_months", "past_12_months", "certificates_expiring_30_days",
                "certificates_expired"):
        out.line(f"  {out.label('cur_' + key):<46} {cur[key]:>6}")
    out.line()
    out.line(out.label("caseload"))
    out.table([out.label("caseworker"), out.label("name"), out.label("open_cases"), out.label("stalled_cases")],
              [[w["caseworker"] or "–", w["name"] or "–", w["open"], w["stalled"]] for w in cur["caseload"]])
    rem = r["reminders"]
    out.line()
    out.line(out.label("reminders") + ": " + " · ".join(
        f"{out.label('rem_' + k)} {rem[k]}" for k in ("sent", "pending", "failed")))


def report_csv(r: dict[str, Any]) -> str:
    """One row per figure: section, what, measure, value (for spreadsheets)."""
    rows: list[list[Any]] = [["section", "item", "measure", "value"]]
    for y in r["moved_in"]:
        rows += [["moved_in", y["year"], k, y[k]] for k in ("households", "children", "units_released")]
    for k, v in r["open_to_move_in"].items():
        rows.append(["open_to_move_in", "", k, v])
    rows += [["funnel", f["state"], "cases", f["cases"]] for f in r["funnel"]]
    for t in r["time_in_state"]:
        rows += [["time_in_state", t["state"], k, t[k]] for k in ("stays", "median_days", "p90_days")]
    for k, v in r["certificate_conversion"].items():
        rows.append(["certificate_conversion", "", k, v])
    rows += [["closed_by_outcome", o["year"], o["outcome"], o["cases"]] for o in r["closed_by_outcome"]]
    cur = r["current"]
    rows += [["current", s, "cases", n] for s, n in cur["by_state"].items()]
    rows += [["current", "", k, cur[k]] for k in ("open", "stalled", "past_9_months", "past_12_months",
                                                   "certificates_expiring_30_days", "certificates_expired")]
    for w in cur["caseload"]:
        rows += [["caseload", w["caseworker"], k, w[k]] for k in ("open", "stalled")]
    rows += [["reminders", "", k, v] for k, v in r["reminders"].items()]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()
