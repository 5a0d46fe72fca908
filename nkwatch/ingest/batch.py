"""The batch loop: the one place that catches per-file failures, reports them and goes on.

Each failure is one line, `path: problem`, with no traceback. Each document is stored in its own
transaction together with its claims, so an interrupted run leaves only whole documents and a
re-run picks up where it stopped (already stored texts become sightings, nothing more).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text
from sqlalchemy.exc import SQLAlchemyError

from nkwatch.errors import InputError, Skipped, StoreError
from nkwatch.ingest import fetch, publishers, readers
from nkwatch.ingest.base import Items
from nkwatch.model import Claim, Document
from nkwatch.store import Store
from nkwatch.store.store import AddResult
from nkwatch.store.migrate import reason
from nkwatch.terminal import literal

Extractor = Callable[[Document], list[Claim]]


@dataclass
class Summary:
    new: int = 0
    duplicate: int = 0
    near_duplicate: int = 0
    failed: int = 0
    skipped: int = 0
    problems: list[str] = field(default_factory=list)
    store_error: str | None = None  # the database failed: the run stopped, what was stored stays
    seconds: float = 0.0
    interrupted: bool = False  # Ctrl-C: what was stored so far stays, whole

    @property
    def documents(self) -> int:
        return self.new + self.duplicate + self.near_duplicate

    def line(self) -> str:
        rate = self.documents / self.seconds if self.seconds else 0.0
        return (f"new {self.new}, duplicate {self.duplicate}, near-duplicate {self.near_duplicate}, "
                f"failed {self.failed}, skipped {self.skipped} ({self.documents} documents in "
                f"{self.seconds:.1f} s, {rate:.0f} docs/s){'; interrupted' if self.interrupted else ''}"
                f"{'; stopped: the database failed' if self.store_error else ''}")


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[docs]} docs, {task.fields[rate]:.0f} docs/s"), TimeElapsedColumn(),
        console=console, transient=True, disable=not console.is_terminal,
    )


def _store(store: Store, doc: Document, extract: Extractor | None, summary: Summary,
           extractor: tuple[str, str] | None) -> None:
    doc, source = publishers.attribute(doc)
    claims: list[Claim] = []
    ran = None
    if extract is not None and not store.has_document(doc.id):
        try:
            claims = list(extract(doc))
            ran = extractor
        except Exception as exc:  # someone else's stage: report it, store nothing half-done
            raise InputError(doc.origin or doc.id, f"extraction failed: {type(exc).__name__}: {exc}") from exc
    result = store.add_document(doc, location=doc.url or doc.origin, source=source, claims=claims,
                                extractor=ran)
    setattr(summary, result.status, getattr(summary, result.status) + 1)


def _items(label: str, read: Callable[[], Items]) -> Items:
    try:
        return read()
    except InputError as exc:
        return [exc]
    except Exception as exc:  # a reader library's own bug must not end the batch
        return [InputError(label, f"unexpected {type(exc).__name__}: {exc}")]


def run(store: Store, paths: Sequence[str | Path] = (), *, feeds: Iterable[str] = (),
        extract: Extractor | None = None, extractor: tuple[str, str] | None = None,
        err: Console | None = None, timeout: float = fetch.TIMEOUT, workers: int = 1) -> Summary:
    """Read every file (folders recursively) and feed URL into `store`. A bad file is one line
    and the run goes on; a failing database stops it (every document stored so far is whole).
    `extractor` (name, version) is recorded with each document `extract` read. With `workers`
    above 1, extraction and fingerprints run in that many processes and documents are stored
    in batches (nkwatch/ingest/parallel.py)."""
    err = err or Console(stderr=True)
    jobs: list[tuple[str, Callable[[], Items]]] = [
        (str(p), partial(readers.read_path, p)) for p in readers.expand(list(paths))]
    jobs += [(url, partial(fetch.read_url, url, timeout)) for url in feeds]
    summary, started = Summary(), time.monotonic()

    def report(problem: InputError) -> None:
        if isinstance(problem, Skipped):
            summary.skipped += 1
        else:
            summary.failed += 1
        summary.problems.append(str(problem))
        err.print(Text(literal(str(problem))), soft_wrap=True, highlight=False)

    def counted(result: AddResult) -> None:
        setattr(summary, result.status, getattr(summary, result.status) + 1)

    pool = None
    if extract is not None and workers > 1:
        from nkwatch.ingest.parallel import ParallelIngest

        pool = ParallelIngest(store, extract, extractor, workers, counted, report)
    with _progress(err) as progress:
        task = progress.add_task("ingest", total=len(jobs), docs=0, rate=0.0)
        try:
            for label, read in jobs:
                for item in _items(label, read):
                    try:
                        if isinstance(item, InputError):
                            raise item
                        if pool is not None:
                            pool.put(item)
                        else:
                            _store(store, item, extract, summary, extractor)
                    except InputError as exc:
                        report(exc)
                    elapsed = max(time.monotonic() - started, 1e-9)  # per document: one big
                    progress.update(task, docs=summary.documents,   # JSONL is a long run too
                                    rate=summary.documents / elapsed)
                progress.advance(task)
            if pool is not None:
                pool.close()
        except KeyboardInterrupt:  # the open transaction rolled back; earlier ones are whole
            summary.interrupted = True
            if pool is not None:
                pool.abort()
        except (StoreError, SQLAlchemyError) as exc:  # a full disk fails every next document too
            if pool is not None:
                pool.abort()
            summary.store_error = str(exc) if isinstance(exc, StoreError) else \
                f"{store.where}: {reason(exc)}"
    summary.seconds = time.monotonic() - started
    return summary
