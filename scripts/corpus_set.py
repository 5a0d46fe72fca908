"""Correct the gold of one corpus document (adjudication, or a fix of an annotator's slip).

    python3 scripts/corpus_set.py --doc ID --why "adjudicated: ..." [--publisher NAME] <<'EOF'
    [ {event with "quote"}, ... ]        (or nothing at all with --publisher only)
    EOF

Corrections are kept in eval/corpus/corrections.jsonl (committed: every change with its reason)
and applied by `scripts/corpus_build.py build` over the annotators' parts; the script rebuilds.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_add import check_event  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORRECTIONS = ROOT / "eval" / "corpus" / "corrections.jsonl"
DOCS = ROOT / ".eval" / "corpus" / "docs.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--doc", required=True)
    parser.add_argument("--why", required=True)
    parser.add_argument("--publisher")
    parser.add_argument("--published", help="YYYY, YYYY-MM, YYYY-MM-DD, or 'null'")
    args = parser.parse_args()
    texts = {d["id"]: d["text"] for d in map(json.loads, DOCS.open(encoding="utf-8"))}
    if args.doc not in texts:
        print(f"NOT SET: no document {args.doc}", file=sys.stderr)
        return 1
    raw = sys.stdin.read().strip()
    row: dict = {"doc_id": args.doc, "why": args.why}
    if raw:
        try:
            events = json.loads(raw)
            if not isinstance(events, list):
                raise ValueError("events must be a JSON list")
            row["events"] = [check_event(i, ev, texts[args.doc]) for i, ev in enumerate(events)]
        except ValueError as exc:
            print(f"NOT SET: {exc}", file=sys.stderr)
            return 1
    if args.publisher:
        row["publisher"] = args.publisher
    if args.published:
        row["published"] = None if args.published == "null" else args.published
    if "events" not in row and "publisher" not in row and "published" not in row:
        print("NOT SET: give events on standard input and/or --publisher", file=sys.stderr)
        return 1
    rows = [json.loads(l) for l in CORRECTIONS.open(encoding="utf-8")] if CORRECTIONS.exists() else []
    rows.append(row)
    CORRECTIONS.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"set {args.doc}: {len(row.get('events', []))} events" + (f", publisher {args.publisher!r}" if args.publisher else ""))
    return subprocess.call([sys.executable, str(ROOT / "scripts" / "corpus_build.py"), "build"])


if __name__ == "__main__":
    sys.exit(main())
