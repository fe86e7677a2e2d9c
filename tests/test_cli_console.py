"""What the command line writes to a console: any encoding, no control characters, short messages.

A console whose encoding cannot show ``▲`` or ``£`` (ASCII, or Windows'
cp1252) gets a plain stand-in for each character it cannot show, and only
for those: the command never stops with an encoding error. A control
character from the input or the arguments is shown as its code point, and an
argument quoted in a message is cut short, however long it is.
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from perfcontract.cli import encodable, main

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = "examples/dcst-2017-18.contract"
READINGS = "examples/dcst-2017-18-readings.csv"
EVALUATE = ["evaluate", CONTRACT, READINGS, "--period", "2017/18 Q4"]
RISK_SHARE = ["risk-share", CONTRACT, "1.35m"]
REPORT = ["report", CONTRACT, READINGS, "--period", "2017/18 Q4"]
# What each of the characters the command writes becomes where it cannot be shown.
ASCII = {"▲": "^", "▼": "v", "►": "=", "→": "->", "—": "-", "£": "GBP "}
CP1252 = {"▲": "^", "▼": "v", "►": "=", "→": "->"}  # cp1252 has £ and the dashes
STAND_INS = {"ascii": ASCII, "cp1252": CP1252}
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # any but tab and line feed
HUGE = "1" + "0" * 100_000


@pytest.fixture(autouse=True)
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the repository root, at a fixed time and terminal width."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1531126800")


def plain(text: str, encoding: str) -> str:
    """The text with each character the encoding cannot show replaced by its stand-in."""
    for char, stand_in in STAND_INS[encoding].items():
        text = text.replace(char, stand_in)
    return text


def in_utf8(capsys: pytest.CaptureFixture[str], args: list[str]) -> str:
    """What the command writes to a UTF-8 standard output."""
    assert 0 == main(args)
    return capsys.readouterr().out


def on_console(monkeypatch: pytest.MonkeyPatch, encoding: str, args: list[str]) -> str:
    """What the command writes to a standard output of ``encoding`` that refuses the rest."""
    console = io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors="strict", newline="\n")
    monkeypatch.setattr(sys, "stdout", console)
    assert 0 == main(args)
    console.flush()
    return console.buffer.getvalue().decode(encoding)  # type: ignore[attr-defined]


def run_process(encoding: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m perfcontract ARGS`` with its standard streams in ``encoding``."""
    env = {**os.environ, "COLUMNS": "80", "PYTHONIOENCODING": encoding}
    env["SOURCE_DATE_EPOCH"] = "1531126800"
    return subprocess.run(
        [sys.executable, "-m", "perfcontract", *args],
        cwd=ROOT,
        capture_output=True,
        env=env,
        check=False,
        timeout=120,
    )


def references_back(page: str) -> str:
    """An HTML page with each decimal character reference turned back into its character."""
    return re.sub(r"&#([0-9]+);", lambda found: chr(int(found[1])), page)


