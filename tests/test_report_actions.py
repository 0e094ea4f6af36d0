"""What the supervisors' report asks a supervisor to act on, and the trend it measures against the target:
the cases to act on by id and caseworker, the period and when the report was made, the households moved in
month by month against `target_per_year`, and the definitions of each figure; in JSON, the table, and CSV.

The caseload is test_reports.py's (17 cases on one time line, read on day 600, Saturday 2026-08-29), whose
every figure is worked out there; these tests run on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import OSLO, FakeClock, InProcessRto
from helpers import case_at
from test_reports import AS_OF, at_today, build_caseload, build_report, day

from workflow.bootstrap import App, bootstrap
from workflow.views import list_cases

pytestmark = pytest.mark.timeout(300)

TARGET_SOURCE = ("Sandnes kommune, «Bidra til kjøp av bolig i Sandnes» (Boligtjenesten): «Årlig har mellom 20-30"
                 " husstander kjøpt sin egen bolig gjennom dette tiltaket»; 25 er midten")


@pytest.fixture
def caseload(app: App, clock: FakeClock) -> dict[str, int]:
    return build_caseload(app, clock)


def on(n: int) -> str:
    return day(n).date().isoformat()


def pace(target: int, months: int) -> list[float]:
    """The target's pace by the end of each month: target * n / 12, to one decimal."""
    return [round(target * n / 12, 1) for n in range(1, months + 1)]


# --------------------------------------------------------------------------------------------------------------
# The cases to act on
# --------------------------------------------------------------------------------------------------------------


def test_the_cases_to_act_on_by_caseworker_and_case(app: App, caseload: dict[str, int]) -> None:
    act = build_report(app, "siri")["to_act_on"]
    ids = caseload

    def entry(key: str, caseworker: str, name: str, state: str, opened: int, months: int, reasons: list[str],
              since: int | None = None, expires: str | None = None) -> dict[str, Any]:
        return {"case": ids[key], "caseworker": caseworker, "name": name, "state": state, "opened_on": on(opened),
                "months_open": months, "reasons": reasons, "stalled_since": None if since is None else on(since),
                "certificate_expires": expires}

    assert act["cases"] == [
        # ola's, by case id. K: motivated and quiet since day 270 (> 45 days), opened day 200 (2025-07-25):
        # 13 months, past the 12 at which a supervisor decides
        entry("K", "ola", "Ola Hansen", "motivated", 200, 13, ["stalled", "past_horizon_escalation"], since=270),
        # R: motivated since day 310, quiet; opened day 300 (2025-11-02): 9 months, past the warning only
        entry("R", "ola", "Ola Hansen", "motivated", 310 - 10, 9, ["stalled", "past_horizon_warning"], since=310),
        # M: searching 50 days (not stalled: 60); its certificate expires 2026-09-18, within 30 days
        entry("M", "ola", "Ola Hansen", "searching", 520, 2, ["certificate_expiring"], expires="2026-09-18"),
        # O: financed 10 days (not stalled: 14); its certificate expires on the window's last day
        entry("O", "ola", "Ola Hansen", "financed", 580, 0, ["certificate_expiring"], expires="2026-09-28"),
        # per's. Q: screened since day 150 (a note on day 590: not stalled), 14 months open
        entry("Q", "per", "Per Berg", "screened", 150, 14, ["past_horizon_escalation"]),
        # L: searching since day 430, quiet: stalled; its certificate (day 430 + 90) expired on 2026-06-10
        entry("L", "per", "Per Berg", "searching", 400, 6, ["stalled", "certificate_expired"], since=430,
              expires="2026-06-10"),
    ]
    # not to act on: N (paused 20 days of 90), and the closed and moved-in cases
    assert ids["N"] not in {c["case"] for c in act["cases"]}
    assert act["stall_days"] == {"screened": 30, "motivated": 45, "financed": 14, "searching": 60, "bidding": 14,
                                 "contracted": 7, "paused": 90}
    # no overview of the tenants' chances to buy is kept here: nothing to say, rather than "none"
    assert act["prospects_not_contacted"] is None


