"""Renderers for reports: values and terms in words, HTML, Markdown and SVG trend lines.

The numbers a report prints are written here once, in one way, so that a
card, a table row, a trend line's description and a CSV cell always agree.
A value is shown as the contract states it: rounded half away from zero on
its decimal value, to the measure's ``rounded to N dp`` (exactly N
decimals), else to no more decimals than it needs, at most two (whole
numbers for counts); money always in pounds and pence. Python and JSON keep
the full value; only what is shown is rounded.

```pycon
>>> import perfcontract as pc
>>> contract = pc.load("examples/dcst-2017-18.contract")
>>> format_value(15.725000000000001, contract["C15"]), format_value(90.4, contract["A2"])
('15.73%', '90%')
>>> format_value(1789.0, contract["E1"]), format_value(float("nan"), contract["E1"])
('1,789', 'no data')
>>> format_value(4.2e6, pc.Unit(pc.UnitKind.MONEY))
'£4,200,000.00'

```
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import TYPE_CHECKING, NamedTuple

from perfcontract.model import Band, Measure, Polarity, Unit, UnitKind

if TYPE_CHECKING:
    from perfcontract.evaluation import MeasureResult
    from perfcontract.report import TrendPoint

__all__ = [
    "csv_term",
    "csv_value",
    "format_gap",
    "format_number",
    "format_term",
    "format_value",
    "shown_decimal",
    "shown_places",
    "term_text",
]

# How a unit's values are shown when the measure does not say `rounded to N dp`:
# (places, fixed). A value shows at most `places` decimals, trailing zeros dropped,
# or, when `fixed`, exactly `places` (money's pence). A unit not listed shows at
# most two decimals: percent, rates, plain numbers, every time unit (hours,
# minutes, days, working days, weeks) and tonnes.
_PLACES: dict[UnitKind, tuple[int, bool]] = {
    UnitKind.COUNT: (0, False),
    UnitKind.MONEY: (2, True),
}
_AT_MOST_TWO = (2, False)

# Units written after the number, singular and plural: `1 day`, `12 days`.
_NAMES: dict[UnitKind, tuple[str, str]] = {
    UnitKind.DAYS: ("day", "days"),
    UnitKind.WEEKS: ("week", "weeks"),
    UnitKind.HOURS: ("hour", "hours"),
    UnitKind.MINUTES: ("minute", "minutes"),
    UnitKind.WORKING_DAYS: ("working day", "working days"),
    UnitKind.TONNES: ("tonne", "tonnes"),
}


def _label(value: float, unit: Unit) -> str:
    """A yes/no or grade value as its word; a value that is none of them (never read,
    but a Python caller may pass one) as a number of at most two decimals."""
    label = unit.label_of(value)
    return label if label is not None else _thousands_number(_shown(value, 2, False))


def _thousands_number(parts: tuple[bool, str, str]) -> str:
    below, whole, decimals = parts
    number = f"{_thousands(whole)}.{decimals}" if decimals else _thousands(whole)
    return f"-{number}" if below else number


# Units whose values are shown as words, not numbers: a function of the value and
# the unit, used by every output, CSV included. Yes/no: 1 is "yes", 0 "no"; a
# grade: the value is the 1-based position of its label in `unit.labels`, worst first.
_WORDS: dict[UnitKind, Callable[[float, Unit], str]] = {
    UnitKind.YES_NO: _label,
    UnitKind.GRADE: _label,
}


class _Display(NamedTuple):
    """How one measure's (or unit's) values are shown, worked out once."""

    places: int
    fixed: bool  # exactly `places` decimals, trailing zeros kept
    before: str  # "£"
    after: str  # "%", " weeks"
    after_one: str  # " week"
    words: Callable[[float], str] | None  # a unit shown in words


def _display_of(shown_as: Measure | Unit) -> _Display:
    unit = shown_as.unit if isinstance(shown_as, Measure) else shown_as
    kind = unit.kind
    rounding = shown_as.rounding if isinstance(shown_as, Measure) else None
    places, fixed = (rounding, True) if rounding is not None else _PLACES.get(kind, _AT_MOST_TWO)
    before = "£" if kind is UnitKind.MONEY else ""
    after = after_one = "%" if kind is UnitKind.PERCENT else ""
    names = _NAMES.get(kind)
    if names is not None:
        after_one, after = f" {names[0]}", f" {names[1]}"
    words = _WORDS.get(kind)
    said = None if words is None else (lambda value: words(value, unit))
    return _Display(places, fixed, before, after, after_one, said)


# Each measure's display, by identity (hashing a measure would hash all its terms,
# and a report shows each measure's values many times). An entry holds its measure,
# so the identity cannot be reused while the entry is kept.
_DISPLAYS: dict[int, tuple[Measure | Unit, _Display]] = {}
_MOST_DISPLAYS = 4096


def _display(shown_as: Measure | Unit) -> _Display:
    found = _DISPLAYS.get(id(shown_as))
    if found is not None and found[0] is shown_as:
        return found[1]
    display = _display_of(shown_as)
    if len(_DISPLAYS) >= _MOST_DISPLAYS:
        _DISPLAYS.clear()
    _DISPLAYS[id(shown_as)] = (shown_as, display)
    return display


def shown_places(shown_as: Measure | Unit) -> tuple[int, bool]:
    """How many decimals a value of this measure (or unit) shows, and whether always that many.

    ``(N, True)`` for a measure that says ``rounded to N dp``: exactly N
    decimals, trailing zeros kept. Otherwise by its unit: ``(0, False)``
    for counts, ``(2, True)`` for money (pence always shown), ``(2, False)``
    for everything else (at most two decimals, trailing zeros dropped).

    ```pycon
    >>> import perfcontract as pc
    >>> contract = pc.load("examples/dcst-2017-18.contract")
    >>> shown_places(contract["A2"]), shown_places(contract["A1"]), shown_places(contract["E1"])
    ((0, True), (2, False), (0, False))
    >>> shown_places(pc.Unit(pc.UnitKind.MONEY))
    (2, True)

    ```
    """
    display = _display(shown_as)
    return display.places, display.fixed


def shown_decimal(value: float | Decimal, shown_as: Measure | Unit) -> Decimal:
    """A value exactly as it is shown: its decimal value rounded half away from zero.

    A float is taken as the shortest decimal that reads back as it (so
    ``15.725000000000001`` is 15.725000000000001 and ``2.675``, stored just
    below, is 2.675), then rounded at :func:`shown_places`, half away from
    zero as a spreadsheet rounds. Trailing zeros are dropped unless the
    places are fixed; nought has no sign. NaN and infinities come back as
    the Decimal NaN and infinities.

    ```pycon
    >>> import perfcontract as pc
    >>> percent, money = pc.Unit(pc.UnitKind.PERCENT), pc.Unit(pc.UnitKind.MONEY)
    >>> shown_decimal(15.725000000000001, percent), shown_decimal(2.675, percent)
    (Decimal('15.73'), Decimal('2.68'))
    >>> shown_decimal(-2.5, pc.Unit(pc.UnitKind.COUNT)), shown_decimal(26.0, percent)
    (Decimal('-3'), Decimal('26'))
    >>> shown_decimal(4.2e6, money), shown_decimal(-0.001, percent)
    (Decimal('4200000.00'), Decimal('0'))

    ```
    """
    if not _finite(value):
        return value if isinstance(value, Decimal) else Decimal(value)
    display = _display(shown_as)
    return Decimal(_plain(*_shown(value, display.places, display.fixed)))


# Enough digits for any float's decimal form rounded at 15 places, and more.
_EXACT = Context(prec=400, rounding=ROUND_HALF_UP)
_QUANTA = [Decimal(1).scaleb(-places) for places in range(16)]


def _shown(value: float | Decimal, places: int, fixed: bool) -> tuple[bool, str, str]:
    """A finite value rounded half away from zero at ``places``, in parts.

    The parts are: whether it is below nought (nought never is), its whole
    digits and its decimals. A float is rounded as its shortest form
    (``repr``) reads, digit by digit: the digits kept go up by one when the
    first digit dropped is 5 or more, which is half away from zero on that
    decimal, exactly, with no Decimal arithmetic. A float written with an
    exponent, and a Decimal, are rounded as Decimals. Trailing zeros are
    dropped unless ``fixed``; then there are exactly ``places`` decimals.
    """
    if isinstance(value, Decimal):
        return _shown_decimal(value, places, fixed)
    text = repr(value if value.__class__ is float else float(value))
    if "e" in text:
        return _shown_decimal(Decimal(text), places, fixed)
    below = text[0] == "-"
    whole, _, decimals = (text[1:] if below else text).partition(".")
    if decimals == "0":
        decimals = ""
    if len(decimals) > places:  # round the digits, as the decimal reads
        kept = str(int(whole + decimals[:places]) + (decimals[places] >= "5"))
        if places:
            kept = kept.rjust(places + 1, "0")
            whole, decimals = kept[:-places], kept[-places:]
        else:
            whole, decimals = kept, ""
        if not fixed:
            decimals = decimals.rstrip("0")
    elif fixed:
        decimals = decimals.ljust(places, "0")
    if below and whole == "0" and not decimals.strip("0"):
        below = False
    return below, whole, decimals


@functools.lru_cache(maxsize=4096)  # terms and benchmarks: the same few decimals, shown often
def _shown_decimal(value: Decimal, places: int, fixed: bool) -> tuple[bool, str, str]:
    context = _EXACT
    if value.adjusted() + places + 2 > context.prec:  # a Decimal beyond any float
        context = Context(prec=value.adjusted() + places + 2, rounding=ROUND_HALF_UP)
    quantum = _QUANTA[places] if places < len(_QUANTA) else Decimal(1).scaleb(-places)
    text = f"{value.quantize(quantum, context=context):f}"
    below = text[0] == "-"
    whole, _, decimals = (text[1:] if below else text).partition(".")
    if not fixed:
        decimals = decimals.rstrip("0")
    if below and whole == "0" and not decimals.strip("0"):
        below = False
    return below, whole, decimals


def _plain(below: bool, whole: str, decimals: str) -> str:
    """A value's parts as a plain number: ``-1234.50``."""
    number = f"{whole}.{decimals}" if decimals else whole
    return f"-{number}" if below else number


