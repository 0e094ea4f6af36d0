"""`rto retention run`: personal data past its retention period is erased everywhere in the database, the
statistics stay, every history still verifies (also against checkpoints sealed before), and the erasure is
itself recorded. Households within the period, or with an open case, are not touched; `--dry-run` writes
nothing. On SQLite and PostgreSQL; the demo's database on SQLite (the demo makes one).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import FakeClock, InProcessRto, valid_nin
from helpers import assert_not_stored, at, case_at, drive, facts_for
from sqlalchemy import create_engine, text
from sqlmodel import SQLModel

from states.canonical import canonical
from states.history import GENESIS, event_hash
from workflow.audit import verify_histories
from workflow.bootstrap import App
from workflow.cases import add_note, open_case, set_facts
from workflow.decisions import approve, propose
from workflow.households import add_household, add_member
from workflow.papers import record_paper
from workflow.steps import StepRequest, take_step

SECRETS_A = ("Erasmussen", "erasmussen@example.no", "Hemmelig notat om gjelden", "ARKIV-77-ERASMUS",
             "Inntekten til Erasmussen er stabil", "1985-05-15", "15.05.1985")


@dataclass(frozen=True)
class World:
    erased: int  # household A: moved in on 2026-01-05, past a 5-year period on 2031-06-01
    erased_case: int
    recent: int  # household B: its case closed on 2029-03-01, within the period
    recent_case: int
    open: int  # household C: an open case since 2026
    nin: str  # A's member's identity number


@pytest.fixture
def world(app: App, clock: FakeClock) -> World:
    clock.current = at("2026-01-05T09:00:00")
    nin = valid_nin(15, 5, 85)
    a = add_household(app, "ola", "Familien Erasmussen", email="erasmussen@example.no", adults=1, children=0,
                      unit="Kirkegata 3 H0101")
    add_member(app, "ola", a.id, "Kari Erasmussen", "1985-05-15", nin=nin)
    case_a = open_case(app, "ola", a.id).id
    add_note(app, "ola", case_a, "Hemmelig notat om gjelden")
    set_facts(app, "ola", case_a, ["term_reason=Erasmussen trenger lengre løpetid", "property=Erasmusveien 9"])
    set_facts(app, "ola", case_a, facts_for("motivated", app.today()))
    decision = propose(app, "ola", case_a, "help_granted", "Erasmussen har forutsigbar inntekt").id
    approve(app, "siri", decision, "Inntekten til Erasmussen er stabil")
    record_paper(app, "ola", case_a, "tax_return", "received", _member_of(app, case_a), ref="ARKIV-77-ERASMUS")
    drive(app, case_a, "moved_in")
    b = case_at(app, "screened", name="Familien Nyligsen")
    c = case_at(app, "screened", name="Familien Åpensen")
    clock.current = at("2029-03-01T09:00:00")
    take_step(app, "ola", b, StepRequest("closed", reason="Nyligsen flyttet", outcome="moved_away"))
    clock.current = at("2031-06-01T09:00:00")
    return World(a.id, case_a, household_of(app, b), b, household_of(app, c), nin)


def _member_of(app: App, case_id: int) -> int:
    from workflow.repository import load_case

    with app.db.reads() as conn:
        return load_case(conn, case_id).household.adults_on(app.today())[0].id  # type: ignore[no-any-return]


def household_of(app: App, case_id: int) -> int:
    from workflow.repository import load_case

    with app.db.reads() as conn:
        return load_case(conn, case_id).household_id


def everything(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, as a query (or pg_dump) sees it."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {t.name: sorted((tuple(r) for r in conn.execute(text(f"SELECT * FROM {t.name}"))), key=repr)
                    for t in SQLModel.metadata.sorted_tables}
    finally:
        engine.dispose()


def raw_bytes(url: str) -> bytes:
    """The SQLite database's files as they lie on disk (the write-ahead log too); PostgreSQL's pg_dump."""
    if not url.startswith("sqlite"):
        return subprocess.run(["pg_dump", "--no-owner", url.replace("postgresql+psycopg", "postgresql")],
                              capture_output=True, check=True, timeout=120).stdout
    path = Path(url.removeprefix("sqlite:///"))
    return b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists())


def rows_of(url: str, table: str, where: str, **params: Any) -> list[tuple[Any, ...]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(f"SELECT * FROM {table} WHERE {where} ORDER BY id"), params)]
    finally:
        engine.dispose()


def test_retention_erases_a_household_past_its_period_everywhere_and_every_history_still_verifies(
        world: World, cli: InProcessRto, database_url: str, tmp_path: Path) -> None:
    assert cli("--as", "siri", "audit", "seal").code == 0  # sealed before: the erasure must not disturb it
    report_before = cli("--as", "siri", "--json", "report").json
    dump = repr(everything(database_url))
    assert all(s in dump for s in SECRETS_A)  # (what is looked for below was there)
    recent_before = rows_of(database_url, "case_events", "case_id = :c", c=world.recent_case)

    result = cli("--debug", "--as", "adm", "--json", "retention", "run")

    assert result.code == 0, result
    assert result.json["years"] == 5 and result.json["ended_before"] == "2026-06-01"
    assert [e["household"] for e in result.json["erased"]] == [world.erased]
    erased = result.json["erased"][0]
    assert erased["cases"] == [world.erased_case] and erased["identity_numbers"] == 1 and erased["members"] == 1
    assert erased["values"] > 10 and erased["decisions"] == 1 and result.json["kept"] == []

    dump, raw = repr(everything(database_url)), raw_bytes(database_url)
    for secret in (*SECRETS_A, world.nin, world.nin[:6]):
        assert_not_stored(secret, dump, raw)
    assert "Familien Nyligsen" in dump and "Familien Åpensen" in dump  # the others are still there

    assert cli("--as", "siri", "audit", "verify").code == 0
    checked = cli("--as", "siri", "audit", "verify", "--checkpoints", str(tmp_path / "checkpoints.jsonl"),
                  "--public-key", str(tmp_path / "audit.pub"))
    assert checked.code == 0, checked
    assert cli("--as", "siri", "--json", "report").json == report_before  # the statistics are kept
    assert rows_of(database_url, "case_events", "case_id = :c", c=world.recent_case) == recent_before

    history = cli("--as", "siri", "--json", "case", "history", str(world.erased_case)).json
    assert history[-1]["kind"] == "erased" and history[-1]["details"]["values"] == erased["values"]
    assert history[-1]["details"]["retention_years"] == 5
    for table in ("case_events", "household_events"):  # the record holds nothing personal: nothing sealed
        assert [r[-1] for r in rows_of(database_url, table, "kind = 'erased'")] == [None]
    assert [e["state"] for e in [cli("--as", "siri", "--json", "case", "show", str(world.erased_case)).json]] \
        == ["moved_in"]
    household = cli("--as", "siri", "--json", "household", "show", str(world.erased)).json
    assert household["name"] == "" and household["members"] == [] and household["identity_numbers"] == []

    shown = cli("--as", "siri", "case", "history", str(world.erased_case))
    assert shown.code == 0 and "personopplysninger slettet" in shown.out, shown
    assert "Hemmelig" not in shown.out
    again = cli("--as", "adm", "retention", "run")  # nothing left to erase
    assert again.code == 0 and "Ingen husstand har passert lagringstiden." in again.out, again
    assert "Lagringstid: 5 år etter siste sak; slettes nå: saker avsluttet før 01.06.2026." in again.out, again


def test_an_erased_households_closed_case_is_not_reopened(world: World, cli: InProcessRto, clock: FakeClock,
                                                          database_url: str) -> None:
    clock.current = at("2035-01-02T09:00:00")  # the closed case's household is past its period too
    erased = cli("--as", "adm", "--json", "retention", "run")
    assert {e["household"] for e in erased.json["erased"]} == {world.erased, world.recent}, erased
    before = everything(database_url)
    refused = cli("--as", "siri", "case", "reopen", str(world.recent_case), "--reason", "Ny søknad")
    assert refused.code == 3 and "er slettet etter lagringstiden" in refused.err, refused
    assert everything(database_url) == before


def test_personal_data_written_after_an_erasure_is_erased_by_the_next_run(
        world: World, cli: InProcessRto, app: App, database_url: str) -> None:
    assert cli("--as", "adm", "retention", "run").code == 0
    add_member(app, "siri", world.erased, "Nykommer Etterpåsen", "1990-02-03")
    assert "Etterpåsen" in repr(everything(database_url))

    again = cli("--as", "adm", "--json", "retention", "run")

    assert again.code == 0 and [e["household"] for e in again.json["erased"]] == [world.erased], again
    assert "Etterpåsen" not in repr(everything(database_url))
    assert verify_histories(app, "siri").ok
    history = cli("--as", "siri", "--json", "case", "history", str(world.erased_case)).json
    assert [e["kind"] for e in history].count("erased") == 2


def test_a_dry_run_lists_the_household_and_writes_nothing(world: World, cli: InProcessRto, database_url: str) -> None:
    before, raw = everything(database_url), raw_bytes(database_url)

    result = cli("--as", "adm", "--json", "retention", "run", "--dry-run")

    assert result.code == 0, result
    assert result.json["dry_run"] is True and [e["household"] for e in result.json["erased"]] == [world.erased]
    assert everything(database_url) == before
    if database_url.startswith("sqlite"):  # (pg_dump writes a fresh \restrict key each time)
        assert raw_bytes(database_url) == raw
    human = cli("--as", "adm", "retention", "run", "--dry-run")
    assert "Husstander som ville blitt slettet: 1 (prøvekjøring: ingenting er endret)." in human.out, human


def test_a_household_within_its_period_or_with_an_open_case_is_untouched(
        world: World, cli: InProcessRto, database_url: str) -> None:
    def rows() -> dict[int, Any]:
        return {h: (rows_of(database_url, "households", "id = :h", h=h),
                    rows_of(database_url, "household_members", "household_id = :h", h=h),
                    rows_of(database_url, "cases", "household_id = :h", h=h)) for h in (world.recent, world.open)}

    kept = rows()
    erased = cli("--as", "adm", "retention", "run")
    assert erased.code == 0 and "Husstander slettet: 1." in erased.out, erased
    assert rows() == kept


def test_only_an_admin_or_the_system_account_erases(world: World, cli: InProcessRto, database_url: str) -> None:
    before = everything(database_url)
    for login in ("ola", "siri"):
        refused = cli("--as", login, "retention", "run")
        assert refused.code == 5, refused
    assert everything(database_url) == before


def test_an_erased_value_written_over_afterwards_does_not_verify(world: World, cli: InProcessRto,
                                                                database_url: str) -> None:
    assert cli("--as", "adm", "retention", "run").code == 0
    engine = create_engine(database_url)
    with engine.begin() as conn:  # the erased note given back a text: the commitment no longer stands for it
        conn.execute(text("UPDATE case_events SET details = :d WHERE case_id = :c AND kind = 'note'"),
                     {"d": canonical({"text": "Forfalsket notat"}), "c": world.erased_case})
    engine.dispose()
    result = cli("--as", "siri", "--json", "audit", "verify")
    assert result.code == 7 and result.json["break"]["problem"] == "history_edited", result


def test_values_erased_behind_the_products_back_without_a_record_do_not_verify(
        world: World, cli: InProcessRto, database_url: str) -> None:
    from states.commitments import erase

    engine = create_engine(database_url)
    with engine.begin() as conn:
        row = conn.execute(text("SELECT id, details, sealed FROM case_events WHERE case_id = :c AND kind = 'note'"),
                           {"c": world.erased_case}).one()
        details, sealed, _ = erase(row.details, row.sealed)
        conn.execute(text("UPDATE case_events SET details = :d, sealed = :s WHERE id = :i"),
                     {"d": details, "s": sealed, "i": row.id})
    engine.dispose()
    result = cli("--as", "siri", "--json", "audit", "verify")
    assert result.code == 7 and result.json["break"]["problem"] == "history_erased_unrecorded", result


def test_a_value_destroyed_by_putting_its_commitment_in_the_details_does_not_verify(
        world: World, cli: InProcessRto, database_url: str) -> None:
    """Someone who drops a salt and writes the value's commitment in its place keeps the hash, but not unseen."""
    from states.commitments import commitment

    engine = create_engine(database_url)
    with engine.begin() as conn:
        row = conn.execute(text("SELECT id, details, sealed FROM case_events WHERE case_id = :c AND kind = 'note'"),
                           {"c": world.erased_case}).one()
        [[path, _how, salt]] = json.loads(row.sealed)
        details = json.loads(row.details)
        details[path[0]] = {"commitment": commitment(salt, details[path[0]])}
        conn.execute(text("UPDATE case_events SET details = :d, sealed = NULL WHERE id = :i"),
                     {"d": canonical(details), "i": row.id})
    engine.dispose()
    result = cli("--as", "siri", "--json", "audit", "verify")
    assert result.code == 7 and result.json["break"]["problem"] == "history_edited", result


