"""Purchasing power as Husbanken's calculator works it out, checked by hand for three households, and the
`prospect` verdict on either side of the price of a home that fits."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from states.affordability import Household, annuity
from states.purchasing_power import PriceBook, bedrooms_needed, purchasing_power
from workflow.bootstrap import bootstrap

DAY = date(2026, 3, 2)  # policy rate 4.0 % (from 2025-09-19): stress rate 6.5 %; Kartverket's fee 545 kr (2025)


@pytest.fixture(scope="module")
def shipped() -> Any:
    app = bootstrap({})
    return app.policy.on(DAY), app.prices.on(DAY)


def present_value(monthly: int, rate_percent: float = 6.5, years: int = 30) -> int:
    """The textbook annuity present value, rounded down: the loan `monthly` carries."""
    r = rate_percent / 100 / 12
    return int(monthly * (1 - (1 + r) ** -(years * 12)) / r)


def test_a_single_adult_with_some_equity_is_a_prospect_for_a_one_bedroom_home(shipped: Any) -> None:
    policy, prices = shipped
    power = purchasing_power({"income_monthly": 40000, "equity": 50000}, Household(1, 0), policy, prices, DAY)
    # living costs: SIFO's household share 6,500 + one adult 10,500 = 17,000 (above the floor of 7,850)
    assert (power.living_costs, power.living_floor) == (17000, 7850)
    # running costs of a cooperative flat by the policy's defaults: 900 + 200 + 0 + 500 = 1,600
    assert power.running_costs == 1600
    assert power.monthly_available == 40000 - 17000 - 1600 == 21400
    assert power.stress_rate == 6.5 and power.years == 30
    assert power.max_loan == present_value(21400) == 3385711
    assert annuity(power.max_loan, 6.5, 30) <= 21400
    # no document duty on a cooperative share; two documents registered (the transfer, one mortgage) at 545
    assert power.purchase_costs == 1090
    assert power.max_price == 3385711 + 50000 - 1090 == 3434621
    assert (power.bedrooms, power.price_needed, power.prospect) == (1, 2500000, True)


def test_a_family_of_four_needs_three_bedrooms_and_reaches_them(shipped: Any) -> None:
    policy, prices = shipped
    figures = {"income_monthly": 68000, "debt_monthly": 2000, "fixed_costs_monthly": 1000, "equity": 150000}
    power = purchasing_power(figures, Household(2, 2, (4, 9)), policy, prices, DAY)
    # reference budget 6,500 + 2 x 10,500 + 4,200 (age 4) + 5,300 (age 9) = 37,000; floor 13,100 + 3,850 + 3,950
    assert (power.living_costs, power.living_floor) == (37000, 20900)
    assert power.monthly_available == 68000 - 37000 - 2000 - 1000 - 1600 == 26400
    assert power.max_loan == present_value(26400) == 4176765
    assert power.max_price == 4176765 + 150000 - 1090 == 4325675
    assert (power.bedrooms, power.price_needed, power.prospect) == (3, 3900000, True)


def test_a_household_whose_income_does_not_cover_its_living_costs_carries_no_loan(shipped: Any) -> None:
    policy, prices = shipped
    power = purchasing_power({"income_monthly": 30000}, Household(3, 1, (15,)), policy, prices, DAY)
    # 6,500 + 3 x 10,500 + 6,250 (age 15) = 44,250 a month before housing
    assert power.living_costs == 44250
    assert power.monthly_available == 30000 - 44250 - 1600 == -15850
    assert (power.max_loan, power.max_price, power.purchase_costs) == (0, 0, 0)
    assert (power.bedrooms, power.price_needed, power.prospect) == (3, 3900000, False)


def test_a_household_is_a_prospect_exactly_when_its_highest_price_reaches_the_price_of_a_home(shipped: Any) -> None:
    policy, _ = shipped
    home = PriceBook([{"from": date(2026, 1, 1), "bedrooms": 1, "price": 3500000}]).on(DAY)
    loan = present_value(21400)
    equity = 3500000 - (loan - 1090)  # the highest price is then exactly the price of the home

    def power(e: int) -> Any:
        return purchasing_power({"income_monthly": 40000, "equity": e}, Household(1, 0), policy, home, DAY)

    assert (power(equity).max_price, power(equity).prospect) == (3500000, True)
    assert (power(equity - 1).max_price, power(equity - 1).prospect) == (3499999, False)


def test_bedrooms_needed_follow_the_policys_rule(shipped: Any) -> None:
    policy, _ = shipped
    assert [bedrooms_needed(Household(a, c), policy) for a, c in ((1, 0), (2, 0), (2, 1), (3, 2), (1, 3))] == \
        [1, 1, 2, 4, 4]


def test_a_household_larger_than_any_configured_home_is_priced_at_the_largest(shipped: Any) -> None:
    policy, prices = shipped
    power = purchasing_power({"income_monthly": 200000}, Household(2, 5), policy, prices, DAY)
    assert (power.bedrooms, power.price_needed) == (6, 4600000)


def test_prices_apply_from_their_day() -> None:
    book = PriceBook([{"from": date(2026, 1, 1), "bedrooms": 2, "price": 3000000},
                      {"from": "2026-07-01", "bedrooms": 2, "price": 3100000}])
    assert book.on(date(2026, 6, 30))[2].price == 3000000
    assert book.on(date(2026, 7, 1))[2].price == 3100000
    assert book.on(date(2025, 12, 31)) == {}