_FLOAT_DIGITS = 309  # whole digits of the largest float


def _thousands(whole: str) -> str:
    """Whole digits with a comma before each group of three: ``1,234,567``, any length.

    The digits never start with a nought (but nought itself), so those of any
    float are read as an integer and written with Python's own separators.
    """
    if len(whole) <= 3:
        return whole
    if len(whole) <= _FLOAT_DIGITS:
        return f"{int(whole):,}"
    first = len(whole) % 3 or 3
    return whole[:first] + "".join(f",{whole[i : i + 3]}" for i in range(first, len(whole), 3))


def _finite(value: float | Decimal) -> bool:
    return value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)


def format_number(value: float | Decimal) -> str:
    """A number as written, with thousands separated: no float noise, nothing rounded away.

    The lower level: :func:`format_value` rounds first, as the contract
    states, then writes the number this way.

    ```pycon
    >>> format_number(1937.0), format_number(0.04), format_number(Decimal("1234.50"))
    ('1,937', '0.04', '1,234.50')
    >>> format_number(-2.5e-07)
    '-0.00000025'

    ```
    """
    if isinstance(value, Decimal):
        return f"{value:,f}"
    number = Decimal(repr(value))  # the shortest decimal that reads back as this float
    if number == number.to_integral_value():
        return f"{int(number):,}"  # 26.0 is 26; 1e28 is written out in full
    return f"{number:,f}"


