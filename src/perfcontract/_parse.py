"""The parser: the one Lark grammar's LALR tables, driven with a lexer of our own.

Lark builds the LALR tables from ``grammar/contract.lark``; :func:`_drive` runs
them. The tables, in a plain form, are kept in the user's cache directory, so
a run that finds them there does not even import lark. Bad text leaves here
as a :class:`~perfcontract.errors.ContractSyntaxError` whose message speaks of
the language ("expected a percentage"), never of the parser's internals.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import json
import os
import re
import tempfile
from itertools import accumulate
from pathlib import Path
from typing import Any

from perfcontract._syntax import Block, Build, Clauses, Token
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


class _UnexpectedError(Exception):
    """Where and why parsing stopped: an unexpected character or token."""

    def __init__(
        self, line: int, column: int, pos: int, token: Token | None, expected: set[str]
    ) -> None:
        super().__init__(line, column)
        self.line, self.column, self.pos = line, column, pos
        self.token = token  # None: no token could be read at pos
        self.expected = expected


TABLES_FORMAT = 2  # bump when the cached form of the tables changes

# A reduction as the driver takes it: how many symbols it pops, what builds
# its value from them (None: the one child's value passes up as it is), and
# the rule's name for the goto.
_Reduction = tuple[int, Build | None, str]


class _Tables:
    """The grammar, ready to drive: LALR states, the lexer's patterns, the keywords.

    In ``states`` every step is an int, so the driver tells them apart with
    one comparison: a shift is the state to go to (0 or more), and so is a
    goto, under the rule's name; a reduction is ``~i`` (less than 0), for the
    :data:`_Reduction` ``reductions[i]``, one per rule. What builds a rule's value is
    settled here, once, from the symbols of its expansion (see
    :meth:`~perfcontract._syntax.Clauses.builder`), so the driver only calls it.

    The lexer is one regular expression, built from the grammar's own terminal
    patterns, that skips whitespace and comments and reads the next token in a
    single match; the parser state then settles what the token is:

    * Words lex whole. A word is a keyword only when the whole word is one and
      the parser can take that keyword here; otherwise it is a NAME. So
      `percent` is never read out of `percentage`, and a misspelt keyword
      reaches the parser as a word that the error message can name.
    * Digits are read as a period or a whole number where the parser takes
      one (after `from`, `for`, `rounded to`), and as the longest quantity
      (percentage, money or plain number) everywhere else.
    """

    def __init__(self, plain: dict[str, Any]) -> None:
        clauses = Clauses()
        self.reductions = [_reduction(clauses, *rule) for rule in plain["rules"]]
        self.states: dict[int, dict[str, int]] = {
            int(state): {
                symbol: step if isinstance(step, int) else ~step[0]
                for symbol, step in actions.items()
            }
            for state, actions in plain["states"].items()
        }
        self.start, self.end = plain["start"], plain["end"]
        self.keywords: dict[str, str] = plain["keywords"]  # text -> terminal
        self.keyword_of = {name: text for text, name in self.keywords.items()}
        patterns: dict[str, str] = plain["patterns"]
        self.terminals = frozenset(patterns) | frozenset(self.keyword_of)
        punctuation = "".join(re.escape(k) for k in self.keywords if not k.isalpha())
        tokens = {**patterns, "PUNCT": f"[{punctuation}]"}
        # Whitespace and comments come first. WHITESPACE is a run of characters
        # (`[ \t…]+`), so it is skipped as `[ \t…]*`, which the regex engine
        # takes in one step, then any comments, each with the whitespace after it.
        space = plain["ignore"]["WHITESPACE"].removesuffix("+")
        skip = f"{space}*(?:{plain['ignore']['COMMENT']}{space}*)*"
        # The commonest first. Order matters only where one pattern extends
        # another: 22% before 22. The empty alternative matches where no token
        # can start (the end of the text, or a stray character).
        kinds = ("NAME", "PUNCT", "STRING", "PERCENTAGE", "MONEY", "NUMBER")
        alternatives = "|".join(f"(?P<{kind}>{tokens[kind]})" for kind in kinds)
        self.next = re.compile(f"{skip}(?:{alternatives}|)")
        self.contextual = {name: re.compile(patterns[name]) for name in ("PERIOD", "INT")}


def _reduction(clauses: Clauses, origin: str, method: str | None, symbols: list[str]) -> _Reduction:
    """How the driver reduces by one expansion of a rule."""
    size = len(symbols)
    if method is None:  # an inlined `_rule`: its children belong to its parent
        return size, None if size == 1 else _inline, origin
    build = clauses.builder(method, symbols)
    if any(symbol.startswith("_") for symbol in symbols):
        build = _flattening(build)
    return size, build, origin


def _plain_tables() -> dict[str, Any]:
    """Build the tables with lark, in a form that JSON can keep.

    A shift is the state to go to; a reduction is a one-item list, the index
    of its rule in ``rules``: the rule's name, the method that builds its
    value (None for an inlined `_rule`) and the symbols of the expansion.
    """
    import lark  # only when the tables are not in the cache
    from lark.lexer import PatternStr
    from lark.parsers.lalr_analysis import Shift

    parser = lark.Lark(
        grammar_text(), parser="lalr", lexer="basic", keep_all_tokens=True, maybe_placeholders=False
    )
    table = parser.parser.parser.parser.parse_table
    rules: dict[Any, int] = {}
    states: dict[str, dict[str, Any]] = {}
    for state, actions in table.states.items():
        plain: dict[str, Any] = {}
        for symbol, (action, target) in actions.items():
            if action is Shift:
                plain[symbol] = target
            else:
                plain[symbol] = [rules.setdefault(target, len(rules))]
        states[str(state)] = plain
    terminals = parser.terminals
    return {
        "rules": [
            [
                str(rule.origin.name),
                None if rule.origin.name.startswith("_") else str(rule.alias or rule.origin.name),
                [str(part.name) for part in rule.expansion],
            ]
            for rule in rules
        ],
        "states": states,
        "start": table.start_states["start"],
        "end": table.end_states["start"],
        "keywords": {
            str(t.pattern.value): t.name for t in terminals if isinstance(t.pattern, PatternStr)
        },
        "patterns": {
            t.name: str(t.pattern.to_regexp())
            for t in terminals
            if not isinstance(t.pattern, PatternStr) and t.name not in parser.ignore_tokens
        },
        "ignore": {
            name: parser.get_terminal(name).pattern.to_regexp() for name in parser.ignore_tokens
        },
    }


def _cache_file(key: str) -> Path | None:
    """Where the built tables are kept between runs, or None for nowhere.

    Building the tables takes longer than parsing a contract, so they are
    kept in the user's cache directory (``$XDG_CACHE_HOME/perfcontract``, else
    ``~/.cache/perfcontract``; never inside the package), under a name made
    from a hash of the grammar, so a changed grammar is never read from an
    old cache. ``PERFCONTRACT_CACHE=0`` turns the cache off.
    """
    if os.environ.get("PERFCONTRACT_CACHE", "1") == "0":
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "perfcontract" / f"tables-{key}.json"


@functools.cache
def _tables() -> _Tables:
    """The tables: from the cache when they are there, else built (and kept)."""
    grammar = grammar_text().encode("utf-8")
    key = hashlib.sha256(grammar + f"{TABLES_FORMAT}".encode()).hexdigest()[:20]
    path = _cache_file(key)
    if path is not None:
        try:
            return _Tables(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass  # not there yet, or unreadable: build it afresh
    plain = _plain_tables()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                "w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp"
            ) as file:
                json.dump(plain, file)
            os.replace(file.name, path)  # whole or not at all, even with two runs at once
        except OSError:
            pass  # a cache that cannot be written only costs time
    return _Tables(plain)


def _drive(text: str) -> Block:
    """Parse ``text`` with the grammar's LALR tables, lexing as the parser goes.

    This is lark's LALR loop with the lexer folded in: one pass, local
    variables only, each token read in the context of the state it arrives
    in. Each reduction calls what builds the rule's value (a
    :class:`~perfcontract._syntax.Clauses` method, or one made for that
    expansion of the rule), so no parse tree is ever built.
    """
    tables = _tables()
    states, reductions, end_state = tables.states, tables.reductions, tables.end
    scan, keywords, contextual = tables.next.match, tables.keywords, tables.contextual
    state_stack: list[int] = [tables.start]
    value_stack: list[Any] = []
    pos, end = 0, len(text)
    # Where each line starts, and the next one after the token's: a token past
    # it is on a later line. The last entry stands beyond the end of the text.
    line_starts = [0, *accumulate(len(line) + 1 for line in text.split("\n"))]
    line, line_start, next_line = 1, 0, line_starts[1]
    actions = states[tables.start]
    while True:
        match: re.Match[str] = scan(text, pos, end)  # type: ignore[assignment] # never None
        kind = match.lastgroup
        start = match.start(kind) if kind else match.end()
        if start >= next_line:
            while start >= next_line:
                line += 1
                next_line = line_starts[line]
            line_start = line_starts[line - 1]
        column = start - line_start + 1
        if kind is None:
            if start < end:
                expected = {name for name in actions if name in tables.terminals}
                raise _UnexpectedError(line, column, start, None, expected)
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
                expected = _accepted(tables, state_stack)
                raise _UnexpectedError(line, column, start, token, expected)
            if step >= 0:  # shift to that state
                state_stack.append(step)
                value_stack.append(token)
                actions = states[step]
                break
            size, build, origin = reductions[~step]
            if build is None:  # one child, whose value is the rule's value
                del state_stack[-1]
            elif size == 1:  # one child, replaced by the rule's value
                del state_stack[-1]
                value_stack[-1] = build([value_stack[-1]])
            elif size:
                children = value_stack[-size:]
                del state_stack[-size:]
                del value_stack[-size:]
                value_stack.append(build(children))
            else:
                value_stack.append(build([]))
            goto = states[state_stack[-1]][origin]
            if goto == end_state and kind == "$END":
                block: Block = value_stack[-1]
                return block
            state_stack.append(goto)
            actions = states[goto]


class _Inlined(list[Any]):
    """The children of a rule whose name starts with `_`: they belong to its parent."""

    __slots__ = ()


def _inline(children: list[Any]) -> _Inlined:
    """The children of an inlined rule (of one symbol or more), flat.

    A repetition (`item*`) reduces as `list item`, one item at a time, so the
    list so far is extended where it is rather than copied at every item.
    """
    first = children[0]
    flat = first if type(first) is _Inlined else _Inlined((first,))
    for child in children[1:]:
        if type(child) is _Inlined:
            flat.extend(child)
        else:
            flat.append(child)
    return flat


def _flattening(build: Build) -> Build:
    """``build``, given the children of any inlined rules in place of those rules."""

    def flattened(children: list[Any]) -> Any:
        flat: list[Any] = []
        for child in children:
            if type(child) is _Inlined:
                flat.extend(child)
            else:
                flat.append(child)
        return build(flat)

    return flattened


def _accepted(tables: _Tables, state_stack: list[int]) -> set[str]:
    """The terminals the parser could take next: each tried on a copy of the stack,
    so a state that reduces by default does not claim more than it accepts."""
    states, end_state = tables.states, tables.end
    accepted = set()
    for terminal in states[state_stack[-1]]:
        if not terminal.isupper() and terminal != "$END":
            continue
        stack = list(state_stack)
        while True:
            step = states[stack[-1]].get(terminal)
            if step is None:
                break
            if step >= 0:
                accepted.add(terminal)
                break
            size, _, origin = tables.reductions[~step]
            if size:
                del stack[-size:]
            goto = states[stack[-1]][origin]
            if goto == end_state:  # the whole contract is complete
                accepted.add(terminal)
                break
            stack.append(goto)
    return accepted


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
    except _UnexpectedError as error:
        diagnostic = _diagnose(error, text, source)
    raise ContractSyntaxError([diagnostic]) from None


# ---------------------------------------------------------------------------
# Turning lark's errors into words


def _keyword(terminal: str) -> str | None:
    """The keyword a terminal stands for, or None for a named terminal."""
    return _tables().keyword_of.get(terminal)


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


def _terminal_names() -> frozenset[str]:
    return _tables().terminals


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


def _diagnose(error: _UnexpectedError, text: str, source: str) -> Diagnostic:
    line, column = error.line, error.column

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

    if error.token is None:
        char = text[error.pos] if error.pos < len(text) else ""
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
            f"unexpected character `{shown}`; expected {expected_in_words(error.expected)}"
        )

    if error.token.type == "$END":
        expected = error.expected
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

    token = error.token
    expected = error.expected
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
