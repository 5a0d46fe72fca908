"""Find event triggers in sentences and read their modality (fact, plan, hedge, negation).

The trigger phrases are pack data (lexicons/triggers.yaml, validated and its slots expanded by
the loader); so are the modality cues (lexicons/modality.yaml). A trigger in a future frame
("will be delivered early next year") becomes a `plan`; one in speculation by outside observers
is dropped.
"""

from __future__ import annotations

import re
from bisect import bisect_right

import ahocorasick
from dataclasses import dataclass
from typing import Any

from nkwatch.extract import scan
from nkwatch.extract.memo import built_once
from nkwatch.extract.state import DocState, Trigger
from nkwatch.extract.text import lowered_same_length
from nkwatch.packs.lexicons import lower_pattern  # the loader compiles patterns the same way

@dataclass(frozen=True)
class TriggerRules:
    # (type, regex, weight, names the facility, cue words, matches the original case)
    patterns: tuple[tuple[str, re.Pattern[str], float, bool, tuple[str, ...], bool], ...]
    cue_index: Any  # Aho-Corasick automaton: cue word -> ids of the patterns that contain it
    always: frozenset[int]  # patterns with no cue, run on every sentence
    future: tuple[re.Pattern[str], ...]
    directive: tuple[re.Pattern[str], ...]
    hedge: tuple[re.Pattern[str], ...]
    negated: tuple[re.Pattern[str], ...]
    not_ours: tuple[re.Pattern[str], ...]
    upcoming: tuple[re.Pattern[str], ...]
    upcoming_after: tuple[re.Pattern[str], ...]
    # One Hyperscan pass per sentence in place of the cue index: patterns matched on the
    # lower-cased text, and the few that need capitals, on the text as written.
    scan_lowered: scan.Prefilter
    lowered_ids: tuple[int, ...]
    scan_cased: scan.Prefilter
    cased_ids: tuple[int, ...]


def rules_for(lexicons: dict[str, Any]) -> TriggerRules:
    return built_once(lexicons, _compile)


_RUN = re.compile(r"(?<![\\\[])[A-Za-z]{4,}")


# Too common to tell anything: a pattern's cues are its other literal words.
_COMMON = {"have", "were", "been", "will", "with", "that", "this", "from", "their", "they", "into",
           "over", "about", "after", "under", "said", "also", "more", "some", "what", "when"}


def _word_bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before in "_-") and not (after.isalnum() or after == "_")


def literal_cues(pattern: str) -> tuple[str, ...]:
    """Distinctive words of four letters or more written literally in a pattern. Every match of
    a trigger pattern contains at least one of them, so a sentence without any cannot match:
    one Aho-Corasick pass over the text picks, per sentence, the few patterns worth running."""
    if "\\d" in pattern:  # a branch may be all digits ("by the end of 2026"): no safe cue
        return ()
    cleaned = re.sub(r"[A-Za-z]\?", "", pattern)  # an optional letter is not part of a cue
    cleaned = re.sub(r"\[[^\]]*\]|\\[A-Za-z]|\(\?[<!=:]*", " ", cleaned)
    return tuple(sorted({w.lower() for w in _RUN.findall(cleaned)} - _COMMON))


def _compile(lexicons: dict[str, Any]) -> TriggerRules:
    patterns = []
    for event_type, entries in (lexicons.get("triggers") or {}).items():
        for entry in entries:
            source = entry["pattern"]
            # Matching lower-case patterns against lower-cased text, with word boundaries checked
            # afterwards, lets the regex engine skip ahead on literal prefixes: ten times faster
            # than re.IGNORECASE with a look-behind. Patterns that need capitals say (?-i:...).
            sensitive = "(?-i:" in source
            regex = re.compile(source if sensitive else lower_pattern(source))
            names = entry.get("facility") == "trigger"
            patterns.append((event_type, regex, float(entry.get("weight", 1.0)), names,
                             literal_cues(source), sensitive))
    modality = lexicons.get("modality") or {}

    def comp(key: str) -> tuple[re.Pattern[str], ...]:
        """One alternation per cue list: a single search per trigger instead of one per cue."""
        cues = modality.get(key, [])
        return (re.compile(lower_pattern("|".join(f"(?:{p})" for p in cues))),) if cues else ()

    cue_index = ahocorasick.Automaton()
    owners: dict[str, set[int]] = {}
    for i, (*_, cues, _sensitive) in enumerate(patterns):
        for cue in cues:
            owners.setdefault(cue, set()).add(i)
    for cue, pattern_ids in owners.items():
        cue_index.add_word(cue, frozenset(pattern_ids))
    if owners:
        cue_index.make_automaton()
    always = frozenset(i for i, (*_, cues, _sensitive) in enumerate(patterns) if not cues)
    lowered_ids = tuple(i for i, p in enumerate(patterns) if not p[5])
    cased_ids = tuple(i for i, p in enumerate(patterns) if p[5])
    return TriggerRules(tuple(patterns), cue_index if owners else None, always, comp("future"), comp("directive"), comp("hedge"),
                        comp("negated"), comp("not_ours"), comp("upcoming"),
                        comp("upcoming_after"),
                        scan.Prefilter([patterns[i][1] for i in lowered_ids]), lowered_ids,
                        scan.Prefilter([patterns[i][1] for i in cased_ids]), cased_ids)


