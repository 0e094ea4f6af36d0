"""The `rto` command: the entry point.

`rto --help` is answered from a pre-rendered text without importing click or the database stack, so
it starts as fast as Python does; everything else loads the click commands from `commands/` lazily.
`make help-text` renders the text again from the commands, and a test keeps the two equal.
"""

from __future__ import annotations

import os
import sys

HELP_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "commands", "help.txt")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args in ([], ["--help"], ["-h"]) and "_RTO_COMPLETE" not in os.environ:
        try:
            with open(HELP_FILE, encoding="utf-8") as fh:
                sys.stdout.write(fh.read())
            return 0
        except OSError:
            pass  # fall through to click, which renders the same text
    from commands.app import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
