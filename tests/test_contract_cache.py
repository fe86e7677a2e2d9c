"""Compiled contracts kept between runs (``_contract_cache``): read back only while the
text, its name and perfcontract are the same, and only when the file can be trusted;
the contract read back is the contract parsed."""

from __future__ import annotations

import decimal
import io
import os
import pickle
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import perfcontract as pc
from contract_strategies import contracts
from perfcontract import _cachefile, _contract_cache, _parse, report

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "dcst-2017-18.contract"
READINGS = EXAMPLE.with_name("dcst-2017-18-readings.csv")


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The kept contracts' folder, in a cache directory of the test's own; every contract
    of the test is large enough to keep."""
    monkeypatch.delenv("PERFCONTRACT_CACHE", raising=False)
    monkeypatch.setattr(_contract_cache, "user_cache_home", lambda: tmp_path / "cache")
    monkeypatch.setattr(_contract_cache, "SMALLEST", 0)
    return tmp_path / "cache" / "perfcontract" / "contracts"


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The sources parsed rather than read back compiled."""
    parsed: list[str] = []
    parse = _parse.parse_tree

    def counted(text: str, source: str = "<string>") -> object:
        parsed.append(source)
        return parse(text, source)

    monkeypatch.setattr(_parse, "parse_tree", counted)
    return parsed


def text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


def kept_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def statuses(contract: pc.Contract) -> list[str]:
    """The reference quarter's statuses, measure by measure."""
    readings = pc.Readings.from_csv(READINGS)
    evaluation = contract.evaluate(readings, "2017/18 Q4")
    return [f"{r.measure.id} {r.status}" for r in evaluation.results]


class TestKept:
    def test_second_load_reads_the_compiled_contract(self, folder: Path, parses: list[str]) -> None:
        """Parsed and kept the first time; read back the next, the same contract, with the
        reference report's statuses."""
        first = pc.loads(text(), "dcst.contract")
        again = pc.loads(text(), "dcst.contract")
        assert ["dcst.contract"] == parses
        assert 1 == len(kept_files(folder))
        assert (first, first.position, first.source, list(first.measures), repr(first)) == (
            again,
            again.position,
            again.source,
            list(again.measures),
            repr(again),
        )
        assert statuses(first) == statuses(again)

    def test_fingerprint_kept_with_it(self, folder: Path, parses: list[str]) -> None:
        """A contract read back has its fingerprint already: the one worked out afresh."""
        pc.loads(text(), "dcst.contract")
        again = pc.loads(text(), "dcst.contract")
        assert "fingerprint" in again._derived
        fresh = pc.loads(text(), "fresh.contract")
        assert report.fingerprint(fresh) == report.fingerprint(again)
        assert 10 == len(again._derived["fingerprint"])

    def test_warnings_kept_with_it(self, folder: Path, parses: list[str]) -> None:
        """A contract read back compiled has the warnings checking it gave, so `check` says
        them every time, not only the first."""
        empty_group = text().replace(
            'group "Workforce" {', 'group "Early Help" { }\n    group "Workforce" {'
        )
        first = pc.loads(empty_group, "dcst.contract")
        again = pc.loads(empty_group, "dcst.contract")
        assert ["dcst.contract"] == parses
        assert 1 == len(first.warnings)
        assert first.warnings == again.warnings

    def test_load_of_a_file_too(self, folder: Path, parses: list[str]) -> None:
        """``pc.load`` keeps and reads back under the name the file was given by."""
        pc.load(EXAMPLE)
        assert pc.load(EXAMPLE) == pc.loads(text(), str(EXAMPLE))
        assert [str(EXAMPLE)] == parses

    @pytest.mark.skipif(not hasattr(os, "getuid"), reason="file modes are POSIX")
    def test_written_for_the_user_alone(self, folder: Path) -> None:
        pc.loads(text(), "dcst.contract")
        (name,) = kept_files(folder)
        assert (0o700, 0o600) == (
            stat.S_IMODE(folder.stat().st_mode),
            stat.S_IMODE((folder / name).stat().st_mode),
        )


