"""Affordability (betjeningsevne) and the purchase frame as a caseworker would work them out by hand, and the
dated policy figures they use (`PolicyBook.on(day)`).

The figures below are computed by hand from domain.md and workflow/defaults.toml, not by the code under test:
annuity = P * r / (1 - (1 + r) ** -n) with r = 7.0 % / 12 and n = 360, rounded up to whole kroner. They are
worked at 7.0 % (a policy rate of 4.5 %) and without a home's running costs, by a test policy on top of the
shipped one (`AT_SEVEN`); the shipped 2026 figures (6.5 %, running costs) have worked cases of their own in
test_affordability_worked.py.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from states.affordability import Household, annuity, assess, frame_check, living_costs, purchase_costs
from states.errors import ConfigError
from states.policy import Policy, PolicyBook
from workflow.config import load_settings

DAY = date(2026, 3, 2)


@cache
def shipped() -> list[dict[str, Any]]:
    return list(load_settings(None, {}).policy)


def book(*extra: dict[str, Any]) -> PolicyBook:
    return PolicyBook([*shipped(), *extra])


NO_RUNNING = {"electricity": 0, "insurance": 0, "municipal_fees": 0, "maintenance": 0}
AT_SEVEN = {"from": date(2026, 1, 2), "policy_rate_percent": 4.5, "running_costs_freehold": NO_RUNNING,
            "running_costs_cooperative": NO_RUNNING}


@cache
def policy() -> Policy:
    return book(AT_SEVEN).on(DAY)


# A policy whose reference budget is tiny, so the guideline floor decides the living costs.
LOW_REFERENCE = {"from": date(2026, 1, 3),
                 "reference_budget": {"household": 0, "adult": 1000, "child_0_5": 500, "child_6_10": 500,
                                      "child_11_17": 500}}


@cache
def floor_policy() -> Policy:
    return book(AT_SEVEN, LOW_REFERENCE).on(DAY)


# --- the stress-tested annuity ------------------------------------------------------------------------------

def test_the_stress_rate_is_the_policy_rate_plus_two_and_a_half_points():
    assert (policy().policy_rate_percent, policy().stress_margin_points) == (4.5, 2.5)
    assert policy().stress_rate_percent == 7.0
    assert (policy().standard_term_years, policy().max_term_years) == (30, 50)


@pytest.mark.parametrize(
    ("principal", "monthly"),
    [
        (1_000_000, 6_654),  # 6,653.02
        (2_800_000, 18_629),  # 18,628.47
        (3_000_000, 19_960),  # 19,959.07
        (500_000, 3_327),  # 3,326.51
        (1_000, 7),  # 6.65
        (1, 1),  # 0.0067: any loan costs at least a krone a month
    ],
)
def test_the_monthly_payment_at_seven_percent_over_thirty_years_is_rounded_up_to_whole_kroner(principal, monthly):
    assert annuity(principal, 7.0, 30) == monthly


def test_other_rates_and_terms_give_the_hand_computed_payment():
    assert annuity(2_800_000, 8.0, 30) == 20_546  # 20,545.41
    assert annuity(2_800_000, 7.0, 25) == 19_790  # 19,789.82
    assert annuity(2_800_000, 6.75, 30) == 18_161  # 18,160.75


def test_no_loan_costs_nothing_and_an_interest_free_loan_is_repaid_in_equal_parts():
    assert annuity(0, 7.0, 30) == 0
    assert annuity(360_000, 0.0, 30) == 1_000
    assert annuity(360_001, 0.0, 30) == 1_001


# --- living costs -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("household", "reference", "floor"),
    [
        pytest.param(Household(adults=1), 6_500 + 10_500, 7_850, id="single adult"),
        pytest.param(Household(adults=2), 6_500 + 21_000, 13_100, id="couple"),
        pytest.param(Household(adults=3), 6_500 + 31_500, 13_100 + 6_600, id="three adults"),
        pytest.param(Household(adults=2, children=2, child_ages=(4, 12)), 6_500 + 21_000 + 4_200 + 6_250,
                     13_100 + 3_850 + 5_150, id="couple with children of 4 and 12"),
        pytest.param(Household(adults=1, children=3, child_ages=(0, 6, 11)), 6_500 + 10_500 + 4_200 + 5_300 + 6_250,
                     7_850 + 3_850 + 3_950 + 5_150, id="single parent, a child in each band"),
    ],
)
def test_living_costs_are_the_reference_budget_when_it_is_above_the_guideline_floor(household, reference, floor):
    assert reference > floor
    assert living_costs(household, policy()) == (reference, floor, reference, False)


def test_the_shipped_reference_budget_matches_sifos_2025_example_family():
    family = Household(adults=2, children=2, child_ages=(4, 12))
    costs, _floor, reference, _assumed = living_costs(family, policy())
    assert costs == reference == 37_950
    assert abs(reference - 37_930) <= 50


@pytest.mark.parametrize(
    ("household", "floor"),
    [
        pytest.param(Household(adults=1), 7_850, id="single adult"),
        pytest.param(Household(adults=2), 13_100, id="couple"),
        pytest.param(Household(adults=3), 19_700, id="three adults: a couple and a person sharing their home"),
        pytest.param(Household(adults=4), 26_300, id="four adults"),
        pytest.param(Household(adults=2, children=1, child_ages=(3,)), 16_950, id="couple, child 0-5"),
        pytest.param(Household(adults=2, children=1, child_ages=(8,)), 17_050, id="couple, child 6-10"),
        pytest.param(Household(adults=2, children=1, child_ages=(15,)), 18_250, id="couple, child 11-17"),
        pytest.param(Household(adults=2, children=2, child_ages=(4, 12)), 22_100, id="couple, children 4 and 12"),
    ],
)
def test_living_costs_are_the_guideline_floor_when_the_reference_budget_is_below_it(household, floor):
    costs, shown_floor, reference, assumed = living_costs(household, floor_policy())
    assert (costs, shown_floor, assumed) == (floor, floor, False)
    assert reference < floor


@pytest.mark.parametrize(
    ("age", "band_floor", "band_reference"),
    [(0, 3_850, 4_200), (5, 3_850, 4_200), (6, 3_950, 5_300), (10, 3_950, 5_300), (11, 5_150, 6_250),
     (17, 5_150, 6_250)],
)
def test_each_child_costs_the_rate_of_its_age_band(age, band_floor, band_reference):
    _costs, floor, reference, _ = living_costs(Household(adults=1, children=1, child_ages=(age,)), policy())
    assert (floor, reference) == (7_850 + band_floor, 17_000 + band_reference)


def test_children_of_unknown_age_are_counted_at_the_dearest_band_and_the_calculation_says_so():
    unknown = Household(adults=2, children=2)
    assert living_costs(unknown, policy()) == (40_000, 23_400, 40_000, True)  # 6,500+21,000+2x6,250
    assert living_costs(unknown, floor_policy()) == (23_400, 23_400, 2 * 1_000 + 2 * 500, True)


def test_a_child_whose_age_is_not_given_is_costed_at_the_dearest_band_beside_those_that_are():
    one_known = Household(adults=2, children=3, child_ages=(3,))
    # reference 6,500 + 21,000 + 4,200 + 2 x 6,250 = 44,200; floor 13,100 + 3,850 + 2 x 5,150 = 27,250
    assert living_costs(one_known, policy()) == (44_200, 27_250, 44_200, True)


def test_a_household_recorded_with_no_adults_is_costed_as_one_adult():
    assert living_costs(Household(adults=0), policy()) == living_costs(Household(adults=1), policy())


# --- the monthly surplus ------------------------------------------------------------------------------------

FAMILY = Household(adults=2, children=1, child_ages=(7,), municipal_unit="Kirkegata 3 H0101")
FACTS = {"income_monthly": 62_000, "debt_monthly": 1_500, "fixed_costs_monthly": 0, "loan_amount": 2_800_000,
         "common_costs_monthly": 2_500}


def test_the_surplus_of_a_typical_family_is_income_less_living_costs_debt_fixed_costs_and_housing():
    result = assess(FACTS, FAMILY, policy())
    assert result.living_costs == 32_800  # 6,500 + 2 x 10,500 + 5,300 (floor 13,100 + 3,950 = 17,050)
    assert (result.living_floor, result.reference_budget) == (17_050, 32_800)
    assert (result.rate_percent, result.years, result.loan) == (7.0, 30, 2_800_000)
    assert result.loan_payment == 18_629
    assert result.housing_cost == 18_629 + 2_500
    assert result.surplus == 62_000 - 32_800 - 1_500 - 0 - 21_129 == 6_571
    assert result.passes
    assert result.children_ages_assumed is False


def test_a_recorded_rate_above_the_stress_rate_is_used_and_one_below_it_is_not():
    assert assess({**FACTS, "loan_rate": 8.0}, FAMILY, policy()).loan_payment == 20_546
    below = assess({**FACTS, "loan_rate": 5.2}, FAMILY, policy())
    assert (below.rate_percent, below.loan_payment) == (7.0, 18_629)


def test_a_recorded_term_replaces_the_standard_thirty_years():
    result = assess({**FACTS, "loan_years": 25}, FAMILY, policy())
    assert (result.years, result.loan_payment) == (25, 19_790)


def test_facts_not_recorded_count_as_zero_in_the_calculation():
    result = assess({"income_monthly": 20_000}, Household(adults=1), policy())
    assert (result.loan, result.loan_payment, result.common_costs, result.debt, result.fixed_costs) == (0, 0, 0, 0, 0)
    assert result.surplus == 20_000 - 17_000 == 3_000


def test_a_surplus_of_exactly_zero_passes_and_minus_one_fails():
    # 32,800 + 1,500 + 21,129 = 55,429
    assert assess({**FACTS, "income_monthly": 55_429}, FAMILY, policy()).surplus == 0
    assert assess({**FACTS, "income_monthly": 55_429}, FAMILY, policy()).passes
    short = assess({**FACTS, "income_monthly": 55_428}, FAMILY, policy())
    assert (short.surplus, short.passes) == (-1, False)
    assert short.as_json()["passes"] is False


def test_the_calculation_shown_to_the_caseworker_carries_every_line():
    shown = assess(FACTS, FAMILY, policy()).as_json()
    assert {k: shown[k] for k in (
        "income", "living_costs", "living_floor", "reference_budget", "debt", "fixed_costs", "loan",
        "rate_percent", "years", "loan_payment", "common_costs", "housing_cost", "surplus",
        "children_ages_assumed", "passes")} == {
        "income": 62_000, "living_costs": 32_800, "living_floor": 17_050, "reference_budget": 32_800,
        "debt": 1_500, "fixed_costs": 0, "loan": 2_800_000, "rate_percent": 7.0, "years": 30,
        "loan_payment": 18_629, "common_costs": 2_500, "housing_cost": 21_129, "surplus": 6_571,
        "children_ages_assumed": False, "passes": True,
    }
    assert (shown["basis"], shown["living_basis"], shown["bank_payment"], shown["running_costs"]) == (
        "frame", "reference", 0, 0)
    # and the dated policy figures it rests on, each with where it comes from
    assert shown["figures"]["policy_rate_percent"] == {"value": 4.5, "from": "2026-01-02", "source": ""}
    assert shown["figures"]["living_cost_floor"]["from"] == "2024-01-01"
    assert "A-3/2023" in shown["figures"]["living_cost_floor"]["source"]


households = st.builds(
    Household,
    adults=st.integers(0, 12),
    children=st.integers(0, 8),
    child_ages=st.lists(st.integers(0, 17), max_size=8).map(lambda a: tuple(sorted(a))),
)
amounts = st.integers(0, 10**7)


@settings(max_examples=300, deadline=None)
@given(
    household=households,
    income=amounts, debt=amounts, fixed=amounts, common=st.integers(0, 50_000),
    loan=st.integers(0, 10**8), rate=st.none() | st.floats(0.01, 30), years=st.none() | st.integers(1, 60),
    low_reference=st.booleans(),
)
def test_the_lines_of_the_calculation_always_add_up_exactly_to_the_surplus(
        household, income, debt, fixed, common, loan, rate, years, low_reference):
    facts = {"income_monthly": income, "debt_monthly": debt, "fixed_costs_monthly": fixed,
             "common_costs_monthly": common, "loan_amount": loan, "loan_rate": rate, "loan_years": years}
    result = assess(facts, household, floor_policy() if low_reference else policy())
    shown = result.as_json()
    for name in ("income", "living_costs", "debt", "fixed_costs", "loan_payment", "common_costs", "housing_cost",
                 "surplus"):
        assert type(shown[name]) is int, name
    assert shown["housing_cost"] == (shown["loan_payment"] + shown["bank_payment"] + shown["common_costs"]
                                     + shown["running_costs"])
    assert shown["surplus"] == (shown["income"] - shown["living_costs"] - shown["debt"] - shown["fixed_costs"]
                                - shown["housing_cost"])
    assert shown["living_costs"] == max(shown["living_floor"], shown["reference_budget"])
    assert shown["rate_percent"] >= 7.0
    assert shown["passes"] is (shown["surplus"] >= 0)


# --- purchase costs and the frame ---------------------------------------------------------------------------

# Kartverket's fee for each registered document: 545 kr (2025); a purchase registers the deed (or the share's
# transfer) and one mortgage per loan: 2 x 545 = 1,090 with a startlån, 3 x 545 = 1,635 with a bank loan too.
@pytest.mark.parametrize(
    ("price", "kind", "loans", "costs"),
    [
        (3_000_000, "freehold", 1, 75_000 + 1_090),
        (3_000_000, "cooperative", 1, 1_090),
        (2_876_907, "freehold", 1, 71_923 + 1_090),  # 71,922.675 rounds to 71,923
        (2_000_000, "freehold", 1, 50_000 + 1_090),
        (2_000_000, "freehold", 2, 50_000 + 1_635),
        (2_000_000, "cooperative", 2, 1_635),
        (0, "freehold", 1, 1_090),
        (0, "cooperative", 1, 1_090),
    ],
)
def test_purchase_costs_are_two_and_a_half_percent_document_duty_on_freehold_only_plus_a_fee_per_document(
        price, kind, loans, costs):
    assert purchase_costs(price, kind, policy(), loans) == costs


def test_registration_fees_come_from_the_shipped_defaults_by_year():
    assert policy().registration_fee_per_document == 545
    assert book().on(date(2024, 6, 1)).registration_fee_per_document == 500
    assert book().on(date(2023, 12, 20)).registration_fee_per_document == 540
    assert policy().document_duty_percent == 2.5


def test_the_frame_is_loan_plus_grant_plus_equity_and_holds_up_to_the_last_krone():
    facts = {"loan_amount": 2_800_000, "grant_amount": 100_000, "equity": 50_000}
    exact = frame_check(2_948_910, "cooperative", facts, policy())
    assert (exact.price, exact.purchase_costs, exact.total, exact.frame) == (2_948_910, 1_090, 2_950_000, 2_950_000)
    assert exact.passes
    over = frame_check(2_948_911, "cooperative", facts, policy())
    assert (over.total, over.passes) == (2_950_001, False)


def test_a_frame_without_grant_or_equity_is_the_loan_alone():
    check = frame_check(1_000_000, "freehold", {"loan_amount": 1_100_000}, policy())
    assert (check.loan, check.grant, check.equity, check.frame) == (1_100_000, 0, 0, 1_100_000)
    assert (check.total, check.passes) == (1_000_000 + 25_000 + 1_090, True)


# --- dated policy figures -----------------------------------------------------------------------------------

def test_the_shipped_policy_has_navs_2024_guideline_rates_and_norges_banks_rate_history():
    figures = book().on(DAY)
    assert figures.living_cost_floor == {"single_adult": 7_850, "couple": 13_100, "additional_adult": 6_600,
                                         "child_0_5": 3_850, "child_6_10": 3_950, "child_11_17": 5_150}
    assert figures.source_of("living_cost_floor").applies_from == date(2024, 1, 1)
    rates = [(day, book().on(day).policy_rate_percent) for day in (
        date(2023, 12, 15), date(2025, 6, 19), date(2025, 6, 20), date(2025, 9, 18), date(2025, 9, 19), DAY)]
    assert rates == [(date(2023, 12, 15), 4.5), (date(2025, 6, 19), 4.5), (date(2025, 6, 20), 4.25),
                     (date(2025, 9, 18), 4.25), (date(2025, 9, 19), 4.0), (DAY, 4.0)]


RATE_CUT = {"from": date(2026, 6, 19), "policy_rate_percent": 4.25, "living_cost_floor": {"single_adult": 8_000}}


def book_cut(*more: dict[str, Any]) -> PolicyBook:
    return book(AT_SEVEN, RATE_CUT, *more)


def test_a_later_entry_changes_only_the_figures_it_names_and_only_from_its_day():
    policies = book_cut()
    before, on_the_day = policies.on(date(2026, 6, 18)), policies.on(date(2026, 6, 19))
    assert before == policy()
    assert (before.policy_rate_percent, before.stress_rate_percent) == (4.5, 7.0)
    assert (on_the_day.policy_rate_percent, on_the_day.stress_rate_percent) == (4.25, 6.75)
    assert on_the_day.applies_from == date(2026, 6, 19)
    assert on_the_day.living_cost_floor["single_adult"] == 8_000
    # everything it does not name stays as it was, down to the other keys of a table it names
    assert on_the_day.living_cost_floor["couple"] == 13_100
    assert on_the_day.living_cost_floor["child_11_17"] == 5_150
    unchanged = ("stress_margin_points", "standard_term_years", "max_term_years", "document_duty_percent",
                 "registration_fee_per_document", "reference_budget")
    assert {k: getattr(on_the_day, k) for k in unchanged} == {k: getattr(before, k) for k in unchanged}


def test_a_decision_uses_the_stress_rate_in_force_on_its_day():
    policies = book_cut()
    assert assess(FACTS, FAMILY, policies.on(date(2026, 6, 18))).loan_payment == 18_629
    assert assess(FACTS, FAMILY, policies.on(date(2026, 6, 19))).loan_payment == 18_161  # at 6.75 %


def test_later_entries_add_up_and_may_be_listed_in_any_order():
    duty = {"from": "2027-01-01", "document_duty_percent": 3.0}
    in_order, out_of_order = book(AT_SEVEN, RATE_CUT, duty), book(AT_SEVEN, duty, RATE_CUT)
    for policies in (in_order, out_of_order):
        figures = policies.on(date(2027, 2, 1))
        assert (figures.policy_rate_percent, figures.document_duty_percent) == (4.25, 3.0)
        assert figures.living_cost_floor["single_adult"] == 8_000
        assert figures.applies_from == date(2027, 1, 1)
        assert policies.on(date(2026, 12, 31)).document_duty_percent == 2.5


def test_a_day_before_every_entry_uses_the_earliest():
    policies = book_cut()
    assert policies.earliest == date(2023, 12, 15)
    assert policies.on(date(2000, 1, 1)) == policies.on(date(2023, 12, 15))
    assert policies.on(date(2000, 1, 1)).policy_rate_percent == 4.5


def test_entries_from_a_configuration_file_are_added_to_the_shipped_defaults(tmp_path: Path):
    config = tmp_path / "rto.toml"
    config.write_text('[[policy]]\nfrom = 2026-06-19\npolicy_rate_percent = 3.75\nsource = "Norges Bank 18.6.2026"\n'
                      '[[policy]]\nfrom = 2027-01-01\nregistration_fee_per_document = 600\n', encoding="utf-8")
    policies = PolicyBook(load_settings(str(config), {}).policy)
    assert policies.on(date(2026, 3, 2)).stress_rate_percent == 6.5
    assert policies.on(date(2026, 7, 1)).stress_rate_percent == 6.25
    assert policies.on(date(2026, 7, 1)).source_of("policy_rate_percent").source == "Norges Bank 18.6.2026"
    later = policies.on(date(2027, 1, 1))
    assert later.registration_fee_per_document == 600
    assert purchase_costs(2_000_000, "freehold", later) == 50_000 + 1_200


@pytest.mark.parametrize(
    ("entry", "code", "key"),
    [
        pytest.param({"policy_rate_percent": 4.0}, "policy_needs_from", None, id="no from date"),
        pytest.param({"from": "19.06.2026", "policy_rate_percent": 4.0}, "policy_needs_from", None,
                     id="from not ISO"),
        pytest.param({"from": "2026-02-30", "policy_rate_percent": 4.0}, "policy_needs_from", None,
                     id="from not a real day"),
        pytest.param({"from": 20260619, "policy_rate_percent": 4.0}, "policy_needs_from", None, id="from a number"),
        pytest.param({"from": "2026-06-19", "policy_rate_percent": -0.25}, "policy_bad_number",
                     "policy_rate_percent", id="negative rate"),
        pytest.param({"from": "2026-06-19", "policy_rate_percent": "4.5"}, "policy_bad_number",
                     "policy_rate_percent", id="rate as text"),
        pytest.param({"from": "2026-06-19", "max_term_years": True}, "policy_bad_number", "max_term_years",
                     id="term a boolean"),
        pytest.param({"from": "2026-06-19", "living_cost_floor": 7850}, "policy_bad_table", "living_cost_floor",
                     id="table given as a number"),
        pytest.param({"from": "2026-06-19", "running_costs_freehold": {"garden": 500}}, "policy_bad_table",
                     "running_costs_freehold", id="table with an unknown key"),
        pytest.param({"from": "2026-06-19", "registration_fees": {"freehold": 500}}, "policy_unknown_key",
                     "registration_fees", id="the old paper-era fee table"),
        pytest.param({"from": "2026-06-19", "living_cost_floor": {"couple": 13100.5}}, "policy_bad_table",
                     "living_cost_floor", id="table with a fraction"),
        pytest.param({"from": "2026-06-19", "living_cost_floor": {"couple": "13100"}}, "policy_bad_table",
                     "living_cost_floor", id="table with text"),
        pytest.param({"from": "2026-06-19", "reference_budget": {"adult": True}}, "policy_bad_table",
                     "reference_budget", id="table with a boolean"),
        pytest.param({"from": "2026-06-19", "stress_rate_percent": 7.0}, "policy_unknown_key",
                     "stress_rate_percent", id="unknown figure"),
    ],
)
def test_a_malformed_policy_entry_is_refused_as_a_configuration_error(entry, code, key):
    with pytest.raises(ConfigError) as refused:
        book(entry)
    assert refused.value.code == code
    assert refused.value.params.get("key") == key
    assert refused.value.params["where"] == f"policy entry {len(shipped()) + 1}"


def test_a_policy_without_entries_is_refused():
    with pytest.raises(ConfigError) as refused:
        PolicyBook([])
    assert refused.value.code == "policy_empty"


def test_a_first_entry_that_lacks_figures_is_refused_with_the_missing_names():
    with pytest.raises(ConfigError) as refused:
        PolicyBook([{"from": "2023-12-15", "policy_rate_percent": 4.5, "stress_margin_points": 2.5}])
    assert refused.value.code == "policy_incomplete"
    assert "max_term_years" in refused.value.params["keys"]
    assert "policy_rate_percent" not in refused.value.params["keys"]


def test_a_from_given_as_a_date_and_time_is_refused_as_a_configuration_error(tmp_path: Path):
    config = tmp_path / "rto.toml"
    config.write_text("[[policy]]\nfrom = 2026-06-19T00:00:00\npolicy_rate_percent = 4.25\n", encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        PolicyBook(load_settings(str(config), {}).policy).on(date(2026, 7, 1))
    assert refused.value.code == "policy_needs_from"


@pytest.mark.parametrize("value", ["nan", "inf"])
def test_a_policy_figure_that_is_not_a_finite_number_is_refused(tmp_path: Path, value: str):
    config = tmp_path / "rto.toml"
    config.write_text(f"[[policy]]\nfrom = 2026-06-19\npolicy_rate_percent = {value}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        PolicyBook(load_settings(str(config), {}).policy)
    assert refused.value.code == "policy_bad_number"


@pytest.mark.parametrize("table", ["living_cost_floor", "reference_budget", "running_costs_cooperative"])
def test_a_negative_amount_in_a_policy_table_is_refused(table: str):
    key = {"living_cost_floor": "couple", "reference_budget": "adult", "running_costs_cooperative": "insurance"}[table]
    with pytest.raises(ConfigError) as refused:
        book({"from": "2026-06-19", table: {key: -100}})
    assert refused.value.code == "policy_bad_table"
