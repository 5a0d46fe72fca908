"""Find known names in the text with one Aho-Corasick pass over every variant in the pack.

Places come from the gazetteer (every romanization and Hangul form it generates); facilities,
systems, programmes, organizations and partner states from their pack files; foreign places and
partner cues from lexicons. Matching is case-insensitive but a match must start on a capital (or
Hangul) and end on a word boundary, so "Unsan" is found and "unsanctioned" is not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import ahocorasick

from nkwatch.extract.memo import built_once
from nkwatch.extract.state import DocState, Mention
from nkwatch.extract.text import lowered_same_length
from nkwatch.packs import Pack


@dataclass(frozen=True)
class MentionIndex:
    automaton: ahocorasick.Automaton

    def find(self, text: str, lowered: str = "") -> list[Mention]:
        lowered = lowered or lowered_same_length(text)
        found: list[Mention] = []
        for end_index, entries in self.automaton.iter(lowered):
            for kind, entity_id, length in entries:
                start, end = end_index - length + 1, end_index + 1
                if not _bounded(text, start, end, kind in _PROPER):
                    continue
                found.append(Mention(start, end, kind, entity_id, text[start:end]))
        return _longest_per_kind(found)


# Names that are always capitalised in English text; pack aliases of facilities and programmes
# ("regional development policy") are matched in any case.
_PROPER = {"place", "foreign_place", "partner"}
# "Songhwa Street", "Kim Il Sung Square": a county's name used for a street is not the county.
_NOT_A_PLACE_AFTER = ("street", "avenue", "square", "road", "boulevard", "st.")


def _bounded(text: str, start: int, end: int, proper: bool = True) -> bool:
    first = text[start]
    if proper and not (first.isupper() or first.isdigit() or "\uac00" <= first <= "\ud7a3"):
        return False
    if proper and text[end : end + 12].strip().lower().startswith(_NOT_A_PLACE_AFTER):
        return False
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if before.isalnum() or (after.isalnum() and not _is_hangul(text[end - 1])):
        return False
    # "Hwasong-19" is a missile, not Hwasong District; "Jung-jin" is a given name.
    if after == "-" and end + 1 < len(text) and (text[end + 1].isdigit() or text[end + 1].islower()):
        return False
    return True


def _is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3"


def _longest_per_kind(mentions: list[Mention]) -> list[Mention]:
    """Drop a mention inside a longer one of the same kind ("Kangdong" in "Kangdong County").

    Walked in order of start: per kind, the kept mention reaching furthest (the longest among
    those) contains a later one exactly when any kept mention does, so this is linear."""
    mentions.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Mention] = []
    reach: dict[str, Mention] = {}
    for m in mentions:
        k = reach.get(m.kind)
        if k is not None and k.end >= m.end and (k.end - k.start) > (m.end - m.start):
            continue
        kept.append(m)
        if k is None or m.end > k.end or (m.end == k.end and m.start < k.start):
            reach[m.kind] = m
    return kept


def _pack_names(pack: Pack) -> Iterable[tuple[str, str, str]]:
    """(surface form, kind, entity id) for every name the pack knows, places excepted: the
    records' own forms and the forms the entity resolver generates from them (synonyms of
    generic words, the place part in every romanization, numbered names)."""
    from nkwatch.resolve.entities import EntityIndex

    yield from EntityIndex.from_pack(pack).surface_forms()
    for p in pack.partners:
        for name in (p.name, *p.aliases, *p.adjectives):
            yield name, "partner", p.code
        if p.capital:
            yield p.capital, "foreign_place", p.code
    lex = pack.lexicons
    for code, names in (lex.get("partners_cues") or {}).items():
        for name in names:
            yield str(name), "partner", str(code)
    for name, code in (lex.get("foreign_places") or {}).items():
        yield str(name), "foreign_place", str(code)


def build_index(pack: Pack, place_forms: Iterable[tuple[str, str]]) -> MentionIndex:
    automaton = ahocorasick.Automaton()
    entries: dict[str, set[tuple[str, str, int]]] = {}

    def add(surface: str, kind: str, entity_id: str) -> None:
        key = surface.strip().lower()
        if len(key) < 3:
            return
        # A lone lower-case word ("economic") names nothing in particular.
        if kind not in _PROPER and " " not in surface.strip() and surface.strip().islower():
            return
        entries.setdefault(key, set()).add((kind, entity_id, len(key)))

    for surface, place_id in place_forms:
        add(surface, "place", place_id)
    for surface, kind, entity_id in _pack_names(pack):
        add(surface, kind, entity_id)
    for key, value in entries.items():
        automaton.add_word(key, tuple(sorted(value)))
    automaton.make_automaton()
    return MentionIndex(automaton)


def _index_for_pack(pack: Pack) -> MentionIndex:
    from nkwatch.resolve import Gazetteer

    return build_index(pack, Gazetteer.from_pack(pack).surface_forms())


def index_for(pack: Pack) -> MentionIndex:
    """Built once per pack: the automaton is the slow part of start-up."""
    return built_once(pack, _index_for_pack)


def mark_mentions(state: DocState, index: MentionIndex) -> DocState:
    text = state.doc.text
    state.mentions = [m for m in index.find(text, state.lowered) if not _in_furniture(m, state.furniture)]
    return state


def _in_furniture(m: Mention, furniture: list[tuple[int, int]]) -> bool:
    return any(s <= m.start < e for s, e in furniture)
