"""On PostgreSQL the database itself enforces the rules (domain.md, "Trust and privacy"): tried by logging in as
a caseworker's role with psycopg, on a database `rto init` made.

Roles belong to the whole server, so every login and group role these tests make has a throw-away name and is
dropped afterwards, also when a test fails. The test server trusts local connections, so a role needs no password.
Without a server these tests skip, and fail under RTO_REQUIRE_POSTGRES=1 (conftest's `postgres_admin_url`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest
from conftest import (
    OSLO,
    QUIET_POLICY,
    FakeClock,
    InProcessRto,
    create_postgres_database,
    drop_postgres_database,
    valid_nin,
)
from helpers import new_case, new_household
from sqlalchemy import create_engine, make_url, text

from states.errors import NotPermitted
from workflow import pg_security
from workflow.bootstrap import App, bootstrap
from workflow.staff import add_staff, init_database, set_active

PER_NIN = valid_nin(3, 4, 79)  # held by a member of per's case's household


@dataclass
class Secured:
    """A database `rto init` secured, its staff as login roles, a case each for two caseworkers."""

    url: str
    database: str
    key_file: Path
    app: App
    admin: str
    ola: str  # caseworker
    per: str  # caseworker
    siri: str  # supervisor
    kim: str  # a login no one has registered yet
    ola_case: int
    per_case: int
    per_household: int
    pool_household: int  # no open case: the tenant pool

    def url_as(self, login: str) -> str:
        return make_url(self.url).set(username=login, password=None).render_as_string(hide_password=False)

    def connect(self, login: str | None = None, autocommit: bool = True) -> psycopg.Connection[Any]:
        """A psycopg connection as `login`, else as the server's administrator that made the database."""
        server = make_url(self.url)
        return psycopg.connect(host=server.host, port=server.port or 5432, dbname=self.database,
                               user=login or server.username, password=None if login else server.password,
                               autocommit=autocommit)


def _drop_roles(admin_url: str, roles: list[str]) -> None:
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        for role in roles:
            conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
    engine.dispose()


@pytest.fixture(scope="module")
def secured(postgres_admin_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Secured]:
    tag = uuid.uuid4().hex[:8]
    logins = {name: f"rto_t{tag}_{name}" for name in ("adm", "ola", "per", "siri", "kim")}
    url = create_postgres_database(postgres_admin_url, "rto_pgsec")
    database = url.rsplit("/", 1)[1]
    key_file = tmp_path_factory.mktemp("pgsec") / "identity.key"
    app = bootstrap({"RTO_IDENTITY_KEY_FILE": str(key_file)}, config_file=QUIET_POLICY, database_url=url,
                    clock=FakeClock(datetime(2026, 3, 2, 10, 0, tzinfo=OSLO)))
    try:
        init_database(app, logins["adm"], "Anne Admin", None)
        init_database(app, logins["adm"], "Anne Admin", None)  # a second init changes nothing, and fails nothing
        for name, role in (("ola", "caseworker"), ("per", "caseworker"), ("siri", "supervisor")):
            add_staff(app, logins["adm"], logins[name], name.title(), None, role)
        ola_case = new_case(app, logins["ola"], name="Familien Olsen")
        per_case = new_case(app, logins["per"], name="Familien Persen", nins=[PER_NIN])
        with app.db.reads() as conn:
            per_household = conn.execute(text("SELECT household_id FROM cases WHERE id = :c"),
                                         {"c": per_case}).scalar_one()
        pool = new_household(app, logins["ola"], name="Familien Venter")
        yield Secured(url, database, key_file, app, logins["adm"], logins["ola"], logins["per"], logins["siri"],
                      logins["kim"], ola_case, per_case, per_household, pool)
    finally:
        app.close()
        try:
            drop_postgres_database(postgres_admin_url, url)  # and its group roles, which hold privileges in it
        finally:
            _drop_roles(postgres_admin_url, [*logins.values(), *pg_security.group_roles(database).values()])


def _ids(conn: psycopg.Connection[Any], sql: str, *args: Any) -> list[Any]:
    return [row[0] for row in conn.execute(sql, args).fetchall()]


