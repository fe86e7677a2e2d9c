"""Risk-share splitting speed over many simulated outturns, against SPEC.md section 9.

    python benchmarks/riskshare.py [--scenarios 1000000] [--repeat 9] [--sample 10000]

Four sets of terms: the example contract's 70/30; banded terms with a
provider cap and a gain share; banded terms with a council cap and
gain-share bands (a leisure trust's profit share); and 1,001 bands with
shares to six decimal places (the case where the old int64 split
overflowed). For each, in the
same run and on the same simulated outturns (seeded), it times:

* ``perfcontract.riskshare.split_many``, the figure judged against the goal
  of 10^6 scenarios split exactly in at most 0.1 s;
* ``perfcontract.riskshare.exposure`` (the split plus five percentiles);
* the old implementation, copied below as ``old_split_many`` (one numpy pass
  per band, pounds rounded with the rating engine's rounding as it was), the
  baseline the speed-up is measured against (it knows no council cap, so on
  those terms it is a baseline for the time only, and its differences from
  ``split`` are counted);
* a plain float64 numpy split (``float_split``: amount times rate, or
  ``numpy.interp`` over the bands, no rounding to the penny), the floor: it
  is fast and inexact, so no exact split can beat it by much.

The timed methods take turns, repetition by repetition, so that a noisy
moment on a shared machine falls on all of them alike; the table gives the
best and the median, and the ratios are of the best times. The old split
takes about 12 s for 10^6 outturns on 1,001 bands, so there it is timed on
``--old-sample`` outturns (best of three) and scaled up; the table says so.

Before timing, it checks on a sample that ``split_many`` gives the same
council and provider shares as ``split`` to the penny, and counts where the
old split differs from ``split`` (and gives the provider a share of the
wrong sign). It prints figures only and asserts nothing about time.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

import perfcontract
from _machine import print_machine
from perfcontract.model import RiskShare, ShareBand
from perfcontract.money import format_money
from perfcontract.riskshare import exposure, split, split_many

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "dcst-2017-18.contract"
TARGET_SCENARIOS = 1_000_000  # SPEC section 9: 10^6 scenarios ...
TARGET_SECONDS = 0.1  # ... split exactly in at most this long

BANDED = """contract "banded" {
    risk share {
        band up to £1m: council 50%, provider 50%
        band from £1m to £2.5m: council 60%, provider 40%
        band above £2.5m: council 80%, provider 20%
        provider cap £1.2m
        gain share: council 50%, provider 50%
    }
}"""


COUNCIL_CAPPED = """contract "council cap and gain-share bands" {
    risk share {
        band up to £1m: council 50%, provider 50%
        band above £1m: council 70%, provider 30%
        council cap £2m
        gain share: council 0%, provider 100%
        gain share band above £250k: council 50%, provider 50%
    }
}"""


def thousand_and_one_bands() -> str:
    """1,001 bands of £999,999.99, the provider's share 99% to 99.999999%, capped at £900m.

    The same terms as the regression test: past about 930 such bands, the old
    split's sum of remainders times shares passed 2**63 and wrapped round.
    """
    width = 99_999_999  # pennies

    def pounds(pennies: int) -> str:
        return f"£{Decimal(pennies) / 100:f}"

    lines = []
    for k in range(1001):
        provider = 99_000_000 + (k * 7_654_321 + 12_345) % 1_000_000  # millionths of a per cent
        shares = (
            f"council {Decimal(100_000_000 - provider) / 1_000_000:f}%,"
            f" provider {Decimal(provider) / 1_000_000:f}%"
        )
        if k == 0:
            where = f"up to {pounds(width)}"
        elif k == 1000:
            where = f"above {pounds(k * width)}"
        else:
            where = f"from {pounds(k * width)} to {pounds((k + 1) * width)}"
        lines.append(f"        band {where}: {shares}")
    body = "\n".join([*lines, "        provider cap £900m"])
    return f'contract "1,001 bands" {{\n    risk share {{\n{body}\n    }}\n}}'


# -- the old implementation: the baseline -------------------------------------------
#
# split_many as it was before it was rewritten in integer rows (kept here,
# unchanged but for names, so that the speed-up is measured in the same run):
# pounds rounded to pennies by the rating engine's round_half_away as it was
# then, then one numpy pass over every amount for each band. Its remainders
# are added up in int64, which overflows with many bands of large shares.


def old_round_half_away(values: npt.ArrayLike, places: int) -> Any:
    """The rating engine's rounding as it was: half away from zero, near-ties settled by Decimal."""
    x = np.asarray(values, dtype=np.float64)
    scale = 10.0**places
    with np.errstate(invalid="ignore", over="ignore"):
        y = np.abs(x) * scale
        fraction = y - np.floor(y)
        rounded = np.floor(y + 0.5)
        near = (np.abs(fraction - 0.5) <= 1e-9 * np.maximum(1.0, y)) | (y >= 2.0**52)
        near &= np.isfinite(x) & (np.abs(x) < 2.0**53)
    result = np.copysign(rounded / scale, x) + 0.0
    if np.any(near):
        exact = np.flatnonzero(near.ravel())
        flat = result.reshape(-1) if result.flags.c_contiguous else result.ravel()
        source = x.ravel()
        quantum = Decimal(1).scaleb(-places)
        with localcontext() as context:
            context.prec = 400
            for i in exact:
                decimal = Decimal(repr(float(source[i])))
                flat[i] = float(decimal.quantize(quantum, rounding=ROUND_HALF_UP))
        result = flat.reshape(x.shape)
    kept = ~np.isfinite(x) | (np.abs(x) >= 2.0**53)
    if np.any(kept):
        result = np.where(kept, x, result)
    return result


