"""Settings: shipped defaults, then the TOML file, then environment variables, then command-line options.

Nothing here reads the process environment on its own: the caller passes the mapping in, so tests and
the CLI decide where settings come from.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from notifications.mail_settings import SmtpSettings
from states.errors import ConfigError
from states.messages import LANGUAGES
from states.papers import PaperSpec, parse_checklist

DEFAULTS = Path(__file__).with_name("defaults.toml")
SYNCHRONOUS = ("off", "normal", "full", "extra")
SECURITY = ("none", "starttls", "tls")

# setting -> environment variable (cli.md fixes these names)
ENV = {
    "database_url": "RTO_DATABASE_URL",
    "language": "RTO_LANGUAGE",
    "timezone": "RTO_TIMEZONE",
    "identity.accept_synthetic": "RTO_ACCEPT_SYNTHETIC_NIN",
    "identity.source": "RTO_IDENTITY",
    "identity.key_file": "RTO_IDENTITY_KEY_FILE",
}
IDENTITY_SOURCES = ("os", "database", "declared")
YES, NO = ("1", "true", "yes"), ("0", "false", "no")


@dataclass(frozen=True)
class MailSettings:
    from_address: str  # the From address; its domain also names every Message-ID
    maildir: str | None  # where mail goes when no SMTP host is set (None: the user data directory)
    smtp: SmtpSettings | None


@dataclass(frozen=True)
class SchedulerSettings:
    review_time: time  # local time of the daily review, on business days
    dispatch_seconds: int  # how often the outbox is sent
    lease_minutes: int  # a row claimed this long ago by a dispatcher that never finished is taken back
    lock_poll_seconds: float = 30.0  # how often a waiting scheduler asks whether the lock is free
    seal_time: time = time(23, 45)  # local time of the daily seal of a checkpoint (every day)


@dataclass(frozen=True)
class IdentitySettings:
    accept_synthetic: bool = False  # Skatteetaten's synthetic test numbers (month + 80): for test systems only
    # how rto knows who acts: the OS login of the process, the database's authenticated role (PostgreSQL), or
    # --as/RTO_USER as declared (single-user trials, the demo, test suites)
    source: str = "os"
    key_file: str | None = None  # the key identity numbers are encrypted with (None: beside an SQLite database,
    # else in the user data directory)


@dataclass(frozen=True)
class MunicipalitySettings:
    """The sender of letters: the municipality, its unit and postal address, and where appeals go."""

    name: str = "Sandnes kommune"
    unit: str = "Boligtjenesten"
    address: str = "Postboks 583, 4305 Sandnes"
    appeal_to: str = "Statsforvalteren i Rogaland"


@dataclass(frozen=True)
class AuditSettings:
    signing_key: str | None  # the Ed25519 private key that seals checkpoints (None: in the user data directory)
    checkpoints: str | None  # the checkpoint file (None: beside an SQLite database, else in the user data directory)
    clock_tolerance_seconds: int = 600  # how much older than a checkpoint an event it lacks may be (clocks, commits)


@dataclass(frozen=True)
class Settings:
    database_url: str | None
    language: str
    timezone: str
    sqlite_synchronous: str
    busy_timeout_ms: int
    policy: list[dict[str, Any]] = field(default_factory=list)
    mail: MailSettings = field(default_factory=lambda: MailSettings("rto@localhost", None, None))
    scheduler: SchedulerSettings = field(default_factory=lambda: SchedulerSettings(time(7, 30), 60, 15))
    identity: IdentitySettings = field(default_factory=IdentitySettings)
    documents: tuple[PaperSpec, ...] = ()
    municipality: MunicipalitySettings = field(default_factory=MunicipalitySettings)
    audit: AuditSettings = field(default_factory=lambda: AuditSettings(None, None))
    prices: tuple[dict[str, Any], ...] = ()  # [[prices]]: a home that fits a household, by bedrooms, dated


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as err:
        raise ConfigError("config_unreadable", path=str(path), why=err.strerror or str(err)) from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError("config_unreadable", path=str(path), why=str(err)) from None


def load_settings(config_file: str | None, env: Mapping[str, str], database_url: str | None = None,
                  language: str | None = None) -> Settings:
    """Merge defaults, the file (if any), the environment, and an explicit database URL and language."""
    merged = _read_toml(DEFAULTS)
    policy = list(merged.pop("policy", []))
    if config_file:
        user = _read_toml(Path(config_file).expanduser())
        _check_shape(user)
        policy += user.pop("policy", [])
        policy += _report_target(user.pop("report", {}), policy, config_file)
        for key, value in user.items():
            if isinstance(value, dict) and isinstance(merged.get(key), dict):
                merged[key] = {**merged[key], **value}
            else:
                merged[key] = value
    db = merged.get("database", {})
    url = database_url or env.get(ENV["database_url"]) or db.get("url")
    configured = env.get(ENV["language"]) or merged.get("language", "nb")
    timezone = env.get(ENV["timezone"]) or merged.get("timezone", "Europe/Oslo")
    synchronous = str(db.get("sqlite_synchronous", "full")).lower()
    busy = db.get("busy_timeout_ms", 10000)
    _check("language", configured, LANGUAGES)
    _check("database.sqlite_synchronous", synchronous, SYNCHRONOUS)
    if isinstance(busy, bool) or not isinstance(busy, int) or busy < 0:
        raise ConfigError("config_bad_value", key="database.busy_timeout_ms", value=busy, valid="milliseconds >= 0")
    _check_timezone(timezone)
    return Settings(url or None, language or configured, timezone, synchronous, busy, policy,
                    _mail(merged, env), _scheduler(merged.get("scheduler", {})),
                    _identity(merged.get("identity", {}), env), parse_checklist(merged.get("documents", [])),
                    _municipality(merged.get("municipality", {})), _audit(merged.get("audit", {}), env),
                    prices=tuple(merged.get("prices", [])))


def _mail(merged: dict[str, Any], env: Mapping[str, str]) -> MailSettings:
    mail, smtp = merged.get("mail", {}), merged.get("smtp", {})
    from_address = env.get("RTO_MAIL_FROM") or mail.get("from") or "rto@localhost"
    if "@" not in from_address:
        raise ConfigError("config_bad_value", key="mail.from", value=from_address, valid="an email address")
    host = env.get("RTO_SMTP_HOST") or smtp.get("host")
    server = None
    if host:
        port = env.get("RTO_SMTP_PORT") or smtp.get("port", 587)
        security = (env.get("RTO_SMTP_SECURITY") or smtp.get("security", "starttls")).lower()
        _check("smtp.security", security, SECURITY)
        if not str(port).isdigit() or not 0 < int(port) < 65536:
            raise ConfigError("config_bad_value", key="smtp.port", value=port, valid="a port number 1-65535")
        server = SmtpSettings(str(host), int(port), security, env.get("RTO_SMTP_USERNAME") or smtp.get("username"),
                              env.get("RTO_SMTP_PASSWORD") or smtp.get("password"))
    return MailSettings(from_address, env.get("RTO_MAILDIR") or mail.get("maildir"), server)


def _local_time(section: dict[str, Any], key: str, default: str) -> time:
    raw = str(section.get(key, default))
    try:
        at = time.fromisoformat(raw)
    except ValueError:
        at = None
    if at is None or time(2, 0) <= at < time(3, 0):  # the hour that daylight saving skips or repeats
        raise ConfigError("config_bad_value", key=f"scheduler.{key}", value=raw,
                          valid="a local time HH:MM outside 02:00-03:00")
    return at


def _scheduler(section: dict[str, Any]) -> SchedulerSettings:
    at = _local_time(section, "review_time", "07:30")
    seal_at = _local_time(section, "seal_time", "23:45")
    numbers: dict[str, Any] = {}
    for key, default, whole in (("dispatch_seconds", 60, True), ("lease_minutes", 15, True),
                                ("lock_poll_seconds", 30, False)):
        value = section.get(key, default)
        if whole and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            raise ConfigError("config_bad_value", key=f"scheduler.{key}", value=value, valid="a whole number >= 1")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
            raise ConfigError("config_bad_value", key=f"scheduler.{key}", value=value, valid="a number > 0")
        numbers[key] = value
    return SchedulerSettings(at, int(numbers["dispatch_seconds"]), int(numbers["lease_minutes"]),
                             float(numbers["lock_poll_seconds"]), seal_at)


def _identity(section: dict[str, Any], env: Mapping[str, str]) -> IdentitySettings:
    variable = ENV["identity.accept_synthetic"]
    raw = env.get(variable, "").strip().lower()
    if raw:  # the environment overrides the file, either way
        if raw not in YES + NO:
            raise ConfigError("config_bad_value", key=variable, value=env[variable], valid=", ".join(YES + NO))
        accept = raw in YES
    else:
        accept = section.get("accept_synthetic", False)
    if not isinstance(accept, bool):
        raise ConfigError("config_bad_value", key="identity.accept_synthetic", value=accept, valid="true, false")
    source = env.get(ENV["identity.source"]) or section.get("source", "os")
    _check("identity.source", source, IDENTITY_SOURCES)
    key_file = env.get(ENV["identity.key_file"]) or section.get("key_file")
    if key_file is not None and (not isinstance(key_file, str) or not key_file.strip()):
        raise ConfigError("config_bad_value", key="identity.key_file", value=key_file, valid="a file path")
    return IdentitySettings(accept_synthetic=accept, source=source, key_file=key_file)


def _municipality(section: dict[str, Any]) -> MunicipalitySettings:
    values = {}
    for key in ("name", "unit", "address", "appeal_to"):
        value = section.get(key, getattr(MunicipalitySettings, key))
        if not isinstance(value, str) or not value.strip():
            raise ConfigError("config_bad_value", key=f"municipality.{key}", value=value, valid="a text")
        values[key] = value.strip()
    return MunicipalitySettings(**values)



def _audit(section: dict[str, Any], env: Mapping[str, str]) -> AuditSettings:
    paths = {}
    for key, variable in (("signing_key", "RTO_AUDIT_SIGNING_KEY"), ("checkpoints", "RTO_AUDIT_CHECKPOINTS")):
        value = env.get(variable) or section.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise ConfigError("config_bad_value", key=f"audit.{key}", value=value, valid="a file path")
        paths[key] = value
    tolerance = section.get("clock_tolerance_seconds", 600)
    if isinstance(tolerance, bool) or not isinstance(tolerance, int) or tolerance < 0:
        raise ConfigError("config_bad_value", key="audit.clock_tolerance_seconds", value=tolerance,
                          valid="a whole number of seconds >= 0")
    return AuditSettings(paths["signing_key"], paths["checkpoints"], tolerance)


def _report_target(section: dict[str, Any], policy: list[dict[str, Any]], config_file: str) -> list[dict[str, Any]]:
    """`[report] target_per_year`: the report's target as a policy figure from the earliest policy day on (a
    dated [[policy]] entry may still change it from its own day)."""
    unknown = sorted(set(section) - {"target_per_year"})
    if unknown:
        raise ConfigError("config_bad_value", key=f"report.{unknown[0]}", value=section[unknown[0]],
                          valid="report.target_per_year")
    if "target_per_year" not in section:
        return []
    value = section["target_per_year"]
    if value != "never" and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise ConfigError("config_bad_value", key="report.target_per_year", value=value,
                          valid="a whole number of households >= 0, or never")
    days = [e["from"] for e in policy if isinstance(e.get("from"), date) and not isinstance(e["from"], datetime)]
    return [{"from": min(days), "target_per_year": value, "source": f"[report] target_per_year ({config_file})"}]


_TABLES = ("database", "mail", "smtp", "scheduler", "identity", "municipality", "audit", "report")


def _check_shape(user: dict[str, Any]) -> None:
    """The file's sections are what they must be, before anything reads them."""
    entries = user.get("policy", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ConfigError("config_bad_value", key="policy", value=entries, valid="[[policy]] tables")
    prices = user.get("prices", [])
    if not isinstance(prices, list) or not all(isinstance(e, dict) for e in prices):
        raise ConfigError("config_bad_value", key="prices", value=prices, valid="[[prices]] tables")
    for key in _TABLES:
        if key in user and not isinstance(user[key], dict):
            raise ConfigError("config_bad_value", key=key, value=user[key], valid=f"a [{key}] table")
    for key in ("language", "timezone"):
        if key in user and not isinstance(user[key], str):
            raise ConfigError("config_bad_value", key=key, value=user[key], valid="a text")


def _check(key: str, value: Any, valid: tuple[str, ...]) -> None:
    if value not in valid:
        raise ConfigError("config_bad_value", key=key, value=value, valid=", ".join(valid))


def _check_timezone(name: str) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError, TypeError):
        raise ConfigError("config_bad_value", key="timezone", value=name,
                          valid="an IANA zone such as Europe/Oslo") from None
