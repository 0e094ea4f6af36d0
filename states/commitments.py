"""Personal data in a history, committed to without being needed later: what retention erases.

An event's details hold personal values (a note's text, an income, a member's name). The hash formula of
version 3 (`states.history`) does not take those values themselves: it takes each one's salted commitment,
SHA-256 of a random 16-byte salt followed by the value's canonical JSON. The salts are kept beside the event
(its `sealed` column: a JSON list of [path, "s", salt]), never in the details. While the salt is there,
verify recomputes each commitment from the value, so an edited value still breaks the chain; erasure puts a
placeholder in the value's place and the commitment in the salt's ([path, "c", commitment]), so the chain
still verifies and the value cannot be recovered (the salt, 128 random bits, is gone with it: no guessing
an income or a birth date from its commitment).

Which values are personal is decided here, by the keys that hold them (`PERSONAL_KEYS`) and, for a fact,
by its kind: dates, yes/no, choices and the household's counts are the statistics the report needs and are
kept; amounts, rates, text, ages and contact details are personal.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from typing import Any

from states.canonical import canonical, json_string
from states.facts import FACTS, Kind

# Facts kept after erasure: what the report and the journey's statistics read. municipal_unit is the
# municipality's own rental unit (the report counts the units released), not the household's contact.
_KEPT_KINDS = (Kind.DATE, Kind.YESNO, Kind.CHOICE)
KEPT_FACTS = frozenset({name for name, spec in FACTS.items() if spec.kind in _KEPT_KINDS}
                       | {"adults", "children", "municipal_unit"})
# Keys whose value (whatever its shape) is personal, wherever they occur in an event's details: a person's
# words and particulars; every fact that is not kept (an income, a debt, equity: also where the overview's
# events name them, in an import's or the household's own figures and their changes); the tenant register's
# id and tenancy ("external_id", "tenant_since", "nin": an import's change of identity numbers, masked to the
# birth date); and an assessment's amounts (its verdict, the price of a home that fits and the stress rate,
# all of policy, are kept for the funnel).
PERSONAL_KEYS = frozenset({
    "name", "born", "identity_number", "identity_numbers", "email", "child_ages", "text", "reason", "reasons",
    "content", "note", "ref", "relied_on", "requirements", "overridden", "error",
    "external_id", "tenant_since", "nin", "monthly_available", "max_loan", "max_price",
} | (set(FACTS) - KEPT_FACTS))
# What an assessment's recorded calculation keeps after erasure: its day, verdict and the policy it used.
KEPT_CALCULATION = ("assessed_on", "figures_on", "prospect", "price_needed", "stress_rate", "policy")
ERASED_HOUSEHOLD = {"email": None, "child_ages": None}  # what a household's erased facts become

Path = list[str | int]
SALT_BYTES = 16


def commitment(salt: str, value: Any) -> str:
    """The salted commitment to a value, SHA-256(salt || the value's canonical JSON): it binds the value (no
    other value has it) and hides it (without the salt, no value can be tried against it). (The salt has a
    fixed length, so no two (salt, value) pairs run together; plain SHA-256 costs a third of an HMAC, which a
    verify of millions of events feels.)"""
    return _commit(salt, canonical(value))


def personal_paths(kind: str, details: dict[str, Any]) -> list[Path]:
    """Where the personal values in an event's details are (only values that are not None)."""
    found: list[Path] = []
    if kind == "fact_recorded":
        fact = details.get("fact")  # (a name; anything else, as a tampered row may hold, is not a kept fact)
        if not isinstance(fact, str) or fact not in KEPT_FACTS:
            found += [[key] for key in ("old", "new") if details.get(key) is not None]
        return found
    _walk(details, [], found)
    return found


