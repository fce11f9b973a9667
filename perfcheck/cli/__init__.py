"""The command line: parses options, calls the library, maps errors to exit codes. The only place that exits.

``perfcheck FILE`` is short for ``perfcheck check FILE``. Exit codes (README): 0 nothing at or above
``--fail-on``; 1 findings at or above it; 2 usage, configuration or rule-pack error; 3 an input could
not be read. Each command lives in its own module and registers itself on :data:`app`.
"""

from __future__ import annotations

import sys

from perfcheck.cli import batch, check, config, inspect, rules  # noqa: F401  (register the commands)
from perfcheck.cli.app import app, run

__all__ = ["app", "main"]


def main() -> None:
    """Console entry point."""
    run(sys.argv[1:])
