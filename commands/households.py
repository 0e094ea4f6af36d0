"""`rto household ...`: the households, and the people in them."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from commands.app import app, pass_context
from commands.context import ID, OUTPUT, Context, write_file
from commands.output import Output
from workflow.results_overview import HouseholdOverview
from workflow.results_people import MemberView

LANGUAGES = click.Choice(["nb", "nn", "en"])


@app.group("household")
def household() -> None:
    """Households: the people a case is about.

    \b
    Example:
      rto household add --name "Familien Berg" --unit "Rovik 12 H0201"
      rto household member add 1 --name "Kari Berg" --born 1988-04-02
      rto household show 1
    """


@household.command("add")
@click.option("--name", required=True, help="How the household is known, e.g. 'Familien Berg'.")
@click.option("--email", help="Contact email address.")
@click.option("--email-consent/--no-email-consent", default=False, help="Consents to email (default: no).")
@click.option("--adults", type=int, default=1, show_default=True,
              help="Adults in the household (until its members are recorded).")
@click.option("--children", type=int, default=0, show_default=True, help="Children under 18 (likewise).")
@click.option("--child-ages", metavar="AGES", help="The children's ages, e.g. 3,8,14 (for living costs).")
@click.option("--unit", metavar="UNIT", help="The municipal rental unit they live in (none: an applicant).")
@click.option("--nin", "nins", multiple=True, metavar="NUMBER",
              help="An adult's fødselsnummer or D-number (repeatable; stored, shown masked).")
@click.option("--language", type=LANGUAGES, help="The language of its letters (default: the configured one).")
@pass_context
def household_add(ctx: Context, name: str, email: str | None, email_consent: bool, adults: int, children: int,
                  child_ages: str | None, unit: str | None, nins: tuple[str, ...], language: str | None) -> None:
    """Register a household; prints its id. Record its members next (household member add): from then on
    adults, children and their ages come from their birth dates.

    \b
    Example:
      rto household add --name "Familien Berg" --unit "Storgata 5 H0201" \\
          --email berg@example.no --email-consent --language nn
    """
    from workflow.households import add_household

    created = add_household(ctx.app, ctx.actor, name, email, email_consent, adults, children, child_ages, unit, nins,
                            language)
    ctx.out.data(created, lambda: ctx.out.line(str(created.id)))


@household.command("show")
@click.argument("household_id", type=ID)
@pass_context
def household_show(ctx: Context, household_id: int) -> None:
    """Show a household, its members, its cases, and its identity numbers masked.

    \b
    Example:
      rto household show 3
    """
    from workflow.households import show_household

    view = show_household(ctx.app, ctx.actor, household_id)
    out = ctx.out

    def human() -> None:
        out.line(f"{out.label('household')} {view.id}: {view.name}")
        rows: list[tuple[str, Any]] = [
            (out.label("adults"), view.adults),
            (out.label("children"), view.children),
            (out.label("unit"), view.municipal_unit or out.label("none")),
            (out.label("email"), view.email or out.label("none")),
            (out.label("letter_language"), view.language or f"{out.label('configured')} ({ctx.app.language})"),
            (out.label("identity_numbers"), ", ".join(view.identity_numbers) or out.label("none")),
            (out.label("cases"), ", ".join(f"{c.id} ({out.state(c.state)})" for c in view.cases)
             or out.label("none")),
        ]
        for key, value in rows:
            out.line(f"  {key:<18} {value}")
        if view.overview:
            print_overview(out, view.overview)
        if view.members:
            out.line()
            print_members(out, view.members)

    out.data(view, human)


def print_overview(out: Output, o: HouseholdOverview) -> None:
    """What the overview knows of the household: register id, its own figures, latest assessment and outreach."""
    from states.labels import fact_label

    def shown(value: Any) -> str:
        if isinstance(value, bool):
            return out.yesno(value)
        return out.kr(value) if isinstance(value, int) else str(value)

    out.line(f"  {out.label('register_id'):<18} {o.register_id or out.label('none')}")
    if o.figures:
        day = out.label("figures_from", day=out.formats.day(o.figures_on)) if o.figures_on else ""
        out.line()
        out.line(f"{out.label('own_figures')} ({day})" if day else out.label("own_figures"))
        for name, value in o.figures.items():
            out.line(f"  {fact_label(name, out.language):<44} {shown(value)}")
    out.line()
    a = o.assessment
    if a is None:
        out.line(f"{out.label('latest_assessment')}: {out.label('none')}")
    else:
        needed = out.kr(a.price_needed) if a.price_needed is not None else "–"
        out.line(f"{out.label('latest_assessment')} {out.formats.day(a.assessed_on.isoformat())}: "
                 f"{out.label('max_price')} {out.kr(a.max_price)} · {out.label('price_needed')} {needed}"
                 f" · {out.label('prospect')}: {out.yesno(a.prospect)}")
    out.line()
    if not o.contacts:
        out.line(f"{out.label('latest_contacts')}: {out.label('none')}")
        return
    out.line(out.label("latest_contacts"))
    out.table([out.label("outcome_h"), out.label("contact_day"), out.label("actor"), out.label("contact_note")],
              [[out.label(f"outcome_{c.outcome}"), out.day_of(c.at), c.by, c.note or ""] for c in o.contacts],
              wrap=[3])


@household.command("find")
@click.option("--nin", required=True, metavar="NUMBER", help="The fødselsnummer or D-number to look for.")
@pass_context
def household_find(ctx: Context, nin: str) -> None:
    """Find the households that hold an identity number (by its keyed hash: numbers are stored encrypted).

    \b
    Example:
      rto household find --nin 15058545678
    """
    from workflow.households import find_households

    found = find_households(ctx.app, ctx.actor, nin)
    out = ctx.out
    out.data(found, lambda: out.table([out.label("household"), out.label("name"), out.label("member")],
                                      [[f.id, f.name, f.member or "–"] for f in found])
             if found else out.line(out.label("none_found")))


@household.command("export")
@click.argument("household_id", type=ID)
@OUTPUT
@click.option("--format", "fmt", type=click.Choice(["json", "html"]),
              help="Only this form [default: JSON on stdout; with -o both, FILE.json and FILE.html].")
@pass_context
def household_export(ctx: Context, household_id: int, output: Path | None, fmt: str | None) -> None:
    """Everything held about a household, for its right of access (GDPR art. 15): its members, cases, facts,
    histories, decisions, papers, the messages about it, and who has looked at it, as JSON and as a readable
    HTML page (in the --lang language). Identity numbers are shown in full: it is the household's own copy,
    so files are written readable by their owner only; hand them over in person or by secure digital post.
    The export is recorded in the access log. A supervisor, or the caseworker of one of its cases.

    \b
    Example:
      rto --as siri household export 3 -o innsyn-3
      rto --as siri --lang en household export 3 --format html -o access-3.html
    """
    from workflow.household_export import export_household

    result = export_household(ctx.app, ctx.actor, household_id)
    out = ctx.out
    document = out.plain(result)

    def html() -> str:
        from notifications.household_export import export_html

        return export_html(document, out.language, ctx.app.settings.timezone)

    def as_json() -> str:
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"

    if output is None:  # (--json: the JSON document, whatever --format says)
        sys.stdout.write(html() if fmt == "html" and not out.json_mode else as_json())
        return
    if fmt is not None:
        files = [(output, html() if fmt == "html" else as_json())]
    else:
        stem = output.with_suffix("") if output.suffix in (".json", ".html") else output
        files = [(stem.with_name(stem.name + ".json"), as_json()), (stem.with_name(stem.name + ".html"), html())]
    for path, content in files:
        write_file(path, content, private=True)
    written = [str(path) for path, _ in files]
    out.data({"household": household_id, "files": written},
             lambda: out.line(out.label("written_to", path=", ".join(written))))


def print_members(out: Output, members: list[MemberView]) -> None:
    out.table([out.label("member"), out.label("name"), out.label("born"), out.label("age"), out.label("role"),
               out.label("identity_number")],
              [[m.id, m.name, out.formats.day(m.born), m.age, out.pick_label("member_role", m.role),
                m.identity_number or "–"] for m in members])


@household.group("member")
def member() -> None:
    """The people of a household: each with a name and birth date, adults with an identity number.

    \b
    Example:
      rto household member add 3 --name "Kari Berg" --born 1988-04-02 --nin 02048812345
      rto household member add 3 --name "Per Berg" --born 1986-11-20 --co-applicant
      rto household member add 3 --name "Emma Berg" --born 2019-06-14
      rto household member list 3
    """


@member.command("add")
@click.argument("household_id", type=ID)
@click.option("--name", required=True, help="The person's full name.")
@click.option("--born", required=True, metavar="YYYY-MM-DD", help="Their birth date (ages for living costs).")
@click.option("--nin", metavar="NUMBER", help="An adult's fødselsnummer or D-number (stored, shown masked).")
@click.option("--co-applicant", is_flag=True, help="Applies together with the applicant (an adult).")
@pass_context
def member_add(ctx: Context, household_id: int, name: str, born: str, nin: str | None, co_applicant: bool) -> None:
    """Record a person of the household; prints the member id. The first adult is the applicant.

    \b
    Example:
      rto household member add 3 --name "Kari Berg" --born 1988-04-02
    """
    from workflow.households import add_member

    created = add_member(ctx.app, ctx.actor, household_id, name, born, nin, co_applicant)
    ctx.out.data(created, lambda: ctx.out.line(str(created.id)))


@member.command("list")
@click.argument("household_id", type=ID)
@pass_context
def member_list(ctx: Context, household_id: int) -> None:
    """The household's members, with their ages today.

    \b
    Example:
      rto household member list 3
    """
    from workflow.households import list_members

    members = list_members(ctx.app, ctx.actor, household_id)
    out = ctx.out
    out.data(members, lambda: print_members(out, members) if members else out.line(out.label("no_members")))


@member.command("remove")
@click.argument("household_id", type=ID)
@click.argument("member_id", type=ID)
@click.option("--reason", required=True, help="Why (moved out, recorded by mistake ...).")
@pass_context
def member_remove(ctx: Context, household_id: int, member_id: int, reason: str) -> None:
    """Take a person out of the household; the history keeps who they were.

    \b
    Example:
      rto household member remove 3 14 --reason "Flyttet ut 1. mars"
    """
    from workflow.households import remove_member

    result = remove_member(ctx.app, ctx.actor, household_id, member_id, reason)
    ctx.out.data(result, lambda: ctx.out.line(ctx.out.label("member_removed", member=str(member_id))))
