"""Ambiguity, context, foreign homonyms, unknowns and the public API of the gazetteer."""

from __future__ import annotations

import pytest

from nkwatch.packs import Pack
from nkwatch.resolve import Candidate, Gazetteer, UnknownPlace


def ids(found: list[Candidate]) -> list[str]:
    return [c.place_id for c in found]


def test_two_unsans_are_ambiguous_without_context(gaz: Gazetteer) -> None:
    found = gaz.resolve("Unsan")
    assert set(ids(found)[:2]) == {"north-phyongan/unsan", "south-phyongan/unsan"}
    assert gaz.best("Unsan") is None


@pytest.mark.parametrize("context, expected", [
    ("North Phyongan", "north-phyongan/unsan"),
    ("a new factory in Unsan County, South Phyongan Province", "south-phyongan/unsan"),
    ("P'yŏngan-bukto", "north-phyongan/unsan"),
    ("평안남도", "south-phyongan/unsan"),
])
def test_context_breaks_the_tie(gaz: Gazetteer, context: str, expected: str) -> None:
    best = gaz.best("Unsan", context=context)
    assert best is not None and best.place_id == expected
    assert best.how == "context"


def test_province_after_a_comma_is_context(gaz: Gazetteer) -> None:
    best = gaz.best("Unsan County, North Phyongan Province")
    assert best is not None and best.place_id == "north-phyongan/unsan"


def test_breves_alone_tell_the_unsans_apart(gaz: Gazetteer) -> None:
    assert gaz.best("Ŭnsan").place_id == "south-phyongan/unsan"  # type: ignore[union-attr]
    assert gaz.best("운산군").place_id == "north-phyongan/unsan"  # type: ignore[union-attr]


def test_suncheon_is_not_taken_for_sunchon(gaz: Gazetteer) -> None:
    assert gaz.best("Suncheon") is None  # could be the ROK city
    assert gaz.resolve("Suncheon", context="Suncheon, South Jeolla Province") == []
    assert gaz.best("Suncheon", context="South Phyongan").place_id == "south-phyongan/sunchon"  # type: ignore[union-attr]
    assert gaz.best("Sunchon").place_id == "south-phyongan/sunchon"  # type: ignore[union-attr]


def test_gangwon_alone_is_not_the_dprk_province(gaz: Gazetteer) -> None:
    assert gaz.best("Gangwon") is None
    assert gaz.best("Kangwon").place_id == "kangwon"  # type: ignore[union-attr]


def test_current_name_beats_former_name(gaz: Gazetteer) -> None:
    # Myonggan County was once Hwasong County; Pyongyang's Hwasong District is current.
    assert gaz.best("Hwasong").place_id == "pyongyang/hwasong"  # type: ignore[union-attr]
    assert gaz.best("Hwasong County").place_id == "north-hamgyong/myonggan"  # type: ignore[union-attr]


@pytest.mark.parametrize("mention", ["Seoul", "Kim Jong Un", "Vladivostok", "Hwanghae", "", "county",
                                     "Beijing", "Sungri Street"])
def test_unknown_is_unknown(gaz: Gazetteer, mention: str) -> None:
    assert gaz.best(mention) is None


def test_candidates_are_ranked_with_scores(gaz: Gazetteer) -> None:
    found = gaz.resolve("Soncheon")
    assert ids(found)[0] == "south-phyongan/songchon"
    assert all(0 < c.score <= 1 for c in found)
    assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)
    assert found[0].how == "exact" and found[0].province == "South Phyongan"


def test_province_of(gaz: Gazetteer) -> None:
    assert gaz.province_of("south-phyongan/songchon") == "South Phyongan"
    assert gaz.province_of("south-phyongan") == "South Phyongan"
    assert gaz.province_of("pyongyang/hwasong") == "Pyongyang"
    with pytest.raises(UnknownPlace):
        gaz.province_of("nowhere/none")


def test_from_pack_is_cached(pack: Pack) -> None:
    assert Gazetteer.from_pack(pack) is Gazetteer.from_pack(pack)


def test_surface_forms_cover_every_place(pack: Pack, gaz: Gazetteer) -> None:
    forms = list(gaz.surface_forms())
    assert {pid for _, pid in forms} == {p.id for p in pack.places}
    assert ("Songchon County", "south-phyongan/songchon") in forms
    assert ("South Phyongan Province", "south-phyongan") in forms
    assert ("성천군", "south-phyongan/songchon") in forms
    assert not [f for f, _ in forms if len(f) < 2]
