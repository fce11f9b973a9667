"""Every kind's examples (``perfcheck/kinds/<kind>.examples.yml``) run as tests: the docs cannot drift."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from perfcheck.config.params import convert
from perfcheck.documents.plaintext import document_from_text
from perfcheck.engine import summarize_statuses
from perfcheck.kinds import KINDS
from perfcheck.kinds.base import Context


def _examples():
    for kind, module in KINDS.items():
        path = Path(module.__file__).with_suffix(".examples.yml")  # type: ignore[attr-defined]
        for number, example in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")) or []):
            yield pytest.param(module, example, id=f"{kind}-{number}-{example.get('name', '')}")


@pytest.mark.parametrize(("module", "example"), list(_examples()))
def test_kind_example(module, example):
    params = convert(module.Params, example.get("params"))
    outcomes = list(module.check(Context(document_from_text(example["text"])), params))
    got = summarize_statuses([o.status for o in outcomes])
    assert got == example["expect"], [(o.status, o.detail) for o in outcomes]
