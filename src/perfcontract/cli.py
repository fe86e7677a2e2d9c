"""The ``perfcontract`` command: argument parsing and exit codes, nothing more.

Exit status: 0 all well; 1 a contract (or its readings) is bad, or ``evaluate
--fail-on`` is met or has nothing to check (no reading falls in the period); 2
the command was used wrongly or a file could not be read or written. A file is
written whole or not at all (a temporary file beside it, then renamed over
it), and never over one of the command's own inputs, nor over the file
standard input is redirected from. When the reader of the output goes (``| head -1``), or a
standard stream is closed, the rest of that output goes nowhere: the command
still runs to its end and exits with its own status. Ctrl-C stops it with
``perfcontract: interrupted`` and exit status 130, no traceback, any file
being written left as it was. Diagnostics go to stderr as
``FILE:LINE:COL: error: message`` with the line and a caret; results go to
stdout.

What the command writes is safe on any terminal. A control character from
the input (an escape sequence, a bell, NUL) is shown as its code point, such
as ``<U+001B>``, and an argument quoted in a message is cut short if long. On
a console whose encoding cannot show a character (``▲``, ``£`` on an ASCII
console) the text falls back, and only then: arrows as ``^``, ``v``, ``=``
and ``->``, ``£`` as ``GBP``, dashes and ``…`` as ASCII, any other character
as ``?``; HTML gets character references (``&#9650;``) and JSON ``\\u``
escapes, so both stay exact. A contract's own text (``fmt -``, ``fmt --diff``)
is written as UTF-8 on any console, as a contract file is.

``-o FILE`` writes in the format the file's name ends in when ``--format``
is not given: ``.txt`` (or ``.text``) text, ``.md`` (or ``.markdown``)
Markdown, ``.json``, ``.csv``, ``.html`` (or ``.htm``), in any case. Any other
name keeps the command's default: text, or HTML for ``report``. A ``.txt``
file takes Markdown too when ``--format markdown`` asks for it, and is where
``report``, which has no text format, writes its Markdown. ``--format`` and a
file named for another format, or a file named for a format the command does
not write (``evaluate -o results.html``), are refused as a usage error (exit
status 2) before anything is written. So is a file named as a spreadsheet's
workbook (``.xlsx``, ``.xlsm``, ``.xlsb``, ``.xls``, ``.ods``): perfcontract
writes CSV, which Excel opens, and never a workbook.

```pycon
>>> main(["check", "examples/dcst-2017-18.contract"])
examples/dcst-2017-18.contract: ok: 20 measures in 5 groups, 3 volumetric
0

```
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import errno
import json
import os
import re
import stat
import sys
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NoReturn

from perfcontract._atomic import write_text_atomic
from perfcontract._caller import on_the_command_line
from perfcontract._escape import one_line, visible
from perfcontract._progress import Progress, on_terminal
from perfcontract.errors import (
    ContractError,
    Diagnostic,
    PeriodError,
    decode_utf8,
    either,
    quoted,
    shorten,
)
from perfcontract.loader import decode_text, loads_file, read_text
from perfcontract.model import Contract, Reporting
from perfcontract.periods import Period, PeriodKind
from perfcontract.status import Status

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

    from perfcontract.model import RiskShare
    from perfcontract.readings import ResolvedReadings

__all__ = ["main"]

EXIT_OK = 0
EXIT_BAD_INPUT = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports a command stopped by Ctrl-C
_ZIP = b"PK\x03\x04"  # how an Excel workbook (a zip file) starts
_NAMES_SHOWN = 12  # measures named in one note before "… and N more"
_NAMES_ALL = 15  # as many as this are all named: "and 2 more" would hide little


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


# ---------------------------------------------------------------------------
# Writing to the console

# What a console that cannot show a character gets instead, and only then.
_PLAIN = {
    "▲": "^",
    "▼": "v",
    "►": "=",
    "→": "->",
    "£": "GBP ",
    "…": "...",
    "—": "-",
    "–": "-",
    "−": "-",
    "∞": "inf",
    "±": "+/-",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
}
_JSON_CONTROLS = re.compile(r"[\x7f-\x9f]")  # json.dumps escapes C0 itself, but not these


def _plain(error: UnicodeError) -> tuple[str, int]:
    """A codec error handler: each character the encoding cannot take in plain ASCII."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    bad = error.object[error.start : error.end]
    return "".join(_PLAIN.get(char, "?") for char in bad), error.end


def _json_escape(error: UnicodeError) -> tuple[str, int]:
    """A codec error handler: each character the encoding cannot take as a JSON escape."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    units: list[int] = []
    for char in error.object[error.start : error.end]:
        code = ord(char)
        if code > 0xFFFF:  # beyond the first plane: a surrogate pair, as JSON writes it
            code -= 0x10000
            units += [0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF)]
        else:
            units.append(code)
    return "".join(f"\\u{unit:04x}" for unit in units), error.end


codecs.register_error("perfcontract.plain", _plain)
codecs.register_error("perfcontract.json", _json_escape)
_FALLBACK = {"text": "perfcontract.plain", "json": "perfcontract.json", "html": "xmlcharrefreplace"}


def encodable(text: str, encoding: str | None, form: str = "text") -> str:
    """``text`` as a stream of this encoding can write it: as it is if it can.

    Only when the encoding cannot take a character is it replaced: in text
    (``form="text"``) arrows by ``^``, ``v``, ``=`` or ``->``, ``£`` by
    ``GBP``, dashes and ``…`` by ASCII, anything else by ``?``; in HTML by a
    character reference, in JSON by a ``\\u`` escape, so those stay exact.

    ```pycon
    >>> encodable("B8 ▲ £4.15m", "utf-8"), encodable("B8 ▲ £4.15m", "ascii")
    ('B8 ▲ £4.15m', 'B8 ^ GBP 4.15m')
    >>> encodable("B8 ▲ £4.15m", "cp1252"), encodable("<p>▲ £</p>", "ascii", "html")
    ('B8 ^ £4.15m', '<p>&#9650; &#163;</p>')
    >>> print(encodable('{"name": "Café ▲"}', "ascii", "json"))
    {"name": "Caf\\u00e9 \\u25b2"}

    ```
    """
    if form == "json":
        text = _JSON_CONTROLS.sub(lambda found: f"\\u{ord(found[0]):04x}", text)
    if not encoding:
        return text
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode(encoding, _FALLBACK[form]).decode(encoding)
    except LookupError:  # an encoding Python does not know: the stream will say so itself
        pass
    return text


class _OutputError(Exception):
    """Standard output could not be written (a full disk, ``> /dev/full``): the command
    says so and exits 2, rather than a traceback or, worse, exit 0 with nothing written."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error.strerror or str(error))


def _write(stream: SupportsWrite[str] | None, text: str, form: str = "text") -> None:
    if stream is None:  # run with the stream closed (`>&-`): Python gives none, text goes nowhere
        return
    with _screen_clear():
        try:
            stream.write(encodable(text, getattr(stream, "encoding", None), form))
        except BrokenPipeError:
            _reader_gone(stream)
        except OSError as error:
            if stream is not sys.stdout:
                raise
            raise _OutputError(error) from None


# The progress line of the command running, when standard error is a terminal.
_PROGRESS: Progress | None = None


@contextlib.contextmanager
def _screen_clear() -> Iterator[None]:
    """While anything else is written to the console: the progress line off it (it comes
    back at its next tick)."""
    progress = _PROGRESS
    if progress is None:
        yield
        return
    with progress.lock:
        progress.hide()
        yield
        with contextlib.suppress(OSError, ValueError, AttributeError):
            sys.stdout.flush()  # a result on the screen before the line can be again


def _doing(what: str) -> None:
    """Name the step the command is on, for the progress line (on a terminal only)."""
    if _PROGRESS is not None:
        _PROGRESS.step(one_line(what))


