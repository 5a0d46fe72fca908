"""kill -9 in the middle of a run leaves whole documents only, and a re-run finishes the job;
two writers at once on the same database both finish, storing each text once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import sqlalchemy as sa

from nkwatch.store import open_store

WRITER = r"""
import sys
from nkwatch import ids
from nkwatch.model import Claim, Document, Span
from nkwatch.store import open_store

with open_store(sys.argv[1]) as store:
    for i in range(int(sys.argv[3]) if len(sys.argv) > 3 else 0, int(sys.argv[2])):
        text = f"[SYNTHETIC] Report {i}: a plant in invented county number {i} started production. " * 4
        doc = Document(id=ids.document_id(text), text=text, publisher="Synthetic Wire")
        claims = [Claim(id=ids.claim_id(doc.id, "t", "event", k, k + 5, {"k": k}), document_id=doc.id,
                        span=Span(k, k + 5), kind="event", value={"k": k}, quote=text[k:k + 5],
                        extractor="t", extractor_version="1") for k in (0, 10)]
        store.add_document(doc, location=f"mem:{i}", claims=claims)
"""
TOTAL = 250


def _counts(url: str) -> tuple[int, int, int]:
    with open_store(url) as store, store.engine.connect() as conn:
        docs = conn.scalar(sa.text("SELECT count(*) FROM documents"))
        # Documents missing their sighting or either claim would show up here.
        broken = conn.scalar(sa.text(
            "SELECT count(*) FROM documents d WHERE "
            "(SELECT count(*) FROM sightings s WHERE s.document_id = d.id) <> 1 OR "
            "(SELECT count(*) FROM claims c WHERE c.document_id = d.id) <> 2"))
        found = len(store.search("invented county", limit=10_000))
    return docs, broken, found


def _run(url: str, wait_for: int | None) -> None:
    env = os.environ | {"PYTHONPATH": os.getcwd()}
    proc = subprocess.Popen([sys.executable, "-c", WRITER, url, str(TOTAL)], env=env)
    if wait_for is None:
        assert proc.wait(timeout=120) == 0
        return
    deadline = time.monotonic() + 60
    with open_store(url) as store:
        while store.stats()["documents"] < wait_for and time.monotonic() < deadline:
            time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)


def test_kill_9_leaves_whole_documents(db_url):
    open_store(db_url).close()  # migrate first so the writer starts writing at once
    _run(db_url, wait_for=50)
    docs, broken, found = _counts(db_url)
    assert 50 <= docs < TOTAL and broken == 0 and found == docs
    _run(db_url, wait_for=None)
    assert _counts(db_url) == (TOTAL, 0, TOTAL)


def test_two_writers_at_once(db_url):
    open_store(db_url).close()
    env = os.environ | {"PYTHONPATH": os.getcwd()}
    # Overlapping ranges: texts 75..149 are written by both processes.
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, db_url, str(stop), str(start)],
                              env=env, stderr=subprocess.PIPE, text=True)
             for start, stop in ((0, 150), (75, 225))]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    docs, broken, _ = _counts(db_url)
    assert (docs, broken) == (225, 0)
