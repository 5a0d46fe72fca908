"""Merge events across documents: many reports, one real-world event.

    clusters = merge_reports(reports, pack)      # one cluster id per report, in order
    why = explain(a, b, pack)                    # the reasons two reports were (not) joined

A *report* is one document's event (the contract's fields, the document's publisher and date,
and the evidence sentence). Reports are compared only within blocks (same type; dates that can
be the same day: intervals at each report's precision, a little slack for "on Monday" retold a
day late), so the work grows with the number of reports, not its square. Within a block, a pair
scores by what the reports state: dates, places at any level, the record each names (resolved by
`nkwatch.resolve.entities`), partners, quantities, the leader's presence and the words of the
two sentences. Clusters grow by average linkage: two clusters join when the mean score of every
pair across them clears the threshold and no pair across them conflicts (two counties, two
vessels, two days). Reports of one document never share a cluster.

The weights live in `merge_weights.json` beside this module (`make train` fits them on the
corpus's gold clusters, eval/corpus/clusters.jsonl; docs/merging.md gives the scores).
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

WEIGHTS_FILE = Path(__file__).with_name("merge_weights.json")
SLACK_DAYS = 2  # a report dated a day or two off the occasion ("on Monday", time zones)
MAX_CROSS = 1024  # pairs across two clusters worth averaging: 32 reports of one event by 32
COMMON_TAG = 64  # a tag shared by more reports of a type and year than this tells nothing
_WORD = re.compile(r"[a-z][a-z0-9-]+")
_STOP = frozenset("""a an the of and or in on at to for by with from as is was were be been has
have had that this these those it its their his her he she they we said says say according
north korea korean korea's dprk kcna yonhap state media reported report news agency also which
who will would new on".""".split())


@dataclass(frozen=True)
class Report:
    """One document's event, with what merging reads."""

    key: tuple[str, int]  # (document id, index of the event in its document)
    type: str
    date: str | None
    place: dict[str, Any] | None
    facility: str | None
    records: tuple[tuple[str, str], ...]  # (role, pack record id): its facility and/or system
    partners: tuple[str, ...] = ()
    quantities: tuple[tuple[float, str], ...] = ()
    leader: bool = False
    words: frozenset[str] = frozenset()  # content words of the evidence sentence
    publisher: str | None = None
    published: str | None = None

    @property
    def doc(self) -> str:
        return self.key[0]


@dataclass(frozen=True)
class Span:
    start: date
    end: date
    precision: str  # day | month | year


@lru_cache(maxsize=1 << 16)
def span(value: str | None) -> Span | None:
    """The days a date at its precision may mean: 2024-02 is the whole of February."""
    if not value:
        return None
    try:
        parts = [int(p) for p in value.split("-")]
        if len(parts) == 3:
            d = date(*parts)
            return Span(d, d, "day")
        if len(parts) == 2:
            start = date(parts[0], parts[1], 1)
            nxt = date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
            return Span(start, nxt - timedelta(days=1), "month")
        return Span(date(parts[0], 1, 1), date(parts[0], 12, 31), "year")
    except (ValueError, TypeError):
        return None


def report_from_event(doc_id: str, index: int, event: dict[str, Any], doc: dict[str, Any] | None,
                      records: tuple[tuple[str, str], ...] = ()) -> Report:
    """A gold-format (or extracted) event as a Report; the sentence comes from its document."""
    text = (doc or {}).get("text") or ""
    start, end = (event.get("evidence") or [0, 0])[:2]
    sentence = text[start:end] if text else ""
    return Report(
        key=(doc_id, index), type=event["type"], date=event.get("date"),
        place=event.get("place"), facility=event.get("facility"), records=records,
        partners=tuple(sorted(event.get("partners") or ())),
        quantities=tuple((float(q["value"]), str(q["unit"])) for q in event.get("quantities") or ()
                         if isinstance(q, dict) and isinstance(q.get("value"), (int, float))),
        leader=bool(event.get("leader_present")),
        words=content_words(sentence),
        publisher=(doc or {}).get("publisher"), published=(doc or {}).get("published"))


def content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 2)


@lru_cache(maxsize=1 << 16)
def _facility_words(text: str | None) -> frozenset[str]:
    return content_words(text or "")


# -- pair features ---------------------------------------------------------------------------

FEATURES = ("bias", "same_day", "date_within_month", "date_loose", "date_far", "same_county",
            "same_province", "place_conflict", "place_missing", "same_record", "record_conflict",
            "facility_words", "partners_same", "partners_conflict", "quantity_same", "leader_both",
            "leader_differs", "sentence_cosine", "same_publisher")