Terms = tuple["Decimal | Band | None", "Decimal | Band | None"]  # a target and a tolerance


def format_value(
    value: float | Decimal, shown_as: Measure | Unit, *, rated_against: Terms | None = None
) -> str:
    """A value as the contract states it, in its unit: ``15.73%``, ``1,789``, ``£4,200,000.00``.

    The value is rounded as :func:`shown_decimal` says (the measure's
    ``rounded to N dp``, else at most two decimals, whole numbers for
    counts, pence for money), thousands are separated, and the unit is
    written: ``%`` after a percentage, ``£`` before money (``-£1,234.56``
    when negative), the name after a time or tonnes (``12 days``, ``1 week``,
    ``2.31 minutes``, ``24,494.5 tonnes``); a count, a rate and a plain
    number are bare. A yes/no value is ``yes`` or ``no``, a grade its
    label. NaN is ``no data``, an infinity ``∞`` in its unit. Given a
    :class:`~perfcontract.model.Unit` alone, there is no ``rounded to N dp``
    to follow.

    ``rated_against``, the target and tolerance a measure's value was rated
    against, shows the value with as many more decimals as it takes for the
    figure shown to be rated as the value is: 44.996% short of a 45% target
    is ``44.996%``, never ``45%`` beside "inside tolerance".

    ```pycon
    >>> import perfcontract as pc
    >>> from decimal import Decimal
    >>> contract = pc.load("examples/dcst-2017-18.contract")
    >>> terms = (Decimal(45), Decimal(40))
    >>> [format_value(v, contract["A4"], rated_against=terms) for v in (44.996, 45.004, 44.5)]
    ['44.996%', '45%', '44.5%']
    >>> format_value(86.825, contract["A4"]), format_value(0.045, contract["FO3"])
    ('86.83%', '0.05')
    >>> format_value(25.8, contract["FS2"]), format_value(1.0, contract["FS2"])
    ('25.8 weeks', '1 week')
    >>> format_value(-1234.5, pc.Unit(pc.UnitKind.MONEY)), format_value(math.inf, contract["A1"])
    ('-£1,234.50', '∞%')
    >>> grade = pc.Unit(pc.UnitKind.GRADE, labels=("Inadequate", "Good", "Outstanding"))
    >>> format_value(1.0, pc.Unit(pc.UnitKind.YES_NO)), format_value(2, grade)
    ('yes', 'Good')
    >>> format_value(2.3083, pc.Unit(pc.UnitKind.MINUTES))
    '2.31 minutes'

    ```
    """
    display = _display(shown_as)
    if rated_against is not None:
        display = _rated_display(value, shown_as, display, rated_against)
    return _formatted(value, display)


