"""What the model sees of a sentence: its words, its neighbours' words and the rules' signals.

`sentence_features(state, attacher, candidates)` returns, for every sentence, a list of feature
strings. Training and extraction call this one function, so they cannot drift apart.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import TYPE_CHECKING

from nkwatch.extract.dates import undated_fallback
from nkwatch.extract.state import DocState

if TYPE_CHECKING:
    from nkwatch.extract.attach import Attacher, Candidate

_TOKEN = re.compile(r"[a-z]+(?:['’-][a-z]+)*|\d[\d,.]*")
_STOP = {"the", "a", "an", "of", "and", "to", "in", "on", "at", "for", "by", "with", "as", "is",
         "was", "be", "that", "this", "it", "its", "from", "or", "which"}


def _number(word: str) -> str:
    digits = word.replace(",", "").split(".")[0]
    if len(digits) == 4 and digits[:2] in ("19", "20"):
        return "<year>"
    return "<num>"


def words(text: str) -> list[str]:
    """Lower-case tokens with numbers folded to <num> and years to <year>."""
    # "’" to "'" before tokenizing, not per token: the pattern takes both, and most words are
    # not numbers, so only those pay for a call
    return [_number(w) if w[0].isdigit() else w
            for w in _TOKEN.findall(text.lower().replace("’", "'"))]


def word_spans(text: str) -> list[tuple[int, int]]:
    """Where each of `words(text)` stands in the text."""
    return [m.span() for m in _TOKEN.finditer(text.lower())]


def _precision(value: str | None) -> str:
    return {0: "none", 4: "year", 7: "month", 10: "day"}.get(len(value or ""), "other")


def sentence_features(state: DocState, attacher: Attacher,
                      candidates: list[Candidate]) -> list[list[str]]:
    sentences = state.sentences
    tokens = [words(s.text) for s in sentences]
    n = len(sentences)
    by_sentence: list[list[str]] = [[] for _ in range(n)]

    def items(kind: list, index: int) -> list:  # type: ignore[type-arg]
        return attacher.by_sentence(kind, sentences[index])

    for t in state.triggers:
        by_sentence[t.sentence].append(f"trig:{t.type}{':planned' if t.planned else ''}")
    for c in candidates:
        by_sentence[c.sentence].append(f"cand:{c.type}")
        if c.date:
            by_sentence[c.sentence].append(f"cand:{c.type}:dated")
        if c.definite:
            by_sentence[c.sentence].append(f"cand:{c.type}:definite")
    out = []
    for i in range(n):
        own = tokens[i]
        feats = [f"w:{w}" for w in own]
        feats += [f"b:{a}_{b}" for a, b in zip(own, own[1:]) if not (a in _STOP and b in _STOP)]
        if i > 0:
            feats += [f"p:{w}" for w in tokens[i - 1] if w not in _STOP]
        if i + 1 < n:
            feats += [f"n:{w}" for w in tokens[i + 1] if w not in _STOP]
        feats += by_sentence[i]
        dates = items(state.dates, i)
        for d in dates:
            feats.append(f"date:{d.role}:{'future' if d.future else 'past'}:{_precision(d.value)}")
        if not dates:
            feats.append("date:none")
        for m in items(state.mentions, i):
            kind = m.kind
            if kind == "place":
                kind = "county" if "/" in m.entity_id else "province"
            feats.append(f"name:{kind}")
        for q in items(state.quantities, i):
            feats.append(f"qty:{q.unit}")
        if attacher.leader_in(i):
            feats.append("leader")
        feats.append(f"pos:{min(i, 3)}")
        if i == n - 1:
            feats.append("pos:last")
        if len(own) < 6:
            feats.append("short")
        out.append(sorted(set(feats)))
    return out


def _bucket(value: float, edges: tuple[float, ...]) -> int:
    return sum(value >= e for e in edges)


def event_features(state: DocState, merged: list[Candidate]) -> list[list[str]]:
    """What the event model sees of each merged event, all features also crossed with its type."""
    reference = state.reference.as_value() or ""
    per_type: dict[str, list[Candidate]] = {}
    for cand in merged:
        per_type.setdefault(cand.type, []).append(cand)
    out = []
    n = max(1, len(state.sentences))
    for cand in merged:
        t = cand.type
        p = cand.sentence_probability if cand.sentence_probability is not None else 0.5
        same = per_type[t]
        rank = sorted(same, key=lambda c: -(c.sentence_probability or 0.0)).index(cand)
        first = min(cand.members or [cand.sentence])
        base = [
            f"p:{_bucket(p, (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9))}",
            "rules" if cand.from_rules else "model",
            f"weight:{_bucket(cand.weight, (1.0, 1.5, 2.0, 2.5, 3.0))}",
            f"date:{_precision(cand.date)}",
            f"place:{_place_kind(cand)}",
            f"facility:{cand.facility_kind or ('phrase' if cand.facility else 'none')}",
            f"members:{min(len(set(cand.members)), 3)}",
            f"first:{min(first, 4)}",
            f"where:{_bucket(first / n, (0.25, 0.5, 0.75))}",
            f"same_type:{min(len(same), 4)}",
            f"rank:{min(rank, 3)}",
            f"quantities:{min(len(cand.quantities), 2)}",
        ]
        if cand.date and reference:
            k = min(len(cand.date), len(reference))
            base.append("date:" + ("after_publication" if cand.date[:k] > reference[:k]
                                   else "same_month" if cand.date[:7] == reference[:7] else "before"))
        if cand.sentence_rank is not None:
            base.append(f"sentence_rank:{min(cand.sentence_rank, 3)}")
        here = [c for c in merged if c is not cand and c.sentence == cand.sentence and c.type != t]
        base.append(f"others_here:{min(len(here), 2)}")
        if any(c.from_rules for c in here) and not cand.from_rules:
            base.append("beside_a_rule_event")
        if cand.leader:
            base.append("leader")
        if cand.partners:
            base.append("partners")
        if cand.deadline:
            base.append("deadline")
        if cand.definite:
            base.append("definite")
        trigger = words(cand.trigger_text)
        base += [f"trig:{w}" for w in trigger[-2:]]
        lead = words(state.sentences[cand.sentence].text)
        feats = base + [f"w:{w}" for w in lead if w not in _STOP] + [f"{t}|w:{w}" for w in lead if w not in _STOP]
        out.append(sorted(set(feats + [f"{t}|{f}" for f in base] + [f"t:{t}"])))
    return out


def _place_kind(cand: Candidate) -> str:
    if cand.place is None:
        return "none"
    if cand.place.kind == "foreign_place":
        return "foreign"
    return "county" if "/" in cand.place.entity_id else "province"


def date_options(state: DocState, cand: Candidate,
                 date_starts: list[int] | None = None) -> list[tuple[str | None, list[str]]]:
    """The dates an event could take, each with what the date model sees of it: the rules'
    pick, every event date told in its sentences or the one before, the report's own date
    (publication day, month, year) and the rules' fallback (what `finish` would fill in)."""
    reference = state.reference
    published_day = reference.as_value("day") if reference.precision == "day" else None
    fallback = undated_fallback(cand.report_date, reference)
    options: dict[str | None, set[str]] = {}

    def add(value: str | None, *why: str) -> None:
        options.setdefault(value, set()).update(why)

    add(cand.date or fallback, "rule" if cand.date else "rule_fallback")
    add(fallback, "fallback")
    if published_day:
        add(published_day, "published_day")
    add(reference.as_value("month"), "published_month")
    add(reference.as_value("year"), "published_year")
    members = sorted(set(cand.members or [cand.sentence]))
    trigger = cand.trigger.start
    # sorted: find_dates returns them in text order; callers with many events pass them in
    starts = date_starts if date_starts is not None else [d.start for d in state.dates]
    for index in {*members, max(0, members[0] - 1)}:
        sentence = state.sentences[index]
        where = "own" if index == cand.sentence else ("member" if index in members else "previous")
        for d in state.dates[bisect_left(starts, sentence.start) : bisect_left(starts, sentence.end)]:
            side = "after_trigger" if d.start >= trigger else "before_trigger"
            add(d.value, f"mention:{where}", f"mention:{where}:{side}", f"role:{d.role}",
                "future" if d.future else "past")
    out = []
    for value, why in options.items():
        feats = sorted(why)
        feats.append(f"precision:{_precision(value)}")
        ref = reference.as_value() or ""
        if value and ref:
            k = min(len(value), len(ref))
            feats.append("vs_pub:" + ("after" if value[:k] > ref[:k] else "same" if value[:k] == ref[:k]
                                      else "same_year" if value[:4] == ref[:4] else "before"))
        if value and cand.date and value != cand.date:
            feats.append("differs_from_rule")
        feats += [f"{cand.type}|{f}" for f in feats]
        out.append((value, feats))
    return out
