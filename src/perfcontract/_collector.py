"""Pausing Python's cycle collector while many small acyclic records are made.

Compiling a contract, checking readings and building a report each allocate
tens of thousands of small records that never form cycles. The collector
would scan them again and again as they pile up (and, in its oldest
generation, everything else alive too); pausing it meanwhile costs nothing
and leaves it as it was found.

```pycon
>>> import gc
>>> with paused():
...     gc.isenabled()
False
>>> gc.isenabled()
True

```
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["paused"]


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """The cycle collector off for the block, then back on if it was on before."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
