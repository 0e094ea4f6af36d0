"""The HTML report (`rto report --format html`): one self-contained file, with the cases to act on, the trend
against the target, the funnel, the outcomes per year and the time in each state drawn as inline SVG, in
bokmål and in English; and it opens in headless Chromium, whose page lists the stalled cases and whose
screenshot (kept in the test's tmp dir) shows the charts' colours in quantity, across the page's width.

The caseload is test_reports.py's, whose figures are worked out by hand there. Chromium is Debian's
`/usr/bin/chromium`; where it is missing the Chromium test skips, except in CI (RTO_REQUIRE_CHROMIUM=1), where
it fails.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import zlib
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from conftest import FakeClock, InProcessRto
from test_reports import at_today, build_caseload

from notifications.charts import PALETTE, range_bars
from notifications.formatting import LocaleFormats
from workflow.bootstrap import App, bootstrap
from workflow.cases import open_case
from workflow.households import add_household
from workflow.staff import add_staff

pytestmark = pytest.mark.timeout(300)

SVG_NS = "{http://www.w3.org/2000/svg}"
CHROMIUM = os.environ.get("RTO_CHROMIUM", "/usr/bin/chromium")
REQUIRE_CHROMIUM = os.environ.get("RTO_REQUIRE_CHROMIUM") == "1"


def render(rto: InProcessRto, path: Path, *options: str, year: int | None = None) -> str:
    """`rto report --format html -o path`, with global `options` (--lang) and maybe --year."""
    chosen = ["--year", str(year)] if year else []
    with at_today():
        result = rto("--as", "siri", *options, "report", "--format", "html", *chosen, "-o", str(path))
    assert result.code == 0, result
    assert result.out == ""
    return path.read_text(encoding="utf-8")


@pytest.fixture
def pages(rto: InProcessRto, app: App, clock: FakeClock, tmp_path: Path) -> dict[str, str]:
    """The report of test_reports.py's caseload, in bokmål and in English."""
    build_caseload(app, clock)
    return {"nb": render(rto, tmp_path / "rapport.html"),
            "en": render(rto, tmp_path / "report.html", "--lang", "en")}


# --------------------------------------------------------------------------------------------------------------
# The file
# --------------------------------------------------------------------------------------------------------------


class Resources(HTMLParser):
    """Every tag and attribute that could make a browser fetch something."""

    def __init__(self) -> None:
        super().__init__()
        self.fetches: list[tuple[str, str, str]] = []
        self.tags: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        for name, value in attrs:
            if name in ("src", "href", "srcset", "data", "poster", "action", "xlink:href") and value is not None:
                self.fetches.append((tag, name, value))


def test_the_report_is_one_self_contained_file(pages: dict[str, str]) -> None:
    for language, page in pages.items():
        assert page.startswith("<!DOCTYPE html>"), language
        # the only URL is the SVG namespace, a name that is never fetched
        namespaces = page.count('xmlns="http://www.w3.org/2000/svg"')
        assert namespaces == 4, language
        bare = page.replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert "http://" not in bare and "https://" not in bare, language
        lowered = page.lower()
        assert "<script" not in lowered and "<link" not in lowered and "<iframe" not in lowered, language
        assert "@import" not in lowered and "url(" not in lowered, language
        parser = Resources()
        parser.feed(page)
        assert parser.fetches == [], parser.fetches
        assert parser.tags["svg"] == 4 and parser.tags["style"] == 1, parser.tags


def svgs(page: str) -> dict[str, ElementTree.Element]:
    """The inline charts, parsed as XML (so each is well-formed), by their aria-label."""
    charts = {}
    for text in re.findall(r"<svg\b.*?</svg>", page, flags=re.S):
        element = ElementTree.fromstring(text)
        charts[element.attrib["aria-label"]] = element
    return charts


def texts(svg: ElementTree.Element) -> list[str]:
    return [t.text or "" for t in svg.iter(f"{SVG_NS}text")]


def segment_numbers(svg: ElementTree.Element) -> list[str]:
    return [t.text or "" for t in svg.iter(f"{SVG_NS}text") if t.attrib.get("class") == "segment"]


