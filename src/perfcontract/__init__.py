"""perfcontract: a public-service contract's performance regime as checked, versionable code.

```pycon
>>> import perfcontract as pc
>>> contract = pc.load("examples/dcst-2017-18.contract")
>>> contract["A1"].target_at("2017/18 Q4"), contract["A1"].tolerance_at("2017/18 Q4")
(Decimal('22'), Decimal('28'))

```
"""

import importlib
from typing import TYPE_CHECKING, Any

from perfcontract.errors import (
    ContractError,
    ContractSyntaxError,
    ContractValidationError,
    Diagnostic,
    PeriodError,
    ReadingsError,
)
from perfcontract.loader import load, loads
from perfcontract.model import (
    Aggregate,
    Band,
    Benchmark,
    Contract,
    Group,
    Margin,
    Measure,
    MeasureKind,
    Metadata,
    Polarity,
    Position,
    Reporting,
    RiskShare,
    ShareBand,
    Term,
    Unit,
    UnitKind,
)
from perfcontract.money import MoneyError, format_money, parse_money
from perfcontract.periods import Period, PeriodKind, parse_period
from perfcontract.readings import Reading, Readings, ResolvedReadings
from perfcontract.riskshare import Funding, Settlement, Split, settle
from perfcontract.status import Direction, Status
from perfcontract.summary import Summary, SummaryRow

if TYPE_CHECKING:
    from perfcontract.engine import Thresholds
    from perfcontract.evaluation import BenchmarkComparison, Evaluation, MeasureResult, rate_many
    from perfcontract.riskshare import Exposure, exposure, split_many

# These need numpy, which takes longer to import than the rest of the package
# together: they load on first use, so that `perfcontract check` starts fast.
_NEEDS_NUMPY = {
    "Exposure": "perfcontract.riskshare",
    "exposure": "perfcontract.riskshare",
    "split_many": "perfcontract.riskshare",
    "BenchmarkComparison": "perfcontract.evaluation",
    "Evaluation": "perfcontract.evaluation",
    "MeasureResult": "perfcontract.evaluation",
    "Thresholds": "perfcontract.engine",
    "rate_many": "perfcontract.evaluation",
}


def __getattr__(name: str) -> Any:
    if name in _NEEDS_NUMPY:
        return getattr(importlib.import_module(_NEEDS_NUMPY[name]), name)
    raise AttributeError(f"module 'perfcontract' has no attribute {name!r}")


__all__ = [
    "Aggregate",
    "Band",
    "Benchmark",
    "BenchmarkComparison",
    "Contract",
    "ContractError",
    "ContractSyntaxError",
    "ContractValidationError",
    "Diagnostic",
    "Direction",
    "Evaluation",
    "Exposure",
    "Funding",
    "Group",
    "Margin",
    "Measure",
    "MeasureKind",
    "MeasureResult",
    "Metadata",
    "MoneyError",
    "Period",
    "PeriodError",
    "PeriodKind",
    "Polarity",
    "Position",
    "Reading",
    "Readings",
    "ReadingsError",
    "Reporting",
    "ResolvedReadings",
    "RiskShare",
    "Settlement",
    "ShareBand",
    "Split",
    "Status",
    "Summary",
    "SummaryRow",
    "Term",
    "Thresholds",
    "Unit",
    "UnitKind",
    "exposure",
    "format_money",
    "load",
    "loads",
    "parse_money",
    "parse_period",
    "rate_many",
    "settle",
    "split_many",
]
