"""The document model as JSON (``perfcheck dump FILE --json``): what the loaders read, for a person to check."""

from __future__ import annotations

import json
from typing import Any

from perfcheck.model import Block, Document, Section


def document_to_dict(document: Document) -> dict[str, Any]:
    return {
        "path": document.path,
        "format": document.format,
        "sha256": document.sha256,
        "title": document.title,
        "encoding": document.encoding,
        "pages": document.pages,
        "notes": list(document.notes),
        "outline": [_section(s) for s in document.outline],
        "blocks": [_block(b) for b in document.blocks],
    }


def _section(section: Section) -> dict[str, Any]:
    return {
        "number": section.number,
        "title": section.title,
        "level": section.level,
        "style": section.style,
        "ordinal": section.ordinal,
        "block": section.block,
        "end": section.end,
        "children": [_section(c) for c in section.children],
    }


def _block(block: Block) -> dict[str, Any]:
    data: dict[str, Any] = {
        "index": block.index,
        "kind": block.kind,
        "text": block.text,
        "norm": block.norm,
        "location": block.location.to_json(),
        "number": block.number,
        "number_generated": block.number_generated,
        "heading_level": block.heading_level,
    }
    if block.table is not None:
        data["table"] = {
            "n_rows": block.table.n_rows,
            "n_columns": block.table.n_columns,
            "rows": [
                [
                    {"text": c.text, "row": c.row, "column": c.column, "row_span": c.row_span, "col_span": c.col_span}
                    for c in row
                ]
                for row in block.table.rows
            ],
        }
    return data


def render_document_json(document: Document) -> str:
    return json.dumps(document_to_dict(document), ensure_ascii=False, indent=2) + "\n"
