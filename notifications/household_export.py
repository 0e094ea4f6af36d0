"""A household's export (`rto household export`) as one self-contained, readable HTML page.

It renders the export's plain form (the JSON document) with `templates/household_export/<language>/`, so the
page and the JSON say the same. It holds personal data, identity numbers in full: the household's own copy.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from notifications.formatting import LocaleFormats
from notifications.messages import environment
from states.labels import (
    DECISION_KIND_LABELS,
    DECISION_STATUS_LABELS,
    MEMBER_ROLE_LABELS,
    PAPER_STATUS_LABELS,
    event_label,
    fact_label,
    outcome_label,
    pick,
    state_label,
)

LANGUAGES = ("nb", "nn", "en")
_ACCESS = {"show": ("så saken", "viewed the case"), "history": ("så historikken", "viewed the history"),
           "export": ("eksporterte", "exported"), "household": ("så husstanden", "viewed the household"),
           "find": ("fant husstanden etter fødselsnummer", "found the household by identity number")}


def export_html(document: dict[str, Any], language: str, timezone: str = "Europe/Oslo") -> str:
    """The export (its plain form) as one HTML page in `language` (nb, nn or en)."""
    language = language if language in LANGUAGES else "nb"
    words = "en" if language == "en" else "nb"  # the labels' languages (bokmål serves nynorsk's labels)
    formats = LocaleFormats(language, timezone)

    def labelled(table: dict[str, tuple[str, str]]) -> Any:
        return lambda code: pick(table.get(str(code), (str(code), str(code))), words) if code else "–"

    def when(iso: str | None) -> str:
        return formats.moment(datetime.fromisoformat(iso)) if iso else "–"

    def value(v: Any) -> str:
        if v is None:
            return "–"
        if isinstance(v, bool):
            return ("ja" if v else "nei") if words == "nb" else ("yes" if v else "no")
        if isinstance(v, dict | list):
            return json.dumps(v, ensure_ascii=False, sort_keys=True)
        return str(v)

    env = environment(language, timezone)
    template = env.get_template(f"household_export/{language}/export.html")
    return str(template.render(
        h=document, when=when, value=value, state=lambda s: state_label(s, words) if s else "–",
        event=lambda k: event_label(k, words), fact=lambda f: fact_label(f, words),
        outcome=lambda o: outcome_label(o, words) if o else "–", role=labelled(MEMBER_ROLE_LABELS),
        decision_kind=labelled(DECISION_KIND_LABELS), decision_status=labelled(DECISION_STATUS_LABELS),
        paper_status=labelled(PAPER_STATUS_LABELS), access=labelled(_ACCESS)))
