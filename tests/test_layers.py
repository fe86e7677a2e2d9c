"""The package reads top to bottom: each module imports only modules below it.

``LAYERS`` lists the modules from the bottom (no imports of the package) to
the top (the command line). A module may import, at run time, only modules
listed before it; imports made for type checking alone do not count. The few
imports that go up are the methods users call on the objects they hold
(``contract.evaluate``, ``report.to_html``), each made inside the method.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import perfcontract

PACKAGE = Path(perfcontract.__file__).parent

LAYERS = [
    "_caller",
    "_collector",
    "_frozen",
    "_escape",
    "_suggest",
    "_markup",
    "_syntax",
    "_atomic",
    "_cachefile",
    "_progress",
    "_printed",
    "errors",
    "status",
    "terms",
    "_csvtext",
    "periods",
    "_periodtext",
    "_dialect",
    "_excel",
    "_frames",
    "money",
    "_decimals",
    "engine",
    "riskshare",
    "model",
    "_fingerprint",
    "_parse",
    "_contract_cache",
    "_compile_payment",
    "_compile",
    "loader",
    "formatter",
    "readings",
    "_rated_values",
    "commentary",
    "render",
    "render.svg",
    "render.tables",
    "summary",
    "evaluation",
    "render.payment",
    "payment",
    "report",
    "render.markdown",
    "render.html",
    "render.notebook",
    "cli",
    "__main__",
    "pygments_lexer",  # imported by Pygments alone, through the entry point; imports no module
    "__init__",
]

# The methods users call that reach up, made inside the method: (module, imported).
UPWARD = {
    ("model", "evaluation"),  # Contract.evaluate
    ("model", "_rated_values"),  # Measure.rate reads its reading as evaluate reads readings
    ("model", "payment"),  # Contract.payment
    ("report", "render.markdown"),  # Report.to_markdown
    ("report", "render.html"),  # Report.to_html
    # Period.parse: a date read as readings read it, and a hint naming a spelling's label
    ("periods", "_periodtext"),
    # What a notebook shows, _repr_html_: Contract, Group, Measure, MeasureResult,
    # Evaluation, Evaluations, Summary, Report, Payment.
    ("model", "render.notebook"),
    ("evaluation", "render.notebook"),
    ("summary", "render.notebook"),
    ("payment", "render.notebook"),
    ("report", "render.notebook"),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)


def is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def run_time_imports(tree: ast.AST) -> set[str]:
    """The package's modules that ``tree`` imports when it runs (anywhere in it, but not
    under ``if TYPE_CHECKING:``)."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "perfcontract":
                found.update(alias.name for alias in node.names)
            elif node.module.startswith("perfcontract."):
                found.add(node.module.removeprefix("perfcontract."))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("perfcontract."):
                    found.add(alias.name.removeprefix("perfcontract."))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def test_every_module_has_a_layer() -> None:
    """A new module is placed in LAYERS, and every name there is a module."""
    assert sorted(MODULES) == sorted(LAYERS)


@pytest.mark.parametrize("module", LAYERS)
def test_imports_only_modules_below(module: str) -> None:
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    below = set(LAYERS[: LAYERS.index(module)])
    upward = {
        imported
        for imported in run_time_imports(tree) - below - {module}
        if (module, imported) not in UPWARD
    }
    assert not upward, f"{module} imports {sorted(upward)}, above it"


def test_the_checker_sees_imports_inside_functions_and_not_for_type_checking() -> None:
    """The walk finds an import inside a method, and leaves one for type checking alone."""
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from perfcontract.report import Report\n"
        "def f():\n    from perfcontract import engine\n    import perfcontract.cli\n"
    )
    assert run_time_imports(ast.parse(source)) == {"engine", "cli"}
