"""Reviews and reminders through the services, delivered to a real SMTP server (aiosmtpd on loopback).

Time moves with the `clock` fixture (no sleeps); each test reviews (`run_review`), delivers (`send_outbox`)
and looks at what the server received. Every email is checked the same way (`Inbox.read`): valid MIME with
a plain-text and an HTML part, in the app's language, its Message-ID that of its outbox row, and without
the household's identity number, income or debt. Every reminder queued and sent is in its case's history,
and the histories still verify.

The command line (`rto review run`, `rto outbox list|send`, `rto case list --stalled`) runs in-process
with the real clock moved by time-machine, delivering into a Maildir.
"""

from __future__ import annotations

import email
import email.policy
import mailbox
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine
from conftest import OSLO, QUIET_POLICY, FakeClock, InProcessRto, valid_nin
from helpers import as_json, database_rows, drive, new_case, outbox_rows, receive_papers
from sqlalchemy import select

from workflow.audit import verify_histories
from workflow.bootstrap import App, bootstrap
from workflow.cases import add_note, open_case, set_facts
from workflow.dispatch import send_outbox
from workflow.reviews import run_review
from workflow.schema import cases as cases_t
from workflow.schema import outbox as outbox_t
from workflow.steps import StepRequest, take_step
from workflow.views import case_history

NINS = tuple(valid_nin(day=d) for d in range(10, 20))  # one for each household a test registers
NIN = NINS[0]
INCOME = 61234
DEBT = 4321
SECRET_FACTS = [f"income_monthly={INCOME}", f"debt_monthly={DEBT}", "income_predictable=yes"]
TEAM = ["ola", "per", "siri", "sven"]  # caseworkers and supervisors (not the admin)
SUPERVISORS = ["siri", "sven"]
ADDRESS = {"ola": "ola@kommune.no", "per": "per@kommune.no", "siri": "siri@kommune.no", "sven": "sven@kommune.no"}

# What each kind of message says, in each language, somewhere in its subject.
SUBJECT_WORDS = {
    "nb": {"stalled": "står stille", "stalled_escalation": "står fortsatt stille",
           "horizon_warning": "har vært åpen i", "horizon_escalation": "ta stilling til videre arbeid",
           "certificate": "Finansieringsbeviset", "followup": "siden innflytting",
           "reassessment": "bør vurderes på nytt", "letter_ready": "brevet til husstanden er klart"},
    "nn": {"stalled": "står stille", "stalled_escalation": "står framleis stille",
           "horizon_warning": "har vore open i", "horizon_escalation": "ta stilling til vidare arbeid",
           "certificate": "Finansieringsbeviset", "followup": "sidan innflytting",
           "reassessment": "bør vurderast på nytt", "letter_ready": "brevet til hushaldet er klart"},
    "en": {"stalled": "has stalled", "stalled_escalation": "is still stalled",
           "horizon_warning": "has been open for", "horizon_escalation": "decide how to go on",
           "certificate": "financing certificate", "followup": "since moving in",
           "reassessment": "due for reassessment", "letter_ready": "the letter to the household is ready"},
}
# Mail the outbox carries that is not a reminder: the caseworker's notice that an approved decision's letter
# is ready (a case beyond `screened` had its help granted). It is checked like every email, and kept apart.
NOTICES = ("letter_ready",)
GREETING = {"nb": "Hei ", "nn": "Hei ", "en": "Hello "}
SIGN_OFF = {"nb": "Hilsen Boligtjenesten", "nn": "Helsing Boligtjenesten", "en": "Boligtjenesten"}  # [municipality]
NAMES = {"ola": "Ola Hansen", "per": "Per Berg", "siri": "Siri Leder", "sven": "Sven Fagleder"}


def amount_forms(value: int) -> set[str]:
    """An amount as any formatter might print it: plain, or grouped by space, nbsp, narrow nbsp, thin
    space, comma or dot."""
    plain = str(value)
    grouped = f"{value:,}"
    forms = {plain}
    for separator in (" ", "\u00a0", "\u202f", "\u2009", ",", "."):
        forms.add(grouped.replace(",", separator))
    return forms


def nin_forms(number: str) -> set[str]:
    return {number, f"{number[:6]} {number[6:]}", f"{number[:6]}-{number[6:]}"}


FORBIDDEN = amount_forms(INCOME) | amount_forms(DEBT) | {f for nin in NINS for f in nin_forms(nin)}


@dataclass
class Mail:
    kind: str
    to: str  # login
    case: int | None
    subject: str
    text: str
    html: str
    message_id: str


