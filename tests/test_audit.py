"""`rto audit verify`: an honest database verifies; any single change made behind the product's back does not.

Each tamper below is one change made directly in the database with SQL, the way someone with database access
(and no use of `rto`) would make it. After it, `audit verify` must exit 7 and name the case and the first
event (seq) that does not verify; with --json the document says ok=false and carries a `break` object.
Every test runs on SQLite and on PostgreSQL (the `database_url` fixture).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from conftest import FakeClock, Result, run_rto
from helpers import case_at
from sqlalchemy import Connection, create_engine, text

from states.canonical import canonical
from states.errors import Refused
from states.history import event_hash
from workflow.cases import add_note, assign, set_facts
from workflow.steps import StepRequest, take_step

pytestmark = pytest.mark.timeout(120)  # a stuck race fails instead of hanging the suite





# --------------------------------------------------------------------------------------------------------------
# An honest database: several cases at different states, with notes, facts, a refusal, a pause and a resume.
# --------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class World:
    screened: int  # a note and a refused attempt
    paused_resumed: int  # motivated, paused, resumed
    target: int  # financed, notes, a changed fact, reassigned to per who then worked on it: the one we tamper with
    closed: int  # closed with an outcome
    paused: int  # paused now, from motivated


@pytest.fixture
def world(app: Any, clock: FakeClock) -> World:
    screened = case_at(app, "screened")
    add_note(app, "ola", screened, "Første kartleggingssamtale holdt.")
    clock.advance(hours=1)
    with pytest.raises(Refused):
        take_step(app, "ola", screened, StepRequest("motivated"))

    clock.advance(hours=1)
    paused_resumed = case_at(app, "motivated")
    take_step(app, "ola", paused_resumed, StepRequest("paused", reason="Sykdom i familien"))
    clock.advance(days=3)
    take_step(app, "ola", paused_resumed, StepRequest(None))

    clock.advance(hours=2)
    target = case_at(app, "financed")
    clock.advance(minutes=5)
    add_note(app, "ola", target, "Husstanden har fått finansieringsbevis.")
    clock.advance(minutes=5)
    set_facts(app, "ola", target, ["income_monthly=64000", "debt_monthly=1200"])
    clock.advance(minutes=5)
    assign(app, "siri", target, "per")
    clock.advance(minutes=5)
    add_note(app, "per", target, "Overtatt saken; ringer husstanden i morgen.")
    clock.advance(minutes=5)
    set_facts(app, "per", target, ["equity=60000"])

    clock.advance(hours=1)
    closed = case_at(app, "screened")
    take_step(app, "ola", closed, StepRequest("closed", reason="Ønsker ikke å kjøpe nå", outcome="declined"))

    clock.advance(hours=1)
    paused = case_at(app, "motivated")
    take_step(app, "ola", paused, StepRequest("paused", reason="Samlivsbrudd"))
    return World(screened, paused_resumed, target, closed, paused)


# --------------------------------------------------------------------------------------------------------------
# Changes behind the product's back
# --------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    """The break `audit verify` must report: the case, the first bad seq (None: no event), the problem."""

    case_id: int
    seq: int | None
    problem: str
    detail: str | None = None  # what the case row says differently: state, caseworker, facts, ...


class Tamperer:
    """Raw SQL on the test's database, the way someone bypassing `rto` would change it."""

    def __init__(self, conn: Connection, world: World) -> None:
        self.conn = conn
        self.world = world
        self.sqlite = conn.dialect.name == "sqlite"

    def sql(self, statement: str, **params: Any) -> Any:
        return self.conn.execute(text(statement), params)

    def events(self, case_id: int) -> list[Any]:
        return list(self.sql("SELECT * FROM case_events WHERE case_id = :c ORDER BY seq", c=case_id))

    def seq_of(self, case_id: int, kind: str, nth: int = 0) -> int:
        seqs = [int(e.seq) for e in self.events(case_id) if e.kind == kind]
        return seqs[nth]

    def event(self, case_id: int, seq: int) -> Any:
        return self.sql("SELECT * FROM case_events WHERE case_id = :c AND seq = :s", c=case_id, s=seq).one()

    def last_seq(self, case_id: int) -> int:
        return int(self.sql("SELECT max(seq) FROM case_events WHERE case_id = :c", c=case_id).scalar())

    def case_row(self, case_id: int) -> Any:
        return self.sql("SELECT * FROM cases WHERE id = :c", c=case_id).one()

    def stored_at(self, value: Any) -> datetime:
        """An `at` as read back raw: SQLite gives the stored text (UTC, naive), PostgreSQL an aware datetime."""
        if isinstance(value, str):
            return datetime.fromisoformat(value).replace(tzinfo=UTC)
        stored: datetime = value.astimezone(UTC)
        return stored

    def bind_at(self, at: datetime) -> Any:
        """A time as the product stores it: naive UTC text on SQLite, an aware timestamp on PostgreSQL."""
        if self.sqlite:
            return at.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
        return at

    def forge(self, case_id: int, seq: int, prev_hash: str, at: datetime, actor: str = "ola") -> None:
        """Insert a made-up event whose own hash is computed the honest way."""
        kind, from_state, to_state = "fact_recorded", "financed", None
        details = canonical({"fact": "equity", "old": 60000, "new": 900000, "scope": "case"})
        digest = event_hash(case_id, seq, at, actor, kind, from_state, to_state, details, prev_hash)
        self.sql(
            "INSERT INTO case_events (case_id, seq, at, actor, kind, from_state, to_state, details, prev_hash, hash) "
            "VALUES (:c, :s, :at, :a, :k, :f, :t, :d, :p, :h)",
            c=case_id, s=seq, at=self.bind_at(at), a=actor, k=kind, f=from_state, t=to_state, d=details,
            p=prev_hash, h=digest,
        )

    def shift_seqs(self, case_id: int, from_seq: int, by: int) -> None:
        """Renumber events from `from_seq` on, past the (case_id, seq) unique constraint."""
        self.sql("UPDATE case_events SET seq = seq + 100000 WHERE case_id = :c AND seq >= :s", c=case_id, s=from_seq)
        self.sql("UPDATE case_events SET seq = seq - 100000 + :by WHERE case_id = :c AND seq >= 100000",
                 c=case_id, by=by)


