"""Rendering messages by name from `templates/<name>/<language>/` into an email with text and HTML parts.

The context is a plain dict of what the message may say. Templates get nb_NO (or English) filters for
amounts and dates; HTML is autoescaped. Undefined names are errors, so a template cannot silently print
nothing where it meant to print a date.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, formatdate
from functools import lru_cache
from pathlib import Path
from typing import Any

from notifications.formatting import LocaleFormats


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def templates_folder() -> Path:
    import templates

    return Path(templates.__file__).resolve().parent


@lru_cache(maxsize=8)
def _environment(folder: Path, language: str, timezone: str) -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    formats = LocaleFormats(language, timezone)
    env.filters.update(kr=formats.amount, day=formats.day, month=formats.month, moment=formats.moment,
                       pct=formats.percent)
    return env


def render(name: str, language: str, context: dict[str, Any], timezone: str = "Europe/Oslo",
           folder: Path | None = None) -> Rendered:
    """The message `name` in `language`, filled in from `context`."""
    env = _environment(folder or templates_folder(), language, timezone)

    def one(part: str) -> str:
        return str(env.get_template(f"{name}/{language}/{part}").render(context))

    subject = " ".join(one("subject.txt").split())  # one line, however the template is wrapped
    return Rendered(subject, one("body.txt"), one("body.html"))


def build_email(rendered: Rendered, sender: str, to: str, message_id: str, to_name: str | None = None) -> EmailMessage:
    """A MIME message with a plain-text part and an HTML alternative."""
    message = EmailMessage()
    message["Subject"] = rendered.subject
    message["From"] = sender
    message["To"] = formataddr((to_name, to)) if to_name else to
    message["Message-ID"] = message_id
    message["Date"] = formatdate(localtime=True)
    message["Auto-Submitted"] = "auto-generated"  # a reminder, not a person: no auto-replies, please
    # quoted-printable keeps the whole message 7-bit: any SMTP server and any mail folder takes it as text
    message.set_content(rendered.text, cte="quoted-printable")
    message.add_alternative(rendered.html, subtype="html", cte="quoted-printable")
    return message
