"""Turn triggers into candidate events: attach date, place, facility, quantities, partners, leader.

Attachment is local first (the trigger's own sentence) and falls back to context only where the
annotation practice does: a visit "the previous day" in a text about Kujang County is in Kujang.
Context fallbacks are filled after merging (see merge.py), so an inherited value never keeps two
mentions of one event apart.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from typing import Any

from nkwatch.extract.state import DateMention, DocState, Mention, QuantityMention, Sentence, Trigger

# Types that a future frame turns into a plan ("will be delivered", "is set to open").
PLANNABLE = {"completion", "construction_start", "vessel_launch", "production", "weapons_test",
             "inspection", "exhibition"}


@dataclass
class Candidate:
    type: str
    trigger: Trigger
    sentence: int
    evidence: tuple[int, int]
    date: str | None = None
    deadline: str | None = None
    report_date: str | None = None
    place: Mention | None = None  # a resolved place or foreign place mention
    facility: str | None = None
    facility_id: str | None = None
    facility_kind: str | None = None  # facility | system | programme | organization
    leader: bool = False
    partners: set[str] = field(default_factory=set)
    quantities: list[QuantityMention] = field(default_factory=list)
    members: list[int] = field(default_factory=list)  # sentence indexes merged into this event
    trigger_text: str = ""
    definite: bool = False  # "The test launch was conducted ...": an event already told
    sentence_probability: float | None = None  # the sentence model's: its sentence reports this type
    from_rules: bool = False  # a trigger rule proposed it (else the sentence model did)
    sentence_rank: int | None = None  # its type's rank among its sentence's type probabilities
    probability: float | None = None  # the event model's, calibrated: the event is real
    elapsed: tuple[int, str] | None = None  # "ten months after breaking ground": (10, "month")

    @property
    def weight(self) -> float:
        return self.trigger.weight


def _distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    if a[1] <= b[0]:
        return b[0] - a[1]
    if b[1] <= a[0]:
        return a[0] - b[1]
    return 0


def assign_dates(triggers: list[Trigger], dates: list[DateMention]) -> dict[int, list[DateMention]]:
    """Each date goes to the nearest trigger before it in the sentence ("visited X, where work
    began in February" dates the start of work, not the visit); a date that opens the sentence
    ("On June 19, ... signed") goes to the first trigger after it."""
    out: dict[int, list[DateMention]] = {i: [] for i in range(len(triggers))}
    for d in dates:
        before = [i for i, t in enumerate(triggers) if t.end <= d.start]
        if before:
            out[max(before, key=lambda i: triggers[i].end)].append(d)
        elif triggers:
            out[min(range(len(triggers)), key=lambda i: triggers[i].start)].append(d)
    return out


def _pick_date(dates: list[DateMention]) -> str | None:
    events = [d for d in dates if d.role == "event" and not d.future]
    if not events:
        return None
    return max(events, key=lambda d: len(d.value)).value


_FACILITY_STOP = re.compile(
    r"\s*(?:,|\.|;|:|\bon\b|\bin (?:19|20)\d\d|\bwhere\b|\bwhich\b|\bthat\b|\bwho\b|\bafter\b|"
    r"\bbefore\b|\bwith\b|\bas\b|\baccording\b|\bfollowing\b|\bamid\b|\bto (?!the)\b|\bby\b|"
    r"\band (?:gave|made|met|received|called|said|stressed|ordered|toured)\b|\bwas\b|\bwere\b|\bhas\b|"
    r"\bhad\b|\bis\b|\bare\b|\blast\b|\bthis\b|\bnext\b|\bfrom\b|\(|$)",
    re.I)
_FACILITY_LEAD = re.compile(
    r"^\s*(?:(?:of|for|at|to|over|on|in|into)\s+)?(?:(?:the|a|an|its|his|their|several|some)\s+)?", re.I)


def noun_phrase_after(text: str, pos: int, end: int, heads: re.Pattern[str],
                      limit: int = 90) -> str | None:
    """A short noun phrase after a trigger: "inauguration ceremony of [the regional-industry
    factories]". Heuristic, used only where no pack name is found; it must end in a word that
    names a facility, project, system or vessel (pack lexicon `facility_heads`)."""
    window = text[pos : min(end, pos + limit)]
    lead = _FACILITY_LEAD.match(window)
    rest = window[lead.end() :] if lead else window
    stop = _FACILITY_STOP.search(rest)
    phrase = rest[: stop.start()] if stop else rest
    phrase = phrase.strip(" \"“”'’-")
    if re.match(r"(?i)(?:it|them|this|that|these|those|him|her)\b", phrase):
        return None
    last = None
    for m in heads.finditer(phrase):
        last = m
    if last is None or len(phrase.split()) > 12:
        return None
    phrase = phrase[: last.end()].strip()
    if _DEFINITE_GENERIC.search(phrase):  # "various sections of the factory": the one told before
        return None
    return phrase


_TAKING_PART = re.compile(
    r"\b(?:ambassador|delegation|visiting|attended|present|guests?|jointly|together with|"
    r"with (?:the )?(?:help|support|assistance)|signed|agreed|summit|talks|cooperation|co-chair\w*)\b", re.I)
_ATTENDING = re.compile(r"\b(?:attended|cut (?:the )?(?:ribbon|tape)|presided)\b", re.I)
_SUBORDINATE = re.compile(r",\s*(?:where|which)\b|\bthe (?:sites?|area) where\b", re.I)


_DEFINITE_GENERIC = re.compile(
    r"\b(?:the|its|this|that)\s+(?:factory|plant|site|complex|enterprise|mill|facility|farm|station|"
    r"shipyard|dockyard|project|mine|hospital|resort|zone|city|county|area)$", re.I)


_POSSESSIVE = re.compile(r"[’']s\b")


class Attacher:
    """Builds candidates for one document; holds the per-document lookups the rules share.

    Who is named where is computed once per document (one pass of each pattern over the
    text), so the per-sentence questions below are lookups, not regex scans.
    """

    def __init__(self, state: DocState, leader_re: re.Pattern[str], others_re: re.Pattern[str],
                 pronoun_re: re.Pattern[str], heads: re.Pattern[str], presence_re: re.Pattern[str],
                 chairs_re: re.Pattern[str]) -> None:
        """The patterns come from the pack (lexicons/people.yaml, facility_heads.yaml): the
        leader, other actors, the pronoun, facility head nouns, the possessive that puts the
        leader at an event ("Kim's visit") and the meetings he chairs."""
        self.state = state
        self.heads = heads
        self.chairs_re = chairs_re
        self.text = state.doc.text
        self.leader_re = leader_re
        self.others_re = others_re
        self._starts: dict[int, list[int]] = {}
        sentence_starts = [x.start for x in state.sentences]
        n = len(state.sentences)
        self.leader_named = [False] * n  # named, not as a possessive
        self.leader_present_word = [False] * n  # "Kim's visit"
        self.leader_anywhere = [False] * n
        for m in self.leader_matches(self.text):
            i = bisect_left(sentence_starts, m.start() + 1) - 1
            if i < 0 or m.start() >= state.sentences[i].end:
                continue
            self.leader_anywhere[i] = True
            after = self.text[m.end() : m.end() + 22]
            if not _POSSESSIVE.match(after):
                self.leader_named[i] = True
            elif presence_re.match(after):
                self.leader_present_word[i] = True
        self._pronoun_re = pronoun_re
        self._others: dict[int, bool] = {}
        self._pronoun: dict[int, bool] = {}
        self._named: list[Mention] | None = None

    def leader_matches(self, text: str) -> list[re.Match[str]]:
        """Matches of the leader pattern that start a word ("Kim", not "Ekim" or "-Kim")."""
        return [m for m in self.leader_re.finditer(text)
                if m.start() == 0 or not (text[m.start() - 1].isalnum() or text[m.start() - 1] in "_-")]

    def others(self, index: int) -> bool:
        """Someone else (a premier, an official, a delegation) acts in sentence `index`."""
        if index not in self._others:
            self._others[index] = bool(self.others_re.search(self.state.sentences[index].text))
        return self._others[index]

    def pronoun(self, index: int) -> bool:
        if index not in self._pronoun:
            self._pronoun[index] = bool(self._pronoun_re.search(self.state.sentences[index].text))
        return self._pronoun[index]

    def named(self) -> list[Mention]:
        """Facility and system mentions of the document (built once)."""
        if self._named is None:
            self._named = [m for m in self.state.mentions if m.kind in ("facility", "system")]
        return self._named

    def by_sentence(self, items: list[Any], sentence: Sentence) -> list[Any]:
        """Items (sorted by start) that begin inside the sentence."""
        starts = self._starts.get(id(items))
        if starts is None or len(starts) != len(items):
            starts = [x.start for x in items]
            self._starts[id(items)] = starts
        return items[bisect_left(starts, sentence.start) : bisect_left(starts, sentence.end)]

    def leader_in(self, index: int) -> bool:
        """The leader takes part in what sentence `index` reports, by name or as "he"."""
        if self.leader_named[index] or self.leader_present_word[index]:
            return True
        if self.pronoun(index) and not self.others(index):
            return self.subject_before(index)
        return False

    def document_partners(self) -> set[str]:
        """The foreign state the document names most: the other party to an agreement."""
        counts: dict[str, int] = {}
        for m in self.state.mentions:
            if m.kind == "partner":
                counts[m.entity_id] = counts.get(m.entity_id, 0) + 1
        return {max(counts, key=lambda k: counts[k])} if counts else set()

    def leader_named_in(self, index: int) -> bool:
        """The leader is named (not as a possessive) in sentence `index`."""
        return self.leader_named[index]

    def leader_in_clause(self, sentence: Sentence, trig: Trigger) -> bool:
        """False when the trigger sits in a relative clause that does not name the leader:
        "Kim visited the sites, where work began in February" (work began without him)."""
        head = sentence.text[: trig.start - sentence.start]
        starts = [m.start() for m in _SUBORDINATE.finditer(head)]
        if not starts:
            return True
        clause = sentence.text[starts[-1] : trig.end - sentence.start]
        return bool(self.leader_matches(clause) or _HE.search(clause))

    def subject_before(self, index: int) -> bool:
        """Is the most recent actor before sentence `index` the leader?"""
        for j in range(index - 1, max(-1, index - 4), -1):
            if self.others(j) and not self.leader_anywhere[j]:
                return False
            if self.leader_anywhere[j]:
                return True
        return False


_HE = re.compile(r"\b(?:he|his)\b")


@dataclass
class SentenceView:
    """What the rules read of one sentence: its triggers and what lies in it."""

    index: int
    sentence: Sentence
    triggers: list[Trigger]
    dates: list[DateMention]
    assigned: dict[int, list[DateMention]]
    mentions: list[Mention]
    quantities: list[QuantityMention]
    leader: bool
    taking_part: bool  # the sentence says someone attended, signed, was present ...


def _view(state: DocState, attacher: Attacher, index: int, triggers: list[Trigger]) -> SentenceView:
    sentence = state.sentences[index]
    # "the February 8 Vinalon Complex": a date inside a name dates nothing
    names_here = attacher.by_sentence(attacher.named(), sentence)
    dates = [d for d in attacher.by_sentence(state.dates, sentence)
             if not any(n.start <= d.start and d.end <= n.end for n in names_here)]
    return SentenceView(index, sentence, triggers, dates,
                        assign_dates(triggers, [d for d in dates if d.role == "event"]),
                        attacher.by_sentence(state.mentions, sentence),
                        attacher.by_sentence(state.quantities, sentence),
                        attacher.leader_in(index), bool(_TAKING_PART.search(sentence.text)))


def candidates_at(state: DocState, attacher: Attacher, index: int, event_type: str,
                  anchor: tuple[int, int]) -> list[Candidate]:
    """Events of `event_type` read from sentence `index` around the words at `anchor`, for a
    sentence that the learned stage says reports one where no trigger rule fired. The rules'
    own attachment (date, place, names, leader, partners, one per county) does the rest."""
    trig = Trigger(anchor[0], anchor[1], event_type, index, 0.5, event_type == "plan")
    view = _view(state, attacher, index, [trig])
    cand = _candidate(event_type, trig, view.assigned[0], view, attacher)
    if cand is None:
        return []
    # No trigger words to stand after: every county the sentence lists counts.
    whole = replace(trig, start=view.sentence.start, end=view.sentence.start)
    found = _one_per_county(cand, whole, view, attacher)
    _date_elapsed(found)
    return found


def build_candidates(state: DocState, attacher: Attacher) -> list[Candidate]:
    candidates: list[Candidate] = []
    by_sentence: dict[int, list[Trigger]] = {}
    for t in state.triggers:
        by_sentence.setdefault(t.sentence, []).append(t)
    exhibition_told = False
    for index, sentence in enumerate(state.sentences):
        triggers = by_sentence.get(index)
        if not triggers:
            continue
        view = _view(state, attacher, index, triggers)
        first_new = len(candidates)
        for i, trig in enumerate(triggers):
            event_type = _reading(trig)
            if event_type is None or _not_reported(event_type, trig, view.assigned[i], view, state,
                                                  attacher, exhibition_told):
                continue
            cand = _candidate(event_type, trig, view.assigned[i], view, attacher)
            if cand is not None:
                candidates.extend(_one_per_county(cand, trig, view, attacher))
        _date_elapsed([c for c in candidates[first_new:] if c.sentence == index])
        exhibition_told = exhibition_told or any(c.type == "exhibition" for c in candidates[first_new:])
    return candidates


def _reading(trig: Trigger) -> str | None:
    """The event type a trigger reports, read with its modality; None when it reports none."""
    if trig.planned and trig.type in PLANNABLE:
        return "plan"
    if trig.planned and trig.type != "plan":
        return None
    return trig.type


def _not_reported(event_type: str, trig: Trigger, own: list[DateMention], view: SentenceView,
                  state: DocState, attacher: Attacher, exhibition_told: bool) -> bool:
    """Mentions that name an event without reporting one (each rule says which)."""
    text, sentence, mentions = attacher.text, view.sentence, view.mentions
    if event_type == "meeting" and not own and not _convened(text, trig, sentence):
        return True  # "the decisions of the Plenary Meeting": named, not reported
    if event_type == "inspection" and not own and _CEREMONY.search(sentence.text):
        return True  # guests touring the new plant once the ceremony is over
    if event_type == "vessel_launch" and not _about_a_vessel(state, view.index, mentions):
        return True  # the launch of a satellite, a bridge project or a campaign
    if (event_type == "construction_start" and not own
            and any(t.type == "completion" for t in view.triggers)
            and not _elapsed_before(text, sentence.start, trig.start)):
        return True  # an opening that recalls when ground was broken: background
    if (event_type in _PER_PLACE and not any("/" in m.entity_id for m in mentions if m.kind == "place")
            and any(q.unit == "county" and q.value >= 2 for q in view.quantities)):
        return True  # "plants now stand in 30-odd counties": a running total
    if (event_type == "completion" and "opening" in text[trig.start:trig.end].lower()
            and exhibition_told and not any(m.kind == "facility" for m in mentions)):
        return True  # "the opening ceremony" of the exhibition told before
    return False


def _candidate(event_type: str, trig: Trigger, own: list[DateMention], view: SentenceView,
               attacher: Attacher) -> Candidate | None:
    """A candidate event with what its own sentence says: date, names, leader, partners."""
    sentence, index, text = view.sentence, view.index, attacher.text
    cand = Candidate(event_type, trig, index, (sentence.start, sentence.end))
    cand.trigger_text = text[trig.start : trig.end]
    cand.definite = bool(_DEFINITE.fullmatch(text[sentence.start : trig.start]))
    cand.elapsed = _elapsed_before(text, sentence.start, trig.start)
    if event_type == "plan":
        past = [d for d in own if not d.future]
        future = [d for d in own if d.future] or [d for d in view.dates if d.future]
        cand.date = _pick_date(past)
        cand.deadline = max(future, key=lambda d: len(d.value)).value if future else None
    else:
        cand.date = _pick_date(own)
    reports = [d for d in view.dates if d.role == "report"]
    cand.report_date = reports[0].value if reports else None
    _attach_names(cand, trig, view.mentions, attacher)
    if (event_type == "inspection" and not view.leader and _WEAK_VISIT.search(cand.trigger_text)
            and not (attacher.others(index) and cand.facility)):
        return None  # residents going round a hospital, a delegation's visit: not inspections
    cand.leader = view.leader and attacher.leader_in_clause(sentence, trig)
    if event_type == "plan" and not cand.leader and index > 0:
        cand.leader = attacher.leader_named_in(index - 1)
    if event_type == "production":
        cand.leader = cand.leader and bool(_ATTENDING.search(sentence.text))
    if event_type == "meeting" and not cand.leader and attacher.chairs_re.search(cand.trigger_text):
        cand.leader = any(attacher.leader_named)  # the leader chairs such meetings (people.yaml)
    # A foreign state named in passing ("amid Russia ties") is not a party to the event.
    cand.partners = _partners(event_type, trig, view.mentions, view.taking_part)
    if event_type == "agreement" and not cand.partners:
        cand.partners = attacher.document_partners()
    cand.quantities = list(view.quantities)
    cand.members = [index]
    return cand


def _one_per_county(cand: Candidate, trig: Trigger, view: SentenceView,
                    attacher: Attacher) -> list[Candidate]:
    """One event per place: a ceremony told for several listed counties is several events;
    one per facility: results told for several named enterprises are several events."""
    if cand.type in _PER_FACILITY:
        return _one_per_facility(cand, view, attacher)
    listed = _listed_counties(trig, view.mentions, view.sentence) if cand.type in _PER_PLACE else []
    if not listed:
        return [cand]
    # the facility named nearest is at most one county's
    cand.facility_id = cand.facility_kind = None
    cand.facility = noun_phrase_after(attacher.text, trig.end, view.sentence.end, attacher.heads)
    cand.place = listed[0]
    return [cand] + [replace(cand, place=county, partners=set(cand.partners),
                             quantities=list(cand.quantities), members=[view.index])
                     for county in listed[1:]]


_PER_FACILITY = {"production"}
_CAPITALISED_WORD = re.compile(r"[A-Z][\w'’.-]*")


def _named_facilities(view: SentenceView, attacher: Attacher) -> list[tuple[int, int, str]]:
    """Names in the sentence that end in a capitalised facility head ("the Chongjin Steel
    Plant", "February 8 Vinalon Complex"): the capitalised words (or numbers) before the head."""
    text, sentence = attacher.text, view.sentence
    found: list[tuple[int, int, str]] = []
    for m in attacher.heads.finditer(text, sentence.start, sentence.end):
        if not text[m.start()].isupper():
            continue
        start = m.start()
        words = text[sentence.start : m.start()].split(" ")
        taken = 0
        for word in reversed(words[:-1] if words and words[-1] == "" else words):
            if word and (_CAPITALISED_WORD.fullmatch(word) or word.isdigit()):
                taken += len(word) + 1
            else:
                break
        if taken:
            start = m.start() - taken
            lead = re.match(r"(?:The|A|An|This|Its)\s+", text[start : m.end()])
            start += lead.end() if lead else 0
            if start < m.start():
                found.append((start, m.end(), text[start : m.end()].strip()))
    return found


def _one_per_facility(cand: Candidate, view: SentenceView, attacher: Attacher) -> list[Candidate]:
    names = _named_facilities(view, attacher)
    if len({name for _, _, name in names}) < 2:
        return [cand]
    out = []
    for start, end, name in names:
        inside = [m for m in view.mentions if m.kind == "place" and start <= m.start < end]
        out.append(replace(cand, facility=name, facility_id=None, facility_kind=None,
                           place=inside[0] if inside else None, partners=set(cand.partners),
                           quantities=list(cand.quantities), members=[view.index]))
    return out


_DEFINITE = re.compile(r"\W*(?:The|This|That|Its)\s+(?:\w+\s+)?")


_WEAK_VISIT = re.compile(r"visit|tour|round", re.I)
_CONVENED = re.compile(
    r"\b(?:held|convened|convenes|opened|opens|open|took place|closed|concluded|conclusion|met (?:in|on|at|for)|"
    r"gathered|underway|under way|in session|report on|reports on|attended|wrapped up|wraps up|"
    r"kicked off|kicks off|convening)\b", re.I)
_CEREMONY = re.compile(r"\b(?:ceremony|inauguration|inaugural)\b", re.I)


def _convened(text: str, trig: Trigger, sentence: Sentence) -> bool:
    """A meeting is reported when the text says it met: a convening word close to its name."""
    window = text[max(sentence.start, trig.start - 60) : min(sentence.end, trig.end + 60)]
    return bool(_CONVENED.search(window))


_PER_PLACE = {"completion", "construction_start"}


def _listed_counties(trig: Trigger, mentions: list[Mention], sentence: Sentence) -> list[Mention]:
    """"Ceremonies took place ... in Jaeryong County, Unpha County and Kyongsong County": each
    county is its own event (one event per place). Only counties after the trigger count."""
    after = [m for m in mentions if m.kind == "place" and "/" in m.entity_id and m.start >= trig.end]
    distinct: dict[str, Mention] = {}
    for m in after:
        distinct.setdefault(m.entity_id, m)
    return list(distinct.values()) if len(distinct) >= 2 else []


_VESSEL = re.compile(r"\b(?:destroyers?|warships?|submarines?|frigates?|corvettes?|ships?|vessels?|"
                     r"boats?|navy|naval)\b", re.I)


def _about_a_vessel(state: DocState, index: int, mentions: list[Mention]) -> bool:
    """A launch is a vessel launch only in a sentence about a ship, or a few after one."""
    if any(m.kind == "system" for m in mentions):
        return True
    near = state.sentences[max(0, index - 3) : index + 1]
    return any(_VESSEL.search(s.text) for s in near)


def _date_elapsed(in_sentence: list[Candidate]) -> None:
    """Date "ten months after breaking ground" from the event it is counted back from."""
    anchor = next((c.date for c in in_sentence if c.date and not c.elapsed), None)
    for cand in in_sentence:
        if cand.elapsed and anchor:
            cand.date = shift_back(anchor, *cand.elapsed)


def shift_back(value: str, n: int, unit: str) -> str:
    year = int(value[:4])
    month = int(value[5:7]) if len(value) >= 7 else None
    if unit == "year":
        return str(year - n)
    if unit == "month" and month is not None:
        total = year * 12 + month - 1 - n
        return f"{total // 12:04d}-{total % 12 + 1:02d}"
    if unit == "day" and len(value) == 10:
        from datetime import date, timedelta

        return (date.fromisoformat(value) - timedelta(days=n)).isoformat()[:7]
    return str(year)


_ELAPSED = re.compile(
    r"(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(?:-odd)?\s+"
    r"(?P<unit>day|month|year)s?\s+(?:after|since)\s+(?:the\s+)?(?:first\s+)?(?:\w+\s+){0,4}$", re.I)
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}


