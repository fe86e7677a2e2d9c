"""The parser: Lark's LALR parser and contextual lexer on the one grammar.

:func:`parse_tree` parses with ``lark.Lark`` built from ``grammar/contract.lark``
(``parser="lalr"``, ``lexer="contextual"``) through lark's public API only;
lark calls :class:`~perfcontract._syntax.Clauses` as it reduces each rule, so
the parse gives clause records straight away. Bad text leaves here as a
:class:`~perfcontract.errors.ContractSyntaxError` whose message speaks of the
language ("expected a quantity"), never of lark's names for its terminals.

Building the parser takes longer than parsing a contract, so the built parser
(lark's own pickle of it, ``Lark.save``) is kept in the user's cache
directory, and checked before it is read again: see :func:`load_parser`.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import io
import os
import re
import sys
import unicodedata
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import cast

import lark
from lark.lark import PostLex

from perfcontract._cachefile import cache_wanted, read_kept, remove_own, user_cache_home, write_kept
from perfcontract._syntax import Block, Clauses
from perfcontract.errors import ContractSyntaxError, Diagnostic, shorten

__all__ = ["cache_path", "grammar_text", "load_parser", "parse_tree"]

GRAMMAR_FILE = "contract.lark"

# English for every named terminal. Keywords (quoted words in the grammar) are
# named by themselves, in backticks, so they need no entry here.
TERMINAL_NAMES = {
    "NAME": "a measure id such as A1",
    "STRING": 'a string in double quotes, such as "Re-referrals"',
    "QUANTITY": "a quantity (a number, a percentage such as 22% or money such as £1.2m)",
    "INT": "a whole number",
    "PERIOD": "a period such as 2018/19, 2018/19 H1, 2018/19 Q1 or 2018-04",
    "$END": "the end of the file",
}

# What a token out of place is called; a quantity by its kind (see _noun).
_NOUNS = {
    "INT": "number",
    "STRING": "string",
    "PERIOD": "period",
}
_UNITS = (
    "percent",
    "count",
    "rate per N",
    "number",
    "days",
    "weeks",
    "money",
    "hours",
    "minutes",
    "working days",
    "tonnes",
    "yes/no",
    'grade "…", "…"',
)
# What an id is, as the messages about a bad one say it.
_ID_RULE = (
    "an id is letters, digits, `_`, `-` and `.`, starting with a letter and not ending"
    " with `-` or `.`"
)
_ID_CHARS = re.compile(r"[A-Za-z0-9_.-]+")


def _find_grammar(module: Path) -> Path:
    """The grammar beside ``module`` (an installed wheel carries it inside the
    package), else in the checkout's ``grammar/`` (an editable install)."""
    packaged = module.with_name(GRAMMAR_FILE)
    if packaged.is_file():
        return packaged
    checkout = module.resolve().parents[2] / "grammar" / GRAMMAR_FILE
    if checkout.is_file():
        return checkout
    raise RuntimeError(  # a broken installation, not bad input
        f"perfcontract cannot find its grammar {GRAMMAR_FILE}; reinstall the package"
    )


@functools.cache
def grammar_text() -> str:
    """The text of the ``.contract`` grammar.

    ```pycon
    >>> grammar_text().splitlines()[0]
    "// The .contract language: a public-service contract's performance regime."

    ```
    """
    return _find_grammar(Path(__file__)).read_text(encoding="utf-8")


# ---------------------------------------------------------------------------
# The parser


class _WholeWords(PostLex):
    """Lets the contextual lexer read a word only as a whole word.

    Lark's contextual lexer tries, in each parser state, only the terminals
    that state can take. Were the words of the language only its keywords
    there, `percentage` after `unit` would read as the keyword `percent` and a
    stray `age`. Accepting NAME in every state (``always_accept``) makes every
    word lex whole, as a NAME; lark turns a NAME into a keyword only when the
    whole word is a keyword the state can take. So a keyword where it cannot
    stand stays a NAME: a measure may be called `target`, and a misspelt or
    misplaced keyword reaches the parser as a word the message can name.
    """

    always_accept = ("NAME",)

    def process(self, stream: Iterator[lark.Token]) -> Iterator[lark.Token]:
        return stream


# How the parser is built; part of the cache's key, so a change rebuilds it.
# Positions come from the tokens, which lark always places: every token is
# kept, so each record spans its first keyword to its last character.
# (`propagate_positions` would place only lark's own trees, which the inline
# transformer never builds, and parses about a tenth slower.)
_OPTIONS = {
    "parser": "lalr",
    "lexer": "contextual",
    "keep_all_tokens": True,
    "maybe_placeholders": False,
}


