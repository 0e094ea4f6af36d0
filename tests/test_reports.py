"""The supervisors' report (`rto report`) against a hand-built caseload whose every figure is worked out by hand.

Seventeen cases are driven through the real services on one time line, with the clock moved between steps so
that every duration is a whole number of days. The clock runs in UTC (09:00 UTC every day: 10:00 or 11:00 in
Oslo): moving an Oslo wall clock across a daylight-saving change would make a "10 day" stay 10 days plus or
minus an hour. Day 0 is Monday 2025-01-06; the report is read on day 600, Saturday 2026-08-29. 2025 is days
0..359, 2026 starts on day 360.

The definitions (workflow/reports.py): median = the middle value or the mean of the middle two; p90 = the
nearest rank, ceil(0.9 n); months = days / 30.4375; "within 12 months" = days <= 12 * 30.4375 = 365.25;
certificate conversion = cases whose first `financed` entry is at least 4 months before today, and of those
the ones moved in no more than 4 * 30.4375 = 121.75 days after that first financing; the funnel = distinct
cases that ever entered a state; time in state = completed stays, between consecutive move events.

Every test runs on SQLite and on PostgreSQL (the `app` fixture).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from conftest import OSLO, FakeClock, InProcessRto
from helpers import as_json, facts_for, grant_help, receive_papers
from sqlalchemy import update

from states.errors import NotPermitted
from workflow.bootstrap import App
from workflow.cases import add_note, open_case, set_facts
from workflow.households import add_household
from workflow.reports import build_report as report_of
from workflow.reviews import run_review
from workflow.schema import outbox as outbox_t
from workflow.steps import StepRequest, take_step
from workflow.views import list_cases

pytestmark = pytest.mark.timeout(300)

D0 = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)  # day 0, a Monday
TODAY = 600  # the report's day: 2026-08-29
AS_OF = "2026-08-29"
# what the conversion figure counts by, and compares with, by the shipped policy
BENCHMARK = {"window_months": 4, "benchmark_percent": 47.0, "benchmark_source": "Husbanken 2020–21"}


def build_report(app: App, login: str | None, year: int | None = None) -> Any:
    """The report as `rto report --json` prints it."""
    return as_json(report_of(app, login, year))


def day(n: int) -> datetime:
    return D0 + timedelta(days=n)


@dataclass
class Plan:
    """One household and its case: who holds it, and what happens on which day."""

    login: str
    adults: int
    children: int
    unit: str | None
    steps: list[tuple[int, str, dict[str, str]]] = field(default_factory=list)


def plan(login: str, adults: int, children: int, unit: str | None, *steps: tuple[Any, ...]) -> Plan:
    return Plan(login, adults, children, unit, [(s[0], s[1], s[2] if len(s) > 2 else {}) for s in steps])


MOVED_IN_PATH = ("motivated", "financed", "searching", "bidding", "contracted", "moved_in")


def journey(*days: int) -> list[tuple[int, str]]:
    """open, then motivated .. moved_in on these days."""
    return [(days[0], "open"), *zip(days[1:], MOVED_IN_PATH, strict=False)]


# The caseload. Per case: day -> what happens; the stays each makes are in the comment.
CASELOAD: dict[str, Plan] = {
    # moved in 2025 (day 200 = 2025-07-25): screened 10, motivated 30, financed 10, searching 70, bidding 30,
    # contracted 50; open -> moved in 200 days; first financed day 40 -> moved in 160 days later (not within 4 months)
    "A": plan("ola", 2, 2, "Kirkegata 3 H0101", *journey(0, 10, 40, 50, 120, 150, 200)),
    # moved in 2025 (day 110), an applicant without a municipal unit: screened 10, motivated 30, financed 15,
    # searching 15, bidding 10, contracted 10; open -> moved in 90 days; financed day 60 -> 50 days (within)
    "B": plan("per", 1, 0, None, *journey(20, 30, 60, 75, 90, 100, 110)),
    # moved in 2026 (day 430 = 2026-03-12) after a lost bid: screened 30, motivated 40, financed 10, searching 90,
    # bidding 10, searching 90, bidding 30, contracted 100; open -> moved in 400 days (not within 12 months)
    "C": plan("ola", 2, 3, "Rovik 12", (30, "open"), (60, "motivated"), (100, "financed"), (110, "searching"),
              (200, "bidding"), (210, "lost"), (300, "bidding"), (330, "contracted"), (430, "moved_in")),
    # moved in 2025 (day 242), the same municipal unit as A; paused 30 days while financed, then resumed:
    # screened 10, motivated 10, financed 10, paused 30, financed 10, searching 10, bidding 20, contracted 42;
    # open -> moved in 142 days; FIRST financed day 120 -> 122 days (not within 121.75; from the resume on
    # day 160 it would be 82)
    "D": plan("per", 2, 1, "Kirkegata 3 H0101", (100, "open"), (110, "motivated"), (120, "financed"),
              (130, "pause"), (160, "resume"), (170, "searching"), (180, "bidding"), (200, "contracted"),
              (242, "moved_in")),
    # moved in 2026 (day 441): screened 10, motivated 10, financed 25, searching 5, bidding 5, contracted 86;
    # open -> moved in 141 days; financed day 320 (2025) -> 121 days (within 121.75)
    "E": plan("per", 2, 0, "Storgata 8", *journey(300, 310, 320, 345, 350, 355, 441)),
    # moved in 2026 (day 565): screened 10, motivated 20, financed 40, searching 130, bidding 20, contracted 145;
    # open -> moved in 365 days (within 365.25); financed day 230 -> 335 days
    "F": plan("ola", 2, 1, "Lura 4", *journey(200, 210, 230, 270, 400, 420, 565)),
    # moved in 2025 (day 350): screened 10, motivated 20, financed 20, searching 50, bidding 10, contracted 190;
    # open -> moved in 300 days; financed day 80 -> 270 days
    "G": plan("ola", 1, 2, "Hana 7", *journey(50, 60, 80, 100, 150, 160, 350)),
    # closed as declined in 2025 (day 185 = 2025-07-10): screened 10, motivated 25
    "H": plan("ola", 1, 1, "Hana 9", (150, "open"), (160, "motivated"), (185, "close", {"outcome": "declined"})),
    # closed as private_rental in 2026 (day 400 = 2026-02-10): screened 10, motivated 20, financed 20,
    # searching 100; a certificate holder (financed day 280) who never bought
    "I": plan("per", 2, 2, "Hana 11", (250, "open"), (260, "motivated"), (280, "financed"), (300, "searching"),
              (400, "close", {"outcome": "private_rental"})),
    # closed as declined in 2026 (day 420 = 2026-03-02) from screened: screened 40
    "J": plan("ola", 1, 0, None, (380, "open"), (420, "close", {"outcome": "declined"})),
    # closed (moved_away) on day 220, reopened by siri on day 260, motivated on day 270 and quiet since: stalled;
    # opened day 200 (2025-07-25): open for more than 9 and 12 months. Stays: screened 20, (closed 40), screened 10
    "K": plan("ola", 2, 1, "Lura 6", (200, "open"), (220, "close", {"outcome": "moved_away"}), (260, "reopen"),
              (270, "motivated")),
    # searching since day 430 (2026-03-12), quiet since: stalled (searching: 60 days); financed day 420 (2026),
    # a certificate holder; its certificate expired on day 520. Stays: screened 10, motivated 10, financed 10
    "L": plan("per", 2, 2, "Sentrum 1", (400, "open"), (410, "motivated"), (420, "financed"), (430, "searching")),
    # searching since day 550, 50 days quiet (not stalled); certificate expires day 620 (2026-09-18, within 30
    # days). Stays: screened 10, motivated 10, financed 10
    "M": plan("ola", 2, 0, "Sentrum 3", (520, "open"), (530, "motivated"), (540, "financed"),
              (550, "searching", {"certificate_expires": "2026-09-18"})),
    # paused from motivated on day 580. Stays: screened 10, motivated 10
    "N": plan("per", 1, 1, "Sentrum 5", (560, "open"), (570, "motivated"), (580, "pause")),
    # financed on day 590 with a certificate that expires on day 630 (2026-09-28: today + 30, within 30 days);
    # 10 days quiet (financed stalls after 14). Stays: screened 5, motivated 5
    "O": plan("ola", 2, 2, "Sentrum 7", (580, "open"), (585, "motivated"),
              (590, "financed", {"certificate_expires": "2026-09-28"})),
    # screened since day 150 (2025-06-05), a note on day 590: not stalled; open for more than 9 and 12 months
    "Q": plan("per", 1, 0, None, (150, "open"), (590, "note")),
    # motivated since day 310, quiet: stalled; opened day 300 (2025-11-02): more than 9 months, not 12.
    # Stays: screened 10
    "R": plan("ola", 2, 0, "Sentrum 9", (300, "open"), (310, "motivated")),
}


# The outbox (whose messages by status the report shows as its reminders) holds, before any review, the notice
# to each caseworker that the letter of a case's approved help_granted decision is ready: one per case that
# became motivated.
LETTERS_READY = sum(any(what == "motivated" for _, what, _ in p.steps) for p in CASELOAD.values())
assert LETTERS_READY == 15


def _pairs(state: str, on: Any, current: str, extra: dict[str, str]) -> list[str]:
    """The facts that carry the case into `state` today (a fresh certificate for each later step)."""
    facts = dict(pair.split("=", 1) for pair in facts_for(state, on))
    if state == "searching" and current == "bidding":
        facts = {"bid_result": "lost"}
    if state == "motivated":
        facts["income_monthly"] = "90000"  # every household, however large, can carry the loan
    if state in ("searching", "bidding", "contracted") and current != "bidding":
        facts["certificate_expires"] = (on + timedelta(days=90)).isoformat()
    facts.update({k: v for k, v in extra.items() if k != "outcome"})
    return [f"{k}={v}" for k, v in facts.items()]


def prepare(app: App, login: str, case_id: int, target: str) -> None:
    """Besides the facts, what the step into `target` needs, on the same day: the decision granting help (for
    `motivated`, approved by siri), and the papers."""
    if target == "motivated":
        grant_help(app, case_id, login, "siri")
    receive_papers(app, case_id, target, login)


def build_caseload(app: App, clock: FakeClock) -> dict[str, int]:
    """Run every plan's steps in the order of their days; the case ids by letter. Leaves the clock on TODAY."""
    ids: dict[str, int] = {}
    states: dict[str, str] = {}
    timeline = sorted((d, key, n, what, extra) for key, p in CASELOAD.items()
                      for n, (d, what, extra) in enumerate(p.steps))
    for d, key, _, what, extra in timeline:
        clock.current = day(d)
        p = CASELOAD[key]
        if what == "open":
            ages = ",".join(str(4 + 3 * i) for i in range(p.children)) or None
            household = add_household(app, p.login, f"Familien {key}", adults=p.adults, children=p.children,
                                      child_ages=ages, unit=p.unit).id
            ids[key] = open_case(app, p.login, household).id
            states[key] = "screened"
            continue
        case_id = ids[key]
        if what == "note":
            add_note(app, p.login, case_id, "Samtale med husstanden.")
        elif what == "pause":
            take_step(app, p.login, case_id, StepRequest("paused", reason="Fødsel i familien"))
            states[key] = "paused"
        elif what == "resume":
            take_step(app, p.login, case_id, StepRequest(None))
            states[key] = "resumed"
        elif what == "close":
            take_step(app, p.login, case_id, StepRequest("closed", reason="Avsluttet", outcome=extra["outcome"]))
            states[key] = "closed"
        elif what == "reopen":
            take_step(app, "siri", case_id, StepRequest("screened", reason="Husstanden vil prøve igjen"))
            states[key] = "screened"
        else:
            target = "searching" if what == "lost" else what
            set_facts(app, p.login, case_id, _pairs(target, app.today(), states[key], extra))
            prepare(app, p.login, case_id, target)
            result = take_step(app, p.login, case_id, StepRequest(target))
            assert result.state == target, (key, result)
            states[key] = target
    clock.current = day(TODAY)
    assert app.today().isoformat() == AS_OF
    return ids


