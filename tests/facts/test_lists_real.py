"""Declared lists read from real sentences of shared/corpus (issue 11 §3): any punctuation, where a list ends."""

from __future__ import annotations

from perfcheck.documents.plaintext import document_from_text
from perfcheck.facts.lists import find_declared_lists


def _lists(text: str) -> list[tuple[int, tuple[str, ...], str]]:
    return [(d.declared, d.items, d.form) for d in find_declared_lists(document_from_text(text))]


def test_028_each_count_takes_the_items_in_its_own_bracket() -> None:
    # excerpts/028_tongnan-yuxi-zhen-2022-final-accounts-explanation.txt
    text = (
        "本单位共有10个机构单位,其中3个行政部门(人大、政府和党委)和7个事业单位(农业服务中心、文化服务中心、"
        "劳动就业和社会保障服务所、综合行政执法大队、产业发展服务中心、村镇建设服务中心及退役军人服务站)组成。"
    )
    found = _lists(text)
    assert (3, ("人大", "政府", "党委"), "inline-paren") in found
    seven = [items for declared, items, _ in found if declared == 7]
    assert len(seven) == 1 and len(seven[0]) == 7 and seven[0][-1] == "退役军人服务站"


def test_037_counts_after_baokuo_are_a_breakdown_not_a_list() -> None:
    # excerpts/037_guangxi-nynct-2021-transfer-nongye-selfeval.txt
    text = "年度目标下设33个三级绩效指标,包括23个数量指标、2个质量指标、1个时效指标、2个服务对象满意度指标。"
    assert [d for d in _lists(text) if d[0] == 33] == []


def test_a_list_ends_where_the_next_declared_count_begins() -> None:
    assert (2, ("宣传", "培训"), "inline-after") in _lists("涵盖2方面：宣传和培训，3类主体：学校、企业、社区。")


def test_a_comma_and_fenbieshi_introduce_a_list_like_a_colon() -> None:
    found = _lists("共设3个科室，分别是办公室、财务科和业务科。")
    assert found == [(3, ("办公室", "财务科", "业务科"), "inline-after")]


def test_an_amount_at_a_paragraph_start_is_no_numbering_label() -> None:
    # a PDF line that begins with a table value: "3.0 万元" is a figure, not item 3.0; "1.评价准备阶段" is an item.
    # (The plain-text loader already gives "3.0" as the block number; the list reader must not follow it.)
    from perfcheck.facts.lists import _item_label

    blocks = document_from_text("3.0 万元用于印刷\n12.5%的农户\n1.评价准备阶段\n1.1 前期调研").blocks
    assert [_item_label(b) is not None for b in blocks] == [False, False, True, True]
