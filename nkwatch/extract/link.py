"""Link each event to the pack records it is about: facility, system, programme, organizations,
partner states. The contract's `facility` string stays as written; the ids go beside it.

A record the extractor already matched by name is kept. Otherwise the event's facility string is
resolved with the event's sentence, place and year as context (`nkwatch.resolve.entities`),
which reads "Nampho Dockyard", "Namp'o Shipyard" and "Kujang County industrial factories" as the
records they name. A capitalised name that resolves to nothing is kept as a *candidate* (name
and kind guess) for an analyst to add to the pack, not lost.
"""

from __future__ import annotations

import re
from typing import Any

from nkwatch.extract.state import DocState, Mention
from nkwatch.model import Event, PlaceRef
from nkwatch.packs import Pack
from nkwatch.resolve.entities import Entity, EntityIndex

_PROPER_WORD = re.compile(r"\b[A-Z][\w'’ŏŭ-]*")
_SYSTEM_NAME = re.compile(r"[A-Za-z]+-\d")  # Hwasong-20, Chollima-1: a designation


def link_entities(state: DocState, pack: Pack) -> DocState:
    """Fill `links` of every event of the state."""
    if not state.events:
        return state
    index = EntityIndex.from_pack(pack)
    for event in state.events:
        start, end = event.evidence.start, event.evidence.end
        sentences = [s for s in state.sentences if s.start < end and s.end > start]
        here = [m for m in state.mentions if any(s.start <= m.start < s.end for s in sentences)]
        text = " ".join(s.text for s in sentences)
        event.links = _links(event, here, text, index)
    _from_the_document(state, index)
    return state


# Events about a site rather than a deal or a meeting: they take the document's facility when
# their own sentence names none ("the groundbreaking ceremony was held on ...").
_AT_A_SITE = {"construction_start", "completion", "inspection", "production", "vessel_launch",
              "weapons_test", "exhibition", "plan"}


def _from_the_document(state: DocState, index: EntityIndex) -> None:
    """A report about one facility or vessel names it once or twice and then says "the site",
    "the ceremony", "the destroyer": an event whose sentence names none takes the one the
    document names most (mentions and the other events' links), when its place agrees and its
    own facility words (if any: "light industry factory") fit the record."""
    for kind, types in (("facility", _AT_A_SITE), ("system", _ABOUT_A_SYSTEM)):
        record = _most_named(state, index, kind)
        if record is None:
            continue
        for event in state.events:
            if event.type not in types or event.links.keys() & {kind, "candidate"}:
                continue
            if kind == "facility" and event.links.keys() & {"system", "programme"}:
                continue  # a vessel's launch, a programme's plan: not the document's factory
            if event.place is not None and record.place_id and not _same_place(record, event.place, index):
                continue
            if kind == "facility" and event.facility and not _fits(event.facility, record, index):
                continue
            event.links[kind] = record.id
            if record.programme and "programme" not in event.links:
                event.links["programme"] = record.programme
    body = _most_named(state, index, "organization")
    if body is not None:  # the committee or commission a report of talks is about
        for event in state.events:
            if event.type in _OF_A_BODY and "organizations" not in event.links:
                event.links["organizations"] = [body.id]


_ABOUT_A_SYSTEM = {"vessel_launch", "weapons_test"}
_OF_A_BODY = {"meeting", "agreement"}


def _most_named(state: DocState, index: EntityIndex, kind: str) -> Entity | None:
    counts: dict[str, int] = {}
    skip = {"vessel_class", *index.words.reporters}
    for m in state.mentions:
        if m.kind == kind and index.entities[m.entity_id].type not in skip:
            counts[m.entity_id] = counts.get(m.entity_id, 0) + 1
    for event in state.events:
        if isinstance(event.links.get(kind), str):
            counts[event.links[kind]] = counts.get(event.links[kind], 0) + 1
    if not counts:
        return None
    top = max(counts.values())
    leaders = [eid for eid, n in counts.items() if n == top]
    return index.entities.get(leaders[0]) if len(leaders) == 1 else None


def _fits(facility: str, record: Entity, index: EntityIndex) -> bool:
    """The class words of an event's facility string ("paper mill", "the destroyer") agree with
    the record's; a string without class words fits anything."""
    key = index.key(facility)
    asked = set(key.strong)
    return not asked or bool(asked & index.classes_of(record.id))


