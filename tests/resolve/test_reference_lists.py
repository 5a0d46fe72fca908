"""The gazetteer checked against public reference files in ../shared (read, never copied).

- every unit of the open-admin-data county list (WFP/OCHA 2019 ADM2) resolves from its listed
  name, to a unit of the same name or, where that list lumps or moved a unit, to the right one;
- the places of the gold events of the dev set resolve to the right unit for >= 97%.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path

from nkwatch.resolve import Gazetteer

# Where the 2019 list and the current units differ: listed name -> id it must resolve to.
LUMPED = {"Pyongyang": "pyongyang", "Nampo City": "nampho", "Rason City": "rason",
          "Kaesong City": "kaesong"}
MAX_KM = 45.0  # between a unit's seat and the list's centroid


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    return 6371 * math.acos(min(1.0, math.sin(p1) * math.sin(p2)
                                + math.cos(p1) * math.cos(p2) * math.cos(dl)))


def test_every_listed_county_resolves(gaz: Gazetteer, shared_file: Callable[[str], Path]) -> None:
    units = json.loads(shared_file("data/geo/admin_lists/open-admin-data_all-county.json")
                       .read_text(encoding="utf-8"))
    assert len(units) == 179
    wrong = []
    for unit in units:
        name, province = unit["name"]["en"], unit["parent"]["name"]["en"]
        best = gaz.best(name, context=province)
        expected_key = gaz.keyer.key(name)
        if best is None:
            wrong.append((name, province, "unresolved", [c.place_id for c in gaz.resolve(name)][:3]))
            continue
        place = gaz.place(best.place_id)
        near = None
        if place.lat is not None and place.lon is not None:
            near = km(place.lat, place.lon, float(unit["geo"]["lat"]), float(unit["geo"]["lon"])) <= MAX_KM
        if name in LUMPED:
            ok = best.place_id == LUMPED[name]
        else:  # same name once spellings are folded, or a near miss that lies in the right spot
            same = expected_key in {gaz.keyer.key(v.text) for v in gaz.variants[best.place_id]}
            ok = near is not False and (same or near is True)
        if not ok:
            wrong.append((name, province, best.place_id, best.how))
    assert not wrong, f"{len(wrong)} of {len(units)} listed units wrong: {wrong}"


def gold_places(path: Path) -> list[dict[str, str | None]]:
    places = []
    for line in path.read_text(encoding="utf-8").splitlines():
        for event in json.loads(line)["events"]:
            place = event.get("place")
            if place and "province" in place:  # foreign places carry `country` instead
                places.append(place)
    return places


def test_gold_event_places_resolve(gaz: Gazetteer, shared_file: Callable[[str], Path]) -> None:
    places = gold_places(shared_file("eval/dev/gold.jsonl"))
    assert places
    right, misses = 0, []
    for place in places:
        province, county = place["province"], place.get("county")
        best = gaz.best(county or province, context=province if county else None)  # type: ignore[arg-type]
        ok = best is not None and best.province == province and (
            county is None and gaz.place(best.place_id).parent is None
            or county is not None and gaz.keyer.key(county) == gaz.keyer.key(best.name))
        right += ok
        if not ok:
            misses.append((province, county, best and best.place_id))
    share = right / len(places)
    print(f"\ngold places resolved right: {right}/{len(places)} = {share:.1%}")
    assert share >= 0.97, misses
