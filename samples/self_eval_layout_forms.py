"""The filled forms of ``self_eval_layouts`` (invented figures that hold together) and one defect per
table rule each layout can be checked by. Each defect recomputes what a careful author would, so only
the rule named fails (``also``: other rules that rightly see the same defect)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from self_eval_layouts import INSTRUCTIONS_SC, Form, Fund, Ind

# ---- clean forms ---------------------------------------------------------------------------------------

DEPT = Form(
    title="2023年度县民政局部门整体支出绩效自评表",
    funding=(
        Fund("年度资金总额", "1000.00", "", "985.00"),
        Fund("基本支出", "600.00", "", "600.00", "10", "10"),
        Fund("项目支出", "380.00", "", "365.00", "10", "9.6"),
        Fund("其他", "20.00", "", "20.00"),
    ),
    indicators=(
        Ind("产出指标", "数量指标", "救助对象覆盖人数", "", "≥5000人", "", "5120人", "20", "20"),
        Ind("产出指标", "质量指标", "资金发放准确率", "", "=100%", "", "100%", "20", "20"),
        Ind("产出指标", "时效指标", "资金按月发放率", "", "≥95%", "", "96%", "10", "10"),
        Ind("效益指标", "社会效益指标", "困难群众基本生活保障", "", "有效保障", "", "有效保障", "20", "20"),
        Ind(
            "满意度指标",
            "服务对象满意度指标",
            "救助对象满意度",
            "",
            "≥90%",
            "",
            "88%",
            "10",
            "9",
            "部分对象认为办理时限偏长，将精简流程",
        ),
    ),
    groups={"产出指标": "50", "效益指标": "20", "满意度指标": "10"},
    goal="保障城乡困难群众基本生活，按月足额发放救助资金。",
    done="全年救助5120人，资金按月足额发放。",
)

SICHUAN = Form(
    title="部门预算项目支出绩效自评表（2023年度）",
    funding=(
        Fund("总额", "100.00", "120.00", "114.00", "10", "9.5"),
        Fund("财政资金", "100.00", "120.00", "114.00", "/", "/"),
        Fund("财政专户管理资金", "0.00", "0.00", "0.00", "/", "/"),
        Fund("单位资金", "0.00", "0.00", "0.00", "/", "/"),
        Fund("其他资金", "/", "/", "/", "/", "/", rate="/"),
    ),
    indicators=(
        Ind("产出指标", "数量指标", "监测站建设数量", "≥", "12", "个", "12", "20", "20"),
        Ind("产出指标", "质量指标", "设备验收合格率", "=", "100", "%", "100", "20", "20"),
        Ind("产出指标", "时效指标", "完工时间", "≤", "10", "月", "9", "10", "10"),
        Ind("产出指标", "成本指标", "单站建设成本", "≤", "10", "万元", "9.5", "10", "10"),
        Ind("效益指标", "社会效益指标", "监测数据公开", "定性", "及时公开", "", "已及时公开", "20", "20"),
        Ind("满意度指标", "服务对象满意度指标", "群众满意度", "＞", "90", "%", "93", "10", "10"),
    ),
    goal="建成空气质量自动监测站12个，数据实时公开。",
    done="建成监测站12个，9月完工，数据已接入公开平台。",
    reason="年中因新增2个监测点追加预算20万元；执行率95.00%。",
)

TRANSFER = Form(
    title="2023年度中央对地方转移支付区域（项目）绩效自评表",
    funding=(
        Fund("年度资金总额", "", "500.00", "475.00"),
        Fund("中央补助", "", "400.00", "380.00"),
        Fund("地方资金", "", "100.00", "95.00"),
        Fund("其他资金", "", "0.00", "0.00"),
    ),
    indicators=(
        Ind("产出指标", "数量指标", "改造农村公路里程", "", "≥50公里", "", "52公里"),
        Ind("产出指标", "质量指标", "工程验收合格率", "", "100%", "", "100%"),
        Ind("产出指标", "时效指标", "当年完工率", "", "≥90%", "", "92%"),
        Ind("效益指标", "社会效益指标", "群众出行条件", "", "明显改善", "", "明显改善"),
        Ind("满意度指标", "服务对象满意度指标", "沿线群众满意度", "", "≥90%", "", "93%"),
    ),
    goal="改造农村公路50公里以上，工程验收合格率100%。",
    done="改造农村公路52公里，验收全部合格。",
)

HUNAN = Form(
    title="2023年度县级专项资金绩效目标自评表",
    funding=(
        Fund("年度资金总额", "", "194.90", "194.90"),
        Fund("中央、省、市补助", "", "50.00", "50.00"),
        Fund("县级资金", "", "144.90", "144.90"),
        Fund("其他资金", "", "—", "—", rate="—"),
    ),
    indicators=(
        Ind("产出指标", "数量指标", "稻谷储备到位率", "", "100%", "", "100%"),
        Ind("产出指标", "数量指标", "成品粮储备数量", "", "≥500吨", "", "500吨"),
        Ind("产出指标", "时效指标", "贷款付息及时率", "", "100%", "", "100%"),
        Ind("效益指标", "经济效益指标", "利息费用保障率", "", "100%", "", "100%"),
        Ind("满意度指标", "服务对象满意度指标", "市民满意度", "", "≥90%", "", "95%"),
    ),
    goal="保持地方粮食储备规模，储备粮食质量良好。",
    done="地方储备粮规模达标，未发生质量事故。",
)

NINGXIA = Form(
    title="银川市本级部门项目支出绩效自评表（2023年）",
    funding=(Fund("年度资金总额", "64.80", "64.80", "64.80"),),
    indicators=(
        Ind("项目决策", "项目目标", "目标完整性", "", "目标明确", "", "目标明确", "4", "4"),
        Ind("项目决策", "项目立项", "立项相关性", "", "符合需要", "", "符合需要", "3", "3"),
        Ind("项目决策", "资金投入", "预算编制科学性", "", "有测算标准", "", "有测算标准", "3", "3"),
        Ind("项目管理", "投入管理", "预算执行率", "", "100%", "", "100%", "10", "10"),
        Ind("项目管理", "财务管理", "财务制度有效性", "", "制度健全", "", "制度健全", "8", "8"),
        Ind("项目管理", "项目实施", "绩效监控有效性", "", "持续有效", "", "持续有效", "7", "7"),
        Ind("项目产出", "数量指标", "保障学生人数", "", "2370人", "", "2370人", "10", "10"),
        Ind("项目产出", "质量指标", "公用经费标准达标率", "", "100%", "", "100%", "10", "10"),
        Ind("项目产出", "成本指标", "生均公用经费", "", "≤280元", "", "273元", "10", "10"),
        Ind(
            "项目效益",
            "社会效益指标",
            "办学条件改善",
            "",
            "有效改善",
            "",
            "有效改善",
            "20",
            "18",
            "部分维修项目顺延至次年",
        ),
        Ind("项目效益", "服务对象满意度指标", "师生满意度", "", "≥90%", "", "92%", "15", "15"),
    ),
    groups={"项目决策": "10", "项目管理": "25", "项目产出": "30", "项目效益": "35"},
    goal="保障学校正常运转，改善办学条件。",
    done="学校全年正常运转，完成教室维修。",
)

FORMS: dict[str, Form | None] = {
    "national": None,  # the form of self_eval (its defects are samples/self-eval/TB-*.*)
    "dept": DEPT,
    "sichuan": SICHUAN,
    "transfer": TRANSFER,
    "hunan": HUNAN,
    "ningxia": NINGXIA,
}


# ---- defects -------------------------------------------------------------------------------------------


def fund(form: Form, label: str, **changes: str) -> Form:
    return replace(form, funding=tuple(replace(f, **changes) if f.label == label else f for f in form.funding))


def ind(form: Form, name: str, **changes: str) -> Form:
    return replace(form, indicators=tuple(replace(i, **changes) if i.level3 == name else i for i in form.indicators))


@dataclass(frozen=True)
class Defect:
    rule: str
    note: str
    inject: Callable[[Form], Form]
    also: tuple[str, ...] = ()


_TPL = Defect(
    "TB-TPL-01",
    "年度总体目标完成情况栏留有填表说明“（200字以内）”",
    lambda f: replace(f, done="（200字以内）" + f.done),
)
_CELL = "实际完成值留空"


DEFECTS: dict[str, tuple[Defect, ...]] = {
    "dept": (
        Defect(
            "TB-SUM-01",
            "项目支出全年执行数365.00改为375.00（得分按98.68%×10=9.9），合计985.00不再等于分项之和",
            lambda f: fund(fund(f, "项目支出", executed="375.00", score="9.9"), "年度资金总额"),
        ),
        Defect(
            "TB-RSCORE-01",
            "项目支出得分写作10（执行率96.05%×10=9.6）；总分与文中得分随之改为99",
            lambda f: fund(f, "项目支出", score="10"),
        ),
        Defect(
            "TB-WEIGHT-01",
            "救助对象满意度得分写作11，超过分值10；总分随之为100.6，也超过满分",
            lambda f: ind(f, "救助对象满意度", score="11"),
            ("TB-TOTAL-01",),
        ),
        Defect(
            "TB-WEIGHT-02",
            "一级指标写作“产出指标（40分）”，其下分值合计50",
            lambda f: replace(f, groups={**f.groups, "产出指标": "40"}),
        ),
        Defect(
            "TB-WEIGHT-03",
            "资金按月发放率分值改为5（“产出指标（45分）”），全部分值合计95",
            lambda f: replace(ind(f, "资金按月发放率", weight="5", score="5"), groups={**f.groups, "产出指标": "45"}),
        ),
        Defect(
            "TB-COMP-01", "救助对象满意度目标≥90%、实际88%，却得满分10", lambda f: ind(f, "救助对象满意度", score="10")
        ),
        Defect("TB-COMP-02", "资金按月发放率的实际完成值写作“完成”", lambda f: ind(f, "资金按月发放率", actual="完成")),
        Defect(
            "TB-LOWRATE-01",
            "项目支出执行260.00（得分6.8），合计执行880.00，执行率88.00%，未说明原因",
            lambda f: fund(fund(f, "项目支出", executed="260.00", score="6.8"), "年度资金总额", executed="880.00"),
        ),
        Defect(
            "TB-OVER-01",
            "基本支出执行610.00，超过年初预算600.00，表中无调整后预算数、未说明原因；合计执行995.00",
            lambda f: fund(fund(f, "基本支出", executed="610.00"), "年度资金总额", executed="995.00"),
        ),
        Defect("TB-CELL-01", "资金发放准确率的" + _CELL, lambda f: ind(f, "资金发放准确率", actual="")),
        _TPL,
        Defect("TB-TOTAL-01", "文中自评得分写作99.6分，表中合计98.6", lambda f: replace(f, stated_total="99.6")),
        Defect("TB-GRADE-01", "自评得分98.6分，等级写作“良”", lambda f: replace(f, stated_grade="良")),
        Defect(
            "TB-TEXT-01",
            "文中全年执行资金写作9,580,000元，表中985.00万元",
            lambda f: replace(f, stated_spent_yuan="9,580,000"),
        ),
    ),
    "sichuan": (
        Defect(
            "TB-SUM-01",
            "财政资金预算执行数改为110.00（执行率91.67%），总额114.00不再等于分项之和",
            lambda f: fund(f, "财政资金", executed="110.00"),
        ),
        Defect(
            "TB-RATE-01", "总额预算执行率写作96.00%（114.00÷120.00=95.00%）", lambda f: fund(f, "总额", rate="96.00%")
        ),
        Defect(
            "TB-RSCORE-01",
            "总额得分写作10（95.00%×10=9.5）；合计与文中得分随之改为100",
            lambda f: fund(f, "总额", score="10"),
        ),
        Defect(
            "TB-WEIGHT-01",
            "群众满意度得分写作12，超过权重10；合计随之为101.5，也超过满分",
            lambda f: ind(f, "群众满意度", score="12"),
            ("TB-TOTAL-01",),
        ),
        Defect(
            "TB-WEIGHT-03", "完工时间权重改为5，全部权重合计95", lambda f: ind(f, "完工时间", weight="5", score="5")
        ),
        Defect(
            "TB-COMP-01",
            "群众满意度指标性质＞、指标值90，完成值90，却得满分",
            lambda f: ind(f, "群众满意度", actual="90"),
        ),
        Defect("TB-COMP-02", "监测站建设数量的完成值写作“完成”", lambda f: ind(f, "监测站建设数量", actual="完成")),
        Defect(
            "TB-ADJ-01",
            "原因栏只留印好的填报说明（预算由100.00调至120.00未说明理由）",
            lambda f: replace(f, reason=INSTRUCTIONS_SC),
            ("TB-TPL-01",),
        ),
        Defect(
            "TB-LOWRATE-01",
            "预算执行数改为100.00（总额与财政资金），执行率83.33%，得分8.3，原因栏空白（预算调整也因此未说明）",
            lambda f: replace(
                fund(fund(f, "总额", executed="100.00", score="8.3"), "财政资金", executed="100.00"), reason=""
            ),
            ("TB-ADJ-01",),
        ),
        Defect("TB-CELL-01", "设备验收合格率的完成值留空", lambda f: ind(f, "设备验收合格率", actual="")),
        _TPL,
        Defect("TB-TOTAL-01", "文中自评得分写作98.5分，表中合计99.5", lambda f: replace(f, stated_total="98.5")),
        Defect("TB-GRADE-01", "自评得分99.5分，等级写作“中”", lambda f: replace(f, stated_grade="中")),
        Defect(
            "TB-TEXT-01",
            "文中全年执行资金写作1,410,000元，表中114.00万元",
            lambda f: replace(f, stated_spent_yuan="1,410,000"),
        ),
    ),
    "transfer": (
        Defect(
            "TB-SUM-01",
            "地方资金全年执行数改为90.00，合计475.00不再等于分项之和",
            lambda f: fund(f, "地方资金", executed="90.00"),
        ),
        Defect(
            "TB-RATE-01",
            "合计执行率写作96.00%（475.00÷500.00=95.00%）",
            lambda f: fund(f, "年度资金总额", rate="96.00%"),
        ),
        Defect(
            "TB-LOWRATE-01",
            "中央补助执行300.00，合计执行395.00，执行率79.00%，未说明原因",
            lambda f: fund(fund(f, "中央补助", executed="300.00"), "年度资金总额", executed="395.00"),
        ),
        Defect(
            "TB-COMP-02",
            "改造农村公路里程的全年实际完成值写作“已完成”",
            lambda f: ind(f, "改造农村公路里程", actual="已完成"),
        ),
        Defect("TB-CELL-01", "当年完工率的" + _CELL, lambda f: ind(f, "当年完工率", actual="")),
        _TPL,
        Defect(
            "TB-TEXT-01",
            "文中全年执行资金写作4,570,000元，表中475.00万元",
            lambda f: replace(f, stated_spent_yuan="4,570,000"),
        ),
    ),
    "hunan": (
        Defect(
            "TB-SUM-01",
            "县级资金全年预算数改为140.90，合计194.90不再等于分项之和（执行率102.84%）",
            lambda f: fund(f, "县级资金", adjusted="140.90"),
        ),
        Defect(
            "TB-RATE-01",
            "合计执行率写作99.00%（194.90÷194.90=100.00%）",
            lambda f: fund(f, "年度资金总额", rate="99.00%"),
        ),
        Defect(
            "TB-LOWRATE-01",
            "县级资金执行120.00，合计执行170.00，执行率87.22%，未说明原因",
            lambda f: fund(fund(f, "县级资金", executed="120.00"), "年度资金总额", executed="170.00"),
        ),
        Defect("TB-COMP-02", "贷款付息及时率的全年完成值写作“达标”", lambda f: ind(f, "贷款付息及时率", actual="达标")),
        Defect("TB-CELL-01", "市民满意度的" + _CELL, lambda f: ind(f, "市民满意度", actual="")),
        _TPL,
        Defect(
            "TB-TEXT-01",
            "文中全年执行资金写作1,849,000元，表中194.90万元",
            lambda f: replace(f, stated_spent_yuan="1,849,000"),
        ),
    ),
    "ningxia": (
        Defect(
            "TB-RATE-01", "执行率写作98.00%（64.80÷64.80=100.00%）", lambda f: fund(f, "年度资金总额", rate="98.00%")
        ),
        Defect(
            "TB-ADJ-01",
            "年初预算数写作60.00，调整预算数64.80，未说明调整原因",
            lambda f: fund(f, "年度资金总额", initial="60.00"),
        ),
        Defect(
            "TB-LOWRATE-01",
            "全年执行数51.84，执行率80.00%（预算执行率指标完成80%，得8分），未说明原因",
            lambda f: ind(fund(f, "年度资金总额", executed="51.84"), "预算执行率", actual="80%", score="8"),
        ),
        Defect("TB-WEIGHT-01", "师生满意度得分写作16，超过分值15", lambda f: ind(f, "师生满意度", score="16")),
        Defect(
            "TB-WEIGHT-02",
            "一级指标写作“项目管理（20分）”，其下分值合计25",
            lambda f: replace(f, groups={**f.groups, "项目管理": "20"}),
        ),
        Defect(
            "TB-WEIGHT-03",
            "绩效监控有效性分值改为2（“项目管理（20分）”），全部分值合计95",
            lambda f: replace(ind(f, "绩效监控有效性", weight="2", score="2"), groups={**f.groups, "项目管理": "20"}),
        ),
        Defect("TB-COMP-01", "师生满意度目标≥90%、实际88%，却得满分15", lambda f: ind(f, "师生满意度", actual="88%")),
        Defect("TB-COMP-02", "保障学生人数的全年实际值写作“完成”", lambda f: ind(f, "保障学生人数", actual="完成")),
        Defect("TB-CELL-01", "公用经费标准达标率的全年实际值留空", lambda f: ind(f, "公用经费标准达标率", actual="")),
        _TPL,
        Defect("TB-TOTAL-01", "文中自评得分写作96分，表中合计98", lambda f: replace(f, stated_total="96")),
        Defect("TB-GRADE-01", "自评得分98分，等级写作“良”", lambda f: replace(f, stated_grade="良")),
        Defect(
            "TB-TEXT-01",
            "文中全年执行资金写作640,800元，表中64.80万元",
            lambda f: replace(f, stated_spent_yuan="640,800"),
        ),
    ),
}
