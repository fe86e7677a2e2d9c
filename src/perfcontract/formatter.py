"""The canonical layout of a ``.contract`` file, comments kept.

:func:`format_contract` rewrites a contract so that the same contract always
reads the same way, and a diff shows only real changes:

* one clause a line, four spaces of indentation a block, one space between
  words, a blank line between groups and between measures;
* clauses in one order: in the header ``council``, ``provider``,
  ``year starts``, ``reporting``, then metadata; in a measure ``unit``, the
  polarity, ``numerator``, ``denominator``, ``reporting``, ``season``,
  ``window``, targets, ``profile``, tolerances, ``rounded to``,
  ``aggregate``, benchmarks, then ``description``, ``source``, ``owner``;
  in a payment block ``charge``, ``credit``, ``points``, ``point value``,
  ``cap``, ``warning``, then metadata;
  dated terms keep their order;
* quantities spelt one way: ``22%``, ``0.04``, ``1250``, ``650,000``,
  ``£1.2m``, ``£950k``, ``£1,234.56`` (a number with five or more whole
  digits has a comma between each group of three, one with four or fewer
  none; the ``N`` of ``unit rate per N`` never has, as the unit is named);
  periods as ``2018/19``, ``2018/19 H1``,
  ``2018/19 Q1``, ``2018-04``; months (``year starts``, ``season``) with a
  capital; lists (grades, profiles, benchmarks) with ``, `` between items;
* comments kept: a comment on a line of its own stays above the clause or
  block that follows it (and moves with it), one at the end of a line stays
  at the end of that clause's line.

Formatting never changes what the contract says: ``loads(format_contract(x))``
equals ``loads(x)``, and formatting twice changes nothing more.

```pycon
>>> print(format_contract('contract "c" { group "g" { measure A1 "t" { target 22%  '
...                       'lower is better unit percent  # the report\\'s A1\\n } } }'))
contract "c" {
    group "g" {
        measure A1 "t" {
            unit percent  # the report's A1
            lower is better
            target 22%
        }
    }
}
<BLANKLINE>

```
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import ROUND_DOWN, Decimal, localcontext
from typing import Any

from perfcontract._collector import paused
from perfcontract._compile import compile_contract
from perfcontract._parse import parse_tree, source_lines
from perfcontract._syntax import Block, Clause, DataYear, Quantity, Word
from perfcontract.errors import ContractError
from perfcontract.loader import contract_text

__all__ = ["format_contract"]

INDENT = "    "

# The order of clauses within each kind of block; anything not listed keeps
# its place after those that are (there is nothing else in the grammar today).
_ORDER = {
    "contract": ["council", "provider", "year starts", "reporting", "metadata"],
    "measure": [
        "unit",
        "rate unit",
        "grade unit",
        "higher is better",
        "lower is better",
        "numerator",
        "denominator",
        "reporting",
        "season",
        "year to date",
        "rolling window",
        "target",
        "band target",
        "no target",
        "yes/no target",
        "label target",
        "profile",
        "tolerance",
        "band tolerance",
        "points tolerance",
        "relative tolerance",
        "label tolerance",
        "rounding",
        "aggregate",
        "benchmark",
        "metadata",
    ],
    "risk share": [
        "share",
        "band",
        "provider cap",
        "council cap",
        "gain share",
        "gain band",
        "metadata",
    ],
    "payment": ["charge", "credit", "points", "point value", "cap", "warning", "metadata"],
}
_ORDER["volumetric"] = _ORDER["measure"]
_SERIES = {  # clauses that form one dated series keep their written order together
    "target": "target",
    "band target": "target",
    "no target": "target",
    "yes/no target": "target",
    "label target": "target",
    "tolerance": "tolerance",
    "band tolerance": "tolerance",
    "points tolerance": "tolerance",
    "relative tolerance": "tolerance",
    "label tolerance": "tolerance",
    "unit": "unit",
    "rate unit": "unit",
    "grade unit": "unit",
    "year to date": "window",
    "rolling window": "window",
    "higher is better": "polarity",
    "lower is better": "polarity",
    "credit": "deduction",  # a payment's lines keep their order: the payment's lines do
    "points": "deduction",
}
_METADATA_ORDER = {"description": 0, "source": 1, "owner": 2}
_COMMENT = re.compile(r'"(?:[^"\\\r\n]|\\.)*"|#[^\n]*')


def format_contract(text: str, source: str = "<string>", *, check: bool = True) -> str:
    """The canonical layout of a contract's text; a contract with errors raises them.

    The text is checked first (as :func:`perfcontract.loads` checks it), so
    only a valid contract is rewritten. With ``check=False`` a contract that
    parses but says something impossible (a tolerance the wrong way round,
    dated targets out of order) is laid out too, its problems left for
    :func:`perfcontract.loads` to report: the layout needs only the syntax.
    Text that does not parse still raises its
    :class:`~perfcontract.errors.ContractSyntaxError`, and a contract whose
    problems the new layout would not keep, word for word, raises them.

    ```pycon
    >>> text = 'contract "c" { group "g" { measure A1 "t" { unit percent  lower is better'
    >>> text += ' target 22% tolerance 20% } } }'
    >>> format_contract(text)
    Traceback (most recent call last):
    ...
    perfcontract.errors.ContractValidationError: <string>:1:86: error: the tolerance 20% ...
    >>> print(format_contract(text, check=False), end="")
    contract "c" {
        group "g" {
            measure A1 "t" {
                unit percent
                lower is better
                target 22%
                tolerance 20%
            }
        }
    }

    ```
    """
    return _layout(text, source, check=check)[0]


def _layout(
    text: str, source: str = "<string>", *, check: bool = True
) -> tuple[str, ContractError | None, ContractError | None]:
    """:func:`format_contract`'s layout of ``text``, with the problems of a contract that
    parses but is not valid (``check=False``): as they are in ``text``, and as they are in
    the layout (the same problems, at the lines the layout moves them to); None and None
    for a valid contract.

    ```pycon
    >>> text = 'contract "c" { group "g" { measure A1 "t" { unit percent  lower is better'
    >>> formatted, before, after = _layout(text + ' target 22% tolerance 20% } } }', check=False)
    >>> before.first.line, after.first.line
    (1, 7)

    ```
    """
    text = contract_text(text)
    problems: ContractError | None = None
    with paused():  # tens of thousands of small acyclic records: see _collector
        block = parse_tree(text, source)
        try:
            compile_contract(block, text, source)  # parsed once for both
        except ContractError as error:  # the syntax is sound: parse_tree raised otherwise
            if check:
                raise
            problems = error
    lines = source_lines(text)
    comments = _Comments(text, lines)
    head = comments.before(block.span.line)
    _assign(block, comments)
    places: list[tuple[int, int, int, tuple[str, int]]] = []
    _places(block, places)
    comments.attach_end_of_line(places)
    tail = comments.rest()
    out = head + _block(block, 0, comments) + tail
    formatted = "\n".join(out).rstrip("\n") + "\n"
    if problems is None:
        return formatted, None, None
    return formatted, problems, _keeps_problems(formatted, source, problems)


def _keeps_problems(formatted: str, source: str, problems: ContractError) -> ContractError:
    """The problems of the contract laid out as ``formatted``; ``problems`` (those of the
    text it was laid out from) are raised unless they are the same, each in the same words
    (but for the lines it names, which the layout moves): a layout never hides a problem,
    nor makes one."""
    try:
        with paused():
            compile_contract(parse_tree(formatted, source), formatted, source)
    except ContractError as after:
        if _in_words(after) == _in_words(problems):
            return after
    raise problems


def _in_words(error: ContractError) -> list[tuple[str, str]]:
    """What ``error``'s diagnostics say, in any order, with the lines they name left out."""
    lines = re.compile(r"\blines? [0-9]+(?::[0-9]+)?")
    return sorted(
        (lines.sub("line", d.message), lines.sub("line", d.hint or "")) for d in error.diagnostics
    )


