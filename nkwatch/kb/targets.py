"""Stated targets against the evidence: what was promised, what the merged events show, and a
status for every period, decided by the rule written down in docs/targets.md.

    report = track(target, events, as_of)     # pure: a target record and merged events in

`events` are merged events as the store lists them (`nkwatch events list --json` fields, plus
the record each is about and its reports). Rejected events never count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from nkwatch.packs.schema import TargetRecord

STAGES = ("construction_start", "completion")  # a unit's stage: started, then completed
STATUSES = ("met", "on track", "behind", "overdue", "unknown")


@dataclass
class Unit:
    """One place (or record) counted toward a target, at the furthest stage its events reach."""

    key: str
    place: dict[str, Any] | None
    stage: str  # construction_start | completion | <event type>
    date: str | None
    events: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        place = self.place or {}
        return {"place": {"province": place.get("province"), "county": place.get("county")},
                "stage": self.stage, "date": self.date, "events": self.events}


@dataclass
class Period:
    period: str
    start: date
    end: date
    goal: float | None
    done: float = 0.0
    started: float = 0.0
    status: str = "unknown"
    why: str = ""
    units: list[Unit] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # announced places with no evidence yet

    def as_json(self) -> dict[str, Any]:
        return {"period": self.period, "goal": self.goal, "done": self.done,
                "started": self.started, "status": self.status, "why": self.why,
                "units": [u.as_json() for u in self.units], "missing": self.missing}


def _day(value: str | None, end: bool = False) -> date | None:
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return date(parts[0], 12, 31) if end else date(parts[0], 1, 1)
    if len(parts) == 2:
        if not end:
            return date(parts[0], parts[1], 1)
        nxt = date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
        return date.fromordinal(nxt.toordinal() - 1)
    return date(*parts)


def counts_toward(target: TargetRecord, event: dict[str, Any], kinds: dict[str, str],
                  place_names: dict[str, tuple[str, str | None]] | None = None) -> bool:
    """Does this merged event count for the target? Its type, then: the record itself; else, for
    an event about a known record, that record's kind; else its programme, or the target's
    words in its facility."""
    c = target.counts
    if event.get("status") == "rejected" or event.get("type") not in c.types:
        return False
    records = [r for r in (event.get("records") or [event.get("entity")]) if r]
    if c.records and set(records) & set(c.records):
        return True
    known = [r for r in records if r in kinds]
    if known and c.facility_kinds:  # a known record counts by its kind alone
        return any(kinds[r] in c.facility_kinds for r in known)  # (a 20x10 paper mill is no round)
    if c.programme and event.get("programme") == c.programme:
        return True
    facility = (event.get("facility") or "").lower()
    if c.words and any(w.lower() in facility for w in c.words):
        return True
    if c.sectors and event.get("sector") in c.sectors and c.places and place_names:
        place = event.get("place") or {}
        where = {place_names[p] for p in c.places if p in place_names}
        return (place.get("province"), place.get("county")) in where
    return False


def _periods(target: TargetRecord, as_of: date) -> list[Period]:
    explicit = {p.period: p for p in target.periods}
    start = _day(target.start) or _day(target.announced) or as_of
    end = _day(target.deadline, end=True) or _day(target.end, end=True)
    if target.per == "year":
        last = (end or as_of).year
        years = range(start.year, min(last, max(as_of.year, start.year)) + 1)
        return [Period(str(y), date(y, 1, 1), date(y, 12, 31),
                       explicit[str(y)].goal if str(y) in explicit and explicit[str(y)].goal is not None
                       else target.goal) for y in years]
    label = f"{target.start or ''}/{target.deadline or target.end or ''}"
    return [Period(label, start, end or date(9999, 12, 31), target.goal)]


def _announced_places(target: TargetRecord, period: str) -> list[str]:
    return [p for tp in target.periods if tp.period == period for p in tp.places]


def track(target: TargetRecord, events: list[dict[str, Any]], as_of: date,
          kinds: dict[str, str], place_names: dict[str, tuple[str, str | None]]) -> list[Period]:
    """Every period of the target with its units, counts and status.

    `kinds`: record id -> its kind (regional_industry_factories ...); `place_names`: place id ->
    (province, county) as events name them."""
    counted = [e for e in events if counts_toward(target, e, kinds, place_names)]
    periods = _periods(target, as_of)
    # A county announced for a round counts in that round, whenever its ceremonies fell (the
    # 2024 round's factories were finished in early 2025); other events count by their date.
    round_of = {_county_key(place_names.get(pid)): tp.period
                for tp in target.periods for pid in tp.places}
    for period in periods:
        inside = [e for e in counted if e.get("date") and (
            round_of.get(_event_county(e)) == period.period if _event_county(e) in round_of
            else _overlaps(e["date"], period))]
        period.units = _units(target, inside)
        if target.counts.unit == "quantity":
            period.done = sum(q["value"] for e in inside if e["type"] == "completion"
                              for q in e.get("quantities") or []
                              if q.get("unit") == target.counts.quantity_unit)
        else:
            period.done = sum(1 for u in period.units if u.stage == "completion"
                              or u.stage not in STAGES)
        period.started = sum(1 for u in period.units if u.stage == "construction_start")
        announced = _announced_places(target, period.period)
        seen = {u.key for u in period.units}
        period.missing = [_name(place_names.get(p), p) for p in announced
                          if _county_key(place_names.get(p)) not in seen]
        period.status, period.why = status(period, as_of)
    return periods


def _overlaps(value: str, period: Period) -> bool:
    start, end = _day(value), _day(value, end=True)
    return start is not None and end is not None and start <= period.end and end >= period.start


def _event_county(event: dict[str, Any]) -> str:
    place = event.get("place") or {}
    return f"{place.get('province')}/{place.get('county') or ''}"


def _name(names: tuple[str, str | None] | None, fallback: str) -> str:
    return ", ".join(n for n in (names[1], names[0]) if n) if names else fallback


def _county_key(names: tuple[str, str | None] | None) -> str:
    if not names:
        return ""
    return f"{names[0]}/{names[1] or ''}"


def _units(target: TargetRecord, events: list[dict[str, Any]]) -> list[Unit]:
    units: dict[str, Unit] = {}
    for e in sorted(events, key=lambda e: (e.get("date") or "", e["id"])):
        place = e.get("place") or {}
        if target.counts.unit == "county":
            if not place.get("county"):
                continue
            key = f"{place.get('province')}/{place.get('county')}"
        elif target.counts.unit == "record":
            key = e.get("entity") or e["id"]
        else:
            key = e["id"]
        unit = units.get(key)
        stage = e["type"] if e["type"] in STAGES else e["type"]
        if unit is None:
            units[key] = Unit(key, {"province": place.get("province"), "county": place.get("county")},
                              stage, e.get("date"), [e["id"]])
            continue
        unit.events.append(e["id"])
        if stage == "completion" and unit.stage != "completion":
            unit.stage, unit.date = stage, e.get("date")
    return sorted(units.values(), key=lambda u: (u.date or "", u.key))


def status(period: Period, as_of: date) -> tuple[str, str]:
    """The rule (docs/targets.md), in order:
    unknown — no goal was stated (the evidence is still listed);
    met     — done reaches the goal;
    overdue — the period (or deadline) has ended and done is short of the goal;
    on track — done plus half of what has started reaches the share of the goal that the
               elapsed part of the period calls for;
    behind  — otherwise."""
    if period.goal is None:
        return "unknown", "no goal was stated"
    if period.done >= period.goal:
        return "met", f"{period.done:g} done of {period.goal:g}"
    if as_of > period.end:
        return "overdue", f"{period.done:g} done of {period.goal:g} by {period.end.isoformat()}"
    span = max((period.end - period.start).days, 1)
    elapsed = min(max((as_of - period.start).days, 0) / span, 1.0)
    expected = period.goal * elapsed
    progress = period.done + 0.5 * period.started
    if progress >= expected:
        return "on track", (f"{period.done:g} done and {period.started:g} started; "
                            f"{expected:.1f} expected by now")
    return "behind", (f"{period.done:g} done and {period.started:g} started; "
                      f"{expected:.1f} expected by now")


def summary(periods: list[Period]) -> str:
    """The target's status at a glance: its latest period's."""
    return periods[-1].status if periods else "unknown"
