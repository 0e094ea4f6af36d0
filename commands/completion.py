"""Shell completion: `_RTO_COMPLETE=bash_source rto` prints the script; the shell then asks `rto` for words.

Click completes commands, options and choices (states for `--state`, outcome codes for `--outcome`) by itself;
here are the words it cannot know: fact names for `case set` (and their values where they are a choice), and
for `rto case advance CASE` the states that case may go to, read from the database.
"""

from __future__ import annotations

from typing import Any

import click
from click.shell_completion import CompletionItem, shell_complete

from commands.context import Context, Options


def complete(group: click.Group, instruction: str) -> int:
    """Answer the shell: a script (`bash_source`, `zsh_source`, `fish_source`) or the words for the line it
    gives in its environment (`bash_complete`, ...). Exit 1 for an instruction click does not know."""
    return shell_complete(group, {"obj": Context(Options())}, "rto", "_RTO_COMPLETE", instruction)


def fact_names(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """`KEY=` for each fact (its name in words as help); after `KEY=`, the values of a yes/no or choice fact."""
    from states.facts import FACTS, Kind
    from states.labels import fact_label

    language = _options(ctx).lang or "nb"
    name, equals, _ = incomplete.partition("=")
    if equals:
        spec = FACTS.get(name)
        if spec is None:
            return []
        values = ("yes", "no") if spec.kind is Kind.YESNO else tuple(spec.choices or ())
        return [CompletionItem(f"{name}={v}") for v in values if f"{name}={v}".startswith(incomplete)]
    return [CompletionItem(f"{n}=", help=fact_label(n, language)) for n in FACTS if n.startswith(incomplete)]


def case_targets(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """The states `rto case advance CASE` may take that case to, as the acting login may (nothing when the
    case, the database or the login cannot be read: completion never prints an error into the shell)."""
    from states.labels import state_label

    case_id = ctx.params.get("case_id")
    if not isinstance(case_id, int):
        return []
    shared = ctx.find_object(Context)  # in `rto shell`, the Apps of the day
    context = Context(_options(ctx), apps=shared.apps if shared else None)
    try:
        from workflow.views import reachable_states

        states = reachable_states(context.app, context.actor, case_id)
    except Exception:  # not found, not permitted, no database yet: no words, and no traceback into the shell
        return []
    finally:
        if context.apps is None and "app" in context.__dict__:
            context.app.close()
    language = context.options.lang or "nb"
    return [CompletionItem(s, help=state_label(s, language)) for s in states if s.startswith(incomplete)]


def _options(ctx: click.Context) -> Options:
    """The global options given on the line so far: to the group (with its environment variables) and after
    the command (which win)."""
    values: dict[str, Any] = {}
    for level in reversed(_chain(ctx)):
        for key, option in (("db", "db"), ("actor", "actor"), ("config", "config"), ("lang", "lang")):
            if level.params.get(option) is not None:
                values[key] = level.params[option]
    return Options(**values)


def _chain(ctx: click.Context) -> list[click.Context]:
    """`ctx` and its parents, nearest first."""
    found: list[click.Context] = []
    level: click.Context | None = ctx
    while level is not None:
        found.append(level)
        level = level.parent
    return found
