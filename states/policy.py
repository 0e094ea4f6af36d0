"""Policy figures, each with the date it applies from.

Configuration holds a list of dated entries (`[[policy]]` in TOML); each entry changes only the figures
it names, from its date on. `PolicyBook.on(day)` gives the figures in force on a day, so a decision made
on 1 March uses March's policy rate even when it is reviewed in June.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from states.errors import ConfigError

# name -> (type, the keys of a table, or None for a number)
_TABLES: dict[str, tuple[str, ...]] = {
    "registration_fees": ("freehold", "cooperative"),
    "living_cost_floor": (
        "single_adult",
        "couple",
        "additional_adult",
        "child_0_5",
        "child_6_10",
        "child_11_17",
    ),
    "reference_budget": ("adult", "child_0_5", "child_6_10", "child_11_17", "household"),
}
_NUMBERS: dict[str, type] = {
    "policy_rate_percent": float,
    "stress_margin_points": float,
    "standard_term_years": int,
    "max_term_years": int,
    "document_duty_percent": float,
}


@dataclass(frozen=True)
class Policy:
    """The figures in force on one day."""

    applies_from: date
    policy_rate_percent: float
    stress_margin_points: float
    standard_term_years: int
    max_term_years: int
    document_duty_percent: float
    registration_fees: dict[str, int]
    living_cost_floor: dict[str, int]
    reference_budget: dict[str, int]

    @property
    def stress_rate_percent(self) -> float:
        return round(self.policy_rate_percent + self.stress_margin_points, 4)


class PolicyBook:
    """Dated policy entries; validated once, looked up by day."""

    def __init__(self, entries: list[dict[str, Any]]) -> None:
        parsed = [_validated(entry, i) for i, entry in enumerate(entries)]
        parsed.sort(key=lambda e: e["from"])
        if not parsed:
            raise ConfigError("policy_empty")
        self._entries = parsed
        self._cache: dict[date, Policy] = {}
        first = self._merged(parsed[0]["from"])
        missing = [k for k in (*_NUMBERS, *_TABLES) if k not in first]
        if missing:
            raise ConfigError("policy_incomplete", day=parsed[0]["from"].isoformat(), keys=", ".join(missing))

    @property
    def earliest(self) -> date:
        return self._entries[0]["from"]  # type: ignore[no-any-return]

    def on(self, day: date) -> Policy:
        """The figures in force on `day` (the earliest entry's when `day` precedes every entry)."""
        effective = max((e["from"] for e in self._entries if e["from"] <= day), default=self.earliest)
        policy = self._cache.get(effective)
        if policy is None:
            merged = self._merged(effective)
            merged["applies_from"] = merged.pop("from")
            policy = self._cache[effective] = Policy(**merged)
        return policy

    def _merged(self, upto: date) -> dict[str, Any]:
        merged: dict[str, Any] = {}
        for entry in self._entries:
            if entry["from"] > upto:
                break
            for key, value in entry.items():
                if key in _TABLES:
                    merged[key] = {**merged.get(key, {}), **value}
                else:
                    merged[key] = value
        return merged


def _validated(entry: dict[str, Any], index: int) -> dict[str, Any]:
    where = f"policy entry {index + 1}"
    start = entry.get("from")
    if isinstance(start, datetime):  # TOML reads 2026-06-19T00:00 as a time; a policy starts on a day
        start = None
    if isinstance(start, str):
        try:
            start = date.fromisoformat(start)
        except ValueError:
            start = None
    if not isinstance(start, date):
        raise ConfigError("policy_needs_from", where=where)
    out: dict[str, Any] = {"from": start}
    for key, value in entry.items():
        if key == "from":
            continue
        if key in _NUMBERS:
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < math.inf:
                raise ConfigError("policy_bad_number", where=where, key=key)
            out[key] = _NUMBERS[key](value)
        elif key in _TABLES:
            if not isinstance(value, dict):
                raise ConfigError("policy_bad_table", where=where, key=key, keys=", ".join(_TABLES[key]))
            for sub, amount in value.items():
                if sub not in _TABLES[key] or isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
                    raise ConfigError("policy_bad_table", where=where, key=key, keys=", ".join(_TABLES[key]))
            out[key] = dict(value)
        else:
            valid = ", ".join([*_NUMBERS, *_TABLES])
            raise ConfigError("policy_unknown_key", where=where, key=key, valid=valid)
    return out
