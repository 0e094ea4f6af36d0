"""Edges a careful reviewer found: each is something a caseworker, a supervisor or an operator would hit."""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path

import pytest
from conftest import RTO, InProcessRto, run_rto
from helpers import case_at, database_rows, facts_for, new_household
from sqlalchemy import create_engine, text

from states.errors import ConfigError, InvalidInput, Refused
from states.guards import GuardInput, to_financed
from states.policy import PolicyBook
from workflow.audit import verify_histories
from workflow.bootstrap import App
from workflow.cases import add_note, open_case, set_facts
from workflow.config import load_settings
from workflow.steps import StepRequest, take_step
from workflow.views import show_case


def test_a_closed_case_cannot_be_reopened_while_the_household_has_another_open_case(app: App) -> None:
    first = case_at(app, "screened")
    household = show_case(app, "ola", first).household
    take_step(app, "ola", first, StepRequest("closed", reason="Flyttet", outcome="declined"))
    open_case(app, "ola", household)
    with pytest.raises(Refused) as refused:
        take_step(app, "siri", first, StepRequest("screened", reason="Ny vurdering"))
    assert refused.value.code == "household_has_open_case"
    assert show_case(app, "siri", first).state == "closed"


def test_a_new_property_does_not_inherit_the_last_ones_approval_or_bid(app: App) -> None:
    case_id = case_at(app, "searching")
    set_facts(app, "ola", case_id, facts_for("bidding", app.today()))
    set_facts(app, "ola", case_id, ["property=Storgata 9, 4307 Sandnes", "bid_amount=2500000"])
    facts = show_case(app, "ola", case_id).facts
    assert facts["property"] == "Storgata 9, 4307 Sandnes" and facts["bid_amount"] == 2500000
    assert "property_approved" not in facts and "bid_result" not in facts and "property_type" not in facts
    with pytest.raises(Refused) as refused:
        take_step(app, "ola", case_id, StepRequest("bidding"))
    assert "property_not_approved" in [r.code for r in refused.value.requirements]
    assert verify_histories(app, "siri").ok


def test_financing_lists_an_unaffordable_loan_together_with_an_expired_certificate(app: App) -> None:
    policy = app.policy.on(app.today())
    facts = {"loan_amount": 9_000_000, "certificate_expires": "2020-01-01", "income_monthly": 30000,
             "debt_monthly": 0, "fixed_costs_monthly": 0}
    from states.affordability import Household

    codes = [r.code for r in to_financed(GuardInput(facts, Household(1), app.today(), policy))]
    assert codes == ["certificate_expired", "unaffordable"]


def test_unreadable_event_details_are_an_altered_history_not_a_crash(app: App, database_url: str) -> None:
    case_id = case_at(app, "screened")
    add_note(app, "ola", case_id, "Samtale")
    engine = create_engine(database_url)
    with engine.begin() as conn:  # garbage details, rehashed so that only the content is wrong
        from states.history import event_hash

        row = conn.execute(text("SELECT * FROM case_events WHERE case_id = :c ORDER BY seq DESC LIMIT 1"),
                           {"c": case_id}).mappings().one()
        at = row["at"] if not isinstance(row["at"], str) else __import__("datetime").datetime.fromisoformat(
            row["at"]).replace(tzinfo=__import__("datetime").UTC)
        digest = event_hash(case_id, row["seq"], at, row["actor"], row["kind"], row["from_state"], row["to_state"],
                            "{not json", row["prev_hash"])
        conn.execute(text("UPDATE case_events SET details = '{not json', hash = :h, sealed = NULL WHERE id = :i"),
                     {"h": digest, "i": row["id"]})
        conn.execute(text("UPDATE cases SET history_head = :h WHERE id = :c"), {"h": digest, "c": case_id})
    engine.dispose()
    result = verify_histories(app, "siri")
    assert not result.ok and result.found.problem == "history_unreadable"


def test_a_household_row_changed_behind_the_history_is_found(app: App, database_url: str) -> None:
    case_id = case_at(app, "contracted")
    household = show_case(app, "ola", case_id).household
    engine = create_engine(database_url)
    with engine.begin() as conn:  # no unit: the tenancy guard would no longer ask for the tenancy to end
        conn.execute(text("UPDATE households SET municipal_unit = NULL WHERE id = :h"), {"h": household})
    engine.dispose()
    result = verify_histories(app, "siri")
    assert not result.ok
    assert result.found.problem == "household_row_altered"
    assert result.found.params == {"what": "municipal_unit", "household": household}


def test_household_facts_recorded_through_a_case_verify(app: App) -> None:
    case_id = case_at(app, "screened")
    set_facts(app, "ola", case_id, ["children=2", "child_ages=3,9", "municipal_unit=", "email=x@example.no"])
    assert verify_histories(app, "siri").ok


