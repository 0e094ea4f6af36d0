"""Signed checkpoints: `rto audit keygen`, `rto audit seal`, and `rto audit verify --checkpoints --public-key`.

Whoever can write the database can also recompute every hash, so a history cut short, rewritten, deleted or
made up verifies on its own. A checkpoint (a Merkle root over every case's length and head, signed, kept in a
file outside the database) does not move with it: after a seal, each of those changes, made with SQL and with
every hash recomputed the honest way, makes verify exit 7 and name the case and the event, or the checkpoint.

The first tests are of the pure parts (states/merkle.py, states/checkpoints.py); the rest run `rto` in-process
on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import base64
import json
import random
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import FakeClock, InProcessRto, Result, run_rto
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from helpers import case_at, outbox_rows
from sqlalchemy import create_engine, text
from test_audit import Tamperer

from states.canonical import canonical
from states.checkpoints import Checkpoint, SealedHistory, leaf, line_hash, parse_line
from states.history import GENESIS, event_hash
from states.merkle import EMPTY_ROOT, MerkleTree, leaf_hash, merkle_root
from workflow.bootstrap import App
from workflow.cases import add_note, set_facts
from workflow.staff import add_staff
from workflow.steps import StepRequest, take_step

pytestmark = pytest.mark.timeout(120)

# RFC 6962's tree, checked against the test vectors of Certificate Transparency's reference implementation
CT_LEAVES = [b"", b"\x00", b"\x10", b"\x20\x21", b"\x30\x31", b"\x40\x41\x42\x43", bytes(range(0x50, 0x58)),
             bytes(range(0x60, 0x70))]
CT_ROOTS = ["e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"]


def test_the_merkle_root_matches_rfc_6962_for_every_size_of_the_reference_vectors() -> None:
    assert EMPTY_ROOT.hex() == CT_ROOTS[0]
    for size in range(len(CT_LEAVES) + 1):
        assert merkle_root(CT_LEAVES[:size]).hex() == CT_ROOTS[size], size
        assert MerkleTree(leaf_hash(x) for x in CT_LEAVES[:size]).root().hex() == CT_ROOTS[size], size


def test_a_tree_that_keeps_its_nodes_gives_the_root_a_whole_recomputation_gives() -> None:
    rng = random.Random(6962)
    for _ in range(200):
        leaves: list[bytes] = []
        tree = MerkleTree()
        for _ in range(rng.randint(1, 70)):
            value = rng.randbytes(3)
            choice = rng.random()
            if choice < 0.5 or not leaves:
                leaves.append(value)
                tree.append(leaf_hash(value))
            elif choice < 0.85:
                index = rng.randrange(len(leaves))
                leaves[index] = value
                tree.set(index, leaf_hash(value))
            else:  # leaves from one on replaced (cases sealed out of order)
                index = rng.randrange(len(leaves) + 1)
                leaves[index:] = [value, *leaves[index:]]
                tree.replace_from(index, [leaf_hash(x) for x in leaves[index:]])
            assert tree.root() == merkle_root(leaves)


def checkpoint(at: datetime, leaves: list[tuple[int, int, str]], changes: list[tuple[int, int, str]],
               prev: str) -> Checkpoint:
    root = merkle_root([leaf(*c) for c in sorted(leaves)]).hex()
    return Checkpoint(at, len(leaves), sum(c[1] for c in leaves), root, prev, "k" * 64, tuple(changes), "c2ln")


def test_a_checkpoint_line_reads_back_as_the_checkpoint_it_was() -> None:
    written = checkpoint(datetime(2026, 3, 2, 9, 0, 0, 123456, tzinfo=UTC), [(1, 3, "a" * 64)], [(1, 3, "a" * 64)],
                         GENESIS)
    line = written.line()
    assert "\n" not in line
    assert parse_line(line) == written
    assert written.message().startswith(b"rto checkpoint\n")
    assert b"changes" not in written.message()  # the signature covers the root, which covers the leaves


def test_checkpoints_are_rebuilt_from_their_changes_even_when_a_case_is_sealed_after_greater_ids() -> None:
    """A case opened in a transaction that committed after a seal which already saw a later case."""
    at = datetime(2026, 3, 2, 9, tzinfo=UTC)
    first = checkpoint(at, [(1, 2, "a" * 64), (3, 1, "b" * 64)], [(1, 2, "a" * 64), (3, 1, "b" * 64)], GENESIS)
    history = SealedHistory()
    assert history.add(first, line_hash(first.line())) is None
    leaves = [(1, 2, "a" * 64), (2, 1, "c" * 64), (3, 4, "d" * 64), (4, 1, "e" * 64)]
    second = checkpoint(at + timedelta(days=1), leaves, [(2, 1, "c" * 64), (3, 4, "d" * 64), (4, 1, "e" * 64)],
                        line_hash(first.line()))
    assert history.add(second, line_hash(second.line())) is None
    assert history.ids == [1, 2, 3, 4] and history.events == 8
    assert [s.length for s in history.seals[3]] == [1, 4]

    wrong_prev = checkpoint(at + timedelta(days=2), leaves, [], GENESIS)
    assert history.add(wrong_prev, line_hash(wrong_prev.line())) == "checkpoint_chain"
    altered = checkpoint(at + timedelta(days=2), leaves, [(4, 2, "f" * 64)], line_hash(second.line()))
    assert history.add(altered, line_hash(altered.line())) == "checkpoint_altered"


# --------------------------------------------------------------------------------------------------------------
# `rto` on a database: a few cases, keys, seals
# --------------------------------------------------------------------------------------------------------------


@dataclass
class Sealing:
    """`rto` with keys made by `rto audit keygen` and a checkpoint file, on the test's clock (so that seals
    and the changes around them agree on what happened first)."""

    rto: InProcessRto
    clock: FakeClock
    private: Path
    public: Path
    checkpoints: Path

    def seal(self, login: str = "siri") -> Result:
        return self.rto("--as", login, "--json", "audit", "seal")

    def verify(self, *args: str) -> Result:
        return self.rto("--as", "siri", *args, "audit", "verify", "--checkpoints", str(self.checkpoints),
                        "--public-key", str(self.public))

    def lines(self) -> list[str]:
        return self.checkpoints.read_text(encoding="utf-8").splitlines()


@pytest.fixture
def sealing(rto: InProcessRto, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Sealing:
    private, public, checkpoints = tmp_path / "audit.key", tmp_path / "audit.pub", tmp_path / "checkpoints.jsonl"
    monkeypatch.setenv("RTO_AUDIT_SIGNING_KEY", str(private))
    monkeypatch.setenv("RTO_AUDIT_CHECKPOINTS", str(checkpoints))
    monkeypatch.setenv("RTO_MAILDIR", str(tmp_path / "Maildir"))
    monkeypatch.setattr("workflow.bootstrap.system_clock", clock)
    made = rto("audit", "keygen", "--private", str(private), "--public", str(public))
    assert made.code == 0, made
    return Sealing(rto, clock, private, public, checkpoints)


@dataclass(frozen=True)
class World:
    first: int  # screened, with a note: the case checked first
    target: int  # financed, income 64000 recorded, two notes at the end: the one rewritten and cut short
    closed: int  # closed: the one deleted


@pytest.fixture
def world(app: App, clock: FakeClock) -> World:
    first = case_at(app, "screened")
    add_note(app, "ola", first, "Første kartleggingssamtale holdt.")
    clock.advance(hours=1)
    target = case_at(app, "financed")
    clock.advance(minutes=5)
    set_facts(app, "ola", target, ["income_monthly=64000"])
    clock.advance(minutes=5)
    add_note(app, "ola", target, "Husstanden har fått finansieringsbevis.")
    add_note(app, "ola", target, "Ser på boliger i Kirkegata.")
    clock.advance(hours=1)
    closed = case_at(app, "screened")
    take_step(app, "ola", closed, StepRequest("closed", reason="Ønsker ikke å kjøpe nå", outcome="declined"))
    clock.advance(hours=1)
    return World(first, target, closed)


def tamper(database_url: str, change: Callable[[Tamperer], Any]) -> Any:
    """Raw SQL, the way someone with database access and no use of `rto` changes it."""
    engine = create_engine(database_url)
    try:
        with engine.begin() as conn:
            return change(Tamperer(conn, None))  # type: ignore[arg-type]
    finally:
        engine.dispose()


def rehash(t: Tamperer, case_id: int, from_seq: int) -> None:
    """Every hash from `from_seq` on recomputed the honest way, and the case row's head set to match."""
    events = t.events(case_id)
    prev = events[from_seq - 2].hash if from_seq > 1 else GENESIS
    for ev in events[from_seq - 1:]:
        digest = event_hash(case_id, ev.seq, t.stored_at(ev.at), ev.actor, ev.kind, ev.from_state, ev.to_state,
                            ev.details, prev)
        t.sql("UPDATE case_events SET prev_hash = :p, hash = :h, hash_version = 2, sealed = NULL "
              "WHERE case_id = :c AND seq = :s",
              p=prev, h=digest, c=case_id, s=ev.seq)
        prev = digest
    t.sql("UPDATE cases SET history_seq = :n, history_head = :h WHERE id = :c", n=len(events), h=prev, c=case_id)