def _rated_display(
    value: float | Decimal, shown_as: Measure | Unit, display: _Display, terms: Terms
) -> _Display:
    """``display`` with as many more decimals as it takes for ``value``, as shown, to be
    rated against ``terms`` as ``value`` itself is (see :func:`format_value`)."""
    target, tolerance = terms
    if (
        target is None
        or display.words is not None
        or not isinstance(shown_as, Measure)
        or shown_as.rounding is not None  # rated as shown already
    ):
        return display
    x = float(value)
    places = display.places
    if value.__class__ is float and round(x, places) == x:
        return display  # no more decimals than are shown: shown as it is, rated as it is
    if not math.isfinite(x):
        return display
    bounds = _bounds_of(shown_as.polarity, target, tolerance)
    if bounds is None:
        return display
    reach = _REACH[places] if places < len(_REACH) else 0.5 * 10.0**-places * (1 + 1e-6)
    reach += math.ulp(x)  # the distance may be off by half a unit in the last place of x,
    for edge, slack in bounds[4]:  # and of the edge
        if abs(x - edge) <= reach + slack:
            break
    else:
        return display  # rounding moves it less than its distance to any edge
    on_low, on_high, within_low, within_high, _ = bounds

    def rating(x: float) -> int:
        if on_low <= x <= on_high:
            return 2
        return 1 if within_low <= x <= within_high else 0

    rated = rating(x)
    if rating(float(_plain(*_shown(value, display.places, display.fixed)))) == rated:
        return display
    exact = _decimals_of(value if isinstance(value, Decimal) else Decimal(repr(float(value))))
    for places in range(display.places + 1, exact):
        if rating(float(_plain(*_shown(value, places, display.fixed)))) == rated:
            return display._replace(places=places)
    return display._replace(places=exact)  # the value's own digits, rated as it is


