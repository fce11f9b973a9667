"""Turn a rule's ``params:`` mapping into the kind's frozen ``Params`` record, or say what is wrong.

Each kind declares its parameters as a typed frozen record (a ``msgspec.Struct``, like every record of the
model: see pyproject.toml for why); this module reads the type hints and
converts YAML values to them: ``str``, ``int``, ``bool``, ``Decimal`` (from the text as written, never
through float), ``Literal[...]``, ``X | None``, ``tuple[X, ...]``, nested records, and
:data:`Pattern` (a regular expression compiled with the ``regex`` module). Unknown keys, missing keys and
wrong types are errors naming the key path. (A schema library would do the same, but jsonschema or
pydantic cost 100–200 ms of start-up on every run, for a dozen small records; msgspec's own
validation does not give the Chinese messages and key paths this module does.)
"""

from __future__ import annotations

import types
import typing
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar, Union

import msgspec
import regex

T = TypeVar("T")

# A parameter typed ``Pattern`` is given as a string in YAML and compiled here, so that a bad regex is
# a load error with file:line rather than a crash during checking.
Pattern = regex.Pattern


class ParamError(ValueError):
    """A parameter does not fit its declared type; ``key`` is the dotted path to it."""

    def __init__(self, key: str, problem: str) -> None:
        self.key = key
        self.problem = problem
        super().__init__(f"参数 {key}：{problem}" if key else problem)


def convert(cls: type[T], data: Any, key: str = "params") -> T:
    """Build ``cls`` (a frozen Struct) from a mapping, checking every key and type."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ParamError(key, f"应为键值映射，实为 {_describe(data)}")
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in msgspec.structs.fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise ParamError(key, f"未知参数 {', '.join(map(str, unknown))}（可用：{', '.join(fields)}）")
    values: dict[str, Any] = {}
    for name, field in fields.items():
        if name in data:
            values[name] = _convert_value(hints[name], data[name], f"{key}.{name}")
            _check_tolerance(name, values[name], f"{key}.{name}")
        elif field.required:
            raise ParamError(f"{key}.{name}", "缺少必填参数")
    try:
        return cls(**values)
    except (TypeError, ValueError) as error:
        raise ParamError(key, str(error)) from None


def _convert_value(hint: Any, value: Any, key: str) -> Any:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        options = [a for a in args if a is not type(None)]
        problems = []
        for option in options:
            try:
                return _convert_value(option, value, key)
            except ParamError as error:
                problems.append(error.problem)
        raise ParamError(key, "；".join(problems))
    if origin is typing.Literal:
        if value not in args:
            raise ParamError(key, f"应为 {' / '.join(map(str, args))} 之一，实为 {value!r}")
        return value
    if origin is tuple:
        items = value if isinstance(value, list) else [value]
        item_type = args[0]
        return tuple(_convert_value(item_type, item, f"{key}[{i}]") for i, item in enumerate(items))
    if hint is Pattern or origin is Pattern:
        if not isinstance(value, str):
            raise ParamError(key, f"正则表达式应为字符串，实为 {_describe(value)}")
        try:
            return regex.compile(value)
        except regex.error as error:
            raise ParamError(key, f"正则表达式无法编译：{error}（{value}）") from None
    if isinstance(hint, type) and issubclass(hint, msgspec.Struct):
        return convert(hint, value, key)
    if hint is Decimal:
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise ParamError(key, f"应为数字，实为 {_describe(value)}")
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise ParamError(key, f"不是数字：{value!r}") from None
        return _bounded_decimal(number, value, key)
    if hint is bool:
        if not isinstance(value, bool):
            raise ParamError(key, f"应为 true 或 false，实为 {value!r}")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ParamError(key, f"应为整数，实为 {value!r}")
        if abs(value) > MAX_INT:
            raise ParamError(key, f"应在 ±{MAX_INT} 之内，实为 {value}")
        return value
    if hint is str:
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            raise ParamError(key, f"应为文字，实为 {_describe(value)}")
        return str(value)
    raise ParamError(key, f"不支持的参数类型 {hint!r}")


# Numbers in parameters are finite and of a size a report can hold (issue 12: "NaN" raised
# InvalidOperation mid-check, "1e999999999" made the interval arithmetic run for 30 s).
MAX_ADJUSTED = 15  # below 10¹⁶
MIN_EXPONENT = -12  # at most 12 decimal places
MAX_INT = 10**9


def _bounded_decimal(number: Decimal, written: Any, key: str) -> Decimal:
    if not number.is_finite():
        raise ParamError(key, f"应为有限的数字，实为 {written!r}")
    # adjusted() and the exponent, not abs(): arithmetic on 1e999999999 overflows the context
    exponent = number.as_tuple().exponent
    if number and (number.adjusted() > MAX_ADJUSTED or (isinstance(exponent, int) and exponent < MIN_EXPONENT)):
        raise ParamError(key, f"绝对值应小于 10¹⁶、至多 12 位小数，实为 {written!r}")
    return number


def _describe(value: Any) -> str:
    names = {dict: "映射", list: "列表", str: "文字", int: "整数", float: "数字", bool: "布尔值"}
    return names.get(type(value), type(value).__name__)


def replace_params(params: T, changes: Any, key: str = "params") -> T:
    """``params`` with some fields changed, each converted and checked as in :func:`convert` (configuration
    files override a rule's parameters through this, so they are refused for the same reasons as YAML)."""
    if not changes:
        return params
    if not isinstance(changes, dict):
        raise ParamError(key, f"应为键值映射，实为 {_describe(changes)}")
    cls = type(params)
    hints = typing.get_type_hints(cls)
    names = list(cls.__struct_fields__)  # type: ignore[attr-defined]
    unknown = sorted(set(changes) - set(names))
    if unknown:
        raise ParamError(f"{key}.{unknown[0]}", f"未知参数（可用：{', '.join(names)}）")
    values = {name: _convert_value(hints[name], value, f"{key}.{name}") for name, value in changes.items()}
    for name, value in values.items():
        _check_tolerance(name, value, f"{key}.{name}")
    try:
        return msgspec.structs.replace(params, **values)  # type: ignore[type-var]
    except (TypeError, ValueError) as error:
        raise ParamError(key, str(error)) from None


def _check_tolerance(name: str, value: Any, key: str) -> None:
    """Every kind's ``tolerance`` is a width around a figure: a negative one would fail what agrees."""
    if name.endswith("tolerance") and isinstance(value, Decimal) and value < 0:
        raise ParamError(key, f"不能为负数，实为 {value}")
