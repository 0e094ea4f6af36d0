"""What the overview's services hand back: the register's import, its list, assessments and outreach."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from states.purchasing_power import PurchasingPower


@dataclass(frozen=True)
class AbsentHousehold:
    """A household of an earlier import that the file no longer has: reported, never deleted."""

    id: int
    external_id: str
    name: str


@dataclass(frozen=True)
class ImportChange:
    household: int
    external_id: str
    changes: dict[str, dict[str, Any]]  # field -> {"old", "new"}


@dataclass(frozen=True)
class Imported:
    file: str
    created: int
    updated: int
    unchanged: int
    absent: list[AbsentHousehold]
    dry_run: bool
    ignored_columns: list[str] = field(default_factory=list)
    changed: list[ImportChange] = field(default_factory=list)


@dataclass(frozen=True)
class RegisterEntry:
    """One household of the register as `household list` shows it."""

    id: int
    external_id: str | None
    name: str
    unit: str | None
    prospect: bool | None  # by today's figures (None: no income figures to go on)
    max_price: int | None
    price_needed: int | None
    last_assessed_on: date | None
    last_contact: str | None
    open_case: int | None

    def as_json(self) -> dict[str, Any]:
        """(Its plain form directly: a register lists many.)"""
        return {"id": self.id, "external_id": self.external_id, "name": self.name, "unit": self.unit,
                "prospect": self.prospect, "max_price": self.max_price, "price_needed": self.price_needed,
                "last_assessed_on": self.last_assessed_on.isoformat() if self.last_assessed_on else None,
                "last_contact": self.last_contact, "open_case": self.open_case}


@dataclass(frozen=True)
class Assessment:
    household: int
    name: str
    assessed_on: date
    calculation: PurchasingPower
    figures_on: str | None  # the day the household's figures were recorded
    figures: dict[str, dict[str, Any]]  # the dated policy figures it used: name -> value, from, source

    def as_json(self) -> dict[str, Any]:
        c = self.calculation
        return {"household": self.household, "monthly_available": c.monthly_available, "max_loan": c.max_loan,
                "max_price": c.max_price, "price_needed": c.price_needed, "prospect": c.prospect,
                "stress_rate": c.stress_rate, "assessed_on": self.assessed_on, "name": self.name,
                "figures_on": self.figures_on, "calculation": c.as_json(), "policy": self.figures}


@dataclass(frozen=True)
class LatestAssessment:
    """The household's latest assessment as `household show` shows it."""

    assessed_on: date
    max_price: int
    price_needed: int | None
    prospect: bool


@dataclass(frozen=True)
class ContactSeen:
    """One recorded outreach as `household show` shows it."""

    outcome: str
    at: datetime
    by: str
    note: str | None


@dataclass(frozen=True)
class HouseholdOverview:
    """What the overview knows of a household, for `household show`: its register id, its latest own figures
    and their day, its latest assessment and its latest outreach (newest first)."""

    register_id: str | None
    figures: dict[str, Any]
    figures_on: str | None
    assessment: LatestAssessment | None
    contacts: list[ContactSeen]


@dataclass(frozen=True)
class Contacted:
    household: int
    outcome: str
    contact: int


@dataclass(frozen=True)
class FiguresRecorded:
    household: int
    figures: dict[str, Any]
    changed: bool


@dataclass(frozen=True)
class UnitsReleased:
    year: int
    released: int  # households moved in from a municipal unit that year
    register_units: int  # households in the register living in a municipal unit


@dataclass(frozen=True)
class OverviewFunnel:
    period_from: date
    period_to: date
    households: int
    assessed: int
    prospects: int
    contacted: int
    interested: int
    cases_opened: int
    moved_in: int
    units_released: list[UnitsReleased]


@dataclass(frozen=True)
class OverviewHeld:
    """What the overview holds about a household, for its right of access (`household export`)."""

    external_id: str | None
    tenant_since: date | None
    figures: list[dict[str, Any]]  # each recorded: on, figures, source, by
    assessments: list[dict[str, Any]]  # each: on, by, its figures and the calculation
    contacts: list[dict[str, Any]]  # each: at, by, outcome, note, the case it led to