def bars(svg: ElementTree.Element) -> list[dict[str, Any]]:
    """The chart's rectangles that carry a value (a <title>), with their size and colour."""
    found = []
    for rect in svg.iter(f"{SVG_NS}rect"):
        title = rect.find(f"{SVG_NS}title")
        if title is not None:
            found.append({"title": title.text, "fill": rect.attrib["fill"], "width": float(rect.attrib["width"]),
                          "height": float(rect.attrib["height"])})
    return found


def test_the_four_charts_in_bokmaal(pages: dict[str, str]) -> None:
    page = pages["nb"]
    assert '<html lang="nb">' in page
    charts = svgs(page)
    assert list(charts) == ["Innflyttet, lagt sammen måned for måned, mot målet", "Saker som nådde hvert steg",
                            "Utfall per år", "Tid i hver status (dager)"]

    funnel = charts["Saker som nådde hvert steg"]
    labels = ["kartlagt", "motivert", "finansiert", "boligsøk", "budgivning", "kontrakt", "innflyttet"]
    counts = [17, 15, 11, 10, 7, 7, 7]  # test_reports.py: the funnel
    assert [b["title"] for b in bars(funnel)] == [f"{label}: {n}" for label, n in zip(labels, counts, strict=True)]
    assert all(b["fill"] == PALETTE[0] for b in bars(funnel))
    # drawn to scale: the longest bar (17) is 960 - 170 - 80 = 710 wide; 7 is 7 / 17 of it
    assert [b["width"] for b in bars(funnel)] == [pytest.approx(710 * n / 17, abs=0.06) for n in counts]
    assert all(label in texts(funnel) for label in labels)

    outcomes = charts["Utfall per år"]
    # per year, stacked: moved in (2025: 4, 2026: 3), then each outcome in order (declined 1 and 1, private
    # rental in 2026: 1); every column totals 5
    assert [(b["title"], b["fill"]) for b in bars(outcomes)] == [
        ("2025 · flyttet inn: 4", PALETTE[0]), ("2025 · takket nei: 1", PALETTE[1]),
        ("2026 · flyttet inn: 3", PALETTE[0]), ("2026 · takket nei: 1", PALETTE[1]),
        ("2026 · leier privat: 1", PALETTE[2])]
    words = texts(outcomes)
    for word in ("2025", "2026", "flyttet inn", "takket nei", "leier privat"):
        assert word in words, word
    assert words.count("5") == 2  # the two column totals
    assert sorted(segment_numbers(outcomes)) == ["1", "1", "1", "3", "4"]  # each segment carries its number

    times = charts["Tid i hver status (dager)"]
    words = texts(times)
    for word in ("median", "90. persentil", "kartlagt", "på vent", "10 / 30 dager", "20 / 30 dager",
                 "10 / 25 dager", "70 / 130 dager", "15 / 30 dager", "86 / 190 dager", "30 / 30 dager"):
        assert word in words, word
    # the tables beside the charts
    assert "<h2>Tid i hver status</h2>" in page and "<h2>Avsluttede saker etter utfall</h2>" in page
    assert "55,6 %" in page.replace("\xa0", " ") and "(5 av 9;" in page
    assert '<td>Finansieringsbevis som er utløpt (åpne saker)</td><td class="n">1</td>' in page


def test_the_page_lists_the_cases_to_act_on_and_the_trend(rto: InProcessRto, pages: dict[str, str]) -> None:
    with at_today():
        figures = rto("--as", "siri", "--json", "report").json
    expected = [c["case"] for c in figures["to_act_on"]["cases"]]
    for language, stalled_words in (("nb", "står stille, sist aktiv"), ("en", "stalled, last active")):
        table = CasesToActOn()
        table.feed(pages[language])
        assert [case for case, _, _ in table.rows] == expected, language
        for case, reasons, text in table.rows:
            assert (stalled_words in text) == ("stalled" in reasons), (language, case, text)
    page = pages["nb"].replace("\xa0", " ")
    assert "Periode: 06.01.2025–29.08.2026 · laget 29.08.2026 kl. 11:00" in page
    assert "<h2>Saker å følge opp (6)</h2>" in page
    assert "<h2>Innflyttet per måned mot målet om 25 husstander i året</h2>" in page
    assert "<h2>Slik er tallene regnet</h2>" in page and "Sandnes kommune" in page
    # the months of the trend as the table's columns, with the target's pace under them
    for cell in ('<th class="n">sep 25</th>', '<th class="n">aug 26</th>', '<td class="n">14,6</td>'):
        assert cell in page, cell
    assert pages["en"].index("Cases to act on (6)") < pages["en"].index("Cases that reached each state")


