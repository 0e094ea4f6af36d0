"""`household show` shows what the overview knows of a household: its register id, its latest own figures and
their day, its latest assessment and its latest outreach, in text and in --json."""

from __future__ import annotations

from pathlib import Path
from typing import Any

HEADER = "external_id,name,adults,children_ages,income_monthly,income_predictable,debt_monthly,equity"


def test_household_show_has_the_overviews_latest(rto: Any, tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    path.write_text(HEADER + "\nA1,Kari Hansen,1,,40000,ja,0,50000\n", encoding="utf-8")
    assert rto("household", "import", path).code == 0
    kari = rto("--json", "household", "list").json[0]["id"]
    assert rto("household", "assess", kari).code == 0
    assert rto("household", "contact", kari, "--outcome", "invited", "--note", "Brev sendt").code == 0
    assert rto("household", "contact", kari, "--outcome", "interested").code == 0

    shown = rto("--json", "household", "show", kari).json
    assert shown["name"] == "Kari Hansen" and "members" in shown  # the keys it had are kept
    o = shown["overview"]
    assert o["register_id"] == "A1"
    day = o["assessment"]["assessed_on"]  # (the fixture's day: import and assessment on the same)
    assert o["figures"]["income_monthly"] == 40000 and o["figures_on"] == day
    assert o["assessment"] == {"assessed_on": day, "max_price": 3434621, "price_needed": 2500000, "prospect": True}
    assert [(c["outcome"], c["by"], c["note"]) for c in o["contacts"]] == [
        ("interested", "ola", None), ("invited", "ola", "Brev sendt")]  # newest first

    text = rto("household", "show", kari).out
    for words in ("Register-id", "A1", "Egne tall", "Netto månedsinntekt", "40\u00a0000", "Siste vurdering",
                  "3\u00a0434\u00a0621", "Kan kjøpe: ja", "Siste kontakter", "interessert", "Brev sendt"):
        assert words in text, words
    english = rto("--lang", "en", "household", "show", kari).out
    assert "Latest assessment" in english and "Latest contacts" in english and "invited" in english
    nynorsk = rto("--lang", "nn", "household", "show", kari).out
    assert "Eigne tal" in nynorsk and "Siste kontaktar" in nynorsk and "Høgaste pris" in nynorsk


def test_household_show_without_the_overview_says_none(rto: Any) -> None:
    household = rto("--json", "household", "add", "--name", "Familien Lie").json["id"]
    o = rto("--json", "household", "show", household).json["overview"]
    assert o == {"register_id": None, "figures": {}, "figures_on": None, "assessment": None, "contacts": []}
    text = rto("household", "show", household).out
    assert "Siste vurdering: ingen" in text and "Siste kontakter: ingen" in text