@pytest.fixture
def caseload(app: App, clock: FakeClock) -> dict[str, int]:
    return build_caseload(app, clock)


# --------------------------------------------------------------------------------------------------------------
# The figures, all years
# --------------------------------------------------------------------------------------------------------------


def test_households_moved_in_per_year_with_children_and_units_released(app: App, caseload: dict[str, int]) -> None:
    report = build_report(app, "siri")
    assert report["as_of"] == AS_OF
    assert report["year"] is None
    assert report["moved_in"] == [
        # 2025: A (2 children, Kirkegata 3 H0101), B (0, no unit: an applicant), D (1, the same unit as A),
        # G (2, Hana 7): 4 households, 2 + 0 + 1 + 2 = 5 children, 2 distinct units
        {"year": 2025, "households": 4, "children": 5, "units_released": 2},
        # 2026: C (3, Rovik 12), E (0, Storgata 8), F (1, Lura 4): 3 households, 4 children, 3 units
        {"year": 2026, "households": 3, "children": 4, "units_released": 3},
    ]
    assert report["moved_in_selected"] is None


def test_months_from_opening_to_moving_in(app: App, caseload: dict[str, int]) -> None:
    figures = build_report(app, "siri")["open_to_move_in"]
    # days: B 90, E 141, D 142, A 200, G 300, F 365, C 400 (7, odd): median 200 / 30.4375 = 6.57 -> 6.6;
    # within 365.25 days: all but C: 6 / 7 = 0.857
    assert figures == {"cases": 7, "median_months": 6.6, "horizon_months": 12, "within_horizon": 6,
                       "share_within_horizon": 0.857}


