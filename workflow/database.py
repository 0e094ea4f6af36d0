"""The database: engines for SQLite and PostgreSQL, and the read and write transactions of a unit of work.

SQLite serves several caseworkers on one machine: WAL so readers never block the writer, a busy timeout
so a writer waits its turn instead of failing, and write transactions that take the write lock up front
(BEGIN IMMEDIATE), so a transaction never fails half-way when it turns from reading to writing.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from states.errors import Conflict, InvalidInput, NotFound, Unavailable
from workflow.tables import SCHEMA_REVISION

_MODE = "rto_transaction"
READ = "read"  # a consistent snapshot across statements
WRITE = "write"  # takes the write lock up front
STATEMENTS = "statements"  # independent reads, each consistent in itself: the cheapest way to read one row


def default_url() -> str:
    from platformdirs import user_data_path

    return f"sqlite:///{user_data_path('rto') / 'rto.db'}"


def sqlite_path(url: str) -> Path | None:
    """The file behind an SQLite URL (None for other databases or an in-memory one)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def make_engine(url: str, synchronous: str = "full", busy_timeout_ms: int = 10000) -> Engine:
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            # Every transaction ends in an explicit commit or rollback, so the pool need not roll back again.
            engine = create_engine(parsed, connect_args={"timeout": busy_timeout_ms / 1000},
                                   pool_reset_on_return=None)
            _tune_sqlite(engine, synchronous, busy_timeout_ms)
        else:
            engine = create_engine(parsed, pool_pre_ping=True)
    except (ArgumentError, NoSuchModuleError, ValueError) as err:
        raise InvalidInput("bad_database_url", url=url, why=str(err).splitlines()[0]) from None
    return engine


# PostgreSQL's SQLSTATEs for "someone else holds what you need": serialization failure, deadlock, lock timeout
_CONTENTION = {"40001", "40P01", "55P03"}


def is_contention(error: BaseException) -> bool:
    """Whether `error` means another writer was in the way (SQLite busy, PostgreSQL serialization)."""
    original = getattr(error, "orig", None) or error
    if getattr(original, "sqlstate", None) in _CONTENTION:
        return True
    text = str(original).lower()
    return type(original).__name__ == "OperationalError" and ("locked" in text or "busy" in text)


@contextmanager
def translated_errors() -> Iterator[None]:
    try:
        yield
    except DBAPIError as error:
        if is_contention(error):
            raise Conflict("database_busy") from None
        if error.connection_invalidated:
            raise Unavailable("database_unreachable", url="", why=str(error.orig).strip()) from None
        raise
    except Exception as error:  # the driver's own, from the hot path
        if is_contention(error):
            raise Conflict("database_busy") from None
        raise


def _tune_sqlite(engine: Engine, synchronous: str, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's begin event below emit BEGIN, instead of the driver's implicit one.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA cache_size=-32000")  # 32 MB of pages: a busy office keeps its cases in memory
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.info.pop(_MODE, READ)  # one transaction's worth: a later plain begin() is a READ
        if mode != STATEMENTS:  # STATEMENTS: no BEGIN, so each statement reads on its own
            driver: Any = conn.connection.driver_connection  # straight to sqlite3: this runs on every transaction
            driver.execute("BEGIN IMMEDIATE" if mode == WRITE else "BEGIN")


class Database:
    """Hands out transactions: each commits when its block ends cleanly and rolls back otherwise."""

    def __init__(self, engine: Engine, synchronous: str = "full") -> None:
        self.engine = engine
        self.synchronous = synchronous
        self.is_sqlite = engine.dialect.name == "sqlite"
        self._held = threading.local()

    @contextmanager
    def unit_connection(self) -> Iterator[Connection]:
        """The connection a unit of work runs on. A thread keeps one from unit to unit (a checkout from
        the pool and back costs as much as a statement), and every unit leaves it with no transaction open.
        A unit started inside another (on the same thread) gets a connection of its own."""
        conn: Connection | None = getattr(self._held, "conn", None)
        if getattr(self._held, "busy", False):
            with self.engine.connect() as own:
                yield own
            return
        if conn is None or conn.closed or conn.invalidated:
            conn = self._held.conn = self.engine.connect()
        self._held.busy = True
        try:
            yield conn
        finally:
            self._held.busy = False
            if conn.in_transaction():
                conn.rollback()
            if not conn.invalidated:
                driver: Any = conn.connection.driver_connection
                driver.rollback()  # a read on the driver's cursor may have begun one SQLAlchemy did not see

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, self.transaction(conn, READ):
            yield conn

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, self.transaction(conn, WRITE):
            yield conn

    @contextmanager
    def transaction(self, conn: Connection, mode: str) -> Iterator[Connection]:
        """A transaction on a connection the caller holds (to read and then write without a second checkout).
        Another writer holding the database too long is a conflict (try again), not a bug."""
        self.set_mode(conn, mode)
        with translated_errors(), conn.begin():
            yield conn

    def set_mode(self, conn: Connection, mode: str) -> None:
        """Make the connection's next transaction a READ, WRITE or STATEMENTS one. On PostgreSQL a READ sees
        one snapshot throughout (an audit must not see half a change)."""
        conn.info[_MODE] = mode  # read by the begin hook (cheaper than execution options, on every change)
        if not self.is_sqlite:
            conn.execution_options(isolation_level="REPEATABLE READ" if mode == READ else "READ COMMITTED")

    @contextmanager
    def relaxed_durability(self, conn: Connection) -> Iterator[None]:
        """Commits on `conn` that do not wait for the disk (SQLite synchronous=NORMAL in WAL mode, PostgreSQL
        synchronous_commit=off): a crash of the machine may undo the last of them, never corrupt anything.
        For records whose loss only repeats work, such as the outbox's 'sent'."""
        driver: Any = conn.connection.driver_connection
        if self.is_sqlite:
            driver.execute("PRAGMA synchronous=NORMAL")  # outside any transaction, as SQLite requires
        else:
            conn.exec_driver_sql("SET synchronous_commit TO OFF")
            conn.commit()
        try:
            yield
        finally:
            if conn.in_transaction():
                conn.rollback()
            if self.is_sqlite:
                driver.execute(f"PRAGMA synchronous={self.synchronous}")
            else:
                conn.exec_driver_sql("RESET synchronous_commit")
                conn.commit()

    def end_reads(self, conn: Connection) -> None:
        """End whatever reading began on `conn`, through SQLAlchemy or on the driver's own cursor."""
        if conn.in_transaction():
            conn.commit()
        if not self.is_sqlite:  # psycopg began a transaction for the driver-level read
            driver: Any = conn.connection.driver_connection
            driver.rollback()

    def check_schema(self) -> None:
        """Refuse to work on a database that `rto init` has not created, or has not upgraded yet."""
        path = sqlite_path(str(self.engine.url))
        if path is not None and not path.exists():
            raise NotFound("database_missing", where=str(path))
        try:
            with self.reading() as conn:
                found = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except DBAPIError as err:
            if "alembic_version" not in str(err.orig):
                where = self.engine.url.render_as_string(hide_password=True)
                raise Unavailable("database_unreachable", url=where, why=str(err.orig).strip()) from None
            found = None
        if found is None:
            raise NotFound("database_missing", where=self.engine.url.render_as_string(hide_password=True))
        if found != SCHEMA_REVISION:
            raise NotFound("database_outdated", found=found, needed=SCHEMA_REVISION)

    def dispose(self) -> None:
        held: Connection | None = getattr(self._held, "conn", None)
        if held is not None:
            held.close()
            self._held.conn = None
        self.engine.dispose()
