"""The guards of the journey (domain.md's transition table): each refuses, with the right requirement, when
one of its facts is missing or wrong.

Two layers: the pure guard functions (`states.guards.unmet`), fast and with the boundary cases; and the
command line (`rto case advance`), where a refusal exits 3, says what is missing, changes nothing and is
recorded once in the case's history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

import pytest
from conftest import OSLO
from helpers import case_at, grant_help, receive_papers

from notifications.formatting import LocaleFormats
from states.affordability import Household
from states.guards import GUARDS, GuardInput, unmet
from states.journey import STEPS, CaseState, StepKind, step_between
from states.messages import render
from states.policy import Policy, PolicyBook
from workflow.config import load_settings

TODAY = date(2026, 3, 2)
UNIT = "Kirkegata 3 H0101"
# Two adults and a child of 7, renting a municipal unit: as helpers.new_household builds them.
FAMILY = Household(adults=2, children=1, child_ages=(7,), municipal_unit=UNIT)
APPLICANT = Household(adults=2, children=1, child_ages=(7,), municipal_unit=None)


def days(n: int) -> str:
    return (TODAY + timedelta(days=n)).isoformat()


# The guards' arithmetic below is worked at 7.0 % (a policy rate of 4.5 %) without a home's running costs: a
# test policy on top of the shipped one. (The shipped 2026 figures have worked cases in
# test_affordability_worked.py.)
NO_RUNNING = {"electricity": 0, "insurance": 0, "municipal_fees": 0, "maintenance": 0}
AT_SEVEN = {"from": date(2026, 1, 2), "policy_rate_percent": 4.5, "running_costs_freehold": NO_RUNNING,
            "running_costs_cooperative": NO_RUNNING}


@cache
def policy() -> Policy:
    return PolicyBook([*load_settings(None, {}).policy, AT_SEVEN]).on(TODAY)


# The guards below are about facts: the case's help is granted (an approved enkeltvedtak) unless a test says
# otherwise, and the papers' checklist is left empty (the papers have tests of their own).
GRANTED = {"help_granted": "approved"}


def check(source: str, dest: str, facts: dict[str, Any], household: Household = FAMILY,
          today: date = TODAY, decisions: dict[str, str] | None = None) -> list[tuple[str, dict[str, Any]]]:
    """The unmet requirements of the step, as (code, params)."""
    step = step_between(CaseState(source), CaseState(dest))
    assert step is not None and step.kind is StepKind.ADVANCE
    found = unmet(step, GuardInput(facts, household, today, policy(),
                                   decisions=GRANTED if decisions is None else decisions))
    return [(r.code, r.params) for r in found]


def codes(source: str, dest: str, facts: dict[str, Any], household: Household = FAMILY,
          today: date = TODAY, decisions: dict[str, str] | None = None) -> list[str]:
    return [code for code, _params in check(source, dest, facts, household, today, decisions)]


def changed(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """`base` with `changes` applied; a change to None removes the fact (not recorded)."""
    facts = {**base, **changes}
    return {k: v for k, v in facts.items() if v is not None}


# --- facts that meet each guard on TODAY -------------------------------------------------------------------

MOTIVATED = {"consent": True, "income_monthly": 62000, "income_predictable": True, "plan_agreed": True}
# Loan 2,800,000 at the 7.0 % stress rate over 30 years: 18,629 a month (18,628.47 rounded up).
# Living costs for 2 adults + a child of 7: reference budget 6,500 + 2 x 10,500 + 5,300 = 32,800
# (the guideline floor is 13,100 + 3,950 = 17,050). Surplus: 62,000 - 32,800 - 1,500 - 0 - 18,629 = 9,071.
FINANCED = {**MOTIVATED, "debt_monthly": 1500, "fixed_costs_monthly": 0, "loan_amount": 2_800_000,
            "grant_amount": 100_000, "equity": 50_000, "certificate_issued": days(-30),
            "certificate_expires": days(90)}
# The frame: 2,800,000 + 100,000 + 50,000 = 2,950,000.
FRAME = 2_950_000
# Kartverket's 545 kr for each document: the deed (or the share's transfer) and the startlån's mortgage.
COOPERATIVE_FEES = 1_090
FREEHOLD_FEES = 1_090
BIDDING = {**FINANCED, "property": "Kirkeveien 12, 4306 Sandnes", "property_type": "cooperative",
           "asking_price": 2_700_000, "property_approved": True, "bid_amount": 2_750_000, "bid_result": "pending"}
CONTRACTED = {**BIDDING, "bid_result": "accepted", "purchase_price": 2_750_000, "contract_date": days(-10),
              "takeover_date": days(20)}
MOVED_IN = {**CONTRACTED, "takeover_date": TODAY.isoformat(), "tenancy_ended": True}


def test_every_step_of_the_journey_table_has_a_guard_and_no_other_step_does():
    journey = {
        ("screened", "motivated"), ("motivated", "financed"), ("financed", "searching"),
        ("searching", "bidding"), ("bidding", "searching"), ("bidding", "contracted"),
        ("contracted", "moved_in"),
    }
    assert {(a.value, b.value) for a, b in GUARDS} == journey
    advances = {(s.source.value, s.dest.value) for s in STEPS if s.kind is StepKind.ADVANCE}
    assert advances == journey


def test_pausing_closing_and_resuming_have_no_fact_guards():
    empty = GuardInput({}, FAMILY, TODAY, policy())
    for step in STEPS:
        if step.kind is not StepKind.ADVANCE:
            assert unmet(step, empty) == [], step


@pytest.mark.parametrize(
    ("source", "dest", "facts", "household"),
    [
        ("screened", "motivated", MOTIVATED, FAMILY),
        ("motivated", "financed", FINANCED, FAMILY),
        ("financed", "searching", FINANCED, FAMILY),
        ("searching", "bidding", BIDDING, FAMILY),
        ("bidding", "searching", {**BIDDING, "bid_result": "lost"}, FAMILY),
        ("bidding", "contracted", CONTRACTED, FAMILY),
        ("contracted", "moved_in", MOVED_IN, FAMILY),
    ],
    ids=["motivated", "financed", "searching", "bidding", "back to searching", "contracted", "moved_in"],
)
def test_a_case_with_every_fact_in_order_meets_the_guard(source, dest, facts, household):
    assert check(source, dest, facts, household) == []


# --- screened -> motivated ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param({"consent": None}, [("consent_missing", {"fact": "consent"})], id="consent not recorded"),
        pytest.param({"consent": False}, [("consent_missing_no", {"fact": "consent"})], id="consent is no"),
        pytest.param({"income_monthly": None}, [("fact_missing", {"fact": "income_monthly"})],
                     id="income not recorded"),
        pytest.param({"income_predictable": None}, [("income_unpredictable", {"fact": "income_predictable"})],
                     id="predictability not recorded"),
        pytest.param({"income_predictable": False}, [("income_unpredictable_no", {"fact": "income_predictable"})],
                     id="income not predictable"),
        pytest.param({"plan_agreed": None}, [("plan_missing", {"fact": "plan_agreed"})], id="plan not recorded"),
        pytest.param({"plan_agreed": False}, [("plan_missing_no", {"fact": "plan_agreed"})], id="plan not agreed"),
    ],
)
def test_a_household_becomes_motivated_only_with_consent_a_predictable_income_and_an_agreed_plan(change, expected):
    assert check("screened", "motivated", changed(MOTIVATED, change)) == expected


def test_a_freshly_screened_case_is_told_everything_it_lacks_for_motivated_at_once():
    assert codes("screened", "motivated", {}, decisions={}) == [
        "consent_missing", "fact_missing", "income_unpredictable", "plan_missing", "decision_missing"]


# --- motivated -> financed ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param({"loan_amount": None}, ["certificate_missing"], id="no loan frame"),
        pytest.param({"loan_amount": 0}, ["certificate_missing"], id="loan frame of 0"),
        pytest.param({"certificate_expires": None}, ["fact_missing"], id="no expiry date"),
        pytest.param({"certificate_expires": days(0)}, ["certificate_expired"], id="expires today"),
        pytest.param({"certificate_expires": days(-30)}, ["certificate_expired"], id="expired a month ago"),
        pytest.param({"loan_years": 51}, ["term_too_long"], id="term over 50 years"),
        pytest.param({"income_monthly": None}, ["fact_missing"], id="income not recorded"),
        pytest.param({"debt_monthly": None}, ["fact_missing"], id="debt not recorded"),
        pytest.param({"fixed_costs_monthly": None}, ["fact_missing"], id="fixed costs not recorded"),
        pytest.param({"income_monthly": 40_000}, ["unaffordable"], id="income too low"),
        pytest.param({"debt_monthly": 11_000}, ["unaffordable"], id="too much debt"),
    ],
)
def test_a_case_is_financed_only_with_a_live_certificate_and_a_loan_it_can_carry(change, expected):
    assert codes("motivated", "financed", changed(FINANCED, change)) == expected


def test_a_certificate_expiring_today_is_refused_for_financed_but_one_expiring_tomorrow_passes():
    assert check("motivated", "financed", changed(FINANCED, {"certificate_expires": days(0)})) == [
        ("certificate_expired", {"expires": "2026-03-02", "on": "2026-03-02"})]
    assert check("motivated", "financed", changed(FINANCED, {"certificate_expires": days(1)})) == []


def test_the_missing_fact_of_a_financing_refusal_is_named():
    refusal = check("motivated", "financed", changed(FINANCED, {"debt_monthly": None, "certificate_expires": None}))
    assert refusal == [("fact_missing", {"fact": "certificate_expires"}),
                       ("fact_missing", {"fact": "debt_monthly"})]


def test_a_term_of_exactly_the_maximum_50_years_is_allowed_and_51_is_not():
    reason = {"term_reason": "Varig lav inntekt; boligen dekker behovet lenge"}  # above the standard 30 years
    assert codes("motivated", "financed", changed(FINANCED, {"loan_years": 50, **reason})) == []
    assert check("motivated", "financed", changed(FINANCED, {"loan_years": 51})) == [
        ("term_too_long", {"years": 51, "max": 50})]


def test_a_surplus_of_exactly_zero_passes_affordability_and_one_krone_short_fails():
    # Living 32,800 + debt 1,500 + fixed 0 + annuity 18,629 + common costs 0 = 52,929 a month.
    assert codes("motivated", "financed", changed(FINANCED, {"income_monthly": 52_929})) == []
    refusal = check("motivated", "financed", changed(FINANCED, {"income_monthly": 52_928}))
    assert [code for code, _ in refusal] == ["unaffordable"]
    shown = refusal[0][1]
    assert shown["surplus"] == -1
    assert (shown["income"], shown["living_costs"], shown["debt"], shown["fixed_costs"], shown["housing_cost"],
            shown["loan_payment"], shown["rate_percent"], shown["years"]) == (
        52_928, 32_800, 1_500, 0, 18_629, 18_629, 7.0, 30)
    assert shown["passes"] is False


def test_common_costs_count_against_the_surplus_for_financed():
    refusal = check("motivated", "financed",
                    changed(FINANCED, {"income_monthly": 52_929, "common_costs_monthly": 2_500}))
    assert [(code, params["surplus"], params["housing_cost"]) for code, params in refusal] == [
        ("unaffordable", -2_500, 21_129)]


def test_a_recorded_rate_below_the_stress_rate_does_not_soften_the_financing_test():
    refusal = check("motivated", "financed", changed(FINANCED, {"income_monthly": 52_928, "loan_rate": 4.9}))
    assert [(code, params["rate_percent"]) for code, params in refusal] == [("unaffordable", 7.0)]


def test_a_larger_household_needs_a_larger_surplus_to_be_financed():
    # Two more children of unknown age: each at the dearest band, 6,250 a month in the reference budget.
    bigger = Household(adults=2, children=3, child_ages=(7,), municipal_unit=UNIT)
    assert codes("motivated", "financed", FINANCED, household=FAMILY) == []
    refusal = check("motivated", "financed", FINANCED, household=bigger)
    assert [(code, params["living_costs"], params["surplus"]) for code, params in refusal] == [
        ("unaffordable", 45_300, 9_071 - 12_500)]


# --- financed -> searching ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param({"loan_amount": None}, [("certificate_missing", {"fact": "loan_amount"})], id="no loan frame"),
        pytest.param({"loan_amount": 0}, [("certificate_missing", {"fact": "loan_amount"})], id="loan frame 0"),
        pytest.param({"certificate_expires": None}, [("fact_missing", {"fact": "certificate_expires"})],
                     id="no expiry date"),
        pytest.param({"certificate_expires": days(-1)},
                     [("certificate_invalid", {"expires": "2026-03-01", "on": "2026-03-02"})], id="expired yesterday"),
        pytest.param({"certificate_issued": days(1)},
                     [("certificate_not_yet", {"issued": "2026-03-03", "on": "2026-03-02"})], id="issued tomorrow"),
    ],
)
def test_a_case_starts_searching_only_with_a_certificate_valid_today(change, expected):
    assert check("financed", "searching", changed(FINANCED, change)) == expected


def test_a_certificate_expiring_today_is_still_valid_for_searching_but_not_one_that_expired_yesterday():
    assert codes("financed", "searching", changed(FINANCED, {"certificate_expires": days(0)})) == []
    assert codes("financed", "searching", changed(FINANCED, {"certificate_expires": days(-1)})) == [
        "certificate_invalid"]


def test_a_case_without_loan_frame_or_expiry_is_told_both_when_asking_to_be_financed():
    facts = changed(FINANCED, {"loan_amount": None, "certificate_expires": None})
    assert check("motivated", "financed", facts) == [
        ("certificate_missing", {"fact": "loan_amount"}), ("fact_missing", {"fact": "certificate_expires"})]


def test_a_case_without_loan_frame_or_expiry_is_told_both_when_asking_to_start_searching():
    facts = changed(FINANCED, {"loan_amount": None, "certificate_expires": None})
    assert check("financed", "searching", facts) == [
        ("certificate_missing", {"fact": "loan_amount"}), ("fact_missing", {"fact": "certificate_expires"})]


def test_a_certificate_issued_today_is_valid_for_searching_today():
    assert codes("financed", "searching", changed(FINANCED, {"certificate_issued": days(0)})) == []


# --- searching -> bidding -----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param({"property": None}, [("fact_missing", {"fact": "property"})], id="no property"),
        pytest.param({"property_approved": None}, [("property_not_approved", {"fact": "property_approved"})],
                     id="approval not recorded"),
        pytest.param({"property_approved": False}, [("property_not_approved_no", {"fact": "property_approved"})],
                     id="property not approved"),
        pytest.param({"bid_amount": None}, [("fact_missing", {"fact": "bid_amount"})], id="no bid"),
        pytest.param({"property_type": None}, [("fact_missing", {"fact": "property_type"})], id="no property type"),
        pytest.param({"certificate_expires": days(-1)},
                     [("certificate_invalid", {"expires": "2026-03-01", "on": "2026-03-02"})],
                     id="certificate expired"),
        pytest.param({"certificate_issued": days(3)},
                     [("certificate_not_yet", {"issued": "2026-03-05", "on": "2026-03-02"})],
                     id="certificate not yet issued"),
    ],
)
def test_bidding_needs_an_approved_property_a_bid_within_the_frame_and_a_valid_certificate(change, expected):
    assert check("searching", "bidding", changed(BIDDING, change)) == expected


def test_a_cooperative_bid_plus_costs_exactly_equal_to_the_frame_passes_and_one_krone_more_fails():
    at_frame = FRAME - COOPERATIVE_FEES  # 2,948,910 + 1,090 = 2,950,000
    assert codes("searching", "bidding", changed(BIDDING, {"bid_amount": at_frame})) == []
    assert check("searching", "bidding", changed(BIDDING, {"bid_amount": at_frame + 1})) == [
        ("over_frame", {"what": "bid_amount", "price": 2_948_911, "costs": 1_090, "total": 2_950_001,
                        "frame": 2_950_000, "loan": 2_800_000, "grant": 100_000, "equity": 50_000})]


def test_a_freehold_bid_plus_document_duty_and_fees_exactly_equal_to_the_frame_passes_and_one_krone_more_fails():
    # 2,876,985 + 2.5 % (71,924.625, rounded to 71,925) + 1,090 = 2,950,000; a krone more: 2,950,001
    freehold = {"property_type": "freehold"}
    assert codes("searching", "bidding", changed(BIDDING, {**freehold, "bid_amount": 2_876_985})) == []
    refusal = check("searching", "bidding", changed(BIDDING, {**freehold, "bid_amount": 2_876_986}))
    assert [(c, p["costs"], p["total"], p["frame"]) for c, p in refusal] == [
        ("over_frame", 71_925 + FREEHOLD_FEES, 2_950_001, FRAME)]


def test_the_same_bid_fits_the_frame_on_a_cooperative_but_not_on_a_freehold_because_of_document_duty():
    bid = {"bid_amount": 2_900_000}
    # cooperative: 2,900,000 + 1,090 = 2,901,090; freehold: 2,900,000 + 72,500 + 1,090 = 2,973,590
    assert codes("searching", "bidding", changed(BIDDING, {**bid, "property_type": "cooperative"})) == []
    refusal = check("searching", "bidding", changed(BIDDING, {**bid, "property_type": "freehold"}))
    assert [(c, p["costs"], p["total"]) for c, p in refusal] == [("over_frame", 73_590, 2_973_590)]


def test_grant_and_equity_count_in_the_frame_for_a_bid():
    bid = {"bid_amount": 2_800_000}  # + 1,090 in fees: within 2,950,000, but not within the loan alone
    assert codes("searching", "bidding", changed(BIDDING, bid)) == []
    refusal = check("searching", "bidding", changed(BIDDING, {**bid, "grant_amount": None, "equity": None}))
    assert [(c, p["frame"], p["grant"], p["equity"]) for c, p in refusal] == [("over_frame", 2_800_000, 0, 0)]


def test_a_searching_case_with_nothing_recorded_for_the_property_is_told_everything_it_lacks():
    facts = {k: v for k, v in BIDDING.items()
             if k not in ("property", "property_type", "property_approved", "bid_amount", "asking_price")}
    assert check("searching", "bidding", facts) == [
        ("fact_missing", {"fact": "property"}),
        ("property_not_approved", {"fact": "property_approved"}),
        ("fact_missing", {"fact": "bid_amount"}),
        ("fact_missing", {"fact": "property_type"}),
    ]


# --- bidding -> searching -----------------------------------------------------------------------------------

@pytest.mark.parametrize("result", ["lost", "withdrawn"])
def test_a_lost_or_withdrawn_bid_sends_the_case_back_to_searching(result):
    assert codes("bidding", "searching", changed(BIDDING, {"bid_result": result})) == []


@pytest.mark.parametrize("result", ["pending", "accepted", None])
def test_a_case_goes_back_to_searching_only_when_the_bid_is_lost_or_withdrawn(result):
    assert check("bidding", "searching", changed(BIDDING, {"bid_result": result})) == [
        ("bid_not_lost", {"result": result})]


# --- bidding -> contracted ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param({"bid_result": "pending"}, [("bid_not_accepted", {"result": "pending"})], id="bid pending"),
        pytest.param({"bid_result": "lost"}, [("bid_not_accepted", {"result": "lost"})], id="bid lost"),
        pytest.param({"bid_result": None}, [("bid_not_accepted", {"result": None})], id="no bid result"),
        pytest.param({"purchase_price": None}, [("fact_missing", {"fact": "purchase_price"})], id="no price"),
        pytest.param({"property_type": None}, [("fact_missing", {"fact": "property_type"})], id="no property type"),
        pytest.param({"contract_date": None}, [("fact_missing", {"fact": "contract_date"})], id="no contract date"),
        pytest.param({"takeover_date": None}, [("fact_missing", {"fact": "takeover_date"})], id="no takeover date"),
        pytest.param({"takeover_date": days(-11)},
                     [("takeover_before_contract", {"contract": days(-10), "takeover": days(-11)})],
                     id="takeover before contract"),
        pytest.param({"contract_date": days(91), "takeover_date": days(120)},
                     [("certificate_invalid_on_contract", {"expires": days(90), "on": days(91)})],
                     id="contract after expiry"),
        pytest.param({"contract_date": days(-31)},
                     [("certificate_not_yet", {"issued": days(-30), "on": days(-31)})],
                     id="contract before the certificate was issued"),
        pytest.param({"loan_amount": None, "purchase_price": 100_000},
                     [("certificate_missing", {"fact": "loan_amount"})], id="no certificate"),
    ],
)
def test_a_contract_needs_an_accepted_bid_a_price_within_the_frame_both_dates_and_a_certificate_valid_then(
        change, expected):
    assert check("bidding", "contracted", changed(CONTRACTED, change)) == expected


def test_a_purchase_price_plus_costs_exactly_equal_to_the_frame_passes_and_one_krone_more_fails():
    assert codes("bidding", "contracted", changed(CONTRACTED, {"purchase_price": 2_948_910})) == []
    refusal = check("bidding", "contracted", changed(CONTRACTED, {"purchase_price": 2_948_911}))
    assert [(c, p["what"], p["total"], p["frame"]) for c, p in refusal] == [
        ("over_frame", "purchase_price", 2_950_001, 2_950_000)]


def test_a_freehold_purchase_price_pays_document_duty_in_the_contract_frame_check():
    freehold = {"property_type": "freehold"}
    assert codes("bidding", "contracted", changed(CONTRACTED, {**freehold, "purchase_price": 2_876_985})) == []
    assert codes("bidding", "contracted", changed(CONTRACTED, {**freehold, "purchase_price": 2_876_986})) == [
        "over_frame"]


def test_takeover_on_the_contract_day_is_allowed():
    same_day = {"contract_date": days(0), "takeover_date": days(0)}
    assert codes("bidding", "contracted", changed(CONTRACTED, same_day)) == []


def test_a_contract_signed_on_the_certificates_last_day_is_accepted_even_after_it_has_expired():
    on_last_day = {"certificate_expires": days(-5), "contract_date": days(-5), "takeover_date": days(10),
                   "certificate_issued": days(-60)}
    assert codes("bidding", "contracted", changed(CONTRACTED, on_last_day)) == []
    day_after = {**on_last_day, "contract_date": days(-4)}
    assert codes("bidding", "contracted", changed(CONTRACTED, day_after)) == ["certificate_invalid_on_contract"]


def test_a_bidding_case_with_no_contract_facts_is_told_everything_it_lacks():
    assert codes("bidding", "contracted", BIDDING) == [
        "bid_not_accepted", "fact_missing", "fact_missing", "fact_missing"]
    assert [p.get("fact") for _c, p in check("bidding", "contracted", BIDDING)[1:]] == [
        "purchase_price", "contract_date", "takeover_date"]


# --- contracted -> moved_in ---------------------------------------------------------------------------------

def test_a_household_moves_in_on_the_takeover_date_but_not_the_day_before():
    assert codes("contracted", "moved_in", changed(MOVED_IN, {"takeover_date": days(0)})) == []
    assert check("contracted", "moved_in", changed(MOVED_IN, {"takeover_date": days(1)})) == [
        ("takeover_not_reached", {"takeover": days(1), "on": days(0)})]


def test_moving_in_needs_a_takeover_date():
    assert check("contracted", "moved_in", changed(MOVED_IN, {"takeover_date": None})) == [
        ("fact_missing", {"fact": "takeover_date"})]


@pytest.mark.parametrize("ended", [None, False], ids=["not recorded", "recorded as no"])
def test_a_municipal_tenant_moves_in_only_once_the_tenancy_has_ended(ended):
    assert check("contracted", "moved_in", changed(MOVED_IN, {"tenancy_ended": ended})) == [
        ("tenancy_not_ended", {"unit": UNIT})]


def test_an_applicant_without_a_municipal_unit_needs_no_ended_tenancy_to_move_in():
    assert codes("contracted", "moved_in", changed(MOVED_IN, {"tenancy_ended": None}), household=APPLICANT) == []


def test_moving_in_before_takeover_and_before_the_tenancy_ends_lists_both():
    facts = changed(MOVED_IN, {"takeover_date": days(14), "tenancy_ended": None})
    assert codes("contracted", "moved_in", facts) == ["takeover_not_reached", "tenancy_not_ended"]


# ============================================================================================================
# Through the command line: `rto case advance N <target>`, refused.
# ============================================================================================================

@pytest.fixture
def live_app(app, clock):
    """The `app` with its clock on the real now, so that what it builds agrees with the CLI's real today."""
    clock.current = datetime.now(OSLO)
    return app