@dataclass
class Inbox:
    """The SMTP server's mail, read and checked one by one as it arrives."""

    app: App
    server: Any
    language: str = "nb"
    seen: int = 0
    mails: list[Mail] = field(default_factory=list)  # the reminders
    notices: list[Mail] = field(default_factory=list)  # the other mail (NOTICES)

    def review(self, as_of: date | None = None) -> list[dict[str, Any]]:
        return as_json(run_review(self.app, None, as_of))

    def deliver(self) -> list[Mail]:
        """Send what is due; the new reminders the server received, each checked (and the notices beside
        them, checked the same way, kept in `notices`)."""
        counts = send_outbox(self.app)
        received = self.server.received[self.seen:]
        self.seen += len(received)
        assert counts.sent == len(received), (counts, received)
        assert counts.retried == counts.failed == 0, counts
        read = [self.read(r) for r in received]
        new = [m for m in read if m.kind not in NOTICES]
        self.mails += new
        self.notices += [m for m in read if m.kind in NOTICES]
        return new

    def review_and_deliver(self, clock: FakeClock, day: str) -> tuple[list[dict[str, Any]], list[Mail]]:
        clock.set_day(day)
        queued = self.review()
        mails = self.deliver()
        assert sorted((q["kind"], q["to"]) for q in queued) == sorted((m.kind, m.to) for m in mails)
        return queued, mails

    def read(self, received: Any) -> Mail:
        message = email.message_from_bytes(received.data, policy=email.policy.default)
        assert not message.defects, message.defects
        assert message.get_content_type() == "multipart/alternative"
        parts = list(message.iter_parts())
        assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
        for part in parts:
            assert not part.defects, part.defects
            assert part.get_content_charset() == "utf-8"
        text, html = (p.get_content().replace("\r\n", "\n") for p in parts)  # SMTP carries CRLF lines
        assert isinstance(text, str) and isinstance(html, str)
        mid = header_value(message, "Message-ID")
        row = outbox_row(self.app, mid)
        assert row is not None, f"no outbox row has Message-ID {mid}"
        assert mid == row.message_id
        assert row.status == "sent"
        assert received.recipients == [row.address] == [ADDRESS[row.recipient]]
        assert str(message["To"]) == row.address
        subject = str(message["Subject"])
        assert subject == row.subject
        assert (text, html) == (row.body_text, row.body_html)
        self.check_language(row.kind, row.recipient, subject, text, html)
        # (the Message-ID, the Date and the MIME boundary are random or clock digits, checked elsewhere)
        headers = "\n".join(f"{k}: {v}" for k, v in message.items()
                             if k not in ("Message-ID", "Date", "Content-Type"))
        for where, content in (("headers", headers), ("text", text), ("html", html)):
            leaked = sorted(f for f in FORBIDDEN if f in content)
            assert not leaked, f"{where} of {row.kind} carries {leaked}:\n{content}"
        if row.case_id is not None:
            assert f"sak {row.case_id}" in text.lower() or f"case {row.case_id}" in text.lower()
            if row.kind == "letter_ready":  # the command to print the letter (never the letter itself)
                assert "rto decision letter " in text and "rto decision letter " in html
            elif row.kind != "followup":  # see test_the_followup_email_carries_the_command_to_open_the_case
                assert f"rto case show {row.case_id}" in text and f"rto case show {row.case_id}" in html
        return Mail(row.kind, row.recipient, row.case_id, subject, text, html, row.message_id)

    def check_language(self, kind: str, login: str, subject: str, text: str, html: str) -> None:
        lang = self.language
        assert SUBJECT_WORDS[lang][kind] in subject, (lang, kind, subject)
        for other in {"nb", "nn", "en"} - {lang}:
            if SUBJECT_WORDS[other][kind] != SUBJECT_WORDS[lang][kind]:
                assert SUBJECT_WORDS[other][kind] not in subject
        assert text.startswith(f"{GREETING[lang]}{NAMES[login]},"), text
        assert text.rstrip().endswith(SIGN_OFF[lang]), text
        assert f'<html lang="{lang}">' in html
        assert f"{GREETING[lang]}{NAMES[login]}," in html
        for leftover in ("{{", "}}", "{%", "None"):
            assert leftover not in text and leftover not in html and leftover not in subject


def header_value(message: Any, name: str) -> str:
    """A header's value, unfolded (the long Message-ID is folded onto a continuation line, which RFC 5322
    allows; Python's parser then keeps the folding space)."""
    values = message.get_all(name) or []
    assert len(values) == 1, (name, values)
    return " ".join(str(values[0]).split())


def outbox_row(app: App, message_id: str) -> Any:
    with app.db.transaction() as conn:
        rows = conn.execute(select(outbox_t).where(outbox_t.c.message_id == message_id)).all()
    assert len(rows) <= 1
    return rows[0] if rows else None


def sensitive_case(app: App, target: str = "screened", name: str = "Familien Berg", nin: str = NIN) -> int:
    """A case whose household has an identity number, an income of 61,234 and debts of 4,321 a month."""
    case_id = new_case(app, name=name, nins=[nin])
    if target not in ("screened", "moved_in"):
        drive(app, case_id, target)
    elif target == "moved_in":
        drive(app, case_id, "contracted")
    set_facts(app, "ola", case_id, SECRET_FACTS)
    if target == "moved_in":
        set_facts(app, "ola", case_id, ["tenancy_ended=yes"])
        receive_papers(app, case_id, "moved_in")
        take_step(app, "ola", case_id, StepRequest("moved_in"))
    return case_id


