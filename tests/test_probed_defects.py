"""Defects found by probing the first round, each held down by a test that failed before its fix.

Most run `rto` in this process against a real database; the PostgreSQL timeouts and the read-only file are
checked the way an operator would meet them.
"""

from __future__ import annotations

import socket
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import time_machine
from conftest import RTO, FakeClock, InProcessRto, run_rto, valid_nin
from helpers import at, case_at, database_rows, new_case, outbox_rows
from smtp import Handler, smtp_server
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from workflow.bootstrap import App
from workflow.dispatch import send_outbox
from workflow.outbox import PENDING, SENT
from workflow.reviews import run_review
from workflow.staff import add_staff
from workflow.steps import StepRequest, take_step
from workflow.views import show_case


def nothing_written(url: str, before: dict[str, Any]) -> bool:
    return database_rows(url) == before


# --- the database URL ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["mysql://kari@localhost/rto", "postgresql+asyncpg://kari@localhost/rto",
                                 "oracle://kari@localhost/rto", "not a url at all"])
def test_an_unusable_database_url_is_bad_input_naming_the_urls_that_work(rto: InProcessRto, url: str) -> None:
    result = rto("--db", url, "case", "list")
    assert result.code == 2, result
    assert "sqlite:///" in result.err and "postgresql+psycopg://" in result.err, result
    assert "Intern feil" not in result.err and "Traceback" not in result.err

    document = rto("--db", url, "--json", "case", "list")
    assert document.code == 2, document
    assert document.json["error"]["exit"] == 2 and document.json["error"]["kind"] == "InvalidInput"


