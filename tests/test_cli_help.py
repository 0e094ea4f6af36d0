"""Help that teaches by example, a fast `rto --help`, and identity numbers that never show unmasked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest
from conftest import RTO, InProcessRto, valid_nin

import cli
from states.journey import STATE_NAMES
from states.labels import state_label

ROOT = Path(__file__).resolve().parent.parent
HELP_FILE = ROOT / "commands" / "help.nb.txt"  # bokmål, the default language
HEAVY = ("sqlalchemy", "sqlmodel", "click")


def command_paths() -> list[tuple[list[str], click.Command]]:
    """Every command under `rto`, groups included, as the words that name it."""
    from commands.app import load_commands

    found: list[tuple[list[str], click.Command]] = []

    def walk(path: list[str], command: click.Command) -> None:
        found.append((path, command))
        if isinstance(command, click.Group):
            for name, sub in sorted(command.commands.items()):
                walk([*path, name], sub)

    for name, command in sorted(load_commands().commands.items()):
        walk([name], command)
    return found


LEAVES = [path for path, command in command_paths() if not isinstance(command, click.Group)]
GROUPS = [path for path, command in command_paths() if isinstance(command, click.Group)]


def help_of(path: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    code = cli.main([*path, "--help"])
    captured = capsys.readouterr()
    assert code == 0, captured
    assert captured.err == ""
    return captured.out


def test_the_walk_finds_the_commands_of_cli_md() -> None:
    names = {" ".join(p) for p in LEAVES}
    for required in ("init", "staff add", "staff list", "household add", "case open", "case show", "case list",
                     "case set", "case note", "case advance", "case pause", "case resume", "case close",
                     "case reopen", "case assign", "case history", "audit verify"):
        assert required in names


@pytest.mark.parametrize("path", LEAVES, ids=[" ".join(p) for p in LEAVES])
def test_every_command_has_help_with_an_example(path: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    text = help_of(path, capsys)
    assert "Eksempel" in text, f"`rto {' '.join(path)} --help` shows no example:\n{text}"
    # the example shows the command itself, as it is typed
    example = text.split("Eksempel", 1)[1]
    lines = [line.strip() for line in example.splitlines() if line.strip().startswith("rto ")]
    assert any(" ".join(path) in line for line in lines), example


@pytest.mark.parametrize("path", GROUPS, ids=[" ".join(p) for p in GROUPS])
def test_every_command_group_has_help_with_an_example(path: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert "Eksempel" in help_of(path, capsys)


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_the_pre_rendered_top_help_is_what_click_renders(lang: str) -> None:
    from commands.app import top_help

    rendered = top_help(lang)
    served = (ROOT / "commands" / f"help.{lang}.txt").read_text(encoding="utf-8")
    assert served == rendered, (f"commands/help.{lang}.txt, which `rto --help` serves without loading click, "
                                "differs from what click renders from the commands: run `make help-text` "
                                "and commit the result")


def test_rto_help_in_process_serves_the_pre_rendered_text(capsys: pytest.CaptureFixture[str]) -> None:
    served = HELP_FILE.read_text(encoding="utf-8")
    for args in (["--help"], ["-h"], []):
        capsys.readouterr()
        assert cli.main(args) == 0
        assert capsys.readouterr().out == served, args


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("RTO_", "_RTO_"))}


def test_rto_help_as_a_real_process_exits_0_and_loads_neither_click_nor_the_database_stack() -> None:
    proc = subprocess.run([RTO, "--help"], capture_output=True, text=True, env=_env(), timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == HELP_FILE.read_text(encoding="utf-8")
    assert proc.stderr == ""

    # what the executable imports, as Python itself reports it
    proc = subprocess.run([sys.executable, "-X", "importtime", RTO, "--help"], capture_output=True, text=True,
                          env=_env(), timeout=60)
    assert proc.returncode == 0, proc.stderr
    imported = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in proc.stderr.splitlines()
                if line.startswith("import time:") and "|" in line}
    assert "cli" in imported, "the -X importtime output was not understood"
    assert not imported & set(HEAVY), sorted(imported & set(HEAVY))

    # and what is in sys.modules once cli.main(['--help']) has answered
    script = ("import json, sys, cli\n"
              "code = cli.main(['--help'])\n"
              f"print(json.dumps({{'code': code, 'loaded': [m for m in {HEAVY!r} if m in sys.modules]}}))\n")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=_env(), timeout=60,
                          cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout.splitlines()[-1])
    assert report == {"code": 0, "loaded": []}


def test_a_subcommand_help_is_still_click_s(capsys: pytest.CaptureFixture[str]) -> None:
    """Only the bare `rto --help` takes the fast path; `rto case advance --help` lists the states."""
    text = help_of(["case", "advance"], capsys)
    assert "Bruk: rto case advance" in text
    squeezed = "".join(text.split())  # click may wrap the list of choices anywhere
    assert all("".join(state_label(state, "nb").split()) in squeezed for state in STATE_NAMES[:7])


# --- identity numbers are shown masked, everywhere ---

def _store_birth_date(url: str, household_id: int, number: str, born: str) -> None:
    """Give one stored number a "born", as every row stored before the 2032 rule has (read from the number then)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        select = text("SELECT identity_numbers FROM households WHERE id = :id")
        stored = json.loads(conn.execute(select, {"id": household_id}).scalar_one())
        # (numbers are sealed at rest: the fødselsnummer is told from the D-number by its kind)
        kind = "d-number" if int(number[0]) >= 4 else "fodselsnummer"
        stored = [{**n, "born": born} if n["kind"] == kind else n for n in stored]
        conn.execute(text("UPDATE households SET identity_numbers = :numbers WHERE id = :id"),
                     {"numbers": json.dumps(stored), "id": household_id})
    engine.dispose()


