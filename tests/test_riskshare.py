"""Risk share: exact splits, bands, cap, gain share, many scenarios and the reference settlement.

The reference case is the report's paragraph 26: a £4.15m outturn overspend,
funded from the general fund (£3.1m), DSG (£0.65m), council reserves
(£0.33m) and the Trust's reserves (£0.07m).
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import ast
import contextlib
import itertools
import json
from decimal import Context, Decimal, localcontext
from fractions import Fraction
from pathlib import Path

import attrs
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import perfcontract as pc
from perfcontract import riskshare
from perfcontract.model import ShareBand
from perfcontract.money import MoneyError
from perfcontract.riskshare import (
    Exposure,
    Funding,
    Settlement,
    Split,
    exposure,
    settle,
    split,
    split_many,
)

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "examples" / "dcst-2017-18.contract"
GOLDEN = ROOT / "tests" / "golden" / "riskshare"
D = Decimal

# No example database: it would leave a .hypothesis directory in the working tree.
laws = settings(
    database=None,
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

BANDED = """\
band up to £1m: council 50%, provider 50%
band from £1m to £2m: council 60%, provider 40%
band above £2m: council 70%, provider 30%
"""


def terms(body: str) -> pc.RiskShare:
    """The risk share of a contract that has only ``risk share { body }``."""
    risk_share = pc.loads(f'contract "c" {{\n risk share {{\n{body}\n }}\n}}\n').risk_share
    assert risk_share is not None
    return risk_share


def parts(council: str, provider: str) -> Split:
    """A Split from two amounts written as text."""
    return Split(council=D(council), provider=D(provider))


SEVENTY_THIRTY = terms("council 70%\nprovider 30%")


class TestSplit:
    def test_spec_example(self) -> None:
        """The SPEC's example: the reference contract splits £1.35m as £945k and £405k."""
        contract = pc.load(REFERENCE)
        assert contract.risk_share is not None
        assert Split(council=D("945000.00"), provider=D("405000.00")) == (
            contract.risk_share.split("1.35m")
        )

    def test_function_and_method_agree(self) -> None:
        """RiskShare.split is riskshare.split."""
        assert split(SEVENTY_THIRTY, "£1.35m") == SEVENTY_THIRTY.split("£1.35m")

    @pytest.mark.parametrize(
        "amount", ["1350000", "£1.35m", "£1,350,000", D("1350000"), 1350000, 1350000.0]
    )
    def test_any_form_of_amount(self, amount: str | Decimal | int | float) -> None:
        """The amount may be text, a Decimal, an int or a float."""
        assert parts("945000.00", "405000.00") == SEVENTY_THIRTY.split(amount)

    def test_amount(self) -> None:
        """Split.amount is the whole: council plus provider."""
        assert D("1350000.00") == SEVENTY_THIRTY.split("1.35m").amount

    @pytest.mark.parametrize(
        ("amount", "council", "provider"),
        [
            ("0.01", "0.01", "0.00"),
            ("0.02", "0.02", "0.00"),
            ("0.03", "0.03", "0.00"),
            ("0.04", "0.03", "0.01"),
            ("0.05", "0.04", "0.01"),
            ("0.10", "0.07", "0.03"),
            ("1.03", "0.73", "0.30"),
            ("1.01", "0.71", "0.30"),
            ("333.33", "233.34", "99.99"),
        ],
    )
    def test_odd_penny_to_the_council(self, amount: str, council: str, provider: str) -> None:
        """At 70/30 the provider's share is rounded down to the penny; the council gets the rest."""
        assert parts(council, provider) == SEVENTY_THIRTY.split(amount)

    @pytest.mark.parametrize(
        ("amount", "council", "provider"),
        [
            ("0.01", "0.01", "0.00"),
            ("0.02", "0.01", "0.01"),
            ("0.03", "0.01", "0.02"),
            ("1.00", "0.34", "0.66"),
            ("100", "33.33", "66.67"),
            ("1000000", "333300.00", "666700.00"),
        ],
    )
    def test_odd_penny_with_fractional_shares(
        self, amount: str, council: str, provider: str
    ) -> None:
        """At 33.33%/66.67% the council still takes the odd penny."""
        shares = terms("council 33.33%\nprovider 66.67%")
        assert parts(council, provider) == shares.split(amount)

    @pytest.mark.parametrize("amount", ["0", 0, D("0"), "-0", 0.0])
    def test_zero(self, amount: str | int | Decimal | float) -> None:
        """Nothing to share: both parts are £0.00."""
        assert parts("0.00", "0.00") == SEVENTY_THIRTY.split(amount)

    @pytest.mark.parametrize(
        ("amount", "shown"),
        [
            ("0.005", "0.005"),
            ("0.004", "0.004"),
            (" £1.005 ", "£1.005"),
            ("-£1.0000005k", "-£1.0000005k"),
            (D("1.005"), "1.005"),
            (D("-0.001"), "-0.001"),
            (1.005, "1.005"),
            (0.1 + 0.2, "0.30000000000000004"),
            (4150000.005, "4150000.005"),
        ],
    )
    def test_sub_penny_amount_is_refused(self, amount: str | Decimal | float, shown: str) -> None:
        """An amount finer than a penny is refused as the command line refuses it, not rounded."""
        with pytest.raises(MoneyError) as caught:
            SEVENTY_THIRTY.split(amount)
        assert isinstance(caught.value, ValueError)
        assert (
            f"`{shown}` is not a whole number of pence",
            "an amount is taken as written, never rounded for you: round it to the penny",
        ) == (caught.value.first.message, caught.value.first.hint)

    @pytest.mark.parametrize("amount", ["1.010", D("1.0100"), 1.01, "£0.00001m", D("1E+2")])
    def test_whole_pence_written_finer_are_taken(self, amount: str | Decimal | float) -> None:
        """Whole pence written with more places (1.010, £0.00001m) are taken: nothing is lost."""
        assert pc.parse_money(amount) == SEVENTY_THIRTY.split(amount).amount

    @pytest.mark.parametrize(
        ("body", "council", "provider"),
        [
            ("council 100%\nprovider 0%", "1000.00", "0.00"),
            ("council 0%\nprovider 100%", "0.00", "1000.00"),
        ],
    )
    def test_all_to_one_party(self, body: str, council: str, provider: str) -> None:
        """A 100/0 share gives one party everything."""
        assert parts(council, provider) == terms(body).split("1000")

    def test_not_money(self) -> None:
        """An amount that cannot be read raises MoneyError."""
        with pytest.raises(MoneyError, match="`abc` is not an amount of money"):
            SEVENTY_THIRTY.split("abc")

    def test_not_a_number(self) -> None:
        """An amount of the wrong type raises TypeError."""
        with pytest.raises(TypeError):
            SEVENTY_THIRTY.split(None)  # type: ignore[arg-type]

    @pytest.mark.parametrize("digits", [4_301, 5_001])
    def test_huge_whole_number(self, digits: int) -> None:
        """A whole number of thousands of digits is a MoneyError quoting it short, not a crash."""
        with pytest.raises(MoneyError) as caught:
            SEVENTY_THIRTY.split(10 ** (digits - 1))
        assert (
            f"`{'1' + '0' * 39}…{'0' * 17} ({digits:,} characters)` is more than any"
            " contract's money: at most £1,000,000bn"
        ) == caught.value.first.message


