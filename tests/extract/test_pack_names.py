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


def test_coordinates_outside_the_pack_bounds_are_refused_for_places_and_facilities():
    """The bounds are the pack's (pack.yaml), given to validation as context by the loader."""
    import pytest
    from pydantic import ValidationError

    from nkwatch.packs.schema import Facility, Place

    meta = load_pack().meta
    assert meta is not None
    context = {"bounds": meta.bounds, "region": meta.region}
    source = [{"title": "synthetic"}]
    with pytest.raises(ValidationError, match="latitude 50.0 is outside the DPRK"):
        Facility.model_validate(dict(id="facility/x", name="X", sources=source, kind="k",
                                     sector="energy", lat=50.0), context=context)
    with pytest.raises(ValidationError, match="longitude 10.0 is outside the DPRK"):
        Place.model_validate(dict(id="x", name="X", sources=source, kind="county", hangul="가",
                                  mr="a", rr="a", lon=10.0), context=context)
    # Without a pack there are no bounds: the schema itself holds no country's numbers.
    assert Facility(id="facility/x", name="X", sources=source, kind="k", sector="energy",
                    lat=50.0).lat == 50.0
