"""Whose words a hint speaks: Python's, or the command line's.

A hint that names a setting names it as the caller gives it, never both ways
in one sentence: ``sheet=...`` to Python, ``--sheet NAME`` on the command
line. The command line runs its commands inside :func:`on_the_command_line`;
anything else is Python.

```pycon
>>> option("sheet=...", "--sheet NAME")
'sheet=...'
>>> with on_the_command_line():
...     option("sheet=...", "--sheet NAME")
'--sheet NAME'
>>> option("sheet=...", "--sheet NAME")
'sheet=...'

```
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

__all__ = ["on_the_command_line", "option"]

_COMMAND_LINE: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "perfcontract_command_line", default=False
)


def option(python: str, command_line: str) -> str:
    """A setting as the caller writes it: ``python`` (an argument) or ``command_line`` (an
    option)."""
    return command_line if _COMMAND_LINE.get() else python


@contextlib.contextmanager
def on_the_command_line() -> Iterator[None]:
    """Hints made inside this name settings as the command line's options."""
    token = _COMMAND_LINE.set(True)
    try:
        yield
    finally:
        _COMMAND_LINE.reset(token)