def check_histories(app: App, inbox: Inbox) -> None:
    """Each email sent about a case is a reminder_sent event of that case (with its Message-ID), after a
    reminder_queued event for its notice; the histories still verify."""
    every = inbox.mails + inbox.notices
    for case_id in {m.case for m in every if m.case is not None}:
        events = as_json(case_history(app, "ola", case_id))
        sent = sorted(e["details"]["message_id"] for e in events if e["kind"] == "reminder_sent")
        assert sent == sorted(m.message_id for m in every if m.case == case_id)
        queued = [e["details"] for e in events if e["kind"] == "reminder_queued"]
        for mail in (m for m in every if m.case == case_id):
            assert any(q["notice"] == mail.kind and mail.to in q["to"] for q in queued), (mail, queued)
        # reminders are the system's; a notice is queued by the staff member whose act it tells of (an approval)
        assert all(e["actor"] == "rto" for e in events
                   if e["kind"].startswith("reminder_") and e["details"]["notice"] not in NOTICES
                   or e["kind"] == "reminder_sent")
    assert verify_histories(app, "siri").ok is True


def kinds(mails: list[Mail], *wanted: str) -> list[tuple[str, str]]:
    return sorted((m.kind, m.to) for m in mails if not wanted or m.kind in wanted)


@pytest.fixture
def inbox(mailing_app: App, smtp: Any) -> Inbox:
    return Inbox(mailing_app, smtp)


@pytest.fixture
def english(database_url: str, clock: FakeClock, smtp: Any) -> Iterator[Inbox]:
    application = bootstrap({"RTO_LANGUAGE": "en"}, config_file=QUIET_POLICY, database_url=database_url, clock=clock)
    application.sender_factory = smtp.sender
    yield Inbox(application, smtp, language="en")
    application.close()


# --- stalled cases ---------------------------------------------------------------------------------------------

def test_a_stalled_case_emails_its_caseworker_exactly_once(inbox: Inbox, clock: FakeClock) -> None:
    app = inbox.app
    clock.set_day("2026-01-05")
    case_id = sensitive_case(app)
    queued, mails = inbox.review_and_deliver(clock, "2026-02-04")  # 30 days: not yet longer than 30
    assert queued == [] and mails == []

    queued, mails = inbox.review_and_deliver(clock, "2026-02-05")
    assert [(q["case"], q["kind"], q["to"], q["address"]) for q in queued] == [
        (case_id, "stalled", "ola", "ola@kommune.no")]
    assert kinds(mails) == [("stalled", "ola")]
    mail = mails[0]
    assert mail.case == case_id
    assert mail.subject == f"Sak {case_id} står stille: ingen aktivitet på 31 dager"
    assert "05.01.2026" in mail.text and "(B.)" in mail.text and "Familien Berg" not in mail.text
    assert "F. B." not in mail.text  # "Familien" is no one's initial

    # a second review the same day (and later that day) queues and sends nothing
    assert inbox.review() == []
    clock.advance(hours=6)
    assert inbox.review() == []
    assert inbox.deliver() == []
    assert len(outbox_rows(app)) == 1
    assert len(inbox.server.received) == 1
    events = as_json(case_history(app, "ola", case_id))
    assert [e["kind"] for e in events].count("reminder_queued") == 1
    assert [e["kind"] for e in events].count("reminder_sent") == 1
    queued_event = next(e for e in events if e["kind"] == "reminder_queued")
    assert queued_event["details"]["notice"] == "stalled" and queued_event["details"]["to"] == ["ola"]
    check_histories(app, inbox)


def test_a_review_that_sends_a_reminder_sets_the_case_aside_until_the_next_one_is_due(inbox: Inbox,
                                                                                      clock: FakeClock) -> None:
    app = inbox.app
    clock.set_day("2026-01-05")
    case_id = sensitive_case(app)
    assert kinds(inbox.review_and_deliver(clock, "2026-02-05")[1]) == [("stalled", "ola")]
    with app.db.transaction() as conn:
        due = conn.execute(select(cases_t.c.review_due_on).where(cases_t.c.id == case_id)).scalar_one()
    assert str(due) == "2026-02-19"  # the second reminder's day: the reviews until then need not read it


def test_after_two_unanswered_reminders_the_supervisors_get_an_escalation(inbox: Inbox, clock: FakeClock) -> None:
    app = inbox.app
    clock.set_day("2026-01-05")
    case_id = sensitive_case(app)
    assert kinds(inbox.review_and_deliver(clock, "2026-02-05")[1]) == [("stalled", "ola")]
    assert inbox.review_and_deliver(clock, "2026-02-12")[1] == []
    _, mails = inbox.review_and_deliver(clock, "2026-02-19")
    assert kinds(mails) == [("stalled", "ola")]
    assert "påminnelse nr. 2" in mails[0].text
    assert inbox.review_and_deliver(clock, "2026-03-04")[1] == []
    _, mails = inbox.review_and_deliver(clock, "2026-03-05")
    assert kinds(mails) == [("stalled_escalation", "siri"), ("stalled_escalation", "sven")]
    for mail in mails:
        assert mail.case == case_id
        assert mail.subject == f"Sak {case_id} står fortsatt stille etter 2 påminnelser"
        assert "saksbehandler Ola Hansen" in mail.text
    assert inbox.review_and_deliver(clock, "2026-03-05")[1] == []
    check_histories(app, inbox)