def edit_details(t: Tamperer) -> Expected:
    case = t.world.target
    seq = t.seq_of(case, "note")
    details = json.loads(t.event(case, seq).details)
    details["text"] = "Husstanden har IKKE fått finansieringsbevis."
    t.sql("UPDATE case_events SET details = :d WHERE case_id = :c AND seq = :s", d=canonical(details), c=case, s=seq)
    return Expected(case, seq, "history_edited")


def edit_fact_value(t: Tamperer) -> Expected:
    """A fact's recorded value changed in its event (the case row still says the honest value)."""
    case = t.world.target
    seq = t.seq_of(case, "fact_recorded", nth=1)
    details = json.loads(t.event(case, seq).details)
    details["new"] = details["new"] + 1 if isinstance(details["new"], int) else "forfalsket"
    t.sql("UPDATE case_events SET details = :d WHERE case_id = :c AND seq = :s", d=canonical(details), c=case, s=seq)
    return Expected(case, seq, "history_edited")


def edit_actor(t: Tamperer) -> Expected:
    case = t.world.target
    seq = t.seq_of(case, "transition")
    t.sql("UPDATE case_events SET actor = 'siri' WHERE case_id = :c AND seq = :s", c=case, s=seq)
    return Expected(case, seq, "history_edited")


def edit_at(t: Tamperer) -> Expected:
    case = t.world.target
    seq = t.seq_of(case, "assigned")
    moved = t.stored_at(t.event(case, seq).at) - timedelta(days=2)
    t.sql("UPDATE case_events SET at = :at WHERE case_id = :c AND seq = :s", at=t.bind_at(moved), c=case, s=seq)
    return Expected(case, seq, "history_edited")