def _reader_gone(stream: object) -> None:
    """What is written to ``stream`` from now on goes nowhere: its reader has gone
    (``perfcontract check … | head -1``). The command carries on to its end and its
    exit status, so that a file still gets written and a bad contract still exits 1."""
    try:
        descriptor = stream.fileno()  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):
        return  # not a file (a test's buffer): nothing to redirect
    nowhere = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(nowhere, descriptor)
    finally:
        os.close(nowhere)


def _flush(stream: object, quiet: bool = True) -> None:
    """Flush ``stream`` now, while a reader that has gone can still be ignored quietly;
    any other failure to write is raised unless ``quiet``."""
    try:
        stream.flush()  # type: ignore[attr-defined]
    except BrokenPipeError:
        _reader_gone(stream)
        with contextlib.suppress(OSError):  # what was held back goes nowhere now
            stream.flush()  # type: ignore[attr-defined]
    except OSError:
        if not quiet:
            raise
    except (AttributeError, ValueError):
        pass  # closed already, or not a file


def _flush_out() -> None:
    """Flush standard output at the end of a command: a failure (a full disk) is the
    command's, not a note lost at exit."""
    try:
        _flush(sys.stdout, quiet=False)
    except OSError as error:
        raise _OutputError(error) from None


def _out(text: str, form: str = "text") -> None:
    """Results to standard output, as its encoding can take them."""
    _write(sys.stdout, text, form)


def _out_exactly(text: str) -> None:
    """A contract's text (``fmt -``, ``fmt --diff``) to standard output as UTF-8, whatever
    the console's encoding: a contract is UTF-8, and `GBP` for `£` would change it."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a stream of text only (a test's): it takes the text as it is
        _write(sys.stdout, text)
        return
    with _screen_clear():
        try:
            sys.stdout.flush()  # what was written before goes first
            buffer.write(text.encode("utf-8", "surrogateescape"))  # a file name's own bytes
            buffer.flush()
        except BrokenPipeError:
            _reader_gone(sys.stdout)
        except OSError as error:
            raise _OutputError(error) from None


def _say(text: str) -> None:
    """One message (a line or more) to standard error, its control characters shown."""
    _write(sys.stderr, visible(text) + "\n")


def _name(path: str) -> str:
    """A file's name as a message quotes it: whole unless absurdly long."""
    return shorten(path, 300)


def _shown_argument(text: str) -> str:
    """An argument as written, for a message: short, its controls shown, spaces kept."""
    return shorten(visible(text), 60)


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
        f" {_plural(len(contract.groups), 'group')}, {len(contract.volumetric):,} volumetric"
    )


def _cannot_read(error: OSError, name: str) -> int:
    filename = error.filename if isinstance(error.filename, str) else name
    _say(f"{_name(filename)}: error: cannot read the file: {error.strerror}")
    return EXIT_USAGE


def _bad_input(error: ContractError, name: str, args: argparse.Namespace) -> int:
    """Report every problem (or the first ``--max-errors``, and how many more) and a count.

    A problem of the readings as a whole (several authorities and none chosen) is
    named ``<readings>`` by the library; here it is named by the file, as the count is.
    """
    import attrs

    limit = args.max_errors or None  # 0: no limit
    if any(d.source == "<readings>" for d in error.diagnostics):
        named = [
            attrs.evolve(d, source=name) if d.source == "<readings>" else d
            for d in error.diagnostics
        ]
        error = ContractError(named)
    _say(error.format(limit=limit))
    _say(f"{_name(name)}: {_plural(len(error.diagnostics), 'error')}")
    return EXIT_BAD_INPUT


def _usage_error(args: argparse.Namespace, message: str) -> int:
    """EXIT_USAGE, after saying what is wrong with how the command was used."""
    _say(f"perfcontract {args.command}: error: {message}")
    return EXIT_USAGE


STDIN = "<stdin>"  # how messages name standard input, read for a file named `-`


def _shown(name: str) -> str:
    """A file's name as messages give it: ``<stdin>`` for ``-``."""
    return STDIN if name == "-" else name


def _stdin_bytes() -> bytes:
    """What standard input holds, read to its end; an OSError if the command was run
    with it closed (``<&-``), which Python gives as no stream at all."""
    if sys.stdin is None:
        raise OSError(errno.EBADF, "standard input is closed", STDIN)
    return sys.stdin.buffer.read()


def _contract_text(name: str) -> str:
    """The text of the contract file ``name``; ``-`` reads standard input."""
    if name != "-":
        return read_text(name)
    return decode_text(_stdin_bytes(), STDIN)


def _load(name: str, args: argparse.Namespace) -> Contract | int:
    """The contract in file ``name``, or the exit status after reporting why there is none."""
    _doing(f"reading {_shown(name)}")
    try:
        return loads_file(_contract_text(name), source=_shown(name))
    except OSError as error:
        return _cannot_read(error, name)
    except ContractError as error:
        return _bad_input(error, _shown(name), args)


def _stdin_once(args: argparse.Namespace) -> int | None:
    """EXIT_USAGE, after saying so, if the command names standard input (``-``) twice."""
    names: list[str] = []
    for what in ("contract", "files", "readings", "commentary"):
        value = getattr(args, what, None)
        names += [value] if isinstance(value, str) else list(value or ())
    if names.count("-") > 1:
        return _usage_error(args, "standard input (`-`) can be read once: name it once")
    return None


def _empty_name(args: argparse.Namespace) -> int | None:
    """EXIT_USAGE, after saying so, if a file to read is named by an empty argument (``""``),
    which would be reported as a file without a name: `: error: cannot read the file`."""
    named = {"contract": "the contract", "files": "a", "readings": "a readings"}
    named["commentary"] = "--commentary: the"
    for what, saying in named.items():
        value = getattr(args, what, None)
        values = [value] if isinstance(value, str) else list(value or ())
        if "" in values:
            return _usage_error(args, f"{saying} file name is empty; name the file to read")
    return None


def _check(args: argparse.Namespace) -> int:
    if args.format == "json":
        return _check_json(args)
    status = EXIT_OK
    for name in args.files:
        contract = _load(name, args)
        if isinstance(contract, int):
            status = max(status, contract)
            continue
        _warn(contract.warnings, args)  # said, never a failure: the contract compiles
        _out(f"{visible(_name(_shown(name)))}: {summary_line(contract)}\n")
    return status


def diagnostic_json(diagnostic: Diagnostic) -> dict[str, object]:
    """One diagnostic as ``check --format json`` writes it, for an editor or a CI annotation.

    ``line`` and ``column`` count from 1; ``end`` is the column just after
    the span the caret underlines (on the same line); the three are ``None``
    when the problem has no place in the file.

    ```pycon
    >>> d = Diagnostic("`Apirl` is not a month", source="a.contract", line=1, column=31,
    ...                length=5, hint="did you mean `April`?")
    >>> diagnostic_json(d)  # doctest: +NORMALIZE_WHITESPACE
    {'file': 'a.contract', 'line': 1, 'column': 31, 'end': 36, 'severity': 'error',
     'message': '`Apirl` is not a month', 'help': 'did you mean `April`?'}

    ```
    """
    column = diagnostic.column if diagnostic.line is not None else None
    return {
        "file": diagnostic.source,
        "line": diagnostic.line,
        "column": column,
        "end": None if column is None else column + max(diagnostic.length, 1),
        "severity": diagnostic.severity,
        "message": diagnostic.message,
        "help": diagnostic.hint,
    }


