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


def help_file(lang: str) -> str:
    return os.path.join(HELP_FOLDER, f"help.{lang}.txt")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args in ([], ["--help"], ["-h"]) and "_RTO_COMPLETE" not in os.environ:
        from commands.language_choice import settled_language

        lang = settled_language(os.environ, os.environ.get("RTO_CONFIG"))
        try:
            if lang is not None:  # (a configuration that cannot be read: click's way reports it)
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