def edit_kind(t: Tamperer) -> Expected:
    case = t.world.target
    seq = t.seq_of(case, "note", nth=1)
    t.sql("UPDATE case_events SET kind = 'correction' WHERE case_id = :c AND seq = :s", c=case, s=seq)
    return Expected(case, seq, "history_edited")


def edit_from_state(t: Tamperer) -> Expected:
    """The opened event's empty from_state (NULL) stored as an empty string instead."""
    case = t.world.target
    t.sql("UPDATE case_events SET from_state = '' WHERE case_id = :c AND seq = 1", c=case)
    return Expected(case, 1, "history_edited")


def edit_to_state(t: Tamperer) -> Expected:
    """A transition's target rewritten (the case row agrees with the forged target)."""
    case = t.world.target
    seq = t.seq_of(case, "transition", nth=1)
    t.sql("UPDATE case_events SET to_state = 'searching' WHERE case_id = :c AND seq = :s", c=case, s=seq)
    return Expected(case, seq, "history_edited")


def edit_and_rehash(t: Tamperer) -> Expected:
    """An edit whose own hash is recomputed: the next event's link to it breaks."""
    case = t.world.target
    seq = t.seq_of(case, "note")
    ev = t.event(case, seq)
    details = canonical({"text": "Omskrevet notat."})
    digest = event_hash(case, seq, t.stored_at(ev.at), ev.actor, ev.kind, ev.from_state, ev.to_state, details,
                        ev.prev_hash)
    t.sql("UPDATE case_events SET details = :d, hash = :h, sealed = NULL WHERE case_id = :c AND seq = :s",
          d=details, h=digest, c=case, s=seq)
    return Expected(case, seq + 1, "history_link")


def edit_last_and_rehash(t: Tamperer) -> Expected:
    """The newest event edited and rehashed: no successor to catch it, but the case row's head does."""
    case = t.world.target
    seq = t.last_seq(case)
    ev = t.event(case, seq)
    details = canonical({"fact": "equity", "old": 50000, "new": 60000, "scope": "case", "x": 1})
    digest = event_hash(case, seq, t.stored_at(ev.at), ev.actor, ev.kind, ev.from_state, ev.to_state, details,
                        ev.prev_hash)
    t.sql("UPDATE case_events SET details = :d, hash = :h, sealed = NULL WHERE case_id = :c AND seq = :s",
          d=details, h=digest, c=case, s=seq)
    return Expected(case, seq, "history_tail")


def delete_middle(t: Tamperer) -> Expected:
    case = t.world.target
    seq = t.seq_of(case, "assigned")
    t.sql("DELETE FROM case_events WHERE case_id = :c AND seq = :s", c=case, s=seq)
    return Expected(case, seq + 1, "history_gap")


def delete_last(t: Tamperer) -> Expected:
    case = t.world.target
    seq = t.last_seq(case)
    t.sql("DELETE FROM case_events WHERE case_id = :c AND seq = :s", c=case, s=seq)
    return Expected(case, seq - 1, "history_tail")


def delete_all(t: Tamperer) -> Expected:
    case = t.world.target
    t.sql("DELETE FROM case_events WHERE case_id = :c", c=case)
    return Expected(case, None, "history_tail")


def delete_all_of_first_case(t: Tamperer) -> Expected:
    """The case checked first loses its whole history: it must still be found (it has no events to walk)."""
    case = t.world.screened
    t.sql("DELETE FROM case_events WHERE case_id = :c", c=case)
    return Expected(case, None, "history_tail")


def forge_in_middle(t: Tamperer) -> Expected:
    """A made-up event slipped in before the reassignment, later events renumbered to make room."""
    case = t.world.target
    seq = t.seq_of(case, "assigned")
    before = t.event(case, seq - 1)
    t.shift_seqs(case, seq, by=1)
    t.forge(case, seq, before.hash, t.stored_at(before.at) + timedelta(seconds=1))
    return Expected(case, seq + 1, "history_edited")


