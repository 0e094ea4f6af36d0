"""Signed checkpoints: `rto audit keygen`, `rto audit seal`, and `rto audit verify --checkpoints --public-key`.

Whoever can write the database can also recompute every hash, so a history cut short, rewritten, deleted or
made up verifies on its own. A checkpoint (a Merkle root over every case's length and head, signed, kept in a
file outside the database) does not move with it: after a seal, each of those changes, made with SQL and with
every hash recomputed the honest way, makes verify exit 7 and name the case and the event, or the checkpoint.

The first tests are of the pure parts (states/merkle.py, states/checkpoints.py); the rest run `rto` in-process
on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from states.checkpoints import Checkpoint, SealedHistory, leaf, line_hash, parse_line
from states.history import GENESIS
from states.merkle import EMPTY_ROOT, MerkleTree, leaf_hash, merkle_root

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