def test_every_count_of_the_cases_now_is_the_length_of_its_list(app: App, caseload: dict[str, int]) -> None:
    report = build_report(app, "siri")
    current, cases = report["current"], report["to_act_on"]["cases"]

    def having(*reasons: str) -> list[int]:
        return [c["case"] for c in cases if set(reasons) & set(c["reasons"])]

    assert current["stalled"] == len(having("stalled")) == 3
    assert current["past_horizon_warning"] == len(having("past_horizon_warning", "past_horizon_escalation")) == 3
    assert current["past_horizon_escalation"] == len(having("past_horizon_escalation")) == 2
    assert current["certificates_expiring"] == len(having("certificate_expiring")) == 2
    assert current["certificates_expired"] == len(having("certificate_expired")) == 1
    # the stalled ones are those `rto case list --stalled` lists and the reviews remind about
    assert sorted(having("stalled")) == sorted(c.id for c in list_cases(app, "siri", stalled=True))
    for worker in current["caseload"]:
        assert worker["stalled"] == sum(c["caseworker"] == worker["caseworker"] for c in cases
                                        if "stalled" in c["reasons"])


def test_a_horizon_that_is_never_lists_no_case_for_it(app: App, clock: FakeClock, tmp_path: Path) -> None:
    config = tmp_path / "rto.toml"
    config.write_text('[[policy]]\nfrom = 2023-12-15\nhorizon_warning_months = "never"\n'
                      'horizon_escalation_months = "never"\nstall_days = { screened = "never" }\n', encoding="utf-8")
    clock.set_day("2025-01-06")
    case_at(app, "screened")
    clock.set_day("2026-08-29")
    quiet = bootstrap({}, config_file=str(config), database_url=app.database_url, clock=clock)
    try:
        report = build_report(quiet, "siri")
    finally:
        quiet.close()
    assert report["to_act_on"]["cases"] == []
    assert report["current"]["past_horizon_warning"] is None and report["current"]["stalled"] == 0


# --------------------------------------------------------------------------------------------------------------
# The period, when it was made, and the trend against the target
# --------------------------------------------------------------------------------------------------------------


def test_the_period_and_when_it_was_made(app: App, caseload: dict[str, int]) -> None:
    report = build_report(app, "siri")
    # from the first case opened (A, day 0) to today; made at 09:00 UTC, 11:00 in Oslo in summer
    assert report["period"] == {"start": "2025-01-06", "end": AS_OF}
    assert report["made_at"] == "2026-08-29T11:00:00+02:00"
    assert build_report(app, "siri", 2025)["period"] == {"start": "2025-01-01", "end": "2025-12-31"}
    assert build_report(app, "siri", 2026)["period"] == {"start": "2026-01-01", "end": AS_OF}


def test_the_period_of_an_empty_database(app: App) -> None:
    assert build_report(app, "siri")["period"]["start"] is None


def test_households_moved_in_per_month_against_the_target(app: App, caseload: dict[str, int]) -> None:
    trend = build_report(app, "siri")["trend"]
    # the twelve months up to and including August 2026. Moved in: D on day 242 (2025-09-05), G on day 350
    # (2025-12-22), C and E on days 430 and 441 (March 2026), F on day 565 (2026-07-25); A and B, in 2025's
    # first half, are before the window
    moved = {"2025-09": 1, "2025-12": 1, "2026-03": 2, "2026-07": 1}
    months = [f"{y}-{m:02d}" for y, m in [(2025, m) for m in range(9, 13)] + [(2026, m) for m in range(1, 9)]]
    running = 0
    expected = []
    for month, target in zip(months, pace(25, 12), strict=True):
        running += moved.get(month, 0)
        expected.append({"month": month, "households": moved.get(month, 0), "cumulative": running,
                         "target_cumulative": target})
    assert trend["months"] == expected
    assert [m["target_cumulative"] for m in trend["months"]][:4] == [2.1, 4.2, 6.2, 8.3]
    assert trend["households"] == 5 and trend["target"] == 25.0
    assert trend["target_per_year"] == 25 and trend["target_source"] == TARGET_SOURCE


