"""The batch loop: feeds over real HTTP on loopback, the extractor hook, publishers, re-runs."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from nkwatch import ids
from nkwatch.ingest import batch
from nkwatch.model import Claim, Document, SourceType, Span

def quiet() -> Console:
    return Console(file=io.StringIO())


@pytest.fixture
def inbox(tmp_path):
    """Input files live apart from the SQLite file the store writes in tmp_path."""
    (tmp_path / "in").mkdir()
    return tmp_path / "in"


def test_feed_url_over_http(store, feed_server):
    server = feed_server
    urls = [f"{server}/feed.atom", f"{server}/broken.atom", f"{server}/missing.atom"]
    summary = batch.run(store, feeds=urls, err=quiet())
    assert summary.new == 2
    assert summary.problems == [
        f"{server}/broken.atom: not an RSS/Atom feed (no entries)",
        f"{server}/missing.atom: HTTP 404 Not Found",
    ]
    docs = store.list_documents()
    assert {d.publisher for d in docs} == {"Synthetic Analyst Feed"}
    assert {d.url for d in docs} == {"http://127.0.0.1/a1", "http://127.0.0.1/a2"}
    assert {d.published for d in docs} == {"2025-03-05", "2025-03-06"}
    again = batch.run(store, feeds=urls[:1], err=quiet())
    assert (again.new, again.duplicate) == (0, 2)


def fake_extractor(doc: Document) -> list[Claim]:
    """A stand-in stage written for this test: one claim on the first word."""
    value = {"type": "completion"}
    return [Claim(id=ids.claim_id(doc.id, "test", "event", 0, 11, value), document_id=doc.id,
                  span=Span(0, 11), kind="event", value=value, quote=doc.text[:11],
                  extractor="test", extractor_version="1")]


def test_extract_hook_claims_are_stored_with_documents(store, inbox):
    (inbox / "a.txt").write_text("[SYNTHETIC] The mill was inaugurated.", encoding="utf-8")
    (inbox / "b.txt").write_text("[SYNTHETIC] A vessel was launched.", encoding="utf-8")
    batch.run(store, [inbox], extract=fake_extractor, err=quiet())
    assert sorted(c.quote for c in store.claims()) == ["[SYNTHETIC]", "[SYNTHETIC]"]
    assert len({c.document_id for c in store.claims()}) == 2


def test_failing_extractor_stores_nothing_for_that_document(store, inbox):
    (inbox / "a.txt").write_text("[SYNTHETIC] The mill was inaugurated.", encoding="utf-8")

    def broken(doc: Document) -> list[Claim]:
        raise RuntimeError("stage exploded")

    summary = batch.run(store, [inbox], extract=broken, err=quiet())
    assert summary.problems == [f"{inbox}/a.txt: extraction failed: RuntimeError: stage exploded"]
    assert store.stats()["documents"] == 0


def test_publishers_are_graded_from_the_mapping(store, inbox):
    lines = [
        '{"text": "[SYNTHETIC] one", "publisher": "Korean Central News Agency"}',
        '{"text": "[SYNTHETIC] two", "url": "https://www.yna.co.kr/view/x"}',
        '{"text": "[SYNTHETIC] three", "publisher": "Synthetic Analyst Desk", "source_type": "analyst", "reliability": "B"}',
        '{"text": "[SYNTHETIC] four", "publisher": "Some Blog"}',
    ]
    (inbox / "p.jsonl").write_text("\n".join(lines), encoding="utf-8")
    batch.run(store, [inbox], err=quiet())
    graded = {s.name: (s.type.value, s.reliability) for s in store.sources()}
    assert graded == {"KCNA": ("state_media", "C"), "Yonhap": ("news_agency", "B"),
                      "Synthetic Analyst Desk": ("analyst", "B"), "Some Blog": ("other", "F")}
    kcna = store.list_documents(publisher="KCNA")[0]
    assert kcna.source_type == SourceType.STATE_MEDIA
    assert kcna.metadata["publisher_as_given"] == "Korean Central News Agency"


def test_near_duplicate_in_one_batch(store, inbox):
    base = ("[SYNTHETIC] Workers of the invented Example Fertilizer Complex in Sample County set a "
            "new production record this month, turning out more fertilizer than in any month "
            "since the plant was modernized, according to the plant's managers and engineers.")
    (inbox / "a.txt").write_text(base, encoding="utf-8")
    (inbox / "b.txt").write_text(base.replace("this month", "this month,"), encoding="utf-8")
    (inbox / "c.txt").write_text(base + " Reported again.", encoding="utf-8")
    summary = batch.run(store, [inbox], err=quiet())
    assert (summary.new, summary.near_duplicate) == (1, 2)


def test_progress_bar_shows_docs_per_second_on_a_terminal(store, inbox):
    lines = "\n".join(f'{{"text": "[SYNTHETIC] item {i} of a long run"}}' for i in range(30))
    (inbox / "many.jsonl").write_text(lines, encoding="utf-8")
    screen = io.StringIO()
    terminal = Console(file=screen, force_terminal=True, width=120)
    summary = batch.run(store, [inbox], err=terminal)
    assert summary.new == 30
    assert "docs/s" in screen.getvalue()
