"""`rto policy show|check`: the policy figures in force, where each comes from, and which have grown old."""

from __future__ import annotations

from datetime import date

import click

from commands.app import app, pass_context_unchecked
from commands.context import Context, parse_day
from commands.output import Output
from states.labels import pick

# (bokmål, English)
WORDS = {
    "title": ("Policy i kraft {on}", "Policy in force on {on}"),
    "figure": ("Tall", "Figure"),
    "value": ("Verdi", "Value"),
    "from": ("Fra", "From"),
    "source": ("Kilde", "Source"),
    "all_fresh": ("Alle tidsbundne tall er oppdatert per {on}.", "Every time-bound figure is up to date on {on}."),
    "stale_days": ("{name} = {value} fra {day} er {age} dager gammel (grense {limit} dager). Kilde: {source}",
                   "{name} = {value} from {day} is {age} days old (limit {limit} days). Source: {source}"),
    "stale_months": ("{name} = {value} fra {day} er {age} måneder gammel (grense {limit} måneder). Kilde: {source}",
                     "{name} = {value} from {day} is {age} months old (limit {limit} months). Source: {source}"),
    "stale_hint": ("Legg til en [[policy]]-oppføring med de nye tallene, datoen de gjelder fra og kilden (se "
                   "`rto policy show`).",
                   "Add a [[policy]] entry with the new figures, the day they apply from and their source (see "
                   "`rto policy show`)."),
}


def _w(out: Output, key: str, **params: str) -> str:
    return pick(WORDS[key], out.language).format(**params)


def _value(out: Output, value: object) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float):
        return out.formats.number(value, "0.0#")
    return "–" if value is None else str(value)


@app.group("policy")
def policy() -> None:
    """The policy: rates, floors, fees, budgets and thresholds, each with the day it applies from and its
    source.

    \b
    Example:
      rto policy show
      rto policy check
    """


@policy.command("show")
@click.option("--on", "on", metavar="DATE", help="The figures in force on this day (YYYY-MM-DD; default today).")
@pass_context_unchecked
def policy_show(ctx: Context, on: str | None) -> None:
    """The figures in force on a day, each with the day it applies from and where it comes from.

    \b
    Example:
      rto policy show --on 2026-03-02
      rto --json policy show
    """
    from workflow.policy_view import in_force

    day = parse_day("--on", on) or _today(ctx)
    shown = in_force(_book(ctx), day)
    out = ctx.out

    def human() -> None:
        out.line(_w(out, "title", on=out.formats.day(day)))
        out.table([_w(out, "figure"), _w(out, "value"), _w(out, "from"), _w(out, "source")],
                  [[f.name, _value(out, f.value), out.formats.day(f.applies_from), f.source or "–"]
                   for f in shown.figures.values()])

    out.data(shown, human)


@policy.command("check")
@pass_context_unchecked
def policy_check(ctx: Context) -> None:
    """Which time-bound figures (the policy rate, the yearly floors, fees and budgets) are older than the
    policy says they may be. The daily review mails the same warning to the admins once a week.

    \b
    Example:
      rto policy check --json
    """
    from workflow.policy_view import stale

    today = _today(ctx)
    found = stale(_book(ctx).on(today), today)
    out = ctx.out

    def human() -> None:
        if not found:
            out.line(_w(out, "all_fresh", on=out.formats.day(today)))
            return
        for f in found:
            out.line(_w(out, "stale_days" if f.rule == "rate" else "stale_months", name=f.name,
                        value=_value(out, f.value), day=out.formats.day(f.applies_from), age=str(f.age),
                        limit=str(f.limit), source=f.source or "–"))
        out.line(_w(out, "stale_hint"))

    out.data({"on": today.isoformat(), "stale": [f.as_json() for f in found]}, human)


def _book(ctx: Context):  # type: ignore[no-untyped-def]
    from states.policy import PolicyBook

    return PolicyBook(ctx.settings.policy)


def _today(ctx: Context) -> date:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo(ctx.settings.timezone)).date()
