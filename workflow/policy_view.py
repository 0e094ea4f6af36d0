"""`rto policy show` and `rto policy check`: the figures in force on a day, where each comes from, and which
time-bound ones have grown older than they should (the daily review mails that warning to the admins)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from states.policy import FIGURES, TIME_BOUND, Policy, PolicyBook
from states.reviews import add_months, whole_months


@dataclass(frozen=True)
class Figure:
    name: str
    value: Any
    applies_from: date
    source: str

    def as_json(self) -> dict[str, Any]:
        value = list(self.value) if isinstance(self.value, tuple) else self.value
        return {"value": value, "from": self.applies_from.isoformat(), "source": self.source}


@dataclass(frozen=True)
class PolicyInForce:
    on: date
    figures: dict[str, Figure]

    def as_json(self) -> dict[str, Any]:
        return {"on": self.on.isoformat(), "figures": {name: f.as_json() for name, f in self.figures.items()}}


@dataclass(frozen=True)
class StaleFigure:
    """A time-bound figure older than its configured age on the day checked."""

    name: str
    value: Any
    applies_from: date
    source: str
    rule: str  # "rate": policy_rate_max_age_days; "annual": annual_figure_max_age_months
    age: int  # days (rate) or whole months (annual)
    limit: int

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "value": self.value, "from": self.applies_from.isoformat(),
                "source": self.source, "rule": self.rule, "age": self.age, "limit": self.limit,
                "unit": "days" if self.rule == "rate" else "months"}


def in_force(book: PolicyBook, on: date) -> PolicyInForce:
    policy = book.on(on)
    names = ["policy_rate_percent", "stress_rate_percent", *[n for n in FIGURES if n != "policy_rate_percent"]]
    figures = {}
    for name in names:
        where = policy.source_of(name)
        figures[name] = Figure(name, policy.figure(name), where.applies_from, where.source)
    return PolicyInForce(on, figures)


def stale(policy: Policy, on: date) -> list[StaleFigure]:
    """The time-bound figures older than the policy says they may be on `on`."""
    found = []
    for name, rule in TIME_BOUND.items():
        where = policy.source_of(name)
        if rule == "rate":
            age, limit = (on - where.applies_from).days, policy.policy_rate_max_age_days
            old = limit is not None and age > limit
        else:
            age, limit = whole_months(where.applies_from, on), policy.annual_figure_max_age_months
            old = limit is not None and add_months(where.applies_from, limit) < on
        if old:
            assert limit is not None
            found.append(StaleFigure(name, policy.figure(name), where.applies_from, where.source, rule, age, limit))
    return found


# (bokmål, English): what the weekly mail calls each figure
LABELS = {
    "policy_rate_percent": ("Norges Banks styringsrente", "Norges Bank's policy rate"),
    "registration_fee_per_document": ("Kartverkets tinglysingsgebyr", "Kartverket's registration fee"),
    "living_cost_floor": ("NAVs veiledende satser (minstesats for livsopphold)", "NAV's guideline rates"),
    "reference_budget": ("SIFOs referansebudsjett", "SIFO's reference budget"),
    "running_costs_freehold": ("driftskostnader for selveier", "running costs, freehold"),
    "running_costs_cooperative": ("driftskostnader for borettslag", "running costs, cooperative"),
}


def policy_warning_key(day: date, login: str) -> str:
    """Once a week while it holds: keyed by the ISO week."""
    year, week, _ = day.isocalendar()
    return f"policy_stale:{year}-W{week:02d}:{login}"
