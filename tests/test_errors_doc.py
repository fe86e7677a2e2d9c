"""docs/reference/errors.md: generated from the goldens by tests/golden/errors_doc.py, never stale.

If ``TestPage.test_page_is_up_to_date`` fails, regenerate the page with::

    python tests/golden/errors_doc.py

and read ``git diff docs/reference/errors.md`` before committing.
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType
from typing import ClassVar

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
PAGE = ROOT / "docs" / "reference" / "errors.md"


def _load_generator() -> ModuleType:
    """tests/golden/errors_doc.py, a script rather than a package module, loaded by path."""
    path = GOLDEN / "errors_doc.py"
    spec = importlib.util.spec_from_file_location("perfcontract_errors_doc", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


errors_doc = _load_generator()


def _inputs() -> list[Path]:
    return sorted((GOLDEN / "bad").glob("*.contract")) + sorted((GOLDEN / "readings").glob("*.csv"))


def _copy_goldens(to: Path) -> Path:
    """A copy of the bad and readings goldens under ``to``, laid out as tests/golden is."""
    for folder in ("bad", "readings"):
        shutil.copytree(GOLDEN / folder, to / folder)
    return to


class TestPage:
    def test_page_is_up_to_date(self) -> None:
        """The committed page is exactly what the generator writes from today's goldens."""
        assert errors_doc.render() == PAGE.read_text(encoding="utf-8"), (
            "docs/reference/errors.md is out of date: run `python tests/golden/errors_doc.py`"
        )

    @pytest.mark.parametrize("path", _inputs(), ids=lambda p: f"{p.parent.name}/{p.stem}")
    def test_every_golden_is_on_the_page(self, path: Path) -> None:
        """Each golden's input is named on the page, and its whole message is there verbatim."""
        page = PAGE.read_text(encoding="utf-8")
        expected = path.with_suffix(".expected").read_text(encoding="utf-8")
        assert f"`tests/golden/{path.parent.name}/{path.name}`" in page
        assert f"```text\n{expected.rstrip(chr(10))}\n```\n" in page

    def test_every_golden_has_a_title_and_advice(self) -> None:
        """FIXES holds one entry for each golden, and none for a golden that is gone."""
        keys = {f"{p.parent.name}/{p.stem}" for p in _inputs()}
        assert keys == set(errors_doc.FIXES)

    def test_no_doctest_prompts(self) -> None:
        """The page holds no `>>>`, so pytest's doctest run finds nothing to run in it."""
        assert ">>>" not in PAGE.read_text(encoding="utf-8")

    def test_linked_from_the_index(self) -> None:
        """docs/index.md links to the page."""
        assert "(reference/errors.md)" in (ROOT / "docs" / "index.md").read_text(encoding="utf-8")


class TestCommand:
    def test_check_passes_on_the_committed_page(self) -> None:
        """`errors_doc.py --check` exits 0 when the page is up to date."""
        assert 0 == errors_doc.main(["--check"], page=PAGE)

    def test_check_fails_on_a_stale_page(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`--check` exits 1 on a page that differs, says how to fix it, and writes nothing."""
        page = tmp_path / "errors.md"
        page.write_text("stale\n", encoding="utf-8")
        assert 1 == errors_doc.main(["--check"], page=page)
        assert "stale\n" == page.read_text(encoding="utf-8")
        assert "python tests/golden/errors_doc.py" in capsys.readouterr().err

    def test_check_fails_on_a_missing_page(self, tmp_path: Path) -> None:
        """`--check` exits 1 when there is no page at all."""
        assert 1 == errors_doc.main(["--check"], page=tmp_path / "errors.md")

    def test_writes_the_page(self, tmp_path: Path) -> None:
        """Without `--check`, the page is written, and then `--check` passes."""
        page = tmp_path / "errors.md"
        assert 0 == errors_doc.main([], page=page)
        assert PAGE.read_text(encoding="utf-8") == page.read_text(encoding="utf-8")
        assert 0 == errors_doc.main(["--check"], page=page)


class TestGenerator:
    def test_a_golden_without_advice_stops_it(self, tmp_path: Path) -> None:
        """A new golden with no entry in FIXES is named in the error; no page is made."""
        golden = _copy_goldens(tmp_path)
        (golden / "bad" / "brand-new.contract").write_text('contract "x" {\n', encoding="utf-8")
        (golden / "bad" / "brand-new.expected").write_text(
            "x:1:1: error: oops\nx: 1 error\n", encoding="utf-8"
        )
        with pytest.raises(errors_doc.GoldenDocError, match="bad/brand-new"):
            errors_doc.render(golden=golden)

    def test_advice_for_a_missing_golden_stops_it(self, tmp_path: Path) -> None:
        """An entry in FIXES whose golden was deleted is named in the error."""
        golden = _copy_goldens(tmp_path)
        (golden / "bad" / "duplicate-unit.contract").unlink()
        (golden / "bad" / "duplicate-unit.expected").unlink()
        with pytest.raises(errors_doc.GoldenDocError, match="bad/duplicate-unit"):
            errors_doc.render(golden=golden)

    def test_advice_for_each_problem_must_match_their_number(self) -> None:
        """Advice given problem by problem must have one piece for each problem reported."""
        fixes = dict(errors_doc.FIXES)
        entry = fixes["bad/risk-share-band-shares"]
        fixes["bad/risk-share-band-shares"] = entry._replace(fix=entry.fix[:1])
        with pytest.raises(errors_doc.GoldenDocError, match=r"1 pieces of advice.* 2 problems"):
            errors_doc.render(fixes)

    def test_an_unknown_section_stops_it(self) -> None:
        """An entry must name one of the page's sections."""
        fixes = dict(errors_doc.FIXES)
        fixes["bad/duplicate-unit"] = fixes["bad/duplicate-unit"]._replace(section="units")
        with pytest.raises(errors_doc.GoldenDocError, match="duplicate-unit"):
            errors_doc.render(fixes)

    def test_problems_are_found_with_their_lines(self) -> None:
        """Each `error:` head is one problem; a problem with no place has no line."""
        text = (GOLDEN / "bad" / "risk-share-above-100.expected").read_text(encoding="utf-8")
        assert [4, 5] == errors_doc.problems(text)
        text = (GOLDEN / "readings" / "empty.expected").read_text(encoding="utf-8")
        assert [None] == errors_doc.problems(text)


class TestExcerpt:
    LINES: ClassVar[list[str]] = [f"line {n}" for n in range(1, 61)]

    def test_a_short_input_is_shown_whole(self) -> None:
        """An input of up to MAX_LINES lines is shown as it is, with no note."""
        lines = self.LINES[: errors_doc.MAX_LINES]
        assert (lines, "") == errors_doc.excerpt(lines, {3})

    def test_a_long_input_keeps_the_lines_it_points_at(self) -> None:
        """A long input keeps line 1 and each line pointed at with two either side."""
        shown, note = errors_doc.excerpt(self.LINES, {10, 30})
        assert [
            "line 1",
            "…",
            *(f"line {n}" for n in range(8, 13)),
            "…",
            *(f"line {n}" for n in range(28, 33)),
            "…",
        ] == shown
        assert "lines 1, 8–12, 28–32 of 60; the others are left out" == note

    def test_ranges_that_touch_are_joined(self) -> None:
        """Lines pointed at close together, or at the start or end, leave no empty gap."""
        shown, note = errors_doc.excerpt(self.LINES, {2, 6, 60})
        assert [*(f"line {n}" for n in range(1, 9)), "…", "line 58", "line 59", "line 60"] == (
            shown
        )
        assert "lines 1–8, 58–60 of 60; the others are left out" == note
