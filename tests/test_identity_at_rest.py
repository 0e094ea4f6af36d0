"""Identity numbers at rest: sealed with a key outside the database, found by a keyed hash, and never in
clear in the database file or a dump of it."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import QUIET_POLICY, valid_nin
from sqlalchemy import create_engine, text

from states.errors import ConfigError, Refused
from workflow.bootstrap import bootstrap
from workflow.households import add_household, add_member, find_households, remove_member, show_household
from workflow.identity import validate_nin
from workflow.identity_vault import IdentityVault

KARI = valid_nin(day=2, month=4, year=88, individual=123)
PER = valid_nin(day=20, month=11, year=86, individual=234)
LEGACY = valid_nin(day=15, month=5, year=85, individual=456)


def numbers_in(data: bytes) -> list[str]:
    return [n for n in (KARI, PER, LEGACY) if n.encode() in data]


def test_the_sqlite_file_holds_no_identity_number_in_clear(app: Any) -> None:
    if app.db.dialect != "sqlite":
        pytest.skip("the SQLite file; PostgreSQL's dump is the next test")
    household = add_household(app, "ola", "Familien Berg", adults=2, nins=[KARI]).id
    add_member(app, "ola", household, "Per Berg", "1986-11-20", nin=PER)
    app.db.dispose()  # let SQLite fold its write-ahead log into the file
    path = Path(app.database_url.removeprefix("sqlite:///"))
    raw = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    assert numbers_in(raw) == []
    assert show_household(app, "ola", household).identity_numbers == ["**.**.**** *****"]


def test_a_pg_dump_holds_no_identity_number_in_clear(app: Any) -> None:
    if app.db.dialect != "postgresql":
        pytest.skip("pg_dump is PostgreSQL's")
    household = add_household(app, "ola", "Familien Berg", adults=2, nins=[KARI]).id
    add_member(app, "ola", household, "Per Berg", "1986-11-20", nin=PER)
    dump = subprocess.run(["pg_dump", "--no-owner", app.database_url.replace("postgresql+psycopg", "postgresql")],
                          capture_output=True, check=True, timeout=120).stdout
    assert b"Familien Berg" in dump  # the dump is the data
    assert numbers_in(dump) == []


def test_a_number_is_found_by_its_keyed_hash_and_held_once(app: Any) -> None:
    household = add_household(app, "ola", "Familien Berg", adults=2).id
    kari = add_member(app, "ola", household, "Kari Berg", "1988-04-02", nin=KARI).id
    found = find_households(app, "siri", KARI)
    assert [(f.id, f.member) for f in found] == [(household, kari)]
    other = add_household(app, "ola", "Familien Moe").id
    with pytest.raises(Refused) as twice:
        add_member(app, "ola", other, "Kari Berg", "1988-04-02", nin=KARI)
    assert twice.value.code == "nin_registered" and twice.value.params == {"household": household}
    remove_member(app, "ola", household, kari, "Flyttet til Familien Moe")
    assert find_households(app, "siri", KARI) == []
    add_member(app, "ola", other, "Kari Berg", "1988-04-02", nin=KARI)  # moved: now held by the new household
    assert [f.id for f in find_households(app, "siri", KARI)] == [other]
    assert find_households(app, "per", KARI) == []  # another caseworker's household is not theirs to find


def test_the_key_is_made_0600_by_init_never_over_an_existing_one_and_refused_if_others_may_read_it(
        tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'rto.db'}"
    app = bootstrap({}, config_file=QUIET_POLICY, database_url=url)
    from workflow.staff import init_database

    init_database(app, "kari", "Kari", "kari@x.no")
    key = tmp_path / "rto-identity.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    before = key.read_bytes()
    init_database(app, "kari", "Kari", "kari@x.no")
    assert key.read_bytes() == before
    app.close()
    os.chmod(key, 0o644)
    with pytest.raises(ConfigError) as exposed:
        IdentityVault(key).lookup_hash(KARI)
    assert exposed.value.code == "identity_key_exposed"


def test_another_key_cannot_read_the_numbers(tmp_path: Path) -> None:
    sealed = IdentityVault(tmp_path / "a.key").seal(validate_nin(KARI))
    assert IdentityVault(tmp_path / "a.key").reveal(sealed) == KARI
    with pytest.raises(ConfigError) as wrong:
        IdentityVault(tmp_path / "b.key").reveal(sealed)
    assert wrong.value.code == "identity_key_wrong"
    assert IdentityVault(tmp_path / "a.key").lookup_hash(KARI) != IdentityVault(tmp_path / "b.key").lookup_hash(KARI)


def test_an_upgrade_seals_the_numbers_an_older_schema_kept_in_clear(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        cfg = Config()
        cfg.set_main_option("script_location", str(Path("workflow/migrations").resolve()))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0006")
        conn.execute(text("INSERT INTO staff (login, name, role, active, created_at) "
                          "VALUES ('kari', 'Kari', 'admin', 1, '2026-01-01'), ('siri', 'Siri', 'supervisor', 1,"
                          " '2026-01-01')"))
        conn.execute(text("INSERT INTO households (name, email_consent, adults, children, child_ages, identity_numbers,"
                          " created_at, created_by) VALUES ('Familien Berg', 0, 2, 0, '[]', :n, '2026-01-01', 'kari')"),
                     {"n": json.dumps([{"number": LEGACY, "kind": "fodselsnummer", "synthetic": False,
                                        "born": "1985-05-15"}])})
        conn.execute(text("INSERT INTO household_members (household_id, name, born, role, identity_number, added_at,"
                          " added_by) VALUES (1, 'Kari Berg', '1988-04-02', 'applicant', :n, '2026-01-01', 'kari')"),
                     {"n": json.dumps({"number": KARI, "kind": "fodselsnummer", "synthetic": False})})
    engine.dispose()
    app = bootstrap({}, config_file=QUIET_POLICY, database_url=url)
    from workflow.staff import init_database

    assert init_database(app, "kari", None, None).upgraded_from == "0006"
    app.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("old.db*"))
    assert numbers_in(raw) == []
    shown = show_household(app, "siri", 1)
    assert shown.identity_numbers == ["15.05.1985 *****"]  # the birth date the old row had read stays shown
    assert [f.member for f in find_households(app, "siri", KARI)] == [1]
    assert [f.member for f in find_households(app, "siri", LEGACY)] == [None]
