"""`rto household import|list|assess|contact|figures`: the overview of every household in the register."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from commands.app import pass_context
from commands.context import ID, Context
from commands.households import household
from commands.output import Output
from workflow.results_overview import Assessment, Imported, OverviewFunnel

OUTCOMES = click.Choice(["invited", "interested", "declined", "no_answer"])
_PROGRESS_FROM = 2000  # rows: a shorter file is read before a bar would show


@household.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and say what would change; write nothing.")
@click.option("--map", "maps", multiple=True, metavar="COLUMN=FIELD",
              help="Read the register's own column COLUMN as FIELD (repeatable), e.g. --map Leietaker-ID=external_id.")
@pass_context
def household_import(ctx: Context, file: Path, dry_run: bool, maps: tuple[str, ...]) -> None:
    """Import the tenant register (CSV, `,` or `;`, UTF-8): all rows or none. A household is known by the
    register's id: new ids are registered, changed rows updated (each change in the household's history),
    households missing from the file reported, never deleted.

    \b
    Columns: external_id, name, email, unit, adults, children_ages (e.g. "4 9"), nin, income_monthly,
    income_predictable, debt_monthly, fixed_costs_monthly, equity, tenant_since.
    \b
    Example:
      rto household import leietakere.csv --dry-run
      rto household import kobo.csv --map Leieforhold=external_id --map Navn=name
    """
    from workflow.register_import import import_register

    out = ctx.out
    lines = _count_lines(file)
    if lines >= _PROGRESS_FROM and sys.stderr.isatty() and not out.json_mode:
        with click.progressbar(length=lines, label=out.label("importing"), file=sys.stderr) as bar:
            result = import_register(ctx.app, ctx.actor, str(file), maps, dry_run, bar.update)
    else:
        result = import_register(ctx.app, ctx.actor, str(file), maps, dry_run)
    out.data(result, lambda: print_import(out, result))


def _count_lines(file: Path) -> int:
    try:
        with file.open("rb") as fh:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
    except OSError:
        return 0  # the import says why it cannot read it


def print_import(out: Output, result: Imported) -> None:
    key = "import_would" if result.dry_run else "import_done"
    out.line(out.label(key, created=str(result.created), updated=str(result.updated),
                       unchanged=str(result.unchanged)))
    for change in result.changed[:50]:
        fields = ", ".join(f"{name}: {c['old']} → {c['new']}" for name, c in change.changes.items())
        out.line(f"  {out.label('household')} {change.household} ({change.external_id}): {fields}")
    if result.absent:
        out.line(out.label("import_absent", count=str(len(result.absent))))
        for a in result.absent:
            out.line(f"  {a.id}  {a.external_id}  {a.name}")
    if result.ignored_columns:
        out.line(out.label("import_ignored", columns=", ".join(result.ignored_columns)))


@household.command("list")
@click.option("--prospects", is_flag=True, help="Only those whose purchasing power on today's figures reaches a home.")
@click.option("--due", is_flag=True, help="Only those never assessed, or assessed longer ago than policy says.")
@click.option("--csv", "as_csv", is_flag=True, help="As CSV.")
@pass_context
def household_list(ctx: Context, prospects: bool, due: bool, as_csv: bool) -> None:
    """The households of the register, with their purchasing power on today's figures.

    \b
    Example:
      rto household list --prospects
      rto household list --due --csv > til-vurdering.csv
    """
    from workflow.overview import list_register

    entries = list_register(ctx.app, ctx.actor, prospects, due)
    out = ctx.out
    headers = ["id", "external_id", "name", "unit", "prospect", "max_price", "price_needed", "last_assessed_on",
               "last_contact", "open_case"]
    if out.json_mode:  # one document, an object a line (json's C encoder: a register is long)
        import json

        lines = ",\n  ".join(json.dumps(e.as_json(), ensure_ascii=False) for e in entries)
        click.echo(f"[\n  {lines}\n]" if entries else "[]")
        return
    if as_csv:
        out.csv(headers, [[getattr(e, h) if h != "unit" else e.unit for h in headers] for e in entries])
        return

    def human() -> None:
        if not entries:
            out.line(out.label("register_empty"))
            return
        out.table([out.label(h) for h in ("household", "register_id", "name", "unit", "prospect", "max_price",
                                          "price_needed", "last_assessed", "last_contact", "case")],
                  [[e.id, e.external_id, e.name, e.unit, None if e.prospect is None else out.yesno(e.prospect),
                    out.kr(e.max_price) if e.max_price is not None else None,
                    out.kr(e.price_needed) if e.price_needed is not None else None,
                    out.formats.day(e.last_assessed_on.isoformat()) if e.last_assessed_on else None,
                    out.label(f"outcome_{e.last_contact}") if e.last_contact else None, e.open_case] for e in entries])

    human()


@household.command("assess")
@click.argument("household_id", type=ID)
@pass_context
def household_assess(ctx: Context, household_id: int) -> None:
    """Work out the household's purchasing power on its latest figures, as Husbanken's calculator does, and
    record it: what is left for housing, the loan it carries at the stress rate, the highest price, and the
    price of a home that fits the household.

    \b
    Example:
      rto household assess 12
    """
    from workflow.overview import assess_household

    result = assess_household(ctx.app, ctx.actor, household_id)
    ctx.out.data(result, lambda: print_assessment(ctx.out, result))


def print_assessment(out: Output, a: Assessment) -> None:
    c = a.calculation
    out.line(f"{out.label('household')} {a.household}: {a.name} · {out.label('purchasing_power')}"
             f" {out.formats.day(a.assessed_on.isoformat())}")
    rows: list[tuple[str, Any, str]] = [
        (out.label("income"), c.income, out.label("figures_from", day=out.formats.day(a.figures_on))
         if a.figures_on else ""),
        (out.label("living_costs"), -c.living_costs, out.label("living_note", ref=out.kr(c.reference_budget),
                                                               floor=out.kr(c.living_floor))),
        (out.label("debt"), -c.debt, ""),
        (out.label("fixed_costs"), -c.fixed_costs, ""),
        (out.label("running_costs"), -c.running_costs, out.label("running_note", kind=c.property_type)),
        (out.label("available"), c.monthly_available, ""),
        (out.label("max_loan"), c.max_loan, out.label("max_loan_note", rate=out.formats.percent(c.stress_rate),
                                                      years=str(c.years))),
        (out.label("equity_plus"), c.equity, ""),
        (out.label("purchase_costs_minus"), -c.purchase_costs, ""),
        (out.label("max_price"), c.max_price, ""),
        (out.label("price_needed_line", rooms=str(c.bedrooms)), c.price_needed,
         out.label("price_from", day=out.formats.day(c.price_from.isoformat()), source=c.price_source)
         if c.price_from else out.label("no_price")),
    ]
    width = max(len(label) for label, _, _ in rows)
    for label, value, note in rows:
        amount = out.kr(value) if value is not None else "–"
        out.line(f"  {label:<{width}} {amount:>14}  {note}".rstrip())
    out.line(f"  {out.label('prospect')}: {out.yesno(c.prospect)}")
    if c.income_predictable is False:
        out.line(f"  {out.label('income_unpredictable')}")
    out.line(f"  {out.label('policy_used')}: " + ", ".join(
        f"{name} {f['from']}" for name, f in a.figures.items()))


@household.command("contact")
@click.argument("household_id", type=ID)
@click.option("--outcome", required=True, type=OUTCOMES, help="What came of it.")
@click.option("--note", help="What was said.")
@pass_context
def household_contact(ctx: Context, household_id: int, outcome: str, note: str | None) -> None:
    """Record outreach to a household without opening a case (an interested household's case links it).

    \b
    Example:
      rto household contact 12 --outcome invited --note "Brev og telefon"
    """
    from workflow.overview import contact_household

    result = contact_household(ctx.app, ctx.actor, household_id, outcome, note)
    ctx.out.data(result, lambda: ctx.out.line(ctx.out.label("contact_recorded", household=str(household_id),
                                                            outcome=ctx.out.label(f"outcome_{outcome}"))))


@household.command("figures")
@click.argument("household_id", type=ID)
@click.argument("pairs", nargs=-1, required=True, metavar="KEY=VALUE...")
@pass_context
def household_figures(ctx: Context, household_id: int, pairs: tuple[str, ...]) -> None:
    """Record the household's own figures (dated): income_monthly, income_predictable, debt_monthly,
    fixed_costs_monthly, equity. A case opened later starts from them.

    \b
    Example:
      rto household figures 12 income_monthly=48000 income_predictable=yes equity=50000
    """
    from workflow.overview import record_figures

    result = record_figures(ctx.app, ctx.actor, household_id, list(pairs))
    ctx.out.data(result, lambda: ctx.out.line(", ".join(f"{k}={v}" for k, v in result.figures.items())))


def print_funnel(out: Output, f: OverviewFunnel) -> None:
    """The overview's funnel, and the units released per year against the register (`rto report`, the demo)."""
    out.line(out.label("overview_funnel", start=out.formats.day(f.period_from.isoformat()),
                       end=out.formats.day(f.period_to.isoformat())))
    steps = [("funnel_households", f.households), ("funnel_assessed", f.assessed), ("funnel_prospects", f.prospects),
             ("funnel_contacted", f.contacted), ("funnel_interested", f.interested),
             ("funnel_cases_opened", f.cases_opened), ("funnel_moved_in", f.moved_in)]
    top = max((n for _, n in steps), default=0) or 1
    for key, n in steps:
        out.line(f"  {out.label(key):<28} {n:>7}  {'█' * round(30 * n / top)}")
    if f.units_released:
        out.table([out.label("year"), out.label("units_released"), out.label("register_units")],
                  [[u.year, u.released, u.register_units] for u in f.units_released])