@dataclass(frozen=True)
class Refusal:
    """A case brought to `source`, then `sets` recorded with `rto case set`; advancing to `target` is refused."""

    source: str
    target: str
    sets: tuple[str, ...]
    codes: tuple[str, ...]
    phrase: str  # part of the Norwegian sentence a caseworker reads on stderr
    case_kw: dict[str, Any] = field(default_factory=dict)
    # Before the attempt, the case's help is granted (for `motivated`) and the papers for `target` received,
    # so that what is refused is what the refusal is about; a fresh case lacks those too.
    prepared: bool = True


REFUSALS = [
    pytest.param(Refusal("screened", "motivated", (), ("consent_missing", "fact_missing", "income_unpredictable",
                                                       "plan_missing", "decision_missing"),
                         "Netto månedsinntekt (income_monthly) er ikke registrert.", prepared=False),
                 id="screened-motivated: nothing recorded yet"),
    pytest.param(Refusal("screened", "motivated",
                         ("consent=no", "income_monthly=62000", "income_predictable=yes", "plan_agreed=yes"),
                         ("consent_missing_no",), "Husstanden har ikke samtykket (consent er registrert som nei)."),
                 id="screened-motivated: the household said no"),
    pytest.param(Refusal("screened", "motivated",
                         ("consent=yes", "income_monthly=62000", "income_predictable=no", "plan_agreed=yes"),
                         ("income_unpredictable_no",), "Inntekten er registrert som ikke forutsigbar"),
                 id="screened-motivated: unpredictable income"),
    pytest.param(Refusal("motivated", "financed",
                         ("loan_amount=2800000", "certificate_issued={today}", "certificate_expires={today}"),
                         ("certificate_expired",), "utløpsdatoen må være etter"),
                 id="motivated-financed: certificate expires today"),
    pytest.param(Refusal("motivated", "financed",
                         ("loan_amount=2800000", "certificate_expires={in90}", "income_monthly=40000"),
                         ("unaffordable",), "Husstanden kan ikke betjene finansieringsbevisets ramme: overskuddet er"),
                 id="motivated-financed: income too low"),
    pytest.param(Refusal("motivated", "financed", ("certificate_expires={in90}",),
                         ("certificate_missing",), "lånerammen må være over 0 kr"),
                 id="motivated-financed: no loan frame"),
    pytest.param(Refusal("financed", "searching", ("certificate_expires={yesterday}",),
                         ("certificate_invalid",), "Finansieringsbeviset er ikke gyldig"),
                 id="financed-searching: certificate expired yesterday"),
    pytest.param(Refusal("financed", "searching", ("certificate_issued={tomorrow}",),
                         ("certificate_not_yet",), "gjelder fra"),
                 id="financed-searching: certificate issued tomorrow"),
    pytest.param(Refusal("searching", "bidding",
                         ("property=Kirkeveien 12, 4306 Sandnes", "property_type=cooperative",
                          "property_approved=no", "bid_amount=2750000"),
                         ("property_not_approved_no",), "Boligen er registrert som ikke godkjent av kommunen"),
                 id="searching-bidding: property not approved"),
    pytest.param(Refusal("searching", "bidding",
                         ("property=Kirkeveien 12, 4306 Sandnes", "property_type=cooperative",
                          "property_approved=yes", "bid_amount=2948911"),
                         ("over_frame",), "= 2\u00a0950\u00a0001\u00a0kr er over rammen 2\u00a0950\u00a0000\u00a0kr"),
                 id="searching-bidding: bid one krone over the frame"),
    pytest.param(Refusal("searching", "bidding",
                         ("property=Storgata 5", "property_approved=yes", "bid_amount=2500000",
                          "certificate_expires={yesterday}"),
                         ("fact_missing", "certificate_invalid"), "Eierform (property_type) er ikke registrert."),
                 id="searching-bidding: no property type, certificate expired"),
    pytest.param(Refusal("bidding", "searching", (), ("bid_not_lost",),
                         "Budet er ikke registrert som tapt eller trukket"),
                 id="bidding-searching: bid still pending"),
    pytest.param(Refusal("bidding", "contracted", (), ("bid_not_accepted", "fact_missing", "fact_missing",
                                                      "fact_missing"),
                         "Budet er ikke registrert som akseptert"),
                 id="bidding-contracted: bid pending, no contract facts"),
    pytest.param(Refusal("bidding", "contracted",
                         ("bid_result=accepted", "purchase_price=2750000", "contract_date={today}",
                          "takeover_date={yesterday}"),
                         ("takeover_before_contract",), "er før kontraktsdatoen"),
                 id="bidding-contracted: takeover before contract"),
    pytest.param(Refusal("bidding", "contracted",
                         ("bid_result=accepted", "purchase_price=2948911", "contract_date={today}",
                          "takeover_date={in90}"),
                         ("over_frame",), "Kjøpesum (purchase_price)"),
                 id="bidding-contracted: price one krone over the frame"),
    pytest.param(Refusal("contracted", "moved_in", (), ("tenancy_not_ended",),
                         "Leieforholdet i den kommunale boligen Kirkegata 3 H0101 er ikke avsluttet"),
                 id="contracted-moved_in: tenancy not ended"),
    pytest.param(Refusal("contracted", "moved_in", ("takeover_date={tomorrow}", "tenancy_ended=yes"),
                         ("takeover_not_reached",), "er ikke nådd"),
                 id="contracted-moved_in: takeover tomorrow"),
]


