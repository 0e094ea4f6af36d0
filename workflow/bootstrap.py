"""The one place that wires concrete adapters: settings, database, policy and clock into an `App`.

Tests pass their own clock (or a database URL); the CLI passes the real ones. Nothing is built at
import time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from states.policy import PolicyBook
from states.purchasing_power import PriceBook
from workflow.config import Settings, load_settings
from workflow.database import Database, default_url, make_engine, sqlite_path

if TYPE_CHECKING:
    from notifications.senders import Sender
    from workflow.identity_vault import IdentityVault

Clock = Callable[[], datetime]
SYSTEM = "rto"  # who acts when the scheduler reviews cases and delivers reminders


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class App:
    settings: Settings
    database_url: str
    clock: Clock = system_clock
    sender_factory: Callable[[], Sender] | None = None  # tests pass their own; else SMTP or the mail folder

    @cached_property
    def db(self) -> Database:
        engine = make_engine(self.database_url, self.settings.sqlite_synchronous, self.settings.busy_timeout_ms)
        return Database(engine, self.settings.sqlite_synchronous)

    @cached_property
    def policy(self) -> PolicyBook:
        return PolicyBook(self.settings.policy)

    @cached_property
    def prices(self) -> PriceBook:
        """The configured `[[prices]]` of a home that fits a household (the overview's prospects)."""
        return PriceBook(self.settings.prices)

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.settings.timezone)

    @property
    def language(self) -> str:
        return self.settings.language

    def now(self) -> datetime:
        """The current moment, in UTC, the way the tables store it."""
        return self.clock().astimezone(UTC)

    def today(self) -> date:
        """Today's date where the service is (Europe/Oslo by default): the 'today' of every guard."""
        return self.clock().astimezone(self.zone).date()

    def start_of(self, day: date) -> datetime:
        """Midnight at the start of `day` where the service is: 'before that day' is '< this'."""
        return datetime.combine(day, time.min, tzinfo=self.zone)

    def local(self, stored: datetime) -> datetime:
        """A stored time in the service's time zone."""
        return stored.astimezone(self.zone)

    def stamp(self, stored: datetime) -> str:
        """A stored time as the JSON output shows it: local, to the second, with its offset."""
        return self.local(stored).isoformat(timespec="seconds")

    def sender(self) -> Sender:
        """A sender for one batch: SMTP when a host is configured, else the local mail folder."""
        if self.sender_factory is not None:
            return self.sender_factory()
        from notifications.senders import MaildirSender, SmtpSender  # (smtplib and ssl: only when sending)

        mail = self.settings.mail
        if mail.smtp is not None:
            return SmtpSender(mail.smtp)
        return MaildirSender(self.maildir)

    @property
    def maildir(self) -> Path:
        if self.settings.mail.maildir:
            return Path(self.settings.mail.maildir).expanduser()
        from platformdirs import user_data_path

        return user_data_path("rto") / "Maildir"

    @property
    def signing_key_path(self) -> Path:
        """The private key that seals checkpoints: `[audit] signing_key`, else audit.key in the user data dir."""
        if self.settings.audit.signing_key:
            return Path(self.settings.audit.signing_key).expanduser()
        from platformdirs import user_data_path

        return user_data_path("rto") / "audit.key"

    @cached_property
    def identity_vault(self) -> IdentityVault:
        """The key identity numbers are sealed with: `[identity] key_file`, else beside an SQLite database,
        else in the user data directory."""
        from workflow.identity_vault import IdentityVault

        if self.settings.identity.key_file:
            return IdentityVault(Path(self.settings.identity.key_file).expanduser())
        database = sqlite_path(self.database_url)
        if database is not None:
            return IdentityVault(database.with_name(f"{database.stem}-identity.key"))
        from platformdirs import user_data_path

        return IdentityVault(user_data_path("rto") / "identity.key")

    @property
    def checkpoints_path(self) -> Path:
        """The checkpoint file: `[audit] checkpoints`, else beside an SQLite database, else in the user data dir."""
        if self.settings.audit.checkpoints:
            return Path(self.settings.audit.checkpoints).expanduser()
        database = sqlite_path(self.database_url)
        if database is not None:
            return database.with_name(f"{database.stem}-checkpoints.jsonl")
        from platformdirs import user_data_path

        return user_data_path("rto") / "checkpoints.jsonl"

    def close(self) -> None:
        if "db" in self.__dict__:
            self.db.dispose()


def bootstrap(
    env: Mapping[str, str],
    config_file: str | None = None,
    database_url: str | None = None,
    clock: Clock | None = None,
    language: str | None = None,
) -> App:
    return app_for(load_settings(config_file, env, database_url, language), clock)


def app_for(settings: Settings, clock: Clock | None = None) -> App:
    return App(settings, settings.database_url or default_url(), clock or system_clock)
