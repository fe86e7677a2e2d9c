"""What a long command is doing, on a terminal: one line on standard error.

A command that has said nothing for a second says which step it is on and
for how long (``perfcontract: reading q4.csv… 3 s``), on one line that is
rewritten in place every half second and cleared before anything else is
written, so that it never mixes with a diagnostic or a result. Only a
terminal gets it: a pipe, a file and a test's buffer never do.

```pycon
>>> import io
>>> class Terminal(io.StringIO):
...     def isatty(self) -> bool:
...         return True
>>> screen = Terminal()
>>> line = Progress(screen, start=0.0)
>>> line.step("reading q4.csv")
>>> line.tick(now=0.5)  # under a second: nothing yet
>>> line.tick(now=3.2)
>>> screen.getvalue()
'\\rperfcontract: reading q4.csv… 3 s\\x1b[K'
>>> line.clear()
>>> screen.getvalue().endswith("\\r\\x1b[K")
True

```
"""

from __future__ import annotations

import os
import threading
import time
from typing import TextIO

__all__ = ["Progress"]

DELAY = 1.0  # seconds of silence before the line is shown
EVERY = 0.5  # seconds between two writings of it
_CLEAR = "\r\x1b[K"  # back to the line's start, and erase it


class Progress:
    """The progress line of one command on ``stream`` (standard error, a terminal).

    :meth:`step` names what the command is doing; :meth:`tick` writes the
    line when the command has been quiet long enough (a thread calls it
    every half second between :meth:`start` and :meth:`stop`);
    :meth:`clear` takes it off the screen, as anything else written to the
    terminal must first. Every write holds one lock, so the line is never
    written half over another.
    """

    def __init__(self, stream: TextIO, start: float | None = None) -> None:
        self.stream = stream
        self.started = time.monotonic() if start is None else start
        self.lock = threading.Lock()
        self._step: str | None = None
        self._shown = False
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None

    def step(self, what: str) -> None:
        """Say that the command is now doing ``what`` (shown at the next tick)."""
        self._step = what

    def tick(self, now: float | None = None) -> None:
        """Write the line if the command has run for :data:`DELAY` seconds with a step."""
        now = time.monotonic() if now is None else now
        what = self._step
        if what is None or now - self.started < DELAY:
            return
        with self.lock:
            try:
                self.stream.write(f"\rperfcontract: {what}… {now - self.started:.0f} s\x1b[K")
                self.stream.flush()
            except (OSError, ValueError):  # a terminal closed under us: say no more
                self._stopped.set()
                return
            self._shown = True

    def clear(self) -> None:
        """Take the line off the screen, if it is there."""
        with self.lock:
            self.hide()

    def hide(self) -> None:
        """:meth:`clear`, for a writer that holds :attr:`lock` already (to write next)."""
        if self._shown:
            self._shown = False
            try:
                self.stream.write(_CLEAR)
                self.stream.flush()
            except (OSError, ValueError):
                pass

    def start(self) -> None:
        """Tick every :data:`EVERY` seconds, in a thread, until :meth:`stop`."""
        self._thread = threading.Thread(target=self._run, name="perfcontract progress", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stopped.wait(EVERY):
            self.tick()

    def stop(self) -> None:
        """Stop ticking and clear the line."""
        self._stopped.set()
        if self._thread is not None:
            self._thread.join()
        self.clear()


def on_terminal(stream: object) -> bool:
    """Whether ``stream`` is a terminal that takes the line (not a pipe, a file or a dumb
    terminal)."""
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"
    except (OSError, ValueError):
        return False
