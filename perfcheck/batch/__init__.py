"""Many reports at once, above the engine: ``runner`` finds the files and gathers the verdicts,
``pool`` is the killable worker processes behind ``--jobs`` and ``--timeout``, ``similarity`` finds
near-identical texts across a batch."""

from perfcheck.batch.runner import (
    BatchReport,
    ReportRow,
    check_files,
    discover_inputs,
    require_inputs,
    ruleset_for,
    run_batch,
    unit_and_year,
    worst_first,
)

__all__ = [
    "BatchReport",
    "ReportRow",
    "check_files",
    "discover_inputs",
    "require_inputs",
    "ruleset_for",
    "run_batch",
    "unit_and_year",
    "worst_first",
]
