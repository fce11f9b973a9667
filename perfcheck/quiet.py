"""Keeping other libraries' chatter off the user's terminal.

Only the command line asks for this: a Python caller's logging and warnings are its own to set up. It asks
with :func:`keep_chatter_off`, which drops Python warnings at once but leaves ``logging`` alone until a library
that logs is loaded: importing ``logging`` costs ~1.5 ms, and a check of a .docx, a workbook or a text loads no
such library (issue 14). Each perfcheck module that imports one (pypdfium2; pdfplumber with pdfminer; openpyxl
where Pillow is installed) calls :func:`library_loaded` right after; ``tests/test_conventions.py`` finds those
libraries by importing each dependency and checks that every module importing one makes the call.
"""

from __future__ import annotations

import sys
from typing import Any

_WANTED: list[bool] = []  # one entry once the command line has asked


def keep_chatter_off() -> None:
    """The command line's request: no warning or log record of a library reaches the terminal from now on."""
    import warnings

    _WANTED[:] = [True]
    warnings.showwarning = _drop  # what logging.captureWarnings(True) amounts to here, without logging
    if "logging" in sys.modules:
        silence_library_chatter()


def library_loaded() -> None:
    """Called by a module that has just imported a library that logs: silences it if the command line asked."""
    if _WANTED:
        silence_library_chatter()


def silence_library_chatter() -> None:
    """Third-party log records and Python warnings never reach the user's terminal (issue 12: pdfminer's
    English "Not adding object …" on a damaged PDF). A handler on the root logger keeps the logging
    module's last-resort stderr handler out of play, and warnings are routed into logging."""
    import logging

    root = logging.getLogger()
    if not any(isinstance(handler, logging.NullHandler) for handler in root.handlers):
        root.addHandler(logging.NullHandler())
    logging.captureWarnings(True)


def _drop(*_: Any, **__: Any) -> None:
    """A warning shown to no one."""
