"""Many reports at once: find the files, check them in worker processes, keep what a summary needs.

``discover_inputs(args)`` turns folders (recursively), glob patterns and files into one ordered list.
``check_files(paths, settings, jobs, timeout)`` yields one :data:`Entry` per file in input order,
whatever the scheduling. ``run_batch(...)`` is what ``perfcheck batch`` uses: results are written to a
spool file as they finish (one JSON line each) and only a small :class:`ReportRow` and a similarity
fingerprint stay in memory, so the parent's memory does not grow with the reports' size; outputs are
read back from the spool in input order (:meth:`BatchReport.entries`).

Checking one file stays a pure function of (file bytes, packs, settings): a worker receives a path and
returns the verdict as JSON, nothing else, so a batch can be split across machines and merged by input
order. An entry is a plain dict::

    {"index": 0, "file": "…", "status": "checked" | "unreadable" | "timeout" | "crashed",
     "problem": "" or the Chinese reason, "verdict": {the JSON verdict} or None}
"""

from __future__ import annotations

import functools
import glob
import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from msgspec import Struct

from perfcheck.batch.similarity import SimilarityIndex, SimilarPair
from perfcheck.documents import SUFFIXES
from perfcheck.engine import Settings
from perfcheck.errors import InputError, UsageError
from perfcheck.lazy_pattern import lazy_re
from perfcheck.limits import DEFAULT_TIME_LIMIT
from perfcheck.rulepack import load_ruleset
from perfcheck.ruleset import Ruleset

Entry = dict[str, Any]
_GLOB = lazy_re(r"[*?\[]")
_YEAR = lazy_re(r"((?:19|20)\d{2})\s*年度?")
# What follows the unit's name in a report title; the unit is the part before it.
_REPORT_WORDS = lazy_re(r"部门整体支出|整体支出|部门|项目支出|项目|专项资金|绩效|预算|决算")
_UNIT_SUFFIX = lazy_re(r"(?:街道办事处|街道|镇|乡|局|委员会|委|办公室|办|中心|院|所|馆|站|队|厅|处|社区|学校|政府)$")


def discover_inputs(args: Sequence[str | Path]) -> list[Path]:
    """Folders (recursively, reports only, sorted), glob patterns (sorted matches) and files, each file once.

    A named file is kept whatever it is, so that a missing or unsupported file becomes an "无法读取"
    row instead of disappearing. Files inside folders are taken only if their suffix is a report
    format, and hidden files (``.~lock``, ``~$`` Office owner files) are skipped.
    """
    found: list[Path] = []
    for arg in args:
        path = Path(arg)
        if path.is_dir():
            found.extend(_reports_in(path))
        elif not path.exists() and _GLOB.search(str(arg)):
            matches = sorted(glob.glob(str(arg), recursive=True))
            for match in map(Path, matches):
                found.extend(_reports_in(match) if match.is_dir() else [match])
            if not matches:
                found.append(path)  # reported as 文件不存在, never silently dropped
        else:
            found.append(path)
    seen: set[str] = set()
    unique = []
    for path in found:
        key = os.path.normpath(os.path.abspath(path))
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def _reports_in(folder: Path) -> list[Path]:
    reports = [
        p
        for p in folder.rglob("*")
        if p.suffix.lower() in SUFFIXES
        and p.is_file()
        and not any(part.startswith((".", "~$")) for part in p.relative_to(folder).parts)
    ]
    return sorted(reports, key=lambda p: p.relative_to(folder).as_posix())


def require_inputs(args: Sequence[str | Path], paths: Sequence[Path]) -> None:
    """An empty batch is bad input (exit 3), never a batch that passes."""
    if not paths:
        shown = "、".join(map(str, args)) or "（未给出）"
        found = "文件夹中没有找到报告文件（.docx、.pdf、.xlsx、.txt、.md、.doc、.wps、.xls、.et）"
        raise InputError(shown, found, "请检查路径")


# --- the worker side: a pure function of (file, settings) -------------------------------------------

_RULESETS: dict[tuple[str, ...], Ruleset] = {}


def ruleset_for(settings: Settings) -> Ruleset:
    """The ruleset, loaded once per process (forked workers inherit the parent's copy)."""
    key = settings.rule_files
    if key not in _RULESETS:
        _RULESETS[key] = load_ruleset(key)
    return _RULESETS[key]


