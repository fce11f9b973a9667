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
    _import_msgspec_alone()
    from perfcheck.cli.app import run

    try:
        run(sys.argv[1:])
        code: str | int | None = 0
    except SystemExit as done:
        code = done.code
    if "multiprocessing" in sys.modules:
        sys.exit(code)
    _exit_now(code)


def _import_msgspec_alone() -> None:
    """Import msgspec (perfcheck's records) without typing_extensions.

    msgspec imports typing_extensions when it is installed (~3 ms with the ``_socket`` module it probes), only
    to prefer its ``get_type_hints`` over ``typing``'s; without it msgspec uses ``typing``'s, a setup it
    supports (typing_extensions is not one of its dependencies). perfcheck's records need no more, so the
    command line imports msgspec while typing_extensions is marked absent, then lifts the mark: a library
    imported later still gets it. Only here, where the program owns the process; a Python caller of perfcheck
    imports msgspec as it is.
    """
    if "msgspec" in sys.modules or "typing_extensions" in sys.modules:
        return
    sys.modules["typing_extensions"] = None  # type: ignore[assignment]  # "import typing_extensions" fails
    try:
        import msgspec  # noqa: F401
    finally:
        del sys.modules["typing_extensions"]


def _exit_now(code: str | int | None) -> None:
    if code is not None and not isinstance(code, int):  # sys.exit("…") prints its message and exits 1
        sys.stderr.write(f"{code}\n")
        code = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (perfcheck … | head): nothing more to say
            stream.flush()
    os._exit(code or 0)
