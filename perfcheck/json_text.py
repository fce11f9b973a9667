"""JSON text exactly as ``json.dumps(value, ensure_ascii=False, default=str, …)`` writes it, by msgspec's encoder.

perfcheck's JSON must not change by a byte: waiver files hold fingerprints of findings' evidence, and scripts
compare verdicts. ``json`` with ``indent`` runs its pure-Python encoder (~0.8 ms for the example report's
verdict) and importing ``json`` costs ~1 ms more, of a ~90 ms check (issue 14); msgspec, already loaded for the
records, writes the same text in C. It is used only for plain JSON values (str, int, bool, None, lists, tuples,
dicts with str keys), where the two agree character for character: ``tests/test_json_text.py`` compares them
on every code point and on generated values. Anything else (a float, a Decimal, a set, a lone surrogate, an
``indent`` of 0) goes to ``json`` as before.
"""

from __future__ import annotations

_PLAIN_SCALARS = frozenset({str, int, bool, type(None)})  # exact types: an Enum member is a str or int subclass


def dumps(value: object, *, indent: int | None = None, sort_keys: bool = False) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=indent, sort_keys=sort_keys, default=str)``."""
    if indent != 0 and _plain(value):
        import msgspec.json

        try:
            encoded = msgspec.json.encode(value, order="sorted" if sort_keys else None)
        except UnicodeEncodeError:  # a lone surrogate, which json writes as it is
            pass
        else:
            # indent None: one line, with json's default ", " and ": " separators (msgspec's indent 0)
            return msgspec.json.format(encoded, indent=indent or 0).decode("utf-8")
    import json

    return json.dumps(value, ensure_ascii=False, indent=indent, sort_keys=sort_keys, default=str)


def _plain(value: object) -> bool:
    """Whether ``value`` holds nothing but plain JSON values (walked without recursion: depth is the data's)."""
    pending = [value]
    while pending:
        item = pending.pop()
        kind = type(item)
        if kind in _PLAIN_SCALARS:
            continue
        if kind is list or kind is tuple:
            pending.extend(item)  # type: ignore[arg-type]
        elif kind is dict:
            if any(type(key) is not str for key in item):  # type: ignore[attr-defined]
                return False
            pending.extend(item.values())  # type: ignore[attr-defined]
        else:
            return False
    return True
