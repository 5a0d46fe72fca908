"""Record a second, independent annotation of a corpus document (for inter-annotator agreement).

    python3 scripts/corpus_second.py --annotator NAME --doc ID <<'EOF'
    [ {event}, ... ]
    EOF

Events have the same keys and checks as scripts/corpus_add.py; the text is looked up by id in
.eval/corpus/second/todo_NAME.jsonl. Writes .eval/corpus/second/NAME.gold.jsonl (one line per
document; a second call for the same document replaces its line).
"""

from __future__ import annotations

import argparse
import fcntl
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_add import check_event  # noqa: E402

SECOND = Path(__file__).resolve().parent.parent / ".eval" / "corpus" / "second"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--annotator", required=True)
    parser.add_argument("--doc", required=True)
    args = parser.parse_args()
    todo = SECOND / f"todo_{args.annotator}.jsonl"
    docs = {d["id"]: d for d in map(json.loads, todo.open(encoding="utf-8"))}
    if args.doc not in docs:
        print(f"NOT ADDED: {args.doc} is not in {todo}", file=sys.stderr)
        return 1
    try:
        events = json.loads(sys.stdin.read())
        if not isinstance(events, list):
            raise ValueError("events must be a JSON list")
        gold = [check_event(i, ev, docs[args.doc]["text"]) for i, ev in enumerate(events)]
    except ValueError as exc:
        print(f"NOT ADDED: {exc}", file=sys.stderr)
        return 1
    out = SECOND / f"{args.annotator}.gold.jsonl"
    with (SECOND / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        rows = [json.loads(line) for line in out.open(encoding="utf-8")] if out.exists() else []
        rows = [r for r in rows if r["doc_id"] != args.doc] + [{"doc_id": args.doc, "events": gold}]
        out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"recorded {args.doc}: {len(gold)} events ({len(rows)} documents so far)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
