"""Behaviour of the .contract language through the public model API.

What a contract says once loaded: ids, order, groups, targets and tolerances
in force for a period (margins resolved, dated terms at their boundaries),
benchmarks, default aggregates, exact values as written, the risk share; and
what a bad contract raises.
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import enum
import graphlib
import pickle
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfcontract as pc
from perfcontract.formatter import format_contract

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "examples" / "dcst-2017-18.contract"
GOOD = ROOT / "tests" / "golden" / "good"


def one(body: str, unit: str = "percent", kind: str = "measure", header: str = "") -> pc.Measure:
    """The measure M1 of a contract holding just it, with ``body`` inside its block."""
    text = f"""contract "c" {{ {header}
        group "g" {{
            {kind} M1 "A measure" {{
                unit {unit}
                {body}
            }}
        }}
    }}"""
    return pc.loads(text)["M1"]


def _one_text(body: str, unit: str) -> str:
    """The text of a contract holding just the measure M1, with ``body`` inside its block."""
    return f'contract "c" {{ group "g" {{ measure M1 "t" {{ unit {unit} {body} }} }} }}'


def error_of(text: str) -> pc.ContractError:
    """The ContractError that loading ``text`` raises."""
    with pytest.raises(pc.ContractError) as info:
        pc.loads(text)
    return info.value


def messages(text: str) -> list[str]:
    """The message of every diagnostic that loading ``text`` raises, in order."""
    return [d.message for d in error_of(text).diagnostics]


# ---------------------------------------------------------------------------
# Loading


class TestLoads:
    def test_returns_a_contract(self) -> None:
        """loads() compiles text into a Contract with its name and parties."""
        contract = pc.loads('contract "Demo" { council "A council" provider "A trust" }')
        assert ("Demo", "A council", "A trust") == (
            contract.name,
            contract.council,
            contract.provider,
        )

    def test_source_defaults_to_string(self) -> None:
        """Without a source name, errors and the contract say <string>."""
        assert "<string>" == pc.loads('contract "c" { }').source
        assert "<string>" == error_of('contract "c" { counsil "x" }').source

    def test_source_names_the_text_in_errors(self) -> None:
        """The source given to loads() names the text in every diagnostic."""
        with pytest.raises(pc.ContractError) as info:
            pc.loads('contract "c" {\n council "a"\n council "b"\n}', source="my.contract")
        error = info.value
        assert ("my.contract", 3, 2) == (error.source, error.line, error.column)
        assert str(error).startswith("my.contract:3:2: error: duplicate `council`")

    def test_byte_order_mark_is_ignored(self) -> None:
        """A leading BOM in the text changes neither the model nor its positions."""
        plain = pc.loads('contract "c" { council "a" }')
        with_bom = pc.loads('\ufeffcontract "c" { council "a" }')
        assert plain == with_bom

    def test_crlf_reads_like_lf(self) -> None:
        """CRLF line ends give the same model, positions included, as LF."""
        text = 'contract "c" {\n group "g" {\n  volumetric E1 "t" { unit count }\n }\n}\n'
        assert pc.loads(text) == pc.loads(text.replace("\n", "\r\n"))

    def test_bom_does_not_shift_columns_of_errors(self) -> None:
        """An error on the first line of a text with a BOM is at the column a reader sees."""
        error = error_of('\ufeffcontract "c" { counsil "a" }')
        assert (1, 16) == (error.line, error.column)

    def test_crlf_does_not_shift_errors(self) -> None:
        """An error in a CRLF text has the line and column it would have with LF."""
        error = error_of('contract "c" {\r\n  council "a"\r\n  council "b"\r\n}\r\n')
        assert (3, 3) == (error.line, error.column)
        assert '  council "b"' == error.first.source_line

    def test_carriage_returns_alone_end_lines(self) -> None:
        """A file saved with a carriage return alone at each line's end (classic Mac OS)
        reads as LF, its comments ending with their lines: it was one line, a comment from
        the first `#` to the end of the file."""
        text = (
            'contract "c" {  # the contract\n group "g" {\n'
            '  volumetric E1 "t" { unit count }\n }\n}\n'
        )
        assert pc.loads(text) == pc.loads(text.replace("\n", "\r"))
        error = error_of('contract "c" {\r  # a comment\r  council "a"\r  council "b"\r}\r')
        assert (4, 3, '  council "b"') == (error.line, error.column, error.first.source_line)

    def test_carriage_returns_alone_formatted(self) -> None:
        """`fmt` lays out such a file as any other, with LF line ends."""
        text = 'contract "c" {\r  # a comment\r  council "a"\r}\r'
        assert 'contract "c" {\n    # a comment\n    council "a"\n}\n' == format_contract(text)


class TestLoad:
    def test_reads_a_file_by_str_and_path(self) -> None:
        """load() takes a str or a Path and gives the same contract."""
        assert pc.load(str(REFERENCE)) == pc.load(REFERENCE)

    def test_source_is_the_path_as_given(self) -> None:
        """The contract's source is the file name exactly as it was passed."""
        assert str(REFERENCE) == pc.load(str(REFERENCE)).source

    def test_reference_contract(self) -> None:
        """The reference contract has 20 contractual measures in 5 groups and 3 volumetric."""
        contract = pc.load(REFERENCE)
        assert (5, 20, 3) == (
            len(contract.groups),
            len(contract.contractual),
            len(contract.volumetric),
        )

    def test_invalid_utf8_is_a_syntax_error(self, tmp_path: Path) -> None:
        """A file that is not UTF-8 raises ContractSyntaxError at the bad byte's line and column."""
        path = tmp_path / "cp1252.contract"
        path.write_bytes(b'contract "c" {\n  risk share {\n    provider cap \xa32m\n  }\n}\n')
        with pytest.raises(pc.ContractSyntaxError) as info:
            pc.load(path)
        error = info.value
        assert (str(path), 3, 18) == (error.source, error.line, error.column)
        assert "this file is not UTF-8: byte 0xA3 cannot be read" == error.first.message

    def test_invalid_utf8_column_counts_characters(self, tmp_path: Path) -> None:
        """The column of a bad byte counts characters, so a UTF-8 £ before it is one column."""
        path = tmp_path / "mixed.contract"
        path.write_bytes(b'contract "\xc2\xa3" { council "\xa3" }\n')
        with pytest.raises(pc.ContractSyntaxError) as info:
            pc.load(path)
        assert (1, 25) == (info.value.line, info.value.column)

    @pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
    def test_utf16_is_named(self, tmp_path: Path, encoding: str) -> None:
        """A contract saved as UTF-16 with its byte order mark (Notepad's "Unicode") is said to
        be UTF-16, not shown as a line of NULs."""
        path = tmp_path / "unicode.contract"
        mark = {"utf-16": b"", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}[encoding]
        path.write_bytes(mark + 'contract "c" { council "£" }\n'.encode(encoding))
        with pytest.raises(pc.ContractSyntaxError) as info:
            pc.load(path)
        (problem,) = info.value.diagnostics
        assert (str(path), 1, 1) == (problem.source, problem.line, problem.column)
        assert problem.source_line is None  # a line of NULs and letters says nothing
        assert problem.message == (
            "this file is UTF-16 (it starts with UTF-16's byte order mark), not UTF-8"
        )
        assert "save the file as UTF-8: in Notepad, File > Save As, Encoding UTF-8" == problem.hint

    def test_missing_file_raises_file_not_found(self, tmp_path: Path) -> None:
        """A file that does not exist raises FileNotFoundError, as open() does."""
        with pytest.raises(FileNotFoundError):
            pc.load(tmp_path / "nowhere.contract")


# ---------------------------------------------------------------------------
# The contract and its groups


CONTRACT = """
contract "Demo" {
    group "Social Care Pathway" {
        measure A2 "Timeliness" { unit percent higher is better target 90% }
        measure A1 "Re-referrals" { unit percent lower is better target 22% }
        volumetric E1 "Contacts" { unit count }
    }
    group "Empty" { }
    group "Children in Care" {
        measure B8 "Care proceedings" { unit percent higher is better target 90% }
    }
}
"""


class TestContract:
    def test_getitem_returns_the_measure(self) -> None:
        """contract["A1"] is the measure with id A1."""
        measure = pc.loads(CONTRACT)["A1"]
        assert ("A1", "Re-referrals", "Social Care Pathway") == (
            measure.id,
            measure.title,
            measure.group,
        )

    def test_unknown_id_raises_key_error(self) -> None:
        """An unknown id raises KeyError naming the id and the contract, without chaining."""
        with pytest.raises(KeyError) as info:
            pc.loads(CONTRACT)["Z9"]
        assert "no measure `Z9` in contract `Demo`" == info.value.args[0]
        assert info.value.__suppress_context__

    def test_ids_are_case_sensitive(self) -> None:
        """Ids are matched exactly: a1 is not A1."""
        assert "a1" not in pc.loads(CONTRACT)

    def test_measures_in_contract_order(self) -> None:
        """contract.measures maps id to measure in the order written, across groups."""
        assert ["A2", "A1", "E1", "B8"] == list(pc.loads(CONTRACT).measures)

    def test_measures_values_are_the_measures(self) -> None:
        """contract.measures[id] is the same measure as contract[id]."""
        contract = pc.loads(CONTRACT)
        assert contract["B8"] is contract.measures["B8"]

    def test_measures_mapping_is_read_only(self) -> None:
        """contract.measures cannot be changed."""
        contract = pc.loads(CONTRACT)
        with pytest.raises(TypeError):
            contract.measures["X1"] = contract["A1"]  # type: ignore[index]

    @pytest.mark.parametrize(
        ("given", "said"),
        [
            (CONTRACT.encode(), r"not bytes: decode them \(data\.decode\('utf-8'\)\), or pass"),
            (None, r"not NoneType$"),
        ],
    )
    def test_loads_takes_text(self, given: object, said: str) -> None:
        """pc.loads of bytes (or anything but text) says what it takes, not the reverse."""
        with pytest.raises(TypeError, match=r"^loads takes a contract's text \(str\), " + said):
            pc.loads(given)  # type: ignore[arg-type]

    def test_contains_len_and_iter(self) -> None:
        """`in`, len() and iteration go over the measures in contract order."""
        contract = pc.loads(CONTRACT)
        assert (True, False) == ("E1" in contract, "E2" in contract)
        assert 4 == len(contract)
        assert ["A2", "A1", "E1", "B8"] == [m.id for m in contract]

    def test_contractual_and_volumetric(self) -> None:
        """contractual and volumetric split the measures by kind, each in contract order."""
        contract = pc.loads(CONTRACT)
        assert ["A2", "A1", "B8"] == [m.id for m in contract.contractual]
        assert ["E1"] == [m.id for m in contract.volumetric]

    def test_defaults(self) -> None:
        """Without header clauses: no parties, April year start, quarterly, no risk share."""
        contract = pc.loads('contract "c" { }')
        assert (None, None, 4, pc.Reporting.QUARTERLY, None) == (
            contract.council,
            contract.provider,
            contract.year_start,
            contract.reporting,
            contract.risk_share,
        )

    @pytest.mark.parametrize(
        ("month", "number"),
        [("January", 1), ("april", 4), ("Sep", 9), ("OCTOBER", 10), ("dec", 12)],
    )
    def test_year_starts_takes_any_case_and_abbreviations(self, month: str, number: int) -> None:
        """`year starts` takes a month's name or three-letter abbreviation in any case."""
        assert number == pc.loads(f'contract "c" {{ year starts {month} }}').year_start

    @pytest.mark.parametrize("frequency", ["monthly", "quarterly", "annually"])
    def test_reporting(self, frequency: str) -> None:
        """`reporting` takes monthly, quarterly or annually."""
        contract = pc.loads(f'contract "c" {{ reporting {frequency} }}')
        assert pc.Reporting(frequency) == contract.reporting

    def test_escaped_quotes_in_strings(self) -> None:
        """A backslash-escaped quote in a string is kept as a quote."""
        contract = pc.loads(r'contract "The \"Trust\" contract" { council "A \\ B" }')
        assert ('The "Trust" contract', "A \\ B") == (contract.name, contract.council)

    def test_metadata(self) -> None:
        """description, source and owner are kept on the contract; missing ones are None."""
        contract = pc.loads('contract "c" { source "A report" owner "Someone" }')
        assert pc.Metadata(description=None, source="A report", owner="Someone") == (
            contract.metadata
        )


