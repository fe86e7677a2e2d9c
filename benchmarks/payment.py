"""A year's payment mechanism for 100 measures x 12 months, against SPEC.md section 9.

    python benchmarks/payment.py [--measures 100] [--repeat 15]

Generates a monthly contract of ``--measures`` measures (four in five
percentages with a ``credit`` or ``points`` line by status, one in five
volumetric counts with ``points … each``), a payment block with a cap in
pounds and as a percentage and warnings over 3 and 12 months, and 23 months
of seeded readings (the year asked for and the 11 months before it, which
the 12-month warning reaches back into). In the same run it times:

* ``contract.payment(readings, period="2024/25")``, the figure judged
  against the goal of at most 50 ms;
* the baseline: the twelve months rated one at a time with
  ``contract.evaluate`` (what working out the year's deductions would take
  without the payment block: a status for every measure and month), and
  the ratio of the payment's time to it;
* the floor: the year's statuses alone, every measure in every month rated
  in one table (``perfcontract.evaluation._Table``, what the payment is
  built on), so the rest of the payment's time is its own money arithmetic.

The timed calls take turns, repetition by repetition, so a noisy moment on
a shared machine falls on all of them alike; the table gives the best and
the median. Readings are resolved against the contract once, before
timing, as a caller holding resolved readings would. Before timing it
checks that the year is the sum of its months. It prints figures only and
asserts nothing about time.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable

import perfcontract as pc
from _machine import print_machine
from perfcontract.evaluation import _Table

TARGET_SECONDS = 0.05  # SPEC section 9: a year of 100 measures x 12 months in at most 50 ms
YEAR = "2024/25"


def contract_text(measures: int) -> str:
    """A monthly contract of ``measures`` measures and a payment line for each."""
    lines = ['contract "Benchmark facilities" {', "    reporting monthly", '    group "All" {']
    payment = [
        "    payment {",
        "        charge £420k monthly",
        "        point value £150",
        "        cap 10% of charge",
        "        cap £40k",
        "        warning 100 points in 3 months",
        "        warning 300 points in 12 months",
    ]
    for n in range(measures):
        mid = f"M{n:03d}"
        if n % 5 == 4:
            lines.append(f'        volumetric {mid} "Failures {n}" {{ unit count }}')
            payment.append(f"        points {mid} 5 each")
            continue
        lines.append(
            f'        measure {mid} "Measure {n}" {{ unit percent higher is better'
            " target 95% tolerance 90% }"
        )
        if n % 2:
            payment.append(f"        credit {mid} 0.5% inside tolerance, 1% outside tolerance")
        else:
            payment.append(f"        points {mid} 5 inside tolerance, 10 outside tolerance")
    return "\n".join([*lines, "    }", *payment, "    }", "}"])


def readings(contract: pc.Contract, seed: int = 15) -> pc.ResolvedReadings:
    """23 months of readings for every measure: the year and the 11 months before."""
    chance = random.Random(seed)
    last = pc.Period.parse("2025-03")
    months = [last.shift(-n) for n in range(22, -1, -1)]
    records = []
    for measure in contract:
        for month in months:
            if measure.is_volumetric:
                value: float = chance.choice([0, 0, 0, 0, 0, 1, 2, 5])
            else:
                value = round(chance.triangular(85, 100, 99), 1)
            records.append({"measure": measure.id, "period": str(month), "value": value})
    return pc.Readings.from_records(records).resolve(contract)


def timed(calls: dict[str, Callable[[], object]], repeat: int) -> dict[str, list[float]]:
    """Each call's times, the calls taking turns, after one warm-up each."""
    for call in calls.values():
        call()
    times: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(repeat):
        for name, call in calls.items():
            start = time.perf_counter()
            call()
            times[name].append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--measures", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    print_machine("perfcontract: a year's payment mechanism")
    contract = pc.loads(contract_text(args.measures))
    resolved = readings(contract)
    year = pc.Period.parse(YEAR)
    months = year.months()
    paid = contract.payment(resolved, period=YEAR)
    by_month = [contract.payment(resolved, period=m) for m in months]
    assert paid.total_deduction == sum(m.total_deduction for m in by_month)
    assert len(paid.lines) == args.measures * 12
    print(
        f"{args.measures} measures x 12 months: {len(paid.lines):,} lines,"
        f" {paid.total_points} points, deduction {paid.total_deduction}"
        f" ({paid.deduction_before_cap} before the caps), {len(paid.warnings)} warnings reached"
    )
    print()

    periods = [m.shift(-n) for n in range(11, 0, -1) for m in months[:1]] + list(months)
    calls: dict[str, Callable[[], object]] = {
        "payment (the year)": lambda: contract.payment(resolved, period=YEAR),
        "baseline: evaluate x 12 months": lambda: [
            contract.evaluate(resolved, period=m) for m in months
        ],
        "floor: statuses alone (_Table)": lambda: _Table(contract, resolved, periods, None),
    }
    times = timed(calls, args.repeat)
    best = {name: min(values) for name, values in times.items()}
    print(f"{'':34} {'best ms':>9} {'median ms':>10} {'x payment':>10}")
    for name, values in times.items():
        ratio = best[name] / best["payment (the year)"]
        print(
            f"{name:34} {best[name] * 1e3:9.2f} {statistics.median(values) * 1e3:10.2f}"
            f" {ratio:10.2f}"
        )
    print()
    payment = best["payment (the year)"]
    baseline = best["baseline: evaluate x 12 months"]
    print(
        f"payment / baseline: {payment / baseline:.2f}"
        f"  (goal: {TARGET_SECONDS * 1e3:.0f} ms; measured {payment * 1e3:.1f} ms,"
        f" {'within' if payment <= TARGET_SECONDS else 'over'} the goal)"
    )


if __name__ == "__main__":
    main()
