"""The columns of a pandas, polars or pyarrow table as plain Python lists.

None of those libraries is imported here: a table is told by the module its
type comes from, and read through its own methods. Missing values come out as
``None`` or NaN (pandas' ``pd.NA`` and ``NaT`` included), dates as
``datetime.date`` or pandas ``Timestamp`` and periods as pandas ``Period``.
A pandas index with a name (``measure``, after a pivot) is a column too.

```pycon
>>> columns({"measure": ["A1"], "value": [26]})
Traceback (most recent call last):
...
TypeError: from_frame takes a pandas, polars or pyarrow table, not dict
>>> is_missing(float("nan")), is_missing(None), is_missing(0.0)
(True, True, False)

```
"""

from __future__ import annotations

from typing import Any

__all__ = ["columns", "is_missing"]

_MISSING_TYPES = frozenset({"NAType", "NaTType"})  # pandas' pd.NA and pd.NaT


def is_missing(value: object) -> bool:
    """Whether a table's cell holds no value: None, NaN, ``pd.NA`` or ``pd.NaT``."""
    if value is None:
        return True
    if isinstance(value, float):
        return value != value
    return type(value).__name__ in _MISSING_TYPES


def columns(frame: object) -> tuple[list[object], list[list[Any]]]:
    """The table's column names (as given) and each column's values, as lists."""
    library = type(frame).__module__.partition(".")[0]
    table: Any = frame
    if library == "pandas" and hasattr(table, "columns") and hasattr(table, "iloc"):
        if any(name is not None for name in table.index.names):  # a pivot's `measure` index
            table = table.reset_index()
        names = list(table.columns)
        return names, [table.iloc[:, index].tolist() for index in range(len(names))]
    if library == "polars" and hasattr(table, "get_columns"):
        return list(table.columns), [series.to_list() for series in table.get_columns()]
    if library == "pyarrow" and hasattr(table, "column_names"):
        names = list(table.column_names)
        return names, [table.column(index).to_pylist() for index in range(len(names))]
    raise TypeError(
        f"from_frame takes a pandas, polars or pyarrow table, not {type(frame).__name__}"
    )
