"""The papers a case needs: a checklist from configuration, per adult where each supplies one; a step is
refused while one is missing, a supervisor alone waives one, and the history replays them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from helpers import case_at, facts_for, grant_help
from sqlalchemy import create_engine, text

from states.errors import ConfigError, InvalidInput, NotFound, NotPermitted, Refused
from workflow.audit import verify_histories
from workflow.cases import open_case, set_facts
from workflow.config import load_settings
from workflow.households import add_household, add_member
from workflow.papers import list_papers, record_paper
from workflow.steps import StepRequest, take_step
from workflow.views import case_history, show_case

FINANCED_PAPERS = ("tax_return", "payslips", "debt_register")


def two_adults_motivated(app: Any) -> tuple[int, int, int]:
    """A case in `motivated` for a household of two adult members (and a child), its certificate recorded."""
    household = add_household(app, "ola", "Familien Berg", unit="Rovik 12 H0201").id
    kari = add_member(app, "ola", household, "Kari Berg", "1988-04-02").id
    per = add_member(app, "ola", household, "Per Berg", "1986-11-20", co_applicant=True).id
    add_member(app, "ola", household, "Emma Berg", "2017-06-14")
    case = open_case(app, "ola", household).id
    set_facts(app, "ola", case, facts_for("motivated", app.today()))
    grant_help(app, case)
    take_step(app, "ola", case, StepRequest("motivated"))
    set_facts(app, "ola", case, facts_for("financed", app.today()))
    return case, kari, per


def test_financed_is_refused_while_a_paper_is_missing_for_one_of_two_adults_and_taken_once_it_is_in(
        app: Any) -> None:
    case, kari, per = two_adults_motivated(app)
    for paper in FINANCED_PAPERS:
        record_paper(app, "ola", case, paper, "received", kari, ref=f"2026/14-{paper}")
    for paper in ("tax_return", "payslips"):
        record_paper(app, "ola", case, paper, "received", per, ref=f"2026/15-{paper}")
    with pytest.raises(Refused) as refused:
        take_step(app, "ola", case, StepRequest("financed"))
    assert [(r.code, r.params["paper"], r.params["member"], r.params["name"]) for r in refused.value.requirements] \
        == [("paper_missing_from", "debt_register", per, "Per Berg")]
    missing = show_case(app, "ola", case).papers_missing
    assert [(p.key, p.member) for p in missing] == [("debt_register", per)]
    record_paper(app, "ola", case, "debt_register", "received", per, ref="2026/15-debt")
    assert take_step(app, "ola", case, StepRequest("financed")).state == "financed"
    relied = [e for e in case_history(app, "ola", case) if e.kind == "transition"][-1].details["relied_on"]
    assert relied["papers"][f"debt_register@{per}"] == {"status": "received", "ref": "2026/15-debt"}


def test_a_paper_waived_by_a_supervisor_with_a_reason_lets_the_step_pass_a_caseworker_cannot_waive(
        app: Any) -> None:
    case, kari, per = two_adults_motivated(app)
    for member in (kari, per):
        for paper in FINANCED_PAPERS:
            if (paper, member) != ("payslips", per):
                record_paper(app, "ola", case, paper, "received", member, ref="arkiv")
    with pytest.raises(NotPermitted) as caseworker:
        record_paper(app, "ola", case, "payslips", "waived", per, reason="Uføretrygd")
    assert caseworker.value.code == "role_needed"
    with pytest.raises(InvalidInput) as no_reason:
        record_paper(app, "siri", case, "payslips", "waived", per)
    assert no_reason.value.code == "reason_needed"
    with pytest.raises(Refused):
        take_step(app, "ola", case, StepRequest("financed"))
    record_paper(app, "siri", case, "payslips", "waived", per, reason="Uføretrygd; vedtaket fra NAV er i arkivet")
    assert take_step(app, "ola", case, StepRequest("financed")).state == "financed"
    waived = [p for p in list_papers(app, "ola", case) if p.key == "payslips" and p.member == per][0]
    assert (waived.status, waived.reason) == ("waived", "Uføretrygd; vedtaket fra NAV er i arkivet")


def test_a_household_known_by_counts_supplies_each_paper_once(app: Any) -> None:
    case = case_at(app, "motivated", adults=2, children=0, child_ages=None)
    papers = [(p.key, p.member) for p in list_papers(app, "ola", case) if p.needed_for == "financed"]
    assert papers == [(k, None) for k in FINANCED_PAPERS]
    with pytest.raises(NotFound):
        record_paper(app, "ola", case, "tax_return", "received", member=5)


def test_what_a_paper_is_recorded_with_is_checked_first(app: Any) -> None:
    case, kari, _per = two_adults_motivated(app)
    child = [m for m in show_case(app, "ola", case).members if m.name == "Emma Berg"][0].id
    cases: list[tuple[dict[str, Any], type[Exception], str]] = [
        ({"key": "nope", "status": "received"}, NotFound, "paper_not_found"),
        ({"key": "tax_return", "status": "lost"}, InvalidInput, "bad_paper_status"),
        ({"key": "tax_return", "status": "received"}, InvalidInput, "member_needed"),
        ({"key": "tax_return", "status": "received", "member": child}, InvalidInput, "member_not_adult"),
        ({"key": "tax_return", "status": "received", "member": 999}, NotFound, "member_not_found"),
        ({"key": "prospectus", "status": "received", "member": kari}, InvalidInput, "paper_per_household"),
    ]
    version = show_case(app, "ola", case).version
    for kw, error, code in cases:
        with pytest.raises(error) as refused:
            record_paper(app, "ola", case, **kw)
        assert refused.value.code == code, kw  # type: ignore[attr-defined]
    assert show_case(app, "ola", case).version == version


def test_recording_a_paper_as_it_already_stands_changes_nothing_and_missing_again_takes_it_back(app: Any) -> None:
    case, kari, _per = two_adults_motivated(app)
    first = record_paper(app, "ola", case, "tax_return", "received", kari, ref="2026/1")
    again = record_paper(app, "ola", case, "tax_return", "received", kari, ref="2026/1")
    assert first.changed and not again.changed and again.version == first.version
    record_paper(app, "ola", case, "tax_return", "missing", kari, reason="Feil år; ny er bestilt")
    events = [e.details for e in case_history(app, "ola", case) if e.kind == "paper"]
    assert [(d["old"], d["new"]) for d in events] == [(None, {"status": "received", "ref": "2026/1"}),
                                                      ({"status": "received", "ref": "2026/1"}, None)]
    assert verify_histories(app, "siri").ok


def test_audit_verify_catches_a_paper_set_behind_the_historys_back(app: Any, rto: Any) -> None:
    case, kari, _per = two_adults_motivated(app)
    with create_engine(app.database_url).begin() as conn:
        conn.execute(text("UPDATE cases SET papers = :p WHERE id = :c"),
                     {"p": f'{{"tax_return@{kari}": {{"status": "waived", "reason": "x"}}}}', "c": case})
    result = rto("--as", "siri", "audit", "verify", "--json")
    assert result.code == 7
    assert result.json["break"] == {"case_id": case, "seq": None, "event_id": None, "problem": "case_row_altered",
                                    "params": {"what": "papers"}}


def test_case_docs_and_case_doc_on_the_command_line(app: Any, rto: Any) -> None:
    case, kari, per = two_adults_motivated(app)
    docs = rto("case", "docs", str(case), "--json")
    assert docs.code == 0
    assert {"key", "status", "needed_for", "member"} <= set(docs.json[0])
    assert [(d["key"], d["member"]) for d in docs.json][:2] == [("tax_return", kari), ("tax_return", per)]
    assert rto("case", "doc", str(case), "tax_return", "received", "--member", str(kari), "--ref", "2026/9").code == 0
    waive = rto("case", "doc", str(case), "payslips", "waived", "--member", str(per), "--reason", "x")
    assert waive.code == 5 and "fagleder" in waive.err
    assert rto("case", "doc", str(case), "nope", "received").code == 4
    assert rto("case", "doc", str(case), "tax_return", "lost").code == 2
    shown = rto("case", "show", str(case))
    assert "Mangler før neste steg" in shown.out and "Skattemelding (tax_return) · Per Berg" in shown.out


def test_the_checklist_is_configuration(tmp_path: Path) -> None:
    own = tmp_path / "rto.toml"
    own.write_text('[[documents]]\nkey = "bank_statement"\nnb = "Kontoutskrift"\nnn = "Kontoutskrift"\n'
                   'en = "Bank statement"\nneeded_for = "financed"\nper = "adult"\n', encoding="utf-8")
    settings = load_settings(str(own), {})
    assert [(d.key, d.needed_for, d.per) for d in settings.documents] == [("bank_statement", "financed", "adult")]
    own.write_text('[[documents]]\nkey = "x"\nnb = "X"\nnn = "X"\nen = "X"\nneeded_for = "somewhere"\n',
                   encoding="utf-8")
    with pytest.raises(ConfigError) as bad:
        load_settings(str(own), {})
    assert bad.value.params["key"] == "documents entry 1.needed_for"
