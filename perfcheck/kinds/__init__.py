"""The kinds of check, one module each, found by scanning this package.

A kind module has a docstring (its user documentation), ``KIND`` (the name rules use), ``SUMMARY_ZH``
(the same in a few Chinese sentences, for the users ``perfcheck rules show`` is printed for), a frozen
``Params`` dataclass, ``VARIABLES`` (the placeholders its outcomes fill in a rule's message) and
``check(context, params)`` yielding :class:`~perfcheck.kinds.base.Outcome`. Its examples live beside it
in ``<module>.examples.yml``; the test suite runs them and ``perfcheck rules show`` prints them.
Modules are discovered rather than listed, so no list of kinds can fall out of date.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable
from typing import Any, Protocol

from perfcheck.kinds.base import Context, Outcome

_NOT_KINDS = {"base", "arithmetic"}


class KindModule(Protocol):
    KIND: str
    SUMMARY_ZH: str
    Params: Any
    VARIABLES: tuple[str, ...]
    __doc__: str | None
    __name__: str

    def check(self, context: Context, params: Any) -> Iterable[Outcome]: ...


def _discover() -> dict[str, KindModule]:
    found: dict[str, KindModule] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name in _NOT_KINDS or info.name.startswith("_"):
            continue
        module: Any = importlib.import_module(f"{__name__}.{info.name}")
        found[module.KIND] = module
    return dict(sorted(found.items()))


KINDS: dict[str, KindModule] = _discover()
