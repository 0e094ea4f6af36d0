"""Policy figures, each with the date it applies from and its source.

Configuration holds a list of dated entries (`[[policy]]` in TOML); each entry changes only the figures
it names, from its date on, and may say where they come from (`source`, for all its figures, or `sources`,
per figure). `PolicyBook.on(day)` gives the figures in force on a day, so a decision made on 1 March uses
March's policy rate even when it is reviewed in June; each figure remembers the day it applies from and its
source, so a calculation can show them and `rto policy check` can say which have grown old. Review
thresholds may be "never".
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from states.errors import ConfigError
from states.journey import OPEN_STATES

NEVER = "never"
_RUNNING = ("electricity", "insurance", "municipal_fees", "maintenance")

# The tables: name -> (their keys, whether a value may be "never")
_TABLES: dict[str, tuple[tuple[str, ...], bool]] = {
    "living_cost_floor": (
        ("single_adult", "couple", "additional_adult", "child_0_5", "child_6_10", "child_11_17"), False),
    "reference_budget": (("adult", "child_0_5", "child_6_10", "child_11_17", "household"), False),
    # a home's monthly running costs when the caseworker has not recorded its own (by property type)
    "running_costs_freehold": (_RUNNING, False),
    "running_costs_cooperative": (_RUNNING, False),
    # days without activity before a case in the state is stalled; contracted: days past the takeover date
    "stall_days": (OPEN_STATES, True),
    # the overview: how many bedrooms a home that fits a household has (states.purchasing_power)
    "bedrooms_needed": (("adults_per_bedroom", "children_per_bedroom"), False),
}
# The numbers: name -> (type, whether it may be "never")
_NUMBERS: dict[str, tuple[type, bool]] = {
    "policy_rate_percent": (float, False),
    "stress_margin_points": (float, False),
    "bank_stress_add_points": (float, False),
    "bank_stress_minimum_percent": (float, False),
    "standard_term_years": (int, False),
    "max_term_years": (int, False),
    "document_duty_percent": (float, False),
    "registration_fee_per_document": (int, False),
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
    # the households a year the report's monthly trend is measured against ("never": no target shown)
    "target_per_year": (int, True),
    # how old a time-bound figure may grow before `rto policy check` warns
    "policy_rate_max_age_days": (int, True),
    "annual_figure_max_age_months": (int, True),
    # years after a household's last case ended before its personal data is erased (`rto retention run`)
    "retention_years": (int, True),
}
_LISTS = ("certificate_warning_days",)  # whole numbers of days; an empty list is "never"
_TEXTS = ("benchmark_conversion_source", "frame_property_type")
_ABOUT = ("source", "sources")  # where an entry's figures come from: not figures themselves

# The figures that go stale, and by which rule: the policy rate moves several times a year, the others yearly.
TIME_BOUND: dict[str, str] = {
    "policy_rate_percent": "rate",
    "registration_fee_per_document": "annual",
    "living_cost_floor": "annual",
    "reference_budget": "annual",
    "running_costs_freehold": "annual",
    "running_costs_cooperative": "annual",
}


@dataclass(frozen=True)
class Provenance:
    """Where a figure in force comes from: the day its entry applies from, and the entry's source."""

    applies_from: date
    source: str


@dataclass(frozen=True)
class Policy:
    """The figures in force on one day; None is "never"."""

    applies_from: date
    policy_rate_percent: float
    stress_margin_points: float
    bank_stress_add_points: float
    bank_stress_minimum_percent: float
    standard_term_years: int
    max_term_years: int
    document_duty_percent: float
    registration_fee_per_document: int
    living_cost_floor: dict[str, int]
    reference_budget: dict[str, int]
    running_costs_freehold: dict[str, int]
    running_costs_cooperative: dict[str, int]
    frame_property_type: str
    stall_days: dict[str, int | None]
    bedrooms_needed: dict[str, int]
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
    target_per_year: int | None
    policy_rate_max_age_days: int | None
    annual_figure_max_age_months: int | None
    retention_years: int | None
    provenance: dict[str, Provenance] = field(default_factory=dict, compare=False, repr=False)

    @property
    def stress_rate_percent(self) -> float:
        return round(self.policy_rate_percent + self.stress_margin_points, 4)

    def bank_stress_rate_percent(self, rate: float) -> float:
        """The rate a bank loan beside the startlån is stress-tested at (utlånsforskriften: the loan's rate
        plus the policy's points, and at least its minimum)."""
        return round(max(rate + self.bank_stress_add_points, self.bank_stress_minimum_percent), 4)

    def running_costs(self, property_type: str) -> dict[str, int]:
        return self.running_costs_freehold if property_type == "freehold" else self.running_costs_cooperative

    def figure(self, name: str) -> Any:
        """A figure by name; `stress_rate_percent` is the derived one."""
        return self.stress_rate_percent if name == "stress_rate_percent" else getattr(self, name)

    def source_of(self, name: str) -> Provenance:
        """Where figure `name` comes from; the stress rate from the later of its two parts."""
        if name == "stress_rate_percent":
            rate, margin = self.provenance["policy_rate_percent"], self.provenance["stress_margin_points"]
            return Provenance(max(rate.applies_from, margin.applies_from),
                              f"{rate.source} + {margin.source}")
        return self.provenance.get(name, Provenance(self.applies_from, ""))


