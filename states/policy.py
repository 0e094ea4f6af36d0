"""Policy figures, each with the date it applies from.

Configuration holds a list of dated entries (`[[policy]]` in TOML); each entry changes only the figures
it names, from its date on. `PolicyBook.on(day)` gives the figures in force on a day, so a decision made
on 1 March uses March's policy rate even when it is reviewed in June. Review thresholds may be "never".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from states.errors import ConfigError
from states.journey import OPEN_STATES

NEVER = "never"

# The tables: name -> (their keys, whether a value may be "never")
_TABLES: dict[str, tuple[tuple[str, ...], bool]] = {
    "registration_fees": (("freehold", "cooperative"), False),
    "living_cost_floor": (
        ("single_adult", "couple", "additional_adult", "child_0_5", "child_6_10", "child_11_17"), False),
    "reference_budget": (("adult", "child_0_5", "child_6_10", "child_11_17", "household"), False),
    # days without activity before a case in the state is stalled; contracted: days past the takeover date
    "stall_days": (OPEN_STATES, True),
}
# The numbers: name -> (type, whether it may be "never")
_NUMBERS: dict[str, tuple[type, bool]] = {
    "policy_rate_percent": (float, False),
    "stress_margin_points": (float, False),
    "standard_term_years": (int, False),
    "max_term_years": (int, False),
    "document_duty_percent": (float, False),
    "stall_repeat_days": (int, False),
    "stall_reminders_before_escalation": (int, False),
    "horizon_warning_months": (int, True),
    "horizon_escalation_months": (int, True),
    "horizon_repeat_months": (int, True),
    "followup_months": (int, True),
    "reassessment_months": (int, True),
    # reporting: the window a certificate holder has to buy in, the window a certificate "expires soon" in,
    # and Husbanken's conversion figure to compare with ("never": none shown)
    "conversion_window_months": (int, False),
    "expiring_window_days": (int, False),
    "benchmark_conversion_percent": (float, True),
}
_LISTS = ("certificate_warning_days",)  # whole numbers of days; an empty list is "never"
_TEXTS = ("benchmark_conversion_source",)


@dataclass(frozen=True)
class Policy:
    """The figures in force on one day; None is "never"."""

    applies_from: date
    policy_rate_percent: float
    stress_margin_points: float
    standard_term_years: int
    max_term_years: int
    document_duty_percent: float
    registration_fees: dict[str, int]
    living_cost_floor: dict[str, int]
    reference_budget: dict[str, int]
    stall_days: dict[str, int | None]
    stall_repeat_days: int
    stall_reminders_before_escalation: int
    horizon_warning_months: int | None
    horizon_escalation_months: int | None
    horizon_repeat_months: int | None
    followup_months: int | None
    reassessment_months: int | None
    certificate_warning_days: tuple[int, ...]
    conversion_window_months: int
    expiring_window_days: int
    benchmark_conversion_percent: float | None
    benchmark_conversion_source: str

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
        self._by_day: dict[date, Policy] = {}  # asked for on every transition: the same few days
        first = self._merged(parsed[0]["from"])
        missing = [k for k in (*_NUMBERS, *_TABLES, *_LISTS, *_TEXTS) if k not in first]
        missing += [f"{t}.{k}" for t, (keys, _) in _TABLES.items() for k in keys if k not in first.get(t, {})]
        if missing:
            raise ConfigError("policy_incomplete", day=parsed[0]["from"].isoformat(), keys=", ".join(missing))
        for entry in parsed:  # checked on every day any entry starts, since entries combine
            terms = self._merged(entry["from"])
            if not 1 <= terms["standard_term_years"] <= terms["max_term_years"]:
                raise ConfigError("policy_bad_terms", day=entry["from"].isoformat())

    @property
    def earliest(self) -> date:
        return self._entries[0]["from"]  # type: ignore[no-any-return]

    def on(self, day: date) -> Policy:
        """The figures in force on `day` (the earliest entry's when `day` precedes every entry)."""
        policy = self._by_day.get(day)
        if policy is None:
            effective = max((e["from"] for e in self._entries if e["from"] <= day), default=self.earliest)
            policy = self._cache.get(effective)
            if policy is None:
                merged = self._merged(effective)
                merged["applies_from"] = merged.pop("from")
                policy = self._cache[effective] = Policy(**merged)
            self._by_day[day] = policy
        return policy

    def _merged(self, upto: date) -> dict[str, Any]:
        merged: dict[str, Any] = {}
        for entry in self._entries:
            if entry["from"] > upto:
                break
            for key, value in entry.items():
                merged[key] = {**merged.get(key, {}), **value} if key in _TABLES else value
        return merged


def _number(value: Any, kind: type, never: bool) -> Any:
    """The figure, None for "never", or ValueError."""
    if never and value == NEVER:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < math.inf:
        raise ValueError(value)
    if kind is int and value != int(value):
        raise ValueError(value)
    return kind(value)


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
        try:
            if key in _NUMBERS:
                out[key] = _number(value, *_NUMBERS[key])
            elif key in _TABLES:
                keys, never = _TABLES[key]
                if not isinstance(value, dict) or not set(value) <= set(keys):
                    raise ValueError(value)
                out[key] = {sub: _number(v, int, never) for sub, v in value.items()}
            elif key in _LISTS:
                if not isinstance(value, list):
                    raise ValueError(value)
                out[key] = tuple(sorted((_number(v, int, False) for v in value), reverse=True))
            elif key in _TEXTS:
                if not isinstance(value, str) or not value.strip():
                    raise ConfigError("policy_bad_text", where=where, key=key)
                out[key] = value.strip()
            else:
                valid = ", ".join([*_NUMBERS, *_TABLES, *_LISTS, *_TEXTS])
                raise ConfigError("policy_unknown_key", where=where, key=key, valid=valid)
        except ValueError:
            if key in _TABLES:
                keys, never = _TABLES[key]
                raise ConfigError("policy_bad_table", where=where, key=key, keys=", ".join(keys),
                                  never=" or never" if never else "") from None
            raise ConfigError("policy_bad_number", where=where, key=key,
                              never=" or never" if _NUMBERS.get(key, (int, False))[1] else "") from None
    return out