def _real_days() -> dict[str, str]:
    today = datetime.now(OSLO).date()
    return {"today": today.isoformat(), "tomorrow": (today + timedelta(days=1)).isoformat(),
            "yesterday": (today - timedelta(days=1)).isoformat(), "in90": (today + timedelta(days=90)).isoformat()}


def _sentences(requirements: list[dict[str, Any]]) -> list[str]:
    formats = LocaleFormats("nb", "Europe/Oslo")
    return [render(r["code"], r["params"], "nb", formats) for r in requirements]


@pytest.mark.parametrize("refusal", REFUSALS)
def test_a_refused_advance_exits_3_says_what_is_missing_changes_nothing_and_is_recorded_once(
        live_app, rto, refusal: Refusal):
    case_id = case_at(live_app, refusal.source, **refusal.case_kw)
    if refusal.prepared:
        if refusal.target == "motivated":
            grant_help(live_app, case_id)
        receive_papers(live_app, case_id, refusal.target)
    when = _real_days()
    if refusal.sets:
        done = rto("case", "set", case_id, *[word.format(**when) for word in refusal.sets])
        assert done.code == 0, done
    before = rto("case", "show", case_id, "--json")
    assert before.code == 0, before
    assert before.json["state"] == refusal.source
    assert before.json["blocked_codes"][refusal.target] == list(refusal.codes)
    history_before = rto("case", "history", case_id, "--json").json

    attempt = rto("case", "advance", case_id, refusal.target)

    assert attempt.code == 3, attempt
    assert attempt.out == ""
    assert f"Sak {case_id} kan ikke gå fra" in attempt.err
    assert refusal.phrase in attempt.err
    assert "Traceback" not in attempt.err

    after = rto("case", "show", case_id, "--json").json
    assert (after["state"], after["version"]) == (refusal.source, before.json["version"])
    assert after["facts"] == before.json["facts"]

    history = rto("case", "history", case_id, "--json").json
    assert history[: len(history_before)] == history_before
    appended = history[len(history_before):]
    assert [e["kind"] for e in appended] == ["refused"]
    event = appended[0]
    assert (event["from_state"], event["to_state"], event["actor"]) == (refusal.source, refusal.target, "ola")
    requirements = event["details"]["requirements"]
    assert [r["code"] for r in requirements] == list(refusal.codes)
    for sentence in _sentences(requirements):
        assert sentence in attempt.err