class TestGroup:
    def test_groups_in_contract_order(self) -> None:
        """contract.groups is a tuple of groups in the order written, empty ones included."""
        groups = pc.loads(CONTRACT).groups
        assert isinstance(groups, tuple)
        assert ["Social Care Pathway", "Empty", "Children in Care"] == [g.name for g in groups]

    def test_group_measures(self) -> None:
        """A group's measures are its own, in order, volumetric ones included."""
        first = pc.loads(CONTRACT).groups[0]
        assert ["A2", "A1", "E1"] == [m.id for m in first.measures]

    def test_group_contractual(self) -> None:
        """A group's contractual measures leave out its volumetric ones."""
        first = pc.loads(CONTRACT).groups[0]
        assert ["A2", "A1"] == [m.id for m in first.contractual]

    def test_empty_group(self) -> None:
        """A group with no measures is kept, with an empty tuple of measures."""
        assert () == pc.loads(CONTRACT).groups[1].measures

    def test_empty_group_warns(self) -> None:
        """A group with no measures is a warning at its name, kept on the contract: not an
        error, since the contract still means something."""
        [warning] = pc.loads(CONTRACT, source="demo.contract").warnings
        assert (
            "warning",
            "demo.contract",
            8,
            11,
            7,
            'group "Empty" has no measures, so it has no row in the summary table',
            "add its measures or delete it; to keep it empty on purpose, give it a"
            " `description` saying why",
        ) == (
            warning.severity,
            warning.source,
            warning.line,
            warning.column,
            warning.length,
            warning.message,
            warning.hint,
        )

    @pytest.mark.parametrize(
        "body",
        [
            'description "Measures to be agreed at the annual review"',
            'source "Schedule 4"',
            'volumetric E1 "Contacts" { unit count }',
            'measure A1 "Re-referrals" { unit percent no target }',
        ],
    )
    def test_no_warning(self, body: str) -> None:
        """A group with measures (volumetric ones too), or metadata saying why it is empty,
        gets no warning; nor does a contract with no groups."""
        assert () == pc.loads(f'contract "c" {{ group "g" {{ {body} }} }}').warnings
        assert () == pc.loads('contract "c" { }').warnings

    def test_every_empty_group_warns_in_order(self) -> None:
        """Each empty group has its warning, in file order."""
        contract = pc.loads('contract "c" {\n group "a" { }\n group "b" { }\n}')
        assert [2, 3] == [w.line for w in contract.warnings]

    def test_warnings_do_not_make_contracts_differ(self) -> None:
        """Warnings take no part in equality: they are about the text, not the terms."""
        one = pc.loads('contract "c" { group "a" { } }')
        other = pc.loads('contract "c" {\n\n group "a" { } }')
        assert (one, 1, 3) == (other, one.warnings[0].line, other.warnings[0].line)

    def test_group_metadata(self) -> None:
        """A group keeps its own description, source and owner."""
        contract = pc.loads('contract "c" { group "g" { description "d" owner "o" } }')
        assert pc.Metadata(description="d", owner="o") == contract.groups[0].metadata

    def test_position(self) -> None:
        """A group's position runs from `group` to its closing brace."""
        contract = pc.loads('contract "c" {\n  group "g" {\n  }\n}')
        assert pc.Position(2, 3, 3, 4) == contract.groups[0].position


# ---------------------------------------------------------------------------
# Measures


class TestMeasure:
    def test_kind(self) -> None:
        """`measure` is contractual and `volumetric` is volumetric."""
        contract = pc.loads(CONTRACT)
        assert (pc.MeasureKind.CONTRACTUAL, True, False) == (
            contract["A1"].kind,
            contract["A1"].is_contractual,
            contract["A1"].is_volumetric,
        )
        assert (pc.MeasureKind.VOLUMETRIC, False, True) == (
            contract["E1"].kind,
            contract["E1"].is_contractual,
            contract["E1"].is_volumetric,
        )

    @pytest.mark.parametrize(
        ("clause", "polarity"),
        [
            ("higher is better target 90%", pc.Polarity.HIGHER_IS_BETTER),
            ("lower is better target 22%", pc.Polarity.LOWER_IS_BETTER),
            ("target between 5% and 10%", pc.Polarity.IN_BAND),
            ("no target", pc.Polarity.NONE),
        ],
    )
    def test_polarity(self, clause: str, polarity: pc.Polarity) -> None:
        """Polarity comes from `higher/lower is better`, from a band target, or is NONE."""
        assert polarity == one(clause).polarity

    def test_volumetric_may_have_a_polarity(self) -> None:
        """A volumetric measure may say which way is better."""
        assert pc.Polarity.LOWER_IS_BETTER == one("lower is better", "count", "volumetric").polarity

    @pytest.mark.parametrize(
        ("places", "expected"), [("", None), ("rounded to 0 dp", 0), ("rounded to 2 dp", 2)]
    )
    def test_rounding(self, places: str, expected: int | None) -> None:
        """`rounded to N dp` gives rounding N; without it rounding is None."""
        assert expected == one(f"no target {places}").rounding

    def test_metadata(self) -> None:
        """A measure keeps its own description, source and owner."""
        measure = one('no target description "d" source "s" owner "o"')
        assert pc.Metadata("d", "s", "o") == measure.metadata

    def test_year_start_is_the_contracts(self) -> None:
        """A measure resolves periods with its contract's year start."""
        assert 1 == one("no target", header="year starts January").year_start

    def test_position(self) -> None:
        """A measure's position runs from `measure` to its closing brace."""
        contract = pc.loads(
            'contract "c" {\n group "g" {\n  measure A1 "t" {\n'
            "   unit percent\n   no target\n  }\n }\n}"
        )
        assert pc.Position(3, 3, 6, 4) == contract["A1"].position

    def test_terms_keep_their_positions(self) -> None:
        """Each target and tolerance term keeps the position of its clause."""
        measure = pc.loads(
            'contract "c" {\n group "g" {\n  measure A1 "t" {\n'
            "   unit percent lower is better\n   target 22%\n"
            "   tolerance 28% from 2018/19\n  }\n }\n}"
        )["A1"]
        assert pc.Position(5, 4, 5, 14) == measure.targets[0].position
        assert pc.Position(6, 4, 6, 30) == measure.tolerances[0].position


class TestUnit:
    @pytest.mark.parametrize(
        ("written", "kind"),
        [
            ("percent", pc.UnitKind.PERCENT),
            ("count", pc.UnitKind.COUNT),
            ("number", pc.UnitKind.NUMBER),
            ("days", pc.UnitKind.DAYS),
            ("weeks", pc.UnitKind.WEEKS),
            ("money", pc.UnitKind.MONEY),
        ],
    )
    def test_plain_units(self, written: str, kind: pc.UnitKind) -> None:
        """Each plain unit gives its kind and no `per`."""
        assert pc.Unit(kind, None) == one("no target", written).unit

    def test_rate_per(self) -> None:
        """`rate per 10000` gives a rate with per = 10000."""
        unit = one("no target", "rate per 10000").unit
        assert (pc.UnitKind.RATE, Decimal(10000), "rate per 10000") == (
            unit.kind,
            unit.per,
            str(unit),
        )

    def test_rate_per_with_thousands_separator(self) -> None:
        """`rate per 10,000` is the same unit as `rate per 10000`."""
        assert one("no target", "rate per 10000").unit == one("no target", "rate per 10,000").unit


class TestDefaultAggregate:
    @pytest.mark.parametrize(
        ("unit", "aggregate"),
        [
            ("percent", pc.Aggregate.MEAN),
            ("rate per 1000", pc.Aggregate.MEAN),
            ("count", pc.Aggregate.SUM),
            ("money", pc.Aggregate.SUM),
            ("number", pc.Aggregate.MEAN),
            ("days", pc.Aggregate.MEAN),
            ("weeks", pc.Aggregate.MEAN),
        ],
    )
    def test_default_per_unit(self, unit: str, aggregate: pc.Aggregate) -> None:
        """Without `aggregate`: mean for percent and rates, sum for count and money."""
        assert aggregate == one("", unit, "volumetric").aggregate

    @pytest.mark.parametrize("name", ["mean", "sum", "last", "min", "max"])
    def test_explicit_aggregate_wins(self, name: str) -> None:
        """`aggregate NAME` overrides the unit's default."""
        assert pc.Aggregate(name) == one(f"aggregate {name}", "count", "volumetric").aggregate


