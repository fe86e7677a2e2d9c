"""The documentation site: every page of docs/ in mkdocs.yml's navigation, every public module
with its API page.

``mkdocs build --strict`` itself runs in ``.ci/run`` from the ``docs`` extra;
these tests keep the configuration it reads complete without MkDocs installed.
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import importlib.util
import re
import subprocess
from pathlib import Path

import perfcontract

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
CONFIG = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
PACKAGE = Path(perfcontract.__file__).parent


def nav_pages() -> list[str]:
    """The pages named in the navigation, in order."""
    nav = CONFIG[CONFIG.index("\nnav:\n") :]
    return re.findall(r"^\s+- (?:[^:\n]+: )?([\w./-]+\.md)$", nav, re.MULTILINE)


def public_modules() -> list[str]:
    """Every module of the package a user may import: no part of its name starts with `_`."""
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if not any(part.startswith("_") for part in parts):
            names.append(".".join(("perfcontract", *parts)))
    return names


def test_every_page_is_in_the_navigation_once() -> None:
    """Each Markdown page of docs/ is in the navigation, once; each page named exists."""
    pages = sorted(str(path.relative_to(DOCS)) for path in DOCS.rglob("*.md"))
    assert pages == sorted(nav_pages())
    assert len(set(nav_pages())) == len(nav_pages())


def test_the_readme_lists_each_page_once() -> None:
    """The README's documentation list names each page or folder of docs/ once, and each is
    there."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = readme[readme.index("\n## Documentation\n") :]
    listed = listed[: listed.index("\n## ", 1)] if "\n## " in listed[1:] else listed
    links = re.findall(r"^- \[(docs/[^\]]*)\]", listed, re.MULTILINE)
    assert "docs/how-to/" in links
    assert sorted(set(links)) == sorted(links)
    for link in links:
        assert (ROOT / link).exists(), link


def test_every_public_module_has_an_api_page() -> None:
    """docs/api/ has one page per public module, each generated from that module alone."""
    modules = public_modules()
    assert "perfcontract.model" in modules
    assert "perfcontract.render.html" in modules
    for module in modules:
        name = "perfcontract" if module == "perfcontract" else module.removeprefix("perfcontract.")
        page = (DOCS / "api" / f"{name}.md").read_text(encoding="utf-8")
        assert [module] == re.findall(r"^::: (\S+)$", page, re.MULTILINE), name
    api = {path.stem for path in (DOCS / "api").glob("*.md")} - {"index"}
    assert len(modules) == len(api)


def test_the_api_index_links_every_page() -> None:
    """The API reference's index links each module's page."""
    index = (DOCS / "api" / "index.md").read_text(encoding="utf-8")
    pages = {path.name for path in (DOCS / "api").glob("*.md")} - {"index.md"}
    assert pages == set(re.findall(r"\]\(([\w.]+\.md)\)", index))


def test_the_site_is_strict_and_kept_out_of_git() -> None:
    """The build is strict, reads the source tree, and its output is ignored by git."""
    assert re.search(r"^strict: true$", CONFIG, re.MULTILINE)
    assert "paths: [src]" in CONFIG
    assert "/site/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_the_docs_extra_and_the_ci_step() -> None:
    """pyproject.toml has a `docs` extra, and CI builds the site from it with --strict."""
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^docs = \[.*"mkdocstrings-python', pyproject, re.MULTILINE)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert '"$wheel[docs]"' in ci
    assert 'mkdocs" build --strict' in ci
    check = subprocess.run(["bash", "-n", str(ROOT / ".ci" / "run")], check=False)
    assert 0 == check.returncode


def test_the_hook_drops_sphinx_roles() -> None:
    """The site's hook writes `:class:`X`` as the code `X`, and leaves other text alone."""
    spec = importlib.util.spec_from_file_location("hooks", ROOT / "scripts" / "mkdocs_hooks.py")
    assert spec is not None
    assert spec.loader is not None
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)
    assert "scripts/mkdocs_hooks.py" in CONFIG
    page = "a :meth:<code>M.x</code>, :class:<code>C</code>; :class: as text, :other:<code>y</code>"
    assert "a <code>M.x</code>, <code>C</code>; :class: as text, :other:<code>y</code>" == (
        hooks.on_page_content(page, page=None, config=None, files=None)
    )


# A path under docs/ as the repository's text names one: `docs/how-to/report.md`, `docs/api/`.
_DOCS_PATH = re.compile(r"(?<![\w./-])docs/[\w./-]*[\w/]")


def test_every_docs_path_named_in_the_repository_exists() -> None:
    """Each `docs/…` path written in a text file of the repository (a README, a comment, the
    pre-commit hooks, a docstring) is a page or folder that is there."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    named: dict[str, str] = {}
    for name in filter(None, listed.split("\0")):
        try:
            text = (ROOT / name).read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError):  # an image, or a file deleted unstaged
            continue
        for path in _DOCS_PATH.findall(text):
            named.setdefault(path, name)
    assert "docs/reference/errors.md" in named
    assert ".pre-commit-hooks.yaml" in named.values()
    missing = {path: name for path, name in named.items() if not (ROOT / path).exists()}
    assert {} == missing
