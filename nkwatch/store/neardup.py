"""Near-duplicate detection: MinHash over word 5-shingles, LSH for candidates.

Signatures are stored with each document (`documents.minhash`) so the index is rebuilt the same
way on every open and by every process: no hidden state decides what counts as a near-duplicate.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SHINGLE = 5
SEED = 1  # fixed so a signature computed today matches one stored last year
SCHEME = "affine32"  # named, not defaulted: datasketch changed its default scheme in 2.0
_WORD = re.compile(r"\w+")
# Generating permutations costs more than hashing a short text; make them once.
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


MAX_WORDS = 50_000  # a book-length text is fingerprinted by its opening: bounded time and memory


def shingles(text: str) -> set[bytes]:
    words = _WORD.findall(text[: MAX_WORDS * 16].casefold())[:MAX_WORDS]  # 16 chars: ample per word
    if len(words) <= SHINGLE:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + SHINGLE]).encode("utf-8") for i in range(len(words) - SHINGLE + 1)}


def signature(text: str) -> bytes | None:
    """The stored form of a text's MinHash; None for a text with no words."""
    grams = shingles(text)
    if not grams:
        return None
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=_PERMUTATIONS, scheme=SCHEME)
    minhash.update_batch(list(grams))
    return np.asarray(minhash.hashvalues, dtype=np.uint32).tobytes()


def _minhash(blob: bytes) -> MinHash:
    values = np.frombuffer(blob, dtype=np.uint32)
    return MinHash(seed=SEED, hashvalues=values, permutations=_PERMUTATIONS, scheme=SCHEME)


class NearDuplicateIndex:
    """LSH over stored signatures; `seq` orders documents so ties pick the oldest."""

    def __init__(self, threshold: float, bands: tuple[int, int] | None = None) -> None:
        self.threshold = threshold
        self.last_seq = 0
        # datasketch works out its bands by numerical integration (10 ms): give them when known
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM, params=bands)
        self._by_id: dict[str, tuple[int, MinHash]] = {}

    def empty_like(self) -> NearDuplicateIndex:
        """A new, empty index with this one's threshold and bands, built at no cost."""
        return NearDuplicateIndex(self.threshold, (self._lsh.b, self._lsh.r))

    def add_rows(self, rows: Iterable[tuple[int, str, bytes | None]]) -> None:
        for seq, doc_id, blob in rows:
            self.last_seq = max(self.last_seq, seq)
            if blob is None or doc_id in self._by_id:
                continue
            minhash = _minhash(blob)
            self._by_id[doc_id] = (seq, minhash)
            self._lsh.insert(doc_id, minhash)

    def best_match(self, blob: bytes | None) -> str | None:
        """The most similar stored document at or above the threshold, oldest first on ties."""
        ranked = self.ranked_match(blob)
        return ranked[2] if ranked else None

    def ranked_match(self, blob: bytes | None) -> tuple[float, int, str] | None:
        """(minus similarity, seq, id) of the best match: the smallest tuple wins."""
        if blob is None:
            return None
        probe = _minhash(blob)
        scored = []
        for doc_id in self._lsh.query(probe):
            seq, minhash = self._by_id[doc_id]
            similarity = probe.jaccard(minhash)
            if similarity >= self.threshold:
                scored.append((-similarity, seq, doc_id))
        return min(scored) if scored else None


def nearest(blob: bytes | None, *indexes: NearDuplicateIndex) -> str | None:
    """The best match over several indexes (the stored documents, and a batch being written)."""
    ranked = [r for r in (index.ranked_match(blob) for index in indexes) if r is not None]
    return min(ranked)[2] if ranked else None