def test_a_fractional_time_in_the_chart_is_written_as_each_language_writes_it() -> None:
    items = [("kartlagt", 12.5, 30.25)]
    nb = range_bars(items, "Tid", "dager", ("median", "90. persentil"), LocaleFormats("nb").number)
    en = range_bars(items, "Time", "days", ("median", "90th percentile"), LocaleFormats("en").number)
    assert "12,5 / 30,25 dager" in texts(ElementTree.fromstring(nb))
    assert "12.5 / 30.25 days" in texts(ElementTree.fromstring(en))


def test_the_report_in_english(pages: dict[str, str]) -> None:
    page = pages["en"]
    assert '<html lang="en">' in page
    charts = svgs(page)
    assert list(charts) == ["Moved in, added up month by month, against the target", "Cases that reached each state",
                            "Outcomes per year", "Time in each state (days)"]
    assert [b["title"] for b in bars(charts["Cases that reached each state"])] == [
        "screened: 17", "motivated: 15", "financed: 11", "searching: 10", "bidding: 7", "contracted: 7",
        "moved in: 7"]
    assert [b["title"] for b in bars(charts["Outcomes per year"])] == [
        "2025 · moved in: 4", "2025 · declined: 1", "2026 · moved in: 3", "2026 · declined: 1",
        "2026 · private rental: 1"]
    times = texts(charts["Time in each state (days)"])
    for word in ("median", "90th percentile", "screened", "paused", "10 / 30 days", "86 / 190 days"):
        assert word in times, word
    for bokmaal in ("Saker som nådde", "flyttet inn", "måneder", "Saksbehandler"):
        assert bokmaal not in page, bokmaal


def cards(page: str) -> list[tuple[str, str]]:
    """The figures at the top of the page: (number, what it counts)."""
    found = re.findall(r'<div class="card"><div class="n">(.*?)</div><div class="t">(.*?)</div></div>', page)
    return [(n.replace("\xa0", " "), t.replace("\xa0", " ")) for n, t in found]


def test_the_cards_for_all_years_and_for_one(rto: InProcessRto, app: App, clock: FakeClock, tmp_path: Path,
                                             pages: dict[str, str]) -> None:
    assert cards(pages["nb"]) == [
        ("7", "husstander flyttet inn i alt"), ("9", "barn i disse husstandene"),
        ("5", "kommunale boliger frigjort"),  # 2 in 2025 and 3 in 2026
        ("6,6", "måneder fra åpnet sak til innflytting (median); 85,7 % innen 12 måneder"),
        ("55,6 %", "med finansieringsbevis kjøpte (signerte kontrakt) innen 4 måneder (5 av 9; "
                   "Husbanken 2020–21: 47 %; 22,2 % har aldri kjøpt, regnet fra utstedelsesdatoen)"),
        ("3", "saker står stille nå, av 7 åpne")]
    year = render(rto, tmp_path / "rapport-2025.html", year=2025)
    assert "<h1>Fra leie til eie: 2025</h1>" in year
    assert cards(year)[:5] == [
        ("4", "husstander flyttet inn i 2025"), ("5", "barn i disse husstandene"),
        ("2", "kommunale boliger frigjort"),
        ("5,6", "måneder fra åpnet sak til innflytting (median); 100 % innen 12 måneder"),
        ("62,5 %", "med finansieringsbevis kjøpte (signerte kontrakt) innen 4 måneder (5 av 8; "
                   "Husbanken 2020–21: 47 %; 12,5 % har aldri kjøpt, regnet fra utstedelsesdatoen)")]


