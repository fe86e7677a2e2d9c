"""What windows, ratios, seasons and summed targets cost, against plain measures.

    python benchmarks/windows.py [--readings 1000000] [--months 24] [--repeat 5]

Builds one monthly contract per kind of measure, each with about the same
number of readings (10^6 by default: measures x 24 months, 1% missing), and
times, in this process (every kind in turn, ``--repeat`` rounds after a
warm-up, the best of each):

* ``Contract.evaluate`` for the last month (2025-03), where a year-to-date
  window spans 12 months and a rolling 12 months window 12 more;
* ``Contract.evaluate`` for the whole year 2024/25;
* ``Report.build`` for the last month with 12 months of trends.

The kinds: *plain* (a percent, mean, no window: the baseline); *year to
date* and *rolling 12 months* (the same measures with a window); *ratio*
(a percent worked out from two counts, sum over sum: half as many measures,
each with two components, so the same number of readings); *ratio to
*date*; *winter* (the plain measures with `season October to April`);
*summed* (counts with a target per month, added up over longer periods); and
*per population* (a count per 1,000 of a population, a number: a ratio whose
value and target add up over periods as a summed measure's).

The readings are built as resolved readings directly (checking 10^6 rows
against a contract is the readings' cost, measured elsewhere), so the
figures are evaluation's own. The ratio is each kind's time over the plain
measures' in the same run. It prints figures only and asserts nothing about
time.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Callable, Sequence

import attrs
import numpy as np

import perfcontract as pc
from _machine import print_machine
from parse import table
from perfcontract.periods import Period
from perfcontract.readings import ResolvedReadings

LAST = "2025-03"
YEAR = "2024/25"
MISSING = 0.01

TEMPLATE = pc.loads(
    """contract "Windows benchmark" {
    reporting monthly
    group "Plain" {
        measure P "A percentage" { unit percent higher is better target 90% tolerance 85% }
        measure C "A count" { unit count higher is better target 100 tolerance 90 }
        volumetric N "Numerator" { unit count }
        volumetric D "Denominator" { unit count }
        measure R "A ratio" {
            unit percent higher is better numerator N denominator D target 45% tolerance 40%
        }
        measure RP "A rate per population" {
            unit rate per 1000 higher is better numerator N denominator 61,200
            target 8 tolerance 7
        }
    }
}"""
)


def months(count: int) -> list[Period]:
    """``count`` months ending with March 2025."""
    last = Period.parse(LAST)
    return [last.shift(i - count + 1) for i in range(count)]


def build(kind: str, readings: int, span: list[Period]) -> tuple[pc.Contract, ResolvedReadings]:
    """A contract of measures of ``kind`` and resolved readings for it, ``readings`` in all."""
    rng = np.random.default_rng(2024)
    per_measure = len(span)
    ratio = kind.startswith("ratio")
    count = readings // per_measure // (2 if ratio else 1)
    measures: list[pc.Measure] = []
    values: dict[tuple[str | None, str, Period], float] = {}

    def fill(measure_id: str, low: float, high: float, whole: bool) -> None:
        draws = rng.uniform(low, high, per_measure)
        if whole:
            draws = np.floor(draws)
        gone = rng.random(per_measure) < MISSING
        for month, value, missing in zip(span, draws.tolist(), gone.tolist(), strict=True):
            values[(None, measure_id, month)] = float("nan") if missing else value

    for n in range(count):
        if ratio:
            top, bottom = f"N{n}", f"D{n}"
            window = pc.Window(None) if kind == "ratio to date" else None
            measures += [
                attrs.evolve(TEMPLATE["N"], id=top),
                attrs.evolve(TEMPLATE["D"], id=bottom),
                attrs.evolve(
                    TEMPLATE["R"], id=f"R{n}", numerator=top, denominator=bottom, window=window
                ),
            ]
            fill(top, 300, 600, whole=True)
            fill(bottom, 900, 1100, whole=True)
            continue
        if kind == "summed":
            measures.append(attrs.evolve(TEMPLATE["C"], id=f"C{n}"))
            fill(f"C{n}", 80, 120, whole=True)
            continue
        if kind == "per population":
            measures += [
                attrs.evolve(TEMPLATE["N"], id=f"N{n}"),
                attrs.evolve(TEMPLATE["RP"], id=f"R{n}", numerator=f"N{n}"),
            ]
            fill(f"N{n}", 400, 600, whole=True)
            continue
        window = {"year to date": pc.Window(None), "rolling 12 months": pc.Window(12)}.get(kind)
        season = pc.Season(10, 4) if kind == "winter" else None
        measures.append(attrs.evolve(TEMPLATE["P"], id=f"P{n}", window=window, season=season))
        fill(f"P{n}", 70, 100, whole=False)
    if kind == "winter":  # no readings out of season
        values = {k: v for k, v in values.items() if k[2].number not in range(5, 10)}
    group = attrs.evolve(TEMPLATE.groups[0], measures=tuple(measures))
    contract = attrs.evolve(TEMPLATE, groups=(group,))
    resolved = ResolvedReadings(
        contract_name=contract.name,
        values=values,
        authorities=(None,),
        periods=tuple(sorted(set(span))),
        year_start=contract.year_start,
    )
    return contract, resolved


def interleaved(
    steps: dict[str, Callable[[pc.Contract, ResolvedReadings], object]],
    built: dict[str, tuple[pc.Contract, ResolvedReadings]],
    repeat: int,
) -> dict[str, dict[str, float]]:
    """The best seconds of each step on each kind's contract and readings: after one
    warm-up, every kind's steps are timed in turn, ``repeat`` times, so that a busy
    moment on a shared machine falls on all of them alike."""
    best = {kind: dict.fromkeys(steps, float("inf")) for kind in built}
    for round_ in range(repeat + 1):
        for kind, (contract, resolved) in built.items():
            for name, step in steps.items():
                gc.collect()
                start = time.perf_counter()
                step(contract, resolved)
                elapsed = time.perf_counter() - start
                if round_:  # the first round is the warm-up
                    best[kind][name] = min(best[kind][name], elapsed)
        print(f"  round {round_} of {repeat} done", file=sys.stderr, flush=True)
    return best


KINDS = (
    "plain",
    "year to date",
    "rolling 12 months",
    "ratio",
    "ratio to date",
    "winter",
    "summed",
    "per population",
)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--readings", type=int, default=1_000_000, help="readings per kind")
    parser.add_argument("--months", type=int, default=24, help="months of readings")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each step")
    parser.add_argument("--kinds", default=",".join(KINDS), help="kinds to time, by name")
    args = parser.parse_args(argv)
    kinds = [k for k in args.kinds.split(",") if k]

    print_machine("perfcontract: windows, ratios, seasons and summed targets")
    span = months(args.months)
    print(
        f"{args.readings:,} readings a kind ({args.months} months to {LAST}, {MISSING:.0%}"
        f" missing); best of {args.repeat} after a warm-up; ratio: over the plain measures"
    )
    print()
    steps: dict[str, Callable[[pc.Contract, ResolvedReadings], object]] = {
        f"evaluate {LAST}": lambda c, r: c.evaluate(r, period=LAST),
        f"evaluate {YEAR}": lambda c, r: c.evaluate(r, period=YEAR),
        f"Report.build {LAST}, 12 months": lambda c, r: pc.Report.build(c, r, LAST, history=12),
    }
    built = {kind: build(kind, args.readings, span) for kind in kinds}
    sizes = {kind: (len(c.contractual), len(r.values)) for kind, (c, r) in built.items()}
    figures = interleaved(steps, built, args.repeat)
    base = figures.get("plain")
    rows = []
    for kind in kinds:
        rated, count = sizes[kind]
        row = [kind, f"{rated:,}", f"{count:,}"]
        for name in steps:
            seconds = figures[kind][name]
            ratio = f" ({seconds / base[name]:.2f}x)" if base else ""
            row.append(f"{1000 * seconds:,.0f}{ratio}")
        rows.append(row)
    table(["kind", "rated", "readings", *(f"{name}, ms" for name in steps)], rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
