"""Ingest throughput: N synthetic documents into SQLite and into PostgreSQL, in docs/s.

    python bench/ingest.py [-n 10000] [--pg postgresql://postgres@127.0.0.1:5432/postgres]

Writes the documents to JSONL files, each under half the ingest size limit (NKWATCH_MAX_BYTES,
20 MiB by default; the limit itself is left as it is), then runs the real batch loop (read, grade
publisher, near-duplicate check, one transaction per document) into a fresh SQLite file and a
throwaway PostgreSQL database, then runs it again (every document now a duplicate). Prints
numbers; it is not a test. The extractor runs, as in `nkwatch ingest` (`--no-extract` leaves it
out), with 1 worker and with N (`--workers`, default 1 and the number of cores) side by side,
and the rate of each input file (about a twelfth of the documents) is printed, in order: it
must stay flat as the store grows.

A run that did not do what it was asked fails loudly (exit 1, the reason on standard error)
instead of printing a rate: any file or document the batch reported (failed, skipped, stopped,
interrupted), a first run that did not store every document as new (or near-duplicate), a
re-run that did not find every one a duplicate, or a store whose document count is not N.
"""

from __future__ import annotations

import argparse
import io
import os
import json
import random
import tempfile
import time
import uuid
from pathlib import Path

import psycopg
from rich.console import Console

from nkwatch.ingest import batch
from nkwatch.ingest.base import max_bytes
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


class BenchFailed(SystemExit):
    """The run did not do what it was asked: its rate would be meaningless."""

    def __init__(self, message: str) -> None:
        super().__init__(f"bench/ingest.py FAILED: {message}")


def write_corpus(folder: Path, n: int) -> list[Path]:
    """The N documents as JSONL files of at most half the ingest limit each (a file over the
    limit is refused unread, and then nothing is ingested)."""
    rng = random.Random(20251129)
    budget = min(max_bytes() // 2, max(1, n // 10) * 2_000)  # about a tenth of the documents a file
    paths: list[Path] = []
    out, size = None, 0
    try:
        for i in range(n):
            line = (json.dumps(synthetic_document(rng, i)) + "\n").encode("utf-8")
            if out is None or size + len(line) > budget:
                if out is not None:
                    out.close()
                paths.append(folder / f"corpus-{len(paths):03d}.jsonl")
                out, size = paths[-1].open("wb"), 0
            out.write(line)
            size += len(line)
    finally:
        if out is not None:
            out.close()
    return paths


def check(label: str, run: str, summary: batch.Summary, stored: int, n: int) -> None:
    """Exit loudly unless the batch stored (first run) or recognised (re-run) all N documents
    and reported nothing."""
    where = f"{label} {run}"
    problems = summary.problems
    if summary.store_error:
        raise BenchFailed(f"{where}: the database failed: {summary.store_error}")
    if summary.interrupted:
        raise BenchFailed(f"{where}: interrupted")
    if summary.failed or summary.skipped or problems:
        shown = "; ".join(problems[:3])
        if len(problems) > 3:
            shown += f"; and {len(problems) - 3} more"
        raise BenchFailed(f"{where}: {summary.failed} failed, {summary.skipped} skipped: {shown}")
    if run == "first run":
        stored_now = summary.new + summary.near_duplicate
        if stored_now != n or summary.duplicate:
            raise BenchFailed(f"{where}: {stored_now} of {n} documents stored, "
                              f"{summary.duplicate} taken for duplicates")
    elif summary.duplicate != n:
        raise BenchFailed(f"{where}: {summary.duplicate} of {n} documents recognised as "
                          f"duplicates (new {summary.new}, near {summary.near_duplicate})")
    if stored != n:
        raise BenchFailed(f"{where}: the store holds {stored} documents, not {n}")


def measure(url: str, corpus: list[Path], n: int, label: str, workers: int, extract: bool) -> None:
    from nkwatch.extract.pipeline import EXTRACTOR, claims_for_document, extractor_version
    from nkwatch.packs import load_pack

    quiet = Console(file=io.StringIO())
    run_extract = claims_for_document if extract else None
    extractor = (EXTRACTOR, extractor_version(load_pack())) if extract else None
    label = f"{label}, {workers} worker{'s' if workers > 1 else ''}"
    with open_store(url) as store:
        for run in ("first run", "re-run"):
            started = time.perf_counter()
            chunks: list[tuple[float, int]] = []
            total = batch.Summary()
            for part in corpus:  # a share of the documents each: the cost as the store grows
                t0 = time.perf_counter()
                summary = batch.run(store, [part], err=quiet, extract=run_extract,
                                    extractor=extractor, workers=workers)
                chunks.append((time.perf_counter() - t0,
                               summary.new + summary.duplicate + summary.near_duplicate))
                for key in ("new", "duplicate", "near_duplicate", "failed", "skipped"):
                    setattr(total, key, getattr(total, key) + getattr(summary, key))
                total.problems += summary.problems
                total.store_error = total.store_error or summary.store_error
            seconds = time.perf_counter() - started
            check(label, run, total, store.stats()["documents"], n)
            print(f"{label:<22} {run:<9} {n:>7} docs {seconds:8.1f} s {n / seconds:9.0f} docs/s"
                  f"   (new {total.new}, dup {total.duplicate}, near {total.near_duplicate})", flush=True)
            if run == "first run" and len(chunks) > 1:
                rates = [docs / seconds for seconds, docs in chunks[:-1]]  # the last file is short
                print(f"{'':<22} docs/s per file, in order: " + " ".join(f"{r:.0f}" for r in rates)
                      + f"  (last/first {rates[-1] / rates[0]:.2f})", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10_000, help="documents to generate")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres",
                        help="PostgreSQL server (maintenance database) for a throwaway database; "
                             "'none' runs SQLite only")
    parser.add_argument("--workers", default=f"1,{os.cpu_count() or 1}",
                        help="comma-separated worker counts to run side by side")
    parser.add_argument("--no-extract", action="store_true", help="leave the extractor out")
    args = parser.parse_args()
    if args.n < 1:
        parser.error("-n must be at least 1")
    counts = sorted({int(w) for w in args.workers.split(",")})
    with tempfile.TemporaryDirectory(prefix="nkwatch-bench-") as tmp:
        corpus = write_corpus(Path(tmp), args.n)
        size = sum(p.stat().st_size for p in corpus)
        print(f"{args.n} synthetic documents, {size / 2**20:.1f} MiB of JSONL in {len(corpus)} "
              f"file(s) (the ingest limit is {max_bytes() / 2**20:.2f} MiB a file)", flush=True)
        for w in counts:
            measure(f"sqlite:///{tmp}/bench-{w}.sqlite", corpus, args.n, "SQLite", w, not args.no_extract)
        if args.pg == "none":
            return
        name = "nkwatch_bench_" + uuid.uuid4().hex[:8]
        try:
            with psycopg.connect(args.pg, autocommit=True, connect_timeout=5) as conn:
                for w in counts:
                    conn.execute(f'CREATE DATABASE "{name}_{w}"')
        except psycopg.OperationalError as exc:
            print(f"PostgreSQL  skipped: no server at {args.pg} ({exc})")
            return
        try:
            url = args.pg.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
            for w in counts:
                measure(f"{url}/{name}_{w}", corpus, args.n, "PostgreSQL", w, not args.no_extract)
        finally:
            with psycopg.connect(args.pg, autocommit=True) as conn:
                for w in counts:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}_{w}" WITH (FORCE)')


if __name__ == "__main__":
    main()
