"""The decision letter (enkeltvedtak) to a household, as HTML and as an A4 PDF, from a plain-dict context.

The letter is a pure function of its context: the caller (the decisions service) gathers the municipality,
the household, the decision and the caseworker into plain values, and this module only renders them from
`templates/decision_letter/<language>/letter.html`. Every word the household reads lives in those templates.
Only a decided decision has a letter: an approved proposal is the municipality's decision. A proposal that is
still waiting, or that the supervisor turned down, has none; the caller maps the `LetterError` it gets.

The PDF is drawn by WeasyPrint, imported only when a PDF is asked for. It never touches the network: the
style is inline, and every URL a letter might name is refused rather than fetched.
"""

from __future__ import annotations

from typing import Any

from notifications.messages import environment

LANGUAGES = ("nb", "nn", "en")
KINDS = ("help_granted", "help_refused", "help_ended")
DECIDED = "approved"  # the only status whose decision the household is told of

INSTALL_PDF = "pip install weasyprint==70.0; apt install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"


class LetterError(Exception):
    """A letter that cannot be made: no decision to tell of yet, an unknown language, or no PDF engine."""


def decision_letter_html(context: dict[str, Any], language: str) -> str:
    """The letter for the decision in `context`, as one self-contained HTML page in `language` (nb, nn, en)."""
    _check(context, language)
    import jinja2

    template = environment(language).get_template(f"decision_letter/{language}/letter.html")
    try:
        return str(template.render(context))
    except jinja2.UndefinedError as missing:
        raise LetterError(f"the letter's context is incomplete: {missing}") from missing


def decision_letter_pdf(context: dict[str, Any], language: str) -> bytes:
    """The same letter as an A4 PDF, with the municipality as sender and "Side 1 av 2" in the footer."""
    html = decision_letter_html(context, language)
    try:
        from weasyprint import HTML
        from weasyprint.urls import FatalURLFetchingError, URLFetcher
    except (ImportError, OSError) as missing:  # OSError: the package is there, Pango is not
        raise LetterError(f"PDF letters need WeasyPrint and its system libraries ({missing}): {INSTALL_PDF}") \
            from missing
    offline = URLFetcher(allowed_protocols=frozenset(), fail_on_errors=True)  # a URL stops the letter, unfetched
    try:
        pdf: bytes = HTML(string=html, url_fetcher=offline).write_pdf(pdf_tags=True)  # tagged, for screen readers
    except FatalURLFetchingError as fetch:
        raise LetterError(f"a letter is drawn offline, but its template names a resource to fetch: {fetch}") from fetch
    return pdf


def _check(context: dict[str, Any], language: str) -> None:
    if language not in LANGUAGES:
        raise LetterError(f"no decision letter in {language!r}; the languages are {', '.join(LANGUAGES)}")
    decision = context.get("decision")
    if not isinstance(decision, dict):
        raise LetterError("the letter's context has no decision")
    status, kind = decision.get("status"), decision.get("kind")
    if status == "proposed":
        raise LetterError("a proposed decision has no letter yet")
    if status == "rejected":
        raise LetterError("a rejected proposal is no decision and has no letter; the caseworker proposes anew")
    if status != DECIDED:
        raise LetterError(f"a decision with status {status!r} has no letter")
    if kind not in KINDS:
        raise LetterError(f"no letter for a decision of kind {kind!r}; the kinds are {', '.join(KINDS)}")
    content = decision.get("content")
    if kind == "help_granted" and content is not None and not str(content).strip():  # None: the standard text
        raise LetterError("a decision that grants help must state the help's main content (boligsosialloven § 7)")
    if not str(decision.get("reasons") or "").strip():
        raise LetterError("a decision must give its reasons (forvaltningsloven §§ 24-25)")
    if decision.get("decided_by") == decision.get("proposed_by"):
        raise LetterError("four eyes: the letter names who decided and who proposed, and they must be two people")
