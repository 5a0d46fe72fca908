"""Compose a briefing from the knowledge base: sentences from templates, every one cited.

    briefing = compose(events, details, targets, meta)     # pure: plain data in, Briefing out

`events` are merged events (`events list --json` fields); `reports(id)` gives an event's reports
(publisher, published, title, url, sentence, date), asked only for the events a sentence cites;
`targets` are the tracker's reports.
Sentences come from templates per event type, grouped by type, month and facility so one
sentence can state several events ("Groundbreaking ceremonies were held in Kujang, Unsan and
Usi counties in March 2024."). Every sentence carries the citations of the events it states; a
citation is a note with publisher, date, title or URL and the exact sentence of the source.
Nothing is said that no event supports. Confidence words follow the ICD 203 scale, derived from
each event's Admiralty credibility (docs/briefings.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Reports = Callable[[str], list[dict[str, Any]]]  # event id -> its reports (fetched when cited)

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
# ICD 203 likelihood words for an event's credibility (1 confirmed ... 6 cannot be judged)
LIKELIHOOD = {1: "almost certainly", 2: "very likely", 3: "likely", 4: "roughly even chance",
              5: "unlikely", 6: "roughly even chance"}
CITED_PER_SENTENCE = 3  # more events than this: the sentence cites these and links its list
SECTOR_TITLES = {"military": "Military industry", "light_industry": "Light industry and regional development",
                 "heavy_industry": "Heavy industry", "mining": "Mining", "energy": "Energy",
                 "housing": "Housing", "health": "Health", "tourism": "Tourism",
                 "transport": "Transport", "agriculture": "Agriculture", "trade": "Trade",
                 "science_education": "Science and education", "other": "Other"}


@dataclass
class Note:
    n: int
    event: str
    publisher: str
    published: str
    title: str
    url: str
    quote: str


@dataclass
class Sentence:
    text: str
    notes: list[int]
    events: list[str]
    list_id: str | None = None  # the annex list of all its events, when it states many


@dataclass
class Section:
    title: str
    sentences: list[Sentence] = field(default_factory=list)


@dataclass
class Briefing:
    title: str
    meta: dict[str, Any]
    summary: list[Sentence]
    sections: list[Section]
    targets: list[Sentence]
    partners: list[Sentence]
    method: list[str]
    notes: list[Note]
    lists: dict[str, list[dict[str, Any]]]  # list id -> its events
    events: list[dict[str, Any]]


def month_words(value: str | None) -> str:
    if not value:
        return "on an unreported date"
    parts = value.split("-")
    if len(parts) == 1:
        return f"in {parts[0]}"
    month = MONTHS[int(parts[1]) - 1]
    if len(parts) == 2:
        return f"in {month} {parts[0]}"
    return f"on {int(parts[2])} {month} {parts[0]}"


def place_words(e: dict[str, Any]) -> str:
    place = e.get("place") or {}
    if place.get("country"):
        return str(place.get("name") or place["country"])
    return str(place.get("county") or place.get("province") or "")


def join(words: list[str]) -> str:
    words = [w for w in dict.fromkeys(words) if w]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _where(e: dict[str, Any]) -> str:
    """Where: a launch's shipyard when the pack knows it, else the place."""
    names: dict[str, str] = e.get("_names") or {}
    yards = [names[r] for r in e.get("records") or [] if r in names and r.startswith("facility/")]
    if e["type"] == "vessel_launch" and yards:
        return yards[0]
    return place_words(e)


def _what(e: dict[str, Any]) -> str:
    """What the event is about: the record it names (the vessel of a launch, the system of a
    test, else the facility), else its facility words when they read as a name, else a phrase."""
    names: dict[str, str] = e.get("_names") or {}
    records = [r for r in e.get("records") or [] if r in names]
    systems = [r for r in records if r.startswith("system/")]
    if e["type"] in ("vessel_launch", "weapons_test") and systems:
        return names[systems[0]]
    if records and not (e["type"] in ("vessel_launch", "weapons_test") and not systems):
        return names[records[0]]
    facility = (e.get("facility") or "").strip()
    if facility and facility[0].isalnum() and len(facility) > 3 and e["type"] not in ("vessel_launch",):
        return facility
    return {
        "construction_start": "a construction project", "completion": "a project",
        "inspection": "a site", "weapons_test": "a weapon", "vessel_launch": "a vessel",
        "agreement": "an agreement", "meeting": "a meeting", "production": "production",
        "exhibition": "an exhibition", "plan": "a plan"}[e["type"]]


