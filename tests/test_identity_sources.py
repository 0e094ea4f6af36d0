"""Who is acting is not taken on trust: the OS login by default, the database's authenticated role on
PostgreSQL, and a declared login only where that is configured."""

from __future__ import annotations

import json
import os
import subprocess
import uuid
from typing import Any

import pytest
from conftest import QUIET_POLICY, RTO
from helpers import database_rows
from sqlalchemy import create_engine, text

from commands.acting import acting_login, os_login
from states.errors import ConfigError, NotPermitted

ME = os_login()


def rto_as_process(url: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """The real `rto`, with no RTO_* setting but those given: the identity source is the default, `os`."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("RTO_")}
    return subprocess.run([RTO, *args], capture_output=True, text=True, timeout=60,
                          env={**clean, "RTO_DATABASE_URL": url, "RTO_CONFIG": QUIET_POLICY, **env})


def register(url: str, login: str, role: str = "admin") -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO staff (login, name, email, role, active, created_at) "
                          "VALUES (:l, :l, NULL, :r, true, CURRENT_TIMESTAMP)"), {"l": login, "r": role})
    engine.dispose()


def test_under_os_naming_someone_else_is_impersonation_and_writes_nothing(database_url: str) -> None:
    register(database_url, ME)
    before = database_rows(database_url)
    forged = rto_as_process(database_url, "--as", "adm", "staff", "add", "mallory", "--name", "Mallory",
                            "--email", "m@x.no", "--role", "admin")
    assert forged.returncode == 5, forged
    assert f"Du er logget inn som {ME} og kan ikke handle som adm" in forged.stderr
    assert database_rows(database_url) == before
    by_env = rto_as_process(database_url, "staff", "add", "mallory", "--name", "Mallory", "--email", "m@x.no",
                            "--role", "caseworker", RTO_USER="adm", USER="adm", LOGNAME="adm")
    assert by_env.returncode == 5  # RTO_USER is --as; $USER and $LOGNAME are no one's word
    own = rto_as_process(database_url, "--as", ME, "staff", "add", "mallory", "--name", "Mallory",
                         "--email", "m@x.no", "--role", "caseworker", USER="adm", LOGNAME="adm")
    assert own.returncode == 0, own
    listed = rto_as_process(database_url, "staff", "list", "--json")
    assert "mallory" in {s["login"] for s in json.loads(listed.stdout)}


def test_under_os_an_unregistered_os_login_is_refused(database_url: str) -> None:
    result = rto_as_process(database_url, "case", "list")
    assert result.returncode == 5 and f"{ME} er ikke registrert" in result.stderr


def test_init_registers_the_acting_login_and_refuses_another_unless_declared(tmp_path: Any) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    refused = rto_as_process(url, "init", "--admin", "kari", "--name", "Kari", "--email", "k@x.no")
    assert refused.returncode == 5, refused
    made = rto_as_process(url, "init", "--name", "Drift", "--email", "drift@x.no", "--json")
    assert made.returncode == 0, made
    assert json.loads(made.stdout)["admin"] == ME
    other = f"sqlite:///{tmp_path / 'other.db'}"
    declared = rto_as_process(other, "init", "--admin", "kari", "--name", "Kari", "--email", "k@x.no",
                              RTO_IDENTITY="declared")
    assert declared.returncode == 0, declared


def test_an_unknown_identity_source_is_bad_configuration(database_url: str) -> None:
    result = rto_as_process(database_url, "case", "list", RTO_IDENTITY="trust-me")
    assert result.returncode == 2 and "os, database, declared" in result.stderr


def test_the_database_source_needs_postgresql(tmp_path: Any) -> None:
    with pytest.raises(ConfigError):
        acting_login("database", None, lambda: (_ for _ in ()).throw(ConfigError("identity_needs_postgres",
                                                                                   dialect="sqlite")))
    url = f"sqlite:///{tmp_path / 'rto.db'}"
    assert rto_as_process(url, "init", "--name", "Drift", "--email", "d@x.no").returncode == 0
    result = rto_as_process(url, "case", "list", RTO_IDENTITY="database")
    assert result.returncode == 2 and "PostgreSQL" in result.stderr


def test_the_declared_source_takes_the_login_given() -> None:
    assert acting_login("declared", "ola", lambda: "x") == "ola"
    assert acting_login("declared", None, lambda: "x") == ME
    with pytest.raises(NotPermitted):
        acting_login("os", "ola" if ME != "ola" else "kari", lambda: "x")


@pytest.fixture
def login_role(postgres_admin_url: str, postgres_database: str) -> Any:
    """A throw-away PostgreSQL login role (trust authentication on this server), dropped afterwards."""
    role = f"rto_t_{uuid.uuid4().hex[:8]}"
    engine = create_engine(postgres_database, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE ROLE "{role}" LOGIN'))
        conn.execute(text(f'GRANT USAGE ON SCHEMA public TO "{role}"'))
        conn.execute(text(f'GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO "{role}"'))
        conn.execute(text(f'GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO "{role}"'))
    yield role, postgres_database.replace("postgres@", f"{role}@", 1)
    with engine.connect() as conn:
        conn.execute(text(f'DROP OWNED BY "{role}"'))
        conn.execute(text(f'DROP ROLE "{role}"'))
    engine.dispose()


def test_under_database_the_actor_is_the_role_that_logged_in(login_role: Any, postgres_database: str) -> None:
    role, url = login_role
    register(postgres_database, role, "supervisor")
    listed = rto_as_process(url, "case", "list", "--json", RTO_IDENTITY="database")
    assert listed.returncode == 0, listed
    forged = rto_as_process(url, "--as", "adm", "staff", "list", RTO_IDENTITY="database")
    assert forged.returncode == 5 and f"logget inn som {role}" in forged.stderr
    staff = rto_as_process(url, "staff", "add", "x1", "--name", "X", "--email", "x@x.no", "--role", "caseworker",
                           RTO_IDENTITY="database")
    assert staff.returncode == 5 and "administrator" in staff.stderr  # a supervisor, not an admin
