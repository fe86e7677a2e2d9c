"""A contract's fingerprint: a short hash of what it says, worked out once.

The hash is of the contract as JSON: each attrs instance's compared fields
in their names' order, so reformatting the file (``perfcontract fmt``), which
moves clauses but changes no term, keeps it. It is worked out on first use
and kept with the contract, and with it in the cache of compiled contracts
(:mod:`perfcontract._contract_cache`), so a large contract read back
compiled has it already.

```pycon
>>> import perfcontract as pc
>>> contract = pc.loads('contract "Demo" { reporting quarterly }')
>>> first = contract_fingerprint(contract)
>>> len(first), first is contract_fingerprint(contract)  # the same text, worked out once
(10, True)
>>> import attrs
>>> contract_fingerprint(attrs.evolve(contract, name="Other")) == first
False

```
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

import attrs

from perfcontract.model import Contract

__all__ = ["contract_fingerprint"]


def contract_fingerprint(contract: Contract) -> str:
    """The first ten hexadecimal digits of the SHA-256 of :func:`_contract_json`, worked
    out once for each contract."""
    found = contract._derived.get("fingerprint")
    if found is None:
        data = _contract_json(contract).encode("utf-8")
        found = contract._derived["fingerprint"] = hashlib.sha256(data).hexdigest()[:10]
    return found


def _contract_json(contract: Contract) -> str:
    """What a contract's fingerprint hashes: exactly what ``json.dumps(attrs.asdict(contract,
    filter=compared), default=str, sort_keys=True, ensure_ascii=False)`` writes, where
    ``compared`` keeps the fields that take part in equality, and leaves out a missing
    payment block (so that a contract without one keeps the fingerprint it had).

    It is written straight from the model, without the dicts in between: each attrs
    instance's fields in their names' order, as ``sort_keys`` puts them, and each part
    a contract shares (one metadata record, a unit for many measures, the periods its
    terms start in) written once, and its text used again wherever it is met.
    """
    written: dict[int, str] = {}  # by identity: the contract holds every part throughout

    def write(value: Any) -> str:
        if value is None:
            return "null"
        if value is True:
            return "true"
        if value is False:
            return "false"
        kind = type(value)
        if kind is str:
            return _json_string(value)
        if kind is int:
            return int.__repr__(value)
        text = written.get(id(value))
        if text is None:
            text = written[id(value)] = _json_of(value, write)
        return text

    fields = [
        (name, head)
        for name, head in _fields(Contract)
        if name != "payment_mechanism" or contract.payment_mechanism is not None
    ]
    return "{" + ", ".join([head + write(getattr(contract, name)) for name, head in fields]) + "}"


def _json_of(value: Any, write: Callable[[Any], str]) -> str:
    """Any value but a string, a whole number, a boolean and None as JSON writes it, its
    parts written by ``write``."""
    kind = type(value)
    if kind in _FIELDS or attrs.has(kind):
        fields = _fields(kind)
        return "{" + ", ".join([head + write(getattr(value, name)) for name, head in fields]) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join([write(item) for item in value]) + "]"
    if isinstance(value, (str, int, float, dict, set, frozenset)):
        # a float, an enum of strings or numbers, a mapping: as JSON itself writes them
        return json.dumps(value, default=_json_default, sort_keys=True, ensure_ascii=False)
    return _json_string(str(value))  # a Decimal, an enum: as default=str writes it


def _json_default(value: Any) -> Any:
    """For JSON, an attrs instance as its compared fields, anything else as ``str()``."""
    if attrs.has(type(value)):
        return {name: getattr(value, name) for name, _ in _fields(type(value))}
    return str(value)


_json_string = json.encoder.encode_basestring  # a string as JSON writes it, not ASCII-only

# Each attrs class's compared fields, in their names' order, each with the JSON written
# before its value: ("aggregate", '"aggregate": ').
_FIELDS: dict[type, tuple[tuple[str, str], ...]] = {}


def _fields(kind: type) -> tuple[tuple[str, str], ...]:
    found = _FIELDS.get(kind)
    if found is None:
        names = sorted(a.name for a in attrs.fields(kind) if a.eq is not False)
        found = _FIELDS[kind] = tuple((name, f"{_json_string(name)}: ") for name in names)
    return found
