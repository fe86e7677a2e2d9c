"""Tests for perfcontract._suggest: "did you mean" at a bounded cost, and its use at scale.

Each check that suggests a known name for an unknown one (readings, commentary,
a ratio's components, a payment's credit lines) is run here with 10^4 or 10^5
unknown names: every problem is still reported, in file order, the first
:data:`SEARCHES` different names get their suggestion, the rest the general
hint, and the shown output is bounded.
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import perfcontract as pc
from perfcontract._suggest import SEARCHES, Suggester

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = pc.load(ROOT / "examples" / "dcst-2017-18.contract")

laws = settings(database=None, max_examples=200, deadline=None)
names = st.text(alphabet="ABCab01_", min_size=0, max_size=6)


def closest(word: str, known: list[str], cutoff: float = 0.6) -> str | None:
    """What difflib suggests, as every check did before it was bounded."""
    close = difflib.get_close_matches(word, known, n=1, cutoff=cutoff)
    return close[0] if close else None


def contract_text(n: int, measure: str = "", extra: str = "") -> str:
    """A contract of ``n`` percentage measures, M0 to M(n-1), and two counts, C and D."""
    body = "".join(
        f'measure M{i} "T" {{ unit percent lower is better {measure.format(i=i)}'
        " target 22% tolerance 28% }\n"
        for i in range(n)
    )
    counts = 'volumetric C "c" { unit count }\nvolumetric D "d" { unit count }\n'
    return (
        'contract "C" {\nyear starts April\nreporting quarterly\n'
        f'group "G" {{\n{body}{counts}}}\n{extra}}}\n'
    )


def refused(action: object) -> pc.ContractError:
    """The error a check raises."""
    assert callable(action)
    with pytest.raises(pc.ContractError) as info:
        action()
    return info.value


class TestSuggester:
    @laws
    @given(st.lists(names, max_size=8), names)
    def test_same_as_difflib(self, known: list[str], word: str) -> None:
        """Within its searches, the suggestion is difflib's closest match."""
        assert closest(word, known) == Suggester(known)(word)

    @laws
    @given(st.lists(names, min_size=1, max_size=8), names, st.data())
    def test_besides_is_the_closest_of_the_rest(
        self, known: list[str], word: str, data: st.DataObject
    ) -> None:
        """Leaving one name out gives difflib's closest match among the others."""
        besides = data.draw(st.sampled_from(known))
        rest = [name for name in known if name != besides]
        assert closest(word, rest) == Suggester(known)(word, besides=besides)

    @laws
    @given(st.lists(names, max_size=8), names)
    def test_fold_compares_folded_and_answers_as_written(self, known: list[str], word: str) -> None:
        """With a fold, the match is made on folded names, and the name given as written."""
        by_fold = {name.upper(): name for name in known}
        close = closest(word.upper(), list(by_fold), cutoff=0.5)
        expected = None if close is None else by_fold[close]
        assert expected == Suggester(known, cutoff=0.5, fold=str.upper)(word)

    def test_searches_run_out(self) -> None:
        """After its searches, a new unknown name gets no suggestion."""
        suggest = Suggester(["A1", "B8"], searches=2)
        assert ["A1", "B8", None] == [suggest("A10"), suggest("B80"), suggest("A11")]

    def test_a_name_asked_again_costs_no_search(self) -> None:
        """The same unknown name asked again is answered from before, even past the searches."""
        suggest = Suggester(["A1", "B8"], searches=1)
        assert ["A1", "A1", "A1", None] == [
            suggest("A10"),
            suggest("A10"),
            suggest("A10"),
            suggest("B80"),
        ]

    def test_no_searches(self) -> None:
        """With no searches there are no suggestions."""
        assert None is Suggester(["A1"], searches=0)("A10")

    def test_ignoring_case(self) -> None:
        """A name in other letters' case is found without a search, the last spelling winning."""
        suggest = Suggester(["a1", "A1", "B8"], searches=0)
        assert ("A1", "B8", None) == (
            suggest.ignoring_case("A1"),
            suggest.ignoring_case("b8"),
            suggest.ignoring_case("C9"),
        )

    def test_searches_are_what_the_command_line_shows(self) -> None:
        """As many names are searched for as problems shown by default."""
        assert 50 == SEARCHES


def hints(error: pc.ContractError) -> list[str | None]:
    return [d.hint for d in error.diagnostics]


