"""Business days in Norway: Monday to Friday, less the public holidays (the `holidays` library keeps them)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=8)
def _holidays(year: int) -> Any:
    import holidays

    return holidays.country_holidays("NO", years=year)  # (it counts Sundays too; weekends are out anyway)


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def next_business_day(day: date) -> date:
    """The first business day after `day`."""
    nxt = day + timedelta(days=1)
    while not is_business_day(nxt):
        nxt += timedelta(days=1)
    return nxt


def review_until(as_of: date) -> date:
    """The last day a review on `as_of` looks after: up to the next business day's review, so a notice due
    on a weekend or a holiday goes out on the business day before, not after."""
    return max(as_of, next_business_day(as_of) - timedelta(days=1))
