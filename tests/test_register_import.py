"""The tenant register imported (`rto household import`): all rows or none, every bad row named, a re-import
that changes nothing, changes recorded with old and new values, absent households reported, never deleted."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import valid_nin
from sqlalchemy import create_engine, text

HEADER = "external_id;name;adults;children_ages;income_monthly;income_predictable;debt_monthly;equity;nin"
ROWS = ["K-100;Familien Berg;2;4 9;68000;ja;2000;150000;",
        "K-101;Kari Hansen;1;;40000;ja;0;50000;" + valid_nin(15, 5, 85),
        "K-102;Ola Dal;1;;30000;nei;;;"]


def register(tmp_path: Path, rows: list[str], name: str = "leietakere.csv", header: str = HEADER,
             bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_text(("\ufeff" if bom else "") + "\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def everything(url: str) -> dict[str, list[tuple[Any, ...]]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {t: [tuple(r) for r in conn.execute(text(f"SELECT * FROM {t} ORDER BY id"))]
                    for t in ("households", "household_events", "household_figures", "identity_lookup")}
    finally:
        engine.dispose()


def history(url: str, household: int) -> list[dict[str, Any]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [{"seq": r.seq, "actor": r.actor, "kind": r.kind, "at": r.at, "details": json.loads(r.details)}
                    for r in conn.execute(text("SELECT * FROM household_events WHERE household_id = :h ORDER BY seq"),
                                          {"h": household})]
    finally:
        engine.dispose()


def test_a_register_is_imported_and_listed(rto: Any, tmp_path: Path) -> None:
    done = rto("--json", "household", "import", register(tmp_path, ROWS))
    assert done.code == 0, done
    assert {k: done.json[k] for k in ("created", "updated", "unchanged")} == {"created": 3, "updated": 0,
                                                                               "unchanged": 0}
    listed = rto("--json", "household", "list")
    assert [(h["external_id"], h["name"]) for h in listed.json] == [
        ("K-100", "Familien Berg"), ("K-101", "Kari Hansen"), ("K-102", "Ola Dal")]
    assert {"id", "external_id", "name", "prospect", "last_assessed_on"} <= set(listed.json[0])
    assert [h["prospect"] for h in listed.json] == [True, True, False]
    shown = rto("--json", "household", "show", listed.json[0]["id"]).json
    assert (shown["adults"], shown["children"], shown["child_ages"]) == (2, 2, [4, 9])


def test_a_file_with_bad_rows_writes_nothing_and_names_every_bad_row(rto: Any, tmp_path: Path) -> None:
    rto("household", "import", register(tmp_path, ROWS))
    before = everything(rto.url)
    bad = register(tmp_path, [
        "K-200;Per Ny;to;;40000;ja;0;0;",            # line 2: adults not a number
        "K-201;Liv Ny;1;;40 000 kr;kanskje;0;0;",     # line 3: an amount with 'kr', yes/no 'kanskje'
        "K-202;Kim Ny;1;;40000;ja;0;0;12345678901",   # line 4: an identity number with a bad check digit
        "K-200;Per Igjen;1;;40000;ja;0;0;",           # line 5: the same id as line 2
        ";Uten id;1;;40000;ja;0;0;",                  # line 6: no id
        "K-203;God rad;1;;40000;ja;0;0;",             # line 7: fine, but the file is refused whole
    ], name="feil.csv")
    refused = rto("--json", "household", "import", bad)
    assert refused.code == 2, refused
    rows = refused.json["error"]["params"]["rows"]
    assert sorted({(r["line"], r["column"]) for r in rows}) == [
        (2, "adults"), (3, "income_monthly"), (3, "income_predictable"), (4, "nin"), (5, "external_id"),
        (6, "external_id")]
    assert everything(rto.url) == before
    human = rto("household", "import", bad)
    assert human.code == 2
    assert "linje 2, kolonne adults" in human.err and "linje 5, kolonne external_id: K-200 står også på linje 2" \
        in human.err and "ingenting er skrevet" in human.err
    assert "12345678901" not in human.err


def test_re_importing_the_same_file_changes_nothing(rto: Any, tmp_path: Path) -> None:
    path = register(tmp_path, ROWS, bom=True)
    rto("household", "import", path)
    before = everything(rto.url)
    again = rto("--json", "household", "import", path)
    assert (again.json["created"], again.json["updated"], again.json["unchanged"]) == (0, 0, 3)
    assert everything(rto.url) == before


def test_a_changed_row_updates_its_household_and_records_old_new_who_and_when(rto: Any, tmp_path: Path) -> None:
    rto("household", "import", register(tmp_path, ROWS))
    changed = [ROWS[0], ROWS[1].replace(";40000;", ";43500;").replace("Kari Hansen", "Kari Hansen Dahl"), ROWS[2]]
    done = rto("--as", "per", "--json", "household", "import", register(tmp_path, changed, name="mars.csv"))
    assert (done.json["created"], done.json["updated"], done.json["unchanged"]) == (0, 1, 2)
    household = done.json["changed"][0]["household"]
    last = history(rto.url, household)[-1]
    assert last["kind"] == "imported" and last["actor"] == "per"
    assert last["details"]["source"] == "import of mars.csv"
    assert last["details"]["changes"] == {"name": {"old": "Kari Hansen", "new": "Kari Hansen Dahl"},
                                          "income_monthly": {"old": 40000, "new": 43500}}
    assert rto("--json", "household", "show", household).json["name"] == "Kari Hansen Dahl"
    assert rto("--as", "siri", "audit", "verify").code == 0


def test_a_household_missing_from_a_later_file_is_reported_and_kept(rto: Any, tmp_path: Path) -> None:
    rto("household", "import", register(tmp_path, ROWS))
    done = rto("--json", "household", "import", register(tmp_path, ROWS[:2], name="april.csv"))
    assert [a["external_id"] for a in done.json["absent"]] == ["K-102"]
    assert len(rto("--json", "household", "list").json) == 3
    assert "K-102" in rto("household", "import", register(tmp_path, ROWS[:2], name="april.csv")).out


def test_an_identity_number_held_by_another_household_is_a_bad_row(rto: Any, tmp_path: Path) -> None:
    number = valid_nin(2, 4, 88)
    held = rto("--json", "household", "add", "--name", "Familien Lie", "--nin", number).json["id"]
    refused = rto("--json", "household", "import", register(tmp_path, [f"K-1;Lie;1;;40000;ja;0;0;{number}"]))
    assert refused.code == 2
    assert refused.json["error"]["params"]["rows"][0]["household"] == held
    assert rto("--json", "household", "list").json[-1]["id"] == held


def test_a_registers_own_headers_are_mapped_and_a_dry_run_writes_nothing(rto: Any, tmp_path: Path) -> None:
    path = register(tmp_path, ["77,Familien Moe,45000,Storgata 5 H0201"], name="kobo.csv",
                    header="Leieforhold,Navn,Inntekt,Bolig")
    maps = ["--map", "Leieforhold=external_id", "--map", "Navn=name", "--map", "Inntekt=income_monthly",
            "--map", "Bolig=unit"]
    before = everything(rto.url)
    dry = rto("--json", "household", "import", path, "--dry-run", *maps)
    assert (dry.json["created"], dry.json["dry_run"]) == (1, True)
    assert everything(rto.url) == before
    assert rto("household", "import", path, *maps).code == 0
    listed = rto("--json", "household", "list").json
    assert [(h["external_id"], h["unit"]) for h in listed] == [("77", "Storgata 5 H0201")]
    bad_map = rto("household", "import", path, "--map", "Navn=navn")
    assert bad_map.code == 2 and "external_id" in bad_map.err


def test_an_identity_number_added_by_a_later_file_is_recorded_masked(rto: Any, tmp_path: Path) -> None:
    rto("household", "import", register(tmp_path, ROWS))
    number = valid_nin(2, 4, 88)
    done = rto("--json", "household", "import", register(tmp_path, [ROWS[0] + number, *ROWS[1:]], name="mai.csv"))
    assert done.json["updated"] == 1
    change = done.json["changed"][0]["changes"]["nin"]
    assert change["old"] == [] and len(change["new"]) == 1 and number not in json.dumps(done.json)
    found = rto("--json", "household", "find", "--nin", number).json
    assert [f["id"] for f in found] == [done.json["changed"][0]["household"]]
    again = rto("--json", "household", "import", register(tmp_path, [ROWS[0] + number, *ROWS[1:]], name="mai.csv"))
    assert again.json["unchanged"] == 3
