"""The pattern kind skips a block that lacks a character every match must hold (``required_characters``).

The skip may only ever save time: wherever ``regex`` finds a match, the text holds a character of every
clause. Checked on the shipped rules' patterns and on random patterns against random texts.
"""

from __future__ import annotations

import random

import regex

from perfcheck.kinds.pattern import required_characters


def needs(pattern: str) -> tuple[str, ...]:
    return required_characters(pattern, regex.compile(pattern).flags)


def holds(clauses: tuple[str, ...], text: str) -> bool:
    return all(any(ch in text for ch in clause) for clause in clauses)


def test_what_every_match_holds():
    assert needs(r"[\u4e00-\u9fa5]{1,8}〔\d{4}〕\d+号|[\u4e00-\u9fa5]{2,8}\d{4}〕\d+号") == ("〕", "号")
    assert needs("预计(?:完成|实现)?") == ("计", "预")
    assert needs("(?:19|20)日") == ("01", "日")  # the 1 of 19 or the 0 of 20
    assert needs("[（(]字") == ("(（", "字")
    assert needs("a?b*c{0,2}") == ()  # nothing is certain
    assert needs("(?<=甲)乙") == ("乙",)  # a lookbehind holds no character of the match


def test_syntax_read_otherwise_by_regex_gives_no_clause():
    assert needs("号{e<=1}") == ()  # fuzzy matching
    assert needs("[[:alpha:]]号") == ()  # a POSIX class
    assert needs(r"\p{Han}号") == ()  # the standard parser rejects it
    assert needs("(?i)abc") == () and required_characters("abc", regex.compile("abc", regex.I).flags) == ()
    assert needs("(?i:a)b") == ("b",)
    assert needs("[[a]]号") == ()  # a possible nested set


def test_a_match_always_holds_the_clauses():
    rng = random.Random(7)
    atoms = ["号", "年", "a", "b", "[ab]", "[号年]", r"\d", ".", "(?:a|号)", "(?:ab|b)", "(?=a)", "(?<!b)"]
    quantifiers = ["", "", "?", "*", "+", "{2}", "{0,2}", "+?"]
    for _ in range(3000):
        parts = [rng.choice(atoms) + rng.choice(quantifiers) for _ in range(rng.randint(1, 4))]
        pattern = "".join(parts) if rng.random() < 0.7 else "|".join(parts)
        try:
            compiled = regex.compile(pattern)
        except regex.error:
            continue
        clauses = required_characters(pattern, compiled.flags)
        for _ in range(5):
            text = "".join(rng.choice("号年ab1 ") for _ in range(rng.randint(0, 8)))
            if compiled.search(text):
                assert holds(clauses, text), (pattern, text, clauses)


def test_a_long_report_is_pretested_and_finds_what_a_short_one_finds(monkeypatch):
    """The pre-test runs only from _PRETEST_FROM_BLOCKS blocks on (reading the pattern costs more than it saves
    on a short report); above and below that, the rule finds the same matches."""
    from perfcheck.documents.plaintext import document_from_text
    from perfcheck.kinds import pattern
    from perfcheck.kinds.base import Context

    text = "\n".join(["一、概况", *[f"第{n}段正文，没有文号。" for n in range(300)], "依据财预〔2020〕10号文件。"])
    params = pattern.Params(pattern=regex.compile(r"财预〔\d{4}〕\d+号"), must="appear")
    calls: list[str] = []
    real = pattern.required_characters
    monkeypatch.setattr(pattern, "required_characters", lambda *a: calls.append("read") or real(*a))

    def found(threshold: int) -> list[tuple[str, str | None]]:
        monkeypatch.setattr(pattern, "_PRETEST_FROM_BLOCKS", threshold)
        return [(o.status, o.values.get("count")) for o in pattern.check(Context(document_from_text(text)), params)]

    assert found(10_000) == found(200) == [("pass", "1")] and calls == ["read"]
