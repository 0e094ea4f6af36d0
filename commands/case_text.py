"""How a case and its history read on a terminal."""

from __future__ import annotations

import json
from typing import Any

from commands.affordability_text import print_affordability
from commands.output import Output
from states.facts import FACTS, Kind
from states.labels import choice_label, event_label, fact_label, group_label, outcome_label
from workflow.results import CaseView, HistoryEvent, HouseholdFacts


def fact_value(out: Output, name: str, value: Any) -> str:
    """A fact as a caseworker reads it: 52 000 kr, ja, 01.12.2026, 5,2 %."""
    if value is None:
        return "–"
    spec = FACTS.get(name)
    kind = spec.kind if spec else None
    if kind is Kind.AMOUNT:
        return out.kr(int(value))
    if kind is Kind.YESNO:
        return out.yesno(value)
    if kind is Kind.DATE:
        return out.formats.day(str(value))
    if kind is Kind.RATE:
        return out.formats.percent(float(value))
    if kind is Kind.AGES:
        return ", ".join(str(a) for a in value)
    if kind is Kind.CHOICE:
        return choice_label(str(value), out.language)
    return str(value)


def print_case(out: Output, view: CaseView) -> None:
    state = out.state(view.state)
    if view.paused_from:
        state += f" ({out.label('paused_from')} {out.state(view.paused_from)})"
    if view.closed_outcome:
        state += f" ({out.label('outcome')}: {outcome_label(view.closed_outcome, out.language)})"
    out.line(f"{out.label('case')} {view.id} · {view.household_name} ({out.label('household').lower()} "
             f"{view.household})")
    for key, value in (
        ("state", state),
        ("caseworker", view.caseworker or "–"),
        ("opened", out.when(view.opened_at)),
        ("in_state_since", out.when(view.state_entered_at)),
        ("last_activity", out.when(view.last_activity_at)),
        ("version", view.version),
    ):
        out.line(f"  {out.label(key):<20} {value}")
    if view.household_facts is not None:
        _print_household(out, view.household_facts)
    if view.decisions:
        shown = ", ".join(f"{out.pick_label('decision_kind', k)}: {out.pick_label('decision_status', v)}"
                          for k, v in sorted(view.decisions.items()))
        out.line(f"  {out.label('decisions'):<20} {shown}")
    if view.members:
        from commands.households import print_members

        out.line()
        out.line(out.label("members"))
        print_members(out, view.members)
    _print_facts(out, view.facts)
    for calculation in (view.affordability, view.affordability_home):
        if calculation is not None:
            print_affordability(out, calculation)
    if view.frame is not None:
        f = view.frame
        verdict = out.label("passes" if f.passes else "fails")
        line = out.label("frame_line", price=out.kr(f.price), costs=out.kr(f.purchase_costs),
                         total=out.kr(f.total), frame=out.kr(f.frame))
        out.line()
        out.line(f"{out.label('frame')}: {line}: {verdict}")
    if view.papers_missing:
        out.line()
        out.line(out.label("papers_missing"))
        for p in view.papers_missing:
            whose = f" · {p.member_name} (--member {p.member})" if p.member is not None else ""
            out.line(f"  ✗ {p.label} ({p.key}){whose}")
    out.line()
    out.line(out.label("next"))
    if not view.allowed and not view.blocked:
        out.line(f"  {out.label('no_next_' + view.state)}")
    # journey steps first; pausing and closing, always at hand, last
    targets = sorted([*view.allowed, *view.blocked], key=lambda s: s in ("paused", "closed"))
    for state_name in targets:
        mark = out.styled("✗", "red") if state_name in view.blocked else out.styled("✓", "green")
        out.line(f"  {mark} {out.state(state_name)} ({state_name})")
        for requirement in view.blocked.get(state_name, []):
            out.line(f"      - {out.requirement(requirement)}")


def case_document(out: Output, view: CaseView) -> dict[str, Any]:
    """`case show --json`: the case's plain form, each unmet requirement as its sentence (cli.md) and, under
    `blocked_codes`, as its code."""
    document: dict[str, Any] = out.plain(view)
    document["blocked"] = {s: [out.requirement(r) for r in reqs] for s, reqs in view.blocked.items()}
    document["blocked_codes"] = {s: [r.code for r in reqs] for s, reqs in view.blocked.items()}
    for optional in ("affordability", "affordability_home", "frame"):  # once there is something to calculate
        if document[optional] is None:
            del document[optional]
    return document


