"""The JSON Schema of rule files, generated from the kinds' ``Params`` records so it cannot drift.

``perfcheck rules schema`` prints the shipped copy (``perfcheck/rules.schema.json``); the test suite
regenerates it and compares, so a kind that gains a parameter fails the tests until the file is
regenerated with ``python -m perfcheck.rule_schema``. Draft-07, because that is the draft the YAML
language server (the editors' validator) handles completely. Each parameter's description is its line
in the kind's docstring (````name``   what it does``).
"""

from __future__ import annotations

import json
import re
import types
import typing
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any, Union

import msgspec

from perfcheck.lazy_pattern import lazy_re

SCHEMA_FILE = "rules.schema.json"
SCHEMA_ID = "https://perfcheck.invalid/rules.schema.json"
_DOC_PARAM = lazy_re(r"^\s*``(\w+)``\s+(.+)$", re.MULTILINE)


def rule_file_schema() -> dict[str, Any]:
    from perfcheck.kinds import KINDS
    from perfcheck.model import SEVERITIES
    from perfcheck.rule_file import EXPECTATIONS

    definitions: dict[str, Any] = {}
    conditions = []
    for kind, module in KINDS.items():
        name = f"params-{kind}"
        definitions[name] = _object(module.Params, definitions, _descriptions(module.__doc__ or ""))
        definitions[name]["description"] = (module.__doc__ or kind).strip().splitlines()[0]
        conditions.append(
            {
                "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                "then": {"properties": {"params": {"$ref": f"#/definitions/{name}"}}},
            }
        )
    rule_properties: dict[str, Any] = {
        "id": {"type": "string", "pattern": "^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$", "description": "规则编号，如 OE-SUM-01"},
        "kind": {"enum": sorted(KINDS), "description": "规则类型（perfcheck/kinds/ 中的一个模块）"},
        "severity": {"enum": list(SEVERITIES)},
        "title": {"type": "string"},
        "message": {"type": "string", "description": "不通过时的说明；{占位符} 见该类型的文档"},
        "message_en": {"type": "string", "description": "--lang en 时的说明（可选）"},
        "basis": {"type": "string", "description": "依据：法规条款、表格填报说明或勾稽关系"},
        "params": {"type": "object"},
        "examples": {"type": "array", "items": {"$ref": "#/definitions/example"}},
        "enabled": {"type": "boolean"},
    }
    definitions["example"] = {
        "type": "object",
        "additionalProperties": False,
        "required": ["text"],
        "properties": {"text": {"type": "string"}, "expect": {"enum": sorted(EXPECTATIONS)}},
    }
    definitions["rule"] = {
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "kind", "severity", "message", "basis"],
        "properties": rule_properties,
        "allOf": conditions,
    }
    pack_properties: dict[str, Any] = {
        "pack": {"type": "string"},
        "title": {"type": "string"},
        "description": {"type": "string"},
        "detect": {"type": "string", "description": "标题符合此正则表达式时选用本规则包"},
        "outline": {
            "type": "array",
            "items": {"type": "string"},
            "description": "该类报告提纲中的章节标题（正则表达式）；与标题一起决定选用本规则包",
        },
        "extends": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
        "rules": {"type": "array", "items": {"$ref": "#/definitions/rule"}},
    }
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": SCHEMA_ID,
        "title": "perfcheck rule file",
        "description": "perfcheck 规则文件：规则包（pack/rules）或仅含规则的列表。",
        "anyOf": [
            {"type": "object", "additionalProperties": False, "properties": pack_properties},
            {"type": "array", "items": {"$ref": "#/definitions/rule"}},
        ],
        "definitions": dict(sorted(definitions.items())),
    }


def _descriptions(doc: str) -> dict[str, str]:
    return {name: text.strip() for name, text in _DOC_PARAM.findall(doc)}


def _object(cls: Any, definitions: dict[str, Any], descriptions: dict[str, str] | None = None) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {}
    required = []
    for field in msgspec.structs.fields(cls):
        schema = _type(hints[field.name], definitions)
        if descriptions and field.name in descriptions:
            schema = {**schema, "description": descriptions[field.name]}
        properties[field.name] = schema
        if field.required:
            required.append(field.name)
    result: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": properties}
    if required:
        result["required"] = required
    return result


def _type(hint: Any, definitions: dict[str, Any]) -> dict[str, Any]:
    """The schema of what :func:`perfcheck.config.params.convert` accepts for ``hint``."""
    from perfcheck.config.params import Pattern

    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (Union, types.UnionType):
        options = [_type(a, definitions) for a in args if a is not type(None)]
        if type(None) in args:
            options.append({"type": "null"})
        return options[0] if len(options) == 1 else {"anyOf": options}
    if origin is typing.Literal:
        return {"enum": list(args)}
    if origin is tuple:
        item = _type(args[0], definitions)
        return {"anyOf": [{"type": "array", "items": item}, item]}  # a single item stands for a list of one
    if hint is Pattern or origin is Pattern:
        return {"type": "string", "format": "regex"}
    if isinstance(hint, type) and issubclass(hint, msgspec.Struct):
        cls = hint
        name = f"{cls.__module__.rsplit('.', 1)[-1].replace('_', '-')}-{cls.__name__}"
        if name not in definitions:
            definitions[name] = {}
            definitions[name] = _object(hint, definitions)
        return {"$ref": f"#/definitions/{name}"}
    if hint is Decimal:
        return {"anyOf": [{"type": "number"}, {"type": "string", "pattern": r"^-?\d+(\.\d+)?$"}]}
    simple = {bool: "boolean", int: "integer", str: "string"}
    if hint in simple:
        return {"type": simple[hint]} if hint is not str else {"type": ["string", "integer"]}
    raise TypeError(f"no schema for parameter type {hint!r}")


def render_schema(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def shipped_schema_text() -> str:
    return (resources.files("perfcheck") / SCHEMA_FILE).read_text(encoding="utf-8")


if __name__ == "__main__":
    target = Path(__file__).with_name(SCHEMA_FILE)
    target.write_text(render_schema(rule_file_schema()), encoding="utf-8")
    print(f"wrote {target}")
