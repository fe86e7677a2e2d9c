"""The parser: Lark's own LALR parser, how it reads words, where it finds its
grammar, and the cache that keeps it built between runs.

The cache is lark's pickle of the parser, so it must only ever be read when
it is the user's own, unedited file: every way it can be wrong (tampered,
truncated, a FIFO, a directory, a link, someone else's, writable by others,
unwritable) must still give the right contract.
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import lark
import pytest

import perfcontract as pc
from perfcontract import _parse

# Higher is better: 95% is on target, 85% within tolerance, 75% outside.
POLARITY = """contract "c" { group "g" {
    measure A1 "Timeliness" { unit percent higher is better target 90% tolerance 80% }
} }"""


def statuses(contract: pc.Contract) -> list[pc.Status]:
    """A1 rated at 95%, 85% and 75% in 2017/18 Q4."""
    return [contract["A1"].rate(value, "2017/18 Q4") for value in (95, 85, 75)]


RIGHT = [pc.Status.ON_TARGET, pc.Status.WITHIN_TOLERANCE, pc.Status.OUTSIDE_TOLERANCE]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The parser's cache file, in a cache directory of the test's own; the
    process's parser is forgotten before and after, so each test builds or
    loads its own."""
    monkeypatch.delenv("PERFCONTRACT_CACHE", raising=False)
    monkeypatch.setattr(_parse, "_user_cache_home", lambda: tmp_path / "cache")
    _parse._parser.cache_clear()
    path = _parse.cache_path()
    assert path is not None
    yield path
    _parse._parser.cache_clear()


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the times the parser is built from the grammar rather than read from the cache."""
    built: list[int] = []
    build = _parse._build

    def counted() -> lark.Lark:
        built.append(1)
        return build()

    monkeypatch.setattr(_parse, "_build", counted)
    return built


def fresh_cache(path: Path) -> bytes:
    """Write a good cache at ``path`` (as a first run does) and give its bytes."""
    _parse.load_parser(path)
    return path.read_bytes()


def load_with_cache() -> pc.Contract:
    """Load the polarity contract with a parser from the (test's) cache."""
    _parse._parser.cache_clear()
    return pc.loads(POLARITY)


class TestWords:
    def test_a_keyword_is_a_whole_word(self) -> None:
        """`unit percentage` is the unknown unit `percentage`, never `percent` and `age`."""
        with pytest.raises(pc.ContractSyntaxError) as info:
            pc.loads('contract "c" { group "g" { measure A1 "t" { unit percentage } } }')
        first = info.value.first
        assert (
            "`percentage` is not a unit; the units are percent, count, rate per N, number,"
            ' days, weeks, money, hours, minutes, working days, tonnes, yes/no and grade "…", "…"',
            "did you mean `percent`?",
            10,
        ) == (first.message, first.hint, first.length)

    @pytest.mark.parametrize("word", ["target", "unit", "measure", "money", "number", "risk"])
    def test_a_keyword_where_it_cannot_stand_is_a_measure_id(self, word: str) -> None:
        """A keyword is a keyword only where the parser can take it: elsewhere it is an id."""
        contract = pc.loads(
            f'contract "c" {{ group "g" {{ measure {word} "t" {{ unit count no target }} }} }}'
        )
        assert [word] == list(contract.measures)

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ('contract "c" { council money }', "`money` cannot appear here"),
            ('contract "c" { council number }', "`number` cannot appear here"),
            (
                'contract "c" { group "g" { measure A1 "t" { unit',
                "expected `count`, `days`, `grade`, `hours`, `minutes`, `money`, `number`,"
                " `percent`, `rate`, `tonnes`, `weeks`, `working days` or `yes/no`",
            ),
        ],
    )
    def test_no_internal_name_in_a_message(self, text: str, message: str) -> None:
        """Keywords lark names anonymously (`money`, `number`) are shown as themselves."""
        with pytest.raises(pc.ContractSyntaxError) as info:
            pc.loads(text)
        error = str(info.value)
        assert message in error
        assert "__ANON" not in error.upper()

    def test_unit_keywords_named_by_themselves(self) -> None:
        """After `unit`, every unit is offered by its own word, `money` and `number` included."""
        with pytest.raises(pc.ContractSyntaxError) as info:
            pc.loads('contract "c" { group "g" { measure A1 "t" { unit 5 } } }')
        assert (
            "unexpected number `5`; expected `count`, `days`, `grade`, `hours`, `minutes`,"
            " `money`, `number`, `percent`, `rate`, `tonnes`, `weeks`, `working days` or `yes/no`"
        ) == info.value.first.message

    def test_after_a_stray_character_only_what_may_follow(self) -> None:
        """After a value, a stray character lists what may really follow, not every keyword."""
        with pytest.raises(pc.ContractSyntaxError) as info:
            pc.loads('contract "c" { group "g" { measure A1 "t" {\n tolerance within 5/ } } }')
        assert (2, 20, "unexpected character `/`; expected `of` or `points`") == (
            info.value.line,
            info.value.column,
            info.value.first.message,
        )