# One template per type: (the events' facilities, their places, when) -> a sentence.
def _template(kind: str, what: str, where: str, when: str, leader: bool, partners: str, n: int) -> str:
    at = f" in {where}" if where else ""
    if kind == "construction_start":
        return f"Construction began on {what}{at} {when}" if n == 1 else \
            f"Groundbreaking ceremonies were held for {what}{at} {when}"
    if kind == "completion":
        return f"{_cap(what)} {'were' if _plural(what) else 'was'} completed{at} {when}"
    if kind == "inspection":
        who = "The leader" if leader else "Officials"
        return f"{who} inspected {what}{at} {when}"
    if kind == "weapons_test":
        return f"State media or observers reported a test of {what}{at} {when}" if n == 1 else \
            f"Tests of {what} were reported{at} {when}"
    if kind == "vessel_launch":
        return f"{_cap(what)} was launched{at} {when}"
    if kind == "agreement":
        return f"An agreement ({what}) was signed{' with ' + partners if partners else ''}{at} {when}"
    if kind == "meeting":
        return f"{_cap(what)} met{at} {when}"
    if kind == "production":
        return f"Output was reported for {what}{at} {when}"
    if kind == "exhibition":
        return f"{_cap(what)} opened{at} {when}"
    return f"Plans were announced for {what}{at} {when}"


def _plural(noun: str) -> bool:
    """"factories", "flats", "hospitals", "3 others": a plural subject."""
    last = noun.split()[-1].lower() if noun.split() else ""
    return " and " in noun or (last.endswith("s") and not last.endswith(("ss", "us", "works")))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Notes:
    def __init__(self, reports: Reports) -> None:
        self.fetch = reports
        self.cache: dict[str, list[dict[str, Any]]] = {}
        self.notes: list[Note] = []
        self.by_event: dict[str, int] = {}

    def reports(self, event_id: str) -> list[dict[str, Any]]:
        if event_id not in self.cache:
            self.cache[event_id] = self.fetch(event_id)
        return self.cache[event_id]

    def cite(self, event_id: str) -> int | None:
        """The note of an event's first report with a sentence (made once per event)."""
        if event_id in self.by_event:
            return self.by_event[event_id]
        for r in self.reports(event_id):
            if r.get("sentence"):
                n = len(self.notes) + 1
                self.notes.append(Note(n, event_id, r.get("publisher") or "unknown publisher",
                                       r.get("published") or "", r.get("title") or "",
                                       r.get("url") or r.get("document") or "", r["sentence"].strip()))
                self.by_event[event_id] = n
                return n
        return None

    def cite_source(self, title: str, url: str) -> int:
        """A note for a stated target's own public source (no stored document to quote)."""
        n = len(self.notes) + 1
        self.notes.append(Note(n, "", title, "", "", url, ""))
        return n


def _period(date_value: str | None, grain: str) -> str:
    if not date_value:
        return ""
    if grain == "month" or len(date_value) < 7:
        return date_value[:7]
    if grain == "quarter":
        return f"{date_value[:4]}-Q{(int(date_value[5:7]) - 1) // 3 + 1}"
    return date_value[:4]


def _period_words(period: str) -> str:
    if "-Q" in period:
        year, quarter = period.split("-Q")
        return f"in the {('first', 'second', 'third', 'fourth')[int(quarter) - 1]} quarter of {year}"
    return month_words(period or None)


