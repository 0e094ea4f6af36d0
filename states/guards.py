"""The guards of the journey: pure functions of a case's facts, its household, a day and the policy.

Each returns every unmet requirement (not just the first), so a caseworker sees at once all that is
missing. A requirement is a message code with its figures; `messages.py` turns it into a sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from states.affordability import Household, assess, frame_check
from states.errors import Requirement
from states.facts import iso_date
from states.journey import CaseState, Step, StepKind
from states.policy import Policy

Facts = dict[str, Any]


@dataclass(frozen=True)
class GuardInput:
    facts: Facts
    household: Household
    today: date
    policy: Policy


Guard = Callable[[GuardInput], list[Requirement]]


def _yes(g: GuardInput, name: str, code: str) -> list[Requirement]:
    value = g.facts.get(name)
    if value is True:
        return []
    return [Requirement(code if value is None else f"{code}_no", {"fact": name})]


def _recorded(g: GuardInput, *names: str) -> list[Requirement]:
    return [Requirement("fact_missing", {"fact": n}) for n in names if g.facts.get(n) is None]


def _certificate_valid(g: GuardInput, on: date, code: str = "certificate_invalid",
                       expiry_after: bool = False) -> list[Requirement]:
    """The certificate: a loan frame above 0, issued by `on`, not expired on `on` (with `expiry_after`,
    expiring strictly after it: a certificate that expires today cannot open a new step)."""
    unmet = [] if g.facts.get("loan_amount") else [Requirement("certificate_missing", {"fact": "loan_amount"})]
    expires = iso_date(g.facts.get("certificate_expires"))
    if expires is None:
        return unmet + [Requirement("fact_missing", {"fact": "certificate_expires"})]
    issued = iso_date(g.facts.get("certificate_issued"))
    if issued is not None and on < issued:
        unmet.append(Requirement("certificate_not_yet", {"issued": issued.isoformat(), "on": on.isoformat()}))
    if on > expires or (expiry_after and on == expires):
        unmet.append(Requirement(code, {"expires": expires.isoformat(), "on": on.isoformat()}))
    return unmet


def _within_frame(g: GuardInput, price_fact: str) -> list[Requirement]:
    price = g.facts.get(price_fact)
    kind = g.facts.get("property_type")
    missing = _recorded(g, price_fact, "property_type")
    if missing or price is None or kind is None:
        return missing
    check = frame_check(price, kind, g.facts, g.policy)
    if check.passes:
        return []
    return [
        Requirement(
            "over_frame",
            {
                "what": price_fact,
                "price": check.price,
                "costs": check.purchase_costs,
                "total": check.total,
                "frame": check.frame,
                "loan": check.loan,
                "grant": check.grant,
                "equity": check.equity,
            },
        )
    ]


def to_motivated(g: GuardInput) -> list[Requirement]:
    unmet = _yes(g, "consent", "consent_missing")
    unmet += _recorded(g, "income_monthly")
    unmet += _yes(g, "income_predictable", "income_unpredictable")
    unmet += _yes(g, "plan_agreed", "plan_missing")
    return unmet


def to_financed(g: GuardInput) -> list[Requirement]:
    unmet = _certificate_valid(g, g.today, "certificate_expired", expiry_after=True)
    years = g.facts.get("loan_years")
    too_long = years is not None and years > g.policy.max_term_years
    if too_long:
        unmet.append(Requirement("term_too_long", {"years": years, "max": g.policy.max_term_years}))
    missing = _recorded(g, "income_monthly", "debt_monthly", "fixed_costs_monthly")
    if missing:
        return unmet + missing
    if g.facts.get("loan_amount") and not too_long:
        result = assess(g.facts, g.household, g.policy)  # told now, not after the certificate is renewed
        if not result.passes:
            unmet.append(Requirement("unaffordable", result.as_json()))
    return unmet


def to_searching(g: GuardInput) -> list[Requirement]:
    return _certificate_valid(g, g.today)


def to_bidding(g: GuardInput) -> list[Requirement]:
    unmet = _recorded(g, "property")
    unmet += _yes(g, "property_approved", "property_not_approved")
    unmet += _within_frame(g, "bid_amount")
    unmet += _certificate_valid(g, g.today)
    return unmet


def back_to_searching(g: GuardInput) -> list[Requirement]:
    if g.facts.get("bid_result") in ("lost", "withdrawn"):
        return []
    return [Requirement("bid_not_lost", {"result": g.facts.get("bid_result")})]


def to_contracted(g: GuardInput) -> list[Requirement]:
    unmet: list[Requirement] = []
    if g.facts.get("bid_result") != "accepted":
        unmet.append(Requirement("bid_not_accepted", {"result": g.facts.get("bid_result")}))
    unmet += _within_frame(g, "purchase_price")
    unmet += _recorded(g, "contract_date", "takeover_date")
    contract, takeover = iso_date(g.facts.get("contract_date")), iso_date(g.facts.get("takeover_date"))
    if contract and takeover and takeover < contract:
        unmet.append(Requirement("takeover_before_contract", {"contract": contract.isoformat(),
                                                              "takeover": takeover.isoformat()}))
    if contract:
        unmet += _certificate_valid(g, contract, "certificate_invalid_on_contract")
    return unmet


def to_moved_in(g: GuardInput) -> list[Requirement]:
    takeover = iso_date(g.facts.get("takeover_date"))
    unmet: list[Requirement] = []
    if takeover is None:
        unmet += _recorded(g, "takeover_date")
    elif takeover > g.today:
        unmet.append(Requirement("takeover_not_reached", {"takeover": takeover.isoformat(),
                                                          "on": g.today.isoformat()}))
    if g.household.municipal_unit and g.facts.get("tenancy_ended") is not True:
        unmet.append(Requirement("tenancy_not_ended", {"unit": g.household.municipal_unit}))
    return unmet


GUARDS: dict[tuple[CaseState, CaseState], Guard] = {
    (CaseState.SCREENED, CaseState.MOTIVATED): to_motivated,
    (CaseState.MOTIVATED, CaseState.FINANCED): to_financed,
    (CaseState.FINANCED, CaseState.SEARCHING): to_searching,
    (CaseState.SEARCHING, CaseState.BIDDING): to_bidding,
    (CaseState.BIDDING, CaseState.SEARCHING): back_to_searching,
    (CaseState.BIDDING, CaseState.CONTRACTED): to_contracted,
    (CaseState.CONTRACTED, CaseState.MOVED_IN): to_moved_in,
}

# The facts each guard reads: a successful step records their values as what it relied on.
RELIES_ON: dict[tuple[CaseState, CaseState], tuple[str, ...]] = {
    (CaseState.SCREENED, CaseState.MOTIVATED): ("consent", "income_monthly", "income_predictable", "plan_agreed"),
    (CaseState.MOTIVATED, CaseState.FINANCED): (
        "loan_amount", "certificate_expires", "loan_years", "loan_rate", "income_monthly", "debt_monthly",
        "fixed_costs_monthly", "common_costs_monthly",
    ),
    (CaseState.FINANCED, CaseState.SEARCHING): ("loan_amount", "certificate_issued", "certificate_expires"),
    (CaseState.SEARCHING, CaseState.BIDDING): (
        "property", "property_type", "property_approved", "bid_amount", "loan_amount", "grant_amount", "equity",
        "certificate_issued", "certificate_expires",
    ),
    (CaseState.BIDDING, CaseState.SEARCHING): ("bid_result",),
    (CaseState.BIDDING, CaseState.CONTRACTED): (
        "bid_result", "purchase_price", "property_type", "loan_amount", "grant_amount", "equity", "contract_date",
        "takeover_date", "certificate_issued", "certificate_expires",
    ),
    (CaseState.CONTRACTED, CaseState.MOVED_IN): ("takeover_date", "tenancy_ended"),
}


def unmet(step: Step, g: GuardInput) -> list[Requirement]:
    """Every unmet requirement of `step`; steps without fact guards (pause, close, ...) have none here."""
    if step.kind is not StepKind.ADVANCE:
        return []
    return GUARDS[(step.source, step.dest)](g)


def relied_on(step: Step, g: GuardInput) -> dict[str, Any]:
    """The facts a successful step relied on, with the affordability calculation where it applies."""
    names = RELIES_ON.get((step.source, step.dest), ())
    relied: dict[str, Any] = {n: g.facts[n] for n in names if g.facts.get(n) is not None}
    if (step.source, step.dest) == (CaseState.MOTIVATED, CaseState.FINANCED):
        relied["affordability"] = assess(g.facts, g.household, g.policy).as_json()
    if (step.source, step.dest) == (CaseState.CONTRACTED, CaseState.MOVED_IN):
        relied["municipal_unit"] = g.household.municipal_unit
    return relied
