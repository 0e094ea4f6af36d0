"""The journey as a diagram, drawn by `transitions` from the machine the engine runs.

The steps are the events of `workflow.machine.journey_machine()`, described by `states.journey.STEPS`;
nothing here lists a state or a step by hand. A `HierarchicalGraphMachine` draws them: the journey's
active states (`states.journey.PATH`) sit in one box, "an active case", so that a step every active state
has (pause, close) is one arrow from the box and resume is one arrow back into it. The backward corrections
(a supervisor's) are many; by default a note says they exist, and `all_steps` draws every step the engine
knows as an arrow of its own, the corrections dashed.

Mermaid text needs nothing but `transitions`; DOT text needs the `graphviz` package; SVG and PNG need
Graphviz's `dot` program as well, and without it `NotFound("graphviz_missing")` says what to install.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import defaultdict
from typing import Any, Literal

from transitions.extensions.diagrams import HierarchicalGraphMachine
from transitions.extensions.diagrams_base import BaseGraph
from transitions.extensions.diagrams_graphviz import NestedGraph
from transitions.extensions.nesting import NestedState

from states.errors import NotFound
from states.journey import ACTIVE, PATH, STEPS, CaseState, Step, StepKind
from states.labels import DIAGRAM_WORDS, GUARD_WORDS, STEP_WORDS, pick, state_label

Format = Literal["mermaid", "dot", "svg", "png"]
FORMATS: tuple[Format, ...] = ("mermaid", "dot", "svg", "png")
GROUP = "active"  # the box around the active states
SEPARATOR = "__"  # between the box's name and a state's ("moved_in" has a single underscore)

STEP_STYLE: dict[StepKind, str] = {
    StepKind.ADVANCE: "journey",
    StepKind.CORRECTION: "correction",
}
STATE_STYLE: dict[CaseState, str] = {
    CaseState.MOVED_IN: "done",
    CaseState.PAUSED: "waiting",
    CaseState.CLOSED: "ended",
}
FONT = "Helvetica"


class _LabelledState(NestedState):
    """A state that carries the words it is drawn with."""

    separator = SEPARATOR

    def __init__(self, name: str, *args: Any, label: str = "", **kwargs: Any) -> None:
        super().__init__(name, *args, **kwargs)
        self.label = label or name


class _WordsMidway(NestedGraph):
    """transitions writes the words of an arrow from or into a box at the arrow's far end, where pause's and
    resume's fall on each other; here they stand midway, as on every other arrow."""

    def _create_edge_attr(self, src: str, dst: str, transition: dict[str, str]) -> dict[str, Any]:
        attr = super()._create_edge_attr(src, dst, transition)
        if attr["label_pos"] != "label":
            attr["label"] = attr.pop(attr["label_pos"])
            attr["label_pos"] = "label"
        return attr


class _JourneyGraph(HierarchicalGraphMachine):
    """The machine that draws the journey (never runs a case): labelled states, the house's styles."""

    state_cls = _LabelledState
    # Mermaid reads `rankdir` only (as its direction); Graphviz all of these.
    machine_attributes = {"directed": "true", "strict": "false", "rankdir": "LR"}
    style_attributes = {
        "node": {
            "default": {"style": "rounded,filled", "shape": "rectangle", "fillcolor": "white", "color": "black",
                        "peripheries": "1"},
            "done": {"fillcolor": "#d8f0d8"},
            "waiting": {"fillcolor": "#fff3c4"},
            "ended": {"fillcolor": "#e6e6e6"},
        },
        "edge": {
            "default": {"color": "#555555", "fontcolor": "#555555"},
            "journey": {"color": "black", "fontcolor": "black", "penwidth": "2"},
            "correction": {"color": "#888888", "fontcolor": "#888888", "style": "dashed"},
            "box": {"minlen": "2"},  # an arrow from or into the box: long enough for its words
            # a step back (resume into the box, reopen into its start) does not pull its state before the box:
            # the off-ramps stand after the journey, which reads left to right
            "box_back": {"minlen": "2", "constraint": "false"},
            "back": {"constraint": "false"},
        },
        "graph": {
            "default": {"color": "#4a6fa5", "fillcolor": "#f2f6fb", "style": "rounded,filled"},
        },
    }

    def _init_graphviz_engine(self, graph_engine: str) -> type[BaseGraph]:
        chosen = super()._init_graphviz_engine(graph_engine)
        return _WordsMidway if chosen is NestedGraph else chosen


