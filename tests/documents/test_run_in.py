"""Headings and numbered items run into the text (issue 11 §3), on sentences of the real corpus."""

from hypothesis import given
from hypothesis import strategies as st

from perfcheck.documents.plaintext import document_from_text
from perfcheck.documents.run_in import _CLOSE, _OPEN, _Depths, split_run_in


def test_headings_run_into_a_paragraph_open_sections():
    # ../shared/corpus/excerpts/027_qionghai-towns-2020-project-rijianzhaoliao-selfeval.txt
    text = (
        "一、项目概况 (一)项目基本情况。\n内容。\n"
        "成效指标:老年人日间照料中心群众满意度达90%以上。 二、项目资金管理及组织实施情况 "
        "(一)资金申报及批复、到位及使用情况。 1.项目资金申报及批复情况。\n"
        "申报预算资金173万元,已完成批复、完成率100%。 三、项目绩效情况 (一)项目完成情况。\n"
        "项目实施效果,评价得分及绩效等级为(良)。 四、存在的问题和建议 无\n"
    )
    top = [s.label for s in document_from_text(text).outline]
    assert top == ["一、项目概况", "二、项目资金管理及组织实施情况", "三、项目绩效情况", "四、存在的问题和建议"]


def test_a_heading_and_its_first_subheading_on_one_line():
    # ../shared/corpus/excerpts/002_wenchuan-scjgj-2021-transfer-selfeval.txt (the whole report is one paragraph)
    text = "现将自评情况报告如下:一、绩效目标分解下达情况(一)中央下达2021年中央食品监管专项转移支付预算和绩效目标情况,2021年度我局食品监管资金上年结转结余资金2万元"  # noqa: E501
    pieces = split_run_in(text, {})
    assert pieces[1] == "一、绩效目标分解下达情况" and pieces[2].startswith("(一)中央下达")


def test_numbered_items_run_together_are_a_sequence():
    # ../shared/corpus/excerpts/027: "1.进一步缓解家庭养老压力,满足村内老年人生活照料。 2.满意度达到90% 。 3.控制在总概算范围内。"  # noqa: E501
    text = "1.进一步缓解家庭养老压力,满足村内老年人生活照料。 2.满意度达到90% 。 3.控制在总概算范围内。"
    assert [p[:2] for p in split_run_in(text, {})] == ["1.", "2.", "3."]


def test_amounts_rates_dates_and_document_numbers_are_never_labels():
    # ../shared/corpus/excerpts/031 and 009: 文号, decimals, percentages and dates after a full stop
    for text in (
        "省级下达资金804万元(川财社〔2020165号、川财社〔202127号)。2.5万元用于临时救助。3.6%的增长。",
        "工程于2021年2月12日开工。2021年6月底完成建设任务。1.5万元已拨付。",
        "下达中央财政资金30.9万元,县财政资金30.9万元,共计下达61.8万元。",
    ):
        assert split_run_in(text, {}) == [text]


def test_an_ordinary_sentence_holding_a_label_is_not_cut():
    # "一、" that does not continue the numbering (the document is already at 三、) is not a heading
    last = {"cn-dun": 3}
    text = "绩效指标分为三类。一、二级指标由主管部门设定,三级指标由单位细化。"
    assert split_run_in(text, last) == [text]


def test_a_flattened_table_row_is_left_whole():
    # ../shared/corpus/excerpts/039: "…1、单位财务管理制度 1 分; 财务制度 3 3 2、项目管理制度 1 分; 3、有制度执行佐证资料 1 分。"  # noqa: E501
    text = "没有不得分。 1、单位财务管理制度 1 分; 财务制度 3 3 2、项目管理制度 1 分; 3、有制度执行佐证资料 1 分。"
    assert split_run_in(text, {}) == [text]


def test_a_single_run_in_sub_item_stays_for_the_numbering_check():
    # ../shared/corpus/real/putuo-finance-bureau-2024-final-accounts.pdf: "…会计准则、会计制度和财务规则。（八）负责本区…"  # noqa: E501
    text = "（七）负责本区会计管理工作，监督和规范会计行为。（八）负责本区暂未划转入税务部门的非税收入管理。"
    assert split_run_in(text, {"cn-paren": 6}) == [text]


@given(text=st.text(alphabet=_OPEN + _CLOSE + "ab一、", max_size=30), data=st.data())
def test_bracket_depth_at_increasing_positions_is_the_per_character_count(text, data):
    positions = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=8)))
    depths = _Depths(text)
    for position in positions:
        depth = 0
        for ch in text[:position]:
            if ch in _OPEN:
                depth += 1
            elif ch in _CLOSE and depth:
                depth -= 1
        assert depths.at(position) == depth