def forge_at_end(t: Tamperer) -> Expected:
    """A made-up event appended after the newest one, honestly linked, but the case row is left as it was."""
    case = t.world.target
    last = t.event(case, t.last_seq(case))
    t.forge(case, last.seq + 1, last.hash, t.stored_at(last.at) + timedelta(minutes=1))
    return Expected(case, last.seq + 1, "history_tail")


def swap_two_events(t: Tamperer) -> Expected:
    case = t.world.target
    first, second = t.seq_of(case, "note", 0), t.seq_of(case, "note", 1)
    t.sql("UPDATE case_events SET seq = -1 WHERE case_id = :c AND seq = :s", c=case, s=first)
    t.sql("UPDATE case_events SET seq = :a WHERE case_id = :c AND seq = :b", a=first, b=second, c=case)
    t.sql("UPDATE case_events SET seq = :b WHERE case_id = :c AND seq = -1", b=second, c=case)
    return Expected(case, first, "history_edited")


def swap_neighbours(t: Tamperer) -> Expected:
    """Two adjacent events of the same kind and time swapped: only their seq tells them apart."""
    case = t.world.target
    first = t.seq_of(case, "fact_recorded", 0)
    second = first + 1
    assert t.event(case, second).kind == "fact_recorded"
    t.sql("UPDATE case_events SET seq = -1 WHERE case_id = :c AND seq = :s", c=case, s=first)
    t.sql("UPDATE case_events SET seq = :a WHERE case_id = :c AND seq = :b", a=first, b=second, c=case)
    t.sql("UPDATE case_events SET seq = :b WHERE case_id = :c AND seq = -1", b=second, c=case)
    return Expected(case, first, "history_edited")


def row_state(t: Tamperer) -> Expected:
    case = t.world.target
    t.sql("UPDATE cases SET state = 'searching' WHERE id = :c", c=case)
    return Expected(case, None, "case_row_altered", "state")


def row_caseworker(t: Tamperer) -> Expected:
    case = t.world.target
    t.sql("UPDATE cases SET caseworker = 'ola' WHERE id = :c", c=case)
    return Expected(case, None, "case_row_altered", "caseworker")


def row_facts(t: Tamperer) -> Expected:
    case = t.world.target
    facts = json.loads(t.case_row(case).facts)
    facts["income_monthly"] = 95000
    t.sql("UPDATE cases SET facts = :f WHERE id = :c", f=json.dumps(facts, sort_keys=True), c=case)
    return Expected(case, None, "case_row_altered", "facts")


def row_fact_added(t: Tamperer) -> Expected:
    case = t.world.target
    facts = json.loads(t.case_row(case).facts)
    facts["property_approved"] = True
    t.sql("UPDATE cases SET facts = :f WHERE id = :c", f=json.dumps(facts, sort_keys=True), c=case)
    return Expected(case, None, "case_row_altered", "facts")


def row_fact_removed(t: Tamperer) -> Expected:
    case = t.world.target
    facts = json.loads(t.case_row(case).facts)
    del facts["debt_monthly"]
    t.sql("UPDATE cases SET facts = :f WHERE id = :c", f=json.dumps(facts, sort_keys=True), c=case)
    return Expected(case, None, "case_row_altered", "facts")


def row_reopened(t: Tamperer) -> Expected:
    """A closed case quietly put back into the journey."""
    case = t.world.closed
    t.sql("UPDATE cases SET state = 'screened', closed_outcome = NULL WHERE id = :c", c=case)
    return Expected(case, None, "case_row_altered", "state")


def row_paused_from(t: Tamperer) -> Expected:
    """A paused case's return state moved forward: `resume` would then skip the journey's guards."""
    case = t.world.paused
    t.sql("UPDATE cases SET paused_from = 'contracted' WHERE id = :c", c=case)
    return Expected(case, None, "case_row_altered")


def row_closed_outcome(t: Tamperer) -> Expected:
    """A closed case's outcome rewritten (it feeds 'closed cases by outcome' in the reports)."""
    case = t.world.closed
    t.sql("UPDATE cases SET closed_outcome = 'moved_away' WHERE id = :c", c=case)
    return Expected(case, None, "case_row_altered")


