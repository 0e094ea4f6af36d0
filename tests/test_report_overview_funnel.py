"""The overview's funnel (workflow/funnel.py) in every form of the report: the CSV rows and the HTML page's
section, in bokmål, nynorsk and English, not only the table and the JSON."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from helpers import as_json
from test_overview import imported
from test_report_html import render

from workflow.cases import open_case
from workflow.overview import assess_household, contact_household

STEPS = {"households": 2, "assessed": 2, "prospects": 1, "contacted": 2, "interested": 1, "cases_opened": 1,
         "moved_in": 0}


def overview_kept(rto: Any, app: Any, tmp_path: Path) -> None:
    kari, ola = imported(rto, tmp_path)
    assess_household(app, "ola", kari)
    assess_household(app, "ola", ola)
    for household, outcome in ((kari, "invited"), (kari, "interested"), (ola, "no_answer")):
        contact_household(app, "ola", household, outcome)
    open_case(app, "ola", kari)


def test_the_report_shows_the_overviews_funnel(rto: Any, app: Any, tmp_path: Path) -> None:
    from workflow.reports import build_report

    overview_kept(rto, app, tmp_path)
    funnel = as_json(build_report(app, "siri").overview)
    assert {k: funnel[k] for k in STEPS} == STEPS
    shown = rto("--as", "siri", "report").out
    assert "husstander i registeret" in shown and "saker åpnet" in shown


def test_the_csv_has_the_overviews_funnel(rto: Any, app: Any, tmp_path: Path) -> None:
    overview_kept(rto, app, tmp_path)
    done = rto("--as", "siri", "report", "--format", "csv")
    assert done.code == 0
    rows = list(csv.reader(io.StringIO(done.out)))
    funnel = {item: int(value) for section, item, measure, value in rows
              if section == "overview_funnel" and measure == "count"}
    assert funnel == STEPS
    measures = {measure for section, _, measure, _ in rows if section == "overview_funnel"}
    assert {"period_from", "period_to"} <= measures


def test_the_html_has_the_overviews_funnel_in_each_language(rto: Any, app: Any, tmp_path: Path) -> None:
    overview_kept(rto, app, tmp_path)
    words = {"nb": ("Oversikten: fra registeret til innflytting", "husstander i registeret", "saker åpnet"),
             "nn": ("Oversikta: frå registeret til innflytting", "hushald i registeret", "saker opna"),
             "en": ("The overview: from the register to moving in", "households in the register", "cases opened")}
    for language, expected in words.items():
        page = render(rto, tmp_path / f"report-{language}.html", "--lang", language)
        assert 'id="overview-funnel"' in page, language
        for text in expected:
            assert text in page, (language, text)
        for step, n in STEPS.items():
            assert f'<tr data-step="{step}"><td>' in page
            row = page.split(f'<tr data-step="{step}">', 1)[1].split("</tr>", 1)[0]
            assert f'<td class="n">{n}</td>' in row, (language, step, row)

