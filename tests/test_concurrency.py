"""Optimistic concurrency: two caseworkers (or two terminals) changing the same case at once.

A change is decided on a snapshot and written only if the case's version is still the one it read; the loser
gets exit 6 (`Conflict`) and nothing of it is written. A change that does not depend on what was read (a note)
is decided again instead. Real `rto` processes race each other here, and the interleavings that a race only
sometimes produces are forced deterministically at the service level. Every test runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from conftest import RTO, Result, run_rto
from helpers import case_at, facts_for, grant_help, new_household
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import make_url

import workflow.unit_of_work
from states.errors import Conflict
from states.history import NewEvent
from workflow.audit import verify_histories
from workflow.bootstrap import App
from workflow.cases import add_note, set_facts
from workflow.steps import StepRequest, take_step
from workflow.unit_of_work import Plan, Work, change_case
from workflow.writes import CaseChange, ChangeKind

PROCESS_TIMEOUT_S = 90

pytestmark = pytest.mark.timeout(240)  # a stuck race fails instead of hanging the suite




# --------------------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------------------


def run_together(commands: list[tuple[list[str], str]], url: str, hold_case: int | None = None) -> list[Result]:
    """Start every `rto` command (args, login) as a real process at once; wait for all of them.

    With `hold_case`, a third party holds the write lock (PostgreSQL: the case row; SQLite: the database)
    while the processes start, so that every one of them has read the case before any can write: the
    race is then a true race between writers that all decided on the same version.
    """
    base = {k: v for k, v in os.environ.items() if not k.startswith("RTO_")}
    procs: list[subprocess.Popen[str]] = []
    try:
        with holding(url, hold_case) as wait_for_waiters:
            for args, user in commands:
                env = {**base, "RTO_DATABASE_URL": url, "RTO_USER": user, "RTO_IDENTITY": "declared"}
                procs.append(subprocess.Popen([RTO, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                              text=True, env=env))
            wait_for_waiters([p.pid for p in procs])
        results = []
        for proc, (args, _user) in zip(procs, commands, strict=True):
            out, err = proc.communicate(timeout=PROCESS_TIMEOUT_S)
            results.append(Result(proc.returncode, out, err, args))
        return results
    finally:
        for proc in procs:  # only the processes started here, and only if one is still running
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=10)


def waiting_on_sqlite(pid: int) -> bool:
    """Whether the process sleeps in SQLite's busy handler (the only sleep an `rto` command has): it has read
    the case and waits for the write lock."""
    try:
        with open(f"/proc/{pid}/wchan", encoding="ascii") as fh:
            return fh.read().strip() in ("hrtimer_nanosleep", "do_nanosleep")
    except OSError:
        return False


@contextmanager
def holding(url: str, case_id: int | None) -> Iterator[Callable[[list[int]], None]]:
    """Hold the write lock a change of `case_id` needs; yields a function that waits until the given
    processes are all blocked on it."""
    if case_id is None:
        yield lambda _pids: None
        return
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        lock = sqlite3.connect(str(parsed.database), timeout=30, isolation_level=None)

        def wait_for_sleepers(pids: list[int]) -> None:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and not all(waiting_on_sqlite(pid) for pid in pids):
                time.sleep(0.02)  # polling a condition, not waiting out a guess

        try:
            lock.execute("BEGIN IMMEDIATE")
            yield wait_for_sleepers
            lock.execute("ROLLBACK")
        finally:
            lock.close()
        return
    engine = create_engine(url)
    try:
        with engine.connect() as locker, engine.connect() as watcher:
            locker.execute(text("SELECT id FROM cases WHERE id = :c FOR UPDATE"), {"c": case_id})

            def wait_for_waiters(pids: list[int]) -> None:
                n = len(pids)
                deadline = time.monotonic() + 30
                while time.monotonic() < deadline:
                    waiting = watcher.execute(text(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                        "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()")).scalar()
                    watcher.rollback()
                    if waiting is not None and waiting >= n:
                        return
                    time.sleep(0.05)

            yield wait_for_waiters
            locker.rollback()
    finally:
        engine.dispose()


@contextmanager
def connect(url: str) -> Iterator[Connection]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()


def events(url: str, case_id: int) -> list[dict[str, Any]]:
    with connect(url) as conn:
        rows = conn.execute(
            text("SELECT seq, actor, kind, from_state, to_state, details FROM case_events "
                 "WHERE case_id = :c ORDER BY seq"), {"c": case_id}
        ).all()
    return [{**row._asdict(), "details": json.loads(row.details)} for row in rows]


def case_row(url: str, case_id: int) -> dict[str, Any]:
    with connect(url) as conn:
        row = conn.execute(text("SELECT state, version, facts, history_seq, review_due_on FROM cases WHERE id = :c"),
                           {"c": case_id}).one()
    return {**row._asdict(), "facts": json.loads(row.facts)}


def ready_to_motivate(app: App) -> int:
    """A screened case whose facts and decision already meet the guard into `motivated`: help granted by an
    approved enkeltvedtak (proposed by ola, approved by siri)."""
    case_id = case_at(app, "screened")
    set_facts(app, "ola", case_id, facts_for("motivated", app.today()))
    grant_help(app, case_id)
    return case_id


@contextmanager
def interleaved(other: Callable[[], Any], times: int = 1) -> Iterator[list[int]]:
    """Run `other` (someone else's change, committed) between a unit of work's read and its write.

    Every service hands `workflow.unit_of_work.run` a `decide` function; it is wrapped so that, once the
    decision is made on what was just read and before the unit of work opens its write transaction, `other`
    runs and commits (`times` times in all, each on a later try). Yields a list counting the runs.
    """
    runs: list[int] = []
    busy = False
    original = workflow.unit_of_work.run

    def patched(app: App, login: str, decide: Callable[[Work], Plan[Any]], *args: Any, **kwargs: Any) -> Any:
        if busy:  # `other` itself goes through the unit of work untouched
            return original(app, login, decide, *args, **kwargs)

        def deciding(work: Work) -> Plan[Any]:
            nonlocal busy
            plan = decide(work)
            if plan.writes and len(runs) < times:
                busy = True
                try:
                    other()
                finally:
                    busy = False
                runs.append(1)
            return plan

        return original(app, login, deciding, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(workflow.unit_of_work, "run", patched)
        yield runs


# --------------------------------------------------------------------------------------------------------------
# (a) Two real processes advance the same case at once
# --------------------------------------------------------------------------------------------------------------

FREE_RACES = 5
HELD_RACES = 3


def check_race(url: str, case_id: int, before: list[dict[str, Any]], results: list[Result]) -> list[int]:
    codes = sorted(r.code for r in results)
    assert codes in ([0, 6], [0, 3]), results
    after = events(url, case_id)
    new = after[len(before):]
    assert after[: len(before)] == before
    assert [e["seq"] for e in after] == list(range(1, len(after) + 1))
    assert [e["kind"] for e in new if e["kind"] == "transition"] == ["transition"]
    assert new[0]["kind"] == "transition" and new[0]["to_state"] == "motivated"
    if codes == [0, 6]:  # the loser wrote nothing
        assert len(new) == 1, new
        loser = next(r for r in results if r.code == 6)
        assert str(case_id) in loser.err, loser
    else:  # the loser came after the winner: its refused attempt is recorded, and only that
        assert [e["kind"] for e in new] == ["transition", "refused"], new
    row = case_row(url, case_id)
    assert row["state"] == "motivated"
    assert row["history_seq"] == len(after)
    return codes


@pytest.mark.parametrize("held", [False, True], ids=["free-race", "both-read-first"])
def test_two_processes_advancing_the_same_case_one_wins_and_the_history_has_no_gap(
    app: App, database_url: str, held: bool
) -> None:
    """Free: the two processes simply start together. Both-read-first: the write lock is held until both have
    read the case, so both decide on the same version and the loser must get a conflict."""
    cases = [ready_to_motivate(app) for _ in range(HELD_RACES if held else FREE_RACES)]
    outcomes = []
    for case_id in cases:
        before = events(database_url, case_id)
        advance = ["case", "advance", str(case_id), "motivated"]
        results = run_together([(advance, "ola"), (advance, "ola")], database_url,
                               hold_case=case_id if held else None)
        outcomes.append(check_race(database_url, case_id, before, results))

    verified = run_rto("audit", "verify", url=database_url, user="siri", timeout=PROCESS_TIMEOUT_S)
    assert verified.code == 0, verified
    print(f"{'held' if held else 'free'} race outcomes on {app.db.engine.dialect.name}: {outcomes}")
    if held:  # both read before either wrote: a true conflict, every time (bar a process slower than the hold)
        assert outcomes.count([0, 6]) >= len(cases) - 1, outcomes


def test_two_processes_recording_a_fact_on_the_same_case_one_wins(app: App, database_url: str) -> None:
    case_id = case_at(app, "screened")
    results = run_together([
        (["case", "set", str(case_id), "income_monthly=50000"], "ola"),
        (["case", "set", str(case_id), "income_monthly=70000"], "siri"),
    ], database_url)
    codes = sorted(r.code for r in results)
    assert codes in ([0, 0], [0, 6]), results
    recorded = [e["details"]["new"] for e in events(database_url, case_id) if e["kind"] == "fact_recorded"]
    won = [50000 if "50000" in r.args[-1] else 70000 for r in results if r.code == 0]
    assert set(won) <= set(recorded)
    assert len(recorded) == len(won)
    assert case_row(database_url, case_id)["facts"]["income_monthly"] == recorded[-1]
    assert verify_histories(app, "siri").ok


def test_two_processes_opening_a_case_for_the_same_household_open_one(app: App, database_url: str) -> None:
    """A household has at most one open case, even when two caseworkers open it at the same moment."""
    for _ in range(3):
        household = new_household(app)
        results = run_together([(["--json", "case", "open", str(household)], "ola"),
                                (["--json", "case", "open", str(household)], "per")], database_url)
        assert sorted(r.code for r in results) == [0, 3], results
        with connect(database_url) as conn:
            opened = conn.execute(text("SELECT id, caseworker FROM cases WHERE household_id = :h"),
                                  {"h": household}).all()
        winner = next(r for r in results if r.code == 0)
        assert [row.id for row in opened] == [winner.json["id"]]
    assert verify_histories(app, "siri").ok


# --------------------------------------------------------------------------------------------------------------
# (b) The optimistic check, deterministically: another change commits between read and write
# --------------------------------------------------------------------------------------------------------------


def test_a_transition_whose_case_changed_after_it_was_read_is_a_conflict_and_writes_nothing(
    app: App, database_url: str
) -> None:
    case_id = ready_to_motivate(app)
    start = case_row(database_url, case_id)

    with interleaved(lambda: set_facts(app, "siri", case_id, ["debt_monthly=2500"])) as runs, \
            pytest.raises(Conflict) as raised:
        take_step(app, "ola", case_id, StepRequest("motivated"))

    assert runs == [1]
    assert raised.value.params["expected"] == start["version"]
    assert raised.value.params["actual"] == start["version"] + 1
    row = case_row(database_url, case_id)
    history = events(database_url, case_id)
    assert row["state"] == "screened"
    assert row["version"] == start["version"] + 1  # as siri's change left it
    assert row["history_seq"] == len(history) == start["history_seq"] + 1
    assert history[-1]["actor"] == "siri" and history[-1]["kind"] == "fact_recorded"
    assert not [e for e in history if e["kind"] in ("transition", "refused")]
    assert verify_histories(app, "siri").ok

    take_step(app, "ola", case_id, StepRequest("motivated"))  # trying again works
    assert case_row(database_url, case_id)["state"] == "motivated"


def test_facts_decided_on_a_stale_case_are_a_conflict_and_write_nothing(app: App, database_url: str) -> None:
    case_id = case_at(app, "screened")
    set_facts(app, "ola", case_id, ["income_monthly=50000"])
    start = case_row(database_url, case_id)

    with interleaved(lambda: set_facts(app, "siri", case_id, ["income_monthly=52000"])), \
            pytest.raises(Conflict):
        set_facts(app, "ola", case_id, ["income_monthly=51000", "debt_monthly=900"])

    row = case_row(database_url, case_id)
    history = events(database_url, case_id)
    assert row["facts"] == {"income_monthly": 52000}
    assert row["version"] == start["version"] + 1
    assert len(history) == start["history_seq"] + 1
    assert history[-1]["details"] == {"fact": "income_monthly", "old": 50000, "new": 52000, "scope": "case"}
    assert verify_histories(app, "siri").ok


def test_a_refusal_decided_on_a_stale_case_is_a_conflict_not_a_recorded_refusal(app: App, database_url: str) -> None:
    """The refusal was decided on facts that have since changed: it is not recorded as if it still held."""
    case_id = case_at(app, "screened")
    start = case_row(database_url, case_id)

    with interleaved(lambda: set_facts(app, "siri", case_id, ["consent=yes"])), pytest.raises(Conflict):
        take_step(app, "ola", case_id, StepRequest("motivated"))

    history = events(database_url, case_id)
    assert [e["kind"] for e in history] == ["opened", "fact_recorded"]
    assert case_row(database_url, case_id)["version"] == start["version"] + 1


def test_the_unit_of_work_does_not_decide_again_when_the_version_moved(app: App, database_url: str) -> None:
    """`change_case` itself: a decision that rests on what it read is not retried once the version moved."""
    case_id = case_at(app, "screened")
    decided: list[int] = []

    def decide(_work: Work, _actor: Any, snap: Any) -> Plan[None]:
        decided.append(snap.version)
        if len(decided) == 1:  # someone else's change commits after this read, before this write
            set_facts(app, "siri", case_id, ["consent=yes"])
        event = NewEvent("fact_recorded", snap.state, None, {"fact": "equity", "old": None, "new": 1, "scope": "case"})
        return Plan(None, [CaseChange(snap, [event], {"facts": json.dumps({**snap.facts, "equity": 1},
                                                                          sort_keys=True)})])

    with pytest.raises(Conflict) as raised:
        change_case(app, "ola", case_id, decide)

    assert decided == [1]
    assert raised.value.params == {"case": case_id, "expected": 1, "actual": 2}
    assert case_row(database_url, case_id)["facts"] == {"consent": True}
    assert [e["kind"] for e in events(database_url, case_id)] == ["opened", "fact_recorded"]
    assert verify_histories(app, "siri").ok


def test_the_unit_of_work_decides_again_when_only_the_history_moved(app: App, database_url: str) -> None:
    """`change_case` itself: a change that needs the version is decided again after a note, and then written."""
    case_id = case_at(app, "screened")
    decided: list[int] = []

    def decide(_work: Work, _actor: Any, snap: Any) -> Plan[None]:
        decided.append(snap.history_seq)
        if len(decided) == 1:
            add_note(app, "siri", case_id, "Et notat i mellomtiden.")
        event = NewEvent("fact_recorded", snap.state, None, {"fact": "equity", "old": None, "new": 1, "scope": "case"})
        return Plan(None, [CaseChange(snap, [event], {"facts": json.dumps({**snap.facts, "equity": 1},
                                                                          sort_keys=True)})])

    change_case(app, "ola", case_id, decide)

    assert decided == [1, 2]
    assert [e["kind"] for e in events(database_url, case_id)] == ["opened", "note", "fact_recorded"]
    assert case_row(database_url, case_id)["version"] == 2
    assert verify_histories(app, "siri").ok


def test_a_change_read_before_a_review_moved_the_review_day_on_still_brings_it_back_to_today(
        app: App, database_url: str) -> None:
    """A change counts as activity, so the case is due for review today: when the case was already due, the
    day is left as it is (nothing to write), but only while it is still the day that was read. A review that
    moved it on between the read and the write (it appends no event when it has nothing to send) makes the
    change decided again, and the day comes back to today."""
    case_id = case_at(app, "screened")
    today = app.today()
    assert str(case_row(database_url, case_id)["review_due_on"]) == today.isoformat()  # due since it opened
    seen: list[Any] = []

    def decide(_work: Work, _actor: Any, snap: Any) -> Plan[None]:
        seen.append(snap.review_due_on)
        if len(seen) == 1:  # what a review does meanwhile: sets the next review day outright, no event
            with app.db.transaction(write=True) as conn:
                conn.execute(text("UPDATE cases SET review_due_on = :day WHERE id = :id"),
                             {"day": (today + timedelta(days=30)).isoformat(), "id": case_id})
        return Plan(None, [CaseChange(snap, [NewEvent("note", None, None, {"text": "Ringte."})], {},
                                      ChangeKind.NOTE)])

    change_case(app, "ola", case_id, decide)

    assert seen == [today, today + timedelta(days=30)]
    assert str(case_row(database_url, case_id)["review_due_on"]) == today.isoformat()
    assert [e["kind"] for e in events(database_url, case_id)] == ["opened", "note"]


def test_a_stale_expected_version_is_a_conflict_before_anything_is_decided(app: App, database_url: str) -> None:
    case_id = ready_to_motivate(app)
    version = case_row(database_url, case_id)["version"]
    before = events(database_url, case_id)

    with pytest.raises(Conflict):
        take_step(app, "ola", case_id, StepRequest("motivated"), expected_version=version - 1)
    with pytest.raises(Conflict):
        set_facts(app, "ola", case_id, ["debt_monthly=1"], expected_version=version + 1)

    assert events(database_url, case_id) == before
    take_step(app, "ola", case_id, StepRequest("motivated"), expected_version=version)
    assert case_row(database_url, case_id)["state"] == "motivated"


# --------------------------------------------------------------------------------------------------------------
# (c) --expect-version on the command line
# --------------------------------------------------------------------------------------------------------------


def show_version(rto: Any, case_id: int) -> int:
    shown = rto("--json", "case", "show", str(case_id))
    assert shown.code == 0, shown
    return int(shown.json["version"])


def test_case_set_with_a_stale_expected_version_exits_6_and_writes_nothing(
    app: App, rto: Any, database_url: str
) -> None:
    case_id = case_at(app, "screened")
    version = show_version(rto, case_id)
    assert rto("case", "set", str(case_id), "income_monthly=40000").code == 0  # version moves on
    before, row = events(database_url, case_id), case_row(database_url, case_id)

    stale = rto("case", "set", str(case_id), "income_monthly=45000", "debt_monthly=100",
                "--expect-version", str(version))
    assert stale.code == 6, stale
    assert str(case_id) in stale.err
    assert events(database_url, case_id) == before
    assert case_row(database_url, case_id) == row

    stale_json = rto("--json", "case", "set", str(case_id), "income_monthly=45000", "--expect-version", str(version))
    assert stale_json.code == 6, stale_json
    assert stale_json.json["error"]["kind"] == "Conflict"
    assert events(database_url, case_id) == before

    current = rto("case", "set", str(case_id), "income_monthly=45000", "--expect-version", str(version + 1))
    assert current.code == 0, current
    assert case_row(database_url, case_id)["facts"]["income_monthly"] == 45000
    assert show_version(rto, case_id) == version + 2


def test_case_advance_with_a_stale_expected_version_exits_6_and_writes_nothing(
    app: App, rto: Any, database_url: str
) -> None:
    case_id = ready_to_motivate(app)
    version = show_version(rto, case_id)
    before = events(database_url, case_id)

    for wrong in (version - 1, version + 1):
        stale = rto("case", "advance", str(case_id), "motivated", "--expect-version", str(wrong))
        assert stale.code == 6, stale
        assert events(database_url, case_id) == before  # not even a refused attempt
        assert case_row(database_url, case_id)["state"] == "screened"

    done = rto("case", "advance", str(case_id), "motivated", "--expect-version", str(version))
    assert done.code == 0, done
    assert case_row(database_url, case_id)["state"] == "motivated"
    assert [e["kind"] for e in events(database_url, case_id)[len(before):]] == ["transition"]


def test_expect_version_in_a_real_process(app: App, database_url: str) -> None:
    case_id = ready_to_motivate(app)
    version = case_row(database_url, case_id)["version"]
    stale = run_rto("case", "advance", str(case_id), "motivated", "--expect-version", str(version - 1),
                    url=database_url, timeout=PROCESS_TIMEOUT_S)
    assert stale.code == 6, stale
    done = run_rto("case", "advance", str(case_id), "motivated", "--expect-version", str(version),
                   url=database_url, timeout=PROCESS_TIMEOUT_S)
    assert done.code == 0, done


# --------------------------------------------------------------------------------------------------------------
# (d) Only the history moved (a note): the unit of work decides again instead of failing
# --------------------------------------------------------------------------------------------------------------


def test_a_note_added_meanwhile_does_not_make_a_transition_fail(app: App, database_url: str) -> None:
    case_id = ready_to_motivate(app)
    start = case_row(database_url, case_id)

    with interleaved(lambda: add_note(app, "siri", case_id, "Ringte husstanden.")) as runs:
        result = take_step(app, "ola", case_id, StepRequest("motivated"))

    assert runs == [1]
    assert result.state == "motivated"
    history = events(database_url, case_id)
    assert [(e["actor"], e["kind"]) for e in history[-2:]] == [("siri", "note"), ("ola", "transition")]
    row = case_row(database_url, case_id)
    assert row["state"] == "motivated"
    assert row["version"] == start["version"] + 1
    assert row["history_seq"] == len(history) == start["history_seq"] + 2
    assert verify_histories(app, "siri").ok


def test_a_note_added_meanwhile_does_not_make_recording_facts_fail(app: App, database_url: str) -> None:
    case_id = case_at(app, "screened")
    with interleaved(lambda: add_note(app, "siri", case_id, "Notat.")):
        set_facts(app, "ola", case_id, ["income_monthly=61000"])
    history = events(database_url, case_id)
    assert [e["kind"] for e in history[-2:]] == ["note", "fact_recorded"]
    assert case_row(database_url, case_id)["facts"] == {"income_monthly": 61000}
    assert verify_histories(app, "siri").ok


def test_a_note_is_decided_again_on_the_fresh_case_when_a_transition_got_there_first(
    app: App, database_url: str
) -> None:
    case_id = ready_to_motivate(app)
    start = case_row(database_url, case_id)

    with interleaved(lambda: take_step(app, "siri", case_id, StepRequest("motivated"))):
        add_note(app, "ola", case_id, "Samtale om plan.")

    history = events(database_url, case_id)
    assert [e["kind"] for e in history[-2:]] == ["transition", "note"]
    assert history[-1]["from_state"] == "motivated"  # the note was decided on the case as it is now
    assert case_row(database_url, case_id)["version"] == start["version"] + 1
    assert verify_histories(app, "siri").ok


def test_a_note_that_keeps_losing_gives_up_with_a_conflict_and_writes_nothing(app: App, database_url: str) -> None:
    case_id = case_at(app, "screened")
    counter = iter(range(100))

    def someone_else() -> None:
        add_note(app, "siri", case_id, f"Annet notat {next(counter)}")

    with interleaved(someone_else, times=1000) as runs, pytest.raises(Conflict):
        add_note(app, "ola", case_id, "Mitt notat")

    assert len(runs) >= 2  # it did try again
    notes = [e for e in events(database_url, case_id) if e["kind"] == "note"]
    assert [n["actor"] for n in notes] == ["siri"] * len(runs)
    assert verify_histories(app, "siri").ok


# --------------------------------------------------------------------------------------------------------------
# (e) Many processes at once on one case: nothing reported as done is lost
# --------------------------------------------------------------------------------------------------------------

FACT_WRITES = [("debt_monthly", 1111, "ola"), ("fixed_costs_monthly", 2222, "siri"), ("equity", 33333, "ola"),
               ("grant_amount", 44444, "siri")]
NOTE_WRITES = [("Notat fra terminal A", "ola"), ("Notat fra terminal B", "siri")]


@pytest.mark.parametrize("held", [False, True], ids=["free-start", "all-read-first"])
def test_many_processes_recording_on_one_case_lose_nothing_they_reported_done(
    app: App, database_url: str, held: bool
) -> None:
    case_id = case_at(app, "screened")
    start = case_row(database_url, case_id)
    commands = [(["case", "set", str(case_id), f"{name}={value}"], user) for name, value, user in FACT_WRITES]
    commands += [(["case", "note", str(case_id), note], user) for note, user in NOTE_WRITES]

    results = run_together(commands, database_url, hold_case=case_id if held else None)

    assert all(r.code in (0, 6) for r in results), results
    assert any(r.code == 0 for r in results), results
    history = events(database_url, case_id)
    row = case_row(database_url, case_id)
    recorded = {(e["details"]["fact"], e["details"]["new"]) for e in history if e["kind"] == "fact_recorded"}
    noted = [e["details"]["text"] for e in history if e["kind"] == "note"]
    fact_results = results[: len(FACT_WRITES)]
    note_results = results[len(FACT_WRITES):]
    for (name, value, _user), result in zip(FACT_WRITES, fact_results, strict=True):
        if result.code == 0:
            assert (name, value) in recorded, (result, history)
            assert row["facts"][name] == value
        else:
            assert (name, value) not in recorded, (result, history)
            assert name not in row["facts"]
    for (note, _user), result in zip(NOTE_WRITES, note_results, strict=True):
        assert noted.count(note) == (1 if result.code == 0 else 0), (result, history)
    done = sum(r.code == 0 for r in results)
    assert len(history) == start["history_seq"] + done
    assert row["version"] == start["version"] + sum(r.code == 0 for r in fact_results)
    assert [e["seq"] for e in history] == list(range(1, len(history) + 1))

    verified = run_rto("audit", "verify", url=database_url, user="siri", timeout=PROCESS_TIMEOUT_S)
    assert verified.code == 0, verified
    print(f"{'held' if held else 'free'} start on {app.db.engine.dialect.name}: exit codes {[r.code for r in results]}")
