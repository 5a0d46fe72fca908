"""Put fetched third-party texts back in place, checking each against its index line.

The corpus and dev texts are not in git (docs/corpus.md). Whoever fetches them again (by hand
or a helper, through the `pages` search corpus) saves each excerpt verbatim as one file,
`.eval/texts/ID.txt` (corpus ids like `a1-001`; dev ids prefixed `dev-`, e.g. `dev-009`), then:

    python3 scripts/texts_fetch.py verify [ID...]   # ok / differs (and how) / missing, per id
    python3 scripts/texts_fetch.py assemble         # -> .eval/corpus/docs.jsonl, .eval/dev.docs.jsonl

A text whose first 200 characters hash right but whose whole does not is kept (the index's rule:
the annotated excerpt is the one whose prefix matches); `verify` says so.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEXTS = ROOT / ".eval" / "texts"
SETS = {  # prefix of the file name -> (index, output)
    "": (ROOT / "eval" / "corpus" / "index.jsonl", ROOT / ".eval" / "corpus" / "docs.jsonl"),
    "dev-": (ROOT.parent / "shared" / "eval" / "dev" / "index.jsonl", ROOT / ".eval" / "dev.docs.jsonl"),
}


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def rows() -> list[tuple[str, dict]]:
    out = []
    for prefix, (index, _) in SETS.items():
        for line in index.open(encoding="utf-8"):
            if line.strip():
                row = json.loads(line)
                out.append((prefix + row["id"], row))
    return out


def read_text(name: str) -> str | None:
    path = TEXTS / f"{name}.txt"
    if not path.exists():
        return None
    text = path.read_text(encoding="utf-8")
    meta = dict(rows())[name]
    if sha(text) != meta["sha256"] and sha(text.rstrip("\n")) == meta["sha256"]:
        text = text.rstrip("\n")  # editors add a final newline the excerpt did not have
    return text


def status(name: str, meta: dict) -> str:
    text = read_text(name)
    if text is None:
        return "missing"
    if sha(text) == meta["sha256"]:
        return "ok"
    if sha(text[:200]) == meta["prefix_sha256"]:
        return f"prefix ok, whole differs ({len(text)} chars, index {meta['chars']})"
    return f"differs ({len(text)} chars, index {meta['chars']}; first 200 chars do not match)"


def verify(names: list[str]) -> int:
    counts: dict[str, int] = {}
    for name, meta in rows():
        if names and name not in names:
            continue
        state = status(name, meta)
        counts[state.split(" (")[0]] = counts.get(state.split(" (")[0], 0) + 1
        if names or state != "missing":
            if state != "ok" or names:
                print(f"{name}: {state}")
    print(", ".join(f"{n} {k}" for k, n in sorted(counts.items())))
    return 0


def assemble() -> int:
    for prefix, (index, output) in SETS.items():
        docs, missing = [], 0
        for line in index.open(encoding="utf-8"):
            if not line.strip():
                continue
            row = json.loads(line)
            text = read_text(prefix + row["id"])
            if text is None:
                missing += 1
                continue
            docs.append({"id": row["id"], "url": row["url"], "publisher": row["publisher"],
                         "published": row["published"], "title": None, "text": text})
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs),
                          encoding="utf-8")
        print(f"{output.relative_to(ROOT)}: {len(docs)} texts, {missing} missing")
    return 0


if __name__ == "__main__":
    verb = sys.argv[1] if len(sys.argv) > 1 else "verify"
    sys.exit(verify(sys.argv[2:]) if verb == "verify" else assemble())
