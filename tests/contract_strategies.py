"""Hypothesis strategies that draw valid ``.contract`` texts from the language's constructs.

:func:`contracts` draws a whole contract: header clauses, groups, contractual
and volumetric measures with every unit, polarities, single and band targets
or none, tolerances of every kind, dated terms in date order (years, half years, quarters
and months), rounding, aggregates, benchmarks (named comparators, ``for
YEAR``, ``from PERIOD``), metadata whose strings hold escaped quotes and
backslashes, and a risk share (plain, or bands from £0 ending ``above``, with
a provider or a council cap, a gain share, gain-share bands, and shares, bands
or gain shares that change from dates). Every value is drawn so that the contract is valid:

* a tolerance is never better than any target it can meet (higher is better:
  at or below the lowest target; lower is better: at or above the highest; a
  band tolerance contains every target band), and a margin never takes a
  value outside what the unit can be;
* a tolerance starts only where a target is in force; dated terms of one
  series come in date order with distinct first months (the contract's
  ``year starts`` decides which periods share one);
* beyond the reference contract: ratio measures (``numerator`` and
  ``denominator``, each an earlier measure that can be added up and is
  reported at least as often, or a number), windows that fit the measure's
  frequency, a measure's own ``reporting``, seasons (of whole quarters for a
  quarterly measure), ``a year`` targets and tolerances on summed measures
  with a ``profile`` adding up to 100%, the units hours, minutes, working
  days and tonnes, yes/no measures (``target yes`` or ``target no``, no
  polarity or tolerance) and grades (labels worst to best, a target and
  tolerances that are labels in any case, the tolerance never the better);
* risk-share bands run from £0 without gaps, end with ``above``, and their
  amounts are whole pennies; gain-share bands never overlap; each date of a
  risk share changes one kind of term, the dates with distinct first months.
* a payment block: charges of one frequency in date order (dated charges and
  point values each from the start of a payment period), ``credit`` and
  ``points`` lines by status on contractual measures or ``each`` on count
  measures, a point value wherever there are points, a cap as a percentage
  of the charge, an amount or both, and warnings over windows of whole
  payment periods.

The layout is then made messy on purpose: clauses shuffled within each block
(a dated series keeps its order), extra spaces, tabs and newlines between any
two words, comments on lines of their own and at the ends of lines, numbers
and periods spelt every way the grammar allows (``£1,200,000``, ``22.0%``,
``2018/19   q1``), and sometimes CRLF line ends or a byte-order mark.

The drawing knows the language's rules, not the parser's code: it computes
the months periods start in itself, and never imports perfcontract.
"""

from __future__ import annotations

import functools
import itertools
import string
from dataclasses import dataclass, field
from decimal import Decimal

from hypothesis import strategies as st

__all__ = ["KEYWORDS_DRAWN", "contracts", "layout", "long_numbers", "quantities"]

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
ZERO = Decimal(0)
HUNDRED = Decimal(100)
PUNCTUATION = frozenset("{}:,")

# Every keyword the drawn contracts use; a test checks that the grammar has no other.
KEYWORDS_DRAWN = frozenset(
    [
        "contract",
        "council",
        "provider",
        "year",
        "starts",
        "reporting",
        "monthly",
        "quarterly",
        "annually",
        "group",
        "measure",
        "volumetric",
        "unit",
        "rate",
        "per",
        "percent",
        "count",
        "number",
        "days",
        "weeks",
        "money",
        "hours",
        "minutes",
        "working",
        "tonnes",
        "grade",
        "yes",
        "a",
        "numerator",
        "denominator",
        "window",
        "date",
        "rolling",
        "months",
        "quarters",
        "month",
        "quarter",
        "season",
        "profile",
        "higher",
        "lower",
        "is",
        "better",
        "target",
        "between",
        "and",
        "no",
        "tolerance",
        "within",
        "points",
        "of",
        "from",
        "rounded",
        "to",
        "dp",
        "aggregate",
        "mean",
        "sum",
        "last",
        "min",
        "max",
        "benchmark",
        "national",
        "regional",
        "statistical",
        "neighbours",
        "for",
        "description",
        "source",
        "owner",
        "risk",
        "share",
        "band",
        "up",
        "above",
        "cap",
        "gain",
        "payment",
        "charge",
        "credit",
        "each",
        "inside",
        "outside",
        "point",
        "value",
        "in",
        "warning",
    ]
)


# ---------------------------------------------------------------------------
# The contract as drawn, before layout


@dataclass
class Clause:
    """A clause as its words; clauses with the same ``series`` keep their order."""

    words: list[str]
    series: str | None = None


@dataclass
class Block:
    """A braced block: the words before its ``{`` and what it holds."""

    head: list[str]
    items: list[Item] = field(default_factory=list)
    series: str | None = None


Item = Clause | Block


@dataclass(frozen=True)
class Unit:
    """A unit's words and the values it allows, as the validator checks them."""

    words: tuple[str, ...]
    low: Decimal  # the lowest value drawn
    high: Decimal  # the highest value drawn
    places: int  # decimal places drawn
    mark: str  # "%" for percent, "£" for money, "" otherwise
    floor: bool  # the validator rejects values below 0
    ceiling: bool  # the validator rejects values above 100


UNITS = {
    "percent": Unit(("percent",), ZERO, HUNDRED, 2, "%", True, True),
    "count": Unit(("count",), ZERO, Decimal(5000), 0, "", True, False),
    "rate": Unit(("rate", "per"), ZERO, Decimal(2000), 2, "", True, False),
    "number": Unit(("number",), Decimal(-500), Decimal(5000), 3, "", False, False),
    "days": Unit(("days",), ZERO, Decimal(400), 1, "", True, False),
    "weeks": Unit(("weeks",), ZERO, Decimal(104), 1, "", True, False),
    "money": Unit(("money",), Decimal(-2_000_000), Decimal(50_000_000), 2, "£", False, False),
    "hours": Unit(("hours",), ZERO, Decimal(200), 2, "", True, False),
    "minutes": Unit(("minutes",), ZERO, Decimal(600), 1, "", True, False),
    "working days": Unit(("working", "days"), ZERO, Decimal(60), 1, "", True, False),
    "tonnes": Unit(("tonnes",), ZERO, Decimal(90_000), 3, "", True, False),
}
# Units whose values are words: a yes/no's, and a grade's labels.
WORDED = ("yes/no", "grade")
# Units a ratio can be in, and units a ratio's component cannot be in.
RATIO_UNITS = ("percent", "rate", "number")
UNDIVIDED = ("percent", "yes/no", "grade")
SUMMED = ("count", "tonnes", "money")  # units that roll up by sum unless told otherwise
_MONTHS_OF = {"monthly": 1, "quarterly": 3, "annually": 12}