TAMPERS: list[Any] = [
    pytest.param(edit_details, id="edit-details"),
    pytest.param(edit_fact_value, id="edit-fact-value"),
    pytest.param(edit_actor, id="edit-actor"),
    pytest.param(edit_at, id="edit-at"),
    pytest.param(edit_kind, id="edit-kind"),
    pytest.param(edit_from_state, id="edit-from-state-null-to-empty"),
    pytest.param(edit_to_state, id="edit-to-state"),
    pytest.param(edit_and_rehash, id="edit-and-rehash"),
    pytest.param(edit_last_and_rehash, id="edit-last-and-rehash"),
    pytest.param(delete_middle, id="delete-middle"),
    pytest.param(delete_last, id="delete-last"),
    pytest.param(delete_all, id="delete-all-of-a-case"),
    pytest.param(delete_all_of_first_case, id="delete-all-of-first-case"),
    pytest.param(forge_in_middle, id="forge-in-middle-shifting-seq"),
    pytest.param(forge_at_end, id="forge-at-end"),
    pytest.param(swap_two_events, id="swap-two-events"),
    pytest.param(swap_neighbours, id="swap-neighbours"),
    pytest.param(row_state, id="row-state"),
    pytest.param(row_caseworker, id="row-caseworker"),
    pytest.param(row_facts, id="row-fact-changed"),
    pytest.param(row_fact_added, id="row-fact-added"),
    pytest.param(row_fact_removed, id="row-fact-removed"),
    pytest.param(row_reopened, id="row-closed-case-reopened"),
    pytest.param(row_paused_from, id="row-paused-from"),
    pytest.param(row_closed_outcome, id="row-closed-outcome"),
]


def tamper_with(database_url: str, world: World, change: Callable[[Tamperer], Expected]) -> Expected:
    engine = create_engine(database_url)
    try:
        with engine.begin() as conn:
            return change(Tamperer(conn, world))
    finally:
        engine.dispose()


def event_count(database_url: str) -> int:
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM case_events")).scalar_one())
    finally:
        engine.dispose()


def assert_names_break(result: Result, expected: Expected) -> None:
    """Exit 7, and the message on stderr names the case and the first bad event (or '–' when there is none)."""
    assert result.code == 7, result
    message = result.err
    assert re.search(rf"\b(?:sak|case) {expected.case_id}\b", message), result
    event = "–" if expected.seq is None else str(expected.seq)
    assert re.search(rf"\b(?:hendelse|event) {re.escape(event)}(?:\D|$)", message), result
    if expected.detail:
        assert f"({expected.detail})" in message, result


def assert_json_break(result: Result, expected: Expected) -> None:
    assert result.code == 7, result
    document = result.json
    assert document["ok"] is False
    found = document["break"]
    assert found["case_id"] == expected.case_id, document
    assert found["seq"] == expected.seq, document
    assert found["problem"] == expected.problem, document
    if expected.detail:
        assert found["params"]["what"] == expected.detail, document


# --------------------------------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------------------------------


def test_an_honest_database_verifies(world: World, rto: Any, database_url: str) -> None:
    result = rto("--as", "siri", "audit", "verify")
    assert result.code == 0, result
    assert result.err == ""

    document = rto("--as", "siri", "--json", "audit", "verify")
    assert document.code == 0, document
    assert document.json["ok"] is True
    assert "break" not in document.json
    assert document.json["cases"] == 5
    assert document.json["events"] == event_count(database_url)


def test_an_admin_may_verify_too(world: World, rto: Any) -> None:
    assert rto("--as", "adm", "audit", "verify").code == 0


def test_an_honest_database_verifies_in_a_real_process(world: World, database_url: str) -> None:
    result = run_rto("audit", "verify", url=database_url, user="siri", timeout=60)
    assert result.code == 0, result
    document = run_rto("--json", "audit", "verify", url=database_url, user="siri", timeout=60)
    assert document.code == 0, document
    assert document.json["ok"] is True


