"""Issue 10: the status rules of the targets tracker on SYNTHETIC targets and events.

Every event here is invented for the test (real county names, fictional dates)."""

from __future__ import annotations

from datetime import date

import pytest

from nkwatch.kb.targets import status, track
from nkwatch.packs.schema import TargetRecord

SRC = [{"title": "synthetic test target"}]
KINDS = {"facility/a-factories": "regional_industry_factories", "facility/b-factories": "regional_industry_factories"}
NAMES = {"south-phyongan/songchon": ("South Phyongan", "Songchon"),
         "north-phyongan/kujang": ("North Phyongan", "Kujang"),
         "kangwon/kimhwa": ("Kangwon", "Kimhwa"), "kangwon/ichon": ("Kangwon", "Ichon")}


def target(**kw) -> TargetRecord:
    base = {"id": "target/t", "name": "synthetic", "sources": SRC,
            "counts": {"types": ["construction_start", "completion"],
                       "facility_kinds": ["regional_industry_factories"], "unit": "county"},
            "goal": 2, "per": "year", "goal_unit": "county", "start": "2031", "end": "2033"}
    return TargetRecord.model_validate({**base, **kw})


def event(eid: str, kind: str, when: str, county: str, province: str, **kw) -> dict:
    return {"id": eid, "type": kind, "date": when, "place": {"province": province, "county": county},
            "entity": "facility/a-factories", "programme": None, "facility": "factories",
            "status": "auto", "quantities": [], **kw}


EVENTS = [
    event("e1", "construction_start", "2031-02-10", "Songchon", "South Phyongan"),
    event("e2", "completion", "2031-11-30", "Songchon", "South Phyongan"),
    event("e3", "construction_start", "2031-03-01", "Kujang", "North Phyongan"),
    event("e4", "completion", "2031-12-20", "Kujang", "North Phyongan"),
    event("e5", "construction_start", "2032-03-01", "Kimhwa", "Kangwon"),
    event("e6", "completion", "2032-05-01", "Kimhwa", "Kangwon", status="rejected"),
]


def test_met_and_units_with_their_stage_date_and_events():
    periods = track(target(), EVENTS, date(2032, 6, 30), KINDS, NAMES)
    first = periods[0]
    assert (first.period, first.status, first.done) == ("2031", "met", 2)
    units = {u.place["county"]: u for u in first.units}
    assert units["Songchon"].stage == "completion" and units["Songchon"].date == "2031-11-30"
    assert units["Songchon"].events == ["e1", "e2"]


def test_partial_reporting_is_a_started_unit_and_rejected_events_never_count():
    second = track(target(), EVENTS, date(2032, 6, 30), KINDS, NAMES)[1]
    kimhwa = second.units[0]
    assert (kimhwa.place["county"], kimhwa.stage) == ("Kimhwa", "construction_start")  # no completion yet
    assert (second.done, second.started) == (0, 1)


def test_on_track_behind_and_overdue_follow_the_elapsed_share():
    # 2032: one started, none done; goal 2. Early in the year that is on track ...
    assert track(target(), EVENTS, date(2032, 3, 15), KINDS, NAMES)[1].status == "on track"
    # ... by October it is behind ...
    assert track(target(), EVENTS, date(2032, 10, 1), KINDS, NAMES)[1].status == "behind"
    # ... and once the year is over, overdue.
    assert track(target(), EVENTS, date(2033, 1, 10), KINDS, NAMES)[1].status == "overdue"


def test_unknown_without_a_goal_but_the_evidence_is_listed():
    periods = track(target(goal=None), EVENTS, date(2032, 6, 30), KINDS, NAMES)
    assert periods[0].status == "unknown" and len(periods[0].units) == 2


def test_announced_places_with_no_report_are_missing():
    t = target(periods=[{"period": "2032", "places": ["kangwon/kimhwa", "kangwon/ichon"]}])
    second = track(t, EVENTS, date(2032, 6, 30), KINDS, NAMES)[1]
    assert second.missing == ["Ichon, Kangwon"]


def test_a_county_announced_for_a_round_counts_in_that_round_whenever_it_was_finished():
    t = target(periods=[{"period": "2031", "places": ["kangwon/kimhwa"]}])
    late = [*EVENTS[:4], event("e7", "completion", "2032-02-01", "Kimhwa", "Kangwon")]
    first, second = track(t, late, date(2032, 6, 30), KINDS, NAMES)[:2]
    assert "Kangwon/Kimhwa" in {u.key for u in first.units} and second.units == []


def test_a_deadline_target_is_met_by_one_completion_and_overdue_without():
    opening = TargetRecord.model_validate({
        "id": "target/open", "name": "synthetic opening", "sources": SRC, "goal": 1,
        "counts": {"types": ["completion"], "records": ["facility/a-factories"], "unit": "event"},
        "start": "2031-01-01", "deadline": "2031-06-30"})
    assert track(opening, EVENTS, date(2031, 5, 1), KINDS, NAMES)[0].status == "behind"
    assert track(opening, EVENTS, date(2031, 7, 1), KINDS, NAMES)[0].status == "overdue"
    later = TargetRecord.model_validate({**opening.model_dump(), "deadline": "2031-12-31"})
    assert track(later, EVENTS, date(2032, 1, 1), KINDS, NAMES)[0].status == "met"


@pytest.mark.parametrize("done, started, goal, expected", [(3, 0, 2, "met"), (0, 0, None, "unknown")])
def test_status_rule_edges(done, started, goal, expected):
    from nkwatch.kb.targets import Period

    p = Period("2031", date(2031, 1, 1), date(2031, 12, 31), goal, done, started)
    assert status(p, date(2031, 6, 1))[0] == expected