class TestEncodable:
    def test_utf8_unchanged(self) -> None:
        """Text a stream can take is written as it is."""
        text = "B8 ▲ £4.15m — ► → …"
        assert text == encodable(text, "utf-8")

    def test_ascii(self) -> None:
        """On ASCII every character has a plain stand-in; one without any is `?`."""
        assert "B8 ^ v = -> GBP 4.15m - - ... ? ?" == encodable(
            "B8 ▲ ▼ ► → £4.15m — – … é ⚑", "ascii"
        )

    def test_cp1252(self) -> None:
        """On cp1252 only the characters it cannot show are replaced."""
        assert "B8 ^ £4.15m — … é ?" == encodable("B8 ▲ £4.15m — … é ⚑", "cp1252")

    def test_html_is_exact(self) -> None:
        """In HTML a character the encoding cannot show is a character reference."""
        assert "<td>&#9650; &#163;1m</td>" == encodable("<td>▲ £1m</td>", "ascii", "html")

    def test_json_is_exact(self) -> None:
        """In JSON it is a \\u escape (a surrogate pair beyond U+FFFF): it reads back the same."""
        text = json.dumps({"name": "Café ▲ 𝄞 \x9b\x7f"}, ensure_ascii=False)
        written = encodable(text, "ascii", "json")
        assert (True, {"name": "Café ▲ 𝄞 \x9b\x7f"}) == (written.isascii(), json.loads(written))
        assert [] == CONTROL.findall(encodable(text, "utf-8", "json"))

    def test_lone_surrogates(self) -> None:
        """A byte of a file name that was not UTF-8 (a lone surrogate) is `?`, or a JSON escape."""
        assert ("a?b", '"a\\udcffb"') == (
            encodable("a\udcffb", "utf-8"),
            encodable('"a\udcffb"', "utf-8", "json"),
        )

    def test_no_encoding(self) -> None:
        """A stream without an encoding, or one Python does not know, gets the text as it is."""
        assert ("▲", "▲") == (encodable("▲", None), encodable("▲", "no-such-encoding"))


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
class TestNarrowConsole:
    def test_evaluate(
        self, encoding: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """`evaluate` shows arrows as ^, v and = where the console cannot show them."""
        expected = plain(in_utf8(capsys, EVALUATE), encoding)
        assert expected == on_console(monkeypatch, encoding, EVALUATE)

    def test_risk_share(
        self, encoding: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """`risk-share` shows £ as GBP on ASCII, and as itself on cp1252."""
        expected = plain(in_utf8(capsys, RISK_SHARE), encoding)
        written = on_console(monkeypatch, encoding, RISK_SHARE)
        assert expected == written
        assert ("GBP 945,000.00" in written) == (encoding == "ascii")

    def test_markdown_report(
        self, encoding: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """`report --format markdown` falls back as the text does."""
        args = [*REPORT, "--format", "markdown"]
        assert plain(in_utf8(capsys, args), encoding) == on_console(monkeypatch, encoding, args)

    def test_html_report(
        self, encoding: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """`report` in HTML writes character references: the page is the same page."""
        page = in_utf8(capsys, REPORT)
        written = on_console(monkeypatch, encoding, REPORT)
        assert (page, True) == (references_back(written), "&#9650;" in written)

    def test_json(
        self,
        encoding: str,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """`evaluate --format json` writes \\u escapes: the same data."""
        contract = tmp_path / "c.contract"
        contract.write_text(
            'contract "Café ▲ →" { group "g" { measure A1 "t" { unit number no target } } }',
            encoding="utf-8",
        )
        readings = tmp_path / "r.csv"
        readings.write_text("measure,period,value\nA1,2017/18 Q4,1\n", encoding="utf-8")
        args = ["evaluate", str(contract), str(readings), "--format", "json"]
        expected = json.loads(in_utf8(capsys, args))
        written = on_console(monkeypatch, encoding, args)
        assert (expected, "Café ▲ →") == (json.loads(written), expected["contract"])

    def test_diagnostics(
        self, encoding: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Messages on standard error fall back too, where it refuses a character."""
        console = io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors="strict", newline="\n")
        monkeypatch.setattr(sys, "stderr", console)
        assert 2 == main(["risk-share", CONTRACT, "lots"])
        console.flush()
        written = console.buffer.getvalue().decode(encoding)  # type: ignore[attr-defined]
        pound = "GBP " if encoding == "ascii" else "£"
        assert (
            "perfcontract risk-share: error: `lots` is not an amount of money"
            f" (write it as 1200000, {pound}1.2m, {pound}950k or {pound}1,230,000)\n"
        ) == written


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
class TestNarrowConsoleProcess:
    @pytest.mark.parametrize(
        "args", [EVALUATE, RISK_SHARE, [*REPORT, "--format", "markdown"], ["risk-share", "--help"]]
    )
    def test_text(self, encoding: str, args: list[str]) -> None:
        """As a process: exit 0, no traceback, the UTF-8 output with the stand-ins."""
        wide = run_process("utf-8", *args)
        narrow = run_process(encoding, *args)
        assert (0, False) == (narrow.returncode, b"Traceback" in narrow.stderr)
        assert plain(wide.stdout.decode("utf-8"), encoding) == narrow.stdout.decode(encoding)

    def test_html(self, encoding: str) -> None:
        """As a process, the HTML report is the same page, in character references."""
        wide = run_process("utf-8", *REPORT)
        narrow = run_process(encoding, *REPORT)
        assert (0, wide.stdout.decode("utf-8")) == (
            narrow.returncode,
            references_back(narrow.stdout.decode(encoding)),
        )


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
class TestContractTextIsExact:
    """`fmt -` and `fmt --diff` write a contract's text, UTF-8 as every contract is, on any
    console: `£420k` as `GBP 420k` would be another contract (one that does not parse)."""

    PAYMENT = "examples/fm-2024-25.contract"

    def test_fmt_stdin(self, encoding: str) -> None:
        """`fmt - < c.contract > out.contract` on an ASCII console: the same bytes."""
        text = (ROOT / self.PAYMENT).read_bytes().replace(b"Riverside", "Rivérside →".encode())
        env = {**os.environ, "PYTHONIOENCODING": encoding}
        done = subprocess.run(
            [sys.executable, "-m", "perfcontract", "fmt", "-"],
            input=text,
            capture_output=True,
            env=env,
            check=False,
            timeout=120,
        )
        assert (0, text, b"") == (done.returncode, done.stdout, done.stderr)

    def test_fmt_diff(self, encoding: str, tmp_path: Path) -> None:
        """`fmt --diff > fix.patch` on an ASCII console: the lines with `£` as they are."""
        messy = tmp_path / "c.contract"
        text = (ROOT / self.PAYMENT).read_text(encoding="utf-8")
        messy.write_text(text.replace("charge £420k", "charge   £420k"), encoding="utf-8")
        done = run_process(encoding, "fmt", "--diff", str(messy))
        changed = [line for line in done.stdout.splitlines() if line[:1] in b"+-"]
        assert (1, 4, True) == (
            done.returncode,
            len(changed),
            "+        charge £420k monthly  # the unitary charge".encode() in changed,
        )


class TestDiffHeader:
    """`fmt --diff` names the file in its header with its control characters shown, and a
    name of bytes that are not UTF-8 as those bytes, as `diff -u` does."""

    @pytest.mark.skipif(sys.platform != "linux", reason="a file name of bytes that are not UTF-8")
    def test_odd_file_name(self, tmp_path: Path) -> None:
        """`a\\xff\\x1b[31m.contract`: no traceback, no escape sequence, the byte kept."""
        path = os.path.join(os.fsencode(tmp_path), b"a\xff\x1b[31m.contract")
        with open(path, "wb") as file:
            file.write(b'contract "c" {\n}\n\n')
        done = run_process("utf-8", "fmt", "--diff", os.fsdecode(path))
        header = os.fsencode(tmp_path) + b"/a\xff<U+001B>[31m.contract"
        assert (1, b"") == (done.returncode, done.stderr)
        assert [b"--- " + header, b"+++ " + header + b" (formatted)"] == (
            done.stdout.splitlines()[:2]
        )


class TestLongArguments:
    @pytest.mark.parametrize(
        ("args", "start"),
        [
            (
                ["risk-share", CONTRACT, HUGE],
                "perfcontract risk-share: error: `1000000000000000000000000000000000000000…",
            ),
            (
                ["risk-share", CONTRACT, "1m", "--provider-can-pay", HUGE],
                "perfcontract risk-share: error: --provider-can-pay: `1000000000",
            ),
            (
                ["risk-share", CONTRACT, "1m", "--provider-can-pay", "x" * 100_000],
                "perfcontract risk-share: error: --provider-can-pay: `xxxxxxxxxx",
            ),
            ([*EVALUATE, "--authority", HUGE], f"{READINGS}: error: there are no readings for"),
            ([*REPORT, "--authority", HUGE], f"{READINGS}: error: there are no readings for"),
            ([*REPORT, "--history", "x" + HUGE], "usage: perfcontract report"),
            (["evaluate", CONTRACT, READINGS, "--period", HUGE], "perfcontract evaluate: error:"),
            ([*REPORT[:3], "--period", "2017/18 Q" + HUGE], "perfcontract report: error:"),
            (["check", CONTRACT, "--" + "x" * 100_000], "usage: perfcontract [-h]"),
            (["check", "x" * 100_000], "xxxxxxxxxxxxxxxxxxxx"),
        ],
    )
    def test_quoted_short(
        self, args: list[str], start: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An argument of 100,000 characters is quoted short in its message: exit 1 or 2."""
        status = main(args)
        out, err = capsys.readouterr()
        assert (True, "", True) == (status in (1, 2), out, err.startswith(start))
        assert 600 > len(err)
        assert "…" in err


class TestControlCharacters:
    @pytest.mark.parametrize(
        "args",
        [
            ["risk-share", CONTRACT, "\x1b[31m1m\x07"],
            ["risk-share", CONTRACT, "1m", "--provider-can-pay", "\x1b]0;T\x07"],
            [*EVALUATE, "--authority", "\x1b[2J"],
            [*REPORT, "--history", "\x1b[2J"],
            ["evaluate", CONTRACT, READINGS, "--period", "2017\x1b[31m"],
            ["check", CONTRACT, "--\x1b[31m"],
            ["check", "\x1b[31mred.contract"],
            ["report", CONTRACT, READINGS, "--period", "2017/18 Q4", "-o", "\x1b[31m/no/such/r"],
        ],
    )
    def test_shown_not_obeyed(self, args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
        """A control character in an argument is shown as its code point in the message."""
        assert main(args) in (1, 2)
        out, err = capsys.readouterr()
        assert ([], True) == (CONTROL.findall(out + err), "<U+001B>" in err)

    @pytest.mark.skipif(sys.platform != "linux", reason="a file name of bytes that are not UTF-8")
    def test_file_name_not_utf8(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A good file whose name is not UTF-8 is named with `?`, not a UnicodeEncodeError."""
        path = os.path.join(os.fsencode(tmp_path), b"a\xff.contract")
        with open(path, "wb") as file:
            file.write(b'contract "c" { }')
        written = on_console(monkeypatch, "utf-8", ["check", os.fsdecode(path)])
        assert f"{tmp_path}/a?.contract: ok: 0 measures in 0 groups, 0 volumetric\n" == written

    def test_good_file_name(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """`check` names a good file with a control character in its name harmlessly."""
        path = tmp_path / "a\x1b[31m.contract"
        path.write_text('contract "c" { }', encoding="utf-8")
        assert 0 == main(["check", str(path)])
        assert f"{tmp_path}/a<U+001B>[31m.contract: ok:" == capsys.readouterr().out.split(" 0 ")[0]


def run_reader_gone(stream: str, *args: str, buffered: bool = True) -> tuple[int, bytes]:
    """Run ``python -m perfcontract ARGS`` with ``stream`` (stdout or stderr) a pipe whose
    reader has gone, as ``| head -1`` leaves it; the exit status and the other stream."""
    env = {**os.environ, "COLUMNS": "80"}
    env.pop("PYTHONUNBUFFERED", None)
    if not buffered:
        env["PYTHONUNBUFFERED"] = "1"
    reader, writer = os.pipe()
    os.close(reader)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "perfcontract", *args],
            cwd=ROOT,
            stdout=writer if stream == "stdout" else subprocess.PIPE,
            stderr=writer if stream == "stderr" else subprocess.PIPE,
            env=env,
            check=False,
            timeout=120,
        )
    finally:
        os.close(writer)
    return done.returncode, done.stderr if stream == "stdout" else done.stdout


BAD = "tests/golden/bad/many-errors.contract"


@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "unbuffered"])
class TestReaderGone:
    """A reader that has gone (`| head -1`) ends no command early and prints no traceback:
    the rest of the output goes nowhere, and the exit status is the command's own."""

    @pytest.mark.parametrize(
        "args", [["--version"], ["--help"], ["check", "--help"], EVALUATE, REPORT, RISK_SHARE]
    )
    def test_output_read_by_nobody(self, args: list[str], buffered: bool) -> None:
        """Exit 0, and on stderr only what the command has to say there (notes): no
        traceback, no "Exception ignored" from Python's flush at exit."""
        status, said = run_reader_gone("stdout", *args, buffered=buffered)
        assert (0, [], "") == (status, re.findall(rb"Traceback|Exception|Error", said), "")

    def test_bad_file_after_a_good_one(self, buffered: bool) -> None:
        """`check good bad | head -1`: the bad file is still checked, said and exits 1."""
        status, said = run_reader_gone("stdout", "check", CONTRACT, BAD, buffered=buffered)
        assert (1, b"Traceback" in said) == (status, False)
        assert said.decode().endswith(f"{BAD}: 11 errors\n")

    def test_diagnostics_read_by_nobody(self, buffered: bool) -> None:
        """`check bad 2>&1 | head -1`: a bad contract still exits 1, never 0."""
        assert (1, b"") == run_reader_gone("stderr", "check", BAD, buffered=buffered)

    def test_fmt_formats_every_file(self, tmp_path: Path, buffered: bool) -> None:
        """`fmt a b 2>&1 | head -1`: the second file is formatted too."""
        messy = 'contract "x" {\nyear starts April\nreporting quarterly\n}\n'
        files = [tmp_path / "a.contract", tmp_path / "b.contract"]
        for path in files:
            path.write_text(messy)
        status, _ = run_reader_gone("stderr", "fmt", *map(str, files), buffered=buffered)
        assert (0, [True, True]) == (status, [p.read_text() != messy for p in files])


class TestClosedStreams:
    """Run with a standard stream closed (`<&-`, `>&-`, `2>&-`), which Python gives as None:
    a closed standard input is a file that cannot be read; output to a closed stream goes
    nowhere; the exit status is the command's own, and there is no traceback."""

    @pytest.mark.parametrize(
        "args",
        [
            ["check", "-"],
            ["fmt", "-"],
            ["evaluate", CONTRACT, "-"],
            ["evaluate", "-", READINGS],
            [*REPORT, "--commentary", "-"],
        ],
    )
    def test_stdin_closed(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str]
    ) -> None:
        """`-` with standard input closed: exit 2, `<stdin>` cannot be read."""
        monkeypatch.setattr(sys, "stdin", None)
        status = main(args)
        assert (2, "<stdin>: error: cannot read the file: standard input is closed\n") == (
            status,
            capsys.readouterr().err,
        )

    @pytest.mark.parametrize(
        ("args", "expected"),
        [
            (["check", CONTRACT], 0),
            (["check", "tests/golden/bad/many-errors.contract"], 1),
            (EVALUATE, 0),
            (["--help"], 0),
            (["check"], 2),
        ],
    )
    @pytest.mark.parametrize("closed", ["stdout", "stderr"])
    def test_output_closed(
        self, monkeypatch: pytest.MonkeyPatch, args: list[str], expected: int, closed: str
    ) -> None:
        """Standard output or error closed: the command runs to its own exit status."""
        monkeypatch.setattr(sys, closed, None)
        assert expected == main(args)


class TestEmptyFileName:
    """A file to read named by an empty argument is a usage error saying so, before anything
    is read, as `-o ""` is: it was `: error: cannot read the file`, the file unnamed."""

    @pytest.mark.parametrize(
        ("args", "said"),
        [
            (["check", CONTRACT, ""], "a file name"),
            (["fmt", ""], "a file name"),
            (["evaluate", "", READINGS], "the contract file name"),
            (["evaluate", CONTRACT, READINGS, ""], "a readings file name"),
            ([*REPORT, "--commentary", ""], "--commentary: the file name"),
            (["risk-share", "", "1m"], "the contract file name"),
        ],
    )
    def test_refused(self, capsys: pytest.CaptureFixture[str], args: list[str], said: str) -> None:
        """Exit 2, nothing on stdout, and the message."""
        status = main(args)
        assert (
            2,
            "",
            f"perfcontract {args[0]}: error: {said} is empty; name the file to read\n",
        ) == (status, *capsys.readouterr())


class TestInterrupted:
    def test_ctrl_c(
        self,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """Ctrl-C while a report is written: exit 130, one line, no traceback, and the old
        file as it was, no temporary file beside it."""
        import perfcontract._atomic

        target = tmp_path / "report.html"
        target.write_text("the previous report", encoding="utf-8")

        def interrupted(descriptor: int, data: object) -> int:
            raise KeyboardInterrupt

        monkeypatch.setattr(perfcontract._atomic.os, "write", interrupted)
        status = main([*REPORT, "-o", str(target)])
        assert (130, "", "perfcontract: interrupted\n") == (status, *capsys.readouterr())
        assert (["report.html"], "the previous report") == (
            [p.name for p in tmp_path.iterdir()],
            target.read_text(encoding="utf-8"),
        )


@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "unbuffered"])
class TestOutputCannotBeWritten:
    """Standard output that cannot be written (a full disk, `> /dev/full`): the command
    says so and exits 2, with no traceback and never 0 with nothing written."""

    @pytest.mark.parametrize(
        "args", [["check", CONTRACT], EVALUATE, REPORT, RISK_SHARE, ["--version"]]
    )
    def test_a_full_disk(self, args: list[str], buffered: bool) -> None:
        env = {**os.environ, "COLUMNS": "80"}
        env.pop("PYTHONUNBUFFERED", None)
        if not buffered:
            env["PYTHONUNBUFFERED"] = "1"
        with open(os.devnull if sys.platform == "win32" else "/dev/full", "wb") as full:
            done = subprocess.run(
                [sys.executable, "-m", "perfcontract", *args],
                cwd=ROOT,
                stdout=full,
                stderr=subprocess.PIPE,
                env=env,
                check=False,
                timeout=120,
            )
        said = done.stderr.decode()
        assert (2, []) == (done.returncode, re.findall(r"Traceback|Exception ignored", said))
        assert said.endswith(
            "perfcontract: error: cannot write to standard output: No space left on device\n"
        )

    def test_in_process(
        self, buffered: bool, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The same through main(), standard output a stream whose writes fail."""

        class Full(io.StringIO):
            def write(self, text: str) -> int:
                raise OSError(28, "No space left on device")

        monkeypatch.setattr(sys, "stdout", Full())
        assert 2 == main(["check", CONTRACT])
        assert capsys.readouterr().err.endswith("standard output: No space left on device\n")
