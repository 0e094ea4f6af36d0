"""The `rto` command: the entry point.

`rto --help` is answered from a pre-rendered text (one per language: commands/help.nb.txt, .nn.txt,
.en.txt) without importing click or the database stack, so it starts as fast as Python does; everything
else loads the click commands from `commands/` lazily. `make help-text` renders the texts again from the
commands, and a test keeps them equal.
"""

from __future__ import annotations

import gc
import os
import sys

HELP_FOLDER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "commands")
LANGUAGES = ("nb", "nn", "en")


def help_file(lang: str) -> str:
    return os.path.join(HELP_FOLDER, f"help.{lang}.txt")


def _plain_language() -> str | None:
    """The language from RTO_LANGUAGE or the configuration file's `language` (None: a file that cannot be
    read, which click's way then reports)."""
    lang = os.environ.get("RTO_LANGUAGE")
    config = os.environ.get("RTO_CONFIG")
    if not lang and config:
        import tomllib

        try:
            with open(os.path.expanduser(config), "rb") as fh:
                lang = str(tomllib.load(fh).get("language", "nb"))
        except (OSError, tomllib.TOMLDecodeError):
            return None
    return lang if lang in LANGUAGES else "nb"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    lang = _plain_language()
    if args in ([], ["--help"], ["-h"]) and "_RTO_COMPLETE" not in os.environ and lang is not None:
        try:
            with open(help_file(lang), encoding="utf-8") as fh:
                sys.stdout.write(fh.read())
            return 0
        except OSError:
            pass  # fall through to click, which renders the same text
    fresh = argv is None  # a process of its own, not a caller's (a test's) process
    if fresh:
        # Importing the database stack allocates a million objects and no garbage worth collecting;
        # the collector would spend a sixth of start-up on them. It resumes once the App is built.
        gc.disable()
    try:
        from commands.app import run

        return run(args, fresh_process=fresh)
    finally:
        gc.enable()


if __name__ == "__main__":
    sys.exit(main())