def test_the_funnel_counts_each_case_once_per_state(app: App, caseload: dict[str, int]) -> None:
    funnel = build_report(app, "siri")["funnel"]
    assert funnel == [
        {"state": "screened", "cases": 17},  # every case; K entered it twice (opened, reopened): once
        {"state": "motivated", "cases": 15},  # all but J and Q; K twice: once
        {"state": "financed", "cases": 11},  # A B C D E F G I L M O (D entered it twice: paused, resumed)
        {"state": "searching", "cases": 10},  # A B C D E F G I L M (C twice: after a lost bid)
        {"state": "bidding", "cases": 7},  # the seven that moved in (C twice)
        {"state": "contracted", "cases": 7},
        {"state": "moved_in", "cases": 7},
    ]


def test_time_in_each_state_median_and_90th_percentile(app: App, caseload: dict[str, int]) -> None:
    times = build_report(app, "siri")["time_in_state"]
    assert times == [
        # screened, 17 stays: O 5; A B D E F G H I K(after reopening) L M N R 10 (13 of them); K 20; C 30; J 40.
        # Median: the 9th = 10. p90: rank ceil(15.3) = 16 -> 30. (Q is still screened: no completed stay.)
        {"state": "screened", "stays": 17, "median_days": 10.0, "p90_days": 30.0},
        # motivated, 13 stays: O 5; D E L M N 10; F G I 20; H 25; A B 30; C 40.
        # Median: the 7th = 20. p90: rank ceil(11.7) = 12 -> 30. (K and R are still motivated.)
        {"state": "motivated", "stays": 13, "median_days": 20.0, "p90_days": 30.0},
        # financed, 11 stays (D twice): A C D D L M 10; B 15; G I 20; E 25; F 40.
        # Median: the 6th = 10. p90: rank ceil(9.9) = 10 -> 25. (O is still financed.)
        {"state": "financed", "stays": 11, "median_days": 10.0, "p90_days": 25.0},
        # searching, 9 stays (C twice): E 5; D 10; B 15; G 50; A 70; C 90, 90; I 100; F 130.
        # Median: the 5th = 70. p90: rank ceil(8.1) = 9 -> 130. (L and M are still searching.)
        {"state": "searching", "stays": 9, "median_days": 70.0, "p90_days": 130.0},
        # bidding, 8 stays (C twice): E 5; B C G 10; D F 20; A C 30.
        # Median: mean of the 4th and 5th = (10 + 20) / 2 = 15. p90: rank ceil(7.2) = 8 -> 30.
        {"state": "bidding", "stays": 8, "median_days": 15.0, "p90_days": 30.0},
        # contracted, 7 stays: B 10; D 42; A 50; E 86; C 100; F 145; G 190. Median: the 4th = 86. p90: 7th = 190.
        {"state": "contracted", "stays": 7, "median_days": 86.0, "p90_days": 190.0},
        # paused: D's 30 days (N is still paused)
        {"state": "paused", "stays": 1, "median_days": 30.0, "p90_days": 30.0},
    ]


