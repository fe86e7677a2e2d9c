r"""Commentary's Markdown: the small part of it that a report shows as formatting.

Commentary is written in Markdown, and a report shows this much of it:
paragraphs, bullet lists (``-``, ``*`` or ``+``), numbered lists (``1.`` or
``1)``), emphasis (``*a*``, ``_a_``), strong (``**a**``, ``__a__``), inline
code (```a```) and links (``[text](https://...)``) whose address starts
``http://``, ``https://`` or ``mailto:``. Everything else is text and shown
as typed: raw HTML, an entity such as ``&amp;``, a link to any other kind of
address (``javascript:``, a relative path), an image (``![a](b)``), a heading, an
unclosed ``*``. A backslash before a punctuation character shows that
character as itself.

The HTML report writes the result as HTML with no tag but ``p ul ol li em
strong code a``; the Markdown report writes it back as Markdown, with every
other markup character escaped, so that raw HTML never passes through.

This is written by hand rather than with a Markdown library: the subset is
small, a report must read the same wherever it is made (a library, or its
version, would change it), and what may not pass (raw HTML, other links) is
easier to be sure of when nothing else is parsed at all.

```pycon
>>> print(to_html("Why *now*? See [the plan](https://example.org/plan)."))
<p>Why <em>now</em>? See <a href="https://example.org/plan">the plan</a>.</p>
>>> print(to_html("Two points:\n- one\n- **two**"))
<p>Two points:</p><ul><li>one</li><li><strong>two</strong></li></ul>
>>> print(to_html("<script>alert(1)</script> [x](javascript:alert(1))"))
<p>&lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(1))</p>
>>> print("\n".join(to_markdown("**Late** <b>again</b>\n1. one")))
**Late** \<b\>again\</b\>
<BLANKLINE>
1. one

```
"""

from __future__ import annotations

import bisect
import html
import re
import string

import attrs

from perfcontract._escape import markdown_inline, not_a_block, without_controls

__all__ = ["Code", "Emphasis", "Link", "joined_lines", "to_html", "to_markdown"]

# A list item's marker, then text: a bullet, or a number and `.` or `)`.
_ITEM = re.compile(r"(?:(?P<bullet>[-*+])|(?P<number>[0-9]{1,9})[.)])[ \t]+(?P<text>\S.*)")
_SCHEMES = re.compile(r"(?:https?://|mailto:)\S", re.IGNORECASE)
# An address may hold `\&`, the `&` that perfcontract's Markdown writes escaped (so that
# no `&` stands unescaped outside code in what it writes), as CommonMark reads it.
_LINK = re.compile(r"\[(?P<text>(?:[^\[\]\\]|\\.)*)\]\((?P<url>(?:[^\s()<>\\]|\\&)*)\)")
_PUNCTUATION = frozenset(string.punctuation)


def joined_lines(paragraph: str) -> str:
    r"""A paragraph's lines joined by spaces, but each list item on a line of its own.

    As Markdown reads it, a line break inside a paragraph is where the
    writer's editor wrapped it; a bullet, or a number 1, starts a list, and
    in a list any numbered line starts the next item.

    ```pycon
    >>> print(joined_lines("Two points:\n- first,\n  staffing\n- second"))
    Two points:
    - first, staffing
    - second
    >>> print(joined_lines("It grew in\n2018. Then fell."))
    It grew in 2018. Then fell.

    ```
    """
    out: list[list[str]] = []  # each line's parts, joined once: adding to a string copies it
    listing = False
    for line in paragraph.split("\n"):
        words = " ".join(line.split())
        if not words:
            continue
        item = _ITEM.fullmatch(words)
        if item and (not out or listing or item["bullet"] or int(item["number"]) == 1):
            listing = True
            out.append([words])
        elif out:
            out[-1].append(words)
        else:
            out.append([words])
    return "\n".join(" ".join(parts) for parts in out)


# ---------------------------------------------------------------------------
# What the text says


@attrs.frozen
class Code:
    """Inline code: shown as typed, in a fixed-width font.

    ```pycon
    >>> _inline("`<b>`")
    [Code(text='<b>')]

    ```
    """

    text: str


@attrs.frozen
class Emphasis:
    """Emphasis (``strong`` False) or strong emphasis around other inline content.

    ```pycon
    >>> _inline("**a *b***")
    [Emphasis(content=('a ', Emphasis(content=('b',), strong=False)), strong=True)]

    ```
    """

    content: tuple[Inline, ...]
    strong: bool