class TestQuantities:
    @pytest.mark.parametrize(
        ("written", "unit", "expected"),
        [
            ("21.9%", "percent", "Decimal('21.9')"),
            ("22.50%", "percent", "Decimal('22.50')"),
            ("0%", "percent", "Decimal('0')"),
            ("100%", "percent", "Decimal('100')"),
            ("£1.2m", "money", "Decimal('1200000')"),
            ("£950k", "money", "Decimal('950000')"),
            ("£1,230,000", "money", "Decimal('1230000')"),
            ("£2.5k", "money", "Decimal('2500')"),
            ("£0.99", "money", "Decimal('0.99')"),
            ("1,230,000", "money", "Decimal('1230000')"),
            ("0.10", "rate per 1000", "Decimal('0.10')"),
            ("1,500", "count", "Decimal('1500')"),
            ("-1.5", "number", "Decimal('-1.5')"),
        ],
    )
    def test_exact_decimal_as_written(self, written: str, unit: str, expected: str) -> None:
        """A quantity becomes the exact Decimal written, never a float."""
        value = one(f"higher is better target {written}", unit).target_at("2017/18 Q4")
        assert isinstance(value, Decimal)
        assert expected == repr(value)

    @pytest.mark.parametrize(
        ("written", "unit"), [("2k", "count"), ("1,500k", "money"), ("2.5bn", "money")]
    )
    def test_thousands_or_millions_without_a_pound_sign(self, written: str, unit: str) -> None:
        """`k`, `m` and `bn` belong to money, after `£`: the message names the whole amount
        written, from its first digit, and how to write it."""
        text = (
            'contract "c" { group "g" { measure M1 "m" {'
            f" unit {unit} higher is better target {written} }} }} }}"
        )
        (problem,) = error_of(text).diagnostics
        assert problem.message == (
            f"`{written}` is not a number: only money takes `k`, `m` or `bn`, after `£`"
        )
        where = (1, text.index(written) + 1, len(written))
        assert where == (problem.line, problem.column, problem.length)
        assert f"write `£{written}` for money, or the number in full" == problem.hint

    def test_money_with_pence_in_thousands(self) -> None:
        """£1.2345k is exactly 1234.5 pounds."""
        value = one("higher is better target £1.2345k", "money").target_at("2017/18 Q4")
        assert Decimal("1234.5") == value

    def test_benchmark_values_are_exact(self) -> None:
        """Benchmark values are exact Decimals too."""
        measure = one("no target benchmark national 21.9%, regional 20.10%")
        assert ["Decimal('21.9')", "Decimal('20.10')"] == [
            repr(b.value) for b in measure.benchmarks
        ]


# ---------------------------------------------------------------------------
# Targets and tolerances


class TestTargetAt:
    def test_single_target(self) -> None:
        """An undated target applies in every period."""
        measure = one("lower is better target 22%")
        assert [Decimal(22)] * 3 == [
            measure.target_at(p) for p in ("2000/01", "2017/18 Q4", "2099-12")
        ]

    def test_no_target_is_none(self) -> None:
        """`no target` gives None."""
        assert None is one("no target").target_at("2017/18 Q4")

    def test_band_target(self) -> None:
        """A band target gives a Band."""
        band = one("target between 5% and 10%").target_at("2017/18 Q4")
        assert pc.Band(Decimal(5), Decimal(10)) == band

    def test_volumetric_has_no_target(self) -> None:
        """A volumetric measure has no target in any period."""
        assert None is one("", "count", "volumetric").target_at("2017/18 Q4")

    def test_accepts_a_period(self) -> None:
        """target_at takes a Period as well as its text."""
        measure = one("higher is better target 90% target 92% from 2018/19")
        assert Decimal(92) == measure.target_at(pc.Period.parse("2018/19 Q1"))

    def test_period_with_another_year_start_is_an_error(self) -> None:
        """A Period whose year starts in another month than the contract's raises PeriodError."""
        measure = one("higher is better target 90%")
        with pytest.raises(pc.PeriodError):
            measure.target_at(pc.Period.parse("2017/18", year_start=1))

    def test_bad_period_text_is_a_period_error(self) -> None:
        """target_at("2017/19") raises PeriodError, a ContractError, without a chained cause."""
        with pytest.raises(pc.PeriodError) as info:
            one("higher is better target 90%").target_at("2017/19")
        error = info.value
        assert isinstance(error, pc.ContractError)
        assert "`2017/19` is not a financial year: 19 does not follow 2017" == error.first.message
        assert error.__cause__ is None
        assert error.__suppress_context__ or error.__context__ is None


class TestToleranceAt:
    def test_absolute_tolerance(self) -> None:
        """`tolerance 28%` gives 28 in every period."""
        assert Decimal(28) == one("lower is better target 22% tolerance 28%").tolerance_at(
            "2017/18 Q4"
        )

    def test_no_tolerance_is_none(self) -> None:
        """Without a tolerance, tolerance_at gives None."""
        assert None is one("lower is better target 22%").tolerance_at("2017/18 Q4")

    def test_no_target_has_no_tolerance(self) -> None:
        """With `no target`, tolerance_at gives None."""
        assert None is one("no target").tolerance_at("2017/18 Q4")

    def test_band_tolerance(self) -> None:
        """`tolerance between 3% and 12%` gives that Band."""
        measure = one("target between 5% and 10% tolerance between 3% and 12%")
        assert pc.Band(Decimal(3), Decimal(12)) == measure.tolerance_at("2017/18 Q4")

    def test_terms_hold_the_margin_unresolved(self) -> None:
        """The tolerance term keeps the Margin as written; tolerance_at resolves it."""
        measure = one("higher is better target 90% tolerance within 5 points of target")
        assert pc.Margin(Decimal(5), relative=False) == measure.tolerances[0].value


class TestMarginResolution:
    @pytest.mark.parametrize(
        ("polarity", "target", "margin", "expected"),
        [
            ("higher is better", "90%", "within 5 points of target", Decimal("85")),
            ("lower is better", "22%", "within 5 points of target", Decimal("27")),
            ("higher is better", "90%", "within 10% of target", Decimal("81")),
            ("lower is better", "22%", "within 5% of target", Decimal("23.1")),
            ("higher is better", "90%", "within 0 points of target", Decimal("90")),
            ("lower is better", "22%", "within 2.5 points of target", Decimal("24.5")),
        ],
    )
    def test_single_target(
        self, polarity: str, target: str, margin: str, expected: Decimal
    ) -> None:
        """A margin moves the tolerance away from the target, on the worse side."""
        measure = one(f"{polarity} target {target} tolerance {margin}")
        assert expected == measure.tolerance_at("2017/18 Q4")

    def test_relative_margin_is_exact(self) -> None:
        """within 5% of 22% is exactly 23.1, not a float near it."""
        measure = one("lower is better target 22% tolerance within 5% of target")
        assert Decimal("23.1") == measure.tolerance_at("2017/18 Q4")
        assert isinstance(measure.tolerance_at("2017/18 Q4"), Decimal)

    def test_points_margin_around_a_band(self) -> None:
        """A points margin widens a band target by that much on both sides."""
        measure = one("target between 5% and 10% tolerance within 2 points of target")
        assert pc.Band(Decimal(3), Decimal(12)) == measure.tolerance_at("2017/18 Q4")

    def test_relative_margin_around_a_band(self) -> None:
        """A relative margin widens each bound of a band by that share of itself."""
        measure = one("target between 50 and 100 tolerance within 10% of target", "number")
        assert pc.Band(Decimal(45), Decimal(110)) == measure.tolerance_at("2017/18 Q4")

    def test_money_margin(self) -> None:
        """`within £50k of target` on a money measure is an absolute margin of £50,000."""
        measure = one("lower is better target £1.2m tolerance within £50k of target", "money")
        assert Decimal(1250000) == measure.tolerance_at("2017/18 Q4")

    def test_relative_margin_of_a_negative_target(self) -> None:
        """within 10% of a target of -5, lower is better, is -4.5: the margin is of the size."""
        measure = one("lower is better target -5 tolerance within 10% of target", "number")
        assert Decimal("-4.5") == measure.tolerance_at("2017/18 Q4")

    def test_margin_follows_a_dated_target(self) -> None:
        """A margin is resolved against the target in force for the period."""
        measure = one(
            "higher is better target 90% tolerance within 5 points of target"
            " target 92% from 2018/19"
        )
        assert [Decimal(85), Decimal(87)] == [
            measure.tolerance_at("2017/18 Q4"),
            measure.tolerance_at("2018/19 Q1"),
        ]


class TestDatedTerms:
    MEASURE = """
        higher is better
        target 90%
        tolerance 80%
        target 92% from 2018/19
        target 93% from 2018/19 Q3
        tolerance 85% from 2019-02
    """

    @pytest.mark.parametrize(
        ("period", "target"),
        [
            ("2017/18", Decimal(90)),
            ("2017/18 Q4", Decimal(90)),
            ("2018-03", Decimal(90)),
            ("2018/19", Decimal(92)),
            ("2018/19 Q1", Decimal(92)),
            ("2018-04", Decimal(92)),
            ("2018/19 Q2", Decimal(92)),
            ("2018-09", Decimal(92)),
            ("2018/19 Q3", Decimal(93)),
            ("2018-10", Decimal(93)),
            ("2025/26", Decimal(93)),
        ],
    )
    def test_target_at_and_around_each_boundary(self, period: str, target: Decimal) -> None:
        """The target in force is the latest starting on or before the period's start."""
        assert target == one(self.MEASURE).target_at(period)

    @pytest.mark.parametrize(
        ("period", "tolerance"),
        [
            ("2018-01", Decimal(80)),
            ("2018/19 Q3", Decimal(80)),
            ("2019-01", Decimal(80)),
            ("2019-02", Decimal(85)),
            ("2018/19 Q4", Decimal(80)),
            ("2019/20", Decimal(85)),
        ],
    )
    def test_tolerance_from_a_month(self, period: str, tolerance: Decimal) -> None:
        """A tolerance from a month applies from that month, not the quarter containing it."""
        assert tolerance == one(self.MEASURE).tolerance_at(period)

    def test_year_that_only_starts_before_is_the_old_term(self) -> None:
        """A period that starts before a term's start gets the earlier term, though it overlaps."""
        measure = one("higher is better target 90% target 92% from 2018-07")
        assert [Decimal(90), Decimal(92)] == [
            measure.target_at("2018/19"),
            measure.target_at("2018/19 Q2"),
        ]

    def test_no_target_then_a_target(self) -> None:
        """`no target` then `target 75% from 2018/19`: None before, 75 from then."""
        measure = one("higher is better no target target 75% from 2018/19")
        assert [None, Decimal(75)] == [
            measure.target_at("2017/18 Q4"),
            measure.target_at("2018/19 Q1"),
        ]

    def test_target_then_no_target(self) -> None:
        """`no target from 2019/20` withdraws the target from that year."""
        measure = one("lower is better target 12 no target from 2019/20", "weeks")
        assert [Decimal(12), None] == [
            measure.target_at("2018/19 Q4"),
            measure.target_at("2019/20 Q1"),
        ]

    def test_withdrawn_target_takes_its_tolerance_with_it(self) -> None:
        """A target withdrawn by a dated `no target` may leave its tolerance written above it."""
        measure = one("lower is better target 12 tolerance 14 no target from 2019/20", "weeks")
        assert [Decimal(12), None] == [
            measure.target_at("2018/19 Q4"),
            measure.target_at("2019/20 Q1"),
        ]

    def test_year_start_moves_the_boundary(self) -> None:
        """With `year starts January`, `from 2018/19` starts in January 2018."""
        measure = one(
            "higher is better target 90% target 92% from 2018/19", header="year starts January"
        )
        assert [Decimal(90), Decimal(92)] == [
            measure.target_at("2017-12"),
            measure.target_at("2018-01"),
        ]

    def test_terms_keep_their_starts(self) -> None:
        """Each term keeps the period it starts from, None for an undated one."""
        measure = one(self.MEASURE)
        assert [None, "2018/19", "2018/19 Q3"] == [
            None if t.start is None else str(t.start) for t in measure.targets
        ]
        assert [None, "2019-02"] == [
            None if t.start is None else str(t.start) for t in measure.tolerances
        ]

    def test_lowercase_quarter(self) -> None:
        """`from 2018/19 q3` reads like `from 2018/19 Q3`."""
        measure = one("higher is better target 90% target 92% from 2018/19 q3")
        assert "2018/19 Q3" == str(measure.targets[1].start)


