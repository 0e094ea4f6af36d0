"""The database: an engine for SQLite or PostgreSQL, and the one way to open a transaction.

    with app.db.transaction() as conn:            # a read: one consistent snapshot
    with app.db.transaction(write=True) as conn:  # a write: commits when the block ends cleanly

SQLite serves several caseworkers on one machine: WAL so readers never block the writer, a busy timeout so
a writer waits its turn instead of failing, and write transactions that take the write lock up front (BEGIN
IMMEDIATE), so a transaction never fails half-way when it turns from reading to writing. PostgreSQL gets the
same patience as a lock timeout, and a connect timeout, so a held lock or a server that never answers is a
"busy, try again" (exit 6) or "cannot reach" after seconds, not a terminal that hangs.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from states.errors import Conflict, InvalidInput, NotFound, Unavailable
from workflow.schema import SCHEMA_REVISION

SUPPORTED_URLS = "sqlite:///FIL, postgresql+psycopg://BRUKER@VERT:5432/DATABASE"
_WRITE = "rto_write"  # a connection's next transaction takes the write lock (read by the begin hook)
_STATEMENTS = "rto_statements"  # no transaction: each statement reads on its own
_DURABLE = "rto_durable"
_SYNCHRONOUS = "rto_synchronous"
_ISOLATION = "rto_isolation"
_DRIVER = object()  # a transaction the driver began (SQLite), not SQLAlchemy


def default_url() -> str:
    from platformdirs import user_data_path

    return f"sqlite:///{user_data_path('rto') / 'rto.db'}"


def sqlite_path(url: str) -> Path | None:
    """The file behind an SQLite URL (None for other databases or an in-memory one)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    database = parsed.database
    if database.startswith("file:"):  # an SQLite URI (sqlite:///file:rto.db?mode=ro&uri=true)
        database = database.removeprefix("file:").split("?", 1)[0]
    return Path(database)