class TestBands:
    bands = terms(BANDED)

    @pytest.mark.parametrize(
        ("amount", "council", "provider"),
        [
            # up to £1m: 50/50
            ("0.01", "0.01", "0.00"),
            ("0.02", "0.01", "0.01"),
            ("500000", "250000.00", "250000.00"),
            ("999999.99", "500000.00", "499999.99"),
            ("1000000", "500000.00", "500000.00"),
            # from £1m to £2m: the slice above £1m at 60/40
            ("1000000.01", "500000.01", "500000.00"),
            ("1000000.03", "500000.02", "500000.01"),
            ("1500000", "800000.00", "700000.00"),
            ("1999999.99", "1100000.00", "899999.99"),
            ("2000000", "1100000.00", "900000.00"),
            # above £2m: the slice above £2m at 70/30
            ("2000000.01", "1100000.01", "900000.00"),
            ("2000000.04", "1100000.03", "900000.01"),
            ("3000000", "1800000.00", "1200000.00"),
            ("10000000", "6700000.00", "3300000.00"),
        ],
    )
    def test_slice_by_slice(self, amount: str, council: str, provider: str) -> None:
        """Each slice is shared at its own band's rates, at, below and above every edge."""
        assert parts(council, provider) == self.bands.split(amount)

    def test_bands_as_read(self) -> None:
        """The three band forms give the lower and upper edges of each band."""
        edges = [(b.lower, b.upper, b.council, b.provider) for b in self.bands.bands]
        assert [
            (D(0), D(1000000), D(50), D(50)),
            (D(1000000), D(2000000), D(60), D(40)),
            (D(2000000), None, D(70), D(30)),
        ] == edges

    def test_first_band_shares(self) -> None:
        """RiskShare.council and .provider are the first band's shares."""
        assert (D(50), D(50)) == (self.bands.council, self.bands.provider)

    def test_two_bands(self) -> None:
        """Two bands: up to and above one edge."""
        two = terms(
            "band up to £1m: council 50%, provider 50%\nband above £1m: council 70%, provider 30%"
        )
        assert parts("850000.00", "650000.00") == two.split("£1.5m")
        assert parts("500000.00", "500000.00") == two.split("£1m")

    def test_provider_gives_more_above_an_edge(self) -> None:
        """A band may ask more of the provider above an edge than below it."""
        rising = terms(
            "band up to £100: council 100%, provider 0%\nband above £100: council 0%, provider 100%"
        )
        assert parts("100.00", "0.00") == rising.split("100")
        assert parts("100.00", "0.01") == rising.split("100.01")
        assert parts("100.00", "50.00") == rising.split("150")


class TestProviderCap:
    capped = terms("council 70%\nprovider 30%\nprovider cap £100k")

    @pytest.mark.parametrize(
        ("amount", "council", "provider"),
        [
            ("333333.33", "233333.34", "99999.99"),
            ("333333.34", "233333.34", "100000.00"),  # 100,000.002: the cap is met, not passed
            ("333333.40", "233333.40", "100000.00"),
            ("1000000", "900000.00", "100000.00"),
            ("10000000", "9900000.00", "100000.00"),
        ],
    )
    def test_excess_falls_to_the_council(self, amount: str, council: str, provider: str) -> None:
        """Past the cap the provider pays the cap and the council the rest."""
        assert parts(council, provider) == self.capped.split(amount)

    def test_cap_as_read(self) -> None:
        """The cap is kept as an exact amount in pounds."""
        assert D("100000") == self.capped.provider_cap

    def test_cap_exactly_met(self) -> None:
        """An overspend whose share is exactly the cap gives exactly the cap."""
        exact = terms("council 50%\nprovider 50%\nprovider cap £100k")
        assert parts("100000.00", "100000.00") == exact.split("200000")
        assert parts("100000.01", "100000.00") == exact.split("200000.01")

    def test_cap_below_the_first_band_share(self) -> None:
        """A cap below what the first band alone would ask binds inside the first band."""
        low = terms(BANDED + "provider cap £200k")
        assert parts("200000.00", "200000.00") == low.split("400000")
        assert parts("200000.02", "200000.00") == low.split("400000.02")
        assert parts("800000.00", "200000.00") == low.split("1m")
        assert parts("9800000.00", "200000.00") == low.split("10m")

    def test_cap_between_bands(self) -> None:
        """A cap that binds in a later band leaves the earlier bands alone."""
        mid = terms(BANDED + "provider cap £750k")
        assert parts("800000.00", "700000.00") == mid.split("1.5m")
        assert parts("1125000.00", "750000.00") == mid.split("1875000")
        assert parts("1250000.00", "750000.00") == mid.split("2m")

    def test_zero_cap(self) -> None:
        """A cap of £0 means the council pays every overspend."""
        assert parts("1000000.00", "0.00") == terms(
            "council 70%\nprovider 30%\nprovider cap £0"
        ).split("1m")

    def test_cap_does_not_limit_a_gain(self) -> None:
        """The cap limits what the provider pays, not its share of an underspend."""
        assert parts("-700000.00", "-300000.00") == self.capped.split("-1m")

    def test_sub_penny_cap_is_refused(self) -> None:
        """A cap written finer than a penny is an error at its line: amounts are in pence."""
        with pytest.raises(pc.ContractValidationError) as caught:
            terms("council 0%\nprovider 100%\nprovider cap £1.005")
        assert (5, "£1.005 is not a whole number of pence") == (
            caught.value.line,
            caught.value.diagnostics[0].message,
        )


class TestGainShare:
    def test_default_same_shares(self) -> None:
        """Without a gain share an underspend is shared as an overspend is."""
        assert parts("-945000.00", "-405000.00") == SEVENTY_THIRTY.split("-1.35m")
        assert parts("-945000.00", "-405000.00") == SEVENTY_THIRTY.split(D("-1350000"))

    def test_default_same_bands(self) -> None:
        """Without a gain share an underspend is shared band by band, by its size."""
        bands = terms(BANDED)
        assert parts("-800000.00", "-700000.00") == bands.split("-1.5m")
        assert parts("-500000.01", "-500000.00") == bands.split("-1000000.01")

    @pytest.mark.parametrize(
        ("amount", "council", "provider"),
        [
            ("-0.01", "-0.01", "0.00"),
            ("-0.04", "-0.03", "-0.01"),
            ("-0.05", "-0.04", "-0.01"),
            ("-1.03", "-0.73", "-0.30"),
        ],
    )
    def test_odd_penny_of_a_gain(self, amount: str, council: str, provider: str) -> None:
        """The provider's share of a gain is rounded towards zero; the council takes the rest."""
        assert parts(council, provider) == SEVENTY_THIRTY.split(amount)

    def test_explicit_gain_share(self) -> None:
        """An explicit gain share applies to underspends only."""
        gain = terms("council 70%\nprovider 30%\ngain share: council 50%, provider 50%")
        assert parts("-50000.00", "-50000.00") == gain.split("-£100k")
        assert parts("70000.00", "30000.00") == gain.split("£100k")
        assert (D(50), D(50)) == (gain.gain_share[0].council, gain.gain_share[0].provider)

    def test_gain_share_without_colon(self) -> None:
        """The colon after `gain share` may be left out."""
        gain = terms("council 70%\nprovider 30%\ngain share council 40%, provider 60%")
        assert parts("-40.00", "-60.00") == gain.split("-100")

    def test_gain_share_with_bands(self) -> None:
        """With bands and a gain share, the gain share is one flat band for any underspend."""
        gain = terms(BANDED + "gain share: council 80%, provider 20%")
        assert parts("-4000000.00", "-1000000.00") == gain.split("-5m")
        assert parts("3200000.00", "1800000.00") == gain.split("5m")


# -- properties ----------------------------------------------------------------

POUNDS_1BN = 10**11  # £1bn in pennies
LARGEST = 10**17  # £10^15 in pennies: the largest amount split and split_many take
MILLION = 10**6  # shares are drawn in millionths of a per cent, the language's six places


@attrs.frozen
class Terms:
    """Generated risk-share terms: the contract text and what it says, in pennies and millionths."""

    text: str
    edges: tuple[int, ...]  # band edges in pennies, increasing
    provider: tuple[int, ...]  # the provider's share of each band, in millionths of a per cent
    gain: int | None  # the provider's gain share, millionths of a per cent
    cap: int | None  # pennies

    @property
    def risk_share(self) -> pc.RiskShare:
        """The compiled terms."""
        return terms(self.text)


def _pounds(pennies: int) -> str:
    return f"£{D(pennies) / 100:f}"


def _shares(provider: int) -> str:
    council = D(100 * MILLION - provider) / MILLION
    return f"council {council:f}%, provider {D(provider) / MILLION:f}%"


