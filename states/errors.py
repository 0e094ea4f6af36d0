"""Errors a user can cause, as domain exceptions.

Each carries a message code and its parameters (see `messages.py`), so the same error reads in bokmål or
English; the CLI maps each kind to its exit code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Requirement:
    """One unmet requirement of a guard: a message code and what the sentence needs."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "params": self.params}


class DomainError(Exception):
    """Base of the errors a user can cause; never a bug."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


class InvalidInput(DomainError):
    """Malformed input: an unknown fact, a bad value, a bad identity number."""


class Refused(DomainError):
    """The journey's rules refuse the step; `requirements` lists what is unmet."""

    def __init__(self, code: str, requirements: list[Requirement] | None = None, **params: Any) -> None:
        super().__init__(code, **params)
        self.requirements = requirements or []


class NotFound(DomainError):
    """No such case, household or staff member."""


class NotPermitted(DomainError):
    """The acting login, its role or its assignment does not allow this."""


class Conflict(DomainError):
    """Someone else changed the case meanwhile; nothing was written."""


class ConfigError(DomainError):
    """The configuration file or an environment setting is malformed."""


class Tampered(DomainError):
    """The histories or the checkpoint file do not verify, so nothing is sealed on top of them."""


class Unavailable(DomainError):
    """The database cannot be reached or read: not the user's input, and not a bug in rto."""