def test_a_history_sealed_before_retention_is_erased_and_vouched_for_by_the_record_of_erasure(
        world: World, cli: InProcessRto, database_url: str, app: App, tmp_path: Path) -> None:
    """Events of hash formula 2 hash their details in clear: once erased, their hashes cannot be recomputed, so
    the `erased` event records a digest over each one's other fields and committed details, and the chain
    after it (and the checkpoints sealed since) vouch for them."""
    reseal_with_version_2(database_url, world.erased_case)
    assert verify_histories(app, "siri").ok

    result = cli("--as", "adm", "--json", "retention", "run")

    assert result.code == 0, result
    assert [e["household"] for e in result.json["erased"]] == [world.erased] and result.json["kept"] == []
    dump = repr(everything(database_url))
    assert not any(secret in dump for secret in SECRETS_A)
    assert verify_histories(app, "siri").ok
    assert cli("--as", "siri", "audit", "seal").code == 0
    history = cli("--as", "siri", "--json", "case", "history", str(world.erased_case)).json
    assert len(history[-1]["details"]["attested"]) == 64

    engine = create_engine(database_url)
    with engine.begin() as conn:  # an erased old event's actor changed: its own hash no longer tells
        conn.execute(text("UPDATE case_events SET actor = 'per' WHERE case_id = :c AND kind = 'note'"),
                     {"c": world.erased_case})
    engine.dispose()
    found = cli("--as", "siri", "--json", "audit", "verify")
    assert found.code == 7 and found.json["break"]["problem"] == "history_attestation", found
    assert found.json["break"]["seq"] == len(history)