@dataclass(frozen=True)
class When:
    """A period as written, and the ordinal of its first month (year * 12 + month - 1)."""

    text: str
    month: int


# ---------------------------------------------------------------------------
# Words: strings, numbers, periods


PLAIN = string.ascii_letters + string.digits + " '-()&,.:;/!?"
# Odd but allowed: a tab and a form feed are spacing, line and paragraph separators are
# text; other control characters (a vertical tab, NEL) are refused in a contract.
ODD = "#{}£%\t\u00e9\u00fc\u2019\u2013\U0001f600\x0c\u2028\u2029\u00a0"


# Refused in a contract's text: bidirectional embeddings, overrides and isolates.
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

# Strategies are built once: building one is far slower than drawing from it.
_STRING_TEXT = st.text(
    st.one_of(
        st.sampled_from(PLAIN),
        st.sampled_from(ODD + '"\\'),
        st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters='"\\' + _BIDI),
    ),
    max_size=24,
)
_NAMES = st.sampled_from(["Re-referrals", "x", "Children in need", "A"])
_COMMENT_TEXT = st.text(
    st.one_of(
        st.sampled_from(PLAIN),
        st.sampled_from(ODD + '"\\#\r'),
        st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters=_BIDI),
    ),
    max_size=30,
)
_COMMENT_GAP = st.sampled_from(["", " "])
_DIGIT_STYLES = st.sampled_from(["plain", "plain", "zeros", "grouped", "leading"])
_SUFFIXES = st.sampled_from(["", "", "k", "m", "bn"])
_PERIOD_KINDS = st.sampled_from(["year", "quarter", "month", "year", "quarter", "month", "half"])
_Q_GAPS = st.sampled_from([" ", " ", "  ", "\t", " \t ", "   "])
_QS = st.sampled_from("Qq")
_HS = st.sampled_from("Hh")
_METADATA_KEYS = st.lists(st.sampled_from(["description", "source", "owner"]), unique=True)
_YEAR_KINDS = st.sampled_from(["none", "year", "period"])
_COMPARATORS = ("national", "regional", "statistical neighbours")
_TOLERANCES = st.sampled_from(["value", "points", "relative"])
_BAND_TOLERANCES = st.sampled_from(["band", "points", "relative"])
_UNIT_NAMES = st.sampled_from(sorted(UNITS) + list(WORDED))
_SHAPES = st.sampled_from(["single", "band", "none"])
_POLARITIES = st.sampled_from(["higher", "lower"])
_RATE_BASES = st.sampled_from([1, 100, 1000, 10000, 100000, 1_000_000_000])
_AGGREGATES = st.sampled_from(["mean", "sum", "last", "min", "max"])
_FREQUENCIES = st.sampled_from(["monthly", "quarterly", "annually"])
_ZERO_PAD = st.sampled_from(["", "0"])
_SPACES = st.sampled_from(["  ", "\t", " \t", "   ", "\x0c", "\r", " \r\n "])
_EOL_GAPS = st.sampled_from([" ", "  ", "\t"])
_ITEM_GAPS = st.sampled_from(["\n", "\n", "\n", "\n\n", " ", "  ", "\n\n\n", "\t"])
_ENDINGS = st.sampled_from(["\n", "\n", "", "\n\n"])
_COMMENT_LEADS = st.sampled_from(["  ", " ", "", "\n", "\n\n"])
_TAIL_GAPS = st.sampled_from([" ", "\n", "\n\n"])


def text_of_string(draw: st.DrawFn, blank: bool = True) -> str:
    """The text inside a string literal (unescaped); not blank unless ``blank``."""
    text = draw(_STRING_TEXT)
    if not blank and not text.strip():
        text += draw(_NAMES)
    return text


def quoted(text: str) -> str:
    """A string literal: quotes and backslashes escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def comment(draw: st.DrawFn) -> str:
    """A comment: ``#`` and text to the end of the line, no trailing whitespace."""
    return ("#" + draw(_COMMENT_GAP) + draw(_COMMENT_TEXT)).rstrip()


def _digits(draw: st.DrawFn, value: Decimal) -> str:
    """A non-negative decimal spelt one of the ways NUMBER allows."""
    text = f"{value:f}"
    whole, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0")
    style = draw(_DIGIT_STYLES)
    if style == "zeros":
        fraction += "0" * draw(st.integers(1, 3))
    if style == "grouped" and len(whole) > 3:
        whole = f"{int(whole):,}"
    if style == "leading":
        whole = "0" + whole
    return whole + ("." + fraction if fraction else "")


def spell(draw: st.DrawFn, value: Decimal, mark: str) -> str:
    """A quantity spelt one of the ways the grammar allows: ``22.0%``, ``£1.2m``, ``1,250``."""
    sign = "-" if value < 0 or (value == 0 and draw(st.integers(0, 19)) == 0) else ""
    size = abs(value)
    if mark == "%":
        return sign + _digits(draw, size) + "%"
    if mark == "£" and draw(st.integers(0, 3)):
        suffix = draw(_SUFFIXES)
        scaled = size.scaleb(-{"": 0, "k": 3, "m": 6, "bn": 9}[suffix])
        return sign + "£" + _digits(draw, scaled) + suffix
    return sign + _digits(draw, size)


