"""A seeded generator of broken, huge-ish and malicious inputs for the fuzz suite (tests/fuzz).

Each :class:`Case` is a set of files to write into an empty folder and the command-line arguments that
use them. Reports (.docx, .pdf, .txt, .xlsx) are mutated from the samples at three levels — bytes
(flips, truncation, splices), the zip container (parts dropped, duplicated, replaced) and the XML inside
(attributes set to hostile values such as 2³¹ spans or 10¹² list starts, elements removed or nested) —
and rule, configuration and waiver files are written from templates with values drawn from a list of
hostile ones. The same seed gives the same cases, so a failure is reproducible by its name.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
DOCX = SAMPLES / "qingshuitang-2018-overall.docx"
PDF = SAMPLES / "qingshuitang-2018-overall.pdf"
TXT = SAMPLES / "qingshuitang-2018-overall.txt"
XLSX = SAMPLES / "self-eval-table.xlsx"

HOSTILE_NUMBERS = ["-1", "0", "2147483648", "99999999999999", "1e9", "abc", "", " 7", "NaN", "63", "64", "10000000"]
HOSTILE_TEXT = [
    "=1+1",
    "@SUM(A1)",
    "\x1b[2J\x1b]52;c;aGk=\x07",
    "\u202e反转",
    "其中" * 50,
    "万元" * 30,
    "1" * 400,
    "（一）" * 20,
    "\x00\x01\x02",
    "%1、%2.%3",
    "*alias",
    "{total}{parts_sum}{nope}",
    "(a|a)+$",
    "[",
]
HOSTILE_YAML_VALUES = ["~", "[]", "{}", "-1", "1e999999999", ".nan", ".inf", "'NaN'", "!!python/object:os.system x",
                       "&a [*a]", "2020-13-45", "'(a|a)+$'", "'['", "yes", "0x10", "[1, [2, [3]]]"]  # fmt: skip
HOSTILE_TOML_VALUES = ["nan", "inf", "-inf", '"NaN"', '"1e999999999"', "-1", "0", "1e308", "true", "[]", "{}",
                       '"x"', "[[[[[[]]]]]]", "2020-13-45", '"(a|a)+$"', "100000"]  # fmt: skip
CONFIG_KEYS = ["fail-on", "strict", "regex-timeout", "timeout", "memory-limit", "pack", "packs", "select", "ignore",
               "lang", "waivers", "rule-files", "extend", "nonsense"]  # fmt: skip


@dataclass
class Case:
    name: str
    files: dict[str, bytes]
    args: list[str]
    outputs: list[str] = field(default_factory=list)  # files the command was asked to write


def cases(seed: int = 12) -> Iterator[Case]:
    """The whole suite: about 320 cases, in a fixed order for ``seed``."""
    rng = random.Random(seed)
    docx, pdf, txt, xlsx = DOCX.read_bytes(), PDF.read_bytes(), TXT.read_bytes(), XLSX.read_bytes()
    for i in range(90):
        yield Case(f"docx-{i}", {"report.docx": _mutate_office(rng, docx, "word/document.xml")}, ["report.docx"])
    for i in range(30):
        yield Case(f"pdf-{i}", {"report.pdf": _mutate_bytes(rng, pdf)}, ["report.pdf"])
    for i in range(60):
        yield Case(f"txt-{i}", {"report.txt": _mutate_text(rng, txt)}, ["report.txt"])
    for i in range(30):
        yield Case(f"xlsx-{i}", {"report.xlsx": _mutate_office(rng, xlsx, "xl/worksheets/sheet1.xml")}, ["report.xlsx"])
    for i in range(50):
        yield Case(f"rules-{i}", {"report.txt": txt, "r.yml": _rule_file(rng)}, ["report.txt", "--rules", "r.yml"])
    for i in range(40):
        yield Case(
            f"config-{i}", {"report.txt": txt, "c.toml": _config_file(rng)}, ["report.txt", "--config", "c.toml"]
        )
    for i in range(30):
        yield Case(
            f"waivers-{i}", {"report.txt": txt, "w.yml": _waiver_file(rng)}, ["report.txt", "--waivers", "w.yml"]
        )
    for i in range(10):  # outputs asked for: they, and only they, appear
        files = {"report.docx": _mutate_office(rng, docx, "word/document.xml")}
        yield Case(f"outputs-{i}", files, ["report.docx", "--json", "v.json", "-o", "t.txt"], ["v.json", "t.txt"])


# --- reports -------------------------------------------------------------------------------------


def _mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    action = rng.choice(["flip", "truncate", "splice", "zero", "flip"])
    if action == "truncate":
        return bytes(out[: rng.randrange(0, len(out))])
    if action == "splice":
        start = rng.randrange(len(out))
        chunk = out[rng.randrange(len(out)) :][: rng.randrange(1, 4096)]
        return bytes(out[:start] + chunk + out[start:])
    if action == "zero":
        start = rng.randrange(len(out))
        out[start : start + rng.randrange(1, 2048)] = b"\x00" * len(out[start : start + 2048][:2048])
        return bytes(out)
    for _ in range(rng.randrange(1, 40)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def _mutate_office(rng: random.Random, data: bytes, main_part: str) -> bytes:
    """A zip-level or XML-level mutation of an Office file (or, a quarter of the time, raw byte damage)."""
    level = rng.random()
    if level < 0.25:
        return _mutate_bytes(rng, data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    if level < 0.45:
        victim = rng.choice(sorted(parts))
        choice = rng.choice(["drop", "empty", "garbage", "bytes"])
        if choice == "drop":
            del parts[victim]
        elif choice == "empty":
            parts[victim] = b""
        elif choice == "garbage":
            parts[victim] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 500)))
        else:
            parts[victim] = _mutate_bytes(rng, parts[victim])
    elif main_part in parts:
        parts[main_part] = _mutate_xml(rng, parts[main_part].decode("utf-8", "replace")).encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


_ATTRIBUTE = re.compile(r'(w:val|r|s|t|ref|w:w|w:ilvl|w:numId)="[^"]*"')
_SPANNERS = ['<w:gridSpan w:val="{n}"/>', '<w:gridBefore w:val="{n}"/>', '<w:start w:val="{n}"/>', "<w:vMerge/>"]


def _mutate_xml(rng: random.Random, xml: str) -> str:
    for _ in range(rng.randrange(1, 6)):
        action = rng.choice(["attribute", "cut", "span", "text", "nest"])
        if action == "attribute":
            found = list(_ATTRIBUTE.finditer(xml))
            if found:
                match = rng.choice(found)
                xml = f'{xml[: match.start()]}{match.group(1)}="{rng.choice(HOSTILE_NUMBERS)}"{xml[match.end() :]}'
        elif action == "cut":
            start = rng.randrange(len(xml))
            xml = xml[:start] + xml[start + rng.randrange(1, 300) :]
        elif action == "span":
            spot = xml.find("<w:tcPr>", rng.randrange(len(xml)))
            if spot >= 0:
                insert = rng.choice(_SPANNERS).format(n=rng.choice([*HOSTILE_NUMBERS, "2147483647", "999999999999"]))
                xml = xml[: spot + 8] + insert + xml[spot + 8 :]
        elif action == "text":
            spot = xml.find("<w:t>", rng.randrange(len(xml)))
            if spot >= 0:
                text = rng.choice(HOSTILE_TEXT).replace("&", "&amp;").replace("<", "&lt;")
                xml = xml[: spot + 5] + text + xml[spot + 5 :]
        else:
            depth = rng.choice([10, 100, 300])
            spot = xml.find("<w:body>")
            if spot >= 0:
                nested = "<w:tbl><w:tr><w:tc>" * depth + "<w:p/>" + "</w:tc></w:tr></w:tbl>" * depth
                xml = xml[: spot + 8] + nested + xml[spot + 8 :]
    return xml


def _mutate_text(rng: random.Random, data: bytes) -> bytes:
    if rng.random() < 0.3:
        return _mutate_bytes(rng, data)
    lines = data.decode("utf-8").splitlines()
    for _ in range(rng.randrange(1, 10)):
        at = rng.randrange(len(lines))
        choice = rng.choice(["hostile", "repeat", "nest", "numbers", "drop"])
        if choice == "hostile":
            lines.insert(at, rng.choice(HOSTILE_TEXT) + lines[at])
        elif choice == "repeat":
            lines[at] = lines[at] * rng.randrange(2, 200)
        elif choice == "nest":
            lines.insert(at, "".join(f"第{k}层支出{k + 1}00万元，其中" for k in range(rng.randrange(10, 400))))
        elif choice == "numbers":
            lines.insert(
                at,
                "、".join(
                    str(rng.randrange(10**12)) + rng.choice(["万元", "%", "元", "亿元", "个"]) for _ in range(200)
                ),
            )
        else:
            del lines[at]
    text = "\n".join(lines)
    return text.encode(rng.choice(["utf-8", "utf-8-sig", "gb18030", "utf-16"]), "replace")


# --- rule, configuration and waiver files ---------------------------------------------------------

_RULE = """pack: {pack}
title: {title}
extends: {extends}
rules:
  - id: {rule_id}
    kind: {kind}
    severity: {severity}
    title: {title}
    basis: {basis}
    message: {message}
    params: {params}