class TestBenchmarksAt:
    MEASURE = """
        lower is better
        target 22%
        benchmark national 21.9%, regional 21.4%, statistical neighbours 20.1% for 2017
        benchmark "core cities" 25%
        benchmark national 22.6% for 2018 from 2018/19
    """

    def test_undated_benchmarks(self) -> None:
        """Before any dated benchmark: every comparator's undated value, in written order."""
        benchmarks = one(self.MEASURE).benchmarks_at("2017/18 Q4")
        assert [
            ("national", Decimal("21.9"), "2017"),
            ("regional", Decimal("21.4"), "2017"),
            ("statistical neighbours", Decimal("20.1"), "2017"),
            ("core cities", Decimal("25"), None),
        ] == [(b.comparator, b.value, b.data_year) for b in benchmarks]

    def test_dated_benchmark_replaces_its_comparator_only(self) -> None:
        """From 2018/19 the national figure changes; the others stay, order unchanged."""
        benchmarks = one(self.MEASURE).benchmarks_at("2018/19 Q1")
        assert [
            ("national", Decimal("22.6"), "2018"),
            ("regional", Decimal("21.4"), "2017"),
            ("statistical neighbours", Decimal("20.1"), "2017"),
            ("core cities", Decimal("25"), None),
        ] == [(b.comparator, b.value, b.data_year) for b in benchmarks]

    def test_all_benchmarks_are_kept(self) -> None:
        """measure.benchmarks holds every benchmark written, dated ones with their start."""
        benchmarks = one(self.MEASURE).benchmarks
        assert [None, None, None, None, "2018/19"] == [
            None if b.start is None else str(b.start) for b in benchmarks
        ]

    def test_no_benchmarks(self) -> None:
        """A measure without benchmarks has none in force."""
        assert () == one("no target").benchmarks_at("2017/18 Q4")


# ---------------------------------------------------------------------------
# Risk share


class TestRiskShare:
    def test_plain_shares(self) -> None:
        """Plain shares are one band from £0, open-ended, and the gain share is the same."""
        share = pc.loads('contract "c" { risk share { council 70% provider 30% } }').risk_share
        assert share is not None
        assert (Decimal(70), Decimal(30), None) == (
            share.council,
            share.provider,
            share.provider_cap,
        )
        assert [(Decimal(0), None, Decimal(70), Decimal(30))] == [
            (b.lower, b.upper, b.council, b.provider) for b in share.bands
        ]
        assert share.bands == share.gain_share

    def test_bands_cap_and_gain_share(self) -> None:
        """Bands give each slice's shares; the cap and the gain share are kept."""
        share = pc.loads(
            """contract "c" { risk share {
                band up to £1m: council 50%, provider 50%
                band from £1m to £2m: council 70%, provider 30%
                band above £2m: council 100%, provider 0%
                provider cap £2m
                gain share: council 50%, provider 50%
            } }"""
        ).risk_share
        assert share is not None
        assert [
            (Decimal(0), Decimal(1000000), Decimal(50), Decimal(50)),
            (Decimal(1000000), Decimal(2000000), Decimal(70), Decimal(30)),
            (Decimal(2000000), None, Decimal(100), Decimal(0)),
        ] == [(b.lower, b.upper, b.council, b.provider) for b in share.bands]
        assert Decimal(2000000) == share.provider_cap
        assert [(Decimal(0), None, Decimal(50), Decimal(50))] == [
            (b.lower, b.upper, b.council, b.provider) for b in share.gain_share
        ]

    def test_gain_share_defaults_to_the_bands(self) -> None:
        """Without `gain share`, an underspend is shared by the same bands."""
        share = pc.loads(
            'contract "c" { risk share { band up to £1m: council 50%, provider 50%'
            " band above £1m: council 70%, provider 30% } }"
        ).risk_share
        assert share is not None
        assert share.bands == share.gain_share

    def test_party_order_does_not_matter(self) -> None:
        """`provider 30%` before `council 70%` is the same share."""
        first = pc.loads('contract "c" { risk share { provider 30% council 70% } }').risk_share
        assert first is not None
        assert (Decimal(70), Decimal(30)) == (first.council, first.provider)

    def test_money_amounts_are_exact(self) -> None:
        """Band edges and the cap are exact Decimals in pounds."""
        share = pc.loads(
            'contract "c" { risk share { band up to £950k: council 60%, provider 40%'
            " band above £950k: council 80%, provider 20% provider cap £1,230,000 } }"
        ).risk_share
        assert share is not None
        assert ("Decimal('950000')", "Decimal('1230000')") == (
            repr(share.bands[0].upper),
            repr(share.provider_cap),
        )

    def test_metadata(self) -> None:
        """A risk share keeps its own description, source and owner."""
        share = pc.loads(
            'contract "c" { risk share { council 70% provider 30% owner "CFO" } }'
        ).risk_share
        assert share is not None
        assert pc.Metadata(owner="CFO") == share.metadata


# ---------------------------------------------------------------------------
# Errors


BAD_SYNTAX = 'contract "c" { group "g" { measure A1 "t" { unit percent tolerence 5% } } }'
BAD_RULES = 'contract "c" { council "a" council "b" year starts Apirl }'


class TestErrors:
    def test_syntax_error_class(self) -> None:
        """Text that does not parse raises ContractSyntaxError, a ContractError."""
        error = error_of(BAD_SYNTAX)
        assert isinstance(error, pc.ContractSyntaxError)
        assert isinstance(error, pc.ContractError)

    def test_validation_error_class(self) -> None:
        """Text that parses but breaks a rule raises ContractValidationError, a ContractError."""
        error = error_of(BAD_RULES)
        assert isinstance(error, pc.ContractValidationError)
        assert isinstance(error, pc.ContractError)

    def test_period_in_a_file_is_a_validation_error(self) -> None:
        """A bad `from` period in a contract is reported like any other rule broken."""
        error = error_of(
            'contract "c" { group "g" { measure A1 "t" { unit percent'
            " higher is better target 90% target 92% from 2017/19 } } }"
        )
        assert isinstance(error, pc.ContractValidationError)
        assert ["`2017/19` is not a financial year: 19 does not follow 2017"] == [
            d.message for d in error.diagnostics
        ]

    @pytest.mark.parametrize("text", [BAD_SYNTAX, BAD_RULES, "", 'contract "c" { $ }'])
    def test_raised_from_none(self, text: str) -> None:
        """Errors from loads() carry no chained lark or Python exception."""
        error = error_of(text)
        assert error.__cause__ is None
        assert error.__suppress_context__

    def test_load_errors_raised_from_none(self, tmp_path: Path) -> None:
        """Errors from load(), an undecodable file included, carry no chained exception."""
        path = tmp_path / "bad.contract"
        path.write_bytes(b'contract "\xff" { }')
        with pytest.raises(pc.ContractError) as info:
            pc.load(path)
        assert info.value.__cause__ is None
        assert info.value.__suppress_context__

    def test_syntax_error_location(self) -> None:
        """A syntax error gives the line, column, source and a hint."""
        error = error_of(BAD_SYNTAX)
        assert ("<string>", 1, 58) == (error.source, error.line, error.column)
        assert "did you mean `tolerance`?" == error.first.hint

    def test_every_validation_problem_at_once(self) -> None:
        """A validation error lists every problem, in file order."""
        assert [
            "duplicate `council`: already given on line 1",
            "`Apirl` is not a month; `year starts` takes a month such as April",
        ] == messages(BAD_RULES)

    def test_str_is_the_full_report(self) -> None:
        """str() of an error is every diagnostic formatted, blank lines between."""
        error = error_of(BAD_RULES)
        assert "\n\n".join(d.format() for d in error.diagnostics) == str(error)

    def test_no_lark_exception_escapes(self) -> None:
        """No lark exception type is raised or chained for bad input."""
        error = error_of(BAD_SYNTAX)
        assert not type(error).__module__.startswith("lark")
        assert error.__context__ is None or error.__suppress_context__

    def test_missing_unit_is_the_only_error(self) -> None:
        """A measure with no unit is reported once, with no guessed unit to complain about."""
        assert ["measure M1 has no `unit`"] == messages(
            'contract "c" { group "g" { measure M1 "t" { lower is better target 22% } } }'
        )


# ---------------------------------------------------------------------------
# The model as data


def _walk(value: object, path: str = "contract") -> Iterator[tuple[str, object]]:
    """Every object reachable from ``value`` through attrs fields, tuples and mappings."""
    yield path, value
    if attrs.has(type(value)):
        for field in attrs.fields(type(value)):  # type: ignore[arg-type]
            yield from _walk(getattr(value, field.name), f"{path}.{field.name}")
    elif isinstance(value, tuple | list):
        for i, item in enumerate(value):
            yield from _walk(item, f"{path}[{i}]")
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _walk(item, f"{path}[{key!r}]")


PLAIN_TYPES = (str, int, Decimal, type(None), enum.Enum)


def _rich_contracts() -> list[pc.Contract]:
    return [pc.load(REFERENCE)] + [
        pc.load(GOOD / name)
        for name in (
            "benchmarks.contract",
            "risk-share-bands.contract",
            "tolerances.contract",
            "dated-terms.contract",
            "metadata.contract",
            "spec-waste-example.contract",
            "beyond-the-reference.contract",
        )
    ]


