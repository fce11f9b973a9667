"""Python's cyclic garbage collector is paused while the program starts (issue 14).

Start-up imports ~280 modules and loads the rule packs; every object that makes lives until the process ends,
yet the collector walks them again and again as they pile up (~5 ms of a ~110 ms check: medians of the whole
process with and without the pause, taking turns). So the entry point pauses the collector before its first
import, and the command resumes it once its imports are done: ``gc.freeze`` first moves everything made so far
out of the collector's sight for good, then collection runs as usual, so a report's own garbage is still
collected and memory stays bounded by the report, not by how long the collector was off. This is the start-up
use of ``gc.freeze`` the Python documentation describes.

Only :func:`perfcheck.cli.main` pauses; a Python caller of :func:`perfcheck.cli.app.run` never has its
collector touched (``resume`` is then a no-op).
"""

from __future__ import annotations

import gc

_paused: list[bool] = []  # one entry while this module holds the collector off


def pause() -> None:
    """Stop the collector, unless it is already off (someone else's choice, left alone)."""
    if gc.isenabled() and not _paused:
        gc.disable()
        _paused.append(True)


def resume() -> None:
    """The objects made so far are start-up's and stay: freeze them out of the collector's sight, then
    collect again. Called by the command once it has imported what it needs; a no-op when not paused."""
    if _paused:
        _paused.clear()
        gc.freeze()
        gc.enable()
