"""Issue 14: one resolver for facilities, systems, programmes, organizations and places.

Names below are written the ways reporting writes them; the expected records are the pack's.
"""

from __future__ import annotations

import pytest

from nkwatch.packs import Pack
from nkwatch.resolve.entities import EntityIndex


@pytest.fixture(scope="module")
def index(pack: Pack) -> EntityIndex:
    return EntityIndex.from_pack(pack)


@pytest.mark.parametrize("name, expected", [
    # the place part in other romanizations, generic words by their synonyms
    ("Namp'o Shipyard", "facility/nampho-shipyard"),
    ("Nampo Dockyard", "facility/nampho-shipyard"),
    ("Nampho Shipbuilding Complex", "facility/nampho-shipyard"),
    ("nampho dockyard", "facility/nampho-shipyard"),
    ("Kim Ch'aek Iron and Steel Complex", "facility/kim-chaek-iron-and-steel-complex"),
    ("Kim Chaek Iron & Steel Complex", "facility/kim-chaek-iron-and-steel-complex"),
    ("Kim Chaek Steel Complex", "facility/kim-chaek-iron-and-steel-complex"),
    ("Gimchaek Iron and Steel Complex", "facility/kim-chaek-iron-and-steel-complex"),
    # numbered names, Vinalon/Vinylon
    ("2.8 Vinylon Complex", "facility/february-8-vinalon-complex"),
    ("Feb. 8 Vinalon Complex", "facility/february-8-vinalon-complex"),
    ("February 8 Vinylon Combine", "facility/february-8-vinalon-complex"),
    ("2·8 Vinalon Complex", "facility/february-8-vinalon-complex"),
    # Hangul: both spellings of 련합, full and short forms, spaces
    ("남포조선소련합기업소", "facility/nampho-shipyard"),
    ("남포조선연합기업소", "facility/nampho-shipyard"),
    ("남포조선소", "facility/nampho-shipyard"),
    ("김책제철소", "facility/kim-chaek-iron-and-steel-complex"),
    ("김책 제철 연합기업소", "facility/kim-chaek-iron-and-steel-complex"),
    ("2·8비날론련합기업소", "facility/february-8-vinalon-complex"),
    # systems, programmes, organizations
    ("Hwasongpho-19", "system/hwasong-19"),
    ("Hwasong 19", "system/hwasong-19"),
    ("Choe Hyon", "system/choe-hyon"),
    ("Regional Development 20X10 Policy", "programme/regional-development-20x10"),
    ("WPK", "org/wpk"),
    # the county records of the 20x10 policy
    ("Kujang County industrial factories", "facility/kujang-regional-industry-factories"),
    ("Songchon regional-industry factories", "facility/songchon-regional-industry-factories"),
])
def test_written_forms_resolve_to_their_record(index, name, expected):
    best = index.best(name)
    assert best is not None and best.entity.id == expected, index.resolve(name)[:3]


@pytest.mark.parametrize("name", [
    "Zvezda Shipyard",            # Russian: not in the pack
    "Hyundai Heavy Industries",  # South Korean
    "Nampho Complex",             # a place and a weak word: which complex?
    "Nampho",                     # a place, not a facility (asked for facilities only)
    "machine factory",
    "Nampho Cosmetics Mill",      # unknown, even though its place is known
])
def test_unknown_rather_than_wrong(index, name):
    assert index.best(name, kind="facility") is None


def test_places_resolve_through_the_same_entry(index):
    best = index.best("Sŏngch'ŏn-gun")
    assert best is not None and (best.entity.kind, best.entity.id) == ("place", "south-phyongan/songchon")
    assert index.best("Nampho Dockyard").entity.kind == "facility"  # not the city in its name


def test_context_breaks_ties_between_places(index):
    assert index.best("Unsan") is None  # two Unsans
    best = index.best("Unsan", context="in South Phyongan Province")
    assert best is not None and best.entity.id == "south-phyongan/unsan"


def test_kind_filter(index):
    assert index.best("Choe Hyon", kind="facility") is None
    assert index.best("Choe Hyon", kind="system").entity.id == "system/choe-hyon"
    with pytest.raises(ValueError):
        index.resolve("Choe Hyon", kind="ship")


def test_generated_variants_all_resolve_back(index, pack):
    """Every generated form of every record reads back as that record, so the text automaton
    (built from these forms) never names a record the resolver would not."""
    checked = 0
    for record in (*pack.facilities, *pack.systems):
        for form in index.variants(record.id):
            found = {c.entity.id for c in index.resolve(form) if c.score >= 0.86}
            assert record.id in found, (record.id, form)
            checked += 1
    assert checked > 2 * len(pack.facilities)


def test_variants_include_other_romanizations_and_synonyms(index):
    forms = set(index.variants("facility/nampho-shipyard"))
    assert {"Nampo Dockyard", "Namp'o Shipyard", "Nampho Shipbuilding Complex"} <= forms


def test_every_located_facility_has_coordinates(pack, index):
    """A facility with a place lands on the map: its own point, else its place's or province's."""
    located = [f for f in pack.facilities if f.place or f.lat is not None]
    # a motorway or a cascade of stations has no one place; sources rarely leave a works unplaced
    assert len(located) >= 0.9 * len(pack.facilities)
    assert [f.id for f in located if index.entity(f.id).lat is None] == []
