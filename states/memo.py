"""Values worked out once per object and kept by the object's identity: for what every step asks of the
configuration or the policy in force (objects that cannot be hashed, or cost more to hash than to look up)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class ByIdentity(Generic[V]):
    """At most `size` values, each held with its object (so that a freed object's id is never mistaken for
    it); full, it starts afresh (a long-running scheduler sees a new policy now and then)."""

    def __init__(self, size: int = 64) -> None:
        self._kept: dict[tuple[int, Hashable], tuple[object, V]] = {}
        self._size = size

    def get(self, of: object, extra: Hashable, build: Callable[[], V]) -> V:
        key = (id(of), extra)
        kept = self._kept.get(key)
        if kept is not None and kept[0] is of:
            return kept[1]
        value = build()
        if len(self._kept) >= self._size:
            self._kept.clear()
        self._kept[key] = (of, value)
        return value
