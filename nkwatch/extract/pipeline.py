"""The extractor: pure stages composed over one document, then events and claims.

    extract_events(document, pack) -> list[Event]
    claims_for_document(document, pack=None) -> list[Claim]

No stage touches storage; `nkwatch ingest` stores the claims this returns.
"""

from __future__ import annotations

import re
from dataclasses import replace

from nkwatch import ids
from nkwatch.extract import attach as attach_stage
from nkwatch.extract.attach import Attacher, Candidate
from nkwatch.extract.cleanup import cleanup
from nkwatch.extract.dates import mark_dates, reference_from
from nkwatch.extract.mentions import index_for, mark_mentions
from nkwatch.extract.merge import merge_candidates
from nkwatch.extract.quantities import mark_quantities
from nkwatch.extract.sector import choose_sector
from nkwatch.extract.sentences import split_sentences
from nkwatch.extract.state import DocState, Mention
from nkwatch.extract.triggers import mark_triggers
from nkwatch.model import Claim, Document, Event, PlaceRef, Quantity, Span
from nkwatch.packs import Pack, load_pack

EXTRACTOR = "nkwatch.rules"
VERSION = "0.1.0"
MAX_CHARS = 2_000_000  # longer texts are cut: a 5 MB "article" is a dump, not a report

_HANGUL_OR_CYRILLIC = re.compile(r"[\uac00-\ud7a3\u0400-\u04ff]")


def _people_patterns(pack: Pack) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    people = pack.lexicons.get("people") or {}
    leader = re.compile(r"(?<![\w-])(?:" + "|".join(people.get("leader", ["Kim Jong Un"])) + r")(?![\w])")
    others = re.compile("|".join(people.get("others_as_subject", [r"\b\B"])))
    pronoun = re.compile(people.get("pronoun", r"\bhe\b"))
    return leader, others, pronoun


def analyse(document: Document, pack: Pack) -> DocState:
    """Run every stage; return the full state (events plus what they were built from)."""
    state = DocState(document, reference_from(document.published))
    if not document.text or not document.text.strip():
        state.notes.append("no text")
        return state
    if len(document.text) > MAX_CHARS:
        state.notes.append(f"text cut to its first {MAX_CHARS:,} characters")
        state.doc = replace(document, text=document.text[:MAX_CHARS])
    if not _mostly_latin(state.doc.text):
        state.notes.append("not English text: no events extracted")
        return state
    lex = pack.lexicons
    state = cleanup(state, lex)
    state = split_sentences(state)
    state = mark_dates(state)
    state = mark_quantities(state, lex)
    state = mark_mentions(state, index_for(pack))
    state = resolve_places(state, pack)
    state = mark_triggers(state, lex)
    state.events = assemble(state, pack)
    return state


def _mostly_latin(text: str) -> bool:
    sample = text[:5000]
    letters = sum(ch.isalpha() for ch in sample)
    return letters > 0 and len(_HANGUL_OR_CYRILLIC.findall(sample)) < 0.3 * letters


def resolve_places(state: DocState, pack: Pack) -> DocState:
    """One place per span: ambiguous forms ("Unsan") are settled by the provinces in the text."""
    from nkwatch.resolve import Gazetteer

    gazetteer = Gazetteer.from_pack(pack)
    text = state.doc.text
    by_span: dict[tuple[int, int], list[Mention]] = {}
    for m in state.mentions:
        if m.kind == "place":
            by_span.setdefault((m.start, m.end), []).append(m)
    kept = [m for m in state.mentions if m.kind != "place"]
    for (start, end), options in by_span.items():
        if _is_dateline(text, start, end):
            continue
        if len(options) == 1:
            kept.append(options[0])
            continue
        context = text[max(0, start - 200) : end + 200]
        best = gazetteer.best(options[0].surface, context=context)
        if best is not None:
            kept.append(replace(options[0], entity_id=best.place_id))
    state.mentions = sorted(kept, key=lambda m: (m.start, m.end))
    return state


def _is_dateline(text: str, start: int, end: int) -> bool:
    """"Pyongyang, January 11 (KCNA) --" names where the story was filed, not where it happened."""
    return bool(re.match(r",?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}\.?\s*[(/]", text[end : end + 30])) and (
        start < 5 or text[start - 1] == "\n" or text[max(0, start - 3) : start].strip() in ("", "--"))