# How far rounding at N places can move a value, and a little more: a value further than
# this (and the float error of the distance) from every edge keeps its rating.
_REACH = [0.5 * 10.0**-places * (1 + 1e-6) for places in range(16)]


_Bounds = tuple[float, float, float, float, tuple[tuple[float, float], ...]]

# Each set of terms' bounds, by the identity of its polarity, target and tolerance: a
# report shows every measure's value beside the same objects many times, and hashing a
# Decimal or a Band each time would cost more than the check itself. Each entry holds its
# terms, so that their identities cannot be reused while it is kept.
_BOUNDS_SEEN: dict[tuple[int, int, int], tuple[object, object, _Bounds | None]] = {}
_MOST_BOUNDS_SEEN = 4096


def _bounds_of(
    polarity: Polarity, target: Decimal | Band, tolerance: Decimal | Band | None
) -> _Bounds | None:
    """:func:`_bounds`, kept by the identity of the terms."""
    key = (id(polarity), id(target), id(tolerance))
    found = _BOUNDS_SEEN.get(key)
    if found is not None and found[0] is target and found[1] is tolerance:
        return found[2]
    # by value: terms worked out for each period (a summed measure's) are new objects
    bounds = _bounds(polarity._value_, target, tolerance)  # an enum's value hashes in C
    if len(_BOUNDS_SEEN) >= _MOST_BOUNDS_SEEN:
        _BOUNDS_SEEN.clear()
    _BOUNDS_SEEN[key] = (target, tolerance, bounds)
    return bounds


@functools.lru_cache(maxsize=4096)
def _bounds(
    polarity: str, target: Decimal | Band, tolerance: Decimal | Band | None
) -> _Bounds | None:
    """The on-target and inside-tolerance intervals of these terms, as the engine rates by
    them, and their finite edges, each with its unit in the last place; None when they
    rate nothing."""
    from perfcontract.engine import Thresholds  # only once values have been rated

    try:
        t = Thresholds.for_terms(Polarity(polarity), target, tolerance)
    except ValueError:  # terms that rate nothing (a reversed band) leave the value as it is
        return None
    if not t.rated:
        return None
    edges = (float(t.on_low), float(t.on_high), float(t.within_low), float(t.within_high))
    finite = tuple((edge, math.ulp(edge)) for edge in edges if math.isfinite(edge))
    return (*edges, finite)


def _formatted(value: float | Decimal, display: _Display) -> str:
    """:func:`format_value` with the display worked out."""
    if value.__class__ is float and not display.fixed and display.words is None:
        text = _unrounded(value, display)  # most readings: nothing to round
        if text is not None:
            return text
    if value != value:  # NaN, float or Decimal
        return "no data"
    if display.words is not None:
        return display.words(float(value))
    if _finite(value):
        below, whole, decimals = _shown(value, display.places, display.fixed)
        if len(whole) > 3:
            whole = _thousands(whole)
        number = f"{whole}.{decimals}" if decimals else whole
    else:
        below, number = value < 0, "∞"
    after = display.after_one if number == "1" else display.after
    return f"{'-' if below else ''}{display.before}{number}{after}"


