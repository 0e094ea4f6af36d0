"""Signed checkpoints commit to every household's own history too (checkpoint format 2).

A household's chain (its registration and every change to its members) is hash-chained like a case's, so
whoever can write the database can cut it short, rewrite it or delete the household and recompute every
hash: `audit verify` alone passes. After a seal, `audit verify --checkpoints --public-key` exits 7 and names
the household. Checkpoints of format 1 (cases only, written before) still verify.
"""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from typing import Any

import pytest
from conftest import FakeClock
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from helpers import outbox_rows
from sqlalchemy import text
from test_audit import Tamperer
from test_checkpoints import Sealing, World, sealing, tamper, world  # noqa: F401 (fixtures)

from states.canonical import canonical
from states.checkpoints import Checkpoint, line_hash, parse_line
from states.history import GENESIS, event_hash
from workflow.bootstrap import App
from workflow.checkpoints import fingerprint
from workflow.households import add_household, add_member

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def berg(app: App, world: World, clock: FakeClock) -> int:  # noqa: F811
    """A household without a case, with two members: the one whose chain is tampered with."""
    household = add_household(app, "ola", "Familien Berg", adults=2).id
    add_member(app, "ola", household, "Kari Berg", "1988-04-02")
    add_member(app, "ola", household, "Per Berg", "1986-11-20", co_applicant=True)
    clock.advance(hours=1)
    return household


def household_events(t: Tamperer, household: int) -> list[Any]:
    return list(t.sql("SELECT * FROM household_events WHERE household_id = :h ORDER BY seq", h=household))


def rehash_household(t: Tamperer, household: int) -> None:
    """Every hash of the household's chain recomputed the honest way, and its row's head set to match."""
    prev = GENESIS
    events = household_events(t, household)
    for ev in events:
        digest = event_hash(household, ev.seq, t.stored_at(ev.at), ev.actor, ev.kind, None, None, ev.details, prev)
        t.sql("UPDATE household_events SET prev_hash = :p, hash = :h, hash_version = 2, sealed = NULL WHERE id = :i",
              p=prev, h=digest, i=ev.id)
        prev = digest
    t.sql("UPDATE households SET history_seq = :n, history_head = :h WHERE id = :i", n=len(events), h=prev,
          i=household)


def set_members(t: Tamperer, household: int, change: Any) -> None:
    row = t.sql("SELECT members FROM households WHERE id = :h", h=household).one()
    t.sql("UPDATE households SET members = :m WHERE id = :h", m=json.dumps(change(json.loads(row.members))),
          h=household)


def verify_names(sealing: Sealing, household: int, seq: Any, problem: str, words: str) -> None:  # noqa: F811
    result = sealing.verify()
    assert result.code == 7, result
    assert f"husstand {household}, hendelse {seq}: {words}" in result.err, result
    document = sealing.verify("--json")
    assert document.json["break"]["problem"] == problem, document
    assert document.json["break"]["params"]["household"] == household


def test_a_household_chain_cut_short_is_found(berg: int, sealing: Sealing, database_url: str) -> None:  # noqa: F811
    assert sealing.seal().code == 0

    def cut_short(t: Tamperer) -> None:
        last = household_events(t, berg)[-1]
        member = json.loads(last.details)["member"]
        t.sql("DELETE FROM household_events WHERE id = :i", i=last.id)
        t.sql("DELETE FROM household_members WHERE id = :m", m=member)
        set_members(t, berg, lambda members: [m for m in members if m["id"] != member])
        rehash_household(t, berg)

    tamper(database_url, cut_short)
    assert sealing.rto("--as", "siri", "audit", "verify").code == 0  # on its own, the chain verifies
    verify_names(sealing, berg, 2, "household_truncated", "sjekkpunkt 1 (02.03.2026 kl. 14:10) forseglet 3,"
                 " husstanden har 2 (avkortet)")
    seal = sealing.seal()
    assert seal.code == 7 and f"Forsegler ikke: husstand {berg} stemmer ikke med sjekkpunkt 1" in seal.err, seal


def test_a_household_chain_rewritten_is_found(berg: int, sealing: Sealing, database_url: str) -> None:  # noqa: F811
    assert sealing.seal().code == 0

    def rename(t: Tamperer) -> None:
        added = household_events(t, berg)[1]
        details = json.loads(added.details)
        details["after"]["name"] = "Kari Svindel"
        t.sql("UPDATE household_events SET details = :d WHERE id = :i", d=canonical(details), i=added.id)
        t.sql("UPDATE household_members SET name = 'Kari Svindel' WHERE id = :m", m=details["member"])
        set_members(t, berg, lambda members: [{**m, "name": "Kari Svindel"} if m["id"] == details["member"] else m
                                              for m in members])
        rehash_household(t, berg)

    tamper(database_url, rename)
    assert sealing.rto("--as", "siri", "audit", "verify").code == 0
    verify_names(sealing, berg, 3, "household_rewritten", "nr. 1–3 er ikke det sjekkpunkt 1")


