"""The supervisors' report as one self-contained HTML file: text, tables and inline SVG charts."""

from __future__ import annotations

from typing import Any

from notifications.charts import cumulative_lines, horizontal_bars, range_bars, stacked_columns
from notifications.formatting import LocaleFormats
from notifications.messages import environment
from notifications.report_words import ReportWords
from states.labels import outcome_label, state_label

_WORDS: dict[str, dict[str, Any]] = {  # the charts' own words
    "nb": {"funnel": "Saker som nådde hvert steg", "time": "Tid i hver status (dager)",
           "legend": ("median", "90. persentil"), "days": "dager", "outcomes": "Utfall per år",
           "moved_in": "flyttet inn"},
    "nn": {"funnel": "Saker som nådde kvart steg", "time": "Tid i kvar status (dagar)",
           "legend": ("median", "90. persentil"), "days": "dagar", "outcomes": "Utfall per år",
           "moved_in": "flytta inn"},
    "en": {"funnel": "Cases that reached each state", "time": "Time in each state (days)",
           "legend": ("median", "90th percentile"), "days": "days", "outcomes": "Outcomes per year",
           "moved_in": "moved in"},
}


def report_html(report: dict[str, Any], language: str, timezone: str = "Europe/Oslo") -> str:
    """The report (its plain form) as one self-contained HTML page in `language`."""
    words = _WORDS.get(language, _WORDS["nb"])
    funnel = horizontal_bars(
        [(state_label(f["state"], language), f["cases"], str(f["cases"])) for f in report["funnel"]],
        words["funnel"])
    times = range_bars(
        [(state_label(t["state"], language), t["median_days"], t["p90_days"]) for t in report["time_in_state"]],
        words["time"], words["days"], words["legend"], LocaleFormats(language, timezone).number)
    outcomes = _outcomes_chart(report, language, words)
    said = ReportWords(language, timezone)
    trend = _trend_chart(report, said)
    env = environment(language, timezone)
    from markupsafe import Markup

    template = env.get_template(f"report/{language}/report.html")
    return str(template.render(r=report, charts={"funnel": Markup(funnel), "times": Markup(times),
                                                 "outcomes": Markup(outcomes), "trend": Markup(trend)},
                               state=lambda s: state_label(s, language),
                               outcome=lambda o: outcome_label(o, language), words=said))


def _trend_chart(report: dict[str, Any], said: ReportWords) -> str:
    """The households moved in, added up month by month, against the target's pace."""
    trend = report["trend"]
    months = trend["months"]
    target = None if trend["target_per_year"] is None else [m["target_cumulative"] for m in months]
    return cumulative_lines(
        [said.formats.short_month(f"{m['month']}-01") for m in months], [m["households"] for m in months], target,
        said.say("trend_chart"), (said.say("trend_legend_moved_in"),
                                  said.say("trend_legend_target", target=trend["target_per_year"])),
        said.say("trend_per_month"), said.number)


def _outcomes_chart(report: dict[str, Any], language: str, words: dict[str, Any]) -> str:
    """Per year: the households that moved in, and the cases closed, by outcome."""
    moved = {y["year"]: y["households"] for y in report["moved_in"]}
    closed: dict[str, dict[int, int]] = {}
    for row in report["closed_by_outcome"]:
        closed.setdefault(row["outcome"], {})[row["year"]] = row["cases"]
    years = sorted(set(moved) | {y for per in closed.values() for y in per})
    series = [(words["moved_in"], [float(moved.get(y, 0)) for y in years])]
    series += [(outcome_label(o, language), [float(per.get(y, 0)) for y in years]) for o, per in sorted(closed.items())]
    return stacked_columns([str(y) for y in years], series, words["outcomes"])
