"""The syntax tree: each clause of a ``.contract`` file as a small record with its place.

The parser calls :class:`Clauses` as it reduces each rule (lark's internal
transformer), so no intermediate lark tree is ever built. The parser keeps
every token, so a clause's place runs from its first keyword to its last
character. The records are plain slotted classes: a contract has thousands
of them and they live only until the model is built.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

__all__ = [
    "Block",
    "Clause",
    "Clauses",
    "DataYear",
    "Quantity",
    "Since",
    "Span",
    "Token",
    "Word",
]

# Terminals whose text carries a value; every other token is a keyword or
# punctuation, and drops out of a clause's arguments.
VALUE_TERMINALS = frozenset({"NAME", "STRING", "PERCENTAGE", "MONEY", "NUMBER", "INT", "PERIOD"})
_SCALE = {"k": 3, "m": 6, "bn": 9}
_COMPARATOR_NAMES = {
    "national": "national",
    "regional": "regional",
    "statistical_neighbours": "statistical neighbours",
}


class Span:
    """Where a piece of text is: 1-based first line and column, and one past its end."""

    __slots__ = ("column", "end_column", "end_line", "line")

    def __init__(self, line: int, column: int, end_line: int, end_column: int) -> None:
        self.line = line
        self.column = column
        self.end_line = end_line
        self.end_column = end_column

    @staticmethod
    def of(token: Token) -> Span:
        """A token's place: the token itself, which is a Span."""
        return token

    @classmethod
    def across(cls, first: Any, last: Any) -> Span:
        """From the start of ``first`` to the end of ``last`` (spans, or records with one)."""
        a = first if isinstance(first, Span) else first.span
        b = last if isinstance(last, Span) else last.span
        return cls(a.line, a.column, b.end_line, b.end_column)


class Token(Span):
    """A token as read: its terminal and its text, and (as a Span) its place on one line."""

    __slots__ = ("start_pos", "type", "value")

    def __init__(
        self, type: str, value: str, start_pos: int, line: int, column: int, end_column: int
    ) -> None:
        self.type = type
        self.value = value
        self.start_pos = start_pos
        self.line = self.end_line = line
        self.column = column
        self.end_column = end_column

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return f"Token({self.type!r}, {self.value!r})"


class Word:
    """A word or string as written, with its place."""

    __slots__ = ("span", "text")

    def __init__(self, text: str, span: Span) -> None:
        self.text = text
        self.span = span


class Since(Word):
    """The period of a ``from PERIOD``."""

    __slots__ = ()


class DataYear(Word):
    """The year of a benchmark's ``for YEAR``."""

    __slots__ = ()


class Quantity:
    """A number as written: its exact value, its mark (``%``, ``£`` or none) and its text."""

    __slots__ = ("mark", "span", "text", "value")

    def __init__(self, value: Decimal, mark: str, text: str, span: Span) -> None:
        self.value = value
        self.mark = mark
        self.text = text
        self.span = span


class Clause:
    """One clause: its kind, its value-carrying parts, its ``from`` period and place."""

    __slots__ = ("args", "kind", "since", "span")

    def __init__(self, kind: str, args: tuple[Any, ...], since: Since | None, span: Span) -> None:
        self.kind = kind
        self.args = args
        self.since = since
        self.span = span


class Block:
    """A braced block (contract, group, measure or risk share) and what it holds."""

    __slots__ = ("items", "kind", "name", "span", "title")

    def __init__(
        self, kind: str, name: Word, title: Word | None, items: tuple[Any, ...], span: Span
    ) -> None:
        self.kind = kind
        self.name = name
        self.title = title
        self.items = items
        self.span = span


