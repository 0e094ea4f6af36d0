"""The decision letter (an enkeltvedtak under boligsosialloven), as HTML and as an A4 PDF, in bokmål, nynorsk
and English: what it says, that user text is escaped, and that only a decided decision has a letter.

The PDF's text is read back with poppler's `pdftotext` (and its size with `pdfinfo`). Where poppler-utils is
missing the PDF tests skip, except in CI (RTO_REQUIRE_PDF=1), where they fail.
"""

from __future__ import annotations

import copy
import re
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest
from conftest import flat

from notifications.formatting import LocaleFormats
from notifications.letters import KINDS, LANGUAGES, LetterError, decision_letter_html, decision_letter_pdf

CONTEXT: dict[str, Any] = {
    "municipality": {"name": "Sandnes kommune", "unit": "Boligtjenesten", "address": "Postboks 583, 4305 Sandnes"},
    "household": {"name": "Familien Berg", "members": [{"name": "Kari Berg"}, {"name": "Ola Berg"}],
                  "address": "Rovik 12 H0201"},
    "case": 12,
    "decision": {"id": 3, "kind": "help_granted", "status": "approved",
                 "content": "Rettleiing om startlån og hjelp i kjøpsprosessen, eitt møte i månaden.",
                 "reasons": "Husstanden har hatt fast inntekt i tre år og leiger ein kommunal bustad.",
                 "proposed_by": "Ola Hansen", "decided_by": "Siri Leder", "decided_on": "2026-03-05"},
    "letter_date": "2026-03-05",
    "appeal_weeks": 3,
    "appeal_to": "Statsforvalteren i Rogaland",
    "caseworker": {"name": "Ola Hansen", "email": "ola@sandnes.kommune.no"},
}

TITLES = {
    "nb": {"help_granted": "Vedtak om individuell bistand – fra leie til eie",
           "help_refused": "Vedtak: avslag på individuell bistand",
           "help_ended": "Vedtak om avslutning av individuell bistand"},
    "nn": {"help_granted": "Vedtak om individuell bistand – frå leige til eige",
           "help_refused": "Vedtak: avslag på individuell bistand",
           "help_ended": "Vedtak om avslutting av individuell bistand"},
    "en": {"help_granted": "Decision on individual assistance – from renting to owning",
           "help_refused": "Decision: individual assistance refused",
           "help_ended": "Decision to end individual assistance"},
}
DEADLINE = {"nb": "tre uker", "nn": "tre veker", "en": "three weeks"}
CLOSING = {"nb": "Med vennlig hilsen", "nn": "Med venleg helsing", "en": "Yours sincerely"}
PAGES = {"nb": "Side 1 av 2", "nn": "Side 1 av 2", "en": "Page 1 of 2"}


def letter(kind: str = "help_granted", **changes: Any) -> dict[str, Any]:
    """The example context with the decision of `kind`; `changes` replace top-level keys or, as decision__x, the
    decision's."""
    context = copy.deepcopy(CONTEXT)
    context["decision"]["kind"] = kind
    for key, value in changes.items():
        if key.startswith("decision__"):
            context["decision"][key.removeprefix("decision__")] = value
        else:
            context[key] = value
    return context


def words(html: str) -> str:
    """What an HTML letter says, without tags or style."""
    import html as entities

    body = re.sub(r"<style>.*?</style>", " ", html, flags=re.S)
    return flat(entities.unescape(re.sub(r"<[^>]+>", " ", body)))


def pdf_info(pdf: bytes) -> dict[str, str]:
    done = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True, timeout=60)
    lines = done.stdout.decode("utf-8").splitlines()
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in lines)}


# --- HTML -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_decision_has_a_letter_in_every_language(kind: str, language: str) -> None:
    said = words(decision_letter_html(letter(kind), language))
    for expected in (TITLES[language][kind], CONTEXT["decision"]["content"], CONTEXT["decision"]["reasons"],
                     DEADLINE[language], "Statsforvalteren i Rogaland", "Sandnes kommune", "Boligtjenesten",
                     "Postboks 583, 4305 Sandnes", "Familien Berg", "Kari Berg", "Ola Berg", "Rovik 12 H0201",
                     "Ola Hansen", "ola@sandnes.kommune.no", CLOSING[language]):
        assert expected in said, (kind, language, expected)
    assert said.rstrip().endswith(f"{CLOSING[language]} Boligtjenesten Sandnes kommune")
    assert "rto" not in said.split()


