"""Benchmark: the archive path on Ray with 1, 2 and 4 workers, beside the local process pool.

    .venv/bin/python bench/archive.py [-n 2000] [--shards 20]

Writes N synthetic documents as JSON Lines shards, then runs `nkwatch archive run` into a fresh
SQLite file per run (the driver storing in batches, extraction in the workers) and prints
docs/s and the scaling against 1 worker. Fails loudly if a run fails or stores fewer than N
documents. This machine has 2 cores: 4 workers show the overhead, not a gain.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from ingest import synthetic_document  # noqa: E402

NKWATCH = str(ROOT / ".venv" / "bin" / "nkwatch")


def fail(message: str) -> SystemExit:
    return SystemExit(f"bench/archive.py FAILED: {message}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=2000)
    ap.add_argument("--shards", type=int, default=20)
    args = ap.parse_args()
    rng = random.Random(20251205)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "shards"
        folder.mkdir()
        per = max(1, args.n // args.shards)
        for s in range(args.shards):
            with (folder / f"part-{s:04d}.jsonl").open("w", encoding="utf-8") as out:
                for i in range(s * per, min(args.n, (s + 1) * per)):
                    out.write(json.dumps(synthetic_document(rng, i)) + "\n")
        total = min(args.n, per * args.shards)
        print(f"{total:,} synthetic documents in {args.shards} shards")
        base = None
        for engine, workers in (("local", 2), ("ray", 1), ("ray", 2), ("ray", 4)):
            db = Path(tmp) / f"{engine}-{workers}.sqlite"
            start = time.perf_counter()
            done = subprocess.run([NKWATCH, "archive", "run", str(folder), "--engine", engine,
                                   "--workers", str(workers), "--db", f"sqlite:///{db}"],
                                  capture_output=True, text=True)
            secs = time.perf_counter() - start
            if done.returncode != 0:
                raise fail(f"{engine} {workers}: {done.stderr.strip()[-400:]}")
            with sqlite3.connect(db) as conn:
                stored = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
            if stored != total:
                raise fail(f"{engine} {workers}: {stored} of {total} documents stored")
            rate = total / secs
            if engine == "ray" and workers == 1:
                base = rate
            scale = f"  {rate / base:.2f}x of 1 Ray worker" if base and engine == "ray" else ""
            label = f"{'peer: local pool' if engine == 'local' else 'Ray'}, {workers} worker{'s' if workers > 1 else ''}"
            print(f"{label:<24} {secs:7.1f} s {rate:8.0f} docs/s{scale}", flush=True)


if __name__ == "__main__":
    main()
