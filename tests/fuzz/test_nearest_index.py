"""The block index behind near-linear checking chooses exactly what measuring every figure chose (issue 12)."""

from __future__ import annotations

import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfcheck.documents import load_document
from perfcheck.kinds._select import Figures, compatible, distance, in_scope, labelled, nearest, preceding
from perfcheck.kinds.base import Context

_LINE = st.one_of(
    st.sampled_from(["一、概况", "二、资金", "（一）明细", "三、其他", ""]),
    st.lists(
        st.tuples(
            st.sampled_from(["整体支出", "基本支出", "项目支出", "其中人员经费", "执行率", "共"]),
            st.integers(0, 999),
            st.sampled_from(["万元", "元", "%", "个", "万美元"]),
        ),
        min_size=1,
        max_size=6,
    ).map(lambda parts: "，".join(f"{label}{value}{unit}" for label, value, unit in parts) + "。"),
)


def _brute_nearest(context, anchor, candidates, scope, taken=(), match_anchor=True, where=None):
    pool = [
        f
        for f in candidates
        if f != anchor
        and f not in taken
        and (not match_anchor or compatible(anchor, f))
        and (where is None or where(f))
        and in_scope(context, anchor, f, scope)
    ]
    return min(pool, key=lambda f: distance(anchor, f), default=None)


def _brute_preceding(anchor, candidates, after=0):
    pool = [
        f
        for f in candidates
        if f.block == anchor.block and f.cell == anchor.cell and after <= f.quantity.start < anchor.quantity.start
        and f != anchor
    ]  # fmt: skip
    return max(pool, key=lambda f: f.quantity.start, default=None)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(_LINE, min_size=1, max_size=25), scope=st.sampled_from(["block", "section", "document"]))
def test_indexed_nearest_and_preceding_match_the_brute_force_choice(tmp_path_factory, lines, scope):
    path = tmp_path_factory.mktemp("near") / "r.txt"
    path.write_text("2018年度某局整体支出绩效评价报告\n" + "\n".join(lines) + "\n", encoding="utf-8")
    context = Context(load_document(path))
    for pattern in ("基本支出|项目支出", "", "执行率"):
        kinds = ("amount", "percent", "count")
        candidates = labelled(context, regex.compile(pattern), kinds)
        assert isinstance(candidates, Figures)
        for anchor in context.facts:
            taken = tuple(candidates[:1])
            assert nearest(context, anchor, candidates, scope, taken) == _brute_nearest(
                context, anchor, candidates, scope, taken
            )
            assert nearest(context, anchor, candidates, scope, match_anchor=False) == _brute_nearest(
                context, anchor, candidates, scope, match_anchor=False
            )
            assert preceding(context, anchor, candidates) == _brute_preceding(anchor, candidates)
            assert preceding(context, anchor, candidates, 5) == _brute_preceding(anchor, candidates, 5)
