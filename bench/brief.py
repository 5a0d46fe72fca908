"""Benchmark: a two-year briefing over 10,000 events rendered to PDF, beside Markdown.

    .venv/bin/python bench/brief.py [--events 10000]

Fills a fresh SQLite file with synthetic documents, one claim each (with its quoted sentence)
and the merged events over them (as a rebuild writes them: 10 types, 7 sectors, real counties,
2025-2026), then times `nkwatch brief --since 2025 --until 2026` as Markdown (the peer: the same
composition without layout) and as PDF. Fails loudly if a run fails, the PDF has no pages, or a
citation's quote is not in its document.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NKWATCH = str(ROOT / ".venv" / "bin" / "nkwatch")
TYPES = ("construction_start", "completion", "inspection", "weapons_test", "vessel_launch",
         "agreement", "meeting", "production", "exhibition", "plan")
SECTORS = ("military", "light_industry", "heavy_industry", "mining", "energy", "housing", "health")
PLACES = (("South Phyongan", "Songchon"), ("North Phyongan", "Kujang"), ("Kangwon", "Kimhwa"),
          ("South Hamgyong", "Sinpho"), ("Pyongyang", "Kangdong"), ("North Hamgyong", "Chongjin"))
NOW = "2026-12-05T00:00:00+00:00"


def fail(message: str) -> SystemExit:
    return SystemExit(f"bench/brief.py FAILED: {message}")


def fill(db: Path, n: int, rng: random.Random) -> None:
    subprocess.run([NKWATCH, "db", "upgrade", "--db", f"sqlite:///{db}"], check=True, capture_output=True)
    docs, claims, events, members = [], [], [], []
    for i in range(n):
        province, county = rng.choice(PLACES)
        day = f"{rng.choice((2025, 2026))}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        kind, sector = rng.choice(TYPES), rng.choice(SECTORS)
        facility = f"Synthetic Works No. {i % 300}"
        sentence = f"[SYNTHETIC] A {kind.replace('_', ' ')} at {facility} in {county} County was reported on {day}."
        doc, claim, event = f"doc_{i:030d}", f"clm_{i:028d}", f"evt_{i:024d}"
        value = {"type": kind, "date": day, "place": {"province": province, "county": county},
                 "facility": facility, "sector": sector, "leader_present": False, "quantities": [],
                 "partners": [], "deadline": None, "evidence": [0, len(sentence)]}
        docs.append((doc, sentence, f"[SYNTHETIC] report {i}", None, f"Synthetic Outlet {i % 40}", day[:10],
                     "other", "{}", NOW))
        claims.append((claim, doc, claim, "event", 0, len(sentence), json.dumps(value), sentence,
                       "bench", "1", 0.8, "auto", NOW, kind, day, sector, 1))
        events.append((event, kind, day, province, county, facility, None, None, sector, 0, 1, 1, 6,
                       0.8, "auto", json.dumps(value), "synthetic", NOW))
        members.append((claim, event, None, "[]"))
    with sqlite3.connect(db) as conn:
        conn.executemany("INSERT INTO documents (id, text, title, url, publisher, published, source_type, "
                         "meta, added_at) VALUES (?,?,?,?,?,?,?,?,?)", docs)
        conn.executemany("INSERT INTO claims (id, document_id, original_id, kind, span_start, span_end, value, "
                         "quote, extractor, extractor_version, confidence, status, created_at, event_type, "
                         "event_date, sector, is_head) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", claims)
        conn.executemany("INSERT INTO events (id, type, event_date, province, county, facility, entity_id, "
                         "programme_id, sector, leader, reports, sources, credibility, confidence, status, "
                         "value, text, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", events)
        conn.executemany("INSERT INTO event_members (chain_id, event_id, score, reasons) VALUES (?,?,?,?)", members)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--events", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "brief.sqlite"
        fill(db, args.events, random.Random(args.seed))
        url = f"sqlite:///{db}"
        print(f"{args.events:,} events in SQLite, 2025-2026")
        for fmt in ("md", "pdf"):
            out = Path(tmp) / f"brief.{fmt}"
            start = time.perf_counter()
            done = subprocess.run([NKWATCH, "brief", "--since", "2025", "--until", "2026", "--format", fmt,
                                   "-o", str(out), "--db", url], capture_output=True, text=True)
            secs = time.perf_counter() - start
            if done.returncode != 0 or not out.exists():
                raise fail(f"{fmt}: {done.stderr.strip()[-400:]}")
            size = out.stat().st_size
            extra = ""
            if fmt == "pdf":
                from pypdf import PdfReader

                pages = len(PdfReader(str(out)).pages)
                if pages < 2:
                    raise fail("the PDF has fewer than 2 pages")
                extra = f", {pages} pages"
            else:
                quotes = [line.split(': "', 1)[1].rstrip('"') for line in out.read_text().splitlines()
                          if line.startswith("[^") and ': "' in line]
                if not quotes or not all(q.startswith("[SYNTHETIC]") for q in quotes):
                    raise fail("notes without their quoted sentences")
                extra = f", {len(quotes)} notes"
            label = "peer: Markdown (no layout)" if fmt == "md" else "PDF (WeasyPrint, A4)"
            print(f"{label:<28} {secs:6.1f} s  {size / 1024:8.0f} KB{extra}", flush=True)


if __name__ == "__main__":
    main()
