"""Settings: shipped defaults, then the TOML file, then environment variables, then command-line options.

Nothing here reads the process environment on its own: the caller passes the mapping in, so tests and
the CLI decide where settings come from.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from states.errors import ConfigError
from states.messages import LANGUAGES

DEFAULTS = Path(__file__).with_name("defaults.toml")
SYNCHRONOUS = ("off", "normal", "full", "extra")

# setting -> environment variable (cli.md fixes these names)
ENV = {
    "database_url": "RTO_DATABASE_URL",
    "language": "RTO_LANGUAGE",
    "timezone": "RTO_TIMEZONE",
}


@dataclass(frozen=True)
class Settings:
    database_url: str | None
    language: str
    timezone: str
    sqlite_synchronous: str
    busy_timeout_ms: int
    policy: list[dict[str, Any]] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)  # the merged file, for sections other rooms own


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as err:
        raise ConfigError("config_unreadable", path=str(path), why=err.strerror or str(err)) from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError("config_unreadable", path=str(path), why=str(err)) from None


def load_settings(config_file: str | None, env: Mapping[str, str], database_url: str | None = None) -> Settings:
    """Merge defaults, the file (if any), the environment and an explicit database URL."""
    merged = _read_toml(DEFAULTS)
    policy = list(merged.pop("policy", []))
    if config_file:
        user = _read_toml(Path(config_file).expanduser())
        policy += user.pop("policy", [])
        for key, value in user.items():
            if isinstance(value, dict) and isinstance(merged.get(key), dict):
                merged[key] = {**merged[key], **value}
            else:
                merged[key] = value
    db = merged.get("database", {})
    url = database_url or env.get(ENV["database_url"]) or db.get("url")
    language = env.get(ENV["language"]) or merged.get("language", "nb")
    timezone = env.get(ENV["timezone"]) or merged.get("timezone", "Europe/Oslo")
    synchronous = str(db.get("sqlite_synchronous", "full")).lower()
    busy = db.get("busy_timeout_ms", 10000)
    _check("language", language, LANGUAGES)
    _check("database.sqlite_synchronous", synchronous, SYNCHRONOUS)
    if isinstance(busy, bool) or not isinstance(busy, int) or busy < 0:
        raise ConfigError("config_bad_value", key="database.busy_timeout_ms", value=busy, valid="milliseconds >= 0")
    _check_timezone(timezone)
    return Settings(url or None, language, timezone, synchronous, busy, policy, merged)


def _check(key: str, value: Any, valid: tuple[str, ...]) -> None:
    if value not in valid:
        raise ConfigError("config_bad_value", key=key, value=value, valid=", ".join(valid))


def _check_timezone(name: str) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError("config_bad_value", key="timezone", value=name,
                          valid="an IANA zone such as Europe/Oslo") from None