def test_a_case_still_contracted_a_week_after_the_takeover_asks_for_the_move(inbox: Inbox,
                                                                            clock: FakeClock) -> None:
    app = inbox.app
    clock.set_day("2026-01-05")
    case_id = sensitive_case(app, "contracted")
    set_facts(app, "ola", case_id, ["takeover_date=2026-02-01"])
    assert inbox.review_and_deliver(clock, "2026-02-08")[1] == []  # 7 days past the takeover: not yet
    _, mails = inbox.review_and_deliver(clock, "2026-02-09")
    assert kinds(mails) == [("stalled", "ola")]
    mail = mails[0]
    assert mail.subject == f"Sak {case_id} står stille: innflytting ikke registrert 8 dager etter overtakelsen"
    assert "8 dager etter overtakelsen 01.02.2026" in mail.text
    assert "Registrer innflyttingen" in mail.text and "på vent" not in mail.text
    assert "uten aktivitet" not in mail.text and "uten aktivitet" not in mail.html


def test_a_paused_case_left_for_three_months_suggests_resuming_not_pausing(inbox: Inbox,
                                                                          clock: FakeClock) -> None:
    app = inbox.app
    clock.set_day("2026-01-07")
    case_id = sensitive_case(app)
    take_step(app, "ola", case_id, StepRequest("paused", reason="Husstanden venter på ny jobb."))
    assert inbox.review_and_deliver(clock, "2026-04-07")[1] == []  # 90 days: not yet longer than 90
    _, mails = inbox.review_and_deliver(clock, "2026-04-08")
    assert kinds(mails) == [("stalled", "ola")]
    mail = mails[0]
    assert "«på vent»" in mail.text and "uten aktivitet siden 07.01.2026" in mail.text
    assert "gjenoppta saken" in mail.text and "gjenoppta saken" in mail.html
    assert "sett saken på vent" not in mail.text and "sett saken på vent" not in mail.html


def test_activity_between_reminders_resets_the_ladder(inbox: Inbox, clock: FakeClock) -> None:
    app = inbox.app
    clock.set_day("2026-01-05")
    case_id = sensitive_case(app)
    assert kinds(inbox.review_and_deliver(clock, "2026-02-05")[1]) == [("stalled", "ola")]
    clock.set_day("2026-02-10")
    add_note(app, "ola", case_id, "Ringte husstanden; de leter etter dokumentasjon.")
    for day in ("2026-02-19", "2026-03-05", "2026-03-12"):  # the old ladder's days: nothing
        assert inbox.review_and_deliver(clock, day)[1] == [], day
    _, mails = inbox.review_and_deliver(clock, "2026-03-13")  # 31 days after the note: a new first reminder
    assert kinds(mails) == [("stalled", "ola")]
    assert "10.02.2026" in mails[0].text and "påminnelse nr." not in mails[0].text
    assert kinds(inbox.review_and_deliver(clock, "2026-03-27")[1]) == [("stalled", "ola")]
    assert kinds(inbox.review_and_deliver(clock, "2026-04-10")[1]) == [("stalled_escalation", "siri"),
                                                                       ("stalled_escalation", "sven")]
    check_histories(app, inbox)


def test_a_review_after_40_days_of_downtime_catches_up_once(inbox: Inbox, clock: FakeClock) -> None:
    app = inbox.app
    clock.set_day("2026-01-05")
    sensitive_case(app)
    assert kinds(inbox.review_and_deliver(clock, "2026-02-05")[1]) == [("stalled", "ola")]
    # down from 6 February to 16 March: the second reminder (19 Feb) and the escalation (5 Mar) were missed
    queued, mails = inbox.review_and_deliver(clock, "2026-03-17")
    assert [(q["kind"], q["to"]) for q in queued] == [("stalled", "ola")]
    assert len(mails) == 1 and "påminnelse nr. 2" in mails[0].text
    for day in ("2026-03-18", "2026-03-19", "2026-03-30"):
        assert inbox.review_and_deliver(clock, day)[1] == [], day
    assert kinds(inbox.review_and_deliver(clock, "2026-03-31")[1]) == [("stalled_escalation", "siri"),
                                                                       ("stalled_escalation", "sven")]
    check_histories(app, inbox)


def test_a_case_never_reviewed_for_40_days_past_its_threshold_gets_one_reminder(inbox: Inbox,
                                                                                clock: FakeClock) -> None:
    clock.set_day("2026-01-05")
    sensitive_case(inbox.app)
    queued, mails = inbox.review_and_deliver(clock, "2026-03-16")
    assert [(q["kind"], q["to"]) for q in queued] == [("stalled", "ola")]
    assert len(mails) == 1 and len(outbox_rows(inbox.app)) == 1
    assert inbox.review_and_deliver(clock, "2026-03-17")[1] == []
    check_histories(inbox.app, inbox)


