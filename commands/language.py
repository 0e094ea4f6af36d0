"""The command line in the user's language: which language a run speaks, click's own words, and help texts.

The language is known before click parses anything (commands/language_choice.py), so that a usage error
click finds while parsing is already in it. Click marks its own sentences
with gettext's `_()`; rather than a compiled .mo catalogue, which gettext would look up by the process's
locale, rto gives click's modules a `_` that looks the sentence up in `CLICK_WORDS` (bokmål, nynorsk
and English) for the language of this run. Help texts come from
commands/help_nb.py and commands/help_nn.py; the commands' docstrings and options are the English.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import click

from commands.click_words import CLICK_WORDS
from commands.language_choice import LANGUAGES

_current = {"lang": "nb"}
_CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types", "utils",
                  "shell_completion")


def speak(lang: str, group: click.Group) -> None:
    """Make click's words and every command's help speak `lang` for this run."""
    _current["lang"] = lang
    for name in _CLICK_MODULES:
        module = sys.modules.get(f"click.{name}")
        if module is not None:
            if hasattr(module, "_"):
                module._ = click_text  # type: ignore[attr-defined]
            if hasattr(module, "ngettext"):
                module.ngettext = click_plural  # type: ignore[attr-defined]
    localize_help(group, lang)


def current_language() -> str:
    """The language this run speaks."""
    return _current["lang"]


def click_text(message: str) -> str:
    """Click's sentence `message` in this run's language (click's English when the catalogue lacks it)."""
    texts = CLICK_WORDS.get(message)
    return message if texts is None else texts[LANGUAGES.index(_current["lang"])]


def click_plural(singular: str, plural: str, n: int) -> str:
    return click_text(singular if n == 1 else plural)


# --- help ---
_ENGLISH: dict[int, tuple[str | None, str | None]] = {}


def walk(group: click.Group, path: str = "") -> Iterator[tuple[str, click.Command]]:
    """Every command under the group, with its path as typed after `rto` ('' for `rto` itself)."""
    yield path, group
    for name, command in group.commands.items():
        sub = f"{path} {name}".strip()
        if isinstance(command, click.Group):
            yield from walk(command, sub)
        else:
            yield sub, command


SHARED_OPTIONS = ("--db", "--as", "--config", "--json", "--lang", "--debug", "--version", "--help", "--output",
                  "--expect-version")


def help_key(path: str, param: click.Parameter) -> str:
    """The catalogue key of an option's help: 'case advance --reason'; shared options by their name alone."""
    name = max(param.opts, key=len)
    return name if name in SHARED_OPTIONS else f"{path} {name}".strip()


def help_texts(lang: str) -> dict[str, str]:
    """The help catalogue of a language (empty for English: the docstrings are the English)."""
    if lang == "nb":
        from commands.help_nb import HELP_NB

        return HELP_NB
    if lang == "nn":
        from commands.help_nn import HELP_NN

        return HELP_NN
    return {}


def localize_help(group: click.Group, lang: str) -> None:
    """Give each command and option its help in `lang`: the catalogue's bokmål or nynorsk, or the docstring."""
    texts = help_texts(lang)
    options, subcommand = {"nb": ("[VALG]", "KOMMANDO [ARGUMENTER]..."), "nn": ("[VAL]", "KOMMANDO [ARGUMENT]...")}.get(
        lang, ("[OPTIONS]", "COMMAND [ARGS]..."))
    for path, command in walk(group):
        _swap(command, texts.get(path or "rto"))
        command.options_metavar = options
        if isinstance(command, click.Group):
            command.subcommand_metavar = subcommand
        for param in command.params:
            if isinstance(param, click.Option) and not param.hidden:
                _swap(param, texts.get(help_key(path, param)))
            _name_placeholder(param, lang)
        helper = getattr(command, "_help_option", None)  # click makes it once per command, in its language then
        if helper is not None:
            helper.help = click_text("Show this message and exit.")


_PLACEHOLDERS: dict[int, str | None] = {}


def _name_placeholder(param: click.Parameter, lang: str) -> None:
    """An argument's or option's placeholder (CASE_ID, LOGIN) in `lang`."""
    from commands.click_words import METAVARS

    original = _PLACEHOLDERS.setdefault(id(param), param.metavar)
    shown = original
    if shown is None and isinstance(param, click.Argument):
        shown = (param.name or "").upper()
    elif shown is None and isinstance(param, click.Option) and not param.is_flag:
        shown = param.type.name.upper()
    words = METAVARS.get(shown or "")
    param.metavar = original if words is None or lang == "en" else words[0 if lang == "nb" else 1]


def _swap(thing: Any, text: str | None) -> None:
    english = _ENGLISH.setdefault(id(thing), (thing.help, getattr(thing, "short_help", None)))
    if text is None:
        thing.help = english[0]
        if isinstance(thing, click.Command):
            thing.short_help = english[1]
        return
    thing.help = text
    if isinstance(thing, click.Command):
        thing.short_help = None


def english_help(thing: click.Command | click.Parameter) -> str | None:
    """The English help the command or option was written with."""
    english = _ENGLISH.get(id(thing))
    return english[0] if english else getattr(thing, "help", None)