def _build() -> lark.Lark:
    """Build the parser from the grammar (a few tens of milliseconds; the cache saves them)."""
    return lark.Lark(
        grammar_text(),
        transformer=Clauses(),
        postlex=_WholeWords(),
        **_OPTIONS,
    )


# ---------------------------------------------------------------------------
# The cached parser

CACHE_FORMAT = 1  # bump when what is cached, or how, changes
MAX_CACHE_BYTES = 8 * 1024 * 1024  # the cache is about 55 KB; anything far larger is not ours
_MAGIC = b"perfcontract parser cache\n"


def _user_cache_home() -> Path | None:
    """The user's cache directory (see :func:`perfcontract._cachefile.user_cache_home`)."""
    home = user_cache_home()
    return None if home is None else Path(home)


def cache_path() -> Path | None:
    """Where the built parser is kept between runs, or None for nowhere.

    The file is in the user's own cache directory, under ``perfcontract/``
    (never in a shared temporary directory: lark's cache is a pickle), and
    its name carries a hash of the grammar and of how the parser is built,
    lark's version and Python's, so that no other build ever reads it.
    Writing a new one removes those it replaces (this Python's under other
    keys, and an earlier parser's ``tables-*.json``). ``PERFCONTRACT_CACHE=0``
    turns the cache off. docs/reference/cache.md says all this for users.

    ```pycon
    >>> path = cache_path()
    >>> path is None or (path.parent.name, path.suffix)
    ('perfcontract', '.pickle')

    ```
    """
    if not cache_wanted():
        return None
    home = _user_cache_home()
    if home is None:
        return None
    built = f"{grammar_text()}\n{sorted(_OPTIONS.items())}\n{CACHE_FORMAT}".encode()
    key = hashlib.sha256(built).hexdigest()[:24]
    lark_version = re.sub(r"[^A-Za-z0-9.]", "_", lark.__version__)
    python = f"{sys.version_info[0]}.{sys.version_info[1]}"
    return home / "perfcontract" / f"parser-{key}-lark{lark_version}-py{python}.pickle"


def _read_cache(path: Path) -> bytes | None:
    """The parser's bytes from the cache file, or None when it is missing or not to be
    trusted (see :func:`perfcontract._cachefile.read_kept`)."""
    return read_kept(path, _MAGIC, MAX_CACHE_BYTES)


def _write_cache(path: Path, payload: bytes) -> None:
    """Keep the parser's bytes at ``path``, whole or not at all (see
    :func:`perfcontract._cachefile.write_kept`), then remove the caches it replaces:
    see :func:`_remove_old_caches`. A failure only costs time."""
    if write_kept(path, _MAGIC, payload, prefix=".parser-"):
        _remove_old_caches(path)


# The parser caches that a new one replaces: those of an earlier parser, which kept
# its tables as JSON, and parsers under other keys (another grammar or lark) for this
# same Python. Another Python's is left for it, so that two Pythons do not take turns
# to rebuild.
_OLD_TABLES = re.compile(r"tables-[0-9a-f]{20}\.json")
_PARSER_FILE = re.compile(
    r"parser-[0-9a-f]{24}-lark[A-Za-z0-9._]+-py(?P<python>[0-9]+\.[0-9]+)\.pickle"
)


def _remove_old_caches(path: Path) -> None:
    """Remove the parser caches in ``path``'s folder that the file at ``path`` replaces.

    Only regular files that are the user's own and named as perfcontract names
    its caches are removed: a link is never followed nor removed, and nothing
    else in the folder is touched. A file that cannot be removed is left.
    """
    python = f"{sys.version_info[0]}.{sys.version_info[1]}"
    try:
        names = os.listdir(path.parent)
    except OSError:
        return
    for name in names:
        parser = _PARSER_FILE.fullmatch(name)
        old = _OLD_TABLES.fullmatch(name) or (parser is not None and parser["python"] == python)
        if name != path.name and old:
            remove_own(path.parent / name)


def load_parser(path: Path | None) -> lark.Lark:
    """The parser, read from the cache file ``path`` when it is there and sound,
    else built afresh (and written to ``path``, replacing whatever was there).

    ``path`` None builds without a cache. Whatever is wrong with the file
    (missing, not a regular file, someone else's, writable by others, too
    large, truncated, edited, or from another version), the parser is built
    from the grammar as if there were no cache.

    ```pycon
    >>> parser = load_parser(None)
    >>> parser.parse('contract "c" { }').kind
    'contract'

    ```
    """
    if path is not None:
        payload = _read_cache(path)
        if payload is not None:
            try:
                return lark.Lark.load(io.BytesIO(payload))
            except Exception:  # from another version of perfcontract: rebuilt below
                pass
    parser = _build()
    if path is not None:
        saved = io.BytesIO()
        parser.save(saved)
        _write_cache(path, saved.getvalue())
    return parser