def test_a_deleted_household_is_found(berg: int, sealing: Sealing, database_url: str) -> None:  # noqa: F811
    assert sealing.seal().code == 0

    def delete(t: Tamperer) -> None:
        for table in ("case_access", "identity_lookup", "household_members", "household_events"):
            t.sql(f"DELETE FROM {table} WHERE household_id = :h", h=berg)
        t.sql("DELETE FROM households WHERE id = :h", h=berg)

    tamper(database_url, delete)
    assert sealing.rto("--as", "siri", "audit", "verify").code == 0
    verify_names(sealing, berg, "–", "household_deleted", "husstanden mangler; sjekkpunkt 1")
    english = sealing.verify("--lang", "en")
    assert f"household {berg}, event –: the household is gone; checkpoint 1" in english.err, english


def test_a_household_inserted_into_the_sealed_past_is_found(world: World, sealing: Sealing,  # noqa: F811
                                                            app: App) -> None:
    assert sealing.seal().code == 0
    sealed_at = sealing.clock.current
    sealing.clock.current = sealed_at - timedelta(days=3)
    inserted = add_household(app, "ola", "Familien Innsatt").id
    sealing.clock.current = sealed_at + timedelta(hours=1)
    verify_names(sealing, inserted, 1, "household_not_sealed",
                 "datert 27.02.2026 kl. 13:10, men ikke i sjekkpunkt 1 (02.03.2026 kl. 13:10) (satt inn)")


def test_a_member_added_after_a_seal_verifies_and_is_sealed_next(berg: int, sealing: Sealing,  # noqa: F811
                                                                 app: App) -> None:
    first = sealing.seal()
    before = history_lengths(app)
    assert first.code == 0 and first.json["households"] == 4, first
    assert first.json["household_events"] == sum(before.values()), first
    sealing.clock.advance(hours=1)
    add_member(app, "ola", berg, "Emma Berg", "2019-06-14")
    assert sealing.verify().code == 0
    second = sealing.seal()
    assert second.code == 0 and second.json["households_changed"] == 1, second
    assert second.json["household_events"] == sum(before.values()) + 1, second
    [(household, length, _head)] = json.loads(sealing.lines()[-1])["household_changes"]
    assert (household, length) == (berg, before[berg] + 1)  # only what changed since the checkpoint before
    assert sealing.verify().code == 0
    mail = [r for r in outbox_rows(app) if r.kind == "checkpoint"][-1]
    assert second.json["household_root"] in mail.body_text and second.json["household_root"] in mail.body_html


def history_lengths(app: App) -> dict[int, int]:
    """Each household's history length as stored (what a checkpoint commits to)."""
    with app.db.transaction() as conn:
        rows = conn.execute(text("SELECT household_id, count(*) FROM household_events GROUP BY household_id"))
        return {int(h): int(n) for h, n in rows}


def format_1_line(sealing: Sealing, cases: list[tuple[int, int, str]], prev: str) -> str:  # noqa: F811
    """A checkpoint as rto wrote them before households were sealed: format 1, signed with the same key."""
    from states.checkpoints import leaf
    from states.merkle import merkle_root

    key = serialization.load_pem_private_key(sealing.private.read_bytes(), password=None)
    assert isinstance(key, Ed25519PrivateKey)
    root = merkle_root([leaf(*c) for c in cases]).hex()
    unsigned = Checkpoint(sealing.clock.current, len(cases), sum(c[1] for c in cases), root, prev,
                          fingerprint(key.public_key()), tuple(cases), format=1)
    signed = Checkpoint(**{**unsigned.__dict__, "signature": base64.b64encode(key.sign(unsigned.message())).decode()})
    assert b"household" not in signed.message()
    return signed.line()


def case_leaves(app: App) -> list[tuple[int, int, str]]:
    from sqlalchemy import text

    with app.db.transaction() as conn:
        return [(i, n, h) for i, n, h in conn.execute(text(
            "SELECT id, history_seq, history_head FROM cases ORDER BY id"))]


def test_checkpoints_of_format_1_still_verify_and_the_next_seal_adds_the_households(
        berg: int, sealing: Sealing, app: App) -> None:  # noqa: F811
    old = format_1_line(sealing, case_leaves(app), GENESIS)
    sealing.checkpoints.write_text(old + "\n", encoding="utf-8")
    assert parse_line(old).format == 1
    result = sealing.verify("--json")
    assert result.code == 0 and result.json["checkpoints"] == 1, result

    sealing.clock.advance(hours=1)
    sealed = sealing.seal()
    assert sealed.code == 0 and sealed.json["format"] == 2 and sealed.json["households"] == 4, sealed
    assert sealed.json["prev"] == line_hash(old) and sealed.json["changed"] == 0
    assert sealing.verify().code == 0


def test_a_format_1_checkpoint_after_a_format_2_one_is_refused(berg: int, sealing: Sealing,  # noqa: F811
                                                               app: App) -> None:
    assert sealing.seal().code == 0
    sealing.clock.advance(hours=1)
    newer = format_1_line(sealing, case_leaves(app), line_hash(sealing.lines()[0]))
    with sealing.checkpoints.open("a", encoding="utf-8") as fh:
        fh.write(newer + "\n")
    result = sealing.verify()
    assert result.code == 7, result
    assert "sjekkpunkt 2" in result.err and "forsegler ingen husstander" in result.err, result