def test_the_trend_of_one_year(app: App, caseload: dict[str, int]) -> None:
    year = build_report(app, "siri", 2025)["trend"]
    # all twelve months: B in April (day 110), A in July (day 200), D in September, G in December
    assert [m["households"] for m in year["months"]] == [0, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 1]
    assert year["households"] == 4 and year["target"] == 25.0
    # this year's months up to August: C and E in March, F in July; the target for eight months is 16.7
    this = build_report(app, "siri", 2026)["trend"]
    assert [m["month"] for m in this["months"]] == [f"2026-{m:02d}" for m in range(1, 9)]
    assert [m["cumulative"] for m in this["months"]] == [0, 0, 2, 2, 2, 2, 3, 3]
    assert this["target"] == 16.7 and [m["target_cumulative"] for m in this["months"]] == pace(25, 8)
    assert build_report(app, "siri", 2030)["trend"]["months"] == []


def test_a_move_in_counts_in_the_month_it_happened_where_the_service_is(app: App, clock: FakeClock) -> None:
    """Half past midnight on 1 July in Oslo is 22:30 on 30 June in UTC: July's."""
    clock.current = datetime(2026, 6, 30, 23, 30, tzinfo=OSLO)
    case_at(app, "moved_in")
    clock.current = datetime(2026, 7, 1, 0, 30, tzinfo=OSLO)
    case_at(app, "moved_in")
    clock.set_day("2026-08-29")
    months = {m["month"]: m["households"] for m in build_report(app, "siri")["trend"]["months"]}
    assert (months["2026-06"], months["2026-07"]) == (1, 1)


def test_the_target_from_the_report_section_and_from_a_dated_policy_entry(rto: InProcessRto, app: App,
                                                                          caseload: dict[str, int],
                                                                          tmp_path: Path) -> None:
    config = tmp_path / "rto.toml"
    config.write_text("[report]\ntarget_per_year = 20\n", encoding="utf-8")
    with at_today():
        trend = rto("--config", str(config), "--as", "siri", "--json", "report").json["trend"]
        assert trend["target_per_year"] == 20 and trend["target"] == 20.0
        assert trend["target_source"] == f"[report] target_per_year ({config})"
        assert [m["target_cumulative"] for m in trend["months"]] == pace(20, 12)
        shown = rto("--config", str(config), "--json", "policy", "show").json["figures"]["target_per_year"]
        assert shown["value"] == 20
        # a dated entry changes it from its day on
        config.write_text('[report]\ntarget_per_year = 20\n[[policy]]\nfrom = 2026-08-01\ntarget_per_year = 30\n'
                          'source = "Boligsosial handlingsplan 2026"\n', encoding="utf-8")
        trend = rto("--config", str(config), "--as", "siri", "--json", "report").json["trend"]
        assert (trend["target_per_year"], trend["target_source"]) == (30, "Boligsosial handlingsplan 2026")
        config.write_text('[report]\ntarget_per_year = "never"\n', encoding="utf-8")
        result = rto("--config", str(config), "--as", "siri", "report")
        assert result.code == 0, result
        assert "Innflyttet per måned (uten mål)" in result.out and "Målet: ikke satt" in result.out
        for bad in ('target_per_year = -3', 'target_per_year = "tjue"', 'goal = 20'):
            config.write_text(f"[report]\n{bad}\n", encoding="utf-8")
            refused = rto("--config", str(config), "--as", "siri", "report")
            assert refused.code == 2, refused
            assert "report." in refused.err and refused.out == ""


def test_the_shipped_target_and_its_source(rto: InProcessRto) -> None:
    shown = rto("--json", "policy", "show", "--on", "2026-08-29").json["figures"]["target_per_year"]
    assert shown == {"value": 25, "from": "2023-12-15", "source": TARGET_SOURCE}


# --------------------------------------------------------------------------------------------------------------
# The table and CSV forms
# --------------------------------------------------------------------------------------------------------------


def report_text(rto: InProcessRto, monkeypatch: pytest.MonkeyPatch, *options: str) -> str:
    monkeypatch.setenv("COLUMNS", "80")
    with at_today():
        result = rto("--as", "siri", *options, "report")
    assert result.code == 0, result
    return result.out


