"""Which language a run speaks, worked out before click or anything heavy is loaded: `--lang`, then
RTO_LANGUAGE, then the configuration file's `language` (`--config` or RTO_CONFIG); bokmål without any.
cli.py answers `rto --help` from it, and commands/language.py makes click speak it."""

from __future__ import annotations

import os
from collections.abc import Mapping

LANGUAGES = ("nb", "nn", "en")


def early_language(args: list[str], env: Mapping[str, str] = os.environ) -> str:
    """The language of this run, from the command line, the environment or the configuration file (bokmål
    when the file cannot be read: the run then says why)."""
    for n, word in enumerate(args):
        if word == "--":
            break
        if word == "--lang" and n + 1 < len(args):
            return known(args[n + 1])
        if word.startswith("--lang="):
            return known(word.split("=", 1)[1])
    config = env.get("RTO_CONFIG")
    for n, word in enumerate(args):
        if word == "--config" and n + 1 < len(args):
            config = args[n + 1]
        elif word.startswith("--config="):
            config = word.split("=", 1)[1]
    return settled_language(env, config) or "nb"


def settled_language(env: Mapping[str, str], config: str | None) -> str | None:
    """The language from RTO_LANGUAGE, else the `language` key of the configuration file `config`; None when
    that file cannot be read."""
    if env.get("RTO_LANGUAGE"):
        return known(env["RTO_LANGUAGE"])
    if not config:
        return "nb"
    import tomllib

    try:
        with open(os.path.expanduser(config), "rb") as fh:
            return known(str(tomllib.load(fh).get("language", "nb")))
    except (OSError, tomllib.TOMLDecodeError):
        return None


def known(lang: str) -> str:
    return lang if lang in LANGUAGES else "nb"
