"""Setting up the database and managing staff: `rto init`, `rto staff ...`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.exc import DBAPIError

from states.errors import InvalidInput, Unavailable
from states.facts import parse_fact, plain_text
from states.roles import Role, require_active, require_role
from workflow import pg_security, unit_of_work
from workflow.bootstrap import App
from workflow.database import sqlite_path
from workflow.results import Initialised, StaffMember
from workflow.schema import SCHEMA_REVISION
from workflow.schema import staff as staff_t
from workflow.unit_of_work import Plan, Work
from workflow.writes import NewStaff, StaffChange, StaffLogin

_LOGIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def migrate(conn: Connection, identity_vault: Any = None) -> str | None:
    """Create or upgrade the schema on `conn`; returns the revision it was at (None: new). `identity_vault`
    seals identity numbers an older schema kept in clear (migration 0007)."""
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext

    before = MigrationContext.configure(conn).get_current_revision()
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    cfg.attributes["connection"] = conn
    cfg.attributes["identity_vault"] = identity_vault
    command.upgrade(cfg, "head")
    return before


def init_database(app: App, admin: str, name: str | None, email: str | None) -> Initialised:
    """Create or upgrade the database; on the first run, register `admin` as its first admin."""
    member = _checked_member(admin, admin if name is None else name, email, Role.ADMIN)  # before anything is created
    path = sqlite_path(app.database_url)
    try:
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        made_key = app.identity_vault.ensure()  # the key identity numbers are sealed with, 0600, before any is stored
        with app.db.transaction(write=True) as conn:
            pg_security.suspend(conn)  # migrations may backfill history columns, which the trigger refuses
            before = migrate(conn, app.identity_vault)
            # PostgreSQL: group roles, privileges, row-level security, append-only history
            groups = pg_security.secure(conn)
    except (OSError, DBAPIError) as error:
        why = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise Unavailable("database_unreachable", url=app.db.where, why=why) from None

    def decide(work: Work) -> Plan[str | None]:
        existing = work.conn.execute(
            select(staff_t.c.login).where(staff_t.c.role == Role.ADMIN.value).order_by(staff_t.c.created_at)
        ).scalar()
        if existing is not None:
            return Plan(existing)  # the first admin was registered by an earlier init
        return Plan(None, [NewStaff(member), StaffLogin(admin)])

    existing = unit_of_work.run(app, admin, decide)
    return Initialised(app.db.where, before is None, SCHEMA_REVISION,
                       before if before not in (None, SCHEMA_REVISION) else None, existing or admin, existing is None,
                       str(app.identity_vault.path) if made_key else None, groups)


def _checked_member(login: str, name: str, email: str | None, role: Role) -> dict[str, object]:
    if not _LOGIN.fullmatch(login):
        raise InvalidInput("bad_login", value=login)
    return {"login": login, "name": plain_text("--name", name), "email": parse_fact("email", email) if email else None,
            "role": role.value, "active": True}


def add_staff(app: App, actor_login: str, login: str, name: str, email: str | None, role: str) -> StaffMember:
    member = _checked_member(login, name, email, Role(role))

    def decide(work: Work) -> Plan[StaffMember]:
        require_role(work.actor(), Role.ADMIN)
        added = StaffMember(login, str(member["name"]), email or None, role, True)
        return Plan(added, [NewStaff(member), StaffLogin(login)])

    return unit_of_work.run(app, actor_login, decide)


def list_staff(app: App, actor_login: str) -> list[StaffMember]:
    with app.db.transaction() as conn:
        require_active(unit_of_work.Work(app, conn, actor_login).actor())
        rows = conn.execute(select(staff_t).order_by(staff_t.c.role, staff_t.c.login)).all()
    return [StaffMember(r.login, r.name, r.email, r.role, bool(r.active)) for r in rows]


def set_active(app: App, actor_login: str, login: str, active: bool) -> StaffMember:
    def decide(work: Work) -> Plan[StaffMember]:
        actor = work.actor()
        require_role(actor, Role.ADMIN)
        target = work.staff(login)
        if target.login == actor.login and not active:
            raise InvalidInput("cannot_deactivate_self", login=login)
        row = work.conn.execute(select(staff_t).where(staff_t.c.login == login)).one()
        member = StaffMember(row.login, row.name, row.email, row.role, active)
        return Plan(member, [StaffChange(login, {"active": active}), StaffLogin(login)])

    return unit_of_work.run(app, actor_login, decide)
