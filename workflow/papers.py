"""The papers a case needs: `rto case docs` and `rto case doc`.

A paper is a reference to the municipality's archive, never the document itself. Receiving one or marking it
missing again is the caseworker's; waiving one is a supervisor's, with a reason. Each change is an event in
the case's history, which `audit verify` replays to the case's row.
"""

from __future__ import annotations

import json
from typing import Any

from states.errors import InvalidInput, NotFound
from states.facts import free_text, plain_text
from states.history import EventKind, NewEvent
from states.papers import STATUSES, Adult, Paper, PaperSpec, checklist, paper_key
from states.roles import Actor, Role, require_case_access, require_role
from workflow.bootstrap import App
from workflow.cases import require_open
from workflow.repository import CaseSnapshot
from workflow.results_people import PaperRecorded, PaperView
from workflow.unit_of_work import Plan, Work, change_case
from workflow.writes import AccessRecord, CaseChange, ChangeKind

RECEIVED, WAIVED, MISSING = STATUSES


def paper_view(paper: Paper, specs: tuple[PaperSpec, ...], language: str) -> PaperView:
    spec = next(s for s in specs if s.key == paper.key)
    return PaperView(paper.key, spec.label(language), paper.status, paper.needed_for, paper.member,
                     paper.member_name, paper.ref, paper.reason)


def adults_of(work: Work, snap: CaseSnapshot) -> list[Adult]:
    return [Adult(m.id, m.name) for m in snap.household.adults_on(work.today)]


def case_papers(work: Work, snap: CaseSnapshot) -> list[PaperView]:
    specs = work.app.settings.documents
    return [paper_view(p, specs, work.app.language) for p in checklist(specs, adults_of(work, snap), snap.papers)]


def list_papers(app: App, login: str, case_id: int) -> list[PaperView]:
    """Every paper of the case's checklist, in the journey's order, per adult where each supplies one."""

    def decide(work: Work, actor: Actor, snap: CaseSnapshot) -> Plan[list[PaperView]]:
        require_case_access(actor, snap.caseworker, snap.id)
        return Plan(case_papers(work, snap), [AccessRecord(login, "docs", [case_id])])

    return change_case(app, login, case_id, decide)


def record_paper(app: App, login: str, case_id: int, key: str, status: str, member: int | None = None,
                 ref: str | None = None, reason: str | None = None,
                 expected_version: int | None = None) -> PaperRecorded:
    """Record a paper as received (with the archive's reference), waived (a supervisor, with a reason) or
    missing again."""
    specs = {s.key: s for s in app.settings.documents}
    spec = specs.get(key)
    if spec is None:
        raise NotFound("paper_not_found", key=key, valid=", ".join(specs) or "-")
    if status not in STATUSES:
        raise InvalidInput("bad_paper_status", value=status, valid=", ".join(STATUSES))
    archive_ref = plain_text("--ref", ref) if ref is not None else None
    why = free_text("--reason", reason) if reason is not None and reason.strip() else None

    def decide(work: Work, actor: Actor, snap: CaseSnapshot) -> Plan[PaperRecorded]:
        require_case_access(actor, snap.caseworker, snap.id)
        require_open(snap)
        if status == WAIVED:
            require_role(actor, Role.SUPERVISOR)  # who may waive comes before what a waiver needs
            if why is None:
                raise InvalidInput("reason_needed", action="waive")
        holder = _holder(spec, member, adults_of(work, snap), snap)
        entry: dict[str, Any] | None = None
        if status == RECEIVED:
            entry = {"status": RECEIVED, **({"ref": archive_ref} if archive_ref else {})}
        elif status == WAIVED:
            entry = {"status": WAIVED, "reason": why}
        name = paper_key(key, holder)
        old = snap.papers.get(name)
        if old == entry:
            return Plan(PaperRecorded(case_id, key, holder, status, False, snap.version))
        papers = {k: v for k, v in snap.papers.items() if k != name}
        if entry is not None:
            papers[name] = entry
        details: dict[str, Any] = {"paper": name, "key": key, "member": holder, "old": old, "new": entry}
        if status == MISSING and why:
            details["reason"] = why
        event = NewEvent(EventKind.PAPER.value, snap.state, None, details)
        change = CaseChange(snap, [event], {"papers": json.dumps(papers, sort_keys=True)}, kind=ChangeKind.RECORD)
        return Plan(PaperRecorded(case_id, key, holder, status, True, snap.version + 1), [change])

    return change_case(app, login, case_id, decide, expected_version)


def _holder(spec: PaperSpec, member: int | None, adults: list[Adult], snap: CaseSnapshot) -> int | None:
    """Whose paper it is: an adult member's where each adult supplies one (once the members are recorded),
    else the household's."""
    if spec.per == "household" or not adults:
        if member is not None and spec.per == "household":
            raise InvalidInput("paper_per_household", key=spec.key)
        if member is not None:
            raise NotFound("member_not_found", member=member, household=snap.household_id)
        return None
    if member is None:
        raise InvalidInput("member_needed", key=spec.key,
                           valid=", ".join(f"{a.id} ({a.name})" for a in adults))
    if member not in {a.id for a in adults}:
        if member in {m.id for m in snap.household.members}:
            raise InvalidInput("member_not_adult", member=member, key=spec.key)
        raise NotFound("member_not_found", member=member, household=snap.household_id)
    return member
