"""`nkwatch places ...` through the real Typer app (CliRunner), on the real dprk pack."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from nkwatch.cli.main import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["places", *args], env={"COLUMNS": "200"})
    return result.exit_code, result.output


def test_resolve_json_one_object_per_name() -> None:
    code, out = run("resolve", "Songchon", "Sŏngch'ŏn-gun", "용강군", "Seoul", "--json")
    assert code == 0, out
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["query"] for r in rows] == ["Songchon", "Sŏngch'ŏn-gun", "용강군", "Seoul"]
    assert rows[0]["id"] == rows[1]["id"] == "south-phyongan/songchon"
    assert rows[0]["province"] == "South Phyongan" and rows[0]["kind"] == "county"
    assert 0 < rows[0]["score"] <= 1
    assert rows[2]["id"] == "nampho/ryonggang" and rows[2]["province"] == "Nampho"
    assert {k: rows[3][k] for k in ("id", "name", "kind", "province", "score")} == dict.fromkeys(
        ("id", "name", "kind", "province", "score"))


def test_resolve_json_first_level_province_is_itself() -> None:
    _, out = run("resolve", "Pyeongannam-do", "--json")
    row = json.loads(out)
    assert (row["id"], row["province"], row["kind"]) == ("south-phyongan", "South Phyongan", "province")


def test_resolve_ambiguous_then_context() -> None:
    _, out = run("resolve", "Unsan", "--json")
    row = json.loads(out)
    assert row["id"] is None
    assert {c["id"] for c in row["candidates"]} == {"north-phyongan/unsan", "south-phyongan/unsan"}
    _, out = run("resolve", "Unsan", "--context", "Unsan County, North Phyongan Province", "--json")
    assert json.loads(out)["id"] == "north-phyongan/unsan"


def test_resolve_table_says_unknown_and_ambiguous() -> None:
    code, out = run("resolve", "Hwasong District", "Unsan", "Atlantis")
    assert code == 0
    assert "pyongyang/hwasong" in out and "ambiguous" in out and "unknown" in out


def test_show_by_id_and_by_name() -> None:
    code, out = run("show", "ryanggang/samjiyon")
    assert code == 0 and "삼지연시" in out and "2019-12-10" in out and "Ryanggang" in out
    code, out = run("show", "Samjiyon City")
    assert code == 0 and "ryanggang/samjiyon" in out


def test_show_unknown_fails_with_a_hint() -> None:
    code, out = run("show", "nowhere/none")
    assert code == 1 and "places list" in out


def test_list_first_level_and_one_province() -> None:
    code, out = run("list")
    assert code == 0 and "13 places" in out
    code, out = run("list", "--province", "Pyongyang")
    assert code == 0 and "22 places" in out  # the city, 19 districts, 2 counties
    code, out = run("list", "--province", "south-phyongan")
    assert code == 0 and "songchon" in out


def test_list_unknown_province_fails() -> None:
    code, out = run("list", "--province", "Atlantis")
    assert code == 1 and "first-level" in out