def test_a_year_without_anyone_moving_in_shows_none(rto: InProcessRto, app: App, clock: FakeClock,
                                                    tmp_path: Path) -> None:
    build_caseload(app, clock)
    for language in ("nb", "en"):
        page = render(rto, tmp_path / f"{language}.html", "--lang", language, year=2024)
        assert [n for n, _ in cards(page)[:3]] == ["0", "0", "0"], cards(page)


def test_names_in_the_report_are_escaped(rto: InProcessRto, app: App, clock: FakeClock, tmp_path: Path) -> None:
    """The report names no household (only staff, in the caseload table); a name that looks like markup is
    shown as text, in the page and in the charts."""
    household_name = '<img src=x onerror=alert(1)> "Ås" & Co'
    add_staff(app, "adm", "kari", 'Kari <b>"Ås"</b> & Co', "kari@kommune.no", "caseworker")
    household = add_household(app, "kari", household_name, adults=1, unit="<i>Rovik</i> 12").id
    open_case(app, "kari", household)
    clock.set_day("2026-08-29")
    page = render(rto, tmp_path / "rapport.html")
    assert "Kari &lt;b&gt;&#34;Ås&#34;&lt;/b&gt; &amp; Co" in page
    assert "<b>" not in page and "<i>" not in page and "<img" not in page
    assert "onerror" not in page and "Rovik" not in page  # no household data at all
    parser = Resources()
    parser.feed(page)
    assert parser.fetches == []
    assert set(parser.tags) <= {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "div",
                                "section", "table", "thead", "tbody", "tr", "th", "td", "br", "strong", "ul", "li",
                                "footer", "svg", "text", "rect", "line", "polyline", "circle"}


# --------------------------------------------------------------------------------------------------------------
# Headless Chromium
# --------------------------------------------------------------------------------------------------------------


def read_png(data: bytes) -> tuple[int, int, list[bytes], int]:
    """A non-interlaced 8-bit RGB or RGBA PNG: (width, height, rows of raw pixels, bytes per pixel)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, chunks, header = 8, [], None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        assert zlib.crc32(kind + body) == struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])[0]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    assert header is not None
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, header
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * bpp
    assert len(raw) == height * (stride + 1)
    prev = bytearray(stride)
    rows = []
    for y in range(height):
        start = y * (stride + 1)
        kind_of_filter, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        if kind_of_filter == 1:  # Sub
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif kind_of_filter == 2:  # Up
            line = bytearray((a + b) & 0xFF for a, b in zip(line, prev, strict=True))
        elif kind_of_filter == 3:  # Average
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif kind_of_filter == 4:  # Paeth
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        else:
            assert kind_of_filter == 0, kind_of_filter
        rows.append(bytes(line))
        prev = line
    return width, height, rows, bpp


def rgb(colour: str) -> bytes:
    return bytes.fromhex(colour.lstrip("#"))


def colour_counts(rows: list[bytes], bpp: int) -> Counter[bytes]:
    counts: Counter[bytes] = Counter()
    for row in rows:
        counts.update(row[i:i + 3] for i in range(0, len(row), bpp))
    return counts


def longest_run(rows: list[bytes], bpp: int, colour: bytes) -> int:
    """The longest horizontal run of pixels of exactly `colour`."""
    best = 0
    pattern = re.compile(b"(?:" + re.escape(colour + (b"\xff" if bpp == 4 else b"")) + b")+")
    for row in rows:
        if colour not in row:
            continue
        for match in pattern.finditer(row):
            if match.start() % bpp == 0:
                best = max(best, (match.end() - match.start()) // bpp)
    return best


def chromium() -> str:
    found = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if found is None:
        why = f"headless Chromium is not installed ({CHROMIUM}; apt-get install chromium)"
        if REQUIRE_CHROMIUM:
            pytest.fail(f"{why} (RTO_REQUIRE_CHROMIUM=1: the HTML report must be checked in Chromium here)")
        pytest.skip(why)
    return found


@pytest.fixture
def sqlite_app(sqlite_template: Path, tmp_path: Path, clock: FakeClock) -> Iterator[tuple[App, str]]:
    """The caseload on SQLite only: what Chromium sees does not depend on the database."""
    path = tmp_path / "rto.db"
    shutil.copy(sqlite_template, path)
    url = f"sqlite:///{path}"
    application = bootstrap({}, database_url=url, clock=clock)
    yield application, url
    application.close()


class CasesToActOn(HTMLParser):
    """The rows of the page's table of cases to act on: (case id, the row's reasons, its text)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[int, set[str], str]] = []
        self.inside = False
        self.row: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table" and "act-cases" in (found.get("class") or ""):
            self.inside = True
        elif tag == "tr" and self.inside and found.get("data-case"):
            self.row = (found.get("class") or "", [])

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.inside = False
        elif tag == "tr" and self.row is not None:
            reasons, text = self.row
            cells = " ".join(" ".join(text).split())
            self.rows.append((int(cells.split()[0]), set(reasons.split()), cells))
            self.row = None

    def handle_data(self, data: str) -> None:
        if self.row is not None:
            self.row[1].append(data)


