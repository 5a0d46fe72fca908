"""Pack names the extractor matches must name something: a flow list that splits a name at its
commas ("Trade, Economy, Science") would make "Economy" an organization."""

from nkwatch.packs import load_pack

COMMON = {"economy", "economic", "science", "technology", "trade", "cooperation", "industry",
          "scientific", "technical", "energy", "culture", "development", "construction", "the"}


def test_no_alias_is_a_common_word():
    pack = load_pack()
    bad = [(r.id, a) for kind in (pack.facilities, pack.programmes, pack.organizations,
                                   pack.systems, pack.partners)
           for r in kind for a in r.aliases if a.strip().lower() in COMMON]
    assert bad == []


def test_coordinates_outside_the_dprk_are_refused_for_places_and_facilities():
    import pytest
    from pydantic import ValidationError

    from nkwatch.packs.schema import Facility, Place

    source = [{"title": "synthetic"}]
    with pytest.raises(ValidationError, match="latitude 50.0 is outside the DPRK"):
        Facility(id="facility/x", name="X", sources=source, kind="k", sector="energy", lat=50.0)
    with pytest.raises(ValidationError, match="longitude 10.0 is outside the DPRK"):
        Place(id="x", name="X", sources=source, kind="county", hangul="가", mr="a", rr="a", lon=10.0)