def test_a_review_before_easter_sends_what_falls_due_over_the_holidays(inbox: Inbox, clock: FakeClock) -> None:
    """Stalled on Maundy Thursday (2 April 2026): Thursday, Good Friday, the weekend and Easter Monday have no
    review, so the review on Wednesday 1 April sends it, and the one on Tuesday 7 April does not again."""
    clock.set_day("2026-03-02")
    sensitive_case(inbox.app)
    assert inbox.review_and_deliver(clock, "2026-03-31")[1] == []
    queued, mails = inbox.review_and_deliver(clock, "2026-04-01")
    assert [(q["kind"], q["due_on"]) for q in queued] == [("stalled", "2026-04-02")]
    assert kinds(mails) == [("stalled", "ola")]
    assert inbox.review_and_deliver(clock, "2026-04-07")[1] == []
    check_histories(inbox.app, inbox)


# --- the horizon -----------------------------------------------------------------------------------------------

def test_the_9_month_warning_the_12_month_escalation_and_then_monthly(inbox: Inbox, clock: FakeClock) -> None:
    app = inbox.app
    clock.set_day("2026-01-05")
    case_id = sensitive_case(app)
    horizon = ("horizon_warning", "horizon_escalation")

    def on(day: str) -> list[Mail]:
        return [m for m in inbox.review_and_deliver(clock, day)[1] if m.kind in horizon]

    assert on("2026-10-02") == []  # a Friday: looks ahead to Sunday, not to Monday the 5th
    mails = on("2026-10-05")
    assert kinds(mails) == [("horizon_warning", "ola")]
    assert mails[0].subject == f"Sak {case_id} har vært åpen i 9 måneder"
    assert "05.01.2026" in mails[0].text
    assert on("2026-10-06") == []
    assert on("2027-01-04") == []
    mails = on("2027-01-05")
    assert kinds(mails) == [("horizon_escalation", "siri"), ("horizon_escalation", "sven")]
    assert all(m.subject == f"Sak {case_id} har vært åpen i 12 måneder: ta stilling til videre arbeid"
               for m in mails)
    assert on("2027-01-05") == []
    assert on("2027-02-04") == []
    mails = on("2027-02-05")
    assert kinds(mails) == [("horizon_escalation", "siri"), ("horizon_escalation", "sven")]
    assert all("13 måneder" in m.subject for m in mails)
    mails = on("2027-03-05")
    assert all("14 måneder" in m.subject for m in mails) and len(mails) == 2
    check_histories(app, inbox)


def test_downtime_past_the_horizon_escalates_once(inbox: Inbox, clock: FakeClock) -> None:
    clock.set_day("2026-01-05")
    sensitive_case(inbox.app)
    inbox.review_and_deliver(clock, "2026-10-05")  # the 9-month warning
    # down from October until April 2027: 15 months open
    mails = [m for m in inbox.review_and_deliver(clock, "2027-04-05")[1] if m.kind.startswith("horizon")]
    assert all("15 måneder" in m.subject for m in mails) and len(mails) == 2
    later = [m for day in ("2027-04-06", "2027-04-07", "2027-04-08")
             for m in inbox.review_and_deliver(clock, day)[1] if m.kind.startswith("horizon")]
    assert later == []


# --- certificates ------------------------------------------------------------------------------------------

def test_certificate_expiry_30_and_7_days_before_and_on_the_day(inbox: Inbox, clock: FakeClock) -> None:
    app = inbox.app
    case_id = sensitive_case(app, "searching")
    set_facts(app, "ola", case_id, ["certificate_expires=2026-05-20"])

    def on(day: str) -> list[Mail]:
        return [m for m in inbox.review_and_deliver(clock, day)[1] if m.kind == "certificate"]

    assert on("2026-04-17") == []
    mails = on("2026-04-20")
    assert kinds(mails) == [("certificate", "ola")]
    assert mails[0].subject == f"Finansieringsbeviset i sak {case_id} utløper om 30 dager"
    assert "20.05.2026" in mails[0].text and "«boligsøk»" in mails[0].text
    assert on("2026-04-21") == []
    assert on("2026-05-12") == []
    mails = on("2026-05-13")
    assert [m.subject for m in mails] == [f"Finansieringsbeviset i sak {case_id} utløper om 7 dager"]
    assert on("2026-05-19") == []
    mails = on("2026-05-20")
    assert [m.subject for m in mails] == [f"Finansieringsbeviset i sak {case_id} utløper i dag"]
    assert on("2026-05-21") == []
    check_histories(app, inbox)


