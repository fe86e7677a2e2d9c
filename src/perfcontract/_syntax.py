"""The syntax tree: each clause of a ``.contract`` file as a small record with its place.

Lark's LALR parser calls :class:`Clauses` as it reduces each rule (lark's
inline transformer: ``Lark(..., transformer=Clauses())``), so no intermediate
lark tree is ever built. Every token is kept (``keep_all_tokens``), so a
clause's place runs from its first keyword to its last character. A value
token becomes a record as it is read (a name, a string or a whole number a
:class:`Word`, a quantity a :class:`Quantity`); keywords and punctuation stay
lark tokens and drop out of a clause's arguments. The records are plain
slotted classes: a contract has thousands of them and they live only until
the model is built.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from lark import Token, Transformer

if TYPE_CHECKING:
    from perfcontract.periods import Period

T = TypeVar("T")

__all__ = [
    "Block",
    "Clause",
    "Clauses",
    "DataYear",
    "PerYear",
    "Quantity",
    "Since",
    "Span",
    "Word",
]

_SCALE = {"k": 3, "m": 6, "bn": 9}


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
        """A lark token's place."""
        return Span(token.line, token.column, token.end_line, token.end_column)  # type: ignore[arg-type]

    @staticmethod
    def across(first: Any, last: Any) -> Span:
        """From the start of ``first`` to the end of ``last`` (lark tokens or records)."""
        a: Any = first if type(first) is Token else first.span
        b: Any = last if type(last) is Token else last.span
        return Span(a.line, a.column, b.end_line, b.end_column)


class Word:
    """A word or string as written (a string without its quotes), with its place."""

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


class PerYear(Word):
    """The ``a year`` after a target or tolerance: the value is the whole year's."""

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
    """One clause: its kind, its value-carrying parts, its ``from`` period and place.

    ``per_year`` is the ``a year`` of a target or tolerance, if written.
    """

    __slots__ = ("args", "kind", "per_year", "since", "span")

    def __init__(
        self,
        kind: str,
        args: tuple[Any, ...],
        since: Since | None,
        span: Span,
        per_year: PerYear | None = None,
    ) -> None:
        self.kind = kind
        self.args = args
        self.since = since
        self.span = span
        self.per_year = per_year


class Block:
    """A braced block (contract, group, measure, risk share or payment) and what it holds."""

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


# Quantities repeat (the same 90% or 21.9% in many measures), and their values
# are immutable, so each literal is read once.
_number = functools.lru_cache(maxsize=4096)(number)

Rule = Callable[[Any, list[Any]], Any]


def _clause(kind: str) -> Rule:
    """A clause of one kind from its rule's children: the records and words are
    its arguments, keywords and punctuation (lark tokens) drop out, a
    trailing ``from PERIOD`` is its start, and an ``a year`` (wherever the
    clause has it: before a charge's frequency) its ``per_year``."""

    def make(self: Clauses, children: list[Any]) -> Clause:
        args = [child for child in children if type(child) is not Token]
        since = args.pop() if args and type(args[-1]) is Since else None
        per_year = next((arg for arg in args if type(arg) is PerYear), None)
        if per_year is not None:
            args.remove(per_year)
        return Clause(kind, tuple(args), since, Span.across(children[0], children[-1]), per_year)

    return make


def _keyword(self: Clauses, children: list[Token]) -> Word:
    """A keyword that is a value (a unit, a party, a frequency) as a Word; a keyword of
    two words (``working days``) is one Word, the words one space apart."""
    token = children[0]
    if len(children) == 1:
        return Word(token.value, Span.of(token))
    return Word(" ".join(t.value for t in children), Span.across(token, children[-1]))


def _comparison(words: str) -> Rule:
    """A benchmark's comparison whose comparator is written as keywords, and its value."""

    def make(self: Clauses, children: list[Any]) -> Clause:
        first, quantity = children[0], children[-1]
        name = Word(words, Span.across(first, children[-2]))
        return Clause("comparison", (name, quantity), None, Span.across(first, quantity))

    return make


def _named_block(kind: str) -> Rule:
    """A contract or group: keyword, name, ``{``, items, ``}``."""

    def make(self: Clauses, children: list[Any]) -> Block:
        return Block(
            kind, children[1], None, tuple(children[3:-1]), Span.across(children[0], children[-1])
        )

    return make


