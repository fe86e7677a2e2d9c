"""Writing a file all or nothing: permissions, owner and group kept; links as documented.

``write_text_atomic`` is what ``fmt`` and ``report -o`` write through; the
command-line tests show its failures (a full disk, a read-only folder) from
the user's side, and these show what it keeps of the file it replaces.
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from perfcontract._atomic import write_text_atomic

ANOTHER = 4242  # a user and group id that is not the test's


def owned_by(monkeypatch: pytest.MonkeyPatch, path: Path, uid: int, gid: int) -> None:
    """Make ``os.stat`` say that ``path`` belongs to ``uid`` and ``gid``."""
    real_stat = os.stat

    def stat(name: str | os.PathLike[str], *args: object, **kwargs: object) -> os.stat_result:
        found = real_stat(name, *args, **kwargs)  # type: ignore[arg-type]
        if os.fspath(name) not in (os.fspath(path), os.path.realpath(path)):
            return found
        fields = list(found)
        fields[4:6] = [uid, gid]
        return os.stat_result(fields)

    monkeypatch.setattr(os, "stat", stat)


class TestOwner:
    def test_asks_for_the_old_owner_and_group(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The new file is given the old file's owner and group before it replaces it."""
        path = tmp_path / "c.contract"
        path.write_text("old", encoding="utf-8")
        owned_by(monkeypatch, path, ANOTHER, ANOTHER + 1)
        calls: list[tuple[str, int, int]] = []
        monkeypatch.setattr(os, "chown", lambda name, uid, gid: calls.append((name, uid, gid)))
        write_text_atomic(path, "new")
        assert "new" == path.read_text(encoding="utf-8")
        [(name, uid, gid)] = calls
        assert (tmp_path, True, ANOTHER, ANOTHER + 1) == (
            Path(name).parent,
            Path(name).name.startswith(".c.contract."),
            uid,
            gid,
        )

    def test_a_refusal_keeps_the_group_if_it_can(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Not allowed to give the file away: the group alone is asked for; the write goes on."""
        path = tmp_path / "c.contract"
        path.write_text("old", encoding="utf-8")
        owned_by(monkeypatch, path, ANOTHER, ANOTHER + 1)
        calls: list[tuple[int, int]] = []

        def chown(name: str, uid: int, gid: int) -> None:
            calls.append((uid, gid))
            raise PermissionError(errno.EPERM, os.strerror(errno.EPERM), name)

        monkeypatch.setattr(os, "chown", chown)
        write_text_atomic(path, "new")
        assert ([(ANOTHER, ANOTHER + 1), (-1, ANOTHER + 1)], "new") == (
            calls,
            path.read_text(encoding="utf-8"),
        )
        assert [path.name] == [p.name for p in tmp_path.iterdir()]

    def test_no_change_asks_nothing(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A file already the writer's: no chown at all."""
        path = tmp_path / "c.contract"
        path.write_text("old", encoding="utf-8")
        calls: list[object] = []
        monkeypatch.setattr(os, "chown", lambda *args: calls.append(args))
        write_text_atomic(path, "new")
        assert ([], "new") == (calls, path.read_text(encoding="utf-8"))

    @pytest.mark.skipif(
        not hasattr(os, "geteuid") or os.geteuid() != 0,
        reason="only root can give a file to another user",
    )
    def test_root_leaves_a_users_file_theirs(self, tmp_path: Path) -> None:
        """Root rewriting another user's file leaves it that user's, with its permissions."""
        path = tmp_path / "c.contract"
        path.write_text("old", encoding="utf-8")
        os.chown(path, ANOTHER, ANOTHER + 1)
        path.chmod(0o640)
        write_text_atomic(path, "new")
        info = path.stat()
        assert ("new", ANOTHER, ANOTHER + 1, 0o640) == (
            path.read_text(encoding="utf-8"),
            info.st_uid,
            info.st_gid,
            info.st_mode & 0o777,
        )


class TestLinks:
    def test_a_symbolic_link_is_followed(self, tmp_path: Path) -> None:
        """Through a symbolic link the file it points to gets the text; the link stays a link."""
        path = tmp_path / "c.contract"
        path.write_text("old", encoding="utf-8")
        link = tmp_path / "link.contract"
        link.symlink_to(path.name)
        write_text_atomic(link, "new")
        assert (True, "new") == (link.is_symlink(), path.read_text(encoding="utf-8"))

    def test_a_hard_link_keeps_the_old_text(self, tmp_path: Path) -> None:
        """A hard-linked file is replaced by a new file: its other name keeps the old text."""
        path = tmp_path / "c.contract"
        path.write_text("old", encoding="utf-8")
        other = tmp_path / "other.contract"
        os.link(path, other)
        write_text_atomic(path, "new")
        assert ("new", "old", 1, 1) == (
            path.read_text(encoding="utf-8"),
            other.read_text(encoding="utf-8"),
            path.stat().st_nlink,
            other.stat().st_nlink,
        )


class TestNotAFileName:
    @pytest.mark.parametrize("name", ["report.html/", "folder/"])
    def test_a_name_ending_in_a_slash_is_a_folder(self, tmp_path: Path, name: str) -> None:
        """`report.html/` names a folder: refused as open() refuses it, nothing written."""
        (tmp_path / "folder").mkdir()
        with pytest.raises(IsADirectoryError):
            write_text_atomic(f"{tmp_path}/{name}", "new")
        assert ["folder"] == sorted(p.name for p in tmp_path.iterdir())

    def test_a_file_is_not_a_folder(self, tmp_path: Path) -> None:
        """`report.html/` where report.html is a file: not a folder, and the file stays."""
        path = tmp_path / "report.html"
        path.write_text("old", encoding="utf-8")
        with pytest.raises(NotADirectoryError):
            write_text_atomic(f"{path}/", "new")
        assert (["report.html"], "old") == (
            [p.name for p in tmp_path.iterdir()],
            path.read_text(encoding="utf-8"),
        )


STDOUT_AT = (
    "import sys; from perfcontract._atomic import write_text_atomic; "
    "write_text_atomic(sys.argv[1], 'new')"
)


class TestOpenDescriptors:
    @pytest.mark.parametrize("name", ["/dev/stdout", "/dev/fd/1"])
    def test_a_pipe(self, name: str) -> None:
        """`-o /dev/stdout` into a pipe: the text goes down the pipe."""
        done = subprocess.run(
            [sys.executable, "-c", STDOUT_AT, name], capture_output=True, check=False
        )
        assert (0, b"new", b"") == (done.returncode, done.stdout, done.stderr)

    def test_a_file_appended_to(self, tmp_path: Path) -> None:
        """`-o /dev/stdout >> log`: the log keeps what it held, and the text follows it."""
        log = tmp_path / "log"
        log.write_text("old\n", encoding="utf-8")
        with open(log, "ab") as appended:
            done = subprocess.run(
                [sys.executable, "-c", STDOUT_AT, "/dev/stdout"], stdout=appended, check=False
            )
        assert (0, "old\nnew") == (done.returncode, log.read_text(encoding="utf-8"))
