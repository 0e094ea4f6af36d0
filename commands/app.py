"""The `rto` command group, and the one place where errors become exit codes."""

from __future__ import annotations

import importlib
import json
import os
import sys
import traceback
from typing import Any

import click

from commands.context import Context, Options, global_options, param_name
from states.errors import (
    ConfigError,
    Conflict,
    DomainError,
    InvalidInput,
    NotFound,
    NotPermitted,
    Refused,
    Tampered,
    Unavailable,
)

EXIT_CODES: dict[type[DomainError], int] = {
    InvalidInput: 2,
    ConfigError: 2,
    Refused: 3,
    NotFound: 4,
    NotPermitted: 5,
    Conflict: 6,
    Tampered: 7,
    Unavailable: 1,
}


class JourneyGroup(click.Group):
    """A group whose help lists its commands in the order they were declared (the journey's order, not the
    alphabet's), and which answers a bare `rto case` with its help and exit 0 (nothing went wrong)."""

    group_class = type  # the groups under it are journey groups too

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args and self.no_args_is_help and not ctx.resilient_parsing:
            click.echo(ctx.get_help())
            ctx.exit(0)
        return super().parse_args(ctx, args)


# The command modules in the journey's order: each registers its commands on import, and help lists them so.
JOURNEY = ("setup", "households", "overview", "cases", "papers", "decisions", "review", "outbox", "scheduler", "report",
           "audit", "retention", "policy", "diagram", "demo", "shell")
# Which of them register each top-level command and what is under it, in the help's order: a command line
# loads only its own (`rto case show` needs none of the report's models); help and completion load them all.
# tests/test_cli_help.py keeps it true.
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "init": ("setup",), "staff": ("setup",), "household": ("households", "overview"), "case": ("cases", "papers"),
    "decision": ("decisions",), "review": ("review",), "outbox": ("outbox",), "scheduler": ("scheduler",),
    "report": ("report",), "audit": ("audit",), "retention": ("retention",), "policy": ("policy",),
    "diagram": ("diagram",), "demo": ("demo",), "shell": ("shell",),
}


class RtoGroup(JourneyGroup):
    """`rto` itself: loads a command's modules when the command is asked for."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:  # an unknown name loads them all, to say which is nearest
            self._load(COMMAND_MODULES.get(cmd_name, JOURNEY))
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load(JOURNEY)
        return [*(n for n in COMMAND_MODULES if n in self.commands), *(n for n in self.commands
                                                                      if n not in COMMAND_MODULES)]

    def _load(self, modules: tuple[str, ...]) -> None:
        """Import `modules`; the commands they add speak the line's language, as those already there do."""
        known = len(self.commands)
        for name in modules:
            importlib.import_module(f"commands.{name}")
        if len(self.commands) != known:
            from commands.language import current_language, localize_help

            localize_help(self, current_language())


@click.group(cls=RtoGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 80})
@global_options(hidden=False)
@click.version_option("0.1.0", "--version", prog_name="rto")
@click.pass_context
def app(ctx: click.Context, db: str | None, actor: str | None, config: str | None, json_: bool,
        lang: str | None, debug: bool) -> None:
    """rto: fra leie til eie. Help households in municipal rental housing buy a home of their own.

    A caseworker opens a case for a household, records what they learn, and advances the case through
    the journey: screened, motivated, financed, searching, bidding, contracted, moved_in. Each step is
    refused, with what is missing, until its conditions hold; every change is kept in the case's history.

    \b
    Start:  rto init --admin kari --name "Kari Nordmann" --email kari@kommune.no
    Then:   rto staff add ola --name "Ola Hansen" --email ola@kommune.no --role caseworker
            rto --as ola household add --name "Familien Berg" --adults 2 --children 1
            rto --as ola case open 1
            rto --as ola case show 1

    Global options may also follow the command (rto case show 1 --json).

    \b
    Exit codes: 0 done, 2 bad input, 3 refused by the journey's rules, 4 not found,
    5 not permitted, 6 conflict (try again), 7 history altered, 1 internal error.
    """
    if not isinstance(ctx.obj, Context):
        ctx.obj = Context(Options())
    ctx.obj.options = Options(db, actor, config, json_, lang, debug)


def load_commands() -> click.Group:
    """The group with every subcommand registered (they register themselves on import, in the journey's order)."""
    for name in JOURNEY:
        importlib.import_module(f"commands.{name}")
    return app


def top_help(lang: str = "nb") -> str:
    """`rto --help` as click renders it at 80 columns: the text cli.py serves without loading click."""
    from commands.language import speak

    group = load_commands()
    speak(lang, group)
    settings = {**group.context_settings, "terminal_width": 80, "max_content_width": 80}
    ctx = click.Context(group, info_name="rto", **settings)
    return group.get_help(ctx) + "\n"


def run(args: list[str], fresh_process: bool = False) -> int:
    """Run one command line; return its exit code. No traceback unless --debug."""
    from commands.language import speak
    from commands.language_choice import early_language

    instruction = os.environ.get(COMPLETE_VAR)
    if instruction:
        from commands.completion import complete

        load_commands()
        speak(early_language(args), app)
        return complete(app, instruction)
    return run_line(args, Context(Options(debug="--debug" in args), fresh_process), close=True)


