"""The console examples of the README, the tutorial and the pages no other test runs,
and the figures their prose gives for the bundled examples.

Each ``$ perfcontract …`` in a ```` ```console ```` block is run in a folder
holding a copy of ``examples/``, and what it prints (standard output, then
standard error) must be what the page shows. A line that is only ``…`` stands
for any number of lines the page leaves out; a line ending in ``…`` for a line
that begins with the text before it. The how-tos whose console blocks other
tests run (beyond-the-reference, notebooks-and-editors, risk-share) are left
to those tests.
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

import perfcontract as pc
from console_blocks import console_examples
from perfcontract.cli import main

ROOT = Path(__file__).resolve().parents[1]
PAGES = ["README.md", "docs/tutorial.md", "docs/how-to/report.md", "docs/reference/cache.md"]
# The README's mistake, a contract whose measure A1 has `tolerance` misspelt, as the page says.
A1_CONTRACT = """\
contract "DCST service delivery contract" {
    group "Social Care Pathway" {
        measure A1 "Re-referrals in the last 12 months" {
            unit percent
            lower is better
            target 22%
            tolerence 28%
        }
    }
}
"""


def shown(page: str, printed: str) -> bool:
    """Whether ``printed`` is what ``page`` shows, its ``…`` standing for what it leaves out."""
    pattern = ""
    for line in page.splitlines(keepends=True):
        if "…\n" == line:
            pattern += r"(?:.*\n)*?"
        elif line.endswith("…\n"):
            pattern += re.escape(line[:-2]) + r".*\n"
        else:
            pattern += re.escape(line)
    return re.fullmatch(pattern, printed) is not None


def subcommand(command: str) -> str:
    """The command's subcommand: its first word after any settings and `perfcontract`."""
    return [word for word in shlex.split(command) if "=" not in word][1]


EXAMPLES = [(page, *example) for page in PAGES for example in console_examples(ROOT / page)]


class TestShown:
    def test_lines_left_out(self) -> None:
        """A `…` line stands for any lines, a line ending in `…` for the rest of that line."""
        page = "A1 ▲\n…\nB8 ▼\nexpected `a`, …\n"
        assert (True, True, False, False) == (
            shown(page, "A1 ▲\nA2 ►\nA3 ▲\nB8 ▼\nexpected `a`, `b` or `c`\n"),
            shown(page, "A1 ▲\nB8 ▼\nexpected `a`, `b`\n"),
            shown(page, "A1 ▲\nA2 ▲\nB8 ▲\nexpected `a`, `b`\n"),
            shown(page, "A1 ▲\nB8 ▼\nexpected `b`, `a`\n"),
        )


class TestConsoleExamples:
    def test_every_page_has_some(self) -> None:
        """Each page shows the commands its readers copy."""
        assert {
            "README.md": ["check", "evaluate", "report", "risk-share", "check"],
            "docs/tutorial.md": ["evaluate", "evaluate", "evaluate", "evaluate"],
            "docs/how-to/report.md": ["report", "report", "report"],
            "docs/reference/cache.md": ["check"],
        } == {page: [subcommand(c) for p, c, _ in EXAMPLES if p == page] for page in PAGES}

    @pytest.mark.parametrize(
        ("page", "command", "output"), EXAMPLES, ids=[f"{p}: {c[:50]}" for p, c, _ in EXAMPLES]
    )
    def test_console_example(
        self,
        page: str,
        command: str,
        output: str,
        capsys: pytest.CaptureFixture[str],
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """The command prints what the page shows, and exits 0 unless the page shows an error."""
        shutil.copytree(ROOT / "examples", tmp_path / "examples")
        (tmp_path / "a1.contract").write_text(A1_CONTRACT, encoding="utf-8")
        monkeypatch.chdir(tmp_path)
        monkeypatch.setenv("COLUMNS", "80")
        words = shlex.split(command)
        while "=" in words[0]:
            name, _, value = words.pop(0).partition("=")
            monkeypatch.setenv(name, value)
        program, *args = words
        assert "perfcontract" == program
        status = main(args)
        out, err = capsys.readouterr()
        assert (": error:" in output, True) == (0 != status, shown(output, out + err)), out + err


class TestFiguresInProse:
    READINGS = pc.Readings.from_csv(ROOT / "examples" / "dcst-2017-18-readings.csv")

    def test_tutorial_counts_the_readings(self) -> None:
        """The tutorial's sum, measures times quarters, is the number of readings it shows."""
        text = (ROOT / "docs" / "tutorial.md").read_text(encoding="utf-8")
        measures = len({row.measure for row in self.READINGS})
        assert (88, 22) == (len(self.READINGS), measures)
        assert f"That is {measures} measures times 4 quarters" in text

    def test_examples_readme_counts_the_rows(self) -> None:
        """The examples' README says how many rows the reference readings have."""
        text = (ROOT / "examples" / "README.md").read_text(encoding="utf-8")
        assert f"so {len(self.READINGS)} rows" in " ".join(text.split())
