"""Affordability (betjeningsevne) and the purchase frame, as arithmetic a caseworker can explain.

Monthly surplus = net income - living costs - debt payments - other fixed costs - housing cost, where the
housing cost is the startlån's payment at the stress rate over its term, the payment on a bank loan beside it
(stress-tested as the lending regulation says), the home's common costs and its running costs. On the frame
(`financed`) the loan is the certificate's frame; on a home (`bidding`, `contracted`) it is what that home
needs: price + purchase costs - equity - grant - the bank loan, never above the frame.

Every figure is whole kroner, rounded once where it is computed, so the lines shown add up exactly to the
surplus that decides the verdict; the dated policy figures the calculation used travel with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any

from states.memo import ByIdentity
from states.policy import Policy

RUNNING = ("electricity", "insurance", "municipal_fees", "maintenance")
# the policy figures an affordability calculation rests on, shown beside it with their dates and sources
FIGURES = ("policy_rate_percent", "stress_margin_points", "standard_term_years", "living_cost_floor",
           "reference_budget", "document_duty_percent", "registration_fee_per_document")


ADULT_AGE = 18


@dataclass(frozen=True)
class Member:
    """A person of the household as the rules need them: their recorded birth date, and whether they apply."""

    id: int
    name: str
    born: str  # ISO date, as recorded (never derived from an identity number)
    role: str = "resident"  # applicant | co_applicant | resident

    def age_on(self, day: date) -> int:
        born = date.fromisoformat(self.born)
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@dataclass(frozen=True)
class Household:
    """What affordability needs to know about the people in the case: counts, or its members."""

    adults: int = 1
    children: int = 0
    child_ages: tuple[int, ...] = ()
    municipal_unit: str | None = None
    members: tuple[Member, ...] = ()

    def as_of(self, day: date) -> Household:
        """Once members are recorded, the adults, the children and their ages come from their birth dates on
        `day` (a child moves to the next age band on its birthday); until then, from the counts."""
        if not self.members:
            return self
        ages = [m.age_on(day) for m in self.members]
        children = sorted(a for a in ages if a < ADULT_AGE)
        return replace(self, adults=len(ages) - len(children), children=len(children), child_ages=tuple(children))

    def adults_on(self, day: date) -> list[Member]:
        return [m for m in self.members if m.age_on(day) >= ADULT_AGE]


@dataclass(frozen=True)
class Affordability:
    basis: str  # "frame": the certificate's frame; "home": the home bid on or bought
    income: int
    living_costs: int
    living_floor: int
    reference_budget: int
    living_basis: str  # "reference" or "floor": which of the two the living costs are
    childcare: int  # childcare_monthly as recorded
    childcare_counted: bool  # False when the reference budget, which holds kindergarten, applies
    debt: int
    fixed_costs: int
    loan: int  # the startlån the calculation is on
    rate_percent: float
    years: int
    repayment: str  # annuity | serial (the first month's payment, the highest)
    loan_payment: int
    bank_loan: int
    bank_rate_percent: float | None
    bank_years: int | None
    bank_payment: int
    common_costs: int
    property_type: str
    running: dict[str, int]  # electricity, insurance, municipal fees, maintenance
    running_from_policy: tuple[str, ...]  # those not recorded for the home: the policy's defaults
    running_costs: int
    housing_cost: int
    surplus: int
    children_ages_assumed: bool
    price: int | None = None  # on a home: its price, purchase costs, and the equity and grant it takes
    purchase_costs: int | None = None
    equity: int = 0
    grant: int = 0
    figures: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> value, from, source

    @property
    def passes(self) -> bool:
        return self.surplus >= 0

    def as_json(self) -> dict[str, Any]:
        # By hand rather than dataclasses.asdict, whose deep copy was a fifth of a step to bidding or contracted;
        # the two dicts are copied so the event's details never share them with this value.
        plain = {name: getattr(self, name) for name in _AFFORDABILITY_FIELDS}
        plain["running"] = dict(self.running)
        plain["figures"] = {name: dict(figure) for name, figure in self.figures.items()}
        return {**plain, "passes": self.passes}


_AFFORDABILITY_FIELDS = tuple(f.name for f in fields(Affordability))


def annuity(principal: int, annual_rate_percent: float, years: int) -> int:
    """The monthly payment that repays `principal` over `years` at the rate, in whole kroner (up)."""
    if principal <= 0:
        return 0
    months = years * 12
    r = annual_rate_percent / 100 / 12
    payment = principal / months if r == 0 else principal * r / (1 - (1 + r) ** -months)
    return int(-(-payment // 1))


def serial(principal: int, annual_rate_percent: float, years: int) -> int:
    """A serial loan's first (and highest) monthly payment: an equal part of the principal, plus a month's
    interest on all of it, in whole kroner (up)."""
    if principal <= 0:
        return 0
    payment = principal / (years * 12) + principal * annual_rate_percent / 100 / 12
    return int(-(-payment // 1))


def payment(principal: int, rate: float, years: int, repayment: str = "annuity") -> int:
    return serial(principal, rate, years) if repayment == "serial" else annuity(principal, rate, years)


def _child_bands(household: Household) -> tuple[list[str], bool]:
    """Each child's age band; unknown ages take the dearest band, so the test errs on the safe side."""
    ages = list(household.child_ages)[: household.children]
    assumed = len(ages) < household.children
    bands = ["child_0_5" if a <= 5 else "child_6_10" if a <= 10 else "child_11_17" for a in ages]
    bands += ["child_11_17"] * (household.children - len(ages))
    return bands, assumed