def number(text: str) -> tuple[Decimal, str]:
    """The exact value of a quantity literal, and its mark.

    ```pycon
    >>> number("£1.2m"), number("£1,230,000"), number("£0.25bn")
    ((Decimal('1200000'), '£'), (Decimal('1230000'), '£'), (Decimal('250000000'), '£'))
    >>> number("21.9%"), number("-3")
    ((Decimal('21.9'), '%'), (Decimal('-3'), ''))

    ```
    """
    mark = "%" if text.endswith("%") else "£" if "£" in text else ""
    digits = text.replace(",", "").replace("£", "").rstrip("%")
    suffix = digits.lstrip("-0123456789.")
    scale = _SCALE.get(suffix, 0)
    if scale:
        # Move the decimal point in the text, so that the value stays exact
        # however many digits were written.
        whole, _, fraction = digits.removesuffix(suffix).partition(".")
        fraction = fraction.ljust(scale, "0")
        digits = whole + fraction[:scale] + ("." + fraction[scale:] if fraction[scale:] else "")
    value = Decimal(digits)
    return value, mark


_ESCAPE = re.compile(r'\\(["\\])')


def unquote(token: str) -> str:
    r"""The text of a string literal: quotes removed, ``\"`` and ``\\`` unescaped.

    ```pycon
    >>> print(unquote(r'"The \"good\" trust"'))
    The "good" trust

    ```
    """
    body = token[1:-1]
    return _ESCAPE.sub(_unescape, body) if "\\" in body else body


def _unescape(match: re.Match[str]) -> str:
    return match.group(1)


def _values(children: Sequence[Any]) -> list[Any]:
    """Children that carry meaning: records and value tokens, not keywords."""
    return [c for c in children if not isinstance(c, Token) or c.type in VALUE_TERMINALS]


def carries_value(symbol: str) -> bool:
    """Whether a child read as ``symbol`` carries meaning: a rule's record or a value token.

    Lark names terminals in upper case and rules in lower case.

    ```pycon
    >>> [carries_value(s) for s in ("TARGET", "quantity", "PERIOD")]
    [False, True, True]

    ```
    """
    return symbol in VALUE_TERMINALS or not symbol.isupper()


Build = Callable[[list[Any]], Any]


class _ClauseRule:
    """Records a clause of one kind from the children of its rule."""

    __slots__ = ("kind",)

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def __call__(self, children: list[Any]) -> Clause:
        values = _values(children)
        since = values.pop() if values and isinstance(values[-1], Since) else None
        return Clause(self.kind, tuple(values), since, Span.across(children[0], children[-1]))

    def expansion(self, symbols: Sequence[str]) -> Build:
        """The same for one expansion of the rule, whose children are known by their
        symbols: which of them are arguments, and whether the last is a ``since``,
        is settled once rather than looked at in every clause."""
        kind = self.kind
        args = [i for i, symbol in enumerate(symbols) if carries_value(symbol)]
        since = args.pop() if args and symbols[args[-1]] == "since" else None
        # A token is its own span; a record has one.
        first_is_token, last_is_token = symbols[0].isupper(), symbols[-1].isupper()

        # The arguments as one tuple, taken in one call.
        pick: Callable[[list[Any]], tuple[Any, ...]]
        if len(args) >= 2:
            pick = operator.itemgetter(*args)  # a tuple when given two or more
        elif args:
            (only,) = args

            def pick(children: list[Any]) -> tuple[Any, ...]:
                return (children[only],)

        else:

            def pick(children: list[Any]) -> tuple[Any, ...]:
                return ()

        def make(children: list[Any]) -> Clause:
            first = children[0] if first_is_token else children[0].span
            last = children[-1] if last_is_token else children[-1].span
            return Clause(
                kind,
                pick(children),
                None if since is None else children[since],
                Span(first.line, first.column, last.end_line, last.end_column),
            )

        return make


def _comparator(name: str) -> Callable[..., Word]:
    """A transformer method for a benchmark comparator keyword."""
    words = _COMPARATOR_NAMES[name]

    def make(self: Clauses, children: list[Token]) -> Word:
        first, last = children[0], children[-1]
        if first is last:  # a one-word comparator: the token is its own span
            return Word(words, first)
        return Word(words, Span(first.line, first.column, last.end_line, last.end_column))

    return make


def _block(kind: str) -> Callable[..., Block]:
    """A transformer method for a contract, group or risk-share block."""

    def make(self: Clauses, children: list[Any]) -> Block:
        named = [c for c in children if isinstance(c, Token) and c.type == "STRING"]
        name = (
            Word(unquote(named[0].value), Span.of(named[0]))
            if named
            else Word(kind, Span.of(children[0]))
        )
        items = tuple([c for c in children if not isinstance(c, Token)])
        return Block(kind, name, None, items, Span.across(children[0], children[-1]))

    return make