@functools.cache
def _parser() -> lark.Lark:
    """The one parser of this process: from the cache, or built and cached."""
    return load_parser(cache_path())


def parse_tree(text: str, source: str = "<string>") -> Block:
    """Parse ``text`` into clause records, or raise :class:`ContractSyntaxError`.

    A UTF-8 byte-order mark must already be gone; CRLF line endings read like LF.

    ```pycon
    >>> block = parse_tree('contract "x" { council "A council" }')
    >>> block.kind, block.name.text, [item.kind for item in block.items]
    ('contract', 'x', ['council'])

    ```
    """
    try:
        return cast(Block, _parser().parse(text))
    except lark.UnexpectedInput as error:
        diagnostic = _diagnose(error, text, source)
    raise ContractSyntaxError([diagnostic]) from None


# ---------------------------------------------------------------------------
# Turning lark's errors into words


@functools.cache
def _keyword_of() -> dict[str, str]:
    """The keyword each keyword terminal stands for, by lark's name for it.

    Lark names most keywords after themselves (`target` is TARGET) but a few
    anonymously (`money` and `number`, whose upper case is taken by the MONEY
    and NUMBER patterns of a quantity): messages always show the keyword itself.
    """
    return {t.name: t.pattern.value for t in _parser().terminals if t.pattern.type == "str"}


@functools.cache
def _terminal_names() -> frozenset[str]:
    """Lark's name of every terminal of the grammar."""
    return frozenset(t.name for t in _parser().terminals)


def _keyword(terminal: str) -> str | None:
    """The keyword a terminal stands for, or None for a named terminal."""
    return _keyword_of().get(terminal)


# A keyword that only ever starts a longer phrase is shown as the phrase.
_PHRASES = {
    "statistical": "statistical neighbours",
    "year": "year starts",
    "risk": "risk share",
    "gain": "gain share",
    "rounded": "rounded to N dp",
    "higher": "higher is better",
    "lower": "lower is better",
    "no": "no target",
    "up": "up to",
    "within": "within … of target",
    "working": "working days",
    "a": "a year",
    "rolling": "rolling N months",
    "season": "season MONTH to MONTH",
    "point": "point value",
    "inside": "inside tolerance",
    "outside": "outside tolerance",
}


def _describe(terminal: str, phrases: Mapping[str, str] = _PHRASES) -> str:
    """A terminal in words: a keyword as the phrase it starts (``phrases``), or as itself."""
    keyword = _keyword(terminal) if terminal in _terminal_names() else None
    if keyword is not None:
        return f"`{phrases.get(keyword, keyword)}`"
    return TERMINAL_NAMES.get(terminal, terminal.lower())


def _phrases(keywords: set[str]) -> Mapping[str, str]:
    """The phrases keywords start where ``keywords`` may stand: `no` is `no target`, but
    where `yes` may stand it is just `no` (`target no`); `year` starts `year starts` in
    the header, `year to date` in a window, and ends `a year`."""
    if "yes" in keywords:
        return {**_PHRASES, "no": "no"}
    if "rolling" in keywords:
        return {**_PHRASES, "year": "year to date"}
    if "council" not in keywords:
        return {**_PHRASES, "year": "year"}
    return _PHRASES


def expected_in_words(expected: set[str] | frozenset[str]) -> str:
    """Say in English what the parser would have accepted.

    ```pycon
    >>> expected_in_words({"QUANTITY", "BETWEEN"})
    'a quantity (a number, a percentage such as 22% or money such as £1.2m) or `between`'
    >>> expected_in_words({"RBRACE", "UNIT", "TARGET"})
    '`target`, `unit` or `}`'

    ```
    """
    # A word may stand anywhere (see _WholeWords), so NAME is left out unless it is
    # all there is, or a clause takes a measure id or a quantity (`numerator`).
    if len(expected) > 1 and "QUANTITY" not in expected:
        wanted = set(expected) - {"NAME"}
    else:
        wanted = set(expected)
    words: list[str] = []
    if "QUANTITY" in wanted:  # the value a clause is for comes first
        wanted.discard("QUANTITY")
        if "NAME" in wanted:
            wanted.discard("NAME")
            words.append(TERMINAL_NAMES["NAME"])
        words.append(TERMINAL_NAMES["QUANTITY"])
    given = {k for t in wanted if t in _terminal_names() and (k := _keyword(t)) is not None}
    phrases = _phrases(given)
    keywords = sorted(
        (
            _describe(t, phrases)
            for t in wanted
            if t in _terminal_names() and _keyword(t) is not None
        ),
        key=lambda w: (not w[1].isalpha(), w),
    )
    others = sorted(
        _describe(t) for t in wanted if t not in _terminal_names() or _keyword(t) is None
    )
    words += keywords + others
    if not words:
        return "nothing more"
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " or " + words[-1]


