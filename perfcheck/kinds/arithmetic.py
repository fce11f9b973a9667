"""Interval arithmetic on figures as written, shared by the arithmetic kinds.

A figure written with d decimals stands for the interval ±½·10⁻ᵈ around it (round-to-nearest, as in
XBRL Calculations 1.1). Within one relation every figure is read at the largest number of decimals
written in that relation — ``30万元`` beside ``29.99万元`` is 30.00, because reports drop trailing zeros —
and a total agrees with its parts when |Σparts − total| ≤ Σ½·10⁻ᵈ over all the figures involved. Units
are scaled first (1亿元 = 10000万元 = 10⁸元); the arithmetic is shown in the unit of the total.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from perfcheck.facts.numbers import Quantity

HALF = Decimal("0.5")


def decimals_in(quantity: Quantity, unit: str) -> int:
    """Decimals of ``quantity`` once expressed in ``unit`` (2247元 in 万元 has 4)."""
    one = Decimal(1).scaleb(-quantity.decimals)
    scaled = _scale(quantity.unit, unit) * one
    exponent = scaled.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _scale(from_unit: str, to_unit: str) -> Decimal:
    from perfcheck.facts.numbers import Quantity

    probe = Quantity(
        value=Decimal(1),
        unit=from_unit,
        kind="amount",
        decimals=0,
        text="",
        start=0,
        end=0,
        approximate=False,
        currency="USD" if "美元" in from_unit else "CNY",
    )
    return probe.in_unit(to_unit)


def half_unit(decimals: int) -> Decimal:
    return HALF * Decimal(1).scaleb(-decimals)


def show(value: Decimal, decimals: int) -> str:
    """``value`` with exactly ``decimals`` decimals, as a reader would write it."""
    return f"{value.quantize(Decimal(1).scaleb(-decimals)):f}" if decimals > 0 else f"{value.quantize(Decimal(1)):f}"


@dataclass(frozen=True, slots=True)
class SumCheck:
    """A total against its parts. ``status``: exact, within (a 尾差 inside the slack) or outside."""

    unit: str
    total: Decimal
    parts: tuple[Decimal, ...]
    parts_sum: Decimal
    diff: Decimal
    slack: Decimal
    decimals: int
    status: Literal["exact", "within", "outside"]

    @property
    def arithmetic(self) -> str:
        """``301.97 + 300.5 + … = 2261.18；文中为 2261.18万元；一致``."""
        d = self.decimals
        terms = " + ".join(_plain(p) for p in self.parts)
        line = f"{terms} = {show(self.parts_sum, d)}{self.unit}；文中为 {_plain(self.total)}{self.unit}"
        if self.status == "exact":
            return line + "；一致"
        if self.status == "within":
            return line + f"；相差 {show(self.diff, d)}，在允许尾差 ±{_plain(self.slack)} 之内（尾差）"
        return (
            line
            + f"；相差 {show(self.diff, d)}{self.unit}，超出允许尾差 ±{_plain(self.slack)}"
            + f"；若分项无误，合计应为 {show(self.parts_sum, d)}{self.unit}"
        )


def check_sum(total: Quantity, parts: Sequence[Quantity], tolerance: Decimal | None = None) -> SumCheck:
    """Compare a total with the sum of its parts, in the total's unit."""
    unit = total.unit
    values = [p.in_unit(unit) for p in parts]
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
    return SumCheck(unit, total.value, tuple(values), parts_sum, diff, slack, decimals, status)


@dataclass(frozen=True, slots=True)
class RatioCheck:
    """A stated percentage against the one computed from its operands, as intervals."""

    stated: Decimal
    stated_decimals: int
    computed: Decimal
    low: Decimal
    high: Decimal
    agrees: bool

    @property
    def shown_computed(self) -> str:
        return show(self.computed, max(self.stated_decimals, 2))


def check_ratio(
    stated: Quantity, numerator: Quantity, denominator: Quantity, tolerance: Decimal | None = None
) -> RatioCheck | None:
    """``numerator / denominator × 100`` against ``stated``; None when the denominator is zero (0/0)."""
    unit = denominator.unit if denominator.kind == "amount" else ""
    num = numerator.in_unit(unit) if unit else numerator.value
    den = denominator.in_unit(unit) if unit else denominator.value
    if den == 0:
        return None
    d = max(decimals_in(numerator, unit), decimals_in(denominator, unit)) if unit else 0
    e = half_unit(d) if unit else Decimal(0)
    computed = num / den * 100
    low_den, high_den = den + e, den - e
    low = (num - e) / low_den * 100 if low_den else computed
    high = (num + e) / high_den * 100 if high_den > 0 else computed
    margin = tolerance if tolerance is not None else half_unit(stated.decimals)
    agrees = stated.value - margin <= max(low, high) and min(low, high) <= stated.value + margin
    return RatioCheck(stated.value, stated.decimals, computed, min(low, high), max(low, high), agrees)


def _plain(value: Decimal) -> str:
    return f"{value:f}"