class TestFiles:
    """A contract read from a file (``pc.load``, every command) is kept whatever its size."""

    @pytest.fixture
    def home(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
        monkeypatch.delenv("PERFCONTRACT_CACHE", raising=False)
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
        return tmp_path / "cache"

    def test_a_small_file_is_kept(self, home: Path, parses: list[str]) -> None:
        assert len(text()) < _contract_cache.SMALLEST
        assert pc.load(EXAMPLE) == pc.load(EXAMPLE)
        for _ in range(2):  # the same text, as a small string: parsed each time
            pc.loads(text(), str(EXAMPLE))
        assert [str(EXAMPLE)] * 3 == parses
        assert 1 == len(kept_files(home / "perfcontract" / "contracts"))

    def test_a_command_on_a_kept_contract_never_imports_the_parser(
        self, home: Path, tmp_path: Path
    ) -> None:
        """The second `check` of a file reads it back compiled: lark is never imported."""
        environment = {**os.environ, "XDG_CACHE_HOME": str(home)}
        environment.pop("PERFCONTRACT_CACHE", None)
        script = (
            "import sys\n"
            "from perfcontract.cli import main\n"
            f"status = main(['check', {str(EXAMPLE)!r}])\n"
            "print(status, 'lark' in sys.modules)\n"
        )
        runs = [
            subprocess.run(
                [sys.executable, "-c", script],
                capture_output=True,
                text=True,
                env=environment,
                check=False,
                timeout=120,
            )
            for _ in range(2)
        ]
        said = f"{EXAMPLE}: ok: 20 measures in 5 groups, 3 volumetric"
        assert [f"{said}\n0 True\n", f"{said}\n0 False\n"] == [run.stdout for run in runs]


class TestWhenParsedAgain:
    def test_smaller_than_the_smallest_kept(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parses: list[str]
    ) -> None:
        """A contract of SMALLEST characters is kept; one character fewer is parsed each time."""
        monkeypatch.delenv("PERFCONTRACT_CACHE", raising=False)
        monkeypatch.setattr(_contract_cache, "user_cache_home", lambda: tmp_path / "cache")
        base = text()
        filler = _contract_cache.SMALLEST - len(base) - 2
        exactly = base + "#" + "x" * filler + "\n"
        assert _contract_cache.SMALLEST == len(exactly)
        shorter = base + "#" + "x" * (filler - 1) + "\n"
        for _ in range(2):
            pc.loads(shorter, "short.contract")
            pc.loads(exactly, "long.contract")
        assert ["short.contract", "long.contract", "short.contract"] == parses
        assert 1 == len(kept_files(tmp_path / "cache" / "perfcontract" / "contracts"))

    def test_another_name(self, folder: Path, parses: list[str]) -> None:
        """The name a contract is read under is in its messages: kept apart."""
        a, b = pc.loads(text(), "a.contract"), pc.loads(text(), "b.contract")
        assert ("a.contract", "b.contract") == (a.source, b.source)
        assert (pc.loads(text(), "b.contract").source, pc.loads(text(), "a.contract").source) == (
            "b.contract",
            "a.contract",
        )
        assert ["a.contract", "b.contract"] == parses
        assert 2 == len(kept_files(folder))

    def test_text_changed_by_one_character(self, folder: Path, parses: list[str]) -> None:
        first = pc.loads(text(), "dcst.contract")
        changed = pc.loads(text().replace("target 22%", "target 23%", 1), "dcst.contract")
        assert first != changed
        assert 2 == len(parses)

    def test_another_installation(
        self, folder: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A changed perfcontract (a file of the package, lark, Python) parses again."""
        pc.loads(text(), "dcst.contract")
        monkeypatch.setattr(_contract_cache, "_IMPORTED", b"another perfcontract")
        monkeypatch.setattr(_contract_cache, "_installation", lambda: b"another perfcontract")
        pc.loads(text(), "dcst.contract")
        assert 2 == len(parses)
        assert 2 == len(kept_files(folder))

    def test_replaced_under_a_running_process(
        self, folder: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """perfcontract upgraded on disk after this process imported it: what this process
        compiles is not kept under either installation."""
        monkeypatch.setattr(_contract_cache, "_installation", lambda: b"the files on disk now")
        for _ in range(2):
            assert "DCST service delivery contract" == pc.loads(text(), "dcst.contract").name
        assert (2, []) == (len(parses), kept_files(folder))

    def test_installation_that_cannot_be_read(
        self, folder: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A file of the package that cannot be read: nothing kept, the contract read."""

        def unreadable(path: str, mode: str = "r") -> io.BytesIO:
            raise PermissionError(13, "Permission denied")

        with monkeypatch.context() as patched:
            patched.setattr(_contract_cache, "open", unreadable, raising=False)
            assert None is _contract_cache._installation()
        monkeypatch.setattr(_contract_cache, "_IMPORTED", None)
        for _ in range(2):
            assert "DCST service delivery contract" == pc.loads(text(), "dcst.contract").name
        assert (2, []) == (len(parses), kept_files(folder))

    def test_installation_is_what_the_files_say(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """One byte of one file of the package changed, its size and time as they were (a
        store that sets every file's time): another installation."""
        assert None is not _contract_cache._IMPORTED == _contract_cache._installation()

        def edited(path: str, mode: str = "r") -> io.BytesIO:
            with open(path, "rb") as file:
                data = file.read()
            if os.path.basename(path) == "_compile.py":
                data = data.replace(b"year_start", b"year_Start")
            return io.BytesIO(data)

        monkeypatch.setattr(_contract_cache, "open", edited, raising=False)
        assert _contract_cache._IMPORTED != _contract_cache._installation()

    def test_source_not_a_string(self, folder: Path, parses: list[str]) -> None:
        """A path given as the name (``source=Path(...)``): read as before, not kept."""
        for _ in range(2):
            contract = pc.loads(text(), Path("dcst.contract"))  # type: ignore[arg-type]
            assert "DCST service delivery contract" == contract.name
        assert (2, []) == (len(parses), kept_files(folder))

    def test_the_callers_decimal_context_changes_nothing(
        self, folder: Path, parses: list[str]
    ) -> None:
        """Compiled in a program that set 3 digits of decimal precision, a contract is the
        contract every other program reads (and the one kept for them)."""
        expected = pc.loads(text(), "other.contract")
        with decimal.localcontext() as context:
            context.prec = 3
            assert (expected, expected) == (
                pc.loads(text(), "dcst.contract"),
                pc.loads(text(), "dcst.contract"),
            )
        assert ["other.contract", "dcst.contract"] == parses

    def test_turned_off(
        self, folder: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """PERFCONTRACT_CACHE=0: nothing kept, nothing read."""
        pc.loads(text(), "dcst.contract")
        monkeypatch.setenv("PERFCONTRACT_CACHE", "0")
        pc.loads(text(), "dcst.contract")
        assert None is _contract_cache.cache_file(text(), "dcst.contract")
        assert 2 == len(parses)

    def test_no_cache_directory(self, parses: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(_contract_cache, "user_cache_home", lambda: None)
        monkeypatch.setattr(_contract_cache, "SMALLEST", 0)
        pc.loads(text(), "dcst.contract")
        pc.loads(text(), "dcst.contract")
        assert 2 == len(parses)

    def test_a_contract_with_problems_is_never_kept(self, folder: Path, parses: list[str]) -> None:
        """Its messages are made anew each time."""
        bad = text().replace("year starts April", "year starts Apirl")
        for _ in range(2):
            with pytest.raises(pc.ContractError, match="Apirl"):
                pc.loads(bad, "bad.contract")
        assert 2 == len(parses)
        assert [] == kept_files(folder)


def keep_one(folder: Path) -> Path:
    pc.loads(text(), "dcst.contract")
    (name,) = kept_files(folder)
    return folder / name


class TestTrust:
    @pytest.mark.parametrize("where", [0, 10, 40, 100, 5000, -1000, -1])
    def test_any_edited_byte(self, folder: Path, parses: list[str], where: int) -> None:
        """One byte changed anywhere (header, digest or contract): parsed, and kept anew."""
        path = keep_one(folder)
        data = bytearray(path.read_bytes())
        data[where] ^= 0x01
        path.write_bytes(bytes(data))
        assert pc.loads(text(), "dcst.contract") == pc.loads(text(), "dcst.contract")
        assert 2 == len(parses)
        assert bytes(data) != path.read_bytes()

    @pytest.mark.parametrize("keep", [0, 10, 100, -1])
    def test_truncated(self, folder: Path, parses: list[str], keep: int) -> None:
        path = keep_one(folder)
        path.write_bytes(path.read_bytes()[:keep])
        pc.loads(text(), "dcst.contract")
        assert 2 == len(parses)

    @pytest.mark.parametrize(
        "other",
        [
            pytest.param(b"not a pickle", id="not a pickle"),
            pytest.param(pickle.dumps({"name": "a dict"}), id="another object"),
            pytest.param(
                pickle.dumps(pc.loads('contract "Other" { }', "dcst.contract")),
                id="a contract alone",
            ),
        ],
    )
    def test_sound_file_of_something_else(
        self, folder: Path, parses: list[str], other: bytes
    ) -> None:
        """A file with the right digest whose pickle is not this contract: parsed again."""
        path = keep_one(folder)
        assert _cachefile.write_kept(path, _contract_cache._MAGIC, other, prefix=".t-")
        assert "DCST service delivery contract" == pc.loads(text(), "dcst.contract").name
        assert 2 == len(parses)

    def test_another_contracts_file_in_its_place(self, folder: Path, parses: list[str]) -> None:
        """A kept contract copied or renamed over this one's file is not used."""
        path = keep_one(folder)
        pc.loads('contract "Other" { }', "dcst.contract")
        other = _contract_cache.cache_file('contract "Other" { }', "dcst.contract")
        assert other is not None
        os.replace(other, path)
        assert "DCST service delivery contract" == pc.loads(text(), "dcst.contract").name
        assert 3 == len(parses)

    def test_contract_read_under_another_name(self, folder: Path, parses: list[str]) -> None:
        """A kept contract whose source is not the name asked for is not used."""
        path = keep_one(folder)
        elsewhere = pc.loads(text(), "elsewhere.contract")
        payload = pickle.dumps((path.name, elsewhere))
        assert _cachefile.write_kept(path, _contract_cache._MAGIC, payload, prefix=".t-")
        assert "dcst.contract" == pc.loads(text(), "dcst.contract").source
        assert 3 == len(parses)

    @pytest.mark.skipif(not hasattr(os, "getuid"), reason="file modes are POSIX")
    def test_writable_by_others(self, folder: Path, parses: list[str]) -> None:
        path = keep_one(folder)
        os.chmod(path, 0o666)
        pc.loads(text(), "dcst.contract")
        assert 2 == len(parses)
        assert 0o600 == stat.S_IMODE(path.stat().st_mode)

    def test_symbolic_link_is_not_followed(
        self, folder: Path, parses: list[str], tmp_path: Path
    ) -> None:
        path = keep_one(folder)
        elsewhere = tmp_path / "elsewhere.pickle"
        data = path.read_bytes()
        elsewhere.write_bytes(data)
        path.unlink()
        path.symlink_to(elsewhere)
        pc.loads(text(), "dcst.contract")
        assert 2 == len(parses)
        assert (False, data) == (path.is_symlink(), elsewhere.read_bytes())

    def test_cannot_be_written(
        self, folder: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A folder that cannot be written to only costs time: no temporary file is left."""

        def refuse(*args: object) -> None:
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(os, "replace", refuse)
        assert pc.loads(text(), "dcst.contract") == pc.loads(text(), "dcst.contract")
        assert (2, []) == (len(parses), kept_files(folder))

    def test_a_contract_that_cannot_be_pickled_is_used(
        self, folder: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        def refuse(*args: object, **kwargs: object) -> bytes:
            raise TypeError("cannot pickle")

        monkeypatch.setattr(pickle, "dumps", refuse)
        assert "DCST service delivery contract" == pc.loads(text(), "dcst.contract").name
        assert [] == kept_files(folder)


class TestLeastRecentlyUsed:
    def test_only_the_most_recently_used_are_kept(
        self, folder: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Beyond KEPT, the least recently used is removed; one read recently stays."""
        monkeypatch.setattr(_contract_cache, "KEPT", 2)
        names = ["a.contract", "b.contract", "c.contract"]
        for when, name in enumerate(names[:2]):
            pc.loads(text(), name)
            path = _contract_cache.cache_file(text(), name)
            assert path is not None
            os.utime(path, ns=(when * 10**9, when * 10**9))  # a used before b
        pc.loads(text(), "a.contract")  # a read again: now the most recent but one
        pc.loads(text(), "c.contract")  # b goes
        paths = [_contract_cache.cache_file(text(), name) for name in names]
        assert [True, False, True] == [p is not None and os.path.exists(p) for p in paths]
        assert ["a.contract", "b.contract", "c.contract"] == parses

    def test_no_more_than_the_budget_of_bytes(
        self, folder: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Beyond BUDGET bytes together, the least recently used go, whatever their count."""
        first = keep_one(folder)
        monkeypatch.setattr(_contract_cache, "BUDGET", 2 * first.stat().st_size)
        os.utime(first, ns=(0, 0))
        pc.loads(text(), "b.contract")
        assert 2 == len(kept_files(folder))
        pc.loads(text(), "c.contract")
        assert (2, False) == (len(kept_files(folder)), first.exists())

    def test_temporary_files_of_interrupted_writes(self, folder: Path) -> None:
        """A write killed half way leaves a temporary file: removed an hour on, not before."""
        folder.mkdir(parents=True)
        old, new = folder / ".contract-old.tmp", folder / ".contract-new.tmp"
        for path in (old, new):
            path.write_bytes(b"half a contract")
        os.utime(old, ns=(0, 0))
        pc.loads(text(), "dcst.contract")
        assert (False, True) == (old.exists(), new.exists())

    @pytest.mark.skipif(not hasattr(os, "getuid"), reason="file owners are POSIX")
    def test_another_users_files_are_not_counted(
        self, folder: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """In a folder shared with another user, the other's files are neither counted nor
        removed."""
        monkeypatch.setattr(_contract_cache, "KEPT", 1)
        keep_one(folder)
        uid = os.getuid()
        monkeypatch.setattr(os, "getuid", lambda: uid + 1)  # the files so far are another's
        pc.loads(text(), "b.contract")
        assert 2 == len(kept_files(folder))

    def test_nothing_else_in_the_folder_is_touched(
        self, folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(_contract_cache, "KEPT", 1)
        folder.mkdir(parents=True)
        other = folder / "notes.txt"
        other.write_text("mine")
        target = tmp_path / "target"
        target.write_text("linked")
        link = folder / ("contract-" + "0" * 32 + ".pickle")
        link.symlink_to(target)
        os.utime(other, ns=(0, 0))
        pc.loads(text(), "a.contract")
        pc.loads(text(), "b.contract")
        assert (True, True, "linked") == (other.exists(), link.is_symlink(), target.read_text())
        assert 3 == len(kept_files(folder))  # the link, the notes and b


class TestPickle:
    def test_a_contract_pickles(self) -> None:
        """To another process (multiprocessing), say: the measures come back with it."""
        contract = pc.load(EXAMPLE)
        again = pickle.loads(pickle.dumps(contract))
        assert (contract, list(contract.measures), contract["B8"]) == (
            again,
            list(again.measures),
            again["B8"],
        )

    @settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow], deadline=None)
    @given(contracts())
    def test_any_contract_comes_back_the_same(self, contract_text: str) -> None:
        contract = pc.loads(contract_text)
        again = pickle.loads(pickle.dumps(contract, protocol=pickle.HIGHEST_PROTOCOL))
        assert (contract, contract.position, list(contract.measures), repr(contract)) == (
            again,
            again.position,
            list(again.measures),
            repr(again),
        )
        assert [(m.id, m.position) for m in contract] == [(m.id, m.position) for m in again]


class TestFolders:
    """The folders perfcontract makes in the user's cache directory: a link in their place
    is never followed (a link to /etc would have the caches written there), a missing one
    is made for the user alone, and one of theirs that others could read is made theirs
    alone; the cache directory itself may be a link (to another disk, say)."""

    @pytest.fixture
    def home(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
        monkeypatch.delenv("PERFCONTRACT_CACHE", raising=False)
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home"))
        monkeypatch.setattr(_contract_cache, "SMALLEST", 0)
        return tmp_path / "home"

    def load_twice(self) -> None:
        assert pc.load(EXAMPLE) == pc.load(EXAMPLE)

    def parser_written(self) -> bool:
        path = _parse.cache_path()
        assert path is not None
        _parse.load_parser(path)
        return path.exists()

    @pytest.mark.parametrize("linked", ["perfcontract", "perfcontract/contracts"])
    def test_a_link_in_place_of_a_folder_is_not_followed(
        self, home: Path, tmp_path: Path, parses: list[str], linked: str
    ) -> None:
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir()
        (home / linked).parent.mkdir(parents=True, exist_ok=True)
        (home / linked).symlink_to(elsewhere, target_is_directory=True)
        self.load_twice()
        written = self.parser_written()
        assert ([], 2) == (list(elsewhere.iterdir()), len(parses))
        assert (linked == "perfcontract/contracts") == written  # the parser's folder is sound

    def test_made_for_the_user_alone(self, home: Path, parses: list[str]) -> None:
        self.load_twice()
        made = [home, home / "perfcontract", home / "perfcontract" / "contracts"]
        assert [0o700] * 3 == [stat.S_IMODE(p.stat().st_mode) for p in made]
        assert 1 == len(parses)  # the second load read the kept contract back

    def test_a_folder_others_can_read_is_made_the_users_alone(
        self, home: Path, parses: list[str]
    ) -> None:
        (home / "perfcontract" / "contracts").mkdir(parents=True, mode=0o777)
        os.chmod(home / "perfcontract", 0o777)
        os.chmod(home / "perfcontract" / "contracts", 0o755)
        self.load_twice()
        folders = [home / "perfcontract", home / "perfcontract" / "contracts"]
        assert [0o700, 0o700] == [stat.S_IMODE(p.stat().st_mode) for p in folders]
        assert 1 == len(parses)

    def test_the_cache_directory_may_be_a_link(
        self, home: Path, tmp_path: Path, parses: list[str]
    ) -> None:
        disk = tmp_path / "disk"
        disk.mkdir()
        home.symlink_to(disk, target_is_directory=True)
        self.load_twice()
        assert (1, True) == (len(parses), (disk / "perfcontract" / "contracts").is_dir())

    def test_a_file_in_place_of_a_folder(self, home: Path, parses: list[str]) -> None:
        home.mkdir()
        (home / "perfcontract").write_text("not a folder", encoding="utf-8")
        self.load_twice()
        assert (2, "not a folder") == (
            len(parses),
            (home / "perfcontract").read_text(encoding="utf-8"),
        )