class TestModelObjects:
    @pytest.mark.parametrize("contract", _rich_contracts(), ids=lambda c: c.name)
    def test_no_lark_type_reachable(self, contract: pc.Contract) -> None:
        """Nothing reachable from a loaded contract is a lark object (a Token is a str!)."""
        leaks = [
            f"{path}: {type(value).__module__}.{type(value).__qualname__}"
            for path, value in _walk(contract)
            if type(value).__module__.split(".")[0] == "lark"
        ]
        assert [] == leaks

    @pytest.mark.parametrize("contract", _rich_contracts(), ids=lambda c: c.name)
    def test_only_model_and_plain_types(self, contract: pc.Contract) -> None:
        """Every leaf of the model is a plain value: str, int, Decimal, None or an enum member."""
        odd = [
            f"{path}: {type(value).__qualname__}"
            for path, value in _walk(contract)
            if not attrs.has(type(value))
            and not isinstance(value, tuple)
            and not isinstance(value, Mapping)
            and (type(value) is not str and not isinstance(value, PLAIN_TYPES))
        ]
        strings = [
            f"{path}: {type(value).__qualname__}"
            for path, value in _walk(contract)
            if isinstance(value, str) and type(value) is not str
        ]
        assert ([], []) == (odd, strings)

    @pytest.mark.parametrize(
        ("get", "field"),
        [
            (lambda c: c, "name"),
            (lambda c: c.groups[0], "name"),
            (lambda c: c["A1"], "title"),
            (lambda c: c["A1"].unit, "kind"),
            (lambda c: c["A1"].targets[0], "value"),
            (lambda c: c["A1"].benchmarks[0], "value"),
            (lambda c: c["A1"].metadata, "owner"),
            (lambda c: c["A1"].position, "line"),
            (lambda c: c.risk_share, "provider_cap"),
            (lambda c: c.risk_share.bands[0], "council"),
        ],
        ids=[
            "Contract",
            "Group",
            "Measure",
            "Unit",
            "Term",
            "Benchmark",
            "Metadata",
            "Position",
            "RiskShare",
            "ShareBand",
        ],
    )
    def test_frozen(self, get: object, field: str) -> None:
        """Model objects are frozen: setting a field raises FrozenInstanceError."""
        target = get(pc.load(REFERENCE))  # type: ignore[operator]
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(target, field, None)

    def test_collections_are_tuples(self) -> None:
        """Groups, measures of a group, terms, benchmarks and bands are tuples, not lists."""
        contract = pc.load(REFERENCE)
        a1 = contract["A1"]
        assert contract.risk_share is not None
        assert all(
            isinstance(x, tuple)
            for x in (
                contract.groups,
                contract.groups[0].measures,
                a1.targets,
                a1.tolerances,
                a1.benchmarks,
                contract.risk_share.bands,
                contract.risk_share.gain_share,
            )
        )

    def test_equal_texts_give_equal_contracts(self) -> None:
        """Loading the same text twice gives equal (and hashable) contracts."""
        text = REFERENCE.read_text(encoding="utf-8")
        first, second = pc.loads(text), pc.loads(text)
        assert first == second
        assert hash(first) == hash(second)


# ---------------------------------------------------------------------------
# Inputs that once broke SPEC §10's promise: each ends in the library's own
# error with its place, or in the right value, in time linear in its size.


def error_in(body: str, unit: str = "money", kind: str = "measure") -> pc.ContractError:
    """The ContractError of the one-measure contract of :func:`one` with ``body``."""
    with pytest.raises(pc.ContractError) as info:
        one(body, unit, kind)
    return info.value


TEN_TO_THE_32 = "1" + "0" * 32
MILLION_DIGITS = "9" * 1_000_000


def column_of(body: str, text: str, occurrence: int = 1) -> int:
    """The column of ``text`` (its ``occurrence``-th) in the body line of :func:`one`."""
    at = -1
    for _ in range(occurrence):
        at = body.index(text, at + 1)
    return 17 + at  # the body is indented 16 spaces


class TestValuesBeyondAnyFigure:
    def test_money_target_of_ten_to_the_32_pounds(self) -> None:
        """A target of £10^32 is a validation error at the amount, not decimal.InvalidOperation."""
        body = f"lower is better target £{TEN_TO_THE_32} tolerance £{TEN_TO_THE_32}1"
        error = error_in(body)
        assert isinstance(error, pc.ContractValidationError)
        beyond = "is out of range: amounts run from -£1,000,000bn to £1,000,000bn"
        assert [
            (5, column_of(body, "£"), f"£{TEN_TO_THE_32} {beyond}"),
            (5, column_of(body, "£", 2), f"£{TEN_TO_THE_32}1 {beyond}"),
        ] == [(d.line, d.column, d.message) for d in error.diagnostics]

    @pytest.mark.parametrize(
        ("unit", "body"),
        [
            ("count", f"lower is better target {TEN_TO_THE_32}"),
            ("number", f"lower is better target -{TEN_TO_THE_32}"),
            ("count", f"lower is better target 5 tolerance {TEN_TO_THE_32}"),
            ("count", f"target between 1 and {TEN_TO_THE_32}"),
            ("count", f"target between 1 and 5 tolerance between 0 and {TEN_TO_THE_32}"),
            (
                "count",
                f"lower is better target 5 tolerance within {TEN_TO_THE_32} points of target",
            ),
            ("count", f"lower is better target 5 tolerance within {TEN_TO_THE_32}% of target"),
            (
                "money",
                f"lower is better target 5 tolerance within £{TEN_TO_THE_32} points of target",
            ),
            ("count", f"no target benchmark national 5, regional {TEN_TO_THE_32}"),
            ("number", f"no target benchmark national {TEN_TO_THE_32}.5 for 2017"),
        ],
    )
    def test_in_any_clause(self, unit: str, body: str) -> None:
        """A value beyond 10^15 is reported where it is written, in every clause that takes one."""
        error = error_in(body, unit)
        assert isinstance(error, pc.ContractValidationError)
        written = next(word for word in body.split() if TEN_TO_THE_32 in word)
        column = column_of(body, written)
        assert [(5, column)] == [(d.line, d.column) for d in error.diagnostics]
        assert "is out of range:" in error.first.message

    def test_without_a_unit(self) -> None:
        """A measure with no unit still has its huge value reported, not resolved."""
        text = (
            'contract "c" { group "g" { measure M1 "t" { lower is better'
            f" target {MILLION_DIGITS} tolerance within 5% of target }} }} }}"
        )
        assert ["measure M1 has no `unit`", "out of range"] == [
            d.message if "unit" in d.message else "out of range" for d in error_of(text).diagnostics
        ]

    @pytest.mark.parametrize(
        ("shares", "message"),
        [
            (
                f"council 70% provider 30% provider cap £{TEN_TO_THE_32}",
                f"£{TEN_TO_THE_32} is more than any contract's money: at most £1,000,000bn",
            ),
            (
                f"council {TEN_TO_THE_32}% provider 30%",
                f"a share must be from 0% to 100%, not {TEN_TO_THE_32}%",
            ),
            (
                f"band up to £{TEN_TO_THE_32}: council 50%, provider 50%"
                " band above £1m: council 50%, provider 50%",
                f"£{TEN_TO_THE_32} is more than any contract's money: at most £1,000,000bn",
            ),
        ],
    )
    def test_in_the_risk_share(self, shares: str, message: str) -> None:
        """Risk-share amounts and shares have their own bounds, reported with their place."""
        text = f'contract "c" {{ risk share {{ {shares} }} }}'
        error = error_of(text)
        assert isinstance(error, pc.ContractValidationError)
        assert (message, text.index(TEN_TO_THE_32) + 1) == (
            error.first.message,
            error.first.column + (1 if "£" in message[:1] else 0),
        )

    def test_a_million_digits_with_a_margin(self) -> None:
        """10^6 digits and a margin: a short validation error, not decimal.Overflow."""
        error = error_in(
            f"higher is better target {MILLION_DIGITS} tolerance within 5% of target", "number"
        )
        assert isinstance(error, pc.ContractValidationError)
        assert (
            f"{'9' * 40}…{'9' * 17} (1,000,000 characters) is out of range: values run from"
            " -1,000,000,000,000,000 to 1,000,000,000,000,000"
        ) == error.first.message
        assert 1_000 > len(str(error))

    @pytest.mark.parametrize(
        ("written", "unit"),
        [
            ("1,000,000,000,000,000", "count"),
            ("-1000000000000000", "number"),
            ("£1,000,000bn", "money"),
            ("-£1000000000000000.00", "money"),
        ],
    )
    def test_largest_values_are_valid(self, written: str, unit: str) -> None:
        """10^15 either side of zero is the last value allowed, kept exactly."""
        value = one(f"higher is better target {written}", unit).target_at("2017/18 Q4")
        assert Decimal(10) ** 15 == abs(value)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("written", "unit"),
        [("1,000,000,000,000,000.01", "count"), ("-£1,000,000bn", "money")],
    )
    def test_just_beyond_is_an_error(self, written: str, unit: str) -> None:
        """A hundredth beyond 10^15 is out of range (the check is exact, not rounded)."""
        written = written.replace("-£1,000,000bn", "-£1,000,000.00000001bn")
        assert (
            "is out of range:" in error_in(f"higher is better target {written}", unit).first.message
        )

    @pytest.mark.parametrize(
        ("body", "written", "rated"),
        [
            ("higher is better target 95.000000000000001%", "95.000000000000001%", "95"),
            (
                "lower is better target 22 tolerance 28.0000000000000001",
                "28.0000000000000001",
                "28",
            ),
            (
                "lower is better target 22"
                " tolerance within 0.10000000000000000001 points of target",
                "within 0.10000000000000000001 points of target",
                "0.1",
            ),
            (
                "target between 1.00000000000000001% and 2%",
                "1.00000000000000001%",
                "1",
            ),
        ],
    )
    def test_a_value_a_float_cannot_hold(self, body: str, written: str, rated: str) -> None:
        """A value compared with readings that a float cannot hold is refused at its place:
        a reading of 95 against 95.000000000000001% was On target."""
        unit = "percent" if "%" in body else "count"
        (problem,) = error_of(_one_text(body, unit)).diagnostics
        quantity = written.split()[1] if written.startswith("within") else written
        assert (
            f"`{quantity}` has more digits than a value can be rated exactly with:"
            f" it would be rated as {rated}"
        ) == problem.message

    @pytest.mark.parametrize("value", ["95.00000000000001", "0.30000000000000004", "0.00001", "22"])
    def test_a_value_a_float_holds(self, value: str) -> None:
        """Up to 17 digits that a float holds as written are kept."""
        assert Decimal(value) == one(f"higher is better target {value}", "number").target_at(
            "2017/18"
        )

    def test_any_number_of_decimal_places(self) -> None:
        """A benchmark of 10^5 decimal places is valid and exact; a target of as many is
        refused, as readings are compared with it as a float (it would be rated as 0)."""
        tiny = "0." + "0" * 100_000 + "1"
        measure = one(f"no target benchmark national {tiny}", "number")
        assert Decimal(tiny) == measure.benchmarks[0].value
        body = f"unit number higher is better target {tiny}"
        text = f'contract "c" {{ group "g" {{ measure M1 "t" {{ {body} }} }} }}'
        (problem,) = error_of(text).diagnostics
        assert problem.message.endswith(
            "has more digits than a value can be rated exactly with: it would be rated as 0"
        )