class TestNewClauses:
    @pytest.mark.parametrize(
        ("clause", "message"),
        [
            ("window }", "unexpected `}`; expected `rolling N months` or `year to date`"),
            ("window year }", "unexpected `}`; expected `to`"),
            (
                "window rolling 3 mnths }",
                "unknown keyword `mnths`; expected `month`, `months`, `quarter` or `quarters`",
            ),
            ("target 5 a }", "unexpected `}`; expected `year`"),
            (
                "numerator }",
                "unexpected `}`; expected a measure id such as A1 or a quantity (a number,"
                " a percentage such as 22% or money such as £1.2m)",
            ),
            (
                "target maybe }",
                "unknown word `maybe`; expected a quantity (a number, a percentage such as 22%"
                " or money such as £1.2m), `between`, `no`, `yes` or a string in double quotes,"
                ' such as "Re-referrals"',
            ),
            ("season Oct April }", "unknown word `April`; expected `to`"),
            ("unit working }", "unexpected `}`; expected `days`"),
        ],
    )
    def test_what_each_new_clause_expects(self, clause: str, message: str) -> None:
        """A new clause cut short says, in words, what it takes next: `year` after `a`,
        `year to date` in a window, `no` beside `yes`, a measure id beside a quantity."""
        with pytest.raises(pc.ContractSyntaxError) as info:
            pc.loads(f'contract "c" {{ group "g" {{ measure A1 "t" {{ {clause} }} }}')
        assert message == info.value.first.message

    def test_year_in_the_header_is_year_starts(self) -> None:
        """In the contract's header `year` still reads as `year starts`."""
        with pytest.raises(pc.ContractSyntaxError) as info:
            pc.loads('contract "c" { colour }')
        assert "`year starts`" in info.value.first.message

    @pytest.mark.parametrize("unit", ["yes/no", "working days", "tonnes", "hours", "minutes"])
    def test_new_units_read(self, unit: str) -> None:
        """The new units are keywords after `unit`, `yes/no` one word despite its slash."""
        contract = pc.loads(
            f'contract "c" {{ group "g" {{ volumetric V "t" {{ unit {unit} }} }} }}'
        )
        assert " ".join(unit.split()) == str(contract["V"].unit)

    def test_yes_no_is_a_unit_only_after_unit(self) -> None:
        """`yes` alone is no unit: the message lists the units and suggests `yes/no`."""
        with pytest.raises(pc.ContractSyntaxError) as info:
            pc.loads('contract "c" { group "g" { volumetric V "t" { unit yes } } }')
        assert "did you mean `yes/no`?" == info.value.first.hint