def test_identity_numbers_never_appear_unmasked(rto: InProcessRto) -> None:
    fnr = valid_nin(15, 5, 85)
    dnr = valid_nin(3, 11, 90, d_number=True)
    assert fnr != dnr and len(fnr) == len(dnr) == 11

    added = rto("household", "add", "--name", "Familien Berg", "--adults", "2", "--nin", fnr, "--nin", dnr, "--json")
    assert added.code == 0, added
    household_id = added.json["id"]
    _store_birth_date(rto.url, household_id, fnr, "1985-05-15")  # an older row; the D-number a new one
    opened = rto("case", "open", str(household_id), "--json")
    assert opened.code == 0, opened
    case_id = opened.json["id"]
    assert rto("case", "set", str(case_id), "income_monthly=52000", "adults=2").code == 0
    assert rto("case", "note", str(case_id), "Kartlagt hjemme hos familien").code == 0

    # the birth date stored with an older row; none for a new one, since the number no longer tells the century
    masks = ["15.05.1985 *****", "**.**.**** *****"]

    def leaks(text: str) -> list[str]:
        secret = {fnr, dnr, fnr[6:], dnr[6:], fnr[:6] + " " + fnr[6:], dnr[:6] + " " + dnr[6:]}
        return [s for s in secret if s in text]

    outputs: dict[str, Any] = {}
    for name, args in (("case show", ["case", "show", str(case_id), "--json"]),
                       ("household show", ["household", "show", str(household_id), "--json"]),
                       ("case history", ["case", "history", str(case_id), "--json"]),
                       ("case list", ["case", "list", "--json"]),
                       ("case show (text)", ["case", "show", str(case_id)]),
                       ("household show (text)", ["household", "show", str(household_id)]),
                       ("case history (text)", ["case", "history", str(case_id)]),
                       ("case history (csv)", ["case", "history", str(case_id), "--csv"])):
        result = rto(*args)
        assert result.code == 0, result
        assert not leaks(result.out + result.err), (name, leaks(result.out + result.err))
        outputs[name] = result

    shown = outputs["case show"].json
    assert shown["household_facts"]["identity_numbers"] == masks
    household = outputs["household show"].json
    assert household["identity_numbers"] == masks
    for text_output in ("case show (text)", "household show (text)"):
        assert all(m in outputs[text_output].out for m in masks), outputs[text_output].out


def test_every_command_is_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")

    def paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[str]:
        found = []
        for name, command in group.commands.items():
            if isinstance(command, click.Group):
                found += paths(command, (*prefix, name))
            else:
                found.append(" ".join((*prefix, name)))
        return found

    from commands.app import load_commands

    missing = [p for p in paths(load_commands()) if f"`rto {p}" not in readme]
    assert missing == [], f"document these in README.md: {missing}"


def test_a_command_line_loads_the_modules_of_its_own_command_and_they_are_the_ones_it_needs() -> None:
    """`rto case show` loads only the command modules under `case` (start-up is part of every command); the
    map it loads them by names, for each command, exactly the modules its subcommands live in, and a command
    line in a fresh process still finds its command and speaks the line's language."""
    import inspect

    from commands.app import COMMAND_MODULES, load_commands

    def modules(command: click.Command) -> set[str]:
        found = {inspect.unwrap(command.callback).__module__} if command.callback else set()
        for sub in command.commands.values() if isinstance(command, click.Group) else ():
            found |= modules(sub)
        return {m.removeprefix("commands.") for m in found} - {"app"}

    group = load_commands()
    assert list(group.list_commands(click.Context(group))) == list(COMMAND_MODULES)
    assert {name: set(COMMAND_MODULES[name]) for name in group.commands} == \
        {name: modules(command) for name, command in group.commands.items()}
    code = ("import sys; sys.argv = ['rto', '--lang', 'nn', 'case', 'show', '--help']; import cli\n"
            "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith('commands.') and m.count('.') == 1))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert "Vis ei sak" in out  # the help of the command it loaded, in nynorsk
    loaded = {m.removeprefix("commands.") for m in json.loads(out.splitlines()[-1].replace("'", '"'))}
    assert {"cases", "papers"} <= loaded and not loaded & {"report", "overview", "audit", "retention", "demo"}
    # the commands loaded later for a listing speak the line's language too
    listing = subprocess.run([sys.executable, "-c", "import sys; sys.argv = ['rto', '--lang', 'nn', '--help']; "
                              "import cli; cli.main()"], capture_output=True, text=True, cwd=ROOT).stdout
    assert "Tilsette: sakshandsamarar, fagleiarar og administratorar." in listing, listing
