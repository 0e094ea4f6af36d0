"""The household's right of access (GDPR art. 15): `rto household export`, everything held about it.

What it holds: the household row, its members (those removed too, with why), its own history, each of its
cases with their facts, papers, histories and decisions, the messages queued about its cases, and the access
log of who looked at the household or its cases. The export itself is recorded in the access log, in the same
transaction as it is read, and is the last entry of the export's own access list.

Identity numbers are shown in full: this is the data subject's own copy of its data (Datatilsynet: the right
of access covers the identity number itself), so they are decrypted here, and only here. The command that
prints it is the only place they are in clear; the access log records the export, never a number, and no
error message or debug output carries one. What is not exported: the keyed hashes the numbers are found by
(they mean nothing without the key), the whole MIME text of each message (its subject and text are), and
the hash chain's hashes (in the JSON events' order and sequence numbers instead).

Who may export: a supervisor, or the caseworker a case of the household is assigned to (domain.md: a
caseworker acts on cases assigned to them; supervisors see every case). Admins manage staff, not cases.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import or_, select

from states.errors import NotPermitted
from states.roles import Role, require_role
from workflow import unit_of_work
from workflow.bootstrap import App
from workflow.overview import overview_held
from workflow.repository import from_db_time
from workflow.results_export import (
    ExportedAccess,
    ExportedCase,
    ExportedDecision,
    ExportedEvent,
    ExportedMember,
    ExportedMessage,
    ExportedNumber,
    HouseholdExport,
)
from workflow.schema import case_access as access_t
from workflow.schema import case_events as events_t
from workflow.schema import cases as cases_t
from workflow.schema import decisions as decisions_t
from workflow.schema import household_events as household_events_t
from workflow.schema import household_members as members_t
from workflow.schema import outbox as outbox_t
from workflow.unit_of_work import Plan, Work
from workflow.writes import AccessRecord


def export_household(app: App, login: str, household_id: int) -> HouseholdExport:
    """Everything held about the household, identity numbers in full; the export is in the access log."""

    def decide(work: Work) -> Plan[HouseholdExport]:
        actor = work.actor()
        require_role(actor, Role.CASEWORKER, Role.SUPERVISOR)
        row = work.household_row(household_id)
        cases = work.conn.execute(select(cases_t).where(cases_t.c.household_id == household_id)
                                  .order_by(cases_t.c.id)).all()
        if actor.role is Role.CASEWORKER and actor.login not in {c.caseworker for c in cases}:
            raise NotPermitted("export_not_yours", login=actor.login, household=household_id)
        case_ids = [c.id for c in cases]
        now = app.now()
        export = HouseholdExport(
            id=row.id, name=row.name, email=row.email, email_consent=bool(row.email_consent), adults=row.adults,
            children=row.children, child_ages=json.loads(row.child_ages), municipal_unit=row.municipal_unit,
            language=row.language, identity_numbers=[_number(app, n) for n in json.loads(row.identity_numbers)],
            registered_at=from_db_time(row.created_at), registered_by=row.created_by,
            members=_members(app, work, household_id), history=_household_history(work, household_id),
            cases=_cases(work, cases), messages=_messages(work, case_ids),
            access=[*_access(work, household_id, case_ids), ExportedAccess(now, login, "export", None)],
            exported_at=now, exported_by=login, overview=overview_held(work, row))
        return Plan(export, [AccessRecord(login, "export", case_ids, household_id)])

    return unit_of_work.run(app, login, decide)


def _number(app: App, stored: dict[str, Any]) -> ExportedNumber:
    return ExportedNumber(app.identity_vault.reveal(stored), str(stored.get("kind", "fodselsnummer")))


def _members(app: App, work: Work, household_id: int) -> list[ExportedMember]:
    rows = work.conn.execute(select(members_t).where(members_t.c.household_id == household_id)
                             .order_by(members_t.c.id)).all()
    return [ExportedMember(
        r.id, r.name, r.born, r.role, _number(app, json.loads(r.identity_number)) if r.identity_number else None,
        from_db_time(r.added_at), r.added_by, from_db_time(r.removed_at) if r.removed_at else None, r.removed_by,
        r.removed_reason) for r in rows]


def _household_history(work: Work, household_id: int) -> list[ExportedEvent]:
    t = household_events_t
    rows = work.conn.execute(select(t).where(t.c.household_id == household_id).order_by(t.c.seq)).all()
    return [ExportedEvent(r.seq, from_db_time(r.at), r.actor, r.kind, json.loads(r.details)) for r in rows]


def _cases(work: Work, cases: Sequence[Any]) -> list[ExportedCase]:
    ids = [c.id for c in cases]
    events: dict[int, list[ExportedEvent]] = {i: [] for i in ids}
    for r in work.conn.execute(select(events_t).where(events_t.c.case_id.in_(ids))
                               .order_by(events_t.c.case_id, events_t.c.seq)):
        events[r.case_id].append(ExportedEvent(r.seq, from_db_time(r.at), r.actor, r.kind, json.loads(r.details),
                                               r.from_state, r.to_state))
    decisions: dict[int, list[ExportedDecision]] = {i: [] for i in ids}
    for d in work.conn.execute(select(decisions_t).where(decisions_t.c.case_id.in_(ids)).order_by(decisions_t.c.id)):
        decisions[d.case_id].append(ExportedDecision(
            d.id, d.case_id, d.kind, d.status, d.content, d.reasons, d.proposed_by, from_db_time(d.proposed_at),
            d.decided_by, from_db_time(d.decided_at) if d.decided_at else None, d.note))
    return [ExportedCase(c.id, c.state, c.caseworker, from_db_time(c.opened_at), from_db_time(c.state_entered_at),
                         c.closed_outcome, c.paused_from, json.loads(c.facts), json.loads(c.papers), events[c.id],
                         decisions[c.id]) for c in cases]


def _messages(work: Work, case_ids: list[int]) -> list[ExportedMessage]:
    if not case_ids:
        return []
    rows = work.conn.execute(select(outbox_t).where(outbox_t.c.case_id.in_(case_ids))
                             .order_by(outbox_t.c.created_at, outbox_t.c.id)).all()
    return [ExportedMessage(r.case_id, r.kind, r.recipient, r.address, r.subject, r.body_text, r.status,
                            from_db_time(r.created_at), from_db_time(r.sent_at) if r.sent_at else None) for r in rows]


def _access(work: Work, household_id: int, case_ids: list[int]) -> list[ExportedAccess]:
    where = access_t.c.household_id == household_id
    if case_ids:
        where = or_(where, access_t.c.case_id.in_(case_ids))
    rows = work.conn.execute(select(access_t).where(where).order_by(access_t.c.at, access_t.c.id)).all()
    return [ExportedAccess(from_db_time(r.at), r.login, r.action, r.case_id) for r in rows]