def check_one(settings: Settings, index: int, path: str) -> dict[str, Any]:
    """Check one file, never raising for a bad one; the result is :func:`packed` for the parent."""
    from perfcheck.batch.similarity import fingerprint
    from perfcheck.documents import load_document
    from perfcheck.engine import check_document
    from perfcheck.limits import cap_memory
    from perfcheck.quiet import silence_library_chatter
    from perfcheck.report.json_verdict import verdict_to_dict

    entry: Entry = {"index": index, "file": path, "status": "checked", "problem": "", "verdict": None}
    cap_memory(settings.memory_limit)  # in the worker only: the parent's memory stays flat anyway
    silence_library_chatter()  # a spawned worker (Windows) starts without the parent's logging setup
    too_large = {**entry, "status": "unreadable", "problem": "报告过大或过于复杂，内存超过上限，已停止"}
    try:
        document = load_document(path)
    except InputError as error:
        reason = error.problem + (f"。{error.advice}" if error.advice else "")
        return packed({**entry, "status": "unreadable", "problem": reason})
    except MemoryError:
        return packed(too_large)
    try:
        verdict = check_document(document, ruleset_for(settings), settings)
    except MemoryError:
        return packed(too_large)
    except Exception as error:  # a bug must cost one file, not the worker and the files queued behind it
        return packed({**entry, "status": "crashed", "problem": f"检查出错：{type(error).__name__}: {error}"})
    text = "\n".join(block.norm for block in document.blocks)
    return packed({**entry, "verdict": verdict_to_dict(verdict)}, fingerprint(text))


def packed(entry: Entry, print_: bytes = b"") -> dict[str, Any]:
    """What travels to the parent: the entry already encoded as its JSON line (the workers, not the
    parent, pay for encoding), the summary row's fields, and the similarity fingerprint."""
    row = make_row(entry)
    return {
        "index": entry["index"],
        "line": json.dumps(entry, ensure_ascii=False, default=str).encode("utf-8") + b"\n",
        "row": {name: getattr(row, name) for name in ReportRow.__struct_fields__},
        "fingerprint": print_,
    }


def _timeout_entry(task: tuple[int, str], seconds: float) -> dict[str, Any]:
    index, path = task
    problem = f"检查超过时间限制（{seconds:.0f} 秒）已停止；文件可能异常，请用 perfcheck 单独检查或调整 --timeout"
    return packed({"index": index, "file": path, "status": "timeout", "problem": problem, "verdict": None})


def _crash_entry(task: tuple[int, str], exitcode: int | None) -> dict[str, Any]:
    index, path = task
    problem = f"检查进程意外退出（退出码 {exitcode}）；请用 perfcheck 单独检查该文件"
    return packed({"index": index, "file": path, "status": "crashed", "problem": problem, "verdict": None})


def _pool(settings: Settings, jobs: int, timeout: float | None) -> Any:
    from perfcheck.batch.pool import WorkerPool

    ruleset = ruleset_for(settings)  # load (and validate) once in the parent: a bad rule file stops before any work
    if settings.pack and settings.pack not in ruleset.packs:
        raise UsageError(f"未知的规则包“{settings.pack}”（可用：{', '.join(sorted(ruleset.packs))}）")
    return WorkerPool(jobs, functools.partial(check_one, settings), timeout, _timeout_entry, _crash_entry)


def check_files(
    paths: Sequence[str | Path], settings: Settings | None = None, jobs: int | None = None, timeout: float | None = None
) -> Iterator[Entry]:
    """One entry per path, in input order, checked in ``jobs`` worker processes (default: all CPUs)."""
    settings = settings or Settings()
    pool = _pool(settings, jobs or os.cpu_count() or 1, timeout)
    waiting: dict[int, Entry] = {}
    next_index = 0
    for result in pool.run(enumerate(map(str, paths))):
        waiting[result["index"]] = json.loads(result["line"])
        while next_index in waiting:
            yield waiting.pop(next_index)
            next_index += 1


# --- the parent side: a summary row per report, a spool for everything else --------------------------


class ReportRow(Struct, frozen=True):
    """What the summary table and sheet 汇总 show for one report."""

    index: int
    file: str
    status: str  # pass | fail | unreadable | timeout | crashed
    unit: str = ""
    year: str = ""
    pack: str = ""
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    unresolved: int = 0
    problem: str = ""
    failed_rules: tuple[str, ...] = ()

    @property
    def readable(self) -> bool:
        return self.status in ("pass", "fail")


def unit_and_year(title: str) -> tuple[str, str]:
    """Unit (单位) and year from a title: "2018年度清水塘街道整体支出绩效评价报告" → ("清水塘街道", "2018")."""
    title = "".join(title.split())
    year_match = _YEAR.search(title)
    year = year_match.group(1) if year_match else ""
    if year_match and year_match.start() == 0:
        rest = title[year_match.end() :]
    else:
        rest = title[: year_match.start()] if year_match else title
    words = _REPORT_WORDS.search(rest)
    unit = rest[: words.start()] if words else rest
    return (unit if _UNIT_SUFFIX.search(unit) else ""), year


