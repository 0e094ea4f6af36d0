"""The papers a case needs: a checklist from configuration, and what is still missing for a step.

A paper is received (with a reference to the municipality's archive, never the file), waived by a supervisor
with a reason, or missing. Some are needed once for the household, some from each adult (per member once the
household's members are recorded; once for the household while it is known by counts only).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from states.errors import ConfigError, Requirement
from states.journey import CaseState
from states.memo import ByIdentity

STATUSES = ("received", "waived", "missing")
PER = ("adult", "household")


@dataclass(frozen=True)
class PaperSpec:
    key: str
    labels: tuple[str, str, str]  # bokmål, nynorsk, English
    needed_for: str  # the state a case cannot enter without it
    per: str  # "adult" or "household"

    def label(self, language: str) -> str:
        return self.labels[{"nb": 0, "nn": 1}.get(language, 2)]


@dataclass(frozen=True)
class Adult:
    """An adult member a per-adult paper is needed from."""

    id: int
    name: str


@dataclass(frozen=True)
class Paper:
    """One paper of the checklist for one case (and one adult where it is per adult), as it stands."""

    key: str
    needed_for: str
    member: int | None
    member_name: str | None
    status: str
    ref: str | None = None
    reason: str | None = None


def paper_key(key: str, member: int | None) -> str:
    """How a paper is kept on the case: `tax_return`, or `tax_return@12` for member 12's."""
    return key if member is None else f"{key}@{member}"


def checklist(specs: Sequence[PaperSpec], adults: Sequence[Adult], recorded: Mapping[str, Any],
              needed_for: str | None = None) -> list[Paper]:
    """Every paper the case needs (or only those `needed_for` a state), in the journey's order, with its
    status (missing unless recorded)."""
    papers = []
    ordered = _in_journey_order(specs)
    for spec in ordered if needed_for is None else [s for s in ordered if s.needed_for == needed_for]:
        holders: Iterable[Adult | None] = adults if spec.per == "adult" and adults else [None]
        for adult in holders:
            member = adult.id if adult else None
            entry = recorded.get(paper_key(spec.key, member)) or {}
            papers.append(Paper(spec.key, spec.needed_for, member, adult.name if adult else None,
                                entry.get("status", "missing"), entry.get("ref"), entry.get("reason")))
    return papers


def _in_journey_order(specs: Sequence[PaperSpec]) -> tuple[PaperSpec, ...]:
    """(Worked out once per checklist, the configuration's: every step asks for it.)"""
    return _ORDERED.get(specs, None, lambda: tuple(sorted(specs, key=lambda s: _JOURNEY.index(s.needed_for))))


_ORDERED: ByIdentity[tuple[PaperSpec, ...]] = ByIdentity()
_JOURNEY = [s.value for s in CaseState]


def missing_for(target: str, specs: Sequence[PaperSpec], checked: Sequence[Paper]) -> list[Requirement]:
    """One unmet requirement per paper needed before `target` that is neither received nor waived, of the
    case's `checked` list (`checklist`)."""
    missing = [p for p in checked if p.needed_for == target and p.status == "missing"]
    if not missing:
        return []
    labels = {s.key: list(s.labels) for s in specs}
    return [Requirement("paper_missing_from", {"paper": p.key, "label": labels[p.key], "member": p.member,
                                               "name": p.member_name})
            if p.member is not None else Requirement("paper_missing", {"paper": p.key, "label": labels[p.key]})
            for p in missing]


def parse_checklist(entries: Any) -> tuple[PaperSpec, ...]:
    """`[[documents]]` from configuration: key, nb, nn, en, needed_for (a state), per (adult|household)."""
    if not isinstance(entries, list):
        raise ConfigError("config_bad_value", key="documents", value=entries, valid="[[documents]] tables")
    specs, seen = [], set()
    states = [s.value for s in CaseState]
    for i, entry in enumerate(entries):
        where = f"documents entry {i + 1}"
        if not isinstance(entry, dict):
            raise ConfigError("config_bad_value", key=where, value=entry, valid="a table")
        key = entry.get("key")
        if not isinstance(key, str) or not key.isidentifier() or key in seen:
            raise ConfigError("config_bad_value", key=f"{where}.key", value=key, valid="a unique name (a-z, _)")
        labels = tuple(entry.get(lang) for lang in ("nb", "nn", "en"))
        if not all(isinstance(label, str) and label.strip() for label in labels):
            raise ConfigError("config_bad_value", key=f"{where}.nb/nn/en", value=labels, valid="three labels")
        if entry.get("needed_for") not in states:
            raise ConfigError("config_bad_value", key=f"{where}.needed_for", value=entry.get("needed_for"),
                              valid=", ".join(states))
        if entry.get("per", "household") not in PER:
            raise ConfigError("config_bad_value", key=f"{where}.per", value=entry.get("per"), valid=", ".join(PER))
        seen.add(key)
        specs.append(PaperSpec(key, (str(labels[0]), str(labels[1]), str(labels[2])), entry["needed_for"],
                               entry.get("per", "household")))
    return tuple(specs)
