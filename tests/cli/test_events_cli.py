"""Issue 4: the extractor runs inside `nkwatch ingest`; its events are claims with provenance.

The documents are SYNTHETIC, written for this test (invented events, real place names).
"""

import json

from typer.testing import CliRunner

from nkwatch.cli.main import app

DOCS = [
    {"id": "syn-1", "publisher": "Synthetic State Media", "published": "2025-06-03", "title": None,
     "synthetic": True,
     "text": "Pyongyang, June 3 (KCNA) -- Songchon County held an inauguration ceremony for "
             "its new regional-industry factories on June 2. Kim Jong Un cut the tape."},
    {"id": "syn-2", "publisher": "Synthetic Wire", "published": "2025-06-10", "title": None,
     "synthetic": True,
     "text": "State media said on Tuesday that a synthetic missile was test-fired on Monday."},
]


def run(*args: str, db: str):
    result = CliRunner().invoke(app, ["--db", db, *args])
    return result


def test_ingest_extracts_and_events_list_reads_back(tmp_path, db_url):
    source = tmp_path / "docs.jsonl"
    source.write_text("\n".join(json.dumps(d) for d in DOCS) + "\n", encoding="utf-8")
    assert run("ingest", str(source), db=db_url).exit_code == 0

    listed = run("events", "list", "--json", db=db_url)
    assert listed.exit_code == 0, listed.output
    events = [json.loads(line) for line in listed.output.splitlines() if line.startswith("{")]
    by_type = {e["type"]: e for e in events}
    assert set(by_type) == {"completion", "weapons_test"}
    completion = by_type["completion"]
    assert completion["date"] == "2025-06-02"
    assert completion["place"] == {"province": "South Phyongan", "county": "Songchon"}
    assert completion["leader_present"] is True
    assert (completion["reports"], completion["sources"], completion["status"]) == (1, 1, "auto")
    # Its one source is KCNA, whom the document cites ("(KCNA)"): graded C, possibly true.
    assert completion["credibility"] == 3
    reports = [json.loads(line) for line in run("events", "reports", "--json", db=db_url).output.splitlines()]
    assert {r["publisher"] for r in reports} == {"Synthetic State Media", "Synthetic Wire"}
    assert by_type["weapons_test"]["date"] == "2025-06-09"

    # A re-run adds nothing: same documents, same claims.
    assert run("ingest", str(source), db=db_url).exit_code == 0
    again = run("events", "list", "--json", db=db_url)
    assert len([l for l in again.output.splitlines() if l.startswith("{")]) == len(events)


def test_extract_command_writes_the_contract_and_reports_bad_lines(tmp_path):
    source = tmp_path / "docs.jsonl"
    source.write_text(json.dumps(DOCS[0]) + "\nnot json\n", encoding="utf-8")
    out = tmp_path / "events.jsonl"
    result = CliRunner().invoke(app, ["extract", str(source), "-o", str(out)])
    assert result.exit_code == 1  # one bad line
    assert f"{source}:2: not JSON" in result.output
    events = [json.loads(line) for line in out.read_text().splitlines()]
    assert [e["type"] for e in events] == ["completion"]
    e = events[0]
    assert set(e) == {"doc_id", "type", "date", "place", "facility", "sector", "leader_present",
                      "quantities", "partners", "deadline", "evidence"}
    start, end = e["evidence"]
    assert "inauguration ceremony" in DOCS[0]["text"][start:end]
