"""The terminal: how wide it is, whether it takes colour, and tables laid out by rich to fit it."""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Sequence
from typing import Any


def width(stream: Any) -> int | None:
    """The columns to fit: $COLUMNS, else the terminal's; None when piped (a file or `grep` gets it all)."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isascii() and columns.isdigit() and int(columns) > 0:
        return int(columns)
    if is_terminal(stream):
        return shutil.get_terminal_size().columns
    return None


def colour(stream: Any) -> bool:
    """Colour only on a terminal, and never with NO_COLOR set (https://no-color.org)."""
    return not os.environ.get("NO_COLOR") and is_terminal(stream)


def is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # a closed or a fake stream
        return False


def wrapped(text: str, columns: int) -> str:
    """A long line wrapped by words at `columns`, the lines after the first indented under it; a word longer
    than the line (a path, a URL) stays whole."""
    import textwrap

    indent = " " * (len(text) - len(text.lstrip(" ")))
    return "\n".join(textwrap.wrap(text, columns, subsequent_indent=indent + "  ", break_on_hyphens=False,
                                   break_long_words=False))


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], wrap: Sequence[int] | None, columns: int | None,
          in_colour: bool) -> list[str]:
    """The lines of a table under a ruled heading, laid out by rich within `columns` (None: as wide as it
    takes). The columns in `wrap` (by default the last, and any holding text longer than a date and time)
    wrap by words to make room; the others keep their line, unless the terminal is too narrow even for them."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    layout = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1), collapse_padding=True,
                   header_style="bold" if in_colour else "", highlight=False)
    cells = [["–" if c is None else str(c) for c in row] for row in rows]
    natural = [max([len(str(h)), *(len(row[n]) for row in cells)]) for n, h in enumerate(headers)]
    if wrap is None:
        wrap = [n for n, length in enumerate(natural) if length > 24 or n == len(headers) - 1]
    floors = [min(natural[n], 16, max([len(word) for text in (str(h), *(row[n] for row in cells))
                                       for word in text.split()] or [1])) for n, h in enumerate(headers)]
    widths = _share(natural, wrap, columns - 2 * (len(headers) - 1), floors) if columns else natural
    for n, heading in enumerate(headers):
        layout.add_column(Text(str(heading)), overflow="fold", no_wrap=widths is not None and n not in wrap,
                          width=widths[n] if widths is not None and n in wrap else None)
    for row in cells:
        layout.add_row(*(Text(c) for c in row))
    buffer = io.StringIO()
    console = Console(file=buffer, width=columns or 100_000, force_terminal=in_colour, no_color=not in_colour,
                      color_system="standard" if in_colour else None, markup=False, emoji=False, highlight=False,
                      legacy_windows=False)
    console.print(layout)
    return [text.rstrip() for text in buffer.getvalue().splitlines()]


def _share(natural: list[int], wrap: Sequence[int], room: int, floors: list[int]) -> list[int] | None:
    """Column widths within `room`: the others keep theirs; the wrapping ones get at least their longest word
    (`floors`) and share the rest by how much more they would take. None when even that cannot be: rich then
    narrows every column as it sees fit."""
    if sum(natural) <= room:
        return natural
    left = room - sum(w for n, w in enumerate(natural) if n not in wrap)
    if not wrap or left < sum(floors[n] for n in wrap):
        return None
    widths = list(natural)
    spare = left - sum(floors[n] for n in wrap)
    more = sum(natural[n] - floors[n] for n in wrap) or 1
    for n in wrap:
        widths[n] = floors[n] + spare * (natural[n] - floors[n]) // more
    return widths