def _elapsed_before(text: str, floor: int, start: int) -> tuple[int, str] | None:
    m = _ELAPSED.search(text[max(floor, start - 70) : start])
    if not m:
        return None
    n = m.group("n").lower()
    return (int(n) if n.isdigit() else _NUMBER_WORDS[n], m.group("unit").lower())


def _partners(event_type: str, trig: Trigger, mentions: list[Mention], taking_part: bool) -> set[str]:
    """Foreign states taking part: every one named for an agreement; for other events one named
    as the actor just before the trigger, or near it where the sentence says it took part; the
    country of a foreign place a plan or agreement names (a train to Moscow)."""
    states = [m for m in mentions if m.kind == "partner"]
    if event_type == "agreement":
        found = {m.entity_id for m in states}
    else:
        near = 120 if taking_part else 0
        found = {m.entity_id for m in states
                 if 0 <= trig.start - m.end <= 40 or _distance((trig.start, trig.end), (m.start, m.end)) <= near}
    if event_type in ("agreement", "plan"):
        found |= {m.entity_id for m in mentions if m.kind == "foreign_place"}
    return found


def _nearest(trig: Trigger, mentions: list[Mention]) -> Mention | None:
    if not mentions:
        return None
    return min(mentions, key=lambda m: _distance((trig.start, trig.end), (m.start, m.end)))


