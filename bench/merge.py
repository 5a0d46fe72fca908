"""Benchmark: merging events across documents, blocked, against all-pairs in the same run.

    .venv/bin/python bench/merge.py [--n 100000] [--seed 7]

Synthetic reports: each real-world event (type, day, county, facility) is told by 1-4
documents, with the date at day, month or year precision, and sentences drawn from a shared
vocabulary plus the event's own words. Prints reports/s and the B-cubed F1 against the planted
events for nkwatch's merger (blocking + average linkage) and, on a sample, for the peer: the same
pair model over every pair of the same type (no blocking), which is what blocking avoids.
A run that merged nothing, or scores below 0.8, fails loudly (exit 1) instead of printing a rate.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nkwatch.kb.merge import (Report, conflicts, content_words, features, merge_reports,  # noqa: E402
                              shipped_weights)
from nkwatch.packs import load_pack  # noqa: E402

TYPES = ("construction_start", "completion", "inspection", "weapons_test", "vessel_launch",
         "agreement", "meeting", "production", "exhibition", "plan")
VOCAB = ("ceremony factory workers production plan county province leader construction site "
         "modern built completed launched missile test destroyer hospital greenhouse flats "
         "delegation signed agreement meeting party committee exhibition opened record output "
         "quota power station mine steel cement fertilizer shipyard bridge railway housing").split()


def planted(n: int, rng: random.Random) -> tuple[list[Report], list[int]]:
    pack = load_pack()
    counties = [p for p in pack.places if p.parent]
    records = [f.id for f in pack.facilities]
    reports: list[Report] = []
    truth: list[int] = []
    event = 0
    doc = 0
    while len(reports) < n:
        kind = rng.choice(TYPES)
        day = date(2016, 1, 1) + timedelta(days=rng.randrange(3650))
        county = rng.choice(counties)
        record = rng.choice(records) if rng.random() < 0.6 else None
        own = rng.sample(VOCAB, 6) + [f"w{event}"]
        for _ in range(rng.choice((1, 1, 2, 2, 3, 4))):
            precision = rng.random()
            when = day.isoformat() if precision < 0.6 else day.isoformat()[:7] if precision < 0.9 else str(day.year)
            words = frozenset(content_words(" ".join(rng.sample(own, 5) + rng.sample(VOCAB, 5))))
            reports.append(Report(
                key=(f"d{doc}", 0), type=kind, date=when,
                place={"province": county.parent, "county": county.name} if rng.random() < 0.8 else None,
                facility=None, records=(("facility", record),) if record and rng.random() < 0.8 else (),
                leader=rng.random() < 0.5, words=words, publisher=f"p{rng.randrange(40)}"))
            truth.append(event)
            doc += 1
        event += 1
    return reports[:n], truth[:n]


def bcubed(truth: list[int], found: list[int]) -> float:
    from collections import defaultdict

    gold, pred = defaultdict(set), defaultdict(set)
    for i, (g, p) in enumerate(zip(truth, found)):
        gold[g].add(i)
        pred[p].add(i)
    precision = sum(len(gold[g] & pred[p]) / len(pred[p]) for g, p in zip(truth, found)) / len(truth)
    recall = sum(len(gold[g] & pred[p]) / len(gold[g]) for g, p in zip(truth, found)) / len(truth)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def all_pairs(reports: list[Report]) -> list[int]:
    """The peer: the same pair model on every same-type pair, joined by single linkage."""
    weights = shipped_weights()
    parent = list(range(len(reports)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(reports)):
        for j in range(i + 1, len(reports)):
            a, b = reports[i], reports[j]
            if a.type != b.type or a.doc == b.doc:
                continue
            f = features(a, b)
            if not conflicts(f) and weights.probability(f) >= weights.threshold:
                parent[root(j)] = root(i)
    return [root(i) for i in range(len(reports))]


def fail(message: str) -> SystemExit:
    return SystemExit(f"bench/merge.py FAILED: {message}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--sample", type=int, default=3_000, help="reports given to the all-pairs peer")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    reports, truth = planted(args.n, rng)
    print(f"{len(reports):,} reports of {len(set(truth)):,} planted events", flush=True)
    for label, fn, subset in (("nkwatch merge (blocked)", lambda r: merge_reports(r).clusters, reports),
                              ("nkwatch merge, same sample", lambda r: merge_reports(r).clusters,
                               reports[: args.sample]),
                              ("peer: all same-type pairs", all_pairs, reports[: args.sample])):
        start = time.perf_counter()
        found = fn(subset)
        secs = time.perf_counter() - start
        score = bcubed(truth[: len(subset)], found)
        if len(set(found)) == len(subset):
            raise fail(f"{label}: nothing merged")
        if score < 0.8 and not label.startswith("peer"):
            raise fail(f"{label}: B-cubed F1 {score:.3f} against the planted events")
        print(f"{label:<30} {len(subset):>8,} reports {secs:8.2f} s {len(subset) / secs:>10,.0f}/s"
              f"  B-cubed F1 {score:.3f}", flush=True)


if __name__ == "__main__":
    main()
