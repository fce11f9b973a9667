"""A realistic batch: one 整体支出绩效评价报告 per 街道 of 长沙市开福区, with a manifest of injected defects.

``python samples/make_corpus.py OUT [--count N] [--formats docx,pdf,txt]`` writes the reports and
``OUT/manifest.json``. Nothing is committed: the tests and the benchmark generate into a temporary folder.

Each report follows the structure of the example (``qingshuitang-2018-overall.txt``): 一、整体支出概况 with
a declared number of work areas and the numbered list of them, the output and outcome indicators;
二、整体支出资金使用及管理情况 with 整体支出 = 基本支出 + 项目支出 and the 其中 breakdown of 项目支出 by the same
work areas, a 文号 and the budget execution rate; 三、绩效目标完成情况 written from a pool of work paragraphs
(so two units' texts differ as real ones do); 四 problems, 五 improvements, 六 other matters. Every unit
has its own figures, drawn at random and made to add up with Decimal.

About 30 % of the reports carry 1–3 defects, each of a kind a current rule catches (``DEFECTS``); the
manifest lists them with the rule expected to fail. One report is another's with only the unit's name
changed (``copied_from``), which the batch should flag as near-identical text.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

# The 16 街道 of 开福区 (Baidu Baike: "截至2022年10月，全区下辖16个街道"; the same 16 in Chinese Wikipedia).
# The 2022 list has no 镇; see samples/README.md for the sources and what was not verified.
UNITS = (
    "芙蓉北路街道",
    "东风路街道",
    "清水塘街道",
    "望麓园街道",
    "湘雅路街道",
    "伍家岭街道",
    "新河街道",
    "通泰街街道",
    "四方坪街道",
    "洪山街道",
    "浏阳河街道",
    "月湖街道",
    "秀峰街道",
    "沙坪街道",
    "捞刀河街道",
    "青竹湖街道",
)
AREAS = (
    ("社会管理事务", "党建、人大政协、纪检、文体活动等社会管理工作"),
    ("城市管理事务", "市容环境卫生、提质改造、环保宣传等城市管理工作"),
    ("公共服务事务", "社会救助、救灾救济、拥军优属等公共服务"),
    ("经济发展事务", "辖区经济建设、产业发展、招商引资、协税护税"),
    ("卫生健康事务", "无偿献血、食品安全、健康教育等工作"),
    ("公共安全事务", "安全生产、信访接访、治安巡防、消防、社区矫正"),
)
OUTPUT_INDICATORS = (
    "质量指标：保障街道机关和社区人员及日常支出，确保各项工作任务的完成",
    "时效指标：年底前完成全部目标任务，资金支付进度符合序时要求",
    "成本指标：严格控制预算，严格控制“三公经费”支出，做到预算支出不超标",
    "数量指标：重点工作办结率100%",
    "数量指标：民生实事项目全部按期完工",
)
OUTCOME_INDICATORS = (
    "社会公众及服务对象满意度：提升群众满意度，让群众舒心、放心、安心",
    "实现程度及影响：保障在职人员正常办公、生活秩序，工资薪金按时发放",
    "经济效益指标：各项工作带动辖区经济发展，产生间接经济效益",
    "社会效益指标：落实区委、区政府各项决策部署，抓好精神文明建设",
    "生态效益指标：兼顾经济发展与生态环境保护，推动可持续发展",
    "可持续影响指标：建立健全长效管理机制，巩固工作成果",
)
# Work paragraphs for section 三: (area heading, sentences); {n} is filled with a count per unit.
WORK = (
    ("党建引领", "指导成立{n}家小区党组织，选聘党建指导员联系社区和非公经济组织。"),
    ("党建引领", "全年组织党员干部集中学习{n}次，开展主题党日活动，推进学习常态化、制度化。"),
    ("党建引领", "打造红色教育阵地，接待参观学习{n}批次，党建品牌影响持续扩大。"),
    ("经济发展", "走访辖区重点企业{n}家，帮助企业解决用工、融资等实际问题。"),
    ("经济发展", "新引进企业{n}家，楼宇入驻率稳步提升，协税护税工作扎实开展。"),
    ("经济发展", "完成第四次全国经济普查单位清查，核实个体工商户{n}户。"),
    ("城市管理", "开展市容环境整治行动{n}次，拆除违章建筑，清理占道经营和流动摊贩。"),
    ("城市管理", "完成老旧小区提质改造{n}个，同步完善雨污分流、停车和照明设施。"),
    ("城市管理", "推进垃圾分类，新建分类驿站{n}个，居民分类投放准确率明显提高。"),
    ("平安建设", "排查化解矛盾纠纷{n}起，严格落实领导包案制度，信访总量持续下降。"),
    ("平安建设", "检查生产经营单位{n}家次，发现并督促整改安全隐患，全年未发生较大安全事故。"),
    ("平安建设", "建成社区微型消防站{n}个，组织消防演练，提升群防群治能力。"),
    ("民生服务", "举办现场招聘会{n}场，开发公益性岗位，帮助困难群众就业。"),
    ("民生服务", "走访慰问困难群众和退役军人{n}人次，落实各项救助政策。"),
    ("民生服务", "建设居家养老服务站点{n}个，引入专业机构开展日间照料服务。"),
    ("民生服务", "开展健康义诊和计生关怀活动{n}场，优化卫生健康服务。"),
)
PROBLEMS = (
    "部分项目支出进度前松后紧，年底集中支付的情况仍然存在。",
    "绩效目标设置不够细化，部分指标难以量化考核。",
    "项目前期论证不够充分，个别项目执行中调整了实施内容。",
    "社区资金管理人员业务水平参差不齐，财务基础工作有待加强。",
)
IMPROVEMENTS = (
    "加强预算执行管理，按月通报支出进度，提高资金使用效率。",
    "细化量化绩效目标，完善指标体系，强化绩效评价结果应用。",
    "加强财务人员业务培训，规范社区资金管理。",
    "健全项目库管理，做实项目前期论证。",
)
REPORTERS = ("刘敏", "陈静", "李娟", "王磊", "张伟", "周丽", "彭芳", "谭军")
HONOURS = (
    "开福区绩效考核先进单位",
    "长沙市平安街道",
    "开福区网格工作先进单位",
    "长沙市文明单位",
    "开福区综治工作先进单位",
)


@dataclass
class Report:
    unit: str
    year: int
    text: str
    defects: list[dict[str, str]] = field(default_factory=list)
    copied_from: str = ""


def money(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'))}"


def _draw(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randint(low * 100, high * 100)) / 100


def build_report(unit: str, year: int, rng: random.Random) -> Report:
    """One report; ``rng`` chooses its wording and figures (a copy reuses another unit's ``rng`` seed)."""
    areas = rng.sample(AREAS, rng.randint(4, 6))
    areas.sort(key=AREAS.index)
    outputs = rng.sample(OUTPUT_INDICATORS, 4)
    outcomes = rng.sample(OUTCOME_INDICATORS, rng.randint(3, 5))
    parts = [_draw(rng, 60, 900) for _ in areas]
    project = sum(parts, Decimal(0))
    basic = _draw(rng, 900, 3200)
    total = basic + project
    share = project / total * 100
    target = max(t for t in (10, 20, 30, 40, 50) if t <= share) if share >= 10 else 5
    budget = (total / Decimal(rng.uniform(0.9, 0.995))).quantize(Decimal("0.01"))
    rate = (total / budget * 100).quantize(Decimal("0.01"))
    names = "、".join(name for name, _ in areas)
    lines = [f"{year}年度{unit}整体支出绩效评价报告", "一、整体支出概况"]
    lines.append(
        f"根据区{year}年度街镇绩效考核目标管理任务和开福区街镇财务项目资金管理办法，合理安排项目资金，"
        f"编制{year}年度项目支出绩效目标表，涵盖{names}等{len(areas)}方面内容："
    )
    lines += [f"{i}、{name[:-2]}主要涉及{scope}。" for i, (name, scope) in enumerate(areas, 1)]
    lines.append(f"编制{year}年度整体支出绩效目标表，预期实现{len(outputs)}大部门产出指标。")
    lines += [f"{i}、{text}。" for i, text in enumerate(outputs, 1)]
    lines.append(f"各部门重点工作占部门整体支出{target}%及以上。")
    lines.append(f"同时实现{len(outcomes)}大部门效益指标。")
    lines += [f"{i}、{text}；" for i, text in enumerate(outcomes, 1)]
    lines.append("二、整体支出资金使用及管理情况")
    breakdown = "，".join(f"{name}支出{money(v)}万元" for (name, _), v in zip(areas, parts, strict=True))
    lines.append(
        f"整体支出本年度决算金额为{money(total)}万元，基本支出{money(basic)}万元，项目支出{money(project)}万元，"
        f"其中{breakdown}。"
    )
    lines.append(
        f"按照《开福区街镇财务项目资金管理办法》（开财发〔{year - 1}〕{rng.randint(2, 30)}号）"
        f"和{unit}财经管理及审批制度，合法、合理、合规地安排各项资金支出，并及时公开部门预决算信息。"
    )
    lines.append(f"全年预算{money(budget)}万元，全年执行{money(total)}万元，预算执行率{rate}%。")
    lines.append(f"三、{year}年绩效目标完成情况")
    lines.append("针对整体支出的实际特点，根据年初既定的工作目标，全年开展了以下工作：")
    chosen = sorted(rng.sample(range(len(WORK)), 7))
    headings: dict[str, list[str]] = {}
    for i in chosen:
        heading, sentence = WORK[i]
        headings.setdefault(heading, []).append(sentence.format(n=rng.randint(3, 60)))
    for i, (heading, sentences) in enumerate(headings.items(), 1):
        lines.append(f"{i}、{heading}方面，{''.join(sentences)}")
    lines.append("四、存在的问题及原因")
    lines += [f"{i}、{p}" for i, p in enumerate(rng.sample(PROBLEMS, 2), 1)]
    lines.append("五、下一步改进措施")
    lines += [f"{i}、{p}" for i, p in enumerate(rng.sample(IMPROVEMENTS, 2), 1)]
    lines.append("六、其他需要说明事宜")
    lines += [f"{i}、{h}" for i, h in enumerate(rng.sample(HONOURS, rng.randint(1, 3)), 1)]
    lines.append(f"填报人：{rng.choice(REPORTERS)}")
    return Report(unit, year, "\n".join(lines) + "\n")


def _replace(report: Report, old: str, new: str) -> None:
    if old not in report.text:
        raise ValueError(f"{report.unit}: “{old}” not in the report")
    report.text = report.text.replace(old, new, 1)


def _breakdown(report: Report, rng: random.Random) -> str:
    amounts = [s for s in report.text.split("其中", 1)[1].split("。", 1)[0].split("，")]
    line = rng.choice(amounts)
    value = Decimal(line.split("支出", 1)[1].removesuffix("万元"))
    changed = line.replace(money(value), money(value + 10))
    _replace(report, line, changed)
    return f"{line} → {changed}"


def _total(report: Report, rng: random.Random) -> str:
    basic = report.text.split("基本支出", 1)[1].split("万元", 1)[0]
    changed = money(Decimal(basic) - 100)
    _replace(report, f"基本支出{basic}万元", f"基本支出{changed}万元")
    return f"基本支出{basic} → {changed}"


def _count(report: Report, rng: random.Random) -> str:
    declared = report.text.split("方面内容", 1)[0].rsplit("等", 1)[1]
    _replace(report, f"等{declared}方面内容", f"等{int(declared) + 1}方面内容")
    return f"等{declared}方面 → 等{int(declared) + 1}方面"


def _section(report: Report, rng: random.Random) -> str:
    heading = f"三、{report.year}年绩效目标完成情况\n"
    _replace(report, heading, "")
    return "删除标题“三、绩效目标完成情况”"


def _placeholder(report: Report, rng: random.Random) -> str:
    reporter = report.text.rsplit("填报人：", 1)[1].strip()
    _replace(report, f"填报人：{reporter}", "填报人：XX")
    return f"填报人{reporter} → XX"


def _docno(report: Report, rng: random.Random) -> str:
    _replace(report, f"开财发〔{report.year - 1}〕", f"开财发{report.year - 1}〕")
    return "文号缺少左六角括号"


# kind → (rule expected to fail at error severity, how to inject it)
DEFECTS = {
    "breakdown": ("CM-BRK-01", _breakdown),
    "total": ("OE-SUM-01", _total),
    "count": ("CM-COUNT-01", _count),
    "section": ("OE-SEC-01", _section),
    "placeholder": ("CM-PH-01", _placeholder),
    "docno": ("CM-DOC-01", _docno),
}


def make_reports(count: int | None = None, seed: int = 2018, defect_share: float = 0.3) -> list[Report]:
    """``count`` reports (default: each 街道 once), units cycling through the years from 2018."""
    rng = random.Random(seed)
    count = count or len(UNITS)
    seeds = [rng.getrandbits(64) for _ in range(count)]
    copy = count // 2 if count >= 4 else None  # copies report 2's wording: the near-identical text check
    reports = []
    for i in range(count):
        unit, year = UNITS[i % len(UNITS)], 2018 + (i // len(UNITS)) % 7
        report = build_report(unit, year, random.Random(seeds[1] if i == copy else seeds[i]))
        if i == copy:
            report.copied_from = f"{reports[1].unit}{reports[1].year}"
        reports.append(report)
    for report in rng.sample(reports, round(count * defect_share)):
        for kind in rng.sample(sorted(DEFECTS), rng.randint(1, 3)):
            rule, inject = DEFECTS[kind]
            report.defects.append({"kind": kind, "rule": rule, "detail": inject(report, rng)})
    return reports


def write_corpus(out: Path, count: int | None = None, formats: tuple[str, ...] = ("docx", "pdf", "txt")) -> dict:
    """Write the reports and ``manifest.json`` into ``out``; return the manifest."""
    from docx_builder import write_docx
    from spec import report_spec

    if "pdf" in formats:
        from pdf_builder import write_pdf  # reportlab: the test extra (see main)

    out.mkdir(parents=True, exist_ok=True)
    manifest: dict = {"reports": []}
    for i, report in enumerate(make_reports(count)):
        suffix = formats[i % len(formats)]
        name = f"{i + 1:04d}-{report.year}-{report.unit}.{suffix}"
        text_path = out / f"{i + 1:04d}.source.txt" if suffix != "txt" else out / name
        text_path.write_text(report.text, encoding="utf-8")
        if suffix == "docx":
            write_docx(report_spec(text_path), out / name)
        elif suffix == "pdf":
            write_pdf(report_spec(text_path), out / name)
        if suffix != "txt":
            text_path.unlink()
        manifest["reports"].append(
            {"file": name, "unit": report.unit, "year": report.year, "defects": report.defects}
            | ({"copied_from": report.copied_from} if report.copied_from else {})
        )
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=None)
    parser.add_argument("--formats", default="docx,pdf,txt")
    args = parser.parse_args()
    formats = tuple(args.formats.split(","))
    if "pdf" in formats and importlib.util.find_spec("reportlab") is None:
        # `make run` installs perfcheck only; writing PDFs needs reportlab, which comes with the test extra.
        sys.stderr.write(
            "make_corpus：生成 PDF 需要 reportlab，请先安装测试依赖（make .venv/.installed-test，"
            "或 .venv/bin/pip install -e '.[test]'），或只生成 Word 和文本：--formats docx,txt\n"
        )
        raise SystemExit(2)
    manifest = write_corpus(args.out, args.count, formats)
    defective = sum(1 for r in manifest["reports"] if r["defects"])
    print(f"{len(manifest['reports'])} reports ({defective} with defects) in {args.out}")


if __name__ == "__main__":
    main()
