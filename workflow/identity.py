"""Norwegian national identity numbers: fødselsnummer and D-number, validated by python-stdnum.

Numbers are stored whole, with the birth date beside them, and shown only masked: the birth date and
five stars. Nothing outside this module needs to know how a number is built.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from states.errors import InvalidInput


def validate_nin(raw: str) -> dict[str, str]:
    """The stored form of a valid fødselsnummer or D-number: {"number", "born", "kind"}."""
    from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength, ValidationError
    from stdnum.no import fodselsnummer

    problems = {InvalidLength: "length", InvalidFormat: "format", InvalidChecksum: "checksum"}

    compact = fodselsnummer.compact(raw)
    shown = compact[:6] + "*****" if len(compact) >= 6 else "***"
    try:
        number = fodselsnummer.validate(compact)
        born = fodselsnummer.get_birth_date(number)
    except ValidationError as err:
        raise InvalidInput("bad_nin", value=shown, why=problems.get(type(err), "birth_date")) from None
    if int(number[2]) >= 4:  # H-numbers (month + 40) are the health service's own, not a person's ID
        raise InvalidInput("bad_nin", value=shown, why="h_number")
    kind = "d-number" if int(number[0]) >= 4 else "fodselsnummer"
    return {"number": number, "born": born.isoformat(), "kind": kind}


def masked(stored: dict[str, Any]) -> str:
    """How a stored identity number is shown everywhere: its birth date, the rest hidden."""
    born = date.fromisoformat(stored["born"])
    return f"{born:%d.%m.%Y} *****"
