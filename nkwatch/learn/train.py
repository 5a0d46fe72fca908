"""Train the learned stage on the annotated corpus and measure it on folds it never trained on.

    python -m nkwatch.learn.train        (`make train`)

All seeded: the same corpus gives the same model file, byte for byte.
1. The rules run over every document; each sentence gets its features and, from the gold
   evidence, the event types it reports.
2. Five folds by document group (publisher and year; docs/model.md). The sentence model of each
   fold is trained on the other four, giving every sentence an out-of-fold probability per type.
3. With those probabilities, extraction proposes events at a low threshold (recall); each merged
   event is labelled real when the scorer pairs it with a gold event of its type.
4. The event model of each fold is trained on the other folds' events; each type's threshold is
   the one that maximises that type's F1 on the other folds; calibration (isotonic) is fitted on
   the other folds. The fold is then extracted end to end and scored: the mean over folds is the
   estimate, beside the rules alone on the same folds.
5. The shipped model: both models trained on every document, thresholds and calibration from
   all out-of-fold predictions.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from collections import Counter, defaultdict
from functools import lru_cache
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from nkwatch.extract.attach import Attacher, Candidate
from nkwatch.extract.pipeline import analyse
from nkwatch.extract.state import DocState
from nkwatch.learn.corpus import Example, load_corpus, sentence_labels
from nkwatch.learn.features import date_options, event_features, sentence_features
from nkwatch.learn.model import MODEL_FILE, Calibration, LearnedModel, LinearModel, to_bytes
from nkwatch.learn.stage import RULES_ONLY, Stage, choose_dates, judge_with, propose_with
from nkwatch.packs import Pack, load_pack
from nkwatch.packs.lexicons import EVENT_TYPES

TYPES = EVENT_TYPES  # the contract's, as the pack schema lists them
PROPOSE = 0.05  # sentence probability from which an event is proposed: recall first (tried 0.02-0.12)
GRID = tuple(round(0.05 * i, 2) for i in range(2, 17))  # judging thresholds tried, 0.10-0.80
FOLDS = 5
C_SENTENCES = 2.0  # inverse L2 strength of the logistic regressions (tried 0.5-8 on the folds)
C_EVENTS = 0.3  # (tried 0.1-1)
C_DATES = 1.0
MIN_COUNT = 2  # a feature seen once in training carries no weight
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Prepared:
    example: Example
    features: list[list[str]]
    labels: list[set[str]]


def prepare(examples: Sequence[Example], pack: Pack) -> list[Prepared]:
    out = []
    for ex in examples:
        seen: dict[str, Any] = {"features": [], "spans": []}

        def record(state: DocState, attacher: Attacher, candidates: list[Candidate],
                   seen: dict[str, Any] = seen) -> list[Candidate]:
            seen["features"] = sentence_features(state, attacher, candidates)
            seen["spans"] = [(s.start, s.end) for s in state.sentences]
            return candidates

        analyse(ex.document, pack, Stage(record, RULES_ONLY.judge))
        out.append(Prepared(ex, seen["features"], sentence_labels(seen["spans"], ex.gold)))
    return out


def fit(rows: Sequence[list[str]], labels: Sequence[set[str]], outputs: Sequence[str],
        c: float) -> LinearModel:
    """One L2 logistic regression per output over binary features."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    counts = Counter(f for feats in rows for f in feats)
    vocabulary = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= MIN_COUNT))}
    indptr, indices = [0], []
    for feats in rows:
        indices += [vocabulary[f] for f in feats if f in vocabulary]
        indptr.append(len(indices))
    x = csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(rows), len(vocabulary)))
    bias, columns = [], []
    for output in outputs:
        y = np.array([output in found for found in labels], dtype=int)
        if y.sum() in (0, len(y)):
            bias.append(-10.0 if y.sum() == 0 else 10.0)
            columns.append(np.zeros(len(vocabulary)))
            continue
        clf = LogisticRegression(C=c, solver="liblinear", random_state=0, max_iter=1000)
        clf.fit(x, y)
        bias.append(float(clf.intercept_[0]))
        columns.append(clf.coef_[0])
    weights = {}
    for f, i in vocabulary.items():
        row = tuple(float(col[i]) for col in columns)
        if max((abs(w) for w in row), default=0.0) >= 1e-4:
            weights[f] = row
    return LinearModel(tuple(outputs), tuple(bias), weights)


