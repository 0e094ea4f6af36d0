"""Purchasing power: what a household without a case could buy, as Husbanken's calculator "Beregne
lånebeløp og tilskuddsbehov" works it out.

What is left each month for housing = net income - living costs - debt payments - other fixed costs - a home's
running costs (the policy's defaults for the frame's property type). The largest startlån that amount carries
is the annuity's present value at the stress rate over the standard term; with the equity, less the purchase
costs (document duty and Kartverket's fees), the highest price. The household is a prospect when that price
reaches the local price of a home that fits it (`[[prices]]` by bedrooms, dated; bedrooms needed by the
policy's rule). Whole kroner throughout, rounded down: a verdict never rests on a krone the household lacks.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from states.affordability import Household, annuity, living_costs, purchase_costs
from states.errors import ConfigError
from states.policy import Policy

# the household's own figures (without a case): the import's columns and a case's facts of the same names
FIGURES = ("income_monthly", "income_predictable", "debt_monthly", "fixed_costs_monthly", "equity")
AMOUNTS = ("income_monthly", "debt_monthly", "fixed_costs_monthly", "equity")  # (in this order)


@dataclass(frozen=True)
class Price:
    """What a home with `bedrooms` costs here, from a day, and where the figure comes from."""

    applies_from: date
    bedrooms: int
    price: int
    source: str = ""


class PriceBook:
    """The configured `[[prices]]`, looked up by day: for each number of bedrooms, the latest entry in force."""

    def __init__(self, entries: Sequence[Mapping[str, Any]]) -> None:
        self._prices = sorted((_price(e, i) for i, e in enumerate(entries)), key=lambda p: p.applies_from)

    def on(self, day: date) -> dict[int, Price]:
        found: dict[int, Price] = {}
        for p in self._prices:
            if p.applies_from <= day:
                found[p.bedrooms] = p
        return found


def _price(entry: Mapping[str, Any], index: int) -> Price:
    where = f"prices entry {index + 1}"
    start, rooms, price = entry.get("from"), entry.get("bedrooms"), entry.get("price")
    if isinstance(start, str):
        try:
            start = date.fromisoformat(start)
        except ValueError:
            start = None
    if not isinstance(start, date):
        raise ConfigError("config_bad_value", key=f"{where}.from", value=start, valid="a date YYYY-MM-DD")
    for key, value in (("bedrooms", rooms), ("price", price)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ConfigError("config_bad_value", key=f"{where}.{key}", value=value, valid="a whole number >= 1")
    source = entry.get("source", "")
    return Price(start, int(rooms), int(price), str(source))  # type: ignore[arg-type]


def bedrooms_needed(household: Household, policy: Policy) -> int:
    """The policy's rule: the adults `adults_per_bedroom` to a room, the children `children_per_bedroom`."""
    rule = policy.bedrooms_needed
    adults = max(household.adults, 1)
    return math.ceil(adults / rule["adults_per_bedroom"]) + math.ceil(household.children / rule["children_per_bedroom"])


def loan_carried(monthly: int, annual_rate_percent: float, years: int) -> int:
    """The largest loan whose annuity at the rate over `years` is at most `monthly` (whole kroner)."""
    if monthly <= 0:
        return 0
    months, r = years * 12, annual_rate_percent / 100 / 12
    loan = int(monthly * months if r == 0 else monthly * (1 - (1 + r) ** -months) / r)
    while loan > 0 and annuity(loan, annual_rate_percent, years) > monthly:
        loan -= 1
    return loan


def highest_price(funds: int, property_type: str, policy: Policy) -> int:
    """The highest price whose purchase costs (one mortgage) the funds (loan + equity) also cover."""
    duty = policy.document_duty_percent / 100 if property_type == "freehold" else 0.0
    fees = policy.registration_fee_per_document * 2
    price = max(0, int((funds - fees) / (1 + duty)))
    while price > 0 and price + purchase_costs(price, property_type, policy) > funds:
        price -= 1
    return price


