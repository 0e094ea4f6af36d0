"""Delivering email: by SMTP when a server is configured, otherwise into a local mail folder (Maildir).

A sender is opened once per batch (one SMTP connection for many messages), takes messages as the
7-bit MIME text the outbox stored, and says, when it fails,
whether the failure is permanent (a 5xx answer: retrying will not help) or temporary (the server is
down, busy, or answered 4xx: try again later).
"""

from __future__ import annotations

import contextlib
import mailbox
import smtplib
import ssl
from pathlib import Path
from types import TracebackType
from typing import Protocol

from notifications.mail_settings import SmtpSettings


class DeliveryError(Exception):
    """A message not delivered: `permanent` when retrying will not help (5xx); `connection_lost` when the
    server went away while it was being sent, so the messages after it must wait for a new connection."""

    def __init__(self, message: str, permanent: bool, connection_lost: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.connection_lost = connection_lost


class Sender(Protocol):
    def __enter__(self) -> Sender: ...

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None: ...

    def send(self, from_address: str, recipient: str, mime: str) -> None: ...


def _classify(error: Exception) -> DeliveryError:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        permanent = bool(codes) and all(500 <= c < 600 for c in codes)
        return DeliveryError(f"recipient refused: {error.recipients}", permanent)
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error.decode(errors="replace") if isinstance(error.smtp_error, bytes) else error.smtp_error
        return DeliveryError(f"{error.smtp_code} {text}", 500 <= error.smtp_code < 600)
    return DeliveryError(f"{type(error).__name__}: {error}", False)  # down, refused, timed out, cut off


class SmtpSender:
    """One SMTP connection for a batch of messages."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self.connection: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpSender:
        s = self.settings
        try:
            if s.security == "tls":
                self.connection = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout,
                                                   context=ssl.create_default_context())
            else:
                self.connection = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
                if s.security == "starttls":
                    self.connection.starttls(context=ssl.create_default_context())
            if s.username:
                self.connection.login(s.username, s.password or "")
        except (TimeoutError, smtplib.SMTPException, OSError) as error:
            self._drop()
            raise _classify(error) from error
        return self

    def send(self, from_address: str, recipient: str, mime: str) -> None:
        if self.connection is None:
            raise DeliveryError("not connected", permanent=False, connection_lost=True)
        try:
            self.connection.sendmail(from_address, [recipient], mime)
        except (smtplib.SMTPException, OSError) as error:
            # SMTPException is an OSError too: only a lost connection (not a refused message) ends the batch's
            lost = isinstance(error, smtplib.SMTPServerDisconnected) or not isinstance(error, smtplib.SMTPException)
            if lost:
                self._drop()
            failure = _classify(error)
            failure.connection_lost = lost
            raise failure from error

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self.connection is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self.connection.quit()
        self._drop()

    def _drop(self) -> None:
        if self.connection is not None:
            try:
                self.connection.close()
            finally:
                self.connection = None


class MaildirSender:
    """Messages into a local Maildir folder (readable by any mail client), so nothing is lost without SMTP."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.box: mailbox.Maildir | None = None

    def __enter__(self) -> MaildirSender:
        try:
            self.box = mailbox.Maildir(self.folder, create=True)
        except OSError as error:
            raise DeliveryError(f"mail folder {self.folder}: {error}", permanent=False) from error
        return self

    def send(self, from_address: str, recipient: str, mime: str) -> None:
        assert self.box is not None
        try:
            self.box.add(mime)
        except OSError as error:
            raise DeliveryError(f"mail folder {self.folder}: {error}", permanent=False) from error

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.box = None
