"""Tests for perfcontract._markup: the Markdown of commentary as a report shows it.

Two inputs are pinned as golden files in ``tests/golden/markup/``: one using
every construct, and one of hostile Markdown. To rewrite them after a
deliberate change, run::

    PERFCONTRACT_UPDATE_GOLDEN=1 pytest tests/test_markup.py

and read the changed files (``git diff tests/golden/markup``) before committing.
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import html
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from perfcontract._markup import (
    Inline,
    _Block,
    _blocks,
    _List,
    _plain,
    joined_lines,
    to_html,
    to_markdown,
)

GOLDEN = Path(__file__).parent / "golden" / "markup"
UPDATE = os.environ.get("PERFCONTRACT_UPDATE_GOLDEN") == "1"

# Every tag the HTML may hold, opening or closing.
ALLOWED = re.compile(
    r'<(?:p|ul|ol|li|em|strong|code)>|<ol start="[0-9]{1,9}">|<a href="(?:https?://|mailto:)[^"<>]*">'
    r"|</(?:p|ul|ol|li|em|strong|code|a)>",
    re.IGNORECASE,
)


def tags(page: str) -> list[tuple[str, str]]:
    """Every tag of an HTML fragment, in order, as (start or end, name); entities checked."""
    found: list[tuple[str, str]] = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append(("start", tag))

        def handle_endtag(self, tag: str) -> None:
            found.append(("end", tag))

    parser = Parser(convert_charrefs=True)
    parser.feed(page)
    parser.close()
    return found


def well_formed(page: str) -> bool:
    """Each tag closed, in order."""
    stack: list[str] = []
    for kind, name in tags(page):
        if kind == "start":
            stack.append(name)
        elif not stack or stack.pop() != name:
            return False
    return not stack


@pytest.mark.parametrize("name", ["every-construct", "hostile"])
def test_golden(name: str) -> None:
    """The HTML and the Markdown of each golden input are exactly their files."""
    text = (GOLDEN / f"{name}.txt").read_text(encoding="utf-8")
    actual = {
        f"{name}.html": to_html(text)
        .replace("</p>", "</p>\n")
        .replace("</ul>", "</ul>\n")
        .replace("</ol>", "</ol>\n"),
        f"{name}.md": "\n".join(to_markdown(text)) + "\n",
    }
    for file, written in actual.items():
        path = GOLDEN / file
        if UPDATE:
            path.write_text(written, encoding="utf-8", newline="\n")
        assert path.is_file(), f"no golden {file}; run with UPDATE (see top)"
        assert path.read_text(encoding="utf-8") == written, file


def test_goldens_are_not_being_regenerated() -> None:
    """A run that regenerates goldens fails, so that it is never mistaken for a pass."""
    assert not UPDATE, "goldens were regenerated: read `git diff tests/golden`, then rerun"


class TestHostile:
    def test_script_is_text(self) -> None:
        """A script tag is shown as its characters in both forms."""
        text = "<script>alert(1)</script>"
        assert "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>" == to_html(text)
        assert ["\\<script\\>alert(1)\\</script\\>"] == to_markdown(text)

    @pytest.mark.parametrize(
        "url",
        [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,x",
            "vbscript:x",
            "/relative",
            "ftp://example.org",
            "https:",
            "mailto:",
            "",
        ],
    )
    def test_other_links_are_text(self, url: str) -> None:
        """A link to anything but an http, https or mailto address is shown as typed."""
        text = f"[x]({url})"
        assert f"<p>{html.escape(text)}</p>" == to_html(text)
        assert "<a" not in to_html(text)
        assert not to_markdown(text)[0].startswith("[x]")

    @pytest.mark.parametrize(
        "url", ["https://e.org", "http://e.org/a?b=1&c=2", "mailto:a@e.org", "HTTPS://E.ORG"]
    )
    def test_allowed_links(self, url: str) -> None:
        """http, https and mailto links are links, their address escaped in the attribute."""
        assert f'<p><a href="{html.escape(url)}">x</a></p>' == to_html(f"[x]({url})")
        escaped = url.replace("&", "\\&")  # `&` written escaped, as CommonMark reads it
        assert [f"[x]({escaped})"] == to_markdown(f"[x]({url})")
        assert to_html(to_markdown(f"[x]({url})")[0]) == to_html(f"[x]({url})")

    def test_a_quote_cannot_leave_the_attribute(self) -> None:
        """A quote in an address is escaped; the attribute cannot be closed from the text."""
        page = to_html('[x](https://e.org/"onmouseover="alert`1`)')
        assert 'href="https://e.org/&quot;onmouseover=&quot;alert`1`"' in page
        assert ["a"] == [name for kind, name in tags(page) if kind == "start" and name == "a"]

    def test_an_image_is_text(self) -> None:
        """An image is not shown, nor written as one in Markdown: its source is text."""
        assert "<p>![i](https://e.org/i.png)</p>" == to_html("![i](https://e.org/i.png)")
        assert ["!\\[i\\](https://e.org/i.png)"] == to_markdown("![i](https://e.org/i.png)")

    def test_nested_emphasis(self) -> None:
        """Emphasis nests inside strong and strong inside emphasis."""
        assert "<p><em>a <strong>b <em>c</em> b</strong> a</em></p>" == to_html("*a **b *c* b** a*")
        assert "<p><em><strong>x</strong></em></p>" == to_html("***x***")
        assert ["*a **b *c* b** a*"] == to_markdown("*a **b *c* b** a*")

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("*open", "<p>*open</p>"),
            ("**open", "<p>**open</p>"),
            ("**a*", "<p>*<em>a</em></p>"),
            ("*a**", "<p><em>a</em>*</p>"),
            ("`open", "<p>`open</p>"),
            ("``a`", "<p>``a`</p>"),
            ("[open](https://e.org", "<p>[open](https://e.org</p>"),
            ("*a _b* c_", "<p><em>a _b</em> c_</p>"),
            ("a * b * c", "<p>a * b * c</p>"),
            ("snake_case_name", "<p>snake_case_name</p>"),
            ("\\*not\\*", "<p>*not*</p>"),
        ],
    )
    def test_unclosed_and_unmatched_markers_are_text(self, text: str, expected: str) -> None:
        """A marker with no partner is shown as typed."""
        assert expected == to_html(text)

    def test_entities_are_shown_as_written(self) -> None:
        """An entity is not decoded: `&amp;` reads as those five characters."""
        assert "<p>&amp;amp; &amp;#60; &amp;lt;b&amp;gt;</p>" == to_html("&amp; &#60; &lt;b&gt;")
        assert ["\\&amp; \\&\\#60; \\&lt;b\\&gt;"] == to_markdown("&amp; &#60; &lt;b&gt;")

    def test_code_is_shown_as_typed(self) -> None:
        """Inside code nothing is markup, and the Markdown fence outgrows the code's backticks."""
        assert "<p><code>*a* &lt;b&gt; [c](https://e.org)</code></p>" == to_html(
            "`*a* <b> [c](https://e.org)`"
        )
        assert ["``a`b``"] == to_markdown("``a`b``")
        assert ["`` `x ``"] == to_markdown("`` `x ``")

    def test_control_characters(self) -> None:
        """A control character is written as U+FFFD in both forms."""
        assert "<p>a\ufffdb <code>\ufffd</code></p>" == to_html("a\x1bb `\x07`")
        assert ["a\ufffdb `\ufffd`"] == to_markdown("a\x1bb `\x07`")

    def test_a_paragraph_of_many_lines(self) -> None:
        """A paragraph of 100,000 short lines is read in one pass (each line was added to the
        paragraph's text by copying it, and its text to its words again: time in the square of
        the lines, minutes for this one)."""
        lines = 100_000
        text = "\n".join("> > > > > x" for _ in range(lines))
        joined = " ".join(["> > > > > x"] * lines)
        assert joined == joined_lines(text)
        markdown = to_markdown(text)
        assert 1 == len(markdown)
        assert markdown[0].startswith("\\> \\> \\> \\> \\> x \\> ")
        assert to_html(text).startswith("<p>&gt; &gt; &gt; &gt; &gt; x &gt; ")

    @pytest.mark.parametrize(
        "text",
        [
            "*" * 40_000 + "x" + "*" * 40_000,
            "***" * 20_000 + "x" + "***" * 20_000,
            "_" * 40_000 + "x" + "_" * 40_000,
            " ".join(["*a"] * 20_000 + ["b*"] * 20_000),
        ],
        ids=["stars", "em-strong", "underscores", "words"],
    )
    def test_emphasis_nested_deep(self, text: str) -> None:
        """Emphasis nested 20,000 deep is shown 32 deep, its words all there, in one pass.

        Bug: reading or writing it recursed once a level, and the report of a
        commentary holding it failed with a RecursionError (a traceback).
        """
        page = to_html(text)
        assert 32 == page.count("<em>") + page.count("<strong>")
        assert re.sub(r"<[^>]+>", "", page) == re.sub(r"[*_]", "", text)
        [written] = to_markdown(text)
        assert re.sub(r"[*_\\]", "", written) == re.sub(r"[*_]", "", text)
        assert page == to_html(written)

    def test_emphasis_32_deep_is_kept(self) -> None:
        """Up to 32 levels, nested emphasis is all shown; the 33rd shows nothing more."""
        assert "<p>" + "<strong>" * 32 + "x" + "</strong>" * 32 + "</p>" == to_html(
            "**" * 32 + "x" + "**" * 32
        )
        assert "<p>" + "<strong>" * 32 + "x" + "</strong>" * 32 + "</p>" == to_html(
            "**" * 33 + "x" + "**" * 33
        )

    def test_a_list_of_many_items(self) -> None:
        """A list of 50,000 items is one list, made in one pass (its items were copied as
        each was added)."""
        items = 50_000
        page = to_html("\n".join(f"- item {i}" for i in range(items)))
        assert (1, items) == (page.count("<ul>"), page.count("<li>"))
        assert page.endswith(f"<li>item {items - 1}</li></ul>")

    def test_a_very_long_line(self) -> None:
        """A very long line, of text and of unmatched markers, is read in one pass."""
        long = "*a " * 20_000 + "[" * 20_000 + "`" * 5_000
        page = to_html(long)
        assert page.startswith("<p>*a *a ")
        assert page.endswith("`" * 5_000 + "</p>")
        assert 1 == len(to_markdown(long))
        unmatched = "_a " * 20_000 + "a* " * 20_000
        assert f"<p>{unmatched.strip()}</p>" == to_html(unmatched)