def test_certificate_holders_who_bought_within_four_months(app: App, caseload: dict[str, int]) -> None:
    conversion = build_report(app, "siri")["certificate_conversion"]
    # Holders: first financed on or before 2026-04-29 (today - 4 months = day 478): A 40, G 80, C 100, D 120,
    # F 230, I 280, E 320, B 60, L 420 = 9 (M 540 and O 590 are too recent).
    # Bought (signed the purchase contract) within 121.75 days of the first financing: A (40 -> 150: 110 days),
    # B (60 -> 100: 40), D (120 -> 200: 80, counted from its FIRST financing, before the pause), E (320 -> 355:
    # 35), G (80 -> 160: 80) = 5. Not: C (100 -> 330: 230), F (230 -> 420: 190); I and L never signed.
    # 5 / 9 = 0.556. Never bought: I (closed) and L (still searching): 2 / 9 = 0.222.
    assert conversion == {"holders": 9, "bought_within_window": 5, "share": 0.556, "never_bought": 2,
                          "share_never_bought": 0.222, **BENCHMARK}


def test_closed_cases_by_outcome_per_year(app: App, caseload: dict[str, int]) -> None:
    closed = build_report(app, "siri")["closed_by_outcome"]
    # H declined on 2025-07-10; I private_rental on 2026-02-10; J declined on 2026-03-02.
    # K was closed (moved_away) but reopened: it is not closed now.
    assert closed == [
        {"year": 2025, "outcome": "declined", "cases": 1},
        {"year": 2026, "outcome": "declined", "cases": 1},
        {"year": 2026, "outcome": "private_rental", "cases": 1},
    ]


