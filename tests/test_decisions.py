"""Decisions on individual assistance (enkeltvedtak): proposed by one, decided by another supervisor, in the
case's history, and told to the household in a letter that never goes by email."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import flat
from helpers import case_at, facts_for, grant_help, new_case, outbox_rows
from sqlalchemy import create_engine, text

from states.errors import NotPermitted, Refused
from workflow.cases import set_facts
from workflow.decisions import approve, letter, list_decisions, propose, reject, show_decision
from workflow.households import add_household, add_member
from workflow.steps import StepRequest, take_step
from workflow.views import case_history, show_case

REASONS = "Fast inntekt i tre år; husstanden ønsker å eie og har avtalt en plan for bistanden."


def ready_for_motivated(app: Any, login: str = "ola") -> int:
    case = new_case(app, login)
    set_facts(app, login, case, facts_for("motivated", app.today()))
    return case


def test_motivated_needs_an_approved_grant_of_help(app: Any) -> None:
    case = ready_for_motivated(app)
    with pytest.raises(Refused) as none:
        take_step(app, "ola", case, StepRequest("motivated"))
    assert [r.code for r in none.value.requirements] == ["decision_missing"]
    decision = propose(app, "ola", case, "help_granted", REASONS)
    assert (decision.status, decision.case) == ("proposed", case)
    with pytest.raises(Refused) as waiting:
        take_step(app, "ola", case, StepRequest("motivated"))
    assert [r.code for r in waiting.value.requirements] == ["decision_awaiting"]
    assert approve(app, "siri", decision.id).status == "approved"
    assert take_step(app, "ola", case, StepRequest("motivated")).state == "motivated"
    kinds = [e.kind for e in case_history(app, "ola", case)]
    assert kinds.count("decision_proposed") == kinds.count("decision_approved") == 1


def test_four_eyes_the_proposer_cannot_decide_their_own_proposal(app: Any, rto: Any) -> None:
    case = ready_for_motivated(app, login="siri")
    mine = propose(app, "siri", case, "help_granted", REASONS).id
    with pytest.raises(NotPermitted) as own:
        approve(app, "siri", mine)
    assert own.value.code == "decision_own_proposal"
    refused = rto("--as", "siri", "decision", "reject", str(mine), "--reason", "Nei")
    assert refused.code == 5 and "en annen fagleder" in refused.err
    assert show_decision(app, "siri", mine).status == "proposed"
    assert rto("--as", "sven", "decision", "approve", str(mine), "--json").json == {
        "id": mine, "status": "approved", "case": case}
    assert take_step(app, "siri", case, StepRequest("motivated")).state == "motivated"


def test_a_caseworker_neither_approves_nor_proposes_on_anothers_case(app: Any) -> None:
    case = ready_for_motivated(app)
    decision = propose(app, "ola", case, "help_granted", REASONS).id
    with pytest.raises(NotPermitted) as caseworker:
        approve(app, "per", decision)
    assert caseworker.value.code == "role_needed"
    with pytest.raises(NotPermitted):
        propose(app, "per", case, "help_granted", REASONS)


def test_a_rejected_proposal_leaves_the_case_where_it_was_and_may_be_proposed_anew(app: Any) -> None:
    case = ready_for_motivated(app)
    first = propose(app, "ola", case, "help_granted", REASONS).id
    with pytest.raises(Refused) as twice:
        propose(app, "ola", case, "help_granted", REASONS)
    assert twice.value.code == "decision_pending"
    assert reject(app, "siri", first, "Inntekten er ikke dokumentert").status == "rejected"
    with pytest.raises(Refused) as again:
        approve(app, "sven", first)
    assert again.value.code == "decision_not_proposed"
    with pytest.raises(Refused):
        take_step(app, "ola", case, StepRequest("motivated"))
    second = propose(app, "ola", case, "help_granted", REASONS + " Lønnsslipper er mottatt.").id
    approve(app, "sven", second)
    assert take_step(app, "ola", case, StepRequest("motivated")).state == "motivated"
    assert [(d.id, d.status) for d in list_decisions(app, "ola", case)] == [(second, "approved"),
                                                                           (first, "rejected")]


def test_after_an_approved_refusal_the_case_can_only_be_closed(app: Any) -> None:
    case = ready_for_motivated(app)
    refusal = propose(app, "ola", case, "help_refused", "Inntekten er ikke forutsigbar.").id
    approve(app, "siri", refusal)
    for target in ("motivated", "paused"):
        with pytest.raises(Refused) as refused:
            take_step(app, "ola", case, StepRequest(target, reason="Venter"))
        assert [r.code for r in refused.value.requirements] == ["help_refused_in_force"]
    with pytest.raises(Refused) as override:
        take_step(app, "siri", case, StepRequest("motivated", reason="Likevel", override=True))
    assert override.value.code == "override_decision"
    with pytest.raises(Refused) as grant:
        propose(app, "ola", case, "help_granted", REASONS)
    assert grant.value.code == "decision_only_closing"
    assert set(show_case(app, "ola", case).allowed) == {"closed"}
    done = take_step(app, "ola", case, StepRequest("closed", reason="Avslag", outcome="not_eligible"))
    assert done.state == "closed"


def test_no_override_replaces_the_decision(app: Any) -> None:
    case = ready_for_motivated(app)
    with pytest.raises(Refused):
        take_step(app, "ola", case, StepRequest("motivated"))
    with pytest.raises(Refused) as override:
        take_step(app, "siri", case, StepRequest("motivated", reason="Haster", override=True))
    assert override.value.code == "override_decision"
    assert show_case(app, "ola", case).state == "screened"


def test_help_ended_ends_help_that_was_granted_and_a_reopened_case_is_decided_anew(app: Any) -> None:
    case = ready_for_motivated(app)
    with pytest.raises(Refused) as nothing:
        propose(app, "ola", case, "help_ended", "Husstanden flytter")
    assert nothing.value.code == "decision_nothing_to_end"
    grant_help(app, case)
    take_step(app, "ola", case, StepRequest("motivated"))
    take_step(app, "ola", case, StepRequest("closed", reason="Flytter", outcome="moved_away"))
    ended = propose(app, "ola", case, "help_ended", "Husstanden har flyttet fra kommunen.").id
    approve(app, "siri", ended)
    assert show_case(app, "ola", case).decisions == {"help_granted": "approved", "help_ended": "approved"}
    take_step(app, "siri", case, StepRequest("screened", reason="Flyttet tilbake"))
    assert show_case(app, "ola", case).decisions == {}
    with pytest.raises(Refused) as anew:
        take_step(app, "ola", case, StepRequest("motivated"))
    assert [r.code for r in anew.value.requirements] == ["decision_missing"]


def test_the_caseworker_is_told_the_letter_is_ready_without_a_word_of_personal_data(app: Any) -> None:
    household = add_household(app, "ola", "Familien Berg", unit="Rovik 12 H0201").id
    add_member(app, "ola", household, "Kari Berg", "1988-04-02")
    from workflow.cases import open_case

    case = open_case(app, "ola", household).id
    decision = propose(app, "ola", case, "help_granted", "Særlig sårbar økonomi etter samlivsbrudd.").id
    approve(app, "siri", decision)
    rows = [r for r in outbox_rows(app) if r.kind == "letter_ready"]
    assert [(r.recipient, r.address, r.case_id) for r in rows] == [("ola", "ola@kommune.no", case)]
    body = rows[0].body_text + rows[0].body_html + rows[0].subject
    assert f"rto decision letter {decision}" in body
    for private in ("Kari", "Berg", "Rovik", "samlivsbrudd", "1988"):
        assert private not in body


def test_only_an_approved_decision_has_a_letter(app: Any) -> None:
    case = ready_for_motivated(app)
    decision = propose(app, "ola", case, "help_granted", REASONS).id
    with pytest.raises(Refused) as proposed:
        letter(app, "ola", decision, "html")
    assert proposed.value.code == "letter_not_decided"


@pytest.mark.parametrize(("language", "appeal"), [("nb", "Klagefristen er tre uker"),
                                                  ("nn", "Klagefristen er tre veker")])
def test_the_pdf_letter_states_the_decision_the_reasons_the_appeal_and_the_sender(
        app: Any, rto: Any, pdf_text: Any, tmp_path: Any, language: str, appeal: str) -> None:
    household = rto("household", "add", "--name", "Familien Berg", "--unit", "Rovik 12 H0201",
                    "--language", language, "--json").json["id"]
    rto("household", "member", "add", str(household), "--name", "Kari Berg", "--born", "1988-04-02")
    case = rto("case", "open", str(household), "--json").json["id"]
    decision = rto("decision", "propose", str(case), "--kind", "help_granted", "--reason", REASONS,
                   "--content", "Veiledning om startlån og oppfølging til innflytting.", "--json").json["id"]
    assert rto("--as", "siri", "decision", "approve", str(decision)).code == 0
    out = tmp_path / "vedtak.pdf"
    made = rto("decision", "letter", str(decision), "--format", "pdf", "-o", str(out))
    assert made.code == 0, made
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF-")
    said = flat(pdf_text(pdf))
    for expected in ("Sandnes kommune", REASONS, "Veiledning om startlån og oppfølging til innflytting.", appeal,
                     "Statsforvalteren i Rogaland", "Siri Leder", "Ola Hansen", "Familien Berg"):
        assert expected in said, expected
    english = rto("decision", "letter", str(decision), "--format", "html", "--language", "en")
    assert english.code == 0 and "The deadline for an appeal is three weeks" in flat(english.out)


def test_the_letter_names_the_configured_municipality(app: Any, rto: Any, tmp_path: Any, monkeypatch: Any) -> None:
    config = tmp_path / "rto.toml"
    config.write_text('[municipality]\nname = "Time kommune"\nunit = "Bustadkontoret"\n'
                      'address = "Postboks 38, 4349 Bryne"\n', encoding="utf-8")
    case = case_at(app, "motivated")
    decision = list_decisions(app, "ola", case)[0].id
    monkeypatch.setenv("RTO_CONFIG", str(config))
    html = rto("decision", "letter", str(decision), "--format", "html")
    assert html.code == 0 and "Time kommune" in html.out and "Postboks 38, 4349 Bryne" in html.out


def test_a_pdf_is_not_poured_onto_a_terminal(rto: Any, app: Any, monkeypatch: Any) -> None:
    case = case_at(app, "motivated")
    decision = list_decisions(app, "ola", case)[0].id
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    result = rto("decision", "letter", str(decision))
    assert result.code == 2 and "-o" in result.err


def test_audit_verify_catches_a_decision_rewritten_behind_the_historys_back(app: Any, rto: Any) -> None:
    case = case_at(app, "motivated")
    decision = list_decisions(app, "ola", case)[0].id
    assert rto("--as", "siri", "audit", "verify").code == 0
    with create_engine(app.database_url).begin() as conn:
        conn.execute(text("UPDATE decisions SET reasons = 'Noe annet' WHERE id = :d"), {"d": decision})
    result = rto("--as", "siri", "audit", "verify", "--json")
    assert result.code == 7
    assert result.json["break"]["problem"] == "decision_row_altered"
    assert result.json["break"]["params"] == {"decision": decision, "what": "reasons"}


def test_decisions_on_the_command_line_exit_codes(rto: Any, app: Any) -> None:
    case = ready_for_motivated(app)
    assert rto("decision", "propose", str(case), "--kind", "help_maybe", "--reason", "x").code == 2
    assert rto("decision", "propose", str(case), "--kind", "help_granted", "--reason", "  ").code == 2
    assert rto("decision", "show", "999").code == 4
    assert rto("decision", "approve", "999").code == 4
    made = rto("decision", "propose", str(case), "--kind", "help_granted", "--reason", REASONS, "--json")
    assert made.code == 0 and made.json["status"] == "proposed"
    shown = rto("decision", "show", str(made.json["id"]))
    assert "bistand innvilget" in shown.out and "foreslått" in shown.out
    assert rto("decision", "list", "--json").json[0]["id"] == made.json["id"]
