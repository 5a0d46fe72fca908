"""Issue 10: `nkwatch targets list|show|add|edit|candidates` over a real store (SQLite and
PostgreSQL). The documents are SYNTHETIC: invented events in real counties."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from nkwatch.cli.main import app

DOCS = [
    {"id": "syn-t1", "publisher": "Synthetic State Media", "published": "2026-11-11", "title": None,
     "text": "Pyongyang, November 11 (SSM) -- An inauguration ceremony for the regional-industry "
             "factories of Maengsan County, South Phyongan Province, took place on November 10."},
    {"id": "syn-t2", "publisher": "Synthetic State Media", "published": "2026-03-02", "title": None,
     "text": "Pyongyang, March 2 (SSM) -- A groundbreaking ceremony for the regional-industry "
             "factories of Rakwon County, South Hamgyong Province, was held on March 1."},
]
T = "target/regional-development-20x10"


def run(*args: str, db: str):
    return CliRunner().invoke(app, ["--db", db, *args], env={"NKWATCH_AUTHOR": "analyst-1"})


def test_targets_show_lists_units_with_stage_date_and_events(tmp_path, db_url):
    path = tmp_path / "docs.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in DOCS), encoding="utf-8")
    assert run("ingest", str(path), db=db_url).exit_code == 0
    shown = run("targets", "show", T, "--json", "--as-of", "2026-12-05", db=db_url)
    assert shown.exit_code == 0, shown.output
    report = json.loads(shown.stdout)
    units = {u["place"]["county"]: u for u in report["units"]}
    assert units["Maengsan"]["stage"] == "completion" and units["Maengsan"]["date"] == "2026-11-10"
    assert units["Rakwon"]["stage"] == "construction_start"  # started, no completion reported yet
    assert all(u["events"] and u["place"]["province"] for u in units.values())
    year = next(p for p in report["periods"] if p["period"] == "2026")
    assert (year["done"], year["started"], year["status"]) == (1, 1, "behind")
    assert "Rakwon, South Hamgyong" not in year["missing"] and year["missing"]

    listed = [json.loads(l) for l in run("targets", "list", "--json", "--as-of", "2026-12-05", db=db_url).stdout.splitlines()]
    statuses = [t["status"] for t in listed]
    assert statuses == sorted(statuses, key=["overdue", "behind", "on track", "met", "unknown"].index)
    assert T in {t["id"] for t in listed}


def test_an_analyst_adds_and_edits_targets_with_an_audit_trail(db_url):
    assert run("db", "upgrade", db=db_url).exit_code == 0
    added = run("targets", "add", "target/synthetic-bridges", "--name", "Two synthetic bridges",
                "--type", "completion", "--kind", "bridge", "--unit", "record", "--goal", "2",
                "--start", "2026", "--deadline", "2027-12", "--source", "https://example.org/synthetic",
                "-m", "from a speech", db=db_url)
    assert added.exit_code == 0, added.output
    edited = run("targets", "edit", "target/synthetic-bridges", "--set", "goal=3", db=db_url)
    assert edited.exit_code == 0, edited.output
    report = json.loads(run("targets", "show", "target/synthetic-bridges", "--json", db=db_url).stdout)
    assert (report["goal"], report["deadline"]) == (3.0, "2027-12")
    log = [json.loads(l) for l in run("review", "log", "--json", db=db_url).stdout.splitlines()]
    assert [d["action"] for d in log[:2]] == ["target_edit", "target_add"]
    bad = run("targets", "edit", "target/synthetic-bridges", "--set", "colour=red", db=db_url)
    assert bad.exit_code == 2 and "FIELD=VALUE" in bad.output
    assert run("targets", "show", "target/none", db=db_url).exit_code == 1