def _between(draw: st.DrawFn, low: Decimal, high: Decimal, places: int) -> Decimal:
    """A value from ``low`` to ``high`` with at most ``places`` decimals; ends drawn often."""
    scale = Decimal(10) ** places
    first = int((low * scale).to_integral_value(rounding="ROUND_CEILING"))
    last = int((high * scale).to_integral_value(rounding="ROUND_FLOOR"))
    if first > last:  # no grid point between them: both ends are values of the unit
        return low
    end = draw(st.integers(0, 5))  # an end of the range one time in three
    n = first if end == 0 else last if end == 1 else draw(st.integers(first, last))
    if places and draw(st.booleans()):  # a round value: 90%, £1.2m
        step = 10 ** draw(st.integers(1, places + 6))
        rounded = n - n % step
        if first <= rounded <= last:
            n = rounded
    return Decimal(n).scaleb(-places)


def quantities(unit: str = "percent") -> st.SearchStrategy[str]:
    """Values a measure of ``unit`` takes, spelt every way the grammar allows."""
    spec = UNITS[unit]

    @st.composite
    def draw_one(draw: st.DrawFn) -> str:
        return spell(draw, _between(draw, spec.low, spec.high, spec.places), spec.mark)

    return draw_one()


def _financial_year(year: int) -> str:
    return f"{year:04d}/{(year + 1) % 100:02d}"


def period(draw: st.DrawFn, year_start: int) -> When:
    """A financial year, half year, quarter or month, spelt as the grammar allows, and its
    first month."""
    year = draw(st.integers(2012, 2030))
    kind = draw(_PERIOD_KINDS)
    first = year * 12 + year_start - 1
    if kind == "year":
        return When(_financial_year(year), first)
    if kind == "half":
        h = draw(st.integers(1, 2))
        gap = draw(_Q_GAPS)
        return When(f"{_financial_year(year)}{gap}{draw(_HS)}{h}", first + 6 * h - 6)
    if kind == "quarter":
        q = draw(st.integers(1, 4))
        gap = draw(_Q_GAPS)
        return When(f"{_financial_year(year)}{gap}{draw(_QS)}{q}", first + 3 * q - 3)
    month = draw(st.integers(1, 12))
    return When(f"{year:04d}-{month:02d}", year * 12 + month - 1)


def periods(draw: st.DrawFn, year_start: int, most: int) -> list[When]:
    """Up to ``most`` periods with distinct first months, in date order."""
    drawn = [period(draw, year_start) for _ in range(draw(st.integers(0, most)))]
    by_month: dict[int, When] = {}
    for when in drawn:
        by_month.setdefault(when.month, when)
    return [by_month[m] for m in sorted(by_month)]


def _since(when: When | None) -> list[str]:
    return [] if when is None else ["from", when.text]


# ---------------------------------------------------------------------------
# Measures


def _metadata(draw: st.DrawFn) -> list[Clause]:
    keys = draw(_METADATA_KEYS)
    return [Clause([key, quoted(text_of_string(draw))]) for key in keys]


@dataclass
class _Term:
    start: When | None
    value: object  # a Decimal, a (low, high) band, or None for `no target`


def _in_force(terms: list[_Term], month: int) -> _Term | None:
    current = None
    for term in terms:
        if (-1 if term.start is None else term.start.month) <= month:
            current = term
    return current


def _target_series(draw: st.DrawFn, year_start: int, band: bool, spec: Unit) -> list[_Term]:
    """Targets in date order, at least one of them a value."""
    starts: list[When | None] = list(periods(draw, year_start, 3))
    if not starts or draw(st.booleans()):
        starts.insert(0, None)
    gone = [draw(st.integers(0, 4)) == 0 for _ in starts]
    if all(gone):
        gone[draw(st.integers(0, len(gone) - 1))] = False
    terms = []
    for start, none in zip(starts, gone, strict=True):
        if none:
            terms.append(_Term(start, None))
        elif band:
            low = _between(draw, spec.low, spec.high, spec.places)
            terms.append(_Term(start, (low, _between(draw, low, spec.high, spec.places))))
        else:
            terms.append(_Term(start, _between(draw, spec.low, spec.high, spec.places)))
    return terms


def _margin_room(spec: Unit, low: Decimal, high: Decimal, down: bool, up: bool) -> Decimal:
    """How many points a margin may widen ``low`` downwards and ``high`` upwards."""
    room = Decimal(10_000)
    if down and spec.floor:
        room = min(room, low - spec.low)
    if up and spec.ceiling:
        room = min(room, spec.high - high)
    return room


def _percent_room(spec: Unit, high: Decimal, down: bool, up: bool) -> Decimal:
    """How many per cent of a target a margin may widen it (targets from ``0`` to ``high``)."""
    room = Decimal(300)
    if down and spec.floor:  # t - t * r / 100 >= 0
        room = min(room, HUNDRED)
    if up and spec.ceiling and high > 0:  # t + t * r / 100 <= 100
        room = min(room, HUNDRED * (spec.high - high) / high)
    return room


def _tolerance(
    draw: st.DrawFn,
    spec: Unit,
    polarity: str,
    targets: list[_Term],
    start: When | None,
    per_year: bool = False,
) -> Clause:
    """A tolerance no better than any of the targets and inside the unit's range.

    Higher is better: at or below the lowest target; lower is better: at or
    above the highest; a band: containing every target band. A margin widens
    every target towards worse, so only its range needs checking.
    """
    values = [t.value for t in targets if t.value is not None]
    if polarity == "band":
        low = min(v[0] for v in values)  # type: ignore[index]
        high = max(v[1] for v in values)  # type: ignore[index]
        kind = draw(_BAND_TOLERANCES)
    else:
        low = min(values)  # type: ignore[type-var]
        high = max(values)  # type: ignore[type-var]
        kind = draw(_TOLERANCES)
    down, up = polarity in ("higher", "band"), polarity in ("lower", "band")
    if kind == "points" and per_year:  # points apply to each period's share: out of range
        kind = "percent"  # as easily as not, so a margin in per cent, which scales with it
    if kind == "value":
        lo, hi = (spec.low, low) if polarity == "higher" else (high, spec.high)
        words = ["tolerance", spell(draw, _between(draw, lo, hi, spec.places), spec.mark)]
        words += ["a", "year"] if per_year else []
    elif kind == "band":
        first = _between(draw, spec.low, low, spec.places)
        last = _between(draw, high, spec.high, spec.places)
        words = ["tolerance", "between", spell(draw, first, spec.mark), "and"]
        words.append(spell(draw, last, spec.mark))
    elif kind == "points":
        room = _margin_room(spec, low, high, down, up)
        points = _between(draw, ZERO, room, spec.places)
        mark = "£" if spec.mark == "£" else ""
        words = ["tolerance", "within", spell(draw, points, mark), "points", "of", "target"]
    else:
        share = _between(draw, ZERO, _percent_room(spec, high, down, up), 1)
        words = ["tolerance", "within", spell(draw, share, "%"), "of", "target"]
    return Clause(words + _since(start), "tolerance")