def test_a_caseworkers_login_sees_its_own_case_and_not_another_caseworkers(secured: Secured) -> None:
    with secured.connect(secured.ola) as conn:
        assert _ids(conn, "SELECT id FROM cases WHERE id = %s", secured.per_case) == []
        assert _ids(conn, "SELECT id FROM cases") == [secured.ola_case]
        assert _ids(conn, "SELECT seq FROM case_events WHERE case_id = %s", secured.per_case) == []
        assert _ids(conn, "SELECT seq FROM case_events WHERE case_id = %s", secured.ola_case) == [1]
        households = _ids(conn, "SELECT id FROM households")
        assert secured.per_household not in households  # per's case's household
        assert secured.pool_household in households  # the tenant pool: no open case
        assert _ids(conn, "SELECT household_id FROM household_events WHERE household_id = %s",
                    secured.per_household) == []
        assert conn.execute("UPDATE cases SET facts = '{}' WHERE id = %s", (secured.per_case,)).rowcount == 0
        # a number registered to per's household is found (one person, one record), but is not hers to remove
        assert _ids(conn, "SELECT household_id FROM identity_lookup") == [secured.per_household]
        assert conn.execute("DELETE FROM identity_lookup").rowcount == 0
    with secured.connect(secured.siri) as conn:  # a supervisor sees every case
        assert set(_ids(conn, "SELECT id FROM cases")) == {secured.ola_case, secured.per_case}


@pytest.mark.parametrize("statement", [
    "UPDATE case_events SET details = '{}' WHERE case_id = %(case)s",
    "DELETE FROM case_events WHERE case_id = %(case)s",
    "UPDATE household_events SET actor = 'x' WHERE household_id = %(household)s",
    "DELETE FROM household_events WHERE household_id = %(household)s",
    "UPDATE case_access SET login = 'x'",
    "DELETE FROM case_access",
    "TRUNCATE case_events CASCADE",
])
def test_no_login_can_update_or_delete_a_history_row(secured: Secured, statement: str) -> None:
    with secured.connect(secured.ola) as conn:  # a view of her own case, in the access log
        conn.execute("INSERT INTO case_access (case_id, login, at, action) VALUES (%s, %s, now(), 'show')",
                     (secured.ola_case, secured.ola))
    own = {"case": secured.ola_case, "household": secured.pool_household}
    for login in (secured.ola, secured.siri, secured.admin):
        with secured.connect(login) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(statement, own)
    with secured.connect() as conn:
        if not statement.startswith("TRUNCATE"):  # the table's owner can truncate, and drop the trigger itself
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="history rows are never changed"):
                conn.execute(statement, own)  # the superuser that owns the tables too
        assert _ids(conn, "SELECT seq FROM case_events WHERE case_id = %s", secured.ola_case) == [1]


def test_only_the_retention_function_erases_and_only_an_events_details(secured: Secured) -> None:
    with secured.connect(secured.ola) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("SELECT rto_retention_erase('case_events', ARRAY[1]::bigint[], ARRAY['{}'])")
    with secured.connect() as conn:
        event = _ids(conn, "SELECT id FROM case_events WHERE case_id = %s", secured.per_case)[0]
        erased = conn.execute("SELECT rto_retention_erase('case_events', %s, %s)",
                              ([event], ['{"erased": true}'])).fetchone()
        assert erased == (1,)
        assert _ids(conn, "SELECT details FROM case_events WHERE id = %s", event) == ['{"erased": true}']
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT rto_retention_erase('case_access', ARRAY[1]::bigint[], ARRAY['{}'])")


def test_a_staff_members_group_role_follows_their_role_and_goes_when_they_are_deactivated(
        secured: Secured) -> None:
    def groups(login: str) -> set[str]:
        with secured.connect(autocommit=False) as conn:
            return set(_ids(conn, "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
                                  "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = %s", login))

    roles = pg_security.group_roles(secured.database)
    assert groups(secured.ola) == {roles["caseworker"]} and groups(secured.siri) == {roles["supervisor"]}
    assert groups(secured.admin) == {roles["admin"]}
    set_active(secured.app, secured.admin, secured.per, False)
    assert groups(secured.per) == set()
    with secured.connect(secured.per) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("SELECT id FROM cases")
    set_active(secured.app, secured.admin, secured.per, True)
    assert groups(secured.per) == {roles["caseworker"]}


