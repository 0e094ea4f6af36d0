"""A case and its household's own figures: a case opened starts from the latest, and a case's changes to
them flow back to the household's record (dated, in its history); an interested household's case links the
outreach that found it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update

from states.history import EventKind, NewEvent
from states.journey import CaseState
from states.purchasing_power import FIGURES
from workflow.schema import contacts as contacts_t
from workflow.unit_of_work import Work
from workflow.writes import Stale, Transaction, Write


@dataclass(frozen=True)
class CaseStart:
    facts: dict[str, Any]
    events: list[NewEvent]
    contact: int | None
    writes: list[Write] = field(default_factory=list)


def case_start(work: Work, household: Any) -> CaseStart:
    """What a new case of `household` starts from: its latest figures, each recorded as a fact of the case,
    and its outreach when the latest says interested (linked to the case as it is written)."""
    figures = json.loads(household.figures)
    facts = {k: figures[k] for k in FIGURES if figures.get(k) is not None}
    events = [NewEvent(EventKind.FACT_RECORDED.value, CaseState.SCREENED.value, None,
                       {"fact": k, "old": None, "new": v, "scope": "case", "because": "household_figures",
                        "figures_on": figures.get("on")}) for k, v in facts.items()]
    latest = work.conn.execute(select(contacts_t.c.id, contacts_t.c.outcome, contacts_t.c.case_id)
                               .where(contacts_t.c.household_id == household.id)
                               .order_by(contacts_t.c.id.desc()).limit(1)).first()
    if latest is None or latest.outcome != "interested" or latest.case_id is not None:
        return CaseStart(facts, events, None)
    return CaseStart(facts, events, latest.id, [LinkContact(latest.id)])


@dataclass(frozen=True)
class LinkContact:
    """The outreach that found an interested household, linked to the case just opened for it."""

    contact_id: int

    def apply(self, tx: Transaction) -> Stale | None:
        tx.conn.execute(update(contacts_t).where(contacts_t.c.id == self.contact_id, contacts_t.c.case_id.is_(None))
                        .values(case_id=tx.created["case"]))
        return None


def figures_flow_back(work: Work, household: Any, case_id: int, changed: dict[str, Any]) -> list[Write]:
    """A case's changes to the household's figures, on the household's own record (dated, in its history)."""
    from workflow.overview import figures_change

    wanted = {k: v for k, v in changed.items() if k in FIGURES}
    return figures_change(work, household, wanted, f"case {case_id}") if wanted else []
