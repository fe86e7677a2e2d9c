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
from perfcontract._suggest import SEARCHES, Grades, Suggester

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


class TestSharing:
    def test_suggesters_sharing_draw_on_one_count(self) -> None:
        """Suggesters of other names made by sharing use up one count of searches between them."""
        first = Suggester(["A1"], searches=2)
        second, third = first.sharing(["B8"]), first.sharing(["C3"])
        assert ["B8", "A1", None, None] == [second("B80"), first("A10"), third("C30"), first("A11")]

    def test_sharing_keeps_cutoff_and_fold(self) -> None:
        """A suggester made by sharing compares as the one it was made from."""
        folding = Suggester([], fold=str.upper).sharing(["Alpha"])
        strict = Suggester([], cutoff=0.9).sharing(["Alpha"])
        assert ("Alpha", None, None, "Alpha") == (
            folding("ALPAH"),
            Suggester(["Alpha"])("ALPAH"),
            strict("Alpah"),
            Suggester(["Alpha"])("Alpah"),
        )


class TestGrades:
    LABELS = ("Inadequate", "Requires improvement", "Good", "Outstanding")

    @pytest.mark.parametrize(
        "word", ["Good", "GOOD", " good ", "Goood", "", "3", "Requires  improvement"]
    )
    def test_number_as_the_unit_reads_it(self, word: str) -> None:
        """A word's place among the labels is the one Unit.value_of gives."""
        unit = pc.Unit(pc.UnitKind.GRADE, labels=self.LABELS)
        assert unit.value_of(word) == Grades().number(self.LABELS, word)

    def test_the_first_of_labels_alike(self) -> None:
        """Of two labels alike but for case and spaces, a word is the first's place."""
        assert 1 == Grades().number(("Good", " GOOD", "Fair"), "good")

    def test_closest_is_difflibs(self) -> None:
        """Within the searches, the closest label is difflib's closest match."""
        assert [closest(w, list(self.LABELS)) for w in ("Goood", "Outstandng", "Bad")] == [
            Grades().closest(self.LABELS, w) for w in ("Goood", "Outstandng", "Bad")
        ]

    def test_searches_shared_across_measures(self) -> None:
        """The searches are the check's, whatever measures' labels they are made over."""
        grades = Grades(searches=2)
        other = ("Fail", "Pass")
        assert ["Good", "Pass", "Good", None] == [
            grades.closest(self.LABELS, "Goood"),
            grades.closest(other, "Pas"),
            grades.closest(self.LABELS, "Goood"),  # asked before: no search
            grades.closest(other, "Fal"),
        ]

    def test_labels_known_by_identity(self) -> None:
        """Two measures' labels are each their own, and each listed once."""
        grades, calls = Grades(), []

        def write(labels: tuple[str, ...]) -> str:
            calls.append(labels)
            return "/".join(labels)

        first, second = ("A", "B"), ("A", "C")
        assert ["A/B", "A/B", "A/C", None, 2] == [
            grades.listing(first, write),
            grades.listing(first, write),
            grades.listing(second, write),
            grades.number(first, "C"),
            grades.number(second, "C"),
        ]
        assert [first, second] == calls


class Comparisons:
    """Counts the names difflib's close-match search compares a word with, wherever it runs."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.made = 0
        search = difflib.get_close_matches

        def counted(word: str, possibilities: list[str], *args: object, **kwargs: object) -> object:
            possibilities = list(possibilities)
            self.made += len(possibilities)
            return search(word, possibilities, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(difflib, "get_close_matches", counted)


def grade_contract(labels: int, terms: str = 'target "L1"\n') -> str:
    """A contract of one monthly grade measure R of ``labels`` labels, L0 to L(labels-1)."""
    listed = ", ".join(f'"L{i}"' for i in range(labels))
    return (
        'contract "C" {\nyear starts April\nreporting monthly\ngroup "G" {\n'
        f'measure R "Grade" {{\nunit grade {listed}\n{terms}}}\n}}\n}}\n'
    )


def months(n: int) -> list[str]:
    """``n`` months one after another, from 1000-04."""
    return [f"{1000 + (i + 3) // 12}-{(i + 3) % 12 + 1:02d}" for i in range(n)]


class TestGradesAtScale:
    def test_readings_of_unknown_grades(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """10^4 readings of unknown grades against 10^3 labels: every one reported, in order;
        the first searched for a suggestion, once each against the labels (5·10^4 names
        compared, where a search for each was 10^7), the rest given the list of grades."""
        n, labels = 10_000, 1_000
        contract = pc.loads(grade_contract(labels), "grades.contract")
        text = "measure,period,value\n" + "".join(
            f"R,{month},L{i}x\n" for i, month in enumerate(months(n))
        )
        readings = pc.Readings.from_csv_text(text, "r.csv")
        expected = [closest(f"L{i}x", [f"L{j}" for j in range(labels)]) for i in range(SEARCHES)]
        compared = Comparisons(monkeypatch)
        error = refused(lambda: readings.resolve(contract))
        assert SEARCHES * labels == compared.made
        assert list(range(2, n + 2)) == [d.line for d in error.diagnostics]
        listed = "the grades are " + ", ".join(f"L{i}" for i in range(labels)) + " (in any case)"
        assert [f"did you mean {e}?" for e in expected] + [listed] * (n - SEARCHES) == hints(error)
        assert "measure R, period 1000-04: `L0x` is not one of the grades of R" == (
            error.first.message
        )

    def test_a_misspelt_grade_on_every_row(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """One misspelt grade on 10^4 rows is searched for once and suggested on every row."""
        n, labels = 10_000, 1_000
        contract = pc.loads(grade_contract(labels))
        text = "measure,period,value\n" + "".join(f"R,{month},L7x\n" for month in months(n))
        readings = pc.Readings.from_csv_text(text, "r.csv")
        compared = Comparisons(monkeypatch)
        error = refused(lambda: readings.resolve(contract))
        assert (labels, n) == (compared.made, len(error.diagnostics))
        assert {"did you mean L7?"} == set(hints(error))

    def test_contract_of_unknown_grade_targets(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """10^4 dated targets of unknown grades against 10^3 labels: each reported at its
        label, the first searched for a suggestion, once each against the labels."""
        n, labels = 10_000, 1_000
        targets = "".join(f'target "L{i}x" from {month}\n' for i, month in enumerate(months(n)))
        text = grade_contract(labels, targets)
        compared = Comparisons(monkeypatch)
        error = refused(lambda: pc.loads(text, "grades.contract"))
        assert SEARCHES * labels == compared.made
        unknown = [d for d in error.diagnostics if "is not one of the grades" in d.message]
        assert n == len(unknown)
        assert '"L0x" is not one of the grades of measure R' == unknown[0].message
        listed = "the grades are " + ", ".join(f'"L{i}"' for i in range(labels - 1))
        assert [listed + f' or "L{labels - 1}"'] * (n - SEARCHES) == [
            d.hint for d in unknown[SEARCHES:]
        ]
        assert all(str(d.hint).startswith("did you mean") for d in unknown[:SEARCHES])


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
