"""Claims are append-only; reviews add rows; views pick the latest decision."""

from __future__ import annotations

import pytest

from nkwatch import ids
from nkwatch.model import Claim, ClaimStatus, Document, Span

TEXT = "[SYNTHETIC] The Sample County Shoe Factory was inaugurated on 10 January 2025."


def document() -> Document:
    return Document(id=ids.document_id(TEXT), text=TEXT)


def claim(value: dict, kind: str = "event", start: int = 12, end: int = 77) -> Claim:
    doc_id = ids.document_id(TEXT)
    return Claim(id=ids.claim_id(doc_id, "test", kind, start, end, value), document_id=doc_id,
                 span=Span(start, end), kind=kind, value=value, quote=TEXT[start:end],
                 extractor="test", extractor_version="1")


@pytest.fixture
def stored(store):
    store.add_document(document())
    return store


def test_add_claims_is_idempotent(stored):
    first = claim({"type": "completion"})
    second = claim({"type": "production"}, kind="event", start=0, end=10)
    assert stored.add_claims([first, second]) == 2
    assert stored.add_claims([first, second]) == 0
    assert stored.claims(document_id=first.document_id) == [first, second]
    assert stored.claims(kind="other") == []


def test_claims_arrive_with_their_document(store):
    first = claim({"type": "completion"})
    store.add_document(document(), claims=[first])
    store.add_document(document(), claims=[first])
    assert store.claims() == [first]


def test_review_adds_rows_and_views_pick_latest(stored):
    original = claim({"type": "completion", "date": "2025-01-09"})
    kept = claim({"type": "inspection"}, start=0, end=11)
    stored.add_claims([original, kept])

    corrected = stored.review(original.id, "corrected", author="analyst",
                              value={"type": "completion", "date": "2025-01-10"}, note="date")
    assert (corrected.status, corrected.supersedes) == (ClaimStatus.CORRECTED, original.id)
    assert corrected.value["date"] == "2025-01-10"
    assert stored.current_claims() == [corrected, kept]

    # Accepting the (already corrected) chain keeps the corrected value.
    accepted = stored.review(original.id, ClaimStatus.ACCEPTED, author="analyst")
    assert (accepted.supersedes, accepted.value) == (corrected.id, corrected.value)

    rejected = stored.review(kept.id, "rejected", author="analyst")
    assert stored.current_claims() == [accepted]
    assert rejected in stored.claims()
    # Nothing was overwritten: all five rows are there, originals unchanged.
    assert stored.claims() == [original, kept, corrected, accepted, rejected]


def test_same_decision_twice_adds_nothing_but_flip_flop_does(stored):
    original = claim({"type": "completion"})
    stored.add_claims([original])
    first = stored.review(original.id, "accepted", author="a")
    assert stored.review(original.id, "accepted", author="a") == first
    stored.review(original.id, "rejected", author="a")
    again = stored.review(original.id, "accepted", author="a")
    assert again.id != first.id
    assert stored.current_claims() == [again]
    assert len(stored.claims()) == 4


def test_review_checks_its_arguments(stored):
    original = claim({"type": "completion"})
    stored.add_claims([original])
    with pytest.raises(ValueError):
        stored.review(original.id, "corrected", author="a")
    with pytest.raises(ValueError):
        stored.review(original.id, "accepted", author="a", value={"type": "x"})
    with pytest.raises(ValueError):
        stored.review(original.id, "auto", author="a")
    with pytest.raises(KeyError):
        stored.review("clm_missing", "accepted", author="a")


def test_claims_must_point_at_stored_things(store):
    orphan = claim({"type": "completion"})  # its document was never stored
    with pytest.raises(ValueError):
        store.add_claims([orphan])
    other = Document(id=ids.document_id("[SYNTHETIC] other"), text="[SYNTHETIC] other")
    with pytest.raises(ValueError):
        store.add_document(other, claims=[orphan])
    assert store.stats()["documents"] == 0 and store.claims() == []


def test_reviewing_any_row_of_a_chain_extends_that_chain(stored):
    original = claim({"type": "completion"})
    stored.add_claims([original])
    corrected = stored.review(original.id, "corrected", author="a", value={"type": "production"})
    rejected = stored.review(corrected.id, "rejected", author="b", note="not an event")
    assert rejected.supersedes == corrected.id
    assert stored.current_claims() == []
    restored = stored.review(original.id, "accepted", author="c")
    assert (restored.supersedes, restored.value) == (rejected.id, {"type": "production"})
    assert stored.current_claims(kind="event") == [restored]
