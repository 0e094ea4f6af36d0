"""Amounts, dates and times as Norwegian (bokmål nb_NO, nynorsk nn_NO) or English readers expect them, by babel.

The same formats serve emails (as jinja2 filters) and the command line (for the message catalogue).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

_LOCALES = {"nb": "nb_NO", "nn": "nn_NO", "en": "en_GB"}
_DAY = {"nb": "dd.MM.yyyy", "nn": "dd.MM.yyyy", "en": "d MMM yyyy"}
_MOMENT = {"nb": "dd.MM.yyyy 'kl.' HH:mm", "nn": "dd.MM.yyyy 'kl.' HH:mm", "en": "d MMM yyyy HH:mm"}
_NORWEGIAN = {"nb", "nn"}
MINUS = "\u2212"  # the minus sign typography asks for (CLDR's for nb and nn), not the hyphen-minus


class LocaleFormats:
    """Formats for one language and time zone (babel is imported on first use, not before)."""

    def __init__(self, language: str = "nb", timezone: str = "Europe/Oslo") -> None:
        self.language = language
        self.locale = _LOCALES.get(language, "nb_NO")
        self.zone = ZoneInfo(timezone)

    def amount(self, value: int) -> str:
        """12 345 kr and −12 345 kr (nb, nn), or NOK 12,345 and −NOK 12,345 (en): a real minus sign."""
        from babel.numbers import format_decimal

        number = str(format_decimal(abs(value), format="#,##0", locale=self.locale))
        sign = MINUS if value < 0 else ""
        return f"{sign}{number}\u00a0kr" if self.language in _NORWEGIAN else f"{sign}NOK\u00a0{number}"

    def number(self, value: float, pattern: str = "#,##0.##") -> str:
        """A number, negative with a real minus sign (U+2212), not a hyphen."""
        from babel.numbers import format_decimal

        return str(format_decimal(value, format=pattern, locale=self.locale)).replace("-", MINUS)

    def percent(self, value: float, pattern: str = "0.0#") -> str:
        """7,0 % (nb, nn) or 7.0% (en)."""
        number = self.number(value, pattern)
        return f"{number}\u00a0%" if self.language in _NORWEGIAN else f"{number}%"

    def day(self, iso: str | date) -> str:
        from babel.dates import format_date

        value = date.fromisoformat(iso) if isinstance(iso, str) else iso
        return str(format_date(value, _DAY[self.language], locale=self.locale))

    def month(self, iso: str | date) -> str:
        """november 2026 (nb, nn) / November 2026."""
        from babel.dates import format_date

        value = date.fromisoformat(iso) if isinstance(iso, str) else iso
        return str(format_date(value, "LLLL yyyy", locale=self.locale))

    def short_month(self, iso: str | date) -> str:
        """sep 26 (nb, nn) / Sept 26: a month in a table or under a chart's column."""
        from babel.dates import format_date

        value = date.fromisoformat(iso) if isinstance(iso, str) else iso
        return str(format_date(value, "LLL yy", locale=self.locale))

    def moment(self, at: datetime) -> str:
        """A time, stored as naive UTC or aware, in the service's zone."""
        from babel.dates import format_datetime

        aware = at if at.tzinfo else at.replace(tzinfo=UTC)
        return str(format_datetime(aware.astimezone(self.zone), _MOMENT[self.language], locale=self.locale))
