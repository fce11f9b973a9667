"""Interval arithmetic (perfcheck/kinds/arithmetic.py): rounding intervals, unit scaling, rates."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfcheck.facts.numbers import Quantity, find_quantities
from perfcheck.kinds.arithmetic import check_ratio, check_sum, compute_rate, decimals_in, show


def q(text: str) -> Quantity:
    (quantity,) = find_quantities(text)
    return quantity


def test_decimals_follow_the_unit():
    assert decimals_in(q("2247元"), "万元") == 4
    assert decimals_in(q("5.1亿元"), "万元") == 0
    assert decimals_in(q("4508.18万元"), "万元") == 2


def test_exact_sum_shows_the_arithmetic():
    result = check_sum(q("4508.18万元"), [q("2247万元"), q("2261.18万元")])
    assert result.status == "exact"
    assert result.arithmetic == "2247 + 2261.18 = 4508.18万元；文中为 4508.18万元；一致"


def test_figures_are_read_at_the_largest_decimals_of_the_relation():
    # 30 beside 29.99 is 30.00 (±0.005), not 30 (±0.5): a 0.5 gap is then far outside the slack
    result = check_sum(q("30万元"), [q("29.99万元"), q("0.51万元")])
    assert result.decimals == 2
    assert result.slack == Decimal("0.015")
    assert result.status == "outside"


def test_a_cent_of_rounding_is_within_the_slack():
    result = check_sum(q("100.01万元"), [q("60万元"), q("40万元")])
    assert result.status == "within"
    assert "尾差" in result.arithmetic


def test_outside_names_the_balancing_total():
    result = check_sum(q("2261.18万元"), [q("301.97万元"), q("300.5万元"), q("1668.71万元")])
    assert result.status == "outside"
    assert result.diff == Decimal("10.00")
    assert "若分项无误，合计应为 2271.18万元" in result.arithmetic


def test_units_are_scaled_to_the_total():
    result = check_sum(q("1.2亿元"), [q("8000万元"), q("40000000元")])
    assert result.status == "exact"
    assert result.arithmetic.startswith("0.8 + 0.4 = 1.2亿元")


def test_explicit_tolerance_replaces_the_rounding_slack():
    assert check_sum(q("100万元"), [q("60万元"), q("38万元")]).status == "outside"
    assert check_sum(q("100万元"), [q("60万元"), q("38万元")], Decimal(2)).status == "within"


def test_share_compared_at_the_stated_precision():
    result = check_ratio(q("50%"), q("2261.18万元"), q("4508.18万元"))
    assert result is not None and result.agrees
    assert result.arithmetic.startswith("2261.18 ÷ 4508.18 × 100% = 50.16%；文中为 50%")
    assert check_ratio(q("50.5%"), q("2261.18万元"), q("4508.18万元")).agrees is False  # type: ignore[union-attr]


def test_rate_operands_in_different_units():
    result = check_ratio(q("95%"), q("1425000元"), q("150万元"))
    assert result is not None and result.agrees


def test_rate_interval_comes_from_the_operands_rounding():
    # 1 ÷ 3 with both read as ±0.5 could be anything from 14% to 60%; written with two decimals it cannot
    assert check_ratio(q("40%"), q("1万元"), q("3万元")).agrees  # type: ignore[union-attr]
    assert not check_ratio(q("40%"), q("1.00万元"), q("3.00万元")).agrees  # type: ignore[union-attr]


@pytest.mark.parametrize(("numerator", "denominator"), [("0万元", "0万元"), ("5万元", "0万元")])
def test_zero_base_is_not_a_rate(numerator, denominator):
    assert check_ratio(q("0%"), q(numerator), q(denominator)) is None


def test_growth_rate_uses_the_prior_value():
    result = check_ratio(q("4.64%"), q("200万元"), q("4508.18万元"), formula="growth")
    assert result is not None and result.agrees
    assert result.arithmetic.startswith("200 ÷ (4508.18 − 200) × 100% = 4.64%")
    decline = compute_rate(q("200万元"), q("4000万元"), "decline")
    assert decline is not None and show(decline.value, 2) == "4.76"


def test_counts_are_exact():
    rate = compute_rate(q("38家"), q("128家"))
    assert rate is not None and rate.low == rate.high == rate.value
