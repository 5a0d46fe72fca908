"""Issue 13, item 2: `nkwatch ingest --workers N` stores the same documents and claims as one
process, in batches; a re-run finds every document a duplicate. SYNTHETIC documents."""

from __future__ import annotations

import json
import random

import sqlalchemy as sa
from typer.testing import CliRunner

from nkwatch.cli.main import app
from nkwatch.store import open_store

PLACES = ("Songchon County", "Kujang County", "Kusong City", "Kangdong County", "Sinpho City")


def documents(n: int) -> list[dict]:
    rng = random.Random(5)
    out = []
    for i in range(n):
        place = rng.choice(PLACES)
        out.append({"id": f"syn-p{i}", "publisher": "Synthetic Wire", "published": f"2026-0{1 + i % 9}-1{i % 9}",
                    "title": f"[SYNTHETIC] {i}",
                    "text": f"[SYNTHETIC] item {i}. An inauguration ceremony for the regional-industry factories "
                            f"of {place} took place on {1 + i % 27} March. Workers produced {100 + i} tonnes "
                            f"of cement at the Sangwon Cement Complex in February, state media said."})
    return out


def stored(url: str) -> tuple[set, set]:
    with open_store(url, write=False) as store, store.engine.connect() as conn:
        docs = {r[0] for r in conn.execute(sa.text("SELECT id FROM documents"))}
        claims = {r[0] for r in conn.execute(sa.text("SELECT id FROM claims"))}
    return docs, claims


def test_workers_store_what_one_process_stores(tmp_path):
    source = tmp_path / "docs.jsonl"
    source.write_text("".join(json.dumps(d) + "\n" for d in documents(150)), encoding="utf-8")
    one, two = f"sqlite:///{tmp_path / 'one.sqlite'}", f"sqlite:///{tmp_path / 'two.sqlite'}"
    for url, workers in ((one, "1"), (two, "2")):
        result = CliRunner().invoke(app, ["ingest", str(source), "--workers", workers, "--db", url])
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("new 150, duplicate 0")
    assert stored(one) == stored(two) and len(stored(two)[1]) >= 150
    again = CliRunner().invoke(app, ["ingest", str(source), "--workers", "2", "--db", two])
    assert again.stdout.startswith("new 0, duplicate 150")
    assert stored(two) == stored(one)
