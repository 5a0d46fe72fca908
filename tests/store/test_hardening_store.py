"""Issue 7, item 5 (the store's side): `Store.list_events` filters (type, sector), orders (date,
undated first, then type) and limits in one SQL statement, however many claims are stored.

Documents and claims are SYNTHETIC, written for this test; both engines (sqlite, postgresql).
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from nkwatch import ids
from nkwatch.model import Claim, ClaimStatus, Document, Span

TYPES = ("weapons_test", "completion", "inspection")
SECTORS = ("military", "other")
DATES = (None, "2025-03-01", "2024-12-30", None, "2025-03-01", "2025")


def _fill(store, n_docs: int) -> list[tuple[int, dict]]:
    """`n_docs` documents with three event claims each; returns (insertion number, value) of each
    claim that is current and visible after the reviews below."""
    visible = []
    number = 0
    for i in range(n_docs):
        text = f"[SYNTHETIC] Report {i}: an invented plant number {i} was inaugurated."
        doc_id = ids.document_id(text)
        claims = []
        for k in range(3):
            value = {"type": TYPES[(i + k) % 3], "date": DATES[(i * 3 + k) % len(DATES)],
                     "sector": SECTORS[(i + k) % 2]}
            claims.append(Claim(id=ids.claim_id(doc_id, "test", "event", k, k + 5, value),
                                document_id=doc_id, span=Span(k, k + 5), kind="event",
                                value=value, quote=text[k:k + 5], extractor="test",
                                extractor_version="1"))
        store.add_document(Document(id=doc_id, text=text, publisher=f"Synthetic Wire {i % 4}"),
                           claims=claims)
        for k, claim in enumerate(claims):
            number += 1
            if i % 5 == 1 and k == 0:  # rejected: not listed
                store.review(claim.id, "rejected", author="a")
                continue
            if i % 5 == 2 and k == 1:  # corrected: listed once, with the analyst's value
                value = dict(claim.value, date="2023-07-07")
                store.review(claim.id, "corrected", author="a", value=value)
                visible.append((number, value, f"Synthetic Wire {i % 4}"))
                continue
            visible.append((number, claim.value, f"Synthetic Wire {i % 4}"))
    return visible


def _expected(visible, *, event_type=None, sector=None, limit=200, offset=0):
    rows = [v for v in visible if (event_type is None or v[1]["type"] == event_type)
            and (sector is None or v[1]["sector"] == sector)]
    # Undated first, then by date (as text), then by type, then in the order claims began.
    rows.sort(key=lambda v: (v[1]["date"] is not None, v[1]["date"] or "", v[1]["type"], v[0]))
    return [(v[1], v[2]) for v in rows[offset:offset + limit]]


def _listed(store, **kwargs):
    return [(claim.value, publisher) for claim, publisher in store.list_events(**kwargs)]


class Statements:
    """Every statement the engine sends to the database while active."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine, self.sql = engine, []

    def _record(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self.sql.append(statement)

    def __enter__(self) -> Statements:
        sa.event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *exc) -> None:
        sa.event.remove(self.engine, "before_cursor_execute", self._record)

    @property
    def selects(self) -> list[str]:
        return [s for s in self.sql if s.lstrip().upper().startswith("SELECT")]


@pytest.mark.parametrize("kwargs", [
    {}, {"event_type": "completion"}, {"sector": "military"},
    {"event_type": "inspection", "sector": "other"}, {"limit": 4}, {"limit": 5, "offset": 3},
    {"event_type": "weapons_test", "limit": 2}, {"event_type": "no_such_type"},
])
def test_list_events_filters_orders_and_limits(store, kwargs):
    visible = _fill(store, 12)
    assert _listed(store, **kwargs) == _expected(visible, **kwargs)


def test_list_events_is_one_statement_whatever_the_number_of_claims(store):
    counts = {}
    for n_docs in (3, 60):  # 9 claims, then 189 claims in all
        _fill(store, n_docs)
        for kwargs in ({}, {"event_type": "completion", "sector": "other", "limit": 5}):
            with Statements(store.engine) as seen:
                rows = store.list_events(**kwargs)
            assert rows, kwargs
            # One SELECT (SQLite adds its BEGIN; nothing per claim or per document).
            assert len(seen.selects) == 1, seen.sql
            assert len(seen.sql) <= 2, seen.sql
            counts[(n_docs, tuple(kwargs))] = len(seen.sql)
    assert counts[(3, ())] == counts[(60, ())]


def test_list_events_leaves_out_claims_that_are_not_events(store):
    text = "[SYNTHETIC] An invented county held a ceremony."
    doc_id = ids.document_id(text)
    other = Claim(id=ids.claim_id(doc_id, "test", "place", 0, 5, {"type": "x"}), document_id=doc_id,
                  span=Span(0, 5), kind="place", value={"type": "x"}, quote=text[:5],
                  extractor="test", extractor_version="1")
    retracted = Claim(id=ids.claim_id(doc_id, "test", "event", 0, 5, {"type": "completion"}),
                      document_id=doc_id, span=Span(0, 5), kind="event",
                      value={"type": "completion"}, quote=text[:5], extractor="test",
                      extractor_version="1", status=ClaimStatus.RETRACTED)
    store.add_document(Document(id=doc_id, text=text), claims=[other, retracted])
    assert store.list_events() == []