# A share: whole per cent, hundredths, or any of the six decimal places allowed.
shares = (
    st.integers(0, 100).map(lambda p: p * MILLION)
    | st.integers(0, 10_000).map(lambda p: p * 10_000)
    | st.integers(0, 100 * MILLION)
)
# A band's width in pennies: a penny or two, up to £1,000, up to £1bn, up to £10^14.
widths = (
    st.integers(1, 3)
    | st.integers(1, 100_000)
    | st.integers(1, POUNDS_1BN)
    | st.integers(1, LARGEST // 1000)
)


@st.composite
def risk_terms(draw: st.DrawFn) -> Terms:
    """Valid terms: 1-6 bands (now and then 7-40) of any widths, shares to six places, gain, cap."""
    count = draw(st.integers(1, 6) | st.integers(7, 40))
    edges = tuple(e for e in itertools.accumulate(draw(widths) for _ in range(count - 1)))
    edges = tuple(e for e in edges if e < LARGEST - 10)  # room for the largest amounts beyond
    count = len(edges) + 1
    provider = tuple(draw(shares) for _ in range(count))
    gain = draw(st.none() | shares)
    cap = draw(
        st.none() | st.integers(0, 10_000) | st.integers(0, POUNDS_1BN) | st.integers(0, LARGEST)
    )
    if count == 1:
        lines = [_shares(provider[0]).replace(",", "")]
    else:
        lines = [f"band up to {_pounds(edges[0])}: {_shares(provider[0])}"]
        lines += [
            f"band from {_pounds(lo)} to {_pounds(hi)}: {_shares(p)}"
            for lo, hi, p in zip(edges, edges[1:], provider[1:-1], strict=False)
        ]
        lines.append(f"band above {_pounds(edges[-1])}: {_shares(provider[-1])}")
    if gain is not None:
        lines.append(f"gain share: {_shares(gain)}")
    if cap is not None:
        lines.append(f"provider cap {_pounds(cap)}")
    return Terms("\n".join(lines), edges, provider, gain, cap)


def exact_provider(t: Terms, pennies: int) -> Fraction:
    """The provider's exact share (before rounding and the cap), as a rational number of pounds."""
    size = abs(pennies)
    if pennies < 0 and t.gain is not None:
        return Fraction(size * t.gain, 100 * 100 * MILLION)
    bounds = [0, *t.edges, None]
    share = Fraction(0)
    for (lower, upper), rate in zip(itertools.pairwise(bounds), t.provider, strict=True):
        top = size if upper is None else min(size, upper)
        share += Fraction(max(top - lower, 0) * rate, 100 * 100 * MILLION)
    return share


def at_the_cap(t: Terms) -> list[int]:
    """The smallest overspend (pennies) at which the provider's share reaches its cap, if any."""
    if t.cap is None or exact_provider(t, LARGEST) * 100 < t.cap:
        return []
    low, high = 0, LARGEST  # the share grows with the amount: search for the first that reaches
    while low < high:
        middle = (low + high) // 2
        low, high = (
            (low, middle) if exact_provider(t, middle) * 100 >= t.cap else (middle + 1, high)
        )
    return [low]


def special_amounts(t: Terms) -> list[int]:
    """Zero, a penny, the largest amounts, and each edge and the cap with a penny either side
    (none beyond the largest amount, which is refused: a cap can first be reached there)."""
    points = [*t.edges, *at_the_cap(t)]
    near = [p + d for p in points for d in (-1, 0, 1) if p + d <= LARGEST]
    return [0, 1, -1, LARGEST, -LARGEST, LARGEST - 1, *near, *(-p for p in near)]


def amounts_for(t: Terms) -> st.SearchStrategy[int]:
    """Amounts in pennies: anywhere up to the largest, small ones, and by a band edge or the cap."""
    near = [0, LARGEST, *t.edges, *at_the_cap(t)]
    anywhere = (
        st.integers(-LARGEST, LARGEST)
        | st.integers(-POUNDS_1BN, POUNDS_1BN)
        | st.integers(-10_000, 10_000)
    )
    by_a_point = st.builds(
        lambda point, offset, sign: sign * min(point + offset, LARGEST),
        st.sampled_from(near),
        st.integers(-3, 3),
        st.sampled_from([1, -1]),
    )
    return anywhere | by_a_point


def money(pennies: int) -> Decimal:
    """An amount in pennies as pounds, exact."""
    return D(pennies) / 100


def in_pennies(amount: Decimal) -> int:
    """An amount in pounds (whole pennies) as a number of pennies."""
    return int(amount.scaleb(2))


def expected_pennies(risk_share: pc.RiskShare, amounts: list[object]) -> list[tuple[int, int]]:
    """What split gives for each amount rounded to the penny, as (council, provider) pennies.

    split refuses an amount finer than a penny; split_many rounds it first, as
    parse_money does, and then must split it as split does.
    """
    return [
        (in_pennies(s.council), in_pennies(s.provider))
        for s in (risk_share.split(pc.parse_money(a)) for a in amounts)  # type: ignore[arg-type]
    ]


def by_element(council: np.ndarray, provider: np.ndarray) -> list[tuple[int, int]]:
    """split_many's two arrays as (council, provider) pairs of Python ints."""
    return list(zip(council.tolist(), provider.tolist(), strict=True))


class TestSplitProperties:
    @laws
    @given(st.data())
    def test_parts_add_up(self, data: st.DataObject) -> None:
        """The parts always add up exactly to the amount rounded to the penny."""
        t = data.draw(risk_terms())
        pennies = data.draw(amounts_for(t))
        result = t.risk_share.split(money(pennies))
        assert money(pennies) == result.council + result.provider
        assert money(pennies) == result.amount
        assert -2 == result.council.as_tuple().exponent == result.provider.as_tuple().exponent

    @laws
    @given(st.data(), st.integers(-(10**6), 10**6))
    def test_sub_penny_amounts_refused(self, data: st.DataObject, tenths: int) -> None:
        """An amount in tenths of a penny splits exactly when whole pence, else is refused."""
        t = data.draw(risk_terms())
        amount = D(tenths) / 1000
        given = data.draw(st.sampled_from([amount, f"{amount:f}", float(amount)]))
        if tenths % 10:
            with pytest.raises(MoneyError, match="is not a whole number of pence"):
                t.risk_share.split(given)
        else:
            assert amount == t.risk_share.split(given).amount

    @laws
    @given(st.data())
    def test_never_more_than_the_contractual_share(self, data: st.DataObject) -> None:
        """Uncapped, the provider's share is its exact share rounded towards zero to the penny."""
        t = data.draw(risk_terms())
        pennies = data.draw(amounts_for(t))
        exact = exact_provider(t, pennies)
        provider = t.risk_share.split(money(pennies)).provider
        whole = Fraction(int(exact * 100), 100)  # towards zero, in pounds
        if t.cap is not None and pennies >= 0:
            whole = min(whole, Fraction(t.cap, 100))
        assert whole == (abs(Fraction(provider)))
        assert (provider <= 0) if pennies < 0 else (provider >= 0)

    @laws
    @given(st.data())
    def test_monotone(self, data: st.DataObject) -> None:
        """A bigger overspend never costs either party less."""
        t = data.draw(risk_terms())
        risk_share = t.risk_share
        a, b = sorted([data.draw(amounts_for(t)), data.draw(amounts_for(t))])
        low, high = risk_share.split(money(a)), risk_share.split(money(b))
        assert low.council <= high.council
        assert low.provider <= high.provider

    @laws
    @given(st.data())
    def test_one_penny_more(self, data: st.DataObject) -> None:
        """One penny more moves exactly one party's share by exactly one penny, anywhere."""
        # What holds precisely: the provider's exact share grows by its band's rate
        # times 1p (at most 1p), so rounded down it grows by 0p or 1p, and the
        # council's by the other. At a band edge or at the cap the split is
        # therefore continuous: edge ± 1p differs from the edge by 0p or 1p per party.
        t = data.draw(risk_terms())
        pennies = min(data.draw(amounts_for(t)), LARGEST - 1)
        risk_share = t.risk_share
        before, after = risk_share.split(money(pennies)), risk_share.split(money(pennies + 1))
        moves = (after.council - before.council, after.provider - before.provider)
        assert moves in {(D("0.01"), D("0.00")), (D("0.00"), D("0.01"))}

    @laws
    @given(risk_terms(), st.sampled_from([-1, 1]))
    def test_continuous_at_band_edges(self, t: Terms, offset: int) -> None:
        """At each edge, edge ± 1p moves each party's share by at most 1p (under the band rate)."""
        risk_share = t.risk_share
        for edge in t.edges:
            at = risk_share.split(money(edge))
            near = risk_share.split(money(edge + offset))
            assert abs(near.council - at.council) <= D("0.01")
            assert abs(near.provider - at.provider) <= D("0.01")
            assert D("0.01") == abs(near.amount - at.amount)

    @laws
    @given(st.data())
    def test_cap_never_exceeded(self, data: st.DataObject) -> None:
        """The provider never pays more than its cap."""
        t = data.draw(risk_terms().filter(lambda t: t.cap is not None))
        pennies = abs(data.draw(amounts_for(t)))
        assert t.cap is not None
        assert money(t.cap) >= t.risk_share.split(money(pennies)).provider

    @laws
    @given(risk_terms().filter(lambda t: bool(at_the_cap(t))))
    def test_cap_reached_exactly_there(self, t: Terms) -> None:
        """Where the share reaches the cap the provider pays the cap; a penny less, it pays less."""
        (reach,) = at_the_cap(t)
        assert t.cap is not None
        risk_share = t.risk_share
        assert money(t.cap) == risk_share.split(money(reach)).provider
        if reach > 0:
            assert money(t.cap) > risk_share.split(money(reach - 1)).provider


class TestSplitExact:
    def test_largest_amount_most_places(self) -> None:
        """At £10^15 with shares to six places split is exact, not rounded to 28 digits."""
        shares = terms("council 66.666667%\nprovider 33.333333%")
        assert parts("666666670000000.00", "333333330000000.00") == shares.split(money(LARGEST))
        one_less = shares.split(money(LARGEST - 1))  # 33.333333% of 99999999999999999p
        assert D("333333329999999.99") == one_less.provider

    def test_more_places_than_the_language(self) -> None:
        """Terms built by hand with shares to 20 places are still split exactly."""
        share = D("33.33333333333333333333")
        hand = attrs.evolve(
            SEVENTY_THIRTY,
            bands=(attrs.evolve(SEVENTY_THIRTY.bands[0], council=100 - share, provider=share),),
        )
        exact = Fraction(LARGEST - 1) * Fraction(share) / 100  # pennies
        assert int(exact) == in_pennies(hand.split(money(LARGEST - 1)).provider)

    def test_whatever_the_callers_context(self) -> None:
        """A caller's narrow decimal context does not round the split."""
        with localcontext(Context(prec=5)):
            result = SEVENTY_THIRTY.split("1234567.89")
        assert parts("864197.53", "370370.36") == result


class TestSplitMany:
    def test_doc_example(self) -> None:
        """split_many returns council and provider pennies as int64 arrays."""
        council, provider = split_many(SEVENTY_THIRTY, np.array([1_350_000.0, 0.01, -100.0]))
        assert (np.int64, np.int64) == (council.dtype, provider.dtype)
        assert [94500000, 1, -7000] == council.tolist()
        assert [40500000, 0, -3000] == provider.tolist()

    def test_banded_edges(self) -> None:
        """Bands, cap and gain share work on arrays as for one amount."""
        t = terms(BANDED + "provider cap £750k\ngain share: council 80%, provider 20%")
        amounts = [999_999.99, 1_000_000, 1_000_000.03, 1_875_000, 2_000_000.04, 5e6, -5e6]
        council, provider = split_many(t, amounts)
        assert expected_pennies(t, amounts) == by_element(council, provider)

    @settings(laws, max_examples=300)
    @given(st.data())
    def test_equals_split_in_pennies(self, data: st.DataObject) -> None:
        """Each element is what split gives, to the penny, and the parts add up, for any terms."""
        t = data.draw(risk_terms())
        pennies = data.draw(st.lists(amounts_for(t), min_size=1, max_size=40))
        self.check_in_pennies(t, pennies + special_amounts(t))

    @pytest.mark.parametrize(
        ("text", "provider", "cap"),
        [
            ("council 0% provider 100%\nprovider cap £1,000,000,000,000,000", 100, LARGEST),
            ("council 50% provider 50%\nprovider cap £500,000,000,000,000", 50, LARGEST // 2),
        ],
    )
    def test_a_cap_first_reached_at_the_largest_amount(
        self, text: str, provider: int, cap: int
    ) -> None:
        """Terms whose cap is first reached at £10^15 itself, the largest amount taken: the
        amounts by the cap stop there (a penny above it is refused, as it must be).

        Drawn now and then by risk_terms, these failed test_equals_split_in_pennies: the
        amounts a penny either side of the cap took in £10^15 and a penny, which split_many
        rightly refuses (a MoneyError, not a wrong split).
        """
        t = Terms(text, (), (provider * MILLION,), None, cap)
        assert [LARGEST] == at_the_cap(t)
        assert LARGEST == max(abs(p) for p in special_amounts(t))
        self.check_in_pennies(t, special_amounts(t))

    @staticmethod
    def check_in_pennies(t: Terms, pennies: list[int]) -> None:
        """split_many of whole pennies gives what split gives for each, and the parts add up."""
        risk_share = t.risk_share
        council, provider = split_many(risk_share, pennies, in_pennies=True)
        assert expected_pennies(risk_share, [money(p) for p in pennies]) == by_element(
            council, provider
        )
        assert pennies == (council + provider).tolist()

    @laws
    @given(st.data())
    def test_equals_split_in_pounds(self, data: st.DataObject) -> None:
        """Floats in pounds split as split splits each rounded: half pennies, the largest too."""
        t = data.draw(risk_terms())
        tenths = data.draw(st.lists(st.integers(-(10**12), 10**12), min_size=1, max_size=30))
        pounds = [p / 100 for p in special_amounts(t)] + [x / 1000 for x in tenths]
        pounds += data.draw(st.lists(st.floats(-1e15, 1e15), max_size=10))
        risk_share = t.risk_share
        council, provider = split_many(risk_share, pounds)
        expected = expected_pennies(risk_share, pounds)
        assert expected == by_element(council, provider)
        assert [in_pennies(pc.parse_money(x)) for x in pounds] == (council + provider).tolist()

    @laws
    @given(st.data())
    def test_decimals_and_text_exactly(self, data: st.DataObject) -> None:
        """Decimals and text are read as written, one by one, not through floats."""
        t = data.draw(risk_terms())
        tenths = data.draw(st.lists(st.integers(-(10**15), 10**15), min_size=1, max_size=20))
        amounts = [D(x) / 1000 for x in tenths]
        risk_share = t.risk_share
        expected = expected_pennies(risk_share, amounts)
        assert expected == by_element(*split_many(risk_share, np.array(amounts, dtype=object)))
        assert expected == by_element(*split_many(risk_share, [f"{a:f}" for a in amounts]))

    @laws
    @given(st.data())
    def test_terms_beyond_the_language(self, data: st.DataObject) -> None:
        """Terms built by hand, shares to 12 places and edges finer than a penny, split exactly."""
        count = data.draw(st.integers(1, 12))
        edges = sorted(
            data.draw(st.sets(st.integers(1, 10**12), min_size=count - 1, max_size=count - 1))
        )
        bounds = [D(0), *(D(e) / 10**4 for e in edges), None]  # pounds to 1/100 of a penny
        providers = [D(data.draw(st.integers(0, 10**14))) / 10**12 for _ in range(count)]
        position = SEVENTY_THIRTY.bands[0].position
        bands = tuple(
            ShareBand(lower, upper, 100 - p, p, position)
            for (lower, upper), p in zip(itertools.pairwise(bounds), providers, strict=True)
        )
        cap = data.draw(st.none() | st.integers(0, LARGEST).map(lambda c: D(c) / 100))
        hand = attrs.evolve(SEVENTY_THIRTY, bands=bands, gain_share=bands, provider_cap=cap)
        pennies = data.draw(st.lists(st.integers(-LARGEST, LARGEST), min_size=1, max_size=20))
        pennies += [round(e / 100) + d for e in edges for d in (-1, 0, 1)] + [LARGEST, -LARGEST]
        council, provider = split_many(hand, pennies, in_pennies=True)
        assert expected_pennies(hand, [money(p) for p in pennies]) == by_element(council, provider)

    @pytest.mark.parametrize("places", [6, 7, 8, 9])
    def test_shares_by_the_int64_limit(self, places: int) -> None:
        """Shares to 6-7 places (in int64) and to 8-9 (in Python integers) are exact at ±£10^15."""
        # A share to 7 places makes the common denominator 10**9, whose square
        # still fits in int64; to 8 places, 10**10, whose square does not.
        share = D("33." + "3" * places)
        band = attrs.evolve(SEVENTY_THIRTY.bands[0], council=100 - share, provider=share)
        hand = attrs.evolve(SEVENTY_THIRTY, bands=(band,), gain_share=(band,))
        pennies = [LARGEST, LARGEST - 1, 3 * 10**16 + 7, 10**10 - 1, 10**9 + 1, 3, 1, 0]
        pennies += np.random.default_rng(places).integers(0, LARGEST, 50).tolist()
        pennies += [-p for p in pennies]
        council, provider = split_many(hand, pennies, in_pennies=True)
        assert expected_pennies(hand, [money(p) for p in pennies]) == by_element(council, provider)

    def test_a_thousand_and_one_bands(self) -> None:
        """1,001 bands with shares to six places: no overflow, the same pennies as split."""
        # The int64 split used to overflow here and give the provider a negative share.
        many = terms(thousand_and_one_bands())
        edges = [k * 99_999_999 for k in range(1, 1001)]
        pennies = [e + d for e in edges[::7] for d in (-1, 0, 1)] + edges[-3:]
        pennies += np.random.default_rng(1001).integers(0, 11 * POUNDS_1BN, 500).tolist()
        pennies += [LARGEST, LARGEST - 1, 1, 0]
        pennies += [-p for p in pennies]
        council, provider = split_many(many, pennies, in_pennies=True)
        assert expected_pennies(many, [money(p) for p in pennies]) == by_element(council, provider)
        assert [] == [(p, s) for p, s in zip(pennies, provider.tolist(), strict=True) if p * s < 0]

    def test_a_thousand_and_one_bands_in_pounds(self) -> None:
        """The same 1,001 bands over floats in pounds, as a simulation gives them."""
        many = terms(thousand_and_one_bands())
        pounds = np.random.default_rng(1001).uniform(-1.1e9, 1.1e9, 2_000)
        council, provider = split_many(many, pounds)
        assert expected_pennies(many, pounds.tolist()) == by_element(council, provider)

    def test_largest_amounts_most_places(self) -> None:
        """At ±£10^15, shares to six places, edges by the largest amount: every split agrees."""
        top = LARGEST - 1
        edgy = terms(
            f"band up to £0.01: council 0.000001%, provider 99.999999%\n"
            f"band from £0.01 to {_pounds(top)}: council 66.666667%, provider 33.333333%\n"
            f"band above {_pounds(top)}: council 12.345678%, provider 87.654322%\n"
            f"provider cap {_pounds(LARGEST)}"
        )
        pennies = [LARGEST, LARGEST - 1, LARGEST - 2, 2, 1, 0]
        pennies += [-p for p in pennies]
        council, provider = split_many(edgy, pennies, in_pennies=True)
        assert expected_pennies(edgy, [money(p) for p in pennies]) == by_element(council, provider)
        council, provider = split_many(edgy, [1e15, -1e15, 999_999_999_999_999.9])
        assert expected_pennies(edgy, [1e15, -1e15, 999_999_999_999_999.9]) == by_element(
            council, provider
        )

    def test_in_pennies(self) -> None:
        """in_pennies=True takes whole pennies as they are."""
        council, provider = split_many(
            SEVENTY_THIRTY, [135_000_000, 1, 0, -10_001], in_pennies=True
        )
        assert [94500000, 1, 0, -7001] == council.tolist()
        assert [40500000, 0, 0, -3000] == provider.tolist()

    @pytest.mark.parametrize("bad", [[1.5], [1.0], ["1"]])
    def test_in_pennies_must_be_whole_numbers(self, bad: list[object]) -> None:
        """in_pennies=True with floats or text is a TypeError, not a quiet rounding."""
        with pytest.raises(TypeError, match="whole numbers"):
            split_many(SEVENTY_THIRTY, bad, in_pennies=True)

    def test_shape_kept(self) -> None:
        """A 2-d array of amounts gives 2-d arrays of shares."""
        council, provider = split_many(SEVENTY_THIRTY, [[1.0, 2.0, 3.0], [-1.0, 0.0, 0.1]])
        assert [[70, 140, 210], [-70, 0, 7]] == council.tolist()
        assert [[30, 60, 90], [-30, 0, 3]] == provider.tolist()

    @pytest.mark.parametrize("amount", [1.005, 1.015, 0.285, 10.005, -1.005, 1_000_000_000.005])
    def test_half_pennies_round_as_split_does(self, amount: float) -> None:
        """A float on a half penny rounds as parse_money does (through repr), away from zero."""
        council, provider = split_many(SEVENTY_THIRTY, [amount])
        assert expected_pennies(SEVENTY_THIRTY, [amount]) == by_element(council, provider)

    def test_sub_penny_band_edge_is_refused(self) -> None:
        """A band edge finer than a penny is an error, so split and split_many never differ."""
        with pytest.raises(pc.ContractValidationError) as caught:
            terms(
                "band up to £1.005: council 100%, provider 0%\n"
                "band above £1.005: council 0%, provider 100%"
            )
        assert ["£1.005 is not a whole number of pence"] * 2 == [
            d.message for d in caught.value.diagnostics
        ]

    @pytest.mark.parametrize(
        ("bad", "shown"), [(np.nan, "nan"), (np.inf, "inf"), (-np.inf, "-inf")]
    )
    def test_not_finite(self, bad: float, shown: str) -> None:
        """NaN or infinity among the amounts is a MoneyError (a ValueError too) at its place."""
        with pytest.raises(MoneyError) as caught:
            split_many(SEVENTY_THIRTY, [1.0, bad])
        assert isinstance(caught.value, ValueError)
        assert f"amount [1]: `{shown}` is not an amount of money" == caught.value.first.message

    @pytest.mark.parametrize(
        ("amounts", "message"),
        [
            (np.array(["abc"]), "amount [0]: `abc` is not an amount of money"),
            (["1m", "2m", "x"], "amount [2]: `x` is not an amount of money"),
            (
                [[1.0], [2.0, 3.0]],
                "the amounts are not one array: the lists in them are of different lengths",
            ),
            (
                [1.0, [2.0, 3.0]],
                "the amounts are not one array: the lists in them are of different lengths",
            ),
        ],
    )
    def test_every_bad_amount_is_a_money_error(self, amounts: object, message: str) -> None:
        """Text that is not money and ragged lists raise MoneyError, as NaN does."""
        with pytest.raises(MoneyError) as caught:
            split_many(SEVENTY_THIRTY, amounts)  # type: ignore[arg-type]
        assert message == caught.value.first.message

    def test_place_counts_across_slices(self) -> None:
        """A bad amount past the first slice of amounts is named at its place in the whole."""
        amounts = np.ones((3, 2**15))
        amounts[2, 7] = np.nan
        with pytest.raises(MoneyError) as caught:
            split_many(SEVENTY_THIRTY, amounts)
        assert "amount [2, 7]: `nan` is not an amount of money" == caught.value.first.message

    @pytest.mark.parametrize(
        ("amounts", "options"),
        [
            ([1.0, np.nextafter(1e15, np.inf)], {}),
            ([-np.nextafter(1e15, np.inf)], {}),
            ([10**15 + 1], {}),
            ([LARGEST + 1], {"in_pennies": True}),
            ([-LARGEST - 1], {"in_pennies": True}),
            ([2**63 - 1], {"in_pennies": True}),
            ([10**30], {"in_pennies": True}),
        ],
    )
    def test_too_large(self, amounts: list[object], options: dict[str, bool]) -> None:
        """Beyond £10^15 either side of zero is a MoneyError, as for split: never a wrapped int."""
        with pytest.raises(MoneyError, match="is more than any contract's money"):
            split_many(SEVENTY_THIRTY, amounts, **options)

    def test_largest_taken(self) -> None:
        """£10^15 itself is taken, in pounds and in pennies."""
        assert [30 * 10**15] == split_many(SEVENTY_THIRTY, [1e15])[1].tolist()
        assert [-30 * 10**15] == split_many(SEVENTY_THIRTY, [-LARGEST], in_pennies=True)[1].tolist()

    def test_empty(self) -> None:
        """No amounts: two empty arrays."""
        council, provider = split_many(SEVENTY_THIRTY, [])
        assert ([], []) == (council.tolist(), provider.tolist())

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            ({"provider": D(101), "council": D(-1)}, "from 0% to 100%"),
            ({"provider": D("NaN")}, "finite"),
            ({"lower": D(5)}, "from £0"),
        ],
    )
    def test_terms_that_are_not_terms(self, change: dict[str, Decimal], message: str) -> None:
        """Terms built by hand that the language refuses are a ValueError, not a wrong split."""
        band = attrs.evolve(SEVENTY_THIRTY.bands[0], **change)
        bad = attrs.evolve(SEVENTY_THIRTY, bands=(band,), gain_share=(band,))
        with pytest.raises(ValueError, match=message):
            split_many(bad, [1.0])

    def test_bands_with_a_gap_built_by_hand(self) -> None:
        """Bands built by hand with a gap between them are a ValueError."""
        first, second = terms(BANDED).bands[:2]
        gap = attrs.evolve(second, lower=second.lower + 1)
        bad = attrs.evolve(SEVENTY_THIRTY, bands=(first, gap, terms(BANDED).bands[2]))
        with pytest.raises(ValueError, match="follow on"):
            split_many(bad, [1.0])

    def test_negative_cap_built_by_hand(self) -> None:
        """A negative cap built by hand is a ValueError."""
        bad = attrs.evolve(SEVENTY_THIRTY, provider_cap=D(-1))
        with pytest.raises(ValueError, match="£0 or more"):
            split_many(bad, [1.0])

    def test_not_the_engine(self) -> None:
        """The risk-share module rounds money itself: it imports nothing from the rating engine."""
        tree = ast.parse(Path(riskshare.__file__).read_text(encoding="utf-8"))
        imported = {
            node.module if isinstance(node, ast.ImportFrom) else alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in node.names
        }
        assert "perfcontract.engine" not in imported


