"""A table of the ways text spells DPRK places, each resolved to the right unit (issue 3)."""

from __future__ import annotations

import pytest

from nkwatch.resolve import Gazetteer

# (mention, expected id, kind of spelling)
TABLE = [
    # KCNA / DPRK English
    ("Songchon County", "south-phyongan/songchon", "kcna"),
    ("Ryonggang County", "nampho/ryonggang", "kcna"),
    ("Hwasong District", "pyongyang/hwasong", "kcna"),
    ("Chollima District", "nampho/chollima", "kcna"),
    ("Kimchaek City", "north-hamgyong/kimchaek", "kcna"),
    ("Samjiyon City", "ryanggang/samjiyon", "kcna"),
    ("Thongchon County", "kangwon/thongchon", "kcna"),
    ("Nampho", "nampho", "kcna"),
    ("South Phyongan Province", "south-phyongan", "kcna"),
    ("Jagang Province", "jagang", "kcna"),
    ("Ryanggang", "ryanggang", "kcna"),
    ("Kyongsong County", "north-hamgyong/kyongsong", "kcna"),
    ("Sinpho City", "south-hamgyong/sinpho", "kcna"),
    ("Unpha County", "north-hwanghae/unpha", "kcna"),
    # McCune-Reischauer with breves and apostrophes
    ("Sŏngch'ŏn-gun", "south-phyongan/songchon", "mr"),
    ("P'yŏngan-namdo", "south-phyongan", "mr"),
    ("Hamgyŏng-bukto", "north-hamgyong", "mr"),
    ("T'ongch'ŏn-gun", "kangwon/thongchon", "mr"),
    ("Ch'ŏllima-guyŏk", "nampho/chollima", "mr"),
    ("Ŭnsan-gun", "south-phyongan/unsan", "mr"),
    ("Yangdŏk-kun", "south-phyongan/yangdok", "mr"),
    ("Ch’ŏngjin", "north-hamgyong/chongjin", "mr"),
    # wire style: MR without diacritics or apostrophes
    ("Yongbyon", "north-phyongan/nyongbyon", "wire"),
    ("Sinpo", "south-hamgyong/sinpho", "wire"),
    ("Nampo", "nampho", "wire"),
    ("South Pyongan Province", "south-phyongan", "wire"),
    ("North Hamgyong", "north-hamgyong", "wire"),
    ("Chagang", "jagang", "wire"),
    ("Yanggang", "ryanggang", "wire"),
    ("Tongchon", "kangwon/thongchon", "wire"),
    ("Kimchaek", "north-hamgyong/kimchaek", "wire"),
    # Revised Romanization
    ("Seongcheon-gun", "south-phyongan/songchon", "rr"),
    ("Pyeongannam-do", "south-phyongan", "rr"),
    ("Hamgyeongbuk-do", "north-hamgyong", "rr"),
    ("Yeongbyeon", "north-phyongan/nyongbyon", "rr"),
    ("Cheongjin", "north-hamgyong/chongjin", "rr"),
    ("Hamheung", "south-hamgyong/hamhung", "rr"),
    ("Dancheon", "south-hamgyong/tanchon", "rr"),
    ("Bukchang-gun", "south-phyongan/pukchang", "rr"),
    ("Gimchaek-si", "north-hamgyong/kimchaek", "rr"),
    ("Gaeseong", "kaesong", "rr"),
    # Hangul, DPRK and ROK spellings
    ("성천군", "south-phyongan/songchon", "hangul"),
    ("룡강군", "nampho/ryonggang", "hangul"),
    ("용강군", "nampho/ryonggang", "hangul_rok"),
    ("녕변", "north-phyongan/nyongbyon", "hangul"),
    ("영변군", "north-phyongan/nyongbyon", "hangul_rok"),
    ("량강도", "ryanggang", "hangul"),
    ("양강도", "ryanggang", "hangul_rok"),
    ("라선시", "rason", "hangul"),
    ("나선", "rason", "hangul_rok"),
    ("화성구역", "pyongyang/hwasong", "hangul"),
    ("삼지연시", "ryanggang/samjiyon", "hangul"),
    # misspellings and mixes seen in news
    ("Soncheon", "south-phyongan/songchon", "misspelling"),
    ("Seongchon", "south-phyongan/songchon", "misspelling"),
    ("Pyongan-namdo", "south-phyongan", "misspelling"),
    ("Kim Chaek City", "north-hamgyong/kimchaek", "spacing"),
    ("Kim Jong Suk County", "ryanggang/kimjongsuk", "spacing"),
    ("Kabsan", "ryanggang/kapsan", "misspelling"),
    ("Chongjn", "north-hamgyong/chongjin", "typo"),
    ("Jaerong", "south-hwanghae/jaeryong", "misspelling"),
    # ISO/TR 11941 (KPS 9735) style: eo/eu, h-aspirates, no voicing
    ("Phyeongseong", "south-phyongan/phyongsong", "kps"),
    ("Kangtong", "pyongyang/kangdong", "kps"),
    ("Hamkyeongpukto", "north-hamgyong", "kps"),
    # former names
    ("Unggi", "rason/sonbong", "former"),
    ("Sungho District", "north-hwanghae/sungho", "former"),
    ("Rajin-Sonbong", "rason", "former"),
    ("Chinnampo", "nampho", "former"),
    ("Huchang County", "ryanggang/kimhyongjik", "former"),
]


@pytest.mark.parametrize("mention, expected, style", TABLE)
def test_variant_resolves(gaz: Gazetteer, mention: str, expected: str, style: str) -> None:
    best = gaz.best(mention)
    assert best is not None, f"{mention!r} ({style}) did not resolve: {gaz.resolve(mention)[:3]}"
    assert best.place_id == expected, f"{mention!r} ({style}) -> {best.place_id}"


def test_every_place_resolves_from_each_of_its_own_systems(gaz: Gazetteer) -> None:
    """Name, MR, ASCII MR, wire and RR of every unit resolve to it, given its province."""
    wrong = []
    for pid, vs in gaz.variants.items():
        province = gaz.province_of(pid)
        for v in vs:
            if v.former or v.style == "alias":
                continue
            best = gaz.best(v.text, context=province)
            if best is None or best.place_id != pid:
                wrong.append((v.text, pid, best and best.place_id))
    assert not wrong, f"{len(wrong)} variants resolve elsewhere, e.g. {wrong[:10]}"
