"""The Core tables the code runs on (workflow/schema.py) are the ones SQLModel declares (workflow/tables.py)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import InProcessRto
from sqlalchemy import Column, Integer, MetaData, Table, create_engine, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import StatementError
from sqlalchemy.schema import CreateIndex, CreateTable
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import UTCDateTime

import workflow.tables  # noqa: F401  (registers the tables on SQLModel.metadata)
from workflow import schema
from workflow.column_types import UtcDateTime
from workflow.schema_source import render

ROOT = Path(__file__).resolve().parent.parent


def test_the_generated_schema_is_what_the_sqlmodel_tables_render_today():
    assert render() == Path(schema.__file__).read_text(encoding="utf-8"), \
        "workflow/schema.py differs from workflow/tables.py: run `make schema`"


@pytest.mark.parametrize("dialect", [sqlite.dialect(), postgresql.dialect()], ids=["sqlite", "postgresql"])
def test_each_table_creates_the_same_ddl_and_fills_the_same_defaults(dialect):
    assert list(schema.metadata.tables) == list(SQLModel.metadata.tables)
    for name, declared in SQLModel.metadata.tables.items():
        core = schema.metadata.tables[name]
        assert str(CreateTable(core).compile(dialect=dialect)) == str(CreateTable(declared).compile(dialect=dialect))
        assert sorted(str(CreateIndex(i).compile(dialect=dialect)) for i in core.indexes) == \
            sorted(str(CreateIndex(i).compile(dialect=dialect)) for i in declared.indexes)
        # what an INSERT fills in for a column it does not name, on the Python side
        assert {c.name: c.default.arg for c in core.columns if c.default is not None} == \
            {c.name: c.default.arg for c in declared.columns if c.default is not None}, name


TIMES = [
    datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
    datetime(2026, 3, 29, 1, 59, 59, 999999, tzinfo=timezone(timedelta(hours=1))),  # just before summer time
    datetime(2026, 10, 25, 2, 30, tzinfo=timezone(timedelta(hours=2))),
    datetime(1999, 12, 31, 23, 0, 0, 1, tzinfo=timezone(timedelta(hours=-5))),
]


def test_utc_times_are_stored_and_read_as_sqlmodel_stores_and_reads_them(database_url):
    engine = create_engine(database_url)
    table = Table("times_probe", MetaData(), Column("id", Integer, primary_key=True),
                  Column("ours", UtcDateTime()), Column("sqlmodel", UTCDateTime()), prefixes=["TEMPORARY"])
    with engine.connect() as conn:
        table.create(conn)
        conn.execute(insert(table), [{"id": i, "ours": t, "sqlmodel": t} for i, t in enumerate(TIMES)])
        stored = conn.exec_driver_sql("SELECT ours, sqlmodel FROM times_probe ORDER BY id").all()
        assert [ours for ours, _ in stored] == [theirs for _, theirs in stored]
        read = conn.execute(select(table.c.ours, table.c.sqlmodel).order_by(table.c.id)).all()
        assert [tuple(r) for r in read] == [(t.astimezone(UTC), t.astimezone(UTC)) for t in TIMES]
        assert all(ours.tzinfo is UTC for ours, _ in read)
        # compared with a later time, and with a span of time, as the reviews' queries do
        later = conn.execute(select(table.c.id).where(table.c.ours > TIMES[0] - timedelta(days=1))
                             .order_by(table.c.id)).scalars().all()
        assert later == [0, 1, 2]
        for column in ("ours", "sqlmodel"):  # a time without a zone is refused by both, and nothing is stored
            with pytest.raises(StatementError):
                conn.execute(insert(table), {"id": 99, column: datetime(2026, 3, 2, 9, 0)})
        conn.rollback()
    engine.dispose()


def test_case_show_runs_without_loading_sqlmodel_pydantic_or_the_orm(capsys, monkeypatch, sqlite_template, tmp_path):
    """Its start-up is measured against `import sqlmodel` (bench/startup.py): the tables come from workflow.schema."""
    shutil.copy(sqlite_template, tmp_path / "rto.db")
    database_url = f"sqlite:///{tmp_path / 'rto.db'}"
    rto = InProcessRto(capsys, monkeypatch, database_url)
    household = rto("household", "add", "--name", "Familien Berg", "--adults", "2", "--json").json["id"]
    case = rto("case", "open", str(household), "--json").json["id"]
    heavy = ("sqlmodel", "pydantic", "sqlalchemy.orm", "workflow.tables")
    script = ("import json, sys, cli\n"
              f"code = cli.main(['case', 'show', '{case}'])\n"
              f"print(json.dumps({{'code': code, 'loaded': [m for m in {heavy!r} if m in sys.modules]}}))\n")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "RTO_DATABASE_URL": database_url, "RTO_USER": "ola",
           "RTO_IDENTITY": "declared"}
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60,
                          cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert "Familien Berg" in proc.stdout
    assert proc.stdout.splitlines()[-1] == '{"code": 0, "loaded": []}'
