"""Decisions on individual assistance (enkeltvedtak): `rto decision propose|approve|reject|list|show|letter`.

A caseworker proposes on their own case, with the content of the help and the reasons; a supervisor who is
not the proposer approves or rejects. Each step is an event in the case's history (which `audit verify`
checks the decision rows against) and sets the case's summary of its decisions, which its guards read. On
approval the caseworker is told that the letter is ready; the letter itself carries personal data and is
never emailed: it is printed, or sent by secure digital post.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from notifications.messages import render
from states.decisions import (
    APPROVED,
    KINDS,
    PROPOSED,
    REJECTED,
    DecisionRecord,
    require_may_decide,
    require_may_propose,
    summary,
)
from states.errors import InvalidInput, NotFound, Refused
from states.facts import free_text
from states.history import EventKind, NewEvent
from states.journey import TERMINAL, CaseState
from states.roles import Actor, Role, require_case_access, require_role
from workflow import unit_of_work
from workflow.bootstrap import App
from workflow.outbox import Enqueue, Message
from workflow.repository import CaseSnapshot, from_db_time
from workflow.results_people import DecisionMade, DecisionView, Letter
from workflow.schema import cases as cases_t
from workflow.schema import decisions as decisions_t
from workflow.schema import staff as staff_t
from workflow.unit_of_work import Plan, Work, change_case
from workflow.writes import AccessRecord, CaseChange, ChangeKind, DecisionValues, NewRow, Write

FORMATS = ("html", "pdf")


def _view(row: Any) -> DecisionView:
    return DecisionView(row.id, row.case_id, row.kind, row.status, row.content, row.reasons, row.proposed_by,
                        from_db_time(row.proposed_at), row.decided_by,
                        from_db_time(row.decided_at) if row.decided_at is not None else None, row.note)


def _decision_row(work: Work, decision_id: int) -> Any:
    row = work.conn.execute(select(decisions_t).where(decisions_t.c.id == decision_id)).first()
    if row is None:
        raise NotFound("decision_not_found", decision=decision_id)
    return row


def propose(app: App, login: str, case_id: int, kind: str, reason: str, content: str | None = None) -> DecisionMade:
    """A caseworker's proposal on their own case (a supervisor's on any): it waits for another's approval."""
    if kind not in KINDS:
        raise InvalidInput("bad_decision_kind", value=kind, valid=", ".join(KINDS))
    reasons = free_text("--reason", reason)
    text = free_text("--content", content) if content is not None and content.strip() else None

    def decide(work: Work, actor: Actor, snap: CaseSnapshot) -> Plan[DecisionMade]:
        require_case_access(actor, snap.caseworker, snap.id)
        require_may_propose(kind, snap.decisions, snap.id, CaseState(snap.state) not in TERMINAL)

        def recorded(decision_id: int) -> list[Write]:
            event = NewEvent(EventKind.DECISION_PROPOSED.value, snap.state, None,
                             {"decision": decision_id, "kind": kind, "content": text, "reasons": reasons})
            return [CaseChange(snap, [event], {"decisions": _summary(snap, kind, PROPOSED)}, kind=ChangeKind.RECORD)]

        row = {"case_id": case_id, "kind": kind, "status": PROPOSED, "content": text, "reasons": reasons}
        return Plan(writes=[NewRow(decisions_t, row, "decision", ("proposed_at", "proposed_by"), recorded)],
                    finish=lambda created: DecisionMade(created["decision"], PROPOSED, case_id))

    return change_case(app, login, case_id, decide)


def approve(app: App, login: str, decision_id: int, note: str | None = None) -> DecisionMade:
    """A supervisor other than the proposer approves: the decision is made, and the caseworker is told that
    its letter is ready."""
    text = free_text("--note", note) if note is not None and note.strip() else None
    return _decide(app, login, decision_id, APPROVED, text)


