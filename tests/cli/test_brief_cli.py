"""Issue 12: briefings from the knowledge base. Every sentence is cited, every note quotes a
sentence found verbatim in its stored document, the sections are there, the PDF reads back.
SYNTHETIC documents (invented events, real places)."""

from __future__ import annotations

import json
import re

from pypdf import PdfReader
from typer.testing import CliRunner

from nkwatch.cli.main import app

DOCS = [
    {"id": "syn-b1", "publisher": "Synthetic State Media", "published": "2026-04-12", "title": "[SYNTHETIC] a",
     "text": "Pyongyang, April 12 (SSM) -- An inauguration ceremony for the regional-industry factories "
             "of Songchon County, South Phyongan Province, took place on April 11."},
    {"id": "syn-b2", "publisher": "Synthetic Wire", "published": "2026-04-13", "title": "[SYNTHETIC] b",
     "text": "SEOUL, April 13 (SynWire) -- North Korea inaugurated regional-industry factories in Songchon "
             "County on Saturday, April 11, state media said."},
    {"id": "syn-b3", "publisher": "Synthetic State Media", "published": "2026-06-02", "title": "[SYNTHETIC] c",
     "text": "Pyongyang, June 2 (SSM) -- A launching ceremony of a new destroyer was held at the Nampho "
             "Dockyard on June 1. Kim Jong Un attended the ceremony."},
    {"id": "syn-b4", "publisher": "Synthetic State Media", "published": "2026-07-20", "title": "[SYNTHETIC] d",
     "text": "Pyongyang, July 20 (SSM) -- An agreement on economic cooperation between the DPRK and Russia "
             "was signed in Pyongyang on July 19."},
]


def run(*args: str, db: str):
    return CliRunner().invoke(app, ["--db", db, *args])


def test_every_sentence_is_cited_and_every_quote_is_in_its_document(tmp_path, db_url):
    path = tmp_path / "docs.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in DOCS), encoding="utf-8")
    assert run("ingest", str(path), db=db_url).exit_code == 0
    md = run("brief", "--since", "2026", "--until", "2026", db=db_url)
    assert md.exit_code == 0, md.output
    text = md.stdout
    for heading in ("## Summary", "## Targets and deadlines", "## Foreign partners", "## Method", "## Notes"):
        assert heading in text, heading
    body = text.split("## Summary")[1].split("## Method")[0]
    sentences = [l for l in body.splitlines() if l.strip() and not l.startswith("#")]
    assert sentences and all(re.search(r"\[\^\d+\]$", l) for l in sentences), sentences
    stored = {d["text"] for d in DOCS}
    notes = re.findall(r'^\[\^\d+\]: .*?: "(.*)"$', text, flags=re.M)
    assert notes and all(any(q in t for t in stored) for q in notes)
    assert "Songchon" in body and "Nampho" in body


def test_html_escapes_and_the_pdf_reads_back(tmp_path, db_url):
    path = tmp_path / "docs.jsonl"
    hostile = {"id": "syn-bx", "publisher": "<script>alert(1)</script> Wire", "published": "2026-05-05",
               "title": "[SYNTHETIC] <b>x", "text": "Pyongyang, May 5 (SSM) -- An inauguration ceremony "
               "<img src=x onerror=alert(2)> for the regional-industry factories of Kusong City, North "
               "Phyongan Province, took place on May 4 <script>alert(3)</script>."}
    path.write_text("".join(json.dumps(d) + "\n" for d in (*DOCS, hostile)), encoding="utf-8")
    assert run("ingest", str(path), db=db_url).exit_code == 0
    page = tmp_path / "brief.html"
    assert run("brief", "--format", "html", "-o", str(page), db=db_url).exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<img src=x" not in html and "<svg" in html
    assert "&lt;script&gt;alert(1)" in html or "&lt;img src=x" in html
    pdf = tmp_path / "brief.pdf"
    made = run("brief", "--format", "pdf", "-o", str(pdf), "--title", "Synthetic briefing", db=db_url)
    assert made.exit_code == 0, made.output
    reader = PdfReader(str(pdf))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Synthetic briefing" in text and "page 1 of" in text and "Songchon" in text
    assert abs(float(reader.pages[0].mediabox.width) - 595.3) < 2  # A4


def test_the_briefing_never_overwrites_the_database(tmp_path):
    db = tmp_path / "kb.sqlite"
    url = f"sqlite:///{db}"
    assert run("db", "upgrade", db=url).exit_code == 0
    before = db.read_bytes()
    result = run("brief", "--format", "md", "-o", str(db), db=url)
    assert result.exit_code == 2 and db.read_bytes() == before
