"""Transitions per second through the real engine, against the floor of bare driver transactions.

SQLite: both on a file with the settings rto uses (WAL, synchronous as configured, BEGIN IMMEDIATE), side by
side in one process, so the ratio holds on a noisy machine. PostgreSQL: both on a fresh database of their own
on the server at RTO_BENCH_POSTGRES_URL (default: the local test server), the floor through bare psycopg.
Each floor transaction is what a transition is at its least: SELECT the case, UPDATE it, INSERT its event.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from common import OLA, SIRI, new_app

STEPS = ("motivated", "financed", "searching", "bidding", "contracted", "moved_in")


def _facts(today: date) -> list[str]:
    expires = (today + timedelta(days=90)).isoformat()
    return [
        "consent=yes", "income_monthly=62000", "income_predictable=yes", "plan_agreed=yes", "debt_monthly=1500",
        "fixed_costs_monthly=0", "loan_amount=2800000", "grant_amount=100000", "equity=50000",
        f"certificate_issued={today.isoformat()}", f"certificate_expires={expires}", "property=Kirkeveien 12",
        "property_type=cooperative", "property_approved=yes", "bid_amount=2750000", "bid_result=accepted",
        "purchase_price=2750000", f"contract_date={today.isoformat()}", f"takeover_date={today.isoformat()}",
        "tenancy_ended=yes",
    ]


def engine_run(folder: Path | str, cases: int) -> tuple[int, float]:
    """(transitions, seconds) for `cases` cases driven screened -> moved_in through workflow services, on an
    SQLite file in `folder` or on the database at the URL `folder`."""
    from workflow.cases import open_case, set_facts
    from workflow.decisions import approve, propose
    from workflow.households import add_household
    from workflow.papers import record_paper
    from workflow.steps import StepRequest, take_step

    clock_time = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    url = folder if isinstance(folder, str) else f"sqlite:///{folder / 'engine.db'}"
    app = new_app(url, lambda: clock_time, staff=(OLA, SIRI))
    facts = _facts(app.today())
    ids = []
    for i in range(cases):
        household = add_household(app, "ola", f"Husstand {i}", adults=2, children=1, unit=f"Unit {i}").id
        case_id = open_case(app, "ola", household).id
        set_facts(app, "ola", case_id, facts)
        # the enkeltvedtak and every paper of the checklist, before the clock starts: the transitions are timed
        approve(app, "siri", propose(app, "ola", case_id, "help_granted", "Forutsigbar inntekt").id)
        for paper in app.settings.documents:
            record_paper(app, "ola", case_id, paper.key, "received", ref=f"arkiv/{paper.key}")
        ids.append(case_id)
    start = time.perf_counter()
    for target in STEPS:
        for case_id in ids:
            take_step(app, "ola", case_id, StepRequest(target))
    elapsed = time.perf_counter() - start
    app.close()
    return cases * len(STEPS), elapsed


def _bare_sqlite(path: Path, synchronous: str, busy_ms: int) -> sqlite3.Connection:
    """A bare sqlite3 connection with the settings rto uses, beginning and committing only when told."""
    db = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode=WAL", f"synchronous={synchronous}", f"busy_timeout={busy_ms}", "foreign_keys=ON"):
        db.execute(f"PRAGMA {pragma}")
    return db


def floor_run(folder: Path, transactions: int, cases: int, synchronous: str, busy_ms: int) -> float:
    """Seconds for `transactions` bare transactions: SELECT the case row, UPDATE it, INSERT an event."""
    db = _bare_sqlite(folder / "floor.db", synchronous, busy_ms)
    db.execute("CREATE TABLE cases (id INTEGER PRIMARY KEY, state TEXT, version INTEGER, facts TEXT, "
               "history_seq INTEGER, history_head TEXT)")
    db.execute("CREATE TABLE case_events (id INTEGER PRIMARY KEY, case_id INTEGER REFERENCES cases(id), "
               "seq INTEGER, at TEXT, actor TEXT, kind TEXT, from_state TEXT, to_state TEXT, details TEXT, "
               "prev_hash TEXT, hash TEXT, UNIQUE (case_id, seq))")
    db.executemany("INSERT INTO cases VALUES (?, 'screened', 1, '{}', 1, ?)", [(i, "0" * 64) for i in range(cases)])
    stamp = datetime.now(UTC).isoformat()
    start = time.perf_counter()
    for n in range(transactions):
        case_id = n % cases
        db.execute("BEGIN IMMEDIATE")
        row = db.execute("SELECT id, state, version, facts, history_seq FROM cases WHERE id = ?", (case_id,)).fetchone()
        db.execute("UPDATE cases SET state = ?, version = version + 1, history_seq = ? WHERE id = ? AND version = ?",
                   ("next", row[4] + 1, case_id, row[2]))
        db.execute("INSERT INTO case_events (case_id, seq, at, actor, kind, from_state, to_state, details, "
                   "prev_hash, hash) VALUES (?, ?, ?, 'ola', 'transition', ?, 'next', '{}', ?, ?)",
                   (case_id, row[4] + 1, stamp, row[1], "0" * 64, "1" * 64))
        db.execute("COMMIT")
    elapsed = time.perf_counter() - start
    db.close()
    return elapsed


def rows_floor_run(folder: Path, synchronous: str, busy_ms: int) -> tuple[int, float]:
    """(transactions, seconds) of the same bare loop writing what the engine wrote in `folder`'s engine.db:
    its cases' facts and papers in the case row, each transition's own details and salts in its event, in
    the order the engine wrote them. Not the target's floor: it shows how much of the engine's time is the
    durable write of its records (the affordability calculation with its dated sources, at three steps)."""
    engine = sqlite3.connect(folder / "engine.db")
    cases = engine.execute("SELECT id, facts, papers FROM cases ORDER BY id").fetchall()
    steps = engine.execute("SELECT case_id, to_state, details, sealed FROM case_events WHERE kind = 'transition' "
                           "ORDER BY id").fetchall()
    engine.close()
    db = _bare_sqlite(folder / "rows_floor.db", synchronous, busy_ms)
    db.execute("CREATE TABLE cases (id INTEGER PRIMARY KEY, state TEXT, version INTEGER, facts TEXT, papers TEXT, "
               "history_seq INTEGER, history_head TEXT)")
    db.execute("CREATE TABLE case_events (id INTEGER PRIMARY KEY, case_id INTEGER REFERENCES cases(id), "
               "seq INTEGER, at TEXT, actor TEXT, kind TEXT, from_state TEXT, to_state TEXT, details TEXT, "
               "prev_hash TEXT, hash TEXT, sealed TEXT, UNIQUE (case_id, seq))")
    db.executemany("INSERT INTO cases VALUES (?, 'screened', 1, ?, ?, 1, ?)",
                   [(i, facts, papers, "0" * 64) for i, facts, papers in cases])
    stamp = datetime.now(UTC).isoformat()
    start = time.perf_counter()
    for case_id, to_state, details, sealed in steps:
        db.execute("BEGIN IMMEDIATE")
        row = db.execute("SELECT id, state, version, facts, papers, history_seq FROM cases WHERE id = ?",
                         (case_id,)).fetchone()
        db.execute("UPDATE cases SET state = ?, version = version + 1, history_seq = ?, history_head = ? "
                   "WHERE id = ? AND version = ?", (to_state, row[5] + 1, "2" * 64, case_id, row[2]))
        db.execute("INSERT INTO case_events (case_id, seq, at, actor, kind, from_state, to_state, details, "
                   "prev_hash, hash, sealed) VALUES (?, ?, ?, 'ola', 'transition', ?, ?, ?, ?, ?, ?)",
                   (case_id, row[5] + 1, stamp, row[1], to_state, details, "0" * 64, "1" * 64, sealed))
        db.execute("COMMIT")
    elapsed = time.perf_counter() - start
    db.close()
    return len(steps), elapsed


def home_guard_cost(cases: int = 1000, rounds: int = 3) -> dict[str, float]:
    """What the affordability test on the home (at bidding and contracted) costs the journey: its transitions
    per second with the test, and with it replaced by nothing, in alternating rounds."""
    import states.guards as guards

    real = guards.affordability
    rates: dict[str, list[float]] = {"with": [], "without": []}
    for _ in range(rounds):
        for label in ("with", "without"):
            if label == "without":
                guards.affordability = lambda g, price_fact=None: [] if price_fact else real(g)  # type: ignore
            try:
                with tempfile.TemporaryDirectory(dir=os.environ.get("RTO_BENCH_DIR")) as tmp:
                    transitions, seconds = engine_run(Path(tmp), cases)
                rates[label].append(transitions / seconds)
            finally:
                guards.affordability = real
    with_, without = sorted(rates["with"])[rounds // 2], sorted(rates["without"])[rounds // 2]
    return {"with_per_s": with_, "without_per_s": without, "cost": without / with_ - 1}


POSTGRES_URL = os.environ.get("RTO_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _postgres_database(prefix: str) -> str:
    import uuid

    from sqlalchemy import create_engine, text

    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    engine = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return POSTGRES_URL.rsplit("/", 1)[0] + "/" + name


def _drop_postgres_database(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)'))
    engine.dispose()


def postgres_floor_run(url: str, transactions: int, cases: int) -> float:
    """Seconds for `transactions` bare psycopg transactions: SELECT the case row, UPDATE it, INSERT an event."""
    import psycopg

    conninfo = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo) as db:
        db.execute("CREATE TABLE cases (id integer PRIMARY KEY, state text, version integer, facts text, "
                   "history_seq integer, history_head text)")
        db.execute("CREATE TABLE case_events (id serial PRIMARY KEY, case_id integer REFERENCES cases(id), "
                   "seq integer, at timestamptz, actor text, kind text, from_state text, to_state text, details text, "
                   "prev_hash text, hash text, UNIQUE (case_id, seq))")
        with db.cursor() as cur:
            cur.executemany("INSERT INTO cases VALUES (%s, 'screened', 1, '{}', 1, %s)",
                            [(i, "0" * 64) for i in range(cases)])
        db.commit()
        stamp = datetime.now(UTC)
        start = time.perf_counter()
        for n in range(transactions):
            case_id = n % cases
            with db.transaction():
                row = db.execute("SELECT id, state, version, facts, history_seq FROM cases WHERE id = %s",
                                 (case_id,)).fetchone()
                assert row is not None
                db.execute("UPDATE cases SET state = %s, version = version + 1, history_seq = %s "
                           "WHERE id = %s AND version = %s", ("next", row[4] + 1, case_id, row[2]))
                db.execute("INSERT INTO case_events (case_id, seq, at, actor, kind, from_state, to_state, details, "
                           "prev_hash, hash) VALUES (%s, %s, %s, 'ola', 'transition', %s, 'next', '{}', %s, %s)",
                           (case_id, row[4] + 1, stamp, row[1], "0" * 64, "1" * 64))
        return time.perf_counter() - start


def measure_postgres(cases: int = 1000, rounds: int = 3) -> dict[str, float]:
    """The same journey on PostgreSQL against the bare psycopg floor, each on a database of its own."""
    engine_rates, floor_rates = [], []
    for _ in range(rounds):
        engine_url, floor_url = _postgres_database("rto_bench_engine"), _postgres_database("rto_bench_floor")
        try:
            transitions, seconds = engine_run(engine_url, cases)
            engine_rates.append(transitions / seconds)
            floor_rates.append(transitions / postgres_floor_run(floor_url, transitions, cases))
        finally:
            _drop_postgres_database(engine_url)
            _drop_postgres_database(floor_url)
    engine_rates.sort()
    floor_rates.sort()
    engine, floor = engine_rates[len(engine_rates) // 2], floor_rates[len(floor_rates) // 2]
    return {"cases": cases, "transitions": cases * len(STEPS), "engine_per_s": engine, "floor_per_s": floor,
            "ratio": floor / engine}


def measure(cases: int = 2000, rounds: int = 3) -> dict[str, float]:
    from workflow.config import load_settings

    settings = load_settings(None, {})
    engine_rates, floor_rates, rows_rates = [], [], []
    for _ in range(rounds):
        with tempfile.TemporaryDirectory(dir=os.environ.get("RTO_BENCH_DIR")) as tmp:
            transitions, seconds = engine_run(Path(tmp), cases)
            engine_rates.append(transitions / seconds)
            floor = floor_run(Path(tmp), transitions, cases, settings.sqlite_synchronous, settings.busy_timeout_ms)
            floor_rates.append(transitions / floor)
            written, rows = rows_floor_run(Path(tmp), settings.sqlite_synchronous, settings.busy_timeout_ms)
            rows_rates.append(written / rows)
    engine, floor, with_rows = (sorted(r)[len(r) // 2] for r in (engine_rates, floor_rates, rows_rates))
    return {"cases": cases, "transitions": cases * len(STEPS), "synchronous": settings.sqlite_synchronous,
            "engine_per_s": engine, "floor_per_s": floor, "ratio": floor / engine,
            "rows_floor_per_s": with_rows, "rows_ratio": with_rows / engine}


if __name__ == "__main__":
    import sys

    print(measure(int(sys.argv[1]) if len(sys.argv) > 1 else 2000, 1))
