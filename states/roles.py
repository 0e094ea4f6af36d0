"""Who may do what: the roles and their permissions, as pure rules.

Caseworkers act on the cases assigned to them and open new ones; supervisors act on every case and alone
override, reassign, reopen and correct backwards; admins manage staff; the system account runs reviews and
delivers mail.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from states.errors import NotPermitted


class Role(StrEnum):
    CASEWORKER = "caseworker"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"
    SYSTEM = "system"  # the service account that runs the scheduler and delivers mail


ROLE_NAMES = tuple(r.value for r in Role)


@dataclass(frozen=True)
class Actor:
    login: str
    role: Role
    active: bool = True

    @property
    def is_supervisor(self) -> bool:
        return self.role is Role.SUPERVISOR


def require_active(actor: Actor) -> None:
    if not actor.active:
        raise NotPermitted("inactive_login", login=actor.login)


def require_role(actor: Actor, *roles: Role) -> None:
    require_active(actor)
    if actor.role not in roles:
        raise NotPermitted("role_needed", login=actor.login, role=actor.role.value,
                           needed=" / ".join(r.value for r in roles))


def require_case_access(actor: Actor, caseworker: str | None, case_id: int) -> None:
    """Supervisors reach every case; a caseworker only the cases assigned to them."""
    require_role(actor, Role.CASEWORKER, Role.SUPERVISOR)
    if actor.role is Role.CASEWORKER and caseworker != actor.login:
        raise NotPermitted("not_assigned", login=actor.login, case=case_id, caseworker=caseworker or "-")


def require_override_by_other(actor: Actor, proposer: str | None, case_id: int, target: str) -> None:
    """Four eyes: a supervisor overrides only a step that someone else proposed and was refused."""
    require_role(actor, Role.SUPERVISOR)
    if proposer is None:
        raise NotPermitted("override_needs_proposal", case=case_id, target=target)
    if proposer == actor.login:
        raise NotPermitted("override_own_proposal", login=actor.login, case=case_id, target=target)
