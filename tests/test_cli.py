"""The `perfcontract` command line: `check`, exit codes, and what goes to stdout and stderr.

Most tests call ``perfcontract.cli.main([...])`` in process with ``capsys``; a
few run ``python -m perfcontract`` in a subprocess, as a user would.
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
from pathlib import Path

import pytest

import perfcontract as pc
from perfcontract.cli import main

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = "examples/dcst-2017-18.contract"
REFERENCE_OK = f"{REFERENCE}: ok: 20 measures in 5 groups, 3 volumetric\n"
BAD = ROOT / "tests" / "golden" / "bad"
GOOD = ROOT / "tests" / "golden" / "good"

ONE_MEASURE = """contract "One" {
    group "G" {
        measure A1 "Re-referrals" {
            unit percent
            lower is better
            target 22%
        }
    }
}
"""
DUPLICATE_COUNCIL = 'contract "Bad" {\n    council "A"\n    council "B"\n}\n'
DUPLICATE_COUNCIL_ERROR = """\
{name}:3:5: error: duplicate `council`: already given on line 2
    3 |     council "B"
      |     ^~~~~~~~~~~
help: give each clause once
{name}: 1 error
"""

# Inputs that have gone wrong before or easily could: none may print a traceback.
TRICKY = {
    "nul.contract": b"\x00",
    "binary.contract": bytes(range(256)),
    "only-bom.contract": b"\xef\xbb\xbf",
    "two-boms.contract": b'\xef\xbb\xbf\xef\xbb\xbfcontract "x" { }',
    "lone-cr.contract": b'contract "x" {\r council "a"\r}\r',
    "nested.contract": b'contract "x" {' * 2000,
    "closers.contract": b"}" * 2000,
    "quote.contract": b'"',
    "huge-rate.contract": (
        b'contract "x" { group "g" { measure A1 "t" {'
        b" unit rate per 99999999999999999999999999999 no target } } }"
    ),
    "huge-money.contract": (
        b'contract "x" { group "g" { measure A1 "t" {'
        b" unit money higher is better target \xc2\xa399999999999999999999999999999999999999m"
        b" tolerance within 10% of target } } }"
    ),
    "huge-rounding.contract": (
        b'contract "x" { group "g" { measure A1 "t" {'
        b" unit number no target rounded to 99999999999999999999999 dp } } }"
    ),
    "far-periods.contract": (
        b'contract "x" { group "g" { measure A1 "t" { unit percent higher is better'
        b" target 90% target 91% from 0000/01 target 92% from 9999/00 target 93% from 9999-12"
        b" } } }"
    ),
    "non-ascii-word.contract": 'contract "x" { ünit percent }'.encode(),
    "long-line.contract": b'contract "x" { council "' + b"a" * 100_000 + b'" }',
}


def help_entries(lines: list[str]) -> list[tuple[str, str]]:
    """The (name, help) pairs of a list in argparse's help, however argparse wrapped them.

    An entry starts on a line indented as little as any; a line indented
    further continues the help of the entry before it.
    """
    indent = min(len(line) - len(line.lstrip()) for line in lines)
    entries: list[list[str]] = []
    for line in lines:
        if len(line) - len(line.lstrip()) == indent:
            name, _, text = line.strip().partition("  ")
            entries.append([name, text.strip()])
        else:
            entries[-1][1] = f"{entries[-1][1]} {line.strip()}".strip()
    return [(name, text) for name, text in entries]


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the repository root, with a fixed terminal width for argparse."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", "80")


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run_module(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m perfcontract ARGS`` from the repository root."""
    env = {**os.environ, "COLUMNS": "80", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "perfcontract", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
        timeout=120,
    )


