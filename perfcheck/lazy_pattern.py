"""Regular expressions compiled on first use, not at import.

A module-level ``_NAME = regex.compile(...)`` is paid by every run that imports the module, used or not:
measured on the example report, about half of the ~120 module-level patterns are never used by a check,
and compiling them cost ~15 ms of a ~150 ms run. ``lazy_regex`` / ``lazy_re`` take the same arguments
and return an object with the pattern's methods that compiles on the first call and keeps the result.
Typed as the real pattern, so callers and mypy see no difference; it pickles as itself (a rule's
parameters can hold one as a default, and the pack cache pickles rules). The ``regex`` module itself
(~30 ms to import) is imported only when a pattern of it is first used: ``perfcheck --version`` uses none.

Compiling is still the larger part of a check's pattern work (~0.3-1 ms per ``regex`` pattern: its parser is
Python), and gives the same result every run. A compiled ``regex`` pattern pickles with its compiled code and
unpickles ~25x faster than it compiles, so the pack cache keeps them: :func:`compiled_patterns` when the
cache is written, :func:`keep_compiled` when it is read (``perfcheck.rulepack``). ``re`` patterns pickle as
their source and would be compiled again, so they are not kept.
"""

from __future__ import annotations

import importlib
import re
from typing import TYPE_CHECKING, Any, AnyStr, cast

if TYPE_CHECKING:
    import regex


PatternKey = tuple[str, "str | bytes", int]  # engine, pattern, flags

# One lazy pattern per source, so that compiled_patterns can compile them all. Keyed, not listed: unpickling
# a ruleset makes new ones for the same sources (a batch worker loads it per report), and they must not pile up.
_MADE: dict[PatternKey, LazyPattern] = {}
_KEPT: dict[PatternKey, Any] = {}  # compiled patterns from the pack cache, by key


class LazyPattern:
    """A pattern compiled by the module named ``engine`` (``regex`` or ``re``) the first time it is used."""

    __slots__ = ("_args", "_compiled", "_engine")

    def __init__(self, engine: str, pattern: str | bytes, flags: int = 0) -> None:
        self._engine = engine
        self._args = (pattern, flags)
        self._compiled: Any = None
        _MADE.setdefault((engine, pattern, flags), self)

    @property
    def compiled(self) -> Any:
        if self._compiled is None:
            kept = _KEPT.get((self._engine, *self._args))
            if kept is not None:
                self._compiled = kept
            else:
                engine = re if self._engine == "re" else importlib.import_module(self._engine)
                self._compiled = engine.compile(*self._args)
        return self._compiled

    @property
    def pattern(self) -> str | bytes:
        return self._args[0]

    def search(self, *args: Any, **kwargs: Any) -> Any:
        return self.compiled.search(*args, **kwargs)

    def match(self, *args: Any, **kwargs: Any) -> Any:
        return self.compiled.match(*args, **kwargs)

    def fullmatch(self, *args: Any, **kwargs: Any) -> Any:
        return self.compiled.fullmatch(*args, **kwargs)

    def finditer(self, *args: Any, **kwargs: Any) -> Any:
        return self.compiled.finditer(*args, **kwargs)

    def findall(self, *args: Any, **kwargs: Any) -> Any:
        return self.compiled.findall(*args, **kwargs)

    def sub(self, *args: Any, **kwargs: Any) -> Any:
        return self.compiled.sub(*args, **kwargs)

    def subn(self, *args: Any, **kwargs: Any) -> Any:
        return self.compiled.subn(*args, **kwargs)

    def split(self, *args: Any, **kwargs: Any) -> Any:
        return self.compiled.split(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:  # flags, groups, groupindex, scanner…
        return getattr(self.compiled, name)

    def __eq__(self, other: object) -> bool:  # as re patterns are: the same source and flags are equal
        if not isinstance(other, LazyPattern):
            return NotImplemented
        return (self._engine, self._args) == (other._engine, other._args)

    def __hash__(self) -> int:
        return hash((self._engine, self._args))

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (LazyPattern, (self._engine, *self._args))

    def __repr__(self) -> str:
        return f"lazy({self._args[0]!r})"


def lazy_regex(pattern: AnyStr, flags: int = 0) -> regex.Pattern[AnyStr]:
    """``regex.compile(pattern, flags)``, compiled when first used."""
    return cast("regex.Pattern[AnyStr]", LazyPattern("regex", pattern, flags))


def lazy_re(pattern: AnyStr, flags: int = 0) -> re.Pattern[AnyStr]:
    """``re.compile(pattern, flags)``, compiled when first used."""
    return cast("re.Pattern[AnyStr]", LazyPattern("re", pattern, flags))


def compiled_patterns() -> dict[PatternKey, Any]:
    """Every ``regex`` lazy pattern made so far, compiled (each is compiled once, as on first use)."""
    # A snapshot: another thread importing a module (library use, a cold cache) may add to _MADE meanwhile.
    return {key: made.compiled for key, made in list(_MADE.items()) if key[0] == "regex"}


def keep_compiled(patterns: dict[PatternKey, Any]) -> None:
    """Use these compiled patterns (from :func:`compiled_patterns` in an earlier run) instead of compiling.

    Only a ``regex`` pattern of the key's own source is taken. Its flags are not compared (a compiled
    pattern's carry the defaults regex adds): the cache file was checked before it was unpickled and its key
    covers the regex version, so this only keeps an entry from standing in for another source."""
    import regex

    for key, compiled in patterns.items():
        is_regex_key = isinstance(key, tuple) and len(key) == 3 and key[0] == "regex"
        if is_regex_key and isinstance(compiled, regex.Pattern) and compiled.pattern == key[1]:
            _KEPT[key] = compiled
