"""Who pays an overspend: exact risk-share splits and worked settlements.

A contract's ``risk share`` block gives the council's and the provider's
percentages, as one band or as NEC-style bands (each slice of the overspend
shared at its own band's rates), an optional cap on what the provider pays,
and a gain share for an underspend (by default the same shares).

The odd penny. Each party's share is worked out exactly, then the
provider's share is rounded *towards zero* to the whole penny and the
council's share is the rest, so the parts always add up to the amount. The
council takes any odd penny: the provider never pays (nor receives) more than
its contractual percentage, and the council, which holds the budget and signs
off the accounts, absorbs the rounding.

```pycon
>>> import perfcontract as pc
>>> terms = pc.loads('contract "c" { risk share { council 70% provider 30% } }').risk_share
>>> terms.split("1.35m")
Split(council=Decimal('945000.00'), provider=Decimal('405000.00'))
>>> terms.split("0.01")
Split(council=Decimal('0.01'), provider=Decimal('0.00'))

```
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_DOWN, Decimal
from typing import TYPE_CHECKING, Any

import attrs

from perfcontract._escape import markdown_cell, one_line
from perfcontract.errors import Diagnostic
from perfcontract.money import PENNY, MoneyError, format_money, parse_money

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from perfcontract.model import RiskShare, ShareBand

__all__ = [
    "Exposure",
    "Funding",
    "Settlement",
    "Split",
    "exposure",
    "settle",
    "split",
    "split_many",
]

HUNDRED = Decimal(100)
# The largest amount split_many takes: its pennies times a share stay exact in int64.
MAX_POUNDS = 10**12
Amount = str | Decimal | int | float


@attrs.frozen
class Split:
    """An amount divided between council and provider, exact to the penny.

    ```pycon
    >>> s = Split(council=Decimal("945000.00"), provider=Decimal("405000.00"))
    >>> s.amount
    Decimal('1350000.00')

    ```
    """

    council: Decimal
    provider: Decimal

    @property
    def amount(self) -> Decimal:
        """The whole amount: council plus provider."""
        return self.council + self.provider


def _bands(terms: RiskShare, amount: Decimal) -> Sequence[ShareBand]:
    return terms.bands if amount >= 0 else terms.gain_share


def _provider_exact(bands: Sequence[ShareBand], size: Decimal) -> Decimal:
    """The provider's exact share of ``size`` (>= 0), slice by slice."""
    share = Decimal(0)
    for band in bands:
        if size <= band.lower:
            break
        top = size if band.upper is None else min(size, band.upper)
        share += (top - band.lower) * band.provider / HUNDRED
    return share


def _cap(cap: Decimal) -> Decimal:
    """The cap in whole pennies, rounded down: the provider never pays more than it."""
    return cap.quantize(PENNY, rounding=ROUND_DOWN)


def split(terms: RiskShare, amount: Amount) -> Split:
    """Divide an overspend (positive) or an underspend (negative) by the contract's terms.

    Each slice of the amount is shared at its band's rates; the provider's
    share is capped at ``provider cap`` (the excess falls to the council);
    an underspend is shared by the gain share. The provider's share is
    rounded towards zero to the penny and the council takes the rest (see
    the module's note on the odd penny).

    ```pycon
    >>> import perfcontract as pc
    >>> terms = pc.loads('''contract "c" { risk share {
    ...     band up to £1m: council 50%, provider 50%
    ...     band above £1m: council 70%, provider 30%
    ...     provider cap £2m
    ... } }''').risk_share
    >>> terms.split("£1.5m")  # £500k + £150k from the provider
    Split(council=Decimal('850000.00'), provider=Decimal('650000.00'))
    >>> terms.split("£10m").provider  # capped
    Decimal('2000000.00')
    >>> terms.split("-£100k")  # an underspend: the gain is shared too
    Split(council=Decimal('-50000.00'), provider=Decimal('-50000.00'))

    ```
    """
    total = parse_money(amount)
    size = abs(total)
    provider = _provider_exact(_bands(terms, total), size).quantize(PENNY, rounding=ROUND_DOWN)
    if terms.provider_cap is not None and total >= 0:
        provider = min(provider, _cap(terms.provider_cap))
    provider = provider if total >= 0 else -provider
    return Split(council=total - provider, provider=provider)


