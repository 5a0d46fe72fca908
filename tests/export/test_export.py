"""`nkwatch export`: CSV, JSON Lines, GeoJSON, FollowTheMoney and Parquet exports of the merged
events, and the change feed, on a real SQLite file and a real PostgreSQL server.

The documents are SYNTHETIC, written for this test (invented events, real place names).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from nkwatch.cli.main import app

DOCS = [
    {"id": "syn-x1", "publisher": "KCNA", "published": "2025-04-12",
     "url": "http://example.invalid/kcna/songchon", "title": "[SYNTHETIC] Factories inaugurated",
     "text": "Pyongyang, April 12 (KCNA) -- An inauguration ceremony for the "
             "regional-industry factories of Songchon County, South Phyongan Province, took place "
             "on April 11."},
    {"id": "syn-x2", "publisher": "Yonhap", "published": "2025-04-26",
     "url": "http://example.invalid/yonhap/launch", "title": "[SYNTHETIC] Destroyer launched",
     "text": "SEOUL, April 26 (Yonhap) -- North Korea launched the 5,000-ton destroyer "
             "Choe Hyon at the Namp'o shipyard on Friday, April 25, with leader Kim Jong Un in "
             "attendance."},
    {"id": "syn-x3", "publisher": "KCNA", "published": "2025-04-26", "title": "[SYNTHETIC]",
     "text": "Pyongyang, April 26 (KCNA) -- A launching ceremony of the destroyer Choe "
             "Hyon was held at the Nampho Dockyard on April 25. Kim Jong Un attended the ceremony."},
    {"id": "syn-x3b", "publisher": "Reuters", "published": "2025-04-27", "title": "[SYNTHETIC]",
     "text": "North Korea launched its newest destroyer, the Choe Hyon, at Nampho on April 25, "
             "according to satellite imagery reviewed by analysts."},
    {"id": "syn-x4", "publisher": "Synthetic Wire", "published": "2025-06-11", "title": "[SYNTHETIC]",
     "text": "Kim Jong Un inspected the Sinpho South Shipyard on June 10, state media "
             "said."},
    {"id": "syn-x5", "publisher": "Synthetic Wire", "published": "2025-07-02", "title": "[SYNTHETIC]",
     "text": "A North Korean trade delegation signed an agreement on economic "
             "cooperation in Vladivostok, Russia, in June 2025."},
    {"id": "syn-x6", "publisher": "Synthetic Wire", "published": "2025-08-20", "title": "[SYNTHETIC]",
     "text": "The Kusong Machine Tool Factory in Kusong, North Phyongan Province, "
             "completed a new assembly shop in August 2025."},
]
LATER = {"id": "syn-x7", "publisher": "KCNA", "published": "2025-07-03", "title": "[SYNTHETIC]",
         "text": "Pyongyang, July 3 (KCNA) -- A ground-breaking ceremony for a new "
                 "county hospital in Kangdong County, Pyongyang, took place on July 2."}

# North Korea's extent, generously: every exported point must fall inside it.
LAT, LON = (37.5, 43.1), (124.1, 130.8)


def run(*args: str, db: str):
    return CliRunner().invoke(app, ["--db", db, *args], env={"NKWATCH_AUTHOR": "analyst-1"})


def ingest(tmp_path: Path, db: str, docs: list[dict], name: str = "docs.jsonl") -> None:
    path = tmp_path / name
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    result = run("ingest", str(path), db=db)
    assert result.exit_code == 0, result.output


def events(db: str, *args: str) -> list[dict]:
    out = run("events", "list", "--json", "--limit", "1000", *args, db=db)
    assert out.exit_code == 0, out.output
    return [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]


def export(tmp_path: Path, db: str, fmt: str, *args: str, name: str | None = None) -> Path:
    out = tmp_path / (name or f"events.{fmt}")
    result = run("export", "--format", fmt, "-o", str(out), *args, db=db)
    assert result.exit_code == 0, result.output
    assert out.is_file()
    assert not list(tmp_path.glob("*.part")), "a temporary file was left behind"
    return out


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def kb(tmp_path, db_url) -> str:
    ingest(tmp_path, db_url, DOCS)
    return db_url


# -- CSV ---------------------------------------------------------------------------------------

def test_csv_has_the_columns_and_one_row_per_event(tmp_path, kb):
    from nkwatch.export import COLUMNS

    known = {e["id"]: e for e in events(kb)}
    assert len(known) >= 5
    path = export(tmp_path, kb, "csv")
    raw = path.read_bytes()
    raw.decode("utf-8")  # UTF-8 throughout
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert tuple(rows[0].keys()) == COLUMNS
    assert [r["event_id"] for r in rows] == list(known)  # one row per event, in date order
    for row in rows:
        event = known[row["event_id"]]
        assert row["event_type"] == event["type"] and row["status"] == event["status"]
        assert row["independent_sources"] == str(event["sources"])
        assert row["time_precision"] == {10: "1", 7: "2", 4: "3"}[len(event["date"])]
        assert row["year"] == event["date"][:4]
        assert row["source"] and row["notes"]
        assert (row["latitude"] == "") == (row["geo_precision"] == "")
        if row["latitude"]:
            assert row["geo_precision"] in {"1", "2", "3"}
            assert LAT[0] <= float(row["latitude"]) <= LAT[1]
            assert LON[0] <= float(row["longitude"]) <= LON[1]
        assert row["change"] == ""  # not a change feed
    songchon = next(r for r in rows if r["admin2"] == "Songchon")
    assert (songchon["country"], songchon["admin1"], songchon["event_date"]) == (
        "North Korea", "South Phyongan", "2025-04-11")
    assert songchon["source"] == "KCNA" and "Songchon County" in songchon["notes"]
    launch = next(r for r in rows if r["event_type"] == "vessel_launch")
    assert launch["facility_id"] == "facility/nampho-shipyard"
    assert launch["leader_present"] == "true"
    assert set(launch["source"].split("; ")) == {"KCNA", "Yonhap", "Reuters"}
    abroad = next(r for r in rows if r["country"] != "North Korea")
    assert (abroad["country"], abroad["location"], abroad["latitude"]) == ("Russia", "Vladivostok", "")
    monthly = next(r for r in rows if r["admin2"] == "Kusong")
    assert (monthly["event_date"], monthly["time_precision"]) == ("2025-08", "2")


def test_csv_cells_that_a_spreadsheet_would_run_are_quoted():
    from nkwatch.export.acled import cell

    assert cell("notes", "=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert cell("source", ["@evil", "KCNA"]) == "'@evil; KCNA"
    assert cell("latitude", -1.5) == "-1.5" and cell("leader_present", True) == "true"
    assert cell("admin2", None) == ""


def test_filters_are_those_of_events_list(tmp_path, kb):
    for args in (["--type", "vessel_launch"], ["--province", "South Phyongan"],
                 ["--facility", "Nampho Dockyard"], ["--since", "2025-06", "--until", "2025-07"]):
        rows = list(csv.DictReader(export(tmp_path, kb, "csv", *args).open(encoding="utf-8",
                                                                           newline="")))
        assert [r["event_id"] for r in rows] == [e["id"] for e in events(kb, *args)], args
        assert rows, args


# -- JSON Lines, GeoJSON, Parquet ---------------------------------------------------------------

def test_jsonl_is_one_event_a_line_with_its_reports(tmp_path, kb):
    known = events(kb)
    got = lines(export(tmp_path, kb, "jsonl"))
    assert [e["id"] for e in got] == [e["id"] for e in known]
    for line, event in zip(got, known):
        assert {k: line[k] for k in event} == event  # what `events list --json` says, and more
        assert line["reports_detail"] and len(line["reports_detail"]) == event["reports"]
        for report in line["reports_detail"]:
            assert {"publisher", "published", "url", "sentence", "document", "claim"} <= set(report)
            assert report["sentence"] and report["publisher"]
    songchon = next(e for e in got if (e["place"] or {}).get("county") == "Songchon")
    assert songchon["reports_detail"][0]["url"] == "http://example.invalid/kcna/songchon"
    # standard output, when no file is given
    printed = run("export", "--format", "jsonl", db=kb)
    assert printed.exit_code == 0 and [json.loads(x)["id"] for x in printed.stdout.splitlines()] \
        == [e["id"] for e in known]


def test_geojson_points_lie_in_north_korea_and_the_unplaced_are_counted(tmp_path, kb):
    known = {e["id"]: e for e in events(kb)}
    out = tmp_path / "events.geojson"
    result = run("export", "-o", str(out), db=kb)  # the format from the suffix
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and "withdrawn" not in data
    features = data["features"]
    assert features and len({f["id"] for f in features}) == len(features)
    for feature in features:
        assert feature["type"] == "Feature" and feature["id"] in known
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert LAT[0] <= lat <= LAT[1] and LON[0] <= lon <= LON[1], feature
        assert feature["properties"]["event_id"] == feature["id"]
        assert feature["properties"]["geo_precision"] in (1, 2, 3)
    left_out = len(known) - len(features)
    assert left_out >= 1  # Vladivostok
    assert f"{left_out} events have no coordinates" in result.stderr
    assert not any(f["properties"]["country"] == "Russia" for f in features)


def test_parquet_reads_back_with_the_rows_of_the_jsonl(tmp_path, kb):
    import pyarrow.parquet as pq

    from nkwatch.export import COLUMNS
    from nkwatch.export.parquet import schema

    table = pq.read_table(export(tmp_path, kb, "parquet"))
    assert table.schema.equals(schema()) and tuple(table.column_names) == COLUMNS
    rows = table.to_pylist()
    jsonl = lines(export(tmp_path, kb, "jsonl"))
    assert [(r["event_id"], r["event_type"]) for r in rows] == [(e["id"], e["type"]) for e in jsonl]
    for row, event in zip(rows, jsonl):
        assert row["latitude"] == event["latitude"] and row["credibility"] == event["credibility"]
        assert row["source"] == list(dict.fromkeys(r["publisher"] for r in event["reports_detail"]))
        assert row["partners"] == event["partners"]
    assert pq.read_metadata(tmp_path / "events.parquet").num_rows == len(jsonl)


def test_parquet_needs_a_file(kb):
    result = run("export", "--format", "parquet", db=kb)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "-o FILE" in result.stderr


# -- FollowTheMoney ----------------------------------------------------------------------------

def test_ftm_entities_pass_followthemoney_validation(tmp_path, kb):
    from followthemoney import model

    known = {e["id"] for e in events(kb)}
    entities = lines(export(tmp_path, kb, "ftm"))
    by_id = {e["id"]: e for e in entities}
    assert len(by_id) == len(entities), "entity ids are unique"
    for data in entities:
        schema = model.get(data["schema"])
        assert schema is not None and not schema.abstract, data["schema"]
        assert set(data) >= {"id", "schema", "properties"} and data["properties"]
        for name, values in data["properties"].items():
            prop = schema.get(name)
            assert prop is not None, f"{data['schema']} has no property {name}"
            assert isinstance(values, list) and values
            for value in values:
                assert prop.type.clean(value) == value, (data["schema"], name, value)
                if prop.type.name == "entity":  # points at an entity of the file, of the right kind
                    target = model.get(by_id[value]["schema"])
                    assert target.is_a(prop.range), (data["schema"], name, target)
        proxy = model.get_proxy(data, cleaned=False)  # the model loads it back as it was
        assert proxy.schema == schema and proxy.id == data["id"]
        back = proxy.to_dict()["properties"]
        assert {k: sorted(v) for k, v in back.items()} == {k: sorted(v) for k, v in data["properties"].items()}

    kinds = {e["schema"] for e in entities}
    assert {"Event", "Address", "Organization", "Documentation", "UnknownLink"} <= kinds
    assert kinds & {"Article", "Document"}
    ftm_events = [e for e in entities if e["schema"] == "Event"]
    assert {e["properties"]["recordId"][0] for e in ftm_events} == known
    reports = [e for e in entities if e["schema"] == "Documentation"]
    assert sum(len(e["reports_detail"]) for e in lines(export(tmp_path, kb, "jsonl"))) == len(reports)
    # the same ids in the next export: they are made from our ids
    again = lines(export(tmp_path, kb, "ftm", name="again.ftm"))
    assert [e["id"] for e in again] == [e["id"] for e in entities]


# -- the change feed ---------------------------------------------------------------------------

def _now() -> str:
    return datetime.now(timezone.utc).isoformat()


def feed(db: str, since: str, *args: str) -> tuple[list[dict], list[dict]]:
    out = run("export", "--format", "jsonl", "--changed-since", since, *args, db=db)
    assert out.exit_code == 0, out.output
    records = [json.loads(line) for line in out.stdout.splitlines()]
    return ([r for r in records if "id" in r], [r for r in records if "id" not in r])


def test_change_feed_lists_retractions_rejections_and_new_events(tmp_path, kb):
    from nkwatch import ids
    from nkwatch.extract.pipeline import EXTRACTOR
    from nkwatch.model import Claim, Span
    from nkwatch.store import open_store

    future = (datetime.now(timezone.utc) + timedelta(days=365)).isoformat()
    assert feed(kb, future) == ([], [])
    start = _now()
    assert feed(kb, start) == ([], [])  # nothing happened since

    # As if an older extractor had made a claim the current one does not make again.
    doc = ids.document_id(DOCS[0]["text"])
    value = {"type": "completion", "date": "2025-04-11"}
    stale = Claim(id=ids.claim_id(doc, EXTRACTOR, "event", 0, 9, value), document_id=doc,
                  span=Span(0, 9), kind="event", value=value, quote="Pyongyang",
                  extractor=EXTRACTOR, extractor_version="0.0.0+old")
    with open_store(kb) as store:
        store.add_claims([stale])
        with store.engine.begin() as conn:
            conn.execute(sa.text("UPDATE extraction_runs SET extractor_version = '0.0.0+old'"))
    again = run("extract", "--stored", "--all", db=kb)
    assert again.exit_code == 0 and " 1 retracted" in again.stdout, again.output
    changed, withdrawn = feed(kb, start)
    assert changed == []  # no event gained or lost a decision or a report of its own
    assert [(w["change"], w["claim"], w["chain"], w["document"], w["event"]) for w in withdrawn] \
        == [("retracted", stale.id, stale.id, doc, None)]
    assert withdrawn[0]["by"] == EXTRACTOR and withdrawn[0]["at"] >= start[:19]

    # An analyst rejects the launch: the event is changed (and rejected), its claims withdrawn.
    middle = _now()
    launch = next(e for e in events(kb) if e["type"] == "vessel_launch")
    assert run("review", "reject", launch["id"], "-m", "test", db=kb).exit_code == 0
    changed, withdrawn = feed(kb, middle)
    assert [(e["id"], e["change"], e["status"]) for e in changed] == [
        (launch["id"], "changed", "rejected")]
    assert {w["change"] for w in withdrawn} == {"rejected"}
    assert {w["event"] for w in withdrawn} == {launch["id"]} and len(withdrawn) == launch["reports"]
    assert all(w["by"] == "analyst-1" and w["note"] == "test" for w in withdrawn)
    # --status narrows the feed like the export
    assert feed(kb, middle, "--status", "auto")[0] == []

    # A new document: a new event; an accepted one: changed.
    late = _now()
    ingest(tmp_path, kb, [LATER], "later.jsonl")
    songchon = next(e for e in events(kb) if (e["place"] or {}).get("county") == "Songchon")
    assert run("review", "accept", songchon["id"], db=kb).exit_code == 0
    changed, withdrawn = feed(kb, late)
    assert withdrawn == []
    kinds = {e["id"]: e["change"] for e in changed}
    assert kinds[songchon["id"]] == "changed"
    created = [e for e in changed if e["change"] == "created"]
    assert [(e["type"], e["place"]["county"]) for e in created] == [("construction_start", "Kangdong")]
    assert set(kinds) == {songchon["id"], created[0]["id"]}

    # every format carries the change; those that cannot hold withdrawals say so
    rows = list(csv.DictReader(export(tmp_path, kb, "csv", "--changed-since", middle)
                               .open(encoding="utf-8", newline="")))
    assert {(r["event_id"], r["change"]) for r in rows} == \
        {(launch["id"], "changed"), *kinds.items()}
    result = run("export", "-f", "csv", "-o", str(tmp_path / "f.csv"), "--changed-since", middle,
                 db=kb)
    assert "claims withdrawn since" in result.stderr
    geo = json.loads(export(tmp_path, kb, "geojson", "--changed-since", middle).read_text("utf-8"))
    assert {w["change"] for w in geo["withdrawn"]} == {"rejected"}
    assert all(f["properties"]["change"] in ("created", "changed") for f in geo["features"])
    import pyarrow.parquet as pq

    table = pq.read_table(export(tmp_path, kb, "parquet", "--changed-since", late))
    assert dict(zip(table.column("event_id").to_pylist(), table.column("change").to_pylist())) == kinds


def test_changed_since_takes_dates_and_zones(kb):
    for given in ("2025-01-01", "2025-01-01T09:00:00+09:00", "2025-01-01T00:00:00Z"):
        changed, withdrawn = feed(kb, given)
        assert len(changed) == len(events(kb)) and withdrawn == []
        assert {e["change"] for e in changed} == {"created"}


# -- options and output files ------------------------------------------------------------------

@pytest.mark.parametrize("args, problem", [
    (["--format", "xml"], "--format 'xml': one of csv, jsonl, geojson, ftm, parquet"),
    (["--since", "2025-13"], "--since '2025-13': use YYYY"),
    (["--until", "soon"], "--until 'soon': use YYYY"),
    (["--status", "maybe"], "--status 'maybe': one of auto"),
    (["--changed-since", "yesterday"], "--changed-since 'yesterday': use an ISO date"),
    (["-o", "events.txt"], "--format: give one of"),
])
def test_bad_options_are_one_line_and_exit_2(tmp_path, sqlite_url, args, problem):
    result = run("export", *args, db=sqlite_url)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr
    assert problem in result.stderr
    assert "Traceback" not in result.output


def test_an_export_never_writes_over_the_database_and_appears_only_when_complete(tmp_path):
    db_file = tmp_path / "kb.sqlite"
    url = f"sqlite:///{db_file}"
    ingest(tmp_path, url, DOCS[:1])
    before = db_file.read_bytes()
    for fmt in ("csv", "parquet"):
        refused = run("export", "--format", fmt, "-o", str(db_file), db=url)
        assert refused.exit_code == 2 and "is also the input" in refused.stderr
        assert refused.stderr.count("\n") == 1
    assert db_file.read_bytes() == before
    folder = run("export", "--format", "csv", "-o", str(tmp_path), db=url)
    assert folder.exit_code == 2 and "is a folder" in folder.stderr

    # a failure after the output was checked leaves no file, and an older one as it was
    old = tmp_path / "old.csv"
    old.write_text("kept\n", encoding="utf-8")
    missing = f"sqlite:///{tmp_path / 'missing.sqlite'}"
    for target in (tmp_path / "new.csv", old):
        failed = run("export", "--format", "csv", "-o", str(target), db=missing)
        assert failed.exit_code == 2 and "no database" in failed.stderr
    assert not (tmp_path / "new.csv").exists() and old.read_text(encoding="utf-8") == "kept\n"
    assert not list(tmp_path.glob("*.part"))