def old_provider_pennies(bands: Sequence[ShareBand], size: Any) -> Any:
    """The old per-band pass: whole parts and remainders over 100 * 10**places, in int64."""
    places = max(-min(int(b.provider.as_tuple().exponent), 0) for b in bands)
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


def old_split_many(terms: RiskShare, amounts: npt.ArrayLike) -> tuple[Any, Any]:
    """The old ``split_many``: (council, provider) int64 pennies."""
    pounds = np.asarray(amounts, dtype=np.float64)
    pennies = np.rint(old_round_half_away(pounds, 2) * 100).astype(np.int64)
    size = np.abs(pennies)
    provider = np.zeros_like(size)
    for bands, chosen in ((terms.bands, pennies >= 0), (terms.gain_share, pennies < 0)):
        if chosen.any():
            provider[chosen] = old_provider_pennies(bands, size[chosen])
    if terms.provider_cap is not None:
        cap = int(terms.provider_cap.quantize(Decimal("0.01"), rounding="ROUND_DOWN") * 100)
        provider = np.where(pennies >= 0, np.minimum(provider, cap), provider)
    provider = np.where(pennies >= 0, provider, -provider)
    return pennies - provider, provider


# -- the floor: a plain float split -------------------------------------------------


def float_split(terms: RiskShare) -> Callable[[npt.NDArray[np.float64]], tuple[Any, Any]]:
    """A float64 numpy split of pounds, as one would write it without exact money.

    Amount times rate for plain shares; for a few bands, each band's slice
    (``numpy.clip``) times its rate; for many, ``numpy.interp`` over the
    provider's cumulative share at each edge; the cap with ``numpy.minimum``.
    Not rounded to the penny, so not exact: a floor for the time only.
    """

    def curve(bands: Sequence[ShareBand]) -> Callable[[Any], Any]:
        lowers = [float(b.lower) for b in bands]
        rates = [float(b.provider) / 100 for b in bands]
        if len(bands) == 1:
            return lambda size: size * rates[0]
        if len(bands) <= 8:
            widths = [float(b.upper) - float(b.lower) for b in bands[:-1]] + [np.inf]

            def slices(size: Any) -> Any:
                share = np.zeros_like(size)
                for lower, width, rate in zip(lowers, widths, rates, strict=True):
                    share += np.clip(size - lower, 0, width) * rate
                return share

            return slices
        edges = np.array([*lowers, lowers[-1] + 1e16])
        cumulative = np.concatenate([[0.0], np.cumsum(np.diff(edges) * rates)])
        return lambda size: np.interp(size, edges, cumulative)

    over, gain = curve(terms.bands), curve(terms.gain_share)
    same = terms.gain_share == terms.bands
    cap = None if terms.provider_cap is None else float(terms.provider_cap)

    def split_floats(x: npt.NDArray[np.float64]) -> tuple[Any, Any]:
        if same and cap is None and len(terms.bands) == 1:
            provider = over(x)  # one rate, either side of zero
            return x - provider, provider
        size = np.abs(x)
        provider = over(size)
        if cap is not None:
            np.minimum(provider, cap, out=provider)
        below = x < 0
        if same and cap is None:
            provider = np.where(below, -provider, provider)
        elif below.any():
            provider = np.where(below, -gain(size), provider)
        return x - provider, provider

    return split_floats


# -- measuring -----------------------------------------------------------------------