def test_a_refusal_with_json_lists_the_unmet_requirement_codes_on_stdout(live_app, rto):
    case_id = case_at(live_app, "financed")
    assert rto("case", "set", case_id, f"certificate_expires={_real_days()['yesterday']}").code == 0

    attempt = rto("--json", "case", "advance", case_id, "searching")

    assert attempt.code == 3, attempt
    error = attempt.json["error"]
    assert (error["kind"], error["code"], error["exit"]) == ("Refused", "guards_unmet", 3)
    assert [u["code"] for u in error["unmet"]] == ["certificate_invalid"]
    assert "Finansieringsbeviset er ikke gyldig" in attempt.err


def test_the_refusal_is_in_english_when_asked_for(live_app, rto):
    case_id = case_at(live_app, "contracted")

    attempt = rto("--lang", "en", "case", "advance", case_id, "moved_in")

    assert attempt.code == 3, attempt
    assert f"Case {case_id} cannot go from contracted to moved in:" in attempt.err
    assert "The tenancy of municipal unit Kirkegata 3 H0101 has not ended (tenancy_ended=yes)." in attempt.err


def test_an_applicant_household_without_a_municipal_unit_moves_in_without_ending_a_tenancy(live_app, rto):
    case_id = case_at(live_app, "contracted", unit=None)
    receive_papers(live_app, case_id, "moved_in")

    moved = rto("case", "advance", case_id, "moved_in")

    assert moved.code == 0, moved
    assert rto("case", "show", case_id, "--json").json["state"] == "moved_in"
    last = rto("case", "history", case_id, "--json").json[-1]
    assert (last["kind"], last["to_state"]) == ("transition", "moved_in")
    assert last["details"]["relied_on"]["municipal_unit"] is None


def test_once_the_missing_fact_is_recorded_the_same_advance_succeeds(live_app, rto):
    case_id = case_at(live_app, "contracted")
    receive_papers(live_app, case_id, "moved_in")
    assert rto("case", "advance", case_id, "moved_in").code == 3
    version = rto("case", "show", case_id, "--json").json["version"]

    assert rto("case", "set", case_id, "tenancy_ended=yes").code == 0
    moved = rto("case", "advance", case_id, "moved_in")

    assert moved.code == 0, moved
    shown = rto("case", "show", case_id, "--json").json
    assert (shown["state"], shown["version"]) == ("moved_in", version + 2)
    kinds = [e["kind"] for e in rto("case", "history", case_id, "--json").json]
    assert kinds[-3:] == ["refused", "fact_recorded", "transition"]

