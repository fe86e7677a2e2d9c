"""The progress line: on a terminal's standard error only, cleared before anything else.

SPEC section 7: long runs show progress on a terminal. The line's timing is
driven by hand here (``tick(now=...)``), and in the command-line tests by a
tick every millisecond, so that nothing depends on how fast the machine is.
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import io
import re
import time
from pathlib import Path

import pytest

import perfcontract.cli as cli
from perfcontract import _progress
from perfcontract._progress import Progress, on_terminal

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = str(ROOT / "examples" / "dcst-2017-18.contract")
READINGS = str(ROOT / "examples" / "dcst-2017-18-readings.csv")


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


class Closed(Terminal):
    """A terminal that has gone away."""

    def write(self, text: str) -> int:
        raise OSError("closed")


class TestLine:
    def test_quiet_for_a_second(self) -> None:
        """Nothing before a second has passed, nor without a step; then the step and the
        seconds so far, rewritten in place."""
        screen = Terminal()
        line = Progress(screen, start=100.0)
        line.tick(now=105.0)  # no step yet
        line.step("reading q4.csv")
        line.tick(now=100.9)
        assert "" == screen.getvalue()
        line.tick(now=101.0)
        line.step("rating 2017/18 Q4")
        line.tick(now=102.6)
        assert (
            "\rperfcontract: reading q4.csv… 1 s\x1b[K\rperfcontract: rating 2017/18 Q4… 3 s\x1b[K"
        ) == screen.getvalue()

    def test_cleared_once(self) -> None:
        """Clearing takes the line off the screen once; with no line, it writes nothing."""
        screen = Terminal()
        line = Progress(screen, start=0.0)
        line.clear()
        assert "" == screen.getvalue()
        line.step("reading q4.csv")
        line.tick(now=2.0)
        line.clear()
        line.clear()
        assert screen.getvalue().endswith("s\x1b[K\r\x1b[K")

    def test_a_terminal_gone(self) -> None:
        """A terminal that cannot be written to stops the line, with no exception."""
        line = Progress(Closed(), start=0.0)
        line.step("reading q4.csv")
        line.tick(now=2.0)
        line.clear()
        assert line._stopped.is_set()

    def test_thread_stops(self) -> None:
        """start() ticks in a thread until stop(), which clears the line."""
        screen = Terminal()
        line = Progress(screen, start=time.monotonic() - 10)
        line.step("reading q4.csv")
        line.start()
        line.stop()
        assert line._thread is not None
        assert (False, "") == (
            line._thread.is_alive(),
            screen.getvalue().replace("\r\x1b[K", "")[-1:],
        )

    @pytest.mark.parametrize(
        ("stream", "term", "expected"),
        [
            (Terminal(), "xterm", True),
            (Terminal(), "dumb", False),
            (io.StringIO(), "xterm", False),
            (None, "xterm", False),
        ],
    )
    def test_on_terminal(
        self, monkeypatch: pytest.MonkeyPatch, stream: object, term: str, expected: bool
    ) -> None:
        """A terminal that can move its cursor takes the line; a pipe, a file, a dumb
        terminal and no stream at all do not."""
        monkeypatch.setenv("TERM", term)
        assert expected == on_terminal(stream)


def terminal(monkeypatch: pytest.MonkeyPatch) -> Terminal:
    """Standard error a terminal, ticked every millisecond with no delay; loading the
    contract slow enough for a few ticks. (Called in the test itself: pytest puts its own
    standard error back between a fixture's setting up and the test.)"""
    screen = Terminal()
    monkeypatch.setattr(cli.sys, "stderr", screen)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setattr(_progress, "DELAY", 0.0)
    monkeypatch.setattr(_progress, "EVERY", 0.001)
    loads = cli.loads_file

    def slow(*args: object, **kwargs: object) -> object:
        time.sleep(0.05)
        return loads(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cli, "loads_file", slow)
    return screen


class TestCommandLine:
    def test_shown_then_cleared(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`evaluate` on a terminal: the step shown while the contract loads, and the line
        cleared before the command ends; the results on standard output are as ever."""
        screen = terminal(monkeypatch)
        assert 0 == cli.main(["evaluate", CONTRACT, READINGS, "--period", "2017/18 Q4"])
        said = screen.getvalue()
        assert (True, True, True) == (
            re.search(rf"\rperfcontract: reading {re.escape(CONTRACT)}… [0-9]+ s\x1b\[K", said)
            is not None,
            said.endswith("\r\x1b[K"),
            capsys.readouterr().out.startswith("Quarter 4 2017/18"),
        )

    def test_cleared_before_a_message(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """A diagnostic starts on a clean line: the progress line is cleared before it."""
        bad = tmp_path / "bad.contract"
        bad.write_text('contract "X" { reporting weekly }\n', encoding="utf-8")
        screen = terminal(monkeypatch)
        assert 1 == cli.main(["check", str(bad)])
        said = screen.getvalue()
        first = said.index(f"{bad}:1:")
        assert "\r\x1b[K" == said[first - 4 : first]

    def test_names_shown_on_one_line(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        """A file name's control characters never reach the terminal raw."""
        named = tmp_path / "a\x1b[31mred.contract"
        named.write_text(Path(CONTRACT).read_text(encoding="utf-8"), encoding="utf-8")
        screen = terminal(monkeypatch)
        assert 0 == cli.main(["check", str(named)])
        assert (True, False) == ("reading " in screen.getvalue(), "\x1b[31m" in screen.getvalue())