def _sentences(group: list[dict[str, Any]], notes: _Notes, lists: dict[str, list[dict[str, Any]]]) -> list[Sentence]:
    """One sentence per (type, month, facility) of a section's events; in a section with many
    events, one per (type, quarter or year) naming the first facilities, so a two-year briefing
    of ten thousand events stays a document one reads."""
    grain = "month" if len(group) <= 150 else "quarter" if len(group) <= 1500 else "year"
    buckets: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for e in group:
        what = _what(e).lower() if grain == "month" else ""
        buckets[(e["type"], _period(e.get("date"), grain), what)].append(e)
    out = []
    for (kind, period, _), events in sorted(buckets.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        events.sort(key=lambda e: (e.get("date") or "", e["id"]))
        if grain == "month":
            when = month_words(events[0]["date"] if len(events) == 1 else period or None)
            what = _what(events[0])
        else:
            when = _period_words(period)
            names = list(dict.fromkeys(_what(e) for e in events))
            what = join(names[:3] + ([f"{len(names) - 3} others"] if len(names) > 3 else []))
        places = list(dict.fromkeys(_where(e) for e in events if _where(e)))
        where = join(places[:4] + ([f"{len(places) - 4} more places"] if len(places) > 4 else []))
        partners = join(sorted({p for e in events for p in e.get("partners") or []}))
        text = _template(kind, what, where, when, any(e.get("leader_present") for e in events),
                         partners, len(events))
        text += _disagreement(events[:CITED_PER_SENTENCE], notes)
        cited = [n for n in (notes.cite(e["id"]) for e in events[:CITED_PER_SENTENCE]) if n]
        if not cited:
            continue  # nothing is said that no source sentence supports
        list_id = None
        if len(events) > CITED_PER_SENTENCE:
            list_id = f"L{len(lists) + 1}"
            lists[list_id] = events
            text += f" ({len(events)} events; list {list_id})"
        out.append(Sentence(text + ".", cited, [e["id"] for e in events], list_id))
    return out


def _disagreement(events: list[dict[str, Any]], notes: _Notes) -> str:
    """Where a cited event's reports give different days, say so."""
    for e in events:
        days = sorted({r["date"] for r in notes.reports(e["id"]) if r.get("date") and len(r["date"]) == 10})
        if len(days) > 1:
            return f"; sources differ on the date ({' or '.join(days)})"
    return ""


def compose(events: list[dict[str, Any]], reports: Reports,
            targets: list[dict[str, Any]], meta: dict[str, Any]) -> Briefing:
    notes = _Notes(reports)
    lists: dict[str, list[dict[str, Any]]] = {}
    kept = [e for e in events if e.get("status") != "rejected"]
    by_sector: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in kept:
        by_sector[e.get("sector") or "other"].append(e)
    summary = _summary(kept, by_sector, notes, lists)
    sections = []
    for sector in sorted(by_sector, key=lambda s: (-len(by_sector[s]), s)):
        sentences = _sentences([e for e in by_sector[sector] if e["type"] != "agreement"], notes, lists)
        if sentences:
            sections.append(Section(SECTOR_TITLES.get(sector, sector.replace("_", " ").title()), sentences))
    partners = _sentences([e for e in kept if e["type"] == "agreement" or e.get("partners")], notes, lists)
    target_sentences = _targets(targets, notes)
    return Briefing(
        title=meta.get("title") or "North Korea's industry: developments of the period",
        meta=meta, summary=summary, sections=sections, targets=target_sentences, partners=partners,
        method=_method(kept, meta), notes=notes.notes, lists=lists, events=kept)


def _summary(events: list[dict[str, Any]], by_sector: dict[str, list[dict[str, Any]]], notes: _Notes,
             lists: dict[str, list[dict[str, Any]]]) -> list[Sentence]:
    out = []
    if not events:
        return [Sentence("No event in the knowledge base falls in this period and these filters.", [], [])]
    for sector in sorted(by_sector, key=lambda s: (-len(by_sector[s]), s))[:4]:
        group = by_sector[sector]
        best = sorted(group, key=lambda e: (e.get("credibility") or 6, -(e.get("sources") or 0),
                                            e.get("date") or ""))[:3]
        cited = [n for n in (notes.cite(e["id"]) for e in best) if n]
        if not cited:
            continue
        word = LIKELIHOOD.get(min(e.get("credibility") or 6 for e in best), "likely")
        places = join([place_words(e) for e in best])
        title = SECTOR_TITLES.get(sector, sector)
        text = (f"{title}: {len(group)} events (section {title}); the best-attested, {word} as "
                f"reported, include {join([_what(e) for e in best])}{' in ' + places if places else ''}.")
        out.append(Sentence(text, cited, [e["id"] for e in group]))
    return out


def _targets(targets: list[dict[str, Any]], notes: _Notes) -> list[Sentence]:
    order = {"met": 0, "behind": 1, "overdue": 2, "on track": 3, "unknown": 4}
    out = []
    for t in sorted(targets, key=lambda t: (order.get(t["status"], 5), t["id"])):
        last = t["periods"][-1] if t.get("periods") else {}
        evidence = [eid for u in t.get("units", []) for eid in u["events"]]
        cited = [n for n in (notes.cite(e) for e in evidence[:CITED_PER_SENTENCE]) if n]
        goal = "" if t.get("goal") is None else f" (goal {t['goal']:g} {t.get('goal_unit') or ''}" \
            f"{' a year' if t.get('per') == 'year' else ''})"
        why = f": {last.get('why')}" if last.get("why") else ""
        text = f"{t['name']}{goal} is {t['status']} for {last.get('period', 'its period')}{why}."
        if not cited:
            text = f"{t['name']}{goal}: no event in this briefing reports progress ({t['status']})."
            source = (t.get("sources") or [{}])[0]
            if source.get("title"):  # the statement is the target itself: cite where it was set
                cited = [notes.cite_source(source["title"], source.get("url") or "")]
        out.append(Sentence(text, cited, evidence))
    return out


def _method(events: list[dict[str, Any]], meta: dict[str, Any]) -> list[str]:
    sources = sum(e.get("sources") or 0 for e in events)
    return [
        f"Counted: {len(events)} merged events (each one real-world occurrence, merged from "
        f"{sum(e.get('reports') or 0 for e in events)} reports; rejected events left out) in "
        f"{meta.get('documents', '?')} stored documents; {sources} independent source attributions.",
        f"Extractor {meta.get('extractor', '?')}; merger weights {meta.get('merger', '?')}; "
        f"database {meta.get('database', '?')}; made {meta.get('made', '?')}.",
        "Every sentence is built from a template filled with event fields and cites the events it "
        "states; each note quotes the exact sentence of one report. Sentences that state more "
        "events than they cite link the annex list of all of them.",
        "Likelihood words follow the ICD 203 scale and come from each event's Admiralty "
        "credibility (docs/sources.md): confirmed by two or more independent sources, one graded "
        "A or B → almost certainly; two independent sources, or one graded A/B → very likely; one "
        "graded C (state media) → likely; D → roughly even chance; E or rejected → unlikely; "
        "ungraded → roughly even chance.",
    ]
