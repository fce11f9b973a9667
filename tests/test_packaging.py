"""The wheel carries what an installed perfcheck needs: the rule packs, schemas, kind examples, review assets."""

from __future__ import annotations

import zipfile

from conftest import ROOT


def test_wheel_ships_rules_schemas_and_assets(tmp_path):
    from hatchling.builders.wheel import WheelBuilder

    wheel = next(iter(WheelBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"])))
    names = set(zipfile.ZipFile(wheel).namelist())
    packs = {p.name for p in (ROOT / "rules").glob("*.yml")}
    assert packs and {f"perfcheck/rules/{name}" for name in packs} <= names
    assert "perfcheck/report/verdict.schema.json" in names
    assert "perfcheck/rules.schema.json" in names
    examples = {f"perfcheck/kinds/{p.name}" for p in (ROOT / "perfcheck" / "kinds").glob("*.examples.yml")}
    assert examples and examples <= names
    assets = {f"perfcheck/report/{p.name}" for p in (ROOT / "perfcheck" / "report").glob("review.*")}
    assert assets and assets <= names
    # documents/pdf_grid, pdf_cell_text and pdf_clusters adapt pdfplumber's code: its MIT notice goes with them
    assert "perfcheck/documents/LICENSE-pdfplumber.txt" in names
    assert not any(name.startswith(("tests/", "samples/", "bench/")) for name in names)
