"""Find event triggers in sentences and read their modality (fact, plan, hedge, negation).

The trigger phrases are pack data (lexicons/triggers.yaml); so are the modality cues
(lexicons/modality.yaml). A trigger in a future frame ("will be delivered early next year")
becomes a `plan`; one in speculation by outside observers is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from nkwatch.extract.state import DocState, Sentence, Trigger


@dataclass(frozen=True)
class TriggerRules:
    patterns: tuple[tuple[str, re.Pattern[str], float, bool], ...]
    future: tuple[re.Pattern[str], ...]
    directive: tuple[re.Pattern[str], ...]
    hedge: tuple[re.Pattern[str], ...]
    negated: tuple[re.Pattern[str], ...]
    not_ours: tuple[re.Pattern[str], ...]
    upcoming: tuple[re.Pattern[str], ...]
    upcoming_after: tuple[re.Pattern[str], ...]


_RULES: dict[int, tuple[Any, TriggerRules]] = {}


def rules_for(lexicons: dict[str, Any]) -> TriggerRules:
    cached = _RULES.get(id(lexicons))
    if cached is None or cached[0] is not lexicons:
        cached = (lexicons, _compile(lexicons))
        _RULES[id(lexicons)] = cached
    return cached[1]


def _compile(lexicons: dict[str, Any]) -> TriggerRules:
    patterns = []
    for event_type, entries in (lexicons.get("triggers") or {}).items():
        for entry in entries:
            regex = re.compile(r"(?<![\w-])(?:" + entry["pattern"] + r")(?![\w])", re.I)
            names = entry.get("facility") == "trigger"
            patterns.append((event_type, regex, float(entry.get("weight", 1.0)), names))
    modality = lexicons.get("modality") or {}

    def comp(key: str) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p, re.I) for p in modality.get(key, []))

    return TriggerRules(tuple(patterns), comp("future"), comp("directive"), comp("hedge"),
                        comp("negated"), comp("not_ours"), comp("upcoming"),
                        comp("upcoming_after"))


_ADJUNCT = re.compile(r"\b(?:during|at|after|while|upon|on|in)\s+(?:a|an|the|his|its|this|their)?\s*$", re.I)


def _clause_before(sentence: Sentence, offset: int) -> str:
    """The part of the sentence before the trigger, back to the last clause break."""
    head = sentence.text[: offset - sentence.start]
    cut = max(head.rfind(c) for c in (";", ":", " but ", "—", "–"))
    return head[cut + 1 :] if cut >= 0 else head


def _modality(sentence: Sentence, start: int, end: int, rules: TriggerRules, event_type: str) -> str:
    before = _clause_before(sentence, start)
    if event_type == "meeting":  # a noun phrase: only its own modifiers count
        after = sentence.text[end - sentence.start : end - sentence.start + 60]
        ahead = any(p.search(before[-50:]) for p in rules.upcoming) or any(
            p.search(after) for p in rules.upcoming_after)
        return "future" if ahead else "fact"
    if event_type == "plan" and any(p.search(before[-40:]) for p in rules.not_ours):
        return "negated"
    window = before[-70:] + sentence.text[end - sentence.start : end - sentence.start + 25]
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


def sentence_triggers(index: int, sentence: Sentence, rules: TriggerRules) -> list[Trigger]:
    hits: list[Trigger] = []
    for event_type, regex, weight, names in rules.patterns:
        for m in regex.finditer(sentence.text):
            start, end = sentence.start + m.start(), sentence.start + m.end()
            mood = _modality(sentence, start, end, rules, event_type)
            if mood in ("negated",):
                continue
            if mood in ("hedge", "directive") and event_type != "plan":
                continue
            planned = event_type == "plan" or mood == "future"
            if event_type == "meeting" and mood == "future":
                continue
            hits.append(Trigger(start, end, event_type, index, weight, planned, names))
    kept = _resolve_overlaps(hits)
    types = {t.type for t in kept}
    if "exhibition" in types:  # an exhibition "was opened": the exhibition is the event
        kept = [t for t in kept if t.type != "completion"]
    if "completion" in types:  # the leader's walk round a facility he opens is not annotated again
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
    rules = rules_for(lexicons)
    state.triggers = [t for i, s in enumerate(state.sentences) for t in sentence_triggers(i, s, rules)]
    return state
