"""`rto diagram`: the journey drawn from the machine the engine runs, as Mermaid, DOT, SVG or PNG."""

from __future__ import annotations

import base64
import sys
from pathlib import Path

import click

from commands.app import app, pass_context_unchecked
from commands.context import OUTPUT, Context, write_file

FORMATS = click.Choice(["mermaid", "dot", "svg", "png"])


@app.command("diagram")
@click.option("--format", "fmt", type=FORMATS, default="mermaid", show_default=True,
              help="Mermaid or DOT text; SVG or PNG need Graphviz (`dot`).")
@OUTPUT
@click.option("--all", "all_steps", is_flag=True,
              help="Every step as an arrow of its own, the supervisors' corrections back to earlier states too.")
@pass_context_unchecked
def diagram(ctx: Context, fmt: str, output: Path | None, all_steps: bool) -> None:
    """Draw the journey: Mermaid, DOT, SVG or PNG.

    Its states and the steps between them, drawn from the same definition the engine runs; it needs no
    database. Mermaid text (the default) renders on GitHub and in many editors; SVG and PNG need Graphviz
    (`dot`). The backward corrections, a supervisor's, are a note unless --all draws each of them. The words
    are in the language asked for (`--lang nb|nn|en`).

    \b
    Example:
      rto diagram > reisen.mmd
      rto diagram --format svg -o reisen.svg
      rto --lang en diagram --all --format png -o journey.png
    """
    from states.errors import InvalidInput
    from workflow.diagram import journey_diagram

    out = ctx.out
    if fmt == "png" and output is None and not out.json_mode and sys.stdout.isatty():
        raise InvalidInput("diagram_to_terminal")
    drawing = journey_diagram(fmt, out.language, all_steps)
    if output is not None:
        write_file(output, drawing)
        out.data({"format": fmt, "path": str(output)},
                 lambda: out.error(out.message("diagram_written", {"path": str(output)})))
    elif out.json_mode:
        content = base64.b64encode(drawing).decode("ascii") if isinstance(drawing, bytes) else drawing
        out.data({"format": fmt, "encoding": "base64" if isinstance(drawing, bytes) else "text",
                  "diagram": content}, lambda: None)
    elif isinstance(drawing, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(drawing)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(drawing)
