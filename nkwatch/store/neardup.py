"""Near-duplicate detection: MinHash over word 5-shingles, LSH for candidates.

Signatures are stored with each document (`documents.minhash`) so the index is rebuilt the same
way on every open and by every process: no hidden state decides what counts as a near-duplicate.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

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


@lru_cache(maxsize=8)
def bands_for(threshold: float) -> tuple[int, int]:
    """datasketch's choice of (bands, rows per band) for a threshold: the banding that best
    balances missed and false candidates (a numerical integration, so worked out once)."""
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return int(lsh.b), int(lsh.r)


class NearDuplicateIndex:
    """LSH over stored signatures; `seq` orders documents so ties pick the oldest.

    The banding of datasketch's MinHashLSH, kept compact: the writer holds every stored
    signature, and datasketch's objects took 4.5 KB a document (4.5 GB for a million). Here a
    signature is a row of one uint32 matrix and each band a dict from the band's hash to row
    numbers: about 1.6 KB a document. A hash collision only adds a candidate, which the
    similarity check then turns down, so the answers are datasketch's."""

    def __init__(self, threshold: float, bands: tuple[int, int] | None = None) -> None:
        self.threshold = threshold
        self.last_seq = 0
        self.bands = bands or bands_for(threshold)
        self._tables: list[dict[int, int | list[int]]] = [{} for _ in range(self.bands[0])]
        self._signatures = np.empty((0, NUM_PERM), dtype=np.uint32)
        self._count = 0
        self._seqs: list[int] = []
        self._ids: list[str] = []
        self._known: set[str] = set()

    def empty_like(self) -> NearDuplicateIndex:
        """A new, empty index with this one's threshold and bands, built at no cost."""
        return NearDuplicateIndex(self.threshold, self.bands)

    def _band_keys(self, values: np.ndarray) -> list[int]:
        b, r = self.bands
        return [hash(values[i * r : (i + 1) * r].tobytes()) for i in range(b)]

    def add_rows(self, rows: Iterable[tuple[int, str, bytes | None]]) -> None:
        for seq, doc_id, blob in rows:
            self.last_seq = max(self.last_seq, seq)
            if blob is None or doc_id in self._known:
                continue
            values = np.frombuffer(blob, dtype=np.uint32)
            if self._count == len(self._signatures):  # grow by half: amortised appends
                grown = np.empty((max(1024, self._count * 3 // 2), NUM_PERM), dtype=np.uint32)
                grown[: self._count] = self._signatures[: self._count]
                self._signatures = grown
            row = self._count
            self._signatures[row] = values
            self._count += 1
            self._seqs.append(seq)
            self._ids.append(doc_id)
            self._known.add(doc_id)
            for table, key in zip(self._tables, self._band_keys(values)):
                held = table.get(key)
                if held is None:
                    table[key] = row
                elif isinstance(held, int):
                    table[key] = [held, row]
                else:
                    held.append(row)

    def best_match(self, blob: bytes | None) -> str | None:
        """The most similar stored document at or above the threshold, oldest first on ties."""
        ranked = self.ranked_match(blob)
        return ranked[2] if ranked else None

    def ranked_match(self, blob: bytes | None) -> tuple[float, int, str] | None:
        """(minus similarity, seq, id) of the best match: the smallest tuple wins."""
        if blob is None or not self._count:
            return None
        probe = np.frombuffer(blob, dtype=np.uint32)
        candidates: set[int] = set()
        for table, key in zip(self._tables, self._band_keys(probe)):
            held = table.get(key)
            if held is None:
                continue
            if isinstance(held, int):
                candidates.add(held)
            else:
                candidates.update(held)
        scored = []
        for row in candidates:
            # MinHash.jaccard's own formula: the share of equal hash values
            similarity = int(np.count_nonzero(self._signatures[row] == probe)) / NUM_PERM
            if similarity >= self.threshold:
                scored.append((-similarity, self._seqs[row], self._ids[row]))
        return min(scored) if scored else None


def nearest(blob: bytes | None, *indexes: NearDuplicateIndex) -> str | None:
    """The best match over several indexes (the stored documents, and a batch being written)."""
    ranked = [r for r in (index.ranked_match(blob) for index in indexes) if r is not None]
    return min(ranked)[2] if ranked else None
