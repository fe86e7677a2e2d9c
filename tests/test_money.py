"""Money: reading "£1.2m" and friends exactly, the one rounding rule, and writing amounts back.

Every amount is a ``Decimal`` rounded to the penny half away from zero; a
float is read through its shortest decimal form (``repr``).
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

from decimal import Context, Decimal, localcontext
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import perfcontract as pc
from perfcontract.money import (
    MAX_MONEY,
    PENNY,
    MoneyError,
    format_money,
    parse_money,
    pennies_many,
    to_pennies,
)

# No example database: it would leave a .hypothesis directory in the working tree.
laws = settings(database=None, max_examples=200, deadline=None)


class TestParseText:
    @pytest.mark.parametrize(
        ("text", "pounds"),
        [
            ("£1.2m", "1200000.00"),
            ("£950k", "950000.00"),
            ("£0.25bn", "250000000.00"),
            ("£1,230,000", "1230000.00"),
            ("1.35m", "1350000.00"),
            ("-£0.5m", "-500000.00"),
            ("1200000", "1200000.00"),
            ("12", "12.00"),
            ("£12.34", "12.34"),
            ("£1,234.56", "1234.56"),
            (".5", "0.50"),
            ("0", "0.00"),
            ("£4.15m", "4150000.00"),
            ("£0.07m", "70000.00"),
        ],
    )
    def test_forms(self, text: str, pounds: str) -> None:
        """Every written form reads as its exact amount in pounds, to the penny."""
        assert Decimal(pounds) == parse_money(text)

    @pytest.mark.parametrize(
        ("text", "pounds"),
        [("£1.2M", "1200000.00"), ("£1.2K", "1200.00"), ("£1BN", "1000000000.00")],
    )
    def test_scale_in_capitals(self, text: str, pounds: str) -> None:
        """The scale letters may be capitals."""
        assert Decimal(pounds) == parse_money(text)

    @pytest.mark.parametrize("text", ["  £1.2m  ", "£ 1.2m", "£1.2 m", "\t1.2m\n"])
    def test_spaces(self, text: str) -> None:
        """Spaces around the amount, after the £ and before the scale are allowed."""
        assert Decimal("1200000.00") == parse_money(text)

    def test_unicode_minus(self) -> None:
        """A typographic minus sign (U+2212) reads as a minus."""
        assert Decimal("-1.00") == parse_money("−£1")

    def test_two_places(self) -> None:
        """A whole amount still comes back with two decimal places."""
        assert (0, (1, 2, 0, 0, 0, 0, 0, 0, 0), -2) == parse_money("£1.2m").as_tuple()

    @pytest.mark.parametrize(
        ("text", "pounds"),
        [
            ("0.005", "0.01"),
            ("0.015", "0.02"),
            ("0.0049", "0.00"),
            ("2.675", "2.68"),
            ("£12.345", "12.35"),
            ("-0.005", "-0.01"),
            ("-2.675", "-2.68"),
            ("-0.0149", "-0.01"),
            ("£1.2345678m", "1234567.80"),
            ("£0.0000005m", "0.50"),
            ("£0.000000005m", "0.01"),
        ],
    )
    def test_rounds_half_away_from_zero(self, text: str, pounds: str) -> None:
        """Finer than a penny rounds to the penny, half away from zero, negatives included."""
        assert Decimal(pounds) == parse_money(text)


class TestParseNumbers:
    @pytest.mark.parametrize(
        ("value", "pounds"),
        [
            (Decimal("1350000"), "1350000.00"),
            (Decimal("2.999"), "3.00"),
            (Decimal("-2.995"), "-3.00"),
            (Decimal("0.005"), "0.01"),
            (3, "3.00"),
            (-3, "-3.00"),
            (0, "0.00"),
            (np.int64(5), "5.00"),
        ],
    )
    def test_decimal_and_int(self, value: Decimal | int, pounds: str) -> None:
        """Decimals and whole numbers are taken as they are, then rounded to the penny."""
        assert Decimal(pounds) == parse_money(value)

    @pytest.mark.parametrize(
        ("value", "pounds"),
        [
            (0.1, "0.10"),
            (0.29, "0.29"),
            (1.005, "1.01"),  # the float is 1.00499999999999989..., its repr is 1.005
            (2.675, "2.68"),  # the float is 2.67499999999999982..., its repr is 2.675
            (-2.675, "-2.68"),
            (1350000.0, "1350000.00"),
            (1e14, "100000000000000.00"),
            (np.float64(0.1), "0.10"),
        ],
    )
    def test_float_through_repr(self, value: float, pounds: str) -> None:
        """A float is read through its shortest decimal form, never its binary value."""
        assert Decimal(pounds) == parse_money(value)

    @laws
    @given(st.integers(min_value=-(10**11), max_value=10**11))
    def test_float_pennies_round_trip(self, pennies: int) -> None:
        """Any whole-penny amount up to £1bn given as a float comes back exactly."""
        assert Decimal(pennies) / 100 == parse_money(pennies / 100)

    @laws
    @given(st.fractions(min_value=-(10**9), max_value=10**9, max_denominator=10**6))
    def test_rounding_rule(self, value: Fraction) -> None:
        """The result is the nearest penny, a tie going away from zero."""
        exact = Decimal(value.numerator) / Decimal(value.denominator)
        money = parse_money(exact)
        pennies = abs(value) * 100
        whole = int(pennies)
        nearest = whole + 1 if pennies - whole >= Fraction(1, 2) else whole
        assert (nearest if value >= 0 else -nearest) == money * 100


class TestParseErrors:
    def test_money_error_is_a_contract_error(self) -> None:
        """MoneyError is part of the public hierarchy of bad-input errors."""
        assert issubclass(MoneyError, pc.ContractError)
        assert pc.MoneyError is MoneyError

    def test_money_error_is_a_value_error(self) -> None:
        """MoneyError is a ValueError too, so code that caught ValueError still does."""
        with pytest.raises(ValueError, match="is not an amount of money"):
            parse_money("lots")

    @pytest.mark.parametrize("digits", [4_300, 4_301, 5_001, 100_000])
    def test_huge_whole_number_is_quoted_short(self, digits: int) -> None:
        """A whole number of thousands of digits is a MoneyError quoting its start and end."""
        with pytest.raises(MoneyError) as caught:
            parse_money(10 ** (digits - 1))
        assert (
            f"`{'1' + '0' * 39}…{'0' * 17} ({digits:,} characters)` is more than any"
            " contract's money: at most £1,000,000bn"
        ) == caught.value.first.message

    @pytest.mark.parametrize(
        "value",
        ["9" * 100_000, "x" * 100_000, Decimal("9" * 100_000), -(10**100_000)],
        ids=["digits", "letters", "decimal", "negative-int"],
    )
    def test_long_amounts_are_quoted_short(self, value: str | Decimal | int) -> None:
        """However long the amount, its message stays short."""
        with pytest.raises(MoneyError) as caught:
            parse_money(value)
        assert 200 > len(str(caught.value))
        assert "characters)`" in caught.value.first.message

    @pytest.mark.parametrize(
        "text",
        [
            "1.2 million",
            "£",
            "1,23",
            "nan",
            "inf",
            "NaN",
            "Infinity",
            "",
            "   ",
            "1e3",
            "£-1",
            "--1",
            "1.2.3",
            "1,2345",
            "£1.2mm",
            "1.2x",
            "£1.2m£",
            "12,34,567",
        ],
    )
    def test_not_money(self, text: str) -> None:
        """Text that is not an amount raises MoneyError."""
        with pytest.raises(MoneyError):
            parse_money(text)

    def test_message_and_hint(self) -> None:
        """The error quotes the text and shows the forms that are understood."""
        with pytest.raises(MoneyError) as caught:
            parse_money("  1.2 million ")
        assert "`1.2 million` is not an amount of money" == caught.value.first.message
        assert "write it as 1200000, £1.2m, £950k or £1,230,000" == caught.value.first.hint
        assert caught.value.line is None

    @pytest.mark.parametrize(
        "value", [Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity"), float("nan"), float("-inf")]
    )
    def test_not_finite(self, value: Decimal | float) -> None:
        """NaN and infinity, as Decimal or float, raise MoneyError."""
        with pytest.raises(MoneyError, match="is not an amount of money"):
            parse_money(value)

    @pytest.mark.parametrize(
        "value",
        [
            "£1000000000000000000000000000bn",
            "100000000000000000000000000000",
            Decimal("1E+30"),
            1e30,
        ],
    )
    def test_too_large(self, value: str | Decimal | float) -> None:
        """An amount too large for the decimal context raises MoneyError, not InvalidOperation."""
        with pytest.raises(MoneyError):
            parse_money(value)

    @pytest.mark.parametrize("value", [True, False, np.True_])
    def test_bool(self, value: object) -> None:
        """True and False are not amounts: TypeError."""
        with pytest.raises(TypeError):
            parse_money(value)  # type: ignore[arg-type]

    @pytest.mark.parametrize("value", [None, [1], (1,), b"1", {"a": 1}, object()])
    def test_other_types(self, value: object) -> None:
        """Anything that is not text or a number is a TypeError, not a MoneyError."""
        with pytest.raises(TypeError, match="an amount of money must be text or a number"):
            parse_money(value)  # type: ignore[arg-type]


class TestParseContext:
    def test_whatever_the_callers_context(self) -> None:
        """A caller's narrow decimal context does not round an amount as it is read."""
        with localcontext(Context(prec=3)):
            assert (Decimal("1234567.89"), Decimal("-2.68")) == (
                parse_money("£1,234,567.89"),
                parse_money(-2.675),
            )
            assert Decimal("1.01") == to_pennies(Decimal("1.005"))


