"""Affordability (betjeningsevne) and the purchase frame, as arithmetic a caseworker can explain.

Every figure is whole kroner, rounded once where it is computed, so the lines shown add up exactly
to the surplus that decides the verdict.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from states.policy import Policy


@dataclass(frozen=True)
class Household:
    """What affordability needs to know about the people in the case."""

    adults: int = 1
    children: int = 0
    child_ages: tuple[int, ...] = ()
    municipal_unit: str | None = None


@dataclass(frozen=True)
class Affordability:
    income: int
    living_costs: int
    living_floor: int
    reference_budget: int
    debt: int
    fixed_costs: int
    loan: int
    rate_percent: float
    years: int
    loan_payment: int
    common_costs: int
    housing_cost: int
    surplus: int
    children_ages_assumed: bool

    @property
    def passes(self) -> bool:
        return self.surplus >= 0

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "passes": self.passes}


def annuity(principal: int, annual_rate_percent: float, years: int) -> int:
    """The monthly payment that repays `principal` over `years` at the rate, in whole kroner (up)."""
    if principal <= 0:
        return 0
    months = years * 12
    r = annual_rate_percent / 100 / 12
    payment = principal / months if r == 0 else principal * r / (1 - (1 + r) ** -months)
    return int(-(-payment // 1))


def _child_bands(household: Household) -> tuple[list[str], bool]:
    """Each child's age band; unknown ages take the dearest band, so the test errs on the safe side."""
    ages = list(household.child_ages)[: household.children]
    assumed = len(ages) < household.children
    bands = ["child_0_5" if a <= 5 else "child_6_10" if a <= 10 else "child_11_17" for a in ages]
    bands += ["child_11_17"] * (household.children - len(ages))
    return bands, assumed


def living_costs(household: Household, policy: Policy) -> tuple[int, int, int, bool]:
    """(living costs, guideline floor, reference budget, ages assumed): the costs are the larger of the two."""
    floor_t, ref_t = policy.living_cost_floor, policy.reference_budget
    adults = max(household.adults, 1)
    floor = floor_t["single_adult"] if adults == 1 else floor_t["couple"]
    floor += max(adults - 2, 0) * floor_t["additional_adult"]
    reference = ref_t["household"] + adults * ref_t["adult"]
    bands, assumed = _child_bands(household)
    floor += sum(floor_t[b] for b in bands)
    reference += sum(ref_t[b] for b in bands)
    return max(floor, reference), floor, reference, assumed


def assess(facts: dict[str, Any], household: Household, policy: Policy) -> Affordability:
    """The monthly surplus after living costs, debt, fixed costs and the stressed housing cost."""
    living, floor, reference, assumed = living_costs(household, policy)
    recorded_rate = facts.get("loan_rate") or 0.0
    rate = max(float(recorded_rate), policy.stress_rate_percent)
    years = int(facts.get("loan_years") or policy.standard_term_years)
    loan = int(facts.get("loan_amount") or 0)
    payment = annuity(loan, rate, years)
    common = int(facts.get("common_costs_monthly") or 0)
    income = int(facts.get("income_monthly") or 0)
    debt = int(facts.get("debt_monthly") or 0)
    fixed = int(facts.get("fixed_costs_monthly") or 0)
    housing = payment + common
    return Affordability(
        income=income,
        living_costs=living,
        living_floor=floor,
        reference_budget=reference,
        debt=debt,
        fixed_costs=fixed,
        loan=loan,
        rate_percent=rate,
        years=years,
        loan_payment=payment,
        common_costs=common,
        housing_cost=housing,
        surplus=income - living - debt - fixed - housing,
        children_ages_assumed=assumed,
    )


@dataclass(frozen=True)
class FrameCheck:
    price: int
    purchase_costs: int
    loan: int
    grant: int
    equity: int

    @property
    def total(self) -> int:
        return self.price + self.purchase_costs

    @property
    def frame(self) -> int:
        return self.loan + self.grant + self.equity

    @property
    def passes(self) -> bool:
        return self.total <= self.frame

    def as_json(self) -> dict[str, Any]:
        return {"price": self.price, "purchase_costs": self.purchase_costs, "total": self.total,
                "frame": self.frame, "passes": self.passes}


def purchase_costs(price: int, property_type: str, policy: Policy) -> int:
    """Document duty on freehold (none on cooperative) plus registration fees."""
    duty = round(price * policy.document_duty_percent / 100) if property_type == "freehold" else 0
    return duty + policy.registration_fees[property_type]


def frame_check(price: int, property_type: str, facts: dict[str, Any], policy: Policy) -> FrameCheck:
    """Whether price plus purchase costs fit in loan + grant + equity."""
    return FrameCheck(
        price=price,
        purchase_costs=purchase_costs(price, property_type, policy),
        loan=int(facts.get("loan_amount") or 0),
        grant=int(facts.get("grant_amount") or 0),
        equity=int(facts.get("equity") or 0),
    )
