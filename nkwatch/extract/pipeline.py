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
from nkwatch.learn.stage import Stage
from nkwatch.extract.cleanup import cleanup
from nkwatch.extract.dates import mark_dates, reference_from, undated_fallback
from nkwatch.extract.link import link_entities
from nkwatch.extract.mentions import index_for, mark_mentions
from nkwatch.extract.memo import built_once
from nkwatch.extract.merge import generic_words, merge_candidates
from nkwatch.extract.quantities import mark_quantities
from nkwatch.extract.sector import choose_sector, dominant_sector
from nkwatch.extract.sentences import split_sentences
from nkwatch.extract.state import DocState, Mention
from nkwatch.extract.text import lowered_same_length
from nkwatch.extract.triggers import mark_triggers
from nkwatch.model import Claim, Document, Event, PlaceRef, Quantity, Span
from nkwatch.packs import Pack, load_pack
from nkwatch.packs.schema import Facility, Programme, System
from nkwatch.resolve import Gazetteer

EXTRACTOR = "nkwatch.rules"
MAX_CHARS = 2_000_000  # longer texts are cut: a 5 MB "article" is a dump, not a report

_NEVER = r"(?!)"  # a pattern that matches nothing: for an empty list in a lexicon


def _compile_patterns(pack: Pack) -> tuple[re.Pattern[str], ...]:
    """Leader, other-actor, pronoun, facility-head, presence and chaired-meeting patterns of a
    pack (lexicons/people.yaml and facility_heads.yaml, validated by the loader)."""
    people = pack.lexicons["people"]
    # No leading look-behind: it would stop the engine skipping ahead; Attacher checks the
    # character before each match instead.
    leader = re.compile(r"(?:" + "|".join(people["leader"]) + r")(?![\w])")
    others = re.compile("|".join(people.get("others_as_subject") or [r"\b\B"]))
    pronoun = re.compile(people["pronoun"])
    heads = sorted((str(h) for h in pack.lexicons.get("facility_heads") or []), key=len, reverse=True)
    head = re.compile(r"\b(?:" + "|".join(re.escape(h) for h in heads) + r")\b", re.I)
    presence_words = people.get("presence") or []
    presence = re.compile(r"[’']s (?:" + "|".join(re.escape(w) for w in presence_words) + ")"
                          if presence_words else _NEVER)
    chairs = re.compile("|".join(re.escape(w) for w in people.get("chairs") or []) or _NEVER, re.I)
    return leader, others, pronoun, head, presence, chairs


def _patterns(pack: Pack) -> tuple[re.Pattern[str], ...]:
    return built_once(pack, _compile_patterns)


def analyse(document: Document, pack: Pack, stage: Stage | None = None) -> DocState:
    """Run every stage; return the full state (events plus what they were built from).

    `stage` is the learned stage (default: the model shipped in the package, if any)."""
    state = DocState(document, reference_from(document.published))
    if not document.text or not document.text.strip():
        state.notes.append("no text")
        return state
    if len(document.text) > MAX_CHARS:
        state.notes.append(f"text cut to its first {MAX_CHARS:,} characters")
        state.doc = replace(document, text=document.text[:MAX_CHARS])
    if not _mostly_latin(state.doc.text, _other_scripts(pack)):
        state.notes.append("not English text: no events extracted")
        return state
    lex = pack.lexicons
    state.lowered = lowered_same_length(state.doc.text)
    state = cleanup(state, lex)
    state = split_sentences(state)
    state = mark_dates(state, lex)
    state = mark_quantities(state, lex)
    state = mark_mentions(state, index_for(pack))
    state = resolve_places(state, pack)
    state = mark_triggers(state, lex)
    state.events = assemble(state, pack, stage or shipped_stage())
    return link_entities(state, pack)


def shipped_stage() -> Stage:
    from nkwatch.learn.model import load_model
    from nkwatch.learn.stage import RULES_ONLY, learned_stage

    model = load_model()
    return RULES_ONLY if model is None else learned_stage(model)


_LETTER = re.compile(r"[^\W\d_]")


def _build_other_scripts(pack: Pack) -> re.Pattern[str] | None:
    source = pack.meta.other_scripts if pack.meta else None
    return re.compile(source) if source else None


def _other_scripts(pack: Pack) -> re.Pattern[str] | None:
    """Letters of the scripts the pack's sources write besides English (pack.yaml)."""
    return built_once(pack, _build_other_scripts)


def _mostly_latin(text: str, other_scripts: re.Pattern[str] | None = None) -> bool:
    sample = text[:5000]
    letters = len(_LETTER.findall(sample))
    if other_scripts is None:
        return letters > 0
    return letters > 0 and len(other_scripts.findall(sample)) < 0.3 * letters


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
    kept.extend(_unlisted_places(text, kept, gazetteer, _unit_name(pack)))
    state.mentions = sorted(kept, key=lambda m: (m.start, m.end))
    return state


