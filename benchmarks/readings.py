"""Reading 10^6 readings from CSV and from DataFrames, against csv.reader on the same text.

    python benchmarks/readings.py [--rows 1000000] [--repeat 3]
    python benchmarks/readings.py --sheets       # a workbook's far cell and empty rows

With ``--sheets``, times ``Readings.from_excel`` on a two-readings sheet
(the baseline) and on the same sheet with a cell of empty text in column XFD
and one of a space in row 1,048,576 (declared A1:XFD1048576), and on the
same with a cell of text beyond the headings (an error, reported): each a
file of about 5 KB.


Builds ``--rows`` long-form readings (``authority,measure,period,value``:
authorities x 20 measures x 12 months, values with one decimal, 1% missing)
and times, in this process, the best of ``--repeat`` runs after a warm-up:

* **baseline**: ``list(csv.reader(...))`` over the same text, the least any
  CSV reader does;
* ``Readings.from_csv_text`` on that text (comma-separated, decimal points);
* the same text with semicolons and decimal commas (``26,5``);
* ``Readings.from_csv`` on the file written as Windows-1252 (decoded, with
  its note);
* ``Readings.from_frame`` on a pandas, a polars and a pyarrow table of the
  same readings (where the library is installed);
* ``Readings.resolve`` of the comma file's readings against the contract,
  for scale (every check and both warnings), and of the same readings with
  every value a float's shortest decimal of 16 or 17 digits (``n / 7``, as
  pandas writes a calculated column), each checked to be the number its
  float holds.

Each reader keeps every diagnostic: the rows are read as they are, with
their problems, for ``resolve`` to report. The ratio is each time over the
baseline's in the same run (goal: within 3x). It prints figures only.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import gc
import io
import os
import tempfile
import time
from collections.abc import Callable

import perfcontract as pc
from _machine import print_machine
from parse import table
from perfcontract.readings import Readings

MEASURES = 20
MONTHS = [f"2024-{m:02d}" for m in range(4, 13)] + [f"2025-{m:02d}" for m in range(1, 4)]


def contract() -> pc.Contract:
    measures = "\n".join(
        f'measure P{n} "Percent {n}" {{ unit percent higher is better target 90% tolerance 85% }}'
        for n in range(MEASURES)
    )
    return pc.loads(
        f'contract "Readings benchmark" {{ reporting monthly group "g" {{ {measures} }} }}'
    )


def rows(count: int) -> list[tuple[str, str, str, str]]:
    out = []
    authority = 0
    while len(out) < count:
        for measure in range(MEASURES):
            for month in MONTHS:
                n = len(out)
                value = "" if n % 100 == 99 else f"{(n * 7919) % 1000 / 10:.1f}"
                out.append((f"LA{authority}", f"P{measure}", month, value))
                if len(out) == count:
                    return out
        authority += 1
    return out


def best(run: Callable[[], object], repeat: int) -> float:
    run()
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def sheets(repeat: int) -> None:
    """A sheet's far cell and empty rows against the same sheet without them."""
    import openpyxl

    print_machine("Reading a workbook's sheet")
    folder = tempfile.mkdtemp()

    def book(name: str, far: str | None) -> str:
        made = openpyxl.Workbook()
        sheet = made.active
        sheet.append(["measure", "period", "value"])
        sheet.append(["P1", "2024-04", 26])
        sheet.append(["P2", "2024-04", 76])
        if far is not None:
            sheet.cell(row=3, column=16384).value = far
            sheet.cell(row=1_048_576, column=1).value = " "
        path = os.path.join(folder, name)
        made.save(path)
        return path

    plain, far, text = book("plain.xlsx", None), book("far.xlsx", ""), book("text.xlsx", "x")
    checked = contract()

    def reported(path: str) -> None:
        with contextlib.suppress(pc.ReadingsError):
            Readings.from_excel(path).resolve(checked)

    baseline = best(lambda: Readings.from_excel(plain), repeat)
    results = [
        ("2 readings (baseline)", baseline),
        ("+ XFD3 and A1048576", best(lambda: Readings.from_excel(far), repeat)),
        ("+ XFD3 `x`, reported", best(lambda: reported(text), repeat)),
    ]
    table(
        ["sheet", "time", "over the baseline"],
        [
            [name, f"{seconds * 1000:,.0f} ms", f"{seconds / baseline:.1f}x"]
            for name, seconds in results
        ],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sheets", action="store_true", help="time a workbook's sheet only")
    args = parser.parse_args()
    if args.sheets:
        sheets(args.repeat)
        return
    print_machine(f"Reading {args.rows:,} readings")
    data = rows(args.rows)
    header = ("authority", "measure", "period", "value")
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *data])
    text = out.getvalue()
    out = io.StringIO()
    semi = [(a, m, p, v.replace(".", ",")) for a, m, p, v in data]
    csv.writer(out, delimiter=";", lineterminator="\n").writerows([header, *semi])
    semicolons = out.getvalue()
    folder = tempfile.mkdtemp()
    legacy = os.path.join(folder, "readings.csv")
    with open(legacy, "w", encoding="cp1252", newline="") as file:
        file.write("# £ readings\n" + text)

    baseline = best(lambda: list(csv.reader(io.StringIO(text))), args.repeat)
    results: list[tuple[str, float]] = [("csv.reader (baseline)", baseline)]
    results.append(
        ("from_csv_text, commas", best(lambda: Readings.from_csv_text(text), args.repeat))
    )
    results.append(
        ("from_csv_text, semicolons", best(lambda: Readings.from_csv_text(semicolons), args.repeat))
    )
    results.append(
        ("from_csv, Windows-1252 file", best(lambda: Readings.from_csv(legacy), args.repeat))
    )
    columns = {name: [row[i] for row in data] for i, name in enumerate(header)}
    columns["value"] = [float(v) if v else None for v in columns["value"]]
    for library in ("pandas", "polars", "pyarrow"):
        try:
            module = __import__(library)
        except ImportError:
            continue
        make = module.table if library == "pyarrow" else module.DataFrame
        frame = make(columns)
        results.append(
            (f"from_frame, {library}", best(lambda f=frame: Readings.from_frame(f), args.repeat))
        )
    readings = Readings.from_csv_text(text)
    checked = contract()
    results.append(("resolve (for scale)", best(lambda: readings.resolve(checked), args.repeat)))
    # Every value a float's shortest decimal of 16 or 17 digits, as pandas writes a
    # calculated column: each is checked to be the number its float holds.
    out = io.StringIO()
    long = [(a, m, p, repr(float(v) / 7) if v else v) for a, m, p, v in data]
    csv.writer(out, lineterminator="\n").writerows([header, *long])
    digits = Readings.from_csv_text(out.getvalue())
    results.append(("resolve, 17-digit values", best(lambda: digits.resolve(checked), args.repeat)))
    table(
        ["reader", "time", "rows/s", "over csv.reader"],
        [
            [
                name,
                f"{seconds * 1000:,.0f} ms",
                f"{args.rows / seconds:,.0f}",
                f"{seconds / baseline:.2f}x",
            ]
            for name, seconds in results
        ],
    )


if __name__ == "__main__":
    main()
