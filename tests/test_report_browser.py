"""The HTML report opened in headless Chromium: it renders, it fetches nothing, it prints on A4.

These tests render the reference report once, then look at the screenshot's
pixels, the rendered DOM and an A4 print of it. They need Chromium (Debian's
``chromium`` package). On a machine without it they are skipped, with the
reason; ``.ci/run`` installs it and sets ``PERFCONTRACT_REQUIRE_BROWSER=1``,
under which a missing Chromium fails them instead.
"""

from __future__ import annotations

import datetime
import os
import re
import sys
from pathlib import Path

import numpy as np
import pytest

import perfcontract as pc

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import browser  # noqa: E402 (the project's Chromium helpers, in scripts/)

EXAMPLES = ROOT / "examples"

needs_chromium = pytest.mark.skipif(
    os.environ.get("PERFCONTRACT_REQUIRE_BROWSER") != "1" and browser.find_chromium() is None,
    reason="Chromium is not installed (Debian's `chromium` package);"
    " CI installs it and runs these tests",
)
WHEN = datetime.datetime(2018, 7, 9, 9, 0, tzinfo=datetime.timezone.utc)

RED = (166, 27, 27)  # --red: the left border of a card of concern, the outside-tolerance badge
GREEN = (26, 107, 50)  # --green: the left border of a card of good performance
NAVY = (31, 63, 115)  # the trend lines' readings


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    report = pc.Report.build(
        pc.load(EXAMPLES / "dcst-2017-18.contract"),
        pc.Readings.from_csv(EXAMPLES / "dcst-2017-18-readings.csv"),
        "2017/18 Q4",
        commentary=pc.Commentary.read(EXAMPLES / "dcst-2017-18-commentary.md"),
        generated=WHEN,
    )
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(report.to_html(), encoding="utf-8")
    return path


LONG = "Supercalifragilistic" * 8


