"""Render the reference report and take the README's screenshot of it.

    python scripts/screenshot.py            # writes docs/images/report.png

Builds the Quarter 4 2017/18 report from the bundled example contract,
readings and commentary (dated 9 July 2018, when the council's report was
written, so the picture does not change from run to run), opens it in
headless Chromium and saves the top of the page as a PNG.
"""

from __future__ import annotations

import argparse
import datetime
import sys
import tempfile
from pathlib import Path

import perfcontract as pc

sys.path.insert(0, str(Path(__file__).parent))
import browser  # a sibling script, found once its folder is on the path

ROOT = Path(__file__).resolve().parents[1]
WHEN = datetime.datetime(2018, 7, 9, 9, 0, tzinfo=datetime.timezone.utc)


def reference_report() -> pc.Report:
    """The Quarter 4 2017/18 report of the bundled example, with its commentary."""
    examples = ROOT / "examples"
    contract = pc.load(examples / "dcst-2017-18.contract")
    return pc.Report.build(
        contract,
        pc.Readings.from_csv(examples / "dcst-2017-18-readings.csv"),
        "2017/18 Q4",
        commentary=pc.Commentary.read(examples / "dcst-2017-18-commentary.md"),
        generated=WHEN,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images" / "report.png")
    parser.add_argument("--width", type=int, default=1100)
    parser.add_argument("--height", type=int, default=1500)
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "report.html"
        page.write_text(reference_report().to_html(), encoding="utf-8")
        browser.screenshot(page, args.out, args.width, args.height)
    print(f"{args.out}: {args.width}x{args.height} screenshot of the report")


if __name__ == "__main__":
    main()
