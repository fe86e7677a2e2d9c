"""Habits of the command line: JSON diagnostics, `-` for standard input, pre-commit hooks.

``check --format json`` is pinned as a golden file, ``tests/golden/check-json/``.
To rewrite it after a deliberate change, run::

    PERFCONTRACT_UPDATE_GOLDEN=1 pytest tests/test_cli_habits.py

and read the changed file (``git diff tests/golden``) before committing.
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import ClassVar

import pytest

import perfcontract as pc
from console_blocks import console_examples
from perfcontract.cli import main

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "check-json"
UPDATE = os.environ.get("PERFCONTRACT_UPDATE_GOLDEN") == "1"
REFERENCE = "examples/dcst-2017-18.contract"
READINGS = "examples/dcst-2017-18-readings.csv"
BAD_FILES = [
    "tests/golden/bad/many-errors.contract",
    "tests/golden/bad/syntax-bad-quarter.contract",
    "tests/golden/bad/payment-unknown-measure.contract",
]
KEYS = ["file", "line", "column", "end", "severity", "message", "help"]


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", "80")


def stdin(monkeypatch: pytest.MonkeyPatch, data: bytes | str) -> None:
    """Give the command ``data`` on standard input."""
    raw = data.encode() if isinstance(data, str) else data
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))


@pytest.mark.usefixtures("in_root")
class TestCheckJson:
    """`check --format json`: every problem as an object, for editors and CI annotations."""

    def test_golden(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The problems of three bad files and a good one, as pinned."""
        status = main(["check", "--format", "json", *BAD_FILES, REFERENCE])
        out, err = capsys.readouterr()
        expected = GOLDEN / "bad-files.json"
        if UPDATE:
            expected.write_text(out, encoding="utf-8")
        assert (1, "") == (status, err)
        assert expected.read_text(encoding="utf-8") == out

    def test_objects_have_every_key(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Each object has the same keys, in order; line, column and end are 1-based ints."""
        main(["check", "--format", "json", *BAD_FILES])
        found = json.loads(capsys.readouterr().out)
        assert 13 <= len(found)
        for item in found:
            assert KEYS == list(item)
            assert item["severity"] in ("error", "warning", "note")
            if item["line"] is not None:
                assert 1 <= item["line"]
                assert 1 <= item["column"] < item["end"]

    def test_same_problems_as_text(self, capsys: pytest.CaptureFixture[str]) -> None:
        """JSON lists exactly the problems the text form shows, with the same places."""
        for name in BAD_FILES:
            main(["check", "--format", "json", name])
            found = json.loads(capsys.readouterr().out)
            try:
                pc.load(name)
            except pc.ContractError as error:
                expected = [(d.line, d.column, d.message) for d in error.diagnostics]
            assert expected == [(i["line"], i["column"], i["message"]) for i in found]

    def test_end_is_after_the_underlined_span(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`end` is the column just after the span the caret underlines (`Apirl`, 28 to 32)."""
        stdin(monkeypatch, 'contract "x" { year starts Apirl }')
        assert 1 == main(["check", "--format", "json", "-"])
        [item] = json.loads(capsys.readouterr().out)
        assert ("<stdin>", 1, 28, 33) == (item["file"], item["line"], item["column"], item["end"])
        assert "did you mean `April`?" == item["help"]

    def test_good_files_give_an_empty_list(self, capsys: pytest.CaptureFixture[str]) -> None:
        """No problem: an empty array, exit status 0, nothing on stderr."""
        status = main(["check", "--format", "json", REFERENCE, "examples/fm-2024-25.contract"])
        assert (0, "[]\n", "") == (status, *capsys.readouterr())

    def test_warning_of_a_good_file(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A group with no measures is an object of severity warning, at the group's name;
        the contract is good, so the exit status is 0."""
        stdin(monkeypatch, 'contract "x" {\n    group "Early Help" { }\n}\n')
        status = main(["check", "--format", "json", "-"])
        out, err = capsys.readouterr()
        assert (0, "") == (status, err)
        assert [
            {
                "file": "<stdin>",
                "line": 2,
                "column": 11,
                "end": 23,
                "severity": "warning",
                "message": 'group "Early Help" has no measures, so it has no row in the summary'
                " table",
                "help": "add its measures or delete it; to keep it empty on purpose, give it a"
                " `description` saying why",
            }
        ] == json.loads(out)

    def test_unreadable_file(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A file that cannot be read is an object without a place, and exit status 2."""
        status = main(["check", "--format", "json", "no-such.contract", BAD_FILES[0]])
        found = json.loads(capsys.readouterr().out)
        assert 2 == status
        assert {
            "file": "no-such.contract",
            "line": None,
            "column": None,
            "end": None,
            "severity": "error",
            "message": "cannot read the file: No such file or directory",
            "help": None,
        } == found[0]
        assert BAD_FILES[0] == found[1]["file"]

    def test_max_errors_bounds_the_list(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--max-errors lists the first N of a file's problems and says how many there were."""
        status = main(["check", "--format", "json", "--max-errors", "2", BAD_FILES[0]])
        out, err = capsys.readouterr()
        assert 1 == status
        assert 2 == len(json.loads(out))
        assert f"{BAD_FILES[0]}: 2 of 11 problems listed\n" == err

    def test_control_characters_are_escaped(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A control character in a file or its name is never written raw: JSON escapes it."""
        path = tmp_path / "esc\x1b[31m.contract"
        path.write_bytes(b'contract "x" { council "a" \x1b[31m }')
        assert 1 == main(["check", "--format", "json", str(path)])
        out = capsys.readouterr().out
        assert "\x1b" not in out
        [item] = json.loads(out)
        assert str(path) == item["file"]
        assert item["message"].startswith("unexpected character `U+001B`")

    def test_text_is_still_the_default(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without --format, check prints its one-line summaries."""
        assert 0 == main(["check", "--format", "text", REFERENCE])
        assert capsys.readouterr().out.endswith("ok: 20 measures in 5 groups, 3 volumetric\n")


@pytest.mark.usefixtures("in_root")
class TestStandardInput:
    """`-` reads standard input wherever a command reads a file; once a command."""

    def test_check(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """check - names standard input <stdin>."""
        stdin(monkeypatch, (ROOT / REFERENCE).read_bytes())
        status = main(["check", "-"])
        assert (0, "<stdin>: ok: 20 measures in 5 groups, 3 volumetric\n", "") == (
            status,
            *capsys.readouterr(),
        )

    def test_check_bad(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A problem on standard input is placed in <stdin>."""
        stdin(monkeypatch, 'contract "x" {\n    year starts Apirl\n}\n')
        assert 1 == main(["check", "-"])
        err = capsys.readouterr().err
        assert err.startswith("<stdin>:2:17: error: `Apirl` is not a month")
        assert err.endswith("\n<stdin>: 1 error\n")

    def test_not_utf8(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Standard input that is not UTF-8 is a syntax error placed in <stdin>, not a traceback."""
        stdin(monkeypatch, b'contract "\xa3" { }')
        assert 1 == main(["check", "-"])
        assert capsys.readouterr().err.startswith("<stdin>:1:11: error:")

    def test_fmt_writes_to_stdout(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """fmt - writes the formatted text to standard output, changed or not."""
        stdin(monkeypatch, 'contract   "x"   {  council "a" }')
        assert 0 == main(["fmt", "-"])
        assert ('contract "x" {\n    council "a"\n}\n', "") == capsys.readouterr()
        stdin(monkeypatch, 'contract "x" {\n    council "a"\n}\n')
        assert 0 == main(["fmt", "-"])
        assert ('contract "x" {\n    council "a"\n}\n', "") == capsys.readouterr()

    def test_fmt_check(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """fmt --check - says whether standard input would change, and writes nothing else."""
        stdin(monkeypatch, 'contract   "x"   {  }')
        assert 1 == main(["fmt", "--check", "-"])
        assert ("", "<stdin>: would be reformatted\n") == capsys.readouterr()
        stdin(monkeypatch, 'contract "x" {\n}\n')
        assert 0 == main(["fmt", "--check", "-"])
        assert ("", "") == capsys.readouterr()

    def test_fmt_diff(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """fmt --diff - shows the change against <stdin>."""
        stdin(monkeypatch, 'contract   "x"   {  }')
        assert 1 == main(["fmt", "--diff", "-"])
        out = capsys.readouterr().out
        assert out.startswith("--- <stdin>\n+++ <stdin> (formatted)\n")

    @pytest.mark.parametrize(
        "args",
        [
            ["evaluate", "-", READINGS, "--period", "2017/18 Q4"],
            ["report", "-", READINGS, "--period", "2017/18 Q4", "--format", "markdown"],
            ["risk-share", "-", "£1.35m"],
            ["settle", "-", "--outturn", "£4.15m"],
        ],
    )
    def test_contract_from_stdin(
        self, args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A command given `-` for the contract gives what it gives for the file."""
        assert 0 == main([args[0], REFERENCE, *args[2:]])
        expected = capsys.readouterr().out
        stdin(monkeypatch, (ROOT / REFERENCE).read_bytes())
        assert 0 == main(args)
        assert expected == capsys.readouterr().out

    def test_payment_contract_from_stdin(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """payment - READINGS reads the contract from standard input."""
        args = ["examples/fm-2024-25-readings.csv", "--period", "2024-05"]
        assert 0 == main(["payment", "examples/fm-2024-25.contract", *args])
        expected = capsys.readouterr().out
        stdin(monkeypatch, (ROOT / "examples/fm-2024-25.contract").read_bytes())
        assert 0 == main(["payment", "-", *args])
        assert expected == capsys.readouterr().out

    def test_commentary_from_stdin(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """report --commentary - reads Markdown commentary from standard input."""
        args = ["report", REFERENCE, READINGS, "--period", "2017/18 Q4", "--format", "markdown"]
        commentary = "examples/dcst-2017-18-commentary.md"
        assert 0 == main([*args, "--commentary", commentary])
        expected = capsys.readouterr().out
        stdin(monkeypatch, (ROOT / commentary).read_bytes())
        assert 0 == main([*args, "--commentary", "-"])
        assert expected == capsys.readouterr().out

    def test_bad_readings_from_stdin(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A problem in readings on standard input is placed in <stdin>, and so is the count
        under it (it said `-: 1 error`)."""
        stdin(monkeypatch, "measure,period,value\nA1,2017/18 Q4,abc\n")
        assert 1 == main(["evaluate", REFERENCE, "-", "--period", "2017/18 Q4"])
        err = capsys.readouterr().err
        assert (True, "<stdin>: 1 error") == (err.startswith("<stdin>:2:"), err.splitlines()[-1])

    def test_bad_commentary_from_stdin(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A problem in commentary on standard input is placed in <stdin>."""
        stdin(monkeypatch, "## A1 2017/18 Q4\n\nWhy?\n")
        args = ["report", REFERENCE, READINGS, "--period", "2017/18 Q4", "--commentary", "-"]
        assert 1 == main(args)
        assert capsys.readouterr().err.startswith("<stdin>:")

    @pytest.mark.parametrize(
        "args",
        [
            ["check", "-", "-"],
            ["fmt", "-", REFERENCE, "-"],
            ["evaluate", "-", "-"],
            ["report", "-", READINGS, "--period", "2017/18 Q4", "--commentary", "-"],
            ["report", REFERENCE, "-", "--period", "2017/18 Q4", "--commentary", "-"],
            ["payment", "-", "-", "--period", "2024-05"],
        ],
    )
    def test_once_a_command(
        self, args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Naming `-` twice is refused before anything is read."""
        stdin(monkeypatch, "")
        assert 2 == main(args)
        assert (
            "",
            f"perfcontract {args[0]}: error: standard input (`-`) can be read once: name it once\n",
        ) == capsys.readouterr()

    @pytest.mark.parametrize(
        ("what", "args"),
        [
            ("contract", ["evaluate", "-", READINGS]),
            ("readings", ["evaluate", REFERENCE, "-"]),
            (
                "commentary",
                ["report", REFERENCE, READINGS, "--period", "2017/18 Q4", "--commentary", "-"],
            ),
        ],
    )
    def test_output_is_the_redirected_input(
        self,
        what: str,
        args: list[str],
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """`evaluate - r.csv -o c.contract < c.contract` is refused, as `-o` naming the
        contract is: standard input is read from the file -o names, which stays as it was."""
        source = {"contract": REFERENCE, "readings": READINGS}
        path = tmp_path / "input"
        path.write_bytes(
            (ROOT / source.get(what, "examples/dcst-2017-18-commentary.md")).read_bytes()
        )
        before = path.read_bytes()
        with path.open("rb") as redirected:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(redirected))
            status = main([*args, "-o", str(path)])
        assert (2, before) == (status, path.read_bytes())
        assert (
            f"perfcontract {args[0]}: error: -o {path}: that is the {what} file (standard"
            f" input); write the {'report' if what == 'commentary' else 'evaluation'} to"
            " another file\n"
        ) == capsys.readouterr().err


def hooks() -> list[dict[str, str]]:
    """The hooks of .pre-commit-hooks.yaml, read with a reader for its one form of YAML:
    a list of mappings of plain scalars, comments and blank lines between."""
    found: list[dict[str, str]] = []
    for line in (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("- "):
            found.append({})
            line = "  " + line[2:]
        assert line.startswith("  "), line
        assert not line.startswith("   "), line
        key, _, value = line.strip().partition(": ")
        found[-1][key] = value
    return found


def run_entry(entry: str, *files: str) -> subprocess.CompletedProcess[str]:
    """Run a hook's entry as pre-commit does: the command, then the file names."""
    command, *args = entry.split()
    script = shutil.which(command, path=str(Path(sys.executable).parent))
    assert script is not None, f"{command} is not installed beside {sys.executable}"
    return subprocess.run(
        [script, *args, *files],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        check=False,
        timeout=120,
    )


class TestPreCommitHooks:
    """.pre-commit-hooks.yaml offers perfcontract-fmt and perfcontract-check, and they work."""

    HOOKS: ClassVar[dict[str, dict[str, str]]] = {hook["id"]: hook for hook in hooks()}
    EXAMPLES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "examples").glob("*.contract"))

    def test_the_two_hooks(self) -> None:
        """Two hooks, on .contract files, run with the package's own Python."""
        assert ["perfcontract-check", "perfcontract-fmt"] == sorted(self.HOOKS)
        for hook in self.HOOKS.values():
            assert {"id", "name", "description", "entry", "language", "files"} == set(hook)
            assert "python" == hook["language"]
            assert r"\.contract$" == hook["files"]

    def test_check_passes_the_examples(self) -> None:
        """perfcontract-check passes every example contract."""
        done = run_entry(self.HOOKS["perfcontract-check"]["entry"], *self.EXAMPLES)
        assert (0, "") == (done.returncode, done.stderr)
        assert len(self.EXAMPLES) == done.stdout.count(": ok: ")

    def test_check_fails_a_bad_file(self) -> None:
        """perfcontract-check fails on a bad file, naming its problem's line."""
        done = run_entry(self.HOOKS["perfcontract-check"]["entry"], REFERENCE, BAD_FILES[1])
        assert 1 == done.returncode
        assert done.stderr.startswith(f"{BAD_FILES[1]}:")

    def test_fmt_leaves_the_examples_alone(self, tmp_path: Path) -> None:
        """The examples are formatted already: perfcontract-fmt changes none, and passes."""
        copies = []
        for name in self.EXAMPLES:
            copy = tmp_path / Path(name).name
            shutil.copyfile(ROOT / name, copy)
            copies.append(copy)
        done = run_entry(self.HOOKS["perfcontract-fmt"]["entry"], *map(str, copies))
        assert (0, "", "") == (done.returncode, done.stdout, done.stderr)
        for name, copy in zip(self.EXAMPLES, copies, strict=True):
            assert (ROOT / name).read_bytes() == copy.read_bytes()

    def test_fmt_rewrites_a_messy_file(self, tmp_path: Path) -> None:
        """perfcontract-fmt rewrites a file out of layout, which pre-commit counts as a failure."""
        messy = tmp_path / "messy.contract"
        messy.write_text('contract   "x"   {  council "a" }', encoding="utf-8")
        done = run_entry(self.HOOKS["perfcontract-fmt"]["entry"], str(messy))
        assert (0, f"{messy}: reformatted\n") == (done.returncode, done.stderr)
        assert 'contract "x" {\n    council "a"\n}\n' == messy.read_text(encoding="utf-8")

    def test_fmt_with_check_only_lists(self, tmp_path: Path) -> None:
        """With `args: [--check]` the hook fails on a messy file and leaves it as it was."""
        messy = tmp_path / "messy.contract"
        messy.write_text('contract   "x"   {  }', encoding="utf-8")
        done = run_entry(self.HOOKS["perfcontract-fmt"]["entry"] + " --check", str(messy))
        assert (1, f"{messy}: would be reformatted\n") == (done.returncode, done.stderr)
        assert 'contract   "x"   {  }' == messy.read_text(encoding="utf-8")

    def test_fmt_fails_a_bad_file(self) -> None:
        """A file that does not parse fails the fmt hook with its problem, and is not written."""
        before = (ROOT / BAD_FILES[1]).read_bytes()
        done = run_entry(self.HOOKS["perfcontract-fmt"]["entry"], BAD_FILES[1])
        assert 1 == done.returncode
        assert done.stderr.startswith(f"{BAD_FILES[1]}:")
        assert before == (ROOT / BAD_FILES[1]).read_bytes()


HOW_TO = ROOT / "docs" / "how-to" / "notebooks-and-editors.md"


class TestHowTo:
    """The how-to's shell examples do what the page shows."""

    def test_has_console_examples(self) -> None:
        """The page pipes into fmt, redirects into check, and names `-` twice."""
        assert 3 == len(console_examples(HOW_TO))

    @pytest.mark.parametrize(("command", "output"), console_examples(HOW_TO))
    def test_console_example(self, command: str, output: str) -> None:
        """Each command, run by a shell from the repository root, prints what the page shows."""
        bin_folder = str(Path(sys.executable).parent)
        done = subprocess.run(
            ["/bin/sh", "-c", command],
            cwd=ROOT,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env={**os.environ, "PATH": bin_folder + os.pathsep + os.environ.get("PATH", "")},
            check=False,
            timeout=120,
        )
        assert output == done.stdout + done.stderr

    def test_linked(self) -> None:
        """The documentation's index links the page."""
        assert "how-to/notebooks-and-editors.md" in (ROOT / "docs" / "index.md").read_text(
            encoding="utf-8"
        )
