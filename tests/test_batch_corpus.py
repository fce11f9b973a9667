"""The batch on a generated corpus of 开福区 reports: every injected defect found, nothing else failing at
error severity, the copied report flagged, and the same files whatever the number of workers."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys

import pytest
from make_corpus import write_corpus

from perfcheck.batch.similarity import THRESHOLD


def run(*args, cwd=None, env=None):
    env = {**os.environ, "COLUMNS": "200", **(env or {})}
    command = [sys.executable, "-m", "perfcheck", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=env)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kaifu")
    manifest = write_corpus(folder)
    return folder, manifest


@pytest.fixture(scope="module")
def batch_run(corpus, tmp_path_factory):
    folder, _ = corpus
    out = tmp_path_factory.mktemp("out")
    result = run(
        "batch", folder, "--jobs", "2", "--json", out / "b.json", "--csv", out / "b.csv", "--xlsx", out / "b.xlsx"
    )
    return result, out


def test_corpus_has_every_unit_every_format_and_about_30_percent_defective(corpus):
    _folder, manifest = corpus
    reports = manifest["reports"]
    assert len({r["unit"] for r in reports}) == 16
    assert {r["file"].rsplit(".", 1)[1] for r in reports} == {"docx", "pdf", "txt"}
    defective = [r for r in reports if r["defects"]]
    assert 4 <= len(defective) <= 6
    assert all(1 <= len(r["defects"]) <= 3 for r in defective)
    assert sum(1 for r in reports if r.get("copied_from")) == 1


def test_every_injected_defect_is_found_and_nothing_else_fails_at_error(corpus, batch_run):
    _folder, manifest = corpus
    result, out = batch_run
    assert result.returncode == 1, result.stderr
    batch = json.loads((out / "b.json").read_text(encoding="utf-8"))
    assert batch["complete"] is True
    entries = {os.path.basename(e["file"]): e for e in batch["reports"]}
    assert len(entries) == len(manifest["reports"])
    for report in manifest["reports"]:
        entry = entries[report["file"]]
        assert entry["status"] == "checked", entry["problem"]
        failing = {
            f["rule"] for f in entry["verdict"]["findings"] if f["status"] == "fail" and f["severity"] == "error"
        }
        expected = {d["rule"] for d in report["defects"]}
        assert failing == expected, (report["file"], report["defects"])
        assert entry["verdict"]["verdict"] == ("fail" if expected else "pass")
        broken = [f["rule"] for f in entry["verdict"]["findings"] if f["status"] == "error"]
        assert not broken, (report["file"], broken)


def test_the_copied_report_is_flagged_at_info_and_no_other_pair(corpus, batch_run):
    _folder, manifest = corpus
    _, out = batch_run
    batch = json.loads((out / "b.json").read_text(encoding="utf-8"))
    copy = next(r for r in manifest["reports"] if r.get("copied_from"))
    pairs = batch["similar_reports"]
    assert len(pairs) == 1
    names = sorted(os.path.basename(f) for f in pairs[0]["files"])
    assert copy["file"] in names
    assert pairs[0]["severity"] == "info" and pairs[0]["similarity"] >= THRESHOLD
    with (out / "b.csv").open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert sorted(os.path.basename(r["文件"]) for r in rows if r["规则"] == "BATCH-SIM") == names


def test_rule_failure_counts_match_the_manifest(corpus, batch_run):
    _, manifest = corpus
    _, out = batch_run
    batch = json.loads((out / "b.json").read_text(encoding="utf-8"))
    counts = {r["rule"]: r["reports"] for r in batch["rule_failures"]}
    for rule in {d["rule"] for r in manifest["reports"] for d in r["defects"]}:
        assert counts[rule] == sum(1 for r in manifest["reports"] if rule in {d["rule"] for d in r["defects"]})


def test_same_files_whatever_the_number_of_workers(corpus, batch_run, tmp_path):
    folder, _ = corpus
    _, out = batch_run
    one = run("batch", folder, "--jobs", "1", "--json", tmp_path / "b.json", "--csv", tmp_path / "b.csv")
    assert one.returncode == 1
    assert (tmp_path / "b.json").read_bytes() == (out / "b.json").read_bytes()
    assert (tmp_path / "b.csv").read_bytes() == (out / "b.csv").read_bytes()
    batch = json.loads((out / "b.json").read_text(encoding="utf-8"))
    assert [e["index"] for e in batch["reports"]] == list(range(len(batch["reports"])))
    assert [os.path.basename(e["file"]) for e in batch["reports"]] == sorted(
        os.path.basename(e["file"]) for e in batch["reports"]
    )