def test_an_empty_database_verifies(rto: Any) -> None:
    result = rto("--as", "siri", "--json", "audit", "verify")
    assert result.code == 0, result
    assert result.json["ok"] is True and result.json["cases"] == 0 and result.json["events"] == 0


@pytest.mark.parametrize("change", TAMPERS)
def test_any_single_change_behind_the_products_back_is_found(
    world: World, rto: Any, database_url: str, change: Callable[[Tamperer], Expected]
) -> None:
    assert rto("--as", "siri", "audit", "verify").code == 0  # honest before

    expected = tamper_with(database_url, world, change)

    assert_names_break(rto("--as", "siri", "audit", "verify"), expected)
    assert_json_break(rto("--as", "siri", "--json", "audit", "verify"), expected)


@pytest.mark.parametrize("change", [
    pytest.param(edit_details, id="edit-details"),
    pytest.param(delete_middle, id="delete-middle"),
    pytest.param(row_state, id="row-state"),
])
def test_a_change_is_found_by_a_real_rto_process(
    world: World, database_url: str, change: Callable[[Tamperer], Expected]
) -> None:
    expected = tamper_with(database_url, world, change)

    assert_names_break(run_rto("audit", "verify", url=database_url, user="siri", timeout=60), expected)
    assert_json_break(run_rto("--json", "audit", "verify", url=database_url, user="siri", timeout=60), expected)


def test_the_message_reads_in_english_too(world: World, rto: Any, database_url: str) -> None:
    expected = tamper_with(database_url, world, delete_middle)
    result = rto("--as", "siri", "--lang", "en", "audit", "verify")
    assert result.code == 7, result
    assert f"case {expected.case_id}, event {expected.seq}" in result.err, result


def test_only_the_first_break_is_reported_when_two_cases_were_altered(
    world: World, rto: Any, database_url: str
) -> None:
    def two(t: Tamperer) -> Expected:
        later = delete_middle(t)  # the target case
        seq = t.seq_of(t.world.paused_resumed, "paused")
        t.sql("UPDATE case_events SET actor = 'per' WHERE case_id = :c AND seq = :s",
              c=t.world.paused_resumed, s=seq)
        assert t.world.paused_resumed < later.case_id
        return Expected(t.world.paused_resumed, seq, "history_edited")

    expected = tamper_with(database_url, world, two)
    assert_names_break(rto("--as", "siri", "audit", "verify"), expected)
    assert_json_break(rto("--as", "siri", "--json", "audit", "verify"), expected)


def test_a_caseworker_may_not_verify(world: World, rto: Any, database_url: str) -> None:
    result = rto("--as", "ola", "audit", "verify")
    assert result.code == 5, result
    assert result.out == ""

    as_process = run_rto("audit", "verify", url=database_url, user="ola", timeout=60)
    assert as_process.code == 5, as_process


def test_an_unknown_login_may_not_verify(world: World, rto: Any) -> None:
    result = rto("--as", "nobody", "audit", "verify")
    assert result.code == 5, result


def test_a_resume_into_a_state_the_case_was_never_paused_from_is_found(
    world: World, app: Any, rto: Any, database_url: str
) -> None:
    """paused_from moved forward with SQL, then an honest `resume`: the case jumps from motivated to contracted
    past every guard, and the history itself says so (paused from motivated, resumed into contracted)."""
    case = world.paused
    tamper_with(database_url, world, row_paused_from)
    resumed = take_step(app, "ola", case, StepRequest(None))
    assert resumed.state == "contracted"  # what the tampered row made possible

    result = rto("--as", "siri", "--json", "audit", "verify")
    assert result.code == 7, result
    assert result.json["break"]["case_id"] == case


def test_verifying_writes_nothing(world: World, rto: Any, database_url: str) -> None:
    before = event_count(database_url)
    assert rto("--as", "siri", "audit", "verify").code == 0
    expected = tamper_with(database_url, world, edit_actor)
    after_tamper = event_count(database_url)
    assert_names_break(rto("--as", "siri", "audit", "verify"), expected)
    assert event_count(database_url) == after_tamper == before