class TestPlaceHints:
    @pytest.mark.parametrize(
        ("clauses", "hint"),
        [
            ("unit percent higher is better target target 90%", None),
            (
                "unit percent higher is better target 90% tolerance within 5 point of target",
                "did you mean `points`?",
            ),
        ],
    )
    def test_inside_a_clause_no_place_hint(self, clauses: str, hint: str | None) -> None:
        """A keyword inside a clause of the block it belongs to gets no hint to move it to
        that block: `target target` has none, `5 point` is a misspelt `points`."""
        text = f'contract "c" {{ group "g" {{ measure M "m" {{ {clauses} }} }} }}'
        with pytest.raises(pc.ContractError) as info:
            pc.loads(text)
        assert hint == info.value.first.hint

    def test_between_clauses_the_block_it_belongs_in(self) -> None:
        """A measure's clause written in a group says it belongs in a measure."""
        with pytest.raises(pc.ContractError) as info:
            pc.loads('contract "c" { group "g" { target 90% } }')
        assert "it belongs inside a `measure` or `volumetric` block" == info.value.first.hint

    @pytest.mark.parametrize(
        ("text", "hint"),
        [
            (  # a volumetric measure in a measure left open
                'contract "c" { group "g" {\n measure A1 "a" { unit count\n'
                ' volumetric V1 "v" { } } } }',
                "measure A1, opened on line 2, is not closed: add `}` before line 3",
            ),
            (  # a group in a measure left open: the measure is what is open
                'contract "c" { group "g" {\n measure A1 "a" { unit count\n group "h" { } } }',
                "measure A1, opened on line 2, is not closed: add `}` before line 3",
            ),
            (  # braces in strings and comments are not blocks
                'contract "c" { group "g {" { # }\n measure A1 "}" { unit count\n'
                ' measure A2 "b" { } } } }',
                "measure A1, opened on line 2, is not closed: add `}` before line 3",
            ),
            (  # a measure in the risk share: nothing was left open, nothing closed early
                'contract "c" { risk share {\n measure A1 "a" { } } }',
                "measures belong inside a `group` block",
            ),
            (  # the block closed last is the payment, not a group
                'contract "c" { group "g" { }\n payment { }\n measure A1 "a" { } }',
                "measures belong inside a `group` block",
            ),
            (  # no group before it
                'contract "c" {\n measure A1 "a" { } }',
                "measures belong inside a `group` block",
            ),
        ],
        ids=["volumetric", "group-in-measure", "braces-quoted", "risk-share", "payment", "none"],
    )
    def test_what_is_left_open(self, text: str, hint: str) -> None:
        """A `measure` or `group` that cannot stand where it is names the measure or group
        left open above it, if there is one, else the block it belongs in."""
        with pytest.raises(pc.ContractError) as info:
            pc.loads(text)
        assert hint == info.value.first.hint


class TestLarkErrors:
    def test_unexpected_eof_reads_as_the_end_of_the_file(self) -> None:
        """lark's UnexpectedEOF (which other lark parsers raise) reads as the text ending early."""
        diagnostic = _parse._diagnose(lark.UnexpectedEOF(["LBRACE"]), 'contract "c"', "x")
        assert ("the file ends too early; expected `{`", 1, 13) == (
            diagnostic.message,
            diagnostic.line,
            diagnostic.column,
        )

    def test_without_an_interactive_parser_larks_expected_set_is_used(self) -> None:
        """An error lark raised without its interactive parser still names what it expected."""
        error = lark.UnexpectedToken(lark.Token("RBRACE", "}", 0, 1, 1, 1, 2, 1), {"LBRACE"})
        assert "unexpected `}`; expected `{`" == _parse._diagnose(error, "}", "x").message


