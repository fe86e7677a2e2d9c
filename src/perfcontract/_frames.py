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
>>> import polars as pl
>>> columns(pl.DataFrame({"measure": ["A1"]}).lazy())
Traceback (most recent call last):
...
TypeError: a polars LazyFrame is a query, not a table: .collect() it first and pass the \
DataFrame it gives
>>> is_missing(float("nan")), is_missing(None), is_missing(0.0)
(True, True, False)

```
"""

from __future__ import annotations

from typing import Any

__all__ = ["LAZY", "LIBRARIES", "columns", "is_missing", "named_columns", "refuse_lazy"]

# The libraries whose tables are read, each named by the top of its types' module.
LIBRARIES = frozenset({"pandas", "polars", "pyarrow"})

_MISSING_TYPES = frozenset({"NAType", "NaTType"})  # pandas' pd.NA and pd.NaT

LAZY = (
    "a polars LazyFrame is a query, not a table: .collect() it first and pass the DataFrame"
    " it gives"
)


def refuse_lazy(frame: object) -> None:
    """Raise TypeError saying :data:`LAZY` for a polars LazyFrame, which holds no values
    until it is collected (reading its columns would run the query unasked)."""
    if type(frame).__module__.partition(".")[0] == "polars" and any(
        kind.__name__ == "LazyFrame" for kind in type(frame).__mro__
    ):
        raise TypeError(LAZY)


def is_missing(value: object) -> bool:
    """Whether a table's cell holds no value: None, NaN, ``pd.NA`` or ``pd.NaT``."""
    if value is None:
        return True
    if isinstance(value, float):
        return value != value
    return type(value).__name__ in _MISSING_TYPES


def columns(frame: object) -> tuple[list[object], list[list[Any]]]:
    """The table's column names (as given) and each column's values, as lists."""
    refuse_lazy(frame)
    library = type(frame).__module__.partition(".")[0]
    table: Any = frame
    if library == "pandas" and hasattr(table, "columns") and hasattr(table, "iloc"):
        if any(name is not None for name in table.index.names):  # a pivot's `measure` index
            table = table.reset_index()
        names = list(table.columns)
        series = [table.iloc[:, index] for index in range(len(names))]
        return names, [_values(s.tolist(), s.dtype) for s in series]
    if library == "polars" and hasattr(table, "get_columns"):
        return list(table.columns), [_values(s.to_list(), s.dtype) for s in table.get_columns()]
    if library == "pyarrow" and hasattr(table, "column_names"):
        names = list(table.column_names)
        arrays = [table.column(index) for index in range(len(names))]
        return names, [_values(a.to_pylist(), a.type) for a in arrays]
    raise TypeError(
        f"from_frame takes a pandas, polars or pyarrow table, not {type(frame).__name__}"
    )


def named_columns(frame: object) -> tuple[list[object], list[Any]] | None:
    """A table's column names and its columns, as the table holds them; None for what has
    no named columns (a numpy array, a list). A table is told by its ``columns``: a pandas
    or polars frame, or a pyarrow table (whose ``column_names`` name them). A polars
    LazyFrame is refused (:func:`refuse_lazy`).

    ```pycon
    >>> import numpy as np
    >>> named_columns(np.zeros((2, 2))) is None, named_columns([[1.0, 2.0]]) is None
    (True, True)

    ```
    """
    refuse_lazy(frame)
    table: Any = frame
    if not hasattr(table, "columns") or hasattr(table, "__array_interface__"):
        return None
    if hasattr(table, "column_names") and hasattr(table, "column"):  # pyarrow
        names = list(table.column_names)
        return names, [table.column(index) for index in range(len(names))]
    names = list(table.columns)
    if hasattr(table, "iloc"):  # pandas: by place, as two columns may share a name
        return names, [table.iloc[:, index] for index in range(len(names))]
    if hasattr(table, "get_columns"):  # polars
        return names, list(table.get_columns())
    return names, [table[name] for name in names]


# Single and half precision, as pandas, polars and pyarrow name them.
_NARROW_FLOATS = frozenset({"float32", "float16", "float", "halffloat"})


def _values(values: list[Any], dtype: object) -> list[Any]:
    """A column's values; single- or half-precision floats read as their shortest decimal
    form in that precision (a float32 95.1 is 95.1, not 95.0999984741211)."""
    if str(dtype).lower() not in _NARROW_FLOATS:
        return values
    import numpy as np  # a table of floats has brought numpy in already

    narrow = np.float16 if str(dtype).lower() in {"float16", "halffloat"} else np.float32
    return [
        v if is_missing(v) or not isinstance(v, float) else float(str(narrow(v))) for v in values
    ]