def test_a_history_sealed_before_retention_that_does_not_verify_is_kept_and_reported(
        world: World, cli: InProcessRto, database_url: str) -> None:
    reseal_with_version_2(database_url, world.erased_case)
    engine = create_engine(database_url)
    with engine.begin() as conn:  # an old event altered before: erasing it would hide that
        conn.execute(text("UPDATE case_events SET details = :d WHERE case_id = :c AND kind = 'note'"),
                     {"d": canonical({"text": "Omskrevet"}), "c": world.erased_case})
    engine.dispose()

    result = cli("--as", "adm", "--json", "retention", "run")

    assert result.code == 0, result
    assert result.json["erased"] == []
    assert result.json["kept"] == [{"household": world.erased, "ended_on": "2026-01-05", "altered_events": 1}]
    assert "Erasmussen" in repr(everything(database_url))
    human = cli("--as", "adm", "retention", "run")
    assert "stemmer ikke med hashen sin" in human.out, human


def test_a_database_from_the_first_release_is_erased_and_still_verifies(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, clock: FakeClock) -> None:
    """Hash formula version 1 (commit 8041f2c's rows, as in tests/test_hash_versions.py): its closed case's
    household (Familien Lie) is erased after the upgrade, and every history still verifies."""
    from test_hash_versions import first_release_database

    url = f"sqlite:///{tmp_path / 'first.db'}"
    first_release_database(url)
    rto = InProcessRto(capsys, monkeypatch, url)
    monkeypatch.setattr("workflow.bootstrap.system_clock", clock)
    clock.current = at("2040-01-02T09:00:00")
    assert rto("--as", "adm", "init").code == 0

    result = rto("--as", "adm", "--json", "retention", "run")

    assert result.code == 0, result
    assert [e["household"] for e in result.json["erased"]] == [3]
    assert "Familien Lie" not in repr(everything(url)) and b"Familien Lie" not in raw_bytes(url)
    verified = rto("--as", "siri", "--json", "audit", "verify")
    assert verified.code == 0, verified