def test_current_cases_stalled_horizons_certificates_and_caseload(app: App, caseload: dict[str, int]) -> None:
    current = build_report(app, "siri")["current"]
    assert current == {
        # Q screened; K R motivated; O financed; L M searching; N paused
        "by_state": {"screened": 1, "motivated": 2, "financed": 1, "searching": 2, "bidding": 0, "contracted": 0,
                     "paused": 1},
        "open": 7,
        # K: motivated, quiet since day 270 (330 days > 45); R: motivated since day 310 (290 > 45);
        # L: searching since day 430 (170 > 60). Not: M searching 50 days (<= 60), O financed 10 (<= 14),
        # N paused 20 (<= 90), Q noted 10 days ago (<= 30).
        "stalled": 3,
        # opened on or before 2025-11-29 (today - 9 months, day 327): Q (150), K (200), R (300)
        "horizon_warning_months": 9, "past_horizon_warning": 3,
        # opened on or before 2025-08-29 (today - 12 months, day 235): Q, K
        "horizon_escalation_months": 12, "past_horizon_escalation": 2,
        # M (searching, expires 2026-09-18 = today + 20) and O (financed, expires 2026-09-28 = today + 30);
        # not L (expired on 2026-06-20)
        "expiring_window_days": 30, "certificates_expiring": 2,
        # L: searching on a certificate that expired on 2026-06-20
        "certificates_expired": 1,
        "caseload": [
            {"caseworker": "ola", "name": "Ola Hansen", "open": 4, "stalled": 2},  # K M O R; stalled K R
            {"caseworker": "per", "name": "Per Berg", "open": 3, "stalled": 1},  # L N Q; stalled L
        ],
    }
    # the same cases as `rto case list --stalled` and the reviews judge stalled
    stalled = list_cases(app, "siri", stalled=True)
    assert sorted(c.id for c in stalled) == sorted(caseload[k] for k in ("K", "L", "R"))


def test_reminder_counts_by_status(app: App, caseload: dict[str, int]) -> None:
    with app.db.transaction() as conn:
        assert [r.kind for r in conn.execute(outbox_t.select())] == ["letter_ready"] * LETTERS_READY
    assert build_report(app, "siri")["reminders"] == {"pending": LETTERS_READY, "sending": 0, "sent": 0,
                                                       "failed": 0}
    queued = run_review(app, None, app.today())
    kinds = [(q.case, q.kind) for q in queued]
    for letter in ("K", "L", "R"):  # the three stalled cases each get their first reminder
        assert (caseload[letter], "stalled") in kinds, kinds
    assert build_report(app, "siri")["reminders"] == {"pending": LETTERS_READY + len(queued), "sending": 0,
                                                       "sent": 0, "failed": 0}
    with app.db.transaction(write=True) as conn:  # two delivered, one given up on
        ids = [r[0] for r in conn.execute(outbox_t.select().with_only_columns(outbox_t.c.id)
                                          .order_by(outbox_t.c.id).limit(3))]
        conn.execute(update(outbox_t).where(outbox_t.c.id.in_(ids[:2])).values(status="sent"))
        conn.execute(update(outbox_t).where(outbox_t.c.id == ids[2]).values(status="failed"))
    assert build_report(app, "siri")["reminders"] == {"pending": LETTERS_READY + len(queued) - 3, "sending": 0,
                                                       "sent": 2, "failed": 1}


# --------------------------------------------------------------------------------------------------------------
# One year
# --------------------------------------------------------------------------------------------------------------


