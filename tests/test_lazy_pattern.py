"""Patterns compiled on first use behave as the compiled pattern, survive pickling, and cost nothing unused."""

from __future__ import annotations

import pickle
import re
import subprocess
import sys

import regex

from perfcheck.lazy_pattern import LazyPattern, lazy_re, lazy_regex


def test_a_lazy_pattern_answers_like_the_compiled_one_and_compiles_once() -> None:
    lazy = lazy_regex(r"(?P<n>\d+(?:\.\d+)?)万元")
    assert isinstance(lazy, LazyPattern) and lazy._compiled is None  # nothing compiled at definition
    text = "基本支出60.5万元，项目支出40万元"
    compiled = regex.compile(r"(?P<n>\d+(?:\.\d+)?)万元")
    assert [m.group("n") for m in lazy.finditer(text)] == [m.group("n") for m in compiled.finditer(text)]
    first = lazy._compiled
    assert lazy.search(text).span() == compiled.search(text).span()
    assert lazy.sub("X", text) == compiled.sub("X", text) and lazy.groupindex == compiled.groupindex
    assert lazy._compiled is first  # compiled once, then kept


def test_a_lazy_pattern_pickles_as_itself_and_works_after() -> None:
    for lazy in (lazy_regex(r"合计|总计", regex.IGNORECASE), lazy_re(rb"<w:t>", re.IGNORECASE)):
        copy = pickle.loads(pickle.dumps(lazy))
        assert isinstance(copy, LazyPattern) and copy.pattern == lazy.pattern and copy.flags == lazy.flags
    assert pickle.loads(pickle.dumps(lazy_re(r"\d+"))).fullmatch("2024")


def test_the_version_command_does_not_import_the_regex_module() -> None:
    # perfcheck.cli.app.run: the command as the entry point runs it, without the entry point's fast exit
    probe = "import sys\nfrom perfcheck.cli.app import run\n"
    probe += "try:\n    run(['--version'])\nexcept SystemExit:\n    pass\n"
    probe += "print('regex' in sys.modules, file=sys.stderr)\n"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stderr.strip().splitlines()[-1] == "False"


def test_lazy_patterns_made_again_for_the_same_source_do_not_pile_up():
    """Unpickling a ruleset makes its lazy patterns anew (a batch worker loads it per report): one kept per source."""
    from perfcheck import lazy_pattern

    before = len(lazy_pattern._MADE)
    made = [pickle.loads(pickle.dumps(lazy_regex("重复的(?:模式)"))) for _ in range(100)]
    assert len(lazy_pattern._MADE) == before + 1
    assert all(p.search("重复的模式") for p in made)


def test_lazy_patterns_of_the_same_source_are_equal_also_after_pickling():
    """Equal by source and flags, as ``re`` patterns are: a record holding one (a kind's Params default)
    equals itself read back from the pack cache."""
    from perfcheck.kinds import score_grade

    assert lazy_regex("甲") == lazy_regex("甲") and lazy_regex("甲") != lazy_regex("乙") != lazy_re("乙")
    assert len({lazy_regex("甲"), lazy_regex("甲")}) == 1
    params = score_grade.Params()
    assert pickle.loads(pickle.dumps(params)) == params