@pytest.fixture(scope="module")
def long_words(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A report whose every text is one unbroken word longer than the page is wide."""
    contract = pc.loads(
        f'contract "{LONG}" {{ council "{LONG}" provider "{LONG}"\n'
        f'group "{LONG}" {{ measure A1 "{LONG}" {{ unit count\nhigher is better\n'
        "target 10\ntolerance 5 } } }"
    )
    readings = pc.Readings.from_csv_text(
        "measure,period,value\nA1,2017/18 Q3,1\nA1,2017/18 Q4,999999999999999\n"
    )
    notes = pc.Commentary.from_csv_text(
        "measure,period,author,text\n"
        f"A1,2017/18 Q4,{LONG},https://example.invalid/{LONG}/{LONG}.pdf\n"
    )
    report = pc.Report.build(contract, readings, "2017/18 Q4", commentary=notes, generated=WHEN)
    path = tmp_path_factory.mktemp("long") / "long.html"
    path.write_text(report.to_html(), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def dom(page: Path) -> str:
    return browser.dom(page)


@pytest.fixture(scope="module")
def pixels(page: Path) -> np.ndarray:
    shot = browser.screenshot(page, page.with_suffix(".png"), width=1200, height=7000)
    return browser.read_png(shot).astype(np.int16)


def _near(pixels: np.ndarray, colour: tuple[int, int, int], within: int = 24) -> np.ndarray:
    """Where the screenshot has ``colour``, give or take ``within`` in each channel."""
    return (np.abs(pixels[..., :3] - np.array(colour)) <= within).all(axis=2)


@needs_chromium
class TestRendered:
    def test_title(self, dom: str) -> None:
        """Chromium reads the page's title: the contract and the period."""
        title = re.search(r"<title>(.*?)</title>", dom)
        assert title is not None
        assert "DCST service delivery contract: performance report, Quarter 4 2017/18" == (title[1])

    def test_summary_table(self, dom: str) -> None:
        """The rendered DOM holds the summary table with the reference report's totals."""
        table = re.search(r'<table class="summary">.*?</table>', dom, re.S)
        assert table is not None
        totals = re.findall(r"<td>(\d+ \(\d+%\))</td>", table[0])
        assert ["2 (10%)", "7 (35%)", "9 (45%)", "2 (10%)"] == totals

    def test_red_and_green_cards(self, dom: str) -> None:
        """Cards of concern are red and cards of good performance green, in the DOM."""
        red = re.findall(r'<article class="card red" id="card-([A-Z0-9]+)"', dom)
        green = re.findall(r'<article class="card green" id="card-([A-Z0-9]+)"', dom)
        assert ["A1", "A4", "A8", "A9", "B8", "B10", "B13", "B14", "FO1"] == red
        assert ["A2", "A3", "A6", "B9", "FO2", "FO3", "C14", "C15", "C16"] == green

    def test_trend_lines(self, dom: str) -> None:
        """Every measure has an SVG trend, and a line joins its four quarters."""
        assert 23 == dom.count('<svg class="trend"')
        assert 23 == len(re.findall(r'<polyline class="value" points="(?:[\d.]+,[\d.]+ ){3}', dom))

    def test_pixels_show_red_and_green(self, pixels: np.ndarray) -> None:
        """The screenshot shows red and green card borders and navy trend lines."""
        assert _near(pixels, RED).sum() > 2000
        assert _near(pixels, GREEN).sum() > 2000
        assert _near(pixels, NAVY).sum() > 500

    def test_screenshot_is_not_blank(self, pixels: np.ndarray) -> None:
        """Text was drawn: a good share of the page is neither white nor near it."""
        ink = (pixels[..., :3] < 200).any(axis=2)
        assert ink.mean() > 0.02


class TestSelfContained:
    def test_no_external_reference(self, page: Path) -> None:
        """The HTML refers to no URL: nothing to fetch, no script, no external stylesheet."""
        text = page.read_text(encoding="utf-8")
        assert [] == re.findall(r"(?:https?:|ftp:|//[a-z0-9])", text, re.I)
        assert [] == re.findall(r"<(?:script|link|iframe|img|object|embed)\b", text, re.I)
        assert [] == re.findall(r"(?:@import|url\()", text, re.I)

    @needs_chromium
    def test_rendered_dom_has_no_external_reference(self, dom: str) -> None:
        """After Chromium has rendered it, the DOM still refers to nothing outside."""
        assert [] == re.findall(r'(?:src|href)="(?!#)[^"]*"', dom)


@needs_chromium
class TestPrint:
    def test_a4(self, page: Path) -> None:
        """Printed, every page of the PDF is A4 portrait (595 x 842 points)."""
        pdf = browser.print_pdf(page, page.with_suffix(".pdf")).read_bytes()
        boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
        assert len(boxes) >= 3
        assert {(595, 842)} == {(round(float(w)), round(float(h))) for w, h in boxes}

    @pytest.mark.parametrize("which", ["reference", "long words"])
    def test_nothing_cut_off_at_a4_width(
        self, tmp_path: Path, page: Path, long_words: Path, which: str
    ) -> None:
        """At A4's printable width no card, table or trend runs past the right edge.

        Checked on the reference report and on one whose names, commentary and readings
        hold words and numbers far longer than a line.
        """
        # 210 mm less two 14 mm margins at 96 dots per inch: 688 CSS pixels.
        width = 688
        source = page if which == "reference" else long_words
        probe = source.read_text(encoding="utf-8").replace(
            "</body>",
            "<script>document.body.dataset.overflow = JSON.stringify("
            "[...document.querySelectorAll('.card, table, svg, h1, h2, h3, dl')]"
            ".filter(e => e.getBoundingClientRect().right"
            " > document.documentElement.clientWidth + 0.5)"
            ".map(e => e.id || e.className.baseVal || e.className || e.tagName));"
            "document.body.dataset.width = document.documentElement.scrollWidth;</script></body>",
        )
        test_page = tmp_path / "probe.html"
        test_page.write_text(probe, encoding="utf-8")
        rendered = browser.dom(test_page, width=width, height=1200)
        overflow = re.search(r'data-overflow="([^"]*)"', rendered)
        scroll = re.search(r'data-width="(\d+)"', rendered)
        assert overflow is not None
        assert scroll is not None
        assert "[]" == overflow[1].replace("&quot;", '"')
        assert int(scroll[1]) <= width

    def test_cards_and_rows_are_not_split_across_pages(self, page: Path) -> None:
        """The print stylesheet keeps each card and each measure's rows on one page."""
        style = page.read_text(encoding="utf-8")
        assert re.search(r"\.card \{[^}]*break-inside: avoid", style)
        assert re.search(r"tbody, tr \{[^}]*break-inside: avoid", style)
        assert "@page { size: A4 portrait;" in style


def _luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a ``#rrggbb`` colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(ink: str, ground: str) -> float:
    light, dark = sorted((_luminance(ink), _luminance(ground)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


class TestContrast:
    """Every text colour on the ground it is used on passes WCAG AA (4.5 : 1)."""

    @pytest.mark.parametrize(
        ("ink", "ground"),
        [
            ("--ink", "#ffffff"),
            ("--muted", "#ffffff"),
            ("--red", "--red-bg"),
            ("--red", "#fffafa"),  # the flag for missing commentary, on a red card
            ("--amber", "--amber-bg"),
            ("--green", "--green-bg"),
            ("--grey", "--grey-bg"),
            ("--muted", "#fafafa"),  # commentary's ground
        ],
    )
    def test_aa(self, ink: str, ground: str) -> None:
        """The pair's contrast ratio is at least 4.5."""
        from perfcontract.render.html import STYLE

        colours = dict(re.findall(r"(--[a-z-]+): (#[0-9a-f]{6})", STYLE))
        ratio = _contrast(colours.get(ink, ink), colours.get(ground, ground))
        assert ratio >= 4.5, f"{ink} on {ground}: {ratio:.2f}"
