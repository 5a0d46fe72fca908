"""`nkwatch docs list|show` and `nkwatch stats`: tables for people, JSON for scripts."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from nkwatch import ids
from nkwatch.cli.main import app
from nkwatch.model import Document
from nkwatch.store import open_store

DOCS = [
    ("[SYNTHETIC] The invented Sample Mill was inaugurated.", "KCNA", "2025-01-11", "Mill opens"),
    ("[SYNTHETIC] A fishing fleet from an invented port landed squid.", "Yonhap", "2025-02-03", None),
    ("[SYNTHETIC] Imagery shows the fictional Example Works expanding.", "38 North", "2024-12-30",
     "Works expand"),
]


@pytest.fixture
def run(db_url, monkeypatch):
    monkeypatch.setenv("NKWATCH_DB", db_url)
    with open_store(db_url) as store:
        for text, publisher, published, title in DOCS:
            store.add_document(Document(id=ids.document_id(text), text=text, publisher=publisher,
                                        published=published, title=title and f"[SYNTHETIC] {title}"),
                               location="https://example.org/" + publisher)
    return lambda *args: CliRunner().invoke(app, list(args))


def listed(run, *args: str) -> list[str | None]:
    result = run("docs", "list", "--json", *args)
    assert result.exit_code == 0, result.stderr
    return [d["publisher"] for d in json.loads(result.stdout)]


def test_list_filters(run):
    assert listed(run) == ["Yonhap", "KCNA", "38 North"]
    assert listed(run, "--publisher", "kcna") == ["KCNA"]
    assert listed(run, "--since", "2025-01", "--until", "2025-01") == ["KCNA"]
    assert listed(run, "--until", "2024") == ["38 North"]
    assert listed(run, "--query", "squid") == ["Yonhap"]
    assert listed(run, "-q", "inaugurate mill") == ["KCNA"]


def test_list_table(run):
    result = run("docs", "list")
    assert result.exit_code == 0
    assert "3 documents" in result.stdout and "[SYNTHETIC] Mill opens" in result.stdout


def test_show(run):
    doc_id = ids.document_id(DOCS[0][0])
    shown = json.loads(run("docs", "show", doc_id, "--json").stdout)
    assert (shown["id"], shown["text"], shown["publisher"]) == (doc_id, DOCS[0][0], "KCNA")
    assert [s["location"] for s in shown["sightings"]] == ["https://example.org/KCNA"]
    table = run("docs", "show", doc_id)
    assert table.exit_code == 0 and DOCS[0][0] in table.stdout
    missing = run("docs", "show", "doc_missing")
    assert missing.exit_code == 1 and "no document 'doc_missing'" in missing.stderr


def test_stats(run):
    counts = json.loads(run("stats", "--json").stdout)
    assert counts["documents"] == 3 and counts["sightings"] == 3
    assert counts["by_publisher"] == {"38 North": 1, "KCNA": 1, "Yonhap": 1}
    table = run("stats")
    assert table.exit_code == 0 and "documents" in table.stdout and "KCNA" in table.stdout


def test_list_refuses_dates_in_other_shapes(run):
    result = run("docs", "list", "--since", "Jan 2025")
    assert result.exit_code == 2
    assert "use YYYY, YYYY-MM or YYYY-MM-DD" in result.output + result.stderr