class TestLongLines:
    def test_duplicates_on_one_line_show_an_excerpt(self) -> None:
        """2,000 duplicate measures on one line: each diagnostic shows a bounded excerpt."""
        line = " ".join('measure A1 "t" { unit count no target }' for _ in range(2_000))
        error = error_of(f'contract "c" {{ group "g" {{ {line} }} }}')
        assert 1_999 == len(error.diagnostics)
        lengths = [len(d.format()) for d in error.diagnostics]
        assert 500 > max(lengths)
        for d in error.diagnostics[:50]:
            shown, caret = d.format().splitlines()[1:3]
            assert "A1" == shown[caret.index("^") : caret.index("^") + 2]

    def test_a_line_of_300_characters_is_shown_whole(self) -> None:
        """A line up to 300 characters is quoted whole; a longer one is cut around the caret."""
        for size, cut in ((300, False), (301, True)):
            line = "x" * (size - 3) + " y "
            shown = pc.Diagnostic("m", line=1, column=size - 1, source_line=line).format()
            assert cut == ("…" in shown.splitlines()[1])

    @given(
        st.text(st.sampled_from("ab \t"), min_size=0, max_size=900),
        st.integers(1, 901),
        st.integers(1, 700),
    )
    def test_caret_stays_under_its_character(self, line: str, column: int, length: int) -> None:
        """Whatever the line and column, the caret points at the character it names."""
        column = min(column, len(line) + 1)
        text = pc.Diagnostic("m", line=1, column=column, length=length, source_line=line).format()
        shown, caret = (part.split(" | ", 1)[1] for part in text.splitlines()[1:3])
        at = caret.index("^")
        assert LONG_LINE_SHOWN >= len(shown)
        if column <= len(line):
            assert line[column - 1] == shown[at]
        assert set(caret[:at]) <= {" ", "\t"}
        assert len(caret) - at <= length or len(caret) - at == 1


LONG_LINE_SHOWN = 300  # errors.LONG_LINE: a longer line is shown as 160 characters and two "…"


class TestManyProblems:
    TEXT = "\n".join(
        ['contract "c" { group "g" {']
        + [
            f'measure M{i} "t" {{ unit percent higher is better target 1{i:02d}% }}'
            for i in range(1, 1_001)
        ]
        + ["} }"]
    )

    def test_every_problem_in_file_order(self) -> None:
        """A thousand bad values give a thousand diagnostics, one a line, in file order."""
        error = error_of(self.TEXT)
        assert list(range(2, 1_002)) == [d.line for d in error.diagnostics]

    def test_format_with_a_limit(self) -> None:
        """format(limit=N) shows the first N and says how many more there are."""
        error = error_of(self.TEXT)
        text = error.format(limit=20)
        assert 20 == text.count(": error: ")
        assert text.endswith("\n\n… and 980 more problems (1,000 in all)")
        assert text.startswith(error.diagnostics[0].format())

    @pytest.mark.parametrize(("limit", "shown"), [(None, 1_000), (1_000, 1_000), (5_000, 1_000)])
    def test_no_limit_or_a_large_one_shows_all(self, limit: int | None, shown: int) -> None:
        """Without a limit, or with one of at least the count, every problem shows, and no count."""
        text = error_of(self.TEXT).format(limit=limit)
        assert (shown, False) == (text.count(": error: "), "more problem" in text)

    def test_limit_zero_only_counts(self) -> None:
        """format(limit=0) is the count alone."""
        assert "… and 1,000 more problems (1,000 in all)" == error_of(self.TEXT).format(limit=0)

    def test_one_more(self) -> None:
        """One left over is one more problem, singular."""
        assert error_of(self.TEXT).format(limit=999).endswith("… and 1 more problem (1,000 in all)")

    def test_negative_limit_is_refused(self) -> None:
        """A negative limit is a ValueError."""
        with pytest.raises(ValueError, match="limit must be 0 or more"):
            error_of(self.TEXT).format(limit=-1)

    def test_str_is_every_problem(self) -> None:
        """str() of the error is format() without a limit."""
        error = error_of(self.TEXT)
        assert error.format() == str(error)

    def test_error_survives_pickling(self) -> None:
        """An error pickles and unpickles (as across processes) with every diagnostic."""
        error = error_of(self.TEXT)
        copy = pickle.loads(pickle.dumps(error))
        assert (type(error), error.diagnostics) == (type(copy), copy.diagnostics)


class TestManyDatedTerms:
    N = 16_000

    def text(self, bad: int | None = None) -> str:
        """One measure with an undated target and N monthly dated targets and tolerances."""
        lines = ["unit percent higher is better target 50% tolerance 40%"]
        year, month = 1001, 4
        for i in range(self.N):
            tolerance = 95 if i == bad else 40 + i % 10
            lines.append(f"target {60 + i % 40}% from {year}-{month:02d}")
            lines.append(f"tolerance {tolerance}% from {year}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return 'contract "c" { group "g" { measure A1 "t" {\n' + "\n".join(lines) + "\n} } }"

    def test_sixteen_thousand_load(self) -> None:
        """16,000 dated targets and tolerances load, each in force from its own month."""
        measure = pc.loads(self.text())["A1"]
        assert (self.N + 1, self.N + 1) == (len(measure.targets), len(measure.tolerances))
        assert [Decimal(50), Decimal(60), Decimal(61), Decimal(98), Decimal(99)] == [
            measure.target_at(p) for p in ("1001-03", "1001-04", "1001-05", "2334-06", "3000-01")
        ]
        assert Decimal(45) == measure.tolerance_at("1001-09")

    def test_the_one_bad_term_is_found(self) -> None:
        """One tolerance better than its target among 16,000 is reported at its line."""
        error = error_of(self.text(bad=12_345))
        assert [(2 + 2 * 12_345 + 2, "the tolerance 95% is better than the target 85%")] == [
            (d.line, d.message.split(" (")[0]) for d in error.diagnostics
        ]


# ---------------------------------------------------------------------------
# Measures as real contracts define them (SPEC 3.1)

WASTE = pc.load(GOOD / "spec-waste-example.contract")
BEYOND = pc.load(GOOD / "beyond-the-reference.contract")
IDS = st.from_regex(r"[A-Za-z](?:[A-Za-z0-9_.-]{0,10}[A-Za-z0-9_])?", fullmatch=True)


def measures(body: str, header: str = "reporting monthly") -> pc.Contract:
    """A contract of one group holding ``body`` (measure blocks)."""
    return pc.loads(f'contract "c" {{ {header} group "g" {{ {body} }} }}')


def problems(body: str, header: str = "reporting monthly") -> list[str]:
    """The message of every problem of a contract of one group holding ``body``."""
    return messages(f'contract "c" {{ {header} group "g" {{ {body} }} }}')


COUNTS = 'volumetric N "n" { unit count } volumetric D "d" { unit count }'


class TestIds:
    @given(IDS)
    def test_every_id_the_rule_allows_loads(self, mid: str) -> None:
        """Letters, digits, `_`, `-`, `.`, starting with a letter, not ending in - or .: an id."""
        contract = pc.loads(
            f'contract "c" {{ group "g" {{ measure {mid} "t" {{ unit count no target }} }} }}'
        )
        assert [mid] == list(contract.measures)

    @given(st.from_regex(r"[0-9][A-Za-z0-9_.]{0,6}", fullmatch=True))
    def test_an_id_starting_with_a_digit_states_the_rule(self, mid: str) -> None:
        """An id that starts with a digit is refused with the rule and an id to use instead."""
        error = error_of(f'contract "c" {{ group "g" {{ measure {mid} "t" {{ unit count }} }} }}')
        assert isinstance(error, pc.ContractSyntaxError)
        assert error.first.message.endswith("cannot be a measure id: an id starts with a letter")
        assert error.first.hint is not None
        assert "starting with a letter and not ending with `-` or `.`" in error.first.hint
        assert f"write `KPI{mid.rstrip('.')}`" in error.first.hint

    @pytest.mark.parametrize(("mid", "end"), [("W-4.", "."), ("PI-", "-"), ("A.-", "-")])
    def test_an_id_ending_in_a_dot_or_dash(self, mid: str, end: str) -> None:
        """An id ending in `.` or `-` is refused at the id, with the id it probably is."""
        error = error_of(f'contract "c" {{ group "g" {{ measure {mid} "t" {{ unit count }} }} }}')
        assert (f"the measure id `{mid}` ends with `{end}`", 36, len(mid)) == (
            error.first.message,
            error.first.column,
            error.first.length,
        )

    def test_spec_ids(self) -> None:
        """The ids of SPEC 3.1's example load as written."""
        assert {"KPI_7", "W-4.1"} <= set(WASTE.measures)


