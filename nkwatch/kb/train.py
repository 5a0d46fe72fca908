"""Fit the merger's weights on the corpus's gold clusters; score on dev, which it never sees.

    python -m nkwatch.kb.train          # part of `make train`

Pairs come from the merger's own blocking over the corpus's gold events (eval/corpus/gold.jsonl;
texts in .eval/corpus/docs.jsonl); a pair is positive when eval/corpus/clusters.jsonl puts both
events in one cluster. A logistic regression (scikit-learn, liblinear, seed 0) fits the weights;
the joining threshold is the one that maximises the mean of B-cubed and pairwise F1 of the
clustering on the corpus. Then the dev set (../shared/eval/dev) is merged and scored with the
shared scorer: the honest estimate, since neither weights nor threshold saw it. Writes
nkwatch/kb/merge_weights.json, eval/corpus/merge_scores.json and docs/merging.md.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from nkwatch.kb.contract import reports_of
from nkwatch.kb.merge import (FEATURES, WEIGHTS_FILE, Report, Weights, candidate_pairs, conflicts,
                              features, merge_reports)
from nkwatch.packs import load_pack

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "eval" / "corpus"
SHARED = ROOT.parent / "shared" / "eval"
SCORES = CORPUS / "merge_scores.json"
CARD = ROOT / "docs" / "merging.md"


def read(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def _scorer() -> Any:
    spec = importlib.util.spec_from_file_location("nkwatch_cluster_score", SHARED / "cluster_score.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def score(reports: list[Report], clusters: list[int], gold: dict[tuple[str, int], str]) -> dict[str, float]:
    module = _scorer()
    pred = {r.key: str(c) for r, c in zip(reports, clusters)}
    want = {r.key: gold.get(r.key, f"single-{r.key}") for r in reports}
    b = module.bcubed(want, pred)
    p = module.pairwise(want, pred)
    return {"bcubed_f1": round(b[2], 4), "bcubed_p": round(b[0], 4), "bcubed_r": round(b[1], 4),
            "pairwise_f1": round(p[2], 4), "pairwise_p": round(p[0], 4), "pairwise_r": round(p[1], 4),
            "events": len(reports), "clusters": len(set(clusters))}


def load(gold_path: Path, docs_path: Path, clusters_path: Path) -> tuple[list[Report], dict[tuple[str, int], str]]:
    pack = load_pack()
    docs = {str(d["id"]): d for d in read(docs_path)}
    reports = reports_of(read(gold_path), docs, pack)
    gold = {(str(c["doc_id"]), int(c["index"])): str(c["cluster"]) for c in read(clusters_path)}
    return reports, gold


def fit(reports: list[Report], gold: dict[tuple[str, int], str]) -> tuple[Weights, dict[str, Any]]:
    from sklearn.linear_model import LogisticRegression

    rows, labels = [], []
    for i, j in candidate_pairs(reports):
        f = features(reports[i], reports[j])
        if conflicts(f):
            continue
        rows.append([f.get(name, 0.0) for name in FEATURES])
        labels.append(int(gold.get(reports[i].key) == gold.get(reports[j].key) is not None))
    if sum(labels) < 10:
        raise SystemExit("too few positive pairs in the corpus clusters to fit the merger")
    model = LogisticRegression(C=1.0, solver="liblinear", random_state=0, fit_intercept=False)
    model.fit(rows, labels)
    weights = {name: round(float(w), 4) for name, w in zip(FEATURES, model.coef_[0]) if abs(w) > 1e-6}
    best: tuple[float, float] = (-1.0, 0.5)
    for step in range(20, 81, 2):
        threshold = step / 100
        found = score(reports, merge_reports(reports, Weights(weights, threshold)).clusters, gold)
        quality = (found["bcubed_f1"] + found["pairwise_f1"]) / 2
        if quality > best[0]:
            best = (quality, threshold)
    stats = {"pairs": len(labels), "positive_pairs": sum(labels)}
    return Weights(weights, best[1], f"corpus clusters, {date.today().isoformat()}"), stats


def cross_validated(reports: list[Report], gold: dict[tuple[str, int], str], k: int = 5
                    ) -> dict[str, float]:
    """Mean over k folds of (type, year) blocks: pairs never cross a block, so a fold's events
    are merged with weights and threshold fitted on the other folds only."""
    blocks = sorted({(r.type, (r.date or r.published or "")[:4]) for r in reports})
    fold_of = {b: n % k for n, b in enumerate(sorted(blocks, key=lambda b: hash_key(b)))}
    found = []
    for fold in range(k):
        test = [r for r in reports if fold_of[(r.type, (r.date or r.published or "")[:4])] == fold]
        train = [r for r in reports if fold_of[(r.type, (r.date or r.published or "")[:4])] != fold]
        weights, _ = fit(train, gold)
        found.append(score(test, merge_reports(test, weights).clusters, gold))
    return {key: round(sum(f[key] for f in found) / k, 4) for key in ("bcubed_f1", "pairwise_f1",
                                                                     "pairwise_p", "pairwise_r")}


def hash_key(block: tuple[str, str]) -> str:
    import hashlib

    return hashlib.sha256("|".join(block).encode()).hexdigest()


def main() -> int:
    reports, gold = load(CORPUS / "gold.jsonl", ROOT / ".eval" / "corpus" / "docs.jsonl",
                         CORPUS / "clusters.jsonl")
    folds = cross_validated(reports, gold)
    weights, stats = fit(reports, gold)
    corpus = score(reports, merge_reports(reports, weights).clusters, gold)
    dev_reports, dev_gold = load(SHARED / "dev" / "gold.jsonl", ROOT / ".eval" / "dev.docs.jsonl",
                                 SHARED / "dev" / "clusters.jsonl")
    dev = score(dev_reports, merge_reports(dev_reports, weights).clusters, dev_gold)
    baselines = {
        "singletons": score(dev_reports, list(range(len(dev_reports))), dev_gold),
        "type_month_place": score(dev_reports, _type_month_place(dev_reports), dev_gold),
    }
    WEIGHTS_FILE.write_text(json.dumps({"weights": weights.weights, "threshold": weights.threshold,
                                        "trained": weights.trained}, indent=1, sort_keys=True) + "\n",
                            encoding="utf-8")
    report = {"corpus_in_sample": corpus, "corpus_folds": folds, "dev_held_out": dev,
              "dev_baselines": baselines,
              "threshold": weights.threshold, **stats}
    SCORES.write_text(json.dumps(report, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    CARD.write_text(_card(report, weights), encoding="utf-8")
    print(f"merger: dev B-cubed F1 {dev['bcubed_f1']:.3f}, pairwise F1 {dev['pairwise_f1']:.3f}; "
          f"corpus folds {folds['bcubed_f1']:.3f} / {folds['pairwise_f1']:.3f} "
          f"(in sample {corpus['bcubed_f1']:.3f} / {corpus['pairwise_f1']:.3f}); "
          f"weights {WEIGHTS_FILE.relative_to(ROOT)}")
    return 0


def _type_month_place(reports: list[Report]) -> list[int]:
    groups: dict[tuple[str, str, str], int] = {}
    out = []
    for n, r in enumerate(reports):
        place = r.place or {}
        key = (r.type, (r.date or "")[:7], str(place.get("county") or place.get("province") or ""))
        out.append(groups.setdefault(key, n))
    return out


def _card(report: dict[str, Any], weights: Weights) -> str:
    dev, corpus, base = report["dev_held_out"], report["corpus_in_sample"], report["dev_baselines"]
    folds = report["corpus_folds"]
    rows = "\n".join(f"| `{k}` | {v:+.2f} |" for k, v in sorted(weights.weights.items(), key=lambda kv: -abs(kv[1])))
    return f"""# Merging events across documents

