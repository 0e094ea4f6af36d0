"""`rto household export`: everything held about a household, for its right of access (GDPR art. 15).

The household's own copy: its members (identity numbers in full), its cases with their facts, papers,
histories and decisions, the messages about them, its own history, and who has looked at it; as JSON and as
a readable HTML page. The export is itself in the access log, which never holds a number. A supervisor or
the caseworker of one of its cases may export; anyone else is refused (exit 5) and nothing is recorded.
"""

from __future__ import annotations

import json
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import InProcessRto, valid_nin
from helpers import grant_help, receive_papers
from sqlalchemy import create_engine, text

from workflow.bootstrap import App
from workflow.cases import add_note, open_case, set_facts
from workflow.households import add_household, add_member, remove_member

KARI = valid_nin(day=2, month=4, year=88, individual=123)
PER = valid_nin(day=20, month=11, year=86, individual=234)


@dataclass(frozen=True)
class Berg:
    household: int
    case: int
    kari: int
    decision: int


@pytest.fixture
def berg(app: App, rto: InProcessRto) -> Berg:
    household = add_household(app, "ola", "Familien Berg", email="berg@example.no", email_consent=True,
                              unit="Kirkegata 3 H0101", nins=[PER]).id
    kari = add_member(app, "ola", household, "Kari Berg", "1988-04-02", nin=KARI).id
    add_member(app, "ola", household, "Emma Berg", "2019-06-14")
    lodger = add_member(app, "ola", household, "Ola Leieboer", "1990-01-01").id
    remove_member(app, "ola", household, lodger, "Flyttet ut 1. mars")
    case = open_case(app, "ola", household).id
    set_facts(app, "ola", case, ["income_monthly=64000", "consent=yes"])
    add_note(app, "ola", case, "Første samtale: ønsker å eie innen et år.")
    decision = grant_help(app, case)
    receive_papers(app, case, "financed")
    assert rto("--as", "per", "case", "show", str(case)).code == 5  # refused: not a look
    assert rto("--as", "ola", "case", "show", str(case)).code == 0
    assert rto("--as", "siri", "household", "show", str(household)).code == 0
    return Berg(household, case, kari, decision)


def export(rto: InProcessRto, login: str, household: int, *args: str) -> Any:
    result = rto("--as", login, "household", "export", str(household), *args)
    assert result.code == 0, result
    return json.loads(result.out) if not args else result


def access_rows(url: str) -> list[tuple[Any, ...]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(
                "SELECT login, action, case_id, household_id FROM case_access ORDER BY id"))]
    finally:
        engine.dispose()


def test_the_export_holds_everything_about_the_household_with_its_numbers_in_full(berg: Berg,
                                                                                  rto: InProcessRto) -> None:
    document = export(rto, "siri", berg.household)

    assert (document["id"], document["name"], document["email"], document["municipal_unit"]) == (
        berg.household, "Familien Berg", "berg@example.no", "Kirkegata 3 H0101")
    assert document["identity_numbers"] == [{"number": PER, "kind": "fodselsnummer"}]
    members = {m["name"]: m for m in document["members"]}
    assert members["Kari Berg"]["identity_number"] == {"number": KARI, "kind": "fodselsnummer"}
    assert members["Kari Berg"]["born"] == "1988-04-02" and members["Kari Berg"]["role"] == "applicant"
    assert members["Emma Berg"]["identity_number"] is None
    assert members["Ola Leieboer"]["removed_reason"] == "Flyttet ut 1. mars"  # the removed are held too
    assert [e["kind"] for e in document["history"]] == [  # the case's income flowed back to its own figures
        "registered", "member_added", "member_added", "member_added", "member_removed", "figures"]
    held = document["overview"]
    assert [f["source"] for f in held["figures"]] == [f"case {document['cases'][0]['id']}"]
    assert held["assessments"] == [] and held["contacts"] == []

    [case] = document["cases"]
    assert case["id"] == berg.case and case["caseworker"] == "ola" and case["state"] == "screened"
    assert case["facts"]["income_monthly"] == 64000
    kinds = [e["kind"] for e in case["history"]]
    assert kinds[0] == "opened" and "note" in kinds and "decision_approved" in kinds
    assert any(e["details"].get("text") == "Første samtale: ønsker å eie innen et år." for e in case["history"])
    assert [(d["id"], d["kind"], d["status"], d["proposed_by"], d["decided_by"]) for d in case["decisions"]] == [
        (berg.decision, "help_granted", "approved", "ola", "siri")]
    assert {p["status"] for p in case["papers"].values()} == {"received"}
    assert any(m["kind"] == "letter_ready" and m["case"] == berg.case for m in document["messages"])

    looks = [(a["login"], a["action"]) for a in document["access"]]
    assert ("ola", "show") in looks and ("siri", "household") in looks
    assert ("per", "show") not in looks  # a refused look is no look
    assert looks[-1] == ("siri", "export") and document["exported_by"] == "siri"


