"""Each event records the version of the hash formula that sealed it, so a later formula never makes an older
history fail: a database written by the first release (migration 0001, hash formula version 1) still verifies
after `rto init` upgrades it, and its events are still checked by the formula that sealed them.

`first_release_history.json` holds the rows of a database that commit 8041f2c's own `rto` made (its commands,
its hashes, its times), exactly as that release stored them. Every test runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.config import Config
from conftest import InProcessRto, create_postgres_database, drop_postgres_database
from helpers import as_the_tables_owner_would
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import create_engine, text

import workflow.tables
from states.canonical import canonical
from states.history import HASH_VERSION, event_hash, stamp

FIRST_RELEASE = json.loads(Path(__file__).with_name("first_release_history.json").read_text(encoding="utf-8"))
MIGRATIONS = Path(workflow.tables.__file__).with_name("migrations")
TIMES = {"created_at", "opened_at", "state_entered_at", "last_activity_at", "at"}
FLAGS = {"active", "email_consent"}


def first_formula(event: dict[str, Any], at: datetime) -> str:
    """The hash as commit 8041f2c computed it (states/history.py there), restated here on its own."""
    body = canonical([event["case_id"], event["seq"], stamp(at), event["actor"], event["kind"], event["from_state"],
                      event["to_state"], event["details"], event["prev_hash"]])
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


@pytest.fixture(params=["sqlite", "postgres"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'first.db'}"
        return
    admin = request.getfixturevalue("postgres_admin_url")
    url = create_postgres_database(admin, "rto_first")
    yield url
    drop_postgres_database(admin, url)


def first_release_database(url: str) -> None:
    """The schema of migration 0001 and the rows the first release wrote into it, as it stored them."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS))
            config.attributes["connection"] = conn
            command.upgrade(config, "0001")
            sqlite = conn.dialect.name == "sqlite"
            for table in ("staff", "households", "cases", "case_events"):
                for row in FIRST_RELEASE[table]:
                    values = {k: stored(k, v, sqlite) for k, v in row.items()}
                    columns = ", ".join(values)
                    conn.execute(text(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(':' + c for c in values)})"),
                                 values)
            if not sqlite:  # ids were given: move the sequences past them, as the first release's inserts did
                for table in ("households", "cases", "case_events"):
                    conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                      f"(SELECT max(id) FROM {table}))"))
    finally:
        engine.dispose()


def stored(column: str, value: Any, sqlite: bool) -> Any:
    if column in TIMES:  # SQLite kept naive UTC text, PostgreSQL an aware timestamp
        moment = datetime.fromisoformat(value)
        return moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds") if sqlite else moment
    if column in FLAGS and not sqlite:
        return bool(value)
    return value


def hash_versions(url: str) -> dict[tuple[int, int], int | None]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT case_id, seq, hash_version FROM case_events"))
            return {(r.case_id, r.seq): r.hash_version for r in rows}
    finally:
        engine.dispose()


def test_the_first_release_hashed_its_events_with_the_first_formula_not_todays() -> None:
    events = FIRST_RELEASE["case_events"]
    assert len(events) == 24 and {e["kind"] for e in events} >= {"opened", "override", "refused", "transition"}
    for e in events:
        at = datetime.fromisoformat(e["at"])
        assert first_formula(e, at) == e["hash"]
        assert event_hash(e["case_id"], e["seq"], at, e["actor"], e["kind"], e["from_state"], e["to_state"],
                          e["details"], e["prev_hash"]) != e["hash"]


def test_a_database_from_the_first_release_verifies_after_rto_init_upgrades_it(
        empty_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    first_release_database(empty_url)
    rto = InProcessRto(capsys, monkeypatch, empty_url)

    upgraded = rto("--as", "adm", "init")
    assert upgraded.code == 0, upgraded
    assert f"0001 → {workflow.tables.SCHEMA_REVISION}" in upgraded.out, upgraded
    assert set(hash_versions(empty_url).values()) == {1}  # each row marked with the formula its hash matches

    result = rto("--as", "siri", "--json", "audit", "verify")
    assert result.code == 0, result
    assert result.json == {"ok": True, "cases": 3, "events": 24, "households": 3, "household_events": 0}


def test_events_written_after_the_upgrade_carry_todays_formula_beside_the_old_ones(
        empty_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    first_release_database(empty_url)
    rto = InProcessRto(capsys, monkeypatch, empty_url)
    assert rto("--as", "adm", "init").code == 0

    assert rto("--as", "ola", "case", "note", "2", "Etter oppgraderingen: ringt husstanden.").code == 0
    assert rto("--as", "ola", "case", "set", "2", "consent=yes").code == 0

    versions = hash_versions(empty_url)
    assert [versions[(2, seq)] for seq in range(1, 8)] == [1, 1, 1, 1, 1, HASH_VERSION, HASH_VERSION]
    assert rto("--as", "siri", "audit", "verify").code == 0


def test_an_old_event_is_still_checked_by_the_formula_that_sealed_it(
        empty_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    first_release_database(empty_url)
    rto = InProcessRto(capsys, monkeypatch, empty_url)
    assert rto("--as", "adm", "init").code == 0

    engine = create_engine(empty_url)
    with engine.begin() as conn:  # the override's reason, rewritten behind rto's back
        as_the_tables_owner_would(conn)
        conn.execute(text("UPDATE case_events SET details = replace(details, 'fast stilling', 'vikariat') "
                          "WHERE case_id = 2 AND seq = 3"))
    engine.dispose()

    result = rto("--as", "siri", "audit", "verify")
    assert result.code == 7, result
    assert "sak 2, hendelse 3: innholdet stemmer ikke med hashen (endret)" in result.err, result


def test_an_event_claiming_a_formula_rto_does_not_know_does_not_verify(
        empty_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    first_release_database(empty_url)
    rto = InProcessRto(capsys, monkeypatch, empty_url)
    assert rto("--as", "adm", "init").code == 0

    engine = create_engine(empty_url)
    with engine.begin() as conn:
        as_the_tables_owner_would(conn)
        conn.execute(text("UPDATE case_events SET hash_version = 9 WHERE case_id = 1 AND seq = 4"))
    engine.dispose()

    result = rto("--as", "siri", "--json", "audit", "verify")
    assert result.code == 7, result
    assert result.json["break"] | {"event_id": None} == {"case_id": 1, "seq": 4, "event_id": None,
                                                         "problem": "history_edited", "params": {}}


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)


@given(case_id=st.integers(0, 2**63 - 1), seq=st.integers(0, 2**31), actor=TEXT, kind=TEXT,
       states=st.tuples(st.none() | TEXT, st.none() | TEXT), details=TEXT, prev=TEXT)
def test_todays_formula_hashes_exactly_the_canonical_json_of_its_fields(
        case_id: int, seq: int, actor: str, kind: str, states: tuple[str | None, str | None], details: str,
        prev: str) -> None:
    """(It writes the array out itself, for speed: it must be the very text `canonical` gives.)"""
    at = datetime(2026, 3, 2, 9, 0, 0, 1, tzinfo=UTC)
    head = canonical([case_id, seq, stamp(at), actor, kind, *states, prev])
    expected = hashlib.sha256(f"{head}\x1f{details}".encode()).hexdigest()
    assert event_hash(case_id, seq, at, actor, kind, *states, details, prev) == expected