def fit_sentences(rows: Sequence[Prepared]) -> LinearModel:
    return fit([f for r in rows for f in r.features], [lab for r in rows for lab in r.labels],
               TYPES, C_SENTENCES)


# -- extracting with given models ------------------------------------------------------------

@dataclass
class Proposed:
    """Events proposed for one document (pre-judging) with their features."""

    doc_id: str
    events: list[dict[str, Any]]
    features: list[list[str]]


def _proposer(probabilities: list[dict[str, float]], sentences: LinearModel) -> Callable[
        [DocState, Attacher, list[Candidate]], list[Candidate]]:
    """The learned stage's `propose` with one document's (out-of-fold) sentence probabilities."""
    def propose(state: DocState, attacher: Attacher, cands: list[Candidate]) -> list[Candidate]:
        return propose_with(state, attacher, cands, probabilities, PROPOSE, sentences.strongest)

    return propose


def propose_all(rows: Sequence[Prepared], pack: Pack, probs: dict[str, list[dict[str, float]]],
                sentences: LinearModel) -> list[Proposed]:
    out = []
    for r in rows:
        doc = r.example.document
        sink: list[list[str]] = []

        def capture(state: DocState, merged: list[Candidate], sink: list[list[str]] = sink) -> list[Candidate]:
            sink.extend(event_features(state, merged))
            return merged

        stage = Stage(_proposer(probs[doc.id], sentences), capture)
        events = [e.as_json() for e in analyse(doc, pack, stage).events]
        out.append(Proposed(doc.id, events, sink))
    return out


Judge = tuple[LinearModel, dict[str, float], Calibration, "LinearModel | None"]


def extract_judged(rows: Sequence[Prepared], pack: Pack, probs: dict[str, list[dict[str, float]]],
                   sentences: LinearModel, judges: Callable[[str], Judge],
                   options: dict[str, list[Any]] | None = None) -> list[dict[str, Any]]:
    """Extraction end to end with given models; `options`, when given, receives per document
    the date options of each event (None for plans), in the order of the events."""
    out = []
    for r in rows:
        doc = r.example.document
        events_model, thresholds, calibrate, dates = judges(doc.id)
        seen: list[Any] = []

        def judge(state: DocState, merged: list[Candidate], m: LinearModel = events_model,
                  th: dict[str, float] = thresholds, cal: Calibration = calibrate,
                  dm: LinearModel | None = dates, seen: list[Any] = seen) -> list[Candidate]:
            kept = judge_with(merged, [m.probability(f) for f in event_features(state, merged)], th, cal)
            starts = [d.start for d in state.dates]
            seen.extend(None if c.type == "plan" else date_options(state, c, starts) for c in kept)
            if dm is not None:
                choose_dates(state, kept, dm.probability)
            return kept

        for event in analyse(doc, pack, Stage(_proposer(probs[doc.id], sentences), judge)).events:
            out.append(event.as_json() | {"confidence": event.confidence})
        if options is not None:
            options[doc.id] = seen
    return out


def date_examples(gold: dict[str, list[dict[str, Any]]], learned: Sequence[dict[str, Any]],
                  options: dict[str, list[Any]], ids: set[str]) -> tuple[list[list[str]], list[set[str]]]:
    """Each option of each event the scorer pairs with a dated gold event, labelled right when
    its value agrees with the gold date at the gold's precision."""
    module = scorer()
    by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in learned:
        by_doc[e["doc_id"]].append(e)
    feats: list[list[str]] = []
    labels: list[set[str]] = []
    for doc_id in sorted(ids):
        events = by_doc.get(doc_id, [])
        paired = {id(p): g for g, p in (module.pair(gold.get(doc_id, []), events) if module else [])}
        for event, opts in zip(events, options.get(doc_id, [])):
            g = paired.get(id(event))
            if opts is None or g is None or not g.get("date"):
                continue
            for value, f in opts:
                ok = bool(value) and module is not None and module.date_match(g["date"], value)
                feats.append(f)
                labels.append({"right"} if ok else set())
    return feats, labels


