"""Benchmark: API latency with 100,000 merged events in SQLite, through the real server.

    .venv/bin/python bench/api.py [--events 100000] [--requests 200]

Fills a fresh SQLite file with synthetic merged events (the `events` table as a rebuild writes
it: every column, random dates, types, sectors, places), starts `nkwatch serve` on a free
loopback port and times real HTTP requests (one keep-alive connection, sequential): the first
page of the event list unfiltered and with each filter, the first page of documents and of
entities, and one event. Prints p50/p95/p99 per request kind beside the number of events and,
as the peer, the same first-page query run directly in sqlite3 (no HTTP, no JSON): what the
server adds. Fails loudly (exit 1) if the server does not start, a request is not 200, or a
list comes back empty.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import socket
import sqlite3
import statistics
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
PLACES = (("South Phyongan", "Songchon"), ("North Phyongan", "Kujang"), ("Nampho", None),
          ("Kangwon", "Kimhwa"), ("South Hamgyong", "Sinpho"), ("Pyongyang", "Kangdong"))


def fail(message: str) -> SystemExit:
    return SystemExit(f"bench/api.py FAILED: {message}")


def fill(db: Path, n: int, rng: random.Random) -> None:
    subprocess.run([NKWATCH, "db", "upgrade", "--db", f"sqlite:///{db}"], check=True, capture_output=True)
    rows = []
    for i in range(n):
        province, county = rng.choice(PLACES)
        day = f"{rng.randrange(2015, 2027)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        kind = rng.choice(TYPES)
        value = {"type": kind, "date": day, "place": {"province": province, "county": county},
                 "facility": f"synthetic works {i % 500}", "sector": rng.choice(SECTORS)}
        rows.append((f"evt_{i:024d}", kind, day, province, county, value["facility"], None, None,
                     value["sector"], 0, 1 + i % 3, 1 + i % 2, 1 + i % 6, round(rng.random(), 4),
                     "auto", json.dumps(value), "synthetic works", "2026-12-05T00:00:00+00:00"))
    with sqlite3.connect(db) as conn:
        conn.executemany(
            "INSERT INTO events (id, type, event_date, province, county, facility, entity_id, "
            "programme_id, sector, leader, reports, sources, credibility, confidence, status, value, "
            "text, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def timed(conn: http.client.HTTPConnection, path: str, times: int) -> list[float]:
    out = []
    for _ in range(times):
        start = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        out.append((time.perf_counter() - start) * 1000)
        if response.status != 200:
            raise fail(f"{path}: HTTP {response.status}")
        if path.startswith("/api/events?") and not json.loads(body):
            raise fail(f"{path}: empty list")
    return out


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite"
        fill(db, args.events, random.Random(args.seed))
        port = free_port()
        server = subprocess.Popen([NKWATCH, "serve", "--port", str(port), "--db", f"sqlite:///{db}"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.1)
            else:
                raise fail("the server did not start: " + (server.stderr.read() or b"").decode()[-500:])
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            paths = {
                "events, first page": "/api/events?limit=50",
                "events by type": "/api/events?type=completion&limit=50",
                "events by sector": "/api/events?sector=mining&limit=50",
                "events by county": "/api/events?province=South%20Phyongan&county=Songchon&limit=50",
                "events since": "/api/events?since=2025-06&limit=50",
                "events by confidence": "/api/events?sort=confidence&limit=50",
                "one event": f"/api/events/evt_{args.events // 2:024d}",
                "documents, first page": "/api/documents?limit=50",
            }
            timed(conn, "/api/events?limit=50", 5)  # warm up
            print(f"{args.events:,} events in SQLite; {args.requests} sequential requests each")
            print(f"{'request':<24}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
            worst = 0.0
            for label, path in paths.items():
                ms = timed(conn, path, args.requests)
                worst = max(worst, pct(ms, 95))
                print(f"{label:<24}{pct(ms, 50):>9.1f}{pct(ms, 95):>9.1f}{pct(ms, 99):>9.1f}", flush=True)
        finally:
            server.terminate()
            server.wait(timeout=10)
        with sqlite3.connect(db) as raw:
            ms = []
            for _ in range(args.requests):
                start = time.perf_counter()
                raw.execute("SELECT * FROM events WHERE status != 'rejected' ORDER BY event_date, type, seq "
                            "LIMIT 50").fetchall()
                ms.append((time.perf_counter() - start) * 1000)
        print(f"{'peer: sqlite3, same page':<24}{pct(ms, 50):>9.1f}{pct(ms, 95):>9.1f}{pct(ms, 99):>9.1f}")
        print(f"worst p95 through the server: {worst:.1f} ms")


if __name__ == "__main__":
    main()