def _benchmarks(draw: st.DrawFn, spec: Unit, year_start: int) -> list[Clause]:
    """Benchmark clauses in date order; each comparator once a clause."""
    starts: list[When | None] = list(periods(draw, year_start, 2))
    if draw(st.booleans()):
        starts.insert(0, None)
    starts = starts[: draw(st.integers(0, len(starts)))]
    clauses = []
    for start in starts:
        names: list[str] = []
        for _ in range(draw(st.integers(1, 4))):
            which = draw(st.integers(0, 3))
            name = _COMPARATORS[which] if which < 3 else text_of_string(draw, blank=False)
            if name not in names and (which < 3 or name not in _COMPARATORS):
                names.append(name)
        names = names or ["national"]  # a string that spelt `national` was left out
        words = ["benchmark"]
        for i, name in enumerate(names):
            words += [","] if i else []
            if name == "statistical neighbours":
                words += ["statistical", "neighbours"]
            else:
                words.append(name if name in ("national", "regional") else quoted(name))
            words.append(spell(draw, _between(draw, spec.low, spec.high, spec.places), spec.mark))
        year = draw(_YEAR_KINDS)
        if year == "year":
            words += ["for", str(draw(st.integers(2010, 2030)))]
        elif year == "period":
            words += ["for", period(draw, year_start).text]
        clauses.append(Clause(words + _since(start), "benchmark"))
    return clauses


@dataclass
class Drawn:
    """What later measures need to know of a measure drawn earlier."""

    id: str
    unit: str
    months: int  # how many months one of its reports covers


@dataclass
class Context:
    """The contract a measure is drawn for: its year start, frequency and measures so far."""

    year_start: int
    months: int  # the contract's reporting, in months
    earlier: list[Drawn] = field(default_factory=list)


def _month_name(draw: st.DrawFn, number: int) -> str:
    """A month as `year starts` and `season` take it: in full or three letters, any case."""
    name = MONTHS[number - 1]
    return [name, name[:3], name.lower(), name.upper()[:3]][draw(st.integers(0, 3))]


