"""Breakdowns read from real documents of shared/corpus (issue 11 §3): a restated total or a 调减 is no part,
and the parts never come from another sentence or section."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import CORPUS

from perfcheck.documents import load_document
from perfcheck.documents.plaintext import document_from_text
from perfcheck.facts.breakdowns import find_breakdowns

EXCERPTS = CORPUS / "excerpts"
needs_excerpts = pytest.mark.skipif(not EXCERPTS.is_dir(), reason="shared/corpus/excerpts is not beside the repository")


def _read(text: str) -> list[tuple[Decimal, list[Decimal], str]]:
    return [
        (b.total.quantity.value, [p.quantity.value for p in b.parts], b.uncertain)
        for b in find_breakdowns(document_from_text(text))
    ]


def test_009_a_restated_total_ends_the_parts() -> None:
    # excerpts/009_jingde-nnslj-2021-transfer-water-selfeval.txt
    text = "项目批复总投资61.8万元,其中中央财政资金30.9万元,县财政配套资金30.9万元,2021年度中央下达资金61.8万元。"
    assert _read(text) == [(Decimal("61.8"), [Decimal("30.9"), Decimal("30.9")], "")]


def test_029_an_adjustment_is_no_part() -> None:
    # excerpts/029_shenzhen-futian-mzj-2021-transfer-jiuzhu-report.txt
    text = (
        "2021年中央财政困难群众救助补助资金下达我区111万元(福财直〔2020〕67号),其中低保、特困和临时救助资金100万元,"
        "孤儿基本生活保障金11万元,调减40万元(福财直〔2021〕29号),全年实际下达71万元。"
    )
    assert _read(text) == [(Decimal("111"), [Decimal("100"), Decimal("11")], "")]


def test_034_masked_amounts_and_adjustments_make_the_breakdown_uncertain() -> None:
    # excerpts/034_hulin-lcj-2021-transfer-linye-selfeval-masked.txt
    text = (
        "下达给我单位资金1.53万元,其中:退耕还林抚育 点击查看>> 万元,国家级森林生态效益补偿资金调减2.66万元,"
        "森林抚育补助调减 点击查看>> 万元,造林补助2.42万元,上一轮集体和个人国家级公益林2.88万元。"
    )
    ((total, _parts, uncertain),) = _read(text)
    assert total == Decimal("1.53") and uncertain


def test_the_parts_never_come_from_the_next_sentence() -> None:
    assert _read("项目支出100万元，其中设备购置60万元。人员经费50万元。") == [(Decimal("100"), [Decimal("60")], "")]


@needs_excerpts
def test_010_parts_stay_in_their_paragraph() -> None:
    # excerpts/010_hohhot-xhe-county-slj-2023-transfer-water-selfeval.txt: 791 = 491 + 300; the next paragraph's
    # "下达**河县2023年山洪灾害防治设施维养6万元" is not a part of it
    document = load_document(EXCERPTS / "010_hohhot-xhe-county-slj-2023-transfer-water-selfeval.txt")
    found = {b.total.quantity.value: [p.quantity.value for p in b.parts] for b in find_breakdowns(document)}
    assert found[Decimal("791")] == [Decimal("491"), Decimal("300")]
    assert sum(found[Decimal("2263")]) == Decimal("2253")  # the published defect: seven parts, 10万元 short


def test_033_a_rate_per_unit_is_no_part() -> None:
    # excerpts/033_xichou-lcj-2021-project-senlinfuyu-selfeval.txt ("3万亩元" is the report's own slip)
    text = "拨付资金200万元,其中,直接补助费197万元(每亩197元),项目设计、监督、检查、验收等间接费用3万元(每亩3元)。"
    assert _read(text) == [(Decimal("200"), [Decimal("197"), Decimal("3")], "")]
