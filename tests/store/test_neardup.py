"""The compact near-duplicate index answers as datasketch's MinHashLSH would, in less memory.
Texts are SYNTHETIC: shuffles of our own sentences, some edited copies of others."""

from __future__ import annotations

import random

import numpy as np
from datasketch import MinHash, MinHashLSH

from nkwatch.store import neardup

SENTENCES = [f"[SYNTHETIC] Sentence {i} tells of the {w} works in an invented county." for i, w in
             enumerate("textile shoe cement steel glass paper tile brick timber food".split())]


def texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out: list[str] = []
    for _ in range(n):
        if out and rng.random() < 0.4:  # an edited copy of an earlier text
            words = rng.choice(out).split()
            for _ in range(rng.randint(0, 6)):
                words[rng.randrange(len(words))] = rng.choice(["new", "old", "large", "ten"])
            out.append(" ".join(words))
        else:
            out.append(" ".join(rng.sample(SENTENCES, 6)))
    return out


def datasketch_best(lsh: MinHashLSH, stored: dict[str, tuple[int, bytes]], blob: bytes,
                    threshold: float) -> str | None:
    probe = neardup_minhash(blob)
    scored = []
    for doc_id in lsh.query(probe):
        seq, other = stored[doc_id]
        similarity = probe.jaccard(neardup_minhash(other))
        if similarity >= threshold:
            scored.append((-similarity, seq, doc_id))
    return min(scored)[2] if scored else None


def neardup_minhash(blob: bytes) -> MinHash:
    return MinHash(seed=neardup.SEED, hashvalues=np.frombuffer(blob, dtype=np.uint32),
                   permutations=neardup._PERMUTATIONS, scheme=neardup.SCHEME)


def test_same_answers_as_datasketch():
    threshold = 0.8
    ours = neardup.NearDuplicateIndex(threshold)
    theirs = MinHashLSH(threshold=threshold, num_perm=neardup.NUM_PERM)
    assert ours.bands == (theirs.b, theirs.r)
    stored: dict[str, tuple[int, bytes]] = {}
    found = 0
    for seq, text in enumerate(texts(400, seed=3), start=1):
        blob = neardup.signature(text)
        assert blob is not None
        expected = datasketch_best(theirs, stored, blob, threshold)
        assert ours.best_match(blob) == expected
        found += expected is not None
        doc_id = f"doc{seq}"
        if doc_id not in stored:
            stored[doc_id] = (seq, blob)
            theirs.insert(doc_id, neardup_minhash(blob))
        ours.add_rows([(seq, doc_id, blob)])
    assert found > 20  # the edited copies were found
    assert ours.last_seq == 400


def test_no_signature_and_empty_index():
    index = neardup.NearDuplicateIndex(0.8)
    assert index.best_match(None) is None
    assert index.best_match(neardup.signature("[SYNTHETIC] some words here and there ok")) is None
    index.add_rows([(5, "a", None)])
    assert index.last_seq == 5 and index.best_match(None) is None


def test_the_batch_index_shares_the_bands_and_the_best_of_two_wins():
    text = "[SYNTHETIC] " + " ".join(SENTENCES)
    older = neardup.NearDuplicateIndex(0.8)
    newer = older.empty_like()
    assert newer.bands == older.bands
    blob = neardup.signature(text)
    edited = neardup.signature(text.replace("textile", "silk"))
    older.add_rows([(1, "first", edited)])
    newer.add_rows([(2, "second", blob)])
    assert neardup.nearest(blob, older, newer) == "second"  # identical beats similar
    assert neardup.nearest(None, older, newer) is None