def _places(block: Block, places: list[tuple[int, int, int, tuple[str, int]]]) -> None:
    """Each clause, block opening and block closing: (first line, last line, end column, key)."""
    opening = block.title or block.name
    first_item = min((item.span.line for item in block.items), default=block.span.end_line)
    opens = ("open", id(block))
    places.append((block.span.line, opening.span.end_line, opening.span.end_column + 2, opens))
    if first_item > opening.span.end_line:  # the `{` may stand on a line of its own
        places.append((block.span.line, first_item - 1, opening.span.end_column + 2, opens))
    close = ("close", id(block))
    places.append((block.span.end_line, block.span.end_line, block.span.end_column, close))
    for item in block.items:
        if isinstance(item, Block):
            _places(item, places)
        else:
            key = ("clause", id(item))
            places.append((item.span.line, item.span.end_line, item.span.end_column, key))


def _assign(block: Block, comments: _Comments) -> None:
    """Give every own-line comment to the item it stands above, in file order.

    A comment above an item travels with it when the items are put in order;
    one after the last item of a block stays at the end of that block.
    """
    for item in _in_file_order(block.items):
        comments.leading[id(item)] = comments.before(item.span.line)
        if isinstance(item, Block):
            _assign(item, comments)
    comments.closing[id(block)] = comments.before(block.span.end_line)


