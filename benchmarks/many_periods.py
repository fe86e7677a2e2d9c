"""Many periods at once: ``contract.evaluate(readings, periods=[...])`` against one call a period.

A contract of 2,000 measures (``parse.py``'s generator) and eight quarters of
readings (``report.py``'s), resolved once; then the eight quarters evaluated
in one call, and the same eight one ``evaluate`` call each, timed in turn in
this process, best and median of ``--repeat``. Both give the same records
(checked). The ratio is the one-call-a-period time over the one-call time.

    python benchmarks/many_periods.py
    python benchmarks/many_periods.py --measures 200 --repeat 9
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import perfcontract as pc
from _machine import print_machine
from parse import best_of, table
from report import QUARTERS, make


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measures", type=int, default=2000, help="measures in the contract")
    parser.add_argument("--repeat", type=int, default=5, help="timings of each, best taken")
    args = parser.parse_args(argv)
    print_machine("perfcontract: many periods in one call (SPEC.md section 5.1)")
    with tempfile.TemporaryDirectory() as folder:
        contract_path, readings_path, rows = make(args.measures, Path(folder))
        contract = pc.load(contract_path)
        resolved = pc.Readings.from_csv(readings_path).resolve(contract)
    together = contract.evaluate(resolved, periods=QUARTERS)
    apart = [contract.evaluate(resolved, period=q) for q in QUARTERS]
    same = together.to_records() == [r for ev in apart for r in ev.to_records()]

    def one_call() -> None:
        contract.evaluate(resolved, periods=QUARTERS)

    def a_call_a_period() -> None:
        for quarter in QUARTERS:
            contract.evaluate(resolved, period=quarter)

    best_one, median_one = best_of(args.repeat, one_call)
    best_each, median_each = best_of(args.repeat, a_call_a_period)
    print(
        f"\n{args.measures:,} measures x {len(QUARTERS)} quarters ({rows:,} readings rows),"
        f" resolved once; best and median of {args.repeat}"
    )
    table(
        ["how", "best ms", "median ms", "same records"],
        [
            [
                "one call, periods=[8 quarters]",
                f"{best_one * 1e3:.1f}",
                f"{median_one * 1e3:.1f}",
                "yes" if same else "NO",
            ],
            ["one evaluate a quarter", f"{best_each * 1e3:.1f}", f"{median_each * 1e3:.1f}", ""],
        ],
    )
    print(f"\none call is {best_each / best_one:.2f}x the speed of a call a quarter")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