def source_lines(text: str) -> list[str]:
    r"""The lines of ``text`` as the parser counts them: split at LF, CR of CRLF dropped.

    Only LF ends a line (as in the parser's line count), so a form feed or a
    Unicode line separator inside a line does not shift the line numbers.

    ```pycon
    >>> source_lines("a\r\nb\x0cc\n")
    ['a', 'b\x0cc', '']

    ```
    """
    return [line.removesuffix("\r") for line in text.split("\n")]


def _readings_header(line: str) -> bool:
    """Whether ``line`` is a readings file's first line: a header of cells with a `measure`
    column (a readings file given where a contract goes), or a spreadsheet's `sep=` line.

    ```pycon
    >>> _readings_header('"Measure";"Period";"Value"'), _readings_header("sep=;")
    (True, True)
    >>> _readings_header("measure A1 'Re-referrals' {"), _readings_header("contract,")
    (False, False)

    ```
    """
    if line.lower().startswith("sep="):
        return True
    cells = [cell.strip().strip('"').strip().lower() for cell in re.split(r"[,;\t]", line)]
    return len(cells) > 1 and "measure" in cells


def _line_of(text: str, line: int) -> str:
    lines = source_lines(text)
    return lines[line - 1] if 0 < line <= len(lines) else ""


def _end_of_text(text: str) -> tuple[int, int]:
    """Line and column just after the last character that is not white space."""
    lines = source_lines(text.rstrip())
    return len(lines), len(lines[-1]) + 1


# A string (written so that a long one costs the regex engine no stack) or a comment.
_STRING = r'"[^"\\\r\n]*(?:\\.[^"\\\r\n]*)*"'
_COMMENT = re.compile(rf"{_STRING}|#[^\n]*")


def _previous_word(text: str, pos: int) -> str | None:
    """The last word before ``pos``, skipping comments (for hints only)."""
    before = _COMMENT.sub(lambda m: m.group() if m.group().startswith('"') else "", text[:pos])
    words = re.findall(r"[^\s]+", before)
    return words[-1] if words else None


def _bad_escape(line: str, column: int) -> int | None:
    """The index of a backslash that escapes neither quote nor backslash, in the
    string that opens at ``column`` and is closed later on the line."""
    # The string's good part, from just after the opening quote: plain
    # characters and the two escapes. What stops it is the closing quote, the
    # end of the line, or a backslash that escapes something else.
    end = _GOOD_STRING.match(line, column).end()  # type: ignore[union-attr] # always matches
    if end < len(line) and line[end] == "\\" and '"' in line[end + 1 :]:
        return end
    return None


_GOOD_STRING = re.compile(r'[^"\\]*(?:\\["\\][^"\\]*)*')


def _braces(text: str) -> tuple[list[int], tuple[int, int] | None]:
    """The blocks ``text`` leaves open, as the offsets of their ``{`` (outermost first), and
    the last block it closes, as the offsets of its ``{`` and ``}`` (None if none is)."""
    stack: list[int] = []
    closed: tuple[int, int] | None = None
    for match in re.finditer(rf"{_STRING}|#[^\n]*|[{{}}]", text):
        token = match.group()
        if token == "{":
            stack.append(match.start())
        elif token == "}" and stack:
            closed = (stack.pop(), match.start())
    return stack, closed


def _place(text: str, pos: int) -> tuple[int, int]:
    """The line and column of offset ``pos``."""
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


def _opening(text: str, pos: int) -> str:
    """A block's opening as written, `measure A1 "Title" {`, from the ``{`` at ``pos``."""
    line, column = _place(text, pos)
    before = _line_of(text, line)[: column - 1]
    braces = [m.end() for m in re.finditer(rf"{_STRING}|[{{}}]", before) if m[0] in "{}"]
    return f"{before[braces[-1] if braces else 0 :].strip()} {{".lstrip()


def _unclosed_brace(text: str) -> tuple[int, int, str] | None:
    """The line, column and line text of the innermost ``{`` never closed."""
    stack, _ = _braces(text)
    if not stack:
        return None
    return (*_place(text, stack[-1]), _opening(text, stack[-1]))


def _named(opening: str) -> str | None:
    """A measure's or a group's opening (`measure A1 "…" {`) as its kind and name (`measure
    A1`, `group "Pathway"`); None for any other block."""
    found = re.match(r"(measure|volumetric)\s+([^\s\"{]+)|(group)\s+(\"[^\"]*\")", opening)
    if found is None:
        return None
    kind, name = (found[1], found[2]) if found[1] else (found[3], found[4])
    return f"{'measure' if kind == 'volumetric' else kind} {shorten(name)}"