class _Comments:
    """The file's comments, handed out to the clauses and blocks they belong to."""

    def __init__(self, text: str, lines: list[str]) -> None:
        self.lines = lines
        self.own_line: list[tuple[int, str]] = []  # (line, text) of comments alone on a line
        self.end_of_line: dict[int, tuple[int, str]] = {}  # line -> (column, comment) after code
        self.blank_before: set[int] = set()  # lines of own-line comments after a blank line
        line, counted = 1, 0  # line numbers counted as the matches come, not from the start
        for match in _COMMENT.finditer(text):
            if not match.group().startswith("#"):
                continue
            line += text.count("\n", counted, match.start())
            counted = match.start()
            line_start = text.rfind("\n", 0, match.start()) + 1
            before = text[line_start : match.start()]
            comment = match.group().rstrip()
            if before.strip():
                self.end_of_line[line] = (len(before) + 1, comment)
            else:
                self.own_line.append((line, comment))
                if line > 1 and not lines[line - 2].strip():
                    self.blank_before.add(line)
        self.taken = 0  # own-line comments handed out so far (they come in line order)
        self.leading: dict[int, list[str]] = {}  # item -> comments above it
        self.closing: dict[int, list[str]] = {}  # block -> comments before its `}`

    def before(self, line: int) -> list[str]:
        """Own-line comments above ``line`` not yet handed out ("" where a blank line was)."""
        out: list[str] = []
        while self.taken < len(self.own_line) and self.own_line[self.taken][0] < line:
            at, comment = self.own_line[self.taken]
            if at in self.blank_before and out:
                out.append("")
            out.append(comment)
            self.taken += 1
        if out and self.own_line[self.taken - 1][0] < len(self.lines):
            after = self.own_line[self.taken - 1][0]  # 1-based: lines[after] is the next line
            if after + 1 < line and not self.lines[after].strip():
                out.append("")  # keep a blank line between a comment block and what follows
        return out

    def rest(self) -> list[str]:
        """Every own-line comment left (those after the end of the contract)."""
        return self.before(1 << 30)

    def attach_end_of_line(self, places: list[tuple[int, int, int, tuple[str, int]]]) -> None:
        """Give each end-of-line comment to the place that ends last before it on its line.

        ``places`` are (first line, last line, end column, key): clauses, and
        block openings and closings. A comment in the middle of a clause that
        runs over several lines goes on a line of its own above the clause.
        """
        self.after: dict[tuple[str, int], list[str]] = {}
        self.inside: dict[tuple[str, int], list[str]] = {}
        ending: dict[int, list[tuple[int, tuple[str, int]]]] = {}  # last line -> places
        covering: dict[int, list[tuple[int, tuple[str, int]]]] = {}  # line -> places over it
        for first, last, end, key in places:
            ending.setdefault(last, []).append((end, key))
            for at in range(first, last + 1):
                covering.setdefault(at, []).append((first, key))
        for line, (column, comment) in sorted(self.end_of_line.items()):
            here = [(end, key) for end, key in ending.get(line, []) if end <= column]
            if here:
                self.after.setdefault(max(here)[1], []).append(comment)
                continue
            around = covering.get(line, [])
            if around:  # the innermost: the one that starts latest
                self.inside.setdefault(max(around)[1], []).append(comment)

    def trailing(self, key: tuple[str, int]) -> str:
        """The (first) end-of-line comment given to ``key``, as "  # …", or ""."""
        found = self.after.get(key)
        return f"  {found[0]}" if found else ""

    def following(self, key: tuple[str, int]) -> list[str]:
        """Further end-of-line comments given to ``key``: they go on lines of their own."""
        return self.after.get(key, [])[1:]