class TestGrammarFile:
    def test_installed_wheel_reads_the_packaged_grammar(self, tmp_path: Path) -> None:
        """Installed, the grammar is the copy inside the package, beside the module."""
        package = tmp_path / "site-packages" / "perfcontract"
        package.mkdir(parents=True)
        (package / "contract.lark").write_text("start: x\n", encoding="utf-8")
        assert package / "contract.lark" == _parse._find_grammar(package / "_parse.py")

    def test_editable_checkout_reads_grammar_folder(self, tmp_path: Path) -> None:
        """From a checkout, the grammar is grammar/contract.lark beside src/."""
        (tmp_path / "src" / "perfcontract").mkdir(parents=True)
        (tmp_path / "grammar").mkdir()
        (tmp_path / "grammar" / "contract.lark").write_text("start: x\n", encoding="utf-8")
        module = tmp_path / "src" / "perfcontract" / "_parse.py"
        assert tmp_path / "grammar" / "contract.lark" == _parse._find_grammar(module)

    def test_no_grammar_is_a_clear_error(self, tmp_path: Path) -> None:
        """A broken installation without its grammar says so."""
        (tmp_path / "a" / "b").mkdir(parents=True)
        with pytest.raises(RuntimeError, match="cannot find its grammar"):
            _parse._find_grammar(tmp_path / "a" / "b" / "_parse.py")

    def test_this_installation_finds_its_grammar(self) -> None:
        """The grammar found is the one the checkout or the wheel carries."""
        path = _parse._find_grammar(Path(_parse.__file__))
        assert path.read_text(encoding="utf-8") == _parse.grammar_text()