def _block_hint(keyword: str, text: str, pos: int) -> str | None:
    """Help for a `measure`, `volumetric` or `group` that cannot stand where it is, at ``pos``:
    the measure or group still open above it that was never closed, or the group a stray `}`
    closed too soon (the `measure` then stands in the contract). None when neither is so."""
    stack, closed = _braces(text[:pos])
    line = _place(text, pos)[0]
    if stack:
        opened = _named(_opening(text, stack[-1]))
        inner = None if opened is None else opened.split()[0]
        if inner == "measure" or (inner == "group" and keyword == "group"):
            return (
                ("groups do not nest; " if inner == keyword == "group" else "")
                + f"{opened}, opened on line {_place(text, stack[-1])[0]}, is not closed:"
                f" add `}}` before line {line}"
            )
    if keyword in ("measure", "volumetric") and len(stack) == 1 and closed is not None:
        group = _named(_opening(text, closed[0]))
        if group is not None and group.startswith("group"):
            at = _place(text, closed[1])[0]
            return (
                f"{group} was closed by the `}}` on line {at}: if this measure belongs in it,"
                " delete that `}`"
            )
    return None


@functools.cache
def _foreign_letter(text: str, pos: int) -> tuple[int, str, str] | None:
    """The word around ``pos`` when it holds a letter of another alphabet than the Latin
    (a Cyrillic `а` in `tаrget`, copied from a document): its start, the word and that
    letter; None for a word of Latin letters. Looks at most 100 characters either way."""
    start = pos
    while start > max(0, pos - 100) and (text[start - 1].isalnum() or text[start - 1] == "_"):
        start -= 1
    end = pos
    while end < min(len(text), pos + 100) and (text[end].isalnum() or text[end] == "_"):
        end += 1
    word = text[start:end]
    letter = next((c for c in word if c.isalpha() and not c.isascii()), None)
    return None if letter is None else (start, word, letter)


def _invisible_hint(char: str) -> str | None:
    """Advice on a character the reader cannot see for what it is, or None."""
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "").lower()
    category = unicodedata.category(char)
    if category == "Zs" and char != " ":
        return (
            f"the character here is a {name} ({code}), which looks like a space but is not one;"
            " text copied from a word processor, an email or a web page often holds it: type"
            " an ordinary space in its place"
        )
    if category == "Cf":
        return (
            f"the character here is a {name} ({code}), which shows as nothing; text copied"
            " from a word processor, an email or a web page often holds it: delete it"
        )
    if category == "Cc" and char not in "\t\n\r":
        return (
            f"the character here is a control character ({code}), never part of a contract:"
            " delete it"
        )
    return None


def _keywords() -> frozenset[str]:
    """Every keyword of the language."""
    return frozenset(k for t in _terminal_names() if (k := _keyword(t)) is not None and k.isalpha())


# Where a keyword belongs, for a keyword written in the wrong block.
_MEASURE_CLAUSE = "it belongs inside a `measure` or `volumetric` block"
_PAYMENT_CLAUSE = "it belongs inside the `payment` block"
_PLACE_HINTS = {
    **dict.fromkeys(
        (
            "unit",
            "target",
            "tolerance",
            "higher",
            "lower",
            "rounded",
            "aggregate",
            "benchmark",
            "numerator",
            "denominator",
            "window",
            "season",
            "profile",
        ),
        _MEASURE_CLAUSE,
    ),
    "measure": "measures belong inside a `group` block",
    "volumetric": "measures belong inside a `group` block",
    "group": "groups belong inside the `contract` block, not inside another block",
    "contract": "a file holds one contract, and a contract holds no other",
    "band": "bands belong inside the `risk share` block",
    **dict.fromkeys(("charge", "credit", "warning", "point"), _PAYMENT_CLAUSE),
}


_COMPARATORS = "separate comparators with `,`, as in `benchmark national 21.9%, regional 21.4%`"


def _did_you_mean(word: str, expected: set[str]) -> str | None:
    keywords = {k for t in expected if t in _terminal_names() and (k := _keyword(t)) is not None}
    keywords = {k for k in keywords if k.isalpha()}
    match = difflib.get_close_matches(word, sorted(keywords), n=1, cutoff=0.6)
    return f"did you mean `{_SUGGESTED.get(match[0], match[0])}`?" if match else None