class TestBlocks:
    def test_paragraphs(self) -> None:
        """A blank line separates paragraphs; a line break inside one is a space."""
        assert "<p>a b</p><p>c</p>" == to_html("a\nb\n\n \nc")
        assert ["a b", "", "c"] == to_markdown("a\nb\n\n \nc")

    def test_a_list_split_by_blank_lines_is_one_list(self) -> None:
        """Items of one kind separated by blank lines make one list."""
        assert "<ul><li>a</li><li>b</li></ul>" == to_html("- a\n\n* b")
        assert ["- a", "- b"] == to_markdown("- a\n\n* b")

    def test_numbered_lists_keep_their_first_number(self) -> None:
        """A numbered list counts from its first number; Markdown writes each with a `.`."""
        assert '<ol start="7"><li>a</li><li>b</li></ol>' == to_html("7) a\n1) b")
        assert ["7. a", "8. b"] == to_markdown("7) a\n1) b")
        assert "<ol><li>a</li></ol>" == to_html("1. a")

    def test_an_item_starting_like_an_item_is_escaped(self) -> None:
        """An item's text that would start another list is escaped in Markdown."""
        assert ["- \\- x"] == to_markdown("- \\- x")
        assert "<ul><li>- x</li></ul>" == to_html("- \\- x")

    def test_a_numbered_line_interrupts_only_from_1(self) -> None:
        """Inside a paragraph only `1.` starts a numbered list; a bullet always does."""
        assert "a 2. b" == joined_lines("a\n2. b")
        assert "a\n1. b\n5. c" == joined_lines("a\n1. b\n5. c")
        assert "a\n- b c" == joined_lines("a\n- b\nc")

    def test_empty(self) -> None:
        """No text, no blocks."""
        assert "" == to_html("")
        assert [] == to_markdown(" \n\n ")