def _unrounded(value: float, display: _Display) -> str | None:
    """:func:`_formatted` of a float whose shortest form (``repr``) has no more decimals than
    ``display`` shows, when the display fixes none and shows no words: that form with its
    thousands separated and its unit. None for a float written otherwise (an exponent, an
    infinity, NaN, more decimals): :func:`_formatted` writes it."""
    whole, _, decimals = repr(value).partition(".")
    if decimals == "0":
        decimals = ""
    elif not decimals.isdigit() or len(decimals) > display.places:
        return None
    below = whole[0] == "-"
    if below:
        whole = whole[1:]
        below = whole != "0" or decimals != ""  # nought has no sign
    if len(whole) > 3:
        whole = _thousands(whole)
    number = f"{whole}.{decimals}" if decimals else whole
    after = display.after_one if number == "1" else display.after
    return f"{'-' if below else ''}{display.before}{number}{after}"


def format_term(term: Decimal | Band | None, shown_as: Measure | Unit) -> str:
    """A target, tolerance or benchmark, shown as :func:`format_value` shows a value.

    A band is ``low to high``; ``None`` is ``none``. A term keeps the decimals
    it has beyond what the measure's values show, as many as six (a target of
    92.4% for a measure ``rounded to 0 dp`` is ``92.4%``); one with more, a
    count's share of a year's target, say, shows two more than the values
    (``56,333.33``): neither reads as a whole number a reading meets.

    ```pycon
    >>> from decimal import Decimal
    >>> from perfcontract.model import Unit, UnitKind
    >>> format_term(Decimal("22"), Unit(UnitKind.PERCENT)), format_term(None, Unit(UnitKind.COUNT))
    ('22%', 'none')
    >>> format_term(Band(Decimal(5), Decimal("9.125")), Unit(UnitKind.PERCENT))
    '5% to 9.125%'
    >>> count = Unit(UnitKind.COUNT)
    >>> format_term(Decimal(169000) / 3, count), format_term(Decimal(169000), count)
    ('56,333.33', '169,000')

    ```
    """
    if term is None:
        return "none"
    return _term_text(term, _display(shown_as))


# A contract's terms are few and each is shown many times (a card, a row, a trend line's
# title, every measure with the same target): each is written once for each way of showing
# it. Equal terms are written alike (22.50 as 22.5), so they may share an entry.
@functools.lru_cache(maxsize=4096)
def _term_text(term: Decimal | Band, display: _Display) -> str:
    """:func:`format_term` of a term, with its measure's display worked out."""
    display = _term_display(term, display)
    if isinstance(term, Band):
        return f"{_formatted(term.low, display)} to {_formatted(term.high, display)}"
    return _formatted(term, display)


def _term_display(term: Decimal | Band, display: _Display) -> _Display:
    """How a target or tolerance is shown: as the measure's values, but with the decimals
    the term has beyond them (a contract's 92.4% of a measure ``rounded to 0 dp`` is 92.4%,
    not 92%), as many as six; a term with more, worked out rather than written, shows two
    more than the measure's values (a month's part of a year's 650,000 visits is 56,333.33,
    not 56,333, which a reading of 56,333 never meets)."""
    if display.words is not None:
        return display
    if isinstance(term, Band):
        needed = max(_decimals_of(term.low), _decimals_of(term.high))
    else:
        needed = _decimals_of(term)
    if needed <= display.places:
        return display
    if needed > _TERM_PLACES_MOST:  # worked out, not written: a share of a year's target
        needed = display.places + _SHARE_PLACES_BEYOND
    return display._replace(places=needed)


_TERM_PLACES_MOST = 6  # decimals a term is shown with in full
_SHARE_PLACES_BEYOND = 2  # decimals beyond its measure's values for a term with more


