"""Assemble the annotated corpus from the annotators' parts, or check a local copy of its texts.

    python3 scripts/corpus_build.py build   # .eval/corpus/parts/* -> eval/corpus/{index,gold}.jsonl
                                            #   and .eval/corpus/docs.jsonl (texts, git-ignored)
    python3 scripts/corpus_build.py check   # every gold line valid; local texts match the index

The index and the gold are ours and committed; the texts are third-party writing and stay in the
git-ignored .eval/ folder (docs/corpus.md says how to fetch them again).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_add import check_event  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PARTS = ROOT / ".eval" / "corpus" / "parts"
OUT = ROOT / "eval" / "corpus"
DOCS = ROOT / ".eval" / "corpus" / "docs.jsonl"
INDEX_KEYS = ("id", "url", "publisher", "published", "query", "chars", "sha256", "prefix_sha256")


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def build() -> int:
    index, gold, docs = [], [], []
    for path in sorted(PARTS.glob("*.index.jsonl")):
        part = path.name.split(".")[0]
        index += [{k: row[k] for k in INDEX_KEYS} for row in read(path)]
        gold += read(PARTS / f"{part}.gold.jsonl")
        docs += read(PARTS / f"{part}.docs.jsonl")
    corrections = OUT / "corrections.jsonl"
    if corrections.exists():  # later corrections win over earlier ones and over the parts
        by_id = {g["doc_id"]: g for g in gold}
        meta = {row["id"]: row for row in index}
        for fix in read(corrections):
            if "events" in fix:
                by_id[fix["doc_id"]]["events"] = fix["events"]
            for key in ("publisher", "published"):
                if key in fix:
                    meta[fix["doc_id"]][key] = fix[key]
    OUT.mkdir(parents=True, exist_ok=True)
    for name, rows in (("index", index), ("gold", gold)):
        (OUT / f"{name}.jsonl").write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    DOCS.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    print(f"{len(index)} documents, {sum(len(g['events']) for g in gold)} events")
    return check()


def check() -> int:
    index = {row["id"]: row for row in read(OUT / "index.jsonl")}
    gold = read(OUT / "gold.jsonl")
    texts = {d["id"]: d["text"] for d in read(DOCS)} if DOCS.exists() else {}
    problems = 0
    if [g["doc_id"] for g in gold] != list(index):
        print("gold and index do not list the same documents in the same order")
        problems += 1
    if len({row["url"] for row in index.values()}) != len(index):
        print("a url appears twice in the index")
        problems += 1
    for row in gold:
        text = texts.get(row["doc_id"])
        meta = index.get(row["doc_id"])
        if text is None or meta is None:
            continue
        if hashlib.sha256(text.encode()).hexdigest() != meta["sha256"]:
            print(f"{row['doc_id']}: local text differs from the annotated one (sha256)")
            problems += 1
            continue
        for n, event in enumerate(row["events"]):
            start, end = event["evidence"]
            try:
                check_event(n, {**{k: v for k, v in event.items() if k != "evidence"},
                                "quote": text[start:end]}, text)
            except ValueError as exc:
                print(f"{row['doc_id']}: {exc}")
                problems += 1
    print(f"checked {len(gold)} gold lines, {len(texts)} local texts: {problems} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit({"build": build, "check": check}[sys.argv[1] if len(sys.argv) > 1 else "check"]())