def reseal_with_version_2(url: str, case_id: int) -> None:
    """The case's history as a release before retention would have sealed it (formula 2, no salts)."""
    engine = create_engine(url)
    with engine.begin() as conn:
        prev = GENESIS
        for ev in conn.execute(text("SELECT * FROM case_events WHERE case_id = :c ORDER BY seq"),
                               {"c": case_id}).all():
            moment = ev.at if isinstance(ev.at, datetime) else datetime.fromisoformat(ev.at)
            moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
            digest = event_hash(case_id, ev.seq, moment, ev.actor, ev.kind, ev.from_state, ev.to_state, ev.details,
                                prev)
            conn.execute(text("UPDATE case_events SET hash = :h, prev_hash = :p, hash_version = 2, sealed = NULL "
                              "WHERE id = :i"), {"h": digest, "p": prev, "i": ev.id})
            prev = digest
        conn.execute(text("UPDATE cases SET history_head = :h WHERE id = :c"), {"h": prev, "c": case_id})
    engine.dispose()


# --- a PostgreSQL database `rto init` secured: history rows append-only but for retention's function ------


def test_on_a_secured_postgresql_database_retention_erases_through_its_own_function(
        postgres_admin_url: str, tmp_path: Path) -> None:
    import uuid

    from conftest import QUIET_POLICY, create_postgres_database, drop_postgres_database
    from sqlalchemy.exc import DBAPIError

    from workflow.bootstrap import bootstrap
    from workflow.retention import run_retention
    from workflow.staff import add_staff, init_database

    tag = uuid.uuid4().hex[:8]
    admin, caseworker = f"rto_r{tag}_adm", f"rto_r{tag}_ola"
    url = create_postgres_database(postgres_admin_url, "rto_retention")
    clock = FakeClock(at("2026-01-05T09:00:00"))
    app = bootstrap({"RTO_IDENTITY_KEY_FILE": str(tmp_path / "identity.key")}, config_file=QUIET_POLICY,
                    database_url=url, clock=clock)
    try:
        init_database(app, admin, "Anne Admin", None)
        add_staff(app, admin, caseworker, "Ola", None, "caseworker")
        household = add_household(app, caseworker, "Familien Sikkersen", adults=1)
        add_member(app, caseworker, household.id, "Siv Sikkersen", "1985-05-15", nin=valid_nin(15, 5, 85))
        case_id = open_case(app, caseworker, household.id).id
        add_note(app, caseworker, case_id, "Sikkersen ringte om gjelden")
        take_step(app, caseworker, case_id, StepRequest("closed", reason="Sikkersen trakk seg", outcome="declined"))
        clock.current = at("2032-01-05T09:00:00")

        run = run_retention(app, admin)

        assert [e.household for e in run.erased] == [household.id]
        assert "Sikkersen" not in repr(everything(url))
        assert verify_histories(app, admin).ok
        # and otherwise still append-only
        with pytest.raises(DBAPIError, match="history rows are never changed"), \
                app.db.transaction(write=True) as conn:
            conn.execute(text("UPDATE case_events SET details = '{}' WHERE case_id = :c"), {"c": case_id})
    finally:
        app.close()
        drop_postgres_database(postgres_admin_url, url)
        _drop_roles(postgres_admin_url, [admin, caseworker])