def _check_json(args: argparse.Namespace) -> int:
    """``check --format json``: every file's problems as one JSON array on standard output."""
    status = EXIT_OK
    found: list[dict[str, object]] = []
    limit = args.max_errors or None
    for name in args.files:
        try:
            contract = loads_file(_contract_text(name), source=_shown(name))
            found += [diagnostic_json(d) for d in contract.warnings[:limit]]
        except OSError as error:
            status = max(status, EXIT_USAGE)
            message = f"cannot read the file: {error.strerror}"
            found.append(diagnostic_json(Diagnostic(message, source=_shown(name))))
        except ContractError as error:
            status = max(status, EXIT_BAD_INPUT)
            every = error.diagnostics
            found += [diagnostic_json(d) for d in every[:limit]]
            if limit is not None and len(every) > limit:
                _say(f"{_name(_shown(name))}: {limit:,} of {len(every):,} problems listed")
    _out(json.dumps(found, indent=2, ensure_ascii=False) + "\n", form="json")
    return status


def _latest_period(resolved: ResolvedReadings, contract: Contract) -> Period | None:
    """The latest period of the contract's reporting frequency that has readings."""
    kind = {
        Reporting.MONTHLY: PeriodKind.MONTH,
        Reporting.QUARTERLY: PeriodKind.QUARTER,
        Reporting.ANNUALLY: PeriodKind.YEAR,
    }[contract.reporting]
    # Months count towards their quarter and year, quarters towards their year.
    within = (period.within(kind) for period in resolved.periods)
    candidates = {period for period in within if period is not None}
    choices = sorted(candidates or resolved.periods, key=lambda p: (p.last_month, -p.span))
    return choices[-1] if choices else None


def _readings_name(args: argparse.Namespace) -> str:
    """The readings files, as a message names them: the one file, or how many."""
    names = [args.readings] if isinstance(args.readings, str) else list(args.readings)
    return _shown(names[0]) if len(names) == 1 else f"{len(names)} readings files"


def _read_readings(args: argparse.Namespace, contract: Contract) -> ResolvedReadings | int:
    """Every readings file of the command, merged and checked against the contract.

    Problems of every file are reported together; what was said without a
    refusal (a file read as Windows-1252, a percentage that looks like a
    fraction) is printed as ``FILE:LINE: warning: …``. Returns the exit
    status instead if the readings cannot be read or are bad.
    """
    from perfcontract.readings import Readings

    names = [args.readings] if isinstance(args.readings, str) else list(args.readings)
    _doing(
        f"reading {', '.join(_shown(name) for name in names[:3])}{', …' if len(names) > 3 else ''}"
    )
    if names.count("-") > 1:
        return _usage_error(args, "standard input (`-`) can be read once: name it once")
    # Each file by what it is: `q4.csv`, `./q4.csv`, a link to it, and `-` with `< q4.csv`
    # are one file.
    seen: dict[object, str] = {}
    for name in names:
        real = _file_key(name)
        if real is not None and real in seen:
            first = seen[real]
            said = [_name(n) if n != "-" else "standard input (`-`)" for n in (first, name)]
            twice = said[1] if first == name else " and ".join(said)
            return _usage_error(
                args,
                f"the readings name {twice}, the same file, twice: name each file once"
                " (each reading in it would be a second value of itself)",
            )
        if real is not None:
            seen[real] = name
    parts: list[Readings] = []
    problems: list[Diagnostic] = []
    workbooks = 0
    for name in names:
        try:
            if name == "-":
                data, shown = _stdin_bytes(), STDIN
            else:
                with open(name, "rb") as file:
                    data, shown = file.read(), name
            workbooks += data.startswith(_ZIP)
            readings = Readings.from_bytes(
                data,
                shown,
                sheet=args.sheet,
                missing=args.missing or (),
                default_missing=not args.no_default_missing,
            )
        except OSError as error:
            return _cannot_read(error, name)
        except ContractError as error:
            problems.extend(error.diagnostics)
            continue
        parts.append(readings)
    if args.sheet is not None and not workbooks:
        _say(
            f"note: --sheet names a sheet of an Excel workbook, and no readings file is one:"
            f" {quoted(args.sheet)} was not used"
        )
    merged = Readings._joined(parts)  # at once: one file after another is quadratic
    try:
        if problems:
            raise ContractError(problems)
        resolved = merged.resolve(contract)
    except ContractError as error:
        _warn(merged.warnings, args)
        return _bad_input(error, _readings_name(args), args)
    _warn(resolved.warnings, args)
    return resolved


def _file_key(name: str) -> object:
    """What makes two names one file: its device and inode (its real path where those are
    not to be had); for `-`, the file standard input is redirected from, if any."""
    try:
        if name == "-":
            if sys.stdin is None:
                return None
            held = os.fstat(sys.stdin.fileno())
            return (held.st_dev, held.st_ino) if stat.S_ISREG(held.st_mode) else None
        found = os.stat(name)
    except (OSError, ValueError):  # not there (said when it is read), or no descriptor
        return None if name == "-" else os.path.realpath(name)
    return (found.st_dev, found.st_ino)


def _warn(warnings: Sequence[Diagnostic], args: argparse.Namespace) -> None:
    """Warnings and notes to standard error, at most ``--max-errors`` of them."""
    limit = args.max_errors or None
    shown = warnings if limit is None else warnings[:limit]
    for warning in shown:
        _say(warning.format())
    if len(shown) < len(warnings):
        _say(f"… and {len(warnings) - len(shown):,} more warnings ({len(warnings):,} in all)")


def _write_output(args: argparse.Namespace, text: str, what: str, form: str = "text") -> int:
    """``text`` to standard output, or to the file of ``-o`` (CSV with a byte-order mark)."""
    if args.output is None or args.output == "-":
        _out(text if text.endswith("\n") else text + "\n", form=form)
        return EXIT_OK
    if not text.endswith("\n"):
        text += "\n"
    try:
        # Excel reads a CSV file as UTF-8 only when it starts with a byte-order mark.
        write_text_atomic(args.output, "\ufeff" + text if args.format == "csv" else text)
    except OSError as error:
        _say(f"{_name(args.output)}: error: cannot write the {what}: {error.strerror}")
        return EXIT_USAGE
    _say(f"{_name(args.output)}: {args.format} {what}")
    return EXIT_OK


def _contract_and_period(args: argparse.Namespace) -> tuple[Contract, Period | None] | int:
    """The contract of ``evaluate`` or ``report`` and its ``--period`` (None when not
    given: the latest in the readings), or the exit status after saying what is wrong
    (``-o`` onto an input or named for another format, a bad contract, a bad period)."""
    refused = _output_is_an_input(args)
    if refused is None:
        refused = _output_format(args)
    if refused is not None:
        return refused
    contract = _load(args.contract, args)
    if isinstance(contract, int):
        return contract
    if args.period is None:
        return contract, None
    chosen = _period_option(args, contract)
    return chosen if isinstance(chosen, int) else (contract, chosen)


def _evaluate(args: argparse.Namespace) -> int:
    started = _contract_and_period(args)
    if isinstance(started, int):
        return started
    contract, period = started
    resolved = _read_readings(args, contract)
    if isinstance(resolved, int):
        return resolved
    try:
        period = period or _latest_period(resolved, contract)
        if period is None:
            _say(f"{_name(_readings_name(args))}: error: there are no readings to evaluate")
            return EXIT_BAD_INPUT
        if _no_such_authority(args, resolved):
            return EXIT_BAD_INPUT
        _doing(f"rating {period.label}")
        evaluation = contract.evaluate(resolved, period=period, authority=args.authority)
    except ContractError as error:
        return _bad_input(error, _readings_name(args), args)
    nothing = _say_if_nothing_in(period, resolved, args)
    _warn_of_gaps(evaluation.warnings, resolved, args)
    render = {
        "text": evaluation.to_text,
        "markdown": evaluation.to_markdown,
        "json": evaluation.to_json,
        "csv": evaluation.to_csv,
    }[args.format]
    written = _write_output(
        args,
        render(),
        f"evaluation for {period.label}",
        form="json" if args.format == "json" else "text",
    )
    if written != EXIT_OK:
        return written
    if nothing and args.fail_on is not None:
        return EXIT_BAD_INPUT  # a gate with nothing to check does not pass
    failing = {
        None: (),
        "outside": (Status.OUTSIDE_TOLERANCE,),
        "tolerance": (Status.OUTSIDE_TOLERANCE, Status.WITHIN_TOLERANCE),
    }[args.fail_on]
    if failing and evaluation.with_status(*failing):
        return EXIT_BAD_INPUT
    return EXIT_OK


