"""Nynorsk beside the catalogue's (bokmål, English) pairs: sentences by message code, words by their
bokmål wording (as gettext finds a translation by its source text). Missing nynorsk falls back to bokmål,
the nearer language; tests/test_languages.py fails on every such gap."""

from __future__ import annotations


def nynorsk(bokmal: str) -> str:
    """The nynorsk for a bokmål word or label (the bokmål itself when none is given)."""
    from states.nynorsk_words import NN_WORDS

    return NN_WORDS.get(bokmal, bokmal)


def nynorsk_message(code: str) -> str | None:
    """The nynorsk sentence for a message code, if it has one."""
    from states.nynorsk_messages import NN_MESSAGES

    return NN_MESSAGES.get(code)
