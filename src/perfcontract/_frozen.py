"""Frozen objects holding read-only views of dicts, that still pickle and copy.

pickle (and with it ``copy.deepcopy``, ``multiprocessing`` and joblib) cannot
write a ``MappingProxyType``. A frozen class that holds one writes its fields
with :func:`state`, each view as the dict it shows, and reads them back with
:func:`restore`, which makes each a read-only view again.

```pycon
>>> import copy
>>> @attrs.frozen
... class Held:
...     by_id: Mapping[str, int]
...     __getstate__ = state
...     __setstate__ = restore
>>> again = copy.deepcopy(Held(MappingProxyType({"A1": 1})))
>>> again.by_id, type(again.by_id).__name__
(mappingproxy({'A1': 1}), 'mappingproxy')

```
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

__all__ = ["restore", "state"]


class _View(dict[Any, Any]):
    """A read-only view, written as the dict it shows: made a view again when read."""


def state(self: Any) -> dict[str, Any]:
    """Every field of an attrs instance ``self``, each read-only view as a dict."""
    fields = attrs.fields(type(self))
    return {
        field.name: _View(value) if isinstance(value, MappingProxyType) else value
        for field in fields
        for value in (getattr(self, field.name),)
    }


def restore(self: Any, fields: Mapping[str, Any]) -> None:
    """Set the fields :func:`state` wrote on ``self``, each view a read-only view again."""
    for name, value in fields.items():
        shown = MappingProxyType(dict(value)) if isinstance(value, _View) else value
        object.__setattr__(self, name, shown)