@attrs.frozen
class Link:
    """A link to an ``http``, ``https`` or ``mailto`` address.

    ```pycon
    >>> _inline("[mail us](mailto:a@example.org)")
    [Link(content=('mail us',), url='mailto:a@example.org')]

    ```
    """

    content: tuple[Inline, ...]
    url: str


Inline = str | Code | Emphasis | Link


@attrs.define
class _Delimiter:
    """A run of ``*`` or ``_`` that may open or close emphasis."""

    char: str
    count: int  # how many are left to pair
    opens: bool
    closes: bool
    length: int  # how many the run had


@attrs.frozen
class _List:
    ordered: bool
    start: int
    items: tuple[tuple[Inline, ...], ...]


_Block = tuple[Inline, ...] | _List  # a paragraph, or a list


def _blocks(text: str) -> list[_Block]:
    """The text's paragraphs and lists; a list split by blank lines is one list."""
    blocks: list[_Block] = []
    # The items of the list the blocks end with, gathered before its _List is made: adding
    # to its tuple item by item would copy the items each time, in the square of their number.
    items: list[tuple[Inline, ...]] = []
    ordered, start = False, 1

    def end_list() -> None:
        if items:
            blocks.append(_List(ordered, start, tuple(items)))
            items.clear()

    text = without_controls(text).replace("\r\n", "\n").replace("\r", "\n")
    for chunk in re.split(r"\n[ \t]*\n", text):
        for line in joined_lines(chunk).split("\n"):
            if not line:
                continue
            item = _ITEM.fullmatch(line)
            if item is None:
                end_list()
                blocks.append(tuple(_inline(line)))
                continue
            numbered = item["number"] is not None
            if not items or numbered != ordered:
                end_list()
                ordered, start = numbered, int(item["number"]) if numbered else 1
            items.append(tuple(_inline(item["text"])))
    end_list()
    return blocks


def _inline(text: str, links: bool = True) -> list[Inline]:
    """Inline content: code, links and emphasis; everything else text."""
    tokens: list[Inline | _Delimiter] = []
    i, size = 0, len(text)
    while i < size:
        char = text[i]
        if char == "\\" and i + 1 < size and text[i + 1] in _PUNCTUATION:
            tokens.append(text[i + 1])
            i += 2
        elif char == "`":
            run = _run(text, i, "`")
            end = _closing_ticks(text, i + run, run)
            if end is None:
                tokens.append("`" * run)
                i += run
            else:
                code = text[i + run : end]
                # Spaces at the ends of code show nothing: kept only when there is nothing else.
                tokens.append(Code(code.strip(" ") or code))
                i = end + run
        elif char == "[" and links and (found := _LINK.match(text, i)):
            url = found["url"].replace("\\&", "&")
            image = bool(tokens) and tokens[-1] == "!"  # an image is not shown: text
            if _SCHEMES.match(url) and not image:
                tokens.append(Link(tuple(_inline(found["text"], links=False)), url))
            else:
                tokens.append(found[0])
            i = found.end()
        elif char in "*_":
            run = _run(text, i, char)
            tokens.append(_delimiter(text, i, run))
            i += run
        else:
            tokens.append(char)
            i += 1
    return _emphasis(tokens)


def _run(text: str, at: int, char: str) -> int:
    end = at
    while end < len(text) and text[end] == char:
        end += 1
    return end - at


def _closing_ticks(text: str, at: int, run: int) -> int | None:
    """Where the next run of exactly ``run`` backticks starts, if there is one."""
    found = re.compile(f"(?<!`)`{{{run}}}(?!`)").search(text, at)
    return None if found is None else found.start()


def _delimiter(text: str, at: int, run: int) -> _Delimiter:
    """A run of ``*`` or ``_``, and whether it may open or close emphasis (as CommonMark)."""
    before = text[at - 1] if at else " "
    after = text[at + run] if at + run < len(text) else " "
    left = not after.isspace() and (
        after not in _PUNCTUATION or before.isspace() or before in _PUNCTUATION
    )
    right = not before.isspace() and (
        before not in _PUNCTUATION or after.isspace() or after in _PUNCTUATION
    )
    char = text[at]
    if char == "_":  # no emphasis inside a word: snake_case_names stay as they are
        return _Delimiter(
            char,
            run,
            left and (not right or before in _PUNCTUATION),
            right and (not left or after in _PUNCTUATION),
            run,
        )
    return _Delimiter(char, run, left, right, run)