def test_the_expiry_notice_is_not_queued_again_by_later_reviews(inbox: Inbox, clock: FakeClock) -> None:
    app = inbox.app
    clock.set_day("2026-02-10")  # the case exists before the first review below (time only moves on)
    case_id = sensitive_case(app, "searching")
    set_facts(app, "ola", case_id, ["certificate_expires=2026-03-20"])
    for day in ("2026-02-18", "2026-03-13", "2026-03-20"):
        inbox.review_and_deliver(clock, day)
    assert [m.kind for m in inbox.mails].count("certificate") == 3
    clock.set_day("2026-05-04")  # the case is stalled (60 days in searching): it is reviewed again
    queued = inbox.review()
    assert [(q["kind"], q["to"]) for q in queued] == [("stalled", "ola")]
    notices = [e["details"]["notice"] for e in as_json(case_history(app, "ola", case_id))
               if e["kind"] == "reminder_queued"]
    assert notices.count("certificate") == 3


# --- follow-up after purchase ------------------------------------------------------------------------------

def test_a_followup_six_months_after_moving_in(inbox: Inbox, clock: FakeClock) -> None:
    app = inbox.app
    case_id = sensitive_case(app, "moved_in")  # moved in on 2 March 2026
    assert inbox.review_and_deliver(clock, "2026-06-01")[1] == []
    assert inbox.review_and_deliver(clock, "2026-09-01")[1] == []
    queued, mails = inbox.review_and_deliver(clock, "2026-09-02")
    assert [(q["case"], q["kind"], q["to"]) for q in queued] == [(case_id, "followup", "ola")]
    assert mails[0].subject == f"Sak {case_id}: 6 måneder siden innflytting – ta kontakt med husstanden"
    assert "02.03.2026" in mails[0].text
    for day in ("2026-09-02", "2026-09-03", "2027-03-02"):
        assert inbox.review_and_deliver(clock, day)[1] == [], day
    check_histories(app, inbox)


def test_the_followup_email_carries_the_command_to_open_the_case(inbox: Inbox, clock: FakeClock) -> None:
    case_id = sensitive_case(inbox.app, "moved_in")
    _, mails = inbox.review_and_deliver(clock, "2026-09-02")
    assert [m.kind for m in mails] == ["followup"]
    assert f"rto case show {case_id}" in mails[0].text
    assert f"rto case show {case_id}" in mails[0].html


# --- the reassessment digest ---------------------------------------------------------------------------------

def closed_case(app: App, name: str, facts: list[str], nin: str) -> tuple[int, int]:
    """A household whose case was closed without a purchase; (household, case)."""
    case_id = new_case(app, name=name, nins=[nin])
    set_facts(app, "ola", case_id, facts)
    take_step(app, "ola", case_id, StepRequest("closed", reason="Ønsket å vente.", outcome="declined"))
    events = as_json(case_history(app, "ola", case_id))
    return int(events[0]["details"]["household"]), case_id


def test_the_monthly_reassessment_digest_goes_to_the_whole_team(inbox: Inbox, clock: FakeClock) -> None:
    app = inbox.app
    clock.set_day("2026-01-05")
    due, due_case = closed_case(app, "Familien Aas", SECRET_FACTS, NINS[1])
    unpredictable, _ = closed_case(app, "Familien Bakke", [f"income_monthly={INCOME}", "income_predictable=no"],
                                   NINS[2])
    reopened, _ = closed_case(app, "Familien Dahl", SECRET_FACTS, NINS[3])
    again = open_case(app, "ola", reopened).id  # an open case again
    set_facts(app, "ola", again, ["income_predictable=yes"])
    clock.set_day("2026-06-01")
    recent, _ = closed_case(app, "Familien Eide", SECRET_FACTS, NINS[4])  # assessed less than 12 months ago

    queued, mails = inbox.review_and_deliver(clock, "2027-02-08")
    digests = [m for m in mails if m.kind == "reassessment"]
    assert kinds(digests) == [("reassessment", login) for login in TEAM]
    assert sorted(q["to"] for q in queued if q["kind"] == "reassessment") == TEAM
    for mail in digests:
        assert mail.case is None
        # the whole register is reassessed, a household whose income was not predictable too
        assert mail.subject == "2 husstander bør vurderes på nytt (februar 2027)"
        assert f"rto household assess {due}" in mail.text and "(A.)" in mail.text  # not "F." for "Familien"
        assert f"i sak {due_case}" in mail.text and "05.01.2026" in mail.text
        assert f"rto household assess {unpredictable}" in mail.text
        for other in (reopened, recent):
            assert f"rto household assess {other}" not in mail.text
    # once a month: not again in February, again in March
    assert [m for m in inbox.review_and_deliver(clock, "2027-02-09")[1] if m.kind == "reassessment"] == []
    march = [m for m in inbox.review_and_deliver(clock, "2027-03-08")[1] if m.kind == "reassessment"]
    assert kinds(march) == [("reassessment", login) for login in TEAM]
    assert all("(mars 2027)" in m.subject for m in march)
    check_histories(app, inbox)


def test_no_digest_without_a_household_due(inbox: Inbox, clock: FakeClock) -> None:
    clock.set_day("2026-01-05")
    case_id = new_case(inbox.app, name="Familien Bakke", nins=[NINS[1]])  # moved away: out of the register
    take_step(inbox.app, "ola", case_id, StepRequest("closed", reason="Flyttet.", outcome="moved_away"))
    clock.set_day("2026-06-01")
    closed_case(inbox.app, "Familien Eide", SECRET_FACTS, NINS[2])  # assessed in its case eight months ago
    assert inbox.review_and_deliver(clock, "2027-02-08")[1] == []
    assert outbox_rows(inbox.app) == []


