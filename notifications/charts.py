"""Charts as inline SVG: drawn here, so the HTML report is one file that opens without a network.

Drawn for print as much as for the screen: each is 960 units wide and scales to the page's width, every
value is written on or beside what shows it (each segment of a stacked column carries its number, in black or
white, whichever reads better on its colour), the colours are Okabe and Ito's palette (told apart by
readers with any common colour blindness, and distinct in greyscale by their lightness), and nothing is
drawn across the bar it qualifies: a percentile is a whisker that starts where its bar ends.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

# Okabe & Ito (2008), "Color Universal Design": blue, orange, bluish green, vermillion, sky blue, reddish
# purple, yellow, black
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000")
WIDTH = 960
INK, MUTED, GRID = "#1a1a1a", "#555555", "#dddddd"
_FONT = 'font-family="Arial, Helvetica, sans-serif"'


def _text(x: float, y: float, text: str, anchor: str = "start", weight: str = "normal", fill: str = INK,
          size: int = 14, kind: str | None = None) -> str:
    """`kind` names what the text says (a class: "segment", "total" ...), for those who read the SVG."""
    named = f' class="{kind}"' if kind else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-weight="{weight}" fill="{fill}" {_FONT} '
            f'font-size="{size}"{named}>{escape(text)}</text>')


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def ink_on(colour: str) -> str:
    """Black or white, whichever contrasts more with `colour` (WCAG's contrast ratio)."""
    light = _luminance(colour)
    return "#000000" if (light + 0.05) / 0.05 >= 1.05 / (light + 0.05) else "#ffffff"


def horizontal_bars(items: Sequence[tuple[str, float, str]], title: str, width: int = WIDTH) -> str:
    """One bar per (label, value, shown value): a funnel, a count per state."""
    left, bar_h, gap, top = 170, 26, 10, 40
    height = top + len(items) * (bar_h + gap) + 6
    largest = max((v for _, v, _ in items), default=0) or 1
    scale = (width - left - 80) / largest
    parts = [_text(0, 20, title, weight="bold", size=16)]
    for i, (label, value, shown) in enumerate(items):
        y = top + i * (bar_h + gap)
        w = max(value * scale, 1 if value else 0)
        parts.append(_text(left - 10, y + 18, label, anchor="end"))
        parts.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}" rx="3" fill="{PALETTE[0]}">'
                     f"<title>{escape(label)}: {escape(shown)}</title></rect>")
        parts.append(_text(left + w + 8, y + 18, shown, weight="bold"))
    return _svg(width, height, title, parts)


def range_bars(items: Sequence[tuple[str, float | None, float | None]], title: str, unit: str,
               legend: tuple[str, str], number: Callable[[float], str] = "{:g}".format, width: int = WIDTH) -> str:
    """Per (label, median, 90th percentile): a bar to the median, and from its end a whisker on to the 90th
    percentile. `number` writes a value as the reader's locale does (12,5 in bokmål)."""
    left, bar_h, gap, top = 170, 24, 12, 62
    height = top + len(items) * (bar_h + gap) + 6
    largest = max((p or m or 0 for _, m, p in items), default=0) or 1
    scale = (width - left - 150) / largest
    whisker = PALETTE[3]
    parts = [_text(0, 20, title, weight="bold", size=16),
             f'<rect x="0" y="32" width="14" height="14" fill="{PALETTE[0]}"/>', _text(20, 44, legend[0]),
             f'<line x1="150" y1="39" x2="180" y2="39" stroke="{whisker}" stroke-width="2"/>',
             f'<line x1="180" y1="33" x2="180" y2="45" stroke="{whisker}" stroke-width="2"/>',
             _text(188, 44, legend[1])]
    for i, (label, median, p90) in enumerate(items):
        y = top + i * (bar_h + gap)
        parts.append(_text(left - 10, y + 17, label, anchor="end"))
        if median is None:
            parts.append(_text(left, y + 17, "–", fill=MUTED))
            continue
        end = left + max(median * scale, 1)
        parts.append(f'<rect x="{left}" y="{y}" width="{end - left:.1f}" height="{bar_h}" rx="3" '
                     f'fill="{PALETTE[0]}"><title>{escape(label)}: {escape(number(median))} {escape(unit)}</title>'
                     f"</rect>")
        reach = end
        if p90 is not None:
            reach = max(end + 2, left + p90 * scale)
            mid = y + bar_h / 2
            if reach > end + 2:
                parts.append(f'<line x1="{end + 2:.1f}" y1="{mid:.1f}" x2="{reach:.1f}" y2="{mid:.1f}" '
                             f'stroke="{whisker}" stroke-width="2"/>')
            parts.append(f'<line x1="{reach:.1f}" y1="{mid - 7:.1f}" x2="{reach:.1f}" y2="{mid + 7:.1f}" '
                         f'stroke="{whisker}" stroke-width="2"/>')
        shown = f"{number(median)} / {number(p90)} {unit}" if p90 is not None else f"{number(median)} {unit}"
        parts.append(_text(reach + 8, y + 17, shown))
    return _svg(width, height, title, parts)


