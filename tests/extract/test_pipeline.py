"""The rules end to end on SYNTHETIC documents written for these tests (not real reports).

They use real place names because resolving them is the point; the events are invented. These
pin what the rules do (dates, places, names, modality, merging), so they run without the
learned stage; tests/learn covers the learned stage and the shipped extractor.
"""

import pytest

from nkwatch.extract.pipeline import analyse, claims_for_document
from nkwatch.learn.stage import RULES_ONLY
from nkwatch.model import Document
from nkwatch.packs import load_pack

PACK = load_pack()


def events(text: str, published: str = "2025-06-03") -> list[dict]:
    doc = Document(id="syn", text=text, published=published)
    return [e.as_json() for e in analyse(doc, PACK, RULES_ONLY).events]


def one(text: str, published: str = "2025-06-03") -> dict:
    found = events(text, published)
    assert len(found) == 1, found
    return found[0]


def test_completion_in_a_county_with_province_from_the_gazetteer():
    e = one("Pyongyang, June 2 (KCNA) -- Songchon County held an inauguration ceremony for its "
            "new regional-industry factories on June 1.")
    assert e["type"] == "completion"
    assert e["date"] == "2025-06-01"
    assert e["place"] == {"province": "South Phyongan", "county": "Songchon"}
    assert e["sector"] == "light_industry"
    assert e["leader_present"] is False


def test_romanization_variants_land_on_one_county():
    for spelling in ("Sŏngch'ŏn County", "Seongcheon County", "Songchon County"):
        e = one(f"Construction of a synthetic hospital began in {spelling} in February.")
        assert e["type"] == "construction_start"
        assert e["place"]["county"] == "Songchon", spelling
        assert e["date"] == "2025-02"


def test_inspection_by_the_leader_on_a_weekday():
    e = one("Kim Jong Un inspected a synthetic machine factory on Monday.")
    assert (e["type"], e["date"], e["leader_present"]) == ("inspection", "2025-06-02", True)
    assert e["sector"] == "heavy_industry"


def test_relative_clause_event_is_not_the_leaders():
    found = events("Kim Jong Un visited the building site of a synthetic hospital in "
                   "Kangdong County, where construction started in February.")
    by_type = {e["type"]: e for e in found}
    assert by_type["inspection"]["leader_present"] is True
    assert by_type["construction_start"]["leader_present"] is False
    assert by_type["construction_start"]["date"] == "2025-02"
    assert by_type["construction_start"]["place"] == {"province": "Pyongyang", "county": "Kangdong"}


def test_weapons_test_with_report_date_ignored():
    e = one("State media reported Wednesday that a synthetic missile was test-fired on May 30.",
            published="2025-06-04")
    assert (e["type"], e["date"], e["sector"]) == ("weapons_test", "2025-05-30", "military")


def test_future_launch_is_a_plan_with_a_deadline():
    e = one("Officials said the synthetic frigate will be delivered to its crew early next year.",
            published="2025-04-27")
    assert e["type"] == "plan"
    assert e["deadline"] == "2026"


def test_agreement_takes_the_partner_state():
    e = one("On June 19, officials of Russia and the DPRK signed an agreement on a synthetic "
            "bridge in Pyongyang.", published="2024-06-20")
    assert e["type"] == "agreement"
    assert e["partners"] == ["RU"]
    assert e["date"] == "2024-06-19"
    assert e["place"]["province"] == "Pyongyang"


def test_one_event_told_twice_is_merged():
    found = events("Kim Jong Un visited a synthetic greenhouse farm in Kangdong County on Monday. "
                   "During the visit he toured the farm.")
    assert [e["type"] for e in found] == ["inspection"]


def test_analyst_speculation_is_not_an_event():
    assert events("Experts say the country could have test-fired a synthetic missile.") == []


@pytest.mark.parametrize("text", [
    "",
    "   \n ",
    "평양에서 합성 공장이 준공되었다. 김정은 동지가 참석하였다.",
    "Синтетический завод был открыт в уезде.",
])
def test_no_text_or_foreign_language_gives_no_events_and_a_note(text):
    state = analyse(Document(id="x", text=text), PACK)
    assert state.events == []
    assert state.notes


def test_html_left_in_text_does_not_crash():
    html = "<html><body><p>An inauguration ceremony of a synthetic factory took place.</p></body></html>"
    assert [e["type"] for e in events(html)] == ["completion"]


def test_five_megabyte_document_is_processed():
    text = ("A synthetic paragraph with no event in it at all. " * 100_000)[:5_000_000]
    state = analyse(Document(id="big", text=text), PACK)
    assert state.events == []


def test_claims_carry_provenance():
    doc = Document(id="doc_syn", text="A synthetic paper mill in Unsan County of South Phyongan "
                                      "Province was inaugurated on June 1 with a ceremony.",
                   published="2025-06-03")
    claims = claims_for_document(doc, PACK)
    assert len(claims) == 1
    c = claims[0]
    assert c.document_id == "doc_syn" and c.extractor == "nkwatch.rules" and c.extractor_version
    assert c.quote == doc.text[c.span.start : c.span.end]
    assert c.value["place"] == {"province": "South Phyongan", "county": "Unsan"}
    # Same input, same claim id: a re-run adds nothing.
    assert claims_for_document(doc, PACK)[0].id == c.id


def test_commissioning_a_warship_is_a_vessel_launch():
    e = one("The synthetic destroyer was commissioned on June 3 in the presence of Kim Jong Un.",
            published="2025-06-05")
    assert (e["type"], e["date"], e["leader_present"], e["sector"]) == (
        "vessel_launch", "2025-06-03", True, "military")


def test_one_event_per_listed_county():
    found = events("Groundbreaking ceremonies for synthetic regional factories took place in "
                   "Songchon County, Unpha County and Kyongsong County on February 3.",
                   published="2025-02-04")
    assert sorted(e["place"]["county"] for e in found) == ["Kyongsong", "Songchon", "Unpha"]
    assert {e["type"] for e in found} == {"construction_start"}


def test_a_meeting_named_only_as_a_source_of_decisions_is_not_an_event():
    assert events("In response to the decisions of the Plenary Meeting, synthetic workers met "
                  "their quotas.") == []