def _warn_of_gaps(
    warnings: Sequence[Diagnostic], resolved: ResolvedReadings, args: argparse.Namespace
) -> None:
    """The warnings of an evaluation beyond the readings' own (said as they were read): the
    measures with no value for a gap in their readings, at the readings files."""
    import attrs

    gaps = warnings[len(resolved.warnings) :]
    _warn([attrs.evolve(gap, source=_readings_name(args)) for gap in gaps], args)


def _say_if_nothing_in(
    period: Period, resolved: ResolvedReadings, args: argparse.Namespace
) -> bool:
    """Whether no reading falls in ``period``, after saying so: every measure is then No
    data, which a mistyped --period (or a quarter not yet reported) gives without another
    word. A note, or an error when ``--fail-on`` is given: nothing could meet it, and a
    scheduled job would pass on readings that never reached the period. And a note when
    the readings cover only part of it (a year asked for in its sixth month): a measure
    worked out from its months is then No data, which reads as if its readings were lost.

    The readings' first and last periods are named as they are: the first is the earliest
    to start, the last the latest to end, and of two that start (or end) together the
    shorter, so that monthly readings with a year's figure among them run from a month to
    a month."""
    periods = resolved.periods
    if not periods:
        return False
    first = min(periods, key=lambda p: (p.starts_on, p.span))
    last = max(periods, key=lambda p: (p.ends_on, -p.span))
    span = f"the readings run from {first.label} to {last.label}"
    if not any(p.starts_on <= period.ends_on and period.starts_on <= p.ends_on for p in periods):
        fail_on = getattr(args, "fail_on", None)
        if fail_on is None:
            _say(f"note: no reading falls in {period.label}, so every measure has no data ({span})")
        else:
            _say(
                f"{_name(_readings_name(args))}: error: no reading falls in {period.label}, so"
                f" every measure has no data and --fail-on {fail_on} has nothing to check"
                f" ({span})\n"
                f"help: give a --period that the readings cover, or the readings for"
                f" {period.label}"
            )
        return True
    if period.starts_on < first.starts_on or last.ends_on < period.ends_on:
        _say(
            f"note: {span}, not over the whole of {period.label}: a measure worked out from its"
            " months or quarters has no data for it until every one is in"
        )
    return False


def _no_such_authority(args: argparse.Namespace, resolved: ResolvedReadings) -> bool:
    """Whether ``--authority`` names none of the readings' authorities, or is not given for
    readings of several (after saying so, in the command line's words)."""
    if args.authority is None and len(resolved.authorities) > 1:
        from perfcontract.evaluation import _several_authorities

        problem = _several_authorities(resolved.authorities)
        _bad_input(ContractError([problem]), _readings_name(args), args)
        return True
    if args.authority is None or args.authority in resolved.authorities:
        return False
    wanted = quoted(args.authority)
    named = [a for a in resolved.authorities if a is not None]
    if not named:
        _say(
            f"{_name(_readings_name(args))}: error: there are no readings for authority {wanted}:"
            " the readings have no `authority` column\n"
            "help: leave out --authority, or add an `authority` column to the readings"
        )
        return True
    shown = ", ".join(quoted(name, 40) for name in named[:5]) + (", …" if len(named) > 5 else "")
    _say(
        f"{_name(_readings_name(args))}: error: there are no readings for authority {wanted}\n"
        f"help: the readings are for {shown}"
    )
    return True


def _period_option(args: argparse.Namespace, contract: Contract) -> Period | int:
    """The period of ``--period``, or the exit status after saying why it is not one."""
    from perfcontract._periodtext import read_period  # as readings' period cells are read

    try:
        return read_period(args.period, year_start=contract.year_start)
    except PeriodError as error:
        hint = f" ({error.first.hint})" if error.first.hint else ""
        return _usage_error(args, f"--period: {error.first.message}{hint}")


def _same_file(a: str, b: str) -> bool:
    """Whether two paths name one file, through links too; False if either is not there.
    ``-`` is standard input: the file it was redirected from (``< c.contract``), if any."""
    try:
        if b != "-":
            return os.path.samefile(a, b)
        if sys.stdin is None:
            return False
        held = os.fstat(sys.stdin.fileno())
        return stat.S_ISREG(held.st_mode) and os.path.samestat(os.stat(a), held)
    except (OSError, ValueError):  # io.UnsupportedOperation (no descriptor) is a ValueError
        return False


_WRITES = {
    "evaluate": "evaluation",
    "payment": "payment",
    "report": "report",
    "risk-share": "split",
    "settle": "settlement",
}


def _output_is_an_input(args: argparse.Namespace) -> int | None:
    """EXIT_USAGE, after saying so, if ``-o`` names one of the command's inputs; else None."""
    if args.output is None or args.output == "-":
        return None
    if not args.output:
        return _usage_error(args, "-o: the file name is empty; name the file to write")
    readings = getattr(args, "readings", [])
    inputs = [("contract", args.contract)]
    inputs += [
        ("readings", name) for name in ([readings] if isinstance(readings, str) else readings)
    ]
    commentary = getattr(args, "commentary", None)
    inputs += [("commentary", commentary)] if commentary is not None else []
    for what, name in inputs:
        if _same_file(args.output, name):
            return _usage_error(
                args,
                f"-o {_name(args.output)}: that is the {what} file"
                f" ({_name(name) if name != '-' else 'standard input'});"
                f" write the {_WRITES.get(args.command, 'output')} to another file",
            )
    return None


def _report(args: argparse.Namespace) -> int:
    from perfcontract.commentary import Commentary, CommentaryError
    from perfcontract.report import Report

    started = _contract_and_period(args)
    if isinstance(started, int):
        return started
    contract, period = started
    commentary = None
    if args.commentary is not None:
        try:
            if args.commentary == "-":  # Markdown, the form a commentary file is usually in
                data = _stdin_bytes()
                text = decode_utf8(data, STDIN, CommentaryError, "save the text as UTF-8")
                commentary = Commentary.from_markdown_text(text, STDIN).resolve(contract)
            else:
                commentary = Commentary.load(args.commentary, contract)
        except OSError as error:
            return _cannot_read(error, args.commentary)
        except ContractError as error:
            return _bad_input(error, _shown(args.commentary), args)
    readings = _read_readings(args, contract)
    if isinstance(readings, int):
        return readings
    period = period or _latest_period(readings, contract)
    if period is None:
        _say(f"{_name(_readings_name(args))}: error: there are no readings to report on")
        return EXIT_BAD_INPUT
    try:
        if _no_such_authority(args, readings):
            return EXIT_BAD_INPUT
        _doing(f"building the report for {period.label}")
        report = Report.build(
            contract,
            readings,
            period,
            commentary=commentary,
            authority=args.authority,
            history=args.history,
        )
    except ContractError as error:
        return _bad_input(error, _readings_name(args), args)
    _doing("writing the report")
    text = report.to_html() if args.format == "html" else report.to_markdown()
    if args.output is None or args.output == "-":
        _out(text, form="html" if args.format == "html" else "text")
    else:
        try:
            write_text_atomic(args.output, text)
        except OSError as error:
            _say(f"{_name(args.output)}: error: cannot write the report: {error.strerror}")
            return EXIT_USAGE
        _say(f"{_name(args.output)}: {args.format} report for {report.caption}")
    _say_if_nothing_in(report.period, readings, args)
    _warn_of_gaps(report.evaluation.warnings, readings, args)
    missing = report.missing_commentary()
    if missing:
        shown = missing if len(missing) <= _NAMES_ALL else missing[:_NAMES_SHOWN]
        names = ", ".join(entry.id for entry in shown)
        if len(shown) < len(missing):
            names += f", … and {len(missing) - len(shown):,} more"
        _say(f"note: no commentary for {_plural(len(missing), 'measure')} of concern: {names}")
    if report.unshown:
        count = len(report.unshown)
        places = ", ".join(f"line {c.line}" for c in report.unshown[:5])
        more = ", …" if count > 5 else ""
        _say(
            f"note: {count} commentary {'entry' if count == 1 else 'entries'} on other periods"
            f" than {report.period.label} not shown ({_name(args.commentary)}: {places}{more})"
        )
    return EXIT_OK


