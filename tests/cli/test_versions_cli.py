"""Issue 9, item 4: the same URL seen again with other text is a new version, kept beside the
old; `docs show ID --versions` lists them and what changed. SYNTHETIC documents."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from nkwatch.cli.main import app

URL = "https://example.org/synthetic/kcna-0412"
FIRST = {"id": "v1", "url": URL, "publisher": "Synthetic State Media", "published": "2026-04-12",
         "title": "[SYNTHETIC] Factories inaugurated",
         "text": "Pyongyang, April 12 (Synthetic State Media) -- Regional-industry factories were "
                 "inaugurated in Songchon County on April 11.\\nThe leader cut the tape."}
EDITED = {**FIRST, "id": "v2", "text": FIRST["text"].replace("The leader cut the tape.",
                                                             "A senior official cut the tape.")}


def run(*args: str, db: str):
    return CliRunner().invoke(app, ["--db", db, *args])


def test_a_url_seen_again_with_other_text_is_a_new_version(tmp_path, db_url):
    for n, doc in enumerate((FIRST, EDITED)):
        path = tmp_path / f"d{n}.jsonl"
        path.write_text(json.dumps(doc).replace("\\\\n", "\\n") + "\n", encoding="utf-8")
        assert run("ingest", str(path), db=db_url).exit_code == 0
    listed = json.loads(run("docs", "list", "--json", db=db_url).stdout)
    added = {d["id"] for d in listed}
    assert len(listed) == 2  # both texts kept
    shown = run("docs", "show", listed[0]["id"], "--versions", "--json", db=db_url)
    assert shown.exit_code == 0, shown.output
    history = json.loads(shown.stdout)
    assert {v["id"] for v in history["versions"]} == added
    diff = history["changes"][0]["diff"]
    assert "-The leader cut the tape." in diff and "+A senior official cut the tape." in diff
    text = run("docs", "show", listed[1]["id"], "--versions", db=db_url)
    assert "2 versions of " + URL in text.stdout and "+A senior official" in text.stdout
