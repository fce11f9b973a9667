"""A cache of validated rule packs in the user's cache directory, so a run does not re-validate them.

Loading the packs (YAML, every rule's parameters converted and checked, a user's rule examples run) costs
~25 ms of a ~150 ms run, compiling the kinds' regex patterns ~10 ms more, and both give the same answer
until a rule file or perfcheck itself changes. So the loaded :class:`~perfcheck.ruleset.Ruleset` and the
compiled patterns are kept, pickled, under a key that covers everything the answer depends on: the cache
format; the versions of Python, regex and msgspec (the pickle holds their objects); the size and
modification time of every file of the package (so perfcheck's version, which ``__init__.py`` states,
and any edit in a checkout that keeps the version); and each rule file's path and bytes. The shipped
packs are therefore validated once per installed version, and a user's rule file again whenever it
changes.

A cache file is never trusted: it must lie in a folder only this user can write (unpickling runs
code), start with our marker, its payload must match the SHA-256 written
beside it, unpickle cleanly into a ``Ruleset`` and carry the key it was asked for; anything else (a
truncated write, another version's file, a bit flip, a file that is not ours) is ignored and the packs are
loaded from the YAML as if there were no cache. Writing is atomic (a temporary file renamed into place)
and failure to write (read-only home, full disk) is silent: the cache only ever saves time.

Where: ``%LOCALAPPDATA%\\perfcheck\\Cache`` on Windows, ``~/Library/Caches/perfcheck`` on macOS,
``$XDG_CACHE_HOME/perfcheck`` (default ``~/.cache/perfcheck``) elsewhere; ``PERFCHECK_CACHE_DIR``
overrides it, and ``PERFCHECK_CACHE_DIR=off`` turns the cache off.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from perfcheck.digest import sha256

_FORMAT = b"perfcheck-ruleset-cache 3\n"  # 3: (ruleset, compiled regex patterns); records are Structs
_PACKAGE = Path(__file__).resolve().parent
_KEEP = 16  # cache files kept; older ones are removed when a new one is written


def cache_dir() -> Path | None:
    """The directory for perfcheck's caches, or ``None`` when caching is off."""
    override = os.environ.get("PERFCHECK_CACHE_DIR")
    if override:
        return None if override.lower() in ("off", "0", "false", "no") else Path(override)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "perfcheck" / "Cache" if base else None
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "perfcheck"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache") / "perfcheck"


def ruleset_key(files: Sequence[tuple[Path, bytes]]) -> str:
    """The key of the ruleset loaded from these (path, content) rule files by this perfcheck."""
    import msgspec
    import regex

    digest = sha256(_FORMAT)
    # The pickle holds msgspec records and regex patterns with their compiled code, which only the same
    # versions of those libraries may read back: an upgrade of either is a new key.
    digest.update(f"{sys.version}\0{sys.byteorder}\0{regex.__version__}\0{msgspec.__version__}\0".encode())
    digest.update(_code_fingerprint())
    for path, content in files:
        digest.update(f"\0{path}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()


def _code_fingerprint() -> bytes:
    """Name, size and modification time of every module of the package (``os.scandir``: one directory read
    gives the names, and the walk is half the time of ``os.walk``)."""
    parts: list[str] = []
    root = len(str(_PACKAGE)) + 1  # a path's part below the package (os.path.relpath is ~3 µs a file)
    folders = [str(_PACKAGE)]
    while folders:
        folder = folders.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "__pycache__":
                    folders.append(entry.path)
            elif entry.name.endswith((".py", ".yml", ".json")):
                try:
                    stat = entry.stat()
                except OSError:
                    continue
                parts.append(f"{entry.path[root:]}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\n".join(sorted(parts)).encode()


def read_cached(key: str) -> Any | None:
    """The object cached under ``key``, or ``None`` if there is none we can trust."""
    folder = cache_dir()
    if folder is None:
        return None
    path = folder / f"ruleset-{key}.pickle"
    if not _private(folder, path):
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    header, _, rest = data.partition(b"\n")
    if header + b"\n" != _FORMAT or len(rest) < 65 or rest[64:65] != b"\n":
        return None
    expected, payload = rest[:64].decode("ascii", errors="replace"), rest[65:]
    if sha256(payload).hexdigest() != expected:
        return None
    try:
        stored_key, value = _unpickle(payload)
    except Exception:  # a file that is not what we wrote: ignore it, never trust it
        return None
    return value if stored_key == key else None


def _private(folder: Path, path: Path | None = None) -> bool:
    """Unpickling runs code, so a cache file is read only where no one else could have written it: on
    POSIX the folder and the file belong to this user and neither is writable by group or others (a
    ``PERFCHECK_CACHE_DIR`` on a shared folder, or /tmp, is not used). Windows' %LOCALAPPDATA% is per user."""
    if os.name != "posix":
        return True
    try:
        for stat in (os.stat(folder), *([os.lstat(path)] if path is not None else [])):
            if stat.st_uid != os.getuid() or stat.st_mode & 0o022:
                return False
    except OSError:
        return False
    return True


def write_cached(key: str, build: Callable[[], Any]) -> None:
    """Keep what ``build()`` returns under ``key``; silently does nothing if the cache directory cannot be
    written or would never be read (``build`` is called only then: what it makes may cost time to make)."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(folder):
            return
        import pickle

        payload = pickle.dumps((key, build()), protocol=pickle.HIGHEST_PROTOCOL)
        import tempfile  # only when writing: a run from the cache never needs it

        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".ruleset-", suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(_FORMAT + sha256(payload).hexdigest().encode("ascii") + b"\n" + payload)
        os.replace(temporary, folder / f"ruleset-{key}.pickle")
        _prune(folder)
    except Exception:  # the cache only saves time; an unpicklable rule or a full disk costs nothing else
        return


def _prune(folder: Path) -> None:
    files = sorted(folder.glob("ruleset-*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in files[_KEEP:]:
        old.unlink(missing_ok=True)


def _unpickle(payload: bytes) -> Any:
    """``pickle.loads``, from CPython's C unpickler itself where there is one: ``pickle.py`` (its pure-Python
    Pickler and Unpickler, which a load does not use) costs ~0.7 ms to import, of a ~90 ms check (issue 14)."""
    try:
        from _pickle import loads
    except ImportError:  # another Python: the module pickle imports it from, or its own
        from pickle import loads
    return loads(payload)