def _history(text: str) -> int:
    digits = text.strip()
    if digits.isdigit() and len(digits.lstrip("0")) > 18:
        return 10**18  # more periods than the calendar has; int() refuses 4,300 digits and more
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"{quoted(text)} is not a whole number of periods, 1 or more"
        )
    return value


def _contract_with(args: argparse.Namespace, block: str) -> Contract | int:
    """The contract of a command that needs its ``block`` (``risk share``, ``payment``),
    or the exit status after saying why not: ``-o`` onto an input or named for another
    format, a bad contract, or a contract without the block."""
    refused = _output_is_an_input(args)
    if refused is None:
        refused = _output_format(args)
    if refused is not None:
        return refused
    contract = _load(args.contract, args)
    if isinstance(contract, int):
        return contract
    held = contract.risk_share if block == "risk share" else contract.payment_mechanism
    if held is None:
        _say(f"{_name(args.contract)}: error: the contract has no `{block}` block")
        return EXIT_BAD_INPUT
    return contract


def _risk_share(args: argparse.Namespace) -> int:
    from perfcontract._escape import markdown_cell
    from perfcontract.money import MoneyError, format_money, parse_money

    contract = _contract_with(args, "risk share")
    if isinstance(contract, int):
        return contract
    terms = contract.risk_share
    assert terms is not None
    where = ""
    try:
        amount = parse_money(args.amount, exact=True)
        where = "--provider-can-pay: "
        can_pay = (
            None
            if args.provider_can_pay is None
            else parse_money(args.provider_can_pay, exact=True)
        )
    except MoneyError as error:
        hint = f" ({error.first.hint})" if error.first.hint else ""
        return _usage_error(args, f"{where}{error.first.message}{hint}")
    if can_pay is not None and can_pay < 0:
        return _usage_error(args, "--provider-can-pay cannot be negative")
    if args.surplus and amount < 0:
        return _usage_error(args, "--surplus: give the surplus as a positive amount")
    in_force = _terms_in_force(args, terms, contract.year_start)
    if isinstance(in_force, int):
        return in_force
    # A surplus is a gain: shared as an underspend is, and shown as the shares of it.
    sign = -1 if args.surplus else 1
    parts = in_force.split(sign * amount)
    council, provider = sign * parts.council, sign * parts.provider
    paid = provider if can_pay is None else max(min(provider, can_pay), Decimal(0))
    gain = amount < 0 or args.surplus
    if gain:
        paid = provider
        if can_pay is not None:
            _say(
                "note: --provider-can-pay limits what the provider pays of an overspend;"
                f" of {'a surplus' if args.surplus else 'an underspend'} it pays nothing:"
                " it was not used"
            )
    shortfall = provider - paid
    kind = "surplus" if args.surplus else "underspend" if amount < 0 else "overspend"
    rows = [
        (kind.capitalize(), amount),
        ("Council's share", council),
        ("Provider's share", provider),
    ]
    if can_pay is not None and not gain:
        rows += [("Provider pays", paid), ("Shortfall, met by the council", shortfall)]
        rows += [("Council in all", council + shortfall)]
    if args.format == "json":
        record = {
            "contract": contract.name,
            "kind": kind,
            "amount": str(amount),
            "council": str(council),
            "provider": str(provider),
            "provider_pays": str(paid),
            "council_meets_shortfall": str(shortfall),
            "council_total": str(council + shortfall),
        }
        text, form = json.dumps(record, indent=2, ensure_ascii=False) + "\n", "json"
    elif args.format == "csv":
        from perfcontract._csvtext import write_csv

        text, form = write_csv([["what", "amount"], *([w, f"{v:.2f}"] for w, v in rows)]), "text"
    elif args.format == "markdown":
        table = ["| What | Amount |", "|---|---:|"]
        table += [f"| {w} | {format_money(v, full=True)} |" for w, v in rows]
        title = f"**{markdown_cell(contract.name)}: risk share**"
        text, form = "\n".join([title, "", *table]) + "\n", "text"
    else:
        width = max(len(label) for label, _ in rows)
        lines = [f"{one_line(contract.name)}: risk share"]
        lines += [f"  {w:<{width}}  {format_money(v, full=True):>16}" for w, v in rows]
        text, form = "\n".join(lines) + "\n", "text"
    return _write_output(args, text, "split", form=form)


def _terms_in_force(args: argparse.Namespace, terms: RiskShare, year_start: int) -> RiskShare | int:
    """The terms for ``--period``, or the exit status after saying why there are none."""
    if args.period is None and terms.changes:
        starts = ", ".join(str(change.start) for change in terms.changes)
        return _usage_error(
            args, f"the risk share changes from {starts}: give --period, such as --period 2018/19"
        )
    from perfcontract._periodtext import read_period  # as --period is read everywhere

    try:
        if args.period is None:
            return terms.at(None)
        return terms.at(read_period(args.period, year_start=year_start))
    except PeriodError as error:
        hint = f" ({error.first.hint})" if error.first.hint else ""
        return _usage_error(args, f"--period: {error.first.message}{hint}")


def _settle(args: argparse.Namespace) -> int:
    from perfcontract.money import MoneyError, parse_money
    from perfcontract.riskshare import settle

    contract = _contract_with(args, "risk share")
    if isinstance(contract, int):
        return contract
    terms = contract.risk_share
    assert terms is not None
    in_force = _terms_in_force(args, terms, contract.year_start)
    if isinstance(in_force, int):
        return in_force
    named = [("--outturn", args.outturn), ("--projection", args.projection)]
    named += [("--provider-can-pay", args.provider_can_pay)]
    named += [("--before", amount) for amount, _, _ in args.before]
    named += [("--movement", amount) for amount, _, _ in args.movement]
    for option, value in named:
        if value is None:
            continue
        try:
            parse_money(value, exact=True)
        except MoneyError as error:
            hint = f" ({error.first.hint})" if error.first.hint else ""
            return _usage_error(args, f"{option}: {error.first.message}{hint}")
    if args.provider_can_pay is not None and parse_money(args.provider_can_pay) < 0:
        return _usage_error(args, "--provider-can-pay cannot be negative")
    # Sources and items are written into the settlement, so they must be text: an
    # argument of bytes that are not UTF-8 (in a UTF-8 locale) could be written nowhere.
    texts = [(f"--{what}-source", getattr(args, f"{what}_source")) for what in _SOURCES]
    for option in ("--before", "--movement"):
        items = getattr(args, option[2:])
        texts += [(option, text) for _, source, what in items for text in (source, what)]
    for option, text in texts:
        if _not_text(text):
            return _usage_error(
                args, f"{option}: {quoted(text)} is not text: its bytes are not UTF-8"
            )
    settlement = settle(
        in_force,
        outturn=args.outturn,
        projection=args.projection,
        funded_before_sharing=[(what, amount, source) for amount, source, what in args.before],
        provider_can_pay=args.provider_can_pay,
        provider_source=args.provider_source,
        shortfall_source=args.shortfall_source,
        council_source=args.council_source,
        movement_funding=[(what, amount, source) for amount, source, what in args.movement],
        movement_source=args.movement_source,
    )
    if settlement.notes:  # the one note there is; said as risk-share says it, too
        _say(
            "note: --provider-can-pay limits what the provider pays of an overspend;"
            " of an underspend it pays nothing: it was not used"
        )
    if args.format == "json":
        text, form = settlement.to_json(), "json"
    elif args.format == "csv":
        text, form = settlement.to_csv(), "text"
    elif args.format == "markdown":
        text, form = settlement.to_markdown() + "\n", "text"
    else:
        text, form = f"{one_line(contract.name)}: settlement\n\n{settlement.to_text()}\n", "text"
    return _write_output(args, text, "settlement", form=form)


