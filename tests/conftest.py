"""Fixtures: a real database per test (SQLite file, and PostgreSQL when it runs), a movable clock, and
ways to run `rto` in-process or as a real process.

Every test that takes `database_url` (or `app`, `rto`) runs once on SQLite and once on PostgreSQL.
On a laptop without PostgreSQL the PostgreSQL half skips with the reason; in CI (RTO_REQUIRE_POSTGRES=1)
it fails instead.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import create_engine, text

POSTGRES_URL = os.environ.get("RTO_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REQUIRE_POSTGRES = os.environ.get("RTO_REQUIRE_POSTGRES") == "1"
OSLO = ZoneInfo("Europe/Oslo")
RTO = str(Path(sys.executable).with_name("rto"))
# The shipped defaults less the weekly warning about old policy figures (see the file); the tests of that
# warning give their own configuration.
QUIET_POLICY = str(Path(__file__).resolve().parent / "config" / "quiet_policy.toml")

# The staff every test database starts with.
STAFF = [
    ("adm", "Anne Admin", "adm@kommune.no", "admin"),
    ("ola", "Ola Hansen", "ola@kommune.no", "caseworker"),
    ("per", "Per Berg", "per@kommune.no", "caseworker"),
    ("siri", "Siri Leder", "siri@kommune.no", "supervisor"),
    ("sven", "Sven Fagleder", "sven@kommune.no", "supervisor"),
]


class FakeClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, start: datetime) -> None:
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)

    def set_day(self, iso: str, hour: int = 10) -> None:
        self.current = datetime.fromisoformat(iso).replace(hour=hour, tzinfo=OSLO)


@pytest.fixture(autouse=True)
def no_terminal_width(monkeypatch: pytest.MonkeyPatch) -> None:
    """pytest-xdist's workers set COLUMNS=80 (and LINES); rto fits its output to COLUMNS, so a test sees the
    output a pipe gets unless it sets COLUMNS itself, whether the suite runs with -n or without."""
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("LINES", raising=False)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 10, 0, tzinfo=OSLO))


def _seed_staff(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        for login, name, email, role in STAFF:
            conn.execute(
                text("INSERT INTO staff (login, name, email, role, active, created_at) "
                     "VALUES (:l, :n, :e, :r, :a, :c)"),
                {"l": login, "n": name, "e": email, "r": role, "a": True, "c": datetime(2026, 1, 1, tzinfo=UTC)},
            )
    engine.dispose()


def _migrate(url: str) -> None:
    from workflow.bootstrap import bootstrap
    from workflow.staff import migrate

    app = bootstrap({}, database_url=url)
    with app.db.transaction(write=True) as conn:
        migrate(conn)
    app.close()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, staffed SQLite file, copied for each test (migrating per test would be slow)."""
    path = tmp_path_factory.mktemp("template") / "rto.db"
    url = f"sqlite:///{path}"
    _migrate(url)
    _seed_staff(url)
    return path


def postgres_available() -> str | None:
    """Why PostgreSQL cannot be used, or None when it can."""
    try:
        engine = create_engine(POSTGRES_URL)
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as err:  # any failure to connect means: no server here
        return f"PostgreSQL is not reachable at {POSTGRES_URL}: {str(err).splitlines()[0]}"


