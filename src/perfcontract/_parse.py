"""The parser: the one Lark grammar, built once, and lark's errors turned into ours.

This is the only module that catches lark exceptions. Whatever lark raises for
bad text leaves here as a :class:`~perfcontract.errors.ContractSyntaxError`
whose message speaks of the language ("expected a percentage"), never of the
parser's internals.
"""

from __future__ import annotations

import difflib
import functools
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import lark
from lark.common import LexerConf
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken
from lark.lexer import Lexer, LexerState, PatternStr
from lark.parsers.lalr_analysis import Shift

from perfcontract._syntax import Block, Clauses, Token
from perfcontract.errors import ContractSyntaxError, Diagnostic

__all__ = ["grammar_text", "parse_tree"]

GRAMMAR_FILE = "contract.lark"

# English for every named terminal. Keywords (quoted words in the grammar) are
# named by themselves, in backticks, so they need no entry here.
TERMINAL_NAMES = {
    "NAME": "a measure id such as A1",
    "STRING": 'a string in double quotes, such as "Re-referrals"',
    "PERCENTAGE": "a percentage such as 22%",
    "MONEY": "an amount of money such as £1.2m",
    "NUMBER": "a number",
    "INT": "a whole number",
    "PERIOD": "a period such as 2018/19, 2018/19 Q1 or 2018-04",
    "$END": "the end of the file",
}

# Kinds of thing that the "expected" list groups, so that a list of fifteen
# keywords reads as the few choices a writer actually has.
_QUANTITY = {"PERCENTAGE", "MONEY", "NUMBER"}
_NOUNS = {
    "PERCENTAGE": "percentage",
    "MONEY": "amount",
    "NUMBER": "number",
    "INT": "number",
    "STRING": "string",
    "PERIOD": "period",
}
_UNITS = ("percent", "count", "rate per N", "number", "days", "weeks", "money")