def _same_place(record: Entity, place: PlaceRef, index: EntityIndex) -> bool:
    if place.country:
        return False
    if place.place_id and record.place_id:
        first = index.gaz.first_level.get(place.place_id, place.place_id)
        return place.place_id == record.place_id or (place.county is None and first == record.first_level)
    return place.province == record.province


def _links(event: Event, here: list[Mention], sentence: str, index: EntityIndex) -> dict[str, Any]:
    """The records of one event: the one the extractor named, each other kind named in its
    sentence (nearest first: the vessel launched at a shipyard has both), else its facility
    string resolved in context; a proper name that resolves to nothing is a candidate."""
    links: dict[str, Any] = {}
    named_by_extractor = index.entities.get(event.facility_id or "")
    if named_by_extractor is not None:
        vessels = [m for m in here if m.kind == "system"
                   and index.entities[m.entity_id].type != "vessel_class"]
        if named_by_extractor.type == "vessel_class" and vessels:
            pass  # "the 5,000-ton destroyer Choe Hyon": the vessel, not its class
        else:
            links[named_by_extractor.kind] = named_by_extractor.id
    anchor = event.evidence.start
    for kind in ("facility", "system"):
        # A named vessel before its class ("Kang Kon, a Choe Hyon-class destroyer"), then nearest.
        named = sorted((m for m in here if m.kind == kind),
                       key=lambda m: (index.entities[m.entity_id].type == "vessel_class",
                                      abs(m.start - anchor)))
        if named and kind not in links:
            links[kind] = named[0].entity_id
    if event.facility and not (links.keys() & {"facility", "system"}):
        found = _resolve_string(event, sentence, index)
        if found is not None:
            links.setdefault(found.kind, found.id)
        else:
            name = _proper_name(event.facility, index)
            if name:
                links["candidate"] = {"name": name, "kind": _kind_guess(name)}
    record = index.entities.get(links.get("facility", ""))
    programmes = _ids(here, "programme")
    if "programme" not in links and (programmes or (record is not None and record.programme)):
        links["programme"] = programmes[0] if programmes else record.programme  # type: ignore[union-attr]
    organizations = [o for o in _ids(here, "organization")
                     if index.entities[o].type not in index.words.reporters]
    if organizations:
        links["organizations"] = organizations
    if event.partners:
        links["partners"] = [code.lower() for code in event.partners]
    return links


def _resolve_string(event: Event, sentence: str, index: EntityIndex) -> Entity | None:
    """The event's facility string as a record: with its sentence, place and year as context;
    a string of class words only ("industrial factories") is read with the event's county."""
    place = event.place
    context = " ".join(x for x in (sentence, place.county if place else None,
                                   place.province if place else None, (event.date or "")[:4]) if x)
    facility = event.facility or ""
    tries = [facility]
    if place is not None and place.county and not index.key(facility).stem.strip("#"):
        tries.append(f"{place.county} {facility}")
    for name in tries:
        best = index.best(name, context)
        if best is not None and best.entity.kind != "place":
            return best.entity
    return None


def _ids(mentions: list[Mention], kind: str) -> list[str]:
    return list(dict.fromkeys(m.entity_id for m in mentions if m.kind == kind))


def _proper_name(text: str, index: EntityIndex) -> str | None:
    """The proper name in a facility string, from its first distinctive capitalised word
    ("production of the Posan Iron Works" -> "Posan Iron Works"), or None for a description
    ("machine factory", "major North Korean arms factories"), a bare place, or an agreement or
    meeting ("the Moscow Declaration")."""
    words = index.words
    for match in _PROPER_WORD.finditer(text):
        if match.group().lower() not in words.stopwords:
            name = text[match.start():].strip(" .,;:")
            break
    else:
        return None
    last = name.split()[-1].lower() if name.split() else ""
    if last in words.not_records or last.rstrip("s") in words.not_records:
        return None
    key = index.key(name)
    if not key.stem or key.place_only or len(key.stem.strip("#")) < 3:
        return None
    return name


def _kind_guess(text: str) -> str:
    if _SYSTEM_NAME.search(text):
        return "system"
    if re.search(r"\b(?:policy|plan|programme|program)\b", text, re.I):
        return "programme"
    return "facility"
