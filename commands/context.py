"""What every command shares: the global options, the acting login, the App, and how to print."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from commands.output import Output

if TYPE_CHECKING:
    from workflow.bootstrap import App
    from workflow.config import Settings

LANGUAGE_CHOICE = click.Choice(["nb", "nn", "en"])
_LARGEST_ID = 2**63 - 1  # what both databases can hold


def param_name(param: click.Parameter) -> str:
    """How an error names a parameter: an option by its flag (--role), an argument by its placeholder."""
    return param.opts[0] if isinstance(param, click.Option) else param.human_readable_name


class _Id(click.ParamType):  # type: ignore[type-arg]
    """A case, household or decision id: ASCII digits only (int() would also take '١' or '²'). Its range is
    said when a value falls outside it, not in every --help (as click.IntRange would)."""

    name = "id"

    def __init__(self, least: int = 1, what: str = "an id") -> None:
        self.least = least
        self.what = what

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        from states.errors import InvalidInput

        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif isinstance(value, str) and value.isascii() and value.isdigit():
            number = int(value)
        else:
            number = -1
        if not self.least <= number <= _LARGEST_ID:
            name = param_name(param) if param else "id"
            raise InvalidInput("bad_id", name=name, value=str(value), low=self.least, high=_LARGEST_ID)
        return number


ID = _Id()
VERSION = _Id(least=0, what="a version")  # a case's version, as `--expect-version` names it


class Words(click.ParamType):  # type: ignore[type-arg]
    """One of a few codes, typed as the code or as its word in bokmål, nynorsk or English (`--role
    saksbehandler` as `--role caseworker`); bad input names the valid ones in the user's language."""

    def __init__(self, table: str) -> None:
        self.table = table  # the name of a (bokmål, English) table in states/labels.py
        self.name = table.lower()

    def labels(self) -> dict[str, tuple[str, str]]:
        from states import labels

        table: dict[str, tuple[str, str]] = getattr(labels, self.table)
        return table

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "[" + "|".join(self.labels()) + "]"

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
        from click.shell_completion import CompletionItem

        return [CompletionItem(code) for code in self.labels() if code.startswith(incomplete)]

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from commands.language import current_language
        from states.naming import word_named

        return word_named(param_name(param) if param else "", str(value), self.labels(), current_language())
OUTPUT = click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file.")


@dataclass
class Options:
    db: str | None = None
    actor: str | None = None
    config: str | None = None
    json: bool = False
    lang: str | None = None
    debug: bool = False
    given: set[str] = field(default_factory=set)


class Context:
    """Built once per run; the App (and with it the database stack) only when a command needs it."""

    def __init__(self, options: Options, fresh_process: bool = False, apps: dict[tuple[Any, ...], App] | None = None
                 ) -> None:
        self.options = options
        self.fresh_process = fresh_process
        self.apps = apps  # `rto shell`: the Apps its lines share, by the options they are built from

    def app_key(self) -> tuple[Any, ...]:
        return self.options.db, self.options.config, self.options.lang

    def merge(self, **values: Any) -> None:
        """Options given after the command name override those given before it."""
        given = {k: v for k, v in values.items() if v not in (None, False)}
        self.options = replace(self.options, **given)
        self.__dict__.pop("out", None)
        self.__dict__.pop("settings", None)
        self.__dict__.pop("actor", None)

    @cached_property
    def settings(self) -> Settings:
        """The configuration, read without the database stack (`rto diagram` needs no more)."""
        from workflow.config import load_settings

        return load_settings(self.options.config, os.environ, self.options.db, self.options.lang)

    @cached_property
    def app(self) -> App:
        from workflow.bootstrap import app_for

        if self.apps is not None and self.app_key() in self.apps:
            return self.apps[self.app_key()]
        application = app_for(self.settings)
        if self.apps is not None:
            self.apps[self.app_key()] = application

        if self.fresh_process:
            gc.freeze()  # what start-up built lives as long as the process: keep it out of every collection
            gc.enable()
        return application

    @cached_property
    def actor(self) -> str:
        """Who is acting, by the configured identity source (`commands.acting`)."""
        from commands.acting import acting_login, database_login, warn_declared

        source = self.settings.identity.source
        if source == "declared":
            warn_declared(self.app.db.dialect == "postgresql", self.out.error,
                          self.out.label("identity_declared", login=self.options.actor or "-"))
        return acting_login(source, self.options.actor,
                            lambda: database_login(self.app.db.dialect, self.app.db.session_user))

    @cached_property
    def out(self) -> Output:
        from states.errors import DomainError

        try:
            language, timezone = self.settings.language, self.settings.timezone
        except DomainError:  # a broken configuration is still reported, in the language asked for
            language = self.options.lang or os.environ.get("RTO_LANGUAGE", "nb")
            language, timezone = (language if language in ("nb", "nn", "en") else "nb"), "Europe/Oslo"
        return Output(self.options.json, language, timezone)


F = TypeVar("F", bound=Callable[..., Any])


def global_options(hidden: bool) -> Callable[[F], F]:
    """The global options; accepted before the command (`rto --json case show 1`) and after it."""

    def env(name: str) -> str | None:
        return None if hidden else name  # read once, by the group, so that an option always beats the environment

    def decorate(f: F) -> F:
        options = [
            click.option("--db", "db", envvar=env("RTO_DATABASE_URL"), metavar="URL", hidden=hidden,
                         help="SQLAlchemy URL [env RTO_DATABASE_URL; default: SQLite in the user data dir]."),
            click.option("--as", "actor", envvar=env("RTO_USER"), metavar="LOGIN", hidden=hidden,
                         help="Who is acting [env RTO_USER; default: the OS login]."),
            click.option("--config", "config", envvar=env("RTO_CONFIG"), metavar="FILE", hidden=hidden,
                         help="TOML file of policy and settings [env RTO_CONFIG]."),
            click.option("--json", "json_", is_flag=True, default=False, hidden=hidden,
                         help="Print one JSON document on stdout."),
            click.option("--lang", "lang", type=LANGUAGE_CHOICE, hidden=hidden,
                         help="Language: nb bokmål, nn nynorsk, en English [env RTO_LANGUAGE; default nb]."),
            click.option("--debug", is_flag=True, default=False, hidden=hidden,
                         help="Show a traceback on an internal error."),
        ]
        for option in reversed(options):
            f = option(f)
        return f

    return decorate


def parse_day(option: str, value: str | None) -> date | None:
    """An option's YYYY-MM-DD value, or bad input naming the option."""
    from states.errors import InvalidInput

    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise InvalidInput("bad_date", name=option, value=value) from None
    if not date(1900, 1, 1) <= day <= date(2100, 12, 31):
        raise InvalidInput("date_out_of_range", name=option, value=value, first="1900-01-01", last="2100-12-31")
    return day


def write_file(path: Path, content: str | bytes, private: bool = False) -> None:
    """Write an output file, or say plainly why not (a missing folder, no permission): bad input, exit 2.
    `private`: readable by its owner only (0600), for a file of personal data."""
    import os

    from states.errors import InvalidInput

    data = content if isinstance(content, bytes) else content.encode("utf-8")
    try:
        if private:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "wb") as fh:
                os.fchmod(fh.fileno(), 0o600)
                fh.write(data)
        else:
            path.write_bytes(data)
    except OSError as error:
        raise InvalidInput("cannot_write", path=str(path), why=error.strerror or str(error)) from None
