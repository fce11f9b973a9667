"""How accurate perfcheck is on real text (issue 11 §4): ``make accuracy`` prints the table, the tests assert it.

Each file in ``tests/corpus/expectations/`` describes one real document of ``shared/corpus`` (beside the
repository): its report ``type``, the ``relations`` a person verified by hand (the quoted text, the
arithmetic done by hand, and ``verdict: holds`` or ``verdict: defect`` with the ``rules`` that should find
it, or ``known_miss`` saying why they do not yet), and ``fails``: every error-level fail perfcheck has given
on it, classified by hand as ``real`` or ``false`` (with ``why`` and, for false ones, the ``mechanism`` and
its ``owner``).

A finding is tied to a relation or a classification by ``rule`` and ``anchor``: a short piece of the
quoted text that appears in the finding's excerpt or message (compared after NFKC normalisation and with
white space removed, so ``，`` and ``,`` are the same). Nothing here is copied from perfcheck's output:
the expectations are the hand check, perfcheck is measured against them.
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
EXPECTATIONS = Path(__file__).resolve().parent / "expectations"

# Kinds whose results are "the table and sum rules" of the unresolved-rate target.
TABLE_AND_SUM_KINDS = frozenset(
    {
        "sum",
        "breakdown",
        "table-sum",
        "table-rate",
        "table-completion",
        "table-score",
        "table-weights",
        "table-cells",
        "text-table-total",
        "total-score",
        "text-vs-table",
    }
)


def norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


@dataclass(frozen=True)
class Relation:
    id: str
    anchor: str
    verdict: str  # holds | defect
    rules: tuple[str, ...]
    quote: str
    arithmetic: str
    known_miss: str = ""
    # A relation that holds but still gets a false error from another owner's mechanism, routed to them
    # (notes/accuracy-false-alarms.md): "owner: why". The table counts the error as false all the same.
    known_false_alarm: str = ""


@dataclass(frozen=True)
class FailClass:
    rule: str
    anchor: str
    verdict: str  # real | false
    why: str
    mechanism: str = ""
    owner: str = ""


@dataclass(frozen=True)
class Expectation:
    path: Path
    document: Path
    type: str
    relations: tuple[Relation, ...]
    fails: tuple[FailClass, ...]


def _word(value: object) -> str:
    """``verdict: false`` is YAML's boolean; the classification means the word."""
    return str(value).lower() if isinstance(value, bool) else str(value)


def load_expectations(folder: Path = EXPECTATIONS) -> list[Expectation]:
    result = []
    for path in sorted(folder.glob("*.yml")):
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        relations = tuple(
            Relation(
                id=str(r["id"]),
                anchor=str(r["anchor"]),
                verdict=str(r["verdict"]),
                rules=tuple(r.get("rules") or ()),
                quote=str(r["quote"]),
                arithmetic=str(r.get("arithmetic", "")),
                known_miss=str(r.get("known_miss", "")),
                known_false_alarm=str(r.get("known_false_alarm", "")),
            )
            for r in data.get("relations") or ()
        )
        fails = tuple(
            FailClass(
                rule=str(f["rule"]),
                anchor=str(f.get("anchor", "")),
                verdict=_word(f["verdict"]),
                why=str(f["why"]),
                mechanism=str(f.get("mechanism", "")),
                owner=str(f.get("owner", "")),
            )
            for f in data.get("fails") or ()
        )
        result.append(Expectation(path, CORPUS / data["document"], str(data["type"]), relations, fails))
    return result


@dataclass
class Fail:
    rule: str
    severity: str
    message: str
    excerpt: str
    kind: str

    def mentions(self, anchor: str) -> bool:
        return norm(anchor) in norm(self.excerpt + "\n" + self.message)


@dataclass
class DocumentResult:
    expectation: Expectation
    fails: list[Fail]  # every fail, any severity
    table_sum_unresolved: bool
    classified: list[tuple[Fail, FailClass | None]] = field(default_factory=list)
    found: list[tuple[Relation, bool]] = field(default_factory=list)
    holds_broken: list[tuple[Relation, Fail]] = field(default_factory=list)

    @property
    def errors(self) -> list[Fail]:
        return [f for f in self.fails if f.severity == "error"]


def touches(fail: Fail, relation: Relation) -> bool:
    return (not relation.rules or fail.rule in relation.rules) and fail.mentions(relation.anchor)


def classify(fail: Fail, classes: Iterable[FailClass]) -> FailClass | None:
    return next((c for c in classes if c.rule == fail.rule and fail.mentions(c.anchor)), None)