def require_postgres() -> None:
    reason = postgres_available()
    if reason is None:
        return
    if REQUIRE_POSTGRES:
        pytest.fail(f"{reason} (RTO_REQUIRE_POSTGRES=1: PostgreSQL tests must run here)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_admin_url() -> str:
    require_postgres()
    return POSTGRES_URL


def create_postgres_database(admin_url: str, prefix: str = "rto_test") -> str:
    """A new, empty database on the server; its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return admin_url.rsplit("/", 1)[0] + "/" + name


def drop_postgres_database(admin_url: str, url: str) -> None:
    """Drop the database, and the group roles `rto init` made for it (roles outlive databases)."""
    from workflow.pg_security import group_roles

    name = url.rsplit("/", 1)[1]
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        for role in group_roles(name).values():
            conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
    engine.dispose()


@pytest.fixture(scope="session")
def postgres_database(postgres_admin_url: str) -> Iterator[str]:
    """One migrated database for this test process, emptied before each test."""
    url = create_postgres_database(postgres_admin_url)
    _migrate(url)
    yield url
    drop_postgres_database(postgres_admin_url, url)


def _reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("TRUNCATE case_access, outbox, apscheduler_jobs, case_events, cases, households, staff "
                          "RESTART IDENTITY CASCADE"))
    engine.dispose()
    _seed_staff(url)


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> str:
    if request.param == "sqlite":
        path = tmp_path / "rto.db"
        shutil.copy(sqlite_template, path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("postgres_database")
    _reset_postgres(url)
    return url


@pytest.fixture
def app(database_url: str, clock: FakeClock) -> Iterator[Any]:
    from workflow.bootstrap import bootstrap

    application = bootstrap({}, config_file=QUIET_POLICY, database_url=database_url, clock=clock)
    yield application
    application.close()


@dataclass
class Result:
    code: int
    out: str
    err: str
    args: list[str] = field(default_factory=list)

    @property
    def json(self) -> Any:
        return json.loads(self.out)

    def __repr__(self) -> str:
        return f"rto {' '.join(self.args)} -> exit {self.code}\nstdout: {self.out}\nstderr: {self.err}"


class InProcessRto:
    """`rto` run in this process (fast); the environment points it at the test's database."""

    def __init__(self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, url: str) -> None:
        self.capsys = capsys
        monkeypatch.setenv("RTO_DATABASE_URL", url)
        monkeypatch.setenv("RTO_USER", "ola")
        monkeypatch.setenv("RTO_IDENTITY", "declared")  # the suite acts as several staff members
        monkeypatch.setenv("RTO_CONFIG", QUIET_POLICY)
        for name in ("RTO_LANGUAGE", "RTO_TIMEZONE", "RTO_ACCEPT_SYNTHETIC_NIN"):
            monkeypatch.delenv(name, raising=False)
        self.url = url

    def __call__(self, *args: str) -> Result:
        import cli

        self.capsys.readouterr()
        code = cli.main([str(a) for a in args])
        captured = self.capsys.readouterr()
        return Result(code, captured.out, captured.err, [str(a) for a in args])


@pytest.fixture
def rto(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, database_url: str) -> InProcessRto:
    return InProcessRto(capsys, monkeypatch, database_url)


@pytest.fixture
def cli(rto: InProcessRto, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> InProcessRto:
    """`rto` on the test's clock, with keys for sealing checkpoints (the retention tests')."""
    monkeypatch.setenv("RTO_AUDIT_SIGNING_KEY", str(tmp_path / "audit.key"))
    monkeypatch.setenv("RTO_AUDIT_CHECKPOINTS", str(tmp_path / "checkpoints.jsonl"))
    monkeypatch.setenv("RTO_MAILDIR", str(tmp_path / "Maildir"))
    monkeypatch.setattr("workflow.bootstrap.system_clock", clock)
    made = rto("audit", "keygen", "--private", str(tmp_path / "audit.key"), "--public", str(tmp_path / "audit.pub"))
    assert made.code == 0, made
    return rto


def run_rto(*args: str, url: str, user: str = "ola", env: dict[str, str] | None = None,
            timeout: float = 60) -> Result:
    """`rto` as a real process, the way a caseworker's terminal runs it."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("RTO_")}
    full_env.update({"RTO_DATABASE_URL": url, "RTO_USER": user, "RTO_IDENTITY": "declared", "RTO_CONFIG": QUIET_POLICY,
                     **(env or {})})
    proc = subprocess.run([RTO, *args], capture_output=True, text=True, env=full_env, timeout=timeout)
    return Result(proc.returncode, proc.stdout, proc.stderr, list(args))


def valid_nin(day: int = 15, month: int = 5, year: int = 85, individual: int = 456, d_number: bool = False) -> str:
    """A fødselsnummer (or D-number) with correct check digits, for tests."""
    from stdnum.no import fodselsnummer

    for ind in range(individual, individual + 50):
        base = f"{day + (40 if d_number else 0):02d}{month:02d}{year:02d}{ind:03d}"
        c1 = fodselsnummer.calc_check_digit1(base)
        c2 = fodselsnummer.calc_check_digit2(base + c1)
        number = base + c1 + c2
        if len(number) == 11 and fodselsnummer.is_valid(number):
            return number
    raise AssertionError("no valid number found")


@pytest.fixture
def smtp() -> Iterator[Any]:
    """A real SMTP server (aiosmtpd) on loopback; `smtp.answer("451 busy")` scripts failures."""
    from smtp import smtp_server

    with smtp_server() as server:
        yield server


@pytest.fixture
def mailing_app(app: Any, smtp: Any) -> Any:
    """The `app` fixture, delivering by SMTP to the test's server."""
    app.sender_factory = smtp.sender
    return app


# In CI (RTO_REQUIRE_PDF=1) a letter's PDF must be drawn and read back; elsewhere its tests may skip.
REQUIRE_PDF = os.environ.get("RTO_REQUIRE_PDF") == "1"


def flat(text: str) -> str:
    """Text with its line breaks and runs of spaces made single spaces, as a reader sees it."""
    return " ".join(text.replace("\u00a0", " ").split())


@pytest.fixture
def pdf_text() -> Any:
    """Read a PDF's text with `pdftotext - -` (poppler-utils)."""
    if shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None:
        why = "pdftotext/pdfinfo (poppler-utils) is not installed, so the letter's PDF cannot be read back"
        if REQUIRE_PDF:
            pytest.fail(f"{why} (RTO_REQUIRE_PDF=1: the PDF letters must be checked here)")
        pytest.skip(why)

    def read(pdf: bytes) -> str:
        done = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True,
                              timeout=60)
        return done.stdout.decode("utf-8")

    return read