@pytest.mark.usefixtures("in_root")
class TestCheck:
    def test_good_file(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A good contract: one ok line on stdout, nothing on stderr, exit 0."""
        status = main(["check", REFERENCE])
        assert (0, REFERENCE_OK, "") == (status, *capsys.readouterr())

    def test_singular_counts(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """One measure in one group reads in the singular."""
        name = write(tmp_path, "one.contract", ONE_MEASURE)
        status = main(["check", name])
        assert (0, f"{name}: ok: 1 measure in 1 group, 0 volumetric\n", "") == (
            status,
            *capsys.readouterr(),
        )

    def test_empty_contract(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A contract with no groups is fine and says so."""
        name = write(tmp_path, "empty.contract", 'contract "x" { }\n')
        status = main(["check", name])
        assert (0, f"{name}: ok: 0 measures in 0 groups, 0 volumetric\n", "") == (
            status,
            *capsys.readouterr(),
        )

    def test_group_with_no_measures_warns(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A group with no measures: a warning at its name on stderr, then the ok line, and
        exit 0: the contract is good, and probably not what was meant."""
        name = write(
            tmp_path,
            "empty-group.contract",
            'contract "x" {\n    group "Early Help" { }\n    group "Workforce" {\n'
            '        measure W1 "Staff turnover" { unit percent lower is better target 12% }\n'
            "    }\n}\n",
        )
        status = main(["check", name])
        assert (
            0,
            f"{name}: ok: 1 measure in 2 groups, 0 volumetric\n",
            f'{name}:2:11: warning: group "Early Help" has no measures, so it has no row in the'
            " summary table\n"
            '    2 |     group "Early Help" { }\n'
            "      |           ^~~~~~~~~~~~\n"
            "help: add its measures or delete it; to keep it empty on purpose, give it a"
            " `description` saying why\n",
        ) == (status, *capsys.readouterr())

    def test_group_empty_on_purpose(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A group with no measures that says why (its metadata) gets no warning."""
        name = write(
            tmp_path,
            "placeholder.contract",
            'contract "x" { group "Early Help" { description "Measures agreed at the review" } }',
        )
        status = main(["check", name])
        assert (0, f"{name}: ok: 0 measures in 1 group, 0 volumetric\n", "") == (
            status,
            *capsys.readouterr(),
        )

    def test_bad_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A bad contract: every diagnostic and a count on stderr, nothing on stdout, exit 1."""
        name = write(tmp_path, "bad.contract", DUPLICATE_COUNCIL)
        status = main(["check", name])
        assert (1, "", DUPLICATE_COUNCIL_ERROR.format(name=name)) == (
            status,
            *capsys.readouterr(),
        )

    def test_several_errors_are_counted(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The count line says how many problems were found, in the plural."""
        name = write(
            tmp_path,
            "two.contract",
            'contract "x" {\n council "a"\n council "b"\n council "c"\n}\n',
        )
        assert 1 == main(["check", name])
        assert capsys.readouterr().err.endswith(f"\n{name}: 2 errors\n")

    def test_several_good_files(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Several good files: one ok line each, in the order given, exit 0."""
        one = write(tmp_path, "one.contract", ONE_MEASURE)
        status = main(["check", REFERENCE, one])
        assert (
            0,
            REFERENCE_OK + f"{one}: ok: 1 measure in 1 group, 0 volumetric\n",
            "",
        ) == (status, *capsys.readouterr())

    def test_good_then_bad(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """One good and one bad file: both reported, exit 1."""
        bad = write(tmp_path, "bad.contract", DUPLICATE_COUNCIL)
        status = main(["check", REFERENCE, bad])
        assert (1, REFERENCE_OK, DUPLICATE_COUNCIL_ERROR.format(name=bad)) == (
            status,
            *capsys.readouterr(),
        )

    def test_bad_then_good(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A bad file first does not stop the good one after it being checked."""
        bad = write(tmp_path, "bad.contract", DUPLICATE_COUNCIL)
        status = main(["check", bad, REFERENCE])
        assert (1, REFERENCE_OK, DUPLICATE_COUNCIL_ERROR.format(name=bad)) == (
            status,
            *capsys.readouterr(),
        )

    def test_two_bad_files(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Two bad files: each one's diagnostics and count, in the order given."""
        first = write(tmp_path, "first.contract", DUPLICATE_COUNCIL)
        second = write(tmp_path, "second.contract", DUPLICATE_COUNCIL)
        status = main(["check", first, second])
        expected = DUPLICATE_COUNCIL_ERROR.format(name=first) + DUPLICATE_COUNCIL_ERROR.format(
            name=second
        )
        assert (1, "", expected) == (status, *capsys.readouterr())

    def test_missing_file(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A file that does not exist: a one-line error naming it, exit 2."""
        status = main(["check", "nowhere.contract"])
        assert (
            2,
            "",
            "nowhere.contract: error: cannot read the file: No such file or directory\n",
        ) == (status, *capsys.readouterr())

    def test_directory(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A directory given as a file: a one-line error, exit 2."""
        status = main(["check", "examples"])
        assert (2, "", "examples: error: cannot read the file: Is a directory\n") == (
            status,
            *capsys.readouterr(),
        )

    def test_missing_file_among_others(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A missing file does not stop the others being checked; exit 2 outranks exit 1."""
        bad = write(tmp_path, "bad.contract", DUPLICATE_COUNCIL)
        status = main(["check", "nowhere.contract", bad, REFERENCE])
        out, err = capsys.readouterr()
        assert (2, REFERENCE_OK) == (status, out)
        assert (
            "nowhere.contract: error: cannot read the file: No such file or directory\n"
            + DUPLICATE_COUNCIL_ERROR.format(name=bad)
        ) == err

    def test_not_utf8(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A file that is not UTF-8 is a bad contract (exit 1), not a crash or a usage error."""
        path = tmp_path / "cp1252.contract"
        path.write_bytes(b'contract "\xa3" { }\n')
        status = main(["check", str(path)])
        out, err = capsys.readouterr()
        assert (1, "") == (status, out)
        assert err.startswith(
            f"{path}:1:11: error: this file is not UTF-8: byte 0xA3 cannot be read\n"
        )
        assert err.endswith(f"\n{path}: 1 error\n")


@pytest.mark.usefixtures("in_root")
class TestUsage:
    def test_no_arguments(self, capsys: pytest.CaptureFixture[str]) -> None:
        """No command: usage and the missing argument on stderr, exit 2."""
        status = main([])
        assert (
            2,
            "",
            "usage: perfcontract [-h] [--version] COMMAND ...\n"
            "perfcontract: error: the following arguments are required: COMMAND\n",
        ) == (status, *capsys.readouterr())

    def test_check_without_files(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`check` with no file: usage of check on stderr, exit 2."""
        status = main(["check"])
        assert (
            2,
            "",
            "usage: perfcontract check [-h] [--max-errors N] [--format FORMAT]\n"
            "                          FILE [FILE ...]\n"
            "perfcontract check: error: the following arguments are required: FILE\n",
        ) == (status, *capsys.readouterr())

    def test_unknown_command(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown command: usage and the bad choice on stderr, exit 2."""
        status = main(["frobnicate"])
        out, err = capsys.readouterr()
        assert (2, "") == (status, out)
        # argparse quotes the list of choices differently from one Python release to the next.
        usage, error = err.splitlines()
        assert "usage: perfcontract [-h] [--version] COMMAND ..." == usage
        assert error.startswith(
            "perfcontract: error: argument COMMAND: invalid choice: 'frobnicate' (choose from "
        )

    def test_unknown_option(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown option to check: exit 2, nothing on stdout."""
        status = main(["check", "--frobnicate", REFERENCE])
        out, err = capsys.readouterr()
        assert (2, "") == (status, out)
        assert (
            "perfcontract: error: unrecognized arguments: --frobnicate\n"
            == err.splitlines(keepends=True)[-1]
        )

    def test_help(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--help: the usage, the description, every command with its help, and -h; exit 0.

        argparse lays the list of commands out differently from one Python
        release to the next (3.13 lines every help up after the longest
        command), so the help is read back into its parts and each part is
        compared whole, wherever argparse put the line breaks.
        """
        status = main(["--help"])
        out, err = capsys.readouterr()
        usage, description, positional, options = out.rstrip("\n").split("\n\n")
        assert (0, "", "usage: perfcontract [-h] [--version] COMMAND ...") == (status, err, usage)
        assert (
            "Check and evaluate contract performance regimes written in the .contract language."
            == " ".join(description.split())
        )
        assert ["positional arguments:", "  COMMAND"] == positional.splitlines()[:2]
        assert [
            ("check", "validate .contract files"),
            ("evaluate", "rate a period's readings and print the scrutiny table"),
            ("report", "write a period's scrutiny report, in HTML or Markdown"),
            ("risk-share", "split an overspend by the contract's risk share"),
            ("settle", "work out who funds an outturn, line by line, to the penny"),
            (
                "payment",
                "work out a period's payment: the charge less service credits and deductions",
            ),
            ("fmt", "rewrite .contract files in the canonical layout"),
        ] == help_entries(positional.splitlines()[2:])
        assert "options:" == options.splitlines()[0]
        assert [
            ("-h, --help", "show this help message and exit"),
            ("--version", "show the version and exit"),
        ] == help_entries(options.splitlines()[1:])
        assert [] == [line for line in out.splitlines() if len(line) > 80]

    def test_check_help(self, capsys: pytest.CaptureFixture[str]) -> None:
        """check --help: check's usage and its FILE argument on stdout, exit 0."""
        status = main(["check", "--help"])
        assert (
            0,
            "usage: perfcontract check [-h] [--max-errors N] [--format FORMAT]\n"
            "                          FILE [FILE ...]\n"
            "\n"
            "Validate .contract files: print a one-line summary of each good one (after its\n"
            "warnings, if any), and every problem in each bad one.\n"
            "\n"
            "positional arguments:\n"
            "  FILE             a .contract file; - for stdin\n"
            "\n"
            "options:\n"
            "  -h, --help       show this help message and exit\n"
            "  --max-errors N   show at most N problems of a bad file, then count the rest\n"
            "                   (default: 50; 0: show all)\n"
            "  --format FORMAT  text (default), or json: the problems as a JSON array, for\n"
            "                   editors and CI\n",
            "",
        ) == (status, *capsys.readouterr())


@pytest.mark.usefixtures("in_root")
class TestVersion:
    def test_version(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--version prints the installed package's version on stdout and exits 0."""
        status = main(["--version"])
        assert (0, f"perfcontract {pc.__version__}\n", "") == (status, *capsys.readouterr())

    def test_version_as_a_process(self) -> None:
        """`perfcontract --version` as users run it: the metadata's version."""
        result = subprocess.run(
            [sys.executable, "-m", "perfcontract", "--version"],
            capture_output=True,
            text=True,
            check=False,
        )
        expected = f"perfcontract {importlib.metadata.version('perfcontract')}\n"
        assert (0, expected, "") == (result.returncode, result.stdout, result.stderr)


def _many_problems(tmp_path: Path, count: int) -> Path:
    """A contract with ``count`` measures, each with a percentage target above 100%."""
    lines = ['contract "c" {', '  group "g" {']
    lines += [
        f'    measure A{n} "t" {{ unit percent higher is better target 190% }}'
        for n in range(count)
    ]
    path = tmp_path / "many.contract"
    path.write_text("\n".join([*lines, "  }", "}"]) + "\n", encoding="utf-8")
    return path


class TestMaxErrors:
    def test_fifty_by_default(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """By default the first 50 problems are shown and the rest counted in the total."""
        path = _many_problems(tmp_path, 120)
        status = main(["check", str(path)])
        err = capsys.readouterr().err
        assert 1 == status
        assert 50 == err.count(": error: ")
        assert err.endswith(f"… and 70 more problems (120 in all)\n{path}: 120 errors\n")

    def test_a_limit(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--max-errors 1 shows one problem and counts the other."""
        path = _many_problems(tmp_path, 2)
        status = main(["check", "--max-errors", "1", str(path)])
        err = capsys.readouterr().err
        assert (1, 1) == (status, err.count(": error: "))
        assert "… and 1 more problem (2 in all)" in err

    def test_no_limit(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--max-errors 0 shows every problem."""
        path = _many_problems(tmp_path, 60)
        status = main(["check", "--max-errors", "0", str(path)])
        err = capsys.readouterr().err
        assert (1, 60) == (status, err.count(": error: "))
        assert "more problem" not in err

    def test_bounded_however_many(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Ten thousand problems print about what fifty do."""
        main(["check", str(_many_problems(tmp_path, 50))])
        fifty = len(capsys.readouterr().err)
        main(["check", str(_many_problems(tmp_path, 10_000))])
        many = len(capsys.readouterr().err)
        assert many < fifty + 200

    @pytest.mark.parametrize("value", ["x", "-1", "1.5", "", "\u00b2", "\u0663", "1 2"])
    def test_not_a_number(self, value: str, capsys: pytest.CaptureFixture[str]) -> None:
        """A --max-errors that is not a whole number is a usage error (exit 2), not a traceback."""
        status = main(["check", "--max-errors", value, REFERENCE])
        err = capsys.readouterr().err
        assert 2 == status
        assert "argument --max-errors: expected a whole number of problems" in err
        assert len(err) < 500

    @pytest.mark.parametrize(
        ("value", "shown"), [(" 1", 1), ("0001 ", 1), ("9" * 5000, 11), ("0", 11)]
    )
    def test_spaces_and_any_count(
        self, value: str, shown: int, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Spaces around the number are let pass; a number beyond any count of problems
        (5,000 digits) is no limit, as 0 is: it was refused as not a whole number."""
        assert 1 == main(["check", "--max-errors", value, "tests/golden/bad/many-errors.contract"])
        assert shown == capsys.readouterr().err.count(": error: ")

    @pytest.mark.parametrize("command", ["evaluate", "report", "risk-share", "fmt"])
    def test_every_command_takes_it(self, command: str, capsys: pytest.CaptureFixture[str]) -> None:
        """Every command that reads a contract takes --max-errors."""
        main([command, "--help"])
        assert "--max-errors N" in capsys.readouterr().out


@pytest.mark.usefixtures("in_root")
class TestNoTraceback:
    @pytest.mark.parametrize("name", sorted(p.name for p in BAD.glob("*.contract")))
    def test_bad_golden_inputs(self, name: str, capsys: pytest.CaptureFixture[str]) -> None:
        """Every bad golden input exits 1 with diagnostics, never a traceback."""
        status = main(["check", f"tests/golden/bad/{name}"])
        out, err = capsys.readouterr()
        assert (1, "") == (status, out)
        assert "Traceback" not in err
        assert err.endswith(" error\n") or err.endswith(" errors\n")

    @pytest.mark.parametrize("name", sorted(TRICKY))
    def test_tricky_inputs(
        self, name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Odd bytes, huge numbers and deep nesting exit 0 or 1, never with a traceback."""
        path = tmp_path / name
        path.write_bytes(TRICKY[name])
        status = main(["check", str(path)])
        out, err = capsys.readouterr()
        assert status in (0, 1)
        assert "Traceback" not in out + err
        assert (status == 0) == out.startswith(f"{path}: ok: ")


class TestModule:
    def test_good_file(self) -> None:
        """`python -m perfcontract check` prints the ok line and exits 0."""
        result = run_module("check", REFERENCE)
        assert (0, REFERENCE_OK, "") == (result.returncode, result.stdout, result.stderr)

    def test_bad_file_prints_its_golden(self) -> None:
        """A bad file run as a process prints exactly its golden diagnostics and exits 1."""
        name = "tests/golden/bad/tolerance-better-higher.contract"
        result = run_module("check", name)
        golden = (BAD / "tolerance-better-higher.expected").read_text(encoding="utf-8")
        assert (1, "", golden) == (result.returncode, result.stdout, result.stderr)

    def test_good_and_bad(self, tmp_path: Path) -> None:
        """A good and a bad file in one run: both outputs, exit 1."""
        bad = write(tmp_path, "bad.contract", DUPLICATE_COUNCIL)
        result = run_module("check", REFERENCE, bad)
        assert (1, REFERENCE_OK, DUPLICATE_COUNCIL_ERROR.format(name=bad)) == (
            result.returncode,
            result.stdout,
            result.stderr,
        )

    def test_no_arguments(self) -> None:
        """No command: exit 2 with the usage on stderr."""
        result = run_module()
        assert (2, "") == (result.returncode, result.stdout)
        assert result.stderr.startswith("usage: perfcontract [-h] [--version] COMMAND ...\n")

    def test_help(self) -> None:
        """--help: exit 0 with the usage on stdout."""
        result = run_module("--help")
        assert (0, "") == (result.returncode, result.stderr)
        assert result.stdout.startswith("usage: perfcontract [-h] [--version] COMMAND ...\n")

    def test_missing_file(self) -> None:
        """A missing file: exit 2 with a one-line message."""
        result = run_module("check", "nowhere.contract")
        assert (
            2,
            "",
            "nowhere.contract: error: cannot read the file: No such file or directory\n",
        ) == (result.returncode, result.stdout, result.stderr)

    def test_no_traceback_for_any_bad_input(self, tmp_path: Path) -> None:
        """Every bad golden and tricky input in one process: exit 1, no traceback anywhere."""
        tricky = []
        for name, data in sorted(TRICKY.items()):
            (tmp_path / name).write_bytes(data)
            tricky.append(str(tmp_path / name))
        bad = sorted(str(p.relative_to(ROOT)) for p in BAD.glob("*.contract"))
        result = run_module("check", *bad, *tricky)
        assert 1 == result.returncode
        assert "Traceback" not in result.stdout + result.stderr
        for name in bad:
            assert f"\n{name}: " in "\n" + result.stderr
