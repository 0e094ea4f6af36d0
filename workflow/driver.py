"""The hot path of every change to a case: its three statements (read the case and the actor, update the
case, append the event), compiled once by SQLAlchemy from the tables (workflow.schema) for the
connection's dialect, and run on the driver's own cursor.

Kept because `make bench` shows it is needed: through SQLAlchemy's execution machinery each of these costs
about 80 µs, ten times the statement itself, and the three together put a transition at 5.7x the bare-sqlite3
floor instead of under 3x. SQLAlchemy still writes the SQL and owns the connection and its transaction; this
module only skips the per-statement machinery, and converts times the way SQLAlchemy's own types do for each
driver (the one kind of value that differs). Every other statement takes the plain SQLAlchemy Core path.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.sql import ClauseElement


class Prepared:
    """One statement as the driver takes it: SQL text and how to order its parameters."""

    def __init__(self, statement: ClauseElement, conn: Connection, column_keys: list[str] | None = None) -> None:
        compiled: Any = statement.compile(dialect=conn.dialect, column_keys=column_keys)  # an SQLCompiler
        self.sql = compiled.string
        self.positions = tuple(compiled.positiontup or ()) if compiled.positional else None
        self.defaults = dict(compiled.params)  # the statement's own literals (status='sent', ...)
        self.sqlite = conn.dialect.name == "sqlite"
        self.names: tuple[str, ...] | None = None  # a query's column names, as the driver first described them

    def parameters(self, values: Mapping[str, Any]) -> Any:
        if self.defaults:
            values = {**self.defaults, **values}
        to_db = self._to_db  # (only times need it: the rest go as they are, without a call each)
        if self.positions is not None:
            return [v if type(v) not in _TIMES else to_db(v) for v in map(values.__getitem__, self.positions)]
        return {k: v if type(v) not in _TIMES else to_db(v) for k, v in values.items()}

    def _to_db(self, value: Any) -> Any:
        if type(value) is date:
            return value.isoformat() if self.sqlite else value  # as SQLAlchemy's Date stores it on SQLite
        if type(value) is not datetime:
            return value
        global _last_time
        last = _last_time  # (one read: another thread may replace it meanwhile, never change it)
        if last[0] is value and last[1] is self.sqlite:  # a change stamps its rows with one `now`
            return last[2]
        utc = value.astimezone(UTC)
        # SQLAlchemy's SQLite DateTime format, e.g. 2026-03-02 09:00:00.000000 (as UTC: column_types.UtcDateTime)
        stored = utc.replace(tzinfo=None).isoformat(" ", "microseconds") if self.sqlite else utc
        _last_time = (value, self.sqlite, stored)
        return stored


_last_time: tuple[Any, ...] = (None, None, None)  # the last time converted (held: its identity is never reused)


_TIMES = (date, datetime)


def _cursor(conn: Connection) -> Any:
    return conn.connection.driver_connection.cursor()  # type: ignore[union-attr]


def fetch_one(conn: Connection, prepared: Prepared, values: Mapping[str, Any]) -> dict[str, Any] | None:
    cursor = _cursor(conn)
    cursor.execute(prepared.sql, prepared.parameters(values))
    row = cursor.fetchone()
    if row is None:
        return None
    names = prepared.names
    if names is None:
        names = prepared.names = tuple(d[0] for d in cursor.description)
    return dict(zip(names, row, strict=True))


def fetch_all(conn: Connection, prepared: Prepared, values: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    """Every row, as the driver's tuples (dates on SQLite as their ISO text): for long lists (the register)."""
    cursor = _cursor(conn)
    cursor.execute(prepared.sql, prepared.parameters(values))
    return list(cursor.fetchall())


def execute(conn: Connection, prepared: Prepared, values: Mapping[str, Any]) -> int:
    """Run a write; its row count."""
    cursor = _cursor(conn)
    cursor.execute(prepared.sql, prepared.parameters(values))
    return int(cursor.rowcount)


def execute_many(conn: Connection, prepared: Prepared, rows: Sequence[Mapping[str, Any]]) -> None:
    if len(rows) == 1:
        execute(conn, prepared, rows[0])
        return
    _cursor(conn).executemany(prepared.sql, [prepared.parameters(r) for r in rows])


_PREPARED: dict[tuple[str, str, Any], Prepared] = {}


def prepared(conn: Connection, key: Any, build: Callable[[], ClauseElement],
             column_keys: list[str] | None = None) -> Prepared:
    """The statement `build()` makes, compiled once per dialect and kept under `key`."""
    slot = (conn.dialect.name, conn.dialect.driver, key)  # psycopg and psycopg2 take other placeholders
    found = _PREPARED.get(slot)
    if found is None:
        found = _PREPARED[slot] = Prepared(build(), conn, column_keys)
    return found
