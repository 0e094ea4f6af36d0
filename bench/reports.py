"""The supervisors' report on a large caseload, and what the access log adds to `rto case show`.

Report: 100,000 cases with 2,000,000 history events on SQLite (target: under 5 s). The database is made by
`rto init` and filled straight with sqlite3 (executemany, synchronous=OFF while filling): households, staff,
cases opened over three years and their histories, each case an `opened` event, the moves of its journey
(`transition`, lost bids back to `searching`, `paused`/`resumed`, `closed` with an outcome), and facts and notes
up to 20 events a case; the case rows agree with their histories (state, when it was entered, last activity,
outcome, facts with the certificate's expiry, each recorded in the history), and every history, each household's
`registered` event too, is hash-chained as rto chains it, so `rto audit verify` verifies it (bench/audit.py).
`build_report` then runs three times in a process of its own (the median, and that process's peak memory),
with the time each part of the report takes.

Access log: process time (user + system CPU) of `rto case show N` against the same command in a process whose
plan drops its record of the look, in alternating runs (bench/startup.py's method), on the same database.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import startup
from common import AS_OF, BIN, peak_mb, rto_env, run_child

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
START = NOW - timedelta(days=3 * 365)  # cases opened over three years
PATH = ("screened", "motivated", "financed", "searching", "bidding", "contracted")
MEAN_DAYS = {"screened": 25, "motivated": 35, "financed": 12, "searching": 55, "bidding": 10, "contracted": 40}
OUTCOMES = ("private_rental", "stays_municipal", "not_eligible", "declined", "moved_away", "other")
CASEWORKERS = [f"cw{i:02d}" for i in range(1, 41)]
NOTES = ("Samtale med husstanden om budsjett og plan.", "Visning lørdag; husstanden er positiv.",
         "Ringt banken om finansieringsbeviset.", "Husstanden ønsker å vente til etter sommeren.")


def _stamp(at: datetime) -> str:
    """How SQLAlchemy stores a time in SQLite: UTC, to the microsecond."""
    return at.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def create(path: Path) -> str:
    """An empty database, made by `rto init` (which registers the first admin)."""
    url = f"sqlite:///{path}"
    subprocess.run([str(BIN / "rto"), "init", "--admin", "adm", "--name", "Anne Admin"], env=rto_env(url, "adm"),
                   check=True, capture_output=True, text=True)
    return url


class _Case:
    """One case's history, drawn at random: its moves along the journey, then facts and notes between them."""

    def __init__(self, rng: random.Random, case_id: int, per_case: int) -> None:
        self.id = case_id
        self.caseworker = rng.choice(CASEWORKERS)
        self.opened = START + timedelta(seconds=rng.randrange(3 * 365 * 86400))
        # how far it will get, if time allows: moved in, closed on the way, or (mostly the younger ones) still open
        fate, old = rng.random(), (NOW - self.opened).days > 400
        moved_in, closed = (0.55, 0.42) if old else (0.4, 0.25)
        stop = "moved_in" if fate < moved_in else "closed" if fate < moved_in + closed else rng.choice(PATH)
        close_in = rng.choice(PATH[:5]) if stop == "closed" else None
        moves: list[tuple[datetime, str, str | None, str, dict[str, Any]]] = [
            (self.opened, "opened", None, "screened", {"caseworker": self.caseworker})]
        state, paused_from, at, lost, paused = "screened", None, self.opened, 0, False
        financed_at: datetime | None = None
        while True:
            if state == stop or (close_in == state):
                break
            at += timedelta(days=rng.expovariate(1 / MEAN_DAYS[state]) + 0.5)
            if at >= NOW:
                break
            if not paused and rng.random() < 0.04:  # a life event: a pause, and back
                moves.append((at, "paused", state, "paused", {"reason": "Sykdom i familien"}))
                at += timedelta(days=rng.uniform(10, 120))
                if at >= NOW:
                    state, paused_from = "paused", state
                    break
                moves.append((at, "resumed", "paused", state, {}))
                paused = True
                continue
            if state == "bidding" and lost < 2 and rng.random() < 0.3:
                target = "searching"
                lost += 1
            else:
                target = "moved_in" if state == "contracted" else PATH[PATH.index(state) + 1]
            moves.append((at, "transition", state, target, {"step": "advance", "relied_on": {"certificate_valid":
                                                                                              True}}))
            if target == "financed" and financed_at is None:
                financed_at = at
            state = target
        if state == close_in and state != "paused":
            at = min(at + timedelta(days=rng.uniform(1, 60)), NOW - timedelta(hours=1))
            outcome = rng.choice(OUTCOMES)
            moves.append((at, "closed", state, "closed", {"outcome": outcome, "reason": "Avsluttet"}))
            state = "closed"
        self.state, self.paused_from = state, paused_from
        self.outcome = moves[-1][4]["outcome"] if state == "closed" else None
        self.entered = moves[-1][0]
        last = moves[-1][0]
        if state not in ("moved_in", "closed"):  # open cases are worked on a while after their last move
            last = min(last + timedelta(days=rng.uniform(0, 45)), NOW - timedelta(hours=1))
        span = max((last - self.opened).total_seconds(), 1.0)
        # the facts every case records as it goes (recorded, so that the row's facts are what its history says)
        first = self.opened + timedelta(seconds=1)
        fill = [(first, "fact_recorded", {"fact": fact, "old": None, "new": value, "scope": "case"})
                for fact, value in (("consent", True), ("income_monthly", 62000), ("income_predictable", True),
                                    ("plan_agreed", True), ("debt_monthly", 1500))]
        if financed_at is not None:
            fill += [(financed_at + timedelta(seconds=1), "fact_recorded",
                      {"fact": fact, "old": None, "new": value, "scope": "case"})
                     for fact, value in (("loan_amount", 2800000), ("grant_amount", 100000), ("equity", 50000),
                                         ("certificate_issued", financed_at.date().isoformat()),
                                         ("certificate_expires",
                                          (financed_at.date() + timedelta(days=90)).isoformat()))]
        for _ in range(per_case - len(moves) - len(fill)):
            when = self.opened + timedelta(seconds=rng.uniform(1, span))
            if rng.random() < 0.75:
                fact, value = rng.choice((("income_monthly", rng.randrange(30000, 90000, 500)),
                                          ("debt_monthly", rng.randrange(0, 6000, 100)),
                                          ("equity", rng.randrange(0, 300000, 5000)),
                                          ("asking_price", rng.randrange(1800000, 4500000, 10000))))
                fill.append((when, "fact_recorded", {"fact": fact, "old": None, "new": value, "scope": "case"}))
            else:
                fill.append((when, "note", {"text": rng.choice(NOTES)}))
        self.events = sorted([(m[0], 0, i, m[1], m[2], m[3], m[4]) for i, m in enumerate(moves)]
                             + [(f[0], 1, i, f[1], None, None, f[2]) for i, f in enumerate(fill)])
        self.last_activity = max(e[0] for e in self.events)
        facts: dict[str, Any] = {}
        for event in self.events:  # the row's facts: what its history leaves them
            if event[3] == "fact_recorded":
                facts[event[6]["fact"]] = event[6]["new"]
        self.facts = json.dumps(facts, sort_keys=True)
        self.head = "0" * 64

    def event_rows(self) -> list[tuple[Any, ...]]:
        """Its events, hash-chained as rto chains them (so that `rto audit verify` verifies them); `head` after."""
        from states.history import event_hash

        rows, prev, state = [], "0" * 64, None
        for seq, (at, _, _, kind, source, target, details) in enumerate(self.events, start=1):
            if kind in ("fact_recorded", "note"):
                source, target = state, None
            else:
                state = target
            text = json.dumps(details, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
            digest = event_hash(self.id, seq, at, self.caseworker, kind, source, target, text, prev)
            rows.append((self.id, seq, _stamp(at), self.caseworker, kind, source, target, text, prev, digest))
            prev = digest
        self.head = prev
        return rows

    def row(self, household: int) -> tuple[Any, ...]:
        return (self.id, household, self.state, self.paused_from, self.caseworker, _stamp(self.opened),
                _stamp(self.entered), _stamp(self.last_activity), self.outcome, 1 + len(self.events), self.facts,
                len(self.events), self.head, "{}", AS_OF.isoformat())

    def household_registered(self, adults: int, children: int, ages: list[int], unit: str | None) -> tuple[Any, ...]:
        """Its household's own history: the `registered` event (hashed as rto does)."""
        from states.history import event_hash

        text = json.dumps({"adults": adults, "child_ages": ages, "children": children, "email": None,
                           "email_consent": False, "identity_numbers": [], "language": None,
                           "municipal_unit": unit}, sort_keys=True, separators=(",", ":"))
        at = self.opened - timedelta(days=1)
        digest = event_hash(self.id, 1, at, self.caseworker, "registered", None, None, text, "0" * 64)
        return (self.id, 1, _stamp(at), self.caseworker, "registered", text, "0" * 64, digest)


def populate(path: Path, cases: int = 100_000, events: int = 2_000_000, seed: int = 2026) -> dict[str, int]:
    """Fill an `rto init` database with `cases` cases and `events` history events (an equal number each)."""
    per_case = events // cases
    rng = random.Random(seed)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA synchronous=OFF")  # only while filling the benchmark's database
    db.execute("BEGIN")
    created = _stamp(START - timedelta(days=30))
    db.executemany("INSERT INTO staff (login, name, email, role, active, created_at) VALUES (?, ?, ?, ?, 1, ?)",
                   [(login, f"Saksbehandler {login[2:]}", f"{login}@kommune.no", "caseworker", created)
                    for login in CASEWORKERS] + [("siri", "Siri Leder", "siri@kommune.no", "supervisor", created)])
    states: dict[str, int] = {}
    written = 0
    batch: list[_Case] = []

    def flush() -> None:
        households, registered = [], []
        for c in batch:
            ages = [3 + 4 * i for i in range(c.id % 4)]
            unit = f"Kommunal bolig {rng.randrange(60_000)}" if rng.random() < 0.75 else None
            event = c.household_registered(1 + c.id % 2, c.id % 4, ages, unit)
            registered.append(event)
            households.append((c.id, f"Husstand {c.id}", 1 + c.id % 2, c.id % 4, json.dumps(ages), unit,
                               _stamp(c.opened - timedelta(days=1)), c.caseworker, event[-1]))
        db.executemany(
            "INSERT INTO households (id, name, email, email_consent, adults, children, child_ages, municipal_unit, "
            "identity_numbers, created_at, created_by, history_seq, history_head) "
            "VALUES (?, ?, NULL, 0, ?, ?, ?, ?, '[]', ?, ?, 1, ?)", households)
        db.executemany(
            "INSERT INTO household_events (household_id, seq, at, actor, kind, details, prev_hash, hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", registered)
        events = [row for c in batch for row in c.event_rows()]  # (each case's head, for its row)
        db.executemany(
            "INSERT INTO cases (id, household_id, state, paused_from, caseworker, opened_at, state_entered_at, "
            "last_activity_at, closed_outcome, version, facts, history_seq, history_head, review_log, "
            "review_due_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [c.row(c.id) for c in batch])
        db.executemany(
            "INSERT INTO case_events (case_id, seq, at, actor, kind, from_state, to_state, details, prev_hash, hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", events)
        batch.clear()

    for case_id in range(1, cases + 1):
        case = _Case(rng, case_id, per_case)
        states[case.state] = states.get(case.state, 0) + 1
        written += len(case.events)
        batch.append(case)
        if len(batch) == 2000:
            flush()
    flush()
    db.execute("COMMIT")
    db.execute("ANALYZE")
    db.close()
    return {"cases": cases, "events": written, **states}


# --- the report ---

SECTIONS = ("_moved_in", "_open_to_move_in", "_funnel", "_time_in_state", "_certificate_conversion",
            "_closed_by_outcome", "_current", "outbox_counts", "cases_to_act_on", "monthly_trend", "report_period")


def _report_child(url: str, runs: int) -> dict[str, Any]:
    """`build_report` `runs` times; the seconds of each run and of each part (median over the runs)."""
    import workflow.reports as reports
    from workflow.bootstrap import bootstrap

    parts: dict[str, list[float]] = {name: [] for name in SECTIONS}

    def timed(name: str, f: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            began = time.perf_counter()
            try:
                return f(*args, **kwargs)
            finally:
                parts[name].append(time.perf_counter() - began)
        return run

    for name in SECTIONS:
        if hasattr(reports, name):  # (an older report has fewer parts)
            setattr(reports, name, timed(name, getattr(reports, name)))
    app = bootstrap({}, database_url=url, clock=lambda: NOW)
    seconds = []
    figures: Any = None
    for _ in range(runs):
        began = time.perf_counter()
        figures = reports.build_report(app, None)
        seconds.append(time.perf_counter() - began)
    app.close()
    return {"seconds": statistics.median(seconds), "runs": seconds, "peak_mb": peak_mb(),
            "parts": {name: statistics.median(times) for name, times in parts.items() if times},
            "moved_in": sum(y.households for y in figures.moved_in), "open": figures.current.open,
            "stalled": figures.current.stalled, "funnel": [f.cases for f in figures.funnel]}


def floor_run(path: Path, runs: int = 3) -> float:
    """The floor beside the report: one bare sqlite3 pass over the history table on the same file, every
    event's columns that the report reads handed to Python once (median of `runs`)."""
    seconds = []
    for _ in range(runs):
        db = sqlite3.connect(path)
        began = time.perf_counter()
        for _row in db.execute("SELECT case_id, seq, at, kind, to_state FROM case_events"):
            pass
        seconds.append(time.perf_counter() - began)
        db.close()
    return statistics.median(seconds)


def report_run(url: str, runs: int = 3) -> dict[str, Any]:
    """In a process of its own, so that its peak memory is the report's."""
    return run_child("reports", "_report_child", url, runs)  # type: ignore[no-any-return]


# --- the access log's cost on `rto case show` ---

def _without_access_log(case_id: int) -> str:
    """`rto case show N` as the `rto` script runs it (argv from sys.argv: a fresh process, whose collector stays
    off during start-up), with the plan's record of the look dropped (so no write transaction at all)."""
    return ("import gc, sys; gc.disable(); import workflow.views as v; plan = v.Plan; "
            "v.Plan = lambda result, writes=(): plan(result); import cli; "
            f"sys.argv = ['rto', 'case', 'show', '{case_id}']; sys.exit(cli.main())")


def access_cost(url: str, case_id: int, runs: int = 21) -> dict[str, float]:
    env = rto_env(url, "siri")
    before = _access_rows(url)
    startup.compile_rto()  # (as an installed rto has it: the two sides' difference is then the record alone)
    figures = startup.compare([str(BIN / "rto"), "case", "show", str(case_id)],
                              [str(BIN / "python"), "-c", _without_access_log(case_id)], env, runs)
    recorded = _access_rows(url) - before
    assert recorded == runs + 1, f"rto case show recorded {recorded} looks in {runs + 1} runs"
    return {**figures, "cost_cpu": figures["cpu_ratio"] - 1, "cost_wall": figures["wall_ratio"] - 1}


def _access_rows(url: str) -> int:
    db = sqlite3.connect(url.removeprefix("sqlite:///"))
    try:
        return int(db.execute("SELECT count(*) FROM case_access").fetchone()[0])
    finally:
        db.close()


def measure(cases: int = 100_000, events: int = 2_000_000, runs: int = 3,
            show_runs: int = 21, also: Callable[[Path, str, Path], dict[str, Any]] | None = None) -> dict[str, Any]:
    """The report's time and memory on `cases` / `events`, and the access log's cost on `case show`; then
    `also(path, url, folder)` on the same database (bench/audit.py's seal and verify), under "also"."""
    with tempfile.TemporaryDirectory(dir=os.environ.get("RTO_BENCH_DIR")) as tmp:
        path = Path(tmp) / "report.db"
        url = create(path)
        began = time.perf_counter()
        made = populate(path, cases, events)
        filled = time.perf_counter() - began
        report = report_run(url, runs)
        report["floor_seconds"] = floor_run(path, runs)
        report["ratio"] = report["seconds"] / report["floor_seconds"]
        db = sqlite3.connect(path)
        open_case = db.execute("SELECT id FROM cases WHERE state = 'searching' ORDER BY id LIMIT 1").fetchone()[0]
        db.close()
        show = access_cost(url, open_case, show_runs)
        size_mb = path.stat().st_size / 1e6
        extra = also(path, url, Path(tmp)) if also is not None else None
    return {"population": made, "populate_seconds": filled, "db_mb": size_mb, "report": report, "show": show,
            "also": extra}


def main() -> None:
    cases = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    events = int(sys.argv[2]) if len(sys.argv) > 2 else 20 * cases
    print(f"Report: {cases:,} cases, {events:,} history events on SQLite (median of 3 runs) ...", flush=True)
    m = measure(cases, events)
    r, s = m["report"], m["show"]
    print(f"  populated in {m['populate_seconds']:.0f} s ({m['db_mb']:.0f} MB): " + ", ".join(
        f"{k} {v:,}" for k, v in m["population"].items()))
    print(f"  build_report {r['seconds']:5.2f} s (runs {', '.join(f'{x:.2f}' for x in r['runs'])}), "
          f"peak memory {r['peak_mb']:.0f} MB")
    print(f"  floor        {r['floor_seconds']:5.2f} s (one bare sqlite3 pass over case_events): "
          f"ratio {r['ratio']:.2f}")
    print("  by part: " + ", ".join(f"{k.strip('_')} {v:.2f} s" for k, v in
                                    sorted(r["parts"].items(), key=lambda kv: -kv[1])))
    print(f"  figures: moved in {r['moved_in']:,}, open {r['open']:,}, stalled {r['stalled']:,}, "
          f"funnel {r['funnel']}")
    print("Access log: rto case show, process time, median of 21 alternating runs ...")
    print(f"  with it {s['cpu_ms']:6.1f} ms vs without {s['baseline_cpu_ms']:6.1f} ms: "
          f"{100 * s['cost_cpu']:+.1f} % (target < 10 %); wall {s['wall_ms']:.1f} vs {s['baseline_wall_ms']:.1f} ms "
          f"({100 * s['cost_wall']:+.1f} %)")


if __name__ == "__main__":
    main()
