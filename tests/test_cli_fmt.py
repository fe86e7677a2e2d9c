"""`perfcontract fmt FILE... [--check] [--diff]`: rewriting, checking, diffs and exit codes.

Each test calls ``perfcontract.cli.main(["fmt", ...])`` in process on files in
a temporary folder, with ``capsys``; a test fails if ``main`` raises, so no
input may end in a traceback.
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from perfcontract.cli import main
from perfcontract.formatter import format_contract

MESSY = 'contract "One" { group "G" { measure A1 "Re-referrals" { target 22.0% unit percent\n\tlower is better   } } }\n'  # noqa: E501
FORMATTED = """\
contract "One" {
    group "G" {
        measure A1 "Re-referrals" {
            unit percent
            lower is better
            target 22%
        }
    }
}
"""
BAD = 'contract "Bad" {\n    council "A"\n    council "B"\n}\n'
BAD_ERROR = """\
{name}:3:5: error: duplicate `council`: already given on line 2
    3 |     council "B"
      |     ^~~~~~~~~~~
help: give each clause once
{name}: 1 error
"""


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """``perfcontract fmt ARGS``: exit status, stdout, stderr."""
    status = main(["fmt", *map(str, args)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


class TestRewrite:
    def test_rewrites_in_place(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A file not in the canonical layout is rewritten, and stderr says so."""
        path = write(tmp_path, "messy.contract", MESSY)
        assert (0, "", f"{path}: reformatted\n") == run(capsys, path)
        assert FORMATTED == path.read_bytes().decode("utf-8")

    def test_formatted_file_untouched(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A file already in the canonical layout is not written, and nothing is printed."""
        path = write(tmp_path, "tidy.contract", FORMATTED)
        os.utime(path, ns=(10**18, 10**18))  # a write would set the time to now
        assert (0, "", "") == run(capsys, path)
        assert 10**18 == path.stat().st_mtime_ns

    def test_twice_is_once(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Formatting a rewritten file again changes nothing."""
        path = write(tmp_path, "messy.contract", MESSY)
        run(capsys, path)
        assert (0, "", "") == run(capsys, "--check", path)

    def test_crlf_and_bom(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A messy file saved with a BOM and CRLF line ends (Windows Notepad) is rewritten
        with its BOM, its lines still ending in CRLF; then it is formatted."""
        data = b"\xef\xbb\xbf" + MESSY.replace("\n", "\r\n").encode("utf-8")
        path = write(tmp_path, "windows.contract", data)
        assert 0 == run(capsys, path)[0]
        formatted = b"\xef\xbb\xbf" + FORMATTED.replace("\n", "\r\n").encode("utf-8")
        assert formatted == path.read_bytes()
        assert (0, "", "") == run(capsys, "--check", path)

    def test_bom_alone(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A formatted file with a BOM and line feeds is left as it is."""
        path = write(tmp_path, "bom.contract", b"\xef\xbb\xbf" + FORMATTED.encode())
        assert (0, "", "") == run(capsys, "--check", path)

    def test_line_ends_of_the_first_line(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A file of mixed line ends takes those of its first line, throughout."""
        lines = FORMATTED.split("\n")
        crlf, lf = "\r\n".join(lines[:2]), "\n".join(lines[2:])
        crlf_first = write(tmp_path, "a.contract", crlf + "\n" + lf)
        lf_first = write(tmp_path, "b.contract", "\n".join(lines[:2]) + "\r\n" + lf)
        run(capsys, crlf_first, lf_first)
        assert (FORMATTED.replace("\n", "\r\n"), FORMATTED) == (
            crlf_first.read_bytes().decode(),
            lf_first.read_bytes().decode(),
        )

    def test_crlf_to_standard_output(self) -> None:
        """`fmt -` writes the line ends standard input came with."""
        done = subprocess.run(
            [sys.executable, "-m", "perfcontract", "fmt", "-"],
            input=MESSY.replace("\n", "\r\n").encode(),
            capture_output=True,
            check=False,
            timeout=120,
        )
        assert (0, FORMATTED.replace("\n", "\r\n").encode(), b"") == (
            done.returncode,
            done.stdout,
            done.stderr,
        )

    def test_comments_and_money_kept(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Comments and non-ASCII text survive the rewrite byte for byte."""
        text = (
            "# Budget £ and “quotes”\n"
            'contract "Café" { risk share { council 70%  # the council’s\n'
            " provider 30% provider cap £1,200,000 } }\n"
        )
        path = write(tmp_path, "money.contract", text)
        run(capsys, path)
        assert [
            "# Budget £ and “quotes”",
            'contract "Café" {',
            "    risk share {",
            "        council 70%  # the council’s",
            "        provider 30%",
            "        provider cap £1.2m",
            "    }",
            "}",
        ] == path.read_text(encoding="utf-8").splitlines()

    def test_several_files(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Each file is handled on its own; the worst exit status wins; a bad one stays as it is."""
        messy = write(tmp_path, "a.contract", MESSY)
        tidy = write(tmp_path, "b.contract", FORMATTED)
        bad = write(tmp_path, "c.contract", BAD)
        status, out, err = run(capsys, messy, tidy, bad)
        assert (1, "") == (status, out)
        assert f"{messy}: reformatted\n" + BAD_ERROR.format(name=bad) == err
        assert FORMATTED == messy.read_text(encoding="utf-8")
        assert FORMATTED == tidy.read_text(encoding="utf-8")
        assert BAD == bad.read_text(encoding="utf-8")


class TestCheck:
    def test_lists_files_that_would_change(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--check exits 1, names each file that would change, and writes nothing."""
        first = write(tmp_path, "a.contract", MESSY)
        tidy = write(tmp_path, "b.contract", FORMATTED)
        second = write(tmp_path, "c.contract", MESSY.replace("22.0%", "23.0%"))
        assert (
            1,
            "",
            f"{first}: would be reformatted\n{second}: would be reformatted\n",
        ) == run(capsys, "--check", first, tidy, second)
        assert MESSY == first.read_text(encoding="utf-8")
        assert MESSY.replace("22.0%", "23.0%") == second.read_text(encoding="utf-8")

    def test_formatted_files_pass(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--check exits 0 and prints nothing when every file is already formatted."""
        first = write(tmp_path, "a.contract", FORMATTED)
        second = write(tmp_path, "b.contract", format_contract(MESSY.replace("22.0%", "23%")))
        assert (0, "", "") == run(capsys, "--check", first, second)

    def test_crlf_is_formatted(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A formatted contract with CRLF line ends (a Windows checkout) is left as it is."""
        path = write(tmp_path, "crlf.contract", FORMATTED.replace("\n", "\r\n"))
        assert (0, "", "") == run(capsys, "--check", path)
        assert (0, "", "") == run(capsys, path)
        assert FORMATTED.replace("\n", "\r\n").encode() == path.read_bytes()

    def test_crlf_with_lf_lines_would_change(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """CRLF first, then a line feed alone: rewritten with CRLF throughout."""
        lines = FORMATTED.split("\n")
        text = "\r\n".join(lines[:-2]) + "\n" + "\n".join(lines[-2:])
        path = write(tmp_path, "mixed.contract", text)
        assert (1, "", f"{path}: would be reformatted\n") == run(capsys, "--check", path)

    def test_bad_contract(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--check on a bad contract exits 1 with its diagnostics, not 'would be reformatted'."""
        path = write(tmp_path, "bad.contract", BAD)
        assert (1, "", BAD_ERROR.format(name=path)) == run(capsys, "--check", path)


class TestDiff:
    def test_unified_diff(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--diff prints a unified diff to the formatted text, exits 1 and writes nothing."""
        path = write(tmp_path, "messy.contract", MESSY)
        status, out, err = run(capsys, "--diff", path)
        assert (1, "") == (status, err)
        lines = out.splitlines()
        assert [f"--- {path}", f"+++ {path} (formatted)"] == lines[:2]
        assert lines[2].startswith("@@ ")
        assert [f"-{line}" for line in MESSY.splitlines()] == [
            line for line in lines[3:] if line.startswith("-")
        ]
        assert [f"+{line}" for line in FORMATTED.splitlines()] == [
            line for line in lines[3:] if line.startswith("+")
        ]
        assert MESSY == path.read_text(encoding="utf-8")

    def test_no_diff_when_formatted(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--diff prints nothing and exits 0 for a formatted file."""
        path = write(tmp_path, "tidy.contract", FORMATTED)
        assert (0, "", "") == run(capsys, "--diff", path)

    def test_diff_and_check(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--diff with --check shows the diff and names the file; nothing is written."""
        path = write(tmp_path, "messy.contract", MESSY)
        status, out, err = run(capsys, "--check", "--diff", path)
        assert (1, f"{path}: would be reformatted\n") == (status, err)
        assert out.startswith(f"--- {path}\n")
        assert MESSY == path.read_text(encoding="utf-8")


# A contract that parses but is not valid: its tolerance is better than its target.
INVALID = (
    'contract "Bad" { group "G" { measure A1 "Re-referrals" {\n'
    "  tolerance 18%  # the worst acceptable\n"
    "  target 22% unit percent lower is better } } }\n"
)
INVALID_FORMATTED = """\
contract "Bad" {
    group "G" {
        measure A1 "Re-referrals" {
            unit percent
            lower is better
            target 22%
            tolerance 18%  # the worst acceptable
        }
    }
}
"""
INVALID_ERROR = """\
{name}:7:13: error: the tolerance 18% is better than the target 22% (lower is better) \
from the beginning
    7 |             tolerance 18%  # the worst acceptable
      |             ^~~~~~~~~~~~~
help: the tolerance is the worst acceptable value: for higher is better it is at or below the \
target, for lower is better at or above it, and a band tolerance contains the target band
{name}: 1 error
"""


class TestInvalidContract:
    """A contract that parses but is not valid is laid out (the layout needs only its syntax),
    and its problems are reported as `check` reports them, with exit status 1."""

    def test_rewritten_and_reported_where_they_now_are(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = write(tmp_path, "bad.contract", INVALID)
        error = INVALID_ERROR.format(name=path)
        assert (1, "", f"{path}: reformatted\n{error}") == run(capsys, path)
        assert INVALID_FORMATTED == path.read_text(encoding="utf-8")

    def test_laid_out_already(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Nothing to rewrite: only the problems, and exit status 1."""
        path = write(tmp_path, "bad.contract", INVALID_FORMATTED)
        error = INVALID_ERROR.format(name=path)
        assert (1, "", error) == run(capsys, path)
        assert INVALID_FORMATTED == path.read_text(encoding="utf-8")

    def test_check_leaves_it_and_reports_where_they_are(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`--check` names the file and reports its problems at their places in it as it is."""
        path = write(tmp_path, "bad.contract", INVALID)
        status, out, err = run(capsys, "--check", path)
        assert (1, "") == (status, out)
        assert [
            f"{path}: would be reformatted",
            f"{path}:2:3: error: the tolerance 18% is better than the target 22% (lower is"
            " better) from the beginning",
            "    2 |   tolerance 18%  # the worst acceptable",
        ] == err.splitlines()[:3]
        assert err.endswith(f"{path}: 1 error\n")
        assert INVALID == path.read_text(encoding="utf-8")

    def test_standard_input(self) -> None:
        """`fmt -` writes the layout to stdout and the problems to stderr, and exits 1."""
        done = subprocess.run(
            [sys.executable, "-m", "perfcontract", "fmt", "-"],
            input=INVALID.encode(),
            capture_output=True,
            check=False,
            timeout=120,
        )
        assert (1, INVALID_FORMATTED) == (done.returncode, done.stdout.decode())
        assert done.stderr.decode().startswith("<stdin>:2:3: error: the tolerance 18%")

    def test_dated_targets_out_of_order_keep_their_order(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Dated terms keep their order, so the problem with their order is still there."""
        text = (
            'contract "c" { group "g" { measure A1 "t" { target 91% from 2019/20\n'
            "target 90% from 2018/19 higher is better unit percent } } }\n"
        )
        path = write(tmp_path, "bad.contract", text)
        status, out, err = run(capsys, path)
        assert (1, "") == (status, out)
        assert [
            "            target 91% from 2019/20",
            "            target 90% from 2018/19",
        ] == path.read_text(encoding="utf-8").splitlines()[5:7]
        assert err.startswith(f"{path}: reformatted\n{path}:7:")
        assert err.endswith(f"{path}: 1 error\n")

    def test_syntax_error_still_refused(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Text that does not parse is never rewritten."""
        text = INVALID.replace("target 22%", "target: 22%")
        path = write(tmp_path, "bad.contract", text)
        status, out, err = run(capsys, path)
        assert (1, "") == (status, out)
        assert err.startswith(f"{path}:3:9: error: unexpected `:`")
        assert text == path.read_text(encoding="utf-8")


class TestBadInput:
    def test_bad_contract_untouched(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A contract with errors, already laid out, exits 1 with its diagnostics on stderr."""
        path = write(tmp_path, "bad.contract", BAD)
        assert (1, "", BAD_ERROR.format(name=path)) == run(capsys, path)
        assert BAD == path.read_text(encoding="utf-8")

    def test_syntax_error_untouched(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A syntax error exits 1 with FILE:LINE:COL on stderr; the file is not rewritten."""
        text = 'contract "x" {\n  council "a"\n  counsil "b"\n}\n'
        path = write(tmp_path, "typo.contract", text)
        status, out, err = run(capsys, path)
        assert (1, "") == (status, out)
        assert err.startswith(f"{path}:3:3: error: ")
        assert "did you mean `council`?" in err
        assert text == path.read_text(encoding="utf-8")

    def test_missing_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A file that does not exist exits 2, and the other files are still formatted."""
        missing = tmp_path / "missing.contract"
        messy = write(tmp_path, "messy.contract", MESSY)
        status, out, err = run(capsys, missing, messy)
        assert (2, "") == (status, out)
        assert err.startswith(f"{missing}: error: cannot read the file: ")
        assert err.endswith(f"{messy}: reformatted\n")
        assert FORMATTED == messy.read_text(encoding="utf-8")

    def test_folder(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A folder given as FILE exits 2 with a message."""
        status, out, err = run(capsys, tmp_path)
        assert (2, "") == (status, out)
        assert err.startswith(f"{tmp_path}: error: cannot read the file: ")

    def test_not_utf8(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A file that is not UTF-8 exits 1, pointing at the bad byte; it is not rewritten."""
        data = 'contract "x" {\n  risk share { provider cap £1m council 70% provider 30% }\n}\n'
        path = write(tmp_path, "cp1252.contract", data.encode("cp1252"))
        status, out, err = run(capsys, path)
        assert (1, "") == (status, out)
        assert err.startswith(f"{path}:2:29: error: this file is not UTF-8: byte 0xA3")
        assert data.encode("cp1252") == path.read_bytes()

    def test_no_files(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`fmt` with no FILE is a usage error: exit 2."""
        status = main(["fmt"])
        out, err = capsys.readouterr()
        assert (2, "") == (status, out)
        assert "usage: perfcontract fmt" in err

    @pytest.mark.parametrize(
        "data",
        [
            b"",
            b"\x00",
            bytes(range(256)),
            b"\xef\xbb\xbf",
            b'contract "x" {' * 2000,
            b'contract "x" { council "' + b"a" * 100_000 + b'" }',
            b'contract "x" {\r council "a"\r}\r',
            'contract "x" { # a\u2028b\n council "a" }'.encode(),
        ],
        ids=["empty", "nul", "binary", "only-bom", "nested", "long-line", "lone-cr", "u2028"],
    )
    def test_odd_files(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes
    ) -> None:
        """Odd bytes give exit 0, or 1 with a message; never a traceback."""
        path = write(tmp_path, "odd.contract", data)
        status, _, err = run(capsys, "--check", path)
        assert status in (0, 1)
        assert status == 0 or err

    def test_value_the_formatter_cannot_spell(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A valid contract with the largest amount in pounds and pence formats without a traceback.

        format_contract once raised decimal.InvalidOperation on a 27-digit
        amount, which a contract may no longer hold (see tests/test_formatter.py
        TestFound.test_largest_amount_with_pence).
        """
        text = (
            'contract "x" { group "g" { measure A1 "t" { unit money higher is better'
            " target £999999999999999.5 } } }\n"
        )
        path = write(tmp_path, "long.contract", text)
        status, _, _ = run(capsys, path)
        assert 0 == status


def full_disk(monkeypatch: pytest.MonkeyPatch, after: int = 10) -> None:
    """Make writes to files opened from now on fail with ENOSPC once ``after`` bytes are written.

    The first write call puts ``after`` bytes on disk and succeeds, so a file
    is left part-written, as a disk that fills up partway leaves it.
    """
    real_write, real_open = os.write, os.open
    opened: dict[int, str] = {}
    written = {"bytes": 0}

    def open_(path: str, flags: int, mode: int = 0o777, **kw: object) -> int:
        descriptor = real_open(path, flags, mode, **kw)  # type: ignore[arg-type]
        opened[descriptor] = str(path)
        return descriptor

    def write(descriptor: int, data: bytes) -> int:
        if descriptor in opened and written["bytes"] >= after:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        if descriptor in opened:
            data = bytes(data[: after - written["bytes"]])
            written["bytes"] += len(data)
        return real_write(descriptor, data)

    monkeypatch.setattr(os, "open", open_)
    monkeypatch.setattr(os, "write", write)


def refuse_new_files(monkeypatch: pytest.MonkeyPatch, folder: Path, code: int) -> None:
    """Make creating a file in ``folder`` fail with ``code``, as a read-only folder or disk does."""
    real_open = os.open

    def open_(path: str, flags: int, mode: int = 0o777, **kw: object) -> int:
        if flags & os.O_CREAT and Path(path).parent == folder:
            raise OSError(code, os.strerror(code), str(path))
        return real_open(path, flags, mode, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", open_)


class TestWriting:
    """fmt writes a file whole or not at all, and keeps what it should."""

    def test_full_disk_leaves_the_file_whole(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A disk that fills up partway: exit 2, said plainly, the contract as it was, no litter."""
        path = write(tmp_path, "c.contract", MESSY)
        full_disk(monkeypatch)
        status, out, err = run(capsys, path)
        assert (2, "", f"{path}: error: cannot write the file: No space left on device\n") == (
            status,
            out,
            err,
        )
        assert (MESSY, ["c.contract"]) == (
            path.read_text(encoding="utf-8"),
            sorted(p.name for p in tmp_path.iterdir()),
        )

    @pytest.mark.parametrize("code", [errno.EACCES, errno.EROFS])
    def test_read_only_folder(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
        code: int,
    ) -> None:
        """A folder (or disk) where no file can be made: exit 2, said plainly, nothing changed."""
        path = write(tmp_path, "c.contract", MESSY)
        refuse_new_files(monkeypatch, tmp_path, code)
        status, out, err = run(capsys, path)
        assert (2, "", f"{path}: error: cannot write the file: {os.strerror(code)}\n") == (
            status,
            out,
            err,
        )
        assert MESSY == path.read_text(encoding="utf-8")

    def test_read_only_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A file with no write permission is not rewritten, even by root: exit 2, said plainly."""
        path = write(tmp_path, "c.contract", MESSY)
        path.chmod(0o444)
        status, out, err = run(capsys, path)
        assert (2, "", f"{path}: error: cannot write the file: Permission denied\n") == (
            status,
            out,
            err,
        )
        assert (MESSY, 0o444) == (path.read_text(encoding="utf-8"), path.stat().st_mode & 0o777)

    def test_goes_on_after_a_file_it_cannot_write(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A file that cannot be written does not stop the others."""
        locked = write(tmp_path, "a.contract", MESSY)
        locked.chmod(0o444)
        other = write(tmp_path, "b.contract", MESSY)
        status, _, err = run(capsys, locked, other)
        assert (2, FORMATTED) == (status, other.read_text(encoding="utf-8"))
        assert err.endswith(f"{other}: reformatted\n")

    def test_permissions_are_kept(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The rewritten file has the permissions the old one had."""
        path = write(tmp_path, "c.contract", MESSY)
        path.chmod(0o640)
        assert 0 == run(capsys, path)[0]
        assert (FORMATTED, 0o640) == (
            path.read_text(encoding="utf-8"),
            path.stat().st_mode & 0o777,
        )

    def test_a_link_stays_a_link(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Through a symbolic link, the file it points to is rewritten and the link kept."""
        path = write(tmp_path, "c.contract", MESSY)
        link = tmp_path / "link.contract"
        link.symlink_to(path.name)
        assert 0 == run(capsys, link)[0]
        assert (True, FORMATTED) == (link.is_symlink(), path.read_text(encoding="utf-8"))

    def test_no_temporary_file_is_left(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """After a rewrite the folder holds the file and nothing else."""
        path = write(tmp_path, "c.contract", MESSY)
        assert 0 == run(capsys, path)[0]
        assert ["c.contract"] == [p.name for p in tmp_path.iterdir()]