"""


def _rule_file(rng: random.Random) -> bytes:
    values = {
        "pack": rng.choice(["mine", "common", "user", "[]", "1"]),
        "title": rng.choice(["我的规则", "'=x'", "~"]),
        "extends": rng.choice(["common", "mine", "[common]", "nothing", "5", "~"]),
        "rule_id": rng.choice(["MY-01", "OE-SUM-01", "~", "[1]"]),
        "kind": rng.choice(["sum", "pattern", "ratio", "threshold", "nope", "~"]),
        "severity": rng.choice(["error", "warning", "info", "fatal", "~"]),
        "basis": rng.choice(["测试", "~", "''"]),
        "message": rng.choice(["'{total}'", "'{nope}'", "'文字'", "~", "[1, 2]"]),
        "params": rng.choice(
            [
                "{pattern: 'a'}",
                "{pattern: '(a|a)+$'}",
                "{pattern: '['}",
                "{total: {label: 合计}, parts: [{label: 甲}], tolerance: " + rng.choice(HOSTILE_YAML_VALUES) + "}",
                "{total: {label: 合计}, parts: []}",
                rng.choice(HOSTILE_YAML_VALUES),
                "{unknown: 1}",
            ]
        ),
    }
    text = _RULE.format(**values)
    if rng.random() < 0.3:
        text = _mutate_bytes(rng, text.encode("utf-8")).decode("utf-8", "replace")
    if rng.random() < 0.1:
        text = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
            f"a{k}: &a{k} [{', '.join([f'*a{k - 1}'] * 9)}]\n" for k in range(1, 12)
        )
    return text.encode("utf-8")


def _config_file(rng: random.Random) -> bytes:
    lines = [f"{rng.choice(CONFIG_KEYS)} = {rng.choice(HOSTILE_TOML_VALUES)}" for _ in range(rng.randrange(1, 4))]
    if rng.random() < 0.3:
        lines.append(f"[rules.OE-SUM-01.params]\ntolerance = {rng.choice(HOSTILE_TOML_VALUES)}")
    if rng.random() < 0.1:
        lines.append("deep = " + "[" * 5000 + "]" * 5000)
    if rng.random() < 0.1:
        lines.append("[rules.OE-SUM-01]\nseverity = " + rng.choice(['"fatal"', '"error"', "1"]))
    text = "\n".join(lines) + "\n"
    if rng.random() < 0.2:
        return _mutate_bytes(rng, text.encode("utf-8"))
    return text.encode("utf-8")


def _waiver_file(rng: random.Random) -> bytes:
    entries = []
    for _ in range(rng.randrange(0, 4)):
        fields = {
            "rule": rng.choice(["OE-SUM-01", "'*'", "~", "[1]"]),
            "file": rng.choice(["report.txt", "'*'", "~", "'../../etc/passwd'"]),
            "fingerprint": rng.choice(["abc", "~", "1"]),
            "reason": rng.choice(["已核实", "~", "''", "'=cmd'"]),
            "expires": rng.choice(["2030-01-01", "2020-13-45", "x", "~"]),
        }
        keep = rng.sample(sorted(fields), rng.randrange(1, len(fields) + 1))
        entries.append("- {" + ", ".join(f"{key}: {fields[key]}" for key in keep) + "}")
    text = "\n".join(entries) + "\n" if entries else rng.choice(["", "{}", "x: 1", "- 1", "[[[["])
    if rng.random() < 0.2:
        return _mutate_bytes(rng, text.encode("utf-8"))
    return text.encode("utf-8")
