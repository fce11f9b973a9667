"""The kinds of check, one module each, found by scanning this package.

A kind module has a docstring (its user documentation), ``KIND`` (the name rules use), ``SUMMARY_ZH``
(the same in a few Chinese sentences, for the users ``perfcheck rules show`` is printed for), a
``Params`` record (a frozen ``msgspec.Struct``), ``VARIABLES`` (the placeholders its outcomes fill in a
rule's message) and ``check(context, params)`` yielding :class:`~perfcheck.kinds.base.Outcome`. A
``Params.__post_init__`` that checks a value runs again each time the pack cache is read (a record is
unpickled through its constructor): it must stay cheap, and never compile a lazy pattern. Its examples
live beside it in ``<module>.examples.yml``; the test suite runs them and ``perfcheck rules show`` prints
them.
Modules are discovered rather than listed, so no list of kinds can fall out of date: a kind's name is
its module's name in kebab-case (``count_matches_list`` is ``count-matches-list``), so the names are
known from the file names alone and a kind's module is imported only when a rule of that kind is
loaded or run (``KINDS[name]``); iterating over ``KINDS.items()`` imports them all.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable, Iterator, MutableMapping
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
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


class _Kinds(MutableMapping[str, KindModule]):
    """Kind name → kind module, imported on first use."""

    def __init__(self) -> None:
        names = sorted(name[:-3] for name in os.listdir(__path__[0]) if name.endswith(".py"))
        self._modules: dict[str, str | KindModule] = {
            name.replace("_", "-"): name for name in names if name not in _NOT_KINDS and not name.startswith("_")
        }

    def __getitem__(self, kind: str) -> KindModule:
        found = self._modules[kind]
        if isinstance(found, str):
            found = importlib.import_module(f"{__name__}.{found}")
            self._modules[kind] = found
        return found

    def __setitem__(self, kind: str, module: KindModule) -> None:
        self._modules[kind] = module

    def __delitem__(self, kind: str) -> None:
        del self._modules[kind]

    def __contains__(self, kind: object) -> bool:
        return kind in self._modules

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._modules))

    def __len__(self) -> int:
        return len(self._modules)


KINDS: MutableMapping[str, KindModule] = _Kinds()