def test_the_bokmal_letter_says_what_the_law_asks_of_an_enkeltvedtak() -> None:
    said = words(decision_letter_html(letter("help_granted"), "nb"))
    for expected in (
        "Vår ref.: sak 12, vedtak 3", "Saksbehandler: Ola Hansen", "Dato: 05.03.2026",
        "Sandnes kommune har vedtatt å gi Familien Berg individuelt tilpasset bistand etter boligsosialloven § 6",
        "Hva bistanden går ut på",
        "lov om kommunenes ansvar på det boligsosiale feltet (boligsosialloven) §§ 6 og 7",
        "Etter forvaltningsloven §§ 24 og 25 skal vi begrunne vedtaket",
        "Dere kan klage på vedtaket",
        "Klagefristen er tre uker fra dere mottok dette brevet, jf. forvaltningsloven §§ 28 og 29",
        "Det er nok at klagen er postlagt før fristen går ut",
        "Klagen sender dere til oss: Boligtjenesten, Sandnes kommune, Postboks 583, 4305 Sandnes",
        "sender vi klagen til Statsforvalteren i Rogaland for endelig avgjørelse",
        "hvilket vedtak dere klager på (sak 12, vedtak 3), og hvilken endring dere ønsker",
        "Dere bør begrunne klagen",
        "Dere kan be om at vedtaket ikke blir satt i verk før klagen er avgjort, jf. forvaltningsloven § 42",
        "Dere har rett til å se dokumentene i saken, jf. forvaltningsloven §§ 18 og 19",
        "Vedtaket er fattet av Siri Leder etter forslag fra Ola Hansen",
    ):
        assert expected in said, expected


def test_the_nynorsk_letter_is_written_in_nynorsk() -> None:
    one = letter("help_refused", household={"name": "Kari Berg", "members": [{"name": "Kari Berg"}], "address": None})
    said = words(decision_letter_html(one, "nn"))
    for expected in (
        "Sakshandsamar: Ola Hansen", "har gjort vedtak om ikkje å gi Kari Berg individuelt tilpassa bistand",
        "bustadsosiallova", "Grunngjeving", "Etter forvaltningslova §§ 24 og 25 skal vi grunngi vedtaket",
        "Du kan klage på vedtaket", "Klagefristen er tre veker frå du fekk dette brevet",
        "Det er nok at klaga er postlagd før fristen går ut", "Dersom vi ikkje gir deg medhald",
        "Du bør grunngi klaga", "Klaga må vere underskriven av deg eller fullmektigen din",
        "Du kan be om at vedtaket ikkje blir sett i verk før klaga er avgjord, jf. forvaltningslova § 42",
        "Du har rett til å sjå dokumenta i saka, jf. forvaltningslova §§ 18 og 19",
        "Vedtaket er gjort av Siri Leder etter forslag frå Ola Hansen", "Med venleg helsing",
    ):
        assert expected in said, expected
    bokmal = {"ikke", "hvis", "uker", "mottok", "dokumentene", "saken", "klagen", "begrunnelse", "vennlig", "hilsen",
              "fra", "hva", "hvem", "saksbehandler", "boligmarkedet"}
    assert bokmal.isdisjoint(w.strip(".,:;()").lower() for w in said.split()), bokmal & set(said.lower().split())


def test_a_household_of_several_is_written_to_as_dere_and_one_person_as_du() -> None:
    alone = letter(household={"name": "Kari Berg", "members": [{"name": "Kari Berg"}], "address": None})
    assert "Du kan klage på vedtaket" in words(decision_letter_html(alone, "nb"))
    assert "Dere kan klage på vedtaket" in words(decision_letter_html(letter(), "nb"))
    assert "De kan klage på vedtaket" in words(decision_letter_html(letter(), "nn"))
    assert "frå de fekk dette brevet" in words(decision_letter_html(letter(), "nn"))
    assert "fullmektigen dykkar" in words(decision_letter_html(letter(), "nn"))
    names_once = words(decision_letter_html(alone, "nb"))
    assert names_once.count("Kari Berg") == 2  # addressee and the decision's sentence, not a second name line


def test_the_addressee_lists_every_applicant_and_the_address_only_when_there_is_one() -> None:
    three = letter(household={"name": "Familien Berg", "address": None,
                              "members": [{"name": "Kari Berg"}, {"name": "Ola Berg"}, {"name": "Per Berg"}]})
    said = words(decision_letter_html(three, "nb"))
    assert "Familien Berg Kari Berg, Ola Berg og Per Berg Vedtak om" in said
    assert "None" not in said
    assert "Kari Berg, Ola Berg and Per Berg" in words(decision_letter_html(three, "en"))


def test_the_appeal_deadline_is_the_number_of_weeks_the_context_gives() -> None:
    assert "Klagefristen er fire uker" in words(decision_letter_html(letter(appeal_weeks=4), "nb"))
    assert "Klagefristen er fire veker" in words(decision_letter_html(letter(appeal_weeks=4), "nn"))
    assert "deadline for an appeal is 10 weeks" in words(decision_letter_html(letter(appeal_weeks=10), "en"))


def test_what_the_caseworker_wrote_is_escaped_not_run() -> None:
    hostile = letter(decision__reasons='<script>alert("x")</script> & <b>fet</b>',
                     household={"name": "Familien <i>Berg</i>", "members": [{"name": "Kari & Ola"}], "address": None})
    for language in LANGUAGES:
        html = decision_letter_html(hostile, language)
        assert "<script>" not in html and "<b>" not in html and "<i>" not in html
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;fet&lt;/b&gt;" in html
        assert "Familien &lt;i&gt;Berg&lt;/i&gt;" in html and "Kari &amp; Ola" in html


