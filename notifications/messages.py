"""Rendering messages by name from `templates/<name>/<language>/` into an email with text and HTML parts.

The context is a plain dict of what the message may say. Templates get nb_NO (or English) filters for
amounts and dates; HTML is autoescaped. Undefined names are errors, so a template cannot silently print
nothing where it meant to print a date.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from email import charset
from email.header import Header
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr, formatdate
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from notifications.formatting import LocaleFormats


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


@cache
def templates_folder() -> Path:
    import templates

    return Path(templates.__file__).resolve().parent


def environment(language: str, timezone: str = "Europe/Oslo", folder: Path | None = None) -> Any:
    """The jinja2 environment for `templates/`, with nb_NO (or English) filters; one per language."""
    return _environment(folder or templates_folder(), language, timezone)


@lru_cache(maxsize=8)
def _environment(folder: Path, language: str, timezone: str) -> Any:
    import jinja2

    class NearestLanguage(jinja2.FileSystemLoader):
        """A template missing in nynorsk is read in bokmål, the nearer language, rather than not at all."""

        def get_source(self, environment: Any, template: str) -> Any:
            try:
                return super().get_source(environment, template)
            except jinja2.TemplateNotFound:
                if "/nn/" not in template:
                    raise
                return super().get_source(environment, template.replace("/nn/", "/nb/", 1))

    env = jinja2.Environment(
        loader=NearestLanguage(str(folder)),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    formats = LocaleFormats(language, timezone)
    env.filters.update(kr=formats.amount, day=formats.day, month=formats.month, short_month=formats.short_month,
                       moment=formats.moment,
                       pct=formats.percent, number=formats.number,
                       share=lambda s: "–" if s is None else formats.percent(100 * s, "0.#"))
    return env


def render(name: str, language: str, context: dict[str, Any], timezone: str = "Europe/Oslo",
           folder: Path | None = None, sender: str = "rto") -> Rendered:
    """The message `name` in `language`, filled in from `context`, signed by `sender` (the municipality's
    unit, `[municipality] unit`)."""
    env = environment(language, timezone, folder)
    filled = {"sender": sender, **context}

    def one(part: str) -> str:
        return str(env.get_template(f"{name}/{language}/{part}").render(filled))

    subject = " ".join(one("subject.txt").split())  # one line, however the template is wrapped
    return Rendered(subject, one("body.txt"), one("body.html"))


def build_email(rendered: Rendered, sender: str, to: str, message_id: str, sent: datetime | None = None,
                to_name: str | None = None) -> str:
    """The whole message as 7-bit text: a plain part and an HTML alternative, quoted-printable, so any SMTP
    server and any mail folder takes it as it is. (The email package's older API: a third of the cost of
    EmailMessage, which matters when a review queues thousands.)"""
    # a boundary that quoted-printable text can never contain ("=" is always escaped there)
    message = MIMEMultipart("alternative", boundary="=_rto_" + hashlib.sha256(message_id.encode()).hexdigest()[:24])
    message["Subject"] = Header(rendered.subject, "utf-8")  # type: ignore[assignment]
    message["From"] = sender
    message["To"] = formataddr((to_name, to)) if to_name else to
    message["Message-ID"] = message_id
    message["Date"] = format_datetime(sent) if sent else formatdate(localtime=True)
    message["Auto-Submitted"] = "auto-generated"  # a reminder, not a person: no auto-replies, please
    message.attach(MIMEText(rendered.text, "plain", _UTF8_QP))  # type: ignore[arg-type]
    message.attach(MIMEText(rendered.html, "html", _UTF8_QP))  # type: ignore[arg-type]
    return message.as_string()


_UTF8_QP = charset.Charset("utf-8")
_UTF8_QP.header_encoding = charset.QP
_UTF8_QP.body_encoding = charset.QP
