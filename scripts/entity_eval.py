"""Issue 14's measurements: how often events get the right record id.

    .venv/bin/python scripts/entity_eval.py

- The entity variant table (tests/resolve/entity_variants.yaml): right / wrong / abstain.
- Dev (../shared/eval/dev, texts in .eval/dev.docs.jsonl): of the gold events whose facility
  names a pack record (eval/dev_entities.jsonl, our annotation: which record each gold facility
  string names), the share whose paired extracted event (the shared scorer's pairing) links that
  record; and, as an upper bound on the resolver alone, the share whose gold facility string
  resolves to it with its document as context.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "eval"
sys.path.insert(0, str(ROOT))

from nkwatch.extract.pipeline import analyse  # noqa: E402
from nkwatch.model import Document  # noqa: E402
from nkwatch.packs import load_pack  # noqa: E402
from nkwatch.resolve.entities import EntityIndex  # noqa: E402


def scorer():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("shared_score", SHARED / "score.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def table(index: EntityIndex) -> None:
    rows = yaml.safe_load((ROOT / "tests" / "resolve" / "entity_variants.yaml").read_text())
    right = wrong = 0
    for row in rows:
        best = index.best(row["text"], row.get("context"))
        got = best.entity.id if best else None
        right += got == row["expected"]
        wrong += got is not None and got != row["expected"]
    n = len(rows)
    print(f"variant table: {n} rows: right {right / n:.1%}, wrong {wrong / n:.1%}, "
          f"abstain {(n - right - wrong) / n:.1%}")


def dev(index: EntityIndex) -> None:
    pack = load_pack()
    score = scorer()
    wanted = [json.loads(line) for line in (ROOT / "eval" / "dev_entities.jsonl").open()]
    wanted = {(w["doc_id"], w["index"]): w["entity"] for w in wanted if w["entity"]}
    gold = {g["doc_id"]: g["events"] for g in map(json.loads, (SHARED / "dev" / "gold.jsonl").open())}
    docs = {d["id"]: d for d in map(json.loads, (ROOT / ".eval" / "dev.docs.jsonl").open())}
    linked = resolved = paired = 0
    misses = []
    by_kind: dict[str, list[int]] = {}
    for doc_id, events in gold.items():
        d = docs[doc_id]
        state = analyse(Document(id=doc_id, text=d["text"], publisher=d["publisher"],
                                 published=d["published"]), pack)
        predicted = [e.as_json() | {"_links": e.links} for e in state.events]
        pairs = {id(g): p for g, p in score.pair(events, predicted)}
        for n, g in enumerate(events):
            want = wanted.get((doc_id, n))
            if want is None:
                continue
            best = index.best(g["facility"], d["text"][:2000])
            resolved += best is not None and best.entity.id == want
            p = pairs.get(id(g))
            if p is not None:
                paired += 1
            got = {v for k, v in (p or {}).get("_links", {}).items() if isinstance(v, str)}
            got |= {x for k, v in (p or {}).get("_links", {}).items() if isinstance(v, list) for x in v}
            kind = want.split("/")[0]
            by_kind.setdefault(kind, [0, 0])[1] += 1
            if want in got:
                linked += 1
                by_kind[kind][0] += 1
            else:
                misses.append(f"{doc_id}#{n} {g['type']} {g['facility']!r}: want {want}, "
                              f"got {sorted(got) or None}{'' if p else ' (no paired event)'}")
    n = len(wanted)
    print(f"dev: {n} gold events name a pack record; the paired extracted event links it: "
          f"{linked}/{n} = {linked / n:.1%} ({paired} paired); the gold string resolves to it: "
          f"{resolved}/{n} = {resolved / n:.1%}")
    print("  by kind of record: " + ", ".join(f"{k} {a}/{b} = {a / b:.1%}" for k, (a, b) in
                                             sorted(by_kind.items())))
    for line in misses:
        print("  miss", line)


if __name__ == "__main__":
    index = EntityIndex.from_pack(load_pack())
    table(index)
    dev(index)
