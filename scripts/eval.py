"""Score the extractor on the local copy of the dev set: `make eval`.

The dev texts are third-party writing and never enter git; eval/dev/README.md in the shared
folder says how to fetch them into .eval/dev.docs.jsonl (git-ignored).
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


def main() -> int:
    if not DOCS.exists():
        print(f"no local dev texts at {DOCS}.\n"
              f"Fetch them as {SHARED / 'dev' / 'README.md'} says: for each line of index.jsonl, "
              "search the stored pages with its `query`, keep the excerpt of its `url`, and write "
              "one JSON line per document {id, url, publisher, published, title: null, text}.")
        return 2
    from nkwatch.extract.contract import extract_file

    with DOCS.open(encoding="utf-8") as src, PRED.open("w", encoding="utf-8") as out:
        extract_file(src, out, errors=sys.stderr)
    cmd = [sys.executable, str(SHARED / "score.py"), str(SHARED / "dev" / "gold.jsonl"), str(PRED),
           "--docs", str(DOCS), *sys.argv[1:]]
    return subprocess.call(cmd)


if __name__ == "__main__":
    sys.exit(main())
