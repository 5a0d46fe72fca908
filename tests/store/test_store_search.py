"""Full-text search (FTS5 on SQLite, tsvector on PostgreSQL) behaves the same on both."""

from __future__ import annotations

from nkwatch import ids
from nkwatch.model import Document

TEXTS = {
    "mill": "[SYNTHETIC] Workers at the Example Textile Mill celebrated the opening of new "
            "weaving factories in Sample County.",
    "fleet": "[SYNTHETIC] The fishing fleet of an invented port landed a record squid catch.",
    "korean": "[SYNTHETIC] 견본군 방직공장 준공식이 진행되었다.",
}


def add_all(store) -> dict[str, str]:
    found = {}
    for name, text in TEXTS.items():
        title = "[SYNTHETIC] Fleet report" if name == "fleet" else None
        store.add_document(Document(id=ids.document_id(text), text=text, title=title))
        found[name] = ids.document_id(text)
    return found


def test_search_finds_stems_and_all_words(store):
    doc_ids = add_all(store)
    # "factory" finds "factories": both engines stem English.
    results = store.search("factory opening")
    assert [d.id for d, _ in results] == [doc_ids["mill"]]
    assert "[" in results[0][1] and "]" in results[0][1]
    assert store.search("factory squid") == []


def test_search_matches_titles_and_korean(store):
    doc_ids = add_all(store)
    assert [d.id for d, _ in store.search("fleet report")] == [doc_ids["fleet"]]
    assert [d.id for d, _ in store.search("방직공장")] == [doc_ids["korean"]]


def test_search_survives_query_syntax(store):
    add_all(store)
    for query in ['"', "NEAR(", "squid AND", "-", "title:squid", "'; drop table documents; --"]:
        store.search(query)  # must not raise on either engine
    assert store.search("   ") == []
    assert [d.text for d, _ in store.search('squid"')] == [TEXTS["fleet"]]
