"""Add one annotated document to a part of the corpus under .eval/corpus/parts/ (git-ignored).

Used by annotators. Reads from standard input:

    {"url": "...", "publisher": "...", "published": "2025-01-21", "query": "..."}
    ===TEXT===
    the excerpt exactly as the stored page gives it
    ===EVENTS===
    [{"type": ..., "date": ..., "place": ..., "facility": ..., "sector": ..., "leader_present": ...,
      "quantities": [...], "partners": [...], "deadline": ..., "quote": "exact words of the text"}]

Checks every field against ../shared/eval/SCHEMA.md, refuses a url already in the corpus or the
dev set, and appends the document, its index line and its gold line under one lock.
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTS = ROOT / ".eval" / "corpus" / "parts"
DEV_INDEX = ROOT.parent / "shared" / "eval" / "dev" / "index.jsonl"

TYPES = {"construction_start", "completion", "inspection", "weapons_test", "vessel_launch",
         "agreement", "meeting", "production", "exhibition", "plan"}
SECTORS = {"military", "light_industry", "heavy_industry", "mining", "energy", "housing", "tourism",
           "health", "agriculture", "fisheries", "transport", "science_education", "trade", "other"}
UNITS = {"home", "factory", "county", "building", "bed", "room", "ton", "missile", "shell",
         "launcher", "ship", "km", "m", "m2", "hectare", "MW", "kW", "kWh", "percent", "person",
         "day", "month", "year", "usd", "rub", "item"}
PROVINCES = {"Pyongyang", "South Phyongan", "North Phyongan", "Jagang", "South Hwanghae",
             "North Hwanghae", "Kangwon", "South Hamgyong", "North Hamgyong", "Ryanggang", "Rason",
             "Nampho", "Kaesong"}
DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
FIELDS = {"type", "date", "place", "facility", "sector", "leader_present", "quantities",
          "partners", "deadline", "quote"}


def check_date(value: object, what: str) -> None:
    if value is not None and not (isinstance(value, str) and DATE.match(value)):
        raise ValueError(f"{what} must be YYYY, YYYY-MM, YYYY-MM-DD or null, not {value!r}")


def check_event(n: int, ev: dict, text: str) -> dict:
    where = f"event {n}"
    if not isinstance(ev, dict):
        raise ValueError(f"{where}: not an object")
    missing = FIELDS - ev.keys()
    extra = ev.keys() - FIELDS
    if missing or extra:
        raise ValueError(f"{where}: missing {sorted(missing)} / unknown {sorted(extra)}")
    if ev["type"] not in TYPES:
        raise ValueError(f"{where}: type {ev['type']!r} is not one of {sorted(TYPES)}")
    if ev["sector"] not in SECTORS:
        raise ValueError(f"{where}: sector {ev['sector']!r} is not one of {sorted(SECTORS)}")
    check_date(ev["date"], f"{where}: date")
    check_date(ev["deadline"], f"{where}: deadline")
    if ev["deadline"] is not None and ev["type"] != "plan":
        raise ValueError(f"{where}: only plan events have a deadline")
    place = ev["place"]
    if place is not None:
        if not isinstance(place, dict):
            raise ValueError(f"{where}: place must be an object or null")
        if "country" in place:
            if set(place) != {"country", "name"} or not re.fullmatch(r"[A-Z]{2}", place["country"] or ""):
                raise ValueError(f"{where}: a foreign place is {{'country': 'RU', 'name': 'Khasan'}}")
        else:
            if set(place) != {"province", "county"}:
                raise ValueError(f"{where}: a DPRK place is {{'province': ..., 'county': ...}}")
            if place["province"] is not None and place["province"] not in PROVINCES:
                raise ValueError(f"{where}: province {place['province']!r} is not one of {sorted(PROVINCES)}")
            if place["province"] is None and place["county"] is None:
                raise ValueError(f"{where}: a place with neither province nor county is null")
    if ev["facility"] is not None and not isinstance(ev["facility"], str):
        raise ValueError(f"{where}: facility must be a string or null")
    if not isinstance(ev["leader_present"], bool):
        raise ValueError(f"{where}: leader_present must be true or false")
    if not isinstance(ev["quantities"], list):
        raise ValueError(f"{where}: quantities must be a list")
    for q in ev["quantities"]:
        if not (isinstance(q, dict) and set(q) == {"value", "unit"}
                and isinstance(q["value"], (int, float)) and not isinstance(q["value"], bool)):
            raise ValueError(f"{where}: a quantity is {{'value': number, 'unit': ...}}, not {q!r}")
        if q["unit"] not in UNITS:
            raise ValueError(f"{where}: unit {q['unit']!r} is not one of {sorted(UNITS)}")
    if not (isinstance(ev["partners"], list) and all(isinstance(p, str) and re.fullmatch(r"[A-Z]{2}", p) for p in ev["partners"])):
        raise ValueError(f"{where}: partners must be a list of ISO alpha-2 codes")
    quote = ev["quote"]
    if not isinstance(quote, str) or len(quote.strip()) < 10:
        raise ValueError(f"{where}: quote must be the exact words (10+ characters) stating the event")
    start = text.find(quote)
    if start < 0:
        raise ValueError(f"{where}: quote not found verbatim in the text: {quote[:80]!r}")
    out = {k: ev[k] for k in ("type", "date", "place", "facility", "sector", "leader_present",
                              "quantities", "partners", "deadline")}
    out["evidence"] = [start, start + len(quote)]
    return out


def known_urls() -> set[str]:
    urls = set()
    if DEV_INDEX.exists():
        urls |= {json.loads(line)["url"] for line in DEV_INDEX.open(encoding="utf-8") if line.strip()}
    for path in PARTS.glob("*.index.jsonl"):
        urls |= {json.loads(line)["url"] for line in path.open(encoding="utf-8") if line.strip()}
    return urls


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--part", required=True, help="your part name, e.g. a1")
    parser.add_argument("--check", action="store_true", help="validate only, write nothing")
    args = parser.parse_args()
    if not re.fullmatch(r"[a-z0-9]+", args.part):
        print("part: lower-case letters and digits only", file=sys.stderr)
        return 2
    raw = sys.stdin.read()
    try:
        head, rest = raw.split("===TEXT===\n", 1)
        text, events_raw = rest.rsplit("\n===EVENTS===", 1)
        meta = json.loads(head)
        events = json.loads(events_raw)
    except ValueError as exc:
        print(f"input not in the form META / ===TEXT=== / text / ===EVENTS=== / JSON list: {exc}", file=sys.stderr)
        return 2
    try:
        for key in ("url", "publisher", "published", "query"):
            if key not in meta:
                raise ValueError(f"meta lacks {key!r}")
        check_date(meta["published"], "published")
        if not text.strip():
            raise ValueError("empty text")
        if not isinstance(events, list):
            raise ValueError("events must be a JSON list")
        gold = [check_event(i, ev, text) for i, ev in enumerate(events)]
    except ValueError as exc:
        print(f"NOT ADDED: {exc}", file=sys.stderr)
        return 1
    PARTS.mkdir(parents=True, exist_ok=True)
    with (PARTS / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if meta["url"] in known_urls():
            print(f"NOT ADDED: url already in the corpus or the dev set: {meta['url']}", file=sys.stderr)
            return 1
        if args.check:
            print(f"ok: {len(gold)} events (nothing written)")
            return 0
        index_path = PARTS / f"{args.part}.index.jsonl"
        n = sum(1 for _ in index_path.open()) + 1 if index_path.exists() else 1
        doc_id = f"{args.part}-{n:03d}"
        index = {"id": doc_id, "url": meta["url"], "publisher": meta["publisher"],
                 "published": meta["published"], "query": meta["query"], "chars": len(text),
                 "sha256": hashlib.sha256(text.encode()).hexdigest(),
                 "prefix_sha256": hashlib.sha256(text[:200].encode()).hexdigest()}
        doc = {"id": doc_id, "url": meta["url"], "publisher": meta["publisher"],
               "published": meta["published"], "title": None, "text": text}
        for name, row in (("docs", doc), ("index", index), ("gold", {"doc_id": doc_id, "events": gold})):
            with (PARTS / f"{args.part}.{name}.jsonl").open("a", encoding="utf-8") as out:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"added {doc_id}: {len(gold)} events")
    return 0


if __name__ == "__main__":
    sys.exit(main())
