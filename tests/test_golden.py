"""Golden files: every construct of the language, and every diagnostic, pinned down.

``tests/golden/good/NAME.contract`` must load; ``NAME.expected`` beside it is a
plain-text dump of the model it compiles to (see :func:`dump`).

``tests/golden/bad/NAME.contract`` must be rejected; ``NAME.expected`` beside it
is exactly what ``perfcontract check tests/golden/bad/NAME.contract`` prints to
stderr when run from the repository root.

To regenerate every ``.expected`` file after a deliberate change, run::

    PERFCONTRACT_UPDATE_GOLDEN=1 pytest tests/test_golden.py

then read every changed golden (``git diff tests/golden``) before committing:
the goldens are only as right as the person who last read them.
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import os
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

import perfcontract as pc
from perfcontract.cli import main

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
GOOD = GOLDEN / "good"
BAD = GOLDEN / "bad"
UPDATE = os.environ.get("PERFCONTRACT_UPDATE_GOLDEN") == "1"

# Periods at which every measure's targets, tolerances and benchmarks are resolved
# in the dump: before and after the changes the good files make, and at each boundary.
PERIODS = ("2017/18 Q4", "2018/19 Q1", "2018/19 Q2", "2018/19 Q3", "2019/20 Q1")

# Files written byte for byte as the others, but with CRLF line ends and/or a BOM.
VARIANTS = ("spec-example-crlf", "spec-example-bom", "spec-example-bom-crlf")


def _names(folder: Path) -> list[str]:
    return sorted(path.stem for path in folder.glob("*.contract"))


# ---------------------------------------------------------------------------
# The dump of a good contract


def _value(value: object) -> str:
    """A model value as plain text: Decimals as written, bands and margins in words."""
    if value is None:
        return "none"
    if isinstance(value, pc.Band):
        return f"between {value.low} and {value.high}"
    if isinstance(value, pc.Margin):
        return f"within {value.amount}{'%' if value.relative else ' points'} of target"
    if isinstance(value, Decimal | str | int):
        return str(value)
    raise TypeError(f"no dump for {type(value).__name__}: {value!r}")


def _at(position: pc.Position) -> str:
    return f"@{position.line}:{position.column}-{position.end_line}:{position.end_column}"


def _term(
    value: object, start: pc.Period | None, position: pc.Position, per_year: bool = False
) -> str:
    since = "" if start is None else f" from {start}"
    return f"{_value(value)}{' a year' if per_year else ''}{since} {_at(position)}"


def _when_due(m: pc.Measure) -> Iterator[str]:
    """The measure's ratio, window, reporting, season and profile, where it has them.

    Only what a measure says beyond the reference contract's clauses is
    dumped, so that the goldens of those clauses stay as they were.
    """
    if m.numerator is not None or m.denominator is not None:
        yield f"    ratio: {m.numerator} / {m.denominator} × {m.scale}"
    if m.window is not None:
        yield f"    window: {m.window} ({m.window.months} months) {_at(m.window.position)}"
    if m.reporting is not None or m.frequency is not m.contract_reporting:
        yield f"    reporting: {_value(m.reporting and m.reporting.value)}"
    if m.frequency is not pc.Reporting.QUARTERLY or m.reporting is not None:
        yield f"    frequency: {m.frequency.value}"
    if m.season is not None:
        months = ", ".join(str(n) for n in m.season.months)
        yield f"    season: {m.season} (months {months}) {_at(m.season.position)}"
    if m.profile:
        yield f"    profile: {', '.join(str(p) for p in m.profile)}"
    if m.unit.labels:
        grades = ", ".join(f"{i}={label!r}" for i, label in enumerate(m.unit.labels, start=1))
        yield f"    grades: {grades}"


def _metadata(metadata: pc.Metadata) -> Iterator[str]:
    for key in ("description", "source", "owner"):
        value = getattr(metadata, key)
        if value is not None:
            yield f"{key} {value!r}"


def _benchmark(benchmark: pc.Benchmark) -> str:
    text = f"{benchmark.comparator} {benchmark.value}"
    if benchmark.data_year is not None:
        text += f" for {benchmark.data_year}"
    if benchmark.start is not None:
        text += f" from {benchmark.start}"
    return f"{text} {_at(benchmark.position)}"


def _share_band(band: pc.ShareBand) -> str:
    upper = "and above" if band.upper is None else f"to {band.upper}"
    return (
        f"{band.lower} {upper}: council {band.council}%, provider {band.provider}%"
        f" {_at(band.position)}"
    )


def _measure(m: pc.Measure) -> Iterator[str]:
    yield f"  {m.kind.value} {m.id} {m.title!r} {_at(m.position)}"
    yield f"    group: {m.group!r}"
    yield f"    unit: {m.unit} (kind {m.unit.kind.value}, per {_value(m.unit.per)})"
    yield f"    polarity: {m.polarity.value}"
    yield f"    rounding: {_value(m.rounding)}"
    yield f"    aggregate: {m.aggregate.value}"
    yield from _when_due(m)
    for target in m.targets:
        yield f"    target {_term(target.value, target.start, target.position, target.per_year)}"
    for tolerance in m.tolerances:
        term = _term(tolerance.value, tolerance.start, tolerance.position, tolerance.per_year)
        yield f"    tolerance {term}"
    for benchmark in m.benchmarks:
        yield f"    benchmark {_benchmark(benchmark)}"
    for line in _metadata(m.metadata):
        yield f"    {line}"
    for period in PERIODS:
        benchmarks = ", ".join(f"{b.comparator} {b.value}" for b in m.benchmarks_at(period))
        due = "" if m.due_in(period) else "; not due"
        yield (
            f"    at {period}: target {_value(m.target_at(period))};"
            f" tolerance {_value(m.tolerance_at(period))}; benchmarks [{benchmarks}]{due}"
        )


def dump(contract: pc.Contract) -> str:
    """A stable, readable text dump of everything a contract says."""
    lines = [
        f"contract {contract.name!r} {_at(contract.position)}",
        f"council: {_value(contract.council)}",
        f"provider: {_value(contract.provider)}",
        f"year starts: {contract.year_start}",
        f"reporting: {contract.reporting.value}",
        *_metadata(contract.metadata),
        f"measures: {', '.join(contract.measures) or 'none'}",
        f"contractual: {', '.join(m.id for m in contract.contractual) or 'none'}",
        f"volumetric: {', '.join(m.id for m in contract.volumetric) or 'none'}",
    ]
    for group in contract.groups:
        lines.append(f"group {group.name!r} {_at(group.position)}")
        lines.extend(f"  {line}" for line in _metadata(group.metadata))
        for measure in group.measures:
            lines.extend(_measure(measure))
    share = contract.risk_share
    if share is None:
        lines.append("risk share: none")
    else:
        lines.append(f"risk share {_at(share.position)}")
        lines.extend(f"  {line}" for line in _metadata(share.metadata))
        lines.append(f"  council {share.council}%, provider {share.provider}% (first band)")
        lines.extend(f"  band {_share_band(band)}" for band in share.bands)
        lines.extend(f"  gain share band {_share_band(band)}" for band in share.gain_share)
        lines.append(f"  provider cap: {_value(share.provider_cap)}")
        if share.council_cap is not None:
            lines.append(f"  council cap: {_value(share.council_cap)}")
        for change in share.changes:
            lines.append(f"  from {change.start}:")
            lines.extend(f"    band {_share_band(band)}" for band in change.bands)
            lines.extend(f"    gain share band {_share_band(band)}" for band in change.gain_share)
    lines.extend(_payment(contract))
    return "\n".join(lines) + "\n"


def _payment(contract: pc.Contract) -> Iterator[str]:
    """The payment block, for a contract that has one (the others' goldens stay as they were)."""
    terms = contract.payment_mechanism
    if terms is None:
        return
    yield f"payment {_at(terms.position)}" if terms.position else "payment"
    yield from (f"  {line}" for line in _metadata(terms.metadata))
    yield f"  paid: {terms.frequency.value}"
    for charge in terms.charges:
        yield f"  charge {_term(charge.value, charge.start, charge.position)}"
    for line in terms.deductions:
        yield f"  {line} {_at(line.position) if line.position else ''}"
    for value in terms.point_values:
        yield f"  point value {_term(value.value, value.start, value.position)}"
    yield f"  cap: {_value(terms.cap_percent)}% of charge, {_value(terms.cap_amount)}"
    for warning in terms.warnings:
        yield f"  {warning} {_at(warning.position) if warning.position else ''}"
    for period in PERIODS:
        charge = terms.charge_at(period)
        cap = None if charge is None else terms.cap_for(charge)
        yield (
            f"  at {period}: charge {_value(charge)}; point value"
            f" {_value(terms.point_value_at(period))}; cap {_value(cap)}"
        )


def _compare(expected_path: Path, actual: str) -> None:
    if UPDATE:
        expected_path.write_text(actual, encoding="utf-8", newline="\n")
    assert expected_path.is_file(), f"no golden {expected_path.name}; run with UPDATE (see top)"
    assert expected_path.read_text(encoding="utf-8") == actual


# ---------------------------------------------------------------------------
# The tests


class TestGoodFiles:
    @pytest.mark.parametrize("name", _names(GOOD))
    def test_dump_matches_golden(self, name: str) -> None:
        """Each good file loads, and its model dumps exactly as its golden says."""
        contract = pc.load(GOOD / f"{name}.contract")
        _compare(GOOD / f"{name}.expected", dump(contract))

    @pytest.mark.parametrize("name", _names(GOOD))
    def test_check_says_ok(self, name: str, capsys: pytest.CaptureFixture[str]) -> None:
        """`perfcontract check` accepts each good file, prints one ok line and nothing on stderr."""
        path = f"tests/golden/good/{name}.contract"
        with pytest.MonkeyPatch.context() as patch:
            patch.chdir(ROOT)
            status = main(["check", path])
        out, err = capsys.readouterr()
        assert (0, "") == (status, err)
        assert 1 == len(out.splitlines())
        assert out.startswith(f"{path}: ok: ")

    @pytest.mark.parametrize("name", VARIANTS)
    def test_line_ends_and_bom_change_nothing(self, name: str) -> None:
        """CRLF line ends and a UTF-8 BOM give the same model, positions included."""
        assert dump(pc.load(GOOD / "spec-example.contract")) == dump(
            pc.load(GOOD / f"{name}.contract")
        )

    @pytest.mark.parametrize(
        ("name", "starts_with"),
        [
            ("spec-example-crlf", b"#"),
            ("spec-example-bom", b"\xef\xbb\xbf#"),
            ("spec-example-bom-crlf", b"\xef\xbb\xbf#"),
        ],
    )
    def test_variants_hold_the_bytes_they_claim(self, name: str, starts_with: bytes) -> None:
        """The variant files really have their BOM and line ends (no editor has undone them)."""
        data = (GOOD / f"{name}.contract").read_bytes()
        assert data.startswith(starts_with)
        assert ("crlf" in name) == (b"\r\n" in data)
        assert ("crlf" in name) == (data.count(b"\n") == data.count(b"\r\n"))

    def test_reference_example_loads(self) -> None:
        """The reference contract in examples/ loads with 20 contractual and 3 volumetric."""
        contract = pc.load(ROOT / "examples" / "dcst-2017-18.contract")
        assert (20, 3) == (len(contract.contractual), len(contract.volumetric))


class TestBadFiles:
    @pytest.mark.parametrize("name", _names(BAD))
    def test_check_prints_golden(self, name: str, capsys: pytest.CaptureFixture[str]) -> None:
        """`perfcontract check` rejects each bad file with exactly its golden on stderr."""
        with pytest.MonkeyPatch.context() as patch:
            patch.chdir(ROOT)
            status = main(["check", f"tests/golden/bad/{name}.contract"])
        out, err = capsys.readouterr()
        _compare(BAD / f"{name}.expected", err)
        assert (1, "") == (status, out)

    @pytest.mark.parametrize("name", _names(BAD))
    def test_load_raises_contract_error(self, name: str) -> None:
        """pc.load raises a ContractError for each bad file, its first line matching the golden."""
        with pytest.raises(pc.ContractError) as info:
            pc.load(BAD / f"{name}.contract")
        golden = (BAD / f"{name}.expected").read_text(encoding="utf-8")
        first = golden.splitlines()[0]
        location = first.split(": error: ", 1)[0].split(":")[-2:]
        assert [str(info.value.line), str(info.value.column)] == location

    def test_many_errors_are_all_reported_in_file_order(self) -> None:
        """A file with many problems reports every one of them, sorted by line and column."""
        with pytest.raises(pc.ContractValidationError) as info:
            pc.load(BAD / "many-errors.contract")
        places = [(d.line or 0, d.column or 0) for d in info.value.diagnostics]
        golden = (BAD / "many-errors.expected").read_text(encoding="utf-8")
        assert (
            f"tests/golden/bad/many-errors.contract: {len(places)} errors\n"
            == (golden.splitlines(keepends=True)[-1])
        )
        assert 10 < len(places)
        assert sorted(places) == places


class TestGoldenFolders:
    @pytest.mark.parametrize("folder", [GOOD, BAD], ids=["good", "bad"])
    def test_every_input_has_a_golden_and_every_golden_an_input(self, folder: Path) -> None:
        """No .contract without its .expected, and no stale .expected left behind."""
        inputs = {p.stem for p in folder.glob("*.contract")}
        goldens = {p.stem for p in folder.glob("*.expected")}
        assert set() == inputs ^ goldens

    @pytest.mark.parametrize("folder", [GOOD, BAD], ids=["good", "bad"])
    def test_only_inputs_and_goldens(self, folder: Path) -> None:
        """The golden folders hold .contract and .expected files and nothing else."""
        assert [] == sorted(
            p.name for p in folder.iterdir() if p.suffix not in (".contract", ".expected")
        )

    def test_goldens_are_not_being_regenerated(self) -> None:
        """A run that regenerates goldens fails, so that it is never mistaken for a pass."""
        assert not UPDATE, "goldens were regenerated: read `git diff tests/golden`, then rerun"
