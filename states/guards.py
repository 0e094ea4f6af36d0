"""The guards of the journey: pure functions of a case's facts, its household, a day and the policy.

Each returns every unmet requirement (not just the first), so a caseworker sees at once all that is
missing. A requirement is a message code with its figures; `messages.py` turns it into a sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from states.affordability import Affordability, Household, assess, frame_check
from states.decisions import APPROVED, HELP_GRANTED, PROPOSED, only_closing
from states.errors import Requirement
from states.facts import iso_date
from states.journey import CaseState, Step, StepKind
from states.papers import Adult, Paper, PaperSpec, checklist, missing_for, paper_key
from states.policy import Policy

Facts = dict[str, Any]


@dataclass(frozen=True)
class GuardInput:
    """What a guard knows: the case's facts, its household (as of `today`), the policy in force, its decisions
    (the latest status of each kind) and its papers (recorded, against the checklist)."""

    facts: Facts
    household: Household
    today: date
    policy: Policy
    decisions: dict[str, str] = field(default_factory=dict)
    papers: dict[str, Any] = field(default_factory=dict)
    checklist: tuple[PaperSpec, ...] = ()
    # What a step works out twice (the guard, then what it relied on): the calculation per price, the checklist.
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)


def guard_input(facts: Facts, household: Household, today: date, policy: Policy, decisions: dict[str, str],
                papers: dict[str, Any], checklist: tuple[PaperSpec, ...]) -> GuardInput:
    """The guards' input, with the household's people counted as they are on `today`."""
    return GuardInput(facts, household.as_of(today), today, policy, decisions, papers, checklist)


def _adults(g: GuardInput) -> list[Adult]:
    return [Adult(m.id, m.name) for m in g.household.adults_on(g.today)]


def _papers(g: GuardInput, target: CaseState) -> list[Requirement]:
    return missing_for(target.value, g.checklist, _checked(g, target))


def _checked(g: GuardInput, target: CaseState) -> list[Paper]:
    """The papers needed for `target`, each with its status, worked out once per input."""
    key = ("checklist", target)
    if key not in g.memo:
        g.memo[key] = checklist(g.checklist, _adults(g), g.papers, target.value)
    return g.memo[key]  # type: ignore[no-any-return]


def _assessed(g: GuardInput, price: int | None = None) -> Affordability:
    """The affordability calculation on the frame (or the home at `price`), worked out once per input."""
    key = ("assess", price)
    if key not in g.memo:
        g.memo[key] = assess(g.facts, g.household, g.policy, price)
    return g.memo[key]  # type: ignore[no-any-return]


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
    params = {"what": price_fact, "price": check.price, "costs": check.purchase_costs, "total": check.total,
              "frame": check.frame, "loan": check.loan, "grant": check.grant, "equity": check.equity}
    if check.bank_loan:
        return [Requirement("over_frame_with_bank", {**params, "bank_loan": check.bank_loan})]
    return [Requirement("over_frame", params)]


def to_motivated(g: GuardInput) -> list[Requirement]:
    unmet = _yes(g, "consent", "consent_missing")
    unmet += _recorded(g, "income_monthly")
    unmet += _yes(g, "income_predictable", "income_unpredictable")
    unmet += _yes(g, "plan_agreed", "plan_missing")
    granted = g.decisions.get(HELP_GRANTED)
    if granted != APPROVED:  # an enkeltvedtak under the Boligsosial lov (§ 7)
        unmet.append(Requirement("decision_awaiting" if granted == PROPOSED else "decision_missing", {}))
    return unmet


# The requirements no override can set aside, by the refusal that says why: finansavtaleloven § 5-4 obliges the
# lender to refuse a loan the borrower cannot carry (what changes the verdict is a change in the facts); and
# help under the Boligsosial lov is given, refused or ended by an enkeltvedtak, which an override cannot replace.
NOT_OVERRIDABLE = {"unaffordable": "override_affordability", "unaffordable_home": "override_affordability",
                   "decision_missing": "override_decision", "decision_awaiting": "override_decision",
                   "help_refused_in_force": "override_decision"}


def _loan_terms(g: GuardInput) -> list[Requirement]:
    """The term: above the standard only with a recorded reason, never above the maximum; a bank loan beside
    the startlån needs its rate to be stress-tested."""
    unmet: list[Requirement] = []
    years = g.facts.get("loan_years")
    if years is not None and years > g.policy.max_term_years:
        unmet.append(Requirement("term_too_long", {"years": years, "max": g.policy.max_term_years}))
    elif years is not None and years > g.policy.standard_term_years and not g.facts.get("term_reason"):
        unmet.append(Requirement("term_reason_missing", {"years": years, "standard": g.policy.standard_term_years}))
    if g.facts.get("bank_loan_amount") and g.facts.get("bank_loan_rate") is None:
        unmet += _recorded(g, "bank_loan_rate")
    return unmet


def unaffordable(result: Affordability) -> Requirement:
    """The refusal of a calculation that does not hold, with the figures its sentence needs."""
    params = {k: getattr(result, k) for k in ("surplus", "income", "living_costs", "debt", "fixed_costs",
                                              "housing_cost", "loan", "rate_percent", "years", "loan_payment",
                                              "bank_payment", "common_costs", "running_costs", "price")}
    params["passes"] = False
    return Requirement("unaffordable" if result.basis == "frame" else "unaffordable_home", params)


def affordability(g: GuardInput, price_fact: str | None = None) -> list[Requirement]:
    """Whether the household can carry the loan: on the frame, or on the home at `price_fact`'s price."""
    missing = _recorded(g, "income_monthly", "debt_monthly", "fixed_costs_monthly")
    terms = _loan_terms(g)
    price = g.facts.get(price_fact) if price_fact else None
    if missing or terms or not g.facts.get("loan_amount") or (price_fact and price is None):
        return missing + terms  # what is missing first; the verdict once there is something to judge
    result = _assessed(g, price)
    return [] if result.passes else [unaffordable(result)]


