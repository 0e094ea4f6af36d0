"""The HTML report in nynorsk (`rto --lang nn report --format html`): its own page, not bokmål's, charts too."""

from __future__ import annotations

from pathlib import Path

from conftest import FakeClock, InProcessRto
from test_report_html import render, svgs
from test_reports import build_caseload

from workflow.bootstrap import App

BOKMAL_ONLY = ("Husstander", "flyttet inn", "Påminnelser", "Saker nå", "saksbehandler", "hvert steg", "Laget av")


def test_the_html_report_in_nynorsk(rto: InProcessRto, app: App, clock: FakeClock, tmp_path: Path) -> None:
    build_caseload(app, clock)
    page = render(rto, tmp_path / "rapport-nn.html", "--lang", "nn")
    assert '<html lang="nn">' in page
    for words in ("Frå leige til eige", "Hushald som har flytta inn i eigen bustad", "Saker no", "Påminningar",
                  "Saker per sakshandsamar", "Laga av rto"):
        assert words in page, words
    for words in BOKMAL_ONLY:
        assert words not in page, words
    charts = svgs(page)
    assert {"Saker som nådde kvart steg", "Tid i kvar status (dagar)", "Utfall per år"} <= set(charts)
    assert any("flytta inn" in (t.text or "") for chart in charts.values() for t in chart.iter())