# Emphasis nests at most this deep: deeper, it shows nothing more, and a writer of it would
# recurse once a level (`*` * 20,000 around a word: past Python's recursion limit).
_DEEPEST = 32


def _emphasis(tokens: list[Inline | _Delimiter]) -> list[Inline]:
    """Delimiters paired into emphasis, innermost first; the unpaired ones left as text.

    As CommonMark pairs them: a closer takes the nearest opener of its
    character, except that when either could both open and close, runs whose
    lengths add up to a multiple of 3 do not pair (unless both are), so that
    ``**a*b***`` is strong around ``a`` and emphasised ``b``.
    """
    out: list[Inline | _Delimiter] = []
    openers: dict[str, list[int]] = {"*": [], "_": []}  # where in `out`, by character
    # How deep the emphasis inside an opener and its closer nests: every Emphasis after the
    # opener in `out` was made since the opener was put there, so it is the deepest made
    # since then. `made` holds, of the Emphasis made so far (counted in `count`), each that
    # is deeper than every one made after it, as (its count, its depth): the deepest made
    # since any count is the first there from that count on.
    made: list[tuple[int, int]] = []
    count = 0
    since: dict[int, int] = {}  # an opener's place in `out`: the count when it was put there
    # How far down each character's openers a closer of each kind need look: below
    # that, an earlier closer of the same kind found none. A line of markers that
    # never pair is still read in one pass.
    bottom: dict[tuple[str, int, bool], int] = {}
    for token in tokens:
        if not isinstance(token, _Delimiter):
            out.append(token)
            continue
        mine = openers[token.char]
        kind = (token.char, token.length % 3, token.opens)
        while token.closes and token.count:
            k = _opener(out, mine, token, bottom.get(kind, 0))
            if k is None:
                bottom[kind] = len(mine)
                break
            at = mine[k]
            opener = out[at]
            assert isinstance(opener, _Delimiter)
            for other in openers.values():  # openers inside are text now
                while other and other[-1] > at:
                    other.pop()
            used = 2 if opener.count >= 2 and token.count >= 2 else 1
            first = bisect.bisect_left(made, (since[at], 0))
            depth = 1 + (made[first][1] if first < len(made) else 0)
            opener.count -= used
            token.count -= used
            if depth > _DEEPEST:
                # Emphasis in emphasis so deep shows nothing more: the pair's markers are
                # taken, as when they make emphasis, and the words between stay as they are.
                if not opener.count:
                    mine.pop()
                for key in bottom:
                    bottom[key] = min(bottom[key], len(openers[key[0]]))
                continue
            inner = _text(out[at + 1 :])
            del out[at + 1 :]
            if not opener.count:
                out.pop()
                mine.pop()
            out.append(Emphasis(tuple(inner), strong=used == 2))
            while made and made[-1][1] <= depth:
                made.pop()
            made.append((count, depth))
            count += 1
            for key in bottom:  # the openers were cut back: look again from there
                bottom[key] = min(bottom[key], len(openers[key[0]]))
        if token.count:
            if token.opens:
                mine.append(len(out))
                since[len(out)] = count
            out.append(token)
    return _text(out)


def _opener(
    out: list[Inline | _Delimiter], mine: list[int], closer: _Delimiter, lowest: int
) -> int | None:
    """Which of ``mine``, from the top down to ``lowest``, the closer pairs with, if any."""
    for k in range(len(mine) - 1, min(lowest, len(mine)) - 1, -1):
        opener = out[mine[k]]
        assert isinstance(opener, _Delimiter)
        both = (opener.opens and opener.closes) or (closer.opens and closer.closes)
        total = opener.length + closer.length
        if both and total % 3 == 0 and (opener.length % 3 or closer.length % 3):
            continue
        return k
    return None


def _text(tokens: list[Inline | _Delimiter]) -> list[Inline]:
    """Unpaired delimiters as text, and neighbouring text as one string."""
    out: list[Inline] = []
    run: list[str] = []  # neighbouring text, joined once: adding to a string copies it
    for token in tokens:
        part = token.char * token.count if isinstance(token, _Delimiter) else token
        if isinstance(part, str):
            run.append(part)
            continue
        if "".join(run):
            out.append("".join(run))
        run = []
        out.append(part)
    if "".join(run):
        out.append("".join(run))
    return out