def thousand_and_one_bands() -> str:
    """1,001 bands, each £999,999.99 wide, the provider's shares 99% to 99.999999%, capped at £900m.

    The int64 split used to add up each band's remainder times its share,
    below 10**8 * 10**8 a band: past about 930 such bands the sum wrapped round.
    """
    lines = []
    width = 99_999_999
    for k in range(1001):
        provider = 99 * MILLION + (k * 7_654_321 + 12_345) % MILLION
        where = (
            f"up to {_pounds(width)}"
            if k == 0
            else f"above {_pounds(k * width)}"
            if k == 1000
            else f"from {_pounds(k * width)} to {_pounds((k + 1) * width)}"
        )
        lines.append(f"band {where}: {_shares(provider)}")
    return "\n".join([*lines, "provider cap £900m"])


class TestExposure:
    def test_small(self) -> None:
        """Percentiles are taken of each party's share, inverted CDF, exact to the penny."""
        risk = exposure(
            SEVENTY_THIRTY, [1_350_000.0, 100.0, 0.01, 2.0, 3.0], percentiles=(0, 50, 100)
        )
        assert 5 == risk.scenarios
        assert {0.0: D("0.01"), 50.0: D("2.10"), 100.0: D("945000.00")} == risk.council
        assert {0.0: D("0.00"), 50.0: D("0.90"), 100.0: D("405000.00")} == risk.provider

    def test_amounts_in_pennies(self) -> None:
        """Exposure amounts carry two decimal places, as a split's do."""
        risk = exposure(SEVENTY_THIRTY, [1_350_000.0, 100.0, 0.01, 2.0, 3.0], percentiles=(50, 100))
        assert [-2, -2] == [v.as_tuple().exponent for v in risk.council.values()]
        assert [-2, -2] == [v.as_tuple().exponent for v in risk.provider.values()]

    def test_given_in_pennies(self) -> None:
        """in_pennies=True passes the amounts to split_many as whole pennies."""
        risk = exposure(
            SEVENTY_THIRTY, [135_000_000, 10_000, 1], percentiles=(0, 100), in_pennies=True
        )
        assert {0.0: D("0.01"), 100.0: D("945000.00")} == risk.council

    def test_largest_amounts_exact(self) -> None:
        """Shares beyond 2**53 pennies come back to the penny, not through a float."""
        pennies = [LARGEST - 1, LARGEST - 3]
        risk = exposure(SEVENTY_THIRTY, pennies, percentiles=(0, 100), in_pennies=True)
        splits = [SEVENTY_THIRTY.split(money(p)) for p in pennies]
        assert {0.0: splits[1].provider, 100.0: splits[0].provider} == risk.provider
        assert {0.0: splits[1].council, 100.0: splits[0].council} == risk.council

    def test_to_text(self) -> None:
        """to_text is a small table, one row per percentile."""
        risk = exposure(
            SEVENTY_THIRTY, [1_350_000.0, 100.0, 0.01, 2.0, 3.0], percentiles=(0, 50, 100)
        )
        assert (
            "percentile           council          provider\n"
            "         0             £0.01             £0.00\n"
            "        50             £2.10             £0.90\n"
            "       100       £945,000.00       £405,000.00"
        ) == risk.to_text()

    def test_default_percentiles(self) -> None:
        """By default: the 50th, 75th, 90th, 95th and 99th percentiles."""
        risk = exposure(SEVENTY_THIRTY, np.arange(1, 101) * 1000.0)
        assert [50.0, 75.0, 90.0, 95.0, 99.0] == list(risk.council)
        assert D("35000") == risk.council[50]
        assert D("69300") == risk.council[99]

    def test_a_million_outturns(self) -> None:
        """A million simulated outturns: the council's exposure grows with the percentile."""
        outturns = np.random.default_rng(2018).normal(3_000_000, 1_000_000, 1_000_000)
        risk = exposure(SEVENTY_THIRTY, outturns, percentiles=(50, 95))
        assert isinstance(risk, Exposure)
        assert 1_000_000 == risk.scenarios
        assert risk.council[50] < risk.council[95]
        assert risk.provider[50] < risk.council[50]

    @laws
    @given(st.data(), st.lists(st.floats(0, 100), min_size=1, max_size=6))
    def test_percentiles_are_simulated_shares(
        self, data: st.DataObject, percentiles: list[float]
    ) -> None:
        """Each percentile is one of the simulated shares, exact to the penny."""
        t = data.draw(risk_terms())
        pennies = data.draw(st.lists(amounts_for(t), min_size=1, max_size=50))
        risk_share = t.risk_share
        risk = exposure(risk_share, pennies, percentiles=percentiles, in_pennies=True)
        shares = [risk_share.split(money(p)) for p in pennies]
        assert len(pennies) == risk.scenarios
        assert set(risk.council.values()) <= {s.council for s in shares}
        assert set(risk.provider.values()) <= {s.provider for s in shares}

    def test_no_scenarios(self) -> None:
        """No scenarios at all is a ValueError, not an IndexError from deep in numpy."""
        with pytest.raises(ValueError):  # noqa: PT011 - any message will do
            exposure(SEVENTY_THIRTY, [])