def _walk(value: Any, path: Path, found: list[Path]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if key in PERSONAL_KEYS:
                if item is not None:
                    found.append([*path, key])
            else:
                _walk(item, [*path, key], found)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _walk(item, [*path, index], found)


def seal(kind: str, details: dict[str, Any], salt: Callable[[], str] | None = None) -> tuple[str, str | None, str]:
    """A new event's details as stored, its `sealed` column (a salt for each personal value; None: it has
    none), and its details as version 3 hashes them: what `committed_text` gives of the first two, with each
    value encoded once. (A step's details are mostly the affordability calculation it relied on, a few
    kilobytes: encoding it twice and parsing it back was a fifth of the time of a transition.)"""
    paths = personal_paths(kind, details)
    if not paths:
        text = _unsealed(canonical(details))
        return text, None, text
    make = salt or (lambda: os.urandom(SALT_BYTES).hex())  # (what secrets.token_hex does, without its two calls)
    salts = [make() for _ in paths]
    sealed = canonical([[path, "s", s] for path, s in zip(paths, salts, strict=True)])
    marks: dict[Any, Any] = {}  # the paths as a tree, each ending in its salt
    for path, s in zip(paths, salts, strict=True):
        node = marks
        for step in path[:-1]:
            node = node.setdefault(step, {})
        node[path[-1]] = s
    try:
        text, committed = _both(details, marks)
    except _NotPlain:  # keys JSON turns into text (1 -> "1"): seal the details as they will be read back
        text = canonical(details)
        _same, read_back, committed = seal(kind, json.loads(text), make)
        return _unsealed(text), read_back, committed
    return _unsealed(text), sealed, committed


class _NotPlain(Exception):
    pass


def _both(value: Any, marks: dict[Any, Any]) -> tuple[str, str]:
    """(`canonical(value)`, the same with the values `marks` names replaced by their commitments), each part
    encoded once, the way the canonical encoder writes it (keys sorted, no spaces)."""
    if isinstance(value, dict):
        if not all(type(key) is str for key in value):
            raise _NotPlain
        items = [(json_string(key) + ":", key, value[key]) for key in sorted(value)]
        opening, closing = "{", "}"
    else:  # a list or tuple: only containers are on a personal value's path
        items = [("", index, item) for index, item in enumerate(value)]
        opening, closing = "[", "]"
    plain, hashed = [], []
    for head, key, item in items:
        mark = marks.get(key)
        if mark is None:
            part = canonical(item)
            plain.append(head + part)
            hashed.append(head + part)
        elif isinstance(mark, str):
            part = canonical(item)
            plain.append(head + part)
            hashed.append(head + canonical({"commitment": _commit(mark, part)}))
        else:
            inner, inner_hashed = _both(item, mark)
            plain.append(head + inner)
            hashed.append(head + inner_hashed)
    return opening + ",".join(plain) + closing, opening + ",".join(hashed) + closing


def _commit(salt: str, text: str) -> str:
    return hashlib.sha256(bytes.fromhex(salt) + text.encode()).hexdigest()


def _unsealed(text: str) -> str:
    if COMMITMENT in text:  # stored details never hold one (see committed_text)
        raise ValueError("a commitment in the details themselves")
    return text


def committed_text(details: str, sealed: str | None) -> str:
    """The details as version 3 hashes them: each sealed value replaced by its commitment (computed from the
    value and its salt, or as kept after erasure)."""
    if COMMITMENT in details:  # stored details never hold one (no key of rto's is "commitment", and a user's
        raise ValueError("a commitment in the details themselves")  # text has its quotes escaped)
    if sealed is None:
        return details
    tree = json.loads(details)
    for path, how, secret in json.loads(sealed):
        parent, key = _locate(tree, path)
        value = parent[key]
        if how == "c" and value not in ("", None):  # an erased value is only ever its placeholder
            raise ValueError("an erased value was written over")
        parent[key] = {"commitment": secret if how == "c" else commitment(secret, value)}
    return canonical(tree)


def erase(details: str, sealed: str | None) -> tuple[str, str | None, int]:
    """The details with every sealed value replaced by a placeholder ("" for text, else None), the sealed
    column with commitments in the salts' place, and how many values were erased (0: nothing to do)."""
    if sealed is None:
        return details, None, 0
    tree = json.loads(details)
    entries, count = [], 0
    for path, how, secret in json.loads(sealed):
        if how == "s":
            parent, key = _locate(tree, path)
            value = parent[key]
            secret, count = commitment(secret, value), count + 1
            parent[key] = placeholder(value)
        entries.append([path, "c", secret])
    return canonical(tree), canonical(entries), count


def placeholder(value: Any) -> Any:
    """What an erased value becomes: "" for text (the columns that hold text may not be empty), else None."""
    return "" if isinstance(value, str) else None


# How a salt's and a commitment's entries look in the sealed column's text: a path (a list) ends just before
# (a quote inside a key is escaped, so no key can hold these).
SALTED, COMMITTED = '],"s","', '],"c","'
COMMITMENT = '{"commitment":'  # how a committed value reads in the form version 3 hashes


def is_erased(sealed: str | None) -> bool:
    """Whether an event's personal values were erased (a commitment is kept in a salt's place)."""
    return sealed is not None and COMMITTED in sealed


def erase_facts(facts: dict[str, Any]) -> dict[str, Any]:
    """A case's facts as erasure leaves them: the kept ones."""
    return {k: v for k, v in facts.items() if k in KEPT_FACTS}


def erase_figures(figures: dict[str, Any]) -> dict[str, Any]:
    """A household's own figures (the overview's) as erasure leaves them: the kept ones, and their day."""
    return {k: v for k, v in figures.items() if k in KEPT_FACTS or k == "on"}


def erase_calculation(calculation: dict[str, Any]) -> dict[str, Any]:
    """An assessment's recorded calculation as erasure leaves it (`KEPT_CALCULATION`)."""
    return {k: calculation[k] for k in KEPT_CALCULATION if k in calculation}


def erase_papers(papers: dict[str, Any]) -> dict[str, Any]:
    """A case's papers as erasure leaves them: each one's status, without its reference or reason."""
    return {k: {f: (placeholder(v) if f in PERSONAL_KEYS else v) for f, v in entry.items()}
            if isinstance(entry, dict) else entry for k, entry in papers.items()}


def _locate(tree: Any, path: Path) -> tuple[Any, Any]:
    node = tree
    for step in path[:-1]:
        node = node[step]
    return node, path[-1]




def attestation(head: list[Any], details: str, sealed: str) -> str | None:
    """What vouches for an event sealed before version 3 once its values are erased (its own hash, over the
    details in clear, can no longer be recomputed): a SHA-256 over its other fields, its hash, and its details
    as committed. The `erased` event after it records a digest of these (`attest`), so the chain from there
    on, and every checkpoint sealed since, vouch for them. None: erased values written over."""
    try:
        committed = committed_text(details, sealed)
    except (ValueError, KeyError, TypeError, IndexError):
        return None
    return hashlib.sha256(f"{canonical(head)}\x1f{committed}".encode()).hexdigest()


def attest(attestations: list[str]) -> str:
    """The digest the `erased` event records over the attestations of the old events it erased, in order."""
    return hashlib.sha256("".join(attestations).encode()).hexdigest()


def attested_in(details: str) -> str | None:
    """The digest an `erased` event records (of no attestations, when it erased no old event)."""
    try:
        return str(json.loads(details).get("attested", attest([])))
    except (ValueError, AttributeError):
        return None

