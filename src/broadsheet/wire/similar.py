"""Near-duplicates: datasketch's MinHash over word 3-shingles, found through its LSH.

Items of the last days are indexed; an incoming item whose estimated Jaccard similarity
to one of them passes THRESHOLD joins (or starts) that item's cluster. 0.35: in
bench/wire_desk.py's labelled pairs a light rewrite (8% of words replaced, a sentence
dropped and one added) scores 0.29-0.75 (5th percentile 0.42), another story sharing a
quarter of its sentences at most 0.32.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
# datasketch's default since 2.0, named because stored signatures must be read back with
# the scheme that made them.
SCHEME = "affine32"
THRESHOLD = 0.35
WORD = re.compile(r"\w+", re.UNICODE)


def text_hash(text: str) -> str:
    """The exact-duplicate key: the text's words, lowercased, hashed."""
    words = " ".join(WORD.findall(text.lower()))
    return hashlib.sha256(words.encode()).hexdigest() if words else ""


def shingles(text: str, size: int = 3) -> set[bytes]:
    words = WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)}


def signature(text: str) -> bytes:
    """A MinHash signature of `text`, as bytes to store beside the item."""
    minhash = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    minhash.update_batch(list(shingles(text)))
    return bytes(minhash.hashvalues.astype(np.uint32).tobytes())


def minhash_of(stored: bytes) -> MinHash:
    return MinHash(
        num_perm=NUM_PERM, hashvalues=np.frombuffer(stored, dtype=np.uint32), scheme=SCHEME
    )


def similarity(a: bytes, b: bytes) -> float:
    return float(minhash_of(a).jaccard(minhash_of(b)))


class NearDuplicates:
    """An LSH index over stored signatures, keyed by item id."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.kept: dict[int, bytes] = {}

    def add(self, key: int, stored: bytes) -> None:
        if key in self.kept or not stored:
            return
        self.lsh.insert(key, minhash_of(stored))
        self.kept[key] = stored

    def matches(self, stored: bytes) -> list[tuple[int, float]]:
        """Indexed items similar to `stored`, most similar first (checked, not guessed)."""
        if not stored:
            return []
        found = []
        probe = minhash_of(stored)
        for key in self.lsh.query(probe):
            score = float(probe.jaccard(minhash_of(self.kept[key])))
            if score >= self.threshold:
                found.append((int(key), score))
        return sorted(found, key=lambda pair: -pair[1])
