"""Names a user types, in their own words: states by code or by their bokmål, nynorsk or English name, and
the nearest valid name when a word is none of them ("mente du «innflyttet»?")."""

from __future__ import annotations

from difflib import get_close_matches
from functools import cache

from states.errors import InvalidInput
from states.journey import STATE_NAMES, CaseState
from states.labels import STATE_LABELS, pick


def _key(text: str) -> str:
    return " ".join(text.strip().lower().replace("_", " ").replace("-", " ").split())


@cache
def state_words() -> dict[str, str]:
    """Every way to write each state (normalised) -> its code (the names are fixed: worked out once, not on every
    step; callers only read it)."""
    return _words({code: STATE_LABELS.get(code, (code, code)) for code in STATE_NAMES})


def _words(labels: dict[str, tuple[str, str]]) -> dict[str, str]:
    """Each code's own name and its bokmål, nynorsk and English words (normalised) -> the code."""
    words: dict[str, str] = {}
    for code, texts in labels.items():
        for word in (code, texts[0], texts[1], pick(texts, "nn")):
            words.setdefault(_key(word), code)
    return words


def state_named(text: str) -> CaseState:
    """The state `text` names, or bad input listing the valid states (in the user's language when rendered)
    and the nearest one."""
    exact = _STATES.get(text)  # the code itself, as scripts (and the bench) write it
    if exact is not None:
        return exact
    words = state_words()
    code = words.get(_key(text))
    if code is not None:
        return CaseState(code)
    near = get_close_matches(_key(text), list(words), n=1, cutoff=0.6)
    raise InvalidInput("unknown_state", value=text, nearest=words[near[0]] if near else None, valid=list(STATE_NAMES))


_STATES = {state.value: state for state in CaseState}


def word_named(name: str, text: str, labels: dict[str, tuple[str, str]], lang: str) -> str:
    """The code `text` names among `labels` (code -> (bokmål, English)), by its code or its bokmål, nynorsk or
    English word; else bad input naming the valid ones in `lang`, and the nearest."""
    words = _words(labels)
    found = words.get(_key(text))
    if found is not None:
        return found
    near = get_close_matches(_key(text), list(words), n=1, cutoff=0.6)
    valid = ", ".join(f"{c} ({pick(t, lang)})" if pick(t, lang) != c else c for c, t in labels.items())
    raise InvalidInput("bad_choice", name=name, value=text, valid=valid,
                       nearest=f"{words[near[0]]} ({pick(labels[words[near[0]]], lang)})" if near else None)


def nearest(word: str, valid: list[str] | tuple[str, ...]) -> str | None:
    """The valid name closest to `word`, if any is close."""
    found = get_close_matches(word.strip().lower(), list(valid), n=1, cutoff=0.6)
    return found[0] if found else None
