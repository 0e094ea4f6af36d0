"""The migrations create exactly the tables the code declares, on both databases, and `init` is repeatable."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from conftest import create_postgres_database, drop_postgres_database
from sqlalchemy import inspect
from sqlmodel import SQLModel

import workflow.tables  # noqa: F401  (registers the tables)
from workflow import schema
from workflow.bootstrap import bootstrap
from workflow.staff import init_database
from workflow.tables import SCHEMA_REVISION

MIGRATIONS = Path(workflow.tables.__file__).with_name("migrations")


@pytest.fixture(params=["sqlite", "postgres"])
def empty_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'new.db'}"
        return
    admin = request.getfixturevalue("postgres_admin_url")
    url = create_postgres_database(admin, "rto_migrate")
    yield url
    drop_postgres_database(admin, url)


def test_the_schema_revision_the_code_expects_is_the_migrations_head():
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == SCHEMA_REVISION == schema.SCHEMA_REVISION


def test_init_creates_the_schema_the_tables_declare_and_registers_the_first_admin(empty_url):
    app = bootstrap({}, database_url=empty_url)
    first = init_database(app, "kari", "Kari Nordmann", "kari@kommune.no")
    assert first.created and first.registered and first.admin == "kari"

    with app.db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []
        assert compare_metadata(context, schema.metadata) == []  # the Core tables the code runs on

    second = init_database(app, "someone_else", None, None)
    assert not second.created and not second.registered and second.admin == "kari"
    with app.db.engine.connect() as conn:
        assert set(inspect(conn).get_table_names()) >= {"staff", "households", "cases", "case_events"}
    app.close()


def test_sqlite_databases_are_set_up_for_several_caseworkers(tmp_path):
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    app = bootstrap({}, database_url=url)
    init_database(app, "kari", None, None)
    with app.db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10000
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    app.close()
