"""Output files written whole or not at all: a temporary file beside the target, renamed over it at the end.

A reader (or an interrupted run) never sees half a file, and an existing output is only replaced by a
complete one. The temporary file starts private (mkstemp); the finished file gets the permissions any
saved file would have under the user's umask.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any


@contextlib.contextmanager
def atomic_output(path: Path, binary: bool = False, encoding: str = "utf-8") -> Iterator[IO[Any]]:
    """A stream to a temporary file beside ``path``, renamed over ``path`` only if the block completes.

    Raises OSError (IsADirectoryError for a folder) for a target that cannot be written.
    """
    path, (handle, temporary) = _beside(path)
    try:
        if binary:
            with os.fdopen(handle, "wb") as stream:
                yield stream
        else:
            with os.fdopen(handle, "w", encoding=encoding, newline="") as stream:
                yield stream
        _publish(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def save_atomically(path: Path, save: Callable[[str], Any]) -> None:
    """Run ``save(temporary_path)`` (a library's own save method), then rename over ``path``."""
    path, (handle, temporary) = _beside(path)
    os.close(handle)
    try:
        save(temporary)
        _publish(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _beside(path: Path) -> tuple[Path, tuple[int, str]]:
    path = path.resolve()
    if path.is_dir():
        raise IsADirectoryError(str(path))
    return path, tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)


def _publish(temporary: str, path: Path) -> None:
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes it private; an output is shared like any saved file
    os.replace(temporary, path)