def test_the_year_2025(app: App, caseload: dict[str, int]) -> None:
    report = build_report(app, "siri", 2025)
    assert report["year"] == 2025
    assert report["moved_in_selected"] == {"year": 2025, "households": 4, "children": 5, "units_released": 2}
    # moved in during 2025: B 90, D 142, A 200, G 300 days (4, even): median (142 + 200) / 2 = 171 days
    # = 5.62 -> 5.6 months; all four within 12 months
    assert report["open_to_move_in"] == {"cases": 4, "median_months": 5.6, "horizon_months": 12, "within_horizon": 4,
                                         "share_within_horizon": 1.0}
    # the cases opened in 2025 (days 0..359): A B C D E F G H I K Q R = 12
    assert report["funnel"] == [
        {"state": "screened", "cases": 12},
        {"state": "motivated", "cases": 11},  # all but Q
        {"state": "financed", "cases": 8},  # A B C D E F G I
        {"state": "searching", "cases": 8},
        {"state": "bidding", "cases": 7},
        {"state": "contracted", "cases": 7},
        {"state": "moved_in", "cases": 7},  # E, F and C moved in in 2026, but opened in 2025
    ]
    assert report["time_in_state"] == [
        # A B D E F G H I K(2nd) R 10 (10 stays); K 20; C 30 -> 12 stays: median (10 + 10) / 2; p90 11th = 20
        {"state": "screened", "stays": 12, "median_days": 10.0, "p90_days": 20.0},
        # D E 10; F G I 20; H 25; A B 30; C 40 -> 9: median 5th = 20; p90 9th = 40
        {"state": "motivated", "stays": 9, "median_days": 20.0, "p90_days": 40.0},
        # A C D D 10; B 15; G I 20; E 25; F 40 -> 9: median 5th = 15; p90 9th = 40
        {"state": "financed", "stays": 9, "median_days": 15.0, "p90_days": 40.0},
        {"state": "searching", "stays": 9, "median_days": 70.0, "p90_days": 130.0},  # as for all years
        {"state": "bidding", "stays": 8, "median_days": 15.0, "p90_days": 30.0},
        {"state": "contracted", "stays": 7, "median_days": 86.0, "p90_days": 190.0},
        {"state": "paused", "stays": 1, "median_days": 30.0, "p90_days": 30.0},
    ]
    # certificates issued in 2025: A B C D E F G I = 8; signed within 4 months: A B D E G -> 5 / 8; never: I
    assert report["certificate_conversion"] == {"holders": 8, "bought_within_window": 5, "share": 0.625,
                                                "never_bought": 1, "share_never_bought": 0.125, **BENCHMARK}
    everything = build_report(app, "siri")
    for key in ("current", "reminders"):  # today's figures: the same, whatever the year
        assert report[key] == everything[key], key
    # the year's households moved in and cases closed
    assert report["moved_in"] == [row for row in everything["moved_in"] if row["year"] == 2025]
    assert report["closed_by_outcome"] == [{"year": 2025, "outcome": "declined", "cases": 1}]


def test_the_year_2026(app: App, caseload: dict[str, int]) -> None:
    report = build_report(app, "siri", 2026)
    assert report["moved_in_selected"] == {"year": 2026, "households": 3, "children": 4, "units_released": 3}
    # moved in during 2026: E 141, F 365, C 400 days (3, odd): median 365 days = 11.99 -> 12.0 months;
    # within 365.25 days: E and F, 2 / 3
    assert report["open_to_move_in"] == {"cases": 3, "median_months": 12.0, "horizon_months": 12, "within_horizon": 2,
                                         "share_within_horizon": 0.667}
    # the cases opened in 2026: J L M N O
    assert [f["cases"] for f in report["funnel"]] == [5, 4, 3, 2, 0, 0, 0]
    assert report["time_in_state"] == [
        {"state": "screened", "stays": 5, "median_days": 10.0, "p90_days": 40.0},  # O 5; L M N 10; J 40
        {"state": "motivated", "stays": 4, "median_days": 10.0, "p90_days": 10.0},  # O 5; L M N 10
        {"state": "financed", "stays": 2, "median_days": 10.0, "p90_days": 10.0},  # L M
        {"state": "searching", "stays": 0, "median_days": None, "p90_days": None},
        {"state": "bidding", "stays": 0, "median_days": None, "p90_days": None},
        {"state": "contracted", "stays": 0, "median_days": None, "p90_days": None},
        {"state": "paused", "stays": 0, "median_days": None, "p90_days": None},
    ]
    # issued in 2026 and at least 4 months ago: L only, who has not bought
    assert report["certificate_conversion"] == {"holders": 1, "bought_within_window": 0, "share": 0.0,
                                                "never_bought": 1, "share_never_bought": 1.0, **BENCHMARK}


def test_a_year_without_anything(app: App, caseload: dict[str, int]) -> None:
    report = build_report(app, "siri", 2019)
    assert report["moved_in_selected"] is None
    assert report["open_to_move_in"] == {"cases": 0, "median_months": None, "horizon_months": 12, "within_horizon": 0,
                                         "share_within_horizon": None}
    assert [f["cases"] for f in report["funnel"]] == [0] * 7
    assert report["certificate_conversion"] == {"holders": 0, "bought_within_window": 0, "share": None,
                                                "never_bought": 0, "share_never_bought": None, **BENCHMARK}


