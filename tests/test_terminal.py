"""The terminal: shell completion, `rto shell`, tables that fit the terminal, help in the journey's order."""

from __future__ import annotations

import io
import shlex
from pathlib import Path
from typing import Any

import click
import pytest
from conftest import Result, run_rto
from helpers import case_at

import cli
from states.facts import OUTCOMES
from states.journey import CaseState, StepKind, steps_from

SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def complete(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], line: str) -> list[str]:
    """What bash's completion gets for `line` (completing its last word, or a new one after a space)."""
    words = shlex.split(line)
    monkeypatch.setenv("COMP_WORDS", line)
    monkeypatch.setenv("COMP_CWORD", str(len(words) if line.endswith(" ") else len(words) - 1))
    monkeypatch.setenv("_RTO_COMPLETE", "bash_complete")
    capsys.readouterr()
    assert cli.main([]) == 0
    monkeypatch.delenv("_RTO_COMPLETE")
    return [row.split(",", 1)[1] for row in capsys.readouterr().out.splitlines() if row]


@pytest.mark.parametrize(("shell", "marker"), [("bash", "complete -o nosort -F _rto_completion rto"),
                                               ("zsh", "#compdef rto"), ("fish", "complete --no-files --command rto")])
def test_the_completion_script_is_printed_for_each_shell(shell: str, marker: str, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("_RTO_COMPLETE", f"{shell}_source")
    assert cli.main([]) == 0
    out = capsys.readouterr().out
    assert marker in out and "_RTO_COMPLETE" in out
    assert "Usage:" not in out


def test_completion_offers_commands_options_facts_and_outcome_codes(monkeypatch: pytest.MonkeyPatch,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert complete(monkeypatch, capsys, "rto case adv") == ["advance"]
    assert "household" in complete(monkeypatch, capsys, "rto ho")
    assert complete(monkeypatch, capsys, "rto case list --sta") == ["--state", "--stalled"]
    assert complete(monkeypatch, capsys, "rto case set 1 income_") == ["income_monthly=", "income_predictable="]
    assert complete(monkeypatch, capsys, "rto case set 1 property_type=") == ["property_type=freehold",
                                                                              "property_type=cooperative"]
    assert complete(monkeypatch, capsys, "rto case set 1 consent=") == ["consent=yes", "consent=no"]
    assert complete(monkeypatch, capsys, "rto case close 1 --outcome ") == list(OUTCOMES)
    assert complete(monkeypatch, capsys, "rto case list --state mo") == ["motivated", "moved_in"]


def advance_targets(state: CaseState, supervisor: bool, paused_from: CaseState | None = None) -> set[str]:
    kinds = {StepKind.ADVANCE, StepKind.RESUME} | ({StepKind.CORRECTION, StepKind.REOPEN} if supervisor else set())
    return {s.dest.value for s in steps_from(state, paused_from) if s.kind in kinds}


@SQLITE
def test_completing_case_advance_offers_exactly_the_states_that_case_may_go_to(app: Any, database_url: str) -> None:
    """Through the installed `rto`, as bash asks it."""
    bidding = case_at(app, "bidding")

    def offered(case_id: int, user: str) -> set[str]:
        line = f"rto case advance {case_id} "
        result: Result = run_rto(url=database_url, user=user, env={
            "COMP_WORDS": line, "COMP_CWORD": "4", "_RTO_COMPLETE": "bash_complete"})
        assert result.code == 0 and not result.err, result
        return {row.split(",", 1)[1] for row in result.out.splitlines() if row}

    assert offered(bidding, "ola") == advance_targets(CaseState.BIDDING, False) == {"searching", "contracted"}
    assert offered(bidding, "siri") == advance_targets(CaseState.BIDDING, True)
    assert offered(bidding, "per") == set()  # not per's case: nothing to offer, and no error into the shell
    assert offered(999, "ola") == set()


@SQLITE
def test_a_paused_case_is_offered_the_state_it_left(app: Any, rto: Any, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    case_id = case_at(app, "financed")
    assert rto("case", "pause", str(case_id), "--reason", "Fødsel i familien").code == 0
    assert complete(monkeypatch, capsys, f"rto case advance {case_id} ") == ["financed"]
    assert complete(monkeypatch, capsys, f"rto case advance {case_id} s") == []


# --- help ---

def test_a_group_without_its_command_shows_its_help_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    for group in ("case", "household", "staff", "audit"):
        assert cli.main([group]) == 0
        out = capsys.readouterr().out
        assert out.startswith(f"Bruk: rto {group} [VALG] KOMMANDO"), out  # bokmål, the default


def test_help_lists_the_commands_in_the_journey_s_order(capsys: pytest.CaptureFixture[str]) -> None:
    from commands.app import top_help

    def order(text: str, names: list[str]) -> list[int]:
        listed = text[text.index("Kommandoer:"):]
        return [listed.index(f"\n  {name} ") for name in names]

    journey = ["init", "staff", "household", "case", "decision", "review", "report", "diagram", "demo", "shell"]
    positions = order(top_help(), journey)
    assert positions == sorted(positions)
    assert cli.main(["case", "--help"]) == 0
    positions = order(capsys.readouterr().out, ["open", "show", "set", "advance", "pause", "resume", "close"])
    assert positions == sorted(positions)


def test_no_help_shows_the_largest_number_a_database_holds(capsys: pytest.CaptureFixture[str]) -> None:
    from commands.app import load_commands

    def walk(path: list[str], command: click.Command) -> None:
        assert cli.main([*path, "--help"]) == 0
        out = capsys.readouterr().out
        assert "9223372036854775807" not in out, path
        for name, sub in getattr(command, "commands", {}).items():
            walk([*path, name], sub)

    for name, command in load_commands().commands.items():
        walk([name], command)


# --- tables that fit ---

@SQLITE
def test_with_columns_80_no_line_of_history_list_or_report_is_longer(app: Any, rto: Any,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    case_id = case_at(app, "bidding")
    case_at(app, "searching", name="Familien Christophersen-Abrahamsen med et svært langt navn")
    note = "Visning i Storgata 5 lørdag; husstanden er positiv, og banken har sagt ja til lånet. " * 3
    assert rto("case", "note", str(case_id), note).code == 0
    monkeypatch.delenv("COLUMNS", raising=False)
    piped = rto("case", "history", str(case_id))
    assert note.strip() in piped.out  # piped to a file or grep, nothing is cut
    monkeypatch.setenv("COLUMNS", "80")
    for args in (["case", "history", str(case_id)], ["case", "list"], ["--as", "siri", "case", "list"],
                 ["--as", "siri", "report"], ["--as", "siri", "report", "--format", "table"]):
        result = rto(*args)
        assert result.code == 0, result
        long = [line for line in result.out.splitlines() if len(line) > 80]
        assert not long, (args, long)
    history = rto("case", "history", str(case_id)).out
    assert "lørdag;" in history and "Storgata" in history
    assert "Christophersen" in rto("case", "list").out  # wrapped, not cut


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    from commands.output import Output

    def table(stream: Any) -> str:
        Output(False, "nb", "Europe/Oslo", stream=stream).table(["Sak", "Tilstand"], [[1, "motivert"]])
        return str(stream.getvalue())

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert "\x1b[" in table(_Terminal())
    assert Output(False, "nb", "Europe/Oslo", stream=_Terminal()).styled("✓", "green") == "\x1b[32m✓\x1b[0m"
    assert Output(False, "nb", "Europe/Oslo", stream=io.StringIO()).styled("✓", "green") == "✓"
    assert "\x1b[" not in table(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in table(_Terminal())


# --- rto shell ---

@SQLITE
def test_rto_shell_runs_each_line_keeps_going_after_an_error_and_leaves_on_exit(
        app: Any, rto: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    import workflow.bootstrap

    case_id = case_at(app, "screened")
    built: list[Any] = []
    real = workflow.bootstrap.app_for
    monkeypatch.setattr(workflow.bootstrap, "app_for", lambda *a, **k: built.append(1) or real(*a, **k))
    lines = [f"case show {case_id}", "case show 999", "case advance 'unclosed", "rto case list --json",
             "staff list", "exit", "case list"]
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text("".join(line + "\n" for line in lines))
        result = rto("shell")
    assert result.code == 0, result
    assert f"Sak {case_id}" in result.out and '"id": ' in result.out
    assert "999" in result.err  # shown, and the shell went on
    assert result.out.count("Sak ") == 1 + 0  # `case list` after `exit` never ran (the --json one has no "Sak ")
    assert len(built) == 1  # the stack loaded once for the day


@SQLITE
def test_rto_shell_leaves_on_ctrl_d_and_completes_as_the_shell_does(rto: Any) -> None:
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.completion import CompleteEvent
    from prompt_toolkit.document import Document
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from commands.shell import _completer

    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text("staff list\n\x04")
        result = rto("shell")
    assert result.code == 0 and "siri" in result.out, result
    words = _completer({}, [])
    assert [c.text for c in words.get_completions(Document("case adv"), CompleteEvent())] == ["advance"]
    assert [c.text for c in words.get_completions(Document("rto case set 1 bid_r"), CompleteEvent())] == [
        "bid_result="]


# --- first run ---

def test_the_demo_s_closing_hint_gives_the_report_s_count_of_stalled_cases(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["demo", "--seed", "7", "--months", "8", "--households", "12"]
    assert cli.main(["--json", *args, "--dir", str(tmp_path / "a")]) == 0
    stalled = __import__("json").loads(capsys.readouterr().out)["report"]["current"]["stalled"]
    assert stalled > 0
    assert cli.main([*args, "--dir", str(tmp_path / "b")]) == 0
    out = capsys.readouterr().out
    hint = next(line for line in out.splitlines() if "--stalled" in line).split()
    assert hint[:2] == ["RTO_IDENTITY=declared", "rto"]
    monkeypatch.setenv("RTO_IDENTITY", "declared")
    for name in ("RTO_CONFIG", "RTO_DATABASE_URL", "RTO_USER"):
        monkeypatch.delenv(name, raising=False)
    assert cli.main([*hint[2:], "--json"]) == 0
    assert len(__import__("json").loads(capsys.readouterr().out)) == stalled


@pytest.mark.slow
def test_journey_sh_runs_without_the_environment_activated(tmp_path: Path) -> None:
    """examples/journey.sh finds the checkout's .venv/bin/rto itself: no `rto` on the PATH, nothing activated."""
    import os
    import subprocess

    root = Path(__file__).resolve().parent.parent
    env = {k: v for k, v in os.environ.items() if not k.startswith("RTO_") and k != "VIRTUAL_ENV"}
    env.update(PATH="/usr/bin:/bin", TMPDIR=str(tmp_path))
    proc = subprocess.run(["bash", str(root / "examples" / "journey.sh")], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "$ rto --as siri audit verify" in proc.stdout and "Historikken er intakt" in proc.stdout
