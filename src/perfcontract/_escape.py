r"""Text from a contract or a commentary file, made safe in what perfcontract writes.

Titles, group names, contract, council and provider names, commentary and
authority names are written by people, and end up in Markdown that a browser
renders and in text that a terminal shows. None of it may change what the
output is: a ``<script>`` in a title must read as those characters, never
run; a ``|`` or a line break must not split a table's row; an escape
sequence must not recolour or retitle the terminal.

* :func:`one_line` gives text on one line, every run of whitespace (line
  breaks included) one space, and every other control character U+FFFD (�),
  the controls that reorder text (the bidirectional embeddings, overrides
  and isolates, U+202A to U+202E and U+2066 to U+2069) included: one of them
  in a group's name would show the figures after it on the line reversed;
* :func:`markdown_cell` also puts a backslash before every character that
  could start Markdown markup, raw HTML or an entity: ``\ ` * _ [ ] < > # | & ~``;
* :func:`markdown_text`, for running text (a heading, a paragraph, a list
  item), also escapes what would start a block at the beginning of a line:
  ``- ``, ``+ ``, ``= `` or ``1. ``;
* :func:`visible`, for a diagnostic, shows every control character but tab
  and line feed as its code point in angle brackets (``<U+001B>``), so the
  reader sees what is in the file and the terminal does nothing with it;
* :func:`without_controls`, for HTML and CSV, keeps tab and the line breaks
  (line feed, carriage return) and writes every other control character as
  U+FFFD (�), the controls that reorder text included: none of them has a
  meaning in a page or a spreadsheet cell.

This module imports nothing from perfcontract, so that every other module,
:mod:`perfcontract.errors` included, may use it.

```pycon
>>> print(markdown_cell("<script>alert(1)</script> | A&B"))
\<script\>alert(1)\</script\> \| A\&B
>>> print(markdown_text("1. Re-referrals\n- of children"))
1\. Re-referrals - of children
>>> one_line("Title\x1b[31m in red")
'Title�[31m in red'
>>> print(visible("`\x1b[31mred` is not a number"))
`<U+001B>[31mred` is not a number
>>> without_controls("Title\x1b[31m\tin red\r\n")
'Title�[31m\tin red\r\n'

```
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

__all__ = [
    "MOST_PADDED",
    "Escaped",
    "column_width",
    "markdown_cell",
    "markdown_inline",
    "markdown_text",
    "not_a_block",
    "one_line",
    "visible",
    "visible_width",
    "without_controls",
]

# Control characters left once whitespace runs are one space (str.split takes tabs,
# line breaks and the separators \x1c-\x1f as whitespace; the rest remain).
# The bidirectional embeddings, overrides and isolates go too: each reorders the rest
# of its line (the marks U+200E, U+200F and U+061C reorder nothing and stay).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# What a terminal, a page or a spreadsheet may take as a command: C0 but tab and the
# line breaks, DEL and C1 (U+009B is a terminal's CSI, as ESC [ is).
# Shown as <U+XXXX> in a terminal: control characters but tab and line feed, the line
# and paragraph separators, the marks that reorder text (bidirectional controls), which
# could make a quoted line read differently from the file, and the characters that look
# like a space or like nothing (no-break and narrow spaces, zero-width ones, the soft
# hyphen), so that a caret under one points at something.
_NOT_SHOWN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\xa0\xad\u061c\u2007\u200b-\u200f\u2028-\u202f"
    "\u2060\u2066-\u2069\ufeff]"
)
# CR is kept too; the controls that reorder a line go, as in one_line (a right-to-left
# override in a title would show the figures after it reversed in a trend's tooltip).
_NOT_WRITTEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_MARKUP = re.compile(r"[\\`*_\[\]<>#|&~]")
_BLOCK_START = re.compile(r"[-+=]|[0-9]{1,9}(?=[.)])")
# What markdown_cell changes: a markup or control character, whitespace other than one
# space between words (str.split and the regular expression \s see the same whitespace).
_CELL_CHANGES = re.compile(
    r"[\\`*_\[\]<>#|&~\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|[^\S ]|  |\A | \Z"
)


# The most a column of a text or Markdown table is padded to: a longer cell (a group named
# in a sentence, an id of a thousand characters) runs past its column instead of widening
# every other row to it, which made a table of 3,000 rows with one long name 300 MB.
MOST_PADDED = 80


def column_width(cells: Iterable[str], least: int = 0) -> int:
    """The width to pad a column of ``cells`` to: its longest cell's (at least ``least``),
    but no more than :data:`MOST_PADDED`.

    ```pycon
    >>> column_width(["Workforce", "Total"]), column_width(["a" * 100_000, "b"]), column_width([])
    (9, 80, 0)

    ```
    """
    return min(max([least, *map(len, cells)]), max(least, MOST_PADDED))


def one_line(text: str) -> str:
    r"""Text on one line: whitespace runs as one space, other control characters as �.

    ```pycon
    >>> one_line("  Children in\n care\x07 ")
    'Children in care�'
    >>> one_line("Helpdesk\u202e 0 2")  # a right-to-left override would show `2 0`
    'Helpdesk� 0 2'

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
    if _CELL_CHANGES.search(text) is None:
        return text  # most ids and names: nothing to change
    return markdown_inline(one_line(text))


def markdown_inline(text: str) -> str:
    r"""Every markup character escaped, and every control character U+FFFD; spaces as they are.

    ```pycon
    >>> markdown_inline(" <b>a_b</b> ")
    ' \\<b\\>a\\_b\\</b\\> '

    ```
    """
    return _MARKUP.sub(lambda found: "\\" + found[0], _CONTROL.sub("\ufffd", text))


def markdown_text(text: str) -> str:
    r"""Text safe in running Markdown: as in a table cell, and no block started at its front.

    ```pycon
    >>> print(markdown_text("- not a list"), markdown_text("2018. Not a list"), sep="\n")
    \- not a list
    2018\. Not a list

    ```
    """
    return not_a_block(markdown_cell(text))


def not_a_block(text: str) -> str:
    r"""Markdown whose front cannot start a block: ``- ``, ``+ ``, ``= ``, ``1. `` escaped.

    ```pycon
    >>> print(not_a_block("- a"), not_a_block("1) b"), not_a_block("*c*"))
    \- a 1\) b *c*

    ```
    """
    start = _BLOCK_START.match(text)
    if start is None:
        return text
    if text[:1].isdigit():
        return text[: start.end()] + "\\" + text[start.end() :]
    return "\\" + text


def visible(text: str) -> str:
    r"""Text for a terminal: every control character but tab and line feed as ``<U+XXXX>``.

    Escape sequences, bells, carriage returns and NULs from a file are shown,
    not obeyed, so a diagnostic quoting the file cannot recolour, retitle or
    overwrite the terminal, and its reader can find the character.

    ```pycon
    >>> visible("council \x1b]0;TITLE\x07 and\tmore")
    'council <U+001B>]0;TITLE<U+0007> and\tmore'
    >>> visible("a\rb\x00c\x9bd")
    'a<U+000D>b<U+0000>c<U+009B>d'

    ```
    """
    if _NOT_SHOWN.search(text) is None:
        return text
    return _NOT_SHOWN.sub(lambda found: f"<U+{ord(found[0]):04X}>", text)


def visible_width(text: str) -> int:
    r"""How many columns :func:`visible` makes of ``text`` in a terminal: a wide character
    (``文``, most emoji) takes two, a combining mark none.

    ```pycon
    >>> visible_width("ab"), visible_width("a\x1b"), visible_width("文é"), visible_width("e\u0301")
    (2, 9, 3, 1)

    ```
    """
    return sum(_columns(c) for c in visible(text))


def padding(text: str) -> str:
    r"""Blanks as wide as :func:`visible` shows ``text``, a tab kept as a tab, so that a
    caret written after them stands under the character that follows ``text``.

    ```pycon
    >>> padding("\tf(文)") == "\t" + " " * 5
    True

    ```
    """
    return "".join("\t" if c == "\t" else " " * _columns(c) for c in visible(text))


def _columns(character: str) -> int:
    """The columns a character takes in a terminal."""
    if unicodedata.combining(character) or unicodedata.category(character) in ("Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1


def without_controls(text: str) -> str:
    r"""Text for HTML or CSV: tab and line breaks kept, every other control character as U+FFFD.

    ```pycon
    >>> without_controls("DCST\x1b[31m\x07\x00 trust\n")
    'DCST�[31m�� trust\n'
    >>> without_controls("Calls\u202e: 95.4%")
    'Calls�: 95.4%'

    ```
    """
    if _NOT_WRITTEN.search(text) is None:
        return text
    return _NOT_WRITTEN.sub("\ufffd", text)


class Escaped(dict[str, str]):
    r"""Each text as ``escape`` writes it, worked out once: a report writes the same few
    comparators, data years and verdicts on thousands of rows.

    ```pycon
    >>> escaped = Escaped(markdown_cell)
    >>> escaped["a|b"], escaped["a|b"], len(escaped)
    ('a\\|b', 'a\\|b', 1)

    ```
    """

    def __init__(self, escape: Callable[[str], str]) -> None:
        super().__init__()
        self._escape = escape

    def __missing__(self, text: str) -> str:
        self[text] = escaped = self._escape(text)
        return escaped
