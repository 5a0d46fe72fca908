"""Document behaviour, run against a SQLite file and a real PostgreSQL database."""

from __future__ import annotations

from nkwatch import ids
from nkwatch.model import Document, Source, SourceType
from nkwatch.store import open_store

# Synthetic text, written for these tests.
BASE = (
    "[SYNTHETIC] A ceremony was held on Tuesday to inaugurate the Example Valley Textile Mill "
    "in the fictional Sample County. The mill has two weaving halls, a dyeing shop and a "
    "warehouse, and it will supply fabric to consumer goods plants across the region. Officials "
    "said the builders finished the project ahead of schedule despite a cold winter, and that "
    "the workers had set a new record for the number of looms installed in a single month."
)


def doc(text: str = BASE, **fields: object) -> Document:
    return Document(id=ids.document_id(text), text=text, **fields)  # type: ignore[arg-type]


def test_new_document_round_trips(store):
    original = doc(title="[SYNTHETIC] Mill opens", url="https://example.org/a", publisher="KCNA",
                   published="2025-01-11", source_type=SourceType.STATE_MEDIA, language="en",
                   origin="/tmp/a.txt", metadata={"synthetic": True, "external_id": "017"})
    result = store.add_document(original)
    assert (result.status, result.document_id, result.original_id) == ("new", original.id, None)
    assert store.get_document(original.id) == original
    assert store.get_document("doc_missing") is None


def test_exact_duplicate_is_another_sighting(store):
    first = store.add_document(doc(), location="https://example.org/a", seen_at="2025-01-01T00:00:00Z")
    again = store.add_document(doc(), location="https://example.org/b", seen_at="2025-01-03T00:00:00Z")
    # Layout-only differences hash to the same document.
    spaced = store.add_document(doc(BASE.replace(". ", ".\n\n")), location="https://example.org/a",
                                seen_at="2025-01-05T00:00:00Z")
    assert first.status == "new"
    assert (again.status, again.document_id) == ("duplicate", first.document_id)
    assert (spaced.status, spaced.document_id) == ("duplicate", first.document_id)
    seen = {s.location: (s.first_seen, s.last_seen) for s in store.sightings(first.document_id)}
    assert seen == {
        "https://example.org/a": ("2025-01-01T00:00:00Z", "2025-01-05T00:00:00Z"),
        "https://example.org/b": ("2025-01-03T00:00:00Z", "2025-01-03T00:00:00Z"),
    }
    stats = store.stats()
    assert (stats["documents"], stats["sightings"]) == (1, 2)


def test_rerun_adds_nothing(store):
    docs = [doc(BASE + f" Report number {i} of the series, with its own closing words.") for i in range(3)]
    for d in docs:
        store.add_document(d, location=f"file{d.id}.txt")
    before = store.stats()
    assert [store.add_document(d, location=f"file{d.id}.txt").status for d in docs] == ["duplicate"] * 3
    assert store.stats() == before


def test_near_duplicate_is_stored_and_linked(store):
    original = store.add_document(doc())
    edited = doc(BASE.replace("a cold winter", "a very cold winter"))
    near = store.add_document(edited)
    other = store.add_document(doc("[SYNTHETIC] A different story entirely: the fishing fleet of "
                                   "an invented port landed a record catch of squid this week."))
    assert (near.status, near.original_id) == ("near_duplicate", original.document_id)
    assert store.get_document(edited.id).near_duplicate_of == original.document_id
    assert other.status == "new"
    assert store.stats()["near_duplicates"] == 1


def test_near_duplicate_index_is_rebuilt_on_open(db_url):
    with open_store(db_url) as first:
        original = first.add_document(doc())
    with open_store(db_url) as second:  # a new process would start from the stored signatures
        near = second.add_document(doc(BASE.replace("Tuesday", "Wednesday")))
    assert (near.status, near.original_id) == ("near_duplicate", original.document_id)


def test_document_id_must_be_the_text_hash(store):
    import pytest

    with pytest.raises(ValueError):
        store.add_document(Document(id="doc_made_up", text=BASE))


def test_source_is_recorded_with_its_grade(store):
    kcna = Source(ids.source_id("KCNA"), "KCNA", SourceType.STATE_MEDIA, "C")
    store.add_document(doc(publisher="KCNA"), source=kcna)
    store.add_document(doc(BASE + " Extra.", publisher="Unknown Blog"))
    graded = {s.name: (s.type, s.reliability) for s in store.sources()}
    assert graded == {"KCNA": (SourceType.STATE_MEDIA, "C"), "Unknown Blog": (SourceType.OTHER, "F")}


