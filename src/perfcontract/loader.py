"""Reading a contract: ``load`` a file or ``loads`` a string.

```pycon
>>> import perfcontract as pc
>>> contract = pc.loads('contract "Demo" { council "A council" provider "A trust" }')
>>> contract.name, contract.council, contract.provider
('Demo', 'A council', 'A trust')

```
"""

from __future__ import annotations

import os

from perfcontract import _contract_cache
from perfcontract._collector import paused
from perfcontract.errors import ContractSyntaxError, Diagnostic, decode_utf8
from perfcontract.model import Contract

__all__ = ["decode_text", "load", "loads", "loads_file", "read_text"]


def loads(text: str, source: str = "<string>") -> Contract:
    """Compile the text of a ``.contract`` file into a :class:`~perfcontract.model.Contract`.

    ``source`` names the text in error messages. A syntax error raises
    :class:`~perfcontract.errors.ContractSyntaxError`; any other problem
    raises :class:`~perfcontract.errors.ContractValidationError` listing
    every problem in the text. A contract of 64 KiB or more is kept compiled
    in the user's cache directory and read back while its text, its name and
    perfcontract are the same (docs/reference/cache.md); a file's contract
    (:func:`load`, and every command) is kept whatever its size.

    ```pycon
    >>> import perfcontract as pc
    >>> pc.loads('contract "Demo" { year starts January }').year_start
    1
    >>> try:
    ...     pc.loads('contract "Demo" { year starts Apirl }', source="demo.contract")
    ... except pc.ContractError as error:
    ...     print(error)
    demo.contract:1:31: error: `Apirl` is not a month; `year starts` takes a month such as April
        1 | contract "Demo" { year starts Apirl }
          |                               ^~~~~
    help: did you mean `April`?

    ```
    """
    if not isinstance(text, str):  # bytes gave "a bytes-like object is required, not 'str'"
        given = type(text).__name__
        advice = ": decode them (data.decode('utf-8')), or pass the file to pc.load"
        raise TypeError(
            f"loads takes a contract's text (str), not {given}"
            + (advice if isinstance(text, bytes | bytearray | memoryview) else "")
        )
    return _compiled(text, source, None)


def loads_file(text: str, source: str) -> Contract:
    """The contract in the text of the file ``source``: as :func:`loads` compiles it, and
    kept compiled whatever its size, since a file is read again (a command on a small
    contract then never imports the parser).

    ```pycon
    >>> loads_file('contract "Demo" { year starts January }', "demo.contract").source
    'demo.contract'

    ```
    """
    return _compiled(text, source, 0)


def _compiled(text: str, source: str, smallest: int | None) -> Contract:
    """The contract of ``text``: read back compiled if it was kept (when it has
    ``smallest`` characters or more; a string given to :func:`loads` the cache's own
    smallest, None), else parsed, checked and kept."""
    text = contract_text(text)
    kept_at = _contract_cache.cache_file(text, source, smallest)  # compiled before?
    if kept_at is not None:
        contract = _contract_cache.kept(kept_at, source)
        if contract is not None:
            return contract
    # The parser, and lark, only when a contract is to be parsed.
    from perfcontract._compile import compile_contract
    from perfcontract._parse import parse_tree

    with paused():  # tens of thousands of small acyclic records: see _collector
        contract = compile_contract(parse_tree(text, source), text, source)
    if kept_at is not None:
        _contract_cache.keep(kept_at, contract)
    return contract


def contract_text(text: str) -> str:
    """A contract's text as the parser reads it: no byte-order mark, and the line ends of
    a file saved with a carriage return alone (classic Mac OS) as line feeds, so that a
    comment ends with its line there too. CRLF is read as it is.

    ```pycon
    >>> contract_text("\\ufeffcontract 'x' {\\r# a comment\\r}\\r")
    "contract 'x' {\\n# a comment\\n}\\n"

    ```
    """
    text = text.removeprefix("\ufeff")
    if "\r" in text and "\n" not in text:
        return text.replace("\r", "\n")
    return text


def load(path: str | os.PathLike[str]) -> Contract:
    """Read and compile a ``.contract`` file (UTF-8, with or without a BOM; LF or CRLF).

    Errors name the file as it was given.

    ```pycon
    >>> import perfcontract as pc
    >>> len(pc.load("examples/dcst-2017-18.contract").contractual)
    20

    ```
    """
    name = os.fspath(path)
    return loads_file(read_text(name), source=name)


def read_text(path: str | os.PathLike[str]) -> str:
    """The text of a ``.contract`` file, or a ContractSyntaxError where it is not UTF-8."""
    name = os.fspath(path)
    with open(name, "rb") as file:
        data = file.read()
    return decode_text(data, name)


def decode_text(data: bytes, source: str) -> str:
    """The text of a ``.contract`` file's bytes, or a ContractSyntaxError where it is not UTF-8.

    ```pycon
    >>> decode_text("target £5m".encode(), "<stdin>")
    'target £5m'

    ```
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Notepad's and Word's "Unicode"
        problem = Diagnostic(
            "this file is UTF-16 (it starts with UTF-16's byte order mark), not UTF-8",
            source=source,
            line=1,
            column=1,
            hint="save the file as UTF-8: in Notepad, File > Save As, Encoding UTF-8",
        )
        raise ContractSyntaxError([problem])
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):  # a zip (.xlsx) or OLE (.xls)
        problem = Diagnostic(
            "this file is a workbook or a document (an Excel .xlsx or .xls, say), not the text"
            " of a contract",
            source=source,
            line=1,
            column=1,
            hint="a contract is a text file; a command takes the contract first, then the"
            " readings: `perfcontract evaluate my.contract readings.xlsx`",
        )
        raise ContractSyntaxError([problem])
    hint = "save the file as UTF-8 (a £ sign saved in another encoding is the usual cause)"
    return decode_utf8(data, source, ContractSyntaxError, hint)