TEXT = st.text(
    alphabet=st.sampled_from(list("ab <>&\"'`*_[]()\\/:-+.1\n#!=;x")) | st.characters(),
    max_size=80,
) | st.lists(
    st.sampled_from(
        [
            "*",
            "**",
            "_",
            "`",
            "[",
            "](",
            ")",
            "https://",
            "javascript:",
            "mailto:",
            "<",
            ">",
            "&amp;",
            "\n",
            "\n\n",
            "- ",
            "1. ",
            "2) ",
            " ",
            "a",
            '"',
            "<script>",
            "\\",
            "!",
            "x_y",
        ]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_html_has_only_the_allowed_tags(text: str) -> None:
    """Whatever the text, every `<` of the HTML opens an allowed tag, and the tags nest."""
    page = to_html(text)
    assert [] == [m.start() for m in re.finditer("<", page) if not ALLOWED.match(page, m.start())]
    assert well_formed(page)


def contents(blocks: list[_Block]) -> list[tuple[Inline, ...]]:
    """The inline content of each paragraph and list item, in order."""
    found: list[tuple[Inline, ...]] = []
    for block in blocks:
        found += block.items if isinstance(block, _List) else [block]
    return found


def shape(blocks: list[_Block]) -> list[tuple[bool, int, int] | None]:
    """Each block: None for a paragraph; a list's kind, first number and length."""
    return [(b.ordered, b.start, len(b.items)) if isinstance(b, _List) else None for b in blocks]


@settings(max_examples=300, deadline=None)
@given(TEXT)
@example("`<\\`")  # code holding `<\`: the backslash escapes nothing inside code
def test_markdown_reads_back_as_the_same(text: str) -> None:
    """The Markdown, read again, is the same paragraphs, lists and formatting, or plain words.

    Plain words only where markers next to escaped punctuation would pair
    differently (``*_***``); raw HTML never passes: every `<` and `&` is escaped
    or inside code.
    """
    markdown = "\n".join(to_markdown(text))
    again, first = _blocks(markdown), _blocks(text)
    assert shape(first) == shape(again)
    for read, meant in zip(contents(again), contents(first), strict=True):
        plain = _plain(meant)
        assert read in (meant, (plain,) if plain else ())
    for line in markdown.split("\n"):
        assert [] == re.findall(r"[<&]", outside_code(line))


def outside_code(line: str) -> str:
    """A line of Markdown without its escaped characters and its code spans, read left to
    right as CommonMark does: a backslash escapes outside code, not inside it (`` `<\\` ``
    is code holding `<\\`)."""
    kept, i = [], 0
    while i < len(line):
        if line[i] == "\\":
            i += 2
            continue
        run = re.match(r"`+", line[i:])
        if run:
            close = re.compile(rf"(?<!`){run[0]}(?!`)").search(line, i + len(run[0]))
            if close:
                i = close.end()
                continue
        kept.append(line[i])
        i += 1
    return "".join(kept)


def test_ordinary_formatting_is_kept_in_markdown() -> None:
    """Formatting as people write it reads back exactly: no plain-words fallback."""
    for text in [
        (GOLDEN / "every-construct.txt").read_text(encoding="utf-8"),
        "**a** *b* _c_ __d__ ***e*** **f *g*** *h **i*** `j` [k *l*](https://e.org)",
        'x*y*z a**b**c (*p*) "*q*" *r*, **s**.',
    ]:
        assert to_html("\n".join(to_markdown(text))) == to_html(text)
