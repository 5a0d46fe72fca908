"""`nkwatch ingest` end to end: exit codes, one line per failure, summary, re-runs, demo set."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nkwatch.cli.main import app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture
def run(db_url, monkeypatch):
    monkeypatch.setenv("NKWATCH_DB", db_url)  # restored after the test, whatever --db did

    def invoke(*args: str):
        return CliRunner().invoke(app, list(args))

    return invoke


@pytest.fixture
def inbox(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    (root / "a.txt").write_text("[SYNTHETIC] A mill was inaugurated in Sample County.", encoding="utf-8")
    (root / "b.md").write_text("# [SYNTHETIC] Port\n\nThe invented port opened a pier.", encoding="utf-8")
    (root / "bad.jsonl").write_bytes(b"not json at all")
    (root / "c.xyz").write_bytes(b"\x00\x01")
    return root


def test_ingest_reports_failures_and_exits_nonzero(run, inbox):
    result = run("ingest", "--no-extract", str(inbox))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{inbox}/bad.jsonl: not JSON Lines (line 1: not JSON: Expecting value)",
        f"{inbox}/c.xyz: skipped: nkwatch does not read .xyz files (it reads .atom .htm .html .jsonl .md .pdf .rss .txt .xml)",
    ]
    assert result.stdout.startswith("new 2, duplicate 0, near-duplicate 0, failed 1, skipped 1 (")
    assert json.loads(run("stats", "--json").stdout)["documents"] == 2


def test_rerun_adds_nothing_and_clean_run_exits_zero(run, inbox):
    for name in ("bad.jsonl", "c.xyz"):
        (inbox / name).unlink()
    assert run("ingest", "--no-extract", str(inbox)).exit_code == 0
    before = json.loads(run("stats", "--json").stdout)
    again = run("ingest", "--no-extract", str(inbox))
    assert again.exit_code == 0
    assert again.stdout.startswith("new 0, duplicate 2, near-duplicate 0, failed 0, skipped 0")
    assert json.loads(run("stats", "--json").stdout) == before


def test_ingest_without_inputs_is_a_usage_error(run):
    result = run("ingest")
    assert result.exit_code == 2
    assert "nothing to ingest" in result.stderr


def test_unreachable_database_is_one_line(monkeypatch, tmp_path):
    monkeypatch.setenv("NKWATCH_DB", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    (tmp_path / "a.txt").write_text("[SYNTHETIC] text", encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "a.txt")])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("error: cannot open postgresql+psycopg://nobody@127.0.0.1:1/none")


def test_demo_examples_ingest_cleanly_and_are_marked_synthetic(run):
    result = run("ingest", "--no-extract", str(EXAMPLES))
    assert result.exit_code == 0, result.stderr
    stats = json.loads(run("stats", "--json").stdout)
    assert 8 <= stats["documents"] <= 16
    listed = json.loads(run("docs", "list", "--json", "--limit", "100").stdout)
    for doc in listed:
        marked = doc["metadata"].get("synthetic") is True or "SYNTHETIC" in (doc["title"] or "")
        assert marked, doc


def test_ingest_runs_the_extractor(run, inbox):
    for name in ("bad.jsonl", "c.xyz"):
        (inbox / name).unlink()
    assert run("ingest", str(inbox)).exit_code == 0
    # Whatever the extractor finds is stored; "inaugurated" should give at least one event.
    assert json.loads(run("stats", "--json").stdout)["claims"] >= 1


def test_console_script_entry_point(tmp_path):
    import subprocess
    import sys

    env = os.environ | {"NKWATCH_DB": f"sqlite:///{tmp_path / 'x.sqlite'}"}
    made = subprocess.run([sys.executable, "-m", "nkwatch.cli.main", "db", "upgrade"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert made.returncode == 0, made.stderr
    out = subprocess.run([sys.executable, "-m", "nkwatch.cli.main", "stats", "--json"],
                         capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["documents"] == 0


def test_ctrl_c_keeps_whole_documents_and_says_so(tmp_path, sqlite_url):
    import signal
    import subprocess
    import sys
    import time

    from nkwatch.store import open_store

    many = tmp_path / "many.jsonl"
    many.write_text("\n".join(
        json.dumps({"text": f"[SYNTHETIC] Item {i}: a plant in invented county {i} opened. " * 5})
        for i in range(5000)), encoding="utf-8")
    env = os.environ | {"NKWATCH_DB": sqlite_url}
    open_store(sqlite_url).close()  # created before the race to watch it starts
    proc = subprocess.Popen([sys.executable, "-m", "nkwatch.cli.main", "ingest", "--no-extract",
                             str(many)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    deadline = time.monotonic() + 60
    with open_store(sqlite_url) as store:
        while store.stats()["documents"] < 20 and time.monotonic() < deadline:
            time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert out.strip().endswith("; interrupted") and "Traceback" not in err
    with open_store(sqlite_url) as store:
        stored = store.stats()
    assert 20 <= stored["documents"] < 5000 and stored["sightings"] == stored["documents"]


def test_ingest_feed_url(run, feed_server):
    result = run("ingest", "--no-extract", "--feed", f"{feed_server}/feed.atom",
                 "--feed", f"{feed_server}/missing.atom")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"{feed_server}/missing.atom: HTTP 404 Not Found"]
    assert result.stdout.startswith("new 2, duplicate 0, near-duplicate 0, failed 1")