def split_many(
    terms: RiskShare, amounts: npt.ArrayLike
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Split many amounts at once, in whole pennies: (council, provider) int64 arrays.

    ``amounts`` are in pounds (floats or whole numbers); each is rounded to
    the penny first, then split by the same rules as :func:`split`, in exact
    integer arithmetic, so every element agrees with :func:`split` to the
    penny. For 10^6 simulated outturns this takes a few hundredths of a
    second.

    ```pycon
    >>> import numpy as np
    >>> import perfcontract as pc
    >>> terms = pc.loads('contract "c" { risk share { council 70% provider 30% } }').risk_share
    >>> council, provider = split_many(terms, np.array([1_350_000.0, 0.01, -100.0]))
    >>> council.tolist(), provider.tolist()
    ([94500000, 1, -7000], [40500000, 0, -3000])

    ```
    """
    import numpy as np  # only for many scenarios

    from perfcontract.engine import round_half_away

    pounds = np.asarray(amounts, dtype=np.float64)
    if not np.all(np.isfinite(pounds)) or np.any(np.abs(pounds) > MAX_POUNDS):
        raise ValueError(
            f"every amount must be a finite number of pounds no larger than £{MAX_POUNDS:,}"
        )
    # Pennies rounded as parse_money rounds one amount: half away from zero on
    # the decimal the float reads as (1.005 is £1.01), then exactly whole.
    pennies = np.rint(round_half_away(pounds, 2) * 100).astype(np.int64)
    size = np.abs(pennies)
    provider = np.zeros_like(size)
    for bands, chosen in ((terms.bands, pennies >= 0), (terms.gain_share, pennies < 0)):
        if not chosen.any():
            continue
        part = _provider_pennies(bands, size[chosen])
        provider[chosen] = part
    if terms.provider_cap is not None:
        cap = int(_cap(terms.provider_cap) * 100)
        provider = np.where(pennies >= 0, np.minimum(provider, cap), provider)
    provider = np.where(pennies >= 0, provider, -provider)
    return pennies - provider, provider


@attrs.frozen
class Exposure:
    """What each party stands to pay across many simulated outturns, at given percentiles.

    ``council`` and ``provider`` map a percentile (50, 90, …) to an amount in
    pounds, exact to the penny.
    """

    scenarios: int
    council: dict[float, Decimal]
    provider: dict[float, Decimal]

    def to_text(self) -> str:
        """A small table: one row per percentile."""
        rows = [f"{'percentile':>10}  {'council':>16}  {'provider':>16}"]
        for p in self.council:
            rows.append(
                f"{p:>10g}  {format_money(self.council[p], full=True):>16}"
                f"  {format_money(self.provider[p], full=True):>16}"
            )
        return "\n".join(rows)


def exposure(
    terms: RiskShare, amounts: npt.ArrayLike, percentiles: Sequence[float] = (50, 75, 90, 95, 99)
) -> Exposure:
    """Each party's share at the given percentiles of many simulated outturns.

    The percentiles are of each party's share (numpy's ``inverted_cdf``
    method, so each figure is one of the simulated shares, exact to the penny).

    ```pycon
    >>> import numpy as np
    >>> import perfcontract as pc
    >>> terms = pc.loads('contract "c" { risk share { council 70% provider 30% } }').risk_share
    >>> outturns = np.random.default_rng(2018).normal(3_000_000, 1_000_000, 1_000_000)
    >>> risk = exposure(terms, outturns, percentiles=(50, 95))
    >>> risk.scenarios, risk.council[50] > risk.provider[50], risk.council[95] > risk.council[50]
    (1000000, True, True)

    ```
    """
    import numpy as np  # only for many scenarios

    council, provider = split_many(terms, amounts)
    if council.size == 0:
        raise ValueError("there are no scenarios to take percentiles of")

    def at(pennies: Any) -> dict[float, Decimal]:
        values = np.percentile(pennies, list(percentiles), method="inverted_cdf")
        return {
            float(p): (Decimal(int(v)) / 100).quantize(PENNY)
            for p, v in zip(percentiles, values, strict=True)
        }

    return Exposure(int(council.size), at(council), at(provider))


def _provider_pennies(bands: Sequence[ShareBand], size: Any) -> Any:
    """The provider's share of each size (whole pennies, >= 0), rounded towards zero."""
    import numpy as np

    # Shares as fractions n/d over one denominator, d = 100 * 10**places. Each
    # slice s is split as s = q*d + r, so s*n/d = q*n + r*n/d: the whole parts
    # add up exactly, and the remainders (each r*n below d*d) are added before
    # the one rounding down, so nothing overflows int64 and nothing is lost.
    places = max(-min(b.provider.as_tuple().exponent, 0) for b in bands)  # type: ignore[operator]
    denominator = 100 * 10**places
    whole = np.zeros_like(size)
    remainder = np.zeros_like(size)
    for band in bands:
        lower = int(band.lower * 100)
        top = size if band.upper is None else np.minimum(size, int(band.upper * 100))
        slice_ = np.maximum(top - lower, 0)
        share = int(band.provider * 10**places)
        whole += (slice_ // denominator) * share
        remainder += (slice_ % denominator) * share
    return whole + remainder // denominator


@attrs.frozen
class Funding:
    """One line of a settlement: what was paid, how much, by which party, from which source."""

    what: str
    amount: Decimal
    party: str
    source: str


@attrs.frozen
class Settlement:
    """A worked funding of an overspend, line by line, with totals by party and by source.

    Build one with :func:`settle`.
    """

    outturn: Decimal
    lines: tuple[Funding, ...]

    @property
    def total(self) -> Decimal:
        """The sum of every line; equal to the outturn overspend."""
        return sum((line.amount for line in self.lines), Decimal(0))

    @property
    def by_party(self) -> dict[str, Decimal]:
        """Totals by party, council first."""
        return _totals(self.lines, "party")

    @property
    def by_source(self) -> dict[str, Decimal]:
        """Totals by funding source, in the order the sources first appear."""
        return _totals(self.lines, "source")

    def to_markdown(self) -> str:
        """The working as Markdown tables: every line, then totals by source and by party.

        What each line pays for, its party and its source are escaped (raw
        HTML and ``|`` included) and put on one line, so they read as written.
        """
        rows = ["| What | Party | Source | Amount |", "|---|---|---|---:|"]
        for line in self.lines:
            amount = format_money(line.amount, full=True)
            what, party, source = map(markdown_cell, (line.what, line.party, line.source))
            rows.append(f"| {what} | {party} | {source} | {amount} |")
        rows.append(f"| **Total** | | | **{format_money(self.total, full=True)}** |")
        rows += ["", "| Source | Amount |", "|---|---:|"]
        rows += [
            f"| {markdown_cell(s)} | {format_money(a, full=True)} |"
            for s, a in self.by_source.items()
        ]
        rows += ["", "| Party | Amount |", "|---|---:|"]
        rows += [
            f"| {markdown_cell(p)} | {format_money(a, full=True)} |"
            for p, a in self.by_party.items()
        ]
        return "\n".join(rows)

    def to_text(self) -> str:
        """The working as plain text for a terminal or an email (names on one line, no controls)."""
        shown = [
            (one_line(line.what), one_line(line.party), one_line(line.source))
            for line in self.lines
        ]
        width = max([len(what) for what, _, _ in shown] + [5])
        source_width = max([len(source) for _, _, source in shown] + [6])
        lines = [
            f"{what:<{width}}  {party:<8}  {source:<{source_width}}"
            f"  {format_money(line.amount, full=True):>16}"
            for (what, party, source), line in zip(shown, self.lines, strict=True)
        ]
        rule = "-" * (width + source_width + 30)
        lines += [
            rule,
            f"{'Total':<{width + source_width + 14}}{format_money(self.total, full=True):>16}",
            "",
        ]
        lines += [
            f"{one_line(source):<{width}}  {format_money(amount, millions=True):>8}"
            for source, amount in self.by_source.items()
        ]
        return "\n".join(lines)


def _totals(lines: Sequence[Funding], field: str) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for line in lines:
        key = getattr(line, field)
        totals[key] = totals.get(key, Decimal(0)) + line.amount
    return totals


def settle(
    terms: RiskShare,
    *,
    outturn: Amount,
    projection: Amount,
    funded_before_sharing: Sequence[tuple[str, Amount, str]] = (),
    provider_can_pay: Amount | None = None,
    provider_source: str = "provider reserves",
    shortfall_source: str = "council reserves",
    council_source: str = "general fund",
    movement_funding: Sequence[tuple[str, Amount, str]] = (),
    movement_source: str = "general fund",
) -> Settlement:
    """Fund an outturn overspend the way a council records it, line by line.

    1. Items funded before sharing (business cases, say), each from its own
       source, come off the projection.
    2. The rest of the projection, on which the share was agreed, is split
       by the contract's terms: the council's share from ``council_source``;
       the provider's share from ``provider_source`` as far as
       ``provider_can_pay`` goes, its shortfall from ``shortfall_source``.
    3. The movement from the projection to the outturn is met by any extra
       funding claimed for it (``movement_funding``), and the rest by the
       council from ``movement_source``.

    The lines always add up to the outturn exactly. See the finance how-to
    for the reference report's £4.15m worked through.
    """
    total = parse_money(outturn)
    projected = parse_money(projection)
    lines: list[Funding] = []
    before = Decimal(0)
    for what, amount, source in funded_before_sharing:
        value = parse_money(amount)
        before += value
        lines.append(Funding(what, value, "council", source))
    shared = projected - before
    parts = split(terms, shared)
    bands = _bands(terms, shared)
    what = "overspend" if shared >= 0 else "underspend"
    share = f"{bands[0].council:f}% " if len(bands) == 1 else ""
    lines.append(
        Funding(
            f"council's {share}share of the projected {what}",
            parts.council,
            "council",
            council_source,
        )
    )
    if provider_can_pay is not None and parse_money(provider_can_pay) < 0:
        raise MoneyError([Diagnostic("what the provider can pay cannot be negative")])
    if parts.provider < 0:  # the provider's share of an underspend is its own
        lines.append(
            Funding(
                "provider's share of the projected underspend",
                parts.provider,
                "provider",
                provider_source,
            )
        )
        paid = parts.provider
    else:
        can_pay = parts.provider if provider_can_pay is None else parse_money(provider_can_pay)
        paid = min(parts.provider, can_pay)
        if paid:
            lines.append(
                Funding("provider's share, from its reserves", paid, "provider", provider_source)
            )
    if parts.provider - paid:
        lines.append(
            Funding(
                "provider's share it cannot fund",
                parts.provider - paid,
                "council",
                shortfall_source,
            )
        )
    movement = total - projected
    claimed = Decimal(0)
    for what, amount, source in movement_funding:
        value = parse_money(amount)
        claimed += value
        lines.append(Funding(what, value, "council", source))
    if movement - claimed:
        lines.append(
            Funding(
                "rest of the movement after the share was agreed",
                movement - claimed,
                "council",
                movement_source,
            )
        )
    return Settlement(total, tuple(lines))