def _build_unit_name(pack: Pack) -> re.Pattern[str] | None:
    words = (pack.lexicons.get("place_words") or {}).get("fuzzy_unit_words") or []
    if not words:
        return None
    return re.compile(r"\b((?:[A-Z][\w'’ŏŭŎŬ]*)(?:[ -][A-Z][\w'’ŏŭ]*)?)[ -](?:"
                      + "|".join(re.escape(w) for w in words) + r")\b")


def _unit_name(pack: Pack) -> re.Pattern[str] | None:
    """A capitalised name and a unit word of the pack (place_words.yaml: fuzzy_unit_words)."""
    return built_once(pack, _build_unit_name)


def _unlisted_places(text: str, found: list[Mention], gazetteer: Gazetteer,
                     unit_name: re.Pattern[str] | None) -> list[Mention]:
    """Spellings no variant rule produced ("Unnyul County" for Unryul) go through the resolver's
    normalized-key and fuzzy matching; only a name followed by a unit word is tried."""
    if unit_name is None:
        return []
    taken = bytearray(len(text))  # 1 inside a found place: a lookup per match, not a scan
    for f in found:
        if f.kind in ("place", "foreign_place"):
            taken[f.start : f.end] = b"\x01" * (f.end - f.start)
    extra = []
    for m in unit_name.finditer(text):
        if taken.find(1, m.start(), m.end()) >= 0:
            continue
        best = gazetteer.best(m.group(0), context=text[max(0, m.start() - 200) : m.end() + 200])
        if best is not None and best.score >= 0.75:
            extra.append(Mention(m.start(), m.end(), "place", best.place_id, m.group(0)))
    return extra


_DATELINE_AFTER = re.compile(r",?\s+[A-Za-z]{3,9}\.?\s+\d{1,2}\.?\s*[(/]|:\s")


def _is_dateline(text: str, start: int, end: int) -> bool:
    """"Pyongyang, January 11 (KCNA) --" and "Pyongyang: ..." name where a story was filed, not
    where its events happened."""
    line_start = text.rfind("\n", 0, start) + 1
    opening = not text[line_start:start].strip() or text[line_start:start].strip().endswith(")")
    return opening and bool(_DATELINE_AFTER.match(text, end))


def assemble(state: DocState, pack: Pack, stage: Stage) -> list[Event]:
    attacher = Attacher(state, *_patterns(pack))
    state.attacher = attacher  # type: ignore[attr-defined]
    candidates = stage.propose(state, attacher, attach_stage.build_candidates(state, attacher))
    attach_stage.attach_orphans(state, candidates, attacher)
    generic = generic_words(pack.lexicons.get("generic_words") or ())
    merged = stage.judge(state, merge_candidates(candidates, generic))
    return finish(state, merged, pack)


def finish(state: DocState, merged: list[Candidate], pack: Pack) -> list[Event]:
    """Fill what context supplies, then write events in the contract's shape."""
    from nkwatch.resolve import Gazetteer

    gazetteer = Gazetteer.from_pack(pack)
    facilities, programmes = _records(pack)
    fallback = state.reference.as_value("month")
    sectors = pack.lexicons.get("sectors") or {}
    doc_sector = dominant_sector(" ".join(s.text for s in state.sentences), sectors)
    for cand in merged:
        if cand.type != "plan" and not cand.date:
            cand.date = undated_fallback(cand.report_date, state.reference)
    main_date = next((c.date for c in merged if c.type != "plan" and c.date), fallback)
    _link_programmes(state, merged)
    events = []
    for cand in merged:
        if cand.type == "plan" and not cand.date:
            cand.date = _plan_date(cand, merged, programmes) or main_date
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
            sector=choose_sector(cand.type, known_sector, cand.facility, sentence, sectors,
                                 _member_text(state, cand), doc_sector),
            leader_present=cand.leader,
            quantities=_unique_quantities(cand),
            partners=sorted(cand.partners),
            deadline=cand.deadline if cand.type == "plan" else None,
            confidence=_confidence(cand),
            facility_id=cand.facility_id,
        ))
    return events


def _confidence(cand: Candidate) -> float:
    """The learned stage's calibrated probability; the rules' guess where no model decided."""
    if cand.probability is not None:
        return round(cand.probability, 4)
    return min(0.95, 0.4 + 0.1 * cand.weight + (0.1 if cand.date else 0))


_PROGRAMME_WORDS = re.compile(r"\b(?:policy|plan|programme|program|initiative|drive)\b", re.I)


def _link_programmes(state: DocState, merged: list[Candidate]) -> None:
    """"The policy aims to build ..." refers to the programme named last before it; the plan
    takes that programme (and whether the leader was the one who set it out)."""
    attacher = state.attacher  # type: ignore[attr-defined]
    programmes = [m for m in state.mentions if m.kind == "programme"]
    for cand in merged:
        if cand.type != "plan" or cand.facility_id:
            continue
        sentence = state.sentences[cand.sentence]
        if not _PROGRAMME_WORDS.search(sentence.text):
            continue
        before = [m for m in programmes if m.start < sentence.end]
        if not before:
            continue
        ref = before[-1]
        cand.facility_id, cand.facility_kind = ref.entity_id, "programme"
        cand.facility = cand.facility or ref.surface
        where = next(i for i, s in enumerate(state.sentences) if s.start <= ref.start < s.end)
        cand.leader = cand.leader or attacher.leader_in(where)