class TestCacheDirectory:
    @pytest.mark.parametrize(
        ("platform", "environment", "expected"),
        [
            ("linux", {"XDG_CACHE_HOME": "/x/cache"}, "/x/cache"),
            ("linux", {}, "~/.cache"),
            ("linux", {"XDG_CACHE_HOME": "relative/cache"}, "~/.cache"),
            ("freebsd13", {"XDG_CACHE_HOME": "/x/cache"}, "/x/cache"),
            ("darwin", {"XDG_CACHE_HOME": "/x/cache"}, "~/Library/Caches"),
            ("win32", {"LOCALAPPDATA": "/x/Local"}, "/x/Local"),
            ("win32", {}, "~/AppData/Local"),
        ],
    )
    def test_each_platform_names_its_own(
        self,
        platform: str,
        environment: dict[str, str],
        expected: str,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """XDG on Linux and BSD, ~/Library/Caches on macOS, %LOCALAPPDATA% on Windows."""
        monkeypatch.setattr(sys, "platform", platform)
        monkeypatch.setenv("HOME", "/home/someone")
        for name in ("XDG_CACHE_HOME", "LOCALAPPDATA"):
            monkeypatch.delenv(name, raising=False)
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        home = _parse._user_cache_home()
        assert home is not None
        assert Path(expected.replace("~", "/home/someone")) == home

    def test_no_home_no_cache(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without an absolute home there is no cache, rather than one in the working directory."""
        monkeypatch.setattr(sys, "platform", "linux")
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
        monkeypatch.setattr(os.path, "expanduser", lambda path: path)
        assert None is _parse._user_cache_home()

    def test_name_carries_grammar_lark_and_python(self, cache: Path) -> None:
        """The file is under perfcontract/, named for the grammar, lark's and Python's versions."""
        python = f"py{sys.version_info[0]}.{sys.version_info[1]}"
        assert ("perfcontract", True, True) == (
            cache.parent.name,
            f"lark{lark.__version__}-" in cache.name,
            cache.name.endswith(f"-{python}.pickle"),
        )

    def test_turned_off(self, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """PERFCONTRACT_CACHE=0: no cache file is read or written."""
        monkeypatch.setenv("PERFCONTRACT_CACHE", "0")
        assert None is _parse.cache_path()
        assert RIGHT == statuses(load_with_cache())
        assert not cache.parent.exists()


class TestCache:
    def test_first_run_writes_it_and_the_next_reads_it(
        self, cache: Path, builds: list[int]
    ) -> None:
        """The first run builds the parser and keeps it; the next reads it instead of building."""
        assert RIGHT == statuses(load_with_cache())
        assert RIGHT == statuses(load_with_cache())
        assert [1] == builds
        assert cache.is_file()

    @pytest.mark.skipif(not hasattr(os, "getuid"), reason="file modes are POSIX")
    def test_written_for_the_user_alone(self, cache: Path) -> None:
        """The cache directory and file are the user's alone: 0700 and 0600."""
        fresh_cache(cache)
        assert (0o700, 0o600) == (
            stat.S_IMODE(cache.parent.stat().st_mode),
            stat.S_IMODE(cache.stat().st_mode),
        )

    def test_tampered_to_flip_polarity_is_not_trusted(self, cache: Path, builds: list[int]) -> None:
        """A cache edited to read `higher` as `lower` is rebuilt: the statuses stay right."""
        data = fresh_cache(cache)
        header = data[: data.index(b"\n", len(b"perfcontract parser cache\n")) + 1]
        parser = lark.Lark.load(io.BytesIO(data[len(header) :]))
        words = {t.name: t.pattern for t in parser.terminals}
        words["HIGHER"].value, words["LOWER"].value = "lower", "higher"
        flipped = io.BytesIO()
        parser.save(flipped)
        # Trusted, the edit would flip the polarity:
        tampered = lark.Lark.load(io.BytesIO(flipped.getvalue())).parse(POLARITY)
        assert "lower is better" == tampered.items[0].items[0].items[1].kind
        cache.write_bytes(header + flipped.getvalue())
        assert RIGHT == statuses(load_with_cache())
        assert [1, 1] == builds

    @pytest.mark.parametrize("where", [0, 10, 30, 40, 90, 500, -1000, -1])
    def test_any_edited_byte_is_caught(self, cache: Path, builds: list[int], where: int) -> None:
        """One byte changed anywhere (header, digest or parser) and the cache is rebuilt."""
        data = bytearray(fresh_cache(cache))
        data[where] ^= 0x01
        cache.write_bytes(bytes(data))
        assert RIGHT == statuses(load_with_cache())
        assert [1, 1] == builds
        assert bytes(data) != cache.read_bytes()  # rewritten whole

    @pytest.mark.parametrize("keep", [0, 10, 100, -1])
    def test_truncated(self, cache: Path, builds: list[int], keep: int) -> None:
        """A cache cut short (a full disk, a crash) is rebuilt."""
        data = fresh_cache(cache)
        cache.write_bytes(data[:keep])
        assert RIGHT == statuses(load_with_cache())
        assert [1, 1] == builds
        assert None is not _parse._read_cache(cache)  # whole again

    def test_right_digest_but_not_a_parser(self, cache: Path, builds: list[int]) -> None:
        """A sound file that lark cannot load (another version's) is rebuilt."""
        cache.parent.mkdir(parents=True)
        _parse._write_cache(cache, b"not a pickle")
        assert RIGHT == statuses(load_with_cache())
        assert [1] == builds

    @pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
    def test_fifo_does_not_hang(self, cache: Path, tmp_path: Path) -> None:
        """A FIFO in place of the cache is never opened for a blocking read (run with a timeout)."""
        cache.parent.mkdir(parents=True)
        os.mkfifo(cache)
        script = (
            "import pathlib, perfcontract as pc, perfcontract._parse as p\n"
            f"p._user_cache_home = lambda: pathlib.Path({str(tmp_path / 'cache')!r})\n"
            f"print(pc.loads({POLARITY!r})['A1'].rate(95, '2017/18 Q4').name)\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
        )
        assert (0, "ON_TARGET\n", "") == (done.returncode, done.stdout, done.stderr)
        assert stat.S_ISREG(os.lstat(cache).st_mode)  # the rebuilt parser renamed over it

    def test_directory_in_its_place(self, cache: Path) -> None:
        """A directory where the cache should be: the parser is built, and the directory kept."""
        cache.mkdir(parents=True)
        assert RIGHT == statuses(load_with_cache())
        assert cache.is_dir()

    def test_symbolic_link_is_not_followed(
        self, cache: Path, tmp_path: Path, builds: list[int]
    ) -> None:
        """A link in place of the cache is not followed: its target is neither read nor written."""
        elsewhere = tmp_path / "elsewhere.pickle"
        data = fresh_cache(cache)
        elsewhere.write_bytes(data)
        cache.unlink()
        cache.symlink_to(elsewhere)
        assert RIGHT == statuses(load_with_cache())
        assert [1, 1] == builds
        assert (False, data) == (cache.is_symlink(), elsewhere.read_bytes())

    @pytest.mark.skipif(not hasattr(os, "getuid"), reason="file modes are POSIX")
    def test_writable_by_others(self, cache: Path, builds: list[int]) -> None:
        """A cache the user's group (or anyone) can write is not trusted; it is replaced."""
        fresh_cache(cache)
        os.chmod(cache, 0o664)
        assert RIGHT == statuses(load_with_cache())
        assert [1, 1] == builds
        assert 0o600 == stat.S_IMODE(cache.stat().st_mode)

    @pytest.mark.skipif(not hasattr(os, "getuid"), reason="file owners are POSIX")
    def test_someone_elses(
        self, cache: Path, builds: list[int], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A cache owned by another user is not trusted."""
        fresh_cache(cache)
        uid = os.getuid()
        monkeypatch.setattr(os, "getuid", lambda: uid + 1)
        assert RIGHT == statuses(load_with_cache())
        assert [1, 1] == builds

    def test_too_large(
        self, cache: Path, builds: list[int], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A cache larger than any parser is not read."""
        fresh_cache(cache)
        monkeypatch.setattr(_parse, "MAX_CACHE_BYTES", cache.stat().st_size - 1)
        assert RIGHT == statuses(load_with_cache())
        assert [1, 1] == builds

    def test_cannot_be_written(
        self, cache: Path, builds: list[int], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A cache directory that cannot be written to only costs time, each run."""

        def refuse(*args: object) -> None:
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(os, "replace", refuse)
        assert RIGHT == statuses(load_with_cache())
        assert RIGHT == statuses(load_with_cache())
        assert ([1, 1], []) == (builds, list(cache.parent.iterdir()))  # no temporary file left

    @pytest.mark.skipif(not hasattr(os, "getuid"), reason="file modes are POSIX")
    def test_read_only_directory(self, cache: Path) -> None:
        """A read-only cache directory: the contract loads all the same."""
        cache.parent.mkdir(parents=True)
        os.chmod(cache.parent, 0o500)
        try:
            assert RIGHT == statuses(load_with_cache())
        finally:
            os.chmod(cache.parent, 0o700)

    def test_a_file_in_place_of_the_directory(self, cache: Path) -> None:
        """A file where the cache directory should be: the contract loads all the same."""
        cache.parent.parent.mkdir(parents=True)
        cache.parent.write_text("not a directory", encoding="utf-8")
        assert RIGHT == statuses(load_with_cache())


PYTHON = f"py{sys.version_info[0]}.{sys.version_info[1]}"
OLD_TABLES = "tables-0123456789abcdef0123.json"
OLD_KEY = f"parser-0123456789abcdef01234567-lark1.1.9-{PYTHON}.pickle"
OLD_LARK = f"parser-{'f' * 24}-lark1.2.1-{PYTHON}.pickle"
OTHER_PYTHON = "parser-0123456789abcdef01234567-lark1.1.9-py2.7.pickle"


MEASURE_OPEN = 'contract "c" { group "g" { measure A1 "t" { unit percent'


class TestPeriodRunOn:
    @pytest.mark.parametrize(
        ("written", "hint"),
        [
            ("10000-01", "a year has four digits: "),
            ("99999/00 Q1", "a year has four digits: "),
            ("12018/19", "a year has four digits: "),
            ("1" + "0" * 5_000, "a year has four digits: "),
            ("2018-015", ""),
        ],
    )
    def test_a_period_with_digits_too_many(self, written: str, hint: str) -> None:
        """Digits run on from a period: a message about the period, never "unexpected number"."""
        text = f"{MEASURE_OPEN}\n target 50% from {written} }} }} }}"
        with pytest.raises(pc.ContractSyntaxError) as info:
            pc.loads(text)
        first = info.value.first
        assert (
            f"`{pc.errors.shorten(written)}` is not a financial year, quarter or month",
            f"{hint}write 2017/18 for a financial year, 2017/18 H1 for a half year, 2017/18 Q4"
            " for a quarter or 2018-03 for a month",
            (2, 18, len(written)),
        ) == (first.message, first.hint, (first.line, first.column, first.length))

    def test_a_word_after_a_period_is_a_word(self) -> None:
        """A word straight after a good period is an unknown word, not a bad period."""
        text = f"{MEASURE_OPEN} target 50% from 2018-01x }} }} }}"
        with pytest.raises(pc.ContractSyntaxError) as info:
            pc.loads(text)
        assert info.value.first.message.startswith("unknown word `x`")


class TestOldCaches:
    def stale(self, folder: Path) -> None:
        """Caches an earlier parser, grammar or lark left in ``folder``."""
        folder.mkdir(parents=True, exist_ok=True)
        for name in (OLD_TABLES, OLD_KEY, OLD_LARK, OTHER_PYTHON):
            (folder / name).write_bytes(b"old")

    def test_a_new_cache_removes_the_ones_it_replaces(self, cache: Path) -> None:
        """Writing a cache removes the earlier parser's tables and this Python's other keys."""
        self.stale(cache.parent)
        assert RIGHT == statuses(load_with_cache())
        assert sorted([cache.name, OTHER_PYTHON]) == sorted(p.name for p in cache.parent.iterdir())

    def test_reading_a_cache_removes_nothing(self, cache: Path) -> None:
        """Old caches are removed only when a new one is written, not on every run."""
        fresh_cache(cache)
        self.stale(cache.parent)
        assert RIGHT == statuses(load_with_cache())
        assert 5 == len(list(cache.parent.iterdir()))

    def test_nothing_else_is_touched(self, cache: Path, tmp_path: Path) -> None:
        """Other files, directories, temporaries and links, even named as caches, are kept."""
        folder = cache.parent
        folder.mkdir(parents=True)
        outside = tmp_path / "precious.txt"
        outside.write_text("keep me", encoding="utf-8")
        (folder / "notes.txt").write_text("mine", encoding="utf-8")
        (folder / OLD_KEY).mkdir()
        (folder / OLD_TABLES).symlink_to(outside)
        (folder / ".parser-abc123.tmp").write_bytes(b"another run's, being written")
        (folder / "tables-x.json").write_text("not ours by name", encoding="utf-8")
        assert RIGHT == statuses(load_with_cache())
        assert sorted(
            [cache.name, "notes.txt", OLD_KEY, OLD_TABLES, ".parser-abc123.tmp", "tables-x.json"]
        ) == sorted(p.name for p in folder.iterdir())
        assert ("keep me", True) == (
            outside.read_text(encoding="utf-8"),
            (folder / OLD_KEY).is_dir(),
        )

    @pytest.mark.skipif(not hasattr(os, "getuid"), reason="file owners are POSIX")
    def test_someone_elses_is_kept(self, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """An old cache that is not the user's own is left where it is."""
        self.stale(cache.parent)
        uid = os.getuid()
        monkeypatch.setattr(os, "getuid", lambda: uid + 1)
        assert RIGHT == statuses(load_with_cache())
        assert 5 == len(list(cache.parent.iterdir()))

    def test_a_file_that_cannot_be_removed_is_left(
        self, cache: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A removal that fails costs nothing: the contract loads, the cache is written."""
        self.stale(cache.parent)

        def refuse(name: object) -> None:
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(os, "unlink", refuse)
        assert RIGHT == statuses(load_with_cache())
        assert (True, 5) == (cache.is_file(), len(list(cache.parent.iterdir())))


class TestControlCharacters:
    """A control character in a string or a comment (where the parser lets any character
    stand) is refused at its place, one problem a line; tabs and form feeds are spacing."""

    HEADER = 'contract "c" {\n'

    def problems(self, text: str) -> list[tuple[int | None, int | None, str]]:
        with pytest.raises(pc.ContractValidationError) as caught:
            pc.loads(text)
        return [(d.line, d.column, d.message) for d in caught.value.diagnostics]

    def test_in_strings_and_comments(self) -> None:
        text = self.HEADER + '    council "A\x1b[31m"  # \x07\n    provider "B\x00\x00"\n}\n'
        assert [
            (2, 15, "a control character (U+001B) in the contract's text, and 1 more on this line"),
            (3, 16, "a control character (U+0000) in the contract's text, and 1 more on this line"),
        ] == self.problems(text)

    @pytest.mark.parametrize(
        "char", ["\x00", "\x08", "\x0b", "\x0e", "\x1f", "\x7f", "\x85", "\x9f"]
    )
    def test_every_control_character(self, char: str) -> None:
        (problem,) = self.problems(self.HEADER + f'    council "A{char}"\n}}\n')
        assert (2, 15) == problem[:2]
        assert f"(U+{ord(char):04X})" in problem[2]

    @pytest.mark.parametrize("char", ["\u202a", "\u202e", "\u2066", "\u2069"])
    def test_bidirectional_controls(self, char: str) -> None:
        """An embedding, override or isolate shows a title or a comment in another order
        than it is written ("Trojan Source"): refused at its place."""
        (problem,) = self.problems(self.HEADER + f'    council "A{char}B"  # {char}\n}}\n')
        assert (
            2,
            15,
            f"a bidirectional control (U+{ord(char):04X}) in the contract's text,"
            " and 1 more on this line",
        ) == problem

    @pytest.mark.parametrize("char", ["\t", "\x0c", "\xa0", "\u200b", "\u200e", "\u200f"])
    def test_spacing_and_printable_text_are_kept(self, char: str) -> None:
        contract = pc.loads(self.HEADER + f'    council "A{char}B"  # {char}\n}}\n')
        assert f"A{char}B" == contract.council

    def test_a_long_line_of_them_is_one_problem(self) -> None:
        """10^5 on one line: one problem, counting the rest (in linear time)."""
        text = self.HEADER + "# " + "\x00" * 100_000 + '\n    council "\x01"\n}\n'
        assert [
            (
                2,
                3,
                "a control character (U+0000) in the contract's text, and 99,999 more on this line",
            ),
            (3, 14, "a control character (U+0001) in the contract's text"),
        ] == self.problems(text)


class TestLettersOfOtherAlphabets:
    """A word holding a letter that only looks Latin (a Cyrillic `а` copied from a
    document) is named whole, with the letter: it was "unknown word `t`"."""

    @pytest.mark.parametrize(
        ("written", "letter", "hint"),
        [
            ("t\u0430rget 5", "`\u0430` (U+0430, cyrillic small letter a)", "type the word again"),
            ("\u0442arget 5", "`\u0442` (U+0442, cyrillic small letter te)", "type the word again"),
            (
                "target 5 own\u00e9r",
                "`\u00e9` (U+00E9, latin small letter e with acute)",
                "write it without the accent",
            ),
        ],
    )
    def test_named_whole(self, written: str, letter: str, hint: str) -> None:
        measure = f"unit count higher is better {written}"
        text = f'contract "c" {{ group "g" {{ measure M "t" {{ {measure} }} }} }}'
        with pytest.raises(pc.ContractSyntaxError) as caught:
            pc.loads(text)
        (problem,) = caught.value.diagnostics
        word = written.split()[-1] if written.startswith("target") else written.split()[0]
        assert (text.index(word) + 1, len(word)) == (problem.column, problem.length)
        assert f"`{word}` holds {letter}, which is not one of the letters A to Z" == problem.message
        assert hint in (problem.hint or "")