def test_under_the_database_source_the_actor_is_the_role_that_logged_in(
        secured: Secured, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    rto = InProcessRto(capsys, monkeypatch, secured.url_as(secured.ola))
    monkeypatch.setenv("RTO_IDENTITY", "database")
    monkeypatch.setenv("RTO_IDENTITY_KEY_FILE", str(secured.key_file))
    monkeypatch.delenv("RTO_USER")

    noted = rto("case", "note", str(secured.ola_case), "Ringt husstanden.")
    assert noted.code == 0, noted
    assert rto("case", "show", str(secured.per_case)).code == 4  # the database does not show it to her
    found = rto("--json", "household", "find", "--nin", PER_NIN)
    assert found.code == 0 and found.json == [], found  # nor the household holding the number
    duplicate = rto("household", "add", "--name", "Familien Dobbel", "--nin", PER_NIN)
    assert duplicate.code == 3, duplicate  # yet a number is still registered once only
    added = rto("--json", "household", "add", "--name", "Familien Ny", "--unit", "Rovik 3 H0101")
    assert added.code == 0, added
    opened = rto("--json", "case", "open", str(added.json["id"]))
    assert opened.code == 0, opened
    with secured.connect(autocommit=False) as conn:
        actors = conn.execute("SELECT c.caseworker, e.actor FROM case_events e JOIN cases c ON c.id = e.case_id "
                              "WHERE e.case_id IN (%s, %s) AND e.seq > 1 OR e.case_id = %s",
                              (secured.ola_case, opened.json["id"], opened.json["id"])).fetchall()
    assert actors and set(actors) == {(secured.ola, secured.ola)}


def test_retentions_hook_erases_an_events_details_through_the_function_on_a_secured_database(
        secured: Secured) -> None:
    with secured.app.db.transaction(write=True) as conn:
        event = conn.execute(text("SELECT id FROM household_events WHERE household_id = :h"),
                             {"h": secured.per_household}).scalar_one()
        assert pg_security.erase_history(conn, "household_events", [event], ['{"erased": true}']) == 1
    with secured.connect(autocommit=False) as conn:
        assert _ids(conn, "SELECT details FROM household_events WHERE id = %s", event) == ['{"erased": true}']


def test_where_events_keep_their_commitments_salts_the_hook_erases_those_too(secured: Secured) -> None:
    with secured.connect() as conn:  # the salted commitments' column (retention's migration), then init again
        conn.execute("ALTER TABLE household_events ADD COLUMN IF NOT EXISTS sealed text")
    init_database(secured.app, secured.admin, "Anne Admin", None)
    with secured.app.db.transaction(write=True) as conn:
        event, before = conn.execute(text("SELECT id, hash FROM household_events WHERE household_id = :h"),
                                     {"h": secured.pool_household}).one()
        assert pg_security.erase_history(conn, "household_events", [event], ["{}"], ['{"salt": "erased"}']) == 1
    with secured.connect() as conn:
        assert conn.execute("SELECT details, sealed, hash FROM household_events WHERE id = %s",
                            (event,)).fetchone() == ("{}", '{"salt": "erased"}', before)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE household_events SET sealed = NULL WHERE id = %s", (event,))


def test_elsewhere_retentions_hook_is_a_plain_update_and_sqlite_keeps_no_roles_or_triggers(app: App) -> None:
    case_id = new_case(app)
    with app.db.transaction(write=True) as conn:
        assert not pg_security.is_secured(conn)
        if conn.dialect.name == "sqlite":
            pg_security.secure(conn)  # does nothing there: no roles, policies or triggers
        event = conn.execute(text("SELECT id FROM case_events WHERE case_id = :c"), {"c": case_id}).scalar_one()
        assert pg_security.erase_history(conn, "case_events", [event], ["{}"]) == 1
        with pytest.raises(ValueError):
            pg_security.erase_history(conn, "case_access", [1], ["{}"])
    with app.db.reads() as conn:
        assert conn.execute(text("SELECT details FROM case_events WHERE id = :e"), {"e": event}).scalar() == "{}"


def test_an_admin_logged_in_as_their_own_role_registers_staff_and_the_login_role_with_them(
        secured: Secured, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    rto = InProcessRto(capsys, monkeypatch, secured.url_as(secured.admin))
    monkeypatch.setenv("RTO_IDENTITY", "database")
    monkeypatch.delenv("RTO_USER")

    mine = rto("init")  # init changes tables and grants: the tables' owner's job, not a staff login's
    assert mine.code == 5 and f"eier dem ({make_url(secured.url).username})" in mine.err, mine
    added = rto("staff", "add", secured.kim, "--name", "Kim", "--email", "kim@x.no", "--role", "supervisor")
    assert added.code == 0, added
    with secured.connect(secured.kim) as conn:  # the role exists, logs in, and sees as a supervisor
        assert set(_ids(conn, "SELECT id FROM cases")) >= {secured.ola_case, secured.per_case}


def test_init_by_the_owner_says_which_group_roles_the_servers_logins_join(
        secured: Secured, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    rto = InProcessRto(capsys, monkeypatch, secured.url)
    monkeypatch.setenv("RTO_IDENTITY_KEY_FILE", str(secured.key_file))
    again = rto("--as", secured.admin, "init")
    assert again.code == 0, again
    roles = pg_security.group_roles(secured.database)
    assert f"pg_hba.conf: +{roles['caseworker']}" in again.out, again
    made = rto("--as", secured.admin, "--json", "init").json
    assert made["group_roles"] == {r: roles[r] for r in pg_security.STAFF_ROLES}


def test_init_lifts_the_trigger_only_inside_its_own_migrating_transaction(secured: Secured) -> None:
    engine = create_engine(secured.url)
    try:
        with engine.connect() as conn:
            migrating = conn.begin()
            pg_security.suspend(conn)  # what init does before migrations that backfill history columns
            conn.execute(text("UPDATE case_events SET hash_version = hash_version WHERE case_id = :c"),
                         {"c": secured.ola_case})
            migrating.rollback()
    finally:
        engine.dispose()
    with secured.connect() as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("UPDATE case_events SET hash_version = hash_version")


def test_role_names_fit_postgresqls_limit_and_differ_per_database() -> None:
    long = "kommune_" + "x" * 70
    assert all(len(role.encode()) <= 63 for role in pg_security.group_roles(long).values())
    assert pg_security.group_roles(long) != pg_security.group_roles(long + "y")
    assert pg_security.group_roles("sandnes")["caseworker"] == "sandnes_caseworker"


def test_every_table_rto_keeps_is_granted_to_some_group_so_that_a_new_one_is_not_silently_out_of_reach(
        secured: Secured) -> None:
    groups = list(pg_security.group_roles(secured.database).values())
    with secured.connect() as conn:
        tables = _ids(conn, "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        unreachable = [t for t in tables
                       if not any(conn.execute("SELECT has_table_privilege(%s, %s, 'SELECT')", (g, t)).fetchone()[0]
                                  for g in groups)]
    assert unreachable == []  # name a new table in workflow.pg_security: who reads it, and which rows


def test_init_by_an_owner_that_cannot_create_roles_is_refused_and_leaves_nothing(
        postgres_admin_url: str, tmp_path: Path) -> None:
    owner = f"rto_t{uuid.uuid4().hex[:8]}_owner"
    database = f"rto_pgsec_{uuid.uuid4().hex[:10]}"
    server = create_engine(postgres_admin_url, isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as conn:
            conn.execute(text(f'CREATE ROLE "{owner}" LOGIN'))
            conn.execute(text(f'CREATE DATABASE "{database}" OWNER "{owner}"'))
        url = make_url(postgres_admin_url).set(username=owner, database=database).render_as_string(False)
        app = bootstrap({"RTO_IDENTITY_KEY_FILE": str(tmp_path / "identity.key")}, config_file=QUIET_POLICY,
                        database_url=url)
        try:
            with pytest.raises(NotPermitted) as refused:
                init_database(app, "kari", "Kari", None)
            assert refused.value.code == "init_needs_createrole"
            with app.db.reads() as conn:  # the migrations rolled back with it
                assert conn.exec_driver_sql("SELECT to_regclass('cases')").scalar() is None
        finally:
            app.close()
    finally:
        with server.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            for role in [*pg_security.group_roles(database).values(), owner]:
                conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
        server.dispose()


def test_a_caseworkers_own_login_imports_assesses_and_contacts_the_register(
        secured: Secured, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    rto = InProcessRto(capsys, monkeypatch, secured.url_as(secured.ola))
    monkeypatch.setenv("RTO_IDENTITY", "database")
    monkeypatch.setenv("RTO_IDENTITY_KEY_FILE", str(secured.key_file))
    monkeypatch.delenv("RTO_USER")
    register = tmp_path / "register.csv"
    register.write_text("external_id;name;adults;income_monthly;equity\nPG-1;Familien Register;1;40000;50000\n",
                        encoding="utf-8")
    imported = rto("--json", "household", "import", str(register))
    assert imported.code == 0 and imported.json["created"] == 1, imported
    household = [h for h in rto("--json", "household", "list").json if h["external_id"] == "PG-1"][0]["id"]
    assert rto("--json", "household", "assess", str(household)).json["prospect"] is True
    assert rto("household", "contact", str(household), "--outcome", "interested").code == 0
    opened = rto("--json", "case", "open", str(household))
    assert opened.code == 0, opened
    with secured.connect(secured.per) as conn:  # another caseworker: not her household's figures or outreach
        assert _ids(conn, "SELECT id FROM contacts WHERE household_id = %s", household) == []
        assert _ids(conn, "SELECT id FROM assessments WHERE household_id = %s", household) == []