def _ordered(block: Block) -> list[Any]:
    """The block's items in canonical order (a stable sort: series keep their order)."""
    order = _ORDER.get(block.kind)
    if order is None:  # a group: metadata first, then its measures as written
        return sorted(block.items, key=lambda item: 0 if isinstance(item, Clause) else 1)

    def rank(item: Any) -> tuple[int, int]:
        kind = item.kind if isinstance(item, Clause) else "group"
        if kind == "metadata":
            return (order.index("metadata"), _METADATA_ORDER[item.args[0].text])
        if kind in _SERIES:
            first = next(k for k in order if _SERIES.get(k) == _SERIES[kind])
            return (order.index(first), 0)
        return (order.index(kind) if kind in order else len(order), 0)

    return sorted(block.items, key=rank)


def _block(block: Block, depth: int, comments: _Comments) -> list[str]:
    pad = INDENT * depth
    if block.kind == "contract":
        head = f"contract {_string(block.name.text)} {{"
    elif block.kind == "group":
        head = f"group {_string(block.name.text)} {{"
    elif block.kind == "risk share":
        head = "risk share {"
    elif block.kind == "payment":
        head = "payment {"
    else:
        title = block.title.text if block.title else block.name.text
        head = f"{block.kind} {block.name.text} {_string(title)} {{"
    # The opening line's own comment (text after `{` on the same line).
    opens = ("open", id(block))
    out = [pad + line for line in comments.inside.get(opens, [])]
    out.append(pad + head + comments.trailing(opens))
    out += [INDENT * (depth + 1) + line for line in comments.following(opens)]
    inner = INDENT * (depth + 1)

    def indented(lines: list[str]) -> list[str]:
        return [inner + line if line else "" for line in lines]

    previous: Any = None
    for item in _ordered(block):
        is_block = isinstance(item, Block)
        if previous is not None and (is_block or isinstance(previous, Block)):
            out.append("")  # a blank line around every block in a block
        out += indented(comments.leading.get(id(item), []))
        if is_block:
            out += _block(item, depth + 1, comments)
        else:
            key = ("clause", id(item))
            out += indented(comments.inside.get(key, []))
            out.append(inner + _clause(item) + comments.trailing(key))
            out += indented(comments.following(key))
        previous = item
    out += indented(comments.closing.get(id(block), []))
    closes = ("close", id(block))
    out.append(pad + "}" + comments.trailing(closes))
    out += [pad + line for line in comments.following(closes)]
    return out


def _in_file_order(items: Iterable[Any]) -> list[Any]:
    return sorted(items, key=lambda item: (item.span.line, item.span.column))


# ---------------------------------------------------------------------------
# Clauses, quantities and strings


def _string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _since(clause: Clause) -> str:
    per_year = " a year" if clause.per_year is not None else ""
    return per_year + (f" from {_period(clause.since)}" if clause.since is not None else "")