def assert_names(result: Result, case_id: int, seq: int | None, words: str) -> None:
    """Exit 7, and stderr names the case and the event (– when there is none), in bokmål, saying `words`."""
    assert result.code == 7, result
    assert re.search(rf"\bsak {case_id}, hendelse {'–' if seq is None else seq}:", result.err), result
    assert words in result.err, result


# --- each change behind rto's back, hashes recomputed, is caught by the checkpoints ---------------------------


def test_a_chain_cut_short_and_its_case_row_rolled_back_is_found(world: World, sealing: Sealing,
                                                               database_url: str) -> None:
    assert sealing.seal().code == 0

    def cut_short(t: Tamperer) -> int:
        last = t.last_seq(world.target)
        t.sql("DELETE FROM case_events WHERE case_id = :c AND seq >= :s", c=world.target, s=last - 1)
        rehash(t, world.target, last - 2)
        return last

    sealed = tamper(database_url, cut_short)
    assert sealing.rto("--as", "siri", "audit", "verify").code == 0  # the chain alone looks whole
    assert_names(sealing.verify(), world.target, sealed - 2, f"forseglet {sealed}, saken har {sealed - 2} (avkortet)")
    document = sealing.verify("--json")
    assert document.json["break"]["problem"] == "history_truncated"
    assert document.json["break"]["params"] | {"at": None} == {"found": sealed - 2, "sealed": sealed,
                                                               "checkpoint": 1, "at": None}


