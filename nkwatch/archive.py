"""Archives: many shards of documents ingested with extraction, on a local process pool or on a
Ray cluster, resumable from a manifest kept in the database (docs/archive.md).

    run(store, shards, engine="ray", address=None, workers=2)

A shard is one input file (JSON Lines, Parquet with the input format's columns, or any file the
ingest readers take). Workers read a shard, extract its documents and fingerprint them; the
driver stores each shard's documents in batches and then marks the shard done in the manifest
(`archive_shards`). A shard interrupted half-way is done again on the next run: its stored
documents become sightings, so nothing is lost and nothing is stored twice. On Ray a task whose
worker dies is retried on another.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nkwatch.model import Claim, Document, Source

FAIL_ONCE = "NKWATCH_ARCHIVE_FAIL_ONCE"  # tests: a marker file; the first worker to see it dies


@dataclass
class Prepared:
    doc: Document
    source: Source | None
    claims: list[Claim]
    signature: bytes | None
    problem: str | None = None


def shards(paths: Sequence[str | Path]) -> list[Path]:
    from nkwatch.ingest import readers

    return [p for p in readers.expand(list(paths))]


def _documents(path: Path) -> Iterator[Document | str]:
    """A shard's documents, or a line saying what could not be read."""
    from nkwatch import ids
    from nkwatch.errors import InputError
    from nkwatch.ingest import readers

    if path.suffix == ".parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        try:
            rows = pq.read_table(path).to_pylist()
        except (OSError, pa.ArrowException) as exc:
            yield f"{path}: not a readable Parquet file: {exc}"
            return
        for row in rows:
            text = str(row.get("text") or "")
            if not text.strip():
                yield f"{path}: a row without text"
                continue
            yield Document(id=ids.document_id(text), text=text, title=row.get("title"),
                           url=row.get("url"), publisher=row.get("publisher"),
                           published=row.get("published"), origin=str(path))
        return
    try:
        for item in readers.read_path(path):
            yield str(item) if isinstance(item, InputError) else item
    except InputError as exc:
        yield str(exc)


def process_shard(path: str) -> list[Prepared | str]:
    """In a worker: read, grade, extract and fingerprint every document of one shard."""
    marker = os.environ.get(FAIL_ONCE)
    if marker:  # tests: a worker killed mid-run; the one that removes the marker is the one
        try:
            Path(marker).unlink()
        except FileNotFoundError:
            pass  # another worker took it
        else:
            os._exit(1)
    from nkwatch.extract.pipeline import claims_for_document
    from nkwatch.ingest import publishers
    from nkwatch.store import neardup

    out: list[Prepared | str] = []
    for item in _documents(Path(path)):
        if isinstance(item, str):
            out.append(item)
            continue
        doc, source = publishers.attribute(item)
        try:
            claims, problem = claims_for_document(doc), None
        except Exception as exc:  # someone else's stage: report it, store nothing half-done
            claims, problem = [], f"{doc.origin or doc.id}: extraction failed: {type(exc).__name__}: {exc}"
        out.append(Prepared(doc, source, claims, neardup.signature(doc.text), problem))
    return out


@dataclass
class Outcome:
    shards: int = 0
    skipped: int = 0  # done by an earlier run
    documents: int = 0
    new: int = 0
    duplicate: int = 0
    near_duplicate: int = 0
    problems: int = 0


def run(store: Any, paths: Sequence[Path], *, engine: str = "local", address: str | None = None,
        workers: int = 2, report: Any = print, stop_after: int | None = None) -> Outcome:
    """Process every shard not done yet; store as results come; mark shards done."""
    from nkwatch.extract.pipeline import EXTRACTOR, extractor_version
    from nkwatch.packs import load_pack
    from nkwatch.store.store import Incoming

    outcome = Outcome()
    version = (EXTRACTOR, extractor_version(load_pack()))
    done = store.archive_done()
    todo = []
    for path in paths:
        key = str(path.resolve())
        if key in done:
            outcome.skipped += 1
        else:
            todo.append(key)
    for key, results in _results(todo, engine, address, workers):
        batch = []
        problems = 0
        for item in results:
            if isinstance(item, str):
                report(item)
                problems += 1
            elif item.problem:
                report(item.problem)
                problems += 1
            else:
                batch.append(Incoming(item.doc, item.claims, item.source, version, item.signature,
                                      item.doc.url or item.doc.origin))
        for start in range(0, len(batch), 200):
            for result in store.add_documents(batch[start:start + 200]):
                setattr(outcome, result.status, getattr(outcome, result.status) + 1)
        if not problems:  # a shard with a bad file or document is tried again by the next run
            store.archive_mark(key, len(batch))
        outcome.problems += problems
        outcome.shards += 1
        outcome.documents += len(batch)
        if stop_after is not None and outcome.shards >= stop_after:
            break  # tests: a driver that stops half-way
    return outcome


def _results(todo: list[str], engine: str, address: str | None, workers: int
             ) -> Iterator[tuple[str, list[Prepared | str]]]:
    if not todo:
        return
    if engine == "ray":
        yield from _on_ray(todo, address, workers)
        return
    if workers <= 1:
        for key in todo:
            yield key, process_shard(key)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        yield from zip(todo, pool.map(process_shard, todo))


class ClusterUnreachable(Exception):
    """`--address` names a cluster this process cannot join."""


def _on_ray(todo: list[str], address: str | None, workers: int) -> Iterator[tuple[str, list[Prepared | str]]]:
    import ray

    started = not ray.is_initialized()
    if started:
        try:
            ray.init(address=address, num_cpus=None if address else workers, include_dashboard=False,
                     log_to_driver=False, ignore_reinit_error=True)
        except (ConnectionError, RuntimeError) as error:  # Ray's own message is a page of log
            raise ClusterUnreachable(
                f"cannot join the Ray cluster at {address or 'this machine'}: "
                f"{str(error).strip().splitlines()[-1][:200]} (a cluster with token authentication, "
                f"the default for clusters started by `ray start` since Ray 2.59, needs "
                f"RAY_AUTH_MODE=token and its RAY_AUTH_TOKEN here too; docs/archive.md)") from error
    try:
        task = ray.remote(max_retries=3)(process_shard)
        pending = {task.remote(key): key for key in todo}
        while pending:
            ready, _ = ray.wait(list(pending), num_returns=1)
            key = pending.pop(ready[0])
            yield key, ray.get(ready[0])
    finally:
        if started:
            ray.shutdown()