def living_costs(household: Household, policy: Policy) -> tuple[int, int, int, bool]:
    """(living costs, guideline floor, reference budget, ages assumed): the costs are the larger of the two.
    Each adult beyond a couple adds the rate of a person sharing a home."""
    floor_t, ref_t = policy.living_cost_floor, policy.reference_budget
    adults = max(household.adults, 1)
    floor = floor_t["single_adult"] if adults == 1 else floor_t["couple"]
    floor += max(adults - 2, 0) * floor_t["additional_adult"]
    reference = ref_t["household"] + adults * ref_t["adult"]
    bands, assumed = _child_bands(household)
    floor += sum(floor_t[b] for b in bands)
    reference += sum(ref_t[b] for b in bands)
    return max(floor, reference), floor, reference, assumed


def loans(facts: dict[str, Any]) -> int:
    """How many loans a purchase registers a mortgage for: the startlån, and a bank loan beside it."""
    return 1 + (1 if facts.get("bank_loan_amount") else 0)


def purchase_costs(price: int, property_type: str, policy: Policy, loan_count: int = 1) -> int:
    """Document duty on freehold (none on cooperative), and Kartverket's fee for each registered document:
    the deed (or the share's transfer) and one mortgage per loan."""
    duty = round(price * policy.document_duty_percent / 100) if property_type == "freehold" else 0
    return duty + policy.registration_fee_per_document * (1 + loan_count)


def _int(facts: dict[str, Any], name: str) -> int:
    return int(facts.get(name) or 0)


def _figures(policy: Policy, *extra: str) -> dict[str, dict[str, Any]]:
    """The dated figures a calculation used, with their sources: worked out once per policy in force (every
    step to financed, bidding and contracted shows them; `as_json` copies them out)."""
    def shown() -> dict[str, dict[str, Any]]:
        figures = {}
        for name in (*FIGURES, *extra):
            where = policy.source_of(name)
            figures[name] = {"value": policy.figure(name), "from": where.applies_from.isoformat(),
                             "source": where.source}
        return figures

    return _SHOWN.get(policy, extra, shown)


_SHOWN: ByIdentity[dict[str, dict[str, Any]]] = ByIdentity()