def _before_a_keyword(word: str, text: str, end: int | None, expected: set[str]) -> str | None:
    """A hint for a word written before a keyword that could come here (`service credit`,
    `annual target`): leave the word out. None when the next word is no such keyword."""
    following = re.match(r"[ \t]+([a-z]+)\b", text[end or 0 :])
    if following is None:
        return None
    keywords = {k for t in expected if t in _terminal_names() and (k := _keyword(t)) is not None}
    if following[1] not in keywords:
        return None
    if word.lower() in ("annual", "yearly", "year") and following[1] in ("target", "tolerance"):
        return f"for a year's {following[1]}, write `a year` after it: `{following[1]} … a year`"
    return f"leave out `{word}`: the clause starts with `{following[1]}`"


# A keyword that never stands alone, suggested as the phrase it starts.
_SUGGESTED = {"point": "point value"}


def _accepted(error: lark.UnexpectedInput) -> set[str]:
    """The terminals the parser could take where it stopped: lark's interactive
    parser tries each on a copy of the stack, so a state that reduces by
    default does not claim more than it accepts."""
    parser = getattr(error, "interactive_parser", None)
    if parser is not None:
        return set(parser.accepts())
    return set(getattr(error, "expected", None) or getattr(error, "allowed", None) or ())


_PERIOD_FORMS = (
    "write 2017/18 for a financial year, 2017/18 H1 for a half year, 2017/18 Q4 for a quarter"
    " or 2018-03 for a month"
)
_PERIOD_WORD = re.compile(r"[0-9]+(?:[/-][0-9]*)*(?:[ \t]*[QqHh][0-9]*)?")


def _period_run_on(text: str, pos: int) -> tuple[int, str] | None:
    """A period after `from` or `for` that the token at ``pos`` runs on from, with no
    space between (``10000-01``, whose first four digits read as a year): where it
    starts, and what is written; None if the token is not such a run-on."""
    if pos >= len(text) or text[pos] not in "0123456789/-":
        return None  # a word after a period is a word out of place, not part of the period
    start = pos
    while start > 0 and text[start - 1] in "0123456789/-":
        start -= 1
    if (
        start == pos
        or not text[start].isdigit()
        or _previous_word(text, start) not in ("from", "for")
    ):
        return None
    written = _PERIOD_WORD.match(text, start)
    return None if written is None else (start, written[0])


def _id_ending(text: str, pos: int) -> tuple[int, str] | None:
    """A measure id that the `.` or `-` at ``pos`` would end (``W-4.`` in ``measure W-4. "…"``):
    where the id starts, and it as written; None if the character ends no id."""
    if pos >= len(text) or text[pos] not in ".-":
        return None
    start = pos
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_.-"):
        start -= 1
    end = pos
    while end < len(text) and text[end] in ".-":
        end += 1
    if (
        start == pos
        or not text[start].isalpha()
        or (end < len(text) and not text[end].isspace() and text[end] != '"')
    ):
        return None
    if _previous_word(text, start) not in ("measure", "volumetric"):
        return None
    return start, text[start:end]


def _noun(quantity: str) -> str:
    """What a quantity is, by its mark: a percentage, an amount (of money) or a number."""
    return "percentage" if quantity.endswith("%") else "amount" if "£" in quantity else "number"


