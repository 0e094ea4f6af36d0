"""The report's charts, drawn for print as much as for the screen: Okabe and Ito's colour-blind-safe palette
with black or white numbers, whichever reads on each colour; a number on every segment of a stacked column;
a 90th percentile drawn as a whisker from the end of its bar, never through it; and the trend as a running
total (solid) against the target's pace (dashed), with no bar for a line to cross."""

from __future__ import annotations

from xml.etree import ElementTree

from test_report_html import SVG_NS, segment_numbers, texts

from notifications.charts import PALETTE, cumulative_lines, ink_on, range_bars, stacked_columns
from notifications.formatting import LocaleFormats


def test_the_palette_is_okabe_and_itos_and_numbers_read_on_every_colour() -> None:
    assert PALETTE[:7] == ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442")
    assert len(set(PALETTE)) == len(PALETTE)
    # white on the dark ones, black on the light ones
    assert [ink_on(c) for c in PALETTE] == ["#ffffff", "#000000", "#000000", "#000000", "#000000", "#000000",
                                            "#000000", "#ffffff"]


def test_every_segment_carries_its_number_inside_or_beside_it() -> None:
    svg = ElementTree.fromstring(stacked_columns(["2025", "2026"], [("inn", [40.0, 3.0]), ("ut", [1.0, 2.0])], "T"))
    assert sorted(segment_numbers(svg)) == ["1", "2", "3", "40"]
    totals = [t.text for t in svg.iter(f"{SVG_NS}text") if t.attrib.get("class") == "total"]
    assert totals == ["41", "5"]
    # the 1 on a 40 column is too low a segment to write in: it stands beside the column
    rects = {r.find(f"{SVG_NS}title").text: r for r in svg.iter(f"{SVG_NS}rect")  # type: ignore[union-attr]
             if r.find(f"{SVG_NS}title") is not None}
    small = rects["2025 · ut: 1"]
    one = next(t for t in svg.iter(f"{SVG_NS}text") if t.attrib.get("class") == "segment" and t.text == "1")
    assert float(one.attrib["x"]) > float(small.attrib["x"]) + float(small.attrib["width"])


def test_no_whisker_is_drawn_through_the_bar_it_qualifies() -> None:
    svg = ElementTree.fromstring(range_bars([("kartlagt", 10.0, 30.0), ("motivert", 20.0, 20.0),
                                             ("boligsøk", None, None)], "Tid", "dager", ("median", "90. persentil")))
    bars_ = [r for r in svg.iter(f"{SVG_NS}rect") if r.find(f"{SVG_NS}title") is not None]
    ends = [float(r.attrib["x"]) + float(r.attrib["width"]) for r in bars_]
    lines = [line for line in svg.iter(f"{SVG_NS}line") if float(line.attrib["y1"]) > 52]  # below the legend
    assert lines, "whiskers"
    for line in lines:
        left = min(float(line.attrib["x1"]), float(line.attrib["x2"]))
        top = min(float(line.attrib["y1"]), float(line.attrib["y2"]))
        bar = next(r for r in bars_ if float(r.attrib["y"]) <= top + 8 <= float(r.attrib["y"]) + 24)
        assert left > float(bar.attrib["x"]) + float(bar.attrib["width"]), (line.attrib, bar.attrib)
    assert len(ends) == 2


def test_the_trend_draws_the_running_total_against_the_targets_pace() -> None:
    svg = ElementTree.fromstring(cumulative_lines(["jan", "feb", "mar"], [1, 0, 2], [2.1, 4.2, 6.2], "Trend",
                                                  ("innflyttet (sum)", "målet"), "per måned",
                                                  LocaleFormats("nb").number))
    lines = list(svg.iter(f"{SVG_NS}polyline"))
    assert [line.attrib.get("stroke-dasharray") for line in lines] == ["7 4", None]  # the target dashed
    words = texts(svg)
    for word in ("jan", "feb", "mar", "1", "3", "6,2", "per måned", "innflyttet (sum)", "målet"):
        assert word in words, word
    assert [c.find(f"{SVG_NS}title").text for c in svg.iter(f"{SVG_NS}circle")  # type: ignore[union-attr]
            if c.find(f"{SVG_NS}title") is not None] == ["jan: 1 (1)", "feb: 0 (1)", "mar: 2 (3)"]
    assert not list(svg.iter(f"{SVG_NS}rect")), "no bar for a line to cross"