def features(a: Report, b: Report) -> dict[str, float]:
    f: dict[str, float] = {"bias": 1.0}
    sa, sb = span(a.date), span(b.date)
    if sa and sb:
        gap = max((sb.start - sa.end).days, (sa.start - sb.end).days, 0)
        if sa.precision == sb.precision == "day":
            f["same_day"] = 1.0 if gap == 0 else 0.0
            f["date_far"] = min(gap, 30) / 30 if gap > SLACK_DAYS else 0.0
        elif gap == 0 and "year" not in (sa.precision, sb.precision):
            f["date_within_month"] = 1.0
        elif gap == 0:
            f["date_loose"] = 1.0
        else:
            f["date_far"] = min(gap, 30) / 30
    else:
        f["date_loose"] = 1.0
    pa, pb = a.place or {}, b.place or {}
    if pa.get("country") or pb.get("country"):
        if pa.get("country") and pb.get("country") and pa.get("country") != pb.get("country"):
            f["place_conflict"] = 1.0
    elif pa and pb:
        if pa.get("county") and pb.get("county"):
            f["same_county" if pa["county"] == pb["county"] else "place_conflict"] = 1.0
        elif pa.get("province") and pb.get("province"):
            f["same_province" if pa["province"] == pb["province"] else "place_conflict"] = 1.0
    else:
        f["place_missing"] = 1.0
    if a.records and b.records:
        ids_a, ids_b = {r for _, r in a.records}, {r for _, r in b.records}
        if ids_a & ids_b:
            f["same_record"] = 1.0
        elif dict(a.records).keys() & dict(b.records).keys():  # both name a facility (or a system)
            f["record_conflict"] = 1.0
    fa, fb = _facility_words(a.facility), _facility_words(b.facility)
    if fa and fb:
        f["facility_words"] = len(fa & fb) / len(fa | fb)
    if a.partners and b.partners:
        f["partners_same" if set(a.partners) & set(b.partners) else "partners_conflict"] = 1.0
    if a.quantities and b.quantities and set(a.quantities) & set(b.quantities):
        f["quantity_same"] = 1.0
    if a.leader and b.leader:
        f["leader_both"] = 1.0
    elif a.leader != b.leader:
        f["leader_differs"] = 1.0
    if a.words and b.words:
        f["sentence_cosine"] = len(a.words & b.words) / math.sqrt(len(a.words) * len(b.words))
    if a.publisher and a.publisher == b.publisher:
        f["same_publisher"] = 1.0
    return f


# A conflict that no agreement outweighs: two named records, two counties, two days apart.
def conflicts(f: dict[str, float]) -> list[str]:
    found = []
    if f.get("record_conflict"):
        found.append("they name different records")
    if f.get("place_conflict"):
        found.append("their places differ")
    if f.get("date_far", 0.0) >= 0.2:
        found.append("their dates are days apart")
    if f.get("partners_conflict"):
        found.append("their partners differ")
    return found


@dataclass(frozen=True)
class Weights:
    weights: dict[str, float]
    threshold: float  # probability two clusters' mean pair must reach to join
    trained: str = ""  # what fitted them (written by training)

    def probability(self, f: dict[str, float]) -> float:
        score = sum(self.weights.get(k, 0.0) * v for k, v in f.items())
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, score))))


# Hand-set starting weights, used until `make train` writes merge_weights.json.
DEFAULT = Weights({"bias": -2.0, "same_day": 2.5, "date_within_month": 1.0, "date_loose": 0.3,
                   "date_far": -4.0, "same_county": 1.5, "same_province": 0.6,
                   "place_conflict": -4.0, "same_record": 2.5, "record_conflict": -4.0,
                   "facility_words": 1.5, "partners_same": 0.8, "partners_conflict": -3.0,
                   "quantity_same": 1.0, "leader_both": 0.3, "leader_differs": -0.5,
                   "sentence_cosine": 3.0, "same_publisher": -0.3}, 0.5, "hand-set")


@lru_cache(maxsize=1)
def shipped_weights() -> Weights:
    if not WEIGHTS_FILE.exists():
        return DEFAULT
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    return Weights(dict(data["weights"]), float(data["threshold"]), str(data.get("trained", "")))


# -- blocking and clustering -------------------------------------------------------------------

