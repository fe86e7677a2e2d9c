"""Risk share as contracts write it: a council cap, gain-share bands, shares dated from a period.

Every split is checked against an independent working in fractions: the
provider's exact share slice by slice, rounded towards zero to the penny,
then the cap. ``split_many`` gives the same pennies as ``split`` for every
element, and the parts always add up to the amount.
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import itertools
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfcontract as pc
from perfcontract.riskshare import Split, split_many

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_riskshare import (
    LARGEST,
    MILLION,
    Terms,
    _pounds,
    _shares,
    amounts_for,
    by_element,
    expected_pennies,
    laws,
    money,
    risk_terms,
    terms,
)

D = Decimal


def parts(council: str, provider: str) -> Split:
    """A Split from two amounts written as text."""
    return Split(council=D(council), provider=D(provider))


# -- the terms drawn -----------------------------------------------------------------


@attrs.frozen
class Wider:
    """Drawn terms with a council cap or gain-share bands (or both) on top of the plain forms."""

    base: Terms
    council_cap: int | None  # pennies; the base's provider cap is dropped when there is one
    gain_bands: tuple[tuple[int, int | None, int], ...]  # lower, upper (pennies), provider share

    @property
    def provider_cap(self) -> int | None:
        return None if self.council_cap is not None else self.base.cap

    @property
    def text(self) -> str:
        lines = [ln for ln in self.base.text.splitlines() if not ln.startswith("provider cap")]
        if self.provider_cap is not None:
            lines.append(f"provider cap {_pounds(self.provider_cap)}")
        if self.council_cap is not None:
            lines.append(f"council cap {_pounds(self.council_cap)}")
        for lower, upper, provider in self.gain_bands:
            where = (
                f"above {_pounds(lower)}"
                if upper is None
                else f"from {_pounds(lower)} to {_pounds(upper)}"
            )
            lines.append(f"gain share band {where}: {_shares(provider)}")
        return "\n".join(lines)

    @property
    def risk_share(self) -> pc.RiskShare:
        return terms(self.text)

    def rate(self, slice_start: int, gain: bool) -> int:
        """The provider's share (millionths of a per cent) of the slice starting there."""
        if gain:
            for lower, upper, provider in self.gain_bands:
                if lower <= slice_start and (upper is None or slice_start < upper):
                    return provider
            if self.base.gain is not None:
                return self.base.gain
        bounds = [0, *self.base.edges]
        band = max(i for i, lower in enumerate(bounds) if lower <= slice_start)
        return self.base.provider[band]

    def exact_provider(self, pennies: int) -> Fraction:
        """The provider's exact share in pennies (of the size of the amount), before caps."""
        size, gain = abs(pennies), pennies < 0
        points = {0, *self.base.edges}
        points |= {e for lo, hi, _ in self.gain_bands for e in (lo, hi) if e is not None}
        edges = sorted(p for p in points if p < size)
        if not edges:
            return Fraction(0)
        share = Fraction(0)
        for lower, upper in zip(edges, [*edges[1:], size], strict=True):
            share += Fraction((upper - lower) * self.rate(lower, gain), 100 * MILLION)
        return share

    def expected(self, pennies: int) -> tuple[int, int]:
        """(council, provider) in pennies, worked out independently."""
        provider = int(self.exact_provider(pennies))  # towards zero
        if pennies >= 0:
            if self.provider_cap is not None:
                provider = min(provider, self.provider_cap)
            if self.council_cap is not None:
                provider = max(provider, pennies - self.council_cap)
        else:
            provider = -provider
        return pennies - provider, provider