def _print_facts(out: Output, facts: dict[str, Any]) -> None:
    """The facts by stage, each with its name in words and the name to type after it."""
    out.line()
    out.line(out.label("facts"))
    if not facts:
        out.line(f"  {out.label('no_facts')}")
        return
    labels = {name: fact_label(name, out.language) for name in facts}
    width = max(len(label) for label in labels.values())
    group = None
    for name, spec in FACTS.items():
        if name not in facts:
            continue
        if spec.group != group:
            group = spec.group
            out.line(f"  {group_label(group, out.language)}")
        out.line(f"    {labels[name]:<{width}}  {fact_value(out, name, facts[name])}")


def _print_household(out: Output, h: HouseholdFacts) -> None:
    children = str(h.children)
    if h.child_ages:
        children += f" ({', '.join(str(a) for a in h.child_ages)})"
    parts = [f"{out.label('adults')} {h.adults}", f"{out.label('children')} {children}",
             f"{out.label('unit')}: {h.municipal_unit or out.label('none')}"]
    if h.identity_numbers:
        parts.append(f"{out.label('identity_numbers')}: {', '.join(h.identity_numbers)}")
    out.line(f"  {out.label('household_facts'):<20} {' · '.join(parts)}")


def event_summary(out: Output, event: HistoryEvent) -> str:
    """One line saying what an event did."""
    d = event.details
    kind = event.kind
    if kind == "opened":
        return f"{out.label('household').lower()} {d.get('household')}, {d.get('caseworker')}"
    if kind == "fact_recorded":
        name = d["fact"]
        change = f"{name}: {fact_value(out, name, d.get('old'))} → {fact_value(out, name, d.get('new'))}"
        return change + (f" ({out.label('new_property')})" if d.get("because") == "property" else "")
    if kind == "note":
        return str(d.get("text", ""))
    if kind == "refused":
        reqs = d.get("requirements") or []
        if reqs:
            return " ".join(out.requirement(r) for r in reqs)
        return out.message(d.get("code", ""), d.get("params", {}))
    if kind == "assigned":
        return f"{d.get('from')} → {d.get('to')}"
    if kind == "paper":
        new = (d.get("new") or {})
        status = out.pick_label("paper_status", new.get("status", "missing"))
        whose = f" ({out.label('member').lower()} {d['member']})" if d.get("member") is not None else ""
        return " · ".join(str(x) for x in (f"{d.get('key')}{whose}: {status}", new.get("ref"), new.get("reason"),
                                           d.get("reason")) if x)
    if kind.startswith("decision_"):
        parts = [f"{out.label('decision').lower()} {d.get('decision')}: {out.pick_label('decision_kind', d['kind'])}"]
        return " · ".join(str(x) for x in (*parts, d.get("note")) if x)
    if kind == "household_changed":
        person = d.get("after") or d.get("before") or {}
        return " · ".join(str(x) for x in (event_label(str(d.get("change")), out.language), person.get("name"),
                                           d.get("reason")) if x)
    parts = [outcome_label(str(d["outcome"]), out.language)] if d.get("outcome") else []
    if d.get("notice"):  # a reminder: what it is about, and to whom
        to = d.get("to")
        parts.append(" → ".join(x for x in (out.pick_label("message_kind", str(d["notice"])),
                                             ", ".join(to) if isinstance(to, list) else to) if x))
    parts += [str(d["reason"])] if d.get("reason") else []
    if kind == "override":
        parts += [out.requirement(r) for r in d.get("overridden", [])]
    return " · ".join(parts)


def print_history(out: Output, events: list[HistoryEvent]) -> None:
    rows = []
    for e in events:
        change = f"{out.state(e.from_state)} → {out.state(e.to_state)}" if e.to_state else ""
        kind = event_label(e.kind, out.language)
        rows.append([e.seq, out.when(e.at), e.actor, kind, change, event_summary(out, e)])
    out.table(["#", out.label("at"), out.label("actor"), out.label("kind"), out.label("change"),
               out.label("detail")], rows, wrap=(3, 4, 5))


def history_rows(out: Output, events: list[HistoryEvent]) -> tuple[list[str], list[list[Any]]]:
    headers = ["seq", "at", "actor", "kind", "from_state", "to_state", "details"]
    rows = [[e.seq, out.plain(e.at), e.actor, e.kind, e.from_state or "", e.to_state or "",
             json.dumps(e.details, ensure_ascii=False, sort_keys=True)] for e in events]
    return headers, rows
