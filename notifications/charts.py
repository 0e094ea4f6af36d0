"""Charts as inline SVG: drawn here, so the HTML report is one file that opens without a network."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

PALETTE = ("#1f6f8b", "#99c24d", "#e07a5f", "#f2cc8f", "#81b29a", "#9c89b8", "#f28482", "#6c757d")
_FONT = 'font-family="Arial, Helvetica, sans-serif" font-size="12"'


def _text(x: float, y: float, text: str, anchor: str = "start", weight: str = "normal", fill: str = "#1a1a1a") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-weight="{weight}" fill="{fill}" {_FONT}>'
            f"{escape(text)}</text>")


def horizontal_bars(items: Sequence[tuple[str, float, str]], title: str, width: int = 640) -> str:
    """One bar per (label, value, shown value): a funnel, a count per state."""
    left, bar_h, gap, top = 150, 22, 8, 34
    height = top + len(items) * (bar_h + gap) + 10
    largest = max((v for _, v, _ in items), default=0) or 1
    scale = (width - left - 70) / largest
    parts = [_text(0, 18, title, weight="bold")]
    for i, (label, value, shown) in enumerate(items):
        y = top + i * (bar_h + gap)
        w = max(value * scale, 1 if value else 0)
        parts.append(_text(left - 8, y + 15, label, anchor="end"))
        parts.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}" rx="3" fill="{PALETTE[0]}">'
                     f"<title>{escape(label)}: {escape(shown)}</title></rect>")
        parts.append(_text(left + w + 6, y + 15, shown))
    return _svg(width, height, title, parts)


def range_bars(items: Sequence[tuple[str, float | None, float | None]], title: str, unit: str,
               legend: tuple[str, str], number: Callable[[float], str] = "{:g}".format, width: int = 640) -> str:
    """Per (label, median, 90th percentile): a bar to the median and a thin one on to the 90th percentile.
    `number` writes a value as the reader's locale does (12,5 in bokmål)."""
    left, bar_h, gap, top = 150, 22, 8, 52
    height = top + len(items) * (bar_h + gap) + 10
    largest = max((p or m or 0 for _, m, p in items), default=0) or 1
    scale = (width - left - 110) / largest
    parts = [_text(0, 18, title, weight="bold"),
             f'<rect x="0" y="28" width="12" height="12" fill="{PALETTE[0]}"/>', _text(18, 38, legend[0]),
             f'<rect x="120" y="32" width="12" height="4" fill="{PALETTE[2]}"/>', _text(138, 38, legend[1])]
    for i, (label, median, p90) in enumerate(items):
        y = top + i * (bar_h + gap)
        parts.append(_text(left - 8, y + 15, label, anchor="end"))
        if median is None:
            parts.append(_text(left, y + 15, "–", fill="#6c757d"))
            continue
        if p90 is not None:
            parts.append(f'<rect x="{left}" y="{y + bar_h / 2 - 2:.1f}" width="{max(p90 * scale, 1):.1f}" height="4" '
                         f'fill="{PALETTE[2]}"/>')
        parts.append(f'<rect x="{left}" y="{y}" width="{max(median * scale, 1):.1f}" height="{bar_h}" rx="3" '
                     f'fill="{PALETTE[0]}" fill-opacity="0.9"/>')
        shown = f"{number(median)} / {number(p90)} {unit}" if p90 is not None else f"{number(median)} {unit}"
        parts.append(_text(left + max(median, p90 or 0) * scale + 6, y + 15, shown))
    return _svg(width, height, title, parts)


def stacked_columns(columns: Sequence[str], series: Sequence[tuple[str, Sequence[float]]], title: str,
                    width: int = 640, height: int = 300) -> str:
    """Columns (e.g. years) stacked by series (e.g. moved in, and each way of leaving)."""
    left, bottom, top, legend_h = 40, 30, 30, 22 * ((len(series) + 2) // 3)
    plot_h = height - top - bottom - legend_h
    totals = [sum(values[i] for _, values in series) for i in range(len(columns))]
    largest = max(totals, default=0) or 1
    slot = (width - left - 10) / max(len(columns), 1)
    bar_w = min(56.0, slot * 0.6)
    parts = [_text(0, 18, title, weight="bold")]
    base = top + plot_h
    parts.append(f'<line x1="{left}" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#999"/>')
    for i, column in enumerate(columns):
        x = left + i * slot + (slot - bar_w) / 2
        y = float(base)
        for s, (name, values) in enumerate(series):
            h = values[i] / largest * plot_h
            if h:
                y -= h
                parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                             f'fill="{PALETTE[s % len(PALETTE)]}"><title>{escape(column)} · {escape(name)}: '
                             f"{values[i]:g}</title></rect>")
        parts.append(_text(x + bar_w / 2, y - 4, f"{totals[i]:g}", anchor="middle"))
        parts.append(_text(x + bar_w / 2, base + 16, column, anchor="middle"))
    for s, (name, _) in enumerate(series):
        lx, ly = (s % 3) * 200, height - legend_h + (s // 3) * 22 + 4
        parts.append(f'<rect x="{lx}" y="{ly}" width="12" height="12" fill="{PALETTE[s % len(PALETTE)]}"/>')
        parts.append(_text(lx + 18, ly + 10, name))
    return _svg(width, height, title, parts)


def _svg(width: int, height: int, title: str, parts: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(title)}" '
            f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">' + "".join(parts) + "</svg>")