def candidate_pairs(reports: Sequence[Report]) -> list[tuple[int, int]]:
    """Pairs that could be one event: same type, different documents, dates that can meet.

    Reports dated to the day or month are swept in date order with a window; where the window
    holds many reports (a month of a busy type), only those sharing a place, a record or an
    uncommon facility word with the newcomer are paired. A report dated only to its year (or
    not at all) is paired with its type and year's reports that share such a tag. So the work
    grows with the reports, never with their square."""
    by_type: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(reports):
        by_type[r.type].append(i)
    pairs: list[tuple[int, int]] = []
    for members in by_type.values():
        counts: dict[str, int] = defaultdict(int)
        for i in members:
            for tag in _tags(reports[i]):
                counts[tag] += 1
        common = {t for t, n in counts.items() if n > COMMON_TAG}
        tags = {i: _tags(reports[i]) - common for i in members}
        dated = []
        loose: dict[str, list[int]] = defaultdict(list)
        for i in members:
            s = span(reports[i].date)
            if s is not None and s.precision != "year":
                dated.append((s.start - timedelta(days=SLACK_DAYS), s.end + timedelta(days=SLACK_DAYS), i))
            else:
                loose[(reports[i].date or reports[i].published or "")[:4]].append(i)
        dated.sort()
        active: list[tuple[date, int]] = []
        for start, end, i in dated:
            active = [(e, j) for e, j in active if e >= start]
            crowded = len(active) > COMMON_TAG
            pairs.extend((j, i) for _e, j in active if reports[j].doc != reports[i].doc
                         and (not crowded or tags[i] & tags[j]))
            active.append((end, i))
        by_year: dict[str, list[int]] = defaultdict(list)
        for _s, _e, i in dated:
            by_year[reports[i].date[:4]].append(i)  # type: ignore[index]
        for year, vague in loose.items():
            index: dict[str, set[int]] = defaultdict(set)
            for j in by_year.get(year, []) + vague:
                for tag in tags[j]:
                    index[tag].add(j)
            seen: set[int] = set()
            for i in vague:
                near = set().union(*(index[t] for t in tags[i])) if tags[i] else set()
                for j in sorted(near - {i} - seen):
                    if reports[j].doc != reports[i].doc:
                        pairs.append((min(i, j), max(i, j)))
                seen.add(i)
    return sorted(set(pairs))


def _tags(r: Report) -> set[str]:
    tags: set[str] = set()
    tags.update("e:" + record for _, record in r.records)
    place = r.place or {}
    for k in ("county", "province", "country"):
        if place.get(k):
            tags.add(f"p:{place[k]}")
            break
    tags.update("w:" + w for w in content_words(r.facility or ""))
    return tags


@dataclass
class Merged:
    clusters: list[int]  # cluster number per report
    reasons: dict[tuple[int, int], tuple[float, list[str]]] = field(default_factory=dict)


def merge_reports(reports: Sequence[Report], weights: Weights | None = None, *,
                  together: Sequence[set[int]] = (), apart: set[tuple[int, int]] | None = None
                  ) -> Merged:
    """Average-linkage clustering over the blocked pairs; returns a cluster number per report
    and, for every join made, the probability and reasons of the pair that carried it.

    `together`: groups of reports an analyst merged (they start as one cluster); `apart`: pairs
    (i < j) an analyst split (their clusters never join)."""
    weights = weights or shipped_weights()
    scored: dict[tuple[int, int], float] = {}
    blocked: set[tuple[int, int]] = set(apart or ())
    for i, j in candidate_pairs(reports):
        f = features(reports[i], reports[j])
        if conflicts(f):
            blocked.add((i, j))
            continue
        scored[(i, j)] = weights.probability(f)
    parent = list(range(len(reports)))
    members: dict[int, set[int]] = {i: {i} for i in range(len(reports))}
    docs: dict[int, set[str]] = {i: {r.doc} for i, r in enumerate(reports)}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    merged = Merged([])
    for group in together:
        first, *rest = sorted(group)
        for other in rest:
            ri, rj = root(first), root(other)
            if ri != rj:
                parent[rj] = ri
                members[ri] |= members.pop(rj)
                docs[ri] |= docs.pop(rj)
                merged.reasons[(first, other)] = (1.0, ["merged by an analyst"])
    for (i, j), p in sorted(scored.items(), key=lambda kv: (-kv[1], kv[0])):
        if p < weights.threshold:
            break
        ri, rj = root(i), root(j)
        if ri == rj or docs[ri] & docs[rj]:
            continue
        if len(members[ri]) * len(members[rj]) > MAX_CROSS:
            continue  # a cluster of hundreds is a blocking accident, not one occasion
        cross = [(min(x, y), max(x, y)) for x in members[ri] for y in members[rj]]
        if any(c in blocked for c in cross):
            continue
        mean = sum(scored.get(c, 0.0) for c in cross) / len(cross)
        if mean < weights.threshold:
            continue
        parent[rj] = ri
        members[ri] |= members.pop(rj)
        docs[ri] |= docs.pop(rj)
        merged.reasons[(i, j)] = (p, reasons(features(reports[i], reports[j])))
    merged.clusters = [root(i) for i in range(len(reports))]
    return merged


def reasons(f: dict[str, float]) -> list[str]:
    """The agreements a pair's features record, in words (for `events show`)."""
    said = []
    if f.get("same_day"):
        said.append("same day")
    elif f.get("date_within_month"):
        said.append("dates agree at their precision")
    elif f.get("date_loose"):
        said.append("dates do not contradict")
    if f.get("same_county"):
        said.append("same county")
    elif f.get("same_province"):
        said.append("same province")
    if f.get("same_record"):
        said.append("same facility or system")
    if f.get("facility_words", 0) >= 0.5:
        said.append("facility named alike")
    if f.get("partners_same"):
        said.append("same partner")
    if f.get("quantity_same"):
        said.append("same quantity")
    if f.get("sentence_cosine", 0) >= 0.3:
        said.append(f"sentences alike ({f['sentence_cosine']:.2f})")
    return said
