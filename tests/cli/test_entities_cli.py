"""Issue 14: `nkwatch entities resolve|show|list|candidates`, and events linked to pack records
(`events list --facility`), on a real SQLite file and a real PostgreSQL.

The documents are SYNTHETIC, written for this test (invented events, real names).
"""

from __future__ import annotations

import json

from typer.testing import CliRunner

from nkwatch.cli.main import app

DOCS = [
    {"id": "syn-e1", "publisher": "Synthetic State Media", "published": "2025-04-26", "title": None,
     "text": "Pyongyang, April 26 (KCNA) -- A launching ceremony for a new destroyer was held at "
             "the Namp'o Dockyard on April 25. Kim Jong Un attended the ceremony."},
    {"id": "syn-e2", "publisher": "Synthetic Wire", "published": "2025-06-11", "title": None,
     "text": "Kim Jong Un inspected the Nampho Shipbuilding Complex on June 10, state media said."},
    {"id": "syn-e3", "publisher": "Synthetic Wire", "published": "2025-07-02", "title": None,
     "text": "Kim Jong Un inspected the Ryongampho Boat Factory in North Phyongan Province on July 1, "
             "state media said."},
]


def run(*args: str, db: str | None = None):
    return CliRunner().invoke(app, [*(["--db", db] if db else []), *args])


def lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_resolve_json_names_record_kind_and_province():
    result = run("entities", "resolve", "Nampo Dockyard", "남포조선소", "Zvezda Shipyard", "--json")
    assert result.exit_code == 0, result.output
    first, hangul, foreign = lines(result.output)
    assert (first["id"], first["kind"], first["province"]) == ("facility/nampho-shipyard", "facility", "Nampho")
    assert hangul["id"] == "facility/nampho-shipyard"
    assert foreign["id"] is None and foreign["candidates"] == []


def test_resolve_kind_and_context():
    result = run("entities", "resolve", "Unsan", "--kind", "place", "--context", "South Phyongan", "--json")
    assert lines(result.output)[0]["id"] == "south-phyongan/unsan"
    bad = run("entities", "resolve", "Unsan", "--kind", "ship")
    assert bad.exit_code == 2 and "--kind 'ship'" in bad.output


def test_show_and_list():
    shown = run("entities", "show", "Nampho Dockyard", "--json")
    assert shown.exit_code == 0, shown.output
    record = json.loads(shown.output)
    assert record["id"] == "facility/nampho-shipyard" and record["sources"]
    assert "Namp'o Dockyard" in record["variants"] and record["lat"] is not None
    listed = run("entities", "list", "--kind", "facility", "--province", "Nampho", "--json")
    ids = {row["id"] for row in lines(listed.output)}
    assert "facility/nampho-shipyard" in ids and all(r["kind"] == "facility" for r in lines(listed.output))
    missing = run("entities", "show", "no such works")
    assert missing.exit_code == 1 and "no record" in missing.output


def test_events_are_linked_to_records_and_candidates_kept(tmp_path, db_url):
    source = tmp_path / "docs.jsonl"
    source.write_text("".join(json.dumps(d) + "\n" for d in DOCS), encoding="utf-8")
    assert run("ingest", str(source), db=db_url).exit_code == 0

    # Two spellings of one shipyard: both reports are that record's.
    by_name = lines(run("events", "reports", "--facility", "Nampho Dockyard", "--json", db=db_url).output)
    by_id = lines(run("events", "reports", "--facility", "facility/nampho-shipyard", "--json", db=db_url).output)
    assert by_name == by_id
    assert {e["document"] for e in by_id} == {"syn-e1", "syn-e2"} or len(by_id) == 2
    assert all(e["entities"]["facility"] == "facility/nampho-shipyard" for e in by_id)
    assert {e["type"] for e in by_id} == {"vessel_launch", "inspection"}
    merged = lines(run("events", "list", "--facility", "Nampho Dockyard", "--json", db=db_url).output)
    assert sorted(e["type"] for e in merged) == ["inspection", "vessel_launch"]
    assert {e["entity"] for e in merged} == {"facility/nampho-shipyard"}

    # A named works the pack does not know is a candidate, with its place, not lost.
    found = lines(run("entities", "candidates", "--json", db=db_url).output)
    names = {c["name"]: c for c in found}
    assert "Ryongampho Boat Factory" in names
    assert names["Ryongampho Boat Factory"]["place"]["province"] == "North Phyongan"
    listed = lines(run("events", "reports", "--facility", names["Ryongampho Boat Factory"]["id"], "--json",
                       db=db_url).output)
    assert [e["type"] for e in listed] == ["inspection"]

    shown = run("entities", "show", "facility/nampho-shipyard", "--events", "--json", db=db_url)
    assert len(json.loads(shown.output)["events"]) == 2


def test_unknown_facility_filter_fails_clearly(db_url):
    result = run("events", "reports", "--facility", "no such works", db=db_url)
    assert result.exit_code == 1 and "no record by that id or name" in result.output