FIGURES: tuple[str, ...] = (*_NUMBERS, *_TABLES, *_LISTS, *_TEXTS)


class PolicyBook:
    """Dated policy entries; validated once, looked up by day."""

    def __init__(self, entries: list[dict[str, Any]]) -> None:
        parsed = [_validated(entry, i) for i, entry in enumerate(entries)]
        parsed.sort(key=lambda e: e["from"])  # (stable: of two entries from one day, the later listed wins)
        if not parsed:
            raise ConfigError("policy_empty")
        self._entries = parsed
        self._cache: dict[date, Policy] = {}
        self._by_day: dict[date, Policy] = {}  # asked for on every transition: the same few days
        first, _ = self._merged(parsed[0]["from"])
        missing = [k for k in FIGURES if k not in first]
        missing += [f"{t}.{k}" for t, (keys, _) in _TABLES.items() for k in keys if k not in first.get(t, {})]
        if missing:
            raise ConfigError("policy_incomplete", day=parsed[0]["from"].isoformat(), keys=", ".join(missing))
        for entry in parsed:  # checked on every day any entry starts, since entries combine
            terms, _ = self._merged(entry["from"])
            if not 1 <= terms["standard_term_years"] <= terms["max_term_years"]:
                raise ConfigError("policy_bad_terms", day=entry["from"].isoformat())
            if min(terms["bedrooms_needed"].values()) < 1:
                raise ConfigError("policy_bad_table", where=f"policy from {entry['from'].isoformat()}",
                                  key="bedrooms_needed", keys="adults_per_bedroom, children_per_bedroom (>= 1)",
                                  never="")
            if terms["frame_property_type"] not in ("freehold", "cooperative"):
                raise ConfigError("policy_bad_choice", where=f"policy from {entry['from'].isoformat()}",
                                  key="frame_property_type", valid="freehold, cooperative")

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
                merged, provenance = self._merged(effective)
                merged["applies_from"] = merged.pop("from")
                policy = self._cache[effective] = Policy(**merged, provenance=provenance)
            self._by_day[day] = policy
        return policy

    def _merged(self, upto: date) -> tuple[dict[str, Any], dict[str, Provenance]]:
        merged: dict[str, Any] = {}
        provenance: dict[str, Provenance] = {}
        for entry in self._entries:
            if entry["from"] > upto:
                break
            sources: dict[str, str] = entry.get("sources", {})
            for key, value in entry.items():
                if key in _ABOUT:
                    continue
                merged[key] = {**merged.get(key, {}), **value} if key in _TABLES else value
                if key != "from":
                    provenance[key] = Provenance(entry["from"], sources.get(key, entry.get("source", "")))
        return merged, provenance


def _number(value: Any, kind: type, never: bool) -> Any:
    """The figure, None for "never", or ValueError."""
    if never and value == NEVER:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < math.inf:
        raise ValueError(value)
    if kind is int and value != int(value):
        raise ValueError(value)
    return kind(value)


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):  # TOML reads 2026-06-19T00:00 as a time; a policy starts on a day
        return None
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return value if isinstance(value, date) else None


def _validated(entry: dict[str, Any], index: int) -> dict[str, Any]:
    where = f"policy entry {index + 1}"
    start = _day(entry.get("from"))
    if start is None:
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
            elif key in _TEXTS or key == "source":
                if not isinstance(value, str) or not value.strip():
                    raise ConfigError("policy_bad_text", where=where, key=key)
                out[key] = value.strip()
            elif key == "sources":
                if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                    raise ConfigError("policy_bad_text", where=where, key=key)
                unknown = sorted(set(value) - set(FIGURES))
                if unknown:
                    raise ConfigError("policy_unknown_key", where=f"{where} sources", key=unknown[0],
                                      valid=", ".join(FIGURES))
                out[key] = {k: v.strip() for k, v in value.items()}
            else:
                raise ConfigError("policy_unknown_key", where=where, key=key, valid=", ".join([*FIGURES, *_ABOUT]))
        except ValueError:
            if key in _TABLES:
                keys, never = _TABLES[key]
                raise ConfigError("policy_bad_table", where=where, key=key, keys=", ".join(keys),
                                  never=" or never" if never else "") from None
            raise ConfigError("policy_bad_number", where=where, key=key,
                              never=" or never" if _NUMBERS.get(key, (int, False))[1] else "") from None
    return out