def _grammar_path() -> Path:
    """The grammar: inside the installed package, or in the checkout's grammar/."""
    packaged = Path(__file__).with_name(GRAMMAR_FILE)
    if packaged.is_file():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "grammar" / GRAMMAR_FILE
    if checkout.is_file():
        return checkout
    raise RuntimeError(  # pragma: no cover - a broken installation, not bad input
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
    return _grammar_path().read_text(encoding="utf-8")


class _Lexer(Lexer):
    """The grammar's terminals, read as the parser goes (see :func:`_drive`).

    One regular expression, built from the grammar's own terminal patterns,
    skips whitespace and comments and reads the next token in a single match;
    the parser state then settles what the token is:

    * Words lex whole. A word is a keyword only when the whole word is one and
      the parser can take that keyword here; otherwise it is a NAME. So
      `percent` is never read out of `percentage`, and a misspelt keyword
      reaches the parser as a word that the error message can name.
    * Digits are read as a period or a whole number where the parser takes
      one (after `from`, `for`, `rounded to`), and as the longest quantity
      (percentage, money or plain number) everywhere else.
    """

    __future_interface__ = 2

    def __init__(self, conf: LexerConf) -> None:
        terminals = {t.name: t for t in conf.terminals}

        def pattern(name: str) -> str:
            return str(terminals[name].pattern.to_regexp())

        self.keywords = {
            t.pattern.value: t.name for t in conf.terminals if isinstance(t.pattern, PatternStr)
        }
        punctuation = "".join(re.escape(k) for k in self.keywords if not k.isalpha())
        ignored = "|".join(pattern(name) for name in conf.ignore)
        # Order matters where one pattern extends another: 22% before 22.
        kinds = ("NAME", "STRING", "PERCENTAGE", "MONEY", "NUMBER")
        alternatives = "|".join(f"(?P<{kind}>{pattern(kind)})" for kind in kinds)
        self.next = re.compile(f"(?:{ignored})*(?:{alternatives}|(?P<PUNCT>[{punctuation}]))?")
        self.contextual = {name: re.compile(pattern(name)) for name in ("PERIOD", "INT")}
        self.terminals_by_name = terminals

    def fail(self, text: str, pos: int, line: int, column: int, accepts: Any) -> NoReturn:
        raise UnexpectedCharacters(  # type: ignore[no-untyped-call]
            text,
            pos,
            line,
            column,
            allowed={name for name in accepts if name in self.terminals_by_name},
            terminals_by_name=self.terminals_by_name,
        )

    def lex(self, lexer_state: LexerState, parser_state: Any) -> Iterator[lark.Token]:
        # Never called: _drive runs the lexer and the parse tables together.
        raise NotImplementedError("perfcontract drives its parser with _drive()")


def _drive(text: str) -> Block:
    """Parse ``text`` with the grammar's LALR tables, lexing as the parser goes.

    This is lark's LALR loop with the lexer folded in: one pass, local
    variables only, each token read in the context of the state it arrives
    in. The tables are lark's, built from the grammar (see :func:`_tables`);
    each reduction calls the :class:`~perfcontract._syntax.Clauses` method
    named after the rule, so no parse tree is ever built.
    """
    lexer, states, start_state, end_state = _tables()
    scan, keywords, contextual = lexer.next.match, lexer.keywords, lexer.contextual
    state_stack: list[int] = [start_state]
    value_stack: list[Any] = []
    pos, end, line, line_start = 0, len(text), 1, 0
    while True:
        actions = states[state_stack[-1]]
        match: re.Match[str] = scan(text, pos, end)  # type: ignore[assignment] # never None
        kind = match.lastgroup
        start = match.start(kind) if kind else match.end()
        newlines = text.count("\n", pos, start)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", pos, start) + 1
        column = start - line_start + 1
        if kind is None:
            if start < end:
                lexer.fail(text, start, line, column, actions)
            kind = "$END"
            token = Token(kind, "", start, line, column, column)
        else:
            value = match.group(kind)
            if kind == "NAME":
                keyword = keywords.get(value)
                if keyword is not None and keyword in actions:
                    kind = keyword
            elif kind == "PUNCT":
                kind = keywords[value]
            elif kind != "STRING":
                for name in ("PERIOD", "INT"):
                    if name in actions and (whole := contextual[name].match(text, start, end)):
                        kind, value = name, whole.group()
                        break
            pos = start + len(value)
            token = Token(kind, value, start, line, column, column + len(value))
        while True:
            step = actions.get(kind)
            if step is None:
                raise UnexpectedToken(  # type: ignore[no-untyped-call]
                    token, _accepted(states, state_stack, end_state), state=None
                )
            if step.__class__ is int:  # shift to that state
                state_stack.append(step)
                value_stack.append(token)
                break
            size, flatten, reduce, origin = step
            if size:
                children = value_stack[-size:]
                del state_stack[-size:]
                del value_stack[-size:]
                if flatten:
                    children = _flatten(children)
            else:
                children = []
            value_stack.append(reduce(children))
            goto: int = states[state_stack[-1]][origin]
            if goto == end_state and kind == "$END":
                block: Block = value_stack[-1]
                return block
            state_stack.append(goto)
            actions = states[goto]


@functools.cache
def _tables() -> tuple[_Lexer, dict[int, dict[str, Any]], int, int]:
    """Lark's LALR tables recast for :func:`_drive`.

    A shift is the state to go to (an int); a reduction is a tuple: how many
    symbols it pops, whether any is an inlined `_rule` to splice into its
    parent, what builds its value (a :class:`Clauses` method), and the rule's
    name for the goto. Gotos are the state (an int) under the rule's name.
    """
    parser = _parser()
    table = parser.parser.parser.parser.parse_table
    clauses = Clauses()
    states: dict[int, dict[str, Any]] = {}
    for state, actions in table.states.items():
        recast: dict[str, Any] = {}
        for symbol, (action, target) in actions.items():
            if action is Shift:
                recast[symbol] = target
                continue
            origin = target.origin.name
            build: Any = (
                _Inlined if origin.startswith("_") else getattr(clauses, target.alias or origin)
            )
            flatten = any(part.name.startswith("_") for part in target.expansion)
            recast[symbol] = (len(target.expansion), flatten, build, origin)
        states[state] = recast
    lexer: _Lexer = parser.parser.lexer
    return lexer, states, table.start_states["start"], table.end_states["start"]


class _Inlined:
    """The children of a rule whose name starts with `_`: they belong to its parent."""

    __slots__ = ("children",)

    def __init__(self, children: list[Any]) -> None:
        self.children = children


def _flatten(children: list[Any]) -> list[Any]:
    flat: list[Any] = []
    for child in children:
        if type(child) is _Inlined:
            flat.extend(child.children)
        else:
            flat.append(child)
    return flat


def _accepted(
    states: dict[int, dict[str, Any]], state_stack: list[int], end_state: int
) -> set[str]:
    """The terminals the parser could take next: each tried on a copy of the stack,
    so a state that reduces by default does not claim more than it accepts."""
    accepted = set()
    for terminal in states[state_stack[-1]]:
        if not terminal.isupper() and terminal != "$END":
            continue
        stack = list(state_stack)
        while True:
            step = states[stack[-1]].get(terminal)
            if step is None:
                break
            if step.__class__ is int:
                accepted.add(terminal)
                break
            size, _, _, origin = step
            if size:
                del stack[-size:]
            goto = states[stack[-1]][origin]
            if goto == end_state:  # the whole contract is complete
                accepted.add(terminal)
                break
            stack.append(goto)
    return accepted


def _cache_file() -> str | bool:
    """Where lark may keep the built parse tables between runs, or False for nowhere.

    Building the tables takes longer than parsing a contract, so they are kept
    in the user's cache directory (``$XDG_CACHE_HOME/perfcontract``, else
    ``~/.cache/perfcontract``; never inside the package). Lark checks a hash of
    the grammar and options on load and rebuilds when either has changed.
    ``PERFCONTRACT_CACHE=0`` turns the cache off.
    """
    if os.environ.get("PERFCONTRACT_CACHE", "1") == "0":
        return False
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.path.join(base, "perfcontract")
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        return False
    if not os.access(folder, os.W_OK):
        return False
    version = "-".join(map(str, sys.version_info[:2]))
    return os.path.join(folder, f"parser-lark{lark.__version__}-py{version}.cache")


@functools.cache
def _parser() -> lark.Lark:
    return lark.Lark(
        grammar_text(),
        parser="lalr",
        maybe_placeholders=False,
        lexer=_Lexer,
        keep_all_tokens=True,  # a clause's place starts at its keyword
        cache=_cache_file(),
    )


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
        return _drive(text)
    except UnexpectedInput as error:
        diagnostic = _diagnose(error, text, source)
    raise ContractSyntaxError([diagnostic]) from None


# ---------------------------------------------------------------------------
# Turning lark's errors into words


def _keyword(terminal: str) -> str | None:
    """The keyword a terminal stands for, or None for a named terminal."""
    pattern = _parser().get_terminal(terminal).pattern
    if isinstance(pattern, lark.lexer.PatternStr):
        return str(pattern.value)
    return None


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
}


