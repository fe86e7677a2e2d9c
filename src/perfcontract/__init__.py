"""perfcontract: a public-service contract's performance regime as checked, versionable code.

```pycon
>>> import perfcontract as pc
>>> contract = pc.load("examples/dcst-2017-18.contract")
>>> contract["A1"].target_at("2017/18 Q4"), contract["A1"].tolerance_at("2017/18 Q4")
(Decimal('22'), Decimal('28'))
>>> import importlib.metadata
>>> pc.__version__ == importlib.metadata.version("perfcontract")
True

```
"""

from importlib import import_module as _import_module
from typing import TYPE_CHECKING

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
    Season,
    ShareBand,
    ShareChange,
    Term,
    Unit,
    UnitKind,
    Window,
)
from perfcontract.periods import Period, PeriodKind, parse_period
from perfcontract.status import Direction, Status

if TYPE_CHECKING:
    from perfcontract.commentary import Comment, Commentary, CommentaryError
    from perfcontract.engine import Thresholds
    from perfcontract.evaluation import (
        BenchmarkComparison,
        Evaluation,
        Evaluations,
        MeasureResult,
        rate_many,
    )
    from perfcontract.money import MoneyError, format_money, parse_money
    from perfcontract.payment import (
        Deduction,
        Payment,
        PaymentLine,
        PaymentMechanism,
        PaymentWarning,
        PeriodPayment,
        WarningThreshold,
    )
    from perfcontract.readings import Reading, Readings, ResolvedReadings
    from perfcontract.report import Report, ReportEntry, Section, TrendPoint
    from perfcontract.riskshare import (
        Exposure,
        Funding,
        Settlement,
        Split,
        exposure,
        settle,
        split_many,
    )
    from perfcontract.summary import Summary, SummaryRow

# Everything beyond reading and checking a contract loads on first use, so that
# `perfcontract check` starts fast; several of these need numpy, which takes
# longer to import than the rest of the package together.
_ON_FIRST_USE = {
    "BenchmarkComparison": "perfcontract.evaluation",
    "Comment": "perfcontract.commentary",
    "Deduction": "perfcontract.payment",
    "Commentary": "perfcontract.commentary",
    "CommentaryError": "perfcontract.commentary",
    "Evaluation": "perfcontract.evaluation",
    "Evaluations": "perfcontract.evaluation",
    "Exposure": "perfcontract.riskshare",
    "Funding": "perfcontract.riskshare",
    "MeasureResult": "perfcontract.evaluation",
    "MoneyError": "perfcontract.money",
    "Payment": "perfcontract.payment",
    "PaymentLine": "perfcontract.payment",
    "PaymentMechanism": "perfcontract.payment",
    "PaymentWarning": "perfcontract.payment",
    "PeriodPayment": "perfcontract.payment",
    "Reading": "perfcontract.readings",
    "Readings": "perfcontract.readings",
    "Report": "perfcontract.report",
    "ReportEntry": "perfcontract.report",
    "ResolvedReadings": "perfcontract.readings",
    "Section": "perfcontract.report",
    "Settlement": "perfcontract.riskshare",
    "Split": "perfcontract.riskshare",
    "Summary": "perfcontract.summary",
    "SummaryRow": "perfcontract.summary",
    "Thresholds": "perfcontract.engine",
    "TrendPoint": "perfcontract.report",
    "WarningThreshold": "perfcontract.payment",
    "exposure": "perfcontract.riskshare",
    "format_money": "perfcontract.money",
    "parse_money": "perfcontract.money",
    "rate_many": "perfcontract.evaluation",
    "settle": "perfcontract.riskshare",
    "split_many": "perfcontract.riskshare",
}


def __getattr__(name: str) -> object:
    if name in _ON_FIRST_USE:
        return getattr(_import_module(_ON_FIRST_USE[name]), name)
    if name == "__version__":
        # Read from the installed package's metadata, on first use only:
        # importing importlib.metadata costs more than `perfcontract check` can spare.
        from importlib import metadata

        return metadata.version("perfcontract")
    raise AttributeError(f"module 'perfcontract' has no attribute {name!r}")


def __dir__() -> list[str]:
    """The public names only: not the helpers this module imports for itself."""
    return sorted([*__all__, "__version__"])


__all__ = [
    "Aggregate",
    "Band",
    "Benchmark",
    "BenchmarkComparison",
    "Comment",
    "Commentary",
    "CommentaryError",
    "Contract",
    "ContractError",
    "ContractSyntaxError",
    "ContractValidationError",
    "Deduction",
    "Diagnostic",
    "Direction",
    "Evaluation",
    "Evaluations",
    "Exposure",
    "Funding",
    "Group",
    "Margin",
    "Measure",
    "MeasureKind",
    "MeasureResult",
    "Metadata",
    "MoneyError",
    "Payment",
    "PaymentLine",
    "PaymentMechanism",
    "PaymentWarning",
    "Period",
    "PeriodError",
    "PeriodKind",
    "PeriodPayment",
    "Polarity",
    "Position",
    "Reading",
    "Readings",
    "ReadingsError",
    "Report",
    "ReportEntry",
    "Reporting",
    "ResolvedReadings",
    "RiskShare",
    "Season",
    "Section",
    "Settlement",
    "ShareBand",
    "ShareChange",
    "Split",
    "Status",
    "Summary",
    "SummaryRow",
    "Term",
    "Thresholds",
    "TrendPoint",
    "Unit",
    "UnitKind",
    "WarningThreshold",
    "Window",
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

# Used above only: not part of the package's namespace.
del TYPE_CHECKING
