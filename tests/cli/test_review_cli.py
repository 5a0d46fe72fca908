"""Issue 9: merged events, review decisions (accept, reject, correct, merge, split) with their
audit trail, and decisions that survive re-extraction and new reports, on SQLite and PostgreSQL.

The documents are SYNTHETIC, written for this test (invented events, real names).
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from typer.testing import CliRunner

from nkwatch.cli.main import app

LAUNCH = [
    {"id": "syn-r1", "publisher": "KCNA", "published": "2025-04-26", "title": None,
     "text": "Pyongyang, April 26 (KCNA) -- A launching ceremony of the destroyer Choe Hyon was held "
             "at the Nampho Dockyard on April 25. Kim Jong Un attended the ceremony."},
    {"id": "syn-r2", "publisher": "Yonhap", "published": "2025-04-26", "title": None,
     "text": "SEOUL, April 26 (Yonhap) -- North Korea launched the 5,000-ton destroyer Choe Hyon at "
             "the Namp'o shipyard on Friday, April 25, with leader Kim Jong Un in attendance."},
    {"id": "syn-r3", "publisher": "Reuters", "published": "2025-04-27", "title": None,
     "text": "North Korea launched its newest destroyer, the Choe Hyon, at Nampho on April 25, "
             "according to satellite imagery reviewed by analysts."},
]
VISIT = {"id": "syn-r4", "publisher": "Synthetic Wire", "published": "2025-06-11", "title": None,
         "text": "Kim Jong Un inspected the Sinpho South Shipyard on June 10, state media said."}
LATE = {"id": "syn-r5", "publisher": "AP", "published": "2025-04-28", "title": None,
        "text": "North Korea on April 25 launched the Choe Hyon, a new destroyer built at the "
                "Nampho shipyard, the Associated Press reported."}


def run(*args: str, db: str):
    return CliRunner().invoke(app, ["--db", db, *args], env={"NKWATCH_AUTHOR": "analyst-1"})


def ingest(tmp_path, db: str, docs: list[dict], name: str = "docs.jsonl") -> None:
    path = tmp_path / name
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    result = run("ingest", str(path), db=db)
    assert result.exit_code == 0, result.output
    assert "knowledge base:" in result.stdout


def events(db: str, *args: str) -> list[dict]:
    out = run("events", "list", "--json", *args, db=db)
    assert out.exit_code == 0, out.output
    return [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]


def launch(db: str) -> dict:
    found = [e for e in events(db) if e["type"] == "vessel_launch"]
    assert len(found) == 1, found
    return found[0]


def test_three_reports_of_one_launch_are_one_event_with_independent_sources(tmp_path, db_url):
    ingest(tmp_path, db_url, [*LAUNCH, VISIT])
    event = launch(db_url)
    assert event["reports"] == 3 and event["date"] == "2025-04-25"
    assert event["entity"] == "facility/nampho-shipyard"
    # KCNA, Yonhap and Reuters: Yonhap's story is its own (no attribution), three originators
    assert event["sources"] == 3 and event["credibility"] == 1
    shown = json.loads(run("events", "show", event["id"], "--json", db=db_url).stdout)
    assert {r["publisher"] for r in shown["reports_detail"]} == {"KCNA", "Yonhap", "Reuters"}
    assert all(r["sentence"] for r in shown["reports_detail"])
    joined = [r["joined"] for r in shown["reports_detail"] if r["joined"]["reasons"]]
    assert joined and any("same day" in j["reasons"] for j in joined)
    text = run("events", "show", event["id"][4:12], db=db_url)
    assert text.exit_code == 0 and "same day" in text.stdout


def test_review_actions_and_the_audit_trail(tmp_path, db_url):
    ingest(tmp_path, db_url, [*LAUNCH, VISIT])
    event = launch(db_url)
    visit = next(e for e in events(db_url) if e["type"] == "inspection")

    queue = [json.loads(l) for l in run("review", "queue", "--json", db=db_url).stdout.splitlines()]
    assert [q["confidence"] for q in queue] == sorted(q["confidence"] for q in queue)

    assert run("review", "accept", event["id"], "-m", "three sources", db=db_url).exit_code == 0
    assert launch(db_url)["status"] == "accepted"

    fixed = run("review", "correct", visit["id"], "--set", "date=2025-06-09", "-m", "KCNA date", db=db_url)
    assert fixed.exit_code == 0, fixed.output
    visit_now = next(e for e in events(db_url) if e["type"] == "inspection")
    assert (visit_now["date"], visit_now["status"], visit_now["id"]) == ("2025-06-09", "corrected", visit["id"])

    assert run("review", "reject", visit["id"], db=db_url).exit_code == 0
    assert [e for e in events(db_url) if e["type"] == "inspection"] == []
    assert [e["id"] for e in events(db_url, "--status", "rejected")] == [visit["id"]]

    log = [json.loads(l) for l in run("review", "log", "--json", db=db_url).stdout.splitlines()]
    assert [d["action"] for d in log] == ["reject", "correct", "accept"]
    assert {d["author"] for d in log} == {"analyst-1"}
    assert log[1]["value"] == {"date": "2025-06-09"} and log[1]["note"] == "KCNA date"

    bad = run("review", "correct", visit["id"], "--set", "colour=red", db=db_url)
    assert bad.exit_code == 1 and "cannot correct colour" in bad.output
    missing = run("review", "accept", "evt_nosuchevent", db=db_url)
    assert missing.exit_code == 1 and "no event" in missing.output


def test_split_and_merge_are_kept(tmp_path, db_url):
    ingest(tmp_path, db_url, [*LAUNCH, VISIT])
    event = launch(db_url)
    shown = json.loads(run("events", "show", event["id"], "--json", db=db_url).stdout)
    reuters = next(r["claim"] for r in shown["reports_detail"] if r["publisher"] == "Reuters")
    split = run("review", "split", event["id"], "--report", reuters, db=db_url)
    assert split.exit_code == 0, split.output
    launches = [e for e in events(db_url) if e["type"] == "vessel_launch"]
    assert sorted(e["reports"] for e in launches) == [1, 2]
    kept = next(e for e in launches if e["reports"] == 2)
    assert kept["id"] == event["id"]  # the event keeps its id: its earliest report stayed

    # A new report of the launch joins one of them, and the split still holds.
    ingest(tmp_path, db_url, [LATE], "late.jsonl")
    launches = [e for e in events(db_url) if e["type"] == "vessel_launch"]
    assert len(launches) == 2 and sum(e["reports"] for e in launches) == 4

    other = next(e for e in launches if e["id"] != event["id"])
    assert run("review", "merge", event["id"], "--with", other["id"], db=db_url).exit_code == 0
    assert launch(db_url)["reports"] == 4


def test_decisions_survive_re_extraction(tmp_path, db_url):
    ingest(tmp_path, db_url, [*LAUNCH, VISIT])
    event = launch(db_url)
    visit = next(e for e in events(db_url) if e["type"] == "inspection")
    assert run("review", "correct", event["id"], "--set", "facility=Choe Hyon", db=db_url).exit_code == 0
    assert run("review", "reject", visit["id"], db=db_url).exit_code == 0

    # As if a new extractor version came: every document is read again.
    from nkwatch.store import open_store

    with open_store(db_url) as store, store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE extraction_runs SET extractor_version = '0.0.0+old'"))
    again = run("extract", "--stored", "--all", db=db_url)
    assert again.exit_code == 0, again.output
    after = launch(db_url)
    assert (after["id"], after["status"], after["facility"]) == (event["id"], "corrected", "Choe Hyon")
    assert [e for e in events(db_url) if e["type"] == "inspection"] == []
    assert [e["id"] for e in events(db_url, "--status", "rejected")] == [visit["id"]]