# Quantities repeat (the same 90% or 21.9% in many measures), and their values
# are immutable, so each literal is read once.
_number = functools.lru_cache(maxsize=4096)(number)


class Clauses:
    """Every rule of the grammar as a clause record or a block of them.

    The parser calls these as it reduces each rule, with the rule's children
    (every token kept) as a list; :meth:`builder` says what to call for each
    expansion of a rule.
    """

    def builder(self, name: str, symbols: Sequence[str]) -> Build:
        """What builds the record of rule ``name`` from the children of one expansion.

        ``symbols`` are the expansion's symbols, as the children will come:
        the children of any inlined ``_rule`` already in its place.
        """
        rule = getattr(self, name)
        inlined = any(symbol.startswith("_") for symbol in symbols)
        if isinstance(rule, _ClauseRule) and not inlined:
            return rule.expansion(symbols)
        built: Build = rule
        return built

    def start(self, children: list[Block]) -> Block:
        return children[0]

    contract = _block("contract")
    group = _block("group")
    risk_share = _block("risk share")

    def measure(self, children: list[Any]) -> Block:
        kind, name, title, *rest = children
        items = tuple([c for c in rest if not isinstance(c, Token)])
        return Block(
            kind.text,
            Word(name.value, Span.of(name)),
            Word(unquote(title.value), Span.of(title)),
            items,
            Span.across(kind, rest[-1]),
        )

    def quantity(self, children: list[Token]) -> Quantity:
        token = children[0]
        value, mark = _number(token.value)
        return Quantity(value, mark, token.value, token)  # a token is its own span

    def since(self, children: list[Token]) -> Since:
        period = children[1]
        return Since(period.value, Span.of(period))

    def data_year(self, children: list[Token]) -> DataYear:
        period = children[1]
        return DataYear(period.value, Span.of(period))

    def _keyword(self, tokens: list[Token]) -> Word:
        if len(tokens) == 1:  # most keywords are one word, and a token is its own span
            token = tokens[0]
            return Word(token.value, token)
        return Word(" ".join(t.value for t in tokens), Span.across(tokens[0], tokens[-1]))

    frequency = measure_kind = unit_name = aggregate_name = metadata_key = party = _keyword

    council = _ClauseRule("council")
    provider = _ClauseRule("provider")
    year_starts = _ClauseRule("year starts")
    reporting = _ClauseRule("reporting")
    metadata = _ClauseRule("metadata")
    unit = _ClauseRule("unit")
    rate_unit = _ClauseRule("rate unit")
    higher_is_better = _ClauseRule("higher is better")
    lower_is_better = _ClauseRule("lower is better")
    target = _ClauseRule("target")
    band_target = _ClauseRule("band target")
    no_target = _ClauseRule("no target")
    tolerance = _ClauseRule("tolerance")
    band_tolerance = _ClauseRule("band tolerance")
    points_tolerance = _ClauseRule("points tolerance")
    relative_tolerance = _ClauseRule("relative tolerance")
    rounding = _ClauseRule("rounding")
    aggregate = _ClauseRule("aggregate")
    share = _ClauseRule("share")
    band_up_to = _ClauseRule("up to")
    band_from_to = _ClauseRule("from to")
    band_above = _ClauseRule("above")
    band = _ClauseRule("band")
    provider_cap = _ClauseRule("provider cap")
    gain_share = _ClauseRule("gain share")
    comparison = _ClauseRule("comparison")

    def benchmark(self, children: list[Any]) -> Clause:
        values = _values(children)
        since = values.pop() if values and isinstance(values[-1], Since) else None
        data_year = values.pop() if values and isinstance(values[-1], DataYear) else None
        return Clause(
            "benchmark", (tuple(values), data_year), since, Span.across(children[0], children[-1])
        )

    national = _comparator("national")
    regional = _comparator("regional")
    statistical_neighbours = _comparator("statistical_neighbours")

    def named_comparator(self, children: list[Token]) -> Word:
        name = children[0]
        return Word(unquote(name.value), Span.of(name))
