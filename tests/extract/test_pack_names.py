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