def assemble(state: DocState, pack: Pack) -> list[Event]:
    attacher = Attacher(state, *_people_patterns(pack))
    candidates = attach_stage.build_candidates(state, attacher)
    attach_stage.attach_orphans(state, candidates, attacher)
    merged = merge_candidates(candidates)
    return finish(state, merged, pack)


def finish(state: DocState, merged: list[Candidate], pack: Pack) -> list[Event]:
    """Fill what context supplies, then write events in the contract's shape."""
    from nkwatch.resolve import Gazetteer

    gazetteer = Gazetteer.from_pack(pack)
    facilities = {f.id: f for f in (*pack.facilities, *pack.systems)}
    programmes = {p.id: p for p in pack.programmes}
    fallback = state.reference.as_value("month")
    for cand in merged:
        if cand.type != "plan" and not cand.date:
            cand.date = fallback
    main_date = next((c.date for c in merged if c.type != "plan" and c.date), fallback)
    events = []
    for cand in merged:
        if cand.type == "plan" and not cand.date:
            programme = programmes.get(cand.facility_id or "")
            cand.date = (programme.start if programme and programme.start else None) or \
                cand.report_date or main_date
        record = facilities.get(cand.facility_id or "")
        place = _place_ref(cand, record, state, gazetteer)
        sentence = state.sentences[cand.sentence].text
        known_sector = record.sector if record else (
            programmes[cand.facility_id].sector if cand.facility_id in programmes else None)
        events.append(Event(
            doc_id=state.doc.id,
            type=cand.type,
            evidence=Span(*cand.evidence),
            date=cand.date,
            place=place,
            facility=cand.facility,
            sector=choose_sector(cand.type, known_sector, cand.facility, sentence,
                                 pack.lexicons.get("sectors") or {}),
            leader_present=cand.leader,
            quantities=_unique_quantities(cand),
            partners=sorted(cand.partners),
            deadline=cand.deadline if cand.type == "plan" else None,
            confidence=min(0.95, 0.4 + 0.1 * cand.weight + (0.1 if cand.date else 0)),
            facility_id=cand.facility_id,
        ))
    return events


def _unique_quantities(cand: Candidate) -> list[Quantity]:
    seen: dict[tuple[float, str], Quantity] = {}
    for q in cand.quantities:
        seen.setdefault((q.value, q.unit), Quantity(q.value, q.unit))
    return list(seen.values())


def _place_ref(cand: Candidate, record: object, state: DocState, gazetteer) -> PlaceRef | None:
    mention = cand.place
    if mention is None and record is not None and getattr(record, "place", None):
        return _ref_for_id(record.place, gazetteer)  # type: ignore[attr-defined]
    if mention is None:
        mention = _place_before(state, cand.evidence[0])
    if mention is None:
        return None
    if mention.kind == "foreign_place":
        return PlaceRef(country=mention.entity_id, name=mention.surface)
    return _ref_for_id(mention.entity_id, gazetteer)


def _ref_for_id(place_id: str, gazetteer) -> PlaceRef | None:
    place = gazetteer.place(place_id)
    if place is None:
        return None
    province = gazetteer.province_of(place_id)
    county = place.name if "/" in place_id else None
    return PlaceRef(province=province, county=county, place_id=place_id)


def _place_before(state: DocState, offset: int) -> Mention | None:
    """The last DPRK place named before `offset`, else the first one after it."""
    places = [m for m in state.mentions if m.kind == "place"]
    before = [m for m in places if m.start < offset]
    if before:
        return before[-1]
    return places[0] if places else None


def extract_events(document: Document, pack: Pack | None = None) -> list[Event]:
    return analyse(document, pack or load_pack()).events


def claims_for_document(document: Document, pack: Pack | None = None) -> list[Claim]:
    """Events as claims with provenance: document, span, quote, extractor and version."""
    claims = []
    for event in extract_events(document, pack):
        value = event.as_json()
        value.pop("doc_id")
        start, end = event.evidence.start, event.evidence.end
        claims.append(Claim(
            id=ids.claim_id(document.id, EXTRACTOR, "event", start, end, value),
            document_id=document.id,
            span=event.evidence,
            kind="event",
            value=value,
            quote=document.text[start:end],
            extractor=EXTRACTOR,
            extractor_version=VERSION,
            confidence=event.confidence,
        ))
    return claims