def _attach_names(cand: Candidate, trig: Trigger, mentions: list[Mention], attacher: Attacher) -> None:
    places = [m for m in mentions if m.kind in ("place", "foreign_place")]
    named = [m for m in mentions if m.kind in ("facility", "system")]
    if cand.type in ("plan", "meeting"):
        named += [m for m in mentions if m.kind == "programme"]
    cand.place = _best_place(trig, places)
    if trig.names_facility:
        cand.facility = attacher.text[trig.start : trig.end].strip()
        return
    hit = _nearest(trig, named)
    if hit is not None:
        cand.facility, cand.facility_id, cand.facility_kind = hit.surface, hit.entity_id, hit.kind
    else:
        sentence = attacher.state.sentences[cand.sentence]
        cand.facility = noun_phrase_after(attacher.text, trig.end, sentence.end, attacher.heads)


def _best_place(trig: Trigger, places: list[Mention]) -> Mention | None:
    """The most specific place nearest the trigger: a county beats its province."""
    if not places:
        return None
    counties = [m for m in places if m.kind == "place" and "/" in m.entity_id]
    pool = counties or places
    return _nearest(trig, pool)


_SPEAKING = re.compile(r"\b(?:delivered|made|gave) (?:a |an |his )?(?:\w+ )?(?:speech|address|report)|"
                       r"\baddressed\b|\bspoke\b|\bpresided\b|\battended\b|\bobserved\b|"
                       r"\boversaw\b|\bwatched\b|\bsupervised\b", re.I)