def _parsed(url: str) -> URL:
    """The URL, if rto can use it: SQLite, or PostgreSQL through psycopg (plain postgresql:// means psycopg)."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as err:
        raise InvalidInput("bad_database_url", url=url, why=str(err).splitlines()[0], valid=SUPPORTED_URLS) from None
    backend, driver = parsed.get_backend_name(), parsed.get_driver_name()
    if backend == "postgresql" and driver in ("psycopg2", "psycopg"):
        return parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite" and driver == "pysqlite":
        return parsed
    raise InvalidInput("unsupported_database", url=parsed.render_as_string(hide_password=True),
                       valid=SUPPORTED_URLS)


def make_engine(url: str, synchronous: str = "full", busy_timeout_ms: int = 10000) -> Engine:
    parsed = _parsed(url)
    try:
        if parsed.get_backend_name() == "sqlite":
            # Every transaction ends in an explicit commit or rollback, so the pool need not roll back again.
            engine = create_engine(parsed, connect_args={"timeout": busy_timeout_ms / 1000},
                                   pool_reset_on_return=None, hide_parameters=True)  # no data in errors
            _tune_sqlite(engine, synchronous, busy_timeout_ms)
        else:
            connect = {"connect_timeout": max(1, busy_timeout_ms // 1000),
                       "options": f"-c lock_timeout={int(busy_timeout_ms)}"}
            engine = create_engine(parsed, pool_pre_ping=True, connect_args=connect, hide_parameters=True)
            _tune_postgres(engine)
    except (ArgumentError, NoSuchModuleError, ImportError, ValueError) as err:
        raise InvalidInput("bad_database_url", url=parsed.render_as_string(hide_password=True),
                           why=str(err).splitlines()[0], valid=SUPPORTED_URLS) from None
    return engine


# PostgreSQL's SQLSTATEs for "someone else holds what you need": serialization failure, deadlock, lock timeout
_CONTENTION = {"40001", "40P01", "55P03"}


def is_contention(error: BaseException) -> bool:
    """Whether `error` means another writer was in the way (SQLite busy, PostgreSQL lock or serialization)."""
    original = getattr(error, "orig", None) or error
    if getattr(original, "sqlstate", None) in _CONTENTION:
        return True
    text = str(original).lower()
    return type(original).__name__ == "OperationalError" and ("locked" in text or "busy" in text)


def _is_read_only(error: BaseException) -> bool:
    original = getattr(error, "orig", None) or error
    name = str(getattr(original, "sqlite_errorname", ""))
    return name.startswith("SQLITE_READONLY") or getattr(original, "sqlstate", None) == "25006"


class Database:
    """Hands out transactions: each commits when its block ends cleanly and rolls back otherwise."""

    def __init__(self, engine: Engine, synchronous: str = "full") -> None:
        self.engine = engine
        self.synchronous = synchronous
        self.is_sqlite = engine.dialect.name == "sqlite"
        self._held = threading.local()

    @property
    def dialect(self) -> str:
        return str(self.engine.dialect.name)

    def session_user(self) -> str:
        """The login role the server authenticated this session as (PostgreSQL's session_user): under
        `[identity] source = "database"`, who is acting."""
        with self.reads() as conn:
            return str(conn.exec_driver_sql("SELECT session_user").scalar())

    @property
    def where(self) -> str:
        path = sqlite_path(str(self.engine.url))
        return str(path) if path is not None else self.engine.url.render_as_string(hide_password=True)

    def transaction(self, write: bool = False, durable: bool = True) -> Transaction:
        """A transaction on a connection of its own. A read sees one snapshot throughout (an audit must not
        see half a change); a write takes the write lock up front. `durable=False`: the commit does not wait
        for the disk (SQLite synchronous=NORMAL in WAL mode, PostgreSQL synchronous_commit=off), so a crash
        of the machine may undo it, never corrupt anything: for records whose loss only repeats work, such
        as the outbox's 'sent'. Another writer holding the database too long is a conflict (try again), a
        read-only database is said to be one, and neither is a bug."""
        return Transaction(self, write, durable)

    def reads(self) -> Transaction:
        """Reads outside any transaction, each statement consistent in itself: the cheapest way to read the
        few rows a change rests on (a transition's actor and case in one statement), which the change's
        conditional update then protects (`workflow.unit_of_work`). Kept because `make bench` shows a
        transaction around them costs a transition a tenth of its speed."""
        return Transaction(self, False, True, statements=True)

    def reclaim(self) -> None:
        """After erasure: leave no erased byte in the database's files. SQLite keeps the old content of a
        changed row in free pages and in the write-ahead log until they are reused; VACUUM rewrites the file
        without them and the checkpoint empties the log. (PostgreSQL keeps old row versions until its own
        VACUUM reuses them: neither a query nor pg_dump sees them; autovacuum reclaims the space.)"""
        if not self.is_sqlite:
            return
        raw = self.engine.raw_connection()  # the driver's own: in autocommit (see `_tune_sqlite`), as VACUUM needs
        try:
            driver: Any = raw.driver_connection
            driver.execute("VACUUM")
            driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()

    def translated(self, error: Exception) -> Exception:
        """What a database error means to the user, or the error itself (a bug)."""
        original = getattr(error, "orig", None)
        if is_contention(error):
            return Conflict("database_busy")
        if _is_read_only(error):
            return InvalidInput("database_read_only", where=self.where)
        if isinstance(error, DBAPIError) and (error.connection_invalidated or not self.is_sqlite and
                                              type(original).__name__ == "OperationalError"):
            return Unavailable("database_unreachable", url=self.where, why=_first_line(original))
        return error

    def check_schema(self) -> None:
        """Refuse to work on a database that `rto init` has not created, or has not upgraded yet."""
        path = sqlite_path(str(self.engine.url))
        if path is not None and not path.exists():
            raise NotFound("database_missing", where=str(path))
        try:
            with self.transaction() as conn:
                found = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except DBAPIError as err:
            if "alembic_version" not in str(err.orig):
                raise Unavailable("database_unreachable", url=self.where, why=_first_line(err.orig)) from None
            found = None
        if found is None:
            raise NotFound("database_missing", where=self.where)
        if found != SCHEMA_REVISION:
            raise NotFound("database_outdated", found=found, needed=SCHEMA_REVISION)

    def dispose(self) -> None:
        held: Connection | None = getattr(self._held, "conn", None)
        if held is not None:
            held.close()
            self._held.conn = None
        self.engine.dispose()


class Transaction:
    """`with db.transaction(...) as conn:` (a class, not a generator: it is entered on every change). A thread
    keeps one connection from transaction to transaction (a checkout from the pool and back costs as much as
    a statement); a transaction begun inside another on the same thread gets a connection of its own."""

    def __init__(self, db: Database, write: bool, durable: bool, statements: bool = False) -> None:
        self.db, self.write, self.durable, self.statements = db, write, durable, statements
        self.own = False
        self.begun: Any = None  # SQLAlchemy's transaction, _DRIVER, or None (reads)

    def __enter__(self) -> Connection:
        held = self.db._held
        try:
            kept: Connection | None = getattr(held, "conn", None)
            if getattr(held, "busy", False):
                self.own, conn = True, self.db.engine.connect()
            elif kept is None or kept.closed or kept.invalidated:
                conn = held.conn = self.db.engine.connect()
                held.busy = True
            else:
                conn = kept
                held.busy = True
            self.conn = conn
            conn.info[_WRITE], conn.info[_DURABLE], conn.info[_STATEMENTS] = self.write, self.durable, self.statements
            if not self.db.is_sqlite:
                self._postgres(conn)
            if self.statements:
                self.begun = None
            elif self.db.is_sqlite:  # the driver's BEGIN: SQLAlchemy's begin and commit cost a step a twentieth
                _sqlite_begin(conn.connection.driver_connection, conn.connection.info, conn.info, self.db.synchronous)
                self.begun = _DRIVER
            else:
                self.begun = conn.begin()
        except Exception as error:
            self._release()
            raise self.db.translated(error) from None
        return conn

    def _postgres(self, conn: Connection) -> None:
        """A read sees one snapshot (REPEATABLE READ), a write READ COMMITTED; reads outside a transaction run
        in the driver's autocommit, so that no ROLLBACK ends them (it would also throw away the statements
        psycopg has prepared on the server). Set only when it changes: each setting costs a transition time."""
        if self.statements:
            conn.connection.driver_connection.autocommit = True  # type: ignore[union-attr]
            return
        level = "READ COMMITTED" if self.write else "REPEATABLE READ"
        if conn.info.get(_ISOLATION) != level:
            conn.execution_options(isolation_level=level)
            conn.info[_ISOLATION] = level

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: Any) -> None:
        try:
            if self.begun is None:  # reads: end whatever SQLAlchemy began (the driver began nothing)
                if self.conn.in_transaction():
                    self.conn.rollback()
                if not self.db.is_sqlite and not self.conn.invalidated:
                    self.conn.connection.driver_connection.autocommit = False  # type: ignore[union-attr]
            elif self.begun is _DRIVER:  # SQLAlchemy joins it when a statement of its own runs (autobegin)
                ending: Any = self.conn if self.conn.in_transaction() else self.conn.connection.driver_connection
                ending.commit() if kind is None else ending.rollback()
            elif kind is None:
                self.begun.commit()
            else:
                self.begun.rollback()
        except Exception as failure:
            raise self.db.translated(failure) from None
        finally:
            self._release()
        if isinstance(error, Exception) and error is not self.db.translated(error):
            raise self.db.translated(error) from None

    def _release(self) -> None:
        if self.own:
            if "conn" in self.__dict__:
                self.conn.close()
        else:
            self.db._held.busy = False


def _first_line(error: Any) -> str:
    return (str(error).strip().splitlines() or ["?"])[0]


def _tune_sqlite(engine: Engine, synchronous: str, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let the begin hook below emit BEGIN, instead of the driver's implicit one.
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
        driver = conn.connection.driver_connection
        if driver.in_transaction:  # type: ignore[union-attr]  # SQLAlchemy joining one `Transaction` began
            return
        _sqlite_begin(driver, conn.connection.info, conn.info, synchronous)


def _sqlite_begin(driver: Any, record: dict[Any, Any], info: dict[Any, Any], synchronous: str) -> None:
    """BEGIN on the driver's connection (IMMEDIATE for a write), committing durably or not as asked. `record`
    lives as long as the driver's connection, `info` as the SQLAlchemy connection's."""
    wanted = synchronous if info.get(_DURABLE, True) else "normal"
    if record.get(_SYNCHRONOUS, synchronous) != wanted:
        driver.execute(f"PRAGMA synchronous={wanted}")  # outside any transaction, as SQLite requires
        record[_SYNCHRONOUS] = wanted
    if not info.get(_STATEMENTS):
        driver.execute("BEGIN IMMEDIATE" if info.get(_WRITE) else "BEGIN")


def _tune_postgres(engine: Engine) -> None:
    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if not conn.info.get(_DURABLE, True):
            conn.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")