LARGEST = 10**17  # £10^15 in pennies


def pennies(amount: object) -> int:
    """One amount as parse_money reads it, in pennies."""
    return int(parse_money(amount).scaleb(2))  # type: ignore[arg-type]


class TestPenniesMany:
    @pytest.mark.parametrize(
        ("pounds", "expected"),
        [
            (1.005, 101),  # the float is 1.00499999999999989..., its repr is 1.005
            (-1.005, -101),
            (2.675, 268),
            (0.125, 13),  # exactly a half penny in binary too
            (0.005, 1),
            (0.0049999, 0),
            (0.1, 10),
            (0.0, 0),
            (-0.0, 0),
            (1_000_000_000.005, 100_000_000_001),
            (1e15, LARGEST),
            (-1e15, -LARGEST),
        ],
    )
    def test_floats_round_as_parse_money(self, pounds: float, expected: int) -> None:
        """A float in pounds rounds to the penny half away from zero on the decimal it reads as."""
        assert [expected] == pennies_many([pounds]).tolist()
        assert expected == pennies(pounds)

    @laws
    @given(st.lists(st.floats(-1e15, 1e15), min_size=1, max_size=50))
    def test_any_float(self, pounds: list[float]) -> None:
        """Any float within £10^15 gives the pennies parse_money gives it."""
        assert [pennies(x) for x in pounds] == pennies_many(pounds).tolist()

    @laws
    @given(
        st.lists(st.integers(-(10**18) + 10**6, 10**18 - 10**6), min_size=1, max_size=50),
        st.sampled_from([-1, 0, 1]),
    )
    def test_by_a_half_penny(self, tenths: list[int], nudge: int) -> None:
        """Floats written to a tenth of a penny, and their neighbours, round as parse_money's do."""
        pounds = [x / 1000 for x in tenths]
        pounds = [float(np.nextafter(x, nudge * np.inf)) if nudge else x for x in pounds]
        assert [pennies(x) for x in pounds] == pennies_many(pounds).tolist()

    @laws
    @given(st.lists(st.integers(-(10**17) // 5, 10**17 // 5), min_size=1, max_size=50))
    def test_exact_half_pennies(self, halves: list[int]) -> None:
        """A float that reads as a half penny, (2k + 1)/200 pounds, rounds away from zero."""
        pounds = [(2 * k + 1) / 200 for k in halves]
        assert [pennies(x) for x in pounds] == pennies_many(pounds).tolist()

    @laws
    @given(st.lists(st.floats(2.0**43, 1e15) | st.floats(-1e15, -(2.0**43)), min_size=1))
    def test_beyond_two_to_the_43(self, pounds: list[float]) -> None:
        """From £2**43 on, where floats are a tenth of a penny apart or more: as parse_money."""
        assert [pennies(x) for x in pounds] == pennies_many(pounds).tolist()

    def test_whole_pounds(self) -> None:
        """Integers are whole pounds."""
        assert [300, -200, LARGEST] == pennies_many([3, -2, 10**15]).tolist()
        assert [300] == pennies_many(np.array([3], dtype=np.uint8)).tolist()

    def test_text_and_decimals(self) -> None:
        """Text and Decimals are read one by one as parse_money reads them, never as floats."""
        amounts = ["£1.2m", "-£0.5m", "1.0049999999999999999", Decimal("1.0049999999999999999")]
        assert [120_000_000, -50_000_000, 100, 100] == pennies_many(
            np.array(amounts, dtype=object)
        ).tolist()

    def test_unreadable_text(self) -> None:
        """Text that is not money is a MoneyError, as for one amount."""
        with pytest.raises(MoneyError, match="`lots` is not an amount of money"):
            pennies_many(["£1m", "lots"])

    def test_in_pennies(self) -> None:
        """in_pennies=True takes whole pennies as they are, up to 10**17 either side of zero."""
        assert [1, -1, LARGEST, -LARGEST] == pennies_many(
            [1, -1, LARGEST, -LARGEST], in_pennies=True
        ).tolist()
        assert [7] == pennies_many(np.array([7], dtype=np.uint64), in_pennies=True).tolist()

    def test_shape_kept(self) -> None:
        """A 2-d array comes back 2-d, a scalar as a 0-d array, nothing as nothing."""
        assert [[100, 200], [-1, 0]] == pennies_many([[1.0, 2.0], [-0.01, 0.0]]).tolist()
        assert 101 == pennies_many(1.005).item()
        assert (0,) == pennies_many([]).shape
        assert np.int64 == pennies_many([]).dtype

    @pytest.mark.parametrize(
        ("amounts", "in_pennies"),
        [
            ([np.nextafter(1e15, np.inf)], False),
            ([-np.nextafter(1e15, np.inf)], False),
            ([np.nan], False),
            ([np.inf], False),
            ([10**15 + 1], False),
            (np.array([2**64 - 1], dtype=np.uint64), False),
            ([LARGEST + 1], True),
            ([-LARGEST - 1], True),
            (np.array([2**63 - 1], dtype=np.int64), True),
            (np.array([-(2**63)], dtype=np.int64), True),
            ([10**30], True),  # beyond int64: an array of Python ints
            ([-(10**30)], True),
        ],
    )
    def test_out_of_range(self, amounts: object, in_pennies: bool) -> None:
        """Beyond £10^15 either side of zero, or not finite, is a MoneyError: never wrapped."""
        beyond = r"amount \[0\]: `.*`( pennies)? is (more than any contract's money|not an amount)"
        with pytest.raises(MoneyError, match=beyond):
            pennies_many(amounts, in_pennies=in_pennies)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("amounts", "message"),
        [
            ([1.0, float("nan")], "amount [1]: `nan` is not an amount of money"),
            ([[1.0, 2.0], [3.0, float("-inf")]], "amount [1, 1]: `-inf` is not an amount of money"),
            (
                [[1.0, 2.0], [2e15, 3.0]],
                "amount [1, 0]: `2000000000000000.0` is more than any contract's money:"
                " at most £1,000,000bn",
            ),
            (float("nan"), "`nan` is not an amount of money"),
            (["£1m", "lots"], "amount [1]: `lots` is not an amount of money"),
            pytest.param(
                np.array([1, 10**5000], dtype=object),
                f"amount [1]: `{'1' + '0' * 39}…{'0' * 17} (5,001 characters)` is more than any"
                " contract's money: at most £1,000,000bn",
                id="huge-int",
            ),
            (
                [1.0, [2.0, 3.0]],
                "the amounts are not one array: the lists in them are of different lengths",
            ),
        ],
    )
    def test_bad_amount_is_named_with_its_place(self, amounts: object, message: str) -> None:
        """Every bad amount is a MoneyError naming the first one and where it is."""
        with pytest.raises(MoneyError) as caught:
            pennies_many(amounts)  # type: ignore[arg-type]
        assert message == caught.value.first.message

    @pytest.mark.parametrize(
        ("amounts", "in_pennies", "message"),
        [
            ([True, False], False, "True or False"),
            ([True], True, "True or False"),
            ([1 + 2j], False, "numbers or text"),
            (np.array(["2018-01-01"], dtype="datetime64[D]"), False, "numbers or text"),
            ([1.5], True, "whole numbers"),
            ([1.0], True, "whole numbers"),
            (["100"], True, "whole numbers"),
            (np.array([Decimal(1)], dtype=object), True, "integers"),
            (np.array([True, 1], dtype=object), True, "integers"),
        ],
    )
    def test_wrong_kind(self, amounts: object, in_pennies: bool, message: str) -> None:
        """Anything but numbers or text, or anything but integers in pennies, is a TypeError."""
        with pytest.raises(TypeError, match=message):
            pennies_many(amounts, in_pennies=in_pennies)  # type: ignore[arg-type]

    def test_limit(self) -> None:
        """The limit is parse_money's: £10^15."""
        assert Decimal(10**15) == MAX_MONEY
        with pytest.raises(MoneyError):
            parse_money(np.nextafter(1e15, np.inf))


class TestToPennies:
    @pytest.mark.parametrize(
        ("amount", "pennies"),
        [
            ("0.005", "0.01"),
            ("-0.005", "-0.01"),
            ("1.004", "1.00"),
            ("-1.004", "-1.00"),
            ("1.0050", "1.01"),
            ("7", "7.00"),
        ],
    )
    def test_half_away_from_zero(self, amount: str, pennies: str) -> None:
        """to_pennies rounds to the penny, half away from zero."""
        assert Decimal(pennies) == to_pennies(Decimal(amount))

    @pytest.mark.parametrize("amount", ["-0", "-0.00", "-0.004", "-0.0049999", "0.004", "-0E+3"])
    def test_nothing_is_never_negative(self, amount: str) -> None:
        """An amount that rounds to nothing is 0.00, never -0.00 (which prints as such)."""
        pennies = to_pennies(Decimal(amount))
        assert ("0.00", False) == (str(pennies), pennies.is_signed())

    def test_penny(self) -> None:
        """PENNY is one hundredth of a pound."""
        assert Decimal("0.01") == PENNY


class TestFormatMoney:
    def test_whole_pounds(self) -> None:
        """A whole number is pounds, as its Decimal would be."""
        assert ("£5.00", "£1,200,000.00") == (format_money(5), format_money(1_200_000, full=True))

    @pytest.mark.parametrize(
        ("amount", "kind"),
        [(1234.5, "float"), ("£1.2m", "str"), (True, "bool"), (None, "NoneType")],
    )
    def test_not_an_amount(self, amount: object, kind: str) -> None:
        """Anything but a Decimal or an int is a TypeError saying how to make one: it was an
        AttributeError (`'float' object has no attribute 'quantize'`)."""
        with pytest.raises(TypeError) as caught:
            format_money(amount)  # type: ignore[arg-type]
        assert (
            f"format_money takes a Decimal, not {kind}: parse_money({amount!r}) gives one"
        ) == str(caught.value)

    @pytest.mark.parametrize(
        ("amount", "text"),
        [
            ("4150000", "£4.15m"),
            ("3095000", "£3.1m"),
            ("1000000", "£1m"),
            ("1005000", "£1.01m"),
            ("1234567.89", "£1.23m"),
            ("250000000", "£250m"),
            ("335000", "£335k"),
            ("945000.50", "£945k"),
            ("1000", "£1k"),
            ("1500", "£2k"),
            ("2500", "£3k"),
            ("999", "£999.00"),
            ("12.5", "£12.50"),
            ("0.01", "£0.01"),
            ("0", "£0.00"),
        ],
    )
    def test_short(self, amount: str, text: str) -> None:
        """The short form: millions to £10k from £1m, thousands from £1k, else pounds and pence."""
        assert text == format_money(Decimal(amount))

    @pytest.mark.parametrize(
        ("amount", "text"),
        [
            ("-4150000", "-£4.15m"),
            ("-70000", "-£70k"),
            ("-1500", "-£2k"),
            ("-12.5", "-£12.50"),
        ],
    )
    def test_short_negative(self, amount: str, text: str) -> None:
        """A negative amount puts the minus before the £, rounding away from zero."""
        assert text == format_money(Decimal(amount))

    @pytest.mark.parametrize(
        ("amount", "text"),
        [
            ("4150000", "£4,150,000.00"),
            ("1234567.891", "£1,234,567.89"),
            ("0.005", "£0.01"),
            ("12.5", "£12.50"),
            ("0", "£0.00"),
            ("-335000", "-£335,000.00"),
            ("-0.005", "-£0.01"),
        ],
    )
    def test_full(self, amount: str, text: str) -> None:
        """full=True writes pounds with thousands commas and pence."""
        assert text == format_money(Decimal(amount), full=True)

    @pytest.mark.parametrize(
        ("amount", "text"),
        [
            ("650000", "£0.65m"),
            ("70000", "£0.07m"),
            ("335000", "£0.34m"),
            ("3095000", "£3.1m"),
            ("4150000", "£4.15m"),
            ("-70000", "-£0.07m"),
            ("-335000", "-£0.34m"),
        ],
    )
    def test_millions(self, amount: str, text: str) -> None:
        """millions=True writes every amount in £m to the nearest £10k."""
        assert text == format_money(Decimal(amount), millions=True)

    @pytest.mark.parametrize(
        ("amount", "text"),
        [
            ("999999.99", "£1m"),
            ("999500", "£1m"),
            ("999.995", "£1k"),
            ("-999999.99", "-£1m"),
        ],
    )
    def test_short_rounds_before_choosing_the_scale(self, amount: str, text: str) -> None:
        """An amount that rounds up to £1m or £1k is written in the larger scale, never £1000k."""
        assert text == format_money(Decimal(amount))

    @pytest.mark.parametrize(
        ("amount", "options", "text"),
        [
            ("-0.004", {}, "£0.00"),
            ("-0.004", {"full": True}, "£0.00"),
            ("-1000", {"millions": True}, "£0m"),
        ],
    )
    def test_no_minus_on_zero(self, amount: str, options: dict[str, bool], text: str) -> None:
        """An amount that rounds to nothing is written without a minus sign."""
        assert text == format_money(Decimal(amount), **options)


class TestAccountingNegatives:
    """A negative in brackets, as accounts and spreadsheets write one."""

    @pytest.mark.parametrize(
        ("text", "pounds"),
        [("(£12,500)", "-12500.00"), ("(200k)", "-200000.00"), (" (£1.5m) ", "-1500000.00")],
    )
    def test_read(self, text: str, pounds: str) -> None:
        assert Decimal(pounds) == parse_money(text)

    @pytest.mark.parametrize("text", ["(-£5)", "(£5", "£5)", "()", "(+5)", "((5))"])
    def test_refused(self, text: str) -> None:
        with pytest.raises(MoneyError, match="is not an amount of money"):
            parse_money(text)
