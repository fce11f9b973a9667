"""``perfcheck outline`` and ``perfcheck dump``: look at what the loaders read."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from perfcheck.cli.app import app, guarded


@app.command()
def outline(file: Annotated[Path, typer.Argument(help="报告文件", show_default=False)]) -> None:
    """打印报告的章节结构（含编号）。"""
    from perfcheck.documents import load_document
    from perfcheck.report.console import make_console, render_outline

    document = guarded(lambda: load_document(file))
    render_outline(document, make_console())


@app.command()
def dump(
    file: Annotated[Path, typer.Argument(help="报告文件", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出文档模型")] = True,
) -> None:
    """输出读取到的文档模型（段落、表格、位置、章节），用于核对读取是否正确。"""
    from perfcheck.documents import load_document
    from perfcheck.report.json_document import render_document_json

    document = guarded(lambda: load_document(file))
    if as_json:
        sys.stdout.write(render_document_json(document))
    else:
        from perfcheck.report.printable import printable  # the report's text, never the terminal's commands

        for block in document.blocks:
            sys.stdout.write(f"[{block.index}] {block.location.describe()} {block.kind}: {printable(block.text)}\n")
        for note in document.notes:
            sys.stdout.write(f"注：{printable(note)}\n")