def to_financed(g: GuardInput) -> list[Requirement]:
    unmet = _certificate_valid(g, g.today, "certificate_expired", expiry_after=True)
    return unmet + affordability(g)  # told now, not after the certificate is renewed


def to_searching(g: GuardInput) -> list[Requirement]:
    return _certificate_valid(g, g.today)


def to_bidding(g: GuardInput) -> list[Requirement]:
    unmet = _recorded(g, "property")
    unmet += _yes(g, "property_approved", "property_not_approved")
    frame = _within_frame(g, "bid_amount")
    unmet += frame
    unmet += _certificate_valid(g, g.today)
    if not frame:  # within the frame: can the household carry this home?
        unmet += affordability(g, "bid_amount")
    return unmet


def back_to_searching(g: GuardInput) -> list[Requirement]:
    if g.facts.get("bid_result") in ("lost", "withdrawn"):
        return []
    return [Requirement("bid_not_lost", {"result": g.facts.get("bid_result")})]


def to_contracted(g: GuardInput) -> list[Requirement]:
    unmet: list[Requirement] = []
    if g.facts.get("bid_result") != "accepted":
        unmet.append(Requirement("bid_not_accepted", {"result": g.facts.get("bid_result")}))
    frame = _within_frame(g, "purchase_price")
    unmet += frame
    if not frame:
        unmet += affordability(g, "purchase_price")
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
        "loan_amount", "certificate_expires", "loan_years", "term_reason", "loan_rate", "repayment", "income_monthly",
        "debt_monthly", "fixed_costs_monthly", "childcare_monthly", "common_costs_monthly", "bank_loan_amount",
        "bank_loan_rate", "bank_loan_years",
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
    """Every unmet requirement of `step`, its papers included; steps without fact guards (pause, close, ...)
    have none here, except that an approved refusal of help leaves a case nothing but closing."""
    if only_closing(g.decisions) and step.kind not in (StepKind.CLOSE, StepKind.REOPEN):
        return [Requirement("help_refused_in_force", {})]
    if step.kind is not StepKind.ADVANCE:
        return []
    return GUARDS[(step.source, step.dest)](g) + _papers(g, step.dest)


def relied_on(step: Step, g: GuardInput) -> dict[str, Any]:
    """The facts a successful step relied on, with the affordability calculation where it applies."""
    names = RELIES_ON.get((step.source, step.dest), ())
    relied: dict[str, Any] = {n: g.facts[n] for n in names if g.facts.get(n) is not None}
    if (step.source, step.dest) == (CaseState.MOTIVATED, CaseState.FINANCED):
        relied["affordability"] = _assessed(g).as_json()
    price_fact = {(CaseState.SEARCHING, CaseState.BIDDING): "bid_amount",
                  (CaseState.BIDDING, CaseState.CONTRACTED): "purchase_price"}.get((step.source, step.dest))
    if price_fact and g.facts.get(price_fact) is not None and g.facts.get("loan_amount"):
        relied["affordability"] = _assessed(g, g.facts[price_fact]).as_json()
    if (step.source, step.dest) == (CaseState.CONTRACTED, CaseState.MOVED_IN):
        relied["municipal_unit"] = g.household.municipal_unit
    if (step.source, step.dest) == (CaseState.SCREENED, CaseState.MOTIVATED):
        relied["decisions"] = {HELP_GRANTED: g.decisions.get(HELP_GRANTED)}
    papers = {paper_key(p.key, p.member): {"status": p.status, "ref": p.ref, "reason": p.reason}
              for p in _checked(g, step.dest)}
    if papers:
        relied["papers"] = {k: {n: v for n, v in entry.items() if v is not None} for k, entry in papers.items()}
    return relied