def engine_steps() -> list[Step]:
    """The steps of the engine's machine, in its order: one per event of `journey_machine()`."""
    from workflow.machine import journey_machine

    by_trigger = {step.trigger: step for step in STEPS}
    return [by_trigger[name] for name in journey_machine().events]


def step_words(step: Step, lang: str = "nb") -> str:
    """The words on a step's arrow: for a journey step, what it needs (a summary of its guard; the step from
    bidding back to searching is the lost bid); for the others, what the step is (pause, resume, ...)."""
    if step.kind is StepKind.ADVANCE:
        return pick(GUARD_WORDS[f"{step.source.value}>{step.dest.value}"], lang)
    return pick(STEP_WORDS[step.kind.value], lang)


def node_id(state: CaseState) -> str:
    """The name a state has in the diagram's source (an active state sits in the box)."""
    return f"{GROUP}{SEPARATOR}{state.value}" if state in ACTIVE else state.value


def _states(lang: str) -> list[dict[str, Any]]:
    group = {"name": GROUP, "label": pick(DIAGRAM_WORDS["group"], lang), "initial": PATH[0].value,
             "children": [{"name": s.value, "label": state_label(s.value, lang)} for s in PATH]}
    rest = [{"name": s.value, "label": state_label(s.value, lang)} for s in CaseState if s not in ACTIVE]
    return [*rest, group]  # the others first: Mermaid then keeps pause's and resume's words apart


def _edges(steps: list[Step], all_steps: bool) -> list[tuple[str, str, Step]]:
    """(source, dest, step) for each arrow. Unless `all_steps`: no corrections, and a step that every active
    state has (the same kind, to or from the same state outside the box) is one arrow from or into the box."""
    if all_steps:
        return [(node_id(s.source), node_id(s.dest), s) for s in steps]
    drawn = [s for s in steps if s.kind is not StepKind.CORRECTION]
    leaving: dict[tuple[StepKind, CaseState], set[CaseState]] = defaultdict(set)
    entering: dict[tuple[StepKind, CaseState], set[CaseState]] = defaultdict(set)
    for s in drawn:
        if s.source in ACTIVE and s.dest not in ACTIVE:
            leaving[s.kind, s.dest].add(s.source)
        elif s.dest in ACTIVE and s.source not in ACTIVE:
            entering[s.kind, s.source].add(s.dest)
    edges: dict[tuple[str, str, StepKind], Step] = {}
    for s in drawn:
        if s.source in ACTIVE and leaving[s.kind, s.dest] == set(ACTIVE):
            ends = (GROUP, node_id(s.dest))
        elif s.dest in ACTIVE and entering[s.kind, s.source] == set(ACTIVE):
            ends = (node_id(s.source), GROUP)
        else:
            ends = (node_id(s.source), node_id(s.dest))
        edges.setdefault((*ends, s.kind), s)
    return [(source, dest, s) for (source, dest, _), s in edges.items()]