def test_plain_postgresql_urls_mean_psycopg_the_driver_rto_ships_with(rto: InProcessRto, database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("a PostgreSQL URL")
    plain = database_url.replace("postgresql+psycopg://", "postgresql://")
    result = rto("--db", plain, "--json", "case", "list")
    assert result.code == 0, result


# --- who is named, and how ids are written -------------------------------------------------------------------

def test_listing_the_cases_of_an_unknown_caseworker_is_not_found(rto: InProcessRto) -> None:
    result = rto("--as", "siri", "case", "list", "--caseworker", "nobody")
    assert result.code == 4, result
    assert "nobody" in result.err


@pytest.mark.parametrize("written", ["١", "٣", "²", "１", "1٠"])
def test_ids_are_ascii_digits_only(app: App, rto: InProcessRto, database_url: str, written: str) -> None:
    case_at(app, "screened")
    before = database_rows(database_url)
    for args in (["case", "show", written], ["case", "note", written, "Notat"], ["household", "show", written],
                 ["case", "advance", written, "motivated"], ["case", "set", written, "income_monthly=1"]):
        result = rto(*args)
        assert result.code == 2, result
    assert nothing_written(database_url, before)


def test_a_caseworker_asking_to_override_is_refused_for_want_of_permission_before_any_reason(
        app: App, rto: InProcessRto, database_url: str) -> None:
    case_id = case_at(app, "screened")
    before = database_rows(database_url)
    result = rto("case", "advance", str(case_id), "motivated", "--override")  # ola, a caseworker, no reason
    assert result.code == 5, result
    assert nothing_written(database_url, before)


def test_an_empty_name_for_the_first_admin_is_bad_input_and_creates_nothing(tmp_path: Path, rto: InProcessRto) -> None:
    path = tmp_path / "ny.db"
    result = rto("--db", f"sqlite:///{path}", "init", "--admin", "kari", "--name", "")
    assert result.code == 2, result
    assert not path.exists()


# --- continuing past the horizon -----------------------------------------------------------------------------

def test_continuing_a_case_far_from_its_horizon_is_refused_and_writes_nothing(
        app: App, rto: InProcessRto, clock: FakeClock, database_url: str) -> None:
    case_id = case_at(app, "screened")  # opened 2026-03-02
    before = database_rows(database_url)
    with time_machine.travel(at("2026-06-10 10:00"), tick=False):
        early = rto("--as", "siri", "case", "continue", str(case_id), "--reason", "Fortsetter")
    assert early.code == 3, early
    assert "12 måneder" in early.err  # the horizon it has not reached
    assert nothing_written(database_url, before)

    with time_machine.travel(at("2027-03-02 10:00"), tick=False):  # twelve months on
        assert rto("--as", "siri", "case", "continue", str(case_id), "--reason", "Budrunde pågår").code == 0


def test_with_the_horizon_set_to_never_there_is_nothing_to_continue(
        app: App, rto: InProcessRto, tmp_path: Path) -> None:
    config = tmp_path / "rto.toml"
    config.write_text('[[policy]]\nfrom = 2024-01-01\nhorizon_escalation_months = "never"\n', encoding="utf-8")
    case_id = case_at(app, "screened")
    with time_machine.travel(at("2028-05-02 10:00"), tick=False):
        result = rto("--config", str(config), "--as", "siri", "case", "continue", str(case_id), "--reason", "Videre")
    assert result.code == 3, result


# --- configuration -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["0.5", "0", "-3", "true", '"15"'])
def test_the_dispatchers_lease_is_whole_minutes(rto: InProcessRto, tmp_path: Path, value: str) -> None:
    config = tmp_path / "rto.toml"
    config.write_text(f"[scheduler]\nlease_minutes = {value}\n", encoding="utf-8")
    result = rto("--config", str(config), "--as", "siri", "outbox", "list")
    assert result.code == 2, result
    assert "lease_minutes" in result.err


# --- PostgreSQL: a held lock, a server that never answers ------------------------------------------------------

def test_a_held_row_lock_on_postgresql_is_busy_after_the_timeout_and_nothing_is_written(
        app: App, database_url: str, tmp_path: Path) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL's lock timeout")
    case_id = case_at(app, "screened")
    config = tmp_path / "rto.toml"
    config.write_text("[database]\nbusy_timeout_ms = 300\n", encoding="utf-8")
    before = database_rows(database_url)
    engine = create_engine(database_url)
    try:
        with engine.connect() as locker:
            locker.execute(text("SELECT id FROM cases WHERE id = :c FOR UPDATE"), {"c": case_id})
            result = run_rto("case", "set", str(case_id), "income_monthly=50000", url=database_url,
                             env={"RTO_CONFIG": str(config)}, timeout=60)
            locker.rollback()
    finally:
        engine.dispose()
    assert result.code == 6, result
    assert nothing_written(database_url, before)


@contextmanager
def silent_listener() -> Iterator[int]:
    """A TCP port that accepts connections and never says a word: a PostgreSQL that hangs."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield int(server.getsockname()[1])
    finally:
        stop.set()
        thread.join(5)
        for conn in held:
            conn.close()
        server.close()


def test_a_postgresql_server_that_never_answers_is_unreachable_within_the_timeout(tmp_path: Path) -> None:
    config = tmp_path / "rto.toml"
    config.write_text("[database]\nbusy_timeout_ms = 1000\n", encoding="utf-8")
    with silent_listener() as port:
        result = run_rto("case", "list", url=f"postgresql+psycopg://kari@127.0.0.1:{port}/rto",
                         env={"RTO_CONFIG": str(config)}, timeout=30)  # (130 s before the fix)
    assert result.code == 1, result
    assert "Får ikke kontakt med databasen" in result.err and "Traceback" not in result.err


# --- a read-only SQLite file -----------------------------------------------------------------------------------

def read_only(url: str) -> str:
    path = make_url(url).database
    return f"sqlite:///file:{path}?mode=ro&uri=true"


def test_a_read_only_database_is_said_to_be_one_and_audit_and_report_still_work(
        app: App, rto: InProcessRto, database_url: str) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("an SQLite file")
    case_id = case_at(app, "financed")
    app.close()
    copy = read_only(database_url)
    shown = rto("--db", copy, "case", "show", str(case_id))
    assert shown.code == 2, shown
    assert "skrivebeskyttet" in shown.err and "Intern feil" not in shown.err
    assert rto("--db", copy, "--as", "siri", "audit", "verify").code == 0
    report = rto("--db", copy, "--as", "siri", "--json", "report")
    assert report.code == 0, report
    assert report.json["current"]["by_state"]["financed"] == 1


# --- households are seen by those who work with them ---------------------------------------------------------

def test_a_caseworker_sees_only_the_households_of_their_own_cases_and_every_look_is_logged(
        app: App, rto: InProcessRto) -> None:
    mine = new_case(app, "ola", name="Familien Ola")
    theirs = new_case(app, "per", name="Familien Per")
    household_of = {c: rto("--as", "siri", "--json", "case", "show", str(c)).json["household"] for c in (mine, theirs)}

    assert rto("household", "show", str(household_of[mine])).code == 0
    denied = rto("household", "show", str(household_of[theirs]))
    assert denied.code == 5, denied
    assert rto("--as", "siri", "household", "show", str(household_of[theirs])).code == 0

    looks = rto("--as", "siri", "--json", "audit", "access", "--by", "ola").json
    assert [(r["action"], r.get("household")) for r in looks if r["action"] == "household"] == [
        ("household", household_of[mine])]


# --- delivery ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("login", ["nobody", "per", "adm-off"])
def test_delivering_mail_and_running_the_scheduler_need_an_active_supervisor_admin_or_system_account(
        app: App, rto: InProcessRto, database_url: str, login: str) -> None:
    add_staff(app, "adm", "adm-off", "Avsluttet Admin", "off@kommune.no", "admin")
    rto("--as", "adm", "staff", "deactivate", "adm-off")
    for args in (["outbox", "send"], ["scheduler", "run", "--once"]):
        result = rto("--as", login, *args)
        assert result.code == 5, result
    add_staff(app, "adm", "drift", "Driftskontoen", "drift@kommune.no", "system")
    assert rto("--as", "drift", "outbox", "send").code == 0


class DroppingHandler(Handler):
    """Accepts messages, but drops the connection when the n-th one's DATA arrives."""

    def __init__(self, drop_at: int) -> None:
        super().__init__()
        self.drop_at, self.seen = drop_at, 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.seen += 1
        if self.seen == self.drop_at:
            server.transport.close()
            return "421 closing"
        return await super().handle_DATA(server, session, envelope)


def test_a_server_that_drops_the_connection_charges_only_the_message_in_flight(
        app: App, clock: FakeClock) -> None:
    for _ in range(5):
        case_at(app, "screened")
    clock.advance(days=31)
    assert len(run_review(app, None)) == 5
    with smtp_server(DroppingHandler(drop_at=2)) as server:
        app.sender_factory = server.sender
        delivery = send_outbox(app)
    rows = outbox_rows(app)
    assert [r.status for r in rows].count(SENT) == 1
    attempts = sorted(r.attempts for r in rows if r.status == PENDING)
    assert attempts == [0, 0, 0, 1], "only the message being sent when the server left is charged"
    assert delivery.sent == 1 and delivery.retried == 4


# --- identity numbers stay out of --debug ------------------------------------------------------------------------

def test_an_identity_number_in_a_database_error_is_masked_in_debug_output(app: App, database_url: str) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("a trigger that fails the insert, on SQLite")
    engine = create_engine(database_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TRIGGER no_more BEFORE INSERT ON households BEGIN "
                          "SELECT RAISE(ABORT, 'disk quota exceeded'); END"))
    engine.dispose()
    number = valid_nin(day=3, month=4, year=88)
    proc = subprocess.run([RTO, "--debug", "household", "add", "--name", "Familien Feil", "--nin", number],
                          capture_output=True, text=True, timeout=60,
                          env={**{k: v for k, v in __import__("os").environ.items() if not k.startswith("RTO_")},
                               "RTO_DATABASE_URL": database_url, "RTO_IDENTITY": "declared", "RTO_USER": "ola"})
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" in proc.stderr  # --debug shows what went wrong ...
    assert number not in proc.stderr and number[:6] + " " + number[6:] not in proc.stderr  # ... but not whose


# --- the unit of work: two processes cannot give a household two open cases -----------------------------------

def test_reopening_while_another_case_of_the_household_is_opened_leaves_one_open_case(
        app: App, database_url: str) -> None:
    from test_concurrency import run_together

    for _ in range(3):
        case_id = case_at(app, "screened")
        household = show_case(app, "siri", case_id).household
        take_step(app, "ola", case_id, StepRequest("closed", reason="Ville vente", outcome="declined"))
        results = run_together([(["case", "reopen", str(case_id), "--reason", "Prøver igjen"], "siri"),
                                (["--json", "case", "open", str(household)], "ola")], database_url)
        assert sorted(r.code for r in results) == [0, 3], results
        engine = create_engine(database_url)
        try:
            with engine.connect() as conn:
                open_cases = conn.execute(text(
                    "SELECT id FROM cases WHERE household_id = :h AND state NOT IN ('closed', 'moved_in')"),
                    {"h": household}).scalars().all()
                pointer = conn.execute(text("SELECT open_case_id FROM households WHERE id = :h"),
                                       {"h": household}).scalar()
        finally:
            engine.dispose()
        assert len(open_cases) == 1 and pointer == open_cases[0], (open_cases, pointer)