def test_an_empty_database(app: App) -> None:
    report = build_report(app, "siri")
    assert report["moved_in"] == [] and report["closed_by_outcome"] == []
    assert report["open_to_move_in"]["median_months"] is None
    assert all(t["stays"] == 0 and t["median_days"] is None for t in report["time_in_state"])
    assert report["current"]["open"] == 0 and report["current"]["caseload"] == []


def test_only_supervisors_and_admins_see_the_report(app: App) -> None:
    for login in ("siri", "adm"):
        build_report(app, login)
    for login in ("ola", "per"):
        with pytest.raises(NotPermitted):
            build_report(app, login)


# --------------------------------------------------------------------------------------------------------------
# The day boundaries: "past 9 months" and "at least 4 months ago" are days, as the reviews count them
# --------------------------------------------------------------------------------------------------------------


def boundary_cases(app: App, clock: FakeClock) -> list[int]:
    """Three cases financed on the day they open: 2025-11-20 at 00:30 and at 10:00 (Oslo), 2025-11-21 at 00:30."""
    ids = []
    for moment in ("2025-11-20T00:30", "2025-11-20T10:00", "2025-11-21T00:30"):
        clock.current = datetime.fromisoformat(moment).replace(tzinfo=OSLO)
        household = add_household(app, "ola", "Familien Grense", adults=1).id
        case_id = open_case(app, "ola", household).id
        for state in ("motivated", "financed"):
            set_facts(app, "ola", case_id, _pairs(state, app.today(), "", {}))
            prepare(app, "ola", case_id, state)
            take_step(app, "ola", case_id, StepRequest(state))
        ids.append(case_id)
    return ids


def test_a_case_counts_as_past_9_months_on_the_day_of_its_9_month_warning(app: App, clock: FakeClock) -> None:
    ids = boundary_cases(app, clock)
    clock.set_day("2026-08-20")
    queued = run_review(app, None, app.today(), dry_run=True)
    # the reviews: nine months today for the two opened on 2025-11-20 (whatever the hour), not the third
    assert {q.case for q in queued if q.kind == "horizon_warning"} == set(ids[:2])
    assert build_report(app, "siri")["current"]["past_horizon_warning"] == 2
    clock.set_day("2026-08-21")
    assert build_report(app, "siri")["current"]["past_horizon_warning"] == 3


def test_a_certificate_counts_on_the_day_it_is_four_months_old(app: App, clock: FakeClock) -> None:
    boundary_cases(app, clock)
    clock.set_day("2026-03-20")  # four months after the first two were financed, a day short for the third
    assert build_report(app, "siri")["certificate_conversion"] == {"holders": 2, "bought_within_window": 0,
                                                                  "share": 0.0, "never_bought": 2,
                                                                  "share_never_bought": 1.0, **BENCHMARK}


# --------------------------------------------------------------------------------------------------------------
# The command line
# --------------------------------------------------------------------------------------------------------------


def at_today() -> Any:
    return time_machine.travel(day(TODAY), tick=False)


def test_rto_report_json_is_the_report(rto: InProcessRto, app: App, caseload: dict[str, int]) -> None:
    with at_today():
        result = rto("--as", "siri", "report", "--json")
        assert result.code == 0, result
        assert result.json == json.loads(json.dumps(build_report(app, "siri")))
        as_format = rto("--as", "siri", "report", "--format", "json", "--year", "2025")
        assert as_format.code == 0, as_format
        assert as_format.json == json.loads(json.dumps(build_report(app, "siri", 2025)))
        assert as_format.json["open_to_move_in"]["median_months"] == 5.6


