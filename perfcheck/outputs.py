"""Output files written whole or not at all: a temporary file beside the target, renamed over it at the end.

A reader (or an interrupted run) never sees half a file, and an existing output is only replaced by a
complete one. The temporary file starts private (mkstemp); the finished file gets the permissions any
saved file would have under the user's umask.

Only regular files and new names are written (issue 12): a character device, a FIFO, a socket, or a
symlink to one is refused with :class:`NotARegularFile` — renaming over it would replace the node (as
root, ``-o /dev/null`` would have replaced the system's). ``-`` and ``/dev/stdout`` mean standard output.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import shutil
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from perfcheck.files import special_kind

STDOUT_NAMES = ("-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1")


class NotARegularFile(OSError):
    """The output path names a device, a FIFO or a socket (or a symlink to one): never replaced."""


def is_stdout(path: Path | str) -> bool:
    return str(path) in STDOUT_NAMES


@contextlib.contextmanager
def atomic_output(path: Path, binary: bool = False, encoding: str = "utf-8") -> Iterator[IO[Any]]:
    """A stream to a temporary file beside ``path``, renamed over ``path`` only if the block completes;
    for ``-`` or ``/dev/stdout``, standard output itself.

    Raises OSError (IsADirectoryError for a folder, NotARegularFile for a device, FIFO or socket) for a
    target that cannot be written.
    """
    if is_stdout(path):
        with _standard_output(binary, encoding) as stream:
            yield stream
        return
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
    """Run ``save(temporary_path)`` (a library's own save method), then rename over ``path`` (or copy
    it to standard output for ``-``)."""
    import tempfile  # only when a file is written: checking whether a target is allowed does not need it

    if is_stdout(path):
        with tempfile.TemporaryDirectory() as folder:
            temporary = os.path.join(folder, "output")
            save(temporary)
            with open(temporary, "rb") as source, _standard_output(True, "utf-8") as out:
                shutil.copyfileobj(source, out)
        return
    path, (handle, temporary) = _beside(path)
    os.close(handle)
    try:
        save(temporary)
        _publish(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def _standard_output(binary: bool, encoding: str) -> Iterator[IO[Any]]:
    sys.stdout.flush()
    raw = getattr(sys.stdout, "buffer", None)
    if raw is None:  # a replaced sys.stdout (a test's capture): text only
        yield sys.stdout
        return
    if binary:
        yield raw
        raw.flush()
        return
    wrapper = io.TextIOWrapper(raw, encoding=encoding, newline="")
    try:
        yield wrapper
        wrapper.flush()
    finally:
        wrapper.detach()  # standard output stays open for the rest of the run


def _beside(path: Path) -> tuple[Path, tuple[int, str]]:
    _refuse_special(path)
    path = path.resolve()
    if path.is_dir():
        raise IsADirectoryError(str(path))
    import tempfile

    return path, tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)


def _publish(temporary: str, path: Path) -> None:
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes it private; an output is shared like any saved file
    os.replace(temporary, path)


def check_output_target(path: Path) -> None:
    """Before any work: raise NotARegularFile if ``path`` is a device, FIFO or socket (standard output is fine)."""
    if not is_stdout(path):
        _refuse_special(path)


def _refuse_special(path: Path) -> None:
    """A device, FIFO or socket (followed through symlinks) is not a file to replace."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # a new name (or a dangling symlink): written as a new regular file
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return
    kind = special_kind(mode)
    raise NotARegularFile(errno.EINVAL, f"这是{kind}，不是普通文件，perfcheck 只写入普通文件或新文件名", str(path))
