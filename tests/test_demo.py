"""`rto demo`: a synthetic caseload through the real services, reviews and outbox, deterministic by seed."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import RTO
from helpers import as_json

import cli
from workflow.demo import run_demo

SMALL = {"seed": 3, "months": 9, "households": 12}  # fast, and still every kind of thing happens


def small_demo(folder: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    lines: list[dict[str, Any]] = []
    result = run_demo(folder, SMALL["seed"], SMALL["months"], SMALL["households"], lines.append)
    return as_json(result), lines  # as `rto --json demo` prints it


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    return small_demo(tmp_path_factory.mktemp("demo") / "run")


def test_the_demo_moves_households_in_leaves_cases_stalled_and_sends_reminders(demo: Any) -> None:
    result, _ = demo
    report = result["report"]
    assert sum(year["households"] for year in report["moved_in"]) > 0
    assert report["current"]["stalled"] > 0
    assert report["reminders"]["sent"] > 0
    assert report["reminders"]["failed"] == report["reminders"]["pending"] == 0
    mails = [p for p in (Path(result["maildir"]) / "new").iterdir() if p.is_file()]
    assert len(mails) == report["reminders"]["sent"] == result["mails"]
    assert all("Subject:" in p.read_text(encoding="utf-8") for p in mails)
    assert report["closed_by_outcome"], "some cases close"
    assert result["story"]["households"] == SMALL["households"]


def test_the_demo_reports_its_progress_once_a_simulated_month(demo: Any) -> None:
    result, lines = demo
    assert lines[0]["kind"] == "start"
    months = [line for line in lines if line["kind"] == "month"]
    assert len(months) == SMALL["months"]
    assert months[-1]["date"] == result["end"] == result["report"]["as_of"]
    assert months[-1]["reminders_sent"] == result["report"]["reminders"]["sent"]
    assert [m["reminders_sent"] for m in months] == sorted(m["reminders_sent"] for m in months)


def test_the_same_seed_tells_the_same_story(demo: Any, tmp_path: Path) -> None:
    first, first_lines = demo
    second, second_lines = small_demo(tmp_path / "again")
    paths = ("folder", "database", "database_url", "maildir", "html")
    assert {k: v for k, v in second.items() if k not in paths} == {k: v for k, v in first.items() if k not in paths}
    drop_folder = [{k: v for k, v in line.items() if k != "folder"} for line in first_lines]
    assert [{k: v for k, v in line.items() if k != "folder"} for line in second_lines] == drop_folder

    other = run_demo(tmp_path / "other", SMALL["seed"] + 1, SMALL["months"], SMALL["households"], lambda _: None)
    assert as_json(other.report) != first["report"]


def test_the_html_report_is_written_with_its_charts(demo: Any) -> None:
    result, _ = demo
    html = Path(result["html"])
    assert html.parent == Path(result["folder"])
    text = html.read_text(encoding="utf-8")
    assert "<svg" in text
    assert "<html" in text.lower()


def test_the_demo_histories_verify(demo: Any) -> None:
    from workflow.audit import verify_histories
    from workflow.bootstrap import bootstrap

    result, _ = demo
    app = bootstrap({}, database_url=result["database_url"])
    try:
        verified = verify_histories(app, "siri")
    finally:
        app.close()
    assert verified.ok is True, verified
    assert verified.cases == SMALL["households"]
    assert verified.events > 10 * SMALL["households"]


def test_the_demo_households_are_people_with_papers_and_decisions(demo: Any) -> None:
    from sqlalchemy import create_engine, text

    result, _ = demo
    engine = create_engine(result["database_url"])
    try:
        with engine.connect() as conn:
            members = conn.execute(text("SELECT count(DISTINCT household_id), count(*) FROM household_members")).one()
            decided = dict(conn.execute(text("SELECT kind, count(*) FROM decisions WHERE status = 'approved' "
                                             "AND decided_by <> proposed_by GROUP BY kind")).all())
            papers = dict(conn.execute(text("SELECT json_extract(details, '$.new.status'), count(*) "
                                            "FROM case_events WHERE kind = 'paper' GROUP BY 1")).all())
    finally:
        engine.dispose()
    assert members[0] == SMALL["households"] and members[1] > SMALL["households"]
    assert decided["help_granted"] >= 1 and decided.get("help_refused", 0) + decided.get("help_ended", 0) >= 1
    assert papers["received"] == result["story"]["papers"] > 0
    assert result["story"]["decisions"] == sum(decided.values())


def test_the_demo_report_keeps_its_shape(demo: Any) -> None:
    result, _ = demo
    assert set(result["report"]) == {"as_of", "year", "moved_in", "moved_in_selected", "open_to_move_in",
                                     "certificate_conversion", "funnel", "time_in_state", "closed_by_outcome",
                                     "current", "reminders", "made_at", "period", "to_act_on", "trend", "overview"}
    report = result["report"]
    # what the supervisor is asked to act on agrees with the counts of the cases now
    assert sum("stalled" in c["reasons"] for c in report["to_act_on"]["cases"]) == report["current"]["stalled"]
    assert len(report["trend"]["months"]) == 12 and report["trend"]["target_per_year"] == 25


def test_rto_demo_speaks_english_and_will_not_reuse_a_demo_folder(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "demo"
    args = ["--lang", "en", "demo", "--seed", "5", "--months", "3", "--households", "5", "--dir", str(folder)]
    assert cli.main(args) == 0
    out = capsys.readouterr().out
    assert "Reminders sent" in out and "March 2025" in out
    assert str(folder / "rto.db") in out and str(folder / "Maildir") in out and str(folder / "rapport.html") in out

    assert cli.main(args) == 2  # the folder holds a demo already: nothing is mixed into it
    assert "choose a new or empty folder" in capsys.readouterr().err


@pytest.mark.slow
def test_rto_demo_with_the_defaults_runs_as_make_demo_runs_it(tmp_path: Path) -> None:
    """(How long it takes is measured by `make bench`, not here.)"""
    folder = tmp_path / "demo"
    env = {k: v for k, v in os.environ.items() if not k.startswith("RTO_")}  # bokmål, whatever the shell says
    proc = subprocess.run([RTO, "demo", "--dir", str(folder)], capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "Innflyttet" in proc.stdout and "Påminnelser: sendt" in proc.stdout
    for name in ("rto.db", "Maildir", "rapport.html"):
        assert (folder / name).exists()
        assert str(folder / name) in proc.stdout