def test_the_html_names_nothing_to_fetch_so_the_pdf_needs_no_network() -> None:
    for language in LANGUAGES:
        html = decision_letter_html(letter(), language)
        assert re.search(r"\b(src|href)\s*=|url\(|@import|<link|<script", html) is None
        assert "size: A4" in html and "DejaVu Sans" in html


def test_a_proposed_decision_has_no_letter_yet() -> None:
    for render in (decision_letter_html, decision_letter_pdf):
        with pytest.raises(LetterError, match="^a proposed decision has no letter yet$"):
            render(letter(decision__status="proposed"), "nb")


def test_a_proposal_the_supervisor_rejected_is_no_decision_and_has_no_letter() -> None:
    with pytest.raises(LetterError, match="rejected proposal is no decision"):
        decision_letter_html(letter(decision__status="rejected"), "nb")


@pytest.mark.parametrize(("changes", "message"), [
    ({"decision__content": "  "}, "main content"),
    ({"decision__reasons": ""}, "reasons"),
    ({"decision__decided_by": "Ola Hansen"}, "four eyes"),
    ({"decision__kind": "help_maybe"}, "kind 'help_maybe'"),
    ({"decision__status": "draft"}, "status 'draft'"),
    ({"caseworker": {}}, "context is incomplete"),
])
def test_a_letter_the_law_or_the_context_does_not_allow_is_refused_with_a_reason(changes: dict[str, Any],
                                                                                  message: str) -> None:
    with pytest.raises(LetterError, match=message):
        decision_letter_html(letter(**changes), "nb")


def test_a_refusal_may_leave_out_what_it_concerns_but_a_grant_may_not() -> None:
    said = words(decision_letter_html(letter("help_refused", decision__content=""), "nb"))
    assert "Hva vedtaket gjelder" not in said and "Begrunnelse" in said


def test_a_language_without_a_letter_is_refused() -> None:
    with pytest.raises(LetterError, match="no decision letter in 'de'; the languages are nb, nn, en"):
        decision_letter_html(letter(), "de")


def test_nynorsk_dates_and_amounts_are_written_as_in_bokmal() -> None:
    nn, nb = LocaleFormats("nn"), LocaleFormats("nb")
    assert nn.day("2026-03-05") == nb.day("2026-03-05") == "05.03.2026"
    assert nn.locale == "nn_NO" and nn.month("2026-11-01") == "november 2026"
    assert nn.amount(12345) == "12\u00a0345\u00a0kr" and nn.percent(7) == "7,0\u00a0%"


# --- PDF ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_the_pdf_holds_the_decision_its_reasons_and_how_to_appeal(kind: str, language: str,
                                                                  pdf_text: Callable[[bytes], str]) -> None:
    pdf = decision_letter_pdf(letter(kind), language)
    assert pdf.startswith(b"%PDF-")
    text = flat(pdf_text(pdf))
    for expected in (TITLES[language][kind], CONTEXT["decision"]["content"], CONTEXT["decision"]["reasons"],
                     DEADLINE[language], "Statsforvalteren i Rogaland", "Sandnes kommune", "Boligtjenesten",
                     CLOSING[language], PAGES[language]):
        assert expected in text, (kind, language, expected)


def test_the_pdf_is_a4_with_the_municipality_as_author_and_page_numbers_in_every_footer(
        pdf_text: Callable[[bytes], str]) -> None:
    pdf = decision_letter_pdf(letter(), "nb")
    info = pdf_info(pdf)
    assert "(A4)" in info["Page size"] and info["Author"] == "Sandnes kommune"
    assert info["Title"] == TITLES["nb"]["help_granted"]
    pages = int(info["Pages"])
    text = flat(pdf_text(pdf))
    assert [f"Side {n} av {pages}" in text for n in range(1, pages + 1)] == [True] * pages


def test_the_pdf_prints_what_the_caseworker_wrote_as_text(pdf_text: Callable[[bytes], str]) -> None:
    pdf = decision_letter_pdf(letter(decision__reasons="<script>alert(1)</script> Fast inntekt."), "nn")
    assert "<script>alert(1)</script> Fast inntekt." in flat(pdf_text(pdf))


def test_without_weasyprint_the_pdf_letter_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import weasyprint now raises ImportError
    with pytest.raises(LetterError, match=re.escape("pip install weasyprint==70.0; apt install libpango-1.0-0 "
                                                    "libpangoft2-1.0-0")):
        decision_letter_pdf(letter(), "nb")
    assert "Vedtak om individuell bistand" in decision_letter_html(letter(), "nb")  # HTML needs no WeasyPrint


@pytest.mark.parametrize(("language", "expected"), [("nb", "søke startlån"), ("nn", "søkje startlån"),
                                                    ("en", "apply for a start-up loan")])
def test_a_grant_without_its_own_content_states_the_programmes_standard_help(language: str, expected: str) -> None:
    said = words(decision_letter_html(letter(decision__content=None), language))
    assert expected in said
