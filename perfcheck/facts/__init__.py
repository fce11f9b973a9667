"""Stage 2: values read out of a document's normalised text; pure functions over frozen data.

``numbers`` finds amounts, percentages and counts with their labels (``extract_facts``);
``breakdowns`` reads "total, 其中 parts" sentences; ``lists`` pairs a declared count ("6方面") with the
items that follow or precede it.
"""

from perfcheck.facts.breakdowns import Breakdown, find_breakdowns
from perfcheck.facts.lists import DeclaredList, find_declared_lists
from perfcheck.facts.numbers import Fact, Quantity, extract_facts, find_quantities, label_before

__all__ = [
    "Breakdown",
    "DeclaredList",
    "Fact",
    "Quantity",
    "extract_facts",
    "find_breakdowns",
    "find_declared_lists",
    "find_quantities",
    "label_before",
]