class TestReadingsAtScale:
    def test_unknown_ids_against_as_many_measures(self) -> None:
        """10^4 unknown ids against 10^4 measures: every one reported in order, the first
        searched for a suggestion, the rest given the general hint."""
        n = 10_000
        contract = pc.loads(contract_text(n), "big.contract")
        text = "measure,period,value\n" + "".join(f"M{i}x,2017/18 Q4,1\n" for i in range(n))
        error = refused(lambda: pc.Readings.from_csv_text(text, "r.csv").resolve(contract))
        assert list(range(2, n + 2)) == [d.line for d in error.diagnostics]
        general = "use the id of a measure in big.contract"
        assert [f"did you mean M{i}?" for i in range(SEARCHES)] + [general] * (
            n - SEARCHES
        ) == hints(error)
        assert "measure M0x, period 2017/18 Q4: the contract has no measure M0x" == (
            error.first.message
        )
        shown = error.format(limit=50)
        assert (50, True) == (shown.count(": error: "), shown.endswith("(10,000 in all)"))

    def test_a_mistyped_id_on_every_row_is_suggested_on_every_row(self) -> None:
        """One unknown id on 10^5 rows is searched for once and suggested on every row."""
        n = 100_000  # two authorities, 50,000 months (the years a period is read in)
        months = [f"{1000 + (i // 2 + 3) // 12}-{(i // 2 + 3) % 12 + 1:02d}" for i in range(n)]
        text = "authority,measure,period,value\n" + "".join(
            f"{'ab'[i % 2]},A10,{m},1\n" for i, m in enumerate(months)
        )
        error = refused(lambda: pc.Readings.from_csv_text(text, "r.csv").resolve(CONTRACT))
        assert n == len(error.diagnostics)
        assert {"did you mean A1?"} == set(hints(error))

    def test_a_wrong_case_is_suggested_past_the_searches(self) -> None:
        """An id in the wrong case is suggested however many unknown ids come before it."""
        rows = "".join(f"Z{i}QQ,2017/18 Q4,1\n" for i in range(SEARCHES + 10)) + "a1,2017/18 Q4,1\n"
        error = refused(
            lambda: pc.Readings.from_csv_text("measure,period,value\n" + rows).resolve(CONTRACT)
        )
        assert "did you mean A1?" == error.diagnostics[-1].hint


class TestCommentaryAtScale:
    def test_headings_of_unknown_measures(self) -> None:
        """10^5 headings of unknown measures: each reported once at its heading, naming its
        measure and period; the first searched for a suggestion, output bounded."""
        n = 100_000
        text = "".join(f"## A{i + 100} 2017/18 Q4\n\n**Council:** x\n\n" for i in range(n))
        error = refused(lambda: pc.Commentary.from_markdown_text(text, "c.md").resolve(CONTRACT))
        assert [1 + 4 * i for i in range(n)] == [d.line for d in error.diagnostics]
        assert (
            "measure A100, period 2017/18 Q4: the contract `DCST service delivery contract`"
            " has no measure A100"
        ) == error.first.message
        assert "did you mean A1?" == error.first.hint
        general = "use the id of a measure in the contract"
        assert [general] * (n - SEARCHES) == hints(error)[SEARCHES:]
        assert all(hint is not None and "did you mean" in hint for hint in hints(error)[:5])
        shown = error.format(limit=50)
        assert (50, True) == (shown.count(": error: "), shown.endswith("(100,000 in all)"))


class TestContractAtScale:
    def test_unknown_components(self) -> None:
        """10^4 ratios of unknown numerators and denominators: each reported at its word, in
        file order, the first searched for a suggestion."""
        n = 10_000
        text = contract_text(n, "numerator M{i}x denominator Q{i}")
        error = refused(lambda: pc.loads(text))
        assert 2 * n == len(error.diagnostics)
        assert [d.line for d in error.diagnostics] == sorted(d.line or 0 for d in error.diagnostics)
        assert (
            "the numerator of measure M0 is M0x, but the contract has no measure M0x"
        ) == error.first.message
        said = hints(error)
        general = "give the id of a measure in the contract, or a number"
        known = [*(f"M{i}" for i in range(n)), "C", "D"]
        # M{i}x is closest to M{i} itself, which is left out: the closest of the rest, if any.
        first = [("M0x", "M0"), ("Q0", "M0"), ("M1x", "M1"), ("Q1", "M1")]
        expected = [closest(word, [m for m in known if m != mid]) for word, mid in first]
        assert [general if e is None else f"did you mean {e}?" for e in expected] == said[:4]
        assert any(hint != general for hint in said[:SEARCHES])
        assert [general] * (2 * n - SEARCHES) == said[SEARCHES:]
        shown = error.format(limit=50)
        assert (50, True) == (shown.count(": error: "), shown.endswith("(20,000 in all)"))

    def test_own_measure_is_never_suggested(self) -> None:
        """A ratio's unknown component is never suggested as the ratio itself."""
        error = refused(lambda: pc.loads(contract_text(1, "numerator M0x denominator 10")))
        assert "give the id of a measure in the contract, or a number" == error.first.hint

    def test_credit_lines_for_unknown_measures(self) -> None:
        """10^4 credit lines for unknown measures: each reported, the first with a suggestion."""
        n = 10_000
        credits = "".join(
            f"credit M{i}x 0.5% inside tolerance, 1% outside tolerance\n" for i in range(n)
        )
        text = contract_text(n, extra=f"payment {{\ncharge £420k quarterly\n{credits}}}\n")
        error = refused(lambda: pc.loads(text))
        unknown = [d for d in error.diagnostics if d.message.startswith("unknown measure")]
        assert n == len(unknown)
        assert "unknown measure M0x in a `credit` line" == unknown[0].message
        assert [f"did you mean M{i}?" for i in range(SEARCHES)] + [
            "name a measure of this contract"
        ] * (n - SEARCHES) == [d.hint for d in unknown]
