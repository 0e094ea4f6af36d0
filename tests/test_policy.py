"""`rto policy show` and `rto policy check`: the figures in force on a day, each with the day it applies from
and its source, and the time-bound ones that have grown older than they should (mailed to the admins once a
week by the daily review while it holds)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import time_machine
from conftest import FakeClock, InProcessRto
from helpers import at, outbox_rows

from workflow.bootstrap import App, bootstrap
from workflow.reviews import run_review

# Every time-bound figure restated on 1 November 2026: fresh on 1 December 2026.
FRESH = """
[[policy]]
from = 2026-11-01
source = "Test: restated"
policy_rate_percent = 3.75
registration_fee_per_document = 560
living_cost_floor = { single_adult = 8200 }
reference_budget = { adult = 10800 }
running_costs_freehold = { electricity = 1300 }
running_costs_cooperative = { electricity = 900 }
"""


def config(tmp_path: Path, text: str) -> str:
    path = tmp_path / "rto.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_policy_show_gives_the_stress_rate_as_the_policy_rate_plus_two_and_a_half_points(rto: InProcessRto) -> None:
    shown = rto("--json", "policy", "show")
    assert shown.code == 0, shown
    figures = shown.json["figures"]
    assert figures["stress_rate_percent"]["value"] == figures["policy_rate_percent"]["value"] + 2.5
    assert figures["policy_rate_percent"]["from"] >= "2025-09-19"
    assert "Norges Bank" in figures["policy_rate_percent"]["source"]
    assert date.fromisoformat(shown.json["on"])  # today
    for name in ("living_cost_floor", "reference_budget", "registration_fee_per_document", "document_duty_percent",
                 "running_costs_freehold", "bank_stress_minimum_percent", "max_term_years"):
        assert figures[name]["source"], name  # every figure says where it comes from


def test_policy_show_on_a_day_gives_the_figures_then_in_force(rto: InProcessRto) -> None:
    summer = rto("--json", "policy", "show", "--on", "2025-07-01").json["figures"]
    assert (summer["policy_rate_percent"]["value"], summer["policy_rate_percent"]["from"]) == (4.25, "2025-06-20")
    assert summer["stress_rate_percent"]["value"] == 6.75
    assert summer["registration_fee_per_document"] == {
        "value": 545, "from": "2025-01-01",
        "source": "Kartverket, Tinglysingsgebyr: 545 kr per dokument i 2025 (fast eiendom og borettslagsandel)"}
    table = rto("policy", "show", "--on", "2024-03-01")
    assert table.code == 0 and "policy_rate_percent" in table.out and "01.01.2024" in table.out
    assert rto("policy", "show", "--on", "2024-13-01").code == 2


def test_policy_check_lists_a_figure_aged_in_a_test_config_and_nothing_when_all_are_fresh(
        rto: InProcessRto, tmp_path: Path) -> None:
    fresh = config(tmp_path, FRESH)
    with time_machine.travel(at("2026-12-01 10:00"), tick=False):
        assert rto("--config", fresh, "--json", "policy", "check").json["stale"] == []
        assert "oppdatert" in rto("--config", fresh, "policy", "check").out
        # the same, but the rate last changed on 1 May: 31 + 30 + 31 + 31 + 30 + 31 + 30 = 214 days (> 120)
        aged = config(tmp_path, FRESH.replace("policy_rate_percent = 3.75", "")
                      + '[[policy]]\nfrom = 2026-05-01\nsource = "Test: an old rate"\npolicy_rate_percent = 3.75\n')
        stale = rto("--config", aged, "--json", "policy", "check").json["stale"]
    assert [(s["name"], s["from"], s["age"], s["limit"], s["unit"]) for s in stale] == [
        ("policy_rate_percent", "2026-05-01", 214, 120, "days")]
    assert stale[0]["source"] == "Test: an old rate"


def test_the_shipped_figures_that_could_not_be_renewed_are_reported(rto: InProcessRto) -> None:
    with time_machine.travel(at("2026-12-01 10:00"), tick=False):
        stale = {s["name"] for s in rto("--json", "--config", "/dev/null", "policy", "check").json["stale"]}
    # (NAV's 2025/2026 guideline rates, Kartverket's 2026 fee, SIFO's 2026 budget and any 2026 rate decision
    # were not found when they were shipped)
    assert {"policy_rate_percent", "living_cost_floor", "registration_fee_per_document"} <= stale


def test_the_daily_review_mails_the_warning_to_the_admins_once_a_week(
        database_url: str, clock: FakeClock, tmp_path: Path) -> None:
    app: App = bootstrap({}, config_file=config(tmp_path, "[[policy]]\nfrom = 2023-12-15\n"), database_url=database_url,
                         clock=clock)
    try:
        clock.set_day("2026-03-02")  # a Monday; the rate from 19 September 2025 is 164 days old
        first = run_review(app, None)
        assert [(q.kind, q.to) for q in first if q.kind == "policy_stale"] == [("policy_stale", "adm")]
        assert [q for q in run_review(app, None) if q.kind == "policy_stale"] == []  # not again that week
        clock.set_day("2026-03-06")
        assert [q for q in run_review(app, None) if q.kind == "policy_stale"] == []
        clock.set_day("2026-03-09")  # next week, still old
        assert [q.to for q in run_review(app, None) if q.kind == "policy_stale"] == ["adm"]
        mails = [r for r in outbox_rows(app) if r.kind == "policy_stale"]
        assert len(mails) == 2
        assert "Norges Banks styringsrente" in mails[0].body_text and "164 dager" in mails[0].body_text
        assert "[[policy]]" in mails[0].body_text
    finally:
        app.close()

