"""Waivers: findings an office has accepted, with a reason — out of the exit code, not out of sight.

``perfcheck-waivers.yml`` is a list of entries::

    - rule: CM-EST-01
      file: "2023/*.docx"                  # glob, relative to the waiver file's folder
      fingerprint: 5d1c0e7a9b2f4c13        # rule + normalised excerpt (perfcheck baseline writes it)
      excerpt: "…我街预计完成财税5.1亿元…"    # for the reader; the fingerprint is what matches
      reason: 预计数为上级下达口径，已与财政局确认    # required
      expires: 2025-06-30                  # optional; the waiver stops applying the day after
      approver: 张三                        # optional

A fingerprint is the rule id and the finding's excerpt with spacing, width and the ``…`` of a cut
excerpt normalised away — not a line or paragraph number, so an edit elsewhere in the report does not
break it; an edit to the sentence itself does, which is the point. A finding about the whole document
(a missing section) has no excerpt of its own, so its evidence (which section) stands in. The same
fingerprint is in the JSON verdict of every finding. A waived finding keeps its status and says
``suppressed`` with the reason.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import msgspec.structs
from msgspec import Struct

from perfcheck.config.settings import path_matches, read_small_file
from perfcheck.digest import sha256
from perfcheck.errors import UsageError
from perfcheck.json_text import dumps
from perfcheck.model import Finding, Verdict

if TYPE_CHECKING:
    import yaml

WAIVER_KEYS = ("rule", "file", "fingerprint", "reason", "expires", "approver", "excerpt")
REQUIRED = ("rule", "file", "fingerprint", "reason")
# Statuses a waiver may cover: what can count towards the exit code (unresolved/error under --strict).
WAIVABLE = ("fail", "unresolved", "error")


class WaiverError(UsageError):
    """The waiver file cannot be used (exit 2), with file:line."""

    def __init__(self, source: str, line: int | None, problem: str) -> None:
        where = f"{source}:{line}" if line else source
        super().__init__(f"豁免文件错误 {where}：{problem}")


class Waiver(Struct, frozen=True):
    rule: str
    file: str
    fingerprint: str
    reason: str
    expires: date | None = None
    approver: str = ""
    excerpt: str = ""
    root: str = ""  # the waiver file's folder; ``file`` is relative to it
    source: str = ""
    line: int = 0

    def expired(self, today: date) -> bool:
        return self.expires is not None and today > self.expires

    def matches(self, finding: Finding, path: str) -> bool:
        return (
            finding.rule == self.rule
            and finding.status in WAIVABLE
            and fingerprint(finding) == self.fingerprint
            and path_matches(path, self.file, self.root)
        )

    def describe(self) -> str:
        return f"{self.source}:{self.line} {self.rule} {self.file}"


def normalise_excerpt(text: str) -> str:
    """The excerpt without what changes when nothing about the finding did: width, spaces, the cut marks."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(text.replace("…", "").split())


def fingerprint(finding: Finding) -> str:
    where = finding.where
    excerpt = where.text if where is not None else ""
    if where is None or where.block is None:
        # About the whole document (a missing section): the "excerpt" is the title, the same for every such
        # finding, so the evidence (which section) tells them apart — or one waiver would hide every later
        # missing section. Not the message: it lists the sections present, which change with any edit.
        evidence = dumps(finding.evidence, sort_keys=True) if finding.evidence else finding.message
        excerpt = f"{excerpt}\0{evidence}"
    digest = sha256(f"{finding.rule}\0{normalise_excerpt(excerpt)}".encode())
    return digest.hexdigest()[:16]


def apply_waivers(
    findings: Iterable[Finding], path: str, waivers: Sequence[Waiver], today: date | None = None
) -> tuple[Finding, ...]:
    """The findings with those an unexpired waiver matches marked ``suppressed`` with its reason."""
    active = [w for w in waivers if not w.expired(today or date.today())]
    result = []
    for finding in findings:
        waiver = next((w for w in active if w.matches(finding, path)), None) if active else None
        if waiver is not None:
            finding = msgspec.structs.replace(finding, suppressed=True, suppressed_reason=waiver.reason)
        result.append(finding)
    return tuple(result)


Problem = Literal["expired", "unused"]


def review_waivers(
    waivers: Sequence[Waiver], verdicts: Sequence[Verdict], today: date | None = None
) -> list[tuple[Waiver, Problem]]:
    """Expired waivers, and waivers for a checked file that matched none of its findings. A waiver whose
    pattern matches no file of this run is not "unused": it is about reports not checked this time."""
    today = today or date.today()
    problems: list[tuple[Waiver, Problem]] = []
    for waiver in waivers:
        if waiver.expired(today):
            problems.append((waiver, "expired"))
            continue
        checked = [v for v in verdicts if path_matches(v.file, waiver.file, waiver.root)]
        if checked and not any(waiver.matches(f, v.file) for v in checked for f in v.findings):
            problems.append((waiver, "unused"))
    return problems


