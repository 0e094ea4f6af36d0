"""Decisions on individual assistance under the Boligsosial lov: enkeltvedtak with four eyes.

A caseworker proposes on their own case; a supervisor other than the proposer approves or rejects. What a
case may do then: `motivated` needs an approved `help_granted`; after an approved `help_refused` the case can
only be closed; `help_ended` ends help that was granted (it accompanies the closing of such a case). A reopened
case is a new application: it is decided anew.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from states.errors import NotPermitted, Refused
from states.roles import Actor, Role, require_active, require_role

HELP_GRANTED, HELP_REFUSED, HELP_ENDED = "help_granted", "help_refused", "help_ended"
KINDS = (HELP_GRANTED, HELP_REFUSED, HELP_ENDED)
PROPOSED, APPROVED, REJECTED = "proposed", "approved", "rejected"


@dataclass(frozen=True)
class DecisionRecord:
    """A decision as the rules need to know it."""

    id: int
    case_id: int
    kind: str
    status: str
    proposed_by: str


def require_may_propose(kind: str, decisions: Mapping[str, str], case_id: int, case_open: bool) -> None:
    """Whether a decision of `kind` can be proposed on a case whose decisions stand as `decisions`."""
    status = decisions.get
    if status(kind) == PROPOSED:
        raise Refused("decision_pending", case=case_id, kind=kind)
    if kind == HELP_ENDED:
        if status(HELP_GRANTED) != APPROVED:
            raise Refused("decision_nothing_to_end", case=case_id)
        if status(HELP_ENDED) == APPROVED:
            raise Refused("decision_exists", case=case_id, kind=kind)
        return
    if not case_open:
        raise Refused("case_terminal", case=case_id)
    if status(HELP_REFUSED) == APPROVED:
        raise Refused("decision_only_closing", case=case_id)
    if status(HELP_GRANTED) == APPROVED:
        raise Refused("decision_exists" if kind == HELP_GRANTED else "decision_help_granted", case=case_id, kind=kind)
    other = HELP_GRANTED if kind == HELP_REFUSED else HELP_REFUSED
    if status(other) == PROPOSED:  # granting and refusing at once: the supervisor decides one first
        raise Refused("decision_pending", case=case_id, kind=other)


def require_may_decide(actor: Actor, decision: DecisionRecord) -> None:
    """Four eyes: a supervisor who did not propose it approves or rejects a proposed decision."""
    require_active(actor)
    if actor.login == decision.proposed_by:  # the sentence the proposer needs, whatever their role
        raise NotPermitted("decision_own_proposal", login=actor.login, decision=decision.id)
    require_role(actor, Role.SUPERVISOR)
    if decision.status != PROPOSED:
        raise Refused("decision_not_proposed", decision=decision.id, status=decision.status)


def summary(decisions: Mapping[str, str], kind: str, status: str) -> dict[str, str]:
    """What the case row keeps: the latest status of each kind of decision."""
    return {**decisions, kind: status}


def only_closing(decisions: Mapping[str, str]) -> bool:
    """After an approved refusal of help, the case can only be closed."""
    return decisions.get(HELP_REFUSED) == APPROVED