@st.composite
def wider_terms(draw: st.DrawFn) -> Wider:
    """Terms of any shape, with a council cap or gain-share bands, or both."""
    base = draw(risk_terms())
    cap = draw(
        st.none() | st.integers(0, 10_000) | st.integers(0, 10**11) | st.integers(0, LARGEST)
    )
    edges = sorted(draw(st.sets(st.integers(1, LARGEST // 10), min_size=1, max_size=5)))
    bounds = [0, *edges]
    gain_bands = []
    for lower, upper in itertools.pairwise(bounds):
        if draw(st.booleans()):
            gain_bands.append((lower, upper, draw(st.integers(0, 100 * MILLION))))
    if draw(st.booleans()):
        gain_bands.append((bounds[-1], None, draw(st.integers(0, 100 * MILLION))))
    wider = Wider(base, cap, tuple(gain_bands))
    if cap is None and not gain_bands:
        return attrs.evolve(wider, council_cap=0)
    return wider


def wider_amounts(w: Wider) -> st.SearchStrategy[int]:
    """Amounts anywhere, by a band edge, and by each gain band's edges and the council cap."""
    near = [e for lo, hi, _ in w.gain_bands for e in (lo, hi) if e is not None]
    if w.council_cap is not None:
        near.append(w.council_cap)
    by_a_point = st.builds(
        lambda point, offset, sign: sign * max(0, min(point + offset, LARGEST)),
        st.sampled_from(near or [0]),
        st.integers(-3, 3),
        st.sampled_from([1, -1]),
    )
    return amounts_for(w.base) | by_a_point


class TestWiderProperties:
    @laws
    @given(st.data())
    def test_split_is_the_exact_share(self, data: st.DataObject) -> None:
        """Under a council cap and with gain-share bands, split is the working in fractions."""
        w = data.draw(wider_terms())
        pennies = data.draw(wider_amounts(w))
        result = w.risk_share.split(money(pennies))
        assert w.expected(pennies) == (int(result.council * 100), int(result.provider * 100))

    @laws
    @given(st.data())
    def test_parts_add_up(self, data: st.DataObject) -> None:
        """The parts add up exactly to the whole, under a council cap and with gain-share bands."""
        w = data.draw(wider_terms())
        pennies = data.draw(wider_amounts(w))
        result = w.risk_share.split(money(pennies))
        assert money(pennies) == result.council + result.provider

    @laws
    @given(st.data())
    def test_council_cap_never_exceeded(self, data: st.DataObject) -> None:
        """The council never pays more of an overspend than its cap."""
        w = data.draw(wider_terms().filter(lambda w: w.council_cap is not None))
        assert w.council_cap is not None
        pennies = abs(data.draw(wider_amounts(w)))
        assert money(w.council_cap) >= w.risk_share.split(money(pennies)).council

    @laws
    @given(st.data())
    def test_split_many_is_split(self, data: st.DataObject) -> None:
        """split_many gives split's pennies for every element, and the parts add up."""
        w = data.draw(wider_terms())
        pennies = data.draw(st.lists(wider_amounts(w), min_size=1, max_size=40))
        pennies += [0, 1, -1, LARGEST, -LARGEST]
        risk_share = w.risk_share
        council, provider = split_many(risk_share, pennies, in_pennies=True)
        assert expected_pennies(risk_share, [money(p) for p in pennies]) == by_element(
            council, provider
        )
        assert pennies == (council + provider).tolist()


# -- council cap ------------------------------------------------------------------------

CAPPED = terms("council 70%\nprovider 30%\ncouncil cap £3m")


class TestCouncilCap:
    @pytest.mark.parametrize(
        ("amount", "council", "provider"),
        [
            ("£1m", "700000.00", "300000.00"),
            ("£4,285,714.27", "2999999.99", "1285714.28"),  # just below the cap
            ("£4,285,714.28", "3000000.00", "1285714.28"),  # the odd penny makes it the cap
            ("£4,285,714.29", "3000000.00", "1285714.29"),  # £3,000,000.01 by the shares: capped
            ("£5m", "3000000.00", "2000000.00"),
            ("£100m", "3000000.00", "97000000.00"),
            ("-£5m", "-3500000.00", "-1500000.00"),  # a gain is not capped
        ],
    )
    def test_excess_falls_to_the_provider(self, amount: str, council: str, provider: str) -> None:
        """Past the cap the council pays the cap and the provider the rest."""
        assert parts(council, provider) == CAPPED.split(amount)

    def test_as_read(self) -> None:
        """The cap is in the model; there is no provider cap."""
        assert (D("3000000"), None) == (CAPPED.council_cap, CAPPED.provider_cap)

    def test_zero_cap(self) -> None:
        """A council cap of £0: the provider pays every overspend."""
        assert parts("0.00", "1000.00") == terms("council 70% provider 30% council cap £0").split(
            "£1k"
        )

    def test_with_bands(self) -> None:
        """With bands, the cap applies to the council's banded share."""
        banded = terms(
            "band up to £1m: council 50%, provider 50%\n"
            "band above £1m: council 90%, provider 10%\ncouncil cap £1m"
        )
        assert parts("950000.00", "550000.00") == banded.split("£1.5m")
        assert parts("1000000.00", "600000.00") == banded.split("£1.6m")

    def test_both_caps_built_by_hand_refused(self) -> None:
        """Terms built by hand with both caps are refused by split and split_many alike."""
        both = attrs.evolve(CAPPED, provider_cap=D("1000000"))
        with pytest.raises(ValueError, match="caps one party"):
            both.split("£1m")
        with pytest.raises(ValueError, match="caps one party"):
            split_many(both, [1.0])

    def test_split_many(self) -> None:
        """split_many agrees at the cap, a penny either side, and far beyond."""
        amounts = [4_285_714.27, 4_285_714.28, 4_285_714.29, 5e6, 1e9, -5e6]
        council, provider = split_many(CAPPED, amounts)
        assert expected_pennies(CAPPED, amounts) == by_element(council, provider)


# -- gain-share bands -------------------------------------------------------------------

LEISURE = terms(
    "council 100%\nprovider 0%\ngain share: council 0%, provider 100%\n"
    "gain share band above £250k: council 50%, provider 50%"
)


class TestGainBands:
    @pytest.mark.parametrize(
        ("amount", "council", "provider"),
        [
            ("-£200k", "0.00", "-200000.00"),
            ("-£250k", "0.00", "-250000.00"),
            ("-£262,500", "-6250.00", "-256250.00"),
            ("-£250,000.01", "-0.01", "-250000.00"),  # the odd penny to the council
            ("£100k", "100000.00", "0.00"),  # an overspend: the council's 100%
        ],
    )
    def test_profit_share_as_it_reads(self, amount: str, council: str, provider: str) -> None:
        """A surplus up to £250k stays with the trust; half of the rest goes to the council."""
        assert parts(council, provider) == LEISURE.split(amount)

    def test_uncovered_slices_follow_the_overspend_shares(self) -> None:
        """With no plain gain share, a slice no gain-share band covers is shared as an overspend."""
        t = terms(
            "band up to £1m: council 50%, provider 50%\nband above £1m: council 70%, provider 30%\n"
            "gain share band from £200k to £500k: council 80%, provider 20%"
        )
        # £200k at 50%, £300k at 20%, £500k at 50%, £1m at 30%: £710k.
        assert parts("-1290000.00", "-710000.00") == t.split("-£2m")

    def test_bands_in_the_model(self) -> None:
        """The model holds the gain share whole: £0 to £250k at 100%, then 50%."""
        assert [(D(0), D(250000), D(100)), (D(250000), None, D(50))] == [
            (b.lower, b.upper, b.provider) for b in LEISURE.gain_share
        ]

    def test_split_many(self) -> None:
        """split_many agrees by each edge."""
        amounts = [-249_999.99, -250_000, -250_000.01, -262_500, -1e9, 1e6]
        council, provider = split_many(LEISURE, amounts)
        assert expected_pennies(LEISURE, amounts) == by_element(council, provider)


# -- dated shares -----------------------------------------------------------------------

DATED = terms(
    "council 70%\nprovider 30%\ncouncil 60% from 2018/19\nprovider 40% from 2018/19\n"
    "band up to £1m: council 50%, provider 50% from 2019/20\n"
    "band above £1m: council 70%, provider 30% from 2019/20"
)


class TestDated:
    @pytest.mark.parametrize(
        ("period", "council", "provider"),
        [
            ("2017/18", "1400000.00", "600000.00"),
            ("2018-03", "1400000.00", "600000.00"),
            ("2018/19", "1200000.00", "800000.00"),
            ("2018/19 Q4", "1200000.00", "800000.00"),
            ("2019-04", "1200000.00", "800000.00"),  # £500k + £700k
            ("2024/25", "1200000.00", "800000.00"),
        ],
    )
    def test_terms_in_force(self, period: str, council: str, provider: str) -> None:
        """The shares in force for the period split the amount."""
        assert parts(council, provider) == DATED.split("£2m", period=period)

    def test_bands_from_2019(self) -> None:
        """From 2019/20 the bands apply: £3m is £500k + £600k from the provider."""
        assert parts("1900000.00", "1100000.00") == DATED.split("£3m", period="2019/20")

    def test_no_period(self) -> None:
        """Dated terms without a period are refused, naming the dates."""
        with pytest.raises(pc.PeriodError) as caught:
            DATED.split("£1m")
        assert "the risk share changes from 2018/19, 2019/20" == caught.value.first.message

    def test_period_across_a_change(self) -> None:
        """A period that spans a change is refused: which shares would apply is not clear."""
        with pytest.raises(pc.PeriodError, match="changes from 2018-02, during 2017/18 Q4"):
            terms("council 70% provider 30% council 60% from 2018-02 provider 40% from 2018-02").at(
                "2017/18 Q4"
            )

    def test_not_a_period(self) -> None:
        """A period that cannot be read is a PeriodError."""
        with pytest.raises(pc.PeriodError):
            DATED.split("£1m", period="2018/19 Q5")

    def test_undated_terms_take_any_period(self) -> None:
        """Terms without dates ignore the period."""
        plain = terms("council 70% provider 30%")
        assert plain.at(None) is plain
        assert plain.split("£1m", period="2030/31") == plain.split("£1m")

    def test_split_many_with_a_period(self) -> None:
        """split_many splits every amount by the terms in force for one period."""
        council, provider = split_many(DATED, [2e6, -2e6], period="2019/20")
        assert expected_pennies(DATED.at("2019/20"), [2e6, -2e6]) == by_element(council, provider)
        with pytest.raises(pc.PeriodError):
            split_many(DATED, [1.0])

    def test_exposure_with_a_period(self) -> None:
        """exposure takes the period too."""
        risk = pc.exposure(DATED, [1_000_000, 2_000_000], percentiles=(100,), period="2018/19")
        assert D("800000.00") == risk.provider[100]

    def test_gain_share_changes_alone(self) -> None:
        """A gain share from a date changes only how a gain is shared."""
        t = terms("council 70% provider 30% gain share: council 50%, provider 50% from 2019/20")
        assert parts("-700000.00", "-300000.00") == t.split("-£1m", period="2018/19")
        assert parts("-500000.00", "-500000.00") == t.split("-£1m", period="2019/20")
        assert parts("700000.00", "300000.00") == t.split("£1m", period="2019/20")

    def test_year_start_of_the_contract(self) -> None:
        """Dates are read with the contract's year start."""
        contract = pc.loads(
            'contract "c" { year starts July risk share { council 70% provider 30%'
            " council 60% from 2019/20 provider 40% from 2019/20 } }"
        )
        assert contract.risk_share is not None
        assert D("60") == contract.risk_share.at("2019-07").council
        assert D("70") == contract.risk_share.at("2019-06").council


# -- settlements ------------------------------------------------------------------------


class TestSettleForms:
    @laws
    @given(
        st.lists(st.integers(-(10**10), 10**10), min_size=0, max_size=6),
        st.integers(-(10**11), 10**11),
        st.integers(-(10**11), 10**11),
        st.sampled_from([None, 0, 7_000_000, 10**12]),
    )
    def test_by_source_adds_up_to_the_outturn(
        self, before: list[int], outturn: int, projection: int, can_pay: int | None
    ) -> None:
        """The by-source totals add up to the outturn to the penny; in £m, to the outturn in £m."""
        sources = ["general fund", "DSG", "reserves"]
        settlement = pc.settle(
            CAPPED,
            outturn=money(outturn),
            projection=money(projection),
            funded_before_sharing=[
                (f"item {i}", money(p), sources[i % 3]) for i, p in enumerate(before)
            ],
            provider_can_pay=None if can_pay is None else money(can_pay),
        )
        assert money(outturn) == sum(settlement.by_source.values()) == settlement.total
        millions = settlement.by_source_in_millions
        rounded = (money(outturn) / 1_000_000).quantize(D("0.01"), rounding="ROUND_HALF_UP")
        assert rounded == sum(millions.values())
        for source, amount in settlement.by_source.items():
            assert abs(amount / 1_000_000 - millions[source]) < D("0.01")

    def test_council_cap_line(self) -> None:
        """A council capped says so instead of a percentage."""
        settlement = pc.settle(CAPPED, outturn="£5m", projection="£5m")
        assert "council's share of the projected overspend, at its cap" == settlement.lines[0].what
        assert D("3000000.00") == settlement.lines[0].amount

    def test_dated_terms_need_the_period(self) -> None:
        """A settlement under dated terms uses the period's shares, and needs one."""
        settlement = pc.settle(DATED, outturn="£1m", projection="£1m", period="2018/19")
        assert "council's 60% share of the projected overspend" == settlement.lines[0].what
        with pytest.raises(pc.PeriodError):
            pc.settle(DATED, outturn="£1m", projection="£1m")

    def test_ties_go_to_the_larger_total(self) -> None:
        """Two halves: the larger total is rounded up, as the report does."""
        settlement = pc.Settlement(
            D("4150000.00"),
            (
                pc.Funding("a", D("335000.00"), "council", "council reserves"),
                pc.Funding("b", D("3095000.00"), "council", "general fund"),
                pc.Funding("c", D("720000.00"), "council", "DSG"),
            ),
        )
        assert {
            "council reserves": D("0.33"),
            "general fund": D("3.10"),
            "DSG": D("0.72"),
        } == settlement.by_source_in_millions

    def test_negative_totals(self) -> None:
        """An underspend's totals round to the underspend in £m too."""
        settlement = pc.Settlement(
            D("-10000.00"),
            (
                pc.Funding("a", D("-5000.00"), "council", "x"),
                pc.Funding("b", D("-5000.00"), "provider", "y"),
            ),
        )
        assert D("-0.01") == sum(settlement.by_source_in_millions.values())