def test_a_chain_rewritten_with_every_later_hash_recomputed_is_found(world: World, sealing: Sealing, app: App,
                                                                    database_url: str) -> None:
    """Income 64000 -> 99000 in the history and the case row: named between the last seal that still matches
    and the first that does not."""
    assert sealing.seal().code == 0
    sealing.clock.advance(days=1)
    add_note(app, "ola", world.target, "Budrunde neste uke.")
    assert sealing.seal().code == 0

    def rewrite(t: Tamperer) -> tuple[int, int]:
        ev = next(e for e in t.events(world.target) if e.kind == "fact_recorded"
                  and json.loads(e.details) == {"fact": "income_monthly", "old": 62000, "new": 64000, "scope": "case"})
        t.sql("UPDATE case_events SET details = :d WHERE id = :i",
              d=canonical({"fact": "income_monthly", "old": 62000, "new": 99000, "scope": "case"}), i=ev.id)
        rehash(t, world.target, ev.seq)
        facts = json.loads(t.case_row(world.target).facts) | {"income_monthly": 99000}
        t.sql("UPDATE cases SET facts = :f WHERE id = :c", f=json.dumps(facts, sort_keys=True), c=world.target)
        return ev.seq, t.last_seq(world.target)

    changed, last = tamper(database_url, rewrite)
    assert sealing.rto("--as", "siri", "audit", "verify").code == 0
    first_seal = last - 1  # the first seal saw the case one note shorter; the rewrite is before both
    assert changed < first_seal
    assert_names(sealing.verify(), world.target, first_seal, f"nr. 1–{first_seal} er ikke det sjekkpunkt 1")


