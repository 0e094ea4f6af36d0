"""The overview without a case: a household's own figures, its purchasing power assessed and recorded,
the register's due and prospects listed, outreach recorded, and a case that starts from it all."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from helpers import as_json
from sqlalchemy import create_engine, text

from workflow.cases import open_case, set_facts
from workflow.overview import assess_household, contact_household, list_register

HEADER = "external_id,name,adults,children_ages,income_monthly,income_predictable,debt_monthly,equity"
ROWS = ["A1,Kari Hansen,1,,40000,ja,0,50000",  # the single adult checked by hand in test_purchasing_power
        "A2,Ola Dal,3,15,30000,nei,0,0"]  # cannot carry a loan


def imported(rto: Any, tmp_path: Path) -> list[int]:
    path = tmp_path / "register.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    assert rto("household", "import", path).code == 0
    return [h["id"] for h in rto("--json", "household", "list").json]


def rows(url: str, sql: str) -> list[Any]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(text(sql)))
    finally:
        engine.dispose()


def test_an_assessment_shows_each_line_and_is_recorded(rto: Any, app: Any, tmp_path: Path) -> None:
    kari, _ = imported(rto, tmp_path)
    done = as_json(assess_household(app, "ola", kari))  # on the test's day, 2 March 2026
    keys = ("household", "monthly_available", "max_loan", "max_price", "price_needed", "prospect", "stress_rate",
            "assessed_on")
    assert {k: done[k] for k in keys} == {
        "household": kari, "monthly_available": 21400, "max_loan": 3385711, "max_price": 3434621,
        "price_needed": 2500000, "prospect": True, "stress_rate": 6.5, "assessed_on": "2026-03-02"}
    assert done["policy"]["stress_rate_percent"]["value"] == 6.5
    human = rto("household", "assess", kari).out
    for line in ("Netto inntekt", "levekostnader", "driftskostnader", "Største lån", "Høyeste pris",
                 "2\u00a0500\u00a0000", "Kan kjøpe: ja"):
        assert line in human
    recorded = rows(rto.url, f"SELECT assessed_on, max_price, prospect FROM assessments WHERE household_id = {kari}")
    assert len(recorded) == 2 and recorded[0][1] == 3434621 and bool(recorded[0][2]) is True
    assert str(recorded[0][0]) == "2026-03-02"
    assert rto("--as", "siri", "audit", "verify").code == 0


def test_a_household_without_income_figures_cannot_be_assessed(rto: Any) -> None:
    household = rto("--json", "household", "add", "--name", "Familien Lie").json["id"]
    refused = rto("household", "assess", household)
    assert refused.code == 3 and "ingen registrert inntekt" in refused.err


def test_the_register_lists_its_prospects_and_the_households_due(rto: Any, app: Any, tmp_path: Path,
                                                                 clock: Any) -> None:
    kari, ola = imported(rto, tmp_path)
    assert [h["id"] for h in rto("--json", "household", "list", "--prospects").json] == [kari]
    assert [h["id"] for h in rto("--json", "household", "list", "--due").json] == [kari, ola]
    assess_household(app, "ola", kari)
    assert [h.id for h in list_register(app, "ola", due=True)] == [ola]
    assert list_register(app, "ola")[0].last_assessed_on == date(2026, 3, 2)
    clock.set_day("2027-03-01")
    assert [h.id for h in list_register(app, "ola", due=True)] == [ola]
    clock.set_day("2027-03-02")  # twelve months on: due again
    assert [h.id for h in list_register(app, "ola", due=True)] == [kari, ola]
    csv = rto("household", "list", "--csv").out.splitlines()
    assert csv[0].startswith("id,external_id,name") and len(csv) == 3


def test_outreach_is_recorded_and_an_interested_households_case_links_it(rto: Any, tmp_path: Path) -> None:
    kari, _ = imported(rto, tmp_path)
    assert rto("household", "contact", kari, "--outcome", "invited", "--note", "Brev sendt").code == 0
    assert rto("household", "contact", kari, "--outcome", "interested").code == 0
    assert rto("household", "contact", kari, "--outcome", "maybe").code == 2
    case = rto("--json", "case", "open", kari).json["id"]
    contacts = rows(rto.url, f"SELECT outcome, case_id FROM contacts WHERE household_id = {kari} ORDER BY id")
    assert [(c[0], c[1]) for c in contacts] == [("invited", None), ("interested", case)]
    events = rows(rto.url, f"SELECT kind, details FROM household_events WHERE household_id = {kari} ORDER BY seq")
    assert [e[0] for e in events] == ["registered", "contacted", "contacted"]
    assert json.loads(events[1][1])["note"] == "Brev sendt"
    contact_id = rows(rto.url, f"SELECT id FROM contacts WHERE household_id = {kari} ORDER BY id")[-1][0]
    opened = rto("--json", "case", "history", case).json[0]
    assert opened["kind"] == "opened" and opened["details"]["contact"] == contact_id


def test_a_case_starts_from_the_households_figures_and_its_changes_flow_back(rto: Any, app: Any, tmp_path: Path,
                                                                              clock: Any) -> None:
    kari, _ = imported(rto, tmp_path)
    case = rto("--json", "case", "open", kari).json["id"]
    facts = rto("--json", "case", "show", case).json["facts"]
    assert {k: facts[k] for k in ("income_monthly", "income_predictable", "debt_monthly", "equity")} == {
        "income_monthly": 40000, "income_predictable": True, "debt_monthly": 0, "equity": 50000}
    clock.set_day("2026-04-01")
    set_facts(app, "ola", case, ["income_monthly=42000"])
    figures = rows(rto.url, f"SELECT recorded_on, source, figures FROM household_figures WHERE household_id = {kari}"
                            " ORDER BY id")
    assert [f[1] for f in figures] == ["import of register.csv", f"case {case}"]
    latest = json.loads(figures[-1][2])
    assert (latest["income_monthly"], latest["on"]) == (42000, "2026-04-01")
    assert rto("--json", "household", "assess", kari).json["monthly_available"] == 23400
    assert rto("--as", "siri", "audit", "verify").code == 0


def test_figures_are_recorded_by_hand_dated(rto: Any) -> None:
    household = rto("--json", "household", "add", "--name", "Familien Lie").json["id"]
    done = rto("--json", "household", "figures", household, "income_monthly=52000", "income_predictable=ja")
    assert done.code == 0 and done.json["figures"]["income_monthly"] == 52000
    assert rto("household", "figures", household, "loan_amount=5").code == 2
    assert rto("--json", "household", "assess", household).json["monthly_available"] == 52000 - 17000 - 1600


def test_the_monthly_digest_covers_the_whole_register(rto: Any, app: Any, tmp_path: Path, clock: Any) -> None:
    from workflow.reviews import run_review

    kari, ola = imported(rto, tmp_path)
    assess_household(app, "ola", kari)  # a prospect, not yet contacted
    interested = rto("--json", "household", "add", "--name", "Familien Lie").json["id"]
    rto("household", "contact", interested, "--outcome", "interested")
    queued = run_review(app, None, date(2026, 3, 2))
    digest = [q for q in as_json(queued) if q["kind"] == "reassessment"]
    assert sorted(q["to"] for q in digest) == ["ola", "per", "siri", "sven"]
    body = rows(rto.url, "SELECT body_text FROM outbox WHERE kind = 'reassessment' ORDER BY id")[0][0]
    assert f"rto household assess {ola}" in body and "aldri vurdert" in body  # never assessed: due
    assert f"rto household assess {kari}" not in body  # assessed today
    assert f"rto household contact {kari} --outcome invited" in body  # a new prospect
    assert f"rto case open {interested}" in body  # interested, without a case


def test_the_digest_lists_the_never_assessed_first_then_the_longest_ago_and_leaves_out_who_moved_in(
        rto: Any, app: Any, tmp_path: Path, clock: Any) -> None:
    from workflow.register_digest import register_digest

    kari, ola = imported(rto, tmp_path)
    clock.set_day("2025-01-10")
    assess_household(app, "ola", ola)
    clock.set_day("2025-02-20")
    assess_household(app, "ola", kari)
    never = rto("--json", "household", "add", "--name", "Familien Lie").json["id"]
    moved = rto("--json", "household", "add", "--name", "Familien Berg").json["id"]  # never assessed either
    case_id = open_case(app, "ola", moved).id
    with app.db.transaction(write=True) as conn:  # its case ended with the purchase, long ago
        conn.execute(text("UPDATE cases SET state = 'moved_in' WHERE id = :id"), {"id": case_id})
        conn.execute(text("UPDATE households SET open_case_id = NULL WHERE id = :id"), {"id": moved})
    with app.db.transaction() as conn:
        found = register_digest(app, conn, date(2026, 3, 1), lambda name: name[:1])
    assert [entry["household"] for entry in found["due"]] == [never, ola, kari]  # the same on both databases
    assert found["due_count"] == 3


def test_the_reports_prospects_not_contacted_come_from_the_overview(rto: Any, app: Any, tmp_path: Path) -> None:
    from workflow.reports import build_report

    assert build_report(app, "siri").to_act_on.prospects_not_contacted is None  # no overview kept yet
    kari, ola = imported(rto, tmp_path)
    assess_household(app, "ola", kari)
    assess_household(app, "ola", ola)
    assert [p.household for p in build_report(app, "siri").to_act_on.prospects_not_contacted or []] == [kari]
    contact_household(app, "ola", kari, "invited")
    assert build_report(app, "siri").to_act_on.prospects_not_contacted == []