class Clauses(Transformer[Token, Any]):
    """Every rule of the grammar as a clause record or a block of them.

    Lark calls these as it reduces each rule, with the rule's children (every
    token kept) as a list; the methods named after terminals turn the value
    tokens into records as they are shifted. The same methods serve a walk of
    a lark tree (``Clauses().transform(tree)``), which gives the same records.

    ```pycon
    >>> from perfcontract._parse import parse_tree
    >>> target = parse_tree('''contract "c" { group "g" { measure A1 "t" {
    ...     target 22% from 2018/19 } } }''').items[0].items[0].items[0]
    >>> target.kind, target.args[0].value, target.since.text, target.span.column
    ('target', Decimal('22'), '2018/19', 5)

    ```
    """

    # -- value tokens ---------------------------------------------------------

    def NAME(self, token: Token) -> Word:  # noqa: N802 - lark calls a terminal's method by its name
        return Word(token.value, Span.of(token))

    def STRING(self, token: Token) -> Word:  # noqa: N802
        return Word(unquote(token.value), Span.of(token))

    def INT(self, token: Token) -> Word:  # noqa: N802
        return Word(token.value, Span.of(token))

    def QUANTITY(self, token: Token) -> Quantity:  # noqa: N802
        value, mark = _number(token.value)
        return Quantity(value, mark, token.value, Span.of(token))

    # -- blocks -----------------------------------------------------------------

    def start(self, children: list[Block]) -> Block:
        return children[0]

    contract = _named_block("contract")
    group = _named_block("group")

    def risk_share(self, children: list[Any]) -> Block:
        first = children[0]
        name = Word("risk share", Span.of(first))
        return Block(
            "risk share", name, None, tuple(children[3:-1]), Span.across(first, children[-1])
        )

    def payment(self, children: list[Any]) -> Block:
        first = children[0]
        name = Word("payment", Span.of(first))
        return Block("payment", name, None, tuple(children[2:-1]), Span.across(first, children[-1]))

    def measure(self, children: list[Any]) -> Block:
        kind: Word = children[0]
        return Block(
            kind.text,
            children[1],
            children[2],
            tuple(children[4:-1]),
            Span.across(kind, children[-1]),
        )

    # -- parts of clauses ---------------------------------------------------------

    def since(self, children: list[Token]) -> Since:
        period = children[1]
        return Since(period.value, Span.of(period))

    def data_year(self, children: list[Token]) -> DataYear:
        period = children[1]
        return DataYear(period.value, Span.of(period))

    def per_year(self, children: list[Token]) -> PerYear:
        return PerYear("a year", Span.across(children[0], children[-1]))

    frequency = measure_kind = unit_name = aggregate_name = metadata_key = party = _keyword
    yes_or_no = window_length = payment_status = _keyword

    national = _comparison("national")
    regional = _comparison("regional")
    statistical_neighbours = _comparison("statistical neighbours")

    def named_comparator(self, children: list[Any]) -> Clause:
        name, quantity = children
        return Clause("comparison", (name, quantity), None, Span.across(name, quantity))

    # -- clauses ------------------------------------------------------------------

    council = _clause("council")
    provider = _clause("provider")
    year_starts = _clause("year starts")
    reporting = _clause("reporting")
    metadata = _clause("metadata")
    unit = _clause("unit")
    rate_unit = _clause("rate unit")
    grade_unit = _clause("grade unit")
    higher_is_better = _clause("higher is better")
    lower_is_better = _clause("lower is better")
    target = _clause("target")
    band_target = _clause("band target")
    no_target = _clause("no target")
    yes_no_target = _clause("yes/no target")
    label_target = _clause("label target")
    tolerance = _clause("tolerance")
    label_tolerance = _clause("label tolerance")
    band_tolerance = _clause("band tolerance")
    points_tolerance = _clause("points tolerance")
    relative_tolerance = _clause("relative tolerance")
    rounding = _clause("rounding")
    aggregate = _clause("aggregate")
    numerator = _clause("numerator")
    denominator = _clause("denominator")
    year_to_date = _clause("year to date")
    rolling_window = _clause("rolling window")
    season = _clause("season")
    profile = _clause("profile")
    share = _clause("share")
    band_up_to = _clause("up to")
    band_from_to = _clause("from to")
    band_above = _clause("above")
    band = _clause("band")
    provider_cap = _clause("provider cap")
    gain_share = _clause("gain share")
    council_cap = _clause("council cap")
    gain_band = _clause("gain band")
    charge = _clause("charge")
    credit = _clause("credit")
    points = _clause("points")
    by_status = _clause("by status")
    per_unit = _clause("per unit")
    point_value = _clause("point value")
    payment_cap = _clause("cap")
    of_charge = _clause("of charge")
    warning = _clause("warning")

    def benchmark(self, children: list[Any]) -> Clause:
        values = [child for child in children if type(child) is not Token]
        since = values.pop() if type(values[-1]) is Since else None
        data_year = values.pop() if type(values[-1]) is DataYear else None
        return Clause(
            "benchmark",
            (tuple(values), data_year),
            since,
            Span.across(children[0], children[-1]),
        )


class Dated(Generic[T]):
    """A dated term on its way from the clauses to the model: its value, start, where
    its clause is, and whether the value is a year's (``a year``)."""

    __slots__ = ("per_year", "span", "start", "value")

    def __init__(self, value: T, start: Period | None, span: Span, per_year: bool = False) -> None:
        self.value = value
        self.start = start
        self.span = span
        self.per_year = per_year