def test_a_rewrite_after_a_matching_seal_is_narrowed_to_the_events_since(world: World, sealing: Sealing, app: App,
                                                                        database_url: str) -> None:
    assert sealing.seal().code == 0
    sealing.clock.advance(days=1)
    add_note(app, "ola", world.target, "Budrunde neste uke.")
    add_note(app, "ola", world.target, "Bud levert.")
    assert sealing.seal().code == 0

    def rewrite_last_note_but_one(t: Tamperer) -> int:
        last = t.last_seq(world.target)
        t.sql("UPDATE case_events SET details = :d WHERE case_id = :c AND seq = :s",
              d=canonical({"text": "Ingen bud levert."}), c=world.target, s=last - 1)
        rehash(t, world.target, last - 1)
        return last

    last = tamper(database_url, rewrite_last_note_but_one)
    assert_names(sealing.verify(), world.target, last, f"nr. {last - 1}–{last} er ikke det sjekkpunkt 2")


def test_a_forged_supervisor_override_slipped_into_a_sealed_chain_is_found(world: World, sealing: Sealing,
                                                                          database_url: str) -> None:
    assert sealing.seal().code == 0

    def forge_override(t: Tamperer) -> None:
        opened = t.event(world.first, 1)
        t.shift_seqs(world.first, 2, by=1)
        details = canonical({"step": "advance", "relied_on": {}, "reason": "Godkjent av fagleder",
                             "overridden": [{"code": "consent_missing", "params": {"fact": "consent"}}],
                             "proposer": "ola"})
        t.sql("INSERT INTO case_events (case_id, seq, at, actor, kind, from_state, to_state, details, prev_hash, "
              "hash, hash_version) VALUES (:c, 2, :at, 'siri', 'override', 'screened', 'motivated', :d, '', '', 2)",
              c=world.first, at=t.bind_at(t.stored_at(opened.at) + timedelta(minutes=1)), d=details)
        rehash(t, world.first, 2)
        t.sql("UPDATE cases SET state = 'motivated' WHERE id = :c", c=world.first)

    tamper(database_url, forge_override)
    assert sealing.rto("--as", "siri", "audit", "verify").code == 0
    assert_names(sealing.verify(), world.first, 2, "nr. 1–2 er ikke det sjekkpunkt 1")


def test_a_deleted_case_is_found(world: World, sealing: Sealing, database_url: str) -> None:
    assert sealing.seal().code == 0

    def delete(t: Tamperer) -> None:
        for table in ("case_access", "outbox", "case_events"):
            t.sql(f"DELETE FROM {table} WHERE case_id = :c", c=world.closed)
        t.sql("DELETE FROM cases WHERE id = :c", c=world.closed)

    tamper(database_url, delete)
    assert sealing.rto("--as", "siri", "audit", "verify").code == 0
    assert_names(sealing.verify(), world.closed, None, "saken mangler; sjekkpunkt 1")
    assert sealing.verify("--json").json["break"]["problem"] == "case_deleted"


def test_a_case_inserted_into_the_sealed_past_is_found(world: World, sealing: Sealing, app: App) -> None:
    """Made through rto with the clock set back: exactly what an insert with honest hashes, backdated, leaves."""
    assert sealing.seal().code == 0
    sealed_at = sealing.clock.current
    sealing.clock.current = sealed_at - timedelta(days=3)
    inserted = case_at(app, "screened", unit=None)
    sealing.clock.current = sealed_at + timedelta(hours=1)
    assert sealing.rto("--as", "siri", "audit", "verify").code == 0
    assert_names(sealing.verify(), inserted, 1, "men ikke i sjekkpunkt 1")
    assert sealing.verify("--json").json["break"]["problem"] == "case_not_sealed"


def last_seq(app: App, case_id: int) -> int:
    with app.db.transaction() as conn:
        return int(conn.execute(text("SELECT max(seq) FROM case_events WHERE case_id = :c"), {"c": case_id}).scalar())


def test_an_event_backdated_into_the_sealed_past_is_found(world: World, sealing: Sealing, app: App) -> None:
    assert sealing.seal().code == 0
    sealed_at = sealing.clock.current
    sealing.clock.current = sealed_at - timedelta(hours=2)
    add_note(app, "ola", world.target, "Skrevet i ettertid, datert før forseglingen.")
    sealing.clock.current = sealed_at
    seq = last_seq(app, world.target)
    assert_names(sealing.verify(), world.target, seq, f"sjekkpunkt 1 (02.03.2026 kl. 13:10) har bare {seq - 1}")
    assert sealing.verify("--json").json["break"]["problem"] == "event_not_sealed"


