"""The shell examples of a documentation page, for the tests that run them.

A page shows a command after ``$ `` in a ```` ```console ```` block, going on
to the next line after a ``\\``, and under it what the command prints.
"""

from __future__ import annotations

import re
from pathlib import Path


def console_examples(page: str | Path) -> list[tuple[str, str]]:
    """Each ``$ command`` of the page's console blocks (its continuation lines joined), and
    the output shown under it."""
    text = Path(page).read_text(encoding="utf-8")
    examples: list[tuple[str, str]] = []
    for block in re.findall(r"^```console\n(.*?)^```$", text, re.MULTILINE | re.DOTALL):
        for part in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
            lines = part.split("\n")
            command = lines.pop(0)
            while command.endswith("\\"):
                command = command[:-1] + lines.pop(0)
            examples.append((command, "\n".join(lines)))
    return examples
