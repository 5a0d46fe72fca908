"""Gold clusters for the annotated corpus: which gold events are one real-world event.

    python3 scripts/corpus_clusters.py prepare     # .eval/clusters/blocks/TYPE.md (annotators' sheets)
    python3 scripts/corpus_clusters.py assemble    # .eval/clusters/out/*.jsonl -> eval/corpus/clusters.jsonl
    python3 scripts/corpus_clusters.py agreement   # first vs second annotation of the double-annotated types

Events of one type and one year form a block (an event dated only to the year joins its year's
block; cross-year events of one occasion are rare). Annotators read each block's events with
their sentences and give every event a cluster label, as ../shared/eval/dev/clusters.jsonl does.
An event no annotator labelled is its own cluster.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".eval" / "clusters"
GOLD = ROOT / "eval" / "corpus" / "gold.jsonl"
DOCS = ROOT / ".eval" / "corpus" / "docs.jsonl"
OUT = ROOT / "eval" / "corpus" / "clusters.jsonl"


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def prepare() -> int:
    docs = {d["id"]: d for d in read(DOCS)}
    blocks: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in read(GOLD):
        doc = docs[row["doc_id"]]
        for n, e in enumerate(row["events"]):
            year = (e.get("date") or doc.get("published") or "????")[:4]
            start, end = e["evidence"]
            text = doc["text"]
            before = text[max(0, start - 150):start].replace("\n", " ")
            after = text[end:end + 150].replace("\n", " ")
            place = e.get("place") or {}
            where = ", ".join(v for v in (place.get("county"), place.get("province"),
                                          place.get("name"), place.get("country")) if v)
            blocks[e["type"]][year].append(
                f"- `{row['doc_id']}#{n}` date {e.get('date')} | place {where or '-'} | facility "
                f"{e.get('facility') or '-'} | partners {','.join(e.get('partners') or []) or '-'} | "
                f"{doc['publisher']} {doc['published']}\n  …{before}**{text[start:end].strip()}**{after}…")
    (WORK / "blocks").mkdir(parents=True, exist_ok=True)
    for kind, years in blocks.items():
        lines = [f"# {kind}\n"]
        for year in sorted(years):
            lines.append(f"\n## {kind} {year} ({len(years[year])} events)\n")
            lines += sorted(years[year], key=lambda s: s.split("date ")[1])
        (WORK / "blocks" / f"{kind}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(kind, sum(map(len, years.values())), "events in", len(years), "blocks")
    return 0


def assemble() -> int:
    labels: dict[tuple[str, int], str] = {}
    for path in sorted((WORK / "out").glob("*.jsonl")):
        if ".second" in path.name:
            continue
        for row in read(path):
            labels[(row["doc_id"], int(row["index"]))] = str(row["cluster"])
    out, missing = [], 0
    for row in read(GOLD):
        for n, e in enumerate(row["events"]):
            cluster = labels.get((row["doc_id"], n))
            if cluster is None:
                missing += 1
                cluster = f"single-{row['doc_id']}-{n}"
            out.append({"doc_id": row["doc_id"], "index": n, "cluster": f"{e['type']}/{cluster}"})
    seen: dict[str, set[str]] = defaultdict(set)
    for row in out:
        if row["doc_id"] in seen[row["cluster"]]:
            print(f"{row['doc_id']}: two events of one document in cluster {row['cluster']}")
        seen[row["cluster"]].add(row["doc_id"])
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out), encoding="utf-8")
    multi = sum(1 for v in seen.values() if len(v) > 1)
    print(f"{len(out)} events, {len(seen)} clusters ({multi} with several reports), "
          f"{missing} events unlabelled (own cluster)")
    return 0


def agreement() -> int:
    sys.path.insert(0, str(ROOT.parent / "shared" / "eval"))
    from cluster_score import bcubed, pairwise  # type: ignore[import-not-found]

    for second in sorted((WORK / "out").glob("*.second.jsonl")):
        first = WORK / "out" / second.name.replace(".second", "")
        a = {(r["doc_id"], int(r["index"])): str(r["cluster"]) for r in read(first)}
        b = {(r["doc_id"], int(r["index"])): str(r["cluster"]) for r in read(second)}
        keys = a.keys() & b.keys()
        a = {k: a[k] for k in keys}
        b = {k: b[k] for k in keys}
        print(f"{second.name}: {len(keys)} events; B-cubed F1 {bcubed(a, b)[2]:.3f}, "
              f"pairwise F1 {pairwise(a, b)[2]:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit({"prepare": prepare, "assemble": assemble, "agreement": agreement}[sys.argv[1]]())