def _graph(engine: Literal["mermaid", "graphviz"], lang: str, all_steps: bool) -> Any:
    """The graph `transitions` draws: a `graphviz.Digraph`, or an object whose `source` is Mermaid text."""
    machine = _JourneyGraph(model=None, states=_states(lang), initial=None, auto_transitions=False,
                            graph_engine=engine, title=pick(DIAGRAM_WORDS["title"], lang))
    edges = _edges(engine_steps(), all_steps)
    for source, dest, step in edges:
        one_step = (source, dest) == (node_id(step.source), node_id(step.dest))
        trigger = step.trigger if one_step else f"{step.kind.value}_{source}_to_{dest}"
        machine.add_transition(trigger, source, dest, label=step_words(step, lang))
    if engine == "graphviz" and machine.graph_cls is not _WordsMidway:
        raise NotFound("graphviz_package_missing")  # transitions fell back to Mermaid: no `graphviz` package
    graph: Any = machine.graph_cls(machine)
    for state, style in STATE_STYLE.items():
        graph.set_node_style(node_id(state), style)
    for source, dest, step in edges:
        edge_style = "box" if GROUP in (source, dest) else STEP_STYLE.get(step.kind)
        if step.kind in (StepKind.RESUME, StepKind.REOPEN):
            edge_style = "box_back" if edge_style == "box" else "back"
        if edge_style:
            graph.custom_styles["edge"][source][dest] = edge_style
    title = pick(DIAGRAM_WORDS["title"], lang)
    # transitions writes the title as Mermaid's front matter, which is YAML: `title: ...` is what Mermaid shows
    return graph.get_graph(title=f"title: {json.dumps(title, ensure_ascii=False)}" if engine == "mermaid" else title)


def _mermaid(lang: str, all_steps: bool) -> str:
    lines = [line.rstrip() for line in _graph("mermaid", lang, all_steps).source.splitlines()]
    if not all_steps:
        note = [f"    {line}" for line in pick(DIAGRAM_WORDS["note"], lang).splitlines()]
        lines += [f"  note right of {node_id(CaseState.CLOSED)}", *note, "  end note"]
    return "\n".join(lines) + "\n"


def _digraph(lang: str, all_steps: bool) -> Any:
    graph = _graph("graphviz", lang, all_steps)
    graph.graph_attr.update(compound="true", fontname=FONT, labelloc="t", fontsize="18", nodesep="0.4")
    graph.node_attr.update(fontname=FONT)
    graph.edge_attr.update(fontname=FONT, fontsize="11")
    last = node_id(PATH[-1])
    # An arrow from or into the box is drawn by transitions from its start marker, at the box's left; here it
    # leaves (and re-enters) the box's border by its last state, beside the off-ramps that stand after it.
    graph.body[:] = [re.sub(rf"^(\s*){GROUP} -> (.*ltail=cluster_{GROUP})", rf"\g<1>{last} -> \g<2>", line)
                     for line in graph.body]
    graph.body[:] = [re.sub(rf"^(\s*\w+) -> {GROUP} (\[.*lhead=cluster_{GROUP})", rf"\g<1> -> {last} \g<2>", line)
                     for line in graph.body]
    for off_ramp in (CaseState.PAUSED, CaseState.CLOSED):  # after the journey's last active step, not before it
        graph.edge(last, node_id(off_ramp), style="invis")
    if not all_steps:
        graph.node("note", label=pick(DIAGRAM_WORDS["note"], lang).replace("\n", r"\l") + r"\l", shape="note",
                   style="filled", fillcolor="#fffbe6", color="#bbbbbb", fontsize="11")
    return graph


def dot_available() -> bool:
    """Whether Graphviz's `dot` program is on the PATH (SVG and PNG need it)."""
    return shutil.which("dot") is not None


def journey_diagram(fmt: str, lang: str = "nb", all_steps: bool = False) -> str | bytes:
    """The journey as Mermaid or DOT text, or as SVG or PNG bytes (these need Graphviz's `dot`)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown diagram format {fmt!r}")
    if fmt == "mermaid":
        return _mermaid(lang, all_steps)
    if fmt in ("svg", "png") and not dot_available():
        raise NotFound("graphviz_missing", format=fmt)
    graph = _digraph(lang, all_steps)
    if fmt == "dot":
        return str(graph.source)
    image: bytes = graph.pipe(format=fmt)
    return image