Written by `make train` (`nkwatch/kb/train.py`) on {date.today().isoformat()}; weights in
`nkwatch/kb/merge_weights.json`. The merger itself is `nkwatch/kb/merge.py`; `nkwatch merge`
runs it on files (the contract in `../shared/eval/SCHEMA.md`).

## How it decides
1. **Blocking.** Only reports of one type whose dates can be the same day are compared: dates
   are intervals at their precision (2024-02 is all February) with two days' slack, swept in date
   order; a report dated only to its year is compared with its type's reports of that year that
   share a place, a record or a facility word. No all-pairs pass.
2. **A pair's score.** A logistic model over what the two reports state: same day / dates that
   agree at their precision / dates far apart, same county / province / places that differ, the
   same pack record (facility or system, resolved from the facility string with its place and year)
   or different ones, facility words in common, partners, quantities, the leader's presence, the
   cosine of the two evidence sentences' content words, same publisher.
3. **Conflicts veto.** Two different records, two different places, dates days apart or
   different partners never join, whatever else agrees.
4. **Clusters.** Pairs are taken best first; two clusters join when the mean probability of every
   pair across them reaches the threshold ({weights.threshold:.2f}) and no pair across them is
   vetoed. Reports of one document never share a cluster. Each join keeps its probability and
   reasons ("same day; same county; sentences alike (0.41)"), which `nkwatch events show` prints.

## Data
Fitted on the annotated corpus's gold clusters (`eval/corpus/clusters.jsonl`: which of its
{corpus['events']} gold events are one real-world event, labelled by annotators who never saw
the merger; `scripts/corpus_clusters.py`): {report['pairs']} blocked pairs, {report['positive_pairs']}
of them one event. The dev set was not used for fitting or for the threshold.

## Scores
| | B-cubed F1 | pairwise F1 | pairwise P / R | clusters / events |
|---|---|---|---|---|
| **dev (held out)** | **{dev['bcubed_f1']:.3f}** | **{dev['pairwise_f1']:.3f}** | {dev['pairwise_p']:.3f} / {dev['pairwise_r']:.3f} | {dev['clusters']} / {dev['events']} |
| dev, every event alone | {base['singletons']['bcubed_f1']:.3f} | {base['singletons']['pairwise_f1']:.3f} | | |
| dev, grouped by type, month and place | {base['type_month_place']['bcubed_f1']:.3f} | {base['type_month_place']['pairwise_f1']:.3f} | {base['type_month_place']['pairwise_p']:.3f} / {base['type_month_place']['pairwise_r']:.3f} | |
| corpus, 5 folds of (type, year) blocks, each merged with weights fitted on the others (mean) | {folds['bcubed_f1']:.3f} | {folds['pairwise_f1']:.3f} | {folds['pairwise_p']:.3f} / {folds['pairwise_r']:.3f} | |
| corpus (in sample: fitted on it) | {corpus['bcubed_f1']:.3f} | {corpus['pairwise_f1']:.3f} | {corpus['pairwise_p']:.3f} / {corpus['pairwise_r']:.3f} | {corpus['clusters']} / {corpus['events']} |

## Weights
| feature | weight |
|---|---|
{rows}
"""


if __name__ == "__main__":
    sys.exit(main())
