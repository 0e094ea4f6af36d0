"""The supervisors' report as typed figures: what `workflow.reports.build_report` hands back.

Every window and benchmark the figures rest on (the horizon's months, the conversion window, Husbanken's
benchmark) is carried beside them, as the policy in force gave it, so that what is shown says what it
counted; None is "never". Standard library only, so the CLI and the HTML report read it without the
database stack.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workflow.results_overview import OverviewFunnel


@dataclass(frozen=True)
class YearMoves:
    year: int
    households: int
    children: int
    units_released: int


@dataclass(frozen=True)
class MoveInTimes:
    cases: int
    median_months: float | None
    horizon_months: int | None  # the policy's horizon (12): "within the horizon" counts against it
    within_horizon: int | None
    share_within_horizon: float | None


@dataclass(frozen=True)
class StateCount:
    state: str
    cases: int


@dataclass(frozen=True)
class StateTime:
    state: str
    stays: int
    median_days: float | None
    p90_days: float | None


@dataclass(frozen=True)
class Conversion:
    """Of the certificate holders whose window has passed (counted from the day the certificate was issued, as
    Husbanken counts), how many bought (signed a contract) within it, and how many never bought."""

    holders: int
    bought_within_window: int
    share: float | None
    window_months: int
    benchmark_percent: float | None  # Husbanken's figure to compare with
    benchmark_source: str
    never_bought: int = 0
    share_never_bought: float | None = None


@dataclass(frozen=True)
class OutcomeCount:
    year: int
    outcome: str
    cases: int


@dataclass(frozen=True)
class Caseload:
    caseworker: str | None
    name: str | None
    open: int
    stalled: int


@dataclass(frozen=True)
class CurrentCases:
    by_state: dict[str, int]
    open: int
    stalled: int
    horizon_warning_months: int | None
    past_horizon_warning: int | None  # None: the policy's warning is "never"
    horizon_escalation_months: int | None
    past_horizon_escalation: int | None
    expiring_window_days: int
    certificates_expiring: int
    certificates_expired: int
    caseload: list[Caseload] = field(default_factory=list)


@dataclass(frozen=True)
class Report:
    as_of: str
    year: int | None
    moved_in: list[YearMoves]
    open_to_move_in: MoveInTimes
    funnel: list[StateCount]
    time_in_state: list[StateTime]
    certificate_conversion: Conversion
    closed_by_outcome: list[OutcomeCount]
    current: CurrentCases
    reminders: dict[str, int]
    moved_in_selected: YearMoves | None = None
    overview: OverviewFunnel | None = None  # the method's funnel before the cases (workflow.funnel)
