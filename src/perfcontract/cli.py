"""The ``perfcontract`` command: argument parsing and exit codes, nothing more.

Exit status: 0 all well; 1 a contract (or its readings) is bad; 2 the command
was used wrongly or a file could not be read. Diagnostics go to stderr as
``FILE:LINE:COL: error: message`` with the line and a caret; results go to
stdout.

```pycon
>>> main(["check", "examples/dcst-2017-18.contract"])
examples/dcst-2017-18.contract: ok: 20 measures in 5 groups, 3 volumetric
0

```
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from perfcontract.errors import ContractError
from perfcontract.loader import load
from perfcontract.model import Contract

__all__ = ["main"]

EXIT_OK = 0
EXIT_BAD_INPUT = 1
EXIT_USAGE = 2


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(contract: Contract) -> str:
    """What ``check`` says of a good contract.

    ```pycon
    >>> import perfcontract as pc
    >>> summary_line(pc.load("examples/dcst-2017-18.contract"))
    'ok: 20 measures in 5 groups, 3 volumetric'

    ```
    """
    return (
        f"ok: {_plural(len(contract.contractual), 'measure')} in"
        f" {_plural(len(contract.groups), 'group')}, {len(contract.volumetric)} volumetric"
    )


def _check(args: argparse.Namespace) -> int:
    status = EXIT_OK
    for name in args.files:
        try:
            contract = load(name)
        except OSError as error:
            print(f"{name}: error: cannot read the file: {error.strerror}", file=sys.stderr)
            status = max(status, EXIT_USAGE)
            continue
        except ContractError as error:
            print(error.format(), file=sys.stderr)
            count = len(error.diagnostics)
            print(f"{name}: {_plural(count, 'error')}", file=sys.stderr)
            status = max(status, EXIT_BAD_INPUT)
            continue
        print(f"{name}: {summary_line(contract)}")
    return status


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="perfcontract",
        description="Check contract performance regimes written in the .contract language.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    check = commands.add_parser(
        "check",
        help="validate .contract files",
        description="Validate .contract files: print a one-line summary of each good one,"
        " and every problem in each bad one.",
    )
    check.add_argument("files", nargs="+", metavar="FILE", help="a .contract file")
    check.set_defaults(run=_check)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # argparse has printed the usage message
        return EXIT_USAGE if stop.code else EXIT_OK
    status: int = args.run(args)
    return status
