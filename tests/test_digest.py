"""perfcheck.digest: the same SHA-256 as hashlib, without OpenSSL for a small input (issue 14)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pytest

from perfcheck import digest


@pytest.mark.parametrize("size", [0, 1, 63, 64, 65, 4096, digest.OPENSSL_FROM - 1, digest.OPENSSL_FROM, 3_000_001])
def test_the_digest_is_hashlibs(size):
    data = os.urandom(size)
    assert digest.sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()
    assert digest.sha256(data).digest() == hashlib.sha256(data).digest()


def test_a_digest_built_piece_by_piece_is_the_whole_ones():
    pieces = [os.urandom(n) for n in (0, 7, 1000, 70_000)]
    built = digest.sha256()
    for piece in pieces:
        built.update(piece)
    assert built.hexdigest() == hashlib.sha256(b"".join(pieces)).hexdigest()


def test_cpython_ships_the_built_in_one_and_a_small_input_does_not_load_openssl():
    probe = (
        "import sys\nfrom perfcheck import digest\n"
        "digest.sha256(b'x' * 1000).hexdigest()\n"
        "print(digest._BUILT_IN is not None, 'hashlib' in sys.modules, '_hashlib' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["True", "False", "False"]