def test_the_report_opens_in_headless_chromium_and_lists_the_stalled_cases(
        sqlite_app: tuple[App, str], clock: FakeClock, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    browser = chromium()
    app, url = sqlite_app
    ids = build_caseload(app, clock)
    report = tmp_path / "rapport.html"
    render(InProcessRto(capsys, monkeypatch, url), report)
    shot = tmp_path / "rapport.png"  # kept with the test's files, to look at
    profile = tmp_path / "chromium-profile"
    width, height = 1000, 4400
    base = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={profile}", f"--window-size={width},{height}"]

    # the page as Chromium built it: the stalled cases K, L and R are listed by id, each row saying so
    dom = subprocess.run([*base, "--dump-dom", report.resolve().as_uri()], capture_output=True, text=True,
                         timeout=60)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "Saker å følge opp (6)" in dom.stdout
    table = CasesToActOn()
    table.feed(dom.stdout)
    stalled = [case for case, reasons, _ in table.rows if "stalled" in reasons]
    assert sorted(stalled) == sorted(ids[k] for k in "KLR")
    assert [case for case, _, _ in table.rows] == [ids[k] for k in "KRMOQL"]  # by caseworker, then case
    for _, reasons, text in table.rows:
        assert ("står stille, sist aktiv" in text) == ("stalled" in reasons), text
    assert "Ola Hansen motivert 25.07.2025 står stille, sist aktiv 03.10.2025" in dict(
        (case, text) for case, _, text in table.rows)[ids["K"]]

    done = subprocess.run([*base, f"--screenshot={shot}", report.resolve().as_uri()], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert shot.exists() and shot.stat().st_size > 10_000, done.stderr[-2000:]
    shown_width, shown_height, rows, bpp = read_png(shot.read_bytes())
    assert (shown_width, shown_height) == (width, height)
    counts = colour_counts(rows, bpp)
    blue, orange, green, vermillion = (rgb(c) for c in PALETTE[:4])
    assert counts[rgb("#ffffff")] > width * height // 2  # a white page, mostly
    # The funnel's seven bars alone are 26 px high and (17 + 15 + 11 + 10 + 7 + 7 + 7) / 17 * 704 = 3,060 px
    # long in all: some 80,000 pixels of the first colour, more with the time in each state and the trend
    assert counts[blue] > 60_000, counts.most_common(8)
    # the outcomes' second and third colours: "declined" twice and "private rental" once, each a fifth of a
    # 109 px wide column of 238 px
    assert counts[orange] > 6_000, counts.most_common(8)
    assert counts[green] > 2_500, counts.most_common(8)
    assert counts[vermillion] > 300, counts.most_common(8)  # the whiskers to the 90th percentile
    # the full width used: the funnel's longest bar is 710 of the chart's 960 units, drawn across the page's
    # 952 px (1000 less the margins)
    assert 690 <= longest_run(rows, bpp, blue) <= 712
