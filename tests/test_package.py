"""The package as users meet it: its version, its public names, its README on a package index."""

from __future__ import annotations

import importlib.metadata
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import perfcontract as pc

ROOT = Path(__file__).resolve().parents[1]
REPOSITORY = "https://github.com/perfcontract/perfcontract"
# Where a link in the README points, by the form of its address.
LINK_FORMS = (
    f"{REPOSITORY}/blob/main/",
    f"{REPOSITORY}/tree/main/",
    "https://raw.githubusercontent.com/perfcontract/perfcontract/main/",
)


class TestVersion:
    def test_version_is_the_installed_metadata(self) -> None:
        """perfcontract.__version__ is the version the package was installed as."""
        assert importlib.metadata.version("perfcontract") == pc.__version__

    def test_version_costs_nothing_at_import(self) -> None:
        """Importing the package does not import importlib.metadata (check starts fast)."""
        code = "import sys, perfcontract; print('importlib.metadata' in sys.modules)"
        shown = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
        assert "False" == shown.strip()

    def test_unknown_attribute(self) -> None:
        """A name the package does not have is an AttributeError, as for any module."""
        with pytest.raises(AttributeError, match="no attribute 'Nothing'"):
            pc.Nothing  # noqa: B018


class TestDoctests:
    def test_a_module_then_a_page_alone(self, tmp_path: Path) -> None:
        """A module's doctests and a docs page using its classes pass run alone, the module
        first: the package is imported once, so there is one Period class (there were two,
        and the page's period was refused as "not text")."""
        files = ["src/perfcontract/periods.py", "docs/reference/periods.md"]
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *files],
            cwd=ROOT,
            env={**os.environ, "XDG_CACHE_HOME": str(tmp_path), "PERFCONTRACT_CACHE": "0"},
            capture_output=True,
            text=True,
            check=False,
        )
        assert (0, "") == (run.returncode, run.stderr), run.stdout[-3000:]
        assert re.search(r"\b\d+ passed", run.stdout)


class TestPublicNames:
    def test_dir_lists_the_public_names_only(self) -> None:
        """dir(perfcontract) shows what users can use, not the helpers it imports."""
        assert sorted([*pc.__all__, "__version__"]) == dir(pc)
        for helper in ("Any", "TYPE_CHECKING", "importlib", "annotations"):
            assert helper not in dir(pc)

    def test_every_public_name_resolves(self) -> None:
        """Every name in __all__ can be got, those loaded on first use included."""
        for name in pc.__all__:
            assert getattr(pc, name) is not None, name

    def test_all_is_sorted(self) -> None:
        """__all__ is kept sorted, so that a new name has one place to go."""
        assert sorted(pc.__all__) == pc.__all__


def _readme_links() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"\]\(([^)\s]+)\)", text)


class TestReadme:
    def test_links_are_absolute(self) -> None:
        """Every link and picture in the README works on a package index page too."""
        links = _readme_links()
        assert links
        relative = [link for link in links if not link.startswith("https://")]
        assert [] == relative

    def test_links_name_files_that_exist(self) -> None:
        """Each link to the repository names a file or folder that is in it."""
        for link in _readme_links():
            form = next((f for f in LINK_FORMS if link.startswith(f)), None)
            if form is None:
                continue
            path = ROOT / link.removeprefix(form).split("#")[0]
            assert path.exists(), link

    def test_metadata_names_the_repository(self) -> None:
        """The package's metadata gives its homepage, source, issues and changelog."""
        urls = importlib.metadata.metadata("perfcontract").get_all("Project-URL") or []
        labels = {url.split(",")[0].strip() for url in urls}
        assert {"Homepage", "Source", "Issues", "Changelog", "Documentation"} <= labels
        assert all(url.split(",", 1)[1].strip().startswith(REPOSITORY) for url in urls)

    def test_classifiers_name_each_supported_python(self) -> None:
        """A classifier for every minor Python version from requires-python up to 3.13."""
        metadata = importlib.metadata.metadata("perfcontract")
        classifiers = set(metadata.get_all("Classifier") or [])
        assert ">=3.10" == metadata["Requires-Python"]
        for minor in range(10, 14):
            assert f"Programming Language :: Python :: 3.{minor}" in classifiers