def _diagnose(error: lark.UnexpectedInput, text: str, source: str) -> Diagnostic:
    expected = _accepted(error)
    token: lark.Token | None
    if isinstance(error, lark.UnexpectedToken):  # $END when the text ran out
        token = error.token
    elif isinstance(error, lark.UnexpectedEOF):  # the same, as other parsers say it
        token = lark.Token("$END", "")
    else:  # UnexpectedCharacters: no token starts here
        token = None
    if token is not None and token.type != "$END":
        line, column = cast(int, token.line), cast(int, token.column)
    else:  # a character no token starts with (positioned), or the end (placed below)
        line, column = error.line, error.column
    pos = error.pos_in_stream or 0

    def diagnostic(message: str, length: int = 1, hint: str | None = None) -> Diagnostic:
        return Diagnostic(
            message,
            source=source,
            line=line,
            column=column,
            length=length,
            source_line=_line_of(text, line),
            hint=hint,
        )

    if expected == {"CONTRACT"} and _readings_header(_line_of(text, line)):
        return diagnostic(
            "this is a readings file's header, not the start of a contract",
            len(_line_of(text, line).rstrip()),
            'a contract begins `contract "Name" {`; a command takes the contract first, then'
            " the readings: `perfcontract evaluate my.contract readings.csv`",
        )
    after = pos if token is None else token.end_pos if token.type == "NAME" else None
    foreign = None if after is None else _foreign_letter(text, after)
    if foreign is not None:
        start, word, letter = foreign
        column -= (pos if token is None else token.start_pos or 0) - start
        name = unicodedata.name(letter, "").lower()
        return diagnostic(
            f"`{shorten(word)}` holds `{letter}` (U+{ord(letter):04X}, {name}), which is not"
            " one of the letters A to Z",
            len(word),
            "keywords and ids are written in the letters A to Z: "
            + (
                "write it without the accent"
                if name.startswith("latin")
                else "type the word again (one copied from a document may hold a letter of"
                " another alphabet that looks like a Latin one)"
            ),
        )
    if token is None:
        char = text[pos] if pos < len(text) else ""
        if char == '"':
            escape = _bad_escape(_line_of(text, line), column)
            if escape is not None:
                column = escape + 1
                return diagnostic(
                    f"unknown escape `{_line_of(text, line)[escape : escape + 2]}` in a string",
                    2,
                    'only `\\"` (a quote) and `\\\\` (a backslash) are escapes in a string',
                )
            return diagnostic(
                "this string is not closed before the end of the line",
                hint='add the closing `"`; a string cannot run over two lines',
            )
        if char in "'‘’“”" and "STRING" in expected:
            return diagnostic(
                f"unexpected character `{char}`; expected {expected_in_words(expected)}",
                hint='write the text in plain double quotes, `"…"`',
            )
        if char == ";":
            return diagnostic(
                f"unexpected character `;`; expected {expected_in_words(expected)}",
                hint="delete the `;`: clauses need nothing between them but a space or a new line",
            )
        if char == "%" and _previous_word(text, pos) == "unit":
            return diagnostic(
                f"`%` is not a unit; the units are {', '.join(_UNITS[:-1])} and {_UNITS[-1]}",
                hint="did you mean `unit percent`?",
            )
        if char == "%":
            return diagnostic("a `%` must follow its number directly, as in `22%`")
        if char in "$€" and "QUANTITY" in expected:
            amount = re.match(r"[0-9][0-9,]*(?:\.[0-9]+)?(?:bn|[mk])?", text[pos + 1 :])
            return diagnostic(
                f"unexpected character `{char}`; expected {expected_in_words(expected)}",
                hint="money is written with `£`"
                + (f", as in `£{shorten(amount[0])}`" if amount else ", as in `£1.2m`"),
            )
        if char == "£":
            return diagnostic("`£` must be followed by an amount, as in `£1.2m` or `£950k`")
        ending = _id_ending(text, pos)
        if ending is not None:
            start, written = ending
            column -= pos - start
            return diagnostic(
                f"the measure id `{shorten(written)}` ends with `{written[-1]}`",
                len(written),
                f"{_ID_RULE}: write `{shorten(written.rstrip('.-'))}`",
            )
        shown = repr(char)[1:-1] if char.isprintable() else f"U+{ord(char):04X}"
        hint = _invisible_hint(char)
        return diagnostic(
            f"unexpected character `{shown}`; expected {expected_in_words(expected)}", hint=hint
        )

    if token.type == "$END":
        opened = _unclosed_brace(text)
        if "RBRACE" in expected and opened is not None:
            open_line, open_column, opened_text = opened
            opened_text = shorten(opened_text, 120)
            line, column = _end_of_text(text)
            return diagnostic(
                f"missing `}}`: the block opened on line {open_line} (`{opened_text}`)"
                " is never closed",
                hint=f"add `}}` to close the block opened at {open_line}:{open_column}",
            )
        if not text.strip() or _previous_word(text, len(text)) is None:
            line, column = 1, 1
            return diagnostic('the file is empty; a contract starts with `contract "name" {`')
        line, column = _end_of_text(text)
        return diagnostic(f"the file ends too early; expected {expected_in_words(expected)}")

    length = max(1, len(token))
    value = shorten(str(token))
    previous = _previous_word(text, token.start_pos or 0)
    period = _period_run_on(text, token.start_pos or 0)
    if period is not None:  # `from 10000-01`: the lexer took `1000` as the period
        start, written = period
        column -= (token.start_pos or 0) - start
        year = len(written) - len(written.lstrip("0123456789"))
        return diagnostic(
            f"`{shorten(written)}` is not a financial year, quarter or month",
            len(written),
            ("a year has four digits: " if year > 4 else "") + _PERIOD_FORMS,
        )

    if expected == {"NAME"} and previous in ("measure", "volumetric") and value[:1].isdigit():
        run = _ID_CHARS.match(text, token.start_pos or 0)
        whole = run[0] if run else value
        return diagnostic(
            f"`{shorten(whole)}` cannot be a measure id: an id starts with a letter",
            len(whole),
            f"{_ID_RULE}: write `KPI{shorten(whole.rstrip('.-'))}`, say",
        )
    start = begin = token.start_pos or 0
    if token.type == "NAME" and value in ("k", "m", "bn") and text[start - 1 : start].isdigit():
        while begin > 0 and (text[begin - 1].isdigit() or text[begin - 1] in ".,"):
            begin -= 1  # back to the start of the number the suffix was written after
        written = shorten(text[begin:start] + value)
        column -= start - begin
        return diagnostic(
            f"`{written}` is not a number: only money takes `k`, `m` or `bn`, after `£`",
            start - begin + len(value),
            f"write `£{written}` for money, or the number in full",
        )
    if previous == "starts" and "NAME" in expected:
        return diagnostic(f"`year starts` takes a month such as April, not `{value}`", length)
    if previous == "unit" and token.type == "NAME":
        units = [u.split()[0] if u.startswith(("rate", "grade")) else u for u in _UNITS]
        # The start of a unit (`yes` for `yes/no`), else a near spelling.
        close = [u for u in units if len(value) >= 3 and u.startswith(value.lower())][:1]
        close = close or difflib.get_close_matches(value, units, n=1, cutoff=0.7)
        hint = f"did you mean `{close[0]}`?" if close else None
        return diagnostic(
            f"`{value}` is not a unit; the units are {', '.join(_UNITS[:-1])} and {_UNITS[-1]}",
            length,
            hint,
        )
    if token.type == "COLON" and previous in _keywords():
        rest = _COMMENT.sub("", _line_of(text, line)[column:]).strip()
        return diagnostic(
            f"unexpected `:`; expected {expected_in_words(expected)}",
            length,
            f"write `{shorten(f'{previous} {rest}'.strip())}`, without a colon",
        )
    if previous in ("higher", "lower") and expected == {"IS"}:
        return diagnostic(
            f"write `{previous} is better`",
            length,
            "polarity reads `higher is better` or `lower is better`",
        )
    # A keyword out of place reads the same whether the lexer saw it as the
    # keyword (the parser's state could take it before reducing) or as a word.
    keyword = value if token.type == "NAME" else _keyword(token.type)
    if keyword in _keywords():
        # Between clauses (a `}` or the end could come next) it is in the wrong block; inside
        # a clause it is a word misplaced there, or misspelt (`point` for `points`).
        between = "RBRACE" in expected or "$END" in expected
        hint = _PLACE_HINTS.get(keyword) if between else _did_you_mean(value, expected)
        if expected == {"CONTRACT"} and keyword in ("measure", "volumetric", "group"):
            hint = (
                'wrap measures in `contract "Name" { group "Name" { … } }`'
                if keyword != "group"
                else 'wrap groups in `contract "Name" { … }`'
            )
        elif keyword in ("measure", "volumetric", "group") and between:
            hint = _block_hint(keyword, text, start) or hint
        elif keyword in ("national", "regional", "statistical") and "COMMA" in expected:
            hint = _COMPARATORS
        return diagnostic(
            f"`{value}` cannot appear here; expected {expected_in_words(expected)}",
            length,
            hint,
        )
    polarity = re.fullmatch(r"(higher|lower)[-_ ]?is[-_ ]?better", value, re.IGNORECASE)
    if token.type == "NAME" and polarity is not None:
        return diagnostic(
            f"unknown word `{value}`; expected {expected_in_words(expected)}",
            length,
            f"did you mean `{polarity[1].lower()} is better`?",
        )
    backwards = re.match(r"[ \t]+([0-9]{4}/[0-9]{2})\b", text[token.end_pos or 0 :])
    if (
        token.type == "NAME"
        and "PERIOD" in expected
        and re.fullmatch(r"[QqHh][0-9]", value)
        and backwards is not None
    ):
        return diagnostic(
            f"unknown word `{value}`; expected {expected_in_words(expected)}",
            length,
            f"write `{backwards[1]} {value.upper()}`: the year comes first",
        )
    if token.type == "NAME":
        hint = _before_a_keyword(value, text, token.end_pos, expected) or _did_you_mean(
            value, expected
        )
        what = "keyword" if hint else "word"
        if hint is None and expected == {"STRING"}:  # `group Participation {`
            hint = f'a name or title is written in double quotes: `"{shorten(value)}"`'
        if hint is None and previous == "{" and "RBRACE" in expected and "NAME" not in expected:
            hint = "an unknown word here may be a misspelt keyword or a missing `}` above"
        return diagnostic(
            f"unknown {what} `{value}`; expected {expected_in_words(expected)}", length, hint
        )
    noun = _noun(token) if token.type == "QUANTITY" else _NOUNS.get(token.type)
    shown = f"{noun} `{value}`" if noun else f"`{value}`"
    named = token.type == "STRING" and "COMMA" in expected
    hint = _COMPARATORS if named and "benchmark" in _line_of(text, line) else None
    return diagnostic(f"unexpected {shown}; expected {expected_in_words(expected)}", length, hint)