_SOURCES = ("council", "provider", "shortfall", "movement")  # settle's --X-source options


def _not_text(argument: str) -> bool:
    """Whether a command-line argument holds bytes that were not UTF-8 (Python keeps
    each as a lone surrogate, which no file or stream can take as text)."""
    try:
        argument.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _payment(args: argparse.Namespace) -> int:
    import attrs

    from perfcontract.payment import _shorter_than_paid

    contract = _contract_with(args, "payment")
    if isinstance(contract, int):
        return contract
    assert contract.payment_mechanism is not None
    period = _period_option(args, contract)
    if isinstance(period, int):
        return period
    too_short = _shorter_than_paid(period, contract.payment_mechanism)
    if too_short is not None:
        return _usage_error(args, f"--period: {too_short.message} ({too_short.hint})")
    resolved = _read_readings(args, contract)
    if isinstance(resolved, int):
        return resolved
    try:
        if _no_such_authority(args, resolved):
            return EXIT_BAD_INPUT
        _doing(f"working out the payment for {period.label}")
        paid = contract.payment(resolved, period=period, authority=args.authority)
    except ContractError as error:
        return _bad_input(error, _readings_name(args), args)
    # Said in the text, Markdown and JSON too, but a CSV of the payment has no room for it.
    _warn([attrs.evolve(note, source=_readings_name(args)) for note in paid.notes], args)
    text = {
        "text": paid.to_text,
        "markdown": paid.to_markdown,
        "json": paid.to_json,
        "csv": paid.to_csv,
    }[args.format](lines=args.lines)
    return _write_output(
        args,
        text,
        f"payment for {paid.period.label}",
        form="json" if args.format == "json" else "text",
    )


def _fmt(args: argparse.Namespace) -> int:
    status = EXIT_OK
    for name in args.files:
        status = max(status, _fmt_file(name, args))
    return status


def _fmt_file(name: str, args: argparse.Namespace) -> int:
    """Lay out one file (``-``: standard input to standard output) as ``fmt`` does; its
    exit status. A contract that parses but is not valid is laid out all the same (the
    layout needs only the syntax, and keeps every problem: see ``format_contract``), and
    then its problems are reported, as ``check`` reports them, with exit status 1."""
    import difflib

    from perfcontract.formatter import _layout

    shown = _shown(name)
    try:
        text = _contract_text(name)
        laid_out, problems, moved = _layout(text, source=shown, check=False)
        formatted = _as_written(text, laid_out)
    except OSError as error:
        return _cannot_read(error, name)
    except ContractError as error:
        return _bad_input(error, shown, args)
    status = EXIT_OK
    if name == "-" and not (args.check or args.diff):
        _out_exactly(formatted)  # stdin, formatted, to stdout: changed or not
    elif formatted != text and (args.check or args.diff):
        if args.diff:
            diff = difflib.unified_diff(
                text.splitlines(keepends=True),
                formatted.splitlines(keepends=True),
                fromfile=visible(shown),  # the name's control characters shown, not obeyed
                tofile=f"{visible(shown)} (formatted)",
            )
            _out_exactly("".join(diff))
        if args.check:
            _say(f"{_name(shown)}: would be reformatted")
        status = EXIT_BAD_INPUT
    elif formatted != text:
        try:
            write_text_atomic(name, formatted)
        except OSError as error:
            _say(f"{_name(name)}: error: cannot write the file: {error.strerror}")
            return EXIT_USAGE
        _say(f"{_name(name)}: reformatted")
        problems = moved  # its problems where they are now
    if problems is not None:
        status = _bad_input(problems, shown, args)
    return status


def _as_written(text: str, formatted: str) -> str:
    """``formatted`` (no byte-order mark, lines ending in line feeds) as the file ``text``
    was written: with its byte-order mark, if it has one, and with CRLF line ends if its
    first line ends so (a Windows checkout, where git and editors would otherwise see
    every line changed), else line feeds.

    ```pycon
    >>> _as_written('contract "x" {\\r\\n}\\n', 'contract "x" {\\n}\\n')
    'contract "x" {\\r\\n}\\r\\n'
    >>> _as_written('\\ufeffcontract "x" { }', 'contract "x" {\\n}\\n')
    '\\ufeffcontract "x" {\\n}\\n'
    >>> _as_written('contract "x" {\\r}\\r\\r', 'contract "x" {\\n}\\n')  # classic Mac OS
    'contract "x" {\\n}\\n'

    ```
    """
    first = text.find("\n")  # -1 in a file of one line, or of carriage returns alone
    if first > 0 and text[first - 1] == "\r":
        formatted = formatted.replace("\n", "\r\n")
    return "\ufeff" + formatted if text.startswith("\ufeff") else formatted


def _max_errors(text: str) -> int:
    """The value of ``--max-errors``: a whole number, 0 for no limit; spaces around it are
    let pass, and a number beyond any count of problems is no limit.

    ```pycon
    >>> _max_errors(" 3"), _max_errors("0003"), _max_errors("9" * 30)
    (3, 3, 0)

    ```
    """
    digits = text.strip()
    if not digits.isdecimal() or not digits.isascii():  # ² is a digit, but not one int() reads
        raise argparse.ArgumentTypeError(
            f"expected a whole number of problems (0 for no limit), not `{_shown_argument(text)}`"
        )
    digits = digits.lstrip("0") or "0"
    return int(digits) if len(digits) <= 9 else 0