def _drop_roles(admin_url: str, roles: list[str]) -> None:
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        for role in roles:
            conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
    engine.dispose()


# --- the demo's database -------------------------------------------------------------------------------------


def test_after_retention_on_a_demo_database_no_erased_household_is_left_in_it(tmp_path: Path) -> None:
    from workflow.bootstrap import bootstrap
    from workflow.demo import run_demo
    from workflow.demo_caseload import STAFF
    from workflow.reports import build_report
    from workflow.results import plain
    from workflow.retention import run_retention

    demo = run_demo(tmp_path / "demo", 3, 9, 12, lambda _: None)
    clock = FakeClock(at("2025-10-01T09:00:00"))
    app = bootstrap({"RTO_IDENTITY_KEY_FILE": str(tmp_path / "identity.key")}, database_url=demo.database_url,
                    clock=clock)
    admin = STAFF[0][0]
    try:
        ended = ended_households(demo.database_url)
        assert ended, "the demo ends some cases"
        numbers = {}
        for n, (household, _name, creator) in enumerate(ended):  # an identity number each, to be erased too
            day = 1 + n % 28
            numbers[household] = valid_nin(day, 3, 80, 400 + n)
            add_member(app, creator, household, f"Voksen Nummer{n} Testesen", f"1980-03-{day:02d}",
                       nin=numbers[household])
        names = {h: name for h, name, _ in ended}
        clock.current = at("2032-01-01T09:00:00")
        report_before = plain(build_report(app, None), app.zone)

        pool = caseless_households(demo.database_url)  # the tenant pool: nothing happened to it since 2025
        assert pool, "the demo's register has households without a case"
        names.update(pool)

        run = run_retention(app, admin)

        assert {e.household for e in run.erased} == set(names), run
        dump, raw = repr(everything(demo.database_url)), raw_bytes(demo.database_url)
        kept = set(caseless_households(demo.database_url, erased=False).values())  # (a demo name may recur)
        for household, name in names.items():
            for secret in ({name} - kept) | {numbers.get(household, "Testesen"), "Testesen"}:
                assert_not_stored(secret, dump, raw)
        assert verify_histories(app, admin).ok
        assert plain(build_report(app, None), app.zone) == report_before  # the statistics are kept
    finally:
        app.close()