def _decimals_of(number: Decimal) -> int:
    """The decimals ``number`` has, its trailing zeros not counted (0 for a whole number)."""
    exponent = number.as_tuple().exponent
    if not isinstance(exponent, int) or exponent >= 0:  # an infinity, NaN, a whole number
        return 0
    exponent = number.normalize().as_tuple().exponent  # 22.50 has one decimal, not two
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def format_gap(gap: float, shown_as: Measure | Unit) -> str:
    """A gap to a benchmark with its sign, rounded as the measure's values: ``+4.1``, ``-£5.00``.

    A gap is in the measure's unit but written bare (a percentage's gap is
    in points), except money's ``£``; nought, or a gap that rounds to it, is
    ``0`` with no sign; NaN is ``no data``.

    ```pycon
    >>> from perfcontract.model import Unit, UnitKind
    >>> percent = Unit(UnitKind.PERCENT)
    >>> format_gap(4.1, percent), format_gap(-0.504, percent), format_gap(0.001, percent)
    ('+4.1', '-0.5', '0')
    >>> format_gap(5.0, Unit(UnitKind.MONEY)), format_gap(float("nan"), percent)
    ('+£5.00', 'no data')

    ```
    """
    return _gap(gap, _display(shown_as))


def _gap(gap: float, display: _Display) -> str:
    """:func:`format_gap` with the display worked out."""
    if math.isnan(gap):
        return "no data"
    if math.isinf(gap):
        return "+∞" if gap > 0 else "-∞"
    below, whole, decimals = _shown(gap, display.places, display.fixed)
    whole = _thousands(whole)
    number = f"{display.before}{whole}.{decimals}" if decimals else f"{display.before}{whole}"
    if below:
        return f"-{number}"
    return number if whole == "0" and not decimals.strip("0") else f"+{number}"


def _benchmark_figures(benchmark: Decimal, gap: float, measure: Measure) -> tuple[str, str]:
    """A benchmark and the gap to it, as a report's benchmarks table shows them.

    A benchmark is a figure as published, so it is shown to at least its own
    decimals, and the gap to as many: a value rated as 90% (``rounded to 0
    dp``) against a national 89.6% is 0.4 better, which "90%, gap 0" would
    hide. Otherwise both are shown as the measure's values are.

    ```pycon
    >>> import perfcontract as pc
    >>> contract = pc.load("examples/dcst-2017-18.contract")
    >>> _benchmark_figures(Decimal("89.6"), 0.4, contract["A2"])  # A2 is rounded to 0 dp
    ('89.6%', '+0.4')
    >>> _benchmark_figures(Decimal("21.9"), 4.1, contract["A1"])
    ('21.9%', '+4.1')
    >>> _benchmark_figures(Decimal("330"), 12.0, contract["E35"])
    ('330', '+12')
    >>> _benchmark_figures(Decimal("21.9"), 21.896 - 21.9, contract["A1"])  # not "0, better"
    ('21.9%', '-0.004')

    ```
    """
    shown, display = _benchmark_shown(benchmark, _display(measure))
    gap_shown = _gap(gap, display)
    if gap_shown == "0" and gap != 0 and display.words is None:
        # a gap that is there is never shown as 0 beside "better" or "worse"
        exact = _decimals_of(Decimal(repr(gap)))
        while display.places < exact:
            display = display._replace(places=display.places + 1)
            _, whole, decimals = _shown(gap, display.places, False)
            if whole != "0" or decimals.strip("0"):
                break
        gap_shown = _gap(gap, display)
    return shown, gap_shown


@functools.lru_cache(maxsize=4096)  # benchmarks, like terms, are few and shown often
def _benchmark_shown(benchmark: Decimal, display: _Display) -> tuple[str, _Display]:
    """A benchmark as shown, to at least its own decimals, and the display of its gap."""
    own = _decimals_of(benchmark)
    if display.words is None and own > display.places:
        display = display._replace(places=own)
    return _formatted(benchmark, display), display


def term_text(term: Decimal | Band | None, measure: Measure) -> str:
    """A measure's target or tolerance for a table: in its unit; blank for a volumetric measure.

    ```pycon
    >>> import perfcontract as pc
    >>> contract = pc.load("examples/dcst-2017-18.contract")
    >>> term_text(contract["A1"].target_at("2017/18 Q4"), contract["A1"])
    '22%'
    >>> term_text(None, contract["E1"])
    ''

    ```
    """
    return "" if measure.is_volumetric else format_term(term, measure)