def test_list_filters(store):
    rows = [
        ("KCNA", "2025-01-11", "looms weaving mill"),
        ("KCNA", "2025-02", "fishing fleet squid"),
        ("Yonhap", "2024-12-30", "missile test-fire reported"),
        ("Yonhap", None, "undated report about the mill"),
    ]
    for publisher, published, words in rows:
        store.add_document(doc(f"[SYNTHETIC] {words} " * 3, publisher=publisher, published=published))

    def listed(**filters: object) -> list[tuple[str | None, str | None]]:
        return [(d.publisher, d.published) for d in store.list_documents(**filters)]

    assert listed() == [("KCNA", "2025-02"), ("KCNA", "2025-01-11"), ("Yonhap", "2024-12-30"),
                        ("Yonhap", None)]
    assert listed(publisher="kcna") == [("KCNA", "2025-02"), ("KCNA", "2025-01-11")]
    assert listed(since="2025-01") == [("KCNA", "2025-02"), ("KCNA", "2025-01-11")]
    assert listed(until="2025-01") == [("KCNA", "2025-01-11"), ("Yonhap", "2024-12-30")]
    assert listed(since="2025-01-01", until="2025-01-31") == [("KCNA", "2025-01-11")]
    assert listed(query="mill") == [("KCNA", "2025-01-11"), ("Yonhap", None)]
    assert listed(query="mill", publisher="Yonhap") == [("Yonhap", None)]
    assert listed(limit=2, offset=1) == [("KCNA", "2025-01-11"), ("Yonhap", "2024-12-30")]


def test_stats_by_publisher(store):
    store.add_document(doc(publisher="KCNA"))
    store.add_document(doc("[SYNTHETIC] short note", publisher="KCNA"))
    store.add_document(doc("[SYNTHETIC] another short note"))
    stats = store.stats()
    assert stats["documents"] == 3
    assert stats["by_publisher"] == {"KCNA": 2, "(unknown)": 1}


def test_one_batch_stores_what_one_by_one_would(store):
    """`add_documents` writes claims, runs and sightings at the batch's end: within the batch a
    repeated text is a duplicate, an edited one a near-duplicate of the batch's own document, a
    repeated sighting one row, and every claim arrives with its entity links."""
    from nkwatch.model import Claim, Span
    from nkwatch.store.store import Incoming

    original, edited = doc(), doc(BASE.replace("a cold winter", "a very cold winter"))
    value = {"type": "completion", "entities": {"facility": "facility/example-mill"}}
    event = Claim(id=ids.claim_id(original.id, "test", "event", 0, 40, value), document_id=original.id,
                  span=Span(0, 40), kind="event", value=value, quote=BASE[:40], extractor="test",
                  extractor_version="1")
    results = store.add_documents([
        Incoming(original, [event, event], extractor=("test", "1"), location="a", seen_at="2025-01-02T00:00:00Z"),
        Incoming(original, [], location="a", seen_at="2025-01-01T00:00:00Z"),
        Incoming(edited, [], location="b", seen_at="2025-01-03T00:00:00Z"),
    ])
    assert [(r.status, r.original_id) for r in results] == [
        ("new", None), ("duplicate", None), ("near_duplicate", original.id)]
    assert store.claims(document_id=original.id) == [event]
    assert [s.location for s in store.sightings(original.id)] == ["a"]
    assert (store.sightings(original.id)[0].first_seen, store.sightings(original.id)[0].last_seen) == (
        "2025-01-01T00:00:00Z", "2025-01-02T00:00:00Z")
    with store.engine.connect() as conn:
        import sqlalchemy as sa

        links = conn.execute(sa.text("SELECT entity_id FROM claim_links")).scalars().all()
        runs = conn.execute(sa.text("SELECT document_id FROM extraction_runs")).scalars().all()
    assert links == ["facility/example-mill"] and runs == [original.id]
    # the next batch sees the stored ones through the database, not through the batch
    again = store.add_documents([Incoming(edited, []), Incoming(doc(BASE + " A closing line."), [])])
    assert [r.status for r in again] == ["duplicate", "near_duplicate"]
