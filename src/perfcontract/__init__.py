"""perfcontract: a public-service contract's performance regime as checked, versionable code.

```pycon
>>> import perfcontract as pc
>>> contract = pc.load("examples/dcst-2017-18.contract")
>>> contract["A1"].target_at("2017/18 Q4"), contract["A1"].tolerance_at("2017/18 Q4")
(Decimal('22'), Decimal('28'))

```
"""

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
from perfcontract.periods import Period, PeriodKind, parse_period
from perfcontract.status import Direction, Status

__all__ = [
    "Aggregate",
    "Band",
    "Benchmark",
    "Contract",
    "ContractError",
    "ContractSyntaxError",
    "ContractValidationError",
    "Diagnostic",
    "Direction",
    "Group",
    "Margin",
    "Measure",
    "MeasureKind",
    "Metadata",
    "Period",
    "PeriodError",
    "PeriodKind",
    "Polarity",
    "Position",
    "ReadingsError",
    "Reporting",
    "RiskShare",
    "ShareBand",
    "Status",
    "Term",
    "Unit",
    "UnitKind",
    "load",
    "loads",
    "parse_period",
]
