"""Households of people: members with birth dates, the ages living costs come from, and the household's own
history, hash-chained and checked by `audit verify`."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import valid_nin
from helpers import as_json, new_household
from sqlalchemy import create_engine, text

from states.errors import InvalidInput, NotFound, NotPermitted, Refused
from workflow.audit import verify_histories
from workflow.cases import open_case, set_facts
from workflow.households import add_household, add_member, list_members, remove_member, show_household
from workflow.views import case_history, show_case

INCOME = ["consent=yes", "income_monthly=64000", "income_predictable=yes", "debt_monthly=0", "fixed_costs_monthly=0"]


def family(app: Any, born_child: str = "2020-03-05", login: str = "ola") -> tuple[int, list[int]]:
    """Two adults and two children (ages 5 and 9 on 2 March 2026), by their members."""
    household = add_household(app, login, "Familien Berg", unit="Rovik 12 H0201").id
    ids = [add_member(app, login, household, name, born).id for name, born in (
        ("Kari Berg", "1988-04-02"), ("Per Berg", "1986-11-20"), ("Emma Berg", born_child),
        ("Jon Berg", "2016-06-14"))]
    return household, ids


def living_costs(app: Any, household: int) -> int:
    case = open_case(app, "ola", household).id
    set_facts(app, "ola", case, INCOME)
    view = show_case(app, "ola", case)
    assert view.affordability is not None
    return view.affordability.living_costs


def test_a_household_built_from_members_costs_what_the_same_household_given_by_counts_costs(app: Any) -> None:
    by_members, _ = family(app)
    by_counts = add_household(app, "ola", "Familien Dahl", adults=2, children=2, child_ages="5,9").id
    assert living_costs(app, by_members) == living_costs(app, by_counts) == 37000
    shown = show_household(app, "ola", by_members)
    assert (shown.adults, shown.children, shown.child_ages) == (2, 2, [5, 9])


def test_a_childs_birthday_moves_it_to_the_next_age_band_on_the_day(app: Any, clock: Any) -> None:
    household, _ = family(app, born_child="2020-03-05")  # six on 5 March 2026
    case = open_case(app, "ola", household).id
    set_facts(app, "ola", case, INCOME)
    clock.set_day("2026-03-04")
    before = show_case(app, "ola", case)
    clock.set_day("2026-03-05")
    on_the_day = show_case(app, "ola", case)
    assert before.affordability is not None and on_the_day.affordability is not None
    assert before.household_facts is not None and on_the_day.household_facts is not None
    assert before.household_facts.child_ages == [5, 9] and on_the_day.household_facts.child_ages == [6, 9]
    # SIFO's reference budget for a child of 6-10 is 5,300 a month against 4,200 for 0-5
    assert on_the_day.affordability.living_costs - before.affordability.living_costs == 1100


def test_an_eighteenth_birthday_makes_an_adult(app: Any, clock: Any) -> None:
    household = add_household(app, "ola", "Familien Berg").id
    add_member(app, "ola", household, "Kari Berg", "1980-01-01")
    add_member(app, "ola", household, "Ida Berg", "2008-03-10")
    clock.set_day("2026-03-09")
    assert (show_household(app, "ola", household).adults, show_household(app, "ola", household).children) == (1, 1)
    clock.set_day("2026-03-10")
    assert (show_household(app, "ola", household).adults, show_household(app, "ola", household).children) == (2, 0)


def test_the_first_adult_applies_a_co_applicant_is_named_and_children_live_in_the_household(app: Any) -> None:
    household, (kari, per, emma, jon) = family(app)
    add_member(app, "ola", household, "Aksel Berg", "1960-01-01")
    roles = {m.name: m.role for m in list_members(app, "ola", household)}
    assert roles == {"Kari Berg": "applicant", "Per Berg": "resident", "Emma Berg": "resident",
                     "Jon Berg": "resident", "Aksel Berg": "resident"}
    other = add_household(app, "ola", "Familien Moe").id
    add_member(app, "ola", other, "Liv Moe", "1990-01-01")
    add_member(app, "ola", other, "Ivar Moe", "1991-01-01", co_applicant=True)
    with pytest.raises(Refused) as twice:
        add_member(app, "ola", other, "Siv Moe", "1992-01-01", co_applicant=True)
    assert twice.value.code == "co_applicant_exists"
    with pytest.raises(InvalidInput) as child:
        add_member(app, "ola", other, "Ola Moe", "2015-01-01", co_applicant=True)
    assert child.value.code == "co_applicant_child"


def test_removing_the_applicant_makes_the_co_applicant_the_applicant_and_the_history_keeps_who_they_were(
        app: Any) -> None:
    household = add_household(app, "ola", "Familien Moe").id
    liv = add_member(app, "ola", household, "Liv Moe", "1990-01-01").id
    ivar = add_member(app, "ola", household, "Ivar Moe", "1991-01-01", co_applicant=True).id
    with pytest.raises(InvalidInput):
        remove_member(app, "ola", household, liv, "  ")
    remove_member(app, "ola", household, liv, "Flyttet ut 1. mars")
    assert [(m.id, m.role) for m in list_members(app, "ola", household)] == [(ivar, "applicant")]
    with pytest.raises(NotFound):
        remove_member(app, "ola", household, liv, "igjen")
    assert verify_histories(app, "siri").ok


def test_an_identity_number_only_for_an_adult_and_only_one_that_matches_the_birth_date(app: Any) -> None:
    household = new_household(app)
    nin = valid_nin(day=15, month=5, year=85)
    with pytest.raises(InvalidInput) as mismatch:
        add_member(app, "ola", household, "Kari Berg", "1985-05-16", nin=nin)
    assert mismatch.value.code == "nin_born_mismatch"
    with pytest.raises(InvalidInput) as bad:
        add_member(app, "ola", household, "Kari Berg", "1985-05-15", nin=nin[:-1] + str((int(nin[-1]) + 1) % 10))
    assert bad.value.code == "bad_nin"
    kid = valid_nin(day=1, month=2, year=15)
    with pytest.raises(InvalidInput) as child:
        add_member(app, "ola", household, "Emma Berg", "2015-02-01", nin=kid)
    assert child.value.code == "nin_only_adults"
    add_member(app, "ola", household, "Kari Berg", "1985-05-15", nin=nin)
    shown = list_members(app, "ola", household)[0].identity_number
    assert shown == "15.05.1985 *****"
    assert nin not in json.dumps(as_json(show_household(app, "ola", household)))


def test_bad_input_is_refused_before_anything_is_written(app: Any) -> None:
    household = new_household(app)
    for born, code in (("2026-13-01", "bad_date"), ("1899-12-31", "date_out_of_range"),
                       ("2026-03-03", "born_in_future")):
        with pytest.raises(InvalidInput) as refused:
            add_member(app, "ola", household, "Kari Berg", born)
        assert refused.value.code == code
    with pytest.raises(NotFound):
        add_member(app, "ola", 999, "Kari Berg", "1980-01-01")
    assert list_members(app, "ola", household) == []


def test_a_caseworker_adds_members_only_to_households_they_registered_or_hold_a_case_of(app: Any) -> None:
    household = new_household(app, login="ola")
    with pytest.raises(NotPermitted):
        add_member(app, "per", household, "Kari Berg", "1980-01-01")
    add_member(app, "siri", household, "Kari Berg", "1980-01-01")  # supervisors reach every household


def test_once_members_are_recorded_the_counts_are_theirs(app: Any) -> None:
    household, _ = family(app)
    case = open_case(app, "ola", household).id
    with pytest.raises(InvalidInput) as refused:
        set_facts(app, "ola", case, ["adults=3"])
    assert refused.value.code == "counts_from_members"
    set_facts(app, "ola", case, ["email=berg@example.no"])  # the household's other facts as before


def test_a_change_to_the_members_is_in_the_households_history_and_its_open_cases(app: Any) -> None:
    household, (kari, *_rest) = family(app)
    case = open_case(app, "ola", household).id
    version = show_case(app, "ola", case).version
    baby = add_member(app, "ola", household, "Lea Berg", "2026-02-01").id
    noted = [e for e in case_history(app, "ola", case) if e.kind == "household_changed"]
    assert [(e.details["change"], e.details["member"], e.details["after"]["name"]) for e in noted] == [
        ("member_added", baby, "Lea Berg")]
    assert show_case(app, "ola", case).version == version + 1  # a step decided on the household as it was fails
    with create_engine(app.database_url).connect() as conn:
        kinds = [tuple(r) for r in conn.execute(text(
            "SELECT seq, kind, actor FROM household_events WHERE household_id = :h ORDER BY seq"), {"h": household})]
    assert kinds == [(1, "registered", "ola"), *((n, "member_added", "ola") for n in range(2, 7))]


def test_audit_verify_catches_a_member_changed_behind_the_historys_back(app: Any, rto: Any) -> None:
    household, (kari, *_rest) = family(app)
    assert rto("--as", "siri", "audit", "verify").code == 0
    with create_engine(app.database_url).begin() as conn:
        conn.execute(text("UPDATE household_members SET born = '1970-01-01' WHERE id = :m"), {"m": kari})
    result = rto("--as", "siri", "audit", "verify", "--json")
    assert result.code == 7
    assert result.json["break"]["problem"] == "household_row_altered"
    assert result.json["break"]["params"] == {"household": household, "what": "household_members"}
    assert f"husstand {household}" in result.err


def test_audit_verify_catches_a_deleted_household_event(app: Any, rto: Any) -> None:
    household, _ = family(app)
    with create_engine(app.database_url).begin() as conn:
        conn.execute(text("DELETE FROM household_events WHERE household_id = :h AND seq = 3"), {"h": household})
    result = rto("--as", "siri", "audit", "verify", "--json")
    assert result.code == 7 and result.json["break"]["problem"] == "history_gap"


def test_the_member_commands_on_the_command_line(rto: Any) -> None:
    household = rto("household", "add", "--name", "Familien Berg", "--language", "nn", "--json").json["id"]
    first = rto("household", "member", "add", str(household), "--name", "Kari Berg", "--born", "1988-04-02",
                "--json")
    assert first.code == 0 and set(first.json) == {"id"}
    rto("household", "member", "add", str(household), "--name", "Per Berg", "--born", "1986-11-20",
        "--co-applicant")
    listed = rto("household", "member", "list", str(household), "--json").json
    assert [(m["name"], m["role"], m["born"]) for m in listed] == [
        ("Kari Berg", "applicant", "1988-04-02"), ("Per Berg", "co_applicant", "1986-11-20")]
    shown = rto("household", "show", str(household))
    assert "medsøker" in shown.out and "nn" in shown.out
    bad = rto("household", "member", "add", str(household), "--name", "X", "--born", "02.04.1988")
    assert bad.code == 2 and "Traceback" not in bad.err
    gone = rto("household", "member", "remove", str(household), "99", "--reason", "feil")
    assert gone.code == 4
    assert rto("household", "member", "remove", str(household), str(first.json["id"]), "--reason",
               "Flyttet ut").code == 0