class Screen:
    """Which households are prospects, for a whole register at once: the same arithmetic as
    `purchasing_power`, with what is the same for every household (the policy's figures, the prices, living
    costs and the home that fits by composition) worked out once."""

    def __init__(self, policy: Policy, prices: Mapping[int, Price]) -> None:
        self.policy, self.prices = policy, prices
        self.kind = policy.frame_property_type
        self.running = sum(policy.running_costs(self.kind).values())
        self._by_people: dict[tuple[int, int, tuple[int, ...]], tuple[int, int | None]] = {}

    def _people(self, household: Household) -> tuple[int, int | None]:
        """(living costs, the price of a home that fits) for a household's composition."""
        key = (household.adults, household.children, household.child_ages)
        found = self._by_people.get(key)
        if found is None:
            fitting = price_for(self.prices, bedrooms_needed(household, self.policy))
            found = self._by_people[key] = (living_costs(household, self.policy)[0],
                                            fitting.price if fitting else None)
        return found

    def verdict(self, figures: Mapping[str, Any], household: Household) -> tuple[int, int | None, bool]:
        """(the highest price, the price of a home that fits, prospect)."""
        living, needed = self._people(household)
        g = figures.get
        available = int(g("income_monthly") or 0) - living - int(g("debt_monthly") or 0) \
            - int(g("fixed_costs_monthly") or 0) - self.running
        loan = loan_carried(available, self.policy.stress_rate_percent, self.policy.standard_term_years)
        price = highest_price(loan + int(g("equity") or 0), self.kind, self.policy)
        return price, needed, needed is not None and price >= needed


def price_for(prices: Mapping[int, Price], rooms: int) -> Price | None:
    """The price of a home with `rooms` bedrooms; a larger household than any configured home: the largest."""
    return prices.get(rooms) or (prices[max(prices)] if prices and rooms > max(prices) else None)


@dataclass(frozen=True)
class PurchasingPower:
    on: date
    income: int
    income_predictable: bool | None
    living_costs: int
    living_floor: int
    reference_budget: int
    debt: int
    fixed_costs: int
    property_type: str
    running_costs: int
    monthly_available: int
    stress_rate: float
    years: int
    max_loan: int
    equity: int
    purchase_costs: int
    max_price: int
    bedrooms: int
    price_needed: int | None
    price_from: date | None
    price_source: str
    prospect: bool
    children_ages_assumed: bool

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def purchasing_power(figures: Mapping[str, Any], household: Household, policy: Policy,
                     prices: Mapping[int, Price], on: date) -> PurchasingPower:
    """The calculation on `on`'s policy and prices, for a household's figures (amounts missing count 0)."""
    amounts = {name: int(figures.get(name) or 0) for name in AMOUNTS}
    living, floor, reference, assumed = living_costs(household, policy)
    kind = policy.frame_property_type
    running = sum(policy.running_costs(kind).values())
    available = amounts["income_monthly"] - living - amounts["debt_monthly"] - amounts["fixed_costs_monthly"] - running
    rate, years = policy.stress_rate_percent, policy.standard_term_years
    loan = loan_carried(available, rate, years)
    funds = loan + amounts["equity"]
    price = highest_price(funds, kind, policy)
    rooms = bedrooms_needed(household, policy)
    fitting = price_for(prices, rooms)
    predictable = figures.get("income_predictable")
    return PurchasingPower(
        on=on, income=amounts["income_monthly"], income_predictable=predictable, living_costs=living,
        living_floor=floor, reference_budget=reference, debt=amounts["debt_monthly"],
        fixed_costs=amounts["fixed_costs_monthly"], property_type=kind, running_costs=running,
        monthly_available=available, stress_rate=rate, years=years, max_loan=loan, equity=amounts["equity"],
        purchase_costs=purchase_costs(price, kind, policy) if price else 0, max_price=price, bedrooms=rooms,
        price_needed=fitting.price if fitting else None, price_from=fitting.applies_from if fitting else None,
        price_source=fitting.source if fitting else "",
        prospect=fitting is not None and price >= fitting.price, children_ages_assumed=assumed,
    )