def test_the_export_is_in_the_access_log_and_no_log_holds_a_number(berg: Berg, rto: InProcessRto,
                                                                   database_url: str) -> None:
    before = access_rows(database_url)
    export(rto, "ola", berg.household)
    assert access_rows(database_url)[len(before):] == [("ola", "export", berg.case, berg.household)]
    log = rto("--as", "siri", "--json", "audit", "access", str(berg.case))
    assert log.code == 0 and log.json[0]["login"] == "ola" and log.json[0]["action"] == "export"
    shown = rto("--as", "siri", "audit", "access", "--by", "ola")
    assert "eksporterte" in shown.out
    for text_ in (log.out, shown.out, shown.err, rto("--as", "siri", "household", "show", str(berg.household)).out):
        assert KARI not in text_ and PER not in text_
    second = export(rto, "siri", berg.household)
    assert [a["action"] for a in second["access"]].count("export") == 2  # the first export, and this one


def test_with_a_file_it_writes_the_json_and_the_html_readable_by_their_owner_only(berg: Berg, rto: InProcessRto,
                                                                                   tmp_path: Path) -> None:
    result = export(rto, "siri", berg.household, "-o", str(tmp_path / "innsyn-berg"))
    json_file, html_file = tmp_path / "innsyn-berg.json", tmp_path / "innsyn-berg.html"
    assert f"Skrev {json_file}, {html_file}." in result.out
    for path in (json_file, html_file):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(json_file.read_text(encoding="utf-8"))["name"] == "Familien Berg"
    page = html_file.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="nb">' in page
    for words in ("Det som er lagret om Familien Berg", "Kari Berg", KARI, PER, "Flyttet ut 1. mars",
                  "Første samtale: ønsker å eie innen et år.", "Hvem som har sett opplysningene", "bistand innvilget",
                  "Netto månedsinntekt", f"Sak {berg.case}"):
        assert words in page, words

    again = export(rto, "siri", berg.household, "-o", str(tmp_path / "innsyn.html"))
    assert (tmp_path / "innsyn.html").exists() and (tmp_path / "innsyn.json").exists(), again


def test_the_page_reads_in_english_and_nynorsk_and_can_be_printed_alone(berg: Berg, rto: InProcessRto) -> None:
    english = rto("--as", "siri", "--lang", "en", "household", "export", str(berg.household), "--format", "html")
    assert english.code == 0, english
    assert '<html lang="en">' in english.out and "What is held about Familien Berg" in english.out
    assert "Who has looked at it" in english.out and "help granted" in english.out and KARI in english.out
    from notifications.household_export import export_html  # (--lang nn comes with nynorsk everywhere)

    nynorsk = export_html(export(rto, "siri", berg.household), "nn")
    assert '<html lang="nn">' in nynorsk and "Kven som har sett opplysningane" in nynorsk and KARI in nynorsk


def test_only_a_supervisor_or_the_caseworker_of_its_case_may_export(berg: Berg, rto: InProcessRto,
                                                                    database_url: str, tmp_path: Path) -> None:
    before = access_rows(database_url)
    refused = rto("--as", "per", "household", "export", str(berg.household), "-o", str(tmp_path / "x"))
    assert refused.code == 5, refused
    assert f"per er ikke saksbehandler for noen sak i husstand {berg.household}" in refused.err
    admin = rto("--as", "adm", "household", "export", str(berg.household))
    assert admin.code == 5, admin
    english = rto("--as", "per", "--lang", "en", "household", "export", str(berg.household))
    assert "only the caseworker of one of its cases or a supervisor" in english.err
    assert access_rows(database_url) == before and not list(tmp_path.glob("x*"))
    assert rto("--as", "ola", "household", "export", str(berg.household)).code == 0
    assert rto("--as", "sven", "household", "export", str(berg.household)).code == 0


def test_a_household_without_a_case_is_exported_by_a_supervisor(app: App, rto: InProcessRto) -> None:
    household = add_household(app, "ola", "Familien Moe", adults=1).id
    assert rto("--as", "ola", "household", "export", str(household)).code == 5  # registering is not a case
    document = export(rto, "siri", household)
    assert document["cases"] == [] and document["messages"] == [] and document["registered_by"] == "ola"
    assert [a["action"] for a in document["access"]] == ["export"]


def test_an_unknown_household_is_not_found(rto: InProcessRto) -> None:
    result = rto("--as", "siri", "household", "export", "999")
    assert result.code == 4, result


def test_the_export_leaves_no_number_in_clear_in_the_database_file(berg: Berg, rto: InProcessRto, app: App) -> None:
    if app.db.dialect != "sqlite":
        pytest.skip("the SQLite file")
    export(rto, "siri", berg.household)
    app.db.dispose()
    path = Path(app.database_url.removeprefix("sqlite:///"))
    raw = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    assert KARI.encode() not in raw and PER.encode() not in raw


def test_export_works_in_a_real_process(berg: Berg, database_url: str, tmp_path: Path) -> None:
    from conftest import run_rto

    result = run_rto("household", "export", str(berg.household), "-o", str(tmp_path / "innsyn"), url=database_url,
                     user="siri")
    assert result.code == 0, result
    assert json.loads((tmp_path / "innsyn.json").read_text(encoding="utf-8"))["members"][0]["identity_number"][
        "number"] == KARI
    assert KARI not in result.out + result.err  # the files hold it; the terminal does not