def extract_rules(rows: Sequence[Prepared], pack: Pack) -> list[dict[str, Any]]:
    return [e.as_json() for r in rows for e in analyse(r.example.document, pack, RULES_ONLY).events]


# -- scoring -------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def scorer() -> ModuleType | None:
    """The shared scorer (../shared/eval/score.py) where it is, so numbers are the yardstick's;
    loaded once (it is asked for every document)."""
    path = ROOT.parent / "shared" / "eval" / "score.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location("nkwatch_shared_score", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score(gold: Sequence[Example], pred: Sequence[dict[str, Any]], ids: set[str]) -> dict[str, Any]:
    module = scorer()
    gold_rows = [{"doc_id": e.document.id, "events": e.gold} for e in gold if e.document.id in ids]
    pred_rows = [p for p in pred if p["doc_id"] in ids]
    if module is not None:
        result: dict[str, Any] = module.score(gold_rows, pred_rows)
        result.pop("per_doc", None)
        return result
    return _count_score(gold_rows, pred_rows)


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0, "tp": tp, "pred": n_pred, "gold": n_gold}


def _count_score(gold_rows: list[dict[str, Any]], pred_rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Type F1 by counts (pairing by type alone is one to one): where shared/ is absent."""
    gold = Counter((g["doc_id"], e["type"]) for g in gold_rows for e in g["events"])
    pred = Counter((p["doc_id"], p["type"]) for p in pred_rows)
    by_type: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for key in gold.keys() | pred.keys():
        by_type[key[1]][0] += min(gold[key], pred[key])
        by_type[key[1]][1] += pred[key]
        by_type[key[1]][2] += gold[key]
    total = [sum(v[i] for v in by_type.values()) for i in range(3)]
    return {"type": _prf(*total), "strict": _prf(*total), "attributes": {},
            "by_type": {t: _prf(*v) for t, v in sorted(by_type.items())}}


def correct_flags(gold: dict[str, list[dict[str, Any]]], doc_id: str, events: list[dict[str, Any]]) -> list[bool]:
    """For each event of a document, whether the scorer pairs it with a gold event of its type."""
    module = scorer()
    if module is not None:
        paired = {id(p) for _, p in module.pair(gold.get(doc_id, []), events)}
        return [id(e) in paired for e in events]
    left = Counter(e["type"] for e in gold.get(doc_id, []))
    flags = []
    for e in events:
        flags.append(left[e["type"]] > 0)
        left[e["type"]] -= 1
    return flags


def isotonic(points: Sequence[tuple[float, bool]]) -> Calibration:
    from sklearn.isotonic import IsotonicRegression

    if len(points) < 10:
        return Calibration()
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip", increasing=True)
    iso.fit([p for p, _ in points], [1.0 if ok else 0.0 for _, ok in points])
    return Calibration(tuple(round(float(x), 6) for x in iso.X_thresholds_),
                       tuple(round(float(y), 6) for y in iso.y_thresholds_))


def reliability(points: Sequence[tuple[float, bool]], bins: int = 10) -> tuple[float, list[dict[str, Any]]]:
    """Expected calibration error and the table behind it (equal-width bins)."""
    table, ece = [], 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [(p, ok) for p, ok in points if lo <= p < hi or (b == bins - 1 and p == 1.0)]
        if not inside:
            continue
        confidence = sum(p for p, _ in inside) / len(inside)
        accuracy = sum(ok for _, ok in inside) / len(inside)
        ece += len(inside) / len(points) * abs(confidence - accuracy)
        table.append({"bin": f"{lo:.1f}-{hi:.1f}", "events": len(inside),
                      "confidence": round(confidence, 3), "accuracy": round(accuracy, 3)})
    return round(ece, 4), table


def best_thresholds(proposed: Sequence[Proposed], p2: dict[str, list[float]],
                    gold: dict[str, list[dict[str, Any]]], ids: set[str]) -> dict[str, float]:
    """Per type, the judging threshold with the best type F1 over documents `ids` (by counts:
    pairing by type alone is one to one)."""
    chosen = {}
    for t in TYPES:
        def f1(threshold: float) -> float:
            tp = n_pred = n_gold = 0
            for prop in proposed:
                if prop.doc_id not in ids:
                    continue
                kept = sum(1 for e, p in zip(prop.events, p2[prop.doc_id]) if e["type"] == t and p >= threshold)
                n_gold_here = sum(1 for g in gold.get(prop.doc_id, []) if g["type"] == t)
                tp += min(kept, n_gold_here)
                n_pred += kept
                n_gold += n_gold_here
            return 2 * tp / (n_pred + n_gold) if n_pred + n_gold else 0.0

        chosen[t] = max(GRID, key=lambda g: (round(f1(g), 6), -abs(g - 0.5)))
    return chosen


def fold_of(rows: Sequence[Prepared]) -> dict[str, int]:
    """Documents to folds by group (publisher and year), groups dealt largest first."""
    sizes = Counter(r.example.group for r in rows)
    load = [0] * FOLDS
    assignment: dict[str, int] = {}
    for group, n in sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0])):
        k = min(range(FOLDS), key=lambda i: (load[i], i))
        assignment[group] = k
        load[k] += n
    return {r.example.document.id: assignment[r.example.group] for r in rows}


def train(examples: Sequence[Example], pack: Pack, log: Callable[[str], None] = print) -> tuple[LearnedModel, dict[str, Any]]:
    started = time.monotonic()
    rows = prepare(examples, pack)
    gold = {e.document.id: e.gold for e in examples}
    log(f"{len(rows)} documents, {sum(len(r.features) for r in rows)} sentences, "
        f"{sum(len(r.example.gold) for r in rows)} gold events")
    folds = fold_of(rows)
    every = set(folds)
    ids_in = [{d for d, k in folds.items() if k == fold} for fold in range(FOLDS)]
    oof: dict[str, list[dict[str, float]]] = {}
    for fold in range(FOLDS):
        fold_sentences = fit_sentences([r for r in rows if folds[r.example.document.id] != fold])
        for r in rows:
            if folds[r.example.document.id] == fold:
                oof[r.example.document.id] = [fold_sentences.probabilities(f) for f in r.features]
    sentences = fit_sentences(rows)
    proposed = propose_all(rows, pack, oof, sentences)
    labels = {p.doc_id: correct_flags(gold, p.doc_id, p.events) for p in proposed}
    log(f"proposed {sum(len(p.events) for p in proposed)} events, "
        f"{sum(sum(v) for v in labels.values())} of them paired with gold")

    def fit_events(ids: set[str]) -> LinearModel:
        feats = [f for p in proposed if p.doc_id in ids for f in p.features]
        found = [{"real"} if ok else set() for p in proposed if p.doc_id in ids for ok in labels[p.doc_id]]
        return fit(feats, found, ("real",), C_EVENTS)

    p2: dict[str, list[float]] = {}
    judges = []
    for fold in range(FOLDS):
        fold_events = fit_events(every - ids_in[fold])
        for p in proposed:
            if p.doc_id in ids_in[fold]:
                p2[p.doc_id] = [fold_events.probability(f) for f in p.features]
        judges.append(fold_events)
    judged: list[Judge] = []
    for fold in range(FOLDS):
        others = every - ids_in[fold]
        thresholds = best_thresholds(proposed, p2, gold, others)
        points = [(pr, ok) for p in proposed if p.doc_id in others
                  for pr, ok in zip(p2[p.doc_id], labels[p.doc_id])]
        judged.append((judges[fold], thresholds, isotonic(points), None))
    options: dict[str, list[Any]] = {}
    undated = extract_judged(rows, pack, oof, sentences, lambda d: judged[folds[d]], options)
    dated = []
    for fold, (m, th, cal, _) in enumerate(judged):
        feats, found = date_examples(gold, undated, options, every - ids_in[fold])
        dated.append((m, th, cal, fit(feats, found, ("right",), C_DATES) if feats else None))
    learned = extract_judged(rows, pack, oof, sentences, lambda d: dated[folds[d]])
    log(f"dates: rules' {_summary(score(examples, undated, every))['date']} -> "
        f"learned {_summary(score(examples, learned, every))['date']} (pooled, paired events)")
    rules = extract_rules(rows, pack)
    confidences: list[tuple[float, bool]] = []
    by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in learned:
        by_doc[e["doc_id"]].append(e)
    for doc_id, events in by_doc.items():
        confidences += [(e["confidence"], ok) for e, ok in zip(events, correct_flags(gold, doc_id, events))]
    ece, table = reliability(confidences)
    report: dict[str, Any] = {
        "documents": len(rows), "groups": len({r.example.group for r in rows}),
        "gold_events": sum(len(r.example.gold) for r in rows),
        "folds": [{"documents": len(ids_in[k]), "thresholds": judged[k][1],
                   "learned": _summary(score(examples, learned, ids_in[k])),
                   "rules": _summary(score(examples, rules, ids_in[k]))} for k in range(FOLDS)],
        "pooled": {"learned": score(examples, learned, every), "rules": score(examples, rules, every)},
        "calibration": {"ece": ece, "table": table, "events": len(confidences)},
    }
    report["mean"] = {side: _mean([f[side] for f in report["folds"]]) for side in ("learned", "rules")}
    all_points = [(pr, ok) for p in proposed for pr, ok in zip(p2[p.doc_id], labels[p.doc_id])]
    events_model = fit_events(every)
    feats, found = date_examples(gold, undated, options, every)
    model = LearnedModel(sentences, events_model, PROPOSE, best_thresholds(proposed, p2, gold, every),
                         isotonic(all_points), dates=fit(feats, found, ("right",), C_DATES) if feats else None,
                         meta=
                         {"documents": len(rows), "folds": FOLDS, "C_sentences": C_SENTENCES,
                          "C_events": C_EVENTS, "min_count": MIN_COUNT,
                          "sentence_features": len(sentences.weights), "event_features": len(events_model.weights)})
    log(f"trained in {time.monotonic() - started:.0f} s")
    return model, report


def _summary(result: dict[str, Any]) -> dict[str, Any]:
    attrs = result.get("attributes", {})
    return {"type_f1": result["type"]["f1"], "strict_f1": result["strict"]["f1"],
            **{k: (attrs.get(k) or {}).get("accuracy") for k in ("date", "place", "sector")},
            "by_type": {t: v["f1"] for t, v in result["by_type"].items()}}


def _mean(rows: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in ("type_f1", "strict_f1", "date", "place", "sector"):
        values = [r[key] for r in rows if r.get(key) is not None]
        out[key] = round(sum(values) / len(values), 4) if values else None
    types = sorted({t for r in rows for t in r["by_type"]})
    out["by_type"] = {t: round(sum(r["by_type"].get(t, 0.0) for r in rows) / len(rows), 4) for t in types}
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT / "eval" / "corpus")
    parser.add_argument("--texts", type=Path, default=ROOT / ".eval" / "corpus" / "docs.jsonl")
    parser.add_argument("--model", type=Path, default=MODEL_FILE)
    parser.add_argument("--report", type=Path, default=ROOT / "eval" / "corpus" / "scores.json")
    parser.add_argument("--card", type=Path, default=ROOT / "docs" / "model.md")
    args = parser.parse_args(argv)
    if not args.texts.exists():
        print(f"no corpus texts at {args.texts}: docs/corpus.md says how to fetch them", file=sys.stderr)
        return 2
    examples = load_corpus(args.corpus / "index.jsonl", args.corpus / "gold.jsonl", args.texts)
    model, report = train(examples, load_pack())
    raw = to_bytes(model)
    args.model.write_bytes(raw)
    args.report.write_text(json.dumps(report, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    import hashlib

    from nkwatch.learn.card import render

    args.card.write_text(render(model, report, hashlib.sha256(raw).hexdigest()), encoding="utf-8")
    mean = report["mean"]
    print(f"unseen folds, mean of {FOLDS}: learned type F1 {mean['learned']['type_f1']:.3f} "
          f"strict {mean['learned']['strict_f1']:.3f} | rules type F1 {mean['rules']['type_f1']:.3f} "
          f"strict {mean['rules']['strict_f1']:.3f} | ECE {report['calibration']['ece']:.3f}")
    print(f"model: {args.model} ({args.model.stat().st_size / 1e6:.1f} MB), report: {args.report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
