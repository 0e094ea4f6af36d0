"""`rto init`, `rto staff ...` and `rto household ...`."""

from __future__ import annotations

from typing import Any

import click

from commands.app import app, pass_context, pass_context_unchecked
from commands.context import ID, Context

ROLES = click.Choice(["caseworker", "supervisor", "admin", "system"])


@app.command("init")
@click.option("--admin", metavar="LOGIN", help="The first admin's login (default: the acting login).")
@click.option("--name", metavar="NAME", help="The first admin's full name.")
@click.option("--email", metavar="EMAIL", help="The first admin's email address.")
@pass_context_unchecked
def init(ctx: Context, admin: str | None, name: str | None, email: str | None) -> None:
    """Create or upgrade the database; the first run registers the first admin.

    \b
    Example:
      rto init --admin kari --name "Kari Nordmann" --email kari@sandnes.kommune.no
    """
    from workflow.staff import init_database

    result = init_database(ctx.app, admin or ctx.actor, name, email)
    out = ctx.out

    def human() -> None:
        where = result.database
        if result.created:
            out.line(out.label("db_created", where=where))
        elif result.upgraded_from:
            out.line(out.label("db_upgraded", where=where, old=result.upgraded_from, new=result.revision))
        else:
            out.line(out.label("db_current", where=where))
        if result.registered:
            out.line(out.label("admin_registered", login=str(result.admin)))
        elif admin:
            out.error(out.message("admin_exists", {"login": result.admin}))

    out.data(result, human)


@app.group("staff")
def staff() -> None:
    """Staff: caseworkers, supervisors and admins.

    \b
    Example:
      rto --as kari staff add ola --name "Ola Hansen" --email ola@sandnes.kommune.no --role caseworker
      rto staff list
    """


@staff.command("add")
@click.argument("login")
@click.option("--name", required=True, help="Full name.")
@click.option("--email", required=True, help="Email address (reminders go here).")
@click.option("--role", type=ROLES, required=True,
              help="caseworker, supervisor, admin or system (the service account that runs the scheduler).")
@pass_context
def staff_add(ctx: Context, login: str, name: str, email: str, role: str) -> None:
    """Register a staff member (admins only).

    \b
    Example:
      rto staff add ola --name "Ola Hansen" --email ola@sandnes.kommune.no --role caseworker
    """
    from workflow.staff import add_staff

    result = add_staff(ctx.app, ctx.actor, login, name, email, role)
    ctx.out.data(result, lambda: ctx.out.line(f"{result.login} ({result.role})"))


@staff.command("list")
@pass_context
def staff_list(ctx: Context) -> None:
    """List staff.

    \b
    Example:
      rto staff list --json
    """
    from workflow.staff import list_staff

    rows = list_staff(ctx.app, ctx.actor)
    out = ctx.out
    out.data(rows, lambda: out.table(
        [out.label("login"), out.label("name"), out.label("email"), out.label("role"), out.label("active")],
        [[r.login, r.name, r.email, r.role, out.yesno(r.active)] for r in rows]))


def _set_active(ctx: Context, login: str, active: bool) -> None:
    from workflow.staff import set_active

    result = set_active(ctx.app, ctx.actor, login, active)
    ctx.out.data(result, lambda: ctx.out.line(f"{login}: {ctx.out.label('active').lower()} = "
                                              f"{ctx.out.yesno(active)}"))


@staff.command("deactivate")
@click.argument("login")
@pass_context
def staff_deactivate(ctx: Context, login: str) -> None:
    """Deactivate a staff member: they can no longer act (admins only).

    \b
    Example:
      rto staff deactivate ola
    """
    _set_active(ctx, login, False)


@staff.command("activate")
@click.argument("login")
@pass_context
def staff_activate(ctx: Context, login: str) -> None:
    """Activate a deactivated staff member again (admins only).

    \b
    Example:
      rto staff activate ola
    """
    _set_active(ctx, login, True)


@app.group("household")
def household() -> None:
    """Households: the people a case is about.

    \b
    Example:
      rto household add --name "Familien Berg" --adults 2 --children 1 --unit "Rovik 12 H0201"
      rto household show 1
    """


@household.command("add")
@click.option("--name", required=True, help="How the household is known, e.g. 'Familien Berg'.")
@click.option("--email", help="Contact email address.")
@click.option("--email-consent/--no-email-consent", default=False, help="Consents to email (default: no).")
@click.option("--adults", type=int, default=1, show_default=True, help="Adults in the household.")
@click.option("--children", type=int, default=0, show_default=True, help="Children under 18.")
@click.option("--child-ages", metavar="AGES", help="The children's ages, e.g. 3,8,14 (for living costs).")
@click.option("--unit", metavar="UNIT", help="The municipal rental unit they live in (none: an applicant).")
@click.option("--nin", "nins", multiple=True, metavar="NUMBER",
              help="An adult's fødselsnummer or D-number (repeatable; stored, shown masked).")
@pass_context
def household_add(ctx: Context, name: str, email: str | None, email_consent: bool, adults: int, children: int,
                  child_ages: str | None, unit: str | None, nins: tuple[str, ...]) -> None:
    """Register a household; prints its id.

    \b
    Example:
      rto household add --name "Familien Berg" --adults 2 --children 2 --child-ages 4,9 \\
          --unit "Storgata 5 H0201" --email berg@example.no --email-consent
    """
    from workflow.households import add_household

    created = add_household(ctx.app, ctx.actor, name, email, email_consent, adults, children, child_ages, unit, nins)
    ctx.out.data(created, lambda: ctx.out.line(str(created.id)))


@household.command("show")
@click.argument("household_id", type=ID)
@pass_context
def household_show(ctx: Context, household_id: int) -> None:
    """Show a household, its cases, and its identity numbers masked.

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
            (out.label("identity_numbers"), ", ".join(view.identity_numbers) or out.label("none")),
            (out.label("cases"), ", ".join(f"{c.id} ({out.state(c.state)})" for c in view.cases)
             or out.label("none")),
        ]
        for key, value in rows:
            out.line(f"  {key:<18} {value}")

    out.data(view, human)