def reject(app: App, login: str, decision_id: int, reason: str) -> DecisionMade:
    """A supervisor other than the proposer rejects the proposal, with a reason; the caseworker may propose anew."""
    return _decide(app, login, decision_id, REJECTED, free_text("--reason", reason))


def _decide(app: App, login: str, decision_id: int, status: str, note: str | None) -> DecisionMade:
    def decide(work: Work) -> Plan[DecisionMade]:
        row = _decision_row(work, decision_id)
        actor, snap = work.actor_and_case(row.case_id)
        require_may_decide(actor, DecisionRecord(row.id, row.case_id, row.kind, row.status, row.proposed_by))
        if status == APPROVED and row.kind != "help_ended" and CaseState(snap.state) in TERMINAL:
            raise Refused("case_terminal", case=snap.id)
        kind = EventKind.DECISION_APPROVED if status == APPROVED else EventKind.DECISION_REJECTED
        details: dict[str, Any] = {"decision": row.id, "kind": row.kind}
        if note is not None:
            details["note"] = note
        told = _tell(work, row, snap, status)
        events = [NewEvent(kind.value, snap.state, None, details)]
        if told:  # as every message about a case: queued (here), then sent or failed (the dispatcher)
            events.append(NewEvent(EventKind.REMINDER_QUEUED.value, snap.state, None,
                                   {"notice": told[0].message.kind, "decision": row.id,
                                    "to": [t.message.recipient for t in told]}))
        writes: list[Write] = [
            DecisionValues(row.id, {"status": status, "note": note}),
            CaseChange(snap, events, {"decisions": _summary(snap, row.kind, status)}, kind=ChangeKind.RECORD),
            *told,
        ]
        return Plan(DecisionMade(row.id, status, row.case_id), writes)

    return unit_of_work.run(app, login, decide)


def _summary(snap: CaseSnapshot, kind: str, status: str) -> str:
    return json.dumps(summary(snap.decisions, kind, status), sort_keys=True)


def _tell(work: Work, row: Any, snap: CaseSnapshot, status: str) -> list[Enqueue]:
    """The caseworker (and the proposer, if another) learns the outcome by mail: no personal data, and never
    the letter itself, only that it is ready and how to print it."""
    from workflow.reviews import initials

    logins = {login for login in (snap.caseworker, row.proposed_by) if login}
    people = work.conn.execute(select(staff_t.c.login, staff_t.c.name, staff_t.c.email)
                               .where(staff_t.c.login.in_(logins), staff_t.c.active.is_(True))).all()
    template = "letter_ready" if status == APPROVED else "decision_rejected"
    writes: list[Enqueue] = []
    for person in people:
        if not person.email:
            continue
        context = {"recipient": person.name, "case": snap.id, "decision": row.id, "kind": row.kind,
                   "household": initials(snap.household_name), "decided_by": work.login}
        rendered = render(template, work.app.language, context, work.app.settings.timezone,
                          sender=work.app.settings.municipality.unit)
        key = f"{template}:{snap.id}:{row.id}:{person.login}"
        writes.append(Enqueue(Message(key, template, snap.id, person.login, person.email, rendered),
                              work.app.settings.mail.from_address))
    return writes


def list_decisions(app: App, login: str, case_id: int | None = None) -> list[DecisionView]:
    """The decisions of a case, or of every case the acting staff member may see, newest first."""

    def decide(work: Work) -> Plan[list[DecisionView]]:
        actor = work.actor()
        require_role(actor, Role.CASEWORKER, Role.SUPERVISOR)
        query = select(decisions_t).order_by(decisions_t.c.id.desc())
        if case_id is not None:
            snap = work.case(case_id)
            require_case_access(actor, snap.caseworker, snap.id)
            query = query.where(decisions_t.c.case_id == case_id)
        elif actor.role is Role.CASEWORKER:
            mine = select(cases_t.c.id).where(cases_t.c.caseworker == actor.login)
            query = query.where(decisions_t.c.case_id.in_(mine))
        views = [_view(r) for r in work.conn.execute(query)]
        cases = sorted({v.case for v in views})
        return Plan(views, [AccessRecord(login, "decisions", cases)] if cases else [])

    return unit_of_work.run(app, login, decide)


