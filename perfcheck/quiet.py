"""Keeping other libraries' chatter off the user's terminal."""

from __future__ import annotations


def silence_library_chatter() -> None:
    """Third-party log records and Python warnings never reach the user's terminal (issue 12: pdfminer's
    English "Not adding object …" on a damaged PDF). A handler on the root logger keeps the logging
    module's last-resort stderr handler out of play, and warnings are routed into logging."""
    import logging

    root = logging.getLogger()
    if not any(isinstance(handler, logging.NullHandler) for handler in root.handlers):
        root.addHandler(logging.NullHandler())
    logging.captureWarnings(True)