def _length(count: Word, unit: Word) -> str:
    # A window's length, its unit agreeing with the number: `1 month`, `3 months`.
    n = int(count.text)
    return f"{n} {unit.text.rstrip('s')}{'' if n == 1 else 's'}"


def _period(word: Word) -> str:
    # Canonical spelling of a valid period: upper-case Q or H, one space before it.
    text = re.sub(r"\s+", " ", word.text.strip())
    return re.sub(r" ([qh])", lambda m: " " + m[1].upper(), text)


def _clause(clause: Clause) -> str:
    k, args = clause.kind, clause.args
    if k in ("council", "provider"):
        return f"{k} {_string(args[0].text)}"
    if k == "year starts":
        return f"year starts {args[0].text.capitalize()}"
    if k == "reporting":
        return f"reporting {args[0].text}"
    if k == "metadata":
        return f"{args[0].text} {_string(args[1].text)}"
    if k == "unit":
        return f"unit {args[0].text}"
    if k == "rate unit":  # the unit's name, as messages and records give it: no commas
        return f"unit rate per {_plain(args[0].value)}{args[0].mark}"
    if k == "grade unit":
        return "unit grade " + ", ".join(_string(label.text) for label in args)
    if k in ("higher is better", "lower is better"):
        return k
    if k == "target":
        return f"target {quantity(args[0])}{_since(clause)}"
    if k == "band target":
        return f"target between {quantity(args[0])} and {quantity(args[1])}{_since(clause)}"
    if k == "no target":
        return f"no target{_since(clause)}"
    if k == "yes/no target":
        return f"target {args[0].text}{_since(clause)}"
    if k in ("label target", "label tolerance"):
        return f"{k.split()[1]} {_string(args[0].text)}{_since(clause)}"
    if k in ("numerator", "denominator"):
        part = args[0]
        return f"{k} {quantity(part) if isinstance(part, Quantity) else part.text}"
    if k == "year to date":
        return "window year to date"
    if k == "rolling window":
        return f"window rolling {_length(args[0], args[1])}"
    if k == "season":
        return f"season {args[0].text.capitalize()} to {args[1].text.capitalize()}"
    if k == "profile":
        return "profile " + ", ".join(quantity(q) for q in args)
    if k == "tolerance":
        return f"tolerance {quantity(args[0])}{_since(clause)}"
    if k == "band tolerance":
        return f"tolerance between {quantity(args[0])} and {quantity(args[1])}{_since(clause)}"
    if k == "points tolerance":
        return f"tolerance within {quantity(args[0])} points of target{_since(clause)}"
    if k == "relative tolerance":
        return f"tolerance within {quantity(args[0])} of target{_since(clause)}"
    if k == "rounding":
        return f"rounded to {int(args[0].text)} dp"
    if k == "aggregate":
        return f"aggregate {args[0].text}"
    if k == "benchmark":
        comparisons, data_year = args
        parts = ", ".join(f"{_comparator(c.args[0])} {quantity(c.args[1])}" for c in comparisons)
        year = f" for {_period(data_year)}" if isinstance(data_year, DataYear) else ""
        return f"benchmark {parts}{year}{_since(clause)}"
    if k == "share":
        return f"{args[0].text} {quantity(args[1])}{_since(clause)}"
    if k == "band":
        band_range, *shares = args
        return f"band {_band_range(band_range)}: " + ", ".join(_clause(s) for s in shares)
    if k == "provider cap":
        return f"provider cap {quantity(args[0])}"
    if k == "gain share":
        return "gain share: " + ", ".join(_clause(s) for s in args)
    if k == "council cap":
        return f"council cap {quantity(args[0])}"
    if k == "gain band":
        band_range, *shares = args
        return f"gain share band {_band_range(band_range)}: " + ", ".join(
            _clause(s) for s in shares
        )
    if k in _PAYMENT_KINDS:
        return _payment_clause(clause)
    raise AssertionError(f"no layout for a {k} clause")  # pragma: no cover