Records = tuple[dict[str, Facility | System], dict[str, Programme]]


def _build_records(pack: Pack) -> Records:
    named: dict[str, Facility | System] = {f.id: f for f in pack.facilities}
    named.update({s.id: s for s in pack.systems})
    return named, {p.id: p for p in pack.programmes}


def _records(pack: Pack) -> Records:
    """Facilities and systems, and programmes, by id."""
    return built_once(pack, _build_records)


def _plan_date(cand: Candidate, merged: list[Candidate], programmes: dict[str, Programme]) -> str | None:
    """When a plan was announced: its programme's start, a meeting named in the same sentence
    ("vowed to develop at the party congress"), the date of the report, else the event told
    just before it (a plan unveiled at a launch ceremony dates from the ceremony)."""
    programme = programmes.get(cand.facility_id or "")
    if programme is not None and programme.start:
        return programme.start
    for other in merged:
        if other.type == "meeting" and other.date and cand.sentence in other.members:
            return other.date
    if cand.report_date:
        return cand.report_date
    before = [(max(i for i in o.members if i <= cand.sentence), o) for o in merged
              if o.type != "plan" and o.date and any(i <= cand.sentence for i in o.members)]
    return max(before, key=lambda p: p[0])[1].date if before else None


def _member_text(state: DocState, cand: Candidate) -> str:
    """The event's own sentences, then its neighbours: where the sector words usually are."""
    own = sorted(set(cand.members))
    near = [i for j in own for i in (j - 1, j + 1) if 0 <= i < len(state.sentences)]
    return " ".join(state.sentences[i].text for i in [*own, *near])


def _unique_quantities(cand: Candidate) -> list[Quantity]:
    seen: dict[tuple[float, str], Quantity] = {}
    for q in cand.quantities:
        seen.setdefault((q.value, q.unit), Quantity(q.value, q.unit))
    return list(seen.values())


def _place_ref(cand: Candidate, record: Facility | System | None, state: DocState,
               gazetteer: Gazetteer) -> PlaceRef | None:
    mention = cand.place
    place_id = getattr(record, "place", None)  # systems have no place
    if mention is None and place_id:
        return _ref_for_id(place_id, gazetteer)
    if mention is None:
        mention = _place_before(state, cand.evidence[0])
    if mention is None:
        return None
    if mention.kind == "foreign_place":
        return PlaceRef(country=mention.entity_id, name=mention.surface)
    return _ref_for_id(mention.entity_id, gazetteer)


def _ref_for_id(place_id: str, gazetteer: Gazetteer) -> PlaceRef | None:
    place = gazetteer.place(place_id)
    if place is None:
        return None
    province = gazetteer.province_of(place_id)
    county = place.name if "/" in place_id else None
    return PlaceRef(province=province, county=county, place_id=place_id)


def _place_before(state: DocState, offset: int) -> Mention | None:
    """The most specific DPRK place of the nearest earlier sentence that names one, else of the
    first sentence after that does."""
    places = [m for m in state.mentions if m.kind == "place"]
    for sentence in sorted((s for s in state.sentences if s.start < offset),
                           key=lambda s: -s.start) + [s for s in state.sentences if s.start >= offset]:
        here = [m for m in places if sentence.start <= m.start < sentence.end]
        if here:
            counties = [m for m in here if "/" in m.entity_id]
            return (counties or here)[0]
    return None


def extract_events(document: Document, pack: Pack | None = None) -> list[Event]:
    return analyse(document, pack or load_pack()).events


def extractor_version(pack: Pack) -> str:
    """The package version plus a short hash of the pack, so stored claims tell rule sets apart."""
    from nkwatch import __version__
    from nkwatch.learn.model import load_model

    model = load_model()
    return f"{__version__}+{pack.digest[:8]}{'.' + model.digest[:8] if model else ''}"


def claims_for_document(document: Document, pack: Pack | None = None) -> list[Claim]:
    """Events as claims with provenance: document, span, quote, extractor and version."""
    pack = pack or load_pack()
    version = extractor_version(pack)
    claims = []
    for event in extract_events(document, pack):
        value = event.as_json()
        value.pop("doc_id")
        if event.links:
            value["entities"] = event.links
        start, end = event.evidence.start, event.evidence.end
        claims.append(Claim(
            id=ids.claim_id(document.id, EXTRACTOR, "event", start, end, value),
            document_id=document.id,
            span=event.evidence,
            kind="event",
            value=value,
            quote=document.text[start:end],
            extractor=EXTRACTOR,
            extractor_version=version,
            confidence=event.confidence,
        ))
    return claims
