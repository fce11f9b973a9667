"""facts.numbers.chinese_number against cn2an (a well-kept converter, used here as the oracle)."""

from __future__ import annotations

import random
from decimal import Decimal

import cn2an
import pytest

from perfcheck.facts.numbers import chinese_number


def _samples() -> list[int]:
    rng = random.Random(20181231)
    fixed = [0, 1, 2, 9, 10, 11, 19, 20, 23, 99, 100, 101, 105, 110, 999, 1000, 1001, 1010, 2000, 9999]
    fixed += [10_000, 10_001, 35_000_000, 40_500_000, 100_000_000, 120_000_000, 999_999_999, 100_010_000]
    return fixed + [rng.randrange(1, 10**12) for _ in range(400)]


@pytest.mark.parametrize("value", _samples())
def test_agrees_with_cn2an(value):
    words = cn2an.an2cn(value, "low")
    assert chinese_number(words) == Decimal(value), words


@pytest.mark.parametrize(("words", "value"), [("两千", 2000), ("三点五", Decimal("3.5")), ("十", 10), ("〇", 0)])
def test_forms_reports_use(words, value):
    assert chinese_number(words) == Decimal(value)


@pytest.mark.parametrize("words", ["五零", "一一", "", "三点", "十是", "点五"])
def test_refused(words):
    assert chinese_number(words) is None
