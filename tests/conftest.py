"""Shared paths and helpers for the test suite."""

from __future__ import annotations

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