def test_rto_report_csv_has_a_row_per_figure(rto: InProcessRto, app: App, caseload: dict[str, int]) -> None:
    with at_today():
        result = rto("--as", "siri", "report", "--format", "csv")
    assert result.code == 0, result
    rows = list(csv.reader(io.StringIO(result.out)))
    assert rows[0] == ["section", "item", "measure", "value"]
    body = [tuple(r) for r in rows[1:]]
    assert len(body) == len(set((s, i, m) for s, i, m, _ in body)), "one row per figure"
    # moved in 2 years x 3; open to move-in 4; funnel 7; time in state 7 states x 3; conversion 3; outcomes 3;
    # open_to_move_in: 4 figures and the horizon they count by; conversion: 3 figures, its window, the
    # benchmark (2) and those who never bought (2); current: 7 states + 6 counts + the windows they count by (3);
    # caseload 2 caseworkers x 2; reminders 4; when it was made 1 and its period 2; the cases to act on
    # (test_report_actions.py): 6 x caseworker, state and opening day, and their 9 reasons; the 7 states' stall
    # thresholds; the trend: 12 months x 3 and its 4 totals; the overview's funnel: its period (2), its 7 steps,
    # and the units released against the register's, 2 years x 2
    assert len(body) == 6 + 5 + 7 + 21 + 8 + 3 + 16 + 4 + 4 + 3 + 6 * 3 + 9 + 7 + 12 * 3 + 4 + 2 + 7 + 2 * 2
    for row in [("moved_in", "2025", "households", "4"), ("moved_in", "2025", "children", "5"),
                ("moved_in", "2025", "units_released", "2"), ("moved_in", "2026", "units_released", "3"),
                ("open_to_move_in", "", "median_months", "6.6"), ("open_to_move_in", "", "cases", "7"),
                ("open_to_move_in", "", "share_within_horizon", "0.857"),
                ("funnel", "screened", "cases", "17"), ("funnel", "moved_in", "cases", "7"),
                ("time_in_state", "bidding", "median_days", "15.0"),
                ("time_in_state", "contracted", "p90_days", "190.0"),
                ("certificate_conversion", "", "holders", "9"), ("certificate_conversion", "", "share", "0.556"),
                ("closed_by_outcome", "2026", "private_rental", "1"), ("current", "paused", "cases", "1"),
                ("current", "", "stalled", "3"), ("current", "", "past_horizon_escalation", "2"),
                ("current", "", "certificates_expiring", "2"), ("caseload", "ola", "open", "4"),
                ("caseload", "per", "stalled", "1"), ("reminders", "", "pending", str(LETTERS_READY)),
                ("reminders", "", "sent", "0")]:
        assert row in body, row


def test_rto_report_table_in_norwegian(rto: InProcessRto, caseload: dict[str, int]) -> None:
    with at_today():
        result = rto("--as", "siri", "report")
    assert result.code == 0, result
    text = result.out
    for heading in ("Rapport: fra leie til eie", "Husstander som har flyttet inn i egen bolig",
                    "Median tid fra åpnet sak til innflytting (måneder)", "Trakt: saker som nådde hvert steg",
                    "Tid i hver status (dager)", "Avsluttede saker etter utfall", "Saker nå",
                    "Saker per saksbehandler", "Andel med finansieringsbevis som kjøpte (kontrakt) innen 4 måneder",
                    "Åpne i mer enn 12 måneder", "Påminnelser"):
        assert heading in text, heading
    assert text.startswith("Rapport: fra leie til eie · per 29.08.2026\n"), text.splitlines()[0]
    lines = [" ".join(line.split()) for line in text.splitlines()]  # (a non-breaking space before %, too)
    # the figures in Norwegian number format
    assert "Median tid fra åpnet sak til innflytting (måneder): 6,6 (innen 12 måneder: 85,7 %, n=7)" in lines
    assert ("Andel med finansieringsbevis som kjøpte (kontrakt) innen 4 måneder: 55,6 % (5 / 9; Husbanken 2020–21: "
            "47 %)") in lines
    for line in ("2025 4 5 2", "2026 3 4 3", "kartlagt 17 10 30", "budgivning 8 15 30", "kontrakt 7 86 190",
                 "på vent 1 30 30", "2026 leier privat 1", "Står stille 3", "Åpne i mer enn 9 måneder 3",
                 "Finansieringsbevis som utløper innen 30 dager 2", "ola Ola Hansen 4 2", "per Per Berg 3 1",
                 f"Påminnelser: sendt 0 · venter {LETTERS_READY} · feilet 0"):
        assert line in lines, line


def test_rto_report_writes_a_file(rto: InProcessRto, app: App, caseload: dict[str, int], tmp_path: Path) -> None:
    target = tmp_path / "rapport.json"
    with at_today():
        result = rto("--as", "siri", "report", "--format", "json", "-o", str(target))
        assert result.code == 0, result
        assert result.out == ""
        assert str(target) in result.err
        assert json.loads(target.read_text(encoding="utf-8")) == json.loads(json.dumps(build_report(app, "siri")))
        csv_file = tmp_path / "rapport.csv"
        assert rto("--as", "siri", "report", "--format", "csv", "--output", str(csv_file)).code == 0
        assert csv_file.read_text(encoding="utf-8").startswith("section,item,measure,value\n")


def test_rto_report_refuses_a_caseworker(rto: InProcessRto, tmp_path: Path) -> None:
    target = tmp_path / "rapport.html"
    for args in (("report",), ("report", "--format", "html", "-o", str(target)), ("report", "--json")):
        result = rto("--as", "ola", *args)
        assert result.code == 5, result
    assert not target.exists()
    assert rto("--as", "siri", "report", "--year", "1800").code == 2
