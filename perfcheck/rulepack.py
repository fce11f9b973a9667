"""Loading the rule packs: the shipped ones and the user's, from the pack cache when nothing changed.

Each file is read and validated by :mod:`perfcheck.rule_file` (see there what is refused); the examples of
a user's own rule file run at load time too, the shipped packs' examples in the test suite
(``tests/test_rule_cases.py``). The loaded :class:`~perfcheck.ruleset.Ruleset` is kept in the pack cache
(:mod:`perfcheck.pack_cache`), so a run whose rule files and code did not change reads no YAML at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from perfcheck.config.settings import line_of
from perfcheck.digest import sha256
from perfcheck.errors import RuleError
from perfcheck.files import SMALL_FILE_LIMIT, read_bounded
from perfcheck.lazy_pattern import compiled_patterns, keep_compiled
from perfcheck.pack_cache import read_cached, ruleset_key, write_cached
from perfcheck.ruleset import Pack, Ruleset


def builtin_rules_dir() -> Path:
    """The shipped packs: inside the installed wheel, or ``rules/`` beside the package in a checkout."""
    package = Path(__file__).resolve().parent  # the wheel installs perfcheck as plain files (no zip import)
    packaged = package / "rules"
    return packaged if packaged.is_dir() else package.parent / "rules"


def load_ruleset(extra_files: Sequence[str | Path] = (), *, include_builtin: bool = True) -> Ruleset:
    """The shipped packs and the user's rule files, validated; from the pack cache when nothing changed."""
    files: list[Path] = sorted(builtin_rules_dir().glob("*.yml")) if include_builtin else []
    user_files = [Path(f) for f in extra_files]
    contents = [(path, _read(path)) for path in [*files, *user_files]]
    key = ruleset_key(contents)
    cached = read_cached(key)
    if isinstance(cached, tuple) and len(cached) == 2 and isinstance(cached[0], Ruleset):
        ruleset, patterns = cached
        if isinstance(patterns, dict):
            keep_compiled(patterns)
        return ruleset
    ruleset = _build_ruleset(contents, user_files)
    # The kinds the packs use are imported by now, with their patterns: kept compiled for the next run
    # (compiled only if the cache can be written: with the cache off that would be ~15 ms for nothing).
    write_cached(key, lambda: (ruleset, compiled_patterns()))
    return ruleset


def _build_ruleset(contents: Sequence[tuple[Path, bytes]], user_files: Sequence[Path]) -> Ruleset:
    from perfcheck.rule_file import parse_pack

    packs: dict[str, Pack] = {}
    own: list[str] = []
    seen_ids: dict[str, str] = {}
    digest = sha256()
    shipped = {str(path) for path, _ in contents if path not in user_files}
    for path, raw in contents:
        digest.update(raw)
        text = raw.decode("utf-8", errors="replace")
        pack = parse_pack(text, str(path), seen_ids)
        if path in user_files and pack.name in packs and packs[pack.name].source in shipped:
            raise RuleError(
                str(path),
                line_of(text, "pack"),
                f"规则包名“{pack.name}”与内置规则包重名；请换一个名字，并用 extends: {pack.name} 继承它",
            )
        if pack.name in packs:
            merged = packs[pack.name]
            pack = Pack(
                merged.name,
                merged.title,
                merged.detect,
                merged.extends,
                merged.rules + pack.rules,
                merged.source,
                merged.outline + pack.outline,
            )
        elif path in user_files and pack.name != "user":
            own.append(pack.name)
        packs[pack.name] = pack
        if path in user_files:
            from perfcheck.rule_runner import run_examples

            run_examples(pack.rules)
    return Ruleset(packs=packs, sha256=digest.hexdigest(), own=tuple(own))


def _read(path: Path) -> bytes:
    try:
        return read_bounded(path, SMALL_FILE_LIMIT, lambda problem: RuleError(str(path), None, problem))
    except FileNotFoundError:
        raise RuleError(str(path), None, "文件不存在") from None
    except IsADirectoryError:
        raise RuleError(str(path), None, "这是一个文件夹，请给出规则文件（.yml）") from None
    except OSError as error:
        raise RuleError(str(path), None, f"无法读取（{error.strerror or error}）") from None
