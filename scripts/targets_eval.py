"""Issue 10's measure: the 20x10 counties the tracker lists as started or completed in each
year, against the counties the dev gold events give, per (county, stage, year).

    .venv/bin/python scripts/targets_eval.py

Ingests the local dev texts (.eval/dev.docs.jsonl) into a throwaway SQLite file, reads
`targets show target/regional-development-20x10 --json`, and compares its units' events with the
dev gold events that are about a county's regional-industry factories (construction_start or
completion with a county; eval/dev_entities.jsonl says which gold facilities name a county's
factories record).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "eval"
NKWATCH = str(ROOT / ".venv" / "bin" / "nkwatch")
TARGET = "target/regional-development-20x10"


def run(*args: str, db: str) -> str:
    done = subprocess.run([NKWATCH, *args, "--db", db], capture_output=True, text=True, check=True)
    return done.stdout


def county_id(name: str | None, province: str | None) -> str:
    """A county's gazetteer id, so "Unnyul" and "Unryul" are one county."""
    from nkwatch.packs import load_pack
    from nkwatch.resolve import Gazetteer

    best = Gazetteer.from_pack(load_pack()).best(name or "", province)
    return best.place_id if best else f"?{name}"


def gold() -> set[tuple[str, str, str]]:
    named = {(r["doc_id"], r["index"]): r["entity"] for r in map(json.loads, (ROOT / "eval" / "dev_entities.jsonl").open())}
    out = set()
    for row in map(json.loads, (SHARED / "dev" / "gold.jsonl").open()):
        for n, e in enumerate(row["events"]):
            place = e.get("place") or {}
            county = place.get("county")
            record = named.get((row["doc_id"], n)) or ""
            if e["type"] in ("construction_start", "completion") and county and e.get("date") \
                    and record.endswith("-regional-industry-factories"):
                out.add((county_id(county, place.get("province")), e["type"], e["date"][:4]))
    return out


def predicted(db: str) -> set[tuple[str, str, str]]:
    report = json.loads(run("targets", "show", TARGET, "--json", "--as-of", "2026-12-05", db=db))
    events = {e["id"]: e for e in map(json.loads, run("events", "list", "--json", "--limit", "1000000", db=db).splitlines())}
    out = set()
    for unit in report["units"]:
        for eid in unit["events"]:
            e = events[eid]
            if e["type"] in ("construction_start", "completion") and e.get("date"):
                out.add((county_id(unit["place"]["county"], unit["place"]["province"]), e["type"],
                         e["date"][:4]))
    return out


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{tmp}/dev.sqlite"
        subprocess.run([NKWATCH, "ingest", str(ROOT / ".eval" / "dev.docs.jsonl"), "--db", db],
                       check=True, capture_output=True)
        print(run("targets", "list", "--as-of", "2026-12-05", db=db))
        want, got = gold(), predicted(db)
    tp = len(want & got)
    print(f"20x10 units (county, stage, year): gold {len(want)}, listed {len(got)}, right {tp}: "
          f"recall {tp / max(len(want), 1):.2f}, precision {tp / max(len(got), 1):.2f}")
    for miss in sorted(want - got):
        print("  missed", miss)
    for extra in sorted(got - want):
        print("  extra ", extra)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
