"""Regular expressions compiled on first use, not at import.

A module-level ``_NAME = regex.compile(...)`` is paid by every run that imports the module, used or not:
measured on the example report, about half of the ~120 module-level patterns are never used by a check,
and compiling them cost ~15 ms of a ~150 ms run. ``lazy_regex`` / ``lazy_re`` take the same arguments
and return an object with the pattern's methods that compiles on the first call and keeps the result.
Typed as the real pattern, so callers and mypy see no difference; it pickles as itself (a rule's
parameters can hold one as a default, and the pack cache pickles rules). The ``regex`` module itself
(~30 ms to import) is imported only when a pattern of it is first used: ``perfcheck --version`` uses none.
"""

from __future__ import annotations

import importlib
import re
from typing import TYPE_CHECKING, Any, AnyStr, cast

if TYPE_CHECKING:
    import regex


# The methods callers use most. After the first use each is the compiled pattern's own bound method, held in
# a slot of the instance: a call then costs what a call on the compiled pattern costs (a method of this
# class that forwarded the call cost ~0.2 µs more, ~5 ms of checking a 20-sheet workbook's ~27,000 calls).
_FORWARDED = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")


class LazyPattern:
    """A pattern compiled by the module named ``engine`` (``regex`` or ``re``) the first time it is used."""

    __slots__ = ("_args", "_compiled", "_engine", *_FORWARDED)

    def __init__(self, engine: str, pattern: str | bytes, flags: int = 0) -> None:
        self._engine = engine
        self._args = (pattern, flags)
        self._compiled: Any = None

    @property
    def compiled(self) -> Any:
        if self._compiled is None:
            engine = re if self._engine == "re" else importlib.import_module(self._engine)
            self._compiled = engine.compile(*self._args)
            for name in _FORWARDED:
                setattr(self, name, getattr(self._compiled, name))
        return self._compiled

    @property
    def pattern(self) -> str | bytes:
        return self._args[0]

    def __getattr__(self, name: str) -> Any:
        # Reached only for what the instance does not hold yet: a forwarded method before the first use
        # (its slot is still empty), or anything else of the pattern (flags, groups, groupindex, scanner…).
        if name.startswith("__"):
            raise AttributeError(name)  # copy, pickle and the like probe for dunders: no reason to compile
        return getattr(self.compiled, name)

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
