"""Ingest throughput: N synthetic documents into SQLite and into PostgreSQL, in docs/s.

    python bench/ingest.py [-n 10000] [--pg postgresql://postgres@127.0.0.1:5432/postgres]

Writes the documents to one JSONL file, then runs the real batch loop (read, grade publisher,
near-duplicate check, one transaction per document) into a fresh SQLite file and a throwaway
PostgreSQL database, then runs it again (every document now a duplicate). Prints numbers; it is
not a test. The extractor is left out: this measures ingest and storage only.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import tempfile
import time
import uuid
from pathlib import Path

import psycopg
from rich.console import Console

from nkwatch.ingest import batch
from nkwatch.store import open_store

WORDS = ("factory mill plant county province district workers builders ceremony record output "
         "plan tons flats vessel shipyard machine tools fertilizer power station dam river port "
         "pier exhibition products cooperative farm tractor cement steel coal mine railway bridge "
         "school hospital greenhouse fish boats looms fabric shoes foodstuff").split()
TEMPLATES = [
    "An inauguration ceremony of the {a} {b} took place in {place} on {day}.",
    "Workers of the {a} {b} set a new record, producing {n} {c} in {month}.",
    "A groundbreaking ceremony for {n} {c} was held in {place}.",
    "Officials inspected the {a} {b} and the new {c} shop in {place}.",
    "The {b} was built in {m} months by builders from {place}.",
]


def synthetic_document(rng: random.Random, i: int) -> dict[str, object]:
    place = f"Sample County {rng.randint(1, 400)}"

    def sentence() -> str:
        return rng.choice(TEMPLATES).format(
            a=rng.choice(WORDS).title(), b=rng.choice(WORDS), c=rng.choice(WORDS), place=place,
            n=rng.randint(2, 90_000), m=rng.randint(2, 30), day=f"day {rng.randint(1, 28)}",
            month=f"month {rng.randint(1, 12)}")

    text = f"[SYNTHETIC] Bench item {i}. " + " ".join(sentence() for _ in range(rng.randint(8, 20)))
    return {"id": f"bench-{i}", "text": text, "title": f"[SYNTHETIC] Bench item {i}",
            "publisher": rng.choice(["KCNA", "Yonhap", "38 North", "Synthetic Wire Service"]),
            "published": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "synthetic": True}


def write_corpus(path: Path, n: int) -> None:
    rng = random.Random(20251129)
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            out.write(json.dumps(synthetic_document(rng, i)) + "\n")


def measure(url: str, corpus: Path, n: int, label: str) -> None:
    quiet = Console(file=io.StringIO())
    with open_store(url) as store:
        for run in ("first run", "re-run"):
            started = time.perf_counter()
            summary = batch.run(store, [corpus], err=quiet)
            seconds = time.perf_counter() - started
            print(f"{label:<11} {run:<9} {n:>7} docs {seconds:8.1f} s {n / seconds:9.0f} docs/s"
                  f"   (new {summary.new}, dup {summary.duplicate}, near {summary.near_duplicate},"
                  f" failed {summary.failed})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10_000, help="documents to generate")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres",
                        help="PostgreSQL server (maintenance database) for a throwaway database")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nkwatch-bench-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        write_corpus(corpus, args.n)
        print(f"{args.n} synthetic documents, {corpus.stat().st_size / 2**20:.1f} MiB of JSONL")
        measure(f"sqlite:///{tmp}/bench.sqlite", corpus, args.n, "SQLite")
        name = "nkwatch_bench_" + uuid.uuid4().hex[:8]
        try:
            with psycopg.connect(args.pg, autocommit=True, connect_timeout=5) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
        except psycopg.OperationalError as exc:
            print(f"PostgreSQL  skipped: no server at {args.pg} ({exc})")
            return
        try:
            url = args.pg.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
            measure(f"{url}/{name}", corpus, args.n, "PostgreSQL")
        finally:
            with psycopg.connect(args.pg, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
