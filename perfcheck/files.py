"""Reading a file the user named, bounded and only if it is a regular file (issue 12).

A FIFO blocks forever, ``/dev/zero`` reads until memory runs out, a socket cannot be read at all: each is
refused *before* reading, from the opened file's own status (``os.fstat``), so nothing can be swapped in
between a check and the read. The file is opened non-blocking where the platform has the flag, so even
opening a FIFO returns at once. Every read is bounded: a report by :data:`REPORT_LIMIT`, a rule,
configuration or waiver file by :data:`SMALL_FILE_LIMIT` (the README lists both).

``refuse(problem)`` builds the caller's own error (an ``InputError`` for a report, exit 3; a
``RuleError`` / ``ConfigError`` / ``WaiverError`` for the others, exit 2), so each names its file.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable
from pathlib import Path

REPORT_LIMIT = 200 * 1024 * 1024  # bytes: a report of 200 MB is already far beyond any real one
SMALL_FILE_LIMIT = 4 * 1024 * 1024  # bytes: a rule, configuration or waiver file (real ones are a few KB)

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)


def size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


def read_bounded(path: Path, limit: int, refuse: Callable[[str], Exception]) -> bytes:
    """The bytes of the regular file ``path`` (at most ``limit``), or ``refuse(problem)`` raised.

    ``FileNotFoundError`` and ``IsADirectoryError`` are raised as they are, for callers that treat a
    missing file differently (an absent waiver file holds no waivers)."""
    if path.is_dir():
        raise IsADirectoryError(str(path))
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except (FileNotFoundError, IsADirectoryError):
        raise
    except PermissionError:
        raise refuse("没有读取权限") from None
    except OSError as error:  # a socket cannot be opened (ENXIO), among others
        mode = _special_mode(path)
        raise refuse(_not_a_file(mode) if mode is not None else f"无法读取（{error.strerror or error}）") from None
    with os.fdopen(descriptor, "rb", buffering=0) as handle:
        status = os.fstat(handle.fileno())
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError(str(path))
        if not stat.S_ISREG(status.st_mode):
            raise refuse(_not_a_file(status.st_mode))
        if status.st_size > limit:
            raise refuse(f"文件过大（{size_text(status.st_size)}，上限 {size_text(limit)}）")
        _blocking(handle.fileno())
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = handle.read(min(1024 * 1024, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:  # it grew while being read
            raise refuse(f"文件过大（超过上限 {size_text(limit)}）")
        return b"".join(chunks)


def _blocking(descriptor: int) -> None:
    """A regular file read non-blocking could in principle return short reads on some systems: undo it."""
    if hasattr(os, "set_blocking"):
        with contextlib.suppress(OSError):
            os.set_blocking(descriptor, True)


def _special_mode(path: Path) -> int | None:
    """The mode of ``path`` if it is neither a regular file nor a folder (a FIFO, device or socket)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    return None if stat.S_ISREG(mode) or stat.S_ISDIR(mode) else mode


def _not_a_file(mode: int) -> str:
    return f"这是{special_kind(mode)}，不是普通文件，不会读取"


def special_kind(mode: int) -> str:
    """What a file that is neither a regular file nor a folder is, in Chinese (for reading and for writing)."""
    if stat.S_ISFIFO(mode):
        return "命名管道（FIFO）"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    if stat.S_ISSOCK(mode):
        return "套接字"
    return "特殊文件"
