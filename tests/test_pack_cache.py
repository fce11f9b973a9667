"""The validated-pack cache saves time and nothing else: a corrupt, foreign or stale cache is never trusted."""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

import pytest
from conftest import EXAMPLE_DOCX

from perfcheck import pack_cache, rule_file
from perfcheck.errors import RuleError
from perfcheck.rulepack import load_ruleset

USER_RULES = """\
pack: own
title: 本单位规则
extends: [common]
rules:
  - id: OWN-01
    kind: pattern
    severity: warning
    basis: 本单位要求：报告应写明编制单位
    message: 未写明编制单位
    params: {pattern: "编制单位", must: appear}
    examples:
      - {text: "编制单位：某某局", expect: pass}
      - {text: "没有写", expect: fail}
"""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("PERFCHECK_CACHE_DIR", str(folder))
    return folder


def _files(cache: Path) -> list[Path]:
    return sorted(cache.glob("ruleset-*.pickle"))


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parsed: list[str] = []
    real = rule_file.parse_pack

    def counting(text: str, source: str, *args: object) -> object:
        parsed.append(source)
        return real(text, source, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(rule_file, "parse_pack", counting)
    return parsed


def _refuse_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the packs were parsed again")

    monkeypatch.setattr(rule_file, "parse_pack", refuse)


def test_a_second_load_comes_from_the_cache_and_is_the_same(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = load_ruleset()
    assert len(_files(cache)) == 1
    _refuse_yaml(monkeypatch)
    second = load_ruleset()
    assert second.sha256 == first.sha256
    assert list(second.rules) == list(first.rules)
    assert [repr(r.params) for r in second.rules.values()] == [repr(r.params) for r in first.rules.values()]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # a write cut short
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),  # one bit flipped in the payload
        lambda data: b"not a perfcheck cache\n" + data,  # someone else's file
        lambda data: b"",
    ],
    ids=["truncated", "bit-flip", "foreign", "empty"],
)
def test_a_damaged_cache_is_ignored(cache: Path, damage, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = load_ruleset()
    (path,) = _files(cache)
    path.write_bytes(damage(path.read_bytes()))
    parsed = _count_parses(monkeypatch)
    loaded = load_ruleset()
    assert parsed, "the damaged cache was used instead of the YAML"
    assert loaded.sha256 == expected.sha256 and list(loaded.rules) == list(expected.rules)


def test_a_well_formed_cache_under_the_wrong_key_is_ignored(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file whose checksum is right but which holds another key's ruleset (copied, renamed) is not used."""
    load_ruleset()
    (path,) = _files(cache)
    payload = pickle.dumps(("another key", "not a ruleset"))
    path.write_bytes(pack_cache._FORMAT + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
    parsed = _count_parses(monkeypatch)
    assert load_ruleset().rules
    assert parsed, "the planted object was trusted"


def test_a_changed_rule_file_is_validated_again(cache: Path, tmp_path: Path) -> None:
    rules = tmp_path / "own.yml"
    rules.write_text(USER_RULES, encoding="utf-8")
    assert "OWN-01" in load_ruleset([rules]).rules
    # The same file, now with an example that fails: the cached, valid version must not be used.
    rules.write_text(USER_RULES.replace("expect: pass}", "expect: fail}", 1), encoding="utf-8")
    with pytest.raises(RuleError, match="OWN-01"):
        load_ruleset([rules])


def test_a_changed_module_of_perfcheck_makes_the_cache_stale(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_ruleset()
    monkeypatch.setattr(pack_cache, "_code_fingerprint", lambda: b"perfcheck after an edit")
    _refuse_yaml(monkeypatch)
    with pytest.raises(AssertionError, match="parsed again"):
        load_ruleset()


@pytest.mark.parametrize("library", ["regex", "msgspec"])
def test_another_version_of_regex_or_msgspec_makes_the_cache_stale(
    cache: Path, monkeypatch: pytest.MonkeyPatch, library: str
) -> None:
    """The pickle holds compiled regex code and msgspec records: only the versions that wrote it may read it."""
    load_ruleset()
    monkeypatch.setattr(__import__(library), "__version__", "0.0.0-another")
    _refuse_yaml(monkeypatch)
    with pytest.raises(AssertionError, match="parsed again"):
        load_ruleset()


def test_the_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PERFCHECK_CACHE_DIR", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert pack_cache.cache_dir() is None

    def refuse() -> None:
        raise AssertionError("patterns compiled for a cache that is off")

    monkeypatch.setattr("perfcheck.rulepack.compiled_patterns", refuse)  # ~15 ms every run for nothing
    load_ruleset()
    assert not list(tmp_path.rglob("*.pickle"))


def test_the_cache_lives_in_the_platforms_user_cache_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PERFCHECK_CACHE_DIR", raising=False)
    monkeypatch.setattr(pack_cache.sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", r"C:\Users\kezhang\AppData\Local")
    assert pack_cache.cache_dir() == Path(r"C:\Users\kezhang\AppData\Local") / "perfcheck" / "Cache"
    monkeypatch.setattr(pack_cache.sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", "/var/cache/someone")
    assert pack_cache.cache_dir() == Path("/var/cache/someone/perfcheck")


def test_an_unwritable_cache_directory_costs_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("PERFCHECK_CACHE_DIR", str(blocker / "cache"))
    assert load_ruleset().rules


@pytest.mark.skipif(not hasattr(__import__("os"), "getuid"), reason="POSIX permissions")
def test_a_cache_others_could_have_written_is_not_read(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Unpickling runs code: a cache folder writable by group or others (a shared folder, /tmp) is not read."""
    load_ruleset()
    assert _files(cache)
    cache.chmod(0o777)
    parsed = _count_parses(monkeypatch)
    assert load_ruleset().rules
    assert parsed, "a world-writable cache folder was trusted"
    cache.chmod(0o700)
    (path,) = _files(cache)
    path.chmod(0o666)
    parsed.clear()
    assert load_ruleset().rules
    assert parsed, "a world-writable cache file was trusted"


# What a check of a short .docx does without (issue 14): the YAML parser once the packs are cached; the
# temporary-file machinery and the HTML table reader (it writes no file, reads no HTML); OpenSSL (perfcheck.digest);
# the glob helper (the argument is a file); the other commands' modules.
NOT_NEEDED = (
    "yaml",
    "tempfile",
    "html.parser",
    "hashlib",
    "glob",
    "perfcheck.cli.batch",
    "perfcheck.cli.rules",
    "perfcheck.cli.inspect",
)


def test_a_run_from_the_cache_imports_only_what_a_check_needs(cache: Path, tmp_path: Path) -> None:
    """The point of the cache is start-up (issue 14): the second run reads the packs without the YAML parser,
    and imports none of :data:`NOT_NEEDED`."""
    import json
    import os
    import subprocess
    import sys

    probe = (
        "import json, sys, io, contextlib\n"
        "from perfcheck.cli.app import run\n"  # the command without the entry point's fast exit
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n        run([sys.argv[1], '--format', 'json'])\n"
        "    except SystemExit:\n        pass\n"
        f"print(json.dumps(sorted(m for m in {NOT_NEEDED!r} if m in sys.modules)))\n"
    )
    env = {**os.environ, "PERFCHECK_CACHE_DIR": str(cache)}
    command = [sys.executable, "-c", probe, str(EXAMPLE_DOCX)]
    first, second = (subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path) for _ in range(2))
    assert "yaml" in json.loads(first.stdout), "the first run should have read the packs from YAML"
    assert json.loads(second.stdout) == []


def test_a_run_from_the_cache_compiles_no_regex_pattern_of_the_packs_again(cache: Path, tmp_path: Path) -> None:
    """The cache keeps the kinds' ``regex`` patterns compiled; a run from it takes them instead of compiling."""
    import os
    import subprocess
    import sys

    probe = (
        "import regex\n"
        "from perfcheck import lazy_pattern\n"
        "from perfcheck.rulepack import load_ruleset\n"
        "compiled = []\n"
        "real = regex.compile\n"
        "regex.compile = lambda pattern, *a, **k: compiled.append(pattern) or real(pattern, *a, **k)\n"
        "load_ruleset()\n"
        "made = [p for key, p in lazy_pattern._MADE.items() if key[0] == 'regex']\n"
        "for pattern in made:\n"
        "    pattern.compiled\n"
        "print(len(made), len(compiled))\n"
    )
    env = {**os.environ, "PERFCHECK_CACHE_DIR": str(cache)}
    runs = [
        subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=tmp_path, check=True)
        for _ in range(2)
    ]
    (made_first, compiled_first), (made, compiled) = (map(int, run.stdout.split()) for run in runs)
    assert made_first > 50 and compiled_first >= made_first, "the first run compiles every pattern itself"
    assert made > 50 and compiled == 0  # fewer made: the YAML reader's own modules are not imported
