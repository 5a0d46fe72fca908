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
from nkwatch.model import Event
from nkwatch.packs import Pack
from nkwatch.resolve.entities import EntityIndex

_ROLE = {"facility": "facility", "system": "system", "programme": "programme"}
_PROPER_WORD = re.compile(r"\b[A-Z][\w'’ŏŭ-]*")
_SYSTEM_NAME = re.compile(r"[A-Za-z]+-\d")  # Hwasong-20, Chollima-1: a designation


def link_entities(state: DocState, pack: Pack) -> DocState:
    """Fill `links` of every event of the state."""
    if not state.events:
        return state
    index = EntityIndex.from_pack(pack)
    starts = [s.start for s in state.sentences]
    for event in state.events:
        event.links = _links(event, state, index, _sentence_of(starts, event.evidence.start))
    return state


def _sentence_of(starts: list[int], offset: int) -> int:
    from bisect import bisect_right

    return max(0, bisect_right(starts, offset) - 1)


def _links(event: Event, state: DocState, index: EntityIndex, sentence_no: int) -> dict[str, Any]:
    links: dict[str, Any] = {}
    sentence = state.sentences[sentence_no] if state.sentences else None
    here = [m for m in state.mentions if sentence and sentence.start <= m.start < sentence.end]
    if event.facility_id and event.facility_id in index.entities:
        links[index.entities[event.facility_id].kind] = event.facility_id
    elif event.facility:
        context = " ".join(x for x in (
            sentence.text if sentence else "",
            event.place.county if event.place else None, event.place.province if event.place else None,
            (event.date or "")[:4]) if x)
        best = index.best(event.facility, context)
        if best is not None and best.entity.kind != "place":
            links[best.entity.kind] = best.entity.id
        else:
            name = _proper_name(event.facility, index)
            if name:
                links["candidate"] = {"name": name, "kind": _kind_guess(name)}
    record = index.entities.get(links.get("facility", ""))
    if record is not None and record.programme and "programme" not in links:
        links["programme"] = record.programme
    programmes = _ids(here, "programme")
    if programmes and "programme" not in links:
        links["programme"] = programmes[0]
    organizations = _ids(here, "organization")
    if organizations:
        links["organizations"] = organizations
    if event.partners:
        links["partners"] = [code.lower() for code in event.partners]
    return links


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