# -- settlement ------------------------------------------------------------------

BUSINESS_CASES = (
    ("business cases agreed following Q2", "£1.23m", "general fund"),
    ("business case agreed following Q2", "£0.41m", "DSG"),
)
YEAR_END_DSG = (("additional DSG claimed at year end", "£0.24m", "DSG"),)


def reference_settlement() -> Settlement:
    """The report's paragraph 26, worked from its inputs."""
    risk_share = pc.load(REFERENCE).risk_share
    assert risk_share is not None
    return settle(
        risk_share,
        outturn="£4.15m",
        projection="£2.99m",
        funded_before_sharing=BUSINESS_CASES,
        provider_can_pay="£0.07m",
        movement_funding=YEAR_END_DSG,
    )


class TestSettle:
    def test_by_source_exact(self) -> None:
        """By source: general fund £3.095m, DSG £0.65m, council reserves £0.335m, Trust £0.07m."""
        assert {
            "general fund": D("3095000.00"),
            "DSG": D("650000.00"),
            "provider reserves": D("70000.00"),
            "council reserves": D("335000.00"),
        } == reference_settlement().by_source

    @pytest.mark.parametrize(
        ("source", "report"),
        [
            ("general fund", "3.1"),
            ("DSG", "0.65"),
            ("council reserves", "0.33"),
            ("provider reserves", "0.07"),
        ],
    )
    def test_within_a_hundredth_of_a_million_of_the_report(self, source: str, report: str) -> None:
        """Each source is within £0.01m of the figure in the report's paragraph 26."""
        assert abs(reference_settlement().by_source[source] - D(report) * 10**6) <= D("10000")

    def test_total_is_the_outturn(self) -> None:
        """The lines add up to exactly £4.15m, the outturn overspend."""
        settlement = reference_settlement()
        assert D("4150000.00") == settlement.total == settlement.outturn
        assert D("4150000.00") == sum(settlement.by_source.values())
        assert D("4150000.00") == sum(settlement.by_party.values())

    def test_by_party(self) -> None:
        """The council pays £4.08m in all, the Trust £0.07m from its reserves."""
        assert {"council": D("4080000.00"), "provider": D("70000.00")} == (
            reference_settlement().by_party
        )

    def test_lines_in_order(self) -> None:
        """Business cases, the share, the Trust's part and shortfall, then the movement."""
        assert (
            Funding(
                "business cases agreed following Q2", D("1230000.00"), "council", "general fund"
            ),
            Funding("business case agreed following Q2", D("410000.00"), "council", "DSG"),
            Funding(
                "council's 70% share of the projected overspend",
                D("945000.00"),
                "council",
                "general fund",
            ),
            Funding(
                "provider's share, from its reserves",
                D("70000.00"),
                "provider",
                "provider reserves",
            ),
            Funding(
                "provider's share it cannot fund", D("335000.00"), "council", "council reserves"
            ),
            Funding("additional DSG claimed at year end", D("240000.00"), "council", "DSG"),
            Funding(
                "rest of the movement after the share was agreed",
                D("920000.00"),
                "council",
                "general fund",
            ),
        ) == reference_settlement().lines

    def test_report_breakdown(self) -> None:
        """The general fund's £3.1m is £1.23m + £0.95m + £0.92m, as the report breaks it down."""
        general_fund = [
            line.amount for line in reference_settlement().lines if line.source == "general fund"
        ]
        assert [D("1230000.00"), D("945000.00"), D("920000.00")] == general_fund

    def test_movement(self) -> None:
        """The movement since Q3 is £1.16m: £0.24m DSG and £0.92m general fund."""
        lines = reference_settlement().lines[-2:]
        assert D("1160000.00") == sum(line.amount for line in lines)

    def test_to_markdown(self) -> None:
        """to_markdown matches its golden file."""
        expected = (GOLDEN / "reference-settlement.md").read_text(encoding="utf-8")
        assert expected == reference_settlement().to_markdown() + "\n"

    def test_to_text(self) -> None:
        """to_text matches its golden file."""
        expected = (GOLDEN / "reference-settlement.txt").read_text(encoding="utf-8")
        assert expected == reference_settlement().to_text() + "\n"

    @pytest.mark.parametrize(
        ("outturn", "totals"),
        [
            ("£100", ["general fund £70.00", "provider reserves £30.00", "Total £100.00"]),
            ("-£0", ["general fund £0.00", "Total £0.00"]),
            (
                "£999,999.99",
                ["general fund £700,000.00", "provider reserves £299,999.99", "Total £999,999.99"],
            ),
            ("£1m", ["general fund £0.7m", "provider reserves £0.3m", "Total £1m"]),
            ("-£1m", ["general fund -£0.7m", "provider reserves -£0.3m", "Total -£1m"]),
        ],
    )
    def test_to_text_totals_by_source(self, outturn: str, totals: list[str]) -> None:
        """Totals by source in £m from an outturn of £1m (either sign), in pounds below it,
        where £m to two places would show nothing."""
        risk_share = pc.load(REFERENCE).risk_share
        assert risk_share is not None
        text = settle(risk_share, outturn=outturn, projection=outturn).to_text()
        below = text.split("\n\n", 1)[1].splitlines()
        assert totals == [" ".join(line.split()) for line in below]

    def test_to_text_totals_by_source_line_up(self) -> None:
        """Totals by source in pounds end in one column, however wide the widest."""
        risk_share = pc.load(REFERENCE).risk_share
        assert risk_share is not None
        settlement = settle(
            risk_share,
            outturn="£100",
            projection="£100",
            funded_before_sharing=[("big item", "£2m", "fund")],
        )
        below = settlement.to_text().split("\n\n", 1)[1].splitlines()
        assert 1 == len({len(line) for line in below})

    def test_to_text_total_lines_up(self) -> None:
        """In to_text the total's amount ends in the same column as the lines' amounts."""
        text = reference_settlement().to_text().splitlines()
        total = next(line for line in text if line.startswith("Total"))
        assert len(text[0]) == len(total)

    def test_provider_pays_all(self) -> None:
        """A provider that can pay its whole share leaves no shortfall line."""
        risk_share = pc.load(REFERENCE).risk_share
        assert risk_share is not None
        for can_pay in ("£1m", "£0.405m", None):
            settlement = settle(
                risk_share,
                outturn="£4.15m",
                projection="£2.99m",
                funded_before_sharing=BUSINESS_CASES,
                provider_can_pay=can_pay,
                movement_funding=YEAR_END_DSG,
            )
            assert {
                "general fund": D("3095000.00"),
                "DSG": D("650000.00"),
                "provider reserves": D("405000.00"),
            } == settlement.by_source
            assert "council reserves" not in {line.source for line in settlement.lines}
            assert D("4150000.00") == settlement.total

    def test_provider_pays_nothing(self) -> None:
        """A provider that can pay nothing has no line of its own; the council meets all of it."""
        settlement = settle(SEVENTY_THIRTY, outturn="£1m", projection="£1m", provider_can_pay=0)
        assert (
            Funding(
                "council's 70% share of the projected overspend",
                D("700000.00"),
                "council",
                "general fund",
            ),
            Funding(
                "provider's share it cannot fund", D("300000.00"), "council", "council reserves"
            ),
        ) == settlement.lines
        assert {"council": D("1000000.00")} == settlement.by_party

    def test_outturn_below_projection(self) -> None:
        """An outturn below the projection gives a negative movement, met by the general fund."""
        settlement = settle(SEVENTY_THIRTY, outturn="£2m", projection="£3m")
        assert (
            Funding(
                "council's 70% share of the projected overspend",
                D("2100000.00"),
                "council",
                "general fund",
            ),
            Funding(
                "provider's share, from its reserves",
                D("900000.00"),
                "provider",
                "provider reserves",
            ),
            Funding(
                "rest of the movement after the share was agreed",
                D("-1000000.00"),
                "council",
                "general fund",
            ),
        ) == settlement.lines
        assert D("2000000.00") == settlement.total
        assert {"general fund": D("1100000.00"), "provider reserves": D("900000.00")} == (
            settlement.by_source
        )

    def test_no_movement(self) -> None:
        """An outturn equal to the projection has no movement line."""
        settlement = settle(SEVENTY_THIRTY, outturn="£1m", projection="£1m")
        assert 2 == len(settlement.lines)
        assert D("1000000.00") == settlement.total

    def test_movement_fully_funded(self) -> None:
        """Movement funding that meets the whole movement leaves no rest-of-movement line."""
        settlement = settle(
            SEVENTY_THIRTY,
            outturn="£1.5m",
            projection="£1m",
            movement_funding=[("grant", "£0.5m", "grant")],
        )
        assert ["general fund", "provider reserves", "grant"] == [
            line.source for line in settlement.lines
        ]

    def test_named_sources(self) -> None:
        """Each source can be named."""
        settlement = settle(
            SEVENTY_THIRTY,
            outturn="£1.1m",
            projection="£1m",
            provider_can_pay="£0.1m",
            provider_source="Trust reserves",
            shortfall_source="earmarked reserve",
            council_source="contingency",
            movement_source="corporate budget",
        )
        assert {
            "contingency": D("700000.00"),
            "Trust reserves": D("100000.00"),
            "earmarked reserve": D("200000.00"),
            "corporate budget": D("100000.00"),
        } == settlement.by_source

    def test_banded_share_label(self) -> None:
        """With bands the council's line does not name one percentage."""
        settlement = settle(terms(BANDED), outturn="£1.5m", projection="£1.5m")
        assert (
            Funding(
                "council's share of the projected overspend",
                D("800000.00"),
                "council",
                "general fund",
            ),
            Funding(
                "provider's share, from its reserves",
                D("700000.00"),
                "provider",
                "provider reserves",
            ),
        ) == settlement.lines

    def test_bad_amount(self) -> None:
        """An amount that cannot be read raises MoneyError."""
        with pytest.raises(MoneyError):
            settle(SEVENTY_THIRTY, outturn="lots", projection="£1m")

    @laws
    @given(
        st.integers(-(10**10), 10**10),
        st.integers(-(10**10), 10**10),
        st.lists(st.integers(0, 10**9), max_size=3),
        st.none() | st.integers(0, 10**10),
        st.lists(st.integers(-(10**9), 10**9), max_size=3),
    )
    def test_lines_add_up_to_the_outturn(
        self,
        outturn: int,
        projection: int,
        before: list[int],
        can_pay: int | None,
        claimed: list[int],
    ) -> None:
        """Whatever the inputs, the lines add up to the outturn exactly."""
        settlement = settle(
            SEVENTY_THIRTY,
            outturn=money(outturn),
            projection=money(projection),
            funded_before_sharing=[("item", money(p), "fund") for p in before],
            provider_can_pay=None if can_pay is None else money(can_pay),
            movement_funding=[("claim", money(p), "claim") for p in claimed],
        )
        assert money(outturn) == settlement.total

    @pytest.mark.parametrize("outturn", ["£1m", "-£250,000.01", "0"])
    def test_projection_defaults_to_the_outturn(self, outturn: str) -> None:
        """Without a projection the share is agreed on the outturn, as the command line does."""
        given = settle(SEVENTY_THIRTY, outturn=outturn, projection=outturn, provider_can_pay=0)
        assert given == settle(SEVENTY_THIRTY, outturn=outturn, provider_can_pay=0)

    @pytest.mark.parametrize(
        ("argument", "shown"),
        [
            ("outturn", "outturn: `4150000.005`"),
            ("projection", "projection: `4150000.005`"),
            ("provider_can_pay", "provider_can_pay: `4150000.005`"),
            ("funded_before_sharing", "funded_before_sharing[1]: `4150000.005`"),
            ("movement_funding", "movement_funding[1]: `4150000.005`"),
        ],
    )
    @pytest.mark.parametrize("sub_penny", ["4150000.005", D("4150000.005"), 4150000.005])
    def test_sub_penny_amount_is_refused(
        self, argument: str, shown: str, sub_penny: str | Decimal | float
    ) -> None:
        """Any amount finer than a penny is refused, by the argument's name, never rounded."""
        given: dict[str, object] = {"outturn": "£4.15m"}
        if argument.endswith(("sharing", "funding")):
            given[argument] = [("first", "£1", "fund"), ("second", sub_penny, "fund")]
        else:
            given[argument] = sub_penny
        with pytest.raises(MoneyError) as caught:
            settle(SEVENTY_THIRTY, **given)  # type: ignore[arg-type]
        assert isinstance(caught.value, ValueError)
        assert (
            f"{shown} is not a whole number of pence",
            "an amount is taken as written, never rounded for you: round it to the penny",
        ) == (caught.value.first.message, caught.value.first.hint)

    @laws
    @given(
        st.integers(-(10**12), 10**12).filter(lambda tenths: tenths % 10 != 0),
        st.sampled_from([str, D, float]),
    )
    def test_outturn_never_changed(self, tenths: int, kind: type) -> None:
        """An outturn finer than a penny is refused: a settlement is never of a changed figure."""
        outturn = kind(f"{D(tenths) / 1000:f}")
        with pytest.raises(MoneyError) as caught:
            settle(SEVENTY_THIRTY, outturn=outturn)
        assert f"outturn: `{outturn}` is not a whole number of pence" == caught.value.first.message

    def test_ability_to_pay_unused_on_an_underspend_is_noted(self) -> None:
        """provider_can_pay on an underspend is not used, and the settlement says so."""
        settlement = settle(SEVENTY_THIRTY, outturn="-£1m", provider_can_pay="£10k")
        note = (
            "what the provider can pay was not used: it limits what the provider pays of an"
            " overspend, and of an underspend the provider pays nothing"
        )
        assert [("note", note)] == [(n.severity, n.message) for n in settlement.notes]
        assert f"Note: {note}" == settlement.to_text().splitlines()[-1]
        assert f"- Note: {note}" == settlement.to_markdown().splitlines()[-1]
        assert [{"severity": "note", "message": note, "hint": None}] == json.loads(
            settlement.to_json()
        )["notes"]
        assert D("-300000.00") == settlement.by_party["provider"]

    @pytest.mark.parametrize(
        ("outturn", "projection", "can_pay"),
        [("£1m", "£1m", "£10k"), ("-£1m", "-£1m", None), ("£1m", "-£1", None), ("0", "0", "0")],
    )
    def test_no_note_otherwise(self, outturn: str, projection: str, can_pay: str | None) -> None:
        """No note where the ability to pay is used or not given; JSON's notes list is empty."""
        settlement = settle(
            SEVENTY_THIRTY, outturn=outturn, projection=projection, provider_can_pay=can_pay
        )
        assert () == settlement.notes
        assert [] == json.loads(settlement.to_json())["notes"]
        assert "Note:" not in settlement.to_text() + settlement.to_markdown()

    def test_negative_ability_to_pay_is_an_error(self) -> None:
        """What the provider can pay cannot be negative: a MoneyError, not a quiet zero."""
        with pytest.raises(MoneyError):
            settle(SEVENTY_THIRTY, outturn="£1m", projection="£1m", provider_can_pay="-£5")

    def test_underspend_share_stays_with_the_provider(self) -> None:
        """The provider's share of a projected underspend is booked to the provider."""
        terms_ = terms("council 70%\nprovider 30%\ngain share: council 50%, provider 50%")
        settlement = settle(terms_, outturn="-£1m", projection="-£1m")
        assert {"council": D("-500000.00"), "provider": D("-500000.00")} == settlement.by_party
        assert [
            "council's 50% share of the projected underspend",
            "provider's share of the projected underspend",
        ] == [line.what for line in settlement.lines]