def assess(facts: dict[str, Any], household: Household, policy: Policy, price: int | None = None) -> Affordability:
    """The monthly surplus after living costs, debt, fixed costs and the stressed housing cost: on the
    certificate's frame, or (given a `price`) on the home at that price."""
    living, floor, reference, assumed = living_costs(household, policy)
    childcare = _int(facts, "childcare_monthly")
    counted = reference < floor  # the reference budget holds kindergarten; the guideline floor does not
    rate = max(float(facts.get("loan_rate") or 0.0), policy.stress_rate_percent)
    years = int(facts.get("loan_years") or policy.standard_term_years)
    repayment = str(facts.get("repayment") or "annuity")
    kind = str(facts.get("property_type") or policy.frame_property_type)
    frame, equity, grant, bank = (_int(facts, n) for n in ("loan_amount", "equity", "grant_amount", "bank_loan_amount"))
    costs = None
    if price is None:
        loan = frame
    else:
        costs = purchase_costs(price, kind, policy, loans(facts))
        loan = max(0, min(frame, price + costs - equity - grant - bank))
    bank_rate = policy.bank_stress_rate_percent(float(facts.get("bank_loan_rate") or 0.0)) if bank else None
    bank_years = int(facts.get("bank_loan_years") or policy.standard_term_years) if bank else None
    bank_payment = payment(bank, bank_rate, bank_years) if bank and bank_rate and bank_years else 0
    defaults = policy.running_costs(kind)
    from_policy = tuple(item for item in RUNNING if facts.get(f"{item}_monthly") is None)
    running = {item: defaults[item] if item in from_policy else _int(facts, f"{item}_monthly") for item in RUNNING}
    common = _int(facts, "common_costs_monthly")
    loan_payment = payment(loan, rate, years, repayment)
    housing = loan_payment + bank_payment + common + sum(running.values())
    income, debt, fixed = _int(facts, "income_monthly"), _int(facts, "debt_monthly"), _int(facts, "fixed_costs_monthly")
    extra = ["bank_stress_add_points", "bank_stress_minimum_percent"] if bank else []
    extra += [f"running_costs_{kind}"] if from_policy else []
    return Affordability(
        basis="frame" if price is None else "home", income=income, living_costs=living, living_floor=floor,
        reference_budget=reference, living_basis="floor" if counted else "reference", childcare=childcare,
        childcare_counted=counted, debt=debt, fixed_costs=fixed, loan=loan, rate_percent=rate, years=years,
        repayment=repayment, loan_payment=loan_payment, bank_loan=bank, bank_rate_percent=bank_rate,
        bank_years=bank_years, bank_payment=bank_payment, common_costs=common, property_type=kind, running=running,
        running_from_policy=from_policy, running_costs=sum(running.values()), housing_cost=housing,
        surplus=income - living - (childcare if counted else 0) - debt - fixed - housing,
        children_ages_assumed=assumed, price=price, purchase_costs=costs, equity=equity if price else 0,
        grant=grant if price else 0, figures=_figures(policy, *extra),
    )


@dataclass(frozen=True)
class FrameCheck:
    price: int
    purchase_costs: int
    loan: int
    grant: int
    equity: int
    bank_loan: int = 0

    @property
    def total(self) -> int:
        return self.price + self.purchase_costs

    @property
    def frame(self) -> int:
        return self.loan + self.grant + self.equity + self.bank_loan

    @property
    def passes(self) -> bool:
        return self.total <= self.frame

    def as_json(self) -> dict[str, Any]:
        return {"price": self.price, "purchase_costs": self.purchase_costs, "total": self.total,
                "frame": self.frame, "passes": self.passes, "bank_loan": self.bank_loan}


def frame_check(price: int, property_type: str, facts: dict[str, Any], policy: Policy) -> FrameCheck:
    """Whether price plus purchase costs fit in loan + grant + equity (+ a bank loan beside the startlån)."""
    return FrameCheck(
        price=price,
        purchase_costs=purchase_costs(price, property_type, policy, loans(facts)),
        loan=_int(facts, "loan_amount"),
        grant=_int(facts, "grant_amount"),
        equity=_int(facts, "equity"),
        bank_loan=_int(facts, "bank_loan_amount"),
    )