# --- English -------------------------------------------------------------------------------------------------

def test_reminders_are_in_english_when_the_app_language_is_en(english: Inbox, clock: FakeClock) -> None:
    app = english.app
    clock.set_day("2026-01-05")
    case_id = sensitive_case(app)
    searching = sensitive_case(app, "searching", name="Familien Lie", nin=NINS[1])
    set_facts(app, "ola", searching, ["certificate_expires=2026-03-12"])
    _, mails = english.review_and_deliver(clock, "2026-02-05")
    assert kinds(mails) == [("stalled", "ola")]
    assert mails[0].subject == f"Case {case_id} has stalled: no activity for 31 days"
    assert "5 Jan 2026" in mails[0].text and 'has been at "screened"' in mails[0].text
    assert "the state" not in mails[0].text and "the state" not in mails[0].html  # English: "is at", "has the status"
    _, mails = english.review_and_deliver(clock, "2026-02-10")
    assert [m.subject for m in mails] == [f"The financing certificate in case {searching} expires in 30 days"]
    assert "12 Mar 2026" in mails[0].text and 'The case has the status "searching"' in mails[0].text
    assert "the state" not in mails[0].text and "the state" not in mails[0].html
    assert kinds(english.review_and_deliver(clock, "2026-02-19")[1]) == [("stalled", "ola")]
    _, mails = english.review_and_deliver(clock, "2026-03-05")
    assert kinds(mails) == [("certificate", "ola"), ("stalled_escalation", "siri"), ("stalled_escalation", "sven")]
    stalled = [m for m in mails if m.case == case_id]
    assert all(m.subject == f"Case {case_id} is still stalled after 2 reminders" for m in stalled)
    assert all("caseworker Ola Hansen" in m.text for m in stalled)
    assert [m.subject for m in mails if m.case == searching] == [
        f"The financing certificate in case {searching} expires in 7 days"]
    check_histories(app, english)


@pytest.fixture
def nynorsk(database_url: str, clock: FakeClock, smtp: Any) -> Iterator[Inbox]:
    application = bootstrap({"RTO_LANGUAGE": "nn"}, config_file=QUIET_POLICY, database_url=database_url, clock=clock)
    application.sender_factory = smtp.sender
    yield Inbox(application, smtp, language="nn")
    application.close()


def test_reminders_are_in_nynorsk_when_the_app_language_is_nn(nynorsk: Inbox, clock: FakeClock) -> None:
    app = nynorsk.app
    clock.set_day("2026-01-05")
    case_id = sensitive_case(app)
    searching = sensitive_case(app, "searching", name="Familien Lie", nin=NINS[1])
    set_facts(app, "ola", searching, ["certificate_expires=2026-03-12"])
    _, mails = nynorsk.review_and_deliver(clock, "2026-02-05")
    assert kinds(mails) == [("stalled", "ola")]
    assert mails[0].subject == f"Sak {case_id} står stille: ingen aktivitet på 31 dagar"
    assert "har hatt status «kartlagd» utan aktivitet sidan 05.01.2026" in mails[0].text
    _, mails = nynorsk.review_and_deliver(clock, "2026-02-10")
    assert [m.subject for m in mails] == [f"Finansieringsbeviset i sak {searching} går ut om 30 dagar"]
    assert "Saka har status «bustadsøk»" in mails[0].text
    assert kinds(nynorsk.review_and_deliver(clock, "2026-02-19")[1]) == [("stalled", "ola")]
    _, mails = nynorsk.review_and_deliver(clock, "2026-03-05")
    assert kinds(mails) == [("certificate", "ola"), ("stalled_escalation", "siri"), ("stalled_escalation", "sven")]
    assert all("sakshandsamar Ola Hansen" in m.text for m in mails if m.case == case_id)
    check_histories(app, nynorsk)


# --- dry run -------------------------------------------------------------------------------------------------

def test_a_dry_run_says_what_would_be_queued_and_writes_nothing(inbox: Inbox, clock: FakeClock,
                                                               database_url: str) -> None:
    app = inbox.app
    clock.set_day("2026-01-05")
    case_id = sensitive_case(app)
    other = sensitive_case(app, "searching", name="Familien Lie", nin=NINS[1])
    # the notice that `other`'s decision letter is ready goes out first: the outbox then holds no reminder
    assert inbox.deliver() == [] and kinds(inbox.notices) == [("letter_ready", "ola")]
    outbox = outbox_rows(app)
    assert [r.status for r in outbox] == ["sent"]
    clock.set_day("2026-02-05")
    before = database_rows(database_url)
    history = as_json(case_history(app, "ola", case_id))
    would = as_json(run_review(app, "siri", dry_run=True))
    assert sorted((q["case"], q["kind"], q["to"]) for q in would) == [(case_id, "stalled", "ola")]
    assert as_json(run_review(app, None, dry_run=True)) == would
    assert outbox_rows(app) == outbox
    assert database_rows(database_url) == before
    assert as_json(case_history(app, "ola", case_id)) == history
    assert send_outbox(app).sent == 0 and len(inbox.server.received) == inbox.seen
    done = as_json(run_review(app, None))
    assert done == would
    assert other not in {q["case"] for q in done}
    assert len(outbox_rows(app)) == len(outbox) + 1


