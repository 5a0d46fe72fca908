"""`make eval`: the extractor's scores on text it was not tuned on, beside the dev score.

- Unseen folds: the mean over the folds of the annotated corpus that the learned stage never
  trained on (written by `make train` to eval/corpus/scores.json; docs/model.md explains).
- Dev: the shared dev set (../shared/eval/dev), scored now with the shipped extractor. The rules
  were written against these documents, so this is not an estimate for unseen text.

The dev texts are third-party writing and never enter git: ../shared/eval/dev/README.md says how
to fetch them into .eval/dev.docs.jsonl (git-ignored).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "eval"
DOCS = ROOT / ".eval" / "dev.docs.jsonl"
PRED = ROOT / ".eval" / "dev.pred.jsonl"
SCORES = ROOT / "eval" / "corpus" / "scores.json"


def folds() -> None:
    if not SCORES.exists():
        print("no fold scores yet: `make train` writes eval/corpus/scores.json")
        return
    report = json.loads(SCORES.read_text(encoding="utf-8"))
    print(f"unseen folds ({len(report['folds'])} folds by publisher and year, "
          f"{report['documents']} documents, {report['gold_events']} gold events; mean over folds):")
    print(f"  {'':<22}{'type F1':>9}{'strict':>9}{'date':>8}{'place':>8}{'sector':>8}")
    for side, name in (("learned", "shipped extractor"), ("rules", "rules alone")):
        m = report["mean"][side]
        print(f"  {name:<22}{m['type_f1']:>9.3f}{m['strict_f1']:>9.3f}{m['date']:>8.3f}"
              f"{m['place']:>8.3f}{m['sector']:>8.3f}")
    print(f"  calibration error (ECE) of the confidence: {report['calibration']['ece']:.3f}")
    print("  by type (learned / rules):")
    learned, rules = report["mean"]["learned"]["by_type"], report["mean"]["rules"]["by_type"]
    for t in sorted(learned):
        print(f"    {t:<20}{learned[t]:.3f} / {rules.get(t, 0.0):.3f}")


def merging() -> None:
    path = ROOT / "eval" / "corpus" / "merge_scores.json"
    if not path.exists():
        print("no merge scores yet: `make train` writes eval/corpus/merge_scores.json")
        return
    report = json.loads(path.read_text(encoding="utf-8"))
    dev, corpus = report["dev_held_out"], report["corpus_in_sample"]
    print("\nmerging across documents (docs/merging.md; fitted on the corpus's gold clusters):")
    print(f"  dev (held out)        B-cubed F1 {dev['bcubed_f1']:.3f}  pairwise F1 {dev['pairwise_f1']:.3f}")
    for name, base in report["dev_baselines"].items():
        print(f"  dev, {name:<17} B-cubed F1 {base['bcubed_f1']:.3f}  pairwise F1 {base['pairwise_f1']:.3f}")
    folds = report.get("corpus_folds")
    if folds:
        print(f"  corpus, held-out folds B-cubed F1 {folds['bcubed_f1']:.3f}  pairwise F1 {folds['pairwise_f1']:.3f}")
    print(f"  corpus (in sample)    B-cubed F1 {corpus['bcubed_f1']:.3f}  pairwise F1 {corpus['pairwise_f1']:.3f}")


def dev() -> int:
    if not DOCS.exists():
        print(f"no local dev texts at {DOCS}.\n"
              f"Fetch them as {SHARED / 'dev' / 'README.md'} says: for each line of index.jsonl, "
              "search the stored pages with its `query`, keep the excerpt of its `url`, and write "
              "one JSON line per document {id, url, publisher, published, title: null, text}.")
        return 2
    from nkwatch.extract.contract import extract_file

    with DOCS.open(encoding="utf-8") as src, PRED.open("w", encoding="utf-8") as out:
        extract_file(src, out, errors=sys.stderr)
    print("\ndev set (the rules were tuned on it: not an estimate for unseen text):")
    cmd = [sys.executable, str(SHARED / "score.py"), str(SHARED / "dev" / "gold.jsonl"), str(PRED),
           "--docs", str(DOCS), *sys.argv[1:]]
    return subprocess.call(cmd)


if __name__ == "__main__":
    folds()
    merging()
    sys.exit(dev())
