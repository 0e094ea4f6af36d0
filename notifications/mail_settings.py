"""How to reach the SMTP server: configuration (`[mail.smtp]`), kept apart from the senders so that reading
the configuration does not load smtplib, ssl and mailbox (a tenth of the start-up of `rto case show`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class SmtpSettings:
    host: str
    port: int = 587
    security: str = "starttls"  # none | starttls | tls
    username: str | None = None
    password: str | None = None
    timeout: float = 30.0
