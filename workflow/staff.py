"""Setting up the database and managing staff: `rto init`, `rto staff ...`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.exc import DBAPIError

from states.errors import InvalidInput, Unavailable
from states.facts import parse_fact, plain_text
from states.roles import Role, require_active, require_role
from workflow.bootstrap import App
from workflow.database import sqlite_path
from workflow.repository import find_staff, load_actor, staff_t
from workflow.tables import SCHEMA_REVISION

_LOGIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def migrate(conn: Connection) -> str | None:
    """Create or upgrade the schema on `conn`; returns the revision it was at (None: new)."""
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext

    before = MigrationContext.configure(conn).get_current_revision()
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, "head")
    return before


def init_database(app: App, admin: str, name: str | None, email: str | None) -> dict[str, Any]:
    """Create or upgrade the database; on the first run, register `admin` as its first admin."""
    _check_staff(admin, name or admin, email)  # before anything is created
    path = sqlite_path(app.database_url)
    where = str(path) if path else app.db.engine.url.render_as_string(hide_password=True)
    try:
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        with app.db.writing() as conn:
            before = migrate(conn)
            existing = conn.execute(
                select(staff_t.c.login).where(staff_t.c.role == Role.ADMIN.value).order_by(staff_t.c.created_at)
            ).scalar()
            registered = None
            if existing is None:
                _insert_staff(conn, admin, name or admin, email, Role.ADMIN, app)
                registered = admin
    except (OSError, DBAPIError) as error:
        why = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise Unavailable("database_unreachable", url=where, why=why) from None
    return {"database": where, "created": before is None, "revision": SCHEMA_REVISION,
            "upgraded_from": before if before not in (None, SCHEMA_REVISION) else None,
            "admin": registered or existing, "registered": registered is not None}


def _check_staff(login: str, name: str, email: str | None) -> tuple[str, str | None]:
    if not _LOGIN.fullmatch(login):
        raise InvalidInput("bad_login", value=login)
    return plain_text("--name", name), parse_fact("email", email) if email else None


def _insert_staff(conn: Connection, login: str, name: str, email: str | None, role: Role, app: App) -> None:
    name, email = _check_staff(login, name, email)
    if conn.execute(select(func.count()).where(staff_t.c.login == login)).scalar():
        raise InvalidInput("staff_exists", login=login)
    conn.execute(insert(staff_t).values(login=login, name=name, email=email or None, role=role.value,
                                        active=True, created_at=app.now()))


def add_staff(app: App, actor_login: str, login: str, name: str, email: str | None, role: str) -> dict[str, Any]:
    with app.db.writing() as conn:
        require_role(load_actor(conn, actor_login), Role.ADMIN)
        _insert_staff(conn, login, name, email, Role(role), app)
    return {"login": login, "name": name.strip(), "email": email, "role": role, "active": True}


def list_staff(app: App, actor_login: str) -> list[dict[str, Any]]:
    with app.db.reading() as conn:
        require_active(load_actor(conn, actor_login))
        rows = conn.execute(select(staff_t).order_by(staff_t.c.role, staff_t.c.login)).all()
    return [{"login": r.login, "name": r.name, "email": r.email, "role": r.role, "active": bool(r.active)}
            for r in rows]


def set_active(app: App, actor_login: str, login: str, active: bool) -> dict[str, Any]:
    with app.db.writing() as conn:
        actor = load_actor(conn, actor_login)
        require_role(actor, Role.ADMIN)
        target = find_staff(conn, login)
        if target.login == actor.login and not active:
            raise InvalidInput("cannot_deactivate_self", login=login)
        conn.execute(update(staff_t).where(staff_t.c.login == login).values(active=active))
    return {"login": login, "active": active}
