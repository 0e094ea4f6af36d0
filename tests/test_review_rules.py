"""The review rules (states/reviews.py) with the shipped policy: pure functions of a case, its review log,
the policy and a day. domain.md, "Reviews": stalled cases, the 12-month horizon, certificate expiry,
follow-up after purchase; a review twice, or after downtime, queues nothing twice and catches up once.

Every scenario is driven the way the service drives it: `review(case, log, policy, day)` gives the notices
due and the log as it will be once they are queued; the next review gets that log.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from states.policy import Policy, PolicyBook
from states.reviews import (
    CERTIFICATE_STATES,
    Notice,
    ReviewCase,
    ReviewLog,
    add_months,
    is_stalled,
    next_review_on,
    reassessment_period,
    review,
    stall_start,
    upcoming,
    whole_months,
)
from workflow.config import load_settings

TODAY = date(2026, 3, 2)
STALL_KINDS = ("stalled", "stalled_escalation")
HORIZON_KINDS = ("horizon_warning", "horizon_escalation")
ALL_STATES = ("screened", "motivated", "financed", "searching", "bidding", "contracted", "paused", "moved_in",
              "closed")


@cache
def shipped() -> PolicyBook:
    return PolicyBook(load_settings(None, {}).policy)


def policy(day: date = TODAY) -> Policy:
    return shipped().on(day)


def book_with(**figures: Any) -> PolicyBook:
    """The shipped policy with one more dated entry (from mid-2024, so it applies to every day tested)."""
    return PolicyBook([*load_settings(None, {}).policy, {"from": date(2024, 6, 1), **figures}])


def case(state: str = "screened", opened: date = TODAY, last: date | None = None, entered: date | None = None,
         expires: date | None = None, takeover: date | None = None) -> ReviewCase:
    last = last or opened
    return ReviewCase(1, state, opened, last, entered or last, expires, takeover)


def day_by_day(c: ReviewCase, start: date, end: date, pol: Policy | None = None,
               log: ReviewLog | None = None) -> tuple[list[tuple[date, Notice]], ReviewLog]:
    """Review every day from `start` to `end` (inclusive), as a scheduler that never misses a day."""
    pol = pol or policy()
    log = log or ReviewLog()
    found: list[tuple[date, Notice]] = []
    day = start
    while day <= end:
        notices, log = review(c, log, pol, day)
        found += [(day, n) for n in notices]
        day += timedelta(days=1)
    return found, log


def only(found: list[tuple[date, Notice]], *kinds: str) -> list[tuple[date, Notice]]:
    return [(d, n) for d, n in found if n.kind in kinds]


def summary(found: list[tuple[date, Notice]]) -> list[tuple[date, str, str]]:
    return [(d, n.kind, n.audience) for d, n in found]


# --- the shipped figures -------------------------------------------------------------------------------------

def test_the_shipped_policy_has_domain_md_review_figures() -> None:
    p = policy()
    assert p.stall_days == {"screened": 30, "motivated": 45, "financed": 14, "searching": 60, "bidding": 14,
                            "contracted": 7, "paused": 90}
    assert p.stall_repeat_days == 14
    assert p.stall_reminders_before_escalation == 2
    assert (p.horizon_warning_months, p.horizon_escalation_months, p.horizon_repeat_months) == (9, 12, 1)
    assert p.certificate_warning_days == (30, 7)
    assert p.followup_months == 6
    assert p.reassessment_months == 12


# --- stalled cases -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("state, threshold", [("screened", 30), ("motivated", 45), ("financed", 14),
                                              ("searching", 60), ("bidding", 14), ("paused", 90)])
def test_the_first_stall_reminder_comes_the_day_after_the_threshold_is_exceeded(state: str, threshold: int) -> None:
    last = date(2026, 1, 10)
    c = case(state, opened=last)
    assert stall_start(c, policy()) == (last, last + timedelta(days=threshold + 1))
    found, _ = day_by_day(c, last, last + timedelta(days=threshold + 1))
    assert summary(found) == [(last + timedelta(days=threshold + 1), "stalled", "caseworker")]
    notice = found[0][1]
    assert notice.period == f"{last.isoformat()}#1"
    assert notice.facts == {"since": last.isoformat(), "reminder": 1}
    assert not is_stalled(c, policy(), last + timedelta(days=threshold))
    assert is_stalled(c, policy(), last + timedelta(days=threshold + 1))


def test_the_stall_ladder_reminds_every_14_days_and_escalates_after_two_unanswered_reminders() -> None:
    last = date(2026, 1, 5)
    first = last + timedelta(days=31)  # screened: no activity for longer than 30 days
    found, log = day_by_day(case("screened", opened=last), last, first + timedelta(days=50))
    assert summary(found) == [
        (first, "stalled", "caseworker"),
        (first + timedelta(days=14), "stalled", "caseworker"),
        (first + timedelta(days=28), "stalled_escalation", "supervisors"),  # once an episode
        (first + timedelta(days=42), "stalled", "caseworker"),  # and the caseworker is reminded again
    ]
    assert [n.period for _, n in found] == [f"{last.isoformat()}#{i}" for i in (1, 2, 3, 4)]
    assert found[1][1].facts["reminder"] == 2
    assert found[2][1].facts == {"since": last.isoformat(), "reminder": 3, "reminders": 2}
    assert found[3][1].facts == {"since": last.isoformat(), "reminder": 3}  # the caseworker's third
    assert (log.stall_episode, log.stall_count, log.stall_last) == (last.isoformat(), 4,
                                                                      (first + timedelta(days=42)).isoformat())


def test_the_repeat_counts_from_the_day_the_reminder_was_queued() -> None:
    """A reminder queued late (the service was down) is repeated 14 days after it went out, not before."""
    last = date(2026, 1, 5)
    c = case("screened", opened=last)
    late = last + timedelta(days=40)
    notices, log = review(c, ReviewLog(), policy(), late)
    assert [n.kind for n in notices] == ["stalled"]
    found, _ = day_by_day(c, late + timedelta(days=1), late + timedelta(days=14), log=log)
    assert summary(found) == [(late + timedelta(days=14), "stalled", "caseworker")]


def test_activity_starts_a_new_stall_episode_with_the_count_reset() -> None:
    last = date(2026, 1, 5)
    first = last + timedelta(days=31)
    found, log = day_by_day(case("screened", opened=last), last, first + timedelta(days=14))
    assert [n.kind for _, n in found] == ["stalled", "stalled"]
    assert log.stall_count == 2
    # a note two days after the second reminder: the next notice is a first reminder of a new episode, to
    # the caseworker, 31 days after the note, not an escalation 14 days after the second reminder
    noted_on = first + timedelta(days=16)
    resumed = case("screened", opened=last, last=noted_on)
    assert next_review_on(resumed, log, policy(), noted_on) == noted_on + timedelta(days=31)
    found, log = day_by_day(resumed, noted_on, noted_on + timedelta(days=31 + 28), log=log)
    assert summary(found) == [
        (noted_on + timedelta(days=31), "stalled", "caseworker"),
        (noted_on + timedelta(days=45), "stalled", "caseworker"),
        (noted_on + timedelta(days=59), "stalled_escalation", "supervisors"),
    ]
    assert found[0][1].period == f"{noted_on.isoformat()}#1"
    assert found[0][1].facts == {"since": noted_on.isoformat(), "reminder": 1}


def test_a_stalled_case_after_an_escalation_starts_over_on_activity() -> None:
    last = date(2026, 1, 5)
    _, log = day_by_day(case("bidding", opened=last), last, last + timedelta(days=15 + 28))
    assert log.stall_count == 3  # two reminders and an escalation
    moved = last + timedelta(days=50)
    notices, _ = review(case("bidding", opened=last, last=moved), log, policy(), moved + timedelta(days=15))
    assert [(n.kind, n.audience, n.period) for n in notices] == [("stalled", "caseworker", f"{moved}#1")]


def test_a_contracted_case_counts_from_the_takeover_date() -> None:
    signed = date(2026, 3, 2)
    takeover = date(2026, 4, 15)
    c = case("contracted", opened=date(2026, 1, 5), last=signed, takeover=takeover)
    assert stall_start(c, policy()) == (takeover, takeover + timedelta(days=8))
    found, _ = day_by_day(c, signed, takeover + timedelta(days=8))
    assert summary(only(found, *STALL_KINDS)) == [(takeover + timedelta(days=8), "stalled", "caseworker")]
    assert found[-1][1].facts["since"] == takeover.isoformat()
    # activity after the takeover date moves the clock on
    later = takeover + timedelta(days=5)
    after = case("contracted", opened=date(2026, 1, 5), last=later, takeover=takeover)
    assert stall_start(after, policy()) == (later, later + timedelta(days=8))
    # without a takeover date it counts from the last activity
    unset = case("contracted", opened=date(2026, 1, 5), last=signed)
    assert stall_start(unset, policy()) == (signed, signed + timedelta(days=8))


@pytest.mark.parametrize("state", ["moved_in", "closed"])
def test_terminal_cases_never_stall(state: str) -> None:
    c = case(state, opened=date(2025, 1, 5))
    assert stall_start(c, policy()) is None
    assert not is_stalled(c, policy(), date(2027, 1, 1))
    found, _ = day_by_day(c, date(2025, 1, 5), date(2026, 3, 1))
    assert only(found, *STALL_KINDS) == []


def test_a_never_stall_threshold_never_reminds_and_other_states_keep_theirs() -> None:
    pol = book_with(stall_days={"searching": "never"}).on(TODAY)
    assert pol.stall_days["searching"] is None
    assert pol.stall_days["screened"] == 30
    searching = case("searching", opened=date(2025, 6, 2))
    assert stall_start(searching, pol) is None
    assert not is_stalled(searching, pol, date(2027, 6, 1))
    found, _ = day_by_day(searching, date(2025, 6, 2), date(2026, 6, 1), pol)
    assert only(found, *STALL_KINDS) == []
    assert only(found, *HORIZON_KINDS) != []  # the horizon is not a stall threshold: it still runs
    screened = case("screened", opened=date(2025, 6, 2))
    found, _ = day_by_day(screened, date(2025, 6, 2), date(2025, 7, 3), pol)
    assert summary(only(found, *STALL_KINDS)) == [(date(2025, 7, 3), "stalled", "caseworker")]


def test_a_dated_policy_entry_changes_the_threshold_from_its_date() -> None:
    book = PolicyBook([*load_settings(None, {}).policy, {"from": date(2026, 6, 1), "stall_days": {"screened": 10}}])
    assert book.on(date(2026, 5, 31)).stall_days["screened"] == 30
    assert book.on(date(2026, 6, 1)).stall_days["screened"] == 10
    assert book.on(date(2026, 6, 1)).stall_days["searching"] == 60  # an entry changes only what it names


# --- the 12-month horizon ----------------------------------------------------------------------------------

def test_the_horizon_warns_at_9_months_escalates_at_12_and_then_monthly() -> None:
    opened = date(2025, 1, 15)
    c = case("searching", opened=opened, last=opened)
    found, log = day_by_day(c, opened, date(2026, 5, 20))
    horizon = only(found, *HORIZON_KINDS)
    assert summary(horizon) == [
        (date(2025, 10, 15), "horizon_warning", "caseworker"),
        (date(2026, 1, 15), "horizon_escalation", "supervisors"),
        (date(2026, 2, 15), "horizon_escalation", "supervisors"),
        (date(2026, 3, 15), "horizon_escalation", "supervisors"),
        (date(2026, 4, 15), "horizon_escalation", "supervisors"),
        (date(2026, 5, 15), "horizon_escalation", "supervisors"),
    ]
    assert [n.facts["months"] for _, n in horizon] == [9, 12, 13, 14, 15, 16]
    assert [n.period for _, n in horizon] == ["9m", "12m", "13m", "14m", "15m", "16m"]
    assert horizon[0][1].facts["opened"] == opened.isoformat()
    assert log.horizon_month == 16


@pytest.mark.parametrize("state", ["screened", "motivated", "financed", "bidding", "contracted", "paused"])
def test_the_horizon_runs_in_every_open_state(state: str) -> None:
    opened = date(2025, 1, 15)
    notices, _ = review(case(state, opened=opened, last=date(2025, 10, 14)), ReviewLog(), policy(),
                        date(2025, 10, 15))
    assert [n.kind for n in notices if n.kind in HORIZON_KINDS] == ["horizon_warning"]


@pytest.mark.parametrize("state", ["moved_in", "closed"])
def test_the_horizon_stops_when_the_case_ends(state: str) -> None:
    found, _ = day_by_day(case(state, opened=date(2025, 1, 15)), date(2025, 1, 15), date(2026, 3, 1))
    assert only(found, *HORIZON_KINDS) == []


@pytest.mark.parametrize("log, review_on, expected", [
    # down from before the 9-month day until after it: the warning, once
    (ReviewLog(), date(2025, 11, 20), ("horizon_warning", 9)),
    # down across both the 9- and the 12-month days: only the escalation (the latest owed)
    (ReviewLog(), date(2026, 1, 20), ("horizon_escalation", 12)),
    # escalated at 12, then down for three months: only month 15
    (ReviewLog(horizon_month=12), date(2026, 4, 20), ("horizon_escalation", 15)),
    # the warning given, down across 12: the escalation
    (ReviewLog(horizon_month=9), date(2026, 2, 10), ("horizon_escalation", 12)),
], ids=["warning", "escalation", "monthly", "after-warning"])
def test_after_downtime_the_horizon_catches_up_once(log: ReviewLog, review_on: date,
                                                    expected: tuple[str, int]) -> None:
    c = case("searching", opened=date(2025, 1, 15), last=review_on)
    notices, after = review(c, log, policy(), review_on)
    assert [(n.kind, n.facts["months"]) for n in notices if n.kind in HORIZON_KINDS] == [expected]
    again, _ = review(c, after, policy(), review_on)
    assert again == []
    nxt = next_review_on(c, after, policy(), review_on)
    assert nxt is not None and nxt > review_on


@pytest.mark.parametrize("log, review_on, months", [
    (ReviewLog(), date(2026, 4, 20), 15),  # never reviewed: 15 months open
    (ReviewLog(horizon_month=9), date(2026, 3, 20), 14),  # warned at 9, then down for five months
], ids=["never-reviewed", "after-warning"])
def test_after_long_downtime_the_horizon_notices_only_the_latest_month(log: ReviewLog, review_on: date,
                                                                       months: int) -> None:
    c = case("searching", opened=date(2025, 1, 15), last=review_on)
    notices, after = review(c, log, policy(), review_on)
    assert [(n.kind, n.facts["months"]) for n in notices if n.kind in HORIZON_KINDS] == [
        ("horizon_escalation", months)]
    again, _ = review(c, after, policy(), review_on)
    assert again == []  # the same day twice: nothing the second time


def test_never_horizon_thresholds() -> None:
    opened = date(2025, 1, 15)
    c = case("searching", opened=opened)
    neither = book_with(horizon_warning_months="never", horizon_escalation_months="never").on(TODAY)
    found, _ = day_by_day(c, opened, date(2026, 6, 1), neither)
    assert only(found, *HORIZON_KINDS) == []

    no_warning = book_with(horizon_warning_months="never").on(TODAY)
    found, _ = day_by_day(c, opened, date(2026, 2, 20), no_warning)
    assert summary(only(found, *HORIZON_KINDS)) == [(date(2026, 1, 15), "horizon_escalation", "supervisors"),
                                                  (date(2026, 2, 15), "horizon_escalation", "supervisors")]

    no_escalation = book_with(horizon_escalation_months="never").on(TODAY)
    found, _ = day_by_day(c, opened, date(2026, 6, 1), no_escalation)
    assert summary(only(found, *HORIZON_KINDS)) == [(date(2025, 10, 15), "horizon_warning", "caseworker")]

    no_repeat = book_with(horizon_repeat_months="never").on(TODAY)
    found, _ = day_by_day(c, opened, date(2026, 6, 1), no_repeat)
    assert summary(only(found, *HORIZON_KINDS)) == [(date(2025, 10, 15), "horizon_warning", "caseworker"),
                                                  (date(2026, 1, 15), "horizon_escalation", "supervisors")]


# --- certificate expiry -----------------------------------------------------------------------------------

@pytest.mark.parametrize("state", CERTIFICATE_STATES)
def test_certificate_warnings_30_and_7_days_before_and_on_expiry(state: str) -> None:
    expires = date(2026, 5, 20)
    c = case(state, opened=date(2026, 3, 1), last=date(2026, 3, 1), expires=expires)
    found, log = day_by_day(c, date(2026, 3, 1), expires + timedelta(days=40))
    cert = only(found, "certificate")
    assert summary(cert) == [(date(2026, 4, 20), "certificate", "caseworker"),
                             (date(2026, 5, 13), "certificate", "caseworker"),
                             (expires, "certificate", "caseworker")]
    assert [n.facts for _, n in cert] == [{"expires": "2026-05-20", "days": d} for d in (30, 7, 0)]
    assert [n.period for _, n in cert] == ["2026-05-20-30", "2026-05-20-7", "2026-05-20-0"]
    assert (log.certificate_expires, log.certificate_days) == ("2026-05-20", 0)


@pytest.mark.parametrize("state", ["screened", "motivated", "contracted", "paused", "moved_in", "closed"])
def test_no_certificate_notices_outside_financed_searching_and_bidding(state: str) -> None:
    expires = date(2026, 5, 20)
    c = case(state, opened=date(2026, 3, 1), expires=expires, takeover=date(2026, 3, 20))
    found, _ = day_by_day(c, date(2026, 3, 1), expires + timedelta(days=10))
    assert only(found, "certificate") == []


@pytest.mark.parametrize("first_review, expected", [
    (date(2026, 4, 25), [(date(2026, 4, 25), 30), (date(2026, 5, 13), 7), (date(2026, 5, 20), 0)]),
    (date(2026, 5, 15), [(date(2026, 5, 15), 7), (date(2026, 5, 20), 0)]),
    (date(2026, 5, 20), [(date(2026, 5, 20), 0)]),
    (date(2026, 6, 30), [(date(2026, 6, 30), 0)]),
])
def test_a_late_first_review_sends_only_the_latest_certificate_notice_owed(
        first_review: date, expected: list[tuple[date, int]]) -> None:
    c = case("searching", opened=date(2026, 3, 1), last=first_review, expires=date(2026, 5, 20))
    found, _ = day_by_day(c, first_review, date(2026, 7, 31))
    assert [(d, n.facts["days"]) for d, n in only(found, "certificate")] == expected


def test_a_new_expiry_date_starts_the_certificate_warnings_over() -> None:
    first = date(2026, 5, 20)
    c = case("searching", opened=date(2026, 3, 1), last=date(2026, 3, 1), expires=first)
    found, log = day_by_day(c, date(2026, 3, 1), date(2026, 5, 14))
    assert [n.facts["days"] for _, n in only(found, "certificate")] == [30, 7]
    extended = date(2026, 8, 19)  # extended before it expired
    c2 = case("searching", opened=date(2026, 3, 1), last=date(2026, 5, 15), expires=extended)
    assert [(n.due_on, n.facts["days"]) for n in upcoming(c2, log, policy(), date(2026, 5, 15))
            if n.kind == "certificate"] == [(date(2026, 7, 20), 30)]
    found, log = day_by_day(c2, date(2026, 5, 15), date(2026, 9, 1), log=log)
    cert = only(found, "certificate")
    assert [(d, n.facts["days"], n.period) for d, n in cert] == [
        (date(2026, 7, 20), 30, "2026-08-19-30"), (date(2026, 8, 12), 7, "2026-08-19-7"),
        (date(2026, 8, 19), 0, "2026-08-19-0")]
    assert (log.certificate_expires, log.certificate_days) == ("2026-08-19", 0)


def test_a_removed_certificate_date_stops_the_warnings() -> None:
    c = case("financed", opened=date(2026, 3, 1))
    found, _ = day_by_day(c, date(2026, 3, 1), date(2026, 3, 14))
    assert only(found, "certificate") == []


def test_empty_certificate_warning_days_give_no_warning_before_expiry() -> None:
    pol = book_with(certificate_warning_days=[]).on(TODAY)
    c = case("searching", opened=date(2026, 3, 1), expires=date(2026, 5, 20))
    found, _ = day_by_day(c, date(2026, 3, 1), date(2026, 5, 19), pol)
    assert only(found, "certificate") == []


# --- follow-up after purchase --------------------------------------------------------------------------------

def test_a_followup_6_months_after_moving_in_once() -> None:
    moved = date(2026, 3, 2)
    c = case("moved_in", opened=date(2025, 8, 1), last=moved, entered=moved)
    found, log = day_by_day(c, moved, date(2027, 3, 1))
    assert summary(found) == [(date(2026, 9, 2), "followup", "caseworker")]
    assert found[0][1].facts == {"moved_in": "2026-03-02", "months": 6}
    assert found[0][1].period == "once"
    assert log.followup is True
    assert next_review_on(c, log, policy(), date(2026, 9, 2)) is None


def test_a_late_followup_review_sends_it_once() -> None:
    moved = date(2026, 3, 2)
    c = case("moved_in", opened=date(2025, 8, 1), last=moved, entered=moved)
    notices, log = review(c, ReviewLog(), policy(), date(2026, 12, 1))
    assert [n.kind for n in notices] == ["followup"]
    assert review(c, log, policy(), date(2026, 12, 1))[0] == []
    assert review(c, log, policy(), date(2027, 6, 1))[0] == []


def test_a_never_followup_is_never_due() -> None:
    pol = book_with(followup_months="never").on(TODAY)
    moved = date(2026, 3, 2)
    c = case("moved_in", opened=date(2025, 8, 1), last=moved, entered=moved)
    found, _ = day_by_day(c, moved, date(2027, 3, 1), pol)
    assert found == []
    assert next_review_on(c, ReviewLog(), pol, moved) is None


# --- next_review_on ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("c, today, expected", [
    (case("screened", opened=date(2026, 1, 5)), date(2026, 1, 5), date(2026, 2, 5)),
    (case("searching", opened=date(2026, 3, 1), expires=date(2026, 5, 20)), date(2026, 3, 1), date(2026, 4, 20)),
    (case("searching", opened=date(2025, 4, 10), last=date(2026, 1, 2)), date(2026, 1, 2), date(2026, 1, 10)),
    (case("contracted", opened=date(2026, 1, 5), takeover=date(2026, 4, 15)), date(2026, 1, 5),
     date(2026, 4, 23)),
    (case("moved_in", opened=date(2025, 8, 1), last=date(2026, 3, 2)), date(2026, 3, 2), date(2026, 9, 2)),
    (case("closed", opened=date(2025, 8, 1)), date(2026, 3, 2), None),
], ids=["stall", "certificate", "horizon", "contracted", "followup", "closed"])
def test_next_review_on_is_the_earliest_upcoming_notice(c: ReviewCase, today: date,
                                                        expected: date | None) -> None:
    found = next_review_on(c, ReviewLog(), policy(), today)
    assert found == expected
    dates = [n.due_on for n in upcoming(c, ReviewLog(), policy(), today)]
    assert found == (min(dates) if dates else None)
    if expected is not None:
        assert review(c, ReviewLog(), policy(), expected - timedelta(days=1))[0] == []
        assert review(c, ReviewLog(), policy(), expected)[0] != []


# --- month arithmetic ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("start, months, expected", [
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2028, 1, 31), 1, date(2028, 2, 29)),
    (date(2026, 3, 31), 1, date(2026, 4, 30)),
    (date(2026, 1, 30), 1, date(2026, 2, 28)),
    (date(2025, 8, 31), 6, date(2026, 2, 28)),
    (date(2026, 12, 15), 1, date(2027, 1, 15)),
    (date(2025, 5, 31), 9, date(2026, 2, 28)),
    (date(2026, 1, 31), 12, date(2027, 1, 31)),
    (date(2026, 3, 31), -1, date(2026, 2, 28)),
    (date(2027, 2, 8), -12, date(2026, 2, 8)),
])
def test_add_months_keeps_the_day_or_takes_the_months_last(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize("start, end, expected", [
    (date(2026, 1, 31), date(2026, 2, 27), 0),
    (date(2026, 1, 31), date(2026, 2, 28), 1),
    (date(2026, 1, 31), date(2026, 3, 30), 1),
    (date(2026, 1, 31), date(2026, 3, 31), 2),
    (date(2026, 1, 15), date(2026, 1, 15), 0),
    (date(2025, 1, 15), date(2026, 1, 14), 11),
    (date(2025, 1, 15), date(2026, 1, 15), 12),
])
def test_whole_months(start: date, end: date, expected: int) -> None:
    assert whole_months(start, end) == expected


def test_horizon_months_count_from_the_opening_day_without_drifting_at_month_ends() -> None:
    """Opened on 31 January: month 13 falls on 28 February, month 14 on 31 March again (not the 28th)."""
    opened = date(2025, 1, 31)
    found, _ = day_by_day(case("searching", opened=opened), opened, date(2026, 4, 30))
    assert [(d, n.facts["months"]) for d, n in only(found, *HORIZON_KINDS)] == [
        (date(2025, 10, 31), 9), (date(2026, 1, 31), 12), (date(2026, 2, 28), 13), (date(2026, 3, 31), 14),
        (date(2026, 4, 30), 15)]


def test_a_followup_from_31_august_falls_on_the_last_of_february() -> None:
    moved = date(2025, 8, 31)
    found, _ = day_by_day(case("moved_in", opened=date(2025, 1, 5), last=moved), moved, date(2026, 3, 31))
    assert summary(found) == [(date(2026, 2, 28), "followup", "caseworker")]


def test_the_reassessment_digest_is_keyed_by_month() -> None:
    assert reassessment_period(date(2026, 3, 2)) == "2026-03"
    assert reassessment_period(date(2026, 3, 31)) == "2026-03"
    assert reassessment_period(date(2027, 12, 1)) == "2027-12"


def test_the_review_log_round_trips_through_json() -> None:
    log = ReviewLog("2026-01-05", 2, "2026-02-19", 12, "2026-05-20", 7, True)
    assert ReviewLog.from_json(log.as_json()) == log
    assert ReviewLog.from_json(ReviewLog().as_json()) == ReviewLog()
    assert ReviewLog.from_json(None) == ReviewLog()


def test_the_log_keeps_the_on_expiry_notice_through_json() -> None:
    expires = date(2026, 5, 20)
    c = case("searching", opened=date(2026, 3, 1), last=expires, expires=expires)
    notices, log = review(c, ReviewLog(), policy(), expires)
    assert [(n.kind, n.facts["days"]) for n in notices] == [("certificate", 0)]
    stored = ReviewLog.from_json(log.as_json())  # the service keeps the log on the case row, as JSON
    assert stored == log
    later = expires + timedelta(days=60)
    assert [n for n in review(c, stored, policy(), later)[0] if n.kind == "certificate"] == []


# --- the property: day by day, or only on the last day, ends in the same place; the same day twice, nothing ---

START = date(2025, 1, 1)


@st.composite
def scenarios(draw: st.DrawFn, max_span: int = 450) -> tuple[ReviewCase, date, date]:
    state = draw(st.sampled_from(ALL_STATES))
    opened = START + timedelta(days=draw(st.integers(0, 400)))
    last = opened + timedelta(days=draw(st.integers(0, 120)))
    entered = last - timedelta(days=draw(st.integers(0, (last - opened).days)))
    expires = draw(st.none() | st.integers(-40, 150).map(lambda n: last + timedelta(days=n)))
    takeover = draw(st.none() | st.integers(-30, 60).map(lambda n: last + timedelta(days=n)))
    start = last + timedelta(days=draw(st.integers(0, 40)))
    end = start + timedelta(days=draw(st.integers(0, max_span)))
    return ReviewCase(7, state, opened, last, entered, expires, takeover), start, end


def check_daily_and_once_agree(c: ReviewCase, start: date, end: date, pol: Policy) -> None:
    daily = ReviewLog()
    day = start
    while day <= end:
        notices, daily = review(c, daily, pol, day)
        assert len({n.kind for n in notices}) == len(notices)  # at most one notice per rule per review
        again, same = review(c, daily, pol, day)
        assert again == [], (day, again)  # the same day twice: nothing the second time
        assert same == daily
        nxt = next_review_on(c, daily, pol, day)
        assert nxt is None or nxt > day, (day, nxt)
        day += timedelta(days=1)
    notices, once = review(c, ReviewLog(), pol, end)
    assert len({n.kind for n in notices}) == len(notices)
    assert review(c, once, pol, end)[0] == []
    # each rule's latest notice is noticed either way
    assert once.horizon_month == daily.horizon_month
    assert (once.certificate_expires, once.certificate_days) == (daily.certificate_expires, daily.certificate_days)
    assert once.followup == daily.followup
    assert once.stall_episode == daily.stall_episode
    assert (once.stall_count > 0) == (daily.stall_count > 0) == is_stalled(c, pol, end)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(max_span=450))
def test_property_daily_reviews_and_one_late_review_agree_on_every_rule_but_the_horizon(
        scenario: tuple[ReviewCase, date, date]) -> None:
    c, start, end = scenario
    check_daily_and_once_agree(c, start, end, book_with(horizon_warning_months="never",
                                                        horizon_escalation_months="never").on(TODAY))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(max_span=450))
def test_property_daily_reviews_and_one_late_review_agree_within_the_first_13_months(
        scenario: tuple[ReviewCase, date, date]) -> None:
    c, start, end = scenario
    end = min(end, add_months(c.opened_on, 13) - timedelta(days=1))
    if end < start:
        return
    check_daily_and_once_agree(c, start, end, policy())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(max_span=450))
@example((ReviewCase(7, "searching", date(2025, 1, 15), date(2025, 2, 1), date(2025, 2, 1)),
          date(2025, 2, 1), date(2026, 4, 20)))
def test_property_daily_reviews_and_one_late_review_agree_on_every_rule(
        scenario: tuple[ReviewCase, date, date]) -> None:
    c, start, end = scenario
    check_daily_and_once_agree(c, start, end, policy())