@pytest.mark.postgres
def test_audit_verify_on_postgresql_sees_one_snapshot_while_caseworkers_write(postgres_database: str,
                                                                             clock: object) -> None:
    from conftest import _reset_postgres

    from workflow.bootstrap import bootstrap

    _reset_postgres(postgres_database)
    app = bootstrap({}, database_url=postgres_database)
    case_id = case_at(app, "screened")
    stop = threading.Event()

    def caseworker() -> None:
        n = 0
        while not stop.is_set():
            add_note(app, "ola", case_id, f"Notat {n}")
            n += 1

    writer = threading.Thread(target=caseworker)
    writer.start()
    try:
        results = [verify_histories(app, "siri") for _ in range(40)]
    finally:
        stop.set()
        writer.join(30)
    app.close()
    assert all(r.ok for r in results), [r for r in results if not r.ok][:1]


@pytest.mark.parametrize("body, key", [
    ("policy = 5", "policy"),
    ('policy = "x"', "policy"),
    ("database = 5", "database"),
    ("timezone = 5", "timezone"),
    ('timezone = "Europe"', "timezone"),
])
def test_a_malformed_configuration_is_bad_input_naming_the_key(tmp_path: Path, body: str, key: str) -> None:
    config = tmp_path / "rto.toml"
    config.write_text(body + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_settings(str(config), {})
    assert error.value.params["key"] == key


def test_a_term_of_zero_years_is_refused_in_configuration() -> None:
    entries = load_settings(None, {}).policy + [{"from": "2027-01-01", "standard_term_years": 0}]
    with pytest.raises(ConfigError) as error:
        PolicyBook(entries)
    assert error.value.code == "policy_bad_terms"


def test_notes_and_reasons_may_be_long_and_have_lines_but_no_control_characters(app: App) -> None:
    case_id = case_at(app, "screened")
    add_note(app, "ola", case_id, "Første linje\nAndre linje " + "x" * 500)
    with pytest.raises(InvalidInput):
        add_note(app, "ola", case_id, "Farlig \x1b[2J tekst")


def test_ids_too_large_for_the_database_are_bad_input(rto: InProcessRto) -> None:
    for args in (["case", "show", "99999999999999999999"], ["household", "show", "99999999999999999999"]):
        result = rto(*args)
        assert result.code == 2 and "Traceback" not in result.err, result


def test_an_empty_login_is_refused_not_replaced_by_the_os_login(rto: InProcessRto) -> None:
    result = rto("--as", "", "case", "list")
    assert result.code == 2, result


def test_init_with_a_bad_admin_login_creates_nothing(tmp_path: Path) -> None:
    database = tmp_path / "sub" / "rto.db"
    result = run_rto("init", "--admin", "bad login!", url=f"sqlite:///{database}")
    assert result.code == 2, result
    assert not database.exists() and not database.parent.exists()


def test_init_where_the_database_cannot_be_created_says_so_without_a_traceback(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = run_rto("init", "--admin", "kari", url=f"sqlite:///{blocker}/rto.db")
    assert result.code == 1 and "Traceback" not in result.err and "bug" not in result.err, result


def test_history_piped_into_head_ends_quietly(app: App, database_url: str) -> None:
    case_id = case_at(app, "moved_in")
    for n in range(50):
        add_note(app, "ola", case_id, f"Notat {n}")
    pipeline = subprocess.run(
        f"{RTO} case history {case_id} --csv | head -3", shell=True, capture_output=True, text=True,
        env={"RTO_DATABASE_URL": database_url, "RTO_USER": "ola", "RTO_IDENTITY": "declared",
             "PATH": "/usr/bin:/bin"}, timeout=60)
    assert len(pipeline.stdout.splitlines()) == 3
    assert "Traceback" not in pipeline.stderr and "bug" not in pipeline.stderr, pipeline.stderr


def test_a_writer_that_cannot_get_the_sqlite_lock_in_time_gets_a_conflict_not_a_bug(tmp_path: Path) -> None:
    from conftest import STAFF

    from workflow.bootstrap import bootstrap
    from workflow.staff import add_staff, init_database

    config = tmp_path / "rto.toml"
    config.write_text("[database]\nbusy_timeout_ms = 200\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'busy.db'}"
    app = bootstrap({}, str(config), database_url=url)
    init_database(app, "adm", "Admin", None)
    for login, name, email, role in STAFF[1:]:
        add_staff(app, "adm", login, name, email, role)
    household = new_household(app)
    case_id = open_case(app, "ola", household).id
    before = database_rows(url)
    blocker = create_engine(url).connect()
    blocker.exec_driver_sql("BEGIN IMMEDIATE")  # someone else holds the write lock
    try:
        result = run_rto("case", "note", str(case_id), "Notat", url=url, env={"RTO_CONFIG": str(config)})
    finally:
        blocker.exec_driver_sql("ROLLBACK")
        blocker.close()
    assert result.code == 6, result
    assert database_rows(url) == before
    app.close()