class TestRatioMeasures:
    def test_sum_over_sum_fields(self) -> None:
        """A ratio measure keeps its components and scale; percent scales by 100."""
        w2 = WASTE["W2"]
        assert ("W2N", "W2D", Decimal(100), True) == (
            w2.numerator,
            w2.denominator,
            w2.scale,
            w2.is_ratio,
        )

    def test_a_number_denominator(self) -> None:
        """A number component is a Decimal, exactly as written."""
        assert Decimal(61200) == BEYOND["L-2"].denominator

    def test_ratio_takes_no_aggregate(self) -> None:
        """A ratio's aggregate holds the unit's default, and writing one is an error."""
        assert pc.Aggregate.MEAN == WASTE["W1"].aggregate
        body = (
            f'{COUNTS} volumetric R "r" {{ unit number numerator N denominator D aggregate sum }}'
        )
        assert [
            "`aggregate sum` on ratio measure R: a ratio rolls up as the sum of its"
            " numerator over the sum of its denominator"
        ] == problems(body)

    @pytest.mark.parametrize("unit", ["count", "money", "days", "hours", "tonnes", "yes/no"])
    def test_ratio_units(self, unit: str) -> None:
        """A ratio is a percentage, a rate or a number, nothing else."""
        body = f'{COUNTS} volumetric R "r" {{ unit {unit} numerator N denominator D }}'
        assert [
            f"ratio measure R has `unit {unit}`, but a ratio is a percentage, a rate or a number"
        ] == problems(body)

    @pytest.mark.parametrize("unit", ["percent", "rate per 1000", "number"])
    def test_allowed_units(self, unit: str) -> None:
        """Percent, rate and number ratios load."""
        body = f'{COUNTS} volumetric R "r" {{ unit {unit} numerator N denominator D }}'
        assert measures(body)["R"].is_ratio

    @pytest.mark.parametrize(
        ("component", "unit"),
        [("P", "percent"), ("Y", "yes/no"), ("G", 'grade "a", "b"')],
    )
    def test_components_that_cannot_be_added_up(self, component: str, unit: str) -> None:
        """A percentage, a yes/no or a grade cannot be a component."""
        body = (
            f'volumetric {component} "x" {{ unit {unit} }} {COUNTS}'
            f' volumetric R "r" {{ unit number numerator {component} denominator D }}'
        )
        assert 1 == len(problems(body))
        assert "cannot be added up into a ratio" in problems(body)[0]

    def test_a_ratio_of_ratios(self) -> None:
        """A component may be a ratio itself when it can be added up."""
        body = (
            f'{COUNTS} volumetric R "r" {{ unit number numerator N denominator D }}'
            ' volumetric S "s" { unit number numerator R denominator 2 }'
        )
        assert ("R",) == measures(body)["S"].components

    def test_a_longer_cycle(self) -> None:
        """A cycle through three ratios is reported once, with its path."""
        body = (
            f"{COUNTS}"
            ' volumetric A "a" { unit number numerator B denominator D }'
            ' volumetric B "b" { unit number numerator C denominator D }'
            ' volumetric C "c" { unit number numerator A denominator N }'
        )
        assert ["a cycle of ratios: A → B → C → A (each is worked out from the next)"] == (
            problems(body)
        )

    @pytest.mark.parametrize(
        ("count", "loop"),
        [
            (6, "R0 → R1 → R2 → R3 → R4 → R5 → R0"),
            (7, "R0 → R1 → R2 → … → R5 → R6 → R0, 7 ratios"),
            (8, "R0 → R1 → R2 → … → R6 → R7 → R0, 8 ratios"),
        ],
    )
    def test_a_long_cycle_is_named_by_its_ends(self, count: int, loop: str) -> None:
        """A loop of up to six ratios is named in full; a longer one by its first three,
        its last two, and how many there are."""
        body = COUNTS + "".join(
            f' volumetric R{i} "r" {{ unit number numerator R{(i + 1) % count} denominator D }}'
            for i in range(count)
        )
        assert [f"a cycle of ratios: {loop} (each is worked out from the next)"] == problems(body)

    def test_a_ratio_of_ratios_that_share_a_part(self) -> None:
        """R = N / D where D is N over a number: no cycle, each answered once (N and D add
        up, so R, a total over a total, does not); a chain of 10^4 is no deeper a problem."""
        contract = pc.loads(
            'contract "c" { reporting monthly group "g" {'
            ' measure C "c" { unit count higher is better target 1 }'
            ' volumetric N "n" { unit number numerator C denominator 100 }'
            ' volumetric D "d" { unit number numerator N denominator 100 }'
            ' volumetric R "r" { unit number numerator N denominator D } } }'
        )
        sums = [contract[m].aggregate is pc.Aggregate.SUM for m in ("N", "D", "R")]
        assert [True, True, False] == sums

    def test_many_cycles_through_the_first_ratio(self) -> None:
        """10^4 ratios, each the numerator of the one before and each divided by the first:
        every one closes a loop back to the first, reported once at its denominator, in a
        message of bounded length."""
        n = 10_000
        body = (
            f'{COUNTS} volumetric R0 "r" {{ unit number numerator R1 denominator D }}'
            + "".join(
                f' volumetric R{i} "r" {{ unit number numerator R{i + 1} denominator R0 }}'
                for i in range(1, n - 1)
            )
            + f' volumetric R{n - 1} "r" {{ unit number numerator N denominator R0 }}'
        )
        error = error_of(f'contract "c" {{ reporting monthly group "g" {{ {body} }} }}')
        said = [d.message for d in error.diagnostics]
        assert n - 1 == len(said)
        assert all(m.startswith("a cycle of ratios: R0 → R1 ") for m in said[1:])
        assert "a cycle of ratios: R0 → R1 → R0 (each is worked out from the next)" == said[0]
        assert (
            "a cycle of ratios: R0 → R1 → R2 → … → R9998 → R9999 → R0, 10,000 ratios"
            " (each is worked out from the next)"
        ) == said[-1]
        assert 120 > max(map(len, said))
        assert [d.column for d in error.diagnostics] == sorted(
            d.column or 0 for d in error.diagnostics
        )

    @given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), min_size=1, max_size=6))
    def test_refused_exactly_when_some_ratio_depends_on_itself(
        self, parts: list[tuple[int, int]]
    ) -> None:
        """Ratios whose parts are other ratios (or the counts N and D) load exactly when no
        ratio is worked out from itself, and each ratio reports at most a loop a part."""
        k = len(parts)
        names = [f"R{i}" for i in range(k)]

        def part(i: int, j: int) -> str:
            return names[j] if j < k and j != i else ("N" if j % 2 else "D")

        edges = {names[i]: {part(i, a), part(i, b)} & set(names) for i, (a, b) in enumerate(parts)}
        body = COUNTS + "".join(
            f' volumetric {names[i]} "r" {{ unit number numerator {part(i, a)}'
            f" denominator {part(i, b)} }}"
            for i, (a, b) in enumerate(parts)
        )
        try:
            graphlib.TopologicalSorter(edges).prepare()
            acyclic = True
        except graphlib.CycleError:
            acyclic = False
        text = f'contract "c" {{ reporting monthly group "g" {{ {body} }} }}'
        try:
            pc.loads(text)
            said: list[str] = []
        except pc.ContractError as error:
            said = [d.message for d in error.diagnostics]
        assert acyclic == (said == [])
        assert all(m.startswith("a cycle of ratios: ") for m in said)
        assert len(said) <= sum(map(len, edges.values()))

    def test_a_component_reported_more_often_is_fine(self) -> None:
        """A monthly component of a quarterly ratio rolls up."""
        body = (
            'volumetric N "n" { unit count reporting monthly } volumetric D "d" { unit count }'
            ' volumetric R "r" { unit number numerator N denominator D }'
        )
        assert measures(body, header="reporting quarterly")["R"].is_ratio

    @pytest.mark.parametrize("number", ["-5", "0", "0.0"])
    def test_denominator_above_zero(self, number: str) -> None:
        """A number denominator of zero or below is refused."""
        body = f'{COUNTS} volumetric R "r" {{ unit number numerator N denominator {number} }}'
        assert problems(body)[0].startswith(f"the denominator of measure R is {number}:")

    def test_a_number_numerator_may_be_anything_plain(self) -> None:
        """A number numerator is a plain number, such as a constant to divide."""
        body = f'{COUNTS} volumetric R "r" {{ unit number numerator 1000 denominator D }}'
        assert Decimal(1000) == measures(body)["R"].numerator


def _monthly(body: str, header: str = "reporting monthly") -> str:
    """A contract (monthly unless ``header`` says otherwise) of one count measure M1."""
    return f'contract "c" {{ {header} group "g" {{ measure M1 "t" {{ unit count {body} }} }} }}'


class TestWindows:
    @pytest.mark.parametrize(
        ("clause", "months", "text"),
        [
            ("window year to date", None, "year to date"),
            ("window rolling 3 months", 3, "rolling 3 months"),
            ("window rolling 4 quarters", 12, "rolling 4 quarters"),
            ("window rolling 36 months", 36, "rolling 36 months"),
            ("window rolling 12 quarters", 36, "rolling 12 quarters"),
            ("window rolling 1 month", 1, "rolling 1 month"),
            ("window rolling 1 quarter", 3, "rolling 1 quarter"),
            ("window rolling 1 months", 1, "rolling 1 month"),
            ("window rolling 2 quarter", 6, "rolling 2 quarters"),
        ],
    )
    def test_window(self, clause: str, months: int | None, text: str) -> None:
        """A window's length in months, written with its unit agreeing with the number
        (singular or plural, either is read)."""
        window = one(f"no target {clause}", header="reporting monthly").window
        assert window is not None
        assert (months, text) == (window.months, str(window))

    @pytest.mark.parametrize(
        ("clause", "message"),
        [
            (
                "window rolling 37 months",
                "`rolling 37 months`: a rolling window is 1 to 36 months long",
            ),
            (
                "window rolling 13 quarters",
                "`rolling 13 quarters`: a rolling window is 1 to 12 quarters long",
            ),
            (
                "window rolling 99999999999 months",
                "`rolling 99999999999 months`: a rolling window is 1 to 36 months long",
            ),
        ],
    )
    def test_bounds(self, clause: str, message: str) -> None:
        """A rolling window is 1 to 36 months; a huge number is refused, not converted."""
        assert [message] == [
            d.message for d in error_of(_monthly(f"no target {clause}")).diagnostics
        ]

    @pytest.mark.parametrize("months", [3, 6, 9, 12, 36])
    def test_quarterly_multiples(self, months: int) -> None:
        """A quarterly measure's window is a whole number of quarters."""
        window = one(f"no target window rolling {months} months").window
        assert window is not None
        assert months == window.months

    @pytest.mark.parametrize("months", [1, 2, 4, 5, 35])
    def test_not_whole_quarters(self, months: int) -> None:
        """Other lengths on a quarterly measure are refused."""
        text = _monthly(f"no target window rolling {months} months", header="")
        assert messages(text)[0].startswith(
            f"`rolling {months} months` is not a whole number of quarters"
        )


class TestReportingAndSeasons:
    def test_reporting_per_measure(self) -> None:
        """A measure's own reporting overrides the contract's."""
        assert (pc.Reporting.ANNUALLY, pc.Reporting.MONTHLY) == (
            WASTE["W-4.1"].frequency,
            WASTE["W1"].frequency,
        )

    @pytest.mark.parametrize(
        ("season", "first", "last"),
        [
            ("October to April", 10, 4),
            ("oct to APR", 10, 4),
            ("June to June", 6, 6),
            ("Jan to december", 1, 12),
        ],
    )
    def test_months_any_case_any_length(self, season: str, first: int, last: int) -> None:
        """Season months in full or three letters, any case; a season may be one month."""
        m = one(f"no target season {season}", header="reporting monthly")
        assert pc.Season(first, last) == m.season

    @pytest.mark.parametrize(
        ("year_start", "season", "ok"),
        [
            ("April", "October to March", True),
            ("April", "April to September", True),
            ("April", "January to December", True),
            ("April", "October to April", False),
            ("January", "October to March", True),
            ("January", "November to March", False),
            ("January", "October to December", True),
        ],
    )
    def test_quarterly_seasons_are_whole_quarters(
        self, year_start: str, season: str, ok: bool
    ) -> None:
        """On a quarterly measure a season starts and ends with a quarter of the contract's year."""
        text = (
            f'contract "c" {{ year starts {year_start} group "g" {{'
            f' measure M1 "t" {{ unit count no target season {season} }} }} }}'
        )
        if ok:
            assert pc.loads(text)["M1"].season is not None
        else:
            assert "does not cover whole quarters" in messages(text)[0]

    def test_not_due_out_of_season(self) -> None:
        """The waste example's winter measure is not due in May, and is in October."""
        ws1 = WASTE["WS1"]
        assert (False, True) == (ws1.due_in("2024-05"), ws1.due_in("2024-10"))

    def test_half_year_dated_terms(self) -> None:
        """A term may start at a half year."""
        l3 = BEYOND["L3"]
        assert [None, "2025/26 H2"] == [t.start and str(t.start) for t in l3.targets]