def csv_value(
    value: float | Decimal, shown_as: Measure | Unit, *, rated_against: Terms | None = None
) -> str:
    """A value for a CSV cell: rounded as shown, but a plain number a spreadsheet can add up.

    The same rounding as :func:`format_value` (``rated_against`` too),
    without ``£``, ``%``, thousands separators or a unit's name; NaN is an
    empty cell.

    ```pycon
    >>> import perfcontract as pc
    >>> from decimal import Decimal
    >>> contract = pc.load("examples/dcst-2017-18.contract")
    >>> csv_value(15.725000000000001, contract["C15"]), csv_value(1789.0, contract["E1"])
    ('15.73', '1789')
    >>> csv_value(-4.2e6, pc.Unit(pc.UnitKind.MONEY)), csv_value(float("nan"), contract["E1"])
    ('-4200000.00', '')
    >>> csv_value(22.004, contract["A1"], rated_against=(Decimal(22), Decimal(28)))
    '22.004'

    ```
    """
    display = _display(shown_as)
    if rated_against is not None:
        display = _rated_display(value, shown_as, display, rated_against)
    return _csv(value, display)


def _csv(value: float | Decimal, display: _Display) -> str:
    """:func:`csv_value` with the display worked out."""
    if value != value:
        return ""
    if display.words is not None:
        return display.words(float(value))
    if not _finite(value):
        return "-inf" if value < 0 else "inf"
    return _plain(*_shown(value, display.places, display.fixed))


def csv_term(term: Decimal | Band | None, shown_as: Measure | Unit) -> str:
    """A target or tolerance for a CSV cell: as :func:`csv_value`; a band ``between … and …``.

    ``None`` is an empty cell; a count's term that is not whole has two
    decimals, as :func:`format_term` shows it.

    ```pycon
    >>> from decimal import Decimal
    >>> from perfcontract.model import Unit, UnitKind
    >>> percent = Unit(UnitKind.PERCENT)
    >>> csv_term(Decimal("22.50"), percent), csv_term(Band(Decimal(5), Decimal(9)), percent)
    ('22.5', 'between 5 and 9')
    >>> csv_term(None, percent)
    ''

    ```
    """
    if term is None:
        return ""
    display = _term_display(term, _display(shown_as))
    if isinstance(term, Band):
        return f"between {_csv(term.low, display)} and {_csv(term.high, display)}"
    return _csv(term, display)


class _Figures(NamedTuple):
    """A result's value and terms in force as a report shows them (:func:`format_value`,
    :func:`term_text`), written once for every place that shows them: a card, a row of
    the table of measures, the benchmarks."""

    value: str
    target: str
    tolerance: str


def _figures_of(result: MeasureResult) -> _Figures:
    measure = result.measure
    return _Figures(
        format_value(result.value, measure, rated_against=(result.target, result.tolerance)),
        term_text(result.target, measure),
        term_text(result.tolerance, measure),
    )


def _trend_values(measure: Measure, trend: Sequence[TrendPoint]) -> list[str]:
    """Each reading of ``measure``'s trend as :func:`format_value` shows it, rated against
    the terms in force in its period: what a trend line and a trend written out say."""
    display = _display(measure)
    if display.words is not None or measure.rounding is not None:
        return [_formatted(point.value, display) for point in trend]  # rated as shown already
    places = display.places
    shown = []
    for point in trend:
        value = point.value
        if point.target is None or (value.__class__ is float and round(value, places) == value):
            shown.append(_formatted(value, display))  # rated as it is shown: see _rated_display
        else:
            terms = (point.target, point.tolerance)
            shown.append(_formatted(value, _rated_display(value, measure, display, terms)))
    return shown
