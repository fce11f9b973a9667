"""SHA-256, without loading OpenSSL for a small input (issue 14).

``hashlib`` binds OpenSSL on import (~2.5 ms, a fortieth of a whole check of a short report). CPython also
ships its own SHA-256 (``_sha2`` from 3.12, ``_sha256`` before; built into the Windows interpreter),
which imports in ~0.25 ms but hashes about five times slower. So a report or pack under 1 MiB is hashed
by the built-in one, and a larger one by OpenSSL, where hashing, not importing, is the cost. Both give
the same digest; a Python built without the built-in one uses OpenSSL for everything.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

OPENSSL_FROM = 1 << 20  # bytes: from here hashing 5× faster pays for importing OpenSSL


class Hash(Protocol):
    def update(self, data: bytes, /) -> None: ...
    def digest(self) -> bytes: ...
    def hexdigest(self) -> str: ...


def _built_in() -> Callable[[bytes], Hash] | None:
    try:
        from _sha2 import sha256  # type: ignore[import-not-found,unused-ignore]  # Python 3.12+

        return sha256  # type: ignore[no-any-return,unused-ignore]
    except ImportError:
        pass
    try:
        from _sha256 import sha256  # type: ignore[import-not-found,no-redef,unused-ignore]  # Python 3.10, 3.11

        return sha256  # type: ignore[no-any-return,unused-ignore]
    except ImportError:
        return None


_BUILT_IN = _built_in()


def sha256(data: bytes = b"") -> Hash:
    """A SHA-256 hash object over ``data``; ``update`` adds more."""
    if _BUILT_IN is None or len(data) >= OPENSSL_FROM:
        import hashlib

        return hashlib.sha256(data)
    return _BUILT_IN(data)
