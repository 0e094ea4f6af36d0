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
class Period:
    """What the report covers: with a year, that year up to today; else from the first case opened (None:
    no case yet) to today. Today's figures (the cases now, the caseload) are as of `end`."""

    start: str | None
    end: str


@dataclass(frozen=True)
class CaseToActOn:
    """An open case a supervisor should look at, and why: `reasons` holds `stalled`, then the horizon
    (`past_horizon_escalation`, or short of it `past_horizon_warning`), then the certificate
    (`certificate_expired` or `certificate_expiring`)."""

    case: int
    caseworker: str | None
    name: str | None  # the caseworker's
    state: str
    opened_on: str
    months_open: int
    reasons: list[str]
    stalled_since: str | None = None  # the last activity (contracted: the takeover) the stall counts from
    certificate_expires: str | None = None


@dataclass(frozen=True)
class ProspectToContact:
    """A household the overview finds able to buy that no one has contacted yet (no names: the report
    names no household)."""

    household: int
    caseworker: str | None
    assessed_on: str | None


@dataclass(frozen=True)
class ToActOn:
    """The cases to act on, one entry per case, by caseworker and case; the stall thresholds they were
    judged by (days per state; None: never). `prospects_not_contacted` is None where no overview of the
    tenants' chances to buy is kept (nothing to say), else the list (maybe empty)."""

    cases: list[CaseToActOn]
    stall_days: dict[str, int | None]
    prospects_not_contacted: list[ProspectToContact] | None = None


@dataclass(frozen=True)
class MonthMoves:
    month: str  # YYYY-MM
    households: int
    cumulative: int  # since the trend's first month
    target_cumulative: float | None  # the target's pace by the end of the month: target_per_year * n / 12


@dataclass(frozen=True)
class Trend:
    """Households moved in per month against the policy's target: with a year, its months up to today;
    else the twelve months up to and including this one."""

    months: list[MonthMoves]
    households: int
    target_per_year: int | None  # None: no target ("never")
    target_source: str
    target: float | None  # the target for the months shown (pro rata)


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
    made_at: str = ""  # when it was made: a time in the service's zone, to the second
    period: Period = field(default_factory=lambda: Period(None, ""))
    to_act_on: ToActOn = field(default_factory=lambda: ToActOn([], {}))
    trend: Trend = field(default_factory=lambda: Trend([], 0, None, "", None))
    overview: OverviewFunnel | None = None  # the method's funnel before the cases (workflow.funnel)