# ---------------------------------------------------------------------------
# HTML


def _escape(text: str) -> str:
    return html.escape(without_controls(text), quote=True)


def to_html(text: str) -> str:
    """Commentary as HTML: ``p ul ol li em strong code a`` and escaped text, nothing else.

    ```pycon
    >>> print(to_html("3. late\\n4. *later*"))
    <ol start="3"><li>late</li><li><em>later</em></li></ol>
    >>> print(to_html("`a < b` &amp; **c**"))
    <p><code>a &lt; b</code> &amp;amp; <strong>c</strong></p>

    ```
    """
    parts = []
    for block in _blocks(text):
        if isinstance(block, _List):
            tag = "ol" if block.ordered else "ul"
            start = f' start="{block.start}"' if block.ordered and block.start != 1 else ""
            items = "".join(f"<li>{_html(item)}</li>" for item in block.items)
            parts.append(f"<{tag}{start}>{items}</{tag}>")
        else:
            parts.append(f"<p>{_html(block)}</p>")
    return "".join(parts)


def _html(content: tuple[Inline, ...]) -> str:
    parts = []
    for node in content:
        if isinstance(node, str):
            parts.append(_escape(node))
        elif isinstance(node, Code):
            parts.append(f"<code>{_escape(node.text)}</code>")
        elif isinstance(node, Link):
            parts.append(f'<a href="{_escape(node.url)}">{_html(node.content)}</a>')
        else:
            tag = "strong" if node.strong else "em"
            parts.append(f"<{tag}>{_html(node.content)}</{tag}>")
    return "".join(parts)


# ---------------------------------------------------------------------------
# Markdown


def to_markdown(text: str) -> list[str]:
    r"""Commentary as Markdown lines: the same constructs, every other markup character escaped.

    Blocks are separated by an empty line; a numbered list is numbered from
    its first number, with ``.``.

    ```pycon
    >>> to_markdown("Two points:\n* *first*\n* `x|y`\n\n<i>")
    ['Two points:', '', '- *first*', '- `x|y`', '', '\\<i\\>']

    ```
    """
    lines: list[str] = []
    for block in _blocks(text):
        if lines:
            lines.append("")
        if isinstance(block, _List):
            for number, item in enumerate(block.items, start=block.start):
                marker = f"{number}." if block.ordered else "-"
                lines.append(f"{marker} {_written(item)}")
        else:
            lines.append(_written(block))
    return lines


def _written(content: tuple[Inline, ...]) -> str:
    """A paragraph or a list item as Markdown that reads back as the same content.

    Markers written next to escaped punctuation can pair differently when
    read again (``*_***``); then the words are written without their
    formatting, rather than with formatting they did not have.
    """
    written = not_a_block(_markdown(content))
    if tuple(_inline(written)) == content:
        return written
    return not_a_block(markdown_inline(_plain(content)))


def _plain(content: tuple[Inline, ...]) -> str:
    return "".join(
        node
        if isinstance(node, str)
        else node.text
        if isinstance(node, Code)
        else _plain(node.content)
        for node in content
    )


def _markdown(content: tuple[Inline, ...], emphasised: bool = False) -> str:
    """Inline content as Markdown; ``emphasised``: it is inside emphasis or strong."""
    parts = []
    for node in content:
        if isinstance(node, str):
            parts.append(markdown_inline(node))
        elif isinstance(node, Code):
            code = " ".join(without_controls(node.text).split("\n"))
            ticks = "`" * (max(map(len, re.findall("`+", code)), default=0) + 1)
            pad = " " if "`" in (code[:1], code[-1:]) else ""
            parts.append(f"{ticks}{pad}{code}{pad}{ticks}")
        elif isinstance(node, Link):
            url = without_controls(node.url).replace("&", "\\&")
            parts.append(f"[{_markdown(node.content)}]({url})")
        else:
            # Alone inside emphasis, `*` would join the marks around it (`**x**` is strong).
            mark = "**" if node.strong else "_" if emphasised and len(content) == 1 else "*"
            parts.append(f"{mark}{_markdown(node.content, emphasised=True)}{mark}")
    return "".join(parts)