class _Version(argparse.Action):
    """``--version``: the installed package's version, looked up only when asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        import perfcontract

        _write(sys.stdout, f"perfcontract {perfcontract.__version__}\n")
        parser.exit()


class _Parser(argparse.ArgumentParser):
    """argparse's parser, its messages bounded and their control characters shown."""

    def print_help(self, file: SupportsWrite[str] | None = None) -> None:
        _write(file or sys.stdout, self.format_help())

    def print_usage(self, file: SupportsWrite[str] | None = None) -> None:
        _write(file or sys.stdout, self.format_usage())

    def error(self, message: str) -> NoReturn:
        _write(sys.stderr, self.format_usage())  # (None if closed: not to stdout instead)
        _say(f"{self.prog}: error: {shorten(message, 300)}")
        self.exit(EXIT_USAGE)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="perfcontract",
        description="Check and evaluate contract performance regimes written in the .contract"
        " language.",
    )
    parser.add_argument("--version", action=_Version)
    # Options every command takes, after its name.
    common = _Parser(add_help=False)
    common.add_argument(
        "--max-errors",
        metavar="N",
        type=_max_errors,
        default=50,
        help="show at most N problems of a bad file, then count the rest (default: 50;"
        " 0: show all)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    check = commands.add_parser(
        "check",
        parents=[common],
        help="validate .contract files",
        description="Validate .contract files: print a one-line summary of each good one"
        " (after its warnings, if any), and every problem in each bad one.",
    )
    check.add_argument("files", nargs="+", metavar="FILE", help="a .contract file; - for stdin")
    check.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        metavar="FORMAT",
        help="text (default), or json: the problems as a JSON array, for editors and CI",
    )
    check.set_defaults(run=_check)

    evaluate = commands.add_parser(
        "evaluate",
        parents=[common],
        help="rate a period's readings and print the scrutiny table",
        description="Rate every measure of CONTRACT from the READINGS (CSV) for a period, and"
        " print the scrutiny summary table and each measure's status and direction.",
    )
    evaluate.add_argument("contract", metavar="CONTRACT", help="the .contract file; - for stdin")
    _readings_arguments(evaluate)
    evaluate.add_argument(
        "--period",
        metavar="P",
        help='the period, such as "2017/18 Q4" (default: the latest reported in READINGS)',
    )
    evaluate.add_argument(
        "--authority", metavar="A", help="the authority, when READINGS hold several"
    )
    _format_argument(evaluate)
    evaluate.add_argument(
        "--fail-on",
        choices=("outside", "tolerance"),
        help="exit 1 if any measure is outside tolerance (outside) or short of target"
        " (tolerance), or if no reading falls in the period",
    )
    _output_argument(evaluate, "the evaluation")
    evaluate.set_defaults(run=_evaluate)

    report = commands.add_parser(
        "report",
        parents=[common],
        help="write a period's scrutiny report, in HTML or Markdown",
        description="Write the scrutiny report for a period: the summary table, red and green"
        " cards for the measures of concern and of good performance, a trend line per measure,"
        " benchmarks, volumetric context and any commentary. The HTML page is self-contained:"
        " it fetches nothing.",
    )
    report.add_argument("contract", metavar="CONTRACT", help="the .contract file; - for stdin")
    _readings_arguments(report)
    report.add_argument(
        "--period",
        metavar="P",
        help='the period, such as "2017/18 Q4" (default: the latest reported in READINGS)',
    )
    report.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="where to write the report (default: standard output), in the format its name"
        " ends in: .html, or .md (or .txt) for Markdown (never a workbook: .xlsx is refused)",
    )
    report.add_argument(
        "--format",
        choices=_REPORT_FORMATS,
        help="output format (default: the one -o's extension names, .html or .md, .txt for"
        " Markdown; else html); an -o file named for another format is refused",
    )
    report.set_defaults(formats=_REPORT_FORMATS)
    report.add_argument(
        "--commentary",
        metavar="FILE",
        help="commentary per measure and period: CSV, or Markdown (.md; -: Markdown on stdin)",
    )
    report.add_argument(
        "--authority", metavar="A", help="the authority, when READINGS hold several"
    )
    report.add_argument(
        "--history",
        metavar="N",
        type=_history,
        default=8,
        help="periods in each trend line, this one included (default: 8)",
    )
    report.set_defaults(run=_report)

    risk = commands.add_parser(
        "risk-share",
        parents=[common],
        help="split an overspend by the contract's risk share",
        description="Split AMOUNT (an overspend; negative for an underspend) between council"
        " and provider by the contract's risk-share terms, exact to the penny.",
    )
    risk.add_argument("contract", metavar="CONTRACT", help="the .contract file; - for stdin")
    risk.add_argument(
        "amount", metavar="AMOUNT", help="the amount, such as 1.35m, £950k or 1230000"
    )
    risk.add_argument(
        "--provider-can-pay",
        metavar="X",
        help="what the provider can fund; the council meets the shortfall",
    )
    risk.add_argument(
        "--surplus",
        action="store_true",
        help="AMOUNT is a surplus (a gain), shared by the gain share and shown as its shares",
    )
    risk.add_argument(
        "--period", metavar="P", help="the period, when the shares change from a date"
    )
    _format_argument(risk)
    _output_argument(risk, "the split")
    risk.set_defaults(run=_risk_share)
    _settle_parser(commands, common)
    _payment_parser(commands, common)

    fmt = commands.add_parser(
        "fmt",
        parents=[common],
        help="rewrite .contract files in the canonical layout",
        description="Rewrite each FILE in the canonical layout (indentation, clause order,"
        " spacing, quantity spelling), keeping comments. With --check or --diff nothing is"
        " written and the exit status is 1 if any file would change. A contract that parses"
        " but has errors is laid out all the same, and its errors reported (exit status 1).",
    )
    fmt.add_argument(
        "files", nargs="+", metavar="FILE", help="a .contract file; - formats stdin to stdout"
    )
    fmt.add_argument("--check", action="store_true", help="list the files that would change")
    fmt.add_argument("--diff", action="store_true", help="show the changes as a unified diff")
    fmt.set_defaults(run=_fmt)
    return parser


def _settle_parser(commands: argparse._SubParsersAction[Any], common: _Parser) -> None:
    """The `settle` command's options."""
    settle = commands.add_parser(
        "settle",
        parents=[common],
        help="work out who funds an outturn, line by line, to the penny",
        description="Fund an outturn overspend (negative: an underspend) line by line: items"
        " funded before sharing, the council's and the provider's shares of the rest of the"
        " projection (the provider's as far as it can pay, the shortfall from the council's"
        " reserves), then the movement from the projection to the outturn. Every figure is to"
        " the penny and the lines add up to the outturn; the totals by source in £m are"
        " rounded so that they add up too.",
    )
    settle.add_argument("contract", metavar="CONTRACT", help="the .contract file; - for stdin")
    settle.add_argument("--outturn", metavar="X", required=True, help="the outturn, such as 4.15m")
    settle.add_argument(
        "--projection",
        metavar="Y",
        help="the projection the share was agreed on (default: the outturn)",
    )
    settle.add_argument("--period", metavar="P", help="the period, when the shares change")
    for option, when in (("--before", "before sharing"), ("--movement", "after the share")):
        settle.add_argument(
            option,
            nargs=3,
            action="append",
            default=[],
            metavar=("AMOUNT", "SOURCE", "WHAT"),
            help=f"an item funded {when}: its amount, source and what it is (repeatable)",
        )
    settle.add_argument(
        "--provider-can-pay",
        metavar="X",
        help="what the provider can fund of its share; the council's reserves meet the rest",
    )
    for option, default in (
        ("--council-source", "general fund"),
        ("--provider-source", "provider reserves"),
        ("--shortfall-source", "council reserves"),
        ("--movement-source", "general fund"),
    ):
        settle.add_argument(
            option, metavar="S", default=default, help=f"a source (default: {default})"
        )
    _format_argument(settle)
    _output_argument(settle, "the settlement")
    settle.set_defaults(run=_settle)


def _payment_parser(commands: argparse._SubParsersAction[Any], common: _Parser) -> None:
    pay = commands.add_parser(
        "payment",
        parents=[common],
        help="work out a period's payment: the charge less service credits and deductions",
        description="Work out the payment for a period under the contract's `payment` block:"
        " for each payment period the charge, the points and credits of each line, the"
        " deduction before and after the cap, the payment, and the warnings reached. Every"
        " amount is exact to the penny.",
    )
    pay.add_argument("contract", metavar="CONTRACT", help="the .contract file; - for stdin")
    _readings_arguments(pay)
    pay.add_argument(
        "--period", metavar="P", required=True, help='the period, such as "2024/25" or "2024-05"'
    )
    pay.add_argument("--authority", metavar="A", help="the authority, when READINGS hold several")
    _format_argument(pay)
    pay.add_argument(
        "--lines", action="store_true", help="show every line: a row per period and measure"
    )
    _output_argument(pay, "the payment")
    pay.set_defaults(run=_payment)


def _readings_arguments(command: argparse.ArgumentParser) -> None:
    """READINGS... and the options that say how to read them."""
    command.add_argument(
        "readings",
        metavar="READINGS",
        nargs="+",
        help="readings files: CSV (long or wide; comma, semicolon or tab) or Excel (.xlsx);"
        " several are merged; - for standard input",
    )
    command.add_argument(
        "--missing",
        metavar="MARKER",
        action="append",
        help="a cell that means a missing value, added to the default markers"
        " (empty, c, x, z, .., :, -); give it again for more",
    )
    command.add_argument(
        "--no-default-missing",
        action="store_true",
        help="take only the --missing markers as missing values, not the default ones",
    )
    command.add_argument(
        "--sheet",
        metavar="NAME",
        help="the sheet to read in each Excel workbook, even a hidden one (default: its first"
        " visible worksheet, passing over chart sheets and hidden sheets, with a note)",
    )


