"""A new event is sealed in one pass over its details (`states.commitments.seal`); `audit verify` recomputes
its hash from what is stored, parsing the details back (`committed_text`). The two must agree for any details
rto can write, or a fresh history would fail its own verify: here they are compared on arbitrary details,
personal values at the top, nested in objects and lists, and keys that JSON turns into text.
"""

from __future__ import annotations

from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from states.canonical import canonical
from states.commitments import PERSONAL_KEYS, committed_text, erase, is_erased, seal

PERSONAL = sorted(PERSONAL_KEYS)[:8]
KEYS = st.one_of(st.sampled_from([*PERSONAL, "step", "kind", "æøå", 'a"b', "\u2028", ""]), st.text(max_size=6))
LEAVES = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70), st.text(max_size=12),
                   st.floats(allow_nan=False, allow_infinity=False))
DETAILS = st.dictionaries(KEYS, st.recursive(LEAVES, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(KEYS, inner, max_size=4)), max_leaves=12), max_size=6)


def _salts() -> Any:
    counter = iter(range(10**6))
    return lambda: f"{next(counter):032x}"


@given(kind=st.sampled_from(["transition", "note", "fact_recorded", "paper"]), details=DETAILS)
@example(kind="fact_recorded", details={"fact": []})  # a fact that is not a name (found by hypothesis in CI)
def test_a_new_events_one_pass_forms_are_what_verify_recomputes_from_the_stored_text(
        kind: str, details: dict[str, Any]) -> None:
    text, sealed, committed = seal(kind, details, _salts())
    assert text == canonical(details)
    assert committed == committed_text(text, sealed)
    if sealed is not None:  # the commitment hides the value: erasing keeps the committed form as it was
        erased, after, _count = erase(text, sealed)
        assert is_erased(after) and committed_text(erased, after) == committed


def test_keys_that_json_turns_into_text_are_committed_as_they_will_be_read_back() -> None:
    details = {"relied_on": {10: "a", 9: "b"}, "note": "ti", "nested": {2: {"text": "x"}, 1: []}}
    text, sealed, committed = seal("note", details, _salts())
    assert text == canonical(details) and sealed is not None
    assert committed == committed_text(text, sealed)
