"""The command line: parses options, calls the library, maps errors to exit codes. The only place that exits.

``perfcheck FILE`` is short for ``perfcheck check FILE``. Exit codes (README): 0 nothing at or above
``--fail-on``; 1 findings at or above it; 2 usage, configuration or rule-pack error; 3 an input could
not be read. Each command lives in its own module and registers itself on :data:`app`.
"""

from __future__ import annotations

import contextlib
import os
import sys

from perfcheck.cli import collector

__all__ = ["main"]


def main() -> None:
    """Console entry point.

    Once a command has finished and its output is flushed the process ends at once (``os._exit``, as
    mypy's fast exit does): Python's own teardown of the ~280 modules and the objects a check loaded took
    ~20 ms of a ~130 ms check, and there is nothing left for it to do (every file is written and closed
    inside the command, temporary folders are removed by their ``with``). A batch exits the usual way:
    its worker processes are reaped by multiprocessing's exit handler.

    The garbage collector is off while the program starts (:mod:`perfcheck.cli.collector`); the command
    turns it back on once it has imported what it needs.
    """
    collector.pause()
    from perfcheck.cli.app import run

    try:
        run(sys.argv[1:])
        code: str | int | None = 0
    except SystemExit as done:
        code = done.code
    if "multiprocessing" in sys.modules:
        sys.exit(code)
    _exit_now(code)


def _exit_now(code: str | int | None) -> None:
    if code is not None and not isinstance(code, int):  # sys.exit("…") prints its message and exits 1
        sys.stderr.write(f"{code}\n")
        code = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (perfcheck … | head): nothing more to say
            stream.flush()
    os._exit(code or 0)
