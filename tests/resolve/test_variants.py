"""Variants generated from a place's Hangul and stored romanizations, and the folded key."""

from __future__ import annotations

import pytest

from nkwatch.packs import Pack
from nkwatch.resolve import Gazetteer
from nkwatch.resolve.romanize import mr_to_dprk, variants, wire


def forms(gaz: Gazetteer, place_id: str) -> set[str]:
    return {v.text for v in gaz.variants[place_id]}


def test_county_has_every_system_and_unit_word(gaz: Gazetteer) -> None:
    got = forms(gaz, "south-phyongan/songchon")
    assert {"Songchon", "Songchon County", "Sŏngch'ŏn", "Sŏngch'ŏn-gun", "Songch'on",
            "Seongcheon", "Seongcheon-gun", "성천", "성천군", "Soncheon"} <= got


def test_province_has_direction_forms(gaz: Gazetteer) -> None:
    got = forms(gaz, "south-phyongan")
    assert {"South Phyongan", "South Phyongan Province", "South Pyongan", "P'yŏngan-namdo",
            "Pyeongannam-do", "평안남도"} <= got
    assert "South South Phyongan" not in got


def test_rok_hangul_and_its_romanizations(gaz: Gazetteer) -> None:
    got = forms(gaz, "nampho/ryonggang")
    assert {"룡강군", "용강군", "Ryonggang County", "Yonggang", "Yonggang-gun"} <= got


def test_former_names_are_marked(gaz: Gazetteer) -> None:
    former = {v.text for v in gaz.variants["north-hamgyong/kimchaek"] if v.former}
    assert "Songjin" in former


def test_mr_helpers() -> None:
    assert wire("P'yŏngan") == "Pyongan"
    assert mr_to_dprk("Ch'ŏllima") == "Chollima"
    assert mr_to_dprk("T'ongch'ŏn") == "Thongchon"


@pytest.mark.parametrize("forms_", [
    ("Songchon", "Sŏngch'ŏn-gun", "Seongcheon", "Songchon County", "SONGCH’ON GUN"),
    ("South Phyongan", "P'yŏngan-namdo", "Pyeongannam-do", "South Pyongan Province"),
    ("Unryul", "Ŭllyul", "Eullyul-gun", "Unnyul"),
    ("Kimchaek", "Kim Chaek City", "Gimchaek-si"),
])
def test_one_key_for_all_spellings(gaz: Gazetteer, forms_: tuple[str, ...]) -> None:
    keys = {gaz.keyer.key(f) for f in forms_}
    assert len(keys) == 1, keys


def test_variants_are_unique_and_nonempty(pack: Pack, gaz: Gazetteer) -> None:
    for place in pack.places:
        vs = variants(place, gaz.words)
        texts = [v.text for v in vs]
        assert texts and len(texts) == len(set(texts)), place.id
