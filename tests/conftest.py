"""Shared paths and helpers for the test suite."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
CORPUS = ROOT.parent / "shared" / "corpus"
REAL = CORPUS / "real"
# The real documents live beside the repository (shared/corpus/real), as on a developer's machine and in CI.
needs_real_corpus = pytest.mark.skipif(not REAL.is_dir(), reason="shared/corpus/real is not beside the repository")
EXAMPLE_TXT = SAMPLES / "qingshuitang-2018-overall.txt"
EXAMPLE_DOCX = SAMPLES / "qingshuitang-2018-overall.docx"

# samples/ holds the generators (spec.py, docx_builder.py, pdf_builder.py); tests import them directly.
sys.path.insert(0, str(SAMPLES))


@pytest.fixture(scope="session")
def ruleset():
    from perfcheck.rulepack import load_ruleset

    return load_ruleset()


def imported_modules() -> set[str]:
    """Every module outside perfcheck that perfcheck imports (full dotted names), standard library included."""
    names: set[str] = set()
    for path in (ROOT / "perfcheck").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module)
    return {n for n in names if n.split(".")[0] not in ("perfcheck", "__future__")}


def third_party_imports() -> set[str]:
    """The top-level names of the packages outside the standard library that perfcheck imports."""
    tops = {n.split(".")[0] for n in imported_modules()}
    # The standard library's on a later Python than this one may be: tomllib from 3.11 (on 3.10 perfcheck imports
    # tomli in that name's branch), _sha2 from 3.12 (perfcheck.digest falls back to _sha256 before)
    return {n for n in tops if n not in sys.stdlib_module_names and n not in ("tomllib", "_sha2")}
