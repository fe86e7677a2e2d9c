"""What ``rate_many``'s checks of its values cost, beside the rating itself.

    python benchmarks/rate_many.py [--sizes 1000000,10000000] [--repeat 9]

``pc.rate_many`` checks its values (each within its measure's limits, whole
numbers where the unit says so, money whole pence, each measure due in each
period) before it rates them with ``perfcontract.engine.rate_measures``. This
times, in turn in one process, at each size:

* *engine*: ``rate_measures`` on the same array with the same thresholds and
  rounding: the rating alone, the baseline;
* *checks*: ``perfcontract._rated_values.check_values`` alone;
* *rate_many*: the whole call, checks and rating;
* *unchecked*: the same call with the checks left out (``check_values``
  replaced by a function that does nothing, for that call only): the
  call as it was before the checks, for the A/B;

for three mixes: the reference contract's 20 contractual measures (percent,
a rate, weeks) as authorities x measures; the waste example's percent,
minutes, count and yes/no measures (two of four of whole numbers) as
authorities x measures; and the reference contract over its 4 quarters as
authorities x measures x periods. Readings fit their measures (uniform in
0..100, whole numbers where they must be), 1% missing. It prints the best of
``--repeat`` runs, the ratio of the checks to the engine, and of
``rate_many`` to itself unchecked; it asserts nothing about time.

A second table gives what float32 readings cost: ``rate_many`` on the
reference mix given as float32 (each value read as the decimal it prints as,
:func:`perfcontract._printed.printed`) against the same call on the float64
array, for readings of one decimal place (as most are written) and for
uniform ones (seven or eight digits: the most steps), best of
``--narrow-repeat`` runs.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

import perfcontract as pc
from _machine import print_machine
from parse import table
from perfcontract import _rated_values, engine
from rate import timed

ROOT = Path(__file__).resolve().parents[1]


def best(repeat: int, actions: dict[str, Callable[[], object]]) -> dict[str, float]:
    """Best seconds of each action, run in turn ``repeat`` times after a warm-up."""
    return {name: fastest for name, (fastest, _) in timed(repeat, actions).items()}


def unchecked(call: Callable[[], object]) -> object:
    """``call()`` with rate_many's checks left out: rate_many as it was before them."""
    checks = _rated_values.check_values
    _rated_values.check_values = lambda *_: None
    try:
        return call()
    finally:
        _rated_values.check_values = checks


