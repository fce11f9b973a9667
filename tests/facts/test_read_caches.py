"""The caches of read texts (facts.table_model.remember) are emptied together at the start of every check."""

from __future__ import annotations

from perfcheck.documents.plaintext import document_from_text
from perfcheck.engine import Settings, check_document
from perfcheck.facts import table_index, table_labels, table_model, table_roles
from perfcheck.rulepack import load_ruleset

EVERY_CACHE = (
    table_model._compact_short,
    table_model._read_short,
    table_labels._label_key_short,
    table_index._read_short,
    table_roles._heading_short,
    table_roles._funding_short,
    table_roles._indicator_short,
)


def test_every_cache_of_read_texts_is_remembered_and_emptied_together():
    assert all(any(cache is memo for memo in table_model._MEMOS) for cache in EVERY_CACHE)
    table_model.compact("全年执\n行数")
    table_model.is_number("1,234.5")
    table_labels.label_key("一、一般公共服务支出（类）")
    table_roles.funding_role("全年执行数")
    table_roles.indicator_role("实际完成值")
    assert all(memo.cache_info().currsize for memo in EVERY_CACHE if memo is not table_index._read_short)
    table_model.forget_read_texts()
    assert [memo.cache_info().currsize for memo in table_model._MEMOS] == [0] * len(table_model._MEMOS)


def test_a_check_starts_with_the_caches_empty():
    table_model.compact("上一份报告的文字")
    document = document_from_text("2020年度某局整体支出绩效评价报告\n一、整体支出概况\n整体支出100万元。")
    check_document(document, load_ruleset(), Settings())
    hits = table_model._compact_short.cache_info().hits
    table_model.compact("上一份报告的文字")
    assert table_model._compact_short.cache_info().hits == hits  # read again: the check emptied the cache
