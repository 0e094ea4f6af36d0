"""`rto shell`: a prompt for a working day. The database stack is loaded once; each line runs as an `rto`
command in the same process, with the same completion as the shell's; an error is shown and the prompt stays."""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from commands.app import app, pass_context, run_line
from commands.context import Context, Options

if TYPE_CHECKING:
    from prompt_toolkit.completion import CompleteEvent, Completer, Completion
    from prompt_toolkit.document import Document

LEAVE = ("exit", "quit", "avslutt")


@app.command("shell")
@pass_context
def shell(ctx: Context) -> None:
    """A prompt where each line is an rto command (without `rto`); Tab completes, `help` lists the commands,
    `exit` or Ctrl-D leaves.

    The global options given to `rto shell` hold for every line; a line may give its own.

    \b
    Example:
      rto --as ola shell
      rto> case list --stalled
      rto> case advance 12 motivated
    """
    run_shell(ctx)


def given_options(options: Options) -> list[str]:
    """The shell's own global options, put before each line's (which, given after the command, win)."""
    args: list[str] = []
    for flag, value in (("--db", options.db), ("--as", options.actor), ("--config", options.config),
                        ("--lang", options.lang)):
        if value is not None:
            args += [flag, value]
    return args + [flag for flag, on in (("--json", options.json), ("--debug", options.debug)) if on]


def run_shell(ctx: Context, input: Any = None, output: Any = None) -> None:
    """Read lines until `exit` or end of input (Ctrl-D); Ctrl-C drops the line being typed."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import InMemoryHistory

    apps = {ctx.app_key(): ctx.app}
    prefix = given_options(ctx.options)
    session: PromptSession[str] = PromptSession(completer=_completer(apps, prefix), history=InMemoryHistory(),
                                                input=input, output=output)
    try:
        while True:
            try:
                line = session.prompt("rto> ")
            except KeyboardInterrupt:
                continue
            except EOFError:
                break
            if line.strip() in LEAVE:
                break
            run_text(line, prefix, apps, ctx.options.debug)
    finally:
        for key, other in apps.items():
            if key != ctx.app_key():
                other.close()


def run_text(line: str, prefix: list[str], apps: dict[tuple[Any, ...], Any], debug: bool = False) -> int:
    """One line of the shell as an `rto` command; its exit code (0 for an empty line)."""
    from commands.app import report
    from states.errors import InvalidInput

    context = Context(Options(debug=debug), apps=apps)
    try:
        args = shlex.split(line)
    except ValueError as err:  # an unclosed quote
        return report(InvalidInput("usage_error", detail=str(err), help="rto --help"), context, exit_code=2)
    if args[:1] == ["rto"]:
        args = args[1:]
    if not args:
        return 0
    if args[0] == "shell":
        return 0  # already in it
    if args == ["help"]:
        args = ["--help"]
    try:
        return run_line([*prefix, *args], context, close=False)
    except KeyboardInterrupt:  # Ctrl-C while a command runs: that command stops, the shell stays
        context.out.error(context.out.label("interrupted"))
        return 130


def _completer(apps: dict[tuple[Any, ...], Any], prefix: list[str]) -> Completer:
    """prompt_toolkit's completer asking click, as the shell's completion script does (prompt_toolkit is
    imported only here and in `run_shell`, so that no other command pays for it)."""
    from click.shell_completion import ShellComplete
    from prompt_toolkit.completion import Completer, Completion

    class ClickCompleter(Completer):
        def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterator[Completion]:
            text = document.text_before_cursor
            try:
                args = shlex.split(text)
            except ValueError:  # inside an open quote
                return
            incomplete = "" if not text or text[-1].isspace() or not args else args.pop()
            if args[:1] == ["rto"]:
                args = args[1:]
            completion = ShellComplete(app, {"obj": Context(Options(), apps=apps)}, "rto", "_RTO_COMPLETE")
            for item in completion.get_completions([*prefix, *args], incomplete):
                yield Completion(item.value, start_position=-len(incomplete), display_meta=item.help or "")

    return ClickCompleter()
