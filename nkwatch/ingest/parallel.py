"""Both cores: documents are extracted and fingerprinted (MinHash) in worker processes and stored
from this one, many per transaction (`nkwatch ingest --workers N`).

The reading loop hands documents over in order; workers get chunks of them; results come back
in the order given and are stored in batches (`Store.add_documents`: each document whole with its
claims; an interrupted run loses at most the open batch, and a re-run stores it again). A
document already stored is not extracted again: it becomes a sighting, as in the one-process
loop. Small inputs never start the pool.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from nkwatch.errors import InputError
from nkwatch.ingest import publishers
from nkwatch.model import Claim, Document
from nkwatch.store import Store
from nkwatch.store.store import AddResult, Incoming

Extractor = Callable[[Document], list[Claim]]
START_AFTER = 64  # documents: below this the pool costs more than it saves
CHUNK = 16  # documents per task: enough to amortise the hand-over, small enough to balance
BATCH = 200  # documents per write transaction

_extract: Extractor | None = None


def _init(extract: Extractor) -> None:
    global _extract
    _extract = extract


def _work(docs: list[Document]) -> list[tuple[list[Claim], bytes | None, str | None]]:
    """In a worker: each document's claims (or what went wrong) and its MinHash."""
    from nkwatch.store import neardup

    out = []
    for doc in docs:
        claims: list[Claim] = []
        problem = None
        try:
            claims = list(_extract(doc)) if _extract is not None else []
        except Exception as exc:  # someone else's stage: report it, store nothing half-done
            problem = f"extraction failed: {type(exc).__name__}: {exc}"
        out.append((claims, neardup.signature(doc.text), problem))
    return out


class ParallelIngest:
    def __init__(self, store: Store, extract: Extractor, extractor: tuple[str, str] | None,
                 workers: int, stored: Callable[[AddResult], None],
                 failed: Callable[[InputError], None]) -> None:
        self.store, self.extract, self.extractor, self.workers = store, extract, extractor, workers
        self.stored, self.failed = stored, failed
        self.pool: ProcessPoolExecutor | None = None
        self.waiting: list[tuple[Document, Any]] = []  # documents not yet sent, with their source
        self.in_flight: deque[tuple[list[tuple[Document, Any]], Future[Any]]] = deque()
        self.ready: list[Incoming] = []
        self.seen = 0

    def put(self, doc: Document) -> None:
        doc, source = publishers.attribute(doc)
        self.seen += 1
        self.waiting.append((doc, source))
        if self.pool is None and self.seen >= START_AFTER:
            self.pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("fork"),
                                            initializer=_init, initargs=(self.extract,))
        if self.pool is None:
            if self.waiting:
                self._here(self.waiting.pop())
        elif len(self.waiting) >= CHUNK:
            self._send()
        while len(self.in_flight) > 2 * self.workers:
            self._receive()
        if len(self.ready) >= BATCH:
            self._write()

    def close(self) -> None:
        """Store everything handed over (all workers' results, then the last batch)."""
        if self.waiting:
            if self.pool is None:
                while self.waiting:
                    self._here(self.waiting.pop(0))
            else:
                self._send()
        while self.in_flight:
            self._receive()
        self._write()
        self._stop()

    def abort(self) -> None:
        """Interrupted: stop the workers; what was not written is not written (a re-run does it)."""
        for _, future in self.in_flight:
            future.cancel()
        self._stop()

    def _stop(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def _here(self, item: tuple[Document, Any]) -> None:
        doc, source = item
        if self.store.has_document(doc.id):  # a sighting: no extraction
            self.ready.append(Incoming(doc, [], source, None, False, doc.url or doc.origin))
            return
        try:
            claims = list(self.extract(doc))
        except Exception as exc:
            self.failed(InputError(doc.origin or doc.id, f"extraction failed: {type(exc).__name__}: {exc}"))
            return
        self.ready.append(Incoming(doc, claims, source, self.extractor, False, doc.url or doc.origin))

    def _send(self) -> None:
        """Hand a chunk to the workers, less the documents stored already (one query for the
        chunk, not one per document): those are sightings, and are not extracted again."""
        waiting, self.waiting = self.waiting, []
        stored = self.store.stored_ids([doc.id for doc, _ in waiting])
        chunk = []
        for doc, source in waiting:
            if doc.id in stored:
                self.ready.append(Incoming(doc, [], source, None, False, doc.url or doc.origin))
            else:
                chunk.append((doc, source))
        if chunk:
            assert self.pool is not None
            self.in_flight.append((chunk, self.pool.submit(_work, [doc for doc, _ in chunk])))

    def _receive(self) -> None:
        chunk, future = self.in_flight.popleft()
        for (doc, source), (claims, signature, problem) in zip(chunk, future.result()):
            if problem is not None:
                self.failed(InputError(doc.origin or doc.id, problem))
                continue
            self.ready.append(Incoming(doc, claims, source, self.extractor, signature,
                                       doc.url or doc.origin))

    def _write(self) -> None:
        if not self.ready:
            return
        batch, self.ready = self.ready, []
        for result in self.store.add_documents(batch):
            self.stored(result)