def mixes(n: int, rng: np.random.Generator) -> list[tuple[str, Any, list[str], Any, Any]]:
    """(name, contract, measure ids, period or periods, values) for each mix at ``n``."""
    dcst = pc.load(ROOT / "examples" / "dcst-2017-18.contract")
    waste = pc.load(ROOT / "examples" / "waste-2024-25.contract")
    ids = [m.id for m in dcst.contractual]
    rows = rng.uniform(0.0, 100.0, size=(n // len(ids), len(ids)))
    quarters = [f"2017/18 Q{q}" for q in range(1, 5)]
    cube = rng.uniform(0.0, 100.0, size=(n // (len(ids) * 4), len(ids), 4))
    four = ["KPI_7", "T1", "V1", "H1"]
    mixed = np.empty((n // 4, 4))
    mixed[:, 0] = rng.uniform(0.0, 100.0, n // 4)
    mixed[:, 1] = rng.uniform(0.0, 10.0, n // 4)
    mixed[:, 2] = rng.integers(0, 60_000, n // 4)
    mixed[:, 3] = rng.integers(0, 2, n // 4)
    found = [
        ("reference, 20 measures", dcst, ids, "2017/18 Q4", rows),
        ("waste, 4 measures (2 whole)", waste, four, "2024-04", mixed),
        ("reference x 4 quarters", dcst, ids, quarters, cube),
    ]
    for *_, values in found:
        values[rng.random(values.shape) < 0.01] = np.nan
    return found


def bench(n: int, repeat: int) -> list[list[str]]:
    rng = np.random.default_rng(2024)
    rows = []
    for name, contract, ids, period, values in mixes(n, rng):
        measures = [contract[i] for i in ids]
        periods = [period] if isinstance(period, str) else period
        at = [pc.Period.parse(p, year_start=contract.year_start) for p in periods]
        shape = "rows" if values.ndim == 2 else "cube"
        if values.ndim == 2:
            thresholds = [m.thresholds_at(at[0]) for m in measures]
        else:
            stack = engine.Thresholds.stack
            thresholds = [stack([m.thresholds_at(p) for p in at]) for m in measures]
        rounding = [m.rounding for m in measures]
        expected = engine.rate_measures(values, thresholds, axis=1, rounding=rounding)
        assert np.array_equal(expected, pc.rate_many(contract, values, period, measures=ids))
        seconds = best(
            repeat,
            {
                "engine": lambda v=values, t=thresholds, r=rounding: engine.rate_measures(
                    v, t, axis=1, rounding=r
                ),
                "checks": lambda v=values, m=measures, a=at, s=shape: _rated_values.check_values(
                    v, m, a, s
                ),
                "rate_many": lambda c=contract, v=values, p=period, i=ids: pc.rate_many(
                    c, v, p, measures=i
                ),
                "unchecked": lambda c=contract, v=values, p=period, i=ids: unchecked(
                    lambda: pc.rate_many(c, v, p, measures=i)
                ),
            },
        )
        base = seconds["engine"]
        rows.append(
            [
                name,
                f"{values.size:,}",
                f"{base * 1e3:.1f}",
                f"{seconds['checks'] * 1e3:.1f}",
                f"{seconds['rate_many'] * 1e3:.1f}",
                f"{seconds['unchecked'] * 1e3:.1f}",
                f"{seconds['checks'] / base:.2f}",
                f"{seconds['rate_many'] / seconds['unchecked']:.2f}",
            ]
        )
    return rows


def bench_narrow(n: int, repeat: int) -> list[list[str]]:
    """rate_many on float32 readings against float64 ones, on the reference mix."""
    rng = np.random.default_rng(2024)
    name, contract, ids, period, uniform = mixes(n, rng)[0]
    rows = []
    for kind, values in (("1 dp", np.round(uniform, 1)), ("uniform", uniform)):
        narrow = values.astype(np.float32)
        expected = [[float(str(v)) for v in row] for row in narrow[:50]]
        assert np.array_equal(
            pc.rate_many(contract, np.array(expected), period, measures=ids),
            pc.rate_many(contract, narrow[:50], period, measures=ids),
        )
        seconds = best(
            repeat,
            {
                "float64": lambda c=contract, v=values, p=period, i=ids: pc.rate_many(
                    c, v, p, measures=i
                ),
                "float32": lambda c=contract, v=narrow, p=period, i=ids: pc.rate_many(
                    c, v, p, measures=i
                ),
            },
        )
        rows.append(
            [
                f"{name}, {kind}",
                f"{values.size:,}",
                f"{seconds['float64'] * 1e3:.1f}",
                f"{seconds['float32'] * 1e3:.1f}",
                f"{seconds['float32'] / seconds['float64']:.0f}",
            ]
        )
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000000,10000000")
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--narrow-repeat", type=int, default=3)
    parser.add_argument("--narrow-only", action="store_true", help="only the float32 table")
    args = parser.parse_args(argv)
    print_machine("perfcontract: the cost of rate_many's checks")
    heading = ["mix", "readings", "engine ms", "checks ms", "rate_many ms", "unchecked ms",
               "checks/engine", "rate_many/unchecked"]  # fmt: skip
    sizes = [int(s) for s in args.sizes.split(",")]
    for n in sizes if not args.narrow_only else []:
        print()
        table(heading, bench(n, args.repeat))
    narrow = ["mix", "readings", "float64 ms", "float32 ms", "float32/float64"]
    for n in sizes:
        print()
        table(narrow, bench_narrow(n, args.narrow_repeat))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
