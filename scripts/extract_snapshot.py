"""Write what the extractor finds in a set of documents, to compare two versions of the code.

    python scripts/extract_snapshot.py OUT.jsonl [--docs FILE.jsonl ...] [--synthetic N]

One line per document: its id and every event in the contract's shape, with its entity links and
confidence. A speed change must leave this file byte-identical on the dev texts, the corpus and
the synthetic benchmark documents (docs/speed.md); `cmp` or `diff` the two outputs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from nkwatch.extract.pipeline import analyse  # noqa: E402
from nkwatch.model import Document  # noqa: E402
from nkwatch.packs import load_pack  # noqa: E402


def documents(path: Path) -> list[Document]:
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    return [Document(id=str(r["id"]), text=r.get("text") or "", published=r.get("published"),
                     title=r.get("title")) for r in rows]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--docs", type=Path, action="append", default=[])
    parser.add_argument("--synthetic", type=int, default=0)
    args = parser.parse_args()
    docs: list[Document] = []
    for path in args.docs:
        docs += documents(path)
    if args.synthetic:
        from extract import synthetic_documents  # bench/extract.py

        docs += synthetic_documents(args.synthetic)
    if not docs:
        parser.error("no documents: give --docs or --synthetic")
    pack = load_pack()
    digest = hashlib.sha256()
    events = 0
    with args.out.open("w", encoding="utf-8") as out:
        for doc in docs:
            found = analyse(doc, pack).events
            events += len(found)
            rows = [{**e.as_json(), "links": e.links, "confidence": e.confidence} for e in found]
            line = json.dumps({"id": doc.id, "events": rows}, sort_keys=True, ensure_ascii=False)
            digest.update(line.encode())
            out.write(line + "\n")
    print(f"{len(docs)} documents, {events} events, sha256 {digest.hexdigest()[:16]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