def make_row(entry: Entry) -> ReportRow:
    verdict = entry.get("verdict")
    if verdict is None:
        return ReportRow(entry["index"], entry["file"], entry["status"], problem=entry.get("problem", ""))
    unit, year = unit_and_year(verdict.get("title", ""))
    failures = verdict["failures"]
    failed = sorted({f["rule"] for f in verdict["findings"] if f["status"] == "fail"})
    return ReportRow(
        index=entry["index"],
        file=entry["file"],
        status=verdict["verdict"],
        unit=unit,
        year=year,
        pack=verdict["pack"],
        errors=failures["error"],
        warnings=failures["warning"],
        infos=failures["info"],
        unresolved=verdict["counts"]["unresolved"],
        failed_rules=tuple(failed),
    )


def worst_first(rows: Sequence[ReportRow]) -> list[ReportRow]:
    """Failing reports with the most errors first, then unreadable ones, then passing; ties by input order."""
    rank = {"fail": 0, "timeout": 1, "crashed": 1, "unreadable": 1, "pass": 2}
    return sorted(rows, key=lambda r: (rank.get(r.status, 1), -r.errors, -r.warnings, -r.unresolved, r.index))


class Spool:
    """Entries as JSON lines on disk, in the order they finished; read back in input order."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._offsets: dict[int, tuple[int, int]] = {}

    def append(self, index: int, line: bytes) -> None:
        offset = self._stream.seek(0, os.SEEK_END)
        self._stream.write(line)
        self._stream.flush()
        self._offsets[index] = (offset, len(line))  # only a whole line is ever read back

    def __len__(self) -> int:
        return len(self._offsets)

    def entries(self) -> Iterator[Entry]:
        for index in sorted(self._offsets):
            offset, length = self._offsets[index]
            self._stream.seek(offset)
            yield json.loads(self._stream.read(length))


@dataclass
class BatchReport:
    """A finished (or interrupted) batch: rows in memory, entries on disk, batch-wide observations."""

    inputs: list[Path]
    spool: Spool
    rows: dict[int, ReportRow] = field(default_factory=dict)
    pack_titles: dict[str, str] = field(default_factory=dict)
    rule_titles: dict[str, str] = field(default_factory=dict)
    rule_failures: Counter[str] = field(default_factory=Counter)
    similar: list[SimilarPair] = field(default_factory=list)
    complete: bool = False
    seconds: float = 0.0

    def ordered_rows(self) -> list[ReportRow]:
        return [self.rows[i] for i in sorted(self.rows)]

    def entries(self) -> Iterator[Entry]:
        return self.spool.entries()

    def exit_code(self) -> int:
        """1 if any report fails, else 3 if any file could not be read or checked, else 0 (README)."""
        if any(r.status == "fail" for r in self.rows.values()):
            return 1
        if any(not r.readable for r in self.rows.values()):
            return 3
        return 0


def run_batch(
    inputs: Sequence[Path],
    settings: Settings,
    spool: IO[bytes],
    *,
    jobs: int | None = None,
    timeout: float | None = DEFAULT_TIME_LIMIT,
    on_start: Callable[[int, str], None] | None = None,
    on_result: Callable[[ReportRow, bytes], None] | None = None,
) -> BatchReport:
    """Check every input; Ctrl-C stops the workers and returns what finished with ``complete=False``.

    ``spool`` receives one JSON line per finished file (a temporary file, or the partial ``--jsonl``
    file); ``on_result(row, line)`` is told of each as it finishes (progress bar, streaming output).
    """
    started = time.perf_counter()
    pool = _pool(settings, jobs or os.cpu_count() or 1, timeout)
    ruleset = ruleset_for(settings)
    report = BatchReport(list(inputs), Spool(spool))
    report.pack_titles = {name: pack.title for name, pack in ruleset.packs.items()}
    report.rule_titles = {rule.id: rule.title for rule in ruleset.rules.values()}
    similarity = SimilarityIndex()
    tasks = [(i, str(p)) for i, p in enumerate(inputs)]
    results = pool.run(tasks, on_start=(lambda task: on_start(*task)) if on_start else None)
    try:
        for result in results:
            similarity.add(result["index"], result["fingerprint"])
            line = result["line"]
            report.spool.append(result["index"], line)
            row = ReportRow(**result["row"])
            report.rows[row.index] = row
            report.rule_failures.update(row.failed_rules)
            if on_result is not None:
                on_result(row, line)
        report.complete = True
    except KeyboardInterrupt:
        results.close()  # kills the workers
    report.similar = similarity.pairs()
    report.seconds = time.perf_counter() - started
    return report
