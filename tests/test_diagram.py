"""`rto diagram`: the journey drawn from the machine the engine runs, with no database, in bokmål or English."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from conftest import RTO, Result

import cli
from states.journey import ACTIVE, STEPS, CaseState, StepKind
from states.labels import state_label
from workflow.diagram import STEP_WORDS, engine_steps, node_id, step_words

ROOT = Path(__file__).resolve().parent.parent
HAS_DOT = shutil.which("dot") is not None
needs_dot = pytest.mark.skipif(not HAS_DOT, reason="Graphviz's `dot` is not installed here")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SIDE_STEPS = (StepKind.PAUSE, StepKind.RESUME, StepKind.CLOSE, StepKind.REOPEN)


@pytest.fixture
def no_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point rto at a database that does not exist, in a folder that does not exist either."""
    missing = tmp_path / "nowhere" / "rto.db"
    monkeypatch.setenv("RTO_DATABASE_URL", f"sqlite:///{missing}")
    for name in ("RTO_CONFIG", "RTO_LANGUAGE", "RTO_USER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return missing


def rto(capsys: pytest.CaptureFixture[str], *args: str) -> Result:
    capsys.readouterr()
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return Result(code, captured.out, captured.err, list(args))


def word(kind: StepKind, lang: str = "nb") -> str:
    return STEP_WORDS[kind][0 if lang == "nb" else 1]


def mermaid_edges(text: str) -> set[tuple[str, str, str]]:
    """(source, dest, label) of every arrow in Mermaid text, the start markers left out."""
    found = set()
    for line in text.splitlines():
        match = re.fullmatch(r"\s*(\w+) --> (\w+): (.+)", line)
        if match:
            found.add((match[1], match[2], match[3]))
    return found


# --- drawn from the engine's own definition ---

def test_the_diagram_draws_the_events_of_the_engine_s_machine() -> None:
    from workflow.machine import journey_machine

    triggers = [step.trigger for step in engine_steps()]
    assert triggers == list(journey_machine().events)
    assert sorted(triggers) == sorted(step.trigger for step in STEPS)


def test_mermaid_has_every_state_and_the_main_steps(capsys: pytest.CaptureFixture[str], no_database: Path) -> None:
    result = rto(capsys, "diagram")
    assert result.code == 0, result
    text = result.out
    assert text.startswith("---\ntitle: ") and "stateDiagram-v2" in text
    for state in CaseState:
        assert f'state "{state_label(state.value, "nb")}" as {node_id(state)}' in text, state
    edges = mermaid_edges(text)
    advances = [s for s in STEPS if s.kind is StepKind.ADVANCE]
    assert advances, "the journey has advance steps"
    for step in advances:
        assert (node_id(step.source), node_id(step.dest), step_words(step)) in edges, step
    # the steps every active state has are one arrow from or into the box; the rest are their own
    assert ("active", "paused", word(StepKind.PAUSE)) in edges
    assert ("paused", "active", word(StepKind.RESUME)) in edges
    assert ("active", "closed", word(StepKind.CLOSE)) in edges
    assert ("paused", "closed", word(StepKind.CLOSE)) in edges
    assert ("closed", node_id(CaseState.SCREENED), word(StepKind.REOPEN)) in edges
    # corrections are a note, not arrows
    assert not any(label == word(StepKind.CORRECTION) for *_, label in edges)
    assert "note right of closed" in text and "--all" in text
    assert not no_database.parent.exists(), "rto diagram must not create a database"


def test_with_all_every_step_of_the_engine_is_an_arrow_of_its_own(capsys: pytest.CaptureFixture[str],
                                                                   no_database: Path) -> None:
    result = rto(capsys, "diagram", "--all")
    assert result.code == 0, result
    edges = mermaid_edges(result.out)
    expected = {(node_id(s.source), node_id(s.dest), step_words(s)) for s in STEPS}
    assert edges == expected
    assert len(edges) == len(STEPS)
    corrections = [s for s in STEPS if s.kind is StepKind.CORRECTION]
    assert len(corrections) > 10  # the reason they are left out by default


def test_every_side_step_kind_of_the_journey_is_drawn(capsys: pytest.CaptureFixture[str], no_database: Path) -> None:
    labels = {label for *_, label in mermaid_edges(rto(capsys, "diagram").out)}
    assert {word(kind) for kind in SIDE_STEPS} <= labels


def test_english_with_the_global_lang_option(capsys: pytest.CaptureFixture[str], no_database: Path) -> None:
    for args in (["--lang", "en", "diagram"], ["diagram", "--lang", "en"]):
        result = rto(capsys, *args)
        assert result.code == 0, result
        text = result.out
        assert "From renting to owning" in text
        for state in CaseState:
            assert f'state "{state_label(state.value, "en")}" as {node_id(state)}' in text
        assert "kartlagt" not in text and "samtykke" not in text
        labels = {label for *_, label in mermaid_edges(text)}
        assert {"bid lost", "pause", "resume", "close", "reopen (supervisor)"} <= labels


def test_the_language_of_the_configuration_is_the_default(capsys: pytest.CaptureFixture[str], no_database: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RTO_LANGUAGE", "en")
    assert "moved in" in rto(capsys, "diagram").out
    assert "innflyttet" in rto(capsys, "diagram", "--lang", "nb").out


def test_json_gives_the_diagram_in_one_document(capsys: pytest.CaptureFixture[str], no_database: Path) -> None:
    result = rto(capsys, "diagram", "--json")
    assert result.code == 0, result
    document = json.loads(result.out)
    assert document["format"] == "mermaid" and document["encoding"] == "text"
    assert document["diagram"] == rto(capsys, "diagram").out


# --- DOT, SVG and PNG ---

def test_dot_is_a_digraph_with_every_state(capsys: pytest.CaptureFixture[str], no_database: Path) -> None:
    result = rto(capsys, "diagram", "--format", "dot")
    assert result.code == 0, result
    text = result.out
    assert text.startswith("digraph ")
    assert text.count("{") == text.count("}")
    for state in CaseState:
        assert re.search(rf'^\s*{node_id(state)} \[label="{re.escape(state_label(state.value, "nb"))}', text,
                         re.M), state
    for step in STEPS:
        if step.kind is StepKind.ADVANCE:
            assert f'{node_id(step.source)} -> {node_id(step.dest)} [label="{step_words(step)}"' in text


@needs_dot
def test_graphviz_parses_the_dot_text(capsys: pytest.CaptureFixture[str], no_database: Path) -> None:
    source = rto(capsys, "diagram", "--format", "dot", "--all").out
    parsed = subprocess.run(["dot", "-Tjson"], input=source, capture_output=True, text=True, timeout=60, check=True)
    graph: dict[str, Any] = json.loads(parsed.stdout)
    assert graph["directed"] in (True, "true")
    names = [o["name"] for o in graph["objects"]]
    assert {node_id(s) for s in CaseState} <= set(names)
    drawn = {(names[e["tail"]], names[e["head"]]) for e in graph["edges"]}
    assert {(node_id(s.source), node_id(s.dest)) for s in STEPS} <= drawn
    styles = {(names[e["tail"]], names[e["head"]]): e.get("style") for e in graph["edges"]}
    for step in STEPS:
        if step.kind is StepKind.CORRECTION:
            assert styles[node_id(step.source), node_id(step.dest)] == "dashed"


@needs_dot
def test_svg_is_valid_svg_with_the_state_labels(capsys: pytest.CaptureFixture[str], no_database: Path,
                                                tmp_path: Path) -> None:
    target = tmp_path / "reisen.svg"
    result = rto(capsys, "diagram", "--format", "svg", "-o", str(target))
    assert result.code == 0, result
    assert result.out == "" and str(target) in result.err
    data = target.read_bytes()
    assert data.lstrip().startswith((b"<svg", b"<?xml"))
    root = ET.fromstring(data)
    assert root.tag.endswith("svg")
    texts = {t.text for t in root.iter() if t.tag.endswith("text")}
    assert {state_label(s.value, "nb") for s in CaseState} <= texts
    assert "aktiv sak" in texts


@needs_dot
def test_png_starts_with_the_png_signature(capsysbinary: pytest.CaptureFixture[bytes], no_database: Path,
                                           tmp_path: Path) -> None:
    target = tmp_path / "journey.png"
    assert cli.main(["--lang", "en", "diagram", "--format", "png", "-o", str(target)]) == 0
    assert target.read_bytes().startswith(PNG_SIGNATURE)
    capsysbinary.readouterr()
    assert cli.main(["diagram", "--format", "png"]) == 0  # to a pipe: the bytes on stdout
    assert capsysbinary.readouterr().out.startswith(PNG_SIGNATURE)


def test_png_is_not_written_to_a_terminal(capsys: pytest.CaptureFixture[str], no_database: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    result = rto(capsys, "diagram", "--format", "png")
    assert result.code == 2, result
    assert "-o" in result.err and result.out == ""


# --- -o, and Graphviz missing ---

def test_o_writes_the_file(capsys: pytest.CaptureFixture[str], no_database: Path, tmp_path: Path) -> None:
    printed = rto(capsys, "diagram").out
    target = tmp_path / "reisen.mmd"
    result = rto(capsys, "diagram", "-o", str(target))
    assert result.code == 0, result
    assert result.out == ""
    assert "Skrev diagrammet til" in result.err
    assert target.read_text(encoding="utf-8") == printed
    result = rto(capsys, "diagram", "--format", "dot", "--output", str(tmp_path / "reisen.dot"), "--json")
    assert result.code == 0, result
    assert json.loads(result.out) == {"format": "dot", "path": str(tmp_path / "reisen.dot")}
    assert (tmp_path / "reisen.dot").read_text(encoding="utf-8").startswith("digraph ")


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_without_graphviz_svg_and_png_exit_4_say_what_to_install_and_write_nothing(
        capsys: pytest.CaptureFixture[str], no_database: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        fmt: str) -> None:
    real_which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None if name == "dot" else real_which(name, *a, **k))
    target = tmp_path / f"reisen.{fmt}"
    result = rto(capsys, "diagram", "--format", fmt, "-o", str(target))
    assert result.code == 4, result
    assert not target.exists()
    assert result.out == ""
    for needed in ("Graphviz", "`dot`", "apt install graphviz", "brew install graphviz", "--format mermaid",
                   "Ingenting ble skrevet"):
        assert needed in result.err, needed
    english = rto(capsys, "--lang", "en", "diagram", "--format", fmt)
    assert english.code == 4 and "Nothing was written" in english.err
    # DOT text and Mermaid need no `dot` program
    assert rto(capsys, "diagram", "--format", "dot").code == 0
    assert rto(capsys, "diagram").code == 0


def test_the_real_executable_without_dot_on_the_path(tmp_path: Path) -> None:
    """A real process whose PATH has no Graphviz: a clear message, exit 4, no file; Mermaid still works."""
    empty = tmp_path / "bin"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("RTO_")}
    env.update(PATH=str(empty), RTO_DATABASE_URL=f"sqlite:///{tmp_path / 'none' / 'rto.db'}")
    target = tmp_path / "reisen.png"
    proc = subprocess.run([RTO, "--lang", "en", "diagram", "--format", "png", "-o", str(target)],
                          capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 4, proc
    assert "apt install graphviz" in proc.stderr and "brew install graphviz" in proc.stderr
    assert "--format mermaid" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not target.exists()
    proc = subprocess.run([RTO, "diagram"], capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0, proc
    assert "stateDiagram-v2" in proc.stdout
    assert not (tmp_path / "none").exists()


# --- the README shows the real output ---

def test_the_readme_shows_what_rto_diagram_prints(capsys: pytest.CaptureFixture[str], no_database: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```mermaid\n(.*?)```", readme, re.S)
    assert blocks, "README.md has no ```mermaid block"
    assert rto(capsys, "diagram").out in blocks, "run `rto diagram` and paste its output into README.md"


def test_the_box_holds_exactly_the_active_states(capsys: pytest.CaptureFixture[str], no_database: Path) -> None:
    text = rto(capsys, "diagram").out
    box = re.search(r"state active \{\n(.*?)\n\s*\}", text, re.S)
    assert box is not None
    inside = set(re.findall(r'state "[^"]+" as (\w+)', box[1]))
    assert inside == {node_id(s) for s in ACTIVE}


# --- what each arrow needs, and the order it reads in ---

def test_each_journey_arrow_says_what_its_guard_needs_and_the_lost_bid_is_named() -> None:
    from states.guards import GUARDS
    from states.labels import GUARD_WORDS

    assert set(GUARD_WORDS) == {f"{a.value}>{b.value}" for a, b in GUARDS}  # one summary per guard, no more
    for step in STEPS:
        if step.kind is StepKind.ADVANCE:
            nb, en = step_words(step, "nb"), step_words(step, "en")
            assert nb and en and nb != en and len(nb) <= 40 and nb != word(StepKind.ADVANCE), step
    lost = next(s for s in STEPS if (s.source, s.dest) == (CaseState.BIDDING, CaseState.SEARCHING))
    assert (step_words(lost, "nb"), step_words(lost, "en")) == ("tapt bud", "bid lost")
    text = journey_text("mermaid")
    assert (node_id(CaseState.BIDDING), node_id(CaseState.SEARCHING), "tapt bud") in mermaid_edges(text)
    assert "samtykke, fast inntekt, plan, vedtak" in text


def journey_text(fmt: str, lang: str = "nb") -> str:
    from workflow.diagram import journey_diagram

    text = journey_diagram(fmt, lang)
    assert isinstance(text, str)
    return text


def test_the_off_ramps_do_not_pull_the_journey_back_in_dot() -> None:
    """Resume and reopen go back into the box without deciding where paused and closed stand; they stand after
    the journey's last active step, so the diagram reads left to right."""
    text = journey_text("dot")
    last = node_id(CaseState.CONTRACTED)
    assert re.search(rf"^\s*paused -> {last} \[.*constraint=false.*lhead=cluster_active", text, re.M)
    assert re.search(r"^\s*closed -> active__screened \[.*constraint=false", text, re.M)
    assert re.search(rf"^\s*{last} -> paused \[.*ltail=cluster_active", text, re.M)  # from the box's border
    for off_ramp in ("paused", "closed"):
        assert re.search(rf"^\s*{last} -> {off_ramp} \[style=invis\]", text, re.M)


@needs_dot
def test_graphviz_places_the_off_ramps_right_of_the_journey() -> None:
    source = journey_text("dot")
    laid = subprocess.run(["dot", "-Tjson"], input=source, capture_output=True, text=True, timeout=60, check=True)
    x = {o["name"]: float(o["pos"].split(",")[0]) for o in json.loads(laid.stdout)["objects"] if "pos" in o}
    journey = [x[node_id(s)] for s in (CaseState.SCREENED, CaseState.MOTIVATED, CaseState.FINANCED,
                                       CaseState.SEARCHING, CaseState.BIDDING, CaseState.CONTRACTED)]
    assert journey == sorted(journey)  # left to right
    assert x["paused"] > x[node_id(CaseState.CONTRACTED)] and x["closed"] > x[node_id(CaseState.CONTRACTED)]