def show_decision(app: App, login: str, decision_id: int) -> DecisionView:
    def decide(work: Work) -> Plan[DecisionView]:
        row = _decision_row(work, decision_id)
        actor, snap = work.actor_and_case(row.case_id)
        require_case_access(actor, snap.caseworker, snap.id)
        return Plan(_view(row), [AccessRecord(login, "decisions", [snap.id])])

    return unit_of_work.run(app, login, decide)


def letter(app: App, login: str, decision_id: int, fmt: str = "pdf", language: str | None = None) -> Letter:
    """The decision's letter to the household, in its language unless another is asked for; the look is
    recorded in the access log."""
    from workflow.households import parse_language

    if fmt not in FORMATS:
        raise InvalidInput("bad_format", value=fmt, valid=", ".join(FORMATS))
    asked = parse_language(language)

    def decide(work: Work) -> Plan[dict[str, Any]]:
        row = _decision_row(work, decision_id)
        actor, snap = work.actor_and_case(row.case_id)
        require_case_access(actor, snap.caseworker, snap.id)
        if row.status != APPROVED:
            raise Refused("letter_not_decided", decision=row.id, status=row.status)
        household = work.household_row(snap.household_id)
        lang = asked or household.language or app.language
        return Plan(_letter_context(work, row, snap, household) | {"language": lang},
                    [AccessRecord(login, "letter", [snap.id])])

    context = unit_of_work.run(app, login, decide)
    return render_letter(decision_id, context.pop("language"), fmt, context)


def render_letter(decision_id: int, language: str, fmt: str, context: dict[str, Any]) -> Letter:
    from notifications.letters import LetterError, decision_letter_html, decision_letter_pdf

    try:
        if fmt == "pdf":
            return Letter(decision_id, language, fmt, decision_letter_pdf(context, language))
        return Letter(decision_id, language, fmt, decision_letter_html(context, language).encode())
    except LetterError as why:
        raise InvalidInput("letter_failed", decision=decision_id, why=str(why)) from None


def _letter_context(work: Work, row: Any, snap: CaseSnapshot, household: Any) -> dict[str, Any]:
    """The plain values the letter says (notifications/letters.py): no identity numbers, ever."""
    names = dict(work.conn.execute(select(staff_t.c.login, staff_t.c.name)
                                   .where(staff_t.c.login.in_({row.proposed_by, row.decided_by,
                                                               snap.caseworker or ""}))).all())
    email = work.conn.execute(select(staff_t.c.email).where(staff_t.c.login == snap.caseworker)).scalar()
    town = work.app.settings.municipality
    decided_on = work.app.local(from_db_time(row.decided_at)).date()
    members = [{"name": m.name} for m in sorted(snap.household.members, key=lambda m: m.role != "applicant")
               if m.role in ("applicant", "co_applicant")]
    return {
        "municipality": {"name": town.name, "unit": town.unit, "address": town.address},
        "household": {"name": household.name, "members": members or [{"name": household.name}],
                      "address": household.municipal_unit},
        "case": snap.id,
        "decision": {"id": row.id, "kind": row.kind, "status": row.status, "content": row.content,
                     "reasons": row.reasons, "proposed_by": names.get(row.proposed_by, row.proposed_by),
                     "decided_by": names.get(row.decided_by, row.decided_by), "decided_on": decided_on},
        "letter_date": work.today,
        "appeal_weeks": 3,  # forvaltningsloven § 29
        "appeal_to": town.appeal_to,
        "caseworker": {"name": names.get(snap.caseworker or "", snap.caseworker or ""), "email": email},
    }