def table(headings: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Print rows under headings, the first column left-aligned and the rest right-aligned."""
    widths = [max(len(str(c)) for c in column) for column in zip(headings, *rows, strict=True)]
    first, *rest = widths
    for line in [headings, ["-" * w for w in widths], *rows]:
        cells = [f"{line[0]:<{first}}", *(f"{c:>{w}}" for c, w in zip(line[1:], rest, strict=True))]
        print("  ".join(cells))
    print()


def take_turns(actions: dict[str, Callable[[], object]], repeat: int) -> dict[str, list[float]]:
    """Seconds for each action, ``repeat`` times, taking turns after one warm-up each."""
    for action in actions.values():
        action()
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(repeat):
        for name, action in actions.items():
            start = time.perf_counter()
            action()
            times[name].append(time.perf_counter() - start)
    return times


def pennies(amount: Decimal) -> int:
    return int(amount.scaleb(2))


def agreement(terms: RiskShare, amounts: npt.NDArray[np.float64]) -> tuple[int, int, int, str]:
    """How many of the amounts split_many and the old split give differently from split.

    Also how many times the old split gave the provider a share of the wrong
    sign, and the first difference of split_many's, in words.
    """
    council, provider = split_many(terms, amounts)
    old_council, old_provider = old_split_many(terms, amounts)
    differ = old_differ = wrong_sign = 0
    first = ""
    rows = zip(amounts.tolist(), council.tolist(), provider.tolist(), strict=True)
    for i, (x, c, p) in enumerate(rows):
        one = split(terms, x)
        expected = (pennies(one.council), pennies(one.provider))
        if (c, p) != expected or c + p != pennies(one.amount):
            differ += 1
            first = first or f"{x!r}: split_many {c} + {p}p, split {one.council} + {one.provider}"
        if (int(old_council[i]), int(old_provider[i])) != expected:
            old_differ += 1
        if old_provider[i] * x < 0:
            wrong_sign += 1
    return differ, old_differ, wrong_sign, first


def describe_terms(terms: RiskShare) -> str:
    """The terms in one line, as council/provider per cent for each band."""

    def shares(bands: Sequence[ShareBand]) -> str:
        if len(bands) > 3:
            return f"{len(bands):,} bands from £0 to {format_money(bands[-1].lower)} and above"

        def where(band: ShareBand) -> str:
            if band.upper is None:
                return f"above {format_money(band.lower)} " if band.lower else ""
            if not band.lower:
                return f"up to {format_money(band.upper)} "
            return f"{format_money(band.lower)}-{format_money(band.upper)} "

        return ", ".join(f"{where(b)}{b.council:f}/{b.provider:f}" for b in bands)

    cap = f"; provider cap {format_money(terms.provider_cap)}" if terms.provider_cap else ""
    if terms.council_cap is not None:
        cap += f"; council cap {format_money(terms.council_cap)}"
    gain = f"; gain share {shares(terms.gain_share)}" if terms.gain_share != terms.bands else ""
    return f"{shares(terms.bands)}{cap}{gain}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scenarios", type=int, default=TARGET_SCENARIOS, help="simulated outturns to split"
    )
    parser.add_argument("--repeat", type=int, default=9, help="timed repetitions of each method")
    parser.add_argument(
        "--sample", type=int, default=10_000, help="outturns checked against split, one by one"
    )
    parser.add_argument(
        "--old-sample",
        type=int,
        default=100_000,
        help="outturns the old split is timed on for 1,001 bands (it takes about 12 s for 10^6)",
    )
    args = parser.parse_args(argv)
    if min(args.scenarios, args.sample, args.repeat, args.old_sample) < 1:
        parser.error("--scenarios, --repeat, --sample and --old-sample must be at least 1")

    print_machine("perfcontract: risk-share splits over many scenarios (SPEC.md section 9)")
    example = perfcontract.load(EXAMPLE).risk_share
    banded = perfcontract.loads(BANDED).risk_share
    council_capped = perfcontract.loads(COUNCIL_CAPPED).risk_share
    many = perfcontract.loads(thousand_and_one_bands()).risk_share
    assert example is not None, "the example contract has no risk share"
    assert banded is not None
    assert council_capped is not None
    assert many is not None
    rng = np.random.default_rng(2018)
    normal = rng.normal(3_000_000.0, 1_000_000.0, args.scenarios)
    wide = rng.uniform(-100_000_000.0, 1_100_000_000.0, args.scenarios)
    centred = rng.normal(0.0, 2_000_000.0, args.scenarios)
    cases = [
        ("70/30", example, normal, "examples/dcst-2017-18.contract"),
        ("banded + capped", banded, normal, "BANDED in this script"),
        ("council cap", council_capped, centred, "COUNCIL_CAPPED in this script"),
        ("1,001 bands", many, wide, "thousand_and_one_bands() in this script"),
    ]
    print("Terms (council/provider per cent of each slice of an overspend):")
    for name, terms, _, source in cases:
        print(f"  {name:<15}  {describe_terms(terms)}  ({source})")
    print()
    print(
        f"Outturns: {args.scenarios:,} (seeded): for the first two, normal with mean £3m and sd"
        f" £1m ({np.mean(normal < 0):.2%} underspends); for the council cap, normal with mean"
        " £0 and sd £2m, so that half are surpluses; for 1,001 bands, uniform from -£0.1bn"
        " to £1.1bn, so that every band and the cap are reached."
    )
    print()

    print("Agreement with split, outturn by outturn, to the penny")
    print()
    check = np.random.default_rng(26)
    rows = []
    for name, terms, outturns, _ in cases:
        n = min(args.sample, outturns.size)
        # Outturns to a tenth of a penny, half of them ending in a half penny
        # (1.005): where rounding to the penny must go the way split's does.
        tenths = (
            check.integers(-200_000_000, 600_000_000, n) * 10 + check.choice([0, 5], n)
        ) / 1000
        for label, amounts in (("simulated", outturns[:n]), ("to 0.1p, half on 0.5p", tenths)):
            differ, old_differ, wrong_sign, first = agreement(terms, amounts)
            rows.append(
                [name, label, f"{n:,}", f"{differ:,}", f"{old_differ:,}", f"{wrong_sign:,}"]
            )
            if first:
                print(f"  first difference, {name}: {first}")
    headings = ["terms", "outturns", "checked", "split_many differs", "old differs", "old: sign"]
    table(headings, rows)

    print(
        f"Time for {args.scenarios:,} outturns, in ms: best and median of {args.repeat}, the"
        " methods taking turns after one warm-up each; ratios of the best times"
    )
    print()
    rows = []
    verdicts = []
    old, floor = "old split_many (the baseline)", "float split (the floor)"
    for name, terms, outturns, _ in cases:
        actions: dict[str, Callable[[], object]] = {
            "split_many": partial(split_many, terms, outturns),
            "exposure (5 percentiles)": partial(exposure, terms, outturns),
            floor: partial(float_split(terms), outturns),
        }
        counts = dict.fromkeys([*actions, old], outturns.size)
        if len(terms.bands) > 100:  # the old split takes seconds: time it on fewer outturns
            counts[old] = min(args.old_sample, outturns.size)
            times = take_turns(actions, args.repeat)
            times |= take_turns({old: partial(old_split_many, terms, outturns[: counts[old]])}, 3)
        else:
            actions[old] = partial(old_split_many, terms, outturns)
            times = take_turns(actions, args.repeat)
        # Seconds for all the outturns (the old split's sample scaled up).
        best = {m: min(t) * outturns.size / counts[m] for m, t in times.items()}
        median = {m: statistics.median(t) * outturns.size / counts[m] for m, t in times.items()}
        for method in times:
            scaled = f" (on {counts[method]:,}, scaled)" if counts[method] < outturns.size else ""
            rows.append(
                [
                    f"{name}: {method}{scaled}",
                    f"{1000 * best[method]:,.1f}",
                    f"{1000 * median[method]:,.1f}",
                    f"{outturns.size / best[method] / 1e6:,.1f}",
                    f"{best[old] / best[method]:,.1f}x",
                    f"{best[method] / best[floor]:,.2f}x",
                ]
            )
        seconds = best["split_many"] * TARGET_SCENARIOS / outturns.size
        met = "met" if seconds <= TARGET_SECONDS else "MISSED"
        verdicts.append(
            f"split_many, {name}: {seconds:.3f} s for {TARGET_SCENARIOS:,} scenarios"
            f" (goal: at most {TARGET_SECONDS:g} s; {met}); {best[old] / best['split_many']:,.0f}x"
            f" faster than the old, {best['split_many'] / best[floor]:,.1f}x the float floor"
        )
    headings = ["terms: method", "best", "median", "M/s", "old / this", "this / float"]
    table(headings, rows)
    print("\n".join(verdicts))
    if args.scenarios != TARGET_SCENARIOS:
        print(f"(measured on {args.scenarios:,} scenarios and scaled to {TARGET_SCENARIOS:,})")
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
