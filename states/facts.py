"""The facts a case records: their names, types and validation at entry.

Values are stored as JSON-friendly Python values: amounts and counts as int, dates as ISO strings,
yes/no as bool, rates as float, words as str. Parsing never guesses: a malformed value is an
`InvalidInput` that says what is valid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from states.errors import InvalidInput


class Kind(StrEnum):
    AMOUNT = "amount"
    DATE = "date"
    YESNO = "yesno"
    RATE = "rate"
    COUNT = "count"
    TEXT = "text"
    CHOICE = "choice"
    AGES = "ages"
    EMAIL = "email"


@dataclass(frozen=True)
class FactSpec:
    name: str
    kind: Kind
    group: str
    choices: tuple[str, ...] = ()
    low: int = 0
    high: int = 10**12
    household: bool = False  # kept on the household, recorded in the history of its case


PROPERTY_TYPES = ("freehold", "cooperative")
BID_RESULTS = ("pending", "accepted", "lost", "withdrawn")
REPAYMENTS = ("annuity", "serial")
# bought_elsewhere: the household bought a home without the programme's help, or with an ordinary bank loan
OUTCOMES = ("private_rental", "stays_municipal", "not_eligible", "declined", "moved_away", "bought_elsewhere",
            "other")


def _specs() -> dict[str, FactSpec]:
    k = Kind
    specs = [
        FactSpec("consent", k.YESNO, "screening"),
        FactSpec("income_monthly", k.AMOUNT, "screening"),
        FactSpec("income_predictable", k.YESNO, "screening"),
        FactSpec("debt_monthly", k.AMOUNT, "screening"),
        FactSpec("fixed_costs_monthly", k.AMOUNT, "screening"),
        FactSpec("childcare_monthly", k.AMOUNT, "screening"),  # kindergarten, SFO: part of the reference budget
        FactSpec("plan_agreed", k.YESNO, "screening"),
        FactSpec("loan_amount", k.AMOUNT, "financing"),
        FactSpec("grant_amount", k.AMOUNT, "financing"),
        FactSpec("equity", k.AMOUNT, "financing"),
        FactSpec("certificate_issued", k.DATE, "financing"),
        FactSpec("certificate_expires", k.DATE, "financing"),
        FactSpec("loan_rate", k.RATE, "financing"),
        FactSpec("loan_years", k.COUNT, "financing", low=1, high=60),
        FactSpec("term_reason", k.TEXT, "financing"),
        FactSpec("repayment", k.CHOICE, "financing", choices=REPAYMENTS),
        FactSpec("bank_loan_amount", k.AMOUNT, "financing"),
        FactSpec("bank_loan_rate", k.RATE, "financing"),
        FactSpec("bank_loan_years", k.COUNT, "financing", low=1, high=60),
        FactSpec("startskudd_ref", k.TEXT, "financing"),
        FactSpec("property", k.TEXT, "search"),
        FactSpec("property_type", k.CHOICE, "search", choices=PROPERTY_TYPES),
        FactSpec("asking_price", k.AMOUNT, "search"),
        FactSpec("common_costs_monthly", k.AMOUNT, "search"),
        FactSpec("electricity_monthly", k.AMOUNT, "search"),
        FactSpec("insurance_monthly", k.AMOUNT, "search"),
        FactSpec("municipal_fees_monthly", k.AMOUNT, "search"),
        FactSpec("maintenance_monthly", k.AMOUNT, "search"),
        FactSpec("property_approved", k.YESNO, "search"),
        FactSpec("bid_amount", k.AMOUNT, "search"),
        FactSpec("bid_result", k.CHOICE, "search", choices=BID_RESULTS),
        FactSpec("purchase_price", k.AMOUNT, "contract"),
        FactSpec("contract_date", k.DATE, "contract"),
        FactSpec("takeover_date", k.DATE, "contract"),
        FactSpec("tenancy_ended", k.YESNO, "move_in"),
        FactSpec("adults", k.COUNT, "household", low=1, high=12, household=True),
        FactSpec("children", k.COUNT, "household", low=0, high=20, household=True),
        FactSpec("child_ages", k.AGES, "household", household=True),
        FactSpec("municipal_unit", k.TEXT, "household", household=True),
        FactSpec("email", k.EMAIL, "household", household=True),
        FactSpec("email_consent", k.YESNO, "household", household=True),
    ]
    return {s.name: s for s in specs}


FACTS: dict[str, FactSpec] = _specs()
CASE_FACTS = tuple(name for name, s in FACTS.items() if not s.household)
HOUSEHOLD_FACTS = tuple(name for name, s in FACTS.items() if s.household)

_YES = {"yes": True, "ja": True, "no": False, "nei": False}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# ASCII only: a mail server need not take anything else (an international domain goes in as xn--...)
_EMAIL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
_MAX_TEXT = 200
_EARLIEST, _LATEST = date(1900, 1, 1), date(2100, 12, 31)
_DIGITS = re.compile(r"[0-9]{1,15}")  # ASCII only: str.isdigit() also admits '²'


# What belongs to one property: recording a different property starts these over, so an approval or a
# bid on the last property is never taken for the new one.
PROPERTY_FACTS = ("property_type", "asking_price", "common_costs_monthly", "electricity_monthly", "insurance_monthly",
                  "municipal_fees_monthly", "maintenance_monthly", "property_approved", "bid_amount", "bid_result",
                  "purchase_price", "contract_date", "takeover_date")


def cleared_by(changes: dict[str, Any], recorded: dict[str, Any]) -> list[str]:
    """Facts to clear because of `changes` (a new property), unless `changes` sets them too."""
    if "property" not in changes or recorded.get("property") in (None, changes["property"]):
        return []
    return [name for name in PROPERTY_FACTS if name not in changes and recorded.get(name) is not None]


def parse_fact(name: str, raw: str) -> Any:
    """Validate one `name=raw` pair; an empty `raw` clears the fact (returns None)."""
    spec = FACTS.get(name)
    if spec is None:
        from states.naming import nearest

        near = nearest(name, tuple(FACTS))
        raise InvalidInput("unknown_fact", name=name, nearest=near, valid=", ".join(FACTS))
    text = raw.strip()
    if text == "":
        return None
    return _PARSERS[spec.kind](spec, text)


def parse_assignments(pairs: list[str]) -> dict[str, Any]:
    """Parse `KEY=VALUE` words; every one must be valid or none is taken."""
    if not pairs:
        raise InvalidInput("no_facts_given", valid=", ".join(FACTS))
    values: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise InvalidInput("not_key_value", word=pair)
        if key in values:
            raise InvalidInput("fact_twice", name=key)
        values[key] = parse_fact(key, raw)
    return values


def _amount(spec: FactSpec, text: str) -> int:
    digits = re.sub(r"[\s_\u00a0\u202f]", "", text)
    if not _DIGITS.fullmatch(digits):
        raise InvalidInput("bad_amount", name=spec.name, value=text)
    return int(digits)


def _count(spec: FactSpec, text: str) -> int:
    if not _DIGITS.fullmatch(text) or not spec.low <= int(text) <= spec.high:
        raise InvalidInput("bad_count", name=spec.name, value=text, low=spec.low, high=spec.high)
    return int(text)


def _date(spec: FactSpec, text: str) -> str:
    try:
        if not _ISO_DATE.fullmatch(text):
            raise ValueError(text)
        day = date.fromisoformat(text)
    except ValueError:
        raise InvalidInput("bad_date", name=spec.name, value=text) from None
    if not _EARLIEST <= day <= _LATEST:  # a typo like 0001 or 9999: and date arithmetic would overflow
        raise InvalidInput("date_out_of_range", name=spec.name, value=text, first=_EARLIEST.isoformat(),
                           last=_LATEST.isoformat())
    return day.isoformat()


def _yesno(spec: FactSpec, text: str) -> bool:
    try:
        return _YES[text.lower()]
    except KeyError:
        raise InvalidInput("bad_yesno", name=spec.name, value=text) from None


_RATE = re.compile(r"([0-9]{1,2})(?:[.,]([0-9]{1,4}))?\s*%?")


def _rate(spec: FactSpec, text: str) -> float:
    match = _RATE.fullmatch(text)
    rate = float(f"{match[1]}.{match[2] or 0}") if match else -1.0
    if not 0 < rate <= 30:
        raise InvalidInput("bad_rate", name=spec.name, value=text)
    return rate


def _text(spec: FactSpec, text: str) -> str:
    if len(text) > _MAX_TEXT or not text.isprintable():
        raise InvalidInput("bad_text", name=spec.name, limit=_MAX_TEXT)
    return text


def _choice(spec: FactSpec, text: str) -> str:
    if text.lower() not in spec.choices:
        raise InvalidInput("bad_choice", name=spec.name, value=text, valid=", ".join(spec.choices))
    return text.lower()


def _ages(spec: FactSpec, text: str) -> list[int]:
    words = [w.strip() for w in text.split(",")]
    if not all(_DIGITS.fullmatch(w) and int(w) <= 17 for w in words):
        raise InvalidInput("bad_ages", name=spec.name, value=text)
    return sorted(int(w) for w in words)


def _email(spec: FactSpec, text: str) -> str:
    if not _EMAIL.fullmatch(text) or len(text) > _MAX_TEXT or not text.isprintable():
        raise InvalidInput("bad_email", name=spec.name, value=text)
    return text


_PARSERS = {
    Kind.AMOUNT: _amount,
    Kind.COUNT: _count,
    Kind.DATE: _date,
    Kind.YESNO: _yesno,
    Kind.RATE: _rate,
    Kind.TEXT: _text,
    Kind.CHOICE: _choice,
    Kind.AGES: _ages,
    Kind.EMAIL: _email,
}


def plain_text(label: str, raw: str) -> str:
    """A required line of text (a name, a reason): not empty, printable, not overlong."""
    text = raw.strip()
    if not text:
        raise InvalidInput("bad_name", what=label)
    return _text(FactSpec(label, Kind.TEXT, ""), text)


_MAX_FREE_TEXT = 4000


def free_text(label: str, raw: str) -> str:
    """A note or a reason: any length a person writes (lines too), but no control characters that would
    play tricks on a terminal when the history is shown."""
    text = raw.strip()
    if not text:
        raise InvalidInput("bad_name", what=label)
    if len(text) > _MAX_FREE_TEXT or any(not (c.isprintable() or c in "\n\t") for c in text):
        raise InvalidInput("bad_free_text", name=label, limit=_MAX_FREE_TEXT)
    return text


def iso_date(value: Any) -> date | None:
    """A recorded date fact as a date (None when not recorded)."""
    return date.fromisoformat(value) if isinstance(value, str) else None


def parse_day(label: str, raw: str) -> date:
    """A date typed as an option (`--born`): ISO, and within the range every date fact has."""
    return date.fromisoformat(_date(FactSpec(label, Kind.DATE, ""), raw.strip()))