def test_the_table_names_the_cases_to_act_on(rto: InProcessRto, caseload: dict[str, int],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    text = report_text(rto, monkeypatch)
    lines = text.splitlines()
    assert lines[1] == "Periode: 06.01.2025–29.08.2026 · laget 29.08.2026 kl. 11:00"
    flat = [" ".join(line.split()) for line in lines]
    start = flat.index("Saker å følge opp (6)")
    assert flat[start + 1] == "Sak Saksbehandler Status Følg opp"
    k, r, m, o, q, l_ = (caseload[x] for x in "KRMOQL")
    assert flat[start + 3: start + 12] == [
        f"{k} ola motivert står stille, sist aktiv 03.10.2025", "åpen i 13 mnd, over 12: videreføre/avslutte?",
        f"{r} ola motivert står stille, sist aktiv 12.11.2025", "åpen i 9 mnd, over 9",
        f"{m} ola boligsøk finansieringsbeviset utløper 18.09.2026",
        f"{o} ola finansiert finansieringsbeviset utløper 28.09.2026",
        f"{q} per kartlagt åpen i 14 mnd, over 12: videreføre/avslutte?",
        f"{l_} per boligsøk står stille, sist aktiv 12.03.2026", "finansieringsbeviset utløp 10.06.2026"]
    assert "Innflyttet per måned mot målet om 25 husstander i året" in flat
    assert "sep 25 1 1 2,1" in flat and "mar 26 2 4 14,6" in flat and "aug 26 0 5 25" in flat
    assert "5 husstander på 12 måneder; målet for dem: 25." in flat
    definitions = text[text.index("Slik er tallene regnet"):]
    for words in ("Står stille: åpne saker", "kartlagt 30 d", "på vent 90 d", "minst 9 måneder",
                  "minst 12 måneder", "innen 30 dager", "25 husstander i året (Sandnes kommune", "minst 4 måneder",
                  "Husbanken 2020–21: 47"):
        assert words in " ".join(definitions.split()), words


@pytest.mark.parametrize("language", ["nb", "en"])
def test_no_line_of_the_report_is_longer_than_the_terminal(rto: InProcessRto, caseload: dict[str, int],
                                                           monkeypatch: pytest.MonkeyPatch, language: str) -> None:
    text = report_text(rto, monkeypatch, "--lang", language)
    too_long = [line for line in text.splitlines() if len(line) > 80]
    assert too_long == []
    if language == "en":
        assert "Cases to act on (6)" in text and "What each figure counts" in text
        assert "Moved in per month against the target of 25 households a year" in text
        for bokmaal in ("Saker å følge opp", "står stille", "Slik er tallene"):
            assert bokmaal not in text, bokmaal


def test_the_csv_has_the_cases_to_act_on_and_the_trend(rto: InProcessRto, caseload: dict[str, int]) -> None:
    with at_today():
        result = rto("--as", "siri", "report", "--format", "csv")
    assert result.code == 0, result
    body = [tuple(r) for r in list(csv.reader(io.StringIO(result.out)))[1:]]
    k, l_ = str(caseload["K"]), str(caseload["L"])
    for row in [("report", "", "made_at", "2026-08-29T11:00:00+02:00"), ("period", "", "start", "2025-01-06"),
                ("period", "", "end", AS_OF), ("to_act_on", k, "caseworker", "ola"),
                ("to_act_on", k, "state", "motivated"), ("to_act_on", k, "stalled", on(270)),
                ("to_act_on", k, "past_horizon_escalation", "13"),
                ("to_act_on", l_, "certificate_expired", "2026-06-10"),
                ("stall_days", "searching", "days", "60"), ("trend", "2026-03", "households", "2"),
                ("trend", "2026-03", "cumulative", "4"), ("trend", "2026-03", "target_cumulative", "14.6"),
                ("trend", "", "target_per_year", "25"), ("trend", "", "households", "5")]:
        assert row in body, row
    assert len(body) == len({(s, i, m) for s, i, m, _ in body}), "one row per figure"
