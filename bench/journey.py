"""Transitions per second through the real engine, against the floor of bare sqlite3 transactions.

Both run on an SQLite file with the settings rto uses (WAL, synchronous as configured, BEGIN
IMMEDIATE), side by side in one process, so the ratio holds on a noisy machine.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from common import new_app

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


def engine_run(folder: Path, cases: int) -> tuple[int, float]:
    """(transitions, seconds) for `cases` cases driven screened -> moved_in through workflow services."""
    from workflow.cases import open_case, set_facts
    from workflow.households import add_household
    from workflow.steps import StepRequest, take_step

    clock_time = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    app = new_app(f"sqlite:///{folder / 'engine.db'}", lambda: clock_time)
    facts = _facts(app.today())
    ids = []
    for i in range(cases):
        household = add_household(app, "ola", f"Husstand {i}", adults=2, children=1, unit=f"Unit {i}").id
        case_id = open_case(app, "ola", household).id
        set_facts(app, "ola", case_id, facts)
        ids.append(case_id)
    start = time.perf_counter()
    for target in STEPS:
        for case_id in ids:
            take_step(app, "ola", case_id, StepRequest(target))
    elapsed = time.perf_counter() - start
    app.close()
    return cases * len(STEPS), elapsed


def floor_run(folder: Path, transactions: int, cases: int, synchronous: str, busy_ms: int) -> float:
    """Seconds for `transactions` bare transactions: SELECT the case row, UPDATE it, INSERT an event."""
    db = sqlite3.connect(folder / "floor.db", isolation_level=None)
    for pragma in ("journal_mode=WAL", f"synchronous={synchronous}", f"busy_timeout={busy_ms}", "foreign_keys=ON"):
        db.execute(f"PRAGMA {pragma}")
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


def measure(cases: int = 2000, rounds: int = 3) -> dict[str, float]:
    from workflow.config import load_settings

    settings = load_settings(None, {})
    engine_rates, floor_rates = [], []
    for _ in range(rounds):
        with tempfile.TemporaryDirectory(dir=os.environ.get("RTO_BENCH_DIR")) as tmp:
            transitions, seconds = engine_run(Path(tmp), cases)
            engine_rates.append(transitions / seconds)
            floor = floor_run(Path(tmp), transitions, cases, settings.sqlite_synchronous, settings.busy_timeout_ms)
            floor_rates.append(transitions / floor)
    engine_rates.sort()
    floor_rates.sort()
    engine, floor = engine_rates[len(engine_rates) // 2], floor_rates[len(floor_rates) // 2]
    return {"cases": cases, "transitions": cases * len(STEPS), "synchronous": settings.sqlite_synchronous,
            "engine_per_s": engine, "floor_per_s": floor, "ratio": floor / engine}


if __name__ == "__main__":
    import sys

    print(measure(int(sys.argv[1]) if len(sys.argv) > 1 else 2000, 1))