def test_a_backdated_event_is_still_found_once_a_later_seal_includes_it(world: World, sealing: Sealing,
                                                                       app: App) -> None:
    assert sealing.seal().code == 0
    sealing.clock.advance(days=1)
    add_note(app, "ola", world.first, "Dagen etter.")
    assert sealing.seal().code == 0
    sealing.clock.advance(days=-3)
    add_note(app, "ola", world.target, "Datert før det første sjekkpunktet.")
    sealing.clock.advance(days=4)
    assert sealing.seal().code == 0  # it is sealed now, but the first two checkpoints show it was not there
    seq = last_seq(app, world.target)
    result = sealing.verify("--json")
    assert result.json["break"] | {"event_id": None} == {
        "case_id": world.target, "seq": seq, "event_id": None, "problem": "event_not_sealed",
        "params": result.json["break"]["params"]}
    assert result.json["break"]["params"]["checkpoint"] == 2 and result.json["break"]["params"]["sealed"] == seq - 1


def test_a_change_decided_just_before_a_seal_and_committed_after_it_is_no_forgery(world: World, sealing: Sealing,
                                                                                  app: App) -> None:
    assert sealing.seal().code == 0
    sealing.clock.advance(seconds=-30)  # within the clock tolerance (10 minutes by default)
    add_note(app, "ola", world.target, "Notert mens forseglingen pågikk.")
    assert sealing.verify().code == 0


# --- the checkpoint file itself -------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["time", "count", "root", "changes", "signature", "prev", "household_root",
                                   "household_count"])
def test_a_checkpoint_with_a_flipped_byte_fails(world: World, sealing: Sealing, app: App, where: str) -> None:
    assert sealing.seal().code == 0
    add_note(app, "ola", world.target, "Etter første forsegling.")
    assert sealing.seal().code == 0
    lines = sealing.lines()
    marker = {"time": '"at":"2026', "count": '"events":', "root": '"root":"', "changes": '"changes":[[',
              "signature": '"signature":"', "prev": '"prev":"', "household_root": '"household_root":"',
             "household_count": '"household_events":'}[where]
    position = lines[1].index(marker) + len(marker) + 1
    flipped = lines[1][:position] + chr(ord(lines[1][position]) ^ 1) + lines[1][position + 1:]
    sealing.checkpoints.write_text(f"{lines[0]}\n{flipped}\n", encoding="utf-8")

    result = sealing.verify()
    assert result.code == 7, result
    assert f"Sjekkpunktene kan ikke stoles på: sjekkpunkt 2 i {sealing.checkpoints}" in result.err, result
    document = sealing.verify("--json")
    assert document.json["ok"] is False
    assert document.json["break"]["case_id"] is None and document.json["break"]["params"]["checkpoint"] == 2


def test_a_checkpoint_removed_from_the_file_breaks_the_chain_of_checkpoints(world: World, sealing: Sealing,
                                                                           app: App) -> None:
    for n in range(3):
        add_note(app, "ola", world.target, f"Notat {n}")
        assert sealing.seal().code == 0
    lines = sealing.lines()
    sealing.checkpoints.write_text(f"{lines[0]}\n{lines[2]}\n", encoding="utf-8")
    result = sealing.verify()
    assert result.code == 7, result
    assert "sjekkpunkt 2" in result.err and "peker ikke på sjekkpunktet før" in result.err, result


def test_a_checkpoint_signed_by_another_key_fails(world: World, sealing: Sealing) -> None:
    assert sealing.seal().code == 0
    other = Ed25519PrivateKey.generate()
    line = json.loads(sealing.lines()[0])
    signed = Checkpoint(datetime.fromisoformat(line["at"]), line["cases"], line["events"], line["root"], line["prev"],
                        line["key"], ())
    line["signature"] = base64.b64encode(other.sign(signed.message())).decode()
    sealing.checkpoints.write_text(canonical(line) + "\n", encoding="utf-8")

    result = sealing.verify()
    assert result.code == 7, result
    assert "sjekkpunkt 1" in result.err and "signaturen stemmer ikke (forfalsket eller endret)" in result.err, result