def load_waivers(path: Path) -> tuple[Waiver, ...]:
    """The waivers in ``path``; a file that does not exist holds none."""
    try:
        text = read_small_file(path, lambda problem: WaiverError(str(path), None, problem))
    except FileNotFoundError:
        return ()
    except OSError as error:
        raise WaiverError(str(path), None, f"无法读取（{error.strerror or error}）") from None
    import yaml  # only when there is a waiver file: a run without one never imports YAML

    from perfcheck.config.yaml_limits import compose_bounded

    try:
        node = compose_bounded(text, lambda line, problem: WaiverError(str(path), line, problem))
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else None
        raise WaiverError(str(path), line, f"不是有效的 YAML：{error.problem}") from None
    if node is None:
        return ()
    if not isinstance(node, yaml.SequenceNode):
        raise WaiverError(str(path), node.start_mark.line + 1, "顶层应为豁免条目的列表（- rule: …）")
    root = str(path.resolve().parent)
    return tuple(_waiver(item, str(path), root) for item in node.value)


def _waiver(node: yaml.Node, source: str, root: str) -> Waiver:
    import yaml

    line = node.start_mark.line + 1
    try:
        data = yaml.constructor.SafeConstructor().construct_object(node, deep=True)
    except yaml.YAMLError as error:  # a !!python/... tag: the file may hold data only
        raise WaiverError(
            source, line, f"不允许的内容（豁免清单只能包含数据）：{getattr(error, 'problem', error)}"
        ) from None
    except ValueError as error:  # a date YAML cannot build: expires: 2020-13-45
        raise WaiverError(source, line, f"日期无效（{error}），应为 YYYY-MM-DD") from None
    if not isinstance(data, dict):
        raise WaiverError(source, line, "每个豁免条目应为映射（rule、file、fingerprint、reason…）")
    unknown = sorted(set(map(str, data)) - set(WAIVER_KEYS))
    if unknown:
        raise WaiverError(source, line, f"未知的键 {', '.join(unknown)}（可用：{', '.join(WAIVER_KEYS)}）")
    for key in REQUIRED:
        if not str(data.get(key) or "").strip():
            raise WaiverError(source, line, f"缺少 {key}" + ("（豁免必须说明理由）" if key == "reason" else ""))
    expires = data.get("expires")
    if expires is not None and not isinstance(expires, date):
        try:
            expires = date.fromisoformat(str(expires))
        except ValueError:
            raise WaiverError(source, line, f"expires 应为日期 YYYY-MM-DD，实为 {expires!r}") from None
    return Waiver(
        rule=str(data["rule"]),
        file=str(data["file"]),
        fingerprint=str(data["fingerprint"]),
        reason=str(data["reason"]).strip(),
        expires=expires,
        approver=str(data.get("approver") or ""),
        excerpt=str(data.get("excerpt") or ""),
        root=root,
        source=source,
        line=line,
    )


def baseline_waivers(
    verdicts: Sequence[Verdict], waiver_file: Path, existing: Sequence[Waiver] = (), *, strict: bool = False
) -> list[dict[str, str]]:
    """Entries (reason "baseline") for every current finding no existing waiver covers: the failing ones,
    and under ``strict`` the unresolved and broken ones too, so that the next run with the same settings is clean."""
    import glob

    statuses = WAIVABLE if strict else ("fail",)
    folder = waiver_file.resolve().parent
    entries: list[dict[str, str]] = []
    seen: set[tuple[str, str, str]] = set()
    for verdict in verdicts:
        try:
            name = Path(verdict.file).resolve().relative_to(folder).as_posix()
        except ValueError:
            name = Path(verdict.file).resolve().as_posix()
        for finding in verdict.findings:
            if finding.status not in statuses or finding.suppressed:
                continue
            if any(w.matches(finding, verdict.file) for w in existing):
                continue
            key = (finding.rule, name, fingerprint(finding))
            if key in seen:
                continue
            seen.add(key)
            entries.append(
                {
                    "rule": finding.rule,
                    "file": glob.escape(name),
                    "fingerprint": key[2],
                    "excerpt": finding.where.text if finding.where else "",
                    "reason": "baseline",
                }
            )
    return entries


HEADER = (
    "# perfcheck 豁免清单：每条写明规则、文件、指纹（规则 + 原文摘录）和理由；\n"
    "# 可加 expires（到期日）与 approver（批准人）。\n"
    "# 由 perfcheck baseline --write 生成的条目理由为 baseline，请逐条核实后改为实际理由。\n"
)


def render_waivers(entries: Sequence[dict[str, str]]) -> str:
    """YAML list items, appendable to an existing waiver file without touching its comments."""
    if not entries:
        return ""
    import yaml

    return yaml.safe_dump(list(entries), allow_unicode=True, sort_keys=False, width=1000)