def _describe(terminal: str) -> str:
    keyword = _keyword(terminal) if terminal in _terminal_names() else None
    if keyword is not None:
        return f"`{_PHRASES.get(keyword, keyword)}`"
    return TERMINAL_NAMES.get(terminal, terminal.lower())


@functools.cache
def _terminal_names() -> frozenset[str]:
    return frozenset(t.name for t in _parser().terminals)


def expected_in_words(expected: set[str] | frozenset[str]) -> str:
    """Say in English what the parser would have accepted.

    ```pycon
    >>> expected_in_words({"PERCENTAGE", "MONEY", "NUMBER"})
    'a quantity (a number, a percentage such as 22% or money such as £1.2m)'
    >>> expected_in_words({"RBRACE", "UNIT", "TARGET"})
    '`target`, `unit` or `}`'

    ```
    """
    wanted = set(expected) - {"NAME"} if len(expected) > 1 else set(expected)
    words: list[str] = []
    if wanted >= _QUANTITY:
        wanted -= _QUANTITY
        words.append("a quantity (a number, a percentage such as 22% or money such as £1.2m)")
    keywords = sorted(
        (_describe(t) for t in wanted if t in _terminal_names() and _keyword(t) is not None),
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


def _line_of(text: str, line: int) -> str:
    lines = source_lines(text)
    return lines[line - 1] if 0 < line <= len(lines) else ""


def _end_of_text(text: str) -> tuple[int, int]:
    """Line and column just after the last character that is not white space."""
    lines = source_lines(text.rstrip())
    return len(lines), len(lines[-1]) + 1


_COMMENT = re.compile(r'"(?:[^"\\\r\n]|\\.)*"|#[^\n]*')


def _previous_word(text: str, pos: int) -> str | None:
    """The last word before ``pos``, skipping comments (for hints only)."""
    before = _COMMENT.sub(lambda m: m.group() if m.group().startswith('"') else "", text[:pos])
    words = re.findall(r"[^\s]+", before)
    return words[-1] if words else None


def _bad_escape(line: str, column: int) -> int | None:
    """The index of a backslash that escapes neither quote nor backslash, in the
    string that opens at ``column`` and is closed later on the line."""
    i = column  # just after the opening quote
    while i < len(line):
        char = line[i]
        if char == '"':
            return None
        if char == "\\":
            if i + 1 < len(line) and line[i + 1] in '"\\':
                i += 2
                continue
            return i if '"' in line[i + 1 :] else None
        i += 1
    return None


def _unclosed_brace(text: str) -> tuple[int, int, str] | None:
    """The line, column and line text of the innermost ``{`` never closed."""
    stack: list[int] = []
    for match in re.finditer(r'"(?:[^"\\\r\n]|\\.)*"|#[^\n]*|[{}]', text):
        token = match.group()
        if token == "{":
            stack.append(match.start())
        elif token == "}" and stack:
            stack.pop()
    if not stack:
        return None
    pos = stack[-1]
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    # Show the opening as written, `measure A1 "Title" {`, not the whole line.
    before = re.split(r"[{}]", _line_of(text, line)[: column - 1])[-1]
    return line, column, f"{before.strip()} {{".lstrip()


@functools.cache
def _keywords() -> frozenset[str]:
    """Every keyword of the language."""
    return frozenset(k for t in _terminal_names() if (k := _keyword(t)) is not None and k.isalpha())


# Where a keyword belongs, for a keyword written in the wrong block.
_MEASURE_CLAUSE = "it belongs inside a `measure` or `volumetric` block"
_PLACE_HINTS = {
    **dict.fromkeys(
        ("unit", "target", "tolerance", "higher", "lower", "rounded", "aggregate", "benchmark"),
        _MEASURE_CLAUSE,
    ),
    "measure": "measures belong inside a `group` block",
    "volumetric": "measures belong inside a `group` block",
    "group": "groups belong inside the `contract` block, not inside another block",
    "band": "bands belong inside the `risk share` block",
}


def _did_you_mean(word: str, expected: set[str]) -> str | None:
    keywords = {k for t in expected if t in _terminal_names() and (k := _keyword(t)) is not None}
    keywords = {k for k in keywords if k.isalpha()}
    match = difflib.get_close_matches(word, sorted(keywords), n=1, cutoff=0.6)
    return f"did you mean `{match[0]}`?" if match else None


def _diagnose(error: UnexpectedInput, text: str, source: str) -> Diagnostic:
    line = error.line if isinstance(error.line, int) else 1
    column = error.column if isinstance(error.column, int) else 1

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

    if isinstance(error, UnexpectedCharacters):
        at = error.pos_in_stream or 0
        char = text[at] if at < len(text) else ""
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
        if char == "%":
            return diagnostic("a `%` must follow its number directly, as in `22%`")
        if char == "£":
            return diagnostic("`£` must be followed by an amount, as in `£1.2m` or `£950k`")
        shown = repr(char)[1:-1] if char.isprintable() else f"U+{ord(char):04X}"
        return diagnostic(
            f"unexpected character `{shown}`; expected {expected_in_words(error.allowed or set())}"
        )

    if isinstance(error, UnexpectedEOF) or (
        isinstance(error, UnexpectedToken) and error.token.type == "$END"
    ):
        expected = set(error.expected)
        opened = _unclosed_brace(text)
        if "RBRACE" in expected and opened is not None:
            open_line, open_column, opened_text = opened
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

    assert isinstance(error, UnexpectedToken)
    token = error.token
    # The table's expected set is loose in states that reduce by default;
    # replaying the parser gives exactly what it would have accepted here.
    expected = set(error.expected)
    value = str(token)
    length = max(1, len(value))
    previous = _previous_word(text, token.start_pos or 0)

    if previous == "starts" and "NAME" in expected:
        return diagnostic(f"`year starts` takes a month such as April, not `{value}`", length)
    if previous == "unit" and token.type == "NAME":
        close = difflib.get_close_matches(
            value, ["percent", "count", "rate", "number", "days", "weeks", "money"], n=1
        )
        hint = f"did you mean `{close[0]}`?" if close else None
        return diagnostic(
            f"`{value}` is not a unit; the units are {', '.join(_UNITS[:-1])} and {_UNITS[-1]}",
            length,
            hint,
        )
    if previous in ("higher", "lower") and expected == {"IS"}:
        return diagnostic(
            f"write `{previous} is better`",
            length,
            "polarity reads `higher is better` or `lower is better`",
        )
    if token.type == "NAME" and value in _keywords():
        return diagnostic(
            f"`{value}` cannot appear here; expected {expected_in_words(expected)}",
            length,
            _PLACE_HINTS.get(value),
        )
    if token.type == "NAME":
        hint = _did_you_mean(value, expected)
        what = "keyword" if hint else "word"
        if hint is None and previous == "{" and "RBRACE" in expected and "NAME" not in expected:
            hint = "an unknown word here may be a misspelt keyword or a missing `}` above"
        return diagnostic(
            f"unknown {what} `{value}`; expected {expected_in_words(expected)}", length, hint
        )
    noun = _NOUNS.get(token.type)
    shown = f"{noun} `{value}`" if noun else f"`{value}`"
    return diagnostic(f"unexpected {shown}; expected {expected_in_words(expected)}", length)