def stacked_columns(columns: Sequence[str], series: Sequence[tuple[str, Sequence[float]]], title: str,
                    width: int = WIDTH, height: int = 340) -> str:
    """Columns (e.g. years) stacked by series (e.g. moved in, and each way of leaving); each segment carries
    its number (inside when it fits, else beside the column), each column its total on top."""
    per_row = 4
    left, bottom, top, legend_h = 40, 30, 36, 24 * ((len(series) + per_row - 1) // per_row)
    plot_h = height - top - bottom - legend_h - 10
    totals = [sum(values[i] for _, values in series) for i in range(len(columns))]
    largest = max(totals, default=0) or 1
    slot = (width - left - 10) / max(len(columns), 1)
    bar_w = min(110.0, slot * 0.5)
    parts = [_text(0, 20, title, weight="bold", size=16)]
    base = top + 18 + plot_h
    for i, column in enumerate(columns):
        x = left + i * slot + (slot - bar_w) / 2
        y = float(base)
        for s, (name, values) in enumerate(series):
            h = values[i] / largest * plot_h
            if not h:
                continue
            y -= h
            fill = PALETTE[s % len(PALETTE)]
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{fill}" '
                         f'stroke="#ffffff" stroke-width="1"><title>{escape(column)} · {escape(name)}: '
                         f"{values[i]:g}</title></rect>")
            if h >= 18:
                parts.append(_text(x + bar_w / 2, y + h / 2 + 5, f"{values[i]:g}", anchor="middle", weight="bold",
                                   fill=ink_on(fill), kind="segment"))
            else:
                parts.append(_text(x + bar_w + 6, y + h / 2 + 5, f"{values[i]:g}", size=12, kind="segment"))
        parts.append(_text(x + bar_w / 2, y - 6, f"{totals[i]:g}", anchor="middle", weight="bold", kind="total"))
        parts.append(_text(x + bar_w / 2, base + 20, column, anchor="middle"))
    parts.append(f'<line x1="{left}" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#999999"/>')
    column_w = (width - 10) / per_row
    for s, (name, _) in enumerate(series):
        lx, ly = (s % per_row) * column_w, height - legend_h + (s // per_row) * 24
        parts.append(f'<rect x="{lx:.1f}" y="{ly}" width="14" height="14" fill="{PALETTE[s % len(PALETTE)]}"/>')
        parts.append(_text(lx + 20, ly + 12, name))
    return _svg(width, height, title, parts)


def cumulative_lines(columns: Sequence[str], monthly: Sequence[int], target: Sequence[float] | None, title: str,
                     legend: tuple[str, str], per_month: str, number: Callable[[float], str] = "{:g}".format,
                     width: int = WIDTH, height: int = 330) -> str:
    """A running total of `monthly` (a solid line, each point with its total) against the target's pace (a
    dashed line, its last point labelled); under each column's name, that month's own count."""
    left, right, top, bottom = 90, 70, 66, 60
    totals: list[float] = []
    for n in monthly:
        totals.append((totals[-1] if totals else 0) + n)
    peak = max([*totals, *(target or []), 1])
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000, 2000, 5000, 10_000) if peak / s <= 6) \
        if peak <= 60_000 else peak / 6
    ceiling = step * -(-peak // step)
    plot_w, plot_h = width - left - right, height - top - bottom
    slot = plot_w / max(len(columns), 1)

    def at(i: int, value: float) -> tuple[float, float]:
        return left + (i + 0.5) * slot, top + plot_h - value / ceiling * plot_h

    parts = [_text(0, 20, title, weight="bold", size=16),
             f'<line x1="0" y1="40" x2="30" y2="40" stroke="{PALETTE[0]}" stroke-width="3"/>',
             f'<circle cx="15" cy="40" r="4" fill="{PALETTE[0]}"/>', _text(38, 45, legend[0])]
    if target is not None:
        parts += [f'<line x1="260" y1="40" x2="290" y2="40" stroke="{INK}" stroke-width="2" '
                  f'stroke-dasharray="7 4"/>', _text(298, 45, legend[1])]
    level = 0.0
    while level <= ceiling:
        y = at(0, level)[1]
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{GRID}"/>')
        parts.append(_text(left - 8, y + 5, number(level), anchor="end", fill=MUTED, size=12))
        level += step
    if target is not None and target:
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (at(i, v) for i, v in enumerate(target)))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{INK}" stroke-width="2" '
                     f'stroke-dasharray="7 4"/>')
        x, y = at(len(target) - 1, target[-1])
        parts.append(_text(x + 8, y + 5, number(target[-1]), weight="bold"))
    if totals:
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (at(i, v) for i, v in enumerate(totals)))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{PALETTE[0]}" stroke-width="3"/>')
    base = top + plot_h
    parts.append(_text(left - 8, base + 44, per_month, anchor="end", fill=MUTED, size=12))
    for i, (column, total) in enumerate(zip(columns, totals, strict=True)):
        x, y = at(i, total)
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{PALETTE[0]}">'
                     f"<title>{escape(column)}: {monthly[i]} ({number(total)})</title></circle>")
        parts.append(_text(x, y - 10, number(total), anchor="middle", weight="bold", fill=PALETTE[0]))
        parts.append(_text(x, base + 22, column, anchor="middle"))
        parts.append(_text(x, base + 44, f"{monthly[i]}", anchor="middle", fill=MUTED, size=12))
    return _svg(width, height, title, parts)


def _svg(width: int, height: int, title: str, parts: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(title)}" '
            f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">' + "".join(parts) + "</svg>")