# --- the command line ------------------------------------------------------------------------------------------

def test_the_review_and_outbox_commands(rto: InProcessRto, app: App, clock: FakeClock, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    maildir = tmp_path / "mail"
    monkeypatch.setenv("RTO_MAILDIR", str(maildir))
    clock.set_day("2026-01-05")
    case_id = sensitive_case(app)
    quiet = sensitive_case(app, name="Familien Lie", nin=NINS[1])
    clock.set_day("2026-01-20")
    add_note(app, "ola", quiet, "Møte avtalt.")

    with time_machine.travel(datetime(2026, 2, 5, 10, 0, tzinfo=OSLO), tick=False):
        listed = rto("case", "list", "--stalled", "--json")
        assert listed.code == 0, listed
        assert [(c["id"], c["state"], c["stalled_since"]) for c in listed.json] == [
            (case_id, "screened", "2026-01-05")]
        everyone = rto("case", "list", "--json")
        assert {c["id"] for c in everyone.json} == {case_id, quiet}

        denied = rto("--as", "ola", "review", "run")
        assert denied.code == 5, denied
        bad = rto("--as", "siri", "review", "run", "--as-of", "2026-13-01")
        assert bad.code == 2, bad
        assert "2026-13-01" in bad.err
        bad_default_user = rto("review", "run", "--as-of", "2026-13-01")
        assert bad_default_user.code == 2, bad_default_user
        assert outbox_rows(app) == []

        dry = rto("--as", "siri", "review", "run", "--dry-run", "--json")
        assert dry.code == 0, dry
        assert [(q["case"], q["kind"], q["to"]) for q in dry.json] == [(case_id, "stalled", "ola")]
        assert outbox_rows(app) == []

        ran = rto("--as", "siri", "review", "run", "--json")
        assert ran.code == 0, ran
        assert [{k: q[k] for k in ("case", "kind", "to")} for q in ran.json] == [
            {"case": case_id, "kind": "stalled", "to": "ola"}]
        again = rto("--as", "siri", "review", "run", "--json")
        assert again.code == 0 and again.json == [], again

        listing = rto("--as", "siri", "outbox", "list", "--json")
        assert listing.code == 0, listing
        assert [(m["case"], m["kind"], m["to"], m["address"], m["status"]) for m in listing.json] == [
            (case_id, "stalled", "ola", "ola@kommune.no", "pending")]
        message_id = listing.json[0]["message_id"]
        assert rto("--as", "ola", "outbox", "list", "--json").code == 5

        assert rto("outbox", "send", "--json").code == 5  # ola, a caseworker, does not deliver the office's mail
        sent = rto("--as", "siri", "outbox", "send", "--json")
        assert sent.code == 0, sent
        assert sent.json == {"sent": 1, "retried": 0, "failed": 0}
        assert rto("--as", "siri", "outbox", "send", "--json").json == {"sent": 0, "retried": 0, "failed": 0}
        after = rto("--as", "siri", "outbox", "list", "--json")
        assert [(m["status"], m["attempts"], m["message_id"]) for m in after.json] == [("sent", 1, message_id)]
        assert after.json[0]["sent_at"].startswith("2026-02-05T10:00")

        future = rto("--as", "siri", "review", "run", "--as-of", "2026-02-19")
        assert future.code == 2 and "--dry-run" in future.err, future  # it would send now what is not due

    with time_machine.travel(datetime(2026, 2, 19, 10, 0, tzinfo=OSLO), tick=False):
        human = rto("--as", "siri", "review", "run", "--as-of", "2026-02-19")
        assert human.code == 0, human
        assert "står stille" in human.out and "ola@kommune.no" in human.out

    box = mailbox.Maildir(maildir, create=False)
    messages = [email.message_from_bytes(box.get_bytes(key), policy=email.policy.default) for key in box.iterkeys()]
    assert len(messages) == 1
    message = messages[0]
    assert header_value(message, "Message-ID") == message_id
    assert message.get_content_type() == "multipart/alternative"
    parts = list(message.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    text = parts[0].get_content()
    assert str(message["Subject"]) == f"Sak {case_id} står stille: ingen aktivitet på 31 dager"
    assert text.startswith("Hei Ola Hansen,")
    for content in (text, parts[1].get_content(), str(message["Subject"])):
        assert not [f for f in FORBIDDEN if f in content]
    kinds_in_history = [e["kind"] for e in as_json(case_history(app, "ola", case_id))]
    assert kinds_in_history.count("reminder_queued") == 2  # 5 Feb, and 19 Feb (--as-of)
    assert kinds_in_history.count("reminder_sent") == 1
    assert verify_histories(app, "siri").ok is True
