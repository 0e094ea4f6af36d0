"""Norwegian national identity numbers: fødselsnummer and D-number, under today's and the 2032 check-digit rule.

Skatteetaten ("Nytt fødselsnummer fra 2032"): numbers issued from 1 January 2032 may have a first check digit
whose remainder is 0, 1, 2 or 3 instead of 0, and systems must read both rules side by side. Today's numbers
pass the 2032 rule unchanged, so one rule accepts both. python-stdnum (2.2) knows only today's rule, reads a
century from the individual digits and accepts H-numbers, so it is used here only to clean the input and for
the classic second check digit; the rest is written out below.

From 2032 the individual digits no longer tell the century (nor the sex), so nothing here derives a birth
date: the number is checked for a day and month that exist, and the birth date shown beside a masked number
is the one recorded for its holder.

Numbers are stored whole and shown only masked. Nothing outside this module needs to know how one is built.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from states.errors import InvalidInput

Kind = Literal["fodselsnummer", "d-number"]

K1_WEIGHTS = (3, 7, 6, 1, 8, 9, 4, 5, 2)
K1_REMAINDERS = (0, 1, 2, 3)  # today's rule allows 0 only; the 2032 rule 0-3 (Skatteetaten's gyldigRest_k1)
DIGITS = frozenset("0123456789")
FULL_MASK = "**.**.**** *****"


@dataclass(frozen=True)
class IdentityNumber:
    """A valid fødselsnummer or D-number, as typed, without separators."""

    number: str  # 11 digits
    kind: Kind
    synthetic: bool = False  # one of Skatteetaten's synthetic test numbers (month + 80)

    def matches_born(self, born: date) -> bool:
        """Whether the number's day, month and two-digit year are `born`'s (the century it cannot tell)."""
        day, month, year = int(self.number[0:2]), int(self.number[2:4]), int(self.number[4:6])
        day -= 40 if day > 40 else 0
        month -= 80 if month > 80 else 0
        return (day, month, year) == (born.day, born.month, born.year % 100)

    def as_stored(self) -> dict[str, Any]:
        """The JSON form the households table keeps."""
        return {"number": self.number, "kind": self.kind, "synthetic": self.synthetic}


def validate_nin(raw: str, accept_synthetic: bool = False) -> IdentityNumber:
    """`raw` as a valid fødselsnummer or D-number, under today's or the 2032 rule; InvalidInput("bad_nin")
    with a problem code otherwise: length, format, checksum, fh_number, h_number, date, synthetic_not_accepted.

    Skatteetaten's synthetic test numbers (month + 80, also as D-numbers) pass only with `accept_synthetic`.
    The message shows the first six digits at most, never the whole number.
    """
    from stdnum.no import fodselsnummer

    number = fodselsnummer.compact(raw)
    head = number[:6]
    shown = head + "*****" if len(head) == 6 and set(head) <= DIGITS else "***"

    def refuse(why: str) -> InvalidInput:
        return InvalidInput("bad_nin", value=shown, why=why)

    if not set(number) <= DIGITS:
        raise refuse("format")
    if len(number) != 11:
        raise refuse("length")
    if not check_digits_valid(number):
        raise refuse("checksum")
    if number[0] in "89":  # felles hjelpenummer (Norsk helsenett): random digits, no date
        raise refuse("fh_number")
    day, month, year = int(number[0:2]), int(number[2:4]), int(number[4:6])
    d_number = day > 40
    if d_number:
        day -= 40
    if 41 <= month <= 52:  # H-number: the health service's own (and NAV's synthetic +40), not a person's ID
        raise refuse("h_number")
    synthetic = month > 80
    if synthetic:
        month -= 80
    if not date_exists(day, month, year):
        raise refuse("date")
    if synthetic and not accept_synthetic:
        raise refuse("synthetic_not_accepted")
    return IdentityNumber(number, "d-number" if d_number else "fodselsnummer", synthetic)


def check_digits_valid(number: str) -> bool:
    """Both check digits of an 11-digit number, under today's rule or the 2032 one.

    k1: (3·d1 + 7·d2 + 6·d3 + 1·d4 + 8·d5 + 9·d6 + 4·d7 + 5·d8 + 2·d9 + k1) mod 11 is 0 (today's rule) or
    1, 2 or 3 (allowed too from 2032). k2: unchanged, the classic rule over the first ten digits, k1 included.
    """
    from stdnum.no import fodselsnummer

    k1_sum = sum(w * int(d) for w, d in zip(K1_WEIGHTS, number[:9], strict=True)) + int(number[9])
    return k1_sum % 11 in K1_REMAINDERS and fodselsnummer.calc_check_digit2(number[:10]) == number[10]


def date_exists(day: int, month: int, year: int) -> bool:
    """Whether day.month.`year` (two digits) is a date in some century.

    The number no longer tells the century, so 29 February passes when the two digits are divisible by 4:
    then some century makes it a leap year (xx00 included: 2000 was one). That is Skatteetaten's reference
    validator, which reads every year as 20yy. 30 and 31 February, 31 April, month 13 and day 32 never exist.
    No check against today: a number may be issued before the birth date it carries is known to be past.
    """
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(2000 + year, month)[1]


def masked(stored: Mapping[str, Any], born: date | None = None) -> str:
    """How a stored identity number is shown everywhere: its holder's birth date, the rest hidden.

    `born` is the recorded birth date of the member who holds it. Rows stored before the 2032 rule carry
    their own "born" (read from the number then); a number with neither shows no date at all.
    """
    if born is None and stored.get("born"):
        born = date.fromisoformat(stored["born"])
    return f"{born:%d.%m.%Y} *****" if born else FULL_MASK
