"""Near-identical report text across a batch: a small fingerprint per report, compared in the parent.

A report copied from another unit's (boilerplate kept, the name and the figures changed) is what a
reviewer wants pointed out. The worker that checked a file turns its text into a fingerprint of
:data:`SLOTS` numbers; the parent keeps only fingerprints, never texts, so its memory stays small.

- Text: the normalised text of every block with whitespace removed and every digit replaced by ``0``
  (a copy with other figures is still a copy); shingles of :data:`SHINGLE` characters.
- Fingerprint: one-permutation MinHash (Li, Owen & Zhang, NIPS 2012): each shingle is hashed once
  (CRC-32, stable across processes, unlike ``hash()``); the low bits pick one of :data:`SLOTS` slots,
  the slot keeps the smallest remaining value. The share of equal slots estimates the Jaccard
  similarity of the two shingle sets (standard error about 0.03 at 0.9 with 128 slots).
- Candidates: locality-sensitive hashing over :data:`BANDS` bands of equal slots, so the parent compares
  a report only with reports that share a band, not with every other report (a pair at 0.9 shares a
  band with probability 0.99999, a pair at 0.7 with 0.61, a pair at 0.5 with 0.06).
"""

from __future__ import annotations

import zlib
from array import array
from collections import defaultdict

from msgspec import Struct

from perfcheck.lazy_pattern import lazy_re

SHINGLE = 6
SLOTS = 128
BANDS = 16
ROWS = SLOTS // BANDS
# Distinct reports written on one district template reach 0.89 (generated corpus, bench/run.py); a copy with
# only the name and the figures changed is above 0.95.
THRESHOLD = 0.9
_EMPTY = 0xFFFFFFFF
_DIGITS = lazy_re(r"\d")
_SPACE = lazy_re(r"\s+")


def fingerprint(text: str) -> bytes:
    """The MinHash fingerprint of ``text`` (``SLOTS`` × 4 bytes); empty for a text shorter than a shingle."""
    squeezed = _DIGITS.sub("0", _SPACE.sub("", text))
    if len(squeezed) < SHINGLE:
        return b""
    slots = array("I", [_EMPTY] * SLOTS)
    crc32 = zlib.crc32
    encoded = squeezed.encode("utf-32-le")  # fixed 4 bytes a character: a shingle is a plain byte slice
    width = SHINGLE * 4
    for start in range(0, len(encoded) - width + 4, 4):
        value = crc32(encoded[start : start + width])
        slot = value & (SLOTS - 1)
        rest = value >> 7
        if rest < slots[slot]:
            slots[slot] = rest
    return slots.tobytes()


def estimate(first: bytes, second: bytes) -> float:
    """Estimated Jaccard similarity of two fingerprints (0 when either is empty)."""
    if not first or not second:
        return 0.0
    a, b = array("I", first), array("I", second)
    return sum(1 for x, y in zip(a, b, strict=True) if x == y and x != _EMPTY) / SLOTS


class SimilarPair(Struct, frozen=True):
    """Two reports (by input index) whose texts are nearly identical."""

    first: int
    second: int
    similarity: float


class SimilarityIndex:
    """Fingerprints added one at a time; :meth:`pairs` lists every pair at or above the threshold."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self._fingerprints: dict[int, bytes] = {}

    def add(self, index: int, print_: bytes) -> None:
        if print_:
            self._fingerprints[index] = print_

    def pairs(self) -> list[SimilarPair]:
        """Pairs in input order (first index, then second); each pair once.

        The buckets are built one band at a time, so only the fingerprints (512 bytes a report) stay
        in memory while the batch runs.
        """
        candidates: set[tuple[int, int]] = set()
        width = ROWS * 4
        for band in range(BANDS):
            buckets: defaultdict[bytes, list[int]] = defaultdict(list)
            for index, print_ in self._fingerprints.items():
                buckets[print_[band * width : (band + 1) * width]].append(index)
            for members in buckets.values():
                if len(members) > 1:
                    ordered = sorted(members)
                    for i, first in enumerate(ordered):
                        candidates.update((first, second) for second in ordered[i + 1 :])
        found = []
        for first, second in sorted(candidates):
            score = estimate(self._fingerprints[first], self._fingerprints[second])
            if score >= self.threshold:
                found.append(SimilarPair(first, second, score))
        return found
