"""Keeping personal data out of what is printed for operators (`--debug`) and logged."""

from __future__ import annotations

import re

# Eleven digits in a row, not part of a longer number: what a fødselsnummer or D-number looks like, however
# it is embedded (a JSON list, an SQL parameter, an error message). Datatilsynet: never in logs.
_ELEVEN_DIGITS = re.compile(r"(?<![0-9])[0-9]{6}[ ]?[0-9]{5}(?![0-9])")


def mask_identity_numbers(text: str) -> str:
    """`text` with every identity number's digits replaced by stars."""
    return _ELEVEN_DIGITS.sub("***********", text)
