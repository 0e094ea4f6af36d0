"""`rto init` and `rto staff ...`."""

from __future__ import annotations

import click

from commands.app import app, pass_context, pass_context_unchecked
from commands.context import Context, Words

ROLES = Words("ROLE_LABELS")  # caseworker, supervisor, admin, system, or saksbehandler, fagleder ...


@app.command("init")
@click.option("--admin", metavar="LOGIN",
              help="The first admin's login (default, and under the os and database identity sources the only "
                   "one allowed: the acting login).")
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

    acting = ctx.actor
    if admin is not None and admin != acting and ctx.settings.identity.source != "declared":
        from states.errors import NotPermitted

        raise NotPermitted("impersonation", login=admin, actual=acting, source=ctx.settings.identity.source)
    result = init_database(ctx.app, admin or acting, name, email)
    out = ctx.out

    def human() -> None:
        where = result.database
        if result.created:
            out.line(out.label("db_created", where=where))
        elif result.upgraded_from:
            out.line(out.label("db_upgraded", where=where, old=result.upgraded_from, new=result.revision))
        else:
            out.line(out.label("db_current", where=where))
        if result.identity_key:
            out.line(out.label("identity_key_made", path=result.identity_key))
        if result.group_roles:
            out.line(out.label("db_secured", roles=", ".join(result.group_roles.values()),
                               caseworker=result.group_roles["caseworker"]))
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
    ctx.out.data(result, lambda: ctx.out.line(f"{result.login} ({ctx.out.pick_label('role', result.role)})"))


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
        [[r.login, r.name, r.email, out.pick_label("role", r.role), out.yesno(r.active)] for r in rows]))


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