def ended_households(url: str) -> list[tuple[int, str, str]]:
    """The demo's households whose every case ended, with their names and who registered them."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(  # type: ignore[misc]
                "SELECT h.id, h.name, h.created_by FROM households h WHERE h.open_case_id IS NULL AND EXISTS "
                "(SELECT 1 FROM cases c WHERE c.household_id = h.id) ORDER BY h.id"))]
    finally:
        engine.dispose()


def caseless_households(url: str, erased: bool = True) -> dict[int, str]:
    """The demo's households that never had a case (the tenant register's), by id, with their names; with
    `erased` False, every household not erased (names that must stay)."""
    engine = create_engine(url)
    where = ("NOT EXISTS (SELECT 1 FROM cases c WHERE c.household_id = h.id)" if erased
             else "h.erased_at IS NULL")
    try:
        with engine.connect() as conn:
            return {r[0]: r[1] for r in conn.execute(text(f"SELECT h.id, h.name FROM households h WHERE {where}"))}
    finally:
        engine.dispose()


def test_a_commitment_is_sha256_of_the_salt_then_the_values_canonical_json() -> None:
    """Restated here on its own, so that the formula cannot change unnoticed (version 3 rests on it)."""
    from states.commitments import commitment

    salt = "00" * 16
    expected = hashlib.sha256(bytes(16) + json.dumps({"b": 1, "a": "ø"}, sort_keys=True, separators=(",", ":"),
                                                     ensure_ascii=False).encode()).hexdigest()
    assert commitment(salt, {"a": "ø", "b": 1}) == expected
    assert commitment(salt, 64000) != commitment("01" * 16, 64000)