def run_document(expectation: Expectation) -> DocumentResult:
    from perfcheck.documents import load_document
    from perfcheck.engine import Settings, check_document
    from perfcheck.rulepack import load_ruleset

    settings = Settings()
    ruleset = load_ruleset(settings.rule_files)
    kinds = {rule.id: rule.kind for pack in ruleset.packs.values() for rule in pack.rules}
    verdict = check_document(load_document(expectation.document), ruleset, settings)
    fails = [
        Fail(f.rule, f.severity, f.message, f.where.text if f.where else "", kinds.get(f.rule, ""))
        for f in verdict.findings
        if f.status == "fail"
    ]
    unresolved = any(
        f.status == "unresolved" and kinds.get(f.rule, "") in TABLE_AND_SUM_KINDS for f in verdict.findings
    )
    result = DocumentResult(expectation, fails, unresolved)
    for fail in result.errors:
        result.classified.append((fail, classify(fail, expectation.fails)))
    for relation in expectation.relations:
        if relation.verdict == "defect":
            result.found.append((relation, any(touches(f, relation) for f in fails)))
        else:
            result.holds_broken += [(relation, f) for f in result.errors if touches(f, relation)]
    return result


def run_all(expectations: Sequence[Expectation] | None = None) -> list[DocumentResult]:
    return [run_document(e) for e in (expectations if expectations is not None else load_expectations())]


@dataclass
class Row:
    type: str
    documents: int = 0
    errors: int = 0
    real: int = 0
    false: int = 0
    unclassified: int = 0
    defects: int = 0
    found: int = 0
    unresolved_documents: int = 0


def table(results: Sequence[DocumentResult]) -> list[Row]:
    rows: dict[str, Row] = {}
    total = Row("合计")
    for result in results:
        row = rows.setdefault(result.expectation.type, Row(result.expectation.type))
        for target in (row, total):
            target.documents += 1
            target.errors += len(result.errors)
            target.real += sum(1 for _, c in result.classified if c is not None and c.verdict == "real")
            target.false += sum(1 for _, c in result.classified if c is not None and c.verdict == "false")
            target.unclassified += sum(1 for _, c in result.classified if c is None)
            target.defects += len(result.found)
            target.found += sum(1 for _, ok in result.found if ok)
            target.unresolved_documents += result.table_sum_unresolved
    return [*sorted(rows.values(), key=lambda r: -r.documents), total]


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "—"


def render(rows: Sequence[Row]) -> str:
    head = (
        "| 报告类型 | 文档 | 错误级不通过 | 其中属实 | 误报 | 未分类 | 属实比例 | 已核缺陷 | 查出 | 查出率 "
        "| 表格/求和规则无法判定的文档 |"
    )
    lines = [head, "|" + "---|" * 11]
    for r in rows:
        lines.append(
            f"| {r.type} | {r.documents} | {r.errors} | {r.real} | {r.false} | {r.unclassified} | "
            f"{_pct(r.real, r.errors)} | {r.defects} | {r.found} | {_pct(r.found, r.defects)} | "
            f"{r.unresolved_documents}（{_pct(r.unresolved_documents, r.documents)}） |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] = ()) -> int:
    verbose = "-v" in argv
    results = run_all()
    print(render(table(results)))
    for result in results:
        name = result.expectation.document.name
        for fail, c in result.classified:
            if c is None:
                print(f"未分类  {name}  {fail.rule}  {fail.message[:80]}  ｜{fail.excerpt[:40]}")
            elif verbose and c.verdict == "false":
                print(f"误报    {name}  {fail.rule}  {c.why[:60]}")
        for relation, ok in result.found:
            if not ok:
                print(f"漏报    {name}  {relation.id}  {relation.known_miss[:60] or '（未列为已知漏报）'}")
        for relation, fail in result.holds_broken:
            print(f"成立却报错  {name}  {relation.id}  {fail.rule}  {fail.message[:60]}")
        for stale in stale_markers(result):
            print(f"{stale}  {name}")
    return 0


def stale_markers(result: DocumentResult) -> list[str]:
    """Markers the current run contradicts: a ``known_false_alarm`` whose false alarm is gone, a ``known_miss``
    whose defect is found. Left in place, each would hide the same mistake coming back."""
    broken = {relation.id for relation, _ in result.holds_broken}
    found = {relation.id for relation, ok in result.found if ok}
    stale = [f"误报已消失：{r.id} 可删去 known_false_alarm" for r in result.expectation.relations
             if r.known_false_alarm and r.id not in broken]  # fmt: skip
    stale += [f"漏报已查出：{r.id} 可删去 known_miss" for r in result.expectation.relations
              if r.known_miss and r.id in found]  # fmt: skip
    return stale


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