def _when_due(draw: st.DrawFn, context: Context) -> tuple[list[Clause], int]:
    """A measure's own `reporting`, `season` and `window` (each drawn rarely), and how many
    months one of its reports covers."""
    items: list[Clause] = []
    months = context.months
    if draw_rarely(draw, 3):
        frequency = draw(_FREQUENCIES)
        items.append(Clause(["reporting", frequency]))
        months = _MONTHS_OF[frequency]
    if months < 12 and draw_rarely(draw, 4):
        if months == 1:
            first, last = draw(st.integers(1, 12)), draw(st.integers(1, 12))
        else:  # whole quarters of the contract's year
            start = context.year_start - 1
            first = (start + 3 * draw(st.integers(0, 3))) % 12 + 1
            last = (start + 2 + 3 * draw(st.integers(0, 3))) % 12 + 1
        items.append(Clause(["season", _month_name(draw, first), "to", _month_name(draw, last)]))
    if months < 12 and draw_rarely(draw, 4):
        if draw(st.booleans()):
            items.append(Clause(["window", "year", "to", "date"]))
        elif draw(st.booleans()):
            count = draw(st.integers(1, 12))
            unit = "quarter" if count == 1 else "quarters"
            items.append(Clause(["window", "rolling", draw(_ZERO_PAD) + str(count), unit]))
        else:
            count = draw(st.integers(1, 36 // months)) * months
            items.append(
                Clause(["window", "rolling", str(count), "month" if count == 1 else "months"])
            )
    return items, months


def _ratio(draw: st.DrawFn, context: Context, months: int) -> list[Clause]:
    """`numerator` and `denominator`: earlier measures that can be added up and are
    reported at least as often, or numbers (a denominator above zero); not both numbers."""
    usable = [d.id for d in context.earlier if d.unit not in UNDIVIDED and d.months <= months]
    if not usable:
        return []
    parts = []
    for which in ("numerator", "denominator"):
        if draw(st.integers(0, 2)):
            parts.append([which, draw(st.sampled_from(usable))])
        else:
            number = Decimal(draw(st.integers(1, 10**9))).scaleb(-draw(st.integers(0, 3)))
            parts.append([which, spell(draw, number, "")])
    if parts[0][1][:1].isdigit() and parts[1][1][:1].isdigit():
        parts[1][1] = draw(st.sampled_from(usable))
    return [Clause(words) for words in parts]


def _labels(draw: st.DrawFn) -> list[str]:
    """A grade's labels, two to five, no two the same ignoring case and surrounding spaces."""
    labels: list[str] = []
    keys: set[str] = set()
    for _ in range(draw(st.integers(2, 5))):
        label = text_of_string(draw, blank=False)
        if label.strip().casefold() not in keys:
            keys.add(label.strip().casefold())
            labels.append(label)
    while len(labels) < 2:
        extra = f"Grade {len(labels) + 1}"
        if extra.casefold() not in keys:
            keys.add(extra.casefold())
            labels.append(extra)
    return labels


def _as_written(draw: st.DrawFn, label: str) -> str:
    """A grade's label as a target or tolerance may write it: in another case sometimes."""
    other = label.swapcase()
    if draw(st.booleans()) and other.strip().casefold() == label.strip().casefold():
        return quoted(other)
    return quoted(label)


def _worded(
    draw: st.DrawFn, mid: str, unit_name: str, volumetric: bool, context: Context
) -> tuple[Block, int]:
    """A yes/no or grade measure: no polarity, no benchmarks, no rounding; a yes/no has
    `target yes` or `target no` and no tolerance, a grade labels for both."""
    labels = _labels(draw) if unit_name == "grade" else []
    if labels:
        unit = ["unit", "grade"]
        for i, label in enumerate(labels):
            unit += [",", quoted(label)] if i else [quoted(label)]
    else:
        unit = ["unit", "yes/no"]
    items: list[Item] = [Clause(unit)]
    due, months = _when_due(draw, context)
    items += due
    if not volumetric:
        starts: list[When | None] = list(periods(draw, context.year_start, 2))
        if not starts or draw(st.booleans()):
            starts.insert(0, None)
        gone = [draw(st.integers(0, 3)) == 0 for _ in starts]
        if all(gone):
            gone[0] = False
        word = draw(st.sampled_from(["yes", "no"]))
        places = [draw(st.integers(1, len(labels))) for _ in starts] if labels else []
        terms: list[_Term] = []
        for i, (start, none) in enumerate(zip(starts, gone, strict=True)):
            terms.append(_Term(start, None if none else (places[i] if labels else word)))
            if none:
                words = ["no", "target"]
            else:
                value = _as_written(draw, labels[places[i] - 1]) if labels else word
                words = ["target", value]
            items.append(Clause(words + _since(start), "target"))
        if labels:
            worst = min(t.value for t in terms if t.value is not None)  # type: ignore[type-var]
            for start in [None, *[t.start for t in terms if t.start is not None]][:2]:
                month = -1 if start is None else start.month
                term = _in_force(terms, month)
                if term is None or term.value is None or draw(st.booleans()):
                    continue
                place = draw(st.integers(1, worst))  # type: ignore[arg-type]
                words = ["tolerance", _as_written(draw, labels[place - 1])]
                items.append(Clause(words + _since(start), "tolerance"))
    if labels and draw(st.booleans()):
        items.append(Clause(["aggregate", draw(st.sampled_from(["last", "min", "max"]))]))
    items += _metadata(draw)
    title = quoted(text_of_string(draw, blank=False))
    return Block(["volumetric" if volumetric else "measure", mid, title], items), months


def measure(draw: st.DrawFn, mid: str, context: Context) -> Block:
    """A contractual or volumetric measure, valid whatever was drawn."""
    volumetric = draw(st.integers(0, 3)) == 0
    unit_name = draw(_UNIT_NAMES)
    if unit_name in WORDED:
        block, months = _worded(draw, mid, unit_name, volumetric, context)
        context.earlier.append(Drawn(mid, unit_name, months))
        return block
    year_start = context.year_start
    spec = UNITS[unit_name]
    unit = ["unit", *spec.words]
    if unit_name == "rate":
        base = draw(_RATE_BASES)
        unit.append(spell(draw, Decimal(base), ""))
    items: list[Item] = [Clause(unit)]
    due, months = _when_due(draw, context)
    items += due
    ratio = (
        _ratio(draw, context, months) if unit_name in RATIO_UNITS and draw_rarely(draw, 3) else []
    )
    items += ratio
    aggregate = draw(_AGGREGATES) if not ratio and draw(st.booleans()) else None
    if aggregate == "sum" and unit_name == "percent":  # percentages do not add up
        aggregate = "mean"
    summed = not ratio and (aggregate or ("sum" if unit_name in SUMMED else "mean")) == "sum"
    shape = "volumetric" if volumetric else draw(_SHAPES)
    per_year = summed and shape == "single" and draw_rarely(draw, 2)
    polarity = draw(_POLARITIES)
    if shape == "band":
        polarity = "band"
    elif shape != "single" and draw(st.booleans()):
        polarity = "none"
    if polarity in ("higher", "lower"):
        items.append(Clause([polarity, "is", "better"]))
    if shape in ("single", "band"):
        targets = _target_series(draw, year_start, shape == "band", spec)
        for term in targets:
            if term.value is None:
                words = ["no", "target"]
            elif isinstance(term.value, tuple):
                low, high = term.value
                words = ["target", "between", spell(draw, low, spec.mark), "and"]
                words.append(spell(draw, high, spec.mark))
            else:
                words = ["target", spell(draw, term.value, spec.mark)]  # type: ignore[arg-type]
                words += ["a", "year"] if per_year else []
            items.append(Clause(words + _since(term.start), "target"))
        # A tolerance may start only where a target (not `no target`) is in force.
        candidates: list[When | None] = [None]
        candidates += [t.start for t in targets if t.start is not None]
        candidates += [period(draw, year_start) for _ in range(draw(st.integers(0, 3)))]
        allowed: dict[int, When | None] = {}
        for when in candidates:
            month = -1 if when is None else when.month
            term = _in_force(targets, month)
            if term is not None and term.value is not None:
                allowed.setdefault(month, when)
        chosen = [month for month in sorted(allowed) if draw(st.integers(0, 2)) == 0][:3]
        for month in chosen:
            items.append(_tolerance(draw, spec, polarity, targets, allowed[month], per_year))
        if per_year and not draw_rarely(draw, 4):  # a profile three times in four
            # In season, every period's share is kept above nought: a profile giving the
            # periods a measure is due in nothing of the year is refused.
            seasonal = any(isinstance(i, Clause) and i.words[0] == "season" for i in items)
            items.append(Clause(["profile", *_profile(draw, some_each=seasonal)]))
    elif shape == "none":
        starts: list[When | None] = list(periods(draw, year_start, 2))
        if not starts or draw(st.booleans()):
            starts.insert(0, None)
        items += [Clause(["no", "target", *_since(s)], "target") for s in starts]
    if draw(st.booleans()):
        places = draw(st.integers(0, 15))
        written = draw(_ZERO_PAD) + str(places) if places < 10 else str(places)
        items.append(Clause(["rounded", "to", written, "dp"]))  # at most two digits
    if aggregate is not None:
        items.append(Clause(["aggregate", aggregate]))
    items += _benchmarks(draw, spec, year_start)
    items += _metadata(draw)
    title = quoted(text_of_string(draw, blank=False))
    context.earlier.append(Drawn(mid, unit_name, months))
    return Block(["volumetric" if volumetric else "measure", mid, title], items)


def _profile(draw: st.DrawFn, some_each: bool = False) -> list[str]:
    """Four or twelve percentages, adding up to exactly 100%: some of them zero, or with
    ``some_each`` none."""
    count = draw(st.sampled_from([4, 12]))
    places = draw(st.integers(0, 2))
    total = 100 * 10**places
    if some_each:  # distinct cuts: every share at least one unit
        cuts = sorted(
            draw(st.sets(st.integers(1, total - 1), min_size=count - 1, max_size=count - 1))
        )
    else:
        cuts = sorted(draw(st.integers(0, total)) for _ in range(count - 1))
    shares = [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]
    words: list[str] = []
    for i, share in enumerate(shares):
        words += [","] if i else []
        words.append(spell(draw, Decimal(share).scaleb(-places), "%").lstrip("-"))
    return words


# ---------------------------------------------------------------------------
# Risk share


def amount(draw: st.DrawFn, low: int = 0, high: int = 10**13) -> int:
    """An amount in whole pennies from ``low`` to ``high``, round ones drawn often."""
    pennies = draw(st.integers(low, high))
    if draw(st.integers(0, 2)):
        step = 10 ** draw(st.integers(2, 10))
        if low <= pennies - pennies % step:
            pennies -= pennies % step
    return pennies


def _money(draw: st.DrawFn, pennies: int) -> str:
    return spell(draw, Decimal(pennies).scaleb(-2), "£")


def _shares(draw: st.DrawFn) -> list[str]:
    """``council X%, provider Y%`` (either order) adding up to 100%."""
    council = Decimal(draw(st.integers(0, 10_000))).scaleb(-2)
    if draw(st.booleans()):
        council = council.to_integral_value()
    parts = [
        ["council", spell(draw, council, "%")],
        ["provider", spell(draw, HUNDRED - council, "%")],
    ]
    if draw(st.booleans()):
        parts.reverse()
    return [*parts[0], ",", *parts[1]]


def _bands(draw: st.DrawFn, since: list[str]) -> list[Clause]:
    """Bands from £0 ending ``above``, each dated ``since`` after its last share."""
    edges = sorted({amount(draw, 1) for _ in range(draw(st.integers(0, 4)))})
    bands: list[Clause] = []
    lower = 0
    for i, upper in enumerate(edges):
        if i == 0 and draw(st.booleans()):
            band = ["band", "up", "to", _money(draw, upper)]
        else:
            band = ["band", "from", _money(draw, lower), "to", _money(draw, upper)]
        bands.append(Clause([*band, ":", *_shares(draw), *since], "band"))
        lower = upper
    bands.append(
        Clause(["band", "above", _money(draw, lower), ":", *_shares(draw), *since], "band")
    )
    return bands


def _gain_bands(draw: st.DrawFn, since: list[str]) -> list[Clause]:
    """Gain-share bands that do not overlap, with gaps or not, in increasing order."""
    edges = sorted({amount(draw, 1) for _ in range(draw(st.integers(1, 4)))})
    bands: list[Clause] = []
    bounds = [0, *edges]
    for lower, upper in itertools.pairwise(bounds):
        if draw(st.booleans()):
            if lower == 0 and draw(st.booleans()):
                words = ["up", "to", _money(draw, upper)]
            else:
                words = ["from", _money(draw, lower), "to", _money(draw, upper)]
            head = ["gain", "share", "band", *words, ":"]
            bands.append(Clause([*head, *_shares(draw), *since], "gain band"))
    if not bands or draw(st.booleans()):
        head = ["gain", "share", "band", "above", _money(draw, bounds[-1]), ":"]
        bands.append(Clause([*head, *_shares(draw), *since], "gain band"))
    return bands


def risk_share(draw: st.DrawFn, year_start: int = 4) -> Block:
    """Plain shares or bands from £0 ending `above`, a provider or a council cap, a gain
    share and gain-share bands, shares that change from dates, metadata."""
    shares: list[Clause] = []
    bands: list[Clause] = []
    gains: list[Clause] = []
    gain_bands: list[Clause] = []
    if draw(st.booleans()):
        words = _shares(draw)
        shares += [Clause(words[:2]), Clause(words[3:])]
    else:
        bands += _bands(draw, [])
    if draw(st.booleans()):
        colon = [":"] if draw(st.booleans()) else []
        gains.append(Clause(["gain", "share", *colon, *_shares(draw)], "gain share"))
    if draw(st.integers(0, 2)) == 0:
        gain_bands += _gain_bands(draw, [])
    for when in periods(draw, year_start, 2):
        since = _since(when)
        kind = draw(st.sampled_from(["shares", "bands", "gain share", "gain bands"]))
        if kind == "shares":
            words = _shares(draw)
            shares += [Clause([*words[:2], *since]), Clause([*words[3:], *since])]
        elif kind == "bands":
            bands += _bands(draw, since)
        elif kind == "gain share":
            gains.append(Clause(["gain", "share", ":", *_shares(draw), *since], "gain share"))
        else:
            gain_bands += _gain_bands(draw, since)
    cap = draw(st.sampled_from(["none", "provider", "council"]))
    caps = [] if cap == "none" else [Clause([cap, "cap", _money(draw, amount(draw))])]
    items: list[Item] = [*shares, *bands]
    items += [c for c in caps if c.words[0] == "provider"]
    items += [c for c in caps if c.words[0] == "council"]
    items += [*gains, *gain_bands, *_metadata(draw)]
    return Block(["risk", "share"], items)


# ---------------------------------------------------------------------------
# Payment


_STATUS_WORDS = (("inside", "tolerance"), ("outside", "tolerance"))


def _dated_amounts(
    draw: st.DrawFn, head: list[str], tail: list[str], year_start: int, frequency: str
) -> list[Clause]:
    """One or more of ``head £… tail``, the first undated or not, the rest in date order,
    each starting with a payment period of ``frequency``."""
    span = _MONTHS_OF[frequency]
    starts: list[When | None] = [
        when for when in periods(draw, year_start, 2) if (when.month - (year_start - 1)) % span == 0
    ]
    if not starts or draw(st.booleans()):
        starts.insert(0, None)
    return [
        Clause([*head, _money(draw, amount(draw, 0, 10**11)), *tail, *_since(s)], head[0])
        for s in starts
    ]


def _rates(draw: st.DrawFn, kind: str, each: bool) -> list[str]:
    """A line's rates: ``X each``, or one or both statuses (either order)."""

    def rate() -> str:
        if kind == "credit":
            value = Decimal(draw(st.integers(0, 10_000))).scaleb(-2)
            return spell(draw, value, "%").lstrip("-")
        return spell(draw, Decimal(draw(st.integers(0, 10_000))).scaleb(-1), "").lstrip("-")

    if each:
        return [rate(), "each"]
    statuses = list(draw(st.permutations(_STATUS_WORDS)))[: draw(st.integers(1, 2))]
    words: list[str] = []
    for i, status in enumerate(statuses):
        words += [","] if i else []
        words += [rate(), *status]
    return words


def payment(draw: st.DrawFn, measures: list[Block], year_start: int) -> Block:
    """A payment block over the measures drawn (``measures``: their blocks)."""
    frequency = draw(_FREQUENCIES)
    items: list[Item] = list(_dated_amounts(draw, ["charge"], [frequency], year_start, frequency))
    points = False
    for block in measures:
        contractual = block.head[0] == "measure"
        counted = any(isinstance(c, Clause) and c.words == ["unit", "count"] for c in block.items)
        for kind in ("credit", "points"):
            if not draw(st.integers(0, 2)) or not (contractual or counted):
                continue
            each = counted and (not contractual or draw(st.booleans()))
            items.append(Clause([kind, block.head[1], *_rates(draw, kind, each)]))
            points = points or kind == "points"
    if points:
        items += _dated_amounts(draw, ["point", "value"], [], year_start, frequency)
    if draw(st.booleans()):
        items.append(
            Clause(["cap", spell(draw, Decimal(draw(st.integers(0, 100))), "%"), "of", "charge"])
        )
    if draw(st.booleans()):
        pounds = _money(draw, amount(draw, 0, 10**10))
        items.append(Clause(["cap", pounds if "£" in pounds else "£" + pounds.lstrip("-")]))
    windows: set[tuple[int, int]] = set()
    step = _MONTHS_OF[frequency]
    for _ in range(draw(st.integers(0, 3)) if points else 0):
        windows.add((draw(st.integers(1, 5000)), step * draw(st.integers(1, 24 // step or 1))))
    for threshold, months in sorted(windows):
        length = ["in", str(months), "month" if months == 1 else "months"]
        if months % 3 == 0 and draw(st.booleans()):
            length = ["in", str(months // 3), "quarter" if months == 3 else "quarters"]
        items.append(Clause(["warning", str(threshold), "points", *length]))
    items += _metadata(draw)
    return Block(["payment"], items)


# ---------------------------------------------------------------------------
# The contract


MEASURE_ID = st.one_of(
    st.from_regex(r"[A-Z]{1,3}[0-9]{1,3}", fullmatch=True),
    st.from_regex(r"[A-Za-z][A-Za-z0-9]{0,7}", fullmatch=True),
    st.from_regex(r"[A-Za-z](?:[A-Za-z0-9_.-]{0,6}[A-Za-z0-9_])?", fullmatch=True),
    st.sampled_from(["target", "unit", "Q1", "measure", "risk"]),  # keywords are ids here too
)


def contract_tree(draw: st.DrawFn, max_groups: int = 3, max_measures: int = 4) -> Block:
    """The contract as blocks and clauses, valid, in canonical order."""
    items: list[Item] = []
    for party in ("council", "provider"):
        if draw(st.booleans()):
            items.append(Clause([party, quoted(text_of_string(draw))]))
    year_start = 4
    if draw(st.booleans()):
        year_start = draw(st.integers(1, 12))
        items.append(Clause(["year", "starts", _month_name(draw, year_start)]))
    context = Context(year_start, 3)
    if draw(st.booleans()):
        frequency = draw(_FREQUENCIES)
        context.months = _MONTHS_OF[frequency]
        items.append(Clause(["reporting", frequency]))
    items += _metadata(draw)

    group_names = list(
        dict.fromkeys(text_of_string(draw, blank=False) for _ in range(_some(draw, max_groups)))
    )
    ids: list[str] = []
    while len(ids) < max_measures * len(group_names):
        mid = draw(MEASURE_ID)
        if mid not in ids:
            ids.append(mid)
    for name in group_names:
        group = Block(["group", quoted(name)], _metadata(draw))
        for _ in range(_some(draw, max_measures)):
            group.items.append(measure(draw, ids.pop(), context))
        items.append(group)
    if draw(st.booleans()):
        items.append(risk_share(draw, year_start))
    if draw(st.booleans()):
        drawn = [m for g in items if isinstance(g, Block) for m in g.items if isinstance(m, Block)]
        items.append(payment(draw, drawn, year_start))
    return Block(["contract", quoted(text_of_string(draw, blank=False))], items)


# ---------------------------------------------------------------------------
# Layout


def _shuffled(draw: st.DrawFn, items: list[Item]) -> list[Item]:
    """The items in a random order, each series keeping its own order."""
    order = draw(st.permutations(items))
    positions: dict[str, list[int]] = {}
    for i, item in enumerate(order):
        if item.series is not None:
            positions.setdefault(item.series, []).append(i)
    result = list(order)
    for series, places in positions.items():
        members = [item for item in items if item.series == series]
        for place, item in zip(places, members, strict=True):
            result[place] = item
    return result


def _some(draw: st.DrawFn, most: int) -> int:
    """How many: from 1 to ``most`` mostly, none one time in eight."""
    return 0 if draw_rarely(draw, 8) else draw(st.integers(1, max(1, most)))


def draw_rarely(draw: st.DrawFn, one_in: int) -> bool:
    """True one time in ``one_in``."""
    return draw(st.integers(0, one_in - 1)) == 0


@functools.cache
def _pads(depth: int) -> st.SearchStrategy[str]:
    return st.sampled_from(["    " * depth, "  " * depth, "\t" * depth, "", " "])


class _Writer:
    """Writes a contract's words with random spacing and comments between them."""

    def __init__(self, draw: st.DrawFn, messy: bool, comments: bool) -> None:
        self.draw = draw
        self.messy = messy
        self.comments = comments
        self.parts: list[str] = []

    def pad(self, depth: int) -> str:
        if not self.messy:
            return "    " * depth
        return self.draw(_pads(depth))

    def between_words(self, before: str, after: str, depth: int) -> str:
        """What goes between two words of one clause or block head."""
        if not self.messy:
            return " "
        roll = self.draw(st.integers(0, 99))
        if roll < 4 and self.comments:  # after the word, glued to it, or on a line of its own
            before_comment = self.draw(_COMMENT_LEADS) + self.pad(depth + 1)
            return before_comment + comment(self.draw) + "\n" + self.pad(depth + 1)
        if roll < 8:
            return "\n" + self.pad(depth + 1)
        if roll < 14 and (before in PUNCTUATION or after in PUNCTUATION):
            return ""
        if roll < 20:
            return self.draw(_SPACES)
        return " "

    def between_items(self, depth: int) -> str:
        """What goes between two clauses or blocks: space, newlines, comments."""
        parts = []
        if self.comments:
            eol = self.draw(st.integers(0, 5)) == 0
            if eol:
                parts.append(self.draw(_EOL_GAPS) + comment(self.draw))
            for _ in range(
                self.draw(st.integers(0, 2)) if self.draw(st.integers(0, 4)) == 0 else 0
            ):
                parts.append("\n" * self.draw(st.integers(1, 2)) + self.pad(depth))
                parts.append(comment(self.draw))
            if parts:
                return "".join(parts) + "\n" + self.pad(depth)
        if not self.messy:
            return "\n" + self.pad(depth)
        return self.draw(_ITEM_GAPS) + self.pad(depth)

    def words(self, words: list[str], depth: int) -> None:
        # Most clauses are written plainly; a messy one has a draw between every two words.
        messy = self.messy and draw_rarely(self.draw, 3)
        for i, word in enumerate(words):
            if i:
                gap = self.between_words(words[i - 1], word, depth) if messy else " "
                self.parts.append(gap)
            self.parts.append(word)

    def block(self, block: Block, depth: int) -> None:
        self.words(block.head, depth)
        self.parts.append(self.between_words(block.head[-1], "{", depth))
        self.parts.append("{")
        items = _shuffled(self.draw, block.items) if self.messy else block.items
        for item in items:
            self.parts.append(self.between_items(depth + 1))
            if isinstance(item, Block):
                self.block(item, depth + 1)
            else:
                self.words(item.words, depth + 1)
        self.parts.append(self.between_items(depth))
        self.parts.append("}")


@st.composite
def layout(draw: st.DrawFn, tree: Block, messy: bool = True, comments: bool = True) -> str:
    """The text of ``tree``, laid out at random (or one clause a line if not ``messy``)."""
    writer = _Writer(draw, messy, comments)
    if comments:
        for _ in range(draw(st.integers(0, 2))):
            writer.parts.append(comment(draw) + "\n" * draw(st.integers(1, 2)))
    writer.block(tree, 0)
    if comments and draw(st.booleans()):
        writer.parts.append(draw(_TAIL_GAPS) + comment(draw))
    writer.parts.append(draw(_ENDINGS) if messy else "\n")
    text = "".join(writer.parts)
    if messy and draw(st.integers(0, 4)) == 0:
        text = text.replace("\n", "\r\n")
    if messy and draw(st.integers(0, 9)) == 0:
        text = "\ufeff" + text
    return text


@st.composite
def contracts(
    draw: st.DrawFn,
    max_groups: int = 3,
    max_measures: int = 4,
    messy: bool = True,
    comments: bool = True,
) -> str:
    """The text of a valid contract, laid out at random, with comments.

    ``messy=False`` lays it out one clause a line in canonical order, and
    ``comments=False`` leaves comments out.
    """
    return draw(layout(contract_tree(draw, max_groups, max_measures), messy, comments))


# ---------------------------------------------------------------------------
# Numbers of any length


_DIGIT_CHARS = st.sampled_from("0123456789")


def _long_digits(draw: st.DrawFn, most_whole: int, most_fraction: int) -> str:
    whole = draw(st.text(_DIGIT_CHARS, min_size=1, max_size=most_whole)).lstrip("0") or "0"
    fraction = draw(st.text(_DIGIT_CHARS, max_size=most_fraction))
    return whole + ("." + fraction if fraction else "")


@st.composite
def long_numbers(draw: st.DrawFn) -> str:
    """A valid contract whose values have up to 15 whole and 35 decimal digits.

    A number, a money and a percent measure: the units whose values the
    validator bounds only by size (under 10^15 either way) or by 0-100%, so
    any number of decimal places is valid.
    """
    numbers = [draw(st.sampled_from(["", "-"])) + _long_digits(draw, 15, 35) for _ in range(2)]
    suffix = draw(_SUFFIXES)
    whole = 15 - {"": 0, "k": 3, "m": 6, "bn": 9}[suffix]  # the suffix's zeros count too
    money = draw(st.sampled_from(["", "-"])) + "£" + _long_digits(draw, whole, 30) + suffix
    percent = f"{draw(st.integers(0, 99))}.{draw(st.text(_DIGIT_CHARS, min_size=1, max_size=35))}"
    # A target is compared with readings as a float, so one with more digits than a float
    # holds is refused; benchmarks keep any digits (shown, never compared with a reading).
    return (
        'contract "long numbers" { group "g" {\n'
        f'    volumetric V1 "t" {{ unit number benchmark national {numbers[0]},'
        f" regional {numbers[1]} }}\n"
        f'    measure M1 "t" {{ unit money no target benchmark national {money} }}\n'
        f'    measure P1 "t" {{ unit percent no target benchmark national {percent}% }}\n'
        "} }\n"
    )
