"""pdfplumber's clustering of positions: values within a tolerance of their neighbour form one cluster.

Adapted from pdfplumber 0.11 ``utils/clustering.py`` (MIT License, Copyright (c) 2015, Jeremy Singer-Vine;
the notice is in LICENSE-pdfplumber.txt beside this file),
the same steps in the same order, so that snapping ruling lines (``pdf_grid``) and grouping a cell's
characters into lines (``pdf_cell_text``) give what pdfplumber gives; ``tests/documents/test_pdf_grid.py``
compares them with pdfplumber's own functions.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby
from typing import Any, TypeVar

T = TypeVar("T")


def cluster_ids(values: list[Any], tolerance: float) -> dict[Any, int]:
    """``make_cluster_dict``: each distinct value's cluster, numbered in ascending order of value.

    Sorted distinct values are chained: one within ``tolerance`` of the previous joins its cluster (so a
    cluster may span more than the tolerance).
    """
    ordered = sorted(set(values))
    if tolerance == 0 or len(ordered) < 2:
        return {value: i for i, value in enumerate(ordered)}
    ids = {ordered[0]: 0}
    cluster = 0
    last = ordered[0]
    for value in ordered[1:]:
        if not value <= last + tolerance:
            cluster += 1
        ids[value] = cluster
        last = value
    return ids


def cluster_objects(objects: list[T], key: Callable[[T], Any], tolerance: float) -> list[list[T]]:
    """``cluster_objects``: the objects grouped by the cluster of ``key``, clusters ascending, order kept within."""
    ids = cluster_ids([key(o) for o in objects], tolerance)
    ordered = sorted(objects, key=lambda o: ids[key(o)])
    return [list(group) for _, group in groupby(ordered, key=lambda o: ids[key(o)])]