_PAYMENT_KINDS = frozenset(["charge", "credit", "points", "point value", "cap", "warning"])


def _payment_clause(clause: Clause) -> str:
    """A clause of the ``payment`` block, laid out."""
    k, args = clause.kind, clause.args
    if k == "charge":  # `a year` before the frequency, as the grammar has it
        per_year = " a year" if clause.per_year is not None else ""
        since = f" from {_period(clause.since)}" if clause.since is not None else ""
        return f"charge {quantity(args[0])}{per_year} {args[1].text}{since}"
    if k in ("credit", "points"):
        rates = ", ".join(
            f"{quantity(r.args[0])} {r.args[1].text if r.kind == 'by status' else 'each'}"
            for r in args[1:]
        )
        return f"{k} {args[0].text} {rates}"
    if k == "point value":
        return f"point value {quantity(args[0])}{_since(clause)}"
    if k == "cap":
        return f"cap {quantity(args[0])}" + (" of charge" if len(args) > 1 else "")
    return f"warning {quantity(args[0])} points in {_length(args[1], args[2])}"


def _band_range(clause: Clause) -> str:
    amounts = [quantity(q) for q in clause.args]
    if clause.kind == "up to":
        return f"up to {amounts[0]}"
    if clause.kind == "from to":
        return f"from {amounts[0]} to {amounts[1]}"
    return f"above {amounts[0]}"


def _comparator(word: Word) -> str:
    if word.text in ("national", "regional", "statistical neighbours"):
        return word.text
    return _string(word.text)


def quantity(q: Quantity) -> str:
    """A quantity spelt the canonical way: no needless zeros, money in £k and £m where exact.

    A number with five or more whole digits has a comma between each group of
    three (``650,000``, ``61,200``), as councils write them; one with four or
    fewer has none (``1250``, as the reference report writes ``1937``).
    Money keeps its own form, with commas from £1,000 up.

    ```pycon
    >>> from perfcontract._syntax import Quantity, Span, number
    >>> def q(text):
    ...     return quantity(Quantity(*number(text), text, Span(1, 1, 1, 1)))
    >>> [q(t) for t in ("22.0%", "0.040", "1,250", "10000", "650000", "-1234567.50")]
    ['22%', '0.04', '1250', '10,000', '650,000', '-1,234,567.5']
    >>> [q(t) for t in ("£1,200,000", "£950000", "£1234.5", "£0.25bn")]
    ['£1.2m', '£950k', '£1,234.50', '£250m']

    ```
    """
    if q.mark == "£":
        return _money(q.value)
    return _grouped(_plain(q.value)) + q.mark


def _grouped(plain: str) -> str:
    """A plain number with commas between the groups of three of a whole part of five
    or more digits; the decimals as they are."""
    sign, digits = ("-", plain[1:]) if plain.startswith("-") else ("", plain)
    whole, point, decimals = digits.partition(".")
    if len(whole) < 5:
        return plain
    return f"{sign}{int(whole):,}{point}{decimals}"


def _plain(value: Decimal) -> str:
    """Every digit of the value, without trailing zeros after the point (no context rounding)."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "0", "") else text


def _money(value: Decimal) -> str:
    sign = "-" if value < 0 else ""
    size = value.copy_abs()  # abs() would round to the context's 28 digits
    with localcontext() as context:  # exact however many digits were written
        context.prec = max(28, len(size.as_tuple().digits) + 12)
        for scale, suffix in ((Decimal(10) ** 6, "m"), (Decimal(10) ** 3, "k")):
            scaled = size / scale
            if size >= scale and scaled == scaled.quantize(Decimal("0.001"), rounding=ROUND_DOWN):
                return f"{sign}£{_plain(scaled)}{suffix}"
        if size == size.to_integral_value():
            return f"{sign}£{size:,.0f}"
        if size == size.quantize(Decimal("0.01"), rounding=ROUND_DOWN):
            return f"{sign}£{size:,.2f}"
    return f"{sign}£{size:,f}"