REFER_BACK = 40
_REFERS = re.compile(r"^\W*(?:the|this|that|its|at the)\s+(\w+)", re.I)


def attach_orphans(state: DocState, candidates: list[Candidate], attacher: Attacher) -> None:
    """Numbers, attendees and speeches told in a sentence with no trigger of its own belong to
    the event told just before ("... can host up to 20,000 guests"; "Also present were ...";
    "The congress, attended by 5,000 members, ...")."""
    if not candidates:
        return
    with_trigger = {c.sentence for c in candidates}
    in_order = sorted(candidates, key=lambda c: c.sentence)  # stable: ties keep their order
    seen = 0  # in_order[:seen] lie before the sentence at hand
    last: Candidate | None = None  # the first candidate of the latest sentence before it
    for index, sentence in enumerate(state.sentences):
        while seen < len(in_order) and in_order[seen].sentence < index:
            if last is None or in_order[seen].sentence != last.sentence:
                last = in_order[seen]
            seen += 1
        if index in with_trigger:
            continue
        target = last
        referred = _referred(sentence.text, in_order, seen)
        if referred is not None:
            target = referred
        elif target is None or index - target.sentence > 3:
            continue
        target.quantities.extend(attacher.by_sentence(state.quantities, sentence))
        if re.search(r"\b(?:present|attended|accompanied|invited|guests?|on hand)\b", sentence.text, re.I):
            target.partners |= {m.entity_id for m in attacher.by_sentence(state.mentions, sentence)
                                if m.kind == "partner"}
        if _SPEAKING.search(sentence.text) and attacher.leader_named_in(index):
            target.leader = True


def _referred(text: str, in_order: list[Candidate], seen: int) -> Candidate | None:
    """"The congress ..." refers back to the last event (of in_order[:seen]) whose trigger or
    name has that word."""
    m = _REFERS.match(text)
    if not m:
        return None
    word = m.group(1).lower()
    if len(word) < 4:
        return None
    # Newest sentence first, in reading order within one sentence; a reference reaches back
    # REFER_BACK sentences at most, which keeps very long texts linear.
    first = seen
    while first > 0 and in_order[first - 1].sentence >= in_order[seen - 1].sentence - REFER_BACK:
        first -= 1
    for cand in sorted(in_order[first:seen], key=lambda c: -c.sentence):
        if word in (cand.trigger_text + " " + (cand.facility or "")).lower():
            return cand
    return None