def _format_argument(command: argparse.ArgumentParser) -> None:
    """--format for a command that writes text, Markdown, JSON or CSV."""
    command.add_argument(
        "--format",
        choices=_TABLE_FORMATS,
        help="output format (default: the one -o's extension names, .txt, .md, .json or .csv;"
        " else text); an -o file named for another format is refused",
    )
    command.set_defaults(formats=_TABLE_FORMATS)


# The formats of the commands that write tables, the default first.
_TABLE_FORMATS = ("text", "markdown", "json", "csv")
_REPORT_FORMATS = ("html", "markdown")

# The format a file's extension names (in any case), as -o gives it.
_EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".json": "json",
    ".csv": "csv",
    ".html": "html",
    ".htm": "html",
}
# A spreadsheet's own workbook, which perfcontract never writes: CSV is what it opens.
_WORKBOOKS = frozenset({".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"})
_ENDINGS = {"text": ".txt", "markdown": ".md", "json": ".json", "csv": ".csv", "html": ".html"}
_FORMAT_NAMES = {
    "text": "text",
    "markdown": "Markdown",
    "json": "JSON",
    "csv": "CSV",
    "html": "HTML",
}
_WRITTEN_ELSEWHERE = {  # where a format a command does not write is to be had
    "html": "`perfcontract report` writes an HTML page",
    "json": "`perfcontract evaluate` writes the results as JSON",
    "csv": "`perfcontract evaluate` writes the results as CSV",
}


def _output_format(args: argparse.Namespace) -> int | None:
    """Settle ``--format`` from the extension of ``-o``'s file; EXIT_USAGE, after saying
    why, when the two disagree.

    Without ``--format`` the extension chooses the format (``-o results.csv``
    is CSV); an extension that names no format, or standard output, leaves
    the command's default. ``--format`` with a file named for another format
    is refused, as is a file named for a format the command does not write. A
    ``.txt`` file is plain text, as Markdown is: it takes Markdown when that is
    asked for, and ``report``, which has no text format, writes Markdown there.

    ```pycon
    >>> args = argparse.Namespace(command="evaluate", format=None, output="Q4.CSV",
    ...     formats=_TABLE_FORMATS)
    >>> _output_format(args), args.format
    (None, 'csv')

    ```
    """
    formats: tuple[str, ...] | None = getattr(args, "formats", None)
    if formats is None:  # a command without -o
        return None
    named = None
    if args.output is not None and args.output != "-":
        extension = os.path.splitext(args.output)[1].lower()
        if extension in _WORKBOOKS:
            return _workbook_refused(args, formats)
        named = _EXTENSIONS.get(extension)
    takes = {named}  # the formats the file's name allows
    if named == "text":
        takes = {"text", "markdown"} if "text" not in formats or args.format else {"text"}
    if args.format is None:
        chosen = [form for form in formats if form in takes]
        if chosen or named is None:
            args.format = chosen[0] if chosen else formats[0]
            return None
    elif named is None or args.format in takes:
        return None
    assert named is not None
    file = f"-o {_name(args.output)} names {_a(named)} file"
    if args.format is not None:
        fix = f"name the file {_ENDINGS[args.format]}"
        if named in formats:
            fix += f", or leave out --format to write {_FORMAT_NAMES[named]}"
        return _usage_error(args, f"--format {args.format}, but {file}; {fix}")
    written = either(_FORMAT_NAMES[form] for form in formats)
    endings = either(_ENDINGS[form] for form in formats)
    elsewhere = f" ({_WRITTEN_ELSEWHERE[named]})" if named in _WRITTEN_ELSEWHERE else ""
    return _usage_error(
        args, f"{file}, but {args.command} writes {written}: name the file {endings}{elsewhere}"
    )


def _workbook_refused(args: argparse.Namespace, formats: tuple[str, ...]) -> int:
    """EXIT_USAGE, after saying that ``-o``'s file is named as a spreadsheet's workbook
    (``results.xlsx``), which no command writes, and what to name it instead.

    ```pycon
    >>> args = argparse.Namespace(command="evaluate", format=None, output="Q4.xlsx",
    ...     formats=_TABLE_FORMATS)
    >>> with contextlib.redirect_stderr(sys.stdout):
    ...     _workbook_refused(args, _TABLE_FORMATS)
    perfcontract evaluate: error: -o Q4.xlsx names a spreadsheet workbook, but perfcontract \
writes CSV, which Excel opens: name the file .csv
    2

    ```
    """
    file = f"-o {_name(args.output)} names a spreadsheet workbook"
    if args.format is not None and args.format != "csv":
        return _usage_error(
            args, f"--format {args.format}, but {file}; name the file {_ENDINGS[args.format]}"
        )
    if "csv" in formats:
        return _usage_error(
            args, f"{file}, but perfcontract writes CSV, which Excel opens: name the file .csv"
        )
    written = either(_FORMAT_NAMES[form] for form in formats)
    endings = either(_ENDINGS[form] for form in formats)
    return _usage_error(
        args,
        f"{file}, but {args.command} writes {written}: name the file {endings}"
        " (`perfcontract evaluate` writes the results as CSV, which Excel opens)",
    )


def _a(form: str) -> str:
    """A format's name after "a" or "an": "a CSV", "an HTML"."""
    name = _FORMAT_NAMES[form]
    return f"an {name}" if name in ("HTML",) else f"a {name}"


def _output_argument(command: argparse.ArgumentParser, what: str) -> None:
    command.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help=f"where to write {what} (default: standard output), in the format its name ends"
        " in: .txt, .md, .json or .csv (CSV with a byte-order mark, so that Excel reads it as"
        " UTF-8; never a workbook: .xlsx is refused)",
    )


_NEGATIVE_MONEY = re.compile(r"-£?[0-9][0-9,]*(?:\.[0-9]+)?(?:bn|[km])?", re.IGNORECASE)


def _negative_amounts(argv: Sequence[str]) -> list[str]:
    """Let `risk-share C -0.5m` mean an underspend, not an unknown option `-0`.

    A leading minus on an amount is written as the minus sign (−), which the
    money reader takes as the same and argparse does not take for an option.
    """
    if "risk-share" not in argv and "settle" not in argv:
        return list(argv)
    return ["\u2212" + a[1:] if _NEGATIVE_MONEY.fullmatch(a) else a for a in argv]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    try:
        status = _main(argv)
        _flush_out()
        return status
    except KeyboardInterrupt:  # Ctrl-C: a file being written is left as it was
        _say("perfcontract: interrupted")
        return EXIT_INTERRUPTED
    except _OutputError as failure:
        _reader_gone(sys.stdout)  # what is still held back goes nowhere, quietly
        _say(f"perfcontract: error: cannot write to standard output: {failure}")
        return EXIT_USAGE
    finally:
        # A reader that has gone (`perfcontract check … | head -1`) is met here at the
        # latest, not in Python's own flush at exit, which would print a traceback.
        _flush(sys.stdout)
        _flush(sys.stderr)


def _main(argv: Sequence[str] | None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(_negative_amounts(sys.argv[1:] if argv is None else argv))
    except SystemExit as stop:  # argparse has printed the usage message
        return EXIT_USAGE if stop.code else EXIT_OK
    refused = _stdin_once(args)
    if refused is None:
        refused = _empty_name(args)
    if refused is not None:
        return refused
    global _PROGRESS
    if on_terminal(sys.stderr):
        _PROGRESS = Progress(sys.stderr)
        _PROGRESS.start()
    try:
        with on_the_command_line():  # hints name --sheet, not sheet=...
            status: int = args.run(args)
    finally:
        if _PROGRESS is not None:
            _PROGRESS.stop()
            _PROGRESS = None
    return status