_ADJUNCT = re.compile(r"\b(?:during|at|after|while|upon|on|in)\s+(?:a|an|the|his|its|this|their)?\s*$")


def _clause_before(low: str, offset: int) -> str:
    """The part of the (lower-cased) sentence before the trigger, back to the last clause break."""
    head = low[:offset]
    cut = max(head.rfind(c) for c in (";", ":", " but ", "—", "–"))
    return head[cut + 1 :] if cut >= 0 else head


def _modality(low: str, start: int, end: int, rules: TriggerRules, event_type: str) -> str:
    """Read a trigger at [start, end) of a lower-cased sentence `low` (offsets in the sentence);
    the cue patterns are lower-case too, which is much faster than re.IGNORECASE."""
    before = _clause_before(low, start)
    if event_type in ("meeting", "exhibition"):  # noun phrases: only their own modifiers count
        after = low[end : end + 60]
        ahead = any(p.search(before[-50:]) for p in rules.upcoming) or any(
            p.search(after) for p in rules.upcoming_after)
        return "future" if ahead else "fact"
    if event_type == "plan" and any(p.search(before[-40:]) for p in rules.not_ours):
        return "negated"
    window = before[-70:] + low[end : end + 25]
    if any(p.search(window) for p in rules.negated):
        return "negated"
    if _ADJUNCT.search(before):  # "urged ... during a visit to X": the visit itself happened
        return "fact"
    if any(p.search(before[-60:]) for p in rules.future):
        return "future"
    if any(p.search(before[-80:]) for p in rules.directive):
        return "directive"
    if any(p.search(before) for p in rules.hedge):
        return "hedge"
    return "fact"


def _worth_running(state: DocState, rules: TriggerRules, lowered: str) -> list[set[int]]:
    """Per sentence, the ids of the patterns that may match in it: what one Hyperscan pass says,
    or, without it, the patterns whose cue words occur in the sentence plus those with none."""
    spans = [(s.start, s.end) for s in state.sentences]
    if scan.available():
        wanted = [{rules.lowered_ids[k] for k in hits}
                  for hits in rules.scan_lowered.by_slice(lowered, spans)]
        if rules.cased_ids:
            for ids, hits in zip(wanted, rules.scan_cased.by_slice(state.doc.text, spans)):
                ids.update(rules.cased_ids[k] for k in hits)
        return wanted
    starts = [s.start for s in state.sentences]
    by_cue: list[set[int]] = [set(rules.always) for _ in spans]
    if rules.cue_index is not None:
        for end, pattern_ids in rules.cue_index.iter(lowered):
            index = bisect_right(starts, end) - 1
            if index >= 0 and end < state.sentences[index].end:
                by_cue[index].update(pattern_ids)
    return by_cue


def find_triggers(state: DocState, rules: TriggerRules) -> list[Trigger]:
    """Run, in each sentence, only the patterns that may match in it."""
    text = state.doc.text
    lowered = state.lowered or lowered_same_length(text)
    found: list[Trigger] = []
    for index, (sentence, ids) in enumerate(zip(state.sentences, _worth_running(state, rules, lowered))):
        if not ids:
            continue
        hits: list[Trigger] = []
        low = lowered[sentence.start : sentence.end]
        for pattern_id in sorted(ids):
            event_type, regex, weight, names, _, sensitive = rules.patterns[pattern_id]
            for m in regex.finditer(text if sensitive else lowered, sentence.start, sentence.end):
                if not _word_bounded(text, m.start(), m.end()):
                    continue
                mood = _modality(low, m.start() - sentence.start, m.end() - sentence.start, rules,
                                 event_type)
                if mood == "negated" or (mood in ("hedge", "directive") and event_type != "plan"):
                    continue
                if event_type in ("meeting", "exhibition") and mood == "future":
                    continue
                planned = event_type == "plan" or mood == "future"
                hits.append(Trigger(m.start(), m.end(), event_type, index, weight, planned, names))
        found.extend(_one_reading(hits))
    return found


def _one_reading(hits: list[Trigger]) -> list[Trigger]:
    kept = _resolve_overlaps(hits)
    types = {t.type for t in kept}
    if "exhibition" in types:  # an exhibition "was opened": the exhibition is the event
        kept = [t for t in kept if t.type != "completion"]
    if any(t.type == "completion" and t.weight >= 2.5 for t in kept):
        # the leader's walk round a facility he opens at a ceremony is not annotated again
        kept = [t for t in kept if t.type != "inspection"]
    return kept


def _resolve_overlaps(hits: list[Trigger]) -> list[Trigger]:
    """Where two triggers overlap, the heavier (then longer) one reads the phrase."""
    hits.sort(key=lambda t: (-t.weight, -(t.end - t.start), t.start))
    kept: list[Trigger] = []
    for t in hits:
        if any(k.start < t.end and t.start < k.end for k in kept):
            continue
        kept.append(t)
    return sorted(kept, key=lambda t: t.start)


def mark_triggers(state: DocState, lexicons: dict[str, Any]) -> DocState:
    state.triggers = find_triggers(state, rules_for(lexicons))
    return state
