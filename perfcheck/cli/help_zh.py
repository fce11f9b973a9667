"""``--help`` in Chinese, wrapped by display width.

click writes its own words in English ("Usage:", "Options:", "Show this message and exit.",
"[default: …]", "[required]", "x>=1") and its placeholders from parameter names and types
(``{files}...``, ``<path>``); and it wraps help by ``len()``, so a line of Chinese (two columns a
character) runs to twice the terminal's width. :class:`ChineseHelpFormatter` is the formatter click's
context uses (``Context.formatter_class``): it says those words in Chinese and measures lines in
terminal cells, cutting only between characters, numbers and words (:func:`perfcheck.report.wrap.wrap`).
``--lang en`` keeps click's own formatter.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import typer

from perfcheck.lazy_pattern import lazy_re

_BASE: Any = typer.Context.formatter_class

HEADINGS = {"Usage": "用法", "Options": "选项", "Arguments": "参数", "Commands": "命令"}
PHRASES = {
    "Show this message and exit.": "显示此帮助并退出",
    "Show the version and exit.": "显示版本号并退出",
}
# Placeholders click builds from a parameter's name or type.
METAVARS = {
    "[OPTIONS]": "[选项]",
    "COMMAND [ARGS]...": "命令 [参数]…",
    "{files}...": "报告文件…",
    "files...": "报告文件…",
    "{file}": "报告文件",
    "file": "报告文件",
    "{paths}...": "报告或文件夹…",
    "paths...": "报告或文件夹…",
    "{rule_id}": "规则编号",
    "rule_id": "规则编号",
    "<path>": "<路径>",
    "<str>": "<文本>",
    "<text>": "<文本>",
    "<int>": "<整数>",
    "<integer>": "<整数>",
    "<float>": "<数值>",
    "<int range>": "<整数>",
    "<float range>": "<数值>",
    "OUT.docx": "输出.docx",
    "OUT.html": "输出.html",
}
_METAVAR = lazy_re("|".join(re.escape(k) for k in sorted(METAVARS, key=len, reverse=True)))
_EXTRA = lazy_re(r"\s*\[(?P<items>(?:default|required|env var|x[<>]|\d|-\d)[^\[\]]*)\]$")
_RANGE = lazy_re(r"^(?:(?P<low>-?[\d.]+)(?P<lop><=?))?x(?:(?P<op>[<>]=?)(?P<bound>-?[\d.]+))?$")


def translate_metavars(text: str) -> str:
    return _METAVAR.sub(lambda m: METAVARS[m.group()], text)


def translate_help(text: str) -> str:
    """A parameter's help with click's trailing ``[default: …; required; x>=1]`` said in Chinese."""
    text = PHRASES.get(text.strip(), text)
    match = _EXTRA.search(text)
    if not match:
        return text
    items = [_translate_item(item.strip()) for item in match["items"].split(";")]
    return text[: match.start()] + "  [" + "；".join(items) + "]"


def _translate_item(item: str) -> str:
    if item.startswith("default: "):
        value = item.removeprefix("default: ").strip("()")
        return f"默认：{value}"
    if item == "required":
        return "必填"
    if item.startswith("env var: "):
        return "环境变量：" + item.removeprefix("env var: ")
    if match := _RANGE.match(item):
        return _describe_range(match)
    return item


def _describe_range(match: re.Match[str]) -> str:
    parts = []
    if match["low"] is not None:
        parts.append(("不小于 " if match["lop"] == "<=" else "大于 ") + match["low"])
    if match["bound"] is not None:
        words = {">=": "不小于 ", ">": "大于 ", "<=": "不大于 ", "<": "小于 "}
        parts.append(words[match["op"]] + match["bound"])
    return "取值" + "、".join(parts)


class ChineseHelpFormatter(_BASE):  # click's HelpFormatter, reached through typer (typed Any)
    """click's help formatter with Chinese words and widths measured in terminal cells."""

    def __init__(self, indent_increment: int = 2, width: int | None = None, max_width: int | None = None) -> None:
        super().__init__(indent_increment, width, max_width)
        self.width: int = min(self.width, 78)  # 80-column terminals: two columns of margin, as click keeps

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        self._write_wrapped(f"{prog} {translate_metavars(args)}".strip(), "用法：")

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{HEADINGS.get(heading, heading)}：\n")

    def write_text(self, text: str) -> None:
        from perfcheck.report.wrap import wrap

        for number, paragraph in enumerate(p for p in re.split(r"\n\s*\n", text) if p.strip()):
            if number:
                self.write("\n")
            flat = " ".join(line.strip() for line in paragraph.splitlines())
            for line in wrap(flat, self.width, self.current_indent):
                self.write(line + "\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        from perfcheck.report.wrap import cell_len, wrap

        rows = [(translate_metavars(first), translate_help(second)) for first, second in rows]
        first_width = min(max((cell_len(first) for first, _ in rows), default=0), col_max)
        column = self.current_indent + first_width + col_spacing
        for first, second in rows:
            head = " " * self.current_indent + first
            if not second:
                self.write(head + "\n")
                continue
            if cell_len(first) > first_width:  # a long option: its help starts on the next line
                self.write(head + "\n")
                head = ""
            lines = wrap(second, self.width, column)
            pad = " " * (column - cell_len(head)) if head else " " * column
            self.write(head + pad + lines[0][column:] + "\n")
            for line in lines[1:]:
                self.write(line + "\n")

    def _write_wrapped(self, text: str, prefix: str) -> None:
        from perfcheck.report.wrap import cell_len, wrap

        indent = self.current_indent + cell_len(prefix)
        lines = wrap(text, self.width, indent)
        self.write(" " * self.current_indent + prefix + lines[0][indent:] + "\n")
        for line in lines[1:]:
            self.write(line + "\n")


def use_chinese_help() -> None:
    """Make every click context of this process format its help with :class:`ChineseHelpFormatter`."""
    # typer.Context subclasses click's Context, which is the class the commands instantiate.
    for context in typer.Context.__mro__:
        if "formatter_class" in vars(context):
            setattr(context, "formatter_class", ChineseHelpFormatter)  # noqa: B010  (click's class, typed loosely)
