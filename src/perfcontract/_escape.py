r"""Text from a contract or a commentary file, made safe in what perfcontract writes.

Titles, group names, contract, council and provider names, commentary and
authority names are written by people, and end up in Markdown that a browser
renders and in text that a terminal shows. None of it may change what the
output is: a ``<script>`` in a title must read as those characters, never
run; a ``|`` or a line break must not split a table's row; an escape
sequence must not recolour or retitle the terminal.

* :func:`one_line` gives text on one line, every run of whitespace (line
  breaks included) one space, and every other control character U+FFFD (�);
* :func:`markdown_cell` also puts a backslash before every character that
  could start Markdown markup, raw HTML or an entity: ``\ ` * _ [ ] < > # | & ~``;
* :func:`markdown_text`, for running text (a heading, a paragraph, a list
  item), also escapes what would start a block at the beginning of a line:
  ``- ``, ``+ ``, ``= `` or ``1. ``.

```pycon
>>> print(markdown_cell("<script>alert(1)</script> | A&B"))
\<script\>alert(1)\</script\> \| A\&B
>>> print(markdown_text("1. Re-referrals\n- of children"))
1\. Re-referrals - of children
>>> one_line("Title\x1b[31m in red")
'Title�[31m in red'

```
"""

from __future__ import annotations

import re

__all__ = ["markdown_cell", "markdown_text", "one_line"]

# Control characters left once whitespace runs are one space (str.split takes tabs,
# line breaks and the separators \x1c-\x1f as whitespace; the rest remain).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_MARKUP = re.compile(r"[\\`*_\[\]<>#|&~]")
_BLOCK_START = re.compile(r"[-+=]|[0-9]{1,9}(?=[.)])")


def one_line(text: str) -> str:
    r"""Text on one line: whitespace runs as one space, other control characters as �.

    ```pycon
    >>> one_line("  Children in\n care\x07 ")
    'Children in care�'

    ```
    """
    return _CONTROL.sub("\ufffd", " ".join(text.split()))


def markdown_cell(text: str) -> str:
    r"""Text safe in a Markdown table cell: on one line, every markup character escaped.

    ```pycon
    >>> print(markdown_cell("Care *leavers* | 19_21"))
    Care \*leavers\* \| 19\_21

    ```
    """
    return _MARKUP.sub(lambda found: "\\" + found[0], one_line(text))


def markdown_text(text: str) -> str:
    r"""Text safe in running Markdown: as in a table cell, and no block started at its front.

    ```pycon
    >>> print(markdown_text("- not a list"), markdown_text("2018. Not a list"), sep="\n")
    \- not a list
    2018\. Not a list

    ```
    """
    text = markdown_cell(text)
    start = _BLOCK_START.match(text)
    if start is None:
        return text
    if text[:1].isdigit():
        return text[: start.end()] + "\\" + text[start.end() :]
    return "\\" + text