def test_a_checkpoint_file_sealed_with_another_key_pair_does_not_verify_with_ours(
        world: World, sealing: Sealing, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other_key, other_file = tmp_path / "other.key", tmp_path / "other.jsonl"
    made = sealing.rto("audit", "keygen", "--private", str(other_key), "--public", str(tmp_path / "other.pub"))
    assert made.code == 0, made
    monkeypatch.setenv("RTO_AUDIT_SIGNING_KEY", str(other_key))
    monkeypatch.setenv("RTO_AUDIT_CHECKPOINTS", str(other_file))
    assert sealing.seal().code == 0

    result = sealing.rto("--as", "siri", "audit", "verify", "--public-key", str(sealing.public))
    assert result.code == 7, result
    assert f"sjekkpunkt 1 i {other_file}: den er signert med en annen nøkkel" in result.err, result


def test_seal_refuses_to_extend_a_checkpoint_file_that_does_not_verify(world: World, sealing: Sealing) -> None:
    assert sealing.seal().code == 0
    altered = sealing.lines()[0].replace('"cases":3', '"cases":4')
    sealing.checkpoints.write_text(altered + "\n", encoding="utf-8")
    result = sealing.seal()
    assert result.code == 7, result
    assert f"Forsegler ikke: sjekkpunkt 1 i {sealing.checkpoints} stemmer ikke" in result.err, result
    assert sealing.lines() == [altered]


# --- honest use -----------------------------------------------------------------------------------------------


def test_an_honest_database_with_many_seals_verifies(world: World, sealing: Sealing, app: App) -> None:
    add_staff(app, "adm", "rto", "Planleggeren", None, "system")
    assert sealing.seal().code == 0
    for day in range(5):
        sealing.clock.advance(days=1)
        add_note(app, "ola", world.target, f"Dag {day}")
        if day % 2:
            case_at(app, "motivated", unit=None)
        assert sealing.seal("rto" if day == 4 else "siri").code == 0
    assert sealing.seal().code == 0  # nothing changed since: a checkpoint that says so

    result = sealing.verify("--json")
    assert result.code == 0, result
    assert result.json == {"ok": True, "cases": 5, "events": result.json["events"], "checkpoints": 7,
                           "households": 5, "household_events": 10}  # registered; the figures its case gave back
    human = sealing.verify()
    assert human.code == 0 and "stemmer med alle 7 sjekkpunkter" in human.out, human
    assert len(sealing.lines()) == 7


def test_a_seal_prints_the_checkpoint_it_appended_and_mails_it_to_the_supervisors(world: World, sealing: Sealing,
                                                                                  app: App) -> None:
    result = sealing.seal()
    assert result.code == 0, result
    document = result.json
    line = json.loads(sealing.lines()[-1])
    assert {k: document[k] for k in ("cases", "events", "root", "prev", "key", "signature")} == {
        k: line[k] for k in ("cases", "events", "root", "prev", "key", "signature")}
    assert document["number"] == 1 and document["prev"] == GENESIS and document["cases"] == 3
    assert document["hash"] == line_hash(sealing.lines()[-1])
    assert document["mailed"] == ["siri", "sven"]

    mails = [r for r in outbox_rows(app) if r.kind == "checkpoint"]
    assert [r.recipient for r in mails] == ["siri", "sven"]
    for mail in mails:
        assert mail.case_id is None
        assert document["root"] in mail.body_text and document["signature"] in mail.body_text
        assert document["root"] in mail.body_html
        assert "Familien" not in mail.body_text + mail.body_html + mail.subject  # nothing about anyone
    subject = f"Sjekkpunkt 1 for historikken, 02.03.2026 kl. 13:10 (saker 3, hendelser {line['events']})"
    assert mails[0].subject == subject


def test_seal_needs_the_signing_key(world: World, sealing: Sealing, monkeypatch: pytest.MonkeyPatch,
                                    tmp_path: Path) -> None:
    monkeypatch.setenv("RTO_AUDIT_SIGNING_KEY", str(tmp_path / "nowhere.key"))
    result = sealing.seal()
    assert result.code == 2, result
    assert result.json["error"]["code"] == "signing_key_missing"
    assert f"Finner ikke signeringsnøkkelen {tmp_path / 'nowhere.key'}" in result.err, result
    assert not sealing.checkpoints.exists()


def test_only_supervisors_admins_and_the_system_account_may_seal(world: World, sealing: Sealing) -> None:
    assert sealing.seal("ola").code == 5
    assert not sealing.checkpoints.exists()
    assert sealing.seal("adm").code == 0


def test_seal_refuses_to_seal_over_a_history_an_earlier_checkpoint_shows_was_cut_short(
        world: World, sealing: Sealing, database_url: str) -> None:
    assert sealing.seal().code == 0

    def cut_short(t: Tamperer) -> None:
        last = t.last_seq(world.target)
        t.sql("DELETE FROM case_events WHERE case_id = :c AND seq = :s", c=world.target, s=last)
        rehash(t, world.target, last - 1)

    tamper(database_url, cut_short)
    result = sealing.seal()
    assert result.code == 7, result
    assert f"Forsegler ikke: sak {world.target} stemmer ikke med sjekkpunkt 1" in result.err, result
    assert len(sealing.lines()) == 1


def test_keygen_writes_the_private_key_for_its_owner_only_and_never_overwrites(sealing: Sealing) -> None:
    assert stat.S_IMODE(sealing.private.stat().st_mode) == 0o600
    assert sealing.private.read_text().startswith("-----BEGIN PRIVATE KEY-----")
    assert sealing.public.read_text().startswith("-----BEGIN PUBLIC KEY-----")
    private, public = sealing.private.read_bytes(), sealing.public.read_bytes()

    again = sealing.rto("audit", "keygen", "--private", str(sealing.private), "--public",
                        str(sealing.public.with_name("new.pub")))
    assert again.code == 2, again
    assert f"{sealing.private} finnes allerede; rto skriver aldri over en nøkkel." in again.err
    assert not sealing.public.with_name("new.pub").exists()
    again = sealing.rto("audit", "keygen", "--private", str(sealing.private.with_name("new.key")), "--public",
                        str(sealing.public))
    assert again.code == 2, again
    assert not sealing.private.with_name("new.key").exists()
    assert (sealing.private.read_bytes(), sealing.public.read_bytes()) == (private, public)


def test_checkpoints_without_a_public_key_to_check_them_with_is_bad_input(sealing: Sealing) -> None:
    result = sealing.rto("--as", "siri", "audit", "verify", "--checkpoints", str(sealing.checkpoints))
    assert result.code == 2, result
    assert "--checkpoints trenger --public-key" in result.err


def test_the_message_reads_in_english_too(world: World, sealing: Sealing, database_url: str) -> None:
    assert sealing.seal().code == 0
    tamper(database_url, lambda t: [t.sql(f"DELETE FROM {table} WHERE case_id = :c", c=world.closed)
                                    for table in ("case_access", "outbox", "case_events")]
           + [t.sql("DELETE FROM cases WHERE id = :c", c=world.closed)])
    result = sealing.verify("--lang", "en")
    assert result.code == 7, result
    assert f"case {world.closed}, event –: the case is gone; checkpoint 1" in result.err, result


def test_keygen_seal_and_verify_work_in_a_real_process(world: World, sealing: Sealing, database_url: str,
                                                       tmp_path: Path) -> None:
    env = {"RTO_AUDIT_SIGNING_KEY": str(tmp_path / "real.key"), "RTO_AUDIT_CHECKPOINTS": str(tmp_path / "real.jsonl"),
           "RTO_MAILDIR": str(tmp_path / "Maildir")}
    made = run_rto("audit", "keygen", "--private", env["RTO_AUDIT_SIGNING_KEY"], "--public",
                   str(tmp_path / "real.pub"), url=database_url, env=env)
    assert made.code == 0, made
    assert run_rto("audit", "seal", url=database_url, user="siri", env=env).code == 0
    result = run_rto("--json", "audit", "verify", "--public-key", str(tmp_path / "real.pub"), url=database_url,
                     user="siri", env=env)
    assert result.code == 0, result
    assert result.json["checkpoints"] == 1
