"""Interval arithmetic on figures as written, shared by the arithmetic kinds.

A figure written with d decimals stands for the interval ±½·10⁻ᵈ around it (round-to-nearest, as in
XBRL Calculations 1.1). Within one relation every figure is read at the largest number of decimals
written in that relation — ``30万元`` beside ``29.99万元`` is 30.00, because reports drop trailing zeros —
and a total agrees with its parts when |Σparts − total| ≤ Σ½·10⁻ᵈ over all the figures involved. Units
are scaled first (1亿元 = 10000万元 = 10⁸元); the arithmetic is shown in the unit of the total.

Rates are recomputed from their operands as intervals: the operands' rounding intervals are pushed
through the formula (a ratio is monotone in each operand, so its extremes lie at the corners) and the
result agrees with a stated rate when it meets the stated rate's own interval (the stated precision).
Counts are whole and exact, so they carry no rounding interval.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from itertools import product
from typing import TYPE_CHECKING, Literal

from msgspec import Struct

if TYPE_CHECKING:
    from perfcheck.facts.numbers import Quantity

HALF = Decimal("0.5")
HUNDRED = Decimal(100)
Formula = Literal["share", "growth", "decline"]


def decimals_in(quantity: Quantity, unit: str) -> int:
    """Decimals of ``quantity`` once expressed in ``unit`` (2247元 in 万元 has 4)."""
    one = Decimal(1).scaleb(-quantity.decimals)
    from perfcheck.facts.numbers import unit_scale

    scaled = unit_scale(quantity.unit, unit) * one
    exponent = scaled.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def half_unit(decimals: int) -> Decimal:
    return HALF * Decimal(1).scaleb(-decimals)


def show(value: Decimal, decimals: int) -> str:
    """``value`` with exactly ``decimals`` decimals, as a reader would write it."""
    return f"{value.quantize(Decimal(1).scaleb(-decimals)):f}" if decimals > 0 else f"{value.quantize(Decimal(1)):f}"


class SumCheck(Struct, frozen=True):
    """A total against its parts. ``status``: exact, within (a 尾差 inside the slack) or outside.

    ``decimals`` is the precision the relation is read at (the largest in the total's unit);
    ``shown_decimals`` is what the arithmetic is printed with: the most decimals written in any figure,
    more only where the sum or difference needs them (元 figures in a 万元 relation).
    """

    unit: str
    total: Decimal
    parts: tuple[Decimal, ...]
    parts_sum: Decimal
    diff: Decimal
    slack: Decimal
    decimals: int
    status: Literal["exact", "within", "outside"]
    shown_decimals: int = 2

    @property
    def arithmetic(self) -> str:
        """``301.97 + 300.5 + … = 2261.18万元；文中为 2261.18万元；一致``."""
        d = self.shown_decimals
        terms = " + ".join(_plain(p) for p in self.parts)
        line = f"{terms} = {show(self.parts_sum, d)}{self.unit}；文中为 {_plain(self.total)}{self.unit}"
        if self.status == "exact":
            return line + "；一致"
        gap = f"相差 {show(abs(self.diff), d)}{self.unit}"
        if self.status == "within":
            return line + f"；{gap}，在允许尾差 ±{_plain(self.slack)} 之内（尾差）"
        direction = "多于" if self.diff > 0 else "少于"
        return (
            line
            + f"；{gap}（分项合计{direction}文中合计），超出允许尾差 ±{_plain(self.slack)}"
            + f"；若分项无误，合计应为 {show(self.parts_sum, d)}{self.unit}"
        )


def check_sum(total: Quantity, parts: Sequence[Quantity], tolerance: Decimal | None = None) -> SumCheck:
    """Compare a total with the sum of its parts, in the total's unit."""
    unit = total.unit
    # A converted figure is shown without the zeros scaling leaves (40000000元 → 0.4亿元, not 0.40000000).
    values = [p.value if p.unit == unit else p.in_unit(unit).normalize() for p in parts]
    decimals = max([decimals_in(total, unit), *(decimals_in(p, unit) for p in parts)])
    parts_sum = sum(values, Decimal(0))
    diff = parts_sum - total.value
    slack = tolerance if tolerance is not None else half_unit(decimals) * (len(parts) + 1)
    if diff == 0:
        status: Literal["exact", "within", "outside"] = "exact"
    elif abs(diff) <= slack:
        status = "within"
    else:
        status = "outside"
    written = max([total.decimals, *(p.decimals for p in parts)])
    needed = max(_places(parts_sum), _places(diff))
    shown = min(decimals, max(written, needed))
    return SumCheck(unit, total.value, tuple(values), parts_sum, diff, slack, decimals, status, shown)


class Rate(Struct, frozen=True):
    """A rate (in %) recomputed from two operands, with the interval their rounding allows.

    ``low``/``high`` are None when the denominator's interval reaches zero: the rate is then unbounded
    and nothing can be concluded from it.
    """

    formula: Formula
    numerator: Decimal
    denominator: Decimal
    value: Decimal
    low: Decimal | None
    high: Decimal | None
    decimals: int

    @property
    def expression(self) -> str:
        """``2261.18 ÷ 4508.18 × 100%``, or ``200 ÷ (4508.18 − 200) × 100%`` for a growth rate."""
        num, den = _plain(self.numerator), _plain(self.denominator)
        if self.formula == "growth":
            return f"{num} ÷ ({den} − {num}) × 100%"
        if self.formula == "decline":
            return f"{num} ÷ ({den} + {num}) × 100%"
        return f"{num} ÷ {den} × 100%"

    def shown(self, decimals: int = 2) -> str:
        return show(self.value, decimals) + "%"

    def could_be(self, low: Decimal, high: Decimal) -> bool:
        """Could the true rate lie in [low, high]?"""
        if self.low is None or self.high is None:
            return True
        return self.low <= high and low <= self.high


def compute_rate(numerator: Quantity, denominator: Quantity, formula: Formula = "share") -> Rate | None:
    """``numerator / denominator × 100`` (share), or a growth/decline rate where ``denominator`` is the
    current value and ``numerator`` the change: prior = current ∓ change. None when the base is zero
    (0/0 and x/0 are not applicable, never 0 %)."""
    unit = denominator.unit
    num, num_d = _operand(numerator, unit)
    den, den_d = _operand(denominator, unit)
    decimals = max(num_d, den_d)
    # Counts are whole and exact; amounts and percentages stand for ±½ of their last written digit.
    num_e = Decimal(0) if numerator.kind == "count" else half_unit(decimals)
    den_e = Decimal(0) if denominator.kind == "count" else half_unit(decimals)
    if _base(formula, num, den) == 0:
        return None
    value = _rate(formula, num, den)
    corners = list(product((num - num_e, num + num_e), (den - den_e, den + den_e)))
    bases = [_base(formula, n, d) for n, d in corners]
    if min(bases) <= 0 <= max(bases):
        return Rate(formula, num, den, value, None, None, decimals)
    values = [_rate(formula, n, d) for n, d in corners]
    return Rate(formula, num, den, value, min(values), max(values), decimals)


def _operand(quantity: Quantity, unit: str) -> tuple[Decimal, int]:
    if quantity.kind == "amount" and quantity.unit != unit:
        return quantity.in_unit(unit).normalize(), decimals_in(quantity, unit)
    return quantity.value, quantity.decimals


def _base(formula: Formula, num: Decimal, den: Decimal) -> Decimal:
    """What the change or part is divided by: the total, or the prior value (current ∓ change)."""
    if formula == "growth":
        return den - num
    if formula == "decline":
        return den + num
    return den


def _rate(formula: Formula, num: Decimal, den: Decimal) -> Decimal:
    return num / _base(formula, num, den) * HUNDRED


class RatioCheck(Struct, frozen=True):
    """A stated percentage against the one computed from its operands, as intervals."""

    stated: Decimal
    stated_decimals: int
    computed: Decimal
    low: Decimal
    high: Decimal
    agrees: bool
    rate: Rate | None = None

    @property
    def shown_computed(self) -> str:
        return show(self.computed, max(self.stated_decimals, 2))

    @property
    def truncated(self) -> bool:
        """Was the stated rate cut off rather than rounded? 99.868…% written 99.86% (rounded: 99.87%).

        True when the stated figure disagrees, has decimals, and every value the operands allow lies in
        [stated, stated + 10⁻ᵈ): dropping the digits after the d-th gives the stated figure.
        """
        if self.agrees or self.stated_decimals < 1:
            return False
        step = Decimal(1).scaleb(-self.stated_decimals)
        return self.stated <= self.low and self.high < self.stated + step

    @property
    def arithmetic(self) -> str:
        """``2261.18 ÷ 4508.18 × 100% = 50.16%；文中为 50%；一致``."""
        expression = self.rate.expression if self.rate else "重新计算"
        line = f"{expression} = {self.shown_computed}%；文中为 {_plain(self.stated)}%"
        if self.agrees:
            return line + "；一致（在文中数值的精度内）"
        if self.truncated:
            return line + f"；文中为截尾而非四舍五入，应为 {show(self.computed, self.stated_decimals)}%"
        return line + f"；按文中精度应为 {show(self.computed, self.stated_decimals)}%"


def check_ratio(
    stated: Quantity,
    numerator: Quantity,
    denominator: Quantity,
    tolerance: Decimal | None = None,
    formula: Formula = "share",
) -> RatioCheck | None:
    """``numerator / denominator × 100`` (or a growth rate) against ``stated``; None when the base is 0."""
    rate = compute_rate(numerator, denominator, formula)
    if rate is None:
        return None
    margin = tolerance if tolerance is not None else half_unit(stated.decimals)
    agrees = rate.could_be(stated.value - margin, stated.value + margin)
    low = rate.low if rate.low is not None else rate.value
    high = rate.high if rate.high is not None else rate.value
    return RatioCheck(stated.value, stated.decimals, rate.value, low, high, agrees, rate)


def _plain(value: Decimal) -> str:
    """``value`` as written, without an exponent (5.1E+4 → 51000)."""
    return f"{value:f}"


def _places(value: Decimal) -> int:
    """Decimals needed to write ``value`` exactly."""
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0
