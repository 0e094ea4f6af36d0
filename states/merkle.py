"""RFC 6962's Merkle tree hash (Certificate Transparency, section 2.1), and a tree that keeps its inner nodes.

    leaf hash = SHA-256(0x00 || leaf)        node hash = SHA-256(0x01 || left || right)
    MTH({}) = SHA-256(""); a tree of n > 1 leaves splits at k, the largest power of two below n.

A checkpoint's root is this hash over one leaf per case. `MerkleTree` keeps the hash of every complete,
aligned subtree of 2^h leaves (the RFC's left halves are always such subtrees), so that the root after a few
leaves changed costs a few dozen hashes, not the whole tree again: verifying hundreds of checkpoints of a
large database walks each change once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(leaf: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + leaf).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def merkle_root(leaves: Sequence[bytes]) -> bytes:
    """MTH(leaves) exactly as the RFC defines it (recursive: for tests and small trees)."""
    if not leaves:
        return EMPTY_ROOT
    if len(leaves) == 1:
        return leaf_hash(leaves[0])
    k = 1 << ((len(leaves) - 1).bit_length() - 1)  # the largest power of two smaller than n
    return node_hash(merkle_root(leaves[:k]), merkle_root(leaves[k:]))


class MerkleTree:
    """Leaf hashes in order, with `levels[h][i]`, the hash of leaves i*2^h .. (i+1)*2^h - 1, kept for every
    complete subtree. Set or append a leaf, or replace those from one on; `root()` is MTH over all of them."""

    def __init__(self, leaf_hashes: Iterable[bytes] = ()) -> None:
        self.levels: list[list[bytes]] = [list(leaf_hashes)]
        self._rebuild_from(0)

    def __len__(self) -> int:
        return len(self.levels[0])

    def set(self, index: int, hashed: bytes) -> None:
        """Replace leaf `index` (its hash) and the subtrees above it."""
        self.levels[0][index] = hashed
        for h in range(1, len(self.levels)):
            index >>= 1
            lower = self.levels[h - 1]
            if 2 * index + 1 >= len(lower):
                break
            self.levels[h][index] = node_hash(lower[2 * index], lower[2 * index + 1])

    def append(self, hashed: bytes) -> None:
        self.levels[0].append(hashed)
        index, h = len(self.levels[0]) - 1, 0
        while index & 1:  # it completes a pair: the subtree above is complete now
            if h + 1 == len(self.levels):
                self.levels.append([])
            lower = self.levels[h]
            self.levels[h + 1].append(node_hash(lower[index - 1], lower[index]))
            index, h = index >> 1, h + 1

    def replace_from(self, index: int, hashes: list[bytes]) -> None:
        """Leaves `index` onwards replaced by `hashes` (cases sealed out of order: one rebuild for them all)."""
        self.levels[0][index:] = hashes
        self._rebuild_from(index)

    def _rebuild_from(self, index: int) -> None:
        h = 1
        while len(self.levels[h - 1]) >= 2:
            if h == len(self.levels):
                self.levels.append([])
            lower, start = self.levels[h - 1], index >> h
            self.levels[h][start:] = [node_hash(lower[2 * i], lower[2 * i + 1]) for i in range(start, len(lower) // 2)]
            h += 1
        del self.levels[h:]

    def root(self) -> bytes:
        n = len(self.levels[0])
        if n == 0:
            return EMPTY_ROOT
        parts, start = [], 0  # the complete subtrees n decomposes into, left to right (largest first)
        for h in range(n.bit_length() - 1, -1, -1):
            if n >> h & 1:
                parts.append(self.levels[h][start >> h])
                start += 1 << h
        root = parts[-1]
        for part in reversed(parts[:-1]):
            root = node_hash(part, root)
        return root