# -- bad terms ---------------------------------------------------------------------


class TestBadTerms:
    @pytest.mark.parametrize(
        ("body", "line", "message"),
        [
            ("council 70%\nprovider 20%", 3, "the shares add up to 90%, not 100%"),
            ("council 70%\nprovider 40%", 3, "the shares add up to 110%, not 100%"),
            ("council 70%\nprovider -30%", 4, "a share must be from 0% to 100%, not -30%"),
            ("council 110%\nprovider -10%", 3, "a share must be from 0% to 100%, not 110%"),
            (
                "band up to £1m: council 50%, provider 50%\n"
                "band from £2m to £3m: council 60%, provider 40%\n"
                "band above £3m: council 70%, provider 30%",
                4,
                "bands leave a gap: this band starts at £2m but the one before ends at £1m",
            ),
            (
                "band up to £1m: council 50%, provider 50%\n"
                "band from £0.5m to £3m: council 60%, provider 40%\n"
                "band above £3m: council 70%, provider 30%",
                4,
                "bands overlap: this band starts at £500k but the one before ends at £1m",
            ),
            (
                "band up to £1m: council 50%, provider 50%\n"
                "band from £2m to £1.5m: council 60%, provider 40%\n"
                "band above £1.5m: council 70%, provider 30%",
                4,
                "bands leave a gap",
            ),
            (
                "band up to £1m: council 50%, provider 50%",
                3,
                "the bands stop at £1m, so a larger overspend has no share",
            ),
            (
                "band from £1m to £2m: council 50%, provider 50%\n"
                "band above £2m: council 70%, provider 30%",
                3,
                "the first band starts at £1m, but the bands must start at £0",
            ),
            (
                "band up to £1m: council 50%, provider 40%\n"
                "band above £1m: council 70%, provider 30%",
                3,
                "this band: the shares add up to 90%, not 100%",
            ),
            ("council 70%\nprovider 30%\nprovider cap -£1m", 5, "cannot be negative: -£1m"),
            ("council 70%\nprovider 30%\nprovider cap 30%", 5, "`30%` is a percentage"),
            (
                "council 70%\nprovider 30%\ngain share: council 50%, provider 40%",
                5,
                "the gain share: the shares add up to 90%, not 100%",
            ),
            ("council 70%", 3, "the risk share gives no provider share"),
            ("council £70\nprovider 30%", 3, "a share is a percentage: write `70%`"),
            (
                "council 70%\nprovider 30%\nprovider cap £1m\nprovider cap £2m",
                6,
                "duplicate",
            ),
            (
                "council 70%\nprovider 30%\nband above £0: council 70%, provider 30%",
                5,
                "this risk share gives both plain shares and bands",
            ),
        ],
    )
    def test_validation(self, body: str, line: int, message: str) -> None:
        """Contradictory terms are a ContractError with the line of the offending clause."""
        with pytest.raises(pc.ContractError) as caught:
            terms(body)
        assert line == caught.value.line
        assert message in caught.value.first.message

    @pytest.mark.parametrize(
        ("body", "line"),
        [
            ("council 70%\nprovider 30%\nprovider cap £1,23", 5),
            ("council 70%\nprovider 30%\nprovider cap 1.2 million", 5),
            ("band up to £1x: council 50%, provider 50%\nband above £1m: council 70%", 3),
            ("council 70%\nprovider 30%\nprovider cap £", 5),
            ("council 70%\nprovider 30%\nprovider cap £1.2mn", 5),
        ],
    )
    def test_unreadable_money(self, body: str, line: int) -> None:
        """Money the contract cannot read is a ContractError at its line."""
        with pytest.raises(pc.ContractError) as caught:
            terms(body)
        assert line == caught.value.line

    def test_every_error_at_once(self) -> None:
        """Every problem in the risk share is reported in one error."""
        with pytest.raises(pc.ContractError) as caught:
            terms("council 110%\nprovider -10%\nprovider cap -£1")
        assert [3, 4, 5] == [d.line for d in caught.value.diagnostics]

    def test_empty_risk_share(self) -> None:
        """A risk share without shares is an error."""
        with pytest.raises(pc.ContractError, match="the risk share gives no shares"):
            terms("")

    def test_huge_cap(self) -> None:
        """A cap too large for any overspend is either refused or simply never reached."""
        with contextlib.suppress(pc.ContractError):
            huge = terms("council 70%\nprovider 30%\nprovider cap £1000000000000000000000000000bn")
            assert parts("700000.00", "300000.00") == huge.split("1m")