class TestYearTargets:
    def test_per_year_terms(self) -> None:
        """`a year` marks a target or tolerance as the whole year's."""
        l3 = BEYOND["L3"]
        assert [True, True] == [t.per_year for t in l3.targets]
        assert [True] == [t.per_year for t in l3.tolerances]
        assert 12 == len(l3.profile)

    @given(st.lists(st.integers(0, 10_000), min_size=3, max_size=3))
    def test_a_profile_adding_up_to_100_loads(self, cuts: list[int]) -> None:
        """Any four shares (hundredths of a per cent) that add up to 100% make a profile."""
        edges = sorted(cuts)
        shares = [b - a for a, b in zip([0, *edges], [*edges, 10_000], strict=True)]
        written = ", ".join(f"{Decimal(s).scaleb(-2)}%" for s in shares)
        m = one(f"higher is better target 1000 a year profile {written}", unit="count")
        assert Decimal(100) == sum(m.profile)
        assert [Decimal(s).scaleb(-2) for s in shares] == list(m.profile)

    @given(st.lists(st.integers(0, 50), min_size=4, max_size=4).filter(lambda s: sum(s) != 100))
    def test_a_profile_not_adding_up_is_refused(self, shares: list[int]) -> None:
        """Shares that do not add up to exactly 100% are refused, with their sum."""
        written = ", ".join(f"{s}%" for s in shares)
        text = (
            'contract "c" { group "g" { measure M1 "t" { unit count higher is better'
            f" target 1000 a year profile {written} }} }} }}"
        )
        assert [f"the profile's shares add up to {sum(shares)}%, not 100%"] == messages(text)

    def test_aggregate_sum_makes_a_year_total(self) -> None:
        """A measure of any unit that rolls up by sum may have a year's target."""
        m = one("higher is better target 50 a year aggregate sum", unit="hours")
        assert m.targets[0].per_year

    def test_a_year_tolerance_needs_a_year_target(self) -> None:
        """A year's tolerance with a target for each period is refused at the tolerance."""
        text = (
            'contract "c" { group "g" { measure M1 "t" { unit count higher is better'
            " target 100 tolerance 1000 a year } } }"
        )
        assert messages(text)[0].startswith(
            "the tolerance of measure M1 is a year's total (`a year`) from the beginning,"
            " but its target is for each reporting period"
        )

    def test_a_margin_goes_with_a_year_target(self) -> None:
        """A margin tolerance applies to each period's target, so it suits a year's target."""
        assert WASTE["V1"].tolerances[0].value == pc.Margin(Decimal(5), relative=True)

    @pytest.mark.parametrize(
        ("terms", "said"),
        [
            ("target 40 a year tolerance within 12 points of target", "gives about -8.67 in April"),
            ("target 40 a year tolerance within 2 points of target", None),
            ("target 40 a year tolerance within 50% of target", None),
            (
                "target 480 a year tolerance within 12 points of target"
                " target 120 a year from 2019/20",
                "gives -2 in 2019-04",
            ),
        ],
    )
    def test_a_points_margin_on_each_period_share(self, terms: str, said: str | None) -> None:
        """A margin in points applies to each month's share of the year's target (40 a year
        is 3.33 a month): 12 below it is below nought, which no count can be; a margin in
        per cent scales with each share. A later dated target that makes it so is blamed."""
        text = 'contract "c" { reporting monthly group "g" { measure M "m" { unit count'
        text += f" higher is better {terms} }} }} }}"
        if said is None:
            assert pc.loads(text)["M"].tolerance_at("2024-04") is not None
            return
        [diagnostic] = error_of(text).diagnostics
        assert said in diagnostic.message
        assert diagnostic.column is not None
        culprit = "target 120" if "2019/20" in terms else "tolerance within"
        assert diagnostic.source_line[diagnostic.column - 1 :].startswith(culprit)


class TestYearTargetsOfRatios:
    """`a year` on a ratio: accepted when its value adds up over periods (a total over a
    number or an average), refused with the reason otherwise."""

    COMPONENTS = """volumetric N "n" { unit count } volumetric D "d" { unit count }
        volumetric A "a" { unit number }"""

    def ratio(self, numerator: str, denominator: str, terms: str) -> str:
        return (
            'contract "c" { reporting monthly group "g" { measure R "r" { unit rate per 1000'
            f" lower is better numerator {numerator} denominator {denominator} {terms} }}"
            f" {self.COMPONENTS} }} }}"
        )

    @pytest.mark.parametrize(("numerator", "denominator"), [("N", "61,200"), ("N", "A")])
    def test_accepted_when_the_value_adds_up(self, numerator: str, denominator: str) -> None:
        """A count over a number or an average has a year's total, split by the profile."""
        text = self.ratio(
            numerator,
            denominator,
            "target 120 a year profile 40%, 20%, 20%, 20% tolerance 144 a year",
        )
        r = pc.loads(text)["R"]
        assert (pc.Aggregate.SUM, True) == (r.aggregate, r.targets[0].per_year)
        assert (Decimal(48), Decimal("57.6"), Decimal(120)) == (
            r.target_at("2024/25 Q1"),
            r.tolerance_at("2024/25 Q1"),
            r.target_at("2024/25"),
        )

    @pytest.mark.parametrize(
        ("numerator", "denominator", "why"),
        [
            ("N", "D", "its numerator N and its denominator D both add up"),
            ("A", "61,200", "its numerator A rolls up by `mean`"),
            ("40", "D", "its numerator is a number"),
        ],
    )
    def test_refused_when_it_does_not(self, numerator: str, denominator: str, why: str) -> None:
        """Each `a year` of a ratio that does not add up is refused at `a year`, saying why."""
        text = self.ratio(numerator, denominator, "target 120 a year tolerance 144 a year")
        diagnostics = error_of(text).diagnostics
        said = (
            f"`a year` on measure R, a ratio whose value does not add up over periods ({why}),"
            " so it has no year's total"
        )
        assert [said, said] == [d.message for d in diagnostics]
        assert ["a year"] * 2 == [
            d.source_line[d.column - 1 : d.column + 5] for d in diagnostics if d.column
        ]

    def test_refused_for_a_ratio_of_a_ratio_that_does_not_add_up(self) -> None:
        text = (
            'contract "c" { reporting monthly group "g" {'
            ' volumetric Q "q" { unit rate per 1000 numerator N denominator D }'
            ' measure R "r" { unit rate per 1000 lower is better numerator Q'
            f" denominator 61,200 target 120 a year }} {self.COMPONENTS} }} }}"
        )
        assert [
            "`a year` on measure R, a ratio whose value does not add up over periods (its"
            " numerator Q is a ratio whose value does not add up), so it has no year's total"
        ] == messages(text)

    def test_a_margin_applies_to_each_share(self) -> None:
        """A year's target on a ratio shares out as a summed measure's: a margin in points is
        checked against each month's share (120 a year is 10 a month, less 12 is below 0)."""
        text = self.ratio("N", "61,200", "target 120 a year tolerance within 12 points of target")
        text = text.replace("lower is better", "higher is better")
        [diagnostic] = error_of(text).diagnostics
        assert "`tolerance within 12 points of target` gives -2 in April, which is outside" in (
            diagnostic.message
        )

    def test_an_unknown_component_says_nothing_of_the_year(self) -> None:
        """A ratio with an unknown component is reported for it, not again for `a year`."""
        text = self.ratio("X", "61,200", "target 120 a year")
        assert 1 == len(messages(text))
        assert "has no measure X" in messages(text)[0]


class TestYesNoAndGrades:
    def test_yes_no(self) -> None:
        """`target yes` is higher is better at 1; `target no` lower is better at 0."""
        yes = one("target yes", unit="yes/no")
        no = one("target no", unit="yes/no")
        assert (pc.Polarity.HIGHER_IS_BETTER, Decimal(1)) == (yes.polarity, yes.targets[0].value)
        assert (pc.Polarity.LOWER_IS_BETTER, Decimal(0)) == (no.polarity, no.targets[0].value)
        assert (pc.Aggregate.MIN, ()) == (yes.aggregate, yes.tolerances)

    def test_yes_no_without_target(self) -> None:
        """A volumetric yes/no measure has no polarity."""
        assert pc.Polarity.NONE == one("", unit="yes/no", kind="volumetric").polarity

    def test_grade(self) -> None:
        """A grade's target and tolerance are places among its labels, matched ignoring case."""
        hw6 = BEYOND["HW6"]
        assert (("Poor", "Fair", "Good"), pc.Polarity.HIGHER_IS_BETTER, pc.Aggregate.MIN) == (
            hw6.unit.labels,
            hw6.polarity,
            hw6.aggregate,
        )
        assert ([Decimal(3), Decimal(3)], [Decimal(2)]) == (
            [t.value for t in hw6.targets],
            [t.value for t in hw6.tolerances],
        )

    def test_a_volumetric_grade_is_higher_is_better(self) -> None:
        """Grades run worst to best whatever the measure's kind."""
        m = one("", unit='grade "Low", "High"', kind="volumetric")
        assert pc.Polarity.HIGHER_IS_BETTER == m.polarity

    @pytest.mark.parametrize("aggregate", ["last", "min", "max"])
    def test_grade_aggregates(self, aggregate: str) -> None:
        """A grade may keep the latest, the worst or the best grade."""
        m = one(f'target "B" aggregate {aggregate}', unit='grade "A", "B"')
        assert aggregate == m.aggregate.value

    @pytest.mark.parametrize(
        "body",
        ["target yes benchmark national 1", 'target "B" benchmark national 2'],
    )
    def test_no_benchmarks(self, body: str) -> None:
        """Yes/no and grade measures take no benchmarks (their values are words)."""
        unit = "yes/no" if "yes" in body else 'grade "A", "B"'
        text = f'contract "c" {{ group "g" {{ measure M1 "t" {{ unit {unit} {body} }} }} }}'
        assert messages(text)[0].endswith(
            f"is a number, but this measure's unit is {'yes/no' if unit == 'yes/no' else 'a grade'}"
        )

    @given(
        st.lists(
            st.sampled_from(["Good", "good", "GOOD", "Fair", "Poor", " Poor"]),
            min_size=2,
            max_size=4,
        )
    )
    def test_labels_the_same_ignoring_case_are_refused(self, labels: list[str]) -> None:
        """Labels that are the same ignoring case and surrounding spaces are one label twice."""
        written = ", ".join(f'"{label}"' for label in labels)
        text = f'contract "c" {{ group "g" {{ volumetric M1 "t" {{ unit grade {written} }} }} }}'
        keys = [label.strip().casefold() for label in labels]
        if len(set(keys)) == len(keys):
            assert tuple(labels) == pc.loads(text)["M1"].unit.labels
        else:
            assert all("is listed twice" in m for m in messages(text))
            assert len(keys) - len(set(keys)) == len(messages(text))


class TestNewUnits:
    @pytest.mark.parametrize(
        ("unit", "kind"),
        [
            ("hours", pc.UnitKind.HOURS),
            ("minutes", pc.UnitKind.MINUTES),
            ("working days", pc.UnitKind.WORKING_DAYS),
            ("working   days", pc.UnitKind.WORKING_DAYS),
            ("tonnes", pc.UnitKind.TONNES),
            ("yes/no", pc.UnitKind.YES_NO),
        ],
    )
    def test_units(self, unit: str, kind: pc.UnitKind) -> None:
        """The new units load, written with any spacing."""
        assert kind == one("", unit=unit, kind="volumetric").unit.kind

    @pytest.mark.parametrize("unit", ["hours", "minutes", "working days", "tonnes"])
    def test_not_negative(self, unit: str) -> None:
        """Durations and weights cannot be negative."""
        text = (
            f'contract "c" {{ group "g" {{ measure M1 "t" {{ unit {unit} lower is better'
            " target -1 } } }"
        )
        assert ["-1 is negative, but a " in messages(text)[0]] == [True]