COMPLETE_VAR = "_RTO_COMPLETE"  # what the shell's completion script sets: bash_source, bash_complete, ...


def run_line(args: list[str], context: Context, close: bool) -> int:
    """One command line in `context`; `close`: the App (and its connections) go with it (not so in `rto shell`,
    which keeps one App for the day). It speaks the line's language (--lang, RTO_LANGUAGE, the configuration)."""
    from commands.language import speak
    from commands.language_choice import early_language

    speak(early_language(args), app)
    try:
        with app.make_context("rto", list(args), obj=context) as ctx:
            app.invoke(ctx)
        return 0
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.UsageError as err:
        if "--json" in args:  # parsing stopped before the command could take its own --json
            context.merge(json=True)
        context.merge(lang=early_language(args))  # (nor had `rto --lang en` been taken: it is now)
        return report_usage(err, context)
    except click.ClickException as err:
        err.show()
        return err.exit_code
    except click.Abort:
        from commands.language import click_text

        click.echo(click_text("Aborted!"), err=True)
        return 1
    except DomainError as err:
        if "--json" in args and not context.options.json:  # found while parsing (a state's name), before --json
            context.merge(json=True)
        return report(err, context)
    except BrokenPipeError:  # `rto case history 12 --csv | head`: the reader has all it wanted
        _silence_stdout()
        return 0
    except Exception:  # a bug: say so plainly, keep the traceback for --debug (identity numbers masked)
        if context.options.debug:
            from states.privacy import mask_identity_numbers

            sys.stderr.write(mask_identity_numbers(traceback.format_exc()))
        else:
            click.echo(context.out.label("internal_error"), err=True)
        return 1
    finally:
        if close and "app" in context.__dict__:
            context.app.close()


def _silence_stdout() -> None:
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())  # so Python's own flush at exit does not fail again


def report(err: DomainError, context: Context, exit_code: int | None = None) -> int:
    """Print a domain error (and its unmet requirements) and return its exit code."""
    code = exit_code if exit_code is not None else next(
        (EXIT_CODES[kind] for kind in type(err).__mro__ if kind in EXIT_CODES), 1)
    out = context.out
    headline = out.message(err.code, err.params)
    lines = [out.requirement(r) for r in getattr(err, "requirements", [])]
    out.error(headline if not lines else headline + "\n" + "\n".join(f"  - {line}" for line in lines))
    if out.json_mode:
        document: dict[str, Any] = {"error": {"kind": type(err).__name__, "code": err.code, "exit": code,
                                              "message": headline, "params": err.params}}
        if isinstance(err, Refused):
            document["error"]["unmet"] = [{"code": r.code, "message": m, "params": r.params}
                                          for r, m in zip(err.requirements, lines, strict=True)]
        click.echo(json.dumps(document, ensure_ascii=False, indent=2, default=str))
    return code


def report_usage(err: click.UsageError, context: Context) -> int:
    """Click's own usage errors (a missing option, a value of the wrong type) in the user's language."""
    params: dict[str, Any]
    if isinstance(err, click.MissingParameter) and err.param is not None:
        code, params = "usage_missing", {"param": param_name(err.param)}
    elif isinstance(err, click.BadParameter) and err.param is not None:
        code, params = "usage_bad_value", {"param": param_name(err.param), "detail": err.message}
    elif isinstance(err, click.NoSuchOption):
        code, params = "usage_unknown_option", {"option": err.option_name}
    elif isinstance(err, click.exceptions.NoSuchCommand) and err.ctx is not None:
        from states.naming import nearest

        name = err.command_name
        group = err.ctx.command
        near = nearest(name, sorted(group.commands)) if isinstance(group, click.Group) else None
        code, params = "usage_no_such_command", {"name": name, "nearest": near}
    else:
        code, params = "usage_error", {"detail": err.format_message()}
    command = err.ctx.command_path if err.ctx else "rto"
    params["help"] = f"{command} --help"
    return report(InvalidInput(code, **params), context, exit_code=err.exit_code)


def pass_context(f: Any) -> Any:
    """Give a command the shared Context (global options it was given itself merged in), on a
    database that `rto init` has created and brought up to date."""
    return _with_context(f, check_schema=True)


def pass_context_unchecked(f: Any) -> Any:
    """As `pass_context`, without the schema check: for `rto init`, which creates the database, and for
    the commands that need none of the user's (`rto diagram`, `rto demo`), so they work before `rto init`."""
    return _with_context(f, check_schema=False)


def _with_context(f: Any, check_schema: bool) -> Any:
    @global_options(hidden=True)
    @click.pass_context
    def wrapper(click_ctx: click.Context, /, *args: Any, db: str | None, actor: str | None, config: str | None,
                json_: bool, lang: str | None, debug: bool, **kwargs: Any) -> Any:
        context = click_ctx.find_object(Context)
        assert context is not None, "the rto group always sets its Context"
        context.merge(db=db, actor=actor, config=config, json=json_, lang=lang, debug=debug)
        if check_schema:
            context.app.db.check_schema()
        return f(context, *args, **kwargs)

    wrapper.__name__ = f.__name__
    wrapper.__doc__ = f.__doc__
    wrapper.__wrapped__ = f  # type: ignore[attr-defined]  # (which module a command lives in: COMMAND_MODULES)
    return wrapper
